//! Reading one page's HTML into a [`SnapPage`]: what a visitor sees on it, told apart from
//! the site's chrome.
//!
//! The main content is `<main>` (or `role="main"`); on sites without one it is the body less
//! its chrome — navigation, header and footer, sidebars, menus — so that a phone in the
//! site-wide footer or a tag in the menu is not taken for the page's own content. Headings
//! include what CMSs use for questions: `<summary>`, `<dt>`, a paragraph wholly in bold, and
//! accordion buttons and titles. Dates come from where CMSs put them: `<time>`,
//! `article:published_time`, JSON-LD `datePublished`, elements whose class says `date`, and
//! `02.04.2024` or «2 апреля 2024» near the headline.
//!
//! The page is read into a [`Dom`], whose limits keep a hostile page's cost in proportion to
//! its size. Questions about the page are answered in one pass over the tree or along one
//! element's ancestors; the only text gathered per element (a heading's, a date element's)
//! is repeated at most as deep as the tree's depth limit.

mod blocks;
mod refs;

use std::collections::HashSet;

use super::dom::{Dom, Element, NodeId};
use super::snapshot::{BlockSource, Heading, Link, SnapPage, normalize};
use uslugi_core::BaseUrl;
use uslugi_core::PageKind;
use uslugi_core::date::{Date, find_in_text, find_own_in_text};

/// The mark `uslugi init` puts in starter text that asks the editor for something.
pub const STARTER_MARK: &str = "[заполните:";

/// What a page that is not ready yet says of itself.
const STUB_MARKS: [&str; 10] = [
    "в разработке",
    "в стадии разработки",
    "наполняется",
    "в стадии наполнения",
    "на стадии наполнения",
    "скоро здесь появится",
    "страница готовится",
    "раздел готовится",
    "информация готовится",
    "информация будет размещена",
];

/// Whether a page's main text is a stub: it says it is not ready and has little else.
pub(crate) fn is_stub(main_text: &str) -> bool {
    main_text.chars().count() < 600 && STUB_MARKS.iter().any(|m| main_text.contains(m))
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Class and id tokens, lower-cased.
fn tokens(el: Element<'_>) -> Vec<String> {
    el.attr("class")
        .unwrap_or("")
        .split_whitespace()
        .chain(el.attr("id"))
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Whether an element is the site's chrome rather than the page's content.
fn is_chrome(dom: &Dom, node: NodeId) -> bool {
    let Some(el) = dom.element(node) else {
        return false;
    };
    let in_article = || {
        dom.ancestors(node)
            .any(|a| dom.is(a, "article") || dom.is(a, "main"))
    };
    match el.name() {
        "nav" | "aside" => return true,
        "header" | "footer" => return !in_article(),
        _ => {}
    }
    if matches!(
        el.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary")
    ) {
        return true;
    }
    tokens(el).iter().any(|t| {
        let t = t.as_str();
        matches!(
            t,
            "header"
                | "site-header"
                | "top-header"
                | "main-header"
                | "topbar"
                | "breadcrumb"
                | "breadcrumbs"
        ) || ["menu", "nav", "footer", "sidebar", "sitebar"]
            .iter()
            .any(|w| {
                t.starts_with(w) || t.ends_with(&format!("-{w}")) || t.ends_with(&format!("_{w}"))
            })
    })
}

/// Whether an element's content is never read as text: scripts, styles, templates. What
/// `<noscript>` holds is read: a crawler is a visitor without scripts.
fn is_unread(dom: &Dom, node: NodeId) -> bool {
    dom.element(node)
        .is_some_and(|e| matches!(e.name(), "script" | "style" | "template"))
}

/// The nodes of `root` in document order, leaving out chrome subtrees when `skip_chrome`,
/// and scripts and styles always.
fn content_nodes(dom: &Dom, root: NodeId, skip_chrome: bool) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if is_unread(dom, node) || (skip_chrome && node != root && is_chrome(dom, node)) {
            continue;
        }
        out.push(node);
        stack.extend(dom.children_rev(node));
    }
    out
}

/// The text nodes among `nodes`, joined by spaces.
fn text_of(dom: &Dom, nodes: &[NodeId]) -> String {
    let texts = || nodes.iter().filter_map(|&n| dom.text_node(n));
    let mut out = String::with_capacity(texts().map(|t| t.len() + 1).sum());
    for t in texts() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
    }
    out
}

/// Whether an element sets its text apart as a title: bold, or the `<font size>` and
/// `<big>` of old markup.
fn is_emphasis(dom: &Dom, node: NodeId) -> bool {
    let Some(e) = dom.element(node) else {
        return false;
    };
    match e.name() {
        "strong" | "b" | "big" => true,
        "font" => e.attr("size").is_some_and(|size| {
            let size = size.trim();
            size.starts_with('+') || size.parse::<u8>().is_ok_and(|n| n >= 4)
        }),
        _ => false,
    }
}

/// The one child of `node` that holds text, when exactly one does.
fn only_text_child(dom: &Dom, node: NodeId) -> Option<NodeId> {
    let mut found = None;
    for child in dom.children(node) {
        let has_text = match dom.text_node(child) {
            Some(t) => !t.trim().is_empty(),
            None => dom.texts(child).any(|t| !t.trim().is_empty()),
        };
        if has_text {
            if found.is_some() {
                return None;
            }
            found = Some(child);
        }
    }
    found
}

/// The bold (or large) elements that are a block's whole text — how many CMS editors write a
/// question (`<p><strong>Как войти?</strong></p>`), and how old sites write headings in
/// layout tables (`<td><font size="4"><b>Вопросы</b></font></td>`). One pass over the blocks'
/// children, through at most two wrappers.
fn bold_paragraphs(dom: &Dom) -> HashSet<NodeId> {
    let mut out = HashSet::new();
    let blocks = ["p", "div", "td", "center"]
        .into_iter()
        .flat_map(|name| dom.elements(Dom::DOCUMENT, name));
    for block in blocks {
        let mut node = block;
        for _ in 0..3 {
            let Some(child) = only_text_child(dom, node) else {
                break;
            };
            if is_emphasis(dom, child) {
                out.insert(child);
                break;
            }
            if dom.text_node(child).is_some() {
                break;
            }
            node = child;
        }
    }
    out
}

/// Whether an element is the title of an accordion item (the question of a CMS FAQ).
fn is_accordion_title(el: Element<'_>) -> bool {
    if el.name() == "button" || el.attr("aria-expanded").is_some() {
        return true;
    }
    tokens(el).iter().any(|t| {
        t.contains("question")
            || (["accordion", "spoiler", "faq", "collapse"]
                .iter()
                .any(|w| t.contains(w))
                && (["title", "head", "button", "toggle", "trigger", "btn"]
                    .iter()
                    .any(|w| t.contains(w))
                    || t.ends_with("-q")
                    || t.ends_with("_q")))
    })
}

/// Elements that head a piece of text: headings, `<summary>`, `<dt>`, bold paragraphs and
/// accordion titles.
fn heading_level(dom: &Dom, node: NodeId, bold: &HashSet<NodeId>) -> Option<u8> {
    let e = dom.element(node)?;
    Some(match e.name() {
        "h1" => 1,
        "h2" => 2,
        "h3" | "summary" | "dt" => 3,
        "h4" => 4,
        "h5" => 5,
        "h6" => 6,
        "strong" | "b" | "big" | "font" if bold.contains(&node) => 4,
        _ if is_accordion_title(e) => 3,
        _ => return None,
    })
}

/// Headings (and the question-like elements of [`heading_level`]) in document order, each
/// with the amount of text after it.
fn headings(dom: &Dom, nodes: &[NodeId]) -> Vec<Heading> {
    let bold = bold_paragraphs(dom);
    let mut out: Vec<Heading> = Vec::new();
    let mut heads: HashSet<NodeId> = HashSet::new();
    for &node in nodes {
        if dom.element(node).is_some() {
            // A title nested in another (a button inside an accordion header) is one.
            if dom.ancestors(node).any(|a| heads.contains(&a)) {
                continue;
            }
            let Some(level) = heading_level(dom, node, &bold) else {
                continue;
            };
            let text = collapse(&dom.text(node));
            // A whole paragraph in bold is emphasis, not a title.
            let too_long = bold.contains(&node) && text.chars().count() > 200;
            if text.is_empty() || too_long {
                continue;
            }
            heads.insert(node);
            out.push(Heading {
                level,
                text,
                body_chars: 0,
                body: String::new(),
                source: BlockSource::Heading,
            });
        } else if let Some(t) = dom.text_node(node) {
            let inside = dom.ancestors(node).any(|a| heads.contains(&a));
            if !inside && let Some(last) = out.last_mut() {
                last.body_chars += t.trim().chars().count();
                if last.body.len() < blocks::BODY_BYTES {
                    last.body.push(' ');
                    last.body.push_str(&normalize(t));
                }
            }
        }
    }
    out
}

/// Counts form fields that a screen reader could not name: no `<label for>`, no wrapping
/// `<label>`, no `aria-label`, `aria-labelledby` or `title`.
fn unlabelled_fields(dom: &Dom) -> usize {
    let labelled_ids: HashSet<&str> = dom
        .elements(Dom::DOCUMENT, "label")
        .filter_map(|l| dom.attr(l, "for"))
        .collect();
    dom.descendants(Dom::DOCUMENT)
        .filter(|&f| {
            let Some(e) = dom.element(f) else {
                return false;
            };
            if !matches!(e.name(), "input" | "select" | "textarea") {
                return false;
            }
            let kind = e.attr("type").unwrap_or("text").to_ascii_lowercase();
            if e.name() == "input"
                && matches!(
                    kind.as_str(),
                    "hidden" | "submit" | "button" | "reset" | "image"
                )
            {
                return false;
            }
            let named = ["aria-label", "aria-labelledby", "title"]
                .iter()
                .any(|a| e.attr(a).is_some_and(|v| !v.trim().is_empty()));
            let by_for = e.attr("id").is_some_and(|id| labelled_ids.contains(id));
            let wrapped = dom.ancestors(f).any(|a| dom.is(a, "label"));
            !(named || by_for || wrapped)
        })
        .count()
}

/// Every `datePublished` in a JSON-LD value.
fn json_ld_dates(v: &serde_json::Value, out: &mut Vec<Date>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                if k == "datePublished"
                    && let Some(d) = v.as_str().and_then(|s| s.parse().ok())
                {
                    out.push(d);
                }
                json_ld_dates(v, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| json_ld_dates(v, out)),
        _ => {}
    }
}

/// Publication dates, from where CMSs put them, and whether the markup gave any.
fn dates(dom: &Dom, main_text: &str, h1: Option<&str>) -> (Vec<Date>, bool) {
    let mut out: Vec<Date> = Vec::new();
    for node in dom.descendants(Dom::DOCUMENT) {
        let Some(e) = dom.element(node) else {
            continue;
        };
        if e.name() == "time" {
            match e.attr("datetime").and_then(|d| d.trim().parse().ok()) {
                Some(d) => out.push(d),
                None => out.extend(find_in_text(&dom.text(node))),
            }
        }
        let published = e.attr("itemprop") == Some("datePublished")
            || (e.name() == "meta" && e.attr("property") == Some("article:published_time"));
        if published
            && let Some(d) = e
                .attr("content")
                .or_else(|| e.attr("datetime"))
                .and_then(|d| d.trim().parse().ok())
        {
            out.push(d);
        }
        if e.name() == "script"
            && e.attr("type") == Some("application/ld+json")
            && let Ok(v) = serde_json::from_str::<serde_json::Value>(&dom.text(node))
        {
            json_ld_dates(&v, &mut out);
        }
        if e.attr("class").is_some() && tokens(e).iter().any(|t| t.contains("date")) {
            out.extend(find_in_text(&dom.text(node)));
        }
    }
    let published = !out.is_empty();
    // A date written under (or above) the headline: a window of characters around it, cut
    // at character boundaries without copying the whole text.
    let at = h1
        .map(normalize)
        .and_then(|h| main_text.find(&h).map(|b| (b, b + h.len())));
    let back = |i: usize, n: usize| {
        main_text[..i]
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(j, _)| j)
    };
    let ahead = |i: usize, n: usize| {
        main_text[i..]
            .char_indices()
            .nth(n)
            .map_or(main_text.len(), |(j, _)| i + j)
    };
    let (from, to) = match at {
        Some((start, end)) => (back(start, 120), ahead(end, 200)),
        None => (0, ahead(0, 300)),
    };
    // Near the headline a date may be an act's the page cites, not the page's own.
    out.extend(find_own_in_text(&main_text[from..to]));
    out.sort_by_key(|d| (d.day(), d.time(), d.offset().map(|o| o.seconds())));
    out.dedup();
    (out, published)
}

/// Video players: `<video>` elements and embedded players of the video hosts.
fn videos(dom: &Dom) -> usize {
    dom.descendants(Dom::DOCUMENT)
        .filter(|&n| {
            dom.is(n, "video")
                || (dom.is(n, "iframe")
                    && dom.attr(n, "src").is_some_and(|src| {
                        let src = src.to_ascii_lowercase();
                        [
                            "youtube",
                            "youtu.be",
                            "rutube",
                            "vk.com/video",
                            "vkvideo",
                            "dzen.ru",
                        ]
                        .iter()
                        .any(|h| src.contains(h))
                    }))
        })
        .count()
}

/// Parses one page's HTML; `path` is the page's path under the base path.
pub fn parse_page(html: &str, path: &str, base: &BaseUrl) -> SnapPage {
    let dom = Dom::parse(html);
    let first = |name: &str| dom.descendants(Dom::DOCUMENT).find(|&n| dom.is(n, name));
    let title = first("title")
        .map(|t| collapse(&dom.text(t)))
        .unwrap_or_default();
    let h1: Vec<String> = dom
        .elements(Dom::DOCUMENT, "h1")
        .map(|h| collapse(&dom.text(h)))
        .collect();
    let root = first("body")
        .or_else(|| dom.root_element())
        .unwrap_or(Dom::DOCUMENT);
    let main = dom
        .descendants(Dom::DOCUMENT)
        .find(|&n| dom.is(n, "main") || dom.attr(n, "role") == Some("main"))
        .unwrap_or(root);
    let main = Main {
        dom: &dom,
        node: main,
    };
    let at = refs::Resolver::new(&dom, path, base);
    let mut page = SnapPage {
        path: path.to_string(),
        url: base.join(path),
        title,
        h1,
        cut: dom.cut,
        ..SnapPage::default()
    };
    let main_nodes = content_nodes(&dom, main.node, true);
    page.headings = headings(&dom, &main_nodes);
    page.headings
        .extend(blocks::rows_and_labels(&dom, &main_nodes));
    page.main_text = normalize(&text_of(&dom, &main_nodes));
    drop(main_nodes);
    page.starter = page.main_text.contains(STARTER_MARK);
    page.stub = is_stub(&page.main_text);
    text_and_images(&main, root, &mut page);
    // Links as they come, straight into the page: a page of links holds them once.
    for a in dom.elements(root, "a") {
        if let Some((target, text, image)) = refs::link(&dom, a, &at) {
            page.links.push(Link {
                target,
                text,
                image,
                in_main: main.contains(a),
            });
        }
    }
    for n in dom.descendants(root) {
        if dom.attr(n, "onclick").is_some()
            && let Some((target, text, image)) = refs::click_link(&dom, n, &at)
        {
            page.links.push(Link {
                target,
                text,
                image,
                in_main: main.contains(n),
            });
        }
    }
    (page.dates, page.published) =
        dates(&dom, &page.main_text, page.h1.first().map(String::as_str));
    page.videos = videos(&dom);
    page.frames = refs::frames(&dom, &at);
    head_facts(&dom, &at, &mut page);
    page.outline = dom
        .descendants(Dom::DOCUMENT)
        .filter_map(|h| match dom.element(h)?.name().as_bytes() {
            [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
            _ => None,
        })
        .collect();
    page.unlabelled_fields = unlabelled_fields(&dom);
    page
}

/// A page's main content: its `main` element (or the body), with chrome left out.
struct Main<'a> {
    dom: &'a Dom,
    node: NodeId,
}

impl Main<'_> {
    /// Whether a node is in the main content: under `main`, with no chrome on the way (the
    /// same test `content_nodes` applies, asked per link and image instead of kept for every
    /// node of a large page).
    fn contains(&self, node: NodeId) -> bool {
        for a in self.dom.ancestors(node) {
            if a == self.node {
                return true;
            }
            if is_chrome(self.dom, a) || is_unread(self.dom, a) {
                return false;
            }
        }
        false
    }
}

/// The text of the whole page with image descriptions, those of the main content's images
/// on their own, and every image's address and description.
fn text_and_images(main: &Main, root: NodeId, page: &mut SnapPage) {
    let dom = main.dom;
    let mut text = text_of(dom, &content_nodes(dom, root, false));
    let mut main_alts = String::new();
    for img in dom.elements(root, "img") {
        let alt = dom.attr(img, "alt").map(str::to_string);
        if let Some(a) = &alt {
            text.push(' ');
            text.push_str(a);
            if main.contains(img) {
                main_alts.push(' ');
                main_alts.push_str(a);
            }
        }
        page.images
            .push((dom.attr(img, "src").unwrap_or_default().to_string(), alt));
    }
    page.text = normalize(&text);
    drop(text);
    page.main_alts = normalize(&main_alts);
}

/// What the head and the root element say: the page kind we write into our own pages, a
/// meta refresh's destination, and the language.
fn head_facts(dom: &Dom, at: &refs::Resolver, page: &mut SnapPage) {
    let meta = |attr: &str, value: &str| {
        dom.elements(Dom::DOCUMENT, "meta").find(|&m| {
            dom.attr(m, attr)
                .is_some_and(|v| v.eq_ignore_ascii_case(value))
        })
    };
    page.kind = meta("name", "uslugi:kind")
        .and_then(|m| dom.attr(m, "content"))
        .and_then(|k| k.trim().parse::<PageKind>().ok());
    page.refresh = meta("http-equiv", "refresh")
        .and_then(|m| dom.attr(m, "content"))
        .and_then(|c| {
            let lower = c.to_ascii_lowercase();
            let i = lower.find("url=")?;
            let url = c[i + 4..].trim().trim_matches(['\'', '"']);
            at.resolve(url)
        });
    page.lang = dom
        .root_element()
        .and_then(|r| dom.attr(r, "lang"))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
}

#[cfg(test)]
pub(crate) mod tests;
