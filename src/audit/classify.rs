//! Inferring what a foreign page is, from what editors of CMS sites typically write.
//!
//! Evidence, strongest first: the page's own name (`h1`, or `<title>`), the texts of the
//! links that point at it (navigation labels, breadcrumbs, menu items — often the only
//! clear name a CMS page has), and its URL slugs (`/faq/`, `/novosti/`, `voprosy-otvety`).
//! The rules take the kind as evidence and still check the page's content.

use crate::compliance::rules::has_word;
use crate::compliance::snapshot::{SnapPage, normalize};
use crate::content::PageKind;

/// Name stems (matched at word starts) and URL fragments for each kind, most specific first.
const SIGNS: &[(PageKind, &[&str], &[&str])] = &[
    (
        PageKind::Faq,
        &[
            "часто задаваемые вопросы",
            "вопрос-ответ",
            "вопрос — ответ",
            "вопрос - ответ",
            "вопросы и ответы",
            "faq",
        ],
        &["faq", "voprosy", "vopros-otvet", "chasto-zadavaemye"],
    ),
    (
        PageKind::Appeal,
        &["досудебн", "обжалован", "порядок обжалования", "жалоб"],
        &["obzhalovan", "zhaloba", "appeal", "dosudebn"],
    ),
    (
        PageKind::Registration,
        &[
            "регистрац",
            "как зарегистрироваться",
            "учетная запись",
            "учетной записи",
        ],
        &["registr", "esia", "uchetn"],
    ),
    (
        PageKind::Centres,
        &[
            "центры обслуживания",
            "центр обслуживания",
            "подтвердить личность",
            "подтверждение личности",
            "пункты подтверждения",
        ],
        &["centr", "tsentr", "punkty", "co-esia"],
    ),
    (
        PageKind::Benefits,
        &["преимуществ"],
        &["preimushch", "benefit"],
    ),
    (
        PageKind::Services,
        &[
            "перечень услуг",
            "каталог услуг",
            "список услуг",
            "услуги в электронной форме",
            "перечень государственных",
            "перечень муниципальных",
        ],
        &["perechen", "katalog-uslug", "spisok-uslug"],
    ),
    (
        PageKind::Survey,
        &[
            "опрос",
            "анкет",
            "оцените",
            "удовлетворенност",
            "обратная связь",
        ],
        &["opros", "anket", "survey"],
    ),
    (
        PageKind::Media,
        &["видео", "видеоролик", "социальные сети", "мы в соцсетях"],
        &["video", "media"],
    ),
    (
        PageKind::News,
        &["новост", "события", "пресс-центр"],
        &["news", "novost", "sobytiya", "press"],
    ),
];

/// The kind of a page, if the evidence names one. `inbound` are the texts of links that
/// point to the page (from anywhere on the site).
pub fn classify(page: &SnapPage, inbound: &[String]) -> Option<PageKind> {
    let names = page.names();
    let labels: Vec<String> = inbound.iter().map(|t| normalize(t)).collect();
    let url = page.path.to_lowercase();
    let segments: Vec<&str> = url
        .split(['/', '?', '&', '=', '.', '_'])
        .filter(|s| !s.is_empty())
        .collect();
    for (kind, stems, _) in SIGNS {
        if stems.iter().any(|s| has_word(&names, s)) {
            return Some(*kind);
        }
    }
    for (kind, stems, _) in SIGNS {
        if labels.iter().any(|l| stems.iter().any(|s| has_word(l, s))) {
            return Some(*kind);
        }
    }
    for (kind, _, slugs) in SIGNS {
        if segments
            .iter()
            .any(|seg| slugs.iter().any(|s| seg.starts_with(s)))
        {
            return Some(*kind);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, h1: &str) -> SnapPage {
        SnapPage {
            path: path.into(),
            h1: if h1.is_empty() {
                vec![]
            } else {
                vec![h1.into()]
            },
            ..SnapPage::default()
        }
    }

    #[test]
    fn names_labels_and_urls() {
        assert_eq!(
            classify(&page("x/", "Вопрос — ответ"), &[]),
            Some(PageKind::Faq)
        );
        assert_eq!(
            classify(&page("x/", "Досудебное (внесудебное) обжалование"), &[]),
            Some(PageKind::Appeal)
        );
        assert_eq!(
            classify(
                &page("page-17.html", "Страница"),
                &["Центры обслуживания".into()]
            ),
            Some(PageKind::Centres)
        );
        assert_eq!(
            classify(
                &page("novosti/2026/priem.html", "Приём в первый класс"),
                &[]
            ),
            Some(PageKind::News)
        );
        assert_eq!(
            classify(&page("index.php?option=com_content&id=9", ""), &[]),
            None
        );
        assert_eq!(
            classify(&page("about/", "О школе"), &["О школе".into()]),
            None
        );
    }
}
