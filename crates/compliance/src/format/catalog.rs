//! `uslugi rules`: the catalog as text, JSON or a Markdown table (the one in README.md).

use serde_json::json;

use crate::rules::{RULES, Severity};
use crate::sources::DOCUMENTS;
use uslugi_core::Profile;

/// Formats of `uslugi rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogFormat {
    /// One block per rule.
    Text,
    /// A JSON array.
    Json,
    /// A Markdown table.
    Markdown,
}

impl CatalogFormat {
    /// Every format, in the order help lists them.
    pub const ALL: [CatalogFormat; 3] = [
        CatalogFormat::Text,
        CatalogFormat::Json,
        CatalogFormat::Markdown,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            CatalogFormat::Text => "text",
            CatalogFormat::Json => "json",
            CatalogFormat::Markdown => "markdown",
        }
    }

    /// What it is, for help.
    pub fn about(self) -> &'static str {
        match self {
            CatalogFormat::Text => "One block per rule",
            CatalogFormat::Json => "A JSON array",
            CatalogFormat::Markdown => "A Markdown table",
        }
    }
}

fn severity_for(sev: [Severity; 4], p: Profile) -> Severity {
    sev[Profile::ALL.iter().position(|x| *x == p).unwrap_or(0)]
}

/// The catalog; with a profile, only that profile's severities.
pub fn render(format: CatalogFormat, profile: Option<Profile>) -> String {
    let profiles: Vec<Profile> = profile.map_or_else(|| Profile::ALL.to_vec(), |p| vec![p]);
    match format {
        CatalogFormat::Text => {
            let mut out = String::new();
            for r in RULES {
                out.push_str(&format!("{}\n  {}\n  {}\n", r.id, r.title_ru, r.title_en));
                let sev: Vec<String> = profiles
                    .iter()
                    .map(|p| format!("{}: {}", p.as_str(), severity_for(r.severity, *p).ru()))
                    .collect();
                out.push_str(&format!("  {}\n", sev.join(", ")));
                if r.about_own_services {
                    out.push_str("  не применяется, если организация не оказывает услуг (provides_services = false)\n");
                }
                out.push_str(&format!("  источник: {}\n\n", r.source.cite_with_force()));
            }
            out
        }
        CatalogFormat::Json => {
            let items: Vec<_> = RULES
                .iter()
                .map(|r| {
                    let sev: serde_json::Map<String, serde_json::Value> = profiles
                        .iter()
                        .map(|p| {
                            (
                                p.as_str().to_string(),
                                json!(severity_for(r.severity, *p).as_str()),
                            )
                        })
                        .collect();
                    json!({
                        "id": r.id, "title_ru": r.title_ru, "title_en": r.title_en, "severity": sev,
                        "about_own_services": r.about_own_services,
                        "source": r.source, "hint": r.hint
                    })
                })
                .collect();
            serde_json::to_string_pretty(&items).expect("catalog serializes") + "\n"
        }
        CatalogFormat::Markdown => {
            let mut out = String::from("| id | Материал | Material |");
            for p in &profiles {
                out.push_str(&format!(" {} |", p.as_str()));
            }
            out.push_str(" Источник |\n|---|---|---|");
            out.push_str(&"---|".repeat(profiles.len()));
            out.push_str("---|\n");
            for r in RULES {
                out.push_str(&format!("| `{}` | {} | {} |", r.id, r.title_ru, r.title_en));
                for p in &profiles {
                    let s = match severity_for(r.severity, *p) {
                        Severity::Key => "ключ.",
                        Severity::Recommended => "рек.",
                        Severity::NotApplicable => "—",
                    };
                    out.push_str(&format!(" {s} |"));
                }
                let n = DOCUMENTS
                    .iter()
                    .position(|d| d.id == r.source.document.id)
                    .map_or(0, |i| i + 1);
                out.push_str(&format!(" [{n}] {} |\n", r.source.part));
            }
            out.push_str("\n«ключ.» — ключевой материал, «рек.» — рекомендуется: это оценка uslugi, а не сила документа. Источники:\n\n");
            for (i, d) in DOCUMENTS.iter().enumerate() {
                out.push_str(&format!("{}. {} — {}.\n", i + 1, d.citation, d.force.ru()));
            }
            out
        }
    }
}
