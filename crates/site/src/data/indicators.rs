//! `data/indicators.yaml`: indicator series that municipalities report against — for
//! example the share of citizens who use e-services, with the quarterly targets a regional
//! plan sets and the figures reached.
//!
//! ```yaml
//! - id: dolya-epgu                 # how a page places the chart
//!   title: Доля граждан, получающих услуги в электронной форме
//!   unit: "%"
//!   source: Распоряжение Администрации Смоленской области от 13.04.2016 № 451-р/адм
//!   sample: true                   # the actual figures are examples, and the chart says so
//!   points:
//!     - { period: 2015-Q3, target: 38.75, actual: 36.2 }
//!     - { period: 2015-Q4, target: 40 }          # no actual yet
//! ```
//!
//! A period is a year (`2016`), a quarter (`2016-Q1`) or a month (`2016-03`); one series uses
//! one kind, each period once, in time order. Percentages lie between 0 and 100. Every mistake
//! fails the build at its line.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::DataError;

/// The file's name.
pub const FILE: &str = "indicators.yaml";

/// One point of a series.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// `2016`, `2016-Q1` or `2016-03`.
    pub period: String,
    /// The planned value.
    pub target: f64,
    /// The value reached, when known.
    #[serde(default)]
    pub actual: Option<f64>,
}

/// One indicator series.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    /// How a page names it: ```` ```indicator ```` followed by this id.
    pub id: String,
    /// What it measures.
    pub title: String,
    /// The unit: `%`, `чел.`, …
    pub unit: String,
    /// Where the targets come from: a citation a person can look up.
    pub source: String,
    /// The actual figures are examples (the chart says so).
    #[serde(default)]
    pub sample: bool,
    /// The points, in time order.
    pub points: Vec<Point>,
}

/// The sort key of a period and its kind (year, quarter, month), or `None` when it is not
/// one of the three forms.
pub fn period_key(p: &str) -> Option<(u8, i32, u32)> {
    let p = p.trim();
    let year = |y: &str| {
        (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .then(|| y.parse::<i32>().ok())
            .flatten()
    };
    if let Some(y) = year(p) {
        return Some((0, y, 0));
    }
    let (y, rest) = p.split_once('-')?;
    let y = year(y)?;
    if let Some(q) = rest.strip_prefix('Q').or_else(|| rest.strip_prefix('q')) {
        let q: u32 = q.parse().ok().filter(|q| (1..=4).contains(q))?;
        return Some((1, y, q));
    }
    let m: u32 = (rest.len() == 2)
        .then(|| rest.parse().ok())
        .flatten()
        .filter(|m| (1..=12).contains(m))?;
    Some((2, y, m))
}

/// The line (1-based) of the first line at or after `from` that mentions `needle`.
fn line_of(text: &str, from: usize, needle: &str) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(needle))
        .map_or(from, |(i, _)| i + 1)
}

/// Parses and validates the file's text.
pub fn parse(text: &str) -> Result<Vec<Series>, Vec<DataError>> {
    let (series, lines) = super::parse_list::<Series>(text, FILE)?;
    let mut errors = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (i, s) in series.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let problems = series_problems(s, &mut ids)
            .into_iter()
            .map(|(message, help)| (line, message, help))
            .chain(point_problems(text, s, line));
        errors.extend(
            problems
                .map(|(line, message, help)| DataError::new(FILE, text, line, 1, message, help)),
        );
    }
    if errors.is_empty() {
        Ok(series)
    } else {
        Err(errors)
    }
}

/// What is wrong with a series as a whole: its id (malformed, or already in `ids`), an
/// empty title, unit or source, no points. Each is a message and maybe a hint.
fn series_problems(
    s: &Series,
    ids: &mut std::collections::HashSet<String>,
) -> Vec<(String, Option<String>)> {
    let mut problems = Vec::new();
    if s.id.trim().is_empty()
        || !s
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        problems.push((
            format!(
                "indicator id `{}` must be latin letters, digits, `-` or `_`",
                s.id
            ),
            None,
        ));
    }
    if !ids.insert(s.id.clone()) {
        problems.push((format!("indicator `{}` is listed twice", s.id), None));
    }
    for (field, value) in [
        ("title", &s.title),
        ("unit", &s.unit),
        ("source", &s.source),
    ] {
        if value.trim().is_empty() {
            problems.push((format!("indicator `{}` has an empty {field}", s.id), None));
        }
    }
    if s.points.is_empty() {
        problems.push((format!("indicator `{}` has no points", s.id), None));
    }
    problems
}

/// What is wrong with a series' points, each at its own line (the series starts at `line`):
/// a period that is none, repeated, of another kind or out of order, a value out of range.
fn point_problems(text: &str, s: &Series, line: usize) -> Vec<(usize, String, Option<String>)> {
    let mut problems = Vec::new();
    let percent = s.unit.trim() == "%";
    let mut previous: Option<(u8, i32, u32)> = None;
    let mut seen = std::collections::HashSet::new();
    // Points are found in order, each after the one before.
    let mut cursor = line;
    for p in &s.points {
        let at = line_of(text, cursor, &p.period);
        cursor = at + 1;
        let Some(key) = period_key(&p.period) else {
            problems.push((
                at,
                format!("`{}` is not a period", p.period),
                Some("write a year (2016), a quarter (2016-Q1) or a month (2016-03)".into()),
            ));
            continue;
        };
        if !seen.insert(key) {
            problems.push((
                at,
                format!("period {} is listed twice in `{}`", p.period, s.id),
                None,
            ));
        }
        if let Some(prev) = previous {
            if prev.0 != key.0 {
                problems.push((
                    at,
                    format!(
                        "`{}` mixes years, quarters and months: {} after another kind",
                        s.id, p.period
                    ),
                    None,
                ));
            } else if key < prev {
                problems.push((
                    at,
                    format!("period {} is out of time order in `{}`", p.period, s.id),
                    None,
                ));
            }
        }
        previous = Some(key);
        for (name, v) in [("target", Some(p.target)), ("actual", p.actual)] {
            let Some(v) = v else { continue };
            if !v.is_finite() || v < 0.0 || (percent && v > 100.0) {
                problems.push((
                    at,
                    format!(
                        "{name} {v} for {} is not a {}",
                        p.period,
                        if percent {
                            "percentage (0–100)"
                        } else {
                            "value of 0 or more"
                        }
                    ),
                    None,
                ));
            }
        }
    }
    problems
}

/// Reads `<root>/data/indicators.yaml`; no file means no indicators.
pub fn load(root: &Path) -> Result<Vec<Series>, Vec<DataError>> {
    match super::read(root, FILE)? {
        Some(text) => parse(&text),
        None => Ok(Vec::new()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const GOOD: &str = "- id: share\n  title: Доля\n  unit: \"%\"\n  source: Распоряжение № 451-р/адм\n  points:\n    - { period: 2015-Q3, target: 38.75, actual: 36.2 }\n    - { period: 2015-Q4, target: 40 }\n";

    #[test]
    fn periods() {
        assert_eq!(period_key("2016"), Some((0, 2016, 0)));
        assert_eq!(period_key("2016-Q4"), Some((1, 2016, 4)));
        assert_eq!(period_key("2016-03"), Some((2, 2016, 3)));
        for bad in ["2016-Q5", "16", "2016-13", "Q1 2016", "2016-3", ""] {
            assert_eq!(period_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn good_and_bad_files() {
        let s = parse(GOOD).unwrap();
        assert_eq!(s[0].points[1].actual, None);
        let cases = [
            (
                GOOD.replace("actual: 36.2", "actual: 140"),
                6,
                "not a percentage",
            ),
            (GOOD.replace("2015-Q4", "IV кв. 2015"), 7, "is not a period"),
            (GOOD.replace("2015-Q4", "2015-Q3"), 7, "listed twice"),
            (GOOD.replace("2015-Q4", "2015-Q1"), 7, "out of time order"),
            (GOOD.replace("2015-Q4", "2016"), 7, "mixes"),
        ];
        for (text, line, what) in cases {
            let errs = parse(&text).unwrap_err();
            let msg = errs[0].to_string();
            assert!(msg.contains(what), "{msg}");
            assert_eq!(errs[0].line, line, "{msg}");
        }
    }
}
