//! Where a finding is acted on, and the fingerprint that follows it from run to run.
//!
//! A finding on a site uslugi builds names a file of that site: the Markdown page that
//! carries (or should carry) the material, the line of starter text left in it, the key of
//! `site.toml` that holds organisation data, or a file to create. The generator fills it in
//! (`uslugi_site::locate`); the rule engine only carries it. A foreign site in `audit` has no
//! files, so its findings keep their page addresses.

use serde::Serialize;
use uslugi_core::diagnostics::line_col;
use uslugi_core::util::hash::fnv64;

use crate::report::RuleResult;

/// A place in the site's source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, relative to the site root, with `/` between folders.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The `site.toml` key the finding is about (`organization.phone`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The file does not exist yet: create it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub create: bool,
    /// The text the finding is about (the starter line, the key, the missing page's path):
    /// what the fingerprint is made of, so that moving lines above it changes nothing.
    #[serde(skip)]
    pub about: String,
}

impl Location {
    /// Line and column of byte offset `at` in `text`.
    pub fn at_offset(file: &str, text: &str, at: usize) -> Location {
        let (line, column) = line_col(text, at);
        Location {
            file: file.to_string(),
            line,
            column,
            key: None,
            create: false,
            about: text
                .split('\n')
                .nth(line - 1)
                .unwrap_or("")
                .trim()
                .to_string(),
        }
    }

    /// The first line of a file.
    pub fn file_start(file: &str) -> Location {
        Location {
            file: file.to_string(),
            line: 1,
            column: 1,
            key: None,
            create: false,
            about: String::new(),
        }
    }

    /// A file that does not exist yet.
    pub fn to_create(file: &str) -> Location {
        Location {
            create: true,
            about: file.to_string(),
            ..Location::file_start(file)
        }
    }

    /// `file:line:column`, prefixed with the folder the site sits in (`""` or `site/`).
    pub fn display(&self, prefix: &str) -> String {
        format!("{prefix}{}:{}:{}", self.file, self.line, self.column)
    }
}

/// The fingerprint of `r`: its rule, the file (or, on a foreign site, the first page) it is
/// about, and a hash of the text it is about. It stays the same when lines above move, and
/// differs between any two findings of one report, which never has two results of a rule.
/// A material no page carries is about no page: its fingerprint does not depend on the name
/// the site was given on the command line.
pub fn fingerprint(r: &RuleResult) -> String {
    let (place, about) = match &r.location {
        Some(l) => (l.file.as_str(), l.about.clone()),
        None => (
            r.evidence.first().map_or("", |e| e.as_str()),
            r.lacking.join("\n"),
        ),
    };
    let about = about.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = format!("{}\0{place}\0{about}", r.id);
    format!("{}/{:016x}", r.id, fnv64(key.as_bytes()))
}

/// Path prefixes for showing the site's files: from where the command was given (for people
/// and terminals) and from the root of the repository the site is kept in (for CI).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefixes {
    /// Before each path in the text report: `""` when run from the site's own folder.
    pub shown: String,
    /// Before each path in SARIF, JUnit and Code Quality: `""` when the site is the
    /// repository.
    pub repository: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let text = "---\ntitle: Центры\n---\n\nТекст [Заполните: центры]\n";
        let at = text.find("[Заполните").unwrap();
        let l = Location::at_offset("content/centres.md", text, at);
        assert_eq!((l.line, l.column), (5, 7));
        assert_eq!(l.about, "Текст [Заполните: центры]");
        assert_eq!(l.display("site/"), "site/content/centres.md:5:7");
        let end = Location::at_offset("x.md", "a\nb", 99);
        assert_eq!((end.line, end.column), (2, 2));
    }
}
