//! Russian as the detectors read it: a word by its stem (the Snowball stemmer), «ё» as «е»,
//! so that «упрощённая учётная запись», «упрощенной учетной записи» and «упрощённую» are one
//! thing; and a material's [`Concept`]s — what a person looks for — as phrases whose words
//! must follow one another (one word may stand between them: «без длинных очередей» says
//! «без очередей»).

use rust_stemmers::{Algorithm, Stemmer};

/// Words as stems, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stems(Vec<String>);

/// Stems a text: lower case, «ё» as «е», words of letters and digits.
pub fn stems(text: &str) -> Stems {
    let stemmer = Stemmer::create(Algorithm::Russian);
    Stems(words(text).map(|w| stem(&stemmer, w)).collect())
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn stem(stemmer: &Stemmer, word: &str) -> String {
    let w = word.to_lowercase().replace('ё', "е");
    stemmer.stem(&w).into_owned()
}

/// Words stemmed at once when a text is read a window at a time, and how many of them the
/// next window repeats: more than any phrase spans, so none is cut in two.
const WINDOW: usize = 4096;
const OVERLAP: usize = 32;

/// Whether `found` holds for the stems of some window of `text`: a page of megabytes is read
/// without holding all its stems at once.
pub fn any_window(text: &str, found: impl Fn(&Stems) -> bool) -> bool {
    let stemmer = Stemmer::create(Algorithm::Russian);
    let mut window = Stems(Vec::with_capacity(WINDOW.min(text.len() / 4 + 1)));
    for w in words(text) {
        window.0.push(stem(&stemmer, w));
        if window.0.len() == WINDOW {
            if found(&window) {
                return true;
            }
            window.0.drain(..WINDOW - OVERLAP);
        }
    }
    found(&window)
}

impl Stems {
    /// Whether `phrase` occurs: its stems in order, with at most one other word between two
    /// of them. In a longer phrase a stem matches the words it begins («порта» matches
    /// «портал»), but a one-word phrase only its own word's forms, so that «ес» (ЕСИА) is not
    /// «есть» and «регистрация» is not «регистрационный учёт».
    pub fn has(&self, phrase: &Stems) -> bool {
        let Some(first) = phrase.0.first() else {
            return false;
        };
        // A one-word phrase stands alone; in a longer phrase the other words make the match
        // safe («учетн зап» is «учетной записи»).
        let strict = phrase.0.len() == 1;
        let fits = |word: &str, stem: &str| word == stem || (!strict && word.starts_with(stem));
        self.0.iter().enumerate().any(|(i, w)| {
            fits(w, first) && {
                let mut at = i;
                phrase.0[1..].iter().all(|p| {
                    let next = (at + 1..(at + 3).min(self.0.len())).find(|&j| fits(&self.0[j], p));
                    next.map(|j| at = j).is_some()
                })
            }
        })
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Something a person looks for, as the phrases that say it.
#[derive(Debug, Clone)]
pub struct Concept(Vec<Stems>);

impl Concept {
    /// A concept from phrases written as people write them.
    pub fn new(phrases: &[&str]) -> Concept {
        Concept(phrases.iter().map(|p| stems(p)).collect())
    }

    /// Whether any of its phrases occurs in `text`.
    pub fn in_stems(&self, text: &Stems) -> bool {
        self.0.iter().any(|p| text.has(p))
    }

    /// Whether any of its phrases occurs in a text however long, read a window at a time.
    pub fn in_text(&self, text: &str) -> bool {
        any_window(text, |t| self.in_stems(t))
    }

    /// How many of its phrases occur in `text`.
    pub fn count_in(&self, text: &Stems) -> usize {
        self.0.iter().filter(|p| text.has(p)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_spellings_are_one_word() {
        let levels = Concept::new(&["упрощенная учетная запись"]);
        for t in [
            "Упрощённая учётная запись",
            "после создания упрощенной учетной записи",
            "упрощенную учетную запись",
        ] {
            assert!(levels.in_stems(&stems(t)), "{t}");
        }
        assert!(!levels.in_stems(&stems("стандартная учетная запись")));
    }

    #[test]
    fn words_follow_one_another_with_one_between_at_most() {
        let queue = Concept::new(&["без очереди"]);
        assert!(queue.in_stems(&stems("Без длинных очередей")));
        assert!(!queue.in_stems(&stems("без всяких долгих очередей")));
        assert!(!queue.in_stems(&stems("очереди без")));
        let faster = Concept::new(&["быстрее чем лично", "онлайн удобнее"]);
        assert_eq!(
            faster.count_in(&stems("Почему онлайн удобнее, чем лично")),
            1
        );
        // A short stem is only itself: ЕСИА is not «есть».
        let esia = Concept::new(&["ЕСИА"]);
        assert!(esia.in_stems(&stems("учётная запись в ЕСИА")));
        assert!(!esia.in_stems(&stems("есть ли продлёнка")));
        // One word is its own forms, not the words made from it.
        let registration = Concept::new(&["регистрация"]);
        assert!(registration.in_stems(&stems("Регистрации на портале")));
        assert!(!registration.in_stems(&stems("Регистрационный учёт")));
    }

    #[test]
    fn a_long_text_is_read_a_window_at_a_time() {
        let filler = "слово ".repeat(WINDOW - 1);
        // The phrase straddles the first window's end.
        let text = format!("{filler}без длинных очередей {filler}");
        let queue = Concept::new(&["без очереди"]);
        assert!(queue.in_text(&text));
        assert!(!queue.in_text(&filler));
        assert!(Concept::new(&["слово"]).in_text("Слово"));
    }
}
