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
    /// A target named after its location: a site by its host (and sub-path, if any), a
    /// folder by its own name — never by the whole path to it.
    pub fn new(location: &str) -> Target {
        Target {
            location: location.to_string(),
            name: default_name(location),
        }
    }

    /// Whether the location is a URL.
    pub fn is_url(&self) -> bool {
        self.location.starts_with("http://") || self.location.starts_with("https://")
    }
}

/// The name a location gets when the list gives none.
fn default_name(location: &str) -> String {
    if let Ok(u) = url::Url::parse(location)
        && matches!(u.scheme(), "http" | "https")
        && let Some(host) = u.host_str()
    {
        let host = host.strip_prefix("www.").unwrap_or(host);
        let host = match u.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let path = u.path().trim_matches('/');
        return if path.is_empty() {
            host.to_string()
        } else {
            format!("{host}/{path}")
        };
    }
    let path = Path::new(location);
    let named = path
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()));
    named.unwrap_or_else(|| location.to_string())
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
            t.name = default_name(&t.location);
        }
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            t.name = name.to_string();
        }
        out.push(t);
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn parses_names_comments_and_folders() {
        let text = "# районы\nhttps://school5.example/\tШкола № 5\n\n  # отключено\nsaved/site2\n";
        let list = parse(text, Path::new("/data")).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].name, "Школа № 5");
        assert!(list[0].is_url());
        assert_eq!(list[1].location, "/data/saved/site2");
        assert_eq!(list[1].name, "site2", "a folder by its own name");
        assert_eq!(
            Target::new("https://www.school5.example/").name,
            "school5.example"
        );
        assert_eq!(
            Target::new("http://uo.example/gosuslugi/").name,
            "uo.example/gosuslugi"
        );
        assert!(parse("ftp://x.ru/\n", Path::new(".")).is_err());
    }
}
