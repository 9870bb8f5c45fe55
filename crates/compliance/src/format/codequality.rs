//! GitLab's Code Quality report: a JSON array of findings, which GitLab shows in the merge
//! request's widget and on the changed lines. Only partial and missing materials are listed.
//! GitLab publishes no schema; `schemas/gitlab-codequality.json` holds the fields its
//! documentation names, and the tests validate our output against it.

use serde_json::{Value, json};

use crate::report::{Outcome, Report, RuleResult};

/// GitLab's severities: a key material missing is critical, one lacking is major; a
/// recommended one that does not fail the check is minor when missing, info when partial.
fn severity(r: &RuleResult) -> &'static str {
    match (r.counts, r.outcome) {
        (true, Outcome::Missing) => "critical",
        (true, _) => "major",
        (false, Outcome::Missing) => "minor",
        (false, _) => "info",
    }
}

fn issue(report: &Report, r: &RuleResult) -> Value {
    let mut description = format!("{}: {}. {}", r.outcome.ru(), r.title_ru, r.hint);
    for l in &r.lacking {
        description.push_str(&format!(" Не хватает: {l}."));
    }
    let (path, line) = match &r.location {
        Some(l) => (format!("{}{}", report.prefixes.repository, l.file), l.line),
        None => (
            r.evidence.first().unwrap_or(&report.site.url).to_string(),
            1,
        ),
    };
    json!({
        "type": "issue",
        "check_name": r.id,
        "description": description,
        "content": { "body": format!("Источник: {}", r.source.cite_with_force()) },
        "categories": ["Compatibility"],
        "severity": severity(r),
        "fingerprint": r.fingerprint,
        "location": { "path": path, "lines": { "begin": line } }
    })
}

pub(super) fn render(report: &Report) -> String {
    let issues: Vec<Value> = report
        .findings()
        .into_iter()
        .map(|r| issue(report, r))
        .collect();
    serde_json::to_string_pretty(&issues).expect("code quality serializes") + "\n"
}
