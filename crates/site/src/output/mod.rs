//! `Output`: the rendered site in memory — the pivot that build, serve and check share.
//!
//! A map from output path (`faq/index.html`, `style.css`) to bytes, with each page's kind
//! and source. This module also owns the last steps every HTML page goes through: making
//! internal URLs work wherever the site is published ([`rewrite_urls`]) and, when asked,
//! minifying with minify-html ([`minify`]).

pub(crate) mod urls;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::PageKind;
pub use urls::{UrlMode, rewrite_urls, rewrite_urls_into};

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

/// Two sources that would write the same output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    /// The output path.
    pub path: String,
    /// What wrote it first.
    pub first: String,
    /// What wanted to write it again.
    pub second: String,
}

/// Puts files into an [`Output`], refusing to let one source overwrite another's file: a
/// build never drops a page silently because a tag page, the memo or a static file has the
/// same path.
#[derive(Debug, Default)]
pub struct Assembler {
    out: Output,
    origins: std::collections::HashMap<String, String>,
}

impl Assembler {
    /// Adds `file` at `path`, written by `origin` (a source file, or what made it). The same
    /// bytes twice (one banner image placed in two slots) are one file, not a clash.
    pub fn add(&mut self, path: String, file: OutFile, origin: String) -> Result<(), Clash> {
        if self
            .out
            .files
            .get(&path)
            .is_some_and(|f| f.bytes == file.bytes)
        {
            return Ok(());
        }
        if let Some(first) = self.origins.get(&path) {
            return Err(Clash {
                path,
                first: first.clone(),
                second: origin,
            });
        }
        self.origins.insert(path.clone(), origin);
        self.out.files.insert(path, file);
        Ok(())
    }

    /// The assembled output.
    pub fn finish(self) -> Output {
        self.out
    }
}

/// `[build] minify = true`: minify-html, with safe, standards-compliant output only. It is
/// the one minifier: whatever it does to a page is what the reader gets, so the tests compare
/// every page's title, meta tags, attributes and text with and without it. Rendered pages
/// carry no inline CSS or script (the theme's are files), so minifying CSS and JS would only
/// cost time.
pub fn minify(html: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(html, &cfg)
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

/// URL rewriting, then minification if asked: the bytes of the finished page.
pub fn finish_html(html: &[u8], mode: &UrlMode, minify: bool) -> Vec<u8> {
    let mut urls = Vec::with_capacity(html.len() + html.len() / 16);
    rewrite_urls_into(html, mode, &mut urls);
    if minify {
        self::minify(&urls)
    } else {
        // The page stays in memory until the whole site is written: keep exactly its size.
        urls.shrink_to_fit();
        urls
    }
}
