//! The material detectors: for each material the recommendations name, what a person
//! checking the section would look for — not a keyword, but the substance: centres with an
//! address and hours, questions with answers, a dated news item that carries the tag itself,
//! a survey or a video about e-services, contacts labelled as consultations.
//!
//! A declared or inferred kind is evidence, never proof, and starter text that `uslugi init`
//! left for the editor (`[Заполните: …]`) makes a material partial.

use super::vocabulary::{NEWS_TAG, about_e_services, has_word, is_question, names_of};
use super::{Finding, RuleContext, Status};
use crate::snapshot::{SnapPage, Snapshot, Target};
use uslugi_core::PageKind;

/// What the report says about starter text left in place.
const STARTER: &str = "заготовка не заполнена: замените текст «[Заполните: …]» своими сведениями";

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
                            let t = crate::snapshot::normalize(&h.text);
                            names.iter().any(|stem| has_word(&t, stem))
                        }
                    }))
        })
        .collect()
}

fn urls(pages: &[&SnapPage]) -> Vec<String> {
    pages.iter().map(|p| p.url.clone()).collect()
}

/// Judges `pages` with `check`, which returns what a page lacks; starter text counts as
/// lacking. The best page wins.
fn best_of(pages: &[&SnapPage], check: impl Fn(&SnapPage) -> Vec<String>) -> Finding {
    let mut best: Option<(&SnapPage, Vec<String>)> = None;
    for p in pages {
        let mut lacking = check(p);
        if p.starter {
            lacking.push(STARTER.into());
        }
        if best.as_ref().is_none_or(|(_, l)| lacking.len() < l.len()) {
            best = Some((p, lacking));
        }
    }
    match best {
        Some((page, lacking)) => Finding::judged(vec![page.url.clone()], lacking),
        None => Finding::missing(),
    }
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

pub fn detect_section(snap: &Snapshot, _: &RuleContext) -> Finding {
    let section = pages_about(snap, PageKind::Home);
    if section.is_empty() {
        return Finding::missing();
    }
    let Some(home) = snap.home() else {
        return Finding::partial(
            urls(&section),
            vec!["не найдена главная страница сайта".into()],
        );
    };
    let reachable = section.iter().find(|s| {
        s.path == home.path
            || home
                .links
                .iter()
                .any(|l| matches!(&l.target, Target::Internal { path, .. } if *path == s.path))
    });
    match reachable {
        Some(s) => Finding::pass(vec![s.url.clone()]),
        None => Finding::partial(
            urls(&section),
            vec!["на главной странице нет ссылки на раздел".into()],
        ),
    }
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

pub fn detect_benefits(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Benefits);
    best_of(&pages, |p| {
        let mut lacking = Vec::new();
        if !has_any(
            &p.main_text,
            &[
                "времен",
                "уведомлен",
                "очеред",
                "круглосуточно",
                "не выходя из дома",
            ],
        ) {
            lacking.push(
                "не названы сами преимущества (экономия времени, уведомления, без очередей)".into(),
            );
        }
        if !has_any(
            &p.main_text,
            &["традиционн", "лично", "личном", "личного", "отлич"],
        ) {
            lacking.push("нет сравнения с традиционным (личным) обращением".into());
        }
        lacking
    })
}

pub fn detect_services(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Services);
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

pub fn detect_registration(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Registration);
    best_of(&pages, |p| {
        let t = &p.main_text;
        let mut lacking = Vec::new();
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
            (&["снилс"][..], "СНИЛС"),
            (
                &["телефон", "электронн"][..],
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

pub fn detect_centres(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Centres);
    let found = best_of(&pages, |p| {
        let (address, hours, near) = centre_with_hours(&p.main_text);
        if near || links_to_centres_map(p) {
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

pub fn detect_faq(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Faq);
    best_of(&pages, |p| {
        let pairs: Vec<_> = p
            .headings
            .iter()
            .filter(|h| h.level >= 2 && h.body_chars >= 10 && is_question(&h.text))
            .collect();
        let answered = pairs.len();
        let mut lacking = match answered {
            n if n >= 3 => Vec::new(),
            0 => vec!["не найдено ни одного вопроса с ответом".into()],
            n => vec![format!(
                "вопросов с ответами {n}, а uslugi ждёт не меньше трёх"
            )],
        };
        // Short answers rarely repeat the word «портал»: one pair about e-services, or a
        // page named for them, is enough to tell an e-services FAQ from a school's.
        let about = pairs.iter().any(|h| {
            about_e_services(&crate::snapshot::normalize(&h.text)) || about_e_services(&h.body)
        }) || about_e_services(&p.names());
        if answered > 0 && !about {
            lacking.push("вопросы не об электронных услугах и портале госуслуг".into());
        }
        lacking
    })
}

pub fn detect_news(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let news = pages_about(snap, PageKind::News);
    if news.is_empty() {
        return Finding::missing();
    }
    // The tag or the e-services logo in the item itself, not in the site's menu.
    let tagged: Vec<&SnapPage> = news
        .iter()
        .copied()
        .filter(|p| {
            p.main_text.contains(NEWS_TAG)
                || p.main_alts.contains(NEWS_TAG)
                || p.main_alts.contains("госуслуг")
        })
        .collect();
    if tagged.is_empty() {
        return Finding::partial(
            urls(&news[..1]),
            vec![format!(
                "ни одна новость не отмечена меткой «{NEWS_TAG}» или логотипом электронных госуслуг в самой новости"
            )],
        );
    }
    let today = ctx.today.day();
    let limit = ctx.today.days_before(ctx.news_max_age_days).day();
    let newest = tagged
        .iter()
        .flat_map(|p| p.dates.iter().map(move |d| (d, p)))
        .filter(|(d, _)| d.day() <= today)
        .max_by_key(|(d, _)| d.day());
    match newest {
        Some((d, p)) if d.day() >= limit => Finding::pass(vec![p.url.clone()]),
        Some((d, p)) => Finding::partial(
            vec![p.url.clone()],
            vec![format!(
                "последняя новость с меткой — от {}, а uslugi ждёт не старше {} дней",
                d.human_ru(),
                ctx.news_max_age_days
            )],
        ),
        None => Finding::partial(
            urls(&tagged[..1]),
            vec!["у новостей с меткой не указана дата публикации".into()],
        ),
    }
}

pub fn detect_appeal(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages = pages_about(snap, PageKind::Appeal);
    best_of(&pages, |p| {
        let mut lacking = Vec::new();
        if !p.main_text.contains("жалоб") {
            lacking.push("не сказано, как подать жалобу".into());
        }
        if !has_any(&p.main_text, &["срок", "дней", "дня"]) {
            lacking.push("не указаны сроки рассмотрения жалобы".into());
        }
        lacking
    })
}

/// The portal's own feedback and rating platforms.
const PORTAL_FEEDBACK: &[&str] = &["pos.gosuslugi.ru", "vashkontrol.ru"];

pub fn detect_survey(snap: &Snapshot, _: &RuleContext) -> Finding {
    let pages: Vec<&SnapPage> = pages_about(snap, PageKind::Survey)
        .into_iter()
        .filter(|p| about_e_services(&p.main_text) || links_to(p, PORTAL_FEEDBACK))
        .collect();
    if !pages.is_empty() {
        return best_of(&pages, |_| Vec::new());
    }
    first_page(snap, |p| links_to(p, PORTAL_FEEDBACK))
}

/// Social networks and video hosts.
const SOCIAL: &[&str] = &[
    "vk.com",
    "vk.ru",
    "vkvideo.ru",
    "ok.ru",
    "t.me",
    "rutube.ru",
    "youtube.com",
    "youtu.be",
    "dzen.ru",
    "max.ru",
];

/// A link to the portal's own pages on a social network or video host (`vk.com/gosuslugi`),
/// or to a video whose label is about e-services.
fn about_portal_socially(page: &SnapPage) -> bool {
    page.links.iter().any(|l| {
        SOCIAL.iter().any(|d| l.target.is_on(d))
            && (l.target.path().is_some_and(|p| p.contains("gosuslugi"))
                || about_e_services(&crate::snapshot::normalize(&l.text)))
    })
}

pub fn detect_social(snap: &Snapshot, _: &RuleContext) -> Finding {
    let media: Vec<&SnapPage> = pages_about(snap, PageKind::Media);
    let found = first_page(snap, |p| {
        (p.videos > 0 && about_e_services(&p.main_text)) || about_portal_socially(p)
    });
    if found.status == Status::Pass {
        // A media page with starter text still asks for its videos.
        if let Some(p) = media.iter().find(|p| p.starter) {
            return Finding::partial(vec![p.url.clone()], vec![STARTER.into()]);
        }
        return found;
    }
    match media.iter().find(|p| p.starter) {
        Some(p) => Finding::partial(vec![p.url.clone()], vec![STARTER.into()]),
        None => Finding::missing(),
    }
}

const APP_STORES: &[&str] = &[
    "apps.apple.com",
    "play.google.com",
    "rustore.ru",
    "appgallery.huawei.com",
];

pub fn detect_mobile_app(snap: &Snapshot, _: &RuleContext) -> Finding {
    first_page(snap, |p| {
        (p.text.contains("мобильн") && p.text.contains("приложени") && p.text.contains("госуслуг"))
            || links_to(p, APP_STORES)
            || p.links.iter().any(|l| {
                l.target.is_on("gosuslugi.ru")
                    && l.target.path().is_some_and(|x| x.contains("mobile"))
            })
    })
}

/// Whether `text` has `label` followed, within `window` characters, by something that
/// looks like a value: a time (`9:00`) when `hours`, otherwise a digit.
pub fn labelled(text: &str, label: &str, window: usize, hours: bool) -> bool {
    text.match_indices(label).any(|(i, _)| {
        let after: String = text[i + label.len()..].chars().take(window).collect();
        if hours {
            !hours_marks(&after).is_empty()
        } else {
            after.chars().any(|c| c.is_ascii_digit())
        }
    })
}

/// A word that looks like an e-mail address.
pub fn has_email(text: &str) -> bool {
    text.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !host.ends_with('.')
        })
    })
}

/// A phone, an e-mail address or reception hours in `text`.
fn has_contact(text: &str) -> bool {
    has_email(text)
        || labelled(text, "телефон", 25, false)
        || labelled(text, "тел.", 25, false)
        || labelled(text, "часы приема", 60, true)
        || labelled(text, "прием граждан", 80, true)
}

/// The kinds of the section's own pages.
const SECTION_KINDS: [PageKind; 9] = [
    PageKind::Benefits,
    PageKind::Services,
    PageKind::Registration,
    PageKind::Centres,
    PageKind::Faq,
    PageKind::Appeal,
    PageKind::Survey,
    PageKind::Media,
    PageKind::Staff,
];

pub fn detect_contacts(snap: &Snapshot, _: &RuleContext) -> Finding {
    // Contacts labelled as consultations, anywhere on a page (a footer block titled
    // «Консультации по электронным услугам» counts)…
    let labelled_anywhere = first_page(snap, |p| {
        p.text.match_indices("консультац").any(|(i, _)| {
            let window: String = p.text[i..].chars().take(250).collect();
            has_contact(&window)
                || p.links.iter().any(|l| {
                    matches!(&l.target, Target::External(u) if u.starts_with("tel:") || u.starts_with("mailto:"))
                        && window.contains(&crate::snapshot::normalize(&l.text))
                        && !l.text.trim().is_empty()
                })
        })
    });
    if labelled_anywhere.status == Status::Pass {
        return labelled_anywhere;
    }
    // …or in the main content of the section's own pages (not the site's general footer).
    let named: std::collections::HashSet<&str> = pages_about(snap, PageKind::Home)
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    let section: std::collections::HashSet<&str> = snap
        .pages
        .iter()
        .filter(|p| {
            p.kind.is_some_and(|k| SECTION_KINDS.contains(&k))
                || (p.kind == Some(PageKind::Home) && !p.path.is_empty())
                || named.contains(p.path.as_str())
        })
        .map(|p| p.path.as_str())
        .collect();
    first_page(snap, |p| {
        section.contains(p.path.as_str())
            && (has_contact(&p.main_text)
                || p.links.iter().any(|l| {
                    l.in_main
                        && matches!(&l.target, Target::External(u) if u.starts_with("tel:") || u.starts_with("mailto:"))
                }))
    })
}

#[cfg(test)]
pub(crate) mod tests;
