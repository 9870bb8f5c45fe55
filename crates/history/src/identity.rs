//! One site across runs: its address with the scheme, a leading `www.`, a default port and a
//! trailing `/` taken away, the host in lower case. `http://www.School5.ru/` and
//! `https://school5.ru` are one site; a folder is itself.

/// The key a site is remembered by.
pub fn site_key(location: &str) -> String {
    let trimmed = location.trim();
    let Some((scheme, rest)) = trimmed.split_once("://") else {
        return trimmed.trim_end_matches('/').to_string();
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return trimmed.to_string();
    }
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let host = authority
        .rsplit('@')
        .next()
        .unwrap_or(authority)
        .to_lowercase();
    let host = host
        .strip_suffix(":80")
        .or_else(|| host.strip_suffix(":443"))
        .unwrap_or(&host);
    let host = host.strip_prefix("www.").unwrap_or(host);
    let path = path.split('#').next().unwrap_or("").trim_end_matches('/');
    format!("{host}{path}")
}

#[cfg(test)]
mod tests {
    use super::site_key;

    #[test]
    fn one_site_whatever_its_address() {
        let key = site_key("https://school5.ru");
        for same in [
            "http://school5.ru/",
            "https://www.school5.ru/",
            "HTTP://WWW.School5.RU",
            "https://school5.ru:443/",
        ] {
            assert_eq!(site_key(same), key, "{same}");
        }
        assert_eq!(
            site_key("https://school5.ru/gosuslugi/"),
            "school5.ru/gosuslugi"
        );
        assert_ne!(site_key("https://school6.ru/"), key);
        assert_eq!(site_key("sites/school5/"), "sites/school5");
    }
}
