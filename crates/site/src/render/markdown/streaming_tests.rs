//! The block-at-a-time rendering against the whole page at once: the same pass, the same
//! typography and pulldown-cmark's own writer, over every Markdown file of the repository
//! (the example site, the starter pages, the fixtures) and pages made to stress block edges.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use pulldown_cmark::Parser;

use super::pass::Pass;
use super::*;

/// Every `@/` link of `bodies` resolves, to a URL made from its file name.
fn every_link_target(bodies: &[(String, String)]) -> HashMap<String, String> {
    let mut targets = HashMap::new();
    for (_, body) in bodies {
        for (i, _) in body.match_indices("@/") {
            let rel: String = body[i + 2..]
                .chars()
                .take_while(|c| !matches!(c, ')' | '#' | ' ' | '"' | '\n'))
                .collect();
            targets.insert(rel.clone(), rel.trim_end_matches(".md").to_string());
        }
    }
    targets
}

/// The page rendered with all its events in memory at once, as before.
fn whole(body: &str, targets: &dyn LinkTargets) -> String {
    let events: Vec<_> = Parser::new_ext(body, parser_options())
        .into_offset_iter()
        .collect();
    let mut pass = Pass::new(body, 1, targets, footnote_numbers(body));
    let mut result = pass.block(&events);
    typography::typeset(&mut result);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, result.into_iter());
    html
}

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

const EDGES: &str = "# Заголовок {#own}\n\nТекст со сноской[^a] и \"кавычками\".\n\n| Колонка | Другая |\n|---|:-:|\n| a | \"b\" |\n\n- пункт\n  - вложенный - с тире\n\n  абзац в пункте\n- второй\n\n> цитата\n> > вложенная\n\n<div class=\"x\">\nблок HTML\n</div>\n\n```indicator\ndolya\n```\n\n```rust\nlet a = \"b\";\n```\n\n---\n\n1. раз\n2. два\n\n- [ ] задача\n- [x] сделано\n\n[^a]: Сноска с [ссылкой](https://www.gosuslugi.ru/).\n\n## Заголовок\n\n## Заголовок\n\nПоследний абзац без перевода строки";

#[test]
fn block_at_a_time_writes_what_the_whole_page_does() {
    let mut files = Vec::new();
    for dir in ["../../content", "../../tests/fixtures", "src/init/starter"] {
        markdown_files(Path::new(dir), &mut files);
    }
    assert!(files.len() > 30, "too few pages found: {}", files.len());
    let mut bodies: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            // The body after the front matter, or the whole file.
            let body = text
                .strip_prefix("---")
                .and_then(|rest| rest.split_once("\n---").map(|(_, b)| b.to_string()))
                .unwrap_or(text);
            (f.display().to_string(), body)
        })
        .collect();
    bodies.push(("edges".into(), EDGES.into()));
    bodies.push((
        "edges without a final newline".into(),
        EDGES.trim_end().into(),
    ));
    // The same without what keeps a page whole, so that it is cut into pieces.
    let cuttable: String = EDGES
        .replace("[^a]", "")
        .lines()
        .filter(|l| !l.starts_with('<') && !l.starts_with("[^"))
        .map(|l| format!("{l}\n"))
        .collect();
    bodies.push(("edges in pieces".into(), cuttable));
    let targets = every_link_target(&bodies);
    let opts = MarkdownOptions { typography: true };
    let mut cut = 0;
    for (name, body) in bodies {
        let reference = whole(&body, &targets);
        let streamed =
            render(&body, 1, &targets, opts).unwrap_or_else(|_| panic!("{name} does not render"));
        assert_eq!(streamed.html, reference, "{name}");
        // Every page cut wherever it may be, as pages over the size limit are.
        let pieces = super::chunks::pieces(&body, 1).len();
        cut += usize::from(pieces > 1);
        let in_pieces = render_in_pieces(&body, 1, &targets, opts, 1).unwrap();
        assert_eq!(in_pieces.html, reference, "{name} in {pieces} pieces");
        assert_eq!(in_pieces.toc, streamed.toc, "{name}");
        assert_eq!(in_pieces.summary, streamed.summary, "{name}");
    }
    assert!(cut > 20, "only {cut} pages could be cut");
}

#[test]
fn a_broken_link_in_a_later_piece_keeps_its_line() {
    let body = "Первый.\n\nВторой.\n\nТретий с [битой ссылкой](@/net.md).\n";
    let targets = HashMap::from([("faq.md".to_string(), "faq/".to_string())]);
    let opts = MarkdownOptions { typography: true };
    assert_eq!(super::chunks::pieces(body, 1).len(), 3);
    let line = |r: Result<Rendered, Vec<BrokenLink>>| {
        let e = r.unwrap_err();
        (e[0].line, e[0].column)
    };
    let whole = line(render(body, 10, &targets, opts));
    assert_eq!(whole, (14, 10));
    assert_eq!(line(render_in_pieces(body, 10, &targets, opts, 1)), whole);
}
