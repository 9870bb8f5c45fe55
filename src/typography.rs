//! Russian typography for running text: «ёлочки» (with „лапки“ inside), a non-breaking
//! space after one- and two-letter words and before a dash, and ` - ` → ` — `.
//!
//! It is applied to Markdown text events only, so code spans, code blocks, URLs and HTML
//! attributes are never touched.

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
    for c in before.chars().rev() {
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

/// Applies the typography rules to one run of plain text, in one pass that copies everything
/// but quotes and spaces as it is.
pub fn apply(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    let mut level = 0usize;
    let mut done = 0;
    while let Some(p) = bytes[done..].iter().position(|&b| b == b'"' || b == b' ') {
        let at = done + p;
        out.push_str(&text[done..at]);
        let (before, rest) = (&text[..at], &text[at + 1..]);
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
        } else if rest.starts_with("- ") || rest.starts_with("-- ") {
            // ` - ` and ` -- ` are dashes, tied to the word before.
            out.push(NBSP);
            out.push('—');
            done += rest.find(' ').unwrap_or(0);
        } else if rest.starts_with('—') || short_word_before(before) {
            out.push(NBSP);
        } else {
            out.push(' ');
        }
    }
    out.push_str(&text[done..]);
    out
}

#[cfg(test)]
mod tests {
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
}
