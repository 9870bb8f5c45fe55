//! SARIF 2.1.0: the catalog as the tool's rules, every finding as a result located at the
//! page's source file (or `site.toml` when the material is missing altogether).

use serde_json::json;

use crate::report::{Outcome, Report};
use crate::rules::{RULES, Severity};

pub(super) fn render(report: &Report) -> String {
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": { "text": r.title_en },
                "fullDescription": { "text": r.title_ru },
                "help": { "text": r.hint },
                "properties": { "source": r.source.cite_with_force() }
            })
        })
        .collect();
    let results: Vec<_> = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Missing | Outcome::Partial))
        .map(|r| {
            let level = match (r.counts, r.severity) {
                (true, _) => "error",
                (false, Severity::Recommended) => "warning",
                _ => "note",
            };
            let mut text = format!("{}: {}. {}", r.outcome.ru(), r.title_ru, r.hint);
            for l in &r.lacking {
                text.push_str(&format!(" Не хватает: {l}."));
            }
            let uri = r
                .evidence
                .first()
                .cloned()
                .unwrap_or_else(|| "site.toml".to_string());
            json!({
                "ruleId": r.id,
                "ruleIndex": RULES.iter().position(|x| x.id == r.id),
                "level": level,
                "message": { "text": text },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri } } }]
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "uslugi",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "results": results
        }]
    });
    serde_json::to_string_pretty(&doc).expect("sarif serializes") + "\n"
}
