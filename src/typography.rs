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

/// Applies the typography rules to one run of plain text, in one pass.
pub fn apply(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut level = 0usize;
    // The previous character (a dash for a ` - ` already turned into one).
    let mut prev: Option<char> = None;
    // Letters just before the current position (counted up to 3), and whether what comes
    // before them is neither a letter nor a digit.
    let mut letters = 0u8;
    let mut word_alone = true;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        let rest = &text[i + c.len_utf8()..];
        match c {
            '"' => {
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
            }
            ' ' => {
                let hyphens = if rest.starts_with("- ") {
                    1
                } else if rest.starts_with("-- ") {
                    2
                } else {
                    0
                };
                if hyphens > 0 {
                    // ` - ` and ` -- ` are dashes, tied to the word before.
                    out.push(NBSP);
                    out.push('—');
                    for _ in 0..hyphens {
                        chars.next();
                    }
                    prev = Some('—');
                    letters = 0;
                    continue;
                }
                let short_word = (1..=2).contains(&letters) && word_alone;
                out.push(if short_word || rest.starts_with('—') {
                    NBSP
                } else {
                    ' '
                });
            }
            _ => out.push(c),
        }
        if is_letter(c) {
            if letters == 0 {
                word_alone = prev.is_none_or(|p| !is_letter_or_digit(p));
            }
            letters = (letters + 1).min(3);
        } else {
            letters = 0;
        }
        prev = Some(c);
    }
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
