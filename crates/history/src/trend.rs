//! How the region moves over every recorded run: each site's score run by run, the region's
//! average score, and the share of sites that have each key material. Drawn as accessible
//! SVG — `role="img"`, a title and a description in words, `currentColor` so that it follows
//! the page's colours, the figures in a table below — like the indicator chart of the site.

use std::collections::BTreeMap;

use crate::changes::Changes;
use crate::identity::site_key;
use crate::store::{History, HistoryError, RunInfo};
use uslugi_audit::SiteAudit;
use uslugi_audit::ranking::{SiteTrend, Trends};
use uslugi_compliance::rules::{RULES, Severity};
use uslugi_core::Profile;
use uslugi_core::util::escape::html as esc;

/// Every run's figures.
#[derive(Debug, Clone)]
pub struct Trend {
    /// The runs, oldest first.
    pub runs: Vec<RunInfo>,
    /// Each site's score in each run (none when it was not in the run or not read), by key.
    pub sites: BTreeMap<String, Vec<Option<f64>>>,
    /// The average score of the sites read, run by run.
    pub average: Vec<Option<f64>>,
    /// For each key material: its id, title and the share of sites read that have it.
    pub shares: Vec<(&'static str, &'static str, Vec<Option<f64>>)>,
}

/// The figures of every run in `h`.
pub fn trend(h: &History) -> Result<Trend, HistoryError> {
    let runs = h.runs()?;
    let profile: Profile = runs
        .last()
        .and_then(|r| r.profile.parse().ok())
        .unwrap_or(Profile::Agency);
    let key: Vec<(&'static str, &'static str)> = RULES
        .iter()
        .filter(|r| r.severity_for(profile, true) == Severity::Key)
        .map(|r| (r.id, r.title_ru))
        .collect();
    let mut sites: BTreeMap<String, Vec<Option<f64>>> = BTreeMap::new();
    let mut average = Vec::new();
    let mut shares: Vec<Vec<Option<f64>>> = vec![Vec::new(); key.len()];
    for (i, run) in runs.iter().enumerate() {
        let records = h.sites(run.id)?;
        let read: Vec<_> = records.iter().filter(|s| s.score.is_some()).collect();
        for s in &records {
            let series = sites
                .entry(s.key.clone())
                .or_insert_with(|| vec![None; runs.len()]);
            series[i] = s.score;
        }
        let n = read.len() as f64;
        average
            .push((!read.is_empty()).then(|| read.iter().filter_map(|s| s.score).sum::<f64>() / n));
        for (k, (id, _)) in key.iter().enumerate() {
            let have = read
                .iter()
                .filter(|s| s.outcomes.get(*id).is_some_and(|(o, _)| o == "pass"))
                .count() as f64;
            shares[k].push((!read.is_empty()).then(|| have / n));
        }
    }
    Ok(Trend {
        runs,
        sites,
        average,
        shares: key
            .into_iter()
            .zip(shares)
            .map(|((id, title), v)| (id, title, v))
            .collect(),
    })
}

fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_string(), |v| format!("{:.0} %", v * 100.0))
}

/// An SVG path through the points that have a value, placed by `at(index, value)`; a run
/// without a value lifts the pen, so a gap shows as a gap.
fn path_data(points: &[Option<f64>], at: impl Fn(usize, f64) -> (f64, f64)) -> String {
    let mut d = String::new();
    let mut pen_up = true;
    for (i, p) in points.iter().enumerate() {
        match p {
            Some(v) => {
                let (x, y) = at(i, *v);
                d.push_str(&format!("{}{x:.1},{y:.1} ", if pen_up { "M" } else { "L" }));
                pen_up = false;
            }
            None => pen_up = true,
        }
    }
    d.trim_end().to_string()
}

/// A site's scores as a small line, with its figures said in words.
pub fn sparkline(points: &[Option<f64>]) -> String {
    let (w, h) = (96.0, 24.0);
    let n = points.len().max(2) as f64 - 1.0;
    let at = |i: usize, v: f64| {
        (
            2.0 + (w - 4.0) * i as f64 / n,
            h - 2.0 - (h - 4.0) * v.clamp(0.0, 1.0),
        )
    };
    let path = path_data(points, at);
    let dots: String = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| p.map(|v| at(i, v)))
        .map(|(x, y)| {
            format!("<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2\" fill=\"currentColor\"/>")
        })
        .collect();
    let words: Vec<String> = points
        .iter()
        .map(|p| p.map_or_else(|| "нет данных".to_string(), |v| format!("{v:.2}")))
        .collect();
    format!(
        "<svg class=\"spark\" role=\"img\" aria-label=\"Балл по проверкам: {}\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" xmlns=\"http://www.w3.org/2000/svg\"><path d=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/>{dots}</svg>",
        esc(&words.join(", ")),
        path
    )
}

/// The region's chart: the average score and each key material's share of sites, run by
/// run, with the figures in a table below.
pub fn region_chart(t: &Trend) -> String {
    let (w, h, left, right, top, bottom) = (640.0, 300.0, 48.0, 16.0, 16.0, 40.0);
    let n = t.runs.len().max(2) as f64 - 1.0;
    let x = |i: usize| left + (w - left - right) * i as f64 / n;
    let y = |v: f64| top + (h - top - bottom) * (1.0 - v.clamp(0.0, 1.0));
    let mut svg = String::new();
    for tick in [0.0, 0.25, 0.5, 0.75, 1.0] {
        svg.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"currentColor\" stroke-opacity=\".2\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"currentColor\">{:.0} %</text>",
            w - right,
            left - 6.0,
            y(tick) + 4.0,
            tick * 100.0,
            y = y(tick)
        ));
    }
    for (i, run) in t.runs.iter().enumerate() {
        let anchor = match i {
            0 => "start",
            _ if i + 1 == t.runs.len() => "end",
            _ => "middle",
        };
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"{anchor}\" fill=\"currentColor\">{}</text>",
            x(i),
            h - bottom + 18.0,
            esc(&run.today)
        ));
    }
    let line = |values: &[Option<f64>], width: f64, dash: &str| {
        format!(
            "<path d=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"{width}\"{dash}/>",
            path_data(values, |i, v| (x(i), y(v)))
        )
    };
    for (_, _, values) in &t.shares {
        svg.push_str(&line(
            values,
            1.0,
            " stroke-dasharray=\"4 3\" stroke-opacity=\".6\"",
        ));
    }
    svg.push_str(&line(&t.average, 3.0, ""));
    let first_last =
        |v: &[Option<f64>]| (v.first().copied().flatten(), v.last().copied().flatten());
    let (a0, a1) = first_last(&t.average);
    let desc = format!(
        "Средний балл сайтов по проверкам с {} по {}: с {} до {}. Пунктиром — доля сайтов с каждым ключевым материалом; значения — в таблице под графиком.",
        t.runs.first().map_or("", |r| r.today.as_str()),
        t.runs.last().map_or("", |r| r.today.as_str()),
        pct(a0),
        pct(a1)
    );
    let table = figures(t);
    format!(
        "<figure class=\"trend\">\n<figcaption>Как меняется регион</figcaption>\n<svg role=\"img\" aria-labelledby=\"trend-title trend-desc\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"trend-title\">Средний балл сайтов и доля сайтов с ключевыми материалами по проверкам</title><desc id=\"trend-desc\">{}</desc>{svg}</svg>\n<p class=\"legend\"><span aria-hidden=\"true\">━</span> средний балл · <span aria-hidden=\"true\">┄</span> доля сайтов с ключевым материалом</p>\n{table}</figure>\n",
        esc(&desc)
    )
}

/// What the ranking page shows from the history: each audited site's change since the last
/// run and its scores over the runs, and the region's chart.
pub fn for_ranking(
    h: &History,
    audits: &[SiteAudit],
    changes: Option<&Changes>,
) -> Result<Trends, HistoryError> {
    let t = trend(h)?;
    let deltas = changes.map(Changes::deltas).unwrap_or_default();
    let sites = audits
        .iter()
        .map(|a| {
            let key = site_key(&a.target.location);
            let change = deltas.get(key.as_str()).copied();
            let points = t.sites.get(&key).cloned().unwrap_or_default();
            (
                a.target.location.clone(),
                SiteTrend {
                    change,
                    sparkline: sparkline(&points),
                },
            )
        })
        .collect();
    Ok(Trends {
        sites,
        chart: region_chart(&t),
    })
}

/// The chart's figures as a table: one row per line, one column per run.
fn figures(t: &Trend) -> String {
    let mut head = String::from("<th scope=\"col\">Показатель</th>");
    for r in &t.runs {
        head.push_str(&format!("<th scope=\"col\">{}</th>", esc(&r.today)));
    }
    let row = |name: &str, values: &[Option<f64>]| {
        let mut tr = format!("<tr><th scope=\"row\">{}</th>", esc(name));
        for v in values {
            tr.push_str(&format!("<td>{}</td>", pct(*v)));
        }
        tr + "</tr>\n"
    };
    let mut rows = row("Средний балл сайтов", &t.average);
    for (_, title, values) in &t.shares {
        rows.push_str(&row(&format!("Доля сайтов: {title}"), values));
    }
    format!(
        "<div class=\"table-scroll\" role=\"region\" aria-label=\"Значения графика\" tabindex=\"0\"><table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table></div>\n"
    )
}
