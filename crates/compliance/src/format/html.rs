//! A printable Russian report page: the organization, the date, and a table of every
//! material with its outcome, what to add and where the requirement comes from. The markup is
//! `templates/report.html`; this module gives it the values.

use serde::Serialize;

use super::page;
use crate::report::{CrawlInfo, Outcome, Report, RuleResult, SiteInfo, Totals};

const STYLE: &str = "body{font-family:system-ui,sans-serif;color:#1b1f24;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5}\
h1{font-size:1.6rem;margin-bottom:.25rem}.meta{color:#4a5361}table{border-collapse:collapse;width:100%;margin-top:1.5rem}\
th,td{border:1px solid #c9d1de;padding:.45rem .6rem;text-align:left;vertical-align:top}td:nth-child(4){overflow-wrap:anywhere}th{background:#eef2f8}\
.pass{color:#0a6b2b}.partial{color:#8a5a00}.missing{color:#b3261e}.muted{color:#4a5361}.outcome{font-weight:700;white-space:nowrap}\
.summary{display:flex;gap:1rem;flex-wrap:wrap;padding:0;list-style:none}.summary li{border:1px solid #c9d1de;border-radius:8px;padding:.4rem .8rem}\
small{color:#4a5361}@media print{body{margin:0;max-width:none}a{color:#000}}";

/// What the template shows.
#[derive(Serialize)]
struct View<'a> {
    style: &'static str,
    site: &'a SiteInfo,
    date: &'a str,
    pages: usize,
    crawl: Option<&'a CrawlInfo>,
    unread: bool,
    failing: usize,
    totals: &'a Totals,
    rows: Vec<Row<'a>>,
    note: &'static str,
    tool: &'a str,
}

/// One material's table row.
#[derive(Serialize)]
struct Row<'a> {
    title: &'a str,
    id: &'a str,
    severity: &'static str,
    class: &'static str,
    outcome: &'static str,
    evidence: &'a [String],
    block: Option<&'a str>,
    lacking: &'a [String],
    /// What to add, shown for missing and partial materials.
    hint: Option<&'a str>,
    ignore_reason: Option<&'a str>,
    source: String,
}

fn row(r: &RuleResult) -> Row<'_> {
    Row {
        title: r.title_ru,
        id: r.id,
        severity: r.severity.ru(),
        class: match r.outcome {
            Outcome::Pass => "pass",
            Outcome::Partial => "partial",
            Outcome::Missing => "missing",
            _ => "muted",
        },
        outcome: r.outcome.ru(),
        evidence: &r.evidence,
        block: r.block.as_deref(),
        lacking: &r.lacking,
        hint: matches!(r.outcome, Outcome::Missing | Outcome::Partial).then_some(r.hint),
        ignore_reason: r.ignore_reason.as_deref(),
        source: r.source.cite_with_force(),
    }
}

/// The whole page.
pub(super) fn render(report: &Report) -> String {
    let tera = page::templates(&[("report.html", include_str!("templates/report.html"))]);
    let view = View {
        style: STYLE,
        site: &report.site,
        date: &report.date,
        pages: report.pages,
        crawl: report.crawl.as_ref(),
        unread: report.unread(),
        failing: report.totals.failing,
        totals: &report.totals,
        rows: report.results.iter().map(row).collect(),
        note: super::SEVERITY_NOTE,
        tool: &report.tool,
    };
    page::render(&tera, "report.html", &view)
}
