//! Slugs: URL-safe names made from file names and headings.
//!
//! Cyrillic is transliterated the way Russian sites usually spell their addresses
//! (`Часто задаваемые вопросы` → `chasto-zadavaemye-voprosy`), everything else that is not
//! a Latin letter or a digit becomes a single hyphen.

/// The Latin spelling of one Cyrillic letter (lower-case input).
fn translit(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "y",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        'і' => "i",
        'ї' => "yi",
        'є' => "ye",
        _ => return None,
    })
}

/// Makes a slug: lower-case Latin letters, digits and single hyphens, no hyphen at either end.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let piece: Option<std::borrow::Cow<str>> = if c.is_ascii_alphanumeric() {
            Some(c.to_string().into())
        } else if c == '_' {
            Some("_".into())
        } else {
            translit(c).map(Into::into)
        };
        match piece {
            Some(p) if p.is_empty() => {}
            Some(p) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push_str(&p);
            }
            None => pending_dash = true,
        }
    }
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::slugify;

    #[test]
    fn transliterates_russian() {
        assert_eq!(
            slugify("Часто задаваемые вопросы"),
            "chasto-zadavaemye-voprosy"
        );
        assert_eq!(
            slugify("Досудебное (внесудебное) обжалование"),
            "dosudebnoe-vnesudebnoe-obzhalovanie"
        );
        assert_eq!(slugify("Щука, ёж и объявление"), "shchuka-ezh-i-obyavlenie");
    }

    #[test]
    fn keeps_latin_and_digits() {
        assert_eq!(slugify("Page 00042 — Test!"), "page-00042-test");
        assert_eq!(slugify("  --a--  "), "a");
        assert_eq!(slugify("snake_case"), "snake_case");
        assert_eq!(slugify("!!!"), "");
    }
}
