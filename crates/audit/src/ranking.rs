//! Ranking many audited sites, as regional reports rank municipalities.
//!
//! A site's score is a number from 0 to 1:
//!
//! ```text
//! score = Σ weight(rule) × credit(outcome) / Σ weight(rule)
//! weight: key 2, recommended 1 (not applicable and ignored rules are left out)
//! credit: present 1, partial 0.5, missing 0
//! ```
//!
//! Sites are ranked by score, highest first (ties by name). The CSV opens in Excel as is
//! (UTF-8 with BOM, `;` between fields, Russian column titles); the HTML page draws the
//! scores as an accessible SVG bar chart above the full table, which sorts by any column and
//! prints. The score measures how complete each site's section is by uslugi's rules; it is
//! not an official rating, and the page says so.

use super::SiteAudit;
use serde::Serialize;
use uslugi_compliance::format::page;
use uslugi_compliance::report::{Outcome, Report};
use uslugi_compliance::rules::{RULES, Severity};

/// The score of one report, from 0 to 1.
pub fn score(report: &Report) -> f64 {
    score_of(report.results.iter().map(|r| (r.severity, r.outcome)))
}

/// The score of a site's outcomes, each with its rule's severity.
pub fn score_of(results: impl IntoIterator<Item = (Severity, Outcome)>) -> f64 {
    let (mut got, mut max) = (0.0, 0.0);
    for (severity, outcome) in results {
        let weight = match (severity, outcome) {
            (_, Outcome::NotApplicable | Outcome::Ignored) | (Severity::NotApplicable, _) => {
                continue;
            }
            (Severity::Key, _) => 2.0,
            (Severity::Recommended, _) => 1.0,
        };
        let credit = match outcome {
            Outcome::Pass => 1.0,
            Outcome::Partial => 0.5,
            _ => 0.0,
        };
        got += weight * credit;
        max += weight;
    }
    if max == 0.0 { 0.0 } else { got / max }
}

/// A change of score smaller than this is no change: it would show as `0.00`.
pub const UNCHANGED: f64 = 0.0005;

/// A change of score as people write it: `+0.04`, `−0.02`, or `±0` for no change.
pub fn signed(d: f64) -> String {
    if d > UNCHANGED {
        format!("+{d:.2}")
    } else if d < -UNCHANGED {
        format!("−{:.2}", -d)
    } else {
        "±0".to_string()
    }
}

/// The sites that were read, ordered by score, highest first, with their scores. A site that
/// could not be read has no score and no place: see [`unread`].
pub fn ranked(audits: &[SiteAudit]) -> Vec<(f64, &SiteAudit)> {
    let mut rows: Vec<(f64, &SiteAudit)> = audits
        .iter()
        .filter(|a| !a.report.unread())
        .map(|a| (score(&a.report), a))
        .collect();
    rows.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.target.name.cmp(&b.1.target.name))
    });
    rows
}

/// The sites that could not be read, by name: listed apart, below the ranking.
pub fn unread(audits: &[SiteAudit]) -> Vec<&SiteAudit> {
    let mut rows: Vec<&SiteAudit> = audits.iter().filter(|a| a.report.unread()).collect();
    rows.sort_by(|a, b| a.target.name.cmp(&b.target.name));
    rows
}

/// How a site was read: its pages, or why it could not be.
pub fn state(a: &SiteAudit) -> String {
    match a.report.crawl.as_ref().and_then(|c| c.failure.clone()) {
        Some(f) => format!("не проверен: {f}"),
        None => format!("страниц: {}", a.report.pages),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([';', '"', '\n', '\r', ',']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The ranking as CSV.
pub fn csv(audits: &[SiteAudit]) -> String {
    let mut out = String::from("\u{feff}");
    let mut header = vec![
        "Место".to_string(),
        "Сайт".into(),
        "Адрес".into(),
        "Балл".into(),
        "Состояние".into(),
    ];
    header.extend(RULES.iter().map(|r| csv_field(r.short_ru)));
    out.push_str(&header.join(";"));
    out.push_str("\r\n");
    for (i, (score, a)) in ranked(audits).into_iter().enumerate() {
        let mut row = vec![
            (i + 1).to_string(),
            csv_field(&a.target.name),
            csv_field(&a.target.location),
            format!("{score:.2}"),
            csv_field(&state(a)),
        ];
        row.extend(a.report.results.iter().map(|r| r.outcome.ru().to_string()));
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    // Sites nobody could read: no place, no score, «не проверен» in every column.
    for a in unread(audits) {
        let mut row = vec![
            String::new(),
            csv_field(&a.target.name),
            csv_field(&a.target.location),
            String::new(),
            csv_field(&state(a)),
        ];
        row.extend(a.report.results.iter().map(|r| r.outcome.ru().to_string()));
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1f24}table{border-collapse:collapse;font-size:.9rem}\
.table-scroll{overflow-x:auto;max-width:100%}.table-scroll:focus-visible{outline:3px solid #ffbf00}\
.sites td:nth-child(2),.sites th:nth-child(2){position:sticky;left:0;z-index:1;background:#fff;box-shadow:1px 0 0 #c9d1de}.sites th:nth-child(2){background:#eef2f8}\
.trend svg{max-width:640px;width:100%;height:auto}.trend table{margin-top:.5rem}.legend{color:#4a5361}.spark{display:block}.worse{color:#b3261e}\
@page{size:A4 landscape;margin:10mm}@media print{.table-scroll{overflow:visible}table{font-size:6.5pt}th,td{padding:.1rem .15rem}.sites{table-layout:fixed;width:100%;font-size:5.5pt}\
.sites th,.sites td{overflow-wrap:anywhere;padding:1px 2px}.sites th:nth-child(2){width:9%}.sites .spark{width:100%;height:auto}.sites td:nth-child(2),.sites th:nth-child(2){position:static;box-shadow:none}}\
th,td{border:1px solid #c9d1de;padding:.3rem .45rem;text-align:left}th{background:#eef2f8}th button{all:unset;cursor:pointer;font-weight:700}\
th button:focus-visible{outline:3px solid #ffbf00}.pass{background:#e3f4e8}.partial{background:#fff3d6}.missing{background:#fde4e2}.na{color:#4a5361}\
.score{font-weight:700;text-align:right}.chart{margin:1rem 0;color:#1b1f24}@media print{th button::after{content:none}body{margin:0}}";

const SORT: &str = "document.querySelectorAll('th button').forEach(function(b){var i=b.closest('th').cellIndex;b.addEventListener('click',function(){\
var t=b.closest('table'),rows=[].slice.call(t.tBodies[0].rows),asc=b.dataset.asc!=='1';b.dataset.asc=asc?'1':'0';\
rows.sort(function(x,y){var p=x.cells[i].dataset.v||x.cells[i].textContent,q=y.cells[i].dataset.v||y.cells[i].textContent;\
var n=parseFloat(p)-parseFloat(q);return (isNaN(n)?p.localeCompare(q,'ru'):n)*(asc?1:-1)});rows.forEach(function(r){t.tBodies[0].appendChild(r)})})});";

/// What the ranking page shows; the markup is `templates/ranking.html`.
#[derive(Serialize)]
struct View<'a> {
    style: &'static str,
    sort: &'static str,
    about: &'static str,
    /// Whether a history gives the change and trend columns and the region's chart.
    history: bool,
    trend_chart: &'a str,
    date: &'a str,
    count: usize,
    chart: Chart,
    rules: Vec<RuleHead>,
    sites: Vec<SiteRow<'a>>,
    /// Sites that could not be read, with why.
    unread: Vec<UnreadRow<'a>>,
}

/// A site that could not be read.
#[derive(Serialize)]
struct UnreadRow<'a> {
    location: &'a str,
    name: &'a str,
    why: String,
}

/// A material's column.
#[derive(Serialize)]
struct RuleHead {
    title: &'static str,
    short: &'static str,
}

/// One site's row.
#[derive(Serialize)]
struct SiteRow<'a> {
    place: usize,
    location: &'a str,
    name: &'a str,
    score: String,
    sort_score: String,
    /// With a history: the change since the last run, as shown and for sorting.
    change: String,
    sort_change: String,
    /// With a history: the site's scores over the runs, as an SVG line (ours, not escaped).
    spark: String,
    state: String,
    cells: Vec<Cell>,
}

/// What a history adds to the ranking: for each site, by its address, the change since the
/// last run and its scores over the runs; and the region's chart. Made by `uslugi-history`.
#[derive(Debug, Clone, Default)]
pub struct Trends {
    /// By the address audited.
    pub sites: std::collections::HashMap<String, SiteTrend>,
    /// The region's chart and its table, as HTML (ours, not escaped).
    pub chart: String,
}

/// One site's history in the ranking.
#[derive(Debug, Clone, Default)]
pub struct SiteTrend {
    /// Its score now minus at the last run, when it was read both times.
    pub change: Option<f64>,
    /// Its scores over the runs, as an accessible SVG line.
    pub sparkline: String,
}

/// One material's outcome for one site.
#[derive(Serialize)]
struct Cell {
    class: &'static str,
    text: &'static str,
}

/// The ranking as a sortable, printable HTML page.
pub fn html(audits: &[SiteAudit], date: &str) -> String {
    html_with(audits, date, None)
}

/// The ranking page, with what a history adds when there is one: a column with the change
/// since the last check, each site's scores over the runs, and the region's chart.
pub fn html_with(audits: &[SiteAudit], date: &str, trends: Option<&Trends>) -> String {
    let rows = ranked(audits);
    let trend_of = |a: &SiteAudit| trends.and_then(|t| t.sites.get(&a.target.location));
    let sites = rows
        .iter()
        .enumerate()
        .map(|(i, (score, a))| SiteRow {
            place: i + 1,
            location: &a.target.location,
            name: &a.target.name,
            score: format!("{score:.2}"),
            sort_score: format!("{score:.4}"),
            change: trend_of(a)
                .and_then(|t| t.change)
                .map_or_else(|| "—".to_string(), signed),
            sort_change: trend_of(a)
                .and_then(|t| t.change)
                .map_or_else(|| "-9".to_string(), |d| format!("{d:.4}")),
            spark: trend_of(a).map(|t| t.sparkline.clone()).unwrap_or_default(),
            state: state(a),
            cells: a
                .report
                .results
                .iter()
                .map(|r| Cell {
                    class: match r.outcome {
                        Outcome::Pass => "pass",
                        Outcome::Partial => "partial",
                        Outcome::Missing => "missing",
                        _ => "na",
                    },
                    text: r.outcome.ru(),
                })
                .collect(),
        })
        .collect();
    let view = View {
        style: STYLE,
        sort: SORT,
        about: ABOUT,
        history: trends.is_some(),
        trend_chart: trends.map(|t| t.chart.as_str()).unwrap_or_default(),
        date,
        count: audits.len(),
        chart: chart(&rows),
        rules: RULES
            .iter()
            .map(|r| RuleHead {
                title: r.title_ru,
                short: r.short_ru,
            })
            .collect(),
        sites,
        unread: unread(audits)
            .into_iter()
            .map(|a| UnreadRow {
                location: &a.target.location,
                name: &a.target.name,
                why: a
                    .report
                    .crawl
                    .as_ref()
                    .and_then(|c| c.failure.clone())
                    .unwrap_or_default(),
            })
            .collect(),
    };
    let tera = page::templates(&[("ranking.html", include_str!("templates/ranking.html"))]);
    page::render(&tera, "ranking.html", &view)
}

/// What the score measures, and what it is not.
const ABOUT: &str = "Балл от 0 до 1 показывает, насколько полон раздел «Электронные услуги» на сайте по правилам uslugi: каждый материал, который называют методические рекомендации (баннер портала, регистрация, центры обслуживания, вопросы и ответы, новости и другие), и требования доступности. Ключевые материалы весят вдвое больше рекомендуемых, найденный частично — половину. Это не официальный рейтинг муниципальных образований: регионы оценивают их по доле граждан, зарегистрированных на портале, а здесь оценивается только наполнение раздела сайта.";

/// The scores as a horizontal bar chart: inline SVG with a title and a description for
/// screen readers, bars drawn in the text colour so they show in any colour scheme, and each
/// score written beside its bar.
/// Every length is in whole pixels but a bar's, which has one decimal.
#[derive(Serialize)]
struct Chart {
    width: usize,
    height: usize,
    desc: String,
    label_x: usize,
    bar_x: usize,
    bar_w: usize,
    bar_h: usize,
    score_x: usize,
    bars: Vec<Bar>,
}

/// One site's bar.
#[derive(Serialize)]
struct Bar {
    name: String,
    y: usize,
    text_y: usize,
    width: String,
    score: String,
}

fn chart(rows: &[(f64, &SiteAudit)]) -> Chart {
    const BAR: usize = 360;
    const LABEL: usize = 260;
    let row_h = 26;
    let best = rows
        .first()
        .map(|(s, a)| format!("лучший — {} ({s:.2})", a.target.name));
    let worst = rows
        .last()
        .map(|(s, a)| format!("последний — {} ({s:.2})", a.target.name));
    let desc = format!(
        "Сайтов: {}. {}. Полный перечень — в таблице ниже.",
        rows.len(),
        [best, worst]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    );
    let bars = rows
        .iter()
        .enumerate()
        .map(|(i, (score, a))| {
            let y = 4 + row_h * i;
            Bar {
                name: a.target.name.chars().take(34).collect(),
                y,
                text_y: y + 15,
                width: format!("{:.1}", BAR as f64 * score.clamp(0.0, 1.0)),
                score: format!("{score:.2}"),
            }
        })
        .collect();
    Chart {
        width: LABEL + BAR + 60,
        height: row_h * rows.len() + 8,
        desc,
        label_x: LABEL - 8,
        bar_x: LABEL,
        bar_w: BAR,
        bar_h: row_h - 8,
        score_x: LABEL + BAR + 6,
        bars,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use uslugi_compliance::report::{RuleResult, SiteInfo, Totals};
    use uslugi_core::Profile;

    fn report(outcomes: &[(Severity, Outcome)]) -> Report {
        Report {
            schema_version: uslugi_compliance::report::SCHEMA_VERSION,
            tool: String::new(),
            date: String::new(),
            site: SiteInfo {
                title: String::new(),
                url: String::new(),
                organization: String::new(),
                profile: Profile::Agency,
            },
            strict: false,
            pages: 0,
            totals: Totals::default(),
            results: outcomes
                .iter()
                .map(|(severity, outcome)| RuleResult {
                    id: "x",
                    title_ru: "",
                    title_en: "",
                    severity: *severity,
                    outcome: *outcome,
                    counts: false,
                    evidence: vec![],
                    block: None,
                    lacking: vec![],
                    hint: "",
                    source: RULES[0].source,
                    ignore_reason: None,
                    location: None,
                    fingerprint: String::new(),
                })
                .collect(),
            crawl: None,
            prefixes: Default::default(),
        }
    }

    #[test]
    fn score_weighs_required_twice() {
        use Outcome::*;
        use Severity::*;
        assert_eq!(score(&report(&[(Key, Pass), (Recommended, Pass)])), 1.0);
        assert_eq!(
            score(&report(&[(Key, Missing), (Recommended, Pass)])),
            1.0 / 3.0
        );
        assert_eq!(
            score(&report(&[(Key, Partial), (Recommended, Missing)])),
            1.0 / 3.0
        );
        assert_eq!(
            score(&report(&[
                (Key, Pass),
                (Recommended, Ignored),
                (Severity::NotApplicable, Outcome::NotApplicable)
            ])),
            1.0
        );
        assert_eq!(score(&report(&[])), 0.0);
    }
}
