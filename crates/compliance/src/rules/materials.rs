//! The material detectors: for each material the recommendations name, what a person
//! checking the section would look for — not a keyword, but the substance: the benefits
//! compared with the in-person way, the account levels, centres with an address and hours,
//! questions with answers, a dated news item about e-services, contacts offered for
//! consultations.
//!
//! A material is looked for in whole pages (declared with `kind`, or named for it) and in the
//! blocks of any page (a heading with its text, a table row, a «Вопрос:» pair) whose title
//! names it, read by stem (see `language`). A declared or inferred kind is evidence, never
//! proof. Starter text that `uslugi init` left for the editor (`[Заполните: …]`) and a page
//! that says it is not ready yet make a material partial. Every finding names the page and,
//! when the material is one block of it, the block.

mod talk;

use std::borrow::Cow;

use super::language::{Concept, any_window, stems};
use super::vocabulary::{Lexicon, has_word, names_of};
use super::{Finding, RuleContext, Status};
use crate::snapshot::{SnapPage, Snapshot, Target, normalize};
use uslugi_core::PageKind;

pub use talk::*;

/// What the report says about starter text left in place.
const STARTER: &str = "заготовка не заполнена: замените текст «[Заполните: …]» своими сведениями";
/// What the report says about a page that says it is not ready.
const STUB: &str = "страница-заглушка: на ней сказано, что она в разработке или наполняется";

/// Pages that are the material: declared with `kind`, or named by one of its stems in
/// their title or `h1` — or, for the section's materials, in a heading of their own part
/// (sites often keep benefits, registration and questions as parts of one page).
pub fn pages_about(snap: &Snapshot, kind: PageKind) -> Vec<&SnapPage> {
    let names = names_of(kind);
    let by_part = !matches!(kind, PageKind::Home | PageKind::News);
    snap.pages
        .iter()
        .filter(|p| {
            p.kind == Some(kind)
                || {
                    let n = p.names();
                    names.iter().any(|stem| has_word(&n, stem))
                }
                || (by_part
                    && !p.path.is_empty()
                    && p.kind != Some(PageKind::Home)
                    && p.headings.iter().any(|h| {
                        h.level == 2 && {
                            let t = normalize(&h.text);
                            names.iter().any(|stem| has_word(&t, stem))
                        }
                    }))
        })
        .collect()
}

/// A place a material may be: a whole page, or one block of it (a heading and its text).
struct Spot<'a> {
    page: &'a SnapPage,
    /// The block's title; `None` for the whole page.
    title: Option<&'a str>,
    /// What is read there, normalized: the block's title and text, or the page's main text
    /// (borrowed: a page of megabytes is not copied for each material).
    text: Cow<'a, str>,
}

/// The pages that are the material, whole, then every block of any page whose title says
/// it is the material.
fn spots<'a>(snap: &'a Snapshot, kind: PageKind, title: impl Fn(&str) -> bool) -> Vec<Spot<'a>> {
    let mut out: Vec<Spot> = pages_about(snap, kind)
        .into_iter()
        .map(|page| Spot {
            page,
            title: None,
            text: Cow::Borrowed(page.main_text.as_str()),
        })
        .collect();
    for page in &snap.pages {
        for h in &page.headings {
            if title(&h.text) {
                out.push(Spot {
                    page,
                    title: Some(&h.text),
                    text: Cow::Owned(format!("{} {}", normalize(&h.text), h.body)),
                });
            }
        }
    }
    out
}

fn urls(pages: &[&SnapPage]) -> Vec<String> {
    pages.iter().map(|p| p.url.clone()).collect()
}

/// What keeps a page from counting as finished: starter text, or saying it is a stub.
fn unfinished(page: &SnapPage) -> Option<&'static str> {
    if page.starter {
        Some(STARTER)
    } else if page.stub {
        Some(STUB)
    } else {
        None
    }
}

/// Judges `spots` with `check`, which returns what a spot lacks; unfinished pages lack
/// that too. The spot that lacks least wins, and is named with its block.
fn best_spot(spots: &[Spot], check: impl Fn(&Spot) -> Vec<String>) -> Finding {
    let mut best: Option<(&Spot, Vec<String>)> = None;
    for s in spots {
        let mut lacking = check(s);
        lacking.extend(unfinished(s.page).map(String::from));
        if best.as_ref().is_none_or(|(_, l)| lacking.len() < l.len()) {
            best = Some((s, lacking));
        }
    }
    match best {
        Some((s, lacking)) => {
            let f = Finding::judged(vec![s.page.url.clone()], lacking);
            match s.title {
                Some(t) => f.in_block(t),
                None => f,
            }
        }
        None => Finding::missing(),
    }
}

/// Judges `pages` with `check`, which returns what a page lacks; unfinished pages lack that
/// too. The best page wins.
fn best_of(pages: &[&SnapPage], check: impl Fn(&SnapPage) -> Vec<String>) -> Finding {
    let spots: Vec<Spot> = pages
        .iter()
        .map(|&page| Spot {
            page,
            title: None,
            text: Cow::Borrowed(""),
        })
        .collect();
    best_spot(&spots, |s| check(s.page))
}

fn has_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Pass with the first page that matches, missing when none does.
fn first_page(snap: &Snapshot, matches: impl Fn(&SnapPage) -> bool) -> Finding {
    snap.pages
        .iter()
        .find(|p| matches(p))
        .map_or_else(Finding::missing, |p| Finding::pass(vec![p.url.clone()]))
}

/// Whether a page links to one of `domains` (or their subdomains).
fn links_to(page: &SnapPage, domains: &[&str]) -> bool {
    page.links
        .iter()
        .any(|l| domains.iter().any(|d| l.target.is_on(d)))
}

/// Whether `page` is among `pages`.
fn pages_about_contains(pages: &[&SnapPage], page: &SnapPage) -> bool {
    pages.iter().any(|p| p.path == page.path)
}

/// Whether a text speaks of the portal or its account: e-services, «на портале», «учётная
/// запись».
fn about_portal(lx: &Lexicon, text: &str) -> bool {
    let portal = stems("портал");
    any_window(text, |t| {
        lx.e_services.in_stems(t) || lx.identity.in_stems(t) || t.has(&portal)
    })
}

/// Whether `concept` is in `text` (normalized), read by stem.
fn says(concept: &Concept, text: &str) -> bool {
    concept.in_text(text)
}

/// The section's own page: named for e-services or declared the home of the section, not a
/// news item, and linked from the site's home page when one is. The page itself, not an item
/// that mentions it, is the evidence.
pub fn detect_section(snap: &Snapshot, _: &RuleContext) -> Finding {
    let mut section: Vec<&SnapPage> = pages_about(snap, PageKind::Home)
        .into_iter()
        .filter(|p| p.kind != Some(PageKind::News) && !is_news_item(p))
        .collect();
    if section.is_empty() {
        return Finding::missing();
    }
    let home = snap.home();
    let linked = |s: &SnapPage| {
        home.is_some_and(|h| {
            s.path == h.path
                || h.links
                    .iter()
                    .any(|l| matches!(&l.target, Target::Internal { path, .. } if *path == s.path))
        })
    };
    // Finished pages first, then those linked from home, then the shallowest.
    section.sort_by_key(|p| {
        (
            unfinished(p).is_some(),
            !linked(p),
            p.path.matches('/').count(),
            p.path.len(),
        )
    });
    let best = section[0];
    let Some(_) = home else {
        return Finding::partial(
            urls(&section),
            vec!["не найдена главная страница сайта".into()],
        );
    };
    let mut lacking: Vec<String> = unfinished(best).map(String::from).into_iter().collect();
    if !linked(best) {
        lacking.push("на главной странице нет ссылки на раздел".into());
    }
    Finding::judged(vec![best.url.clone()], lacking)
}

/// A dated news item (not a list of them, not a section's page).
fn is_news_item(p: &SnapPage) -> bool {
    let path = p.path.to_lowercase();
    let in_news = ["news", "novost", "press", "sobyt"]
        .iter()
        .any(|w| path.split('/').any(|seg| seg.starts_with(w)));
    in_news && !p.dates.is_empty() && p.path.trim_end_matches('/').contains('/')
}

pub fn detect_banner_home(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let Some(home) = snap.home() else {
        return Finding::missing();
    };
    let portal: Vec<_> = home
        .links
        .iter()
        .filter(|l| ctx.is_portal(&l.target))
        .collect();
    if portal.iter().any(|l| l.image) {
        Finding::pass(vec![home.url.clone()])
    } else if !portal.is_empty() {
        Finding::partial(
            vec![home.url.clone()],
            vec!["ссылка на портал есть, но это текст, а не баннер-изображение".into()],
        )
    } else {
        Finding::missing()
    }
}

/// The benefits of the electronic way, compared with the in-person one: on a page about them,
/// or in a block titled for them — «Преимущества…», «Чем электронная форма лучше личного
/// обращения», «Почему онлайн удобнее, чем лично».
pub fn detect_benefits(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let lx = &ctx.lexicon;
    let spots = spots(snap, PageKind::Benefits, |title| {
        let t = stems(title);
        lx.benefits_title.in_stems(&t)
            || (lx.in_person.in_stems(&t)
                && (lx.e_services.in_stems(&t)
                    || t.has(&stems("онлайн"))
                    || t.has(&stems("электронн"))))
    });
    // The benefits of e-services, not of a college or a profession: said of them, or on the
    // section's own page.
    let section = pages_about(snap, PageKind::Home);
    let spots: Vec<Spot> = spots
        .into_iter()
        .filter(|s| says(&lx.e_services, &s.text) || pages_about_contains(&section, s.page))
        .collect();
    best_spot(&spots, |s| {
        let mut lacking = Vec::new();
        if !lx.benefits.in_text(&s.text) {
            lacking.push(
                "не названы сами преимущества (экономия времени, уведомления, без очередей)".into(),
            );
        }
        if !lx.in_person.in_text(&s.text) && !has_any(&s.text, &["отлич"]) {
            lacking.push("нет сравнения с традиционным (личным) обращением".into());
        }
        lacking
    })
}

/// Links in a page's main content to services on the portal (not to its front page).
fn service_links(p: &SnapPage, ctx: &RuleContext) -> usize {
    p.links
        .iter()
        .filter(|l| {
            l.in_main
                && ctx.is_portal(&l.target)
                && l.target
                    .path()
                    .is_some_and(|x| x.trim_matches('/').len() > 1)
        })
        .count()
}

/// Services available electronically, each with a link to it on the portal: a page named for
/// the list, or any page whose main content links to three services or more.
pub fn detect_services(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let named = pages_about(snap, PageKind::Services);
    let mut pages = named.clone();
    pages.extend(
        snap.pages
            .iter()
            .filter(|p| service_links(p, ctx) >= 3 && !pages_about_contains(&named, p)),
    );
    best_of(&pages, |p| {
        let n = p
            .links
            .iter()
            .filter(|l| l.in_main && ctx.is_portal(&l.target))
            .count();
        match n {
            0 => vec!["нет ссылок на услуги на портале госуслуг".into()],
            1 | 2 => vec![format!(
                "ссылок на услуги на портале всего {n}, а uslugi ждёт не меньше трёх"
            )],
            _ => Vec::new(),
        }
    })
}

/// The account levels and the documents registration needs, on a page about registering on
/// the portal or in a block titled for it.
pub fn detect_registration(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let lx = &ctx.lexicon;
    // Registering on the portal, not on the site itself («Придумайте логин»): said of the
    // portal, or on the section's own page.
    let section = pages_about(snap, PageKind::Home);
    let spots: Vec<Spot> = spots(snap, PageKind::Registration, |title| {
        says(&lx.registration, title)
    })
    .into_iter()
    .filter(|s| about_portal(lx, &s.text) || pages_about_contains(&section, s.page))
    .collect();
    best_spot(&spots, |s| {
        let t = &s.text;
        let mut lacking = Vec::new();
        // The adjectives, «ё» read as «е»: «подтверждённая» is a level, «подтверждение» not.
        for (stem, name) in [
            ("упрощенн", "упрощённая"),
            ("стандартн", "стандартная"),
            ("подтвержденн", "подтверждённая"),
        ] {
            if !t.contains(stem) {
                lacking.push(format!("не назван уровень учётной записи «{name}»"));
            }
        }
        for (stems, name) in [
            (&["паспорт"][..], "паспорт"),
            (
                &[
                    "снилс",
                    "страховое свидетельство",
                    "страхового свидетельства",
                ][..],
                "СНИЛС",
            ),
            (
                &["телефон", "электронн", "e-mail", "email"][..],
                "мобильный телефон или электронная почта",
            ),
        ] {
            if !has_any(t, stems) {
                lacking.push(format!("не назван нужный документ: {name}"));
            }
        }
        lacking
    })
}

/// Positions (in chars) where `text` names a street address.
fn address_marks(text: &str) -> Vec<usize> {
    const MARKS: [&str; 14] = [
        "ул.",
        "улица",
        "пр.",
        "проспект",
        "пр-т",
        "пер.",
        "переулок",
        "пл.",
        "площадь",
        "шоссе",
        "бульвар",
        "б-р",
        "мкр",
        "наб.",
    ];
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for m in MARKS {
        let mc: Vec<char> = m.chars().collect();
        for i in 0..chars.len().saturating_sub(mc.len() - 1) {
            let at_word = i == 0 || !chars[i - 1].is_alphanumeric();
            if at_word && chars[i..i + mc.len()] == mc[..] {
                out.push(i);
            }
        }
    }
    out
}

/// Positions (in chars) where `text` gives opening hours: `9:00`, `09.00–18.00`, `с 9 до 18`.
fn hours_marks(text: &str) -> Vec<usize> {
    let c: Vec<char> = text.chars().collect();
    let d = |i: usize| c.get(i).is_some_and(char::is_ascii_digit);
    let mut out = Vec::new();
    for i in 0..c.len() {
        // H:MM or HH:MM
        if d(i) && c.get(i + 1) == Some(&':') && d(i + 2) && d(i + 3) {
            out.push(i);
        }
        // H.MM–H.MM (a dotted time needs a range, so that dates do not count)
        if d(i) && c.get(i + 1) == Some(&'.') && d(i + 2) && d(i + 3) {
            let mut j = i + 4;
            while c.get(j).is_some_and(|x| *x == ' ') {
                j += 1;
            }
            if c.get(j).is_some_and(|x| matches!(x, '-' | '–' | '—')) {
                out.push(i);
            }
        }
    }
    let s: String = c.iter().collect();
    for (i, _) in s.match_indices("с ") {
        let rest: String = s[i + 2..].chars().take(12).collect();
        let mut words = rest.split_whitespace();
        if let (Some(a), Some("до"), Some(b)) = (words.next(), words.next(), words.next())
            && a.chars().all(|x| x.is_ascii_digit())
            && b.trim_end_matches(|x: char| !x.is_ascii_digit())
                .chars()
                .all(|x| x.is_ascii_digit())
        {
            out.push(s[..i].chars().count());
        }
    }
    out
}

/// Whether a text gives at least one centre: an address with opening hours near it.
fn centre_with_hours(text: &str) -> (bool, bool, bool) {
    let (a, h) = (address_marks(text), hours_marks(text));
    let near = a.iter().any(|x| h.iter().any(|y| x.abs_diff(*y) <= 400));
    (!a.is_empty(), !h.is_empty(), near)
}

/// A link to the portal's map of service centres.
fn links_to_centres_map(page: &SnapPage) -> bool {
    page.links.iter().any(|l| {
        l.target.is_on("map.gosuslugi.ru")
            || (l.target.is_on("gosuslugi.ru")
                && l.target
                    .path()
                    .is_some_and(|p| p.contains("/map") || p.contains("centers")))
    })
}

/// Centres where identity is confirmed, at least one with an address and hours near each
/// other, on a page about them or in a block titled for them («Где подтвердить учётную
/// запись», «МФЦ»); or a link to the portal's map of centres.
pub fn detect_centres(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let lx = &ctx.lexicon;
    let pages = pages_about(snap, PageKind::Centres);
    // An office (МФЦ) is a centre for this material where the text or its page speaks of
    // confirming identity: the offices page of an МФЦ's own site is not about that.
    // Pages that speak of confirming identity, and the pages they send people to
    // («Адреса и режим работы филиалов»).
    let speak: Vec<&SnapPage> = snap
        .pages
        .iter()
        .filter(|p| says(&lx.identity, &p.main_text))
        .collect();
    let speaks = |p: &SnapPage| speak.iter().any(|q| q.path == p.path);
    let sent_to: Vec<&str> = speak
        .iter()
        .flat_map(|p| p.links.iter().filter(|l| l.in_main))
        .filter_map(|l| match &l.target {
            Target::Internal { path, .. } => Some(path.as_str()),
            _ => None,
        })
        .collect();
    let for_identity = |s: &Spot| {
        says(&lx.identity, &s.text) || speaks(s.page) || sent_to.contains(&s.page.path.as_str())
    };
    let named = |t: &str| says(&lx.centres, t) || says(&lx.offices, t);
    // Blocks titled for centres, and blocks of any title that name one («Куда обратиться: МФЦ
    // …, ул. …, пн–пт 9.00–19.00»).
    let mut spots: Vec<Spot> = spots(snap, PageKind::Centres, named)
        .into_iter()
        .filter(for_identity)
        .collect();
    for page in &snap.pages {
        for h in &page.headings {
            let text = format!("{} {}", normalize(&h.text), h.body);
            // Only when it gives a centre: a mention of МФЦ in passing is no material.
            if !named(&h.text)
                && named(&h.body)
                && centre_with_hours(&text).2
                && (speaks(page) || says(&lx.identity, &text))
            {
                spots.push(Spot {
                    page,
                    title: Some(&h.text),
                    text: Cow::Owned(text),
                });
            }
        }
    }
    let found = best_spot(&spots, |s| {
        let (address, hours, near) = centre_with_hours(&s.text);
        if near || (s.title.is_none() && links_to_centres_map(s.page)) {
            return Vec::new();
        }
        let mut lacking = Vec::new();
        if !address {
            lacking.push("не указан адрес ни одного центра".into());
        }
        if !hours {
            lacking.push("не указаны часы работы центров".into());
        }
        if address && hours {
            lacking.push("адреса и часы работы не сведены по центрам".into());
        }
        lacking
    });
    if found.status == Status::Pass {
        return found;
    }
    // The section may send people to the portal's map of centres from another page.
    match first_page(snap, links_to_centres_map) {
        map if map.status == Status::Pass && !pages.iter().any(|p| p.starter) => map,
        _ => found,
    }
}

#[cfg(test)]
pub(crate) mod tests;
