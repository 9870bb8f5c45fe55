//! Russian typography for running text: «ёлочки» (with „лапки“ inside), a non-breaking
//! space after one- and two-letter words and before a dash, and ` - ` → ` — `.
//!
//! It is applied to Markdown text only, so code spans, code blocks, URLs and HTML attributes
//! are never touched. Quotes are paired over a whole block — a paragraph, a heading, a list
//! item, a table cell — not one text run at a time, so `"[Госуслуги](…)"` and `"**слово**"`
//! get «ёлочки» around the link or the bold word. Each block starts afresh: a quote left open
//! at the end of a paragraph never pairs with one in the next.

use pulldown_cmark::{Event, Tag, TagEnd};

const NBSP: char = '\u{00A0}';

/// A letter, with a fast answer for ASCII and Cyrillic (most of our text).
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' => true,
        _ if c.is_ascii() => false,
        _ => c.is_alphabetic(),
    }
}

fn is_letter_or_digit(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c) || (!c.is_ascii() && c.is_numeric())
}

/// Whether `before` ends with a word of one or two letters.
fn short_word_before(before: &str) -> bool {
    let mut len = 0;
    let mut chars = before.chars().rev().peekable();
    while let Some(c) = chars.next() {
        // An apostrophe inside a word (it's, д'Артаньян) is part of it.
        if matches!(c, '\'' | '’') && len > 0 && chars.peek().is_some_and(|&p| is_letter(p)) {
            continue;
        }
        if !is_letter(c) {
            return len > 0 && !is_letter_or_digit(c);
        }
        len += 1;
        if len > 2 {
            return false;
        }
    }
    len > 0
}

/// One piece of a block's inline content.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    /// Text to set.
    Text(&'a str),
    /// Text that is kept as it is (code, a line break) but is context for its neighbours.
    Fixed(&'a str),
}

/// Applies the typography rules to one run of plain text.
pub fn apply(text: &str) -> String {
    apply_pieces(&[Piece::Text(text)]).pop().unwrap_or_default()
}

/// Applies the typography rules to the pieces of one block, as if they were one text: a
/// quote before a link pairs with the one after it. Returns the set text of every piece
/// (a [`Piece::Fixed`] comes back as it was). One pass that copies everything but quotes and
/// spaces as whole runs.
pub fn apply_pieces(pieces: &[Piece]) -> Vec<String> {
    let full: String = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) | Piece::Fixed(t) => *t,
        })
        .collect();
    let bytes = full.as_bytes();
    let mut level = 0usize;
    let mut start = 0;
    let mut outs = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let (Piece::Text(t) | Piece::Fixed(t)) = piece;
        let end = start + t.len();
        if let Piece::Fixed(_) = piece {
            outs.push(t.to_string());
            start = end;
            continue;
        }
        let mut out = String::with_capacity(t.len() + 8);
        let mut done = start;
        while let Some(p) = bytes[done..end]
            .iter()
            .position(|&b| b == b'"' || b == b' ')
        {
            let at = done + p;
            out.push_str(&full[done..at]);
            let (before, rest) = (&full[..at], &full[at + 1..]);
            done = at + 1;
            if bytes[at] == b'"' {
                let prev = before.chars().next_back();
                let next = rest.chars().next();
                let opening = prev.is_none_or(|p| p.is_whitespace() || "([{«„-—".contains(p))
                    && next.is_some_and(|n| !n.is_whitespace());
                if opening {
                    out.push(if level == 0 { '«' } else { '„' });
                    level += 1;
                } else {
                    level = level.saturating_sub(1);
                    out.push(if level == 0 { '»' } else { '“' });
                }
                continue;
            }
            // ` - ` and ` -- ` are dashes, tied to the word before (when the whole dash is in
            // this piece).
            let own = &full[done..end];
            let dash = ["- ", "-- "].into_iter().find(|d| own.starts_with(d));
            if let Some(d) = dash {
                out.push(NBSP);
                out.push('—');
                done += d.len() - 1;
            } else if rest.starts_with('—') || short_word_before(before) {
                out.push(NBSP);
            } else {
                out.push(' ');
            }
        }
        out.push_str(&full[done..end]);
        outs.push(out);
        start = end;
    }
    outs
}

/// Where an event stands for typography: text to set, context, nothing, or a block edge.
enum Role<'a> {
    Set(&'a str),
    Context(&'a str),
    Transparent,
    Edge,
}

fn role<'a>(event: &'a Event) -> Role<'a> {
    match event {
        Event::Text(t) => Role::Set(t),
        Event::Code(t) | Event::InlineMath(t) => Role::Context(t),
        Event::SoftBreak | Event::HardBreak => Role::Context("\n"),
        Event::FootnoteReference(_) | Event::TaskListMarker(_) => Role::Context(" "),
        Event::InlineHtml(_) => Role::Transparent,
        Event::Start(
            Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. },
        )
        | Event::End(
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image,
        ) => Role::Transparent,
        _ => Role::Edge,
    }
}

/// Sets the text events of rendered Markdown, block by block, leaving code blocks alone.
pub fn typeset(events: &mut [Event]) {
    let mut block: Vec<usize> = Vec::new();
    let mut in_code = false;
    for i in 0..events.len() {
        match &events[i] {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        match role(&events[i]) {
            Role::Edge => set_block(events, &mut block),
            Role::Transparent => {}
            _ if in_code => {}
            _ => block.push(i),
        }
    }
    set_block(events, &mut block);
}

/// Sets one block's text events (indices into `events`) and empties `block`.
fn set_block(events: &mut [Event], block: &mut Vec<usize>) {
    if block.iter().any(|&i| matches!(events[i], Event::Text(_))) {
        let pieces: Vec<Piece> = block
            .iter()
            .map(|&i| match role(&events[i]) {
                Role::Set(t) => Piece::Text(t),
                Role::Context(t) => Piece::Fixed(t),
                Role::Transparent | Role::Edge => Piece::Fixed(""),
            })
            .collect();
        let set = apply_pieces(&pieces);
        for (&i, text) in block.iter().zip(set) {
            if matches!(events[i], Event::Text(_)) {
                events[i] = Event::Text(text.into());
            }
        }
    }
    block.clear();
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn quotes_nest() {
        assert_eq!(apply("портал \"Госуслуги\""), "портал «Госуслуги»");
        assert_eq!(
            apply("приложение \"Госуслуги \"Решаем вместе\"\""),
            "приложение «Госуслуги „Решаем вместе“»"
        );
    }

    #[test]
    fn nbsp_after_short_words_and_before_dash() {
        assert_eq!(
            apply("в центре и на портале"),
            "в\u{a0}центре и\u{a0}на\u{a0}портале"
        );
        assert_eq!(apply("Портал - это просто"), "Портал\u{a0}— это просто");
        assert_eq!(apply("слово слово"), "слово слово");
        assert_eq!(apply("5к рублей, 2 в ряд"), "5к рублей, 2 в\u{a0}ряд");
        assert_eq!(apply("Шаг -- второй"), "Шаг\u{a0}— второй");
        assert_eq!(apply("я и ты—мы"), "я\u{a0}и\u{a0}ты—мы");
        assert_eq!(apply("(во) \"мы\" - Ӝу"), "(во) «мы»\u{a0}— Ӝу");
    }

    /// Renders Markdown the way pages are rendered: typography over the parsed events.
    fn md(src: &str) -> String {
        let mut events: Vec<Event> = pulldown_cmark::Parser::new(src).collect();
        typeset(&mut events);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    #[test]
    fn quotes_pair_across_inline_markup() {
        let cases = [
            (
                "портал \"[Госуслуги](https://www.gosuslugi.ru/)\"",
                "<p>портал «<a href=\"https://www.gosuslugi.ru/\">Госуслуги</a>»</p>\n",
            ),
            (
                "портал \"**Госуслуги**\"",
                "<p>портал «<strong>Госуслуги</strong>»</p>\n",
            ),
            (
                "портал \"*Госуслуги*\"",
                "<p>портал «<em>Госуслуги</em>»</p>\n",
            ),
            (
                "команда \"`uslugi \"build\"`\"",
                "<p>команда «<code>uslugi \"build\"</code>»</p>\n",
            ),
            (
                "приложение \"Госуслуги \"[Решаем вместе](https://pos.gosuslugi.ru/)\"\"",
                "<p>приложение «Госуслуги „<a href=\"https://pos.gosuslugi.ru/\">Решаем вместе</a>“»</p>\n",
            ),
            (
                "Он сказал \"начало\n\nи \"снова\"",
                "<p>Он\u{a0}сказал «начало</p>\n<p>и\u{a0}«снова»</p>\n",
            ),
            (
                "It's the user's \"choice\"",
                "<p>It's the user's «choice»</p>\n",
            ),
            (
                "**в** школу и `a - b` - код",
                "<p><strong>в</strong>\u{a0}школу и\u{a0}<code>a - b</code>\u{a0}— код</p>\n",
            ),
            (
                "```\n\"код\" - как есть\n```",
                "<pre><code>\"код\" - как есть\n</code></pre>\n",
            ),
        ];
        for (src, want) in cases {
            assert_eq!(md(src), want, "{src}");
        }
    }
}
