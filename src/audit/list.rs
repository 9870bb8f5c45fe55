//! `--list sites.txt`: one site per line — a URL or a folder, then optionally a tab and the
//! site's name; blank lines and lines starting with `#` are skipped. Folders are relative to
//! the list file.

use std::path::Path;

/// One site to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// A URL (`http://`, `https://`) or a folder path.
    pub location: String,
    /// The name shown in reports and the ranking.
    pub name: String,
}

impl Target {
    /// A target named after its location.
    pub fn new(location: &str) -> Target {
        let name = location
            .trim_end_matches('/')
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .to_string();
        Target {
            location: location.to_string(),
            name: if name.is_empty() {
                location.to_string()
            } else {
                name
            },
        }
    }

    /// Whether the location is a URL.
    pub fn is_url(&self) -> bool {
        self.location.starts_with("http://") || self.location.starts_with("https://")
    }
}

/// Parses a list file's text; `dir` is the list file's directory.
pub fn parse(text: &str, dir: &Path) -> Result<Vec<Target>, String> {
    let mut out = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim_start_matches('\u{feff}').trim_end();
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (location, name) = match line.split_once('\t') {
            Some((l, n)) => (l.trim(), Some(n.trim())),
            None => (line.trim(), None),
        };
        if location.contains("://")
            && !location.starts_with("http://")
            && !location.starts_with("https://")
        {
            return Err(format!(
                "line {}: only http:// and https:// addresses can be audited: {location}",
                n + 1
            ));
        }
        let mut t = Target::new(location);
        if !t.is_url() && Path::new(location).is_relative() {
            t.location = dir.join(location).to_string_lossy().into_owned();
        }
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            t.name = name.to_string();
        }
        out.push(t);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_comments_and_folders() {
        let text = "# районы\nhttps://school5.example/\tШкола № 5\n\n  # отключено\nsaved/site2\n";
        let list = parse(text, Path::new("/data")).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].name, "Школа № 5");
        assert!(list[0].is_url());
        assert_eq!(list[1].location, "/data/saved/site2");
        assert_eq!(list[1].name, "saved/site2");
        assert!(parse("ftp://x.ru/\n", Path::new(".")).is_err());
    }
}
