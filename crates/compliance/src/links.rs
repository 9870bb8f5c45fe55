//! Where a link goes, through a real URL parser (the `url` crate, WHATWG rules): hosts with
//! user info, ports, IDN and IPv6 are read as a browser reads them, so
//! `https://gosuslugi.ru:443@evil.example/` is `evil.example`, not the portal.
//!
//! A link is resolved against the page it is on. It is the site's own page when its host
//! is the site's (with or without `www.`, over `http` or `https`, or written `//host/…`) and
//! its path is under the site's base path; anything else is external. Banner links that go
//! through a CMS click-tracker (Bitrix `/bitrix/rk.php?goto=…`, generic `?url=`/`?goto=`
//! redirects) are taken to their destination.

use url::Url;

use uslugi_core::BaseUrl;

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A page of the same site: its path under the base path (`faq/`), and the fragment.
    Internal {
        /// Path under the site's base path.
        path: String,
        /// The part after `#`, if any.
        fragment: Option<String>,
    },
    /// Anything else: an absolute URL or another scheme (`mailto:`, `tel:`).
    External(String),
}

use uslugi_core::util::url::host_is_on;
use uslugi_core::util::url::host_of;

impl Target {
    /// The host of an external `http(s)` URL, lower-case, without `www.`.
    pub fn host(&self) -> Option<String> {
        match self {
            Target::External(url) => host_of(url),
            Target::Internal { .. } => None,
        }
    }

    /// Whether this is an `http(s)` link to `domain` or one of its subdomains.
    pub fn is_on(&self, domain: &str) -> bool {
        self.host().is_some_and(|h| host_is_on(&h, domain))
    }

    /// The path of an external `http(s)` URL (`/pgu/mobileapps`), lower-case.
    pub fn path(&self) -> Option<String> {
        match self {
            Target::External(url) => Url::parse(url).ok().map(|u| u.path().to_lowercase()),
            Target::Internal { path, .. } => Some(format!("/{}", path.to_lowercase())),
        }
    }
}

/// Query parameters that click-trackers and redirect scripts carry the destination in.
const REDIRECT_PARAMS: [&str; 7] = ["goto", "url", "to", "redirect", "redirect_url", "link", "u"];

/// The destination of a click-tracker or redirect link, when it names one.
fn tracked_destination(u: &Url) -> Option<Url> {
    u.query_pairs()
        .filter(|(k, _)| REDIRECT_PARAMS.contains(&k.to_ascii_lowercase().as_str()))
        .find_map(|(_, v)| {
            let dest = Url::parse(v.trim()).ok()?;
            matches!(dest.scheme(), "http" | "https").then_some(dest)
        })
}

/// The site path of a same-site URL: under the base path, with `index.html` dropped; `None`
/// when it is outside the base path.
fn site_path(u: &Url, base: &BaseUrl) -> Option<String> {
    let decoded = percent_decode(u.path());
    let inner = decoded.strip_prefix(base.path())?.to_string();
    // `faq/index.html` is `faq/`; anything else stays as written (over HTTP, `a` and `a/`
    // are different addresses).
    let mut path = inner;
    // Only a whole last segment: `my-index.html` is a page of its own.
    if let Some(stripped) = path.strip_suffix("index.html")
        && (stripped.is_empty() || stripped.ends_with('/'))
    {
        path = stripped.to_string();
    }
    if let Some(q) = u.query().filter(|q| !q.is_empty()) {
        path.push('?');
        path.push_str(q);
    }
    Some(path)
}

/// Decodes `%XX` escapes (as UTF-8) so that paths match the names on disk and in `Output`.
/// An escaped slash (`%2F`) stays escaped: decoding it would make a new path segment.
fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            )
        {
            let v = h * 16 + l;
            if v == b'/' {
                out.extend_from_slice(&bytes[i..i + 3]);
            } else {
                out.push(v);
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Resolves an `href` found on the page at `page_path` (a path under `base`).
pub fn resolve_href(page_path: &str, href: &str, base: &BaseUrl) -> Option<Target> {
    let href = href.trim();
    if href.is_empty() || href.to_ascii_lowercase().starts_with("javascript:") {
        return None;
    }
    let page = Url::parse(&base.join(page_path)).ok()?;
    let mut u = page.join(href).ok()?;
    if !matches!(u.scheme(), "http" | "https") {
        return Some(Target::External(href.to_string()));
    }
    if let Some(dest) = tracked_destination(&u) {
        u = dest;
    }
    let fragment = u.fragment().filter(|f| !f.is_empty()).map(str::to_string);
    // The site's own host, `www.` or not, read the one way hosts are read here.
    let same = host_of(u.as_str())
        .zip(host_of(&base.to_string()))
        .is_some_and(|(h, o)| h == o);
    if same && let Some(path) = site_path(&u, base) {
        return Some(Target::Internal { path, fragment });
    }
    Some(Target::External(u.to_string()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn base() -> BaseUrl {
        "https://school.example/gosuslugi/".parse().unwrap()
    }

    fn int(p: &str) -> Option<Target> {
        Some(Target::Internal {
            path: p.into(),
            fragment: None,
        })
    }

    #[test]
    fn resolves_relative_absolute_and_external() {
        let b = base();
        assert_eq!(resolve_href("news/one/", "../../faq/", &b), int("faq/"));
        assert_eq!(resolve_href("", "./", &b), int(""));
        assert_eq!(resolve_href("faq/", "../", &b), int(""));
        assert_eq!(resolve_href("", "faq/index.html", &b), int("faq/"));
        assert_eq!(resolve_href("", "index.html", &b), int(""));
        // Found by fuzzing: the suffix was dropped from any name ending in it.
        assert_eq!(resolve_href("", "my-index.html", &b), int("my-index.html"));
        assert_eq!(
            resolve_href("a/./..", "o//..index.html", &b),
            int("o//..index.html")
        );
        assert_eq!(resolve_href("", "/gosuslugi/faq/", &b), int("faq/"));
        assert_eq!(
            resolve_href("", "uslugi/faq.php", &b),
            int("uslugi/faq.php")
        );
        assert_eq!(
            resolve_href("", "https://school.example/gosuslugi/centres/", &b),
            int("centres/")
        );
        assert_eq!(
            resolve_href("faq/", "#kak-voyti", &b),
            Some(Target::Internal {
                path: "faq/".into(),
                fragment: Some("kak-voyti".into())
            })
        );
        assert_eq!(
            resolve_href("", "/news/", &b),
            Some(Target::External("https://school.example/news/".into()))
        );
        assert_eq!(
            resolve_href("", "mailto:a@b.ru", &b),
            Some(Target::External("mailto:a@b.ru".into()))
        );
        assert_eq!(resolve_href("", "javascript:void(0)", &b), None);
        assert_eq!(
            resolve_href("", "/gosuslugi/news/?PAGEN_1=2", &b),
            int("news/?PAGEN_1=2")
        );
    }

    #[test]
    fn the_sites_other_spellings_are_the_site() {
        let b = base();
        for href in [
            "//school.example/gosuslugi/faq/",
            "http://school.example/gosuslugi/faq/",
            "https://www.school.example/gosuslugi/faq/",
            "HTTPS://SCHOOL.EXAMPLE/gosuslugi/faq/",
            "https://school.example:443/gosuslugi/faq/",
        ] {
            assert_eq!(resolve_href("", href, &b), int("faq/"), "{href}");
        }
        assert_eq!(
            resolve_href(
                "",
                "/gosuslugi/%D0%B2%D0%BE%D0%BF%D1%80%D0%BE%D1%81%D1%8B/",
                &b
            ),
            int("вопросы/")
        );
        // Found by fuzzing: an `&` in a path is part of it, and an escaped slash stays one.
        assert_eq!(resolve_href("", "a/z/..&../etc", &b), int("a/z/..&../etc"));
        assert_eq!(
            resolve_href("", "a%2F..%2F..%2Fetc", &b),
            int("a%2F..%2F..%2Fetc")
        );
    }

    #[test]
    fn hosts_are_read_as_a_browser_reads_them() {
        let b = base();
        let on = |href: &str| resolve_href("", href, &b).is_some_and(|t| t.is_on("gosuslugi.ru"));
        assert!(on("https://www.gosuslugi.ru/"));
        assert!(on("https://70.gosuslugi.ru/pgu/"));
        assert!(on("//gosuslugi.ru/"));
        assert!(on("https://GOSUSLUGI.RU./"));
        assert!(
            !on("https://gosuslugi.ru:443@evil.example/"),
            "user info is not the host"
        );
        assert!(!on("https://gosuslugi.ru.evil.example/"));
        assert!(!on("https://notgosuslugi.ru/"));
        assert!(!on("https://gosusIugi.ru/"));
        assert!(!on("https://[::1]/"));
        assert_eq!(
            host_of("https://госуслуги.рф/").as_deref(),
            Some("xn--c1aapkosapc.xn--p1ai")
        );
    }

    #[test]
    fn click_trackers_lead_to_their_destination() {
        let b = base();
        let bitrix = resolve_href(
            "",
            "/bitrix/rk.php?id=7&goto=https%3A%2F%2Fwww.gosuslugi.ru%2F",
            &b,
        )
        .unwrap();
        assert!(bitrix.is_on("gosuslugi.ru"), "{bitrix:?}");
        let generic = resolve_href("", "/away.php?url=https://pos.gosuslugi.ru/", &b).unwrap();
        assert!(generic.is_on("pos.gosuslugi.ru"));
        let not_a_url = resolve_href("", "/search/?q=gosuslugi.ru", &b).unwrap();
        assert!(!not_a_url.is_on("gosuslugi.ru"));
    }
}
