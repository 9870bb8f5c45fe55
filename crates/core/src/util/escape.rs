//! Escaping, in one place: every value that Rust code puts into HTML, XML or a `<script>`
//! goes through one of these helpers (templates get Tera's autoescaping).

/// Escapes text for HTML or XML, in element content and in quoted attribute values alike.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Makes serialized JSON safe inside a `<script>` element: no `<`, `>` or `&` that could
/// close the element or start a comment, and no line separators that old parsers take for
/// line ends. The JSON means the same: these are `\uXXXX` escapes inside strings.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            html("<a href=\"x\">'Т&О'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;Т&amp;О&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let json =
            serde_json::json!({ "name": "</script><script>alert(1)</script> & <!--" }).to_string();
        let safe = script_json(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script> & <!--");
    }
}
