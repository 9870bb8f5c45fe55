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

/// The verdicts a person gives a fixture site, from its `expected.txt`.
pub fn expected(site: &str) -> BTreeMap<String, String> {
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
        let (k, v) = l.split_once(' ').unwrap();
        (k.to_string(), v.trim().to_string())
    })
    .collect()
}
