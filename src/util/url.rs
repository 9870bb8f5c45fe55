//! URL hosts as a browser reads them (the `url` crate, WHATWG rules), for the checks that ask
//! whether a link goes to the Gosuslugi portal or to another named host.

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

/// Whether `host` is `domain` or one of its subdomains.
pub fn host_is_on(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|rest| rest.ends_with('.'))
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
    }
}
