//! `uslugi history import`: the JSON reports that shards of one audit wrote
//! (`audit --shard K/N --format json --out-dir …`), read back as one run. Each report says
//! the site's address and name, the date it was judged on, how it was read, and each rule's
//! severity, outcome and evidence: enough to score it and remember it as `audit --history`
//! would have.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::identity::site_key;
use crate::store::SiteRecord;
use uslugi_audit::ranking::score_of;
use uslugi_compliance::report::Outcome;
use uslugi_compliance::rules::Severity;

/// One report, read back.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The date it was judged on.
    pub today: String,
    /// The profile it was judged against.
    pub profile: String,
    /// What the history keeps of it.
    pub site: SiteRecord,
}

/// Reads one report's text; `file` names it in errors.
pub fn report(file: &Path, text: &str) -> Result<Imported, String> {
    let bad = |what: &str| format!("{}: not an audit report in JSON ({what})", file.display());
    let v: Value = serde_json::from_str(text).map_err(|e| bad(&e.to_string()))?;
    let str_at = |path: &[&str]| -> Option<String> {
        let mut at = &v;
        for p in path {
            at = at.get(p)?;
        }
        at.as_str().map(str::to_string)
    };
    let address = str_at(&["crawl", "source"])
        .or_else(|| str_at(&["site", "url"]))
        .ok_or_else(|| bad("no site address"))?;
    let today = str_at(&["date"]).ok_or_else(|| bad("no date"))?;
    let results = v
        .get("results")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("no results"))?;
    let mut outcomes = BTreeMap::new();
    let mut judged = Vec::new();
    for r in results {
        let id = r
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("a result without id"))?;
        let o = r.get("outcome").and_then(Value::as_str).unwrap_or_default();
        let s = r
            .get("severity")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let (Some(o_typed), Some(s_typed)) = (Outcome::from_name(o), Severity::from_name(s)) else {
            return Err(bad(&format!("rule {id}: outcome `{o}`, severity `{s}`")));
        };
        judged.push((s_typed, o_typed));
        let evidence = r
            .get("evidence")
            .and_then(Value::as_array)
            .map(|e| {
                e.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        outcomes.insert(id.to_string(), (o.to_string(), evidence));
    }
    let failure = v
        .get("crawl")
        .and_then(|c| c.get("failure"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let pages = v
        .get("crawl")
        .and_then(|c| c.get("pages"))
        .or_else(|| v.get("pages"))
        .and_then(Value::as_u64)
        .unwrap_or(0);
    Ok(Imported {
        today,
        profile: str_at(&["site", "profile"]).unwrap_or_default(),
        site: SiteRecord {
            key: site_key(&address),
            name: str_at(&["site", "organization"])
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| address.clone()),
            address,
            pages: usize::try_from(pages).unwrap_or(usize::MAX),
            score: failure.is_none().then(|| score_of(judged)),
            failure,
            outcomes,
        },
    })
}
