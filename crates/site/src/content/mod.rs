//! Content: the Markdown pages under `content/`, their front matter, kinds and URLs.
//!
//! Loading reads every `.md` file once, decodes it (see `encoding`), splits and parses the
//! front matter, and gives each page its URL path: from `slug:` or the transliterated file
//! name, with `_index.md` standing for its directory. All problems in all files are
//! collected, so an editor sees every broken page in one run.

pub(crate) mod encoding;
pub(crate) mod front_matter;
pub(crate) mod order;
pub(crate) mod slug;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use thiserror::Error;

pub use front_matter::FrontMatter;
pub use slug::slugify;
pub use uslugi_core::PageKind;
use uslugi_core::diagnostics::{Diagnostic, unknown_field_help};

/// The directory of Markdown content under the site root.
pub const CONTENT_DIR: &str = "content";

/// One page, read and validated.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, e.g. `content/faq.md`.
    pub source: PathBuf,
    /// Path relative to `content/` with `/` separators, e.g. `news/first.md`: what `@/`
    /// links name.
    pub rel: String,
    /// The whole file, decoded, with LF line ends.
    pub text: String,
    /// Where the Markdown body starts in `text`.
    pub body_start: usize,
    /// The parsed front matter.
    pub front: FrontMatter,
    /// The page's kind, after defaults and inheritance.
    pub kind: PageKind,
    /// Whether this is a section's own page (`_index.md`).
    pub is_section: bool,
    /// URL path under the site's base path: `` (home), `faq/`, `news/first/`.
    pub path: String,
    /// URL path of the section the page belongs to (its directory); `None` for the home page.
    pub parent: Option<String>,
}

impl Page {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// 1-based line of the file where the body starts.
    pub fn body_line(&self) -> usize {
        self.text[..self.body_start].matches('\n').count() + 1
    }
}

/// A problem with one content file.
#[derive(Debug, Error)]
pub enum ContentError {
    /// The directory could not be walked (permissions, a symlink loop…).
    #[error("cannot read {path}: {message}")]
    Walk {
        /// Where.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not UTF-8.
    #[error("{path}: {}", problem.describe())]
    Encoding {
        /// The file.
        path: PathBuf,
        /// What it looks like instead.
        problem: encoding::Undecodable,
    },
    /// No `---` block at the top.
    #[error("{path}: the page has no front matter")]
    NoFrontMatter {
        /// The file.
        path: PathBuf,
        /// The file's text.
        text: String,
    },
    /// An opening `---` without a closing one.
    #[error("{path}: the front matter is not closed")]
    UnclosedFrontMatter {
        /// The file.
        path: PathBuf,
        /// The file's text.
        text: String,
    },
    /// Bad YAML, an unknown key or a wrong type.
    #[error("{path}: {message}")]
    FrontMatter {
        /// The file.
        path: PathBuf,
        /// The file's text.
        text: String,
        /// What is wrong.
        message: String,
        /// 1-based line in the file.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// The file name (or `slug:`) has nothing to make a URL from.
    #[error("{path}: cannot make a URL from the name `{name}`")]
    EmptySlug {
        /// The file.
        path: PathBuf,
        /// The name that produced no slug.
        name: String,
    },
    /// Two pages would be written to one URL.
    #[error("{first} and {second} both map to the URL /{url}")]
    DuplicateUrl {
        /// The URL path.
        url: String,
        /// One file.
        first: PathBuf,
        /// The other.
        second: PathBuf,
    },
}

impl ContentError {
    /// The error as a located diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            ContentError::Encoding { path, problem } => Diagnostic::new(problem.describe())
                .in_file(path)
                .with_help(problem.fix(&path.display().to_string())),
            ContentError::NoFrontMatter { path, text } => {
                Diagnostic::new("the page has no front matter")
                    .in_file(path)
                    .at_line(text, 1)
                    .with_help(
                        "start the file with a block such as:\n---\ntitle: Заголовок страницы\n---",
                    )
            }
            ContentError::UnclosedFrontMatter { path, text } => {
                Diagnostic::new("the front matter opened with `---` is never closed")
                    .in_file(path)
                    .at_line(text, 1)
                    .with_help("end the front matter with a line of exactly `---`")
            }
            ContentError::FrontMatter {
                path,
                text,
                message,
                line,
                column,
            } => {
                let d = Diagnostic::new(format!("front matter: {message}"))
                    .in_file(path)
                    .at(text, *line, *column);
                match unknown_field_help(message) {
                    Some(h) => d.with_help(h),
                    None => d,
                }
            }
            ContentError::DuplicateUrl { first, .. } => Diagnostic::new(self.to_string())
                .in_file(first)
                .with_help("give one of them another `slug:` in its front matter"),
            ContentError::EmptySlug { path, .. } => Diagnostic::new(self.to_string())
                .in_file(path)
                .with_help("set `slug:` in the front matter to a Latin name"),
            other => Diagnostic::new(other.to_string()),
        }
    }
}

/// What [`parse_pages`] needs to know.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Keep pages marked `draft: true`.
    pub drafts: bool,
    /// Apply Russian typography to titles, as to the text: the title in the tab, the `<h1>`
    /// and the menus reads as the page's text does.
    pub typography: bool,
}

/// One file found under `content/`: its path relative to the site root and its bytes.
pub struct RawFile {
    /// Relative to the site root.
    pub source: PathBuf,
    /// Relative to `content/`, `/`-separated.
    pub rel: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Reads every `.md` file under `<root>/content`, in a stable order.
pub fn read_files(root: &Path) -> Result<Vec<RawFile>, Vec<ContentError>> {
    let dir = root.join(CONTENT_DIR);
    let mut files = Vec::new();
    let mut errors = Vec::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(ContentError::Walk {
                    path: e.path().map_or_else(|| dir.clone(), Path::to_path_buf),
                    message: e.to_string(),
                });
                continue;
            }
        };
        let is_md = entry
            .path()
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        if !entry.file_type().is_file() || !is_md {
            continue;
        }
        let Ok(inner) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let rel = uslugi_core::util::paths::slash_path(inner);
        let source = Path::new(CONTENT_DIR).join(inner);
        match std::fs::read(entry.path()) {
            Ok(bytes) => files.push(RawFile { source, rel, bytes }),
            Err(e) => errors.push(ContentError::Read {
                path: source,
                source: e,
            }),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

/// Parses the files read by [`read_files`] into pages (in parallel), drops drafts unless
/// asked, assigns kinds and URLs, and checks that no two pages share a URL.
pub fn parse_pages(files: Vec<RawFile>, opts: LoadOptions) -> Result<Vec<Page>, Vec<ContentError>> {
    let results: Vec<Result<Option<Page>, ContentError>> =
        files.into_par_iter().map(|f| parse_page(f, opts)).collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(Some(p)) => pages.push(p),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    inherit_kinds(&mut pages);
    let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
    for p in &pages {
        if let Some(first) = seen.insert(&p.path, &p.source) {
            errors.push(ContentError::DuplicateUrl {
                url: p.path.clone(),
                first: first.to_path_buf(),
                second: p.source.clone(),
            });
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(errors)
    }
}

fn parse_page(file: RawFile, opts: LoadOptions) -> Result<Option<Page>, ContentError> {
    let RawFile { source, rel, bytes } = file;
    let text = encoding::decode_text(&bytes).map_err(|problem| ContentError::Encoding {
        path: source.clone(),
        problem,
    })?;
    let split = match front_matter::split(&text) {
        Ok(s) => s,
        Err(front_matter::SplitError::Missing) => {
            return Err(ContentError::NoFrontMatter { path: source, text });
        }
        Err(front_matter::SplitError::Unclosed) => {
            return Err(ContentError::UnclosedFrontMatter { path: source, text });
        }
    };
    let mut front = match front_matter::parse(&text[split.yaml.0..split.yaml.1]) {
        Ok(f) => f,
        Err(p) => {
            // The YAML starts on line 2 of the file.
            let line = p.line.map_or(1, |l| l + 1);
            let column = p.column.unwrap_or(1);
            return Err(ContentError::FrontMatter {
                path: source,
                text,
                message: p.message,
                line,
                column,
            });
        }
    };
    if front.draft && !opts.drafts {
        return Ok(None);
    }
    if opts.typography {
        front.title = crate::typography::apply(&front.title);
    }
    let (path, parent, is_section) =
        url_path(&rel, front.slug.as_deref()).map_err(|name| ContentError::EmptySlug {
            path: source.clone(),
            name,
        })?;
    let kind = front.kind.unwrap_or(if path.is_empty() {
        PageKind::Home
    } else {
        PageKind::Page
    });
    Ok(Some(Page {
        source,
        rel,
        body_start: split.body_start,
        text,
        front,
        kind,
        is_section,
        path,
        parent,
    }))
}

/// URL path, parent section path and whether the file is a section page, from the path
/// relative to `content/`. `Err` carries a name that yields an empty slug.
fn url_path(
    rel: &str,
    slug_override: Option<&str>,
) -> Result<(String, Option<String>, bool), String> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop().unwrap_or_default();
    let mut dir = String::new();
    for d in parts {
        let s = slug::slugify(d);
        if s.is_empty() {
            return Err(d.to_string());
        }
        dir.push_str(&s);
        dir.push('/');
    }
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if stem == "_index" {
        let parent = if dir.is_empty() {
            None
        } else {
            let trimmed = &dir[..dir.len() - 1];
            Some(
                trimmed
                    .rsplit_once('/')
                    .map_or(String::new(), |(p, _)| format!("{p}/")),
            )
        };
        return Ok((dir, parent, true));
    }
    let name = slug_override.unwrap_or(stem);
    let s = slug::slugify(name);
    if s.is_empty() {
        return Err(name.to_string());
    }
    Ok((format!("{dir}{s}/"), Some(dir), false))
}

/// A page without a declared kind takes its section's kind (`news/` items become news),
/// unless that kind is `home` or `page`.
fn inherit_kinds(pages: &mut [Page]) {
    let section_kinds: BTreeMap<String, PageKind> = pages
        .iter()
        .filter(|p| p.is_section && p.front.kind.is_some())
        .map(|p| (p.path.clone(), p.kind))
        .collect();
    for p in pages
        .iter_mut()
        .filter(|p| !p.is_section && p.front.kind.is_none())
    {
        if let Some(k) = p.parent.as_ref().and_then(|s| section_kinds.get(s))
            && !matches!(k, PageKind::Home | PageKind::Page)
        {
            p.kind = *k;
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn raw(rel: &str, text: &str) -> RawFile {
        RawFile {
            source: Path::new(CONTENT_DIR).join(rel),
            rel: rel.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn urls_from_names_and_slugs() {
        assert_eq!(
            url_path("_index.md", None).unwrap(),
            (String::new(), None, true)
        );
        assert_eq!(
            url_path("Часто задаваемые вопросы.md", None).unwrap(),
            (
                "chasto-zadavaemye-voprosy/".into(),
                Some(String::new()),
                false
            )
        );
        assert_eq!(
            url_path("news/_index.md", None).unwrap(),
            ("news/".into(), Some(String::new()), true)
        );
        assert_eq!(
            url_path("a/b/_index.md", None).unwrap(),
            ("a/b/".into(), Some("a/".into()), true)
        );
        assert_eq!(
            url_path("news/x.md", Some("Первая")).unwrap().0,
            "news/pervaya/"
        );
        assert!(url_path("!!!.md", None).is_err());
    }

    #[test]
    fn news_items_inherit_kind_and_drafts_are_skipped() {
        let files = vec![
            raw("_index.md", "---\ntitle: Главная\n---\n"),
            raw("news/_index.md", "---\ntitle: Новости\nkind: news\n---\n"),
            raw(
                "news/one.md",
                "---\ntitle: Одна\ndate: 2026-01-01\n---\nТекст\n",
            ),
            raw("news/two.md", "---\ntitle: Две\ndraft: true\n---\n"),
        ];
        let pages = parse_pages(files, LoadOptions::default()).unwrap();
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[0].kind, PageKind::Home);
        assert_eq!(pages[2].kind, PageKind::News);
        assert_eq!(pages[2].body(), "Текст\n");
        assert_eq!(pages[2].body_line(), 5);
    }

    #[test]
    fn duplicate_urls_name_both_files() {
        let files = vec![
            raw("faq.md", "---\ntitle: A\n---\n"),
            raw("other.md", "---\ntitle: B\nslug: faq\n---\n"),
        ];
        let errs = parse_pages(files, LoadOptions::default()).unwrap_err();
        let msg = errs[0].to_string();
        assert!(msg.contains("faq.md") && msg.contains("other.md"), "{msg}");
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let files = vec![raw("a.md", "---\ntitle: A\nkindd: faq\n---\n")];
        let errs = parse_pages(files, LoadOptions::default()).unwrap_err();
        let d = errs[0].to_diagnostic();
        assert_eq!(d.line, Some(3));
        assert_eq!(d.help.as_deref(), Some("did you mean `kind`?"));
        assert_eq!(d.source_line.as_deref(), Some("kindd: faq"));
    }
}
