//! Russian typography for running text: «ёлочки» (with „лапки“ inside), a non-breaking
//! space after one- and two-letter words and before a dash, and ` - ` → ` — `.
//!
//! It is applied to Markdown text events only, so code spans, code blocks, URLs and HTML
//! attributes are never touched.

const NBSP: char = '\u{00A0}';

/// Applies the typography rules to one run of plain text.
pub fn apply(text: &str) -> String {
    let dashed = text.replace(" - ", " — ").replace(" -- ", " — ");
    let chars: Vec<char> = dashed.chars().collect();
    let mut out = String::with_capacity(dashed.len() + 8);
    let mut level = 0usize;
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        match c {
            '"' => {
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
            ' ' if next == Some('—') => out.push(NBSP),
            ' ' if short_word_before(&chars, i) => out.push(NBSP),
            _ => out.push(c),
        }
    }
    out
}

/// Whether the word that ends just before position `space` has one or two letters.
fn short_word_before(chars: &[char], space: usize) -> bool {
    let mut len = 0;
    let mut j = space;
    while j > 0 && chars[j - 1].is_alphabetic() {
        len += 1;
        j -= 1;
        if len > 2 {
            return false;
        }
    }
    len > 0 && (j == 0 || !chars[j - 1].is_alphanumeric())
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
    }
}
