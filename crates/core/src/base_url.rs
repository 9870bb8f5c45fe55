//! A site's public address. `base_url` may carry a sub-path (`https://school5.ru/gosuslugi/`);
//! [`BaseUrl`] keeps the origin and the path apart so every absolute URL is made the same way.

use std::fmt;
use std::str::FromStr;

/// A site's public address: an `http(s)` origin and a path that starts and ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    origin: String,
    path: String,
}

impl BaseUrl {
    /// `https://school5.ru` (no trailing slash).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// `/gosuslugi/` or `/`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The absolute URL of a site path such as `faq/` or `` (the home page).
    pub fn join(&self, site_path: &str) -> String {
        format!(
            "{}{}{}",
            self.origin,
            self.path,
            site_path.trim_start_matches('/')
        )
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.origin, self.path)
    }
}

impl FromStr for BaseUrl {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let rest = s
            .strip_prefix("https://")
            .or_else(|| s.strip_prefix("http://"))
            .ok_or_else(|| format!("base_url `{s}` must start with https:// or http://"))?;
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("base_url `{s}` has no valid host name"));
        }
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(format!(
                "base_url `{s}` must be a plain address without ?, # or spaces"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        let scheme_len = s.len() - rest.len();
        Ok(BaseUrl {
            origin: format!("{}{}", &s[..scheme_len], host),
            path,
        })
    }
}

serde_via_str!(BaseUrl);
