//! Audit verdicts in the tests: reading a JSON report's outcomes, running `uslugi audit`,
//! and the verdicts a person gives each fixture site.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use super::common::*;

/// The date every audit here is judged on.
pub const TODAY: &str = "2026-11-23";

/// Each rule's outcome in a JSON report.
pub fn outcomes(report: &Value) -> BTreeMap<String, String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Audits `target` from `cwd` as JSON; the exit code and the report.
pub fn audit_json(cwd: &Path, target: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["audit", target, "--format", "json", "--today", TODAY];
    args.extend_from_slice(extra);
    let out = uslugi(cwd, &args);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stderr(&out)));
    (out.status.code().unwrap(), json)
}

/// What a person expects of one rule on a fixture site: the outcome and, for a material
/// found, the page (relative to the site's folder) that must be among the evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub outcome: String,
    pub page: Option<String>,
}

/// The verdicts a person gives a fixture site (`site` is its folder under
/// `tests/fixtures/audit/`), from its `expected.txt`: `rule outcome [page]` per line.
pub fn expected_pages(site: &str) -> BTreeMap<String, Expected> {
    std::fs::read_to_string(
        repo()
            .join("tests/fixtures/audit")
            .join(site)
            .join("expected.txt"),
    )
    .unwrap()
    .lines()
    .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    .map(|l| {
        let mut parts = l.splitn(3, ' ');
        let rule = parts.next().unwrap().to_string();
        let outcome = parts.next().unwrap().trim().to_string();
        let page = parts.next().map(|p| p.trim().to_string());
        (rule, Expected { outcome, page })
    })
    .collect()
}

/// The outcomes a person gives a fixture site.
pub fn expected(site: &str) -> BTreeMap<String, String> {
    expected_pages(site)
        .into_iter()
        .map(|(rule, e)| (rule, e.outcome))
        .collect()
}
