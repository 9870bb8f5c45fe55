//! A saved or exported site in a folder, read the way a browser opened on it would read it.
//!
//! - A link to a folder (`sveden`, `sveden/`) opens the folder's index page, and that page's
//!   own relative links are resolved against the folder, as a server that redirects
//!   `sveden` to `sveden/` makes a browser do.
//! - Pages saved from query addresses keep the query in their file name, as browsers and
//!   `wget` save them: `page?Itemid=112`, `page?Itemid=112.html`, and, where `?` cannot be in
//!   a name, `page@Itemid=112.html` (`wget --restrict-file-names=windows`); a link written
//!   `page?Itemid=112` or `page%3FItemid=112` finds them. A page saved without its extension
//!   is found with `.html` added.
//! - Nothing outside the folder is read: a symbolic link that leads out of it is refused.

use std::path::{Path, PathBuf};

use super::crawl::{Fetched, Limits, Problem, Skip, Source};
use super::decode::{decode_html, looks_binary};
use uslugi_core::BaseUrl;

/// A folder's own index page, in the order servers look for them.
const INDEX: [&str; 5] = [
    "index.html",
    "index.htm",
    "index.php",
    "default.htm",
    "default.html",
];

/// A saved or exported site in a folder.
pub struct FolderSource {
    root: PathBuf,
    base: BaseUrl,
}

/// The file a path opens, whether it is a folder's index (so that the page's address is
/// the folder's), and whether it was found under a name the query was saved into.
struct Found {
    file: PathBuf,
    folder: bool,
    saved_query: bool,
}

impl FolderSource {
    /// A folder; fails when it does not exist.
    pub fn new(root: &Path) -> Result<FolderSource, Problem> {
        if !root.is_dir() {
            return Err(Problem::NotAFolder {
                folder: root.display().to_string(),
            });
        }
        // One absolute form, whatever the current directory: `.` and `../x` name the folder.
        let root = root.canonicalize().map_err(|e| Problem::FolderUnreadable {
            folder: root.display().to_string(),
            message: e.to_string(),
        })?;
        Ok(FolderSource {
            root,
            base: "https://folder.invalid/".parse().expect("static base"),
        })
    }

    /// The files a path may have been saved as, most likely first.
    fn candidates(&self, path: &str) -> Vec<(PathBuf, bool)> {
        let (name, query) = match path.split_once('?') {
            Some((n, q)) => (n, Some(q)),
            None => (path, None),
        };
        let dir = self.root.join(name);
        let as_folder = name.is_empty() || name.ends_with('/') || dir.is_dir();
        // The names the page itself may have: the path, or a folder's index page.
        let stems: Vec<(String, bool)> = if as_folder {
            INDEX
                .iter()
                .map(|i| (format!("{}{i}", with_slash(name)), true))
                .collect()
        } else {
            vec![(name.to_string(), false)]
        };
        let mut out = Vec::new();
        if let Some(q) = query.filter(|q| !q.is_empty()) {
            for (stem, folder) in &stems {
                for sep in ['?', '@'] {
                    for ext in ["", ".html", ".htm"] {
                        out.push((self.root.join(format!("{stem}{sep}{q}{ext}")), *folder));
                    }
                }
            }
        }
        for (stem, folder) in &stems {
            out.push((self.root.join(stem), *folder));
            if !folder && !stem.rsplit('/').next().unwrap_or("").contains('.') {
                out.push((self.root.join(format!("{stem}.html")), false));
                out.push((self.root.join(format!("{stem}.htm")), false));
            }
        }
        out
    }

    /// The file a path opens; `Err` names why none can be read.
    fn find(&self, path: &str) -> Result<Found, Problem> {
        let name = path.split('?').next().unwrap_or("");
        if name.split('/').any(|s| s == "..") {
            return Err(Problem::NoFile {
                path: path.to_string(),
            });
        }
        let mut outside = false;
        let query = path.contains('?');
        for (file, folder) in self.candidates(path) {
            if !file.is_file() {
                continue;
            }
            // A symbolic link may lead anywhere: only what stays inside the folder is read.
            match file.canonicalize() {
                Ok(real) if real.starts_with(&self.root) => {
                    let saved_query = query
                        && file
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().contains(['?', '@']));
                    return Ok(Found {
                        file,
                        folder,
                        saved_query,
                    });
                }
                _ => outside = true,
            }
        }
        Err(if outside {
            Problem::OutsideFolder {
                path: path.to_string(),
            }
        } else {
            Problem::NoFile {
                path: path.to_string(),
            }
        })
    }
}

/// `dir` with a trailing slash, unless it is the root (empty).
fn with_slash(dir: &str) -> String {
    if dir.is_empty() || dir.ends_with('/') {
        dir.to_string()
    } else {
        format!("{dir}/")
    }
}

impl Source for FolderSource {
    fn base(&self) -> &BaseUrl {
        &self.base
    }

    fn fetch(&self, path: &str, limits: &Limits) -> Result<Fetched, Skip> {
        let found = self.find(path).map_err(Skip::Problem)?;
        let unreadable = |e: std::io::Error| {
            Skip::Problem(Problem::Unreadable {
                at: path.to_string(),
                message: e.to_string(),
            })
        };
        let meta = std::fs::metadata(&found.file).map_err(unreadable)?;
        if meta.len() > limits.max_bytes {
            return Err(Skip::Problem(Problem::TooLarge {
                at: path.to_string(),
                limit_mb: limits.max_bytes / 1_048_576,
            }));
        }
        let bytes = std::fs::read(&found.file).map_err(unreadable)?;
        if looks_binary(&bytes) {
            return Err(Skip::Problem(Problem::Binary {
                at: path.to_string(),
            }));
        }
        // A folder's index page is at the folder's address, so that its relative links are
        // resolved against the folder.
        let name = path.split('?').next().unwrap_or("");
        let page_path = if found.saved_query {
            // One page, however its query was written (`%3F` or `?`, with `.html` or not):
            // the name it was saved under.
            found
                .file
                .strip_prefix(&self.root)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_else(|_| path.to_string())
        } else if found.folder && !name.is_empty() && !name.ends_with('/') {
            match path.split_once('?') {
                Some((n, q)) => format!("{n}/?{q}"),
                None => format!("{path}/"),
            }
        } else {
            path.to_string()
        };
        Ok(Fetched {
            path: page_path,
            html: decode_html(&bytes, None).0,
        })
    }

    fn display(&self, path: &str) -> String {
        self.find(path)
            .map(|f| f.file)
            .unwrap_or_else(|_| self.root.join(path))
            .display()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn fetched(dir: &Path, path: &str) -> Result<String, Skip> {
        FolderSource::new(dir)
            .unwrap()
            .fetch(path, &Limits::default())
            .map(|f| f.path)
    }

    #[test]
    fn query_pages_are_found_as_browsers_and_wget_save_them() {
        let dir = saved(&[
            ("index.html", "<h1>Главная</h1>"),
            ("portal?Itemid=112.html", "<h1>Через портал</h1>"),
            ("index.html@set_template=default.html", "<h1>Версия</h1>"),
            ("novosti", "<h1>Новости без расширения</h1>"),
            ("sveden/index.html", "<h1>Сведения</h1>"),
        ]);
        // A page saved from a query address is one page, at the name it was saved under,
        // whether its links write the query with `?` or `%3F`, with `.html` or without.
        assert_eq!(
            fetched(dir.path(), "portal?Itemid=112").unwrap(),
            "portal?Itemid=112.html"
        );
        assert_eq!(
            fetched(dir.path(), "portal?Itemid=112.html").unwrap(),
            "portal?Itemid=112.html"
        );
        assert_eq!(
            fetched(dir.path(), "?set_template=default").unwrap(),
            "index.html@set_template=default.html"
        );
        assert_eq!(fetched(dir.path(), "novosti").unwrap(), "novosti");
        // A folder's page is at the folder's address.
        assert_eq!(fetched(dir.path(), "sveden").unwrap(), "sveden/");
        assert!(matches!(
            fetched(dir.path(), "net.html"),
            Err(Skip::Problem(Problem::NoFile { .. }))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_folder_is_not_followed() {
        let outer = tempfile::tempdir().unwrap();
        std::fs::write(outer.path().join("secret.html"), "<h1>Чужое</h1>").unwrap();
        let site = outer.path().join("site");
        std::fs::create_dir(&site).unwrap();
        std::fs::write(site.join("index.html"), "<a href=uslugi.html>x</a>").unwrap();
        std::os::unix::fs::symlink(outer.path().join("secret.html"), site.join("uslugi.html"))
            .unwrap();
        assert!(matches!(
            fetched(&site, "uslugi.html"),
            Err(Skip::Problem(Problem::OutsideFolder { .. }))
        ));
    }
}
