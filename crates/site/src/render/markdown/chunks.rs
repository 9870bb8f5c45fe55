//! Where a very large page may be cut so that pulldown-cmark parses it a piece at a time.
//!
//! pulldown-cmark's first pass builds a tree of the whole document, about six times the
//! size of the text; for a 50 MB page that alone is several hundred megabytes. Cut where a
//! new top-level block must start anyway, each piece parses to exactly what the whole would,
//! and only one piece's tree is alive at a time. A cut goes only before a line that starts at
//! the left margin, after a blank line, outside a fenced code block, and that is not a list
//! item (which would join the list above it). A page with link reference definitions,
//! footnotes or HTML blocks, whose parts refer to or swallow one another, is never cut.
//! Pages under [`CUT_ABOVE`] bytes are never cut either: every real page is parsed whole.

use std::ops::Range;

/// Pages larger than this are parsed in pieces of about this size.
pub(super) const CUT_ABOVE: usize = 4 * 1024 * 1024;

/// The pieces of `body` to parse one after another: the whole body when it is no larger
/// than `piece` or must not be cut.
pub(super) fn pieces(body: &str, piece: usize) -> Vec<Range<usize>> {
    if body.len() <= piece || !cuttable(body) {
        return std::iter::once(0..body.len()).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    let mut fence: Option<(u8, usize)> = None;
    let mut blank_before = false;
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let cut_here = at - start >= piece
            && blank_before
            && fence.is_none()
            && starts_a_block_at_the_margin(line);
        if cut_here {
            out.push(start..at);
            start = at;
        }
        fence = next_fence_state(fence, line);
        blank_before = line.trim().is_empty();
        at += line.len();
    }
    out.push(start..body.len());
    out
}

/// Whether nothing in the page ties one part of it to another: no link reference
/// definitions, no footnotes, no HTML blocks.
fn cuttable(body: &str) -> bool {
    !body.contains("[^")
        && !body.lines().any(|l| {
            let t = l.trim_start_matches(' ');
            l.len() - t.len() <= 3
                && (t.starts_with('<') || (t.starts_with('[') && t.contains("]:")))
        })
}

/// A line at the left margin that cannot continue the block above it after a blank line:
/// not indented, not blank, not a list item.
fn starts_a_block_at_the_margin(line: &str) -> bool {
    let Some(first) = line.chars().next() else {
        return false;
    };
    if first.is_whitespace() {
        return false;
    }
    let bullet = matches!(first, '-' | '+' | '*') && line[1..].starts_with([' ', '\t', '\n', '\r']);
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    let ordered = (1..=9).contains(&digits)
        && matches!(line.as_bytes().get(digits), Some(b'.' | b')'))
        && line[digits + 1..].starts_with([' ', '\t', '\n', '\r']);
    !bullet && !ordered
}

/// Whether a fenced code block is open after `line`: the fence's character and length.
fn next_fence_state(open: Option<(u8, usize)>, line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return open;
    }
    let c = match t.as_bytes().first() {
        Some(&c @ (b'`' | b'~')) => c,
        _ => return open,
    };
    let n = t.bytes().take_while(|&b| b == c).count();
    if n < 3 {
        return open;
    }
    match open {
        // A closing fence: at least as long, nothing after it but spaces.
        Some((oc, on)) if oc == c && n >= on && t[n..].trim().is_empty() => None,
        Some(o) => Some(o),
        // An opening fence (a backtick fence's info string has no backtick).
        None if c == b'~' || !t[n..].contains('`') => Some((c, n)),
        None => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn texts(body: &str, piece: usize) -> Vec<&str> {
        pieces(body, piece).into_iter().map(|r| &body[r]).collect()
    }

    #[test]
    fn cuts_only_where_a_block_must_start() {
        let body = "Абзац один.\n\nАбзац два.\n\n- пункт\n\n- пункт\n\n```\nкод\n\nкод\n```\n\n# Заголовок\n";
        assert_eq!(
            texts(body, 1),
            [
                "Абзац один.\n\n",
                "Абзац два.\n\n- пункт\n\n- пункт\n\n",
                "```\nкод\n\nкод\n```\n\n",
                "# Заголовок\n"
            ]
        );
        assert_eq!(texts(body, body.len()), [body]);
    }

    #[test]
    fn pages_whose_parts_refer_to_each_other_stay_whole() {
        for body in [
            "Текст [ссылка][a].\n\nЕщё.\n\n[a]: https://www.gosuslugi.ru/\n",
            "Текст[^1].\n\nЕщё.\n\n[^1]: Сноска.\n",
            "<div>\n\nвнутри\n\n</div>\n\nЕщё.\n",
        ] {
            assert_eq!(texts(body, 1), [body], "{body}");
        }
    }
}
