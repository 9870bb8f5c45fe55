//! Blocks a person reads that are not under a heading: a table row, whose first cell heads
//! the others (a «Вопрос | Ответ» table, a table of centres), and a paragraph labelled
//! «Вопрос:» with the «Ответ:» that follows it.

use super::{BlockSource, Heading, collapse, normalize};
use crate::dom::{Dom, NodeId};

/// How much of a block's text is kept, in bytes (about 1,500 Cyrillic characters).
pub(super) const BODY_BYTES: usize = 3000;

/// The rows and labelled questions among the main content's nodes. The rows of a table
/// headed «Вопрос | Ответ» are questions by their place, whatever their wording.
pub(super) fn rows_and_labels(dom: &Dom, main: &[NodeId]) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut qa_table: Option<NodeId> = None;
    for &node in main {
        if dom.is(node, "tr") {
            let table = dom.ancestors(node).find(|&a| dom.is(a, "table"));
            if is_qa_header(dom, node) {
                qa_table = table;
                continue;
            }
            if let Some(mut h) = row(dom, node) {
                if table.is_some() && table == qa_table {
                    h.source = BlockSource::Label;
                }
                out.push(h);
            }
        } else if (dom.is(node, "p") || dom.is(node, "div") || dom.is(node, "li"))
            && let Some(q) = labelled_question(dom, node)
        {
            out.push(q);
        }
    }
    out
}

fn block(title: String, body: &str) -> Heading {
    let mut body = normalize(body);
    if body.len() > BODY_BYTES {
        let mut end = BODY_BYTES;
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        body.truncate(end);
    }
    Heading {
        level: 5,
        body_chars: body.chars().count(),
        text: title,
        body,
        source: BlockSource::Row,
    }
}

/// A header row «Вопрос | Ответ».
fn is_qa_header(dom: &Dom, tr: NodeId) -> bool {
    let cells: Vec<String> = dom
        .children(tr)
        .filter(|&c| dom.is(c, "td") || dom.is(c, "th"))
        .map(|c| collapse(&dom.text(c)).to_lowercase())
        .collect();
    cells.len() == 2 && cells[0].starts_with("вопрос") && cells[1].starts_with("ответ")
}

/// A row of two or more cells with text: the first heads the rest.
fn row(dom: &Dom, tr: NodeId) -> Option<Heading> {
    let cells: Vec<String> = dom
        .children(tr)
        .filter(|&c| dom.is(c, "td") || dom.is(c, "th"))
        .map(|c| collapse(&dom.text(c)))
        .filter(|t| !t.is_empty())
        .collect();
    let (title, rest) = cells.split_first()?;
    if rest.is_empty() || title.chars().count() > 300 {
        return None;
    }
    Some(block(title.clone(), &rest.join(" ")))
}

/// «Вопрос: …», answered in the same paragraph after «Ответ:» or in the next one.
fn labelled_question(dom: &Dom, node: NodeId) -> Option<Heading> {
    // Only a paragraph's own text: a wrapper around many paragraphs is not one.
    if dom
        .children(node)
        .any(|c| dom.is(c, "p") || dom.is(c, "div"))
    {
        return None;
    }
    let text = collapse(&dom.text(node));
    let lower = text.to_lowercase();
    let rest = ["вопрос:", "вопрос —", "вопрос -", "в:"]
        .iter()
        .find_map(|l| lower.starts_with(l).then(|| &text[l.len()..]))?;
    let (question, answer) = match rest.to_lowercase().find("ответ:") {
        Some(i) => (
            rest[..i].trim().to_string(),
            rest[i + "ответ:".len()..].to_string(),
        ),
        None => {
            let next = dom
                .parent(node)
                .into_iter()
                .flat_map(|p| dom.children(p))
                .skip_while(|&c| c != node)
                .skip(1)
                .find(|&c| dom.element(c).is_some())?;
            let next_text = collapse(&dom.text(next));
            let lower_next = next_text.to_lowercase();
            let answer = ["ответ:", "ответ —", "ответ -", "о:"]
                .iter()
                .find_map(|l| {
                    lower_next
                        .starts_with(l)
                        .then(|| next_text[l.len()..].to_string())
                })?;
            (rest.trim().to_string(), answer)
        }
    };
    if question.is_empty() || question.chars().count() > 300 {
        return None;
    }
    let mut h = block(question, &answer);
    h.source = BlockSource::Label;
    Some(h)
}
