//! SARIF 2.1.0: the catalog as the tool's rules, every finding as a result. On a site uslugi
//! builds a result is located at its file (relative to the repository root, under
//! `%SRCROOT%`) and line, so that code scanning annotates it; on an audited site, at the
//! page's address. Each carries its fingerprint in `partialFingerprints`.

use serde_json::json;

use crate::report::Report;
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
        .findings()
        .into_iter()
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
            let physical = match &r.location {
                Some(l) => json!({
                    "artifactLocation": {
                        "uri": format!("{}{}", report.prefixes.repository, l.file),
                        "uriBaseId": "%SRCROOT%"
                    },
                    "region": { "startLine": l.line, "startColumn": l.column }
                }),
                None => json!({
                    "artifactLocation": {
                        "uri": r.evidence.first().unwrap_or(&report.site.url)
                    }
                }),
            };
            json!({
                "ruleId": r.id,
                "ruleIndex": RULES.iter().position(|x| x.id == r.id),
                "level": level,
                "message": { "text": text },
                "locations": [{ "physicalLocation": physical }],
                "partialFingerprints": { "uslugi/v1": r.fingerprint }
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
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_string_pretty(&doc).expect("sarif serializes") + "\n"
}
