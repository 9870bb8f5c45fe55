//! Internal URLs in rendered HTML.
//!
//! Templates and Markdown write site-absolute URLs (`/faq/`, `/style.css`) meaning "from
//! the root of this site". Here they become relative to the page (`../faq/`), so the same
//! output works under any sub-path of `base_url`, on any host, and opened from disk — or,
//! for pages served at unknown depths such as `404.html`, prefixed with the base path.
//! Only attribute values are touched (`href`, `src`, `srcset`, `action`, `poster`), never
//! text, and protocol-relative `//host` URLs are left alone.

/// How to rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlMode {
    /// Relative to a page `depth` directories below the site root.
    Relative {
        /// How many directories deep the page's `index.html` is.
        depth: usize,
    },
    /// Prefixed with the base path (`/gosuslugi/`).
    BasePath(String),
    /// Absolute, from the base URL (`https://school5.ru/gosuslugi/`): for fragments that are
    /// pasted into other sites.
    Absolute(String),
}

const ATTRS: [&str; 6] = ["href", "src", "action", "poster", "data", "srcset"];

/// Rewrites every site-absolute URL in an attribute of `html`.
pub fn rewrite_urls(html: &str, mode: &UrlMode) -> String {
    let mut out = Vec::with_capacity(html.len() + 64);
    rewrite_urls_into(html.as_bytes(), mode, &mut out);
    // Only ASCII URL text was replaced, at attribute-value boundaries, by UTF-8 text.
    String::from_utf8(out).unwrap_or_default()
}

/// [`rewrite_urls`] on bytes, appending to `out`.
pub fn rewrite_urls_into(html: &[u8], mode: &UrlMode, out: &mut Vec<u8>) {
    let mut last = 0;
    let mut i = 0;
    while let Some(rel) = html[i..].iter().position(|&b| b == b'=') {
        let eq = i + rel;
        i = eq + 1;
        let Some(&quote) = html.get(eq + 1) else {
            break;
        };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        let name_start = html[..eq]
            .iter()
            .rposition(|&c| !(c.is_ascii_alphanumeric() || c == b'-'))
            .map_or(0, |p| p + 1);
        let name = &html[name_start..eq];
        if !ATTRS
            .iter()
            .any(|a| a.as_bytes().eq_ignore_ascii_case(name))
        {
            continue;
        }
        let value_start = eq + 2;
        let Some(len) = html[value_start..].iter().position(|&b| b == quote) else {
            break;
        };
        let value = &html[value_start..value_start + len];
        // Only values that start with `/` (or, in a srcset, have a candidate that does) change.
        let srcset = name.eq_ignore_ascii_case(b"srcset");
        if value.first() == Some(&b'/') || (srcset && value.contains(&b'/')) {
            let value = String::from_utf8_lossy(value);
            let new = if srcset {
                value
                    .split(',')
                    .map(|cand| {
                        let t = cand.trim_start();
                        let lead = &cand[..cand.len() - t.len()];
                        format!("{lead}{}", rewrite_one(t, mode))
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                rewrite_one(&value, mode)
            };
            if new != value {
                out.extend_from_slice(&html[last..value_start]);
                out.extend_from_slice(new.as_bytes());
                last = value_start + len;
            }
        }
        i = value_start + len;
    }
    out.extend_from_slice(&html[last..]);
}

fn rewrite_one(url: &str, mode: &UrlMode) -> String {
    if !url.starts_with('/') || url.starts_with("//") {
        return url.to_string();
    }
    let rest = &url[1..];
    match mode {
        UrlMode::BasePath(base) | UrlMode::Absolute(base) => format!("{base}{rest}"),
        UrlMode::Relative { depth } => {
            let up = "../".repeat(*depth);
            if up.is_empty() && (rest.is_empty() || rest.starts_with(['#', '?'])) {
                format!("./{rest}")
            } else {
                format!("{up}{rest}")
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn relative_from_depth() {
        let html = r#"<a href="/faq/">x</a><img src="/b.png" srcset="/b.png 1x, /b@2.png 2x"><a href="https://e.ru/">y</a><a href="//cdn/x">z</a>"#;
        let out = rewrite_urls(html, &UrlMode::Relative { depth: 2 });
        assert!(out.contains(r#"href="../../faq/""#), "{out}");
        assert!(out.contains(r#"src="../../b.png""#), "{out}");
        assert!(
            out.contains(r#"srcset="../../b.png 1x, ../../b@2.png 2x""#),
            "{out}"
        );
        assert!(out.contains(r#"href="https://e.ru/""#));
        assert!(out.contains(r#"href="//cdn/x""#));
    }

    #[test]
    fn home_links_and_base_path() {
        let html = "<a href='/'>h</a><a href=\"/#top\">t</a>";
        assert_eq!(
            rewrite_urls(html, &UrlMode::Relative { depth: 0 }),
            "<a href='./'>h</a><a href=\"./#top\">t</a>"
        );
        assert_eq!(
            rewrite_urls(
                "<a href=\"/faq/\">",
                &UrlMode::BasePath("/gosuslugi/".into())
            ),
            "<a href=\"/gosuslugi/faq/\">"
        );
        assert_eq!(
            rewrite_urls(
                "<img src=\"/b.png\">",
                &UrlMode::Absolute("https://e.ru/g/".into())
            ),
            "<img src=\"https://e.ru/g/b.png\">"
        );
    }

    #[test]
    fn text_and_other_attributes_are_untouched() {
        let html = r#"<p title="/x">a = "/b"</p><meta content="/c"><a data-x="/d">"#;
        assert_eq!(rewrite_urls(html, &UrlMode::Relative { depth: 1 }), html);
    }
}
