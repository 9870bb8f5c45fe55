//! `Output`: the rendered site in memory — the pivot that build, serve and check share.
//!
//! A map from output path (`faq/index.html`, `style.css`) to bytes, with each page's kind
//! and source. This module also owns the last steps every HTML page goes through: making
//! internal URLs work wherever the site is published ([`rewrite_urls`]) and minifying.

pub mod feeds;
pub mod snippets;
pub mod urls;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::PageKind;
pub use urls::{UrlMode, rewrite_urls};

/// What we know about a file that is a rendered page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageInfo {
    /// The page's kind.
    pub kind: PageKind,
    /// Its source file, relative to the site root.
    pub source: PathBuf,
    /// Its URL path under the base path (`faq/`).
    pub path: String,
    /// Its title.
    pub title: String,
}

/// One output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Set for rendered pages.
    pub page: Option<PageInfo>,
}

impl OutFile {
    /// A file that is not a page (CSS, feed, image…).
    pub fn asset(bytes: Vec<u8>) -> OutFile {
        OutFile { bytes, page: None }
    }
}

/// The rendered site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Files by path relative to the output root, `/`-separated.
    pub files: BTreeMap<String, OutFile>,
}

impl Output {
    /// Rendered pages only.
    pub fn pages(&self) -> impl Iterator<Item = (&String, &OutFile, &PageInfo)> {
        self.files
            .iter()
            .filter_map(|(k, f)| f.page.as_ref().map(|p| (k, f, p)))
    }

    /// Total size in bytes.
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(|f| f.bytes.len()).sum()
    }
}

/// The minifier's settings: safe, standards-compliant output only.
fn minify_cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: true,
        minify_js: false,
        ..minify_html::Cfg::default()
    }
}

/// The body-only HTML of a rendered page, for sites that carry the section inside their own
/// CMS templates: the inside of `<main>`, with absolute URLs and no scripts.
pub fn fragment(html: &str, base: &crate::config::BaseUrl) -> String {
    let start = html
        .find("<main")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let end = html
        .rfind("</main>")
        .filter(|e| *e >= start)
        .unwrap_or(html.len());
    let mut body = html[start..end].to_string();
    while let Some(i) = body.find("<script") {
        let close = body[i..]
            .find("</script>")
            .map_or(body.len(), |j| i + j + "</script>".len());
        body.replace_range(i..close, "");
    }
    let body = rewrite_urls(body.trim(), &UrlMode::Absolute(base.to_string()));
    format!("{body}\n")
}

/// URL rewriting, then minification when asked.
pub fn finish_html(html: &str, mode: &UrlMode, minify: bool) -> Vec<u8> {
    let html = rewrite_urls(html, mode);
    let mut bytes = if minify {
        minify_html::minify(html.as_bytes(), &minify_cfg())
    } else {
        html.into_bytes()
    };
    // The page stays in memory until the whole site is written: keep exactly its bytes.
    // (mimalloc keeps a block on a shrinking realloc, so shrink_to_fit would not free the
    // slack of Tera's doubling buffer; a copy of the exact size does.)
    if bytes.capacity() > bytes.len() + bytes.len() / 16 {
        bytes = bytes.as_slice().to_vec();
    }
    bytes
}
