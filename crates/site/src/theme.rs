//! Themes: Tera templates and static files, held in memory.
//!
//! Three layers, each overriding the one before by file name: the built-in default theme
//! (embedded in the binary, so any site builds with nothing else around), the site's
//! `themes/<theme>/`, and the site's own `templates/` and `static/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// `(name, contents)` pairs of files under `themes/default/<dir>/`, embedded at compile time.
macro_rules! embed {
    ($dir:literal, $include:ident, $($name:literal),* $(,)?) => {
        &[$(($name, $include!(concat!("../../../themes/default/", $dir, "/", $name)))),*]
    };
}

/// The default theme's templates, embedded at compile time (a test checks none is missing).
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embed!(
    "templates",
    include_str,
    "base.html",
    "home.html",
    "page.html",
    "section.html",
    "news_list.html",
    "news.html",
    "benefits.html",
    "registration.html",
    "services.html",
    "centres.html",
    "faq.html",
    "appeal.html",
    "survey.html",
    "media.html",
    "staff.html",
    "memo.html",
    "tag.html",
    "404.html",
    "partials/news_card.html",
    "partials/page_list.html",
);

/// The default theme's static files, embedded at compile time (a test checks none is missing).
pub const DEFAULT_STATIC: &[(&str, &[u8])] = embed!(
    "static",
    include_bytes,
    "style.css",
    "a11y.js",
    "centres.js",
    "favicon.svg",
    "e-services-logo.svg",
    "portal-banner-728x90.svg",
);

/// A template and where it came from.
#[derive(Debug, Clone)]
pub struct Template {
    /// The template's text.
    pub source: String,
    /// The file it was read from; `None` for the embedded default theme.
    pub origin: Option<PathBuf>,
}

/// A theme's templates (by name) and static files (by output path).
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Templates by name, e.g. `faq.html`, `partials/news_card.html`.
    pub templates: BTreeMap<String, Template>,
    /// Static files by path in the output, e.g. `style.css`.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Where each static file that is not built in was read from (relative to the site
    /// root), so that a clash with a page can name it.
    pub static_origins: BTreeMap<String, PathBuf>,
}

/// What can go wrong loading a theme.
#[derive(Debug, Error)]
pub enum ThemeError {
    /// `theme = "x"` names a theme that is neither built in nor under `themes/`.
    #[error("theme `{name}` not found: there is no {dir} and the only built-in theme is `default`")]
    NotFound {
        /// The theme's name.
        name: String,
        /// Where it was looked for.
        dir: PathBuf,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A template is not UTF-8.
    #[error("{path} is not UTF-8 text")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
}

impl Theme {
    /// Where the static file `name` comes from, for messages.
    pub fn static_origin(&self, name: &str) -> String {
        match self.static_origins.get(name) {
            Some(p) => uslugi_core::util::paths::slash_path(p),
            None => format!("static/{name} of the built-in default theme"),
        }
    }

    /// The built-in default theme.
    pub fn embedded() -> Theme {
        Theme {
            templates: DEFAULT_TEMPLATES
                .iter()
                .map(|(n, s)| {
                    (
                        n.to_string(),
                        Template {
                            source: s.to_string(),
                            origin: None,
                        },
                    )
                })
                .collect(),
            static_files: DEFAULT_STATIC
                .iter()
                .map(|(n, b)| (n.to_string(), b.to_vec()))
                .collect(),
            static_origins: BTreeMap::new(),
        }
    }

    /// The theme named in `site.toml`, with the site's own overrides on top.
    pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
        let mut theme = Theme::embedded();
        let dir = root.join("themes").join(name);
        if dir.is_dir() {
            theme.overlay_templates(root, &dir.join("templates"))?;
            theme.overlay_static(root, &dir.join("static"))?;
        } else if name != "default" {
            return Err(ThemeError::NotFound {
                name: name.to_string(),
                dir: Path::new("themes").join(name),
            });
        }
        theme.overlay_templates(root, &root.join("templates"))?;
        theme.overlay_static(root, &root.join("static"))?;
        Ok(theme)
    }

    fn overlay_templates(&mut self, root: &Path, dir: &Path) -> Result<(), ThemeError> {
        for (name, path, bytes) in read_tree(root, dir)? {
            let source =
                String::from_utf8(bytes).map_err(|_| ThemeError::NotUtf8 { path: path.clone() })?;
            let source =
                crate::content::encoding::normalize_newlines(source.trim_start_matches('\u{feff}'));
            self.templates.insert(
                name,
                Template {
                    source,
                    origin: Some(path),
                },
            );
        }
        Ok(())
    }

    fn overlay_static(&mut self, root: &Path, dir: &Path) -> Result<(), ThemeError> {
        for (name, path, bytes) in read_tree(root, dir)? {
            self.static_origins.insert(name.clone(), path);
            self.static_files.insert(name, bytes);
        }
        Ok(())
    }
}

/// Every file under `dir` as (path relative to `dir` with `/`, path relative to `root`,
/// bytes). Symbolic links are not followed, so a link loop cannot hang the build.
fn read_tree(root: &Path, dir: &Path) -> Result<Vec<(String, PathBuf, Vec<u8>)>, ThemeError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| ThemeError::Read {
            path: e
                .path()
                .map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
            message: e.to_string(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(inner) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = uslugi_core::util::paths::slash_path(inner);
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        let shown = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let bytes = std::fs::read(entry.path()).map_err(|e| ThemeError::Read {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        out.push((name, shown, bytes));
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every file of `themes/default/` must be embedded, or a site without a `themes/`
    /// directory (and `uslugi init`) would miss it.
    #[test]
    fn every_default_theme_file_is_embedded() {
        // Tests run in their crate's folder; the example site is the workspace root.
        let root = Path::new("../..");
        let on_disk = |dir: &str| -> Vec<String> {
            let mut names: Vec<String> = read_tree(root, &root.join("themes/default").join(dir))
                .unwrap()
                .into_iter()
                .map(|(n, _, _)| n)
                .collect();
            names.sort();
            names
        };
        let mut templates: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        templates.sort();
        assert_eq!(templates, on_disk("templates"));
        let mut statics: Vec<String> = DEFAULT_STATIC.iter().map(|(n, _)| n.to_string()).collect();
        statics.sort();
        assert_eq!(statics, on_disk("static"));
    }
}
