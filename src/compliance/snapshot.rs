//! `Snapshot`: pages as the compliance rules see them.
//!
//! Made from HTML — our own rendered [`Output`], or pages crawled from any other site — so
//! one rule engine judges both. A page keeps its URL, its kind (declared by our front matter,
//! or inferred for a foreign site), title, headings with how much text follows each, its main
//! text and whole text, links resolved against the page, images and dates.

use std::path::PathBuf;

use rayon::prelude::*;
use scraper::{ElementRef, Html, Node, Selector};

use crate::config::BaseUrl;
use crate::content::PageKind;
use crate::date::Date;
use crate::output::Output;

pub use super::links::{Target, resolve_href};

/// A link on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Where it goes.
    pub target: Target,
    /// Its text, including the `alt` of images inside it.
    pub text: String,
    /// Whether it contains an image (a banner-link).
    pub image: bool,
    /// Whether it is inside the main content (not the header, navigation or footer).
    pub in_main: bool,
}

/// A heading, or a `<summary>` (an accordion question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6; a `<summary>` counts as 3.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// Characters of text between it and the next heading: the "answer" under a question.
    pub body_chars: usize,
}

/// One page as the rules see it.
#[derive(Debug, Clone, Default)]
pub struct SnapPage {
    /// Path under the base path: `` for the home page, `faq/`.
    pub path: String,
    /// Absolute URL.
    pub url: String,
    /// The kind the page declares (`<meta name="uslugi:kind">`, as uslugi's themes write
    /// it), or the one inferred for it.
    pub kind: Option<PageKind>,
    /// The source file, for our own site.
    pub source: Option<PathBuf>,
    /// `<title>`.
    pub title: String,
    /// Text of the `<h1>` elements.
    pub h1: Vec<String>,
    /// Headings and summaries of the main content, in order.
    pub headings: Vec<Heading>,
    /// Text of `<main>` (or the body when there is none), lower-cased, `ё` as `е`.
    pub main_text: String,
    /// Text of the whole body, lower-cased, `ё` as `е`, with image `alt`s.
    pub text: String,
    /// Every link of the page.
    pub links: Vec<Link>,
    /// `src` and `alt` of every image.
    pub images: Vec<(String, Option<String>)>,
    /// Dates from `<time datetime>`.
    pub dates: Vec<Date>,
    /// Number of `<video>` elements.
    pub videos: usize,
    /// `<html lang>`, when set and not empty.
    pub lang: Option<String>,
    /// Levels of every `h1`–`h6` of the whole page, in order.
    pub outline: Vec<u8>,
    /// Form fields (`input`, `select`, `textarea`) without a label or an accessible name.
    pub unlabelled_fields: usize,
}

impl SnapPage {
    /// What names the page, lower-cased: its `h1`s, or its `<title>` when it has none.
    /// The `<title>` usually carries the site's name too, so it would make every page of
    /// a site called «Госуслуги» look like the e-services section.
    pub fn names(&self) -> String {
        if self.h1.is_empty() {
            normalize(&self.title)
        } else {
            normalize(&self.h1.join(" "))
        }
    }
}

/// A whole site.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The site's address.
    pub base_url: String,
    /// Its pages; the home page has the empty path.
    pub pages: Vec<SnapPage>,
}

impl Snapshot {
    /// The home page.
    pub fn home(&self) -> Option<&SnapPage> {
        self.pages.iter().find(|p| p.path.is_empty())
    }

    /// Snapshot of our own rendered site.
    pub fn from_output(output: &Output, base: &BaseUrl) -> Snapshot {
        let mut pages: Vec<SnapPage> = output
            .pages()
            .collect::<Vec<_>>()
            .par_iter()
            .map(|(_, file, info)| {
                let html = String::from_utf8_lossy(&file.bytes);
                let mut page = parse_page(&html, &info.path, base);
                page.kind = Some(info.kind);
                page.source = Some(info.source.clone());
                page
            })
            .collect();
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        Snapshot {
            base_url: base.to_string(),
            pages,
        }
    }
}

/// Lower-case, `ё` → `е`, whitespace (including no-break spaces) collapsed to single spaces.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        for l in c.to_lowercase() {
            out.push(if l == 'ё' { 'е' } else { l });
        }
    }
    out
}

fn selector(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// Parses one page's HTML; `path` is the page's path under the base path.
pub fn parse_page(html: &str, path: &str, base: &BaseUrl) -> SnapPage {
    let doc = Html::parse_document(html);
    let title = doc
        .select(&selector("title"))
        .next()
        .map(|t| collapse(&t.text().collect::<String>()))
        .unwrap_or_default();
    let h1 = doc
        .select(&selector("h1"))
        .map(|h| collapse(&h.text().collect::<String>()))
        .collect();
    let body = doc.select(&selector("body")).next();
    let main = doc.select(&selector("main")).next().or(body);
    let mut page = SnapPage {
        path: path.to_string(),
        url: base.join(path),
        title,
        h1,
        ..SnapPage::default()
    };
    if let Some(main) = main {
        page.headings = headings(main);
        page.main_text = normalize(&main.text().collect::<Vec<_>>().join(" "));
    }
    let root = body.unwrap_or_else(|| doc.root_element());
    let mut text = root.text().collect::<Vec<_>>().join(" ");
    for img in root.select(&selector("img")) {
        let alt = img.value().attr("alt").map(str::to_string);
        if let Some(a) = &alt {
            text.push(' ');
            text.push_str(a);
        }
        page.images
            .push((img.value().attr("src").unwrap_or_default().to_string(), alt));
    }
    page.text = normalize(&text);
    let main_links: std::collections::HashSet<_> = match main {
        Some(m) if Some(m) != body => m.select(&selector("a[href]")).map(|a| a.id()).collect(),
        _ => root.select(&selector("a[href]")).map(|a| a.id()).collect(),
    };
    for a in root.select(&selector("a[href]")) {
        let href = a.value().attr("href").unwrap_or_default();
        let Some(target) = resolve_href(path, href, base) else {
            continue;
        };
        let mut text = a.text().collect::<Vec<_>>().join(" ");
        if let Some(label) = a.value().attr("aria-label") {
            text.push(' ');
            text.push_str(label);
        }
        let imgs: Vec<_> = a.select(&selector("img")).collect();
        for img in &imgs {
            text.push(' ');
            text.push_str(img.value().attr("alt").unwrap_or_default());
        }
        let background = a
            .value()
            .attr("style")
            .is_some_and(|s| s.contains("background") && s.contains("url("));
        page.links.push(Link {
            target,
            text: collapse(&text),
            image: !imgs.is_empty() || background,
            in_main: main_links.contains(&a.id()),
        });
    }
    page.dates = doc
        .select(&selector("time[datetime]"))
        .filter_map(|t| t.value().attr("datetime").and_then(|d| d.parse().ok()))
        .collect();
    page.videos = doc.select(&selector("video")).count();
    page.kind = doc
        .select(&selector(r#"meta[name="uslugi:kind"]"#))
        .next()
        .and_then(|m| m.value().attr("content"))
        .and_then(|k| k.trim().parse::<PageKind>().ok());
    page.lang = doc
        .root_element()
        .value()
        .attr("lang")
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    page.outline = doc
        .select(&selector("h1, h2, h3, h4, h5, h6"))
        .filter_map(|h| h.value().name()[1..].parse().ok())
        .collect();
    page.unlabelled_fields = unlabelled_fields(&doc);
    page
}

/// Counts form fields that a screen reader could not name: no `<label for>`, no wrapping
/// `<label>`, no `aria-label`, `aria-labelledby` or `title`.
fn unlabelled_fields(doc: &Html) -> usize {
    let labelled_ids: std::collections::HashSet<&str> = doc
        .select(&selector("label[for]"))
        .filter_map(|l| l.value().attr("for"))
        .collect();
    doc.select(&selector("input, select, textarea"))
        .filter(|f| {
            let e = f.value();
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
            let wrapped = f.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|el| el.name() == "label")
            });
            !(named || by_for || wrapped)
        })
        .count()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether an element is a paragraph's whole text in bold — how many CMS editors write a
/// question (`<p><strong>Как войти?</strong></p>`).
fn is_bold_paragraph(el: ElementRef) -> bool {
    let Some(parent) = el.parent().and_then(ElementRef::wrap) else {
        return false;
    };
    parent.value().name() == "p"
        && collapse(&parent.text().collect::<String>()) == collapse(&el.text().collect::<String>())
}

/// Elements that head a piece of text: headings, `<summary>`, `<dt>` and bold paragraphs.
fn heading_level(node: ego_tree::NodeRef<Node>) -> Option<u8> {
    let e = node.value().as_element()?;
    Some(match e.name() {
        "h1" => 1,
        "h2" => 2,
        "h3" | "summary" | "dt" => 3,
        "h4" => 4,
        "h5" => 5,
        "h6" => 6,
        "strong" | "b" if ElementRef::wrap(node).is_some_and(is_bold_paragraph) => 4,
        _ => return None,
    })
}

/// Headings (and the question-like elements of [`heading_level`]) in document order, each
/// with the amount of text after it.
fn headings(main: ElementRef) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    for node in main.descendants() {
        match node.value() {
            Node::Element(_) => {
                let Some(level) = heading_level(node) else {
                    continue;
                };
                let text = ElementRef::wrap(node)
                    .map(|el| collapse(&el.text().collect::<String>()))
                    .unwrap_or_default();
                out.push(Heading {
                    level,
                    text,
                    body_chars: 0,
                });
            }
            Node::Text(t) => {
                let inside_heading = node.ancestors().any(|a| {
                    a.value().as_element().is_some_and(|e| {
                        matches!(
                            e.name(),
                            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "summary"
                        )
                    })
                });
                if !inside_heading && let Some(last) = out.last_mut() {
                    last.body_chars += t.trim().chars().count();
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> BaseUrl {
        "https://school.example/gosuslugi/".parse().unwrap()
    }

    #[test]
    fn parses_structure() {
        let html = r#"<html><head><title>Вопросы — Сайт</title></head><body>
            <header><a href="https://www.gosuslugi.ru/"><img src="b.png" alt="Госуслуги"></a></header>
            <main><h1>Часто задаваемые вопросы</h1>
            <h2>Как войти?</h2><p>Через портал, с паролем.</p>
            <details><summary>Сколько стоит?</summary><p>Бесплатно.</p></details>
            <time datetime="2026-10-01">1 октября</time><video src="v.mp4"></video></main>
            <footer><a href="tel:+78000000000">Телефон</a> Часы приёма: 9:00–18:00</footer></body></html>"#;
        let p = parse_page(html, "faq/", &base());
        assert_eq!(p.title, "Вопросы — Сайт");
        assert_eq!(p.h1, ["Часто задаваемые вопросы"]);
        let qs: Vec<_> = p
            .headings
            .iter()
            .filter(|h| h.text.ends_with('?'))
            .collect();
        assert_eq!(qs.len(), 2);
        assert_eq!(qs[0].body_chars, "Через портал, с паролем.".chars().count());
        assert!(p.links[0].image && p.links[0].target.is_on("gosuslugi.ru") && !p.links[0].in_main);
        assert!(p.text.contains("часы приема"));
        assert!(!p.main_text.contains("часы приема"));
        assert_eq!(p.dates.len(), 1);
        assert_eq!(p.videos, 1);
        assert_eq!(p.lang, None);
        assert_eq!(p.outline, [1, 2]);
    }

    #[test]
    fn finds_unlabelled_fields_and_lang() {
        let html = r#"<html lang="ru"><body><form>
            <label for="q">Поиск</label><input id="q">
            <label>Имя <input name="n"></label>
            <input aria-label="Телефон"><input type="hidden" name="t"><input type="submit">
            <input name="bad"><textarea></textarea></form></body></html>"#;
        let p = parse_page(html, "", &base());
        assert_eq!(p.unlabelled_fields, 2);
        assert_eq!(p.lang.as_deref(), Some("ru"));
    }
}
