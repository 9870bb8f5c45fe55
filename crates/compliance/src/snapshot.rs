//! `Snapshot`: pages as the compliance rules see them.
//!
//! Made from HTML — our own rendered `Output`, or pages crawled from any other site — so
//! one rule engine judges both. A page keeps its URL, its kind (declared by our front matter,
//! or inferred for a foreign site), title, headings with how much text follows each, its main
//! text and whole text, links resolved against the page, images and dates.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use uslugi_core::BaseUrl;
use uslugi_core::PageKind;
use uslugi_core::date::Date;

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
    /// Whether it is inside the main content (not the header, navigation, menus or footer).
    pub in_main: bool,
}

/// A block of a page as a person reads it: a title and what it heads. Mostly a heading with
/// the text up to the next one — or what a CMS uses as a heading for a question: `<summary>`,
/// `<dt>`, a bold paragraph, an accordion title — and also a table row (its first cell heads
/// the others) and a «Вопрос: … Ответ: …» pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6; a `<summary>` counts as 3, a bold paragraph 4, a row or a «Вопрос:» pair 5.
    pub level: u8,
    /// Its text.
    pub text: String,
    /// Characters of text between it and the next heading: the "answer" under a question.
    pub body_chars: usize,
    /// The start of that text (about 1,500 characters), normalized.
    pub body: String,
    /// What made it a block.
    pub source: BlockSource,
}

/// What made a block of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BlockSource {
    /// A heading or an element used as one.
    #[default]
    Heading,
    /// A table row: its first cell heads the rest.
    Row,
    /// A paragraph labelled «Вопрос:», with the «Ответ:» after it.
    Label,
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
    /// Text of the main content — `<main>`, or the body less navigation, header, footer and
    /// menus — lower-cased, `ё` as `е`.
    pub main_text: String,
    /// Text of the whole body, lower-cased, `ё` as `е`, with image `alt`s.
    pub text: String,
    /// Every link of the page.
    pub links: Vec<Link>,
    /// `src` and `alt` of every image.
    pub images: Vec<(String, Option<String>)>,
    /// Publication dates, from `<time>`, meta tags, JSON-LD, date elements and the text
    /// near the headline.
    pub dates: Vec<Date>,
    /// Whether the markup says when the page was published (`<time>`, `datePublished`, a date
    /// element), not only a date written near the headline.
    pub published: bool,
    /// Videos: `<video>` elements and embedded players (YouTube, Rutube, VK Video).
    pub videos: usize,
    /// `alt` texts of the images in the main content, lower-cased.
    pub main_alts: String,
    /// Whether the main content still has starter text that asks the editor for something
    /// (`[Заполните: …]`, as `uslugi init` writes it).
    pub starter: bool,
    /// Where `<meta http-equiv="refresh">` sends the visitor, if anywhere.
    pub refresh: Option<Target>,
    /// `<html lang>`, when set and not empty.
    pub lang: Option<String>,
    /// Levels of every `h1`–`h6` of the whole page, in order.
    pub outline: Vec<u8>,
    /// Form fields (`input`, `select`, `textarea`) without a label or an accessible name.
    pub unlabelled_fields: usize,
    /// Whether the page was too large for its tree to be built whole, so that only its start
    /// was read (see [`super::dom`]).
    pub cut: bool,
    /// The site's own pages this page shows in `<frame>`s and `<iframe>`s, which a visitor
    /// sees as part of it.
    pub frames: Vec<String>,
    /// Whether the page says it is not ready yet («страница в разработке», «раздел
    /// наполняется») and has little else: a stub, like starter text.
    pub stub: bool,
}

impl SnapPage {
    /// Takes in a page shown in one of this page's frames, as a visitor sees it: its text,
    /// headings, links, images and dates become this page's own.
    pub fn absorb(&mut self, frame: SnapPage) {
        let join = |a: &mut String, b: &str| {
            if !b.is_empty() {
                if !a.is_empty() {
                    a.push(' ');
                }
                a.push_str(b);
            }
        };
        join(&mut self.main_text, &frame.main_text);
        join(&mut self.text, &frame.text);
        join(&mut self.main_alts, &frame.main_alts);
        self.h1.extend(frame.h1);
        self.headings.extend(frame.headings);
        self.links.extend(frame.links);
        self.images.extend(frame.images);
        self.dates.extend(frame.dates);
        self.outline.extend(frame.outline);
        self.videos += frame.videos;
        self.unlabelled_fields += frame.unlabelled_fields;
        self.starter |= frame.starter;
        self.stub = crate::parse::is_stub(&self.main_text);
        self.cut |= frame.cut;
        if self.lang.is_none() {
            self.lang = frame.lang;
        }
    }

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

    /// Snapshot of a site whose pages declare what they are: the generator's own output.
    pub fn from_rendered(pages: &[Rendered<'_>], base: &BaseUrl) -> Snapshot {
        let mut pages: Vec<SnapPage> = pages
            .par_iter()
            .map(|r| {
                let html = String::from_utf8_lossy(r.html);
                let mut page = parse_page(&html, r.path, base);
                page.kind = Some(r.kind);
                page.source = Some(r.source.to_path_buf());
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

/// One page of a site uslugi rendered itself: its HTML, the kind its front matter declares
/// and the file it was made from.
#[derive(Debug, Clone, Copy)]
pub struct Rendered<'a> {
    /// Path under the base path: `` for the home page, `faq/`.
    pub path: &'a str,
    /// The page as served.
    pub html: &'a [u8],
    /// The kind its front matter declares.
    pub kind: PageKind,
    /// The Markdown file, relative to the site root.
    pub source: &'a Path,
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

pub use super::parse::parse_page;
