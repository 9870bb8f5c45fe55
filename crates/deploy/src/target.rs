//! Where to publish: `sftp://user@host[:port]/path/`, `ftps://…` (explicit TLS) or `ftp://…`.
//!
//! A target never carries a password: one written into the address is refused, so that it
//! cannot end up in `site.toml`, a CI log or an error message. The password comes from the
//! environment, the key from a file or the SSH agent.

use std::fmt;

use crate::error::DeployError;

/// The protocol of a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// SSH file transfer.
    Sftp,
    /// FTP with explicit TLS (`AUTH TLS`) on the control and data connections.
    Ftps,
    /// Plain FTP: everything, the password included, travels in clear text.
    Ftp,
}

impl Scheme {
    /// The scheme as written in an address.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Sftp => "sftp",
            Scheme::Ftps => "ftps",
            Scheme::Ftp => "ftp",
        }
    }

    /// The port used when the address names none.
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Sftp => 22,
            Scheme::Ftps | Scheme::Ftp => 21,
        }
    }
}

/// A parsed target address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The protocol.
    pub scheme: Scheme,
    /// Who to log in as.
    pub user: String,
    /// Host name or address.
    pub host: String,
    /// Port.
    pub port: u16,
    /// The folder on the server that receives the site, absolute or relative to the login
    /// folder, always ending in `/`.
    pub path: String,
}

impl Target {
    /// Parses an address; refuses one with a password in it, a missing user or folder, or
    /// an unknown scheme.
    pub fn parse(text: &str) -> Result<Target, DeployError> {
        let bad = |why: &str| DeployError::BadTarget {
            target: redact(text),
            why: why.to_string(),
        };
        // The URL parser resolves `..` away: look for it in the text as written.
        if text
            .split('/')
            .any(|s| s == ".." || s.eq_ignore_ascii_case("%2e%2e"))
        {
            return Err(bad("the folder may not contain `..`"));
        }
        let url = url::Url::parse(text.trim()).map_err(|e| bad(&e.to_string()))?;
        if url.password().is_some() {
            return Err(DeployError::SecretInTarget {
                target: redact(text),
            });
        }
        let scheme = match url.scheme() {
            "sftp" => Scheme::Sftp,
            "ftps" => Scheme::Ftps,
            "ftp" => Scheme::Ftp,
            other => {
                return Err(bad(&format!(
                    "`{other}` is not a way to publish: use sftp://, ftps:// or ftp://"
                )));
            }
        };
        let user = percent_decode(url.username());
        if user.is_empty() {
            return Err(bad("name the user to log in as: sftp://user@host/path/"));
        }
        let host = match url.host() {
            Some(url::Host::Ipv6(a)) => a.to_string(),
            Some(h) => h.to_string(),
            None => return Err(bad("the address names no host")),
        };
        let mut path = percent_decode(url.path());
        // `sftp://u@h/~/www/` and `sftp://u@h/www/` both mean a folder under the login
        // folder; `sftp://u@h//var/www/` is absolute.
        path = match path.strip_prefix("//") {
            Some(abs) => format!("/{abs}"),
            None => path
                .trim_start_matches('/')
                .trim_start_matches("~/")
                .to_string(),
        };
        if path.is_empty() || path == "~" {
            return Err(bad(
                "name the folder that receives the site, e.g. sftp://user@host/www/gosuslugi/",
            ));
        }
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(Target {
            scheme,
            user,
            host,
            port: url.port().unwrap_or(scheme.default_port()),
            path,
        })
    }

    /// `host:port`, for connecting and for messages.
    pub fn endpoint(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The full path on the server of `rel`, a `/`-separated path inside the site.
    pub fn remote(&self, rel: &str) -> String {
        format!("{}{rel}", self.path)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // An absolute folder shows as `host//var/www/`, the way it is written.
        write!(
            f,
            "{}://{}@{}/{}",
            self.scheme.as_str(),
            self.user,
            self.endpoint(),
            self.path
        )
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The address with whatever stands between `//` and `@` cut down to the user, so that a
/// password typed into it is never repeated.
pub fn redact(text: &str) -> String {
    let Some(start) = text.find("://").map(|i| i + 3) else {
        return text.to_string();
    };
    let rest = &text[start..];
    let auth_end = rest.find('/').unwrap_or(rest.len());
    match rest[..auth_end].rfind('@') {
        Some(at) => {
            let user = rest[..at].split(':').next().unwrap_or("");
            format!("{}{user}:***@{}", &text[..start], &rest[at + 1..])
        }
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_schemes() {
        let t = Target::parse("sftp://school5@hosting.example:2222/www/gosuslugi").unwrap();
        assert_eq!(t.scheme, Scheme::Sftp);
        assert_eq!(
            (t.user.as_str(), t.host.as_str(), t.port),
            ("school5", "hosting.example", 2222)
        );
        assert_eq!(t.path, "www/gosuslugi/");
        let t = Target::parse("ftps://u@h.example/public_html/").unwrap();
        assert_eq!(
            (t.scheme, t.port, t.path.as_str()),
            (Scheme::Ftps, 21, "public_html/")
        );
        let t = Target::parse("ftp://u@h.example//var/www/site/").unwrap();
        assert_eq!((t.scheme, t.path.as_str()), (Scheme::Ftp, "/var/www/site/"));
        assert_eq!(t.to_string(), "ftp://u@h.example:21//var/www/site/");
        assert_eq!(t.remote("faq/index.html"), "/var/www/site/faq/index.html");
    }

    #[test]
    fn a_cyrillic_folder_is_the_folder_as_written() {
        for text in [
            "sftp://u@h/www/госуслуги/",
            "sftp://u@h/www/%D0%B3%D0%BE%D1%81%D1%83%D1%81%D0%BB%D1%83%D0%B3%D0%B8/",
        ] {
            assert_eq!(
                Target::parse(text).unwrap().path,
                "www/госуслуги/",
                "{text}"
            );
        }
    }

    #[test]
    fn refuses_a_password_and_never_repeats_it() {
        let e = Target::parse("sftp://school5:Secret123@h.example/www/").unwrap_err();
        assert!(matches!(e, DeployError::SecretInTarget { .. }));
        let text = format!("{e} {:?}", e);
        assert!(!text.contains("Secret123"), "{text}");
        assert!(text.contains("school5"), "{text}");
    }

    #[test]
    fn says_what_is_missing() {
        for (bad, words) in [
            ("http://u@h/www/", "sftp://"),
            ("sftp://h.example/www/", "user"),
            ("sftp://u@h.example/", "folder"),
            ("sftp://u@h.example/www/../etc/", ".."),
            ("not an address", "relative URL"),
        ] {
            let e = Target::parse(bad).unwrap_err().to_string();
            assert!(e.contains(words), "{bad}: {e}");
        }
    }
}
