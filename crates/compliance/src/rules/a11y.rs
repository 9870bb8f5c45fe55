//! The accessibility detectors: every page of the site judged against criteria of WCAG 2.1,
//! on which ГОСТ Р 52872-2019 is built.

use super::{Finding, RuleContext, Status};
use crate::snapshot::{SnapPage, Snapshot};

/// How a page's problem is worded in `lacking` (after the page's address and «: »), so that
/// whoever points at the source line (`uslugi_site::locate`) reads it the same way: images
/// without alt, then their addresses.
pub const NO_ALT: &str = "без alt: ";
/// Links whose text says nothing, then those texts in «».
pub const UNCLEAR_LINKS: &str = "неясные ссылки: ";
/// A skipped heading level: «после <h2> сразу <h4>».
pub const SKIPPED_LEVEL: &str = "сразу <h";
/// More than one h1: «заголовков <h1>: 2».
pub const MANY_H1: &str = "заголовков <h1>";

/// Judges every page with `problem`, which describes what is wrong with a page: pass when
/// no page has a problem, missing when every page has one, partial otherwise (naming up to
/// five pages).
fn every_page(snap: &Snapshot, problem: impl Fn(&SnapPage) -> Option<String>) -> Finding {
    let bad: Vec<(&SnapPage, String)> = snap
        .pages
        .iter()
        .filter_map(|p| problem(p).map(|w| (p, w)))
        .collect();
    if bad.is_empty() {
        return match snap.home().or(snap.pages.first()) {
            Some(p) => Finding::pass(vec![p.url.clone()]),
            None => Finding::missing(),
        };
    }
    let lacking: Vec<String> = bad
        .iter()
        .take(5)
        .map(|(p, w)| format!("{}: {w}", p.url))
        .collect();
    let evidence = bad.iter().take(5).map(|(p, _)| p.url.clone()).collect();
    if bad.len() == snap.pages.len() {
        Finding {
            status: Status::Missing,
            evidence,
            lacking,
            block: None,
        }
    } else {
        Finding::partial(evidence, lacking)
    }
}

pub fn detect_img_alt(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        let missing: Vec<&str> = p
            .images
            .iter()
            .filter(|(_, alt)| alt.is_none())
            .map(|(src, _)| src.as_str())
            .collect();
        (!missing.is_empty()).then(|| format!("{NO_ALT}{}", missing.join(", ")))
    })
}

pub fn detect_lang(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        p.lang
            .is_none()
            .then(|| "у <html> нет атрибута lang".to_string())
    })
}

pub fn detect_one_h1(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| match p.h1.len() {
        1 => None,
        0 => Some("нет заголовка <h1>".to_string()),
        n => Some(format!("{MANY_H1}: {n}")),
    })
}

pub fn detect_heading_order(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        p.outline
            .windows(2)
            .find(|w| w[1] > w[0] + 1)
            .map(|w| format!("после <h{}> {SKIPPED_LEVEL}{}>", w[0], w[1]))
    })
}

/// Link texts that say nothing about where the link goes.
const VAGUE_LINKS: &[&str] = &[
    "здесь",
    "тут",
    "подробнее",
    "читать далее",
    "читать",
    "далее",
    "по ссылке",
    "ссылка",
    "перейти",
    "click here",
    "here",
    "more",
    "read more",
];

pub fn detect_link_text(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        let bad: Vec<String> = p
            .links
            .iter()
            .filter_map(|l| {
                let t: String = crate::snapshot::normalize(&l.text)
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_string();
                if t.is_empty() {
                    Some("ссылка без текста".to_string())
                } else if VAGUE_LINKS.contains(&t.as_str()) {
                    Some(format!("«{t}»"))
                } else {
                    None
                }
            })
            .collect();
        (!bad.is_empty()).then(|| format!("{UNCLEAR_LINKS}{}", bad.join(", ")))
    })
}

pub fn detect_form_labels(snap: &Snapshot, _: &RuleContext) -> Finding {
    every_page(snap, |p| {
        (p.unlabelled_fields > 0).then(|| format!("полей без подписи: {}", p.unlabelled_fields))
    })
}
