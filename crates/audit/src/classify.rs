//! Inferring what a foreign page is, from what editors of CMS sites typically write.
//!
//! Evidence, strongest first: the page's own name (`h1`, or `<title>`), the texts of the
//! links that point at it (navigation labels, breadcrumbs, menu items — often the only
//! clear name a CMS page has), and its URL slugs (`/faq/`, `/novosti/`, `voprosy-otvety`).
//! The rules take the kind as evidence and still check the page's content.

use uslugi_compliance::rules::vocabulary::{has_word, names_of};
use uslugi_compliance::snapshot::{SnapPage, normalize};
use uslugi_core::PageKind;

/// The kinds the classifier can tell, most specific first, with the URL fragments that
/// suggest them; the name stems come from the rule catalog ([`names_of`]).
const SLUGS: &[(PageKind, &[&str])] = &[
    (
        PageKind::Faq,
        &["faq", "voprosy", "vopros-otvet", "chasto-zadavaemye"],
    ),
    (
        PageKind::Appeal,
        &["obzhalovan", "zhaloba", "appeal", "dosudebn"],
    ),
    // Not «registracionnyj-uchet»: registering where one lives is another service.
    (
        PageKind::Registration,
        &["registrac", "registrat", "esia", "uchetn"],
    ),
    (PageKind::Centres, &["centr", "tsentr", "punkty", "co-esia"]),
    (PageKind::Benefits, &["preimushch", "benefit"]),
    (
        PageKind::Services,
        &["perechen", "katalog-uslug", "spisok-uslug"],
    ),
    (PageKind::Survey, &["opros", "anket", "survey"]),
    (PageKind::Media, &["video", "media"]),
    (PageKind::News, &["news", "novost", "sobytiya", "press"]),
];

/// Slugs that begin like a kind's but name something else: «registracionnyj» is the
/// registration of where one lives.
const NOT_SLUGS: &[&str] = &["registracionn"];

/// The kind of a page, if the evidence names one. `inbound` are the texts of links that
/// point to the page (from anywhere on the site).
pub fn classify(page: &SnapPage, inbound: &[&str]) -> Option<PageKind> {
    let names = page.names();
    let labels: Vec<String> = inbound.iter().map(|t| normalize(t)).collect();
    let url = page.path.to_lowercase();
    let segments: Vec<&str> = url
        .split(['/', '?', '&', '=', '.', '_'])
        .filter(|s| !s.is_empty())
        .collect();
    for (kind, _) in SLUGS {
        if names_of(*kind).iter().any(|s| has_word(&names, s)) {
            return Some(*kind);
        }
    }
    for (kind, _) in SLUGS {
        if labels
            .iter()
            .any(|l| names_of(*kind).iter().any(|s| has_word(l, s)))
        {
            return Some(*kind);
        }
    }
    for (kind, slugs) in SLUGS {
        if segments.iter().any(|seg| {
            slugs.iter().any(|s| seg.starts_with(s))
                && !NOT_SLUGS.iter().any(|n| seg.starts_with(n))
        }) {
            return Some(*kind);
        }
    }
    None
}

#[cfg(test)]
pub(crate) mod tests {
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
            classify(&page("page-17.html", "Страница"), &["Центры обслуживания"]),
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
        assert_eq!(classify(&page("about/", "О школе"), &["О школе"]), None);
    }
}
