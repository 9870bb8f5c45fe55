//! The default HTML minifier: whitespace only, in one pass, so it costs little next to
//! rendering.
//!
//! What it removes can never change how a page looks or reads:
//! - runs of whitespace in text become one space — a browser collapses them the same way;
//! - whitespace next to a block-level tag (`<li>`, `</div>`, `<p>`…) goes: it falls at the
//!   start or end of a line box, where a browser drops it; so does all whitespace between
//!   the tags of `<head>`, which is never shown;
//! - whitespace between attributes becomes one space, and before `>` none;
//! - comments go, except conditional and SSI ones.
//!
//! It never touches attribute values or entities, and copies `<pre>`, `<textarea>`,
//! `<code>`, `<script>` and `<style>` verbatim. `[build] minify = "full"` uses minify-html
//! instead (see [`super::minify_full`]), which also drops attribute quotes and minifies
//! inline CSS, at several times the cost.

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// An element name in lower case, on the stack; `None` for names longer than any we know.
fn lower(name: &[u8]) -> Option<([u8; 10], usize)> {
    let mut buf = [0u8; 10];
    let dst = buf.get_mut(..name.len())?;
    for (d, s) in dst.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    Some((buf, name.len()))
}

/// Elements that start or end a line box, so whitespace next to their tags is not shown.
/// (Not `<script>` or `<style>`: between two words they leave one space.)
fn is_block(name: &[u8]) -> bool {
    lower(name).is_some_and(|(buf, n)| {
        matches!(
            &buf[..n],
            b"address"
                | b"article"
                | b"aside"
                | b"blockquote"
                | b"body"
                | b"br"
                | b"caption"
                | b"col"
                | b"colgroup"
                | b"dd"
                | b"details"
                | b"dialog"
                | b"div"
                | b"dl"
                | b"dt"
                | b"fieldset"
                | b"figcaption"
                | b"figure"
                | b"footer"
                | b"form"
                | b"h1"
                | b"h2"
                | b"h3"
                | b"h4"
                | b"h5"
                | b"h6"
                | b"head"
                | b"header"
                | b"hgroup"
                | b"hr"
                | b"html"
                | b"li"
                | b"main"
                | b"nav"
                | b"ol"
                | b"p"
                | b"pre"
                | b"section"
                | b"summary"
                | b"table"
                | b"tbody"
                | b"td"
                | b"tfoot"
                | b"th"
                | b"thead"
                | b"tr"
                | b"ul"
        )
    })
}

/// Elements whose contents are copied as they are: the closing tag to look for.
fn verbatim_close(name: &[u8]) -> Option<&'static [u8]> {
    let (buf, n) = lower(name)?;
    match &buf[..n] {
        b"pre" => Some(b"</pre"),
        b"textarea" => Some(b"</textarea"),
        b"code" => Some(b"</code"),
        b"script" => Some(b"</script"),
        b"style" => Some(b"</style"),
        _ => None,
    }
}

/// The element name of the tag at `tag` (which starts with `<`), lower-case ASCII bytes
/// borrowed from `html`, and whether it is a closing tag. `None` for comments, doctypes and
/// a `<` that opens no tag.
fn tag_name(html: &[u8], tag: usize) -> Option<(&[u8], bool)> {
    let mut i = tag + 1;
    let closing = html.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let start = i;
    while i < html.len() && (html[i].is_ascii_alphanumeric() || html[i] == b'-') {
        i += 1;
    }
    (i > start && html[start].is_ascii_alphabetic()).then(|| (&html[start..i], closing))
}

/// Finds `needle` (ASCII, lower-case) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = from;
    while i + needle.len() <= hay.len() {
        let rel = hay[i..]
            .iter()
            .position(|b| b.to_ascii_lowercase() == first)?;
        i += rel;
        if i + needle.len() <= hay.len() && hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Copies one tag starting at `start` (a `<` that opens a tag), collapsing the whitespace
/// between attributes; returns the index after its `>`.
fn copy_tag(html: &[u8], start: usize, out: &mut Vec<u8>) -> usize {
    let mut i = start;
    while i < html.len() {
        // A stretch with nothing to change: up to whitespace, a quote or the end of the tag.
        let run = html[i..]
            .iter()
            .position(|&b| is_ws(b) || b == b'"' || b == b'\'' || b == b'>')
            .unwrap_or(html.len() - i);
        out.extend_from_slice(&html[i..i + run]);
        i += run;
        let Some(&b) = html.get(i) else { break };
        match b {
            b'>' => {
                out.push(b'>');
                return i + 1;
            }
            b'"' | b'\'' if out.iter().rev().find(|c| **c != b' ') == Some(&b'=') => {
                // A quoted value, as it is.
                let len = html[i + 1..]
                    .iter()
                    .position(|&c| c == b)
                    .map_or(html.len() - i, |p| p + 2);
                out.extend_from_slice(&html[i..i + len]);
                i += len;
            }
            b'"' | b'\'' => {
                // A quote inside an unquoted value or a name: an ordinary character.
                out.push(b);
                i += 1;
            }
            _ => {
                let mut j = i;
                while j < html.len() && is_ws(html[j]) {
                    j += 1;
                }
                let closes = html.get(j) == Some(&b'>')
                    || (html.get(j) == Some(&b'/') && html.get(j + 1) == Some(&b'>'));
                if !closes {
                    out.push(b' ');
                }
                i = j;
            }
        }
    }
    i
}

/// Minifies `html` (see the module docs).
pub fn minify(html: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len());
    minify_into(html, &mut out);
    out
}

/// Minifies `html` onto the end of `out`.
pub fn minify_into(html: &[u8], out: &mut Vec<u8>) {
    let src = html;
    out.reserve(src.len());
    // Whether the last thing written was a block-level tag (or nothing yet).
    let mut after_block = true;
    // Between `<head>` and `</head>` (or `<body>`), where whitespace is never shown.
    let mut in_head = false;
    // Whitespace seen that shows as one space unless a block-level tag or the end follows.
    let mut pending = false;
    let mut i = 0;
    while i < src.len() {
        let b = src[i];
        if is_ws(b) {
            while i < src.len() && is_ws(src[i]) {
                i += 1;
            }
            pending |= !(after_block || in_head);
            continue;
        }
        if b != b'<' {
            if std::mem::take(&mut pending) {
                out.push(b' ');
            }
            let end = src[i..]
                .iter()
                .position(|&c| c == b'<' || is_ws(c))
                .map_or(src.len(), |p| i + p);
            out.extend_from_slice(&src[i..end]);
            after_block = false;
            i = end;
            continue;
        }
        if src[i..].starts_with(b"<!--") {
            let end = find_ci(src, i + 4, b"-->").map_or(src.len(), |e| e + 3);
            let keep = src[i + 4..].starts_with(b"[") || src[i + 4..].starts_with(b"#");
            if keep {
                if std::mem::take(&mut pending) {
                    out.push(b' ');
                }
                out.extend_from_slice(&src[i..end]);
                after_block = false;
            }
            i = end;
            continue;
        }
        match tag_name(src, i) {
            Some((name, closing)) => {
                let block = is_block(name);
                if std::mem::take(&mut pending) && !block {
                    out.push(b' ');
                }
                if name.eq_ignore_ascii_case(b"head") {
                    in_head = !closing;
                } else if name.eq_ignore_ascii_case(b"body") {
                    in_head = false;
                }
                let verbatim = if closing { None } else { verbatim_close(name) };
                i = copy_tag(src, i, out);
                after_block = block;
                if let Some(close) = verbatim {
                    let end = find_ci(src, i, close).unwrap_or(src.len());
                    out.extend_from_slice(&src[i..end]);
                    if end > i {
                        after_block = false;
                    }
                    i = end;
                }
            }
            None => {
                if std::mem::take(&mut pending) {
                    out.push(b' ');
                }
                // `<!DOCTYPE …>`, `<?…>`, or a lone `<` in text.
                let opens = matches!(src.get(i + 1), Some(b'!') | Some(b'?'));
                if opens {
                    let end = src[i..]
                        .iter()
                        .position(|&c| c == b'>')
                        .map_or(src.len(), |p| i + p + 1);
                    out.extend_from_slice(&src[i..end]);
                    after_block = true;
                    i = end;
                } else {
                    out.push(b'<');
                    after_block = false;
                    i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        String::from_utf8(minify(s.as_bytes())).unwrap()
    }

    #[test]
    fn whitespace_next_to_blocks_goes_and_inline_keeps_one_space() {
        assert_eq!(
            m("<ul>\n  <li>\n    <a href=\"/x\">Один</a>\n    <b>два</b>\n  </li>\n</ul>\n"),
            "<ul><li><a href=\"/x\">Один</a> <b>два</b></li></ul>"
        );
        assert_eq!(
            m("<p>Текст   с\n\tпробелами <em>и</em>\n словами.</p>"),
            "<p>Текст с пробелами <em>и</em> словами.</p>"
        );
        assert_eq!(m("<p>a<br>\n b</p>"), "<p>a<br>b</p>");
    }

    #[test]
    fn tags_lose_extra_spaces_but_values_stay() {
        assert_eq!(
            m("<a   href=\"/a  b\"\n   title='x   >  y'  >t</a>"),
            "<a href=\"/a  b\" title='x   >  y'>t</a>"
        );
        assert_eq!(
            m("<img src=\"a.png\" alt=\"\" />"),
            "<img src=\"a.png\" alt=\"\"/>"
        );
        assert_eq!(
            m("<a title=don't   href=x>t</a>"),
            "<a title=don't href=x>t</a>"
        );
        assert_eq!(m("<a title = \"a  b\">t</a>"), "<a title = \"a  b\">t</a>");
    }

    #[test]
    fn verbatim_elements_are_copied() {
        let pre = "<pre><code>fn main() {\n    x  =  1;\n}\n</code></pre>";
        assert_eq!(m(pre), pre);
        let script = "<script>\nif (a < b)  { x = \"  </p>  \"; }\n</script>";
        assert_eq!(m(script), script);
        // Between two words a script leaves them apart.
        assert_eq!(
            m("<p>a <script>x</script> b</p>"),
            "<p>a <script>x</script> b</p>"
        );
        assert_eq!(
            m("<p><code>a   b</code>  c</p>"),
            "<p><code>a   b</code> c</p>"
        );
        assert_eq!(
            m("<TEXTAREA>\n two  spaces\n</TEXTAREA>"),
            "<TEXTAREA>\n two  spaces\n</TEXTAREA>"
        );
    }

    #[test]
    fn comments_go_except_conditional_ones() {
        assert_eq!(m("<p>a <!-- note --> b</p>"), "<p>a b</p>");
        assert_eq!(m("<!--[if IE]>x<![endif]-->"), "<!--[if IE]>x<![endif]-->");
    }

    #[test]
    fn doctype_and_stray_angle_brackets() {
        assert_eq!(
            m("<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<title> T </title>"),
            "<!DOCTYPE html><html lang=\"ru\"><head><title>T</title>"
        );
        assert_eq!(
            m("<head>\n<meta charset=\"utf-8\">\n<link rel=\"icon\">\n</head>\n<body>\n<p>x</p>"),
            "<head><meta charset=\"utf-8\"><link rel=\"icon\"></head><body><p>x</p>"
        );
        assert_eq!(m("<p>1 < 2 &amp; 3</p>"), "<p>1 < 2 &amp; 3</p>");
    }

    #[test]
    fn text_survives_exactly() {
        // Whatever the layout whitespace, the words and their separation stay.
        let html =
            "<div>\n <h2> Заголовок </h2>\n <p>Слово <a href=\"/\">ссылка</a>, точка.</p>\n</div>";
        assert_eq!(
            m(html),
            "<div><h2>Заголовок</h2><p>Слово <a href=\"/\">ссылка</a>, точка.</p></div>"
        );
    }
}
