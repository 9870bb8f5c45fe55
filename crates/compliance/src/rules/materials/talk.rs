//! The detectors of what the section says to people and what it offers to talk: questions
//! and answers, news, the appeal procedure, a survey, social networks and videos, the mobile
//! app, contacts for consultations.

use super::*;
use crate::rules::vocabulary::{NEWS_TAG, about_e_services, is_question};
use crate::snapshot::{BlockSource, Heading};

/// A question with its answer: a question-like heading with text under it, a table row whose
/// first cell asks, or a «Вопрос: … Ответ: …» pair.
fn answered(h: &Heading) -> bool {
    let asks = h.source == BlockSource::Label || is_question(&h.text);
    asks && h.level >= 2 && h.body_chars >= 10
}

/// The questions a page answers, and how many of them are about e-services.
fn questions<'a>(p: &'a SnapPage, ctx: &RuleContext) -> (Vec<&'a Heading>, usize) {
    let pairs: Vec<&Heading> = p.headings.iter().filter(|h| answered(h)).collect();
    let about = pairs
        .iter()
        .filter(|h| {
            let text = format!("{} {}", normalize(&h.text), h.body);
            about_e_services(&text) || about_portal(&ctx.lexicon, &text)
        })
        .count();
    (pairs, about)
}

/// Questions about e-services with their answers, three at least: on a page named for them,
/// or on any page that answers three. The page with the most questions about e-services is
/// the evidence — page 2 of a list, when that is where they are — named with the first.
pub fn detect_faq(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let named: Vec<&SnapPage> = pages_about(snap, PageKind::Faq);
    let mut candidates: Vec<(&SnapPage, Vec<&Heading>, usize)> = snap
        .pages
        .iter()
        .map(|p| {
            let (pairs, about) = questions(p, ctx);
            (p, pairs, about)
        })
        .filter(|(p, pairs, about)| {
            // A page not named for questions needs questions that plainly are ones: asked
            // with «?» or labelled «Вопрос:» — a page of headings like «Как обжаловать
            // решение» is not a FAQ.
            let plain = pairs
                .iter()
                .filter(|h| h.source == BlockSource::Label || h.text.trim_end().ends_with('?'))
                .count();
            named.iter().any(|n| n.path == p.path) || (plain >= 3 && *about > 0)
        })
        .collect();
    if candidates.is_empty() {
        return Finding::missing();
    }
    let judge = |(p, pairs, about): &(&SnapPage, Vec<&Heading>, usize)| -> Vec<String> {
        let mut lacking = match pairs.len() {
            n if n >= 3 => Vec::new(),
            0 => vec!["не найдено ни одного вопроса с ответом".into()],
            n => vec![format!(
                "вопросов с ответами {n}, а uslugi ждёт не меньше трёх"
            )],
        };
        // Short answers rarely repeat the word «портал»: one pair about e-services, or a
        // page named for them, is enough to tell an e-services FAQ from a school's.
        if !pairs.is_empty() && *about == 0 && !about_e_services(&p.names()) {
            lacking.push("вопросы не об электронных услугах и портале госуслуг".into());
        }
        lacking.extend(unfinished(p).map(String::from));
        lacking
    };
    candidates.sort_by_key(|c| (judge(c).len(), std::cmp::Reverse((c.2, c.1.len()))));
    let best = &candidates[0];
    let first = best
        .1
        .iter()
        .find(|h| about_e_services(&format!("{} {}", normalize(&h.text), h.body)))
        .or(best.1.first());
    let f = Finding::judged(vec![best.0.url.clone()], judge(best));
    match first {
        Some(h) => f.in_block(&h.text),
        None => f,
    }
}

/// The news items about e-services: dated pages whose own text is about e-services —
/// items of a news section, pages declared news, or articles whose markup dates them that
/// are no other material (a CMS article `<time>Опубликовано: 20.10.2026</time>` is news
/// wherever its URL puts it; an information page that mentions a date is not).
/// Items on their own pages come before lists of them.
fn e_services_news<'a>(snap: &'a Snapshot, ctx: &RuleContext) -> Vec<&'a SnapPage> {
    let named = pages_about(snap, PageKind::News);
    let section = pages_about(snap, PageKind::Home);
    let mut items: Vec<&SnapPage> = snap
        .pages
        .iter()
        .filter(|p| {
            (p.kind == Some(PageKind::News)
                || is_news_item(p)
                || named.iter().any(|n| n.path == p.path)
                || (p.kind.is_none()
                    && p.published
                    && !p.path.is_empty()
                    && !section.iter().any(|s| s.path == p.path)))
                && !p.dates.is_empty()
                && (about_e_services(&p.main_text) || says(&ctx.lexicon.e_services, &p.main_text))
        })
        .collect();
    items.sort_by_key(|p| !is_news_item(p));
    items
}

/// A dated news item about e-services, newer than `news_max_age_days`.
pub fn detect_news(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let items = e_services_news(snap, ctx);
    let today = ctx.today.day();
    let limit = ctx.today.days_before(ctx.news_max_age_days).day();
    let newest = items
        .iter()
        .flat_map(|p| p.dates.iter().map(move |d| (d, p)))
        .filter(|(d, _)| d.day() <= today)
        .max_by_key(|(d, p)| (d.day(), is_news_item(p)));
    match newest {
        Some((d, p)) if d.day() >= limit => {
            Finding::pass(vec![p.url.clone()]).in_block(p.h1.first().cloned().unwrap_or_default())
        }
        Some((d, p)) => Finding::partial(
            vec![p.url.clone()],
            vec![format!(
                "последняя новость об электронных услугах — от {}, а uslugi ждёт не старше {} дней",
                d.human_ru(),
                ctx.news_max_age_days
            )],
        ),
        None => Finding::missing(),
    }
}

/// A news item about e-services that carries the tag «электронные госуслуги» or the logo of
/// e-services in itself (not in the site's menu).
pub fn detect_news_tag(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let items = e_services_news(snap, ctx);
    let tagged = items.iter().find(|p| {
        p.main_text.contains(NEWS_TAG)
            || p.main_alts.contains(NEWS_TAG)
            || p.main_alts.contains("госуслуг")
    });
    match (tagged, items.first()) {
        (Some(p), _) => Finding::pass(vec![p.url.clone()]),
        (None, Some(p)) => Finding::partial(
            vec![p.url.clone()],
            vec![format!(
                "новости об электронных услугах не отмечены меткой «{NEWS_TAG}» или логотипом электронных госуслуг"
            )],
        ),
        (None, None) => Finding::missing(),
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

/// The rating of the quality of services, which is a survey of how people found them.
const RATING: &[&str] = &["vashkontrol.ru"];
/// The portal's feedback platform («Решаем вместе»): its form reports a problem and is not a
/// survey (its polls, under `…/polls`, are).
const FEEDBACK_PLATFORM: &[&str] = &["pos.gosuslugi.ru"];

/// A survey of how satisfied people are with e-services: a page or block about a survey whose
/// text is about e-services, or a link to the rating of services. The portal's feedback
/// platform is recognised for what it is and does not count.
pub fn detect_survey(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let lx = &ctx.lexicon;
    let spots = spots(snap, PageKind::Survey, |title| says(&lx.survey, title));
    let about: Vec<&Spot> = spots
        .iter()
        .filter(|s| {
            lx.survey.in_text(&s.text) && (about_portal(lx, &s.text) || about_e_services(&s.text))
        })
        .collect();
    if let Some(s) = about.first() {
        let f = Finding::pass(vec![s.page.url.clone()]);
        return match s.title {
            Some(t) => f.in_block(t),
            None => f,
        };
    }
    // The rating of services, or a poll on the portal's platform (`pos.gosuslugi.ru/…/polls`).
    let rating = first_page(snap, |p| {
        links_to(p, RATING)
            || p.links.iter().any(|l| {
                l.target.is_on("pos.gosuslugi.ru")
                    && l.target.path().is_some_and(|x| x.contains("poll"))
            })
    });
    if rating.status == Status::Pass {
        return rating;
    }
    let platform = snap
        .pages
        .iter()
        .find(|p| links_to(p, FEEDBACK_PLATFORM) || says(&lx.feedback_platform, &p.text));
    let mut f = Finding::missing();
    if let Some(p) = platform {
        f.lacking.push(format!(
            "на сайте есть платформа обратной связи («Решаем вместе», {}) — это форма для сообщений о проблемах, а не опрос об удовлетворённости электронными услугами",
            p.url
        ));
    }
    f
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

/// Whether a text speaks of the portal's app: one sentence with «приложение», «госуслуг» and
/// «мобильн» (or «приложение «Госуслуги»»), not three words anywhere on a page («мобильных
/// телефонов», «Приложение № 2», «ГосУслуги»).
fn names_the_app(text: &str) -> bool {
    text.to_lowercase()
        .split(['.', '!', '?', ';', '\n'])
        .any(|sentence| {
            sentence.contains("приложени")
                && sentence.contains("госуслуг")
                && (sentence.contains("мобильн")
                    || sentence.contains("приложение «госуслуг")
                    || sentence.contains("приложении «госуслуг"))
        })
}

pub fn detect_mobile_app(snap: &Snapshot, _: &RuleContext) -> Finding {
    first_page(snap, |p| {
        names_the_app(&p.text)
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

/// Contacts offered for consultations about e-services: a phone, an e-mail or hours right
/// after words that offer a consultation or help about e-services (a footer block
/// «Консультации по электронным услугам» counts), or in the main content of the section's
/// own page. A staff directory or a guest book elsewhere on the site is not that.
pub fn detect_contacts(snap: &Snapshot, ctx: &RuleContext) -> Finding {
    let lx = &ctx.lexicon;
    let section: Vec<&str> = pages_about(snap, PageKind::Home)
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    for p in &snap.pages {
        let on_section = section.contains(&p.path.as_str());
        let anchors = ["консультац", "справк", "горяч", "по вопросам"]
            .iter()
            .flat_map(|w| p.text.match_indices(w).map(|(i, _)| i));
        for i in anchors {
            // What is offered and about what: the words around the anchor; the contact: what
            // follows it.
            let around = chars_around(&p.text, i, 150, 60);
            let after: String = p.text[i..].chars().take(250).collect();
            let offers = says(&lx.consultation, &around);
            let about = on_section || about_e_services(&around) || says(&lx.e_services, &around);
            let contact = has_contact(&after)
                || p.links.iter().any(|l| {
                    matches!(&l.target, Target::External(u) if u.starts_with("tel:") || u.starts_with("mailto:"))
                        && !l.text.trim().is_empty()
                        && after.contains(&normalize(&l.text))
                });
            if offers && about && contact {
                return Finding::pass(vec![p.url.clone()]).in_block(after.trim());
            }
        }
    }
    // …or a phone, an e-mail or hours in the main content of the section's own page (named
    // for e-services; the site's home page is not it), where a visitor asks about them.
    first_page(snap, |p| {
        section.contains(&p.path.as_str())
            && !p.path.is_empty()
            && (has_contact(&p.main_text)
                || p.links.iter().any(|l| {
                    l.in_main
                        && matches!(&l.target, Target::External(u) if u.starts_with("tel:") || u.starts_with("mailto:"))
                }))
    })
}

/// The text from `before` characters before byte `at` to `after` characters after it.
fn chars_around(text: &str, at: usize, before: usize, after: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(before.saturating_sub(1))
        .map_or(0, |(j, _)| j);
    let end = text[at..]
        .char_indices()
        .nth(after)
        .map_or(text.len(), |(j, _)| at + j);
    text[start..end].to_string()
}
