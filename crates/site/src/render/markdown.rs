//! Markdown to HTML (pulldown-cmark), with what a site needs on top.
//!
//! - Headings get ids made from their text (Cyrillic transliterated), unique within the
//!   page, and a flat table of contents for templates.
//! - Links written `@/faq.md` or `@/faq.md#anchor` name a content file; they become that
//!   page's URL, and a missing page fails with the line of the link. Anchors are checked by
//!   the caller once every page is rendered (see [`AnchorRef`]).
//! - Footnote ids are prefixed (`fn-…`) so they never collide with heading ids.
//! - The first paragraph's plain text is kept as the page's summary.
//!
//! [`render`] parses, hands each event to a pass (`pass.rs`), then typesets and writes the HTML.

pub(crate) mod chunks;
pub(crate) mod pass;
#[cfg(test)]
pub(crate) mod streaming_tests;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser};
use serde::Serialize;

use crate::content::slug::slugify;
use crate::typography;
use pass::Pass;
use uslugi_core::diagnostics::did_you_mean;

/// One heading, for a table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    /// 1–6.
    pub level: u8,
    /// The heading's id (anchor).
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A `@/page.md#anchor` link whose anchor must exist on the target page.
#[derive(Debug, Clone)]
pub struct AnchorRef {
    /// The target file, relative to `content/`.
    pub target_rel: String,
    /// The anchor, without `#`.
    pub anchor: String,
    /// Line in the source file.
    pub line: usize,
    /// Column in that line.
    pub column: usize,
}

/// A link that names a page that does not exist.
#[derive(Debug, Clone)]
pub struct BrokenLink {
    /// The link as written.
    pub link: String,
    /// Line in the source file.
    pub line: usize,
    /// Column in that line.
    pub column: usize,
    /// A likely intended target.
    pub suggestion: Option<String>,
}

/// The result of rendering one page's Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The HTML.
    pub html: String,
    /// Headings in order.
    pub toc: Vec<TocEntry>,
    /// Every id the HTML defines (headings, footnotes).
    pub anchors: HashSet<String>,
    /// Internal links whose anchors still need checking.
    pub anchor_refs: Vec<AnchorRef>,
    /// Plain text of the first paragraph.
    pub summary: String,
    /// Indicator charts the page places (```` ```indicator ```` blocks): id and line.
    pub indicators: Vec<(String, usize)>,
}

/// What stands in the HTML for the chart of indicator `id` until the renderer, which knows
/// the data, puts the chart there.
pub fn indicator_placeholder(id: &str) -> String {
    format!(
        "<uslugi-indicator id=\"{}\"></uslugi-indicator>",
        uslugi_core::util::escape::html(id)
    )
}

/// Maps content files (relative to `content/`) to their URL paths.
pub trait LinkTargets: Sync {
    /// The URL path of a content file, such as `faq/` for `faq.md`.
    fn url_of(&self, rel: &str) -> Option<&str>;
    /// Every known content file, for suggestions.
    fn all(&self) -> Vec<&str>;
}

impl LinkTargets for HashMap<String, String> {
    fn url_of(&self, rel: &str) -> Option<&str> {
        self.get(rel).map(String::as_str)
    }
    fn all(&self) -> Vec<&str> {
        self.keys().map(String::as_str).collect()
    }
}

/// Rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    /// Apply Russian typography to text.
    pub typography: bool,
}

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`, whose first line is line `first_line` of its file: number the footnotes,
/// then parse, rewrite the events a site needs changed and typeset them one top-level block
/// at a time, as pulldown-cmark's HTML writer asks for them — so that a page never holds all
/// of its events at once, only its text, its HTML and the block at hand.
pub fn render(
    body: &str,
    first_line: usize,
    targets: &dyn LinkTargets,
    opts: MarkdownOptions,
) -> Result<Rendered, Vec<BrokenLink>> {
    render_in_pieces(body, first_line, targets, opts, chunks::CUT_ABOVE)
}

/// [`render`], parsing a page larger than `piece` bytes a piece at a time (see [`chunks`]).
fn render_in_pieces(
    body: &str,
    first_line: usize,
    targets: &dyn LinkTargets,
    opts: MarkdownOptions,
    piece: usize,
) -> Result<Rendered, Vec<BrokenLink>> {
    let mut pass = Pass::new(body, first_line, targets, footnote_numbers(body));
    let mut html = String::with_capacity(body.len() + body.len() / 2);
    let blocks = Blocks {
        body,
        pieces: chunks::pieces(body, piece).into(),
        parser: None,
        pass: &mut pass,
        typography: opts.typography,
        ready: std::collections::VecDeque::new(),
    };
    pulldown_cmark::html::push_html(&mut html, blocks);
    let Pass {
        mut out, broken, ..
    } = pass;
    if !broken.is_empty() {
        return Err(broken);
    }
    out.html = html;
    out.summary = truncate_words(out.summary.trim(), 240);
    Ok(out)
}

/// Footnote labels numbered in the order they are first referred to. The page is read once
/// more for them only when it has a footnote at all.
fn footnote_numbers(body: &str) -> HashMap<String, usize> {
    let mut numbers = HashMap::new();
    if body.contains("[^") {
        for e in Parser::new_ext(body, parser_options()) {
            if let Event::FootnoteReference(label) = e {
                let n = numbers.len() + 1;
                numbers.entry(label.to_string()).or_insert(n);
            }
        }
    }
    numbers
}

/// The page's events as the HTML writer takes them: each top-level block read from the
/// parser whole, rewritten by the pass, typeset, then handed out. The parser of each piece of
/// the page is made when the one before it is done.
struct Blocks<'a, 'p> {
    body: &'a str,
    pieces: std::collections::VecDeque<Range<usize>>,
    parser: Option<(
        usize,
        pulldown_cmark::OffsetIter<'a, pulldown_cmark::DefaultBrokenLinkCallback>,
    )>,
    pass: &'p mut Pass<'a>,
    typography: bool,
    ready: std::collections::VecDeque<Event<'a>>,
}

impl<'a> Blocks<'a, '_> {
    /// The next event of the page with its place in the body, across pieces.
    fn parsed(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        loop {
            if let Some((start, parser)) = &mut self.parser
                && let Some((event, range)) = parser.next()
            {
                return Some((event, range.start + *start..range.end + *start));
            }
            let piece = self.pieces.pop_front()?;
            let text = &self.body[piece.clone()];
            self.parser = Some((
                piece.start,
                Parser::new_ext(text, parser_options()).into_offset_iter(),
            ));
        }
    }
}

impl<'a> Iterator for Blocks<'a, '_> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        while self.ready.is_empty() {
            let mut block = Vec::new();
            let mut depth = 0usize;
            while let Some((event, range)) = self.parsed() {
                match &event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => depth = depth.saturating_sub(1),
                    _ => {}
                }
                block.push((event, range));
                if depth == 0 {
                    break;
                }
            }
            if block.is_empty() {
                return None;
            }
            let mut rewritten = self.pass.block(&block);
            if self.typography {
                typography::typeset(&mut rewritten);
            }
            self.ready.extend(rewritten);
        }
        self.ready.pop_front()
    }
}

/// `faq.md` as written, or a directory `news/` / `news` meaning its `_index.md`.
fn resolve_rel(targets: &dyn LinkTargets, file: &str) -> Option<String> {
    let file = file.trim_start_matches('/');
    if targets.url_of(file).is_some() {
        return Some(file.to_string());
    }
    let index = if file.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{}/_index.md", file.trim_end_matches('/'))
    };
    targets.url_of(&index).map(|_| index)
}

fn unique_id(used: &mut HashMap<String, usize>, base: String) -> String {
    let count = used.entry(base.clone()).or_insert(0);
    *count += 1;
    if *count == 1 {
        return base;
    }
    let mut n = *count - 1;
    loop {
        let candidate = format!("{base}-{n}");
        if !used.contains_key(&candidate) {
            used.insert(candidate.clone(), 1);
            return candidate;
        }
        n += 1;
    }
}

fn footnote_slug(label: &str) -> String {
    let s = slugify(label);
    if s.is_empty() { "note".into() } else { s }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A part of a page that starts with a heading: its id, the heading's inner HTML, and the
/// HTML up to the next heading of the same level.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct HeadedPart {
    /// The heading's id.
    pub id: String,
    /// The heading's inner HTML.
    pub title: String,
    /// The HTML that follows it.
    pub body: String,
}

/// Splits rendered HTML at its `<h2 id="…">` headings: the HTML before the first one, and
/// each heading with what follows it (a FAQ's questions and answers).
pub fn split_h2(html: &str) -> (String, Vec<HeadedPart>) {
    let mut parts = Vec::new();
    let mut starts: Vec<usize> = html.match_indices("<h2 id=\"").map(|(i, _)| i).collect();
    let intro = html[..starts.first().copied().unwrap_or(html.len())].to_string();
    starts.push(html.len());
    for w in starts.windows(2) {
        let chunk = &html[w[0]..w[1]];
        let id_start = "<h2 id=\"".len();
        let Some(id_end) = chunk[id_start..].find('"').map(|e| id_start + e) else {
            continue;
        };
        let Some(open_end) = chunk[id_end..].find('>').map(|e| id_end + e + 1) else {
            continue;
        };
        let Some(close) = chunk.find("</h2>") else {
            continue;
        };
        parts.push(HeadedPart {
            id: chunk[id_start..id_end].to_string(),
            title: chunk[open_end..close].to_string(),
            body: chunk[close + "</h2>".len()..].trim().to_string(),
        });
    }
    (intro, parts)
}

/// Text of an HTML fragment: tags dropped, entities of our own escaping undone, spaces
/// collapsed.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" .", ".")
        .replace(" ,", ",")
}

/// At most `max` characters, cut at a word boundary, with an ellipsis when cut.
pub fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(a, _)| a)
        .trim_end_matches([',', ';', ':', ' ']);
    format!("{cut}…")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn targets() -> HashMap<String, String> {
        [
            ("faq.md", "faq/"),
            ("news/_index.md", "news/"),
            ("_index.md", ""),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
    }

    fn md(s: &str) -> Rendered {
        render(s, 1, &targets(), MarkdownOptions::default()).unwrap()
    }

    #[test]
    fn headings_get_unique_transliterated_ids() {
        let r = md("# Вопросы\n\n## Вопросы\n\n## Как войти? {#login}\n");
        assert!(r.html.contains("<h1 id=\"voprosy\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"voprosy-1\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"login\">"), "{}", r.html);
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[2].title, "Как войти?");
    }

    #[test]
    fn internal_links_resolve_and_record_anchors() {
        let r = md("См. [вопросы](@/faq.md#vkhod) и [новости](@/news/).\n");
        assert!(r.html.contains("href=\"/faq/#vkhod\""), "{}", r.html);
        assert!(r.html.contains("href=\"/news/\""), "{}", r.html);
        assert_eq!(r.anchor_refs.len(), 1);
        assert_eq!(r.anchor_refs[0].anchor, "vkhod");
    }

    #[test]
    fn broken_links_report_line_and_suggestion() {
        let err = render(
            "Текст\n\nСм. [x](@/fax.md).\n",
            10,
            &targets(),
            MarkdownOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].line, 12);
        assert_eq!(err[0].suggestion.as_deref(), Some("@/faq.md"));
    }

    #[test]
    fn footnotes_do_not_collide_with_headings() {
        let r = md("# 1\n\nТекст[^1].\n\n[^1]: Сноска.\n");
        assert!(r.html.contains("id=\"fn-1\""), "{}", r.html);
        assert!(r.html.contains("href=\"#fn-1\""), "{}", r.html);
        assert!(r.html.contains("<h1 id=\"1\">"), "{}", r.html);
    }

    #[test]
    fn extensions_and_summary() {
        let r = md(
            "Первый абзац, *важный*.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] готово\n\n~~старое~~\n",
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("<del>"));
        assert_eq!(r.summary, "Первый абзац, важный.");
    }

    #[test]
    fn splits_questions_and_answers() {
        let r = md("Вступление.\n\n## Платно?\n\nНет, *бесплатно*.\n\n## Долго?\n\nНет.\n");
        let (intro, parts) = split_h2(&r.html);
        assert_eq!(intro.trim(), "<p>Вступление.</p>");
        assert_eq!(parts.len(), 2);
        assert_eq!(
            (parts[0].id.as_str(), parts[0].title.as_str()),
            ("platno", "Платно?")
        );
        assert_eq!(parts[0].body, "<p>Нет, <em>бесплатно</em>.</p>");
        assert_eq!(plain_text(&parts[0].body), "Нет, бесплатно.");
    }

    #[test]
    fn typography_leaves_code_urls_and_attributes_alone() {
        let src = "Портал \"Госуслуги\" - это в помощь.\n\nКод `say \"hi\" - ok` и [ссылка](https://e.ru/?q=\"a\"&b=1 \"title - x\").\n\n<span title=\"a - b\">в тексте</span>\n\n```\nlet s = \"x\" - 1;\n```\n";
        let r = render(src, 1, &targets(), MarkdownOptions { typography: true }).unwrap();
        assert!(
            r.html
                .contains("Портал «Госуслуги»\u{a0}— это в\u{a0}помощь."),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<code>say \"hi\" - ok</code>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"https://e.ru/?q=%22a%22&amp;b=1\"")
                && r.html.contains("title=\"title - x\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<span title=\"a - b\">"), "{}", r.html);
        assert!(r.html.contains("let s = \"x\" - 1;"), "{}", r.html);
    }

    #[test]
    fn a_rule_in_the_body_is_not_metadata() {
        let r = md("Раз\n\n---\n\nДва\n");
        assert!(r.html.contains("<hr />"), "{}", r.html);
        assert!(r.html.contains("Два"));
    }
}
