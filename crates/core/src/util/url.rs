//! URL helpers: hosts as a browser reads them (the `url` crate, WHATWG rules), for the checks
//! that ask whether a link goes to the Gosuslugi portal or to another named host, a URL's
//! path for a link on another server, and text made safe for a query string.

use url::Url;

/// The host of an `http(s)` URL as a browser reads it: lower case, IDN in punycode, without
/// a leading `www.`. `None` for other schemes and for text that is not a URL.
pub fn host_of(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return None;
    }
    let host = u.host_str()?.trim_end_matches('.').to_ascii_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// The path, query and fragment of an `http(s)` URL (`/gosuslugi/centres/`), for a link to
/// the same page on another server; other text is returned as it is.
pub fn path_of(url: &str) -> String {
    match Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {
            let mut out = u.path().to_string();
            if let Some(q) = u.query() {
                out.push('?');
                out.push_str(q);
            }
            if let Some(f) = u.fragment() {
                out.push('#');
                out.push_str(f);
            }
            out
        }
        _ => url.to_string(),
    }
}

/// Whether `host` is `domain` or one of its subdomains.
pub fn host_is_on(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// Percent-encodes text for a query string: everything but unreserved ASCII, byte by byte.
pub fn query_escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_as_a_browser_reads_them() {
        assert_eq!(
            host_of("https://WWW.Gosuslugi.ru/"),
            Some("gosuslugi.ru".into())
        );
        assert_eq!(
            host_of("https://gosuslugi.ru:443@evil.example/"),
            Some("evil.example".into())
        );
        assert_eq!(host_of("mailto:a@b.ru"), None);
        assert!(host_is_on("lk.gosuslugi.ru", "gosuslugi.ru"));
        assert!(host_is_on("gosuslugi.ru", "gosuslugi.ru"));
        assert!(!host_is_on("notgosuslugi.ru", "gosuslugi.ru"));
        assert_eq!(
            query_escape("ул. Ленина, 5"),
            "%D1%83%D0%BB.%20%D0%9B%D0%B5%D0%BD%D0%B8%D0%BD%D0%B0%2C%205"
        );
    }
}
