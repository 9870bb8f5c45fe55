//! The Russian report page: a to-do list. What is missing comes first, then what is partial,
//! each with what to do, the file and line to edit, a link to the page and its source folded
//! under it; the passes, ignored and not applicable materials are folded below. The markup is
//! `templates/report.html`; this module gives it the values. The preview serves the same page
//! with links to its own pages instead of the production address.

use serde::Serialize;

use super::page;
use crate::report::{CrawlInfo, Outcome, Report, RuleResult, SiteInfo, Totals};

const STYLE: &str = "body{font-family:system-ui,sans-serif;color:#1b1f24;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5;overflow-wrap:anywhere}\
h1{font-size:1.6rem;margin-bottom:.25rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.05rem;margin:0 0 .25rem}.meta{color:#4a5361}\
.pass{color:#0a6b2b}.partial{color:#8a5a00}.missing{color:#b3261e}.muted{color:#4a5361}\
.summary{display:flex;gap:.5rem 1rem;flex-wrap:wrap;padding:0;list-style:none}.summary li{border:1px solid #c9d1de;border-radius:8px;padding:.3rem .7rem}\
.todo{list-style:none;padding:0;margin:0}.item{border:1px solid #c9d1de;border-left:6px solid currentColor;border-radius:6px;padding:.7rem 1rem;margin:0 0 1rem;color:#1b1f24}\
.item.missing{border-left-color:#b3261e}.item.partial{border-left-color:#8a5a00}.item p{margin:.3rem 0}\
.tag{display:inline-block;font-size:.85rem;font-weight:700;border-radius:4px;padding:0 .4rem;margin-right:.3rem;color:#fff}.tag.missing{background:#b3261e}.tag.partial{background:#8a5a00}\
.sev{color:#4a5361;font-size:.9rem}.where{color:#1b1f24}.where code{font-weight:700}code{font-size:.95em;background:#eef2f8;border-radius:3px;padding:0 .2rem}\
details{margin:.4rem 0}summary{cursor:pointer;color:#1d4f91}details.done,details.other{border-top:1px solid #c9d1de;padding-top:.6rem;margin-top:1.5rem}\
details.done summary,details.other summary{font-size:1.15rem;font-weight:700}details li{margin:.4rem 0}small{color:#4a5361}a{color:#1d4f91}\
@media print{body{margin:0;max-width:none}a{color:#000}details::details-content{content-visibility:visible;display:block}summary{color:#000}}";

/// What the template shows.
#[derive(Serialize)]
struct View<'a> {
    style: &'static str,
    site: &'a SiteInfo,
    home: String,
    date: &'a str,
    pages: usize,
    crawl: Option<&'a CrawlInfo>,
    unread: bool,
    failing: usize,
    totals: &'a Totals,
    todo: Vec<Item<'a>>,
    done: Vec<Item<'a>>,
    other: Vec<Item<'a>>,
    note: &'static str,
    tool: &'a str,
}

/// One material.
#[derive(Serialize)]
struct Item<'a> {
    title: &'a str,
    id: &'a str,
    severity: &'static str,
    counts: bool,
    class: &'static str,
    outcome: &'static str,
    evidence: Vec<Link>,
    /// The first evidence page, and how many more there are: what a to-do item links.
    page: Option<Link>,
    more: usize,
    block: Option<&'a str>,
    lacking: &'a [String],
    hint: &'a str,
    location: Option<Place<'a>>,
    ignore_reason: Option<&'a str>,
    source: String,
}

/// A page link: where it goes, and what it says (the page's address).
#[derive(Serialize)]
struct Link {
    href: String,
    text: String,
}

/// The file to edit, as the report's reader names it.
#[derive(Serialize)]
struct Place<'a> {
    path: String,
    line: usize,
    key: Option<&'a str>,
    create: bool,
}

/// Where a page link leads: to the address as published, or, in the preview, to the same
/// path on the preview's own server (and then it says that path).
fn link(url: &str, preview: bool) -> Link {
    let href = if preview {
        uslugi_core::util::url::path_of(url)
    } else {
        url.to_string()
    };
    Link {
        text: href.clone(),
        href,
    }
}

fn item<'a>(r: &'a RuleResult, report: &Report, preview: bool) -> Item<'a> {
    Item {
        title: r.title_ru,
        id: r.id,
        severity: r.severity.ru(),
        counts: r.counts,
        class: match r.outcome {
            Outcome::Pass => "pass",
            Outcome::Partial => "partial",
            Outcome::Missing => "missing",
            _ => "muted",
        },
        outcome: r.outcome.ru(),
        evidence: r.evidence.iter().map(|e| link(e, preview)).collect(),
        page: r.evidence.first().map(|e| link(e, preview)),
        more: r.evidence.len().saturating_sub(1),
        block: r.block.as_deref(),
        lacking: &r.lacking,
        hint: r.hint,
        location: r.location.as_ref().map(|l| Place {
            path: format!("{}{}", report.prefixes.shown, l.file),
            line: l.line,
            key: l.key.as_deref(),
            create: l.create,
        }),
        ignore_reason: r.ignore_reason.as_deref(),
        source: r.source.cite_with_force(),
    }
}

/// The whole page; `preview` makes page links lead to the preview's own server.
pub(super) fn render(report: &Report, preview: bool) -> String {
    let tera = page::templates(&[("report.html", include_str!("templates/report.html"))]);
    let unread = report.unread();
    let of = |outcomes: &[Outcome]| -> Vec<Item<'_>> {
        report
            .results
            .iter()
            .filter(|r| unread || outcomes.contains(&r.outcome))
            .map(|r| item(r, report, preview))
            .collect()
    };
    let view = View {
        style: STYLE,
        site: &report.site,
        home: link(&report.site.url, preview).href,
        date: &report.date,
        pages: report.pages,
        crawl: report.crawl.as_ref(),
        unread,
        failing: report.totals.failing,
        totals: &report.totals,
        todo: report
            .findings()
            .into_iter()
            .map(|r| item(r, report, preview))
            .collect(),
        done: of(&[Outcome::Pass]),
        other: of(&[Outcome::Ignored, Outcome::NotApplicable]),
        note: super::SEVERITY_NOTE,
        tool: &report.tool,
    };
    page::render(&tera, "report.html", &view)
}
