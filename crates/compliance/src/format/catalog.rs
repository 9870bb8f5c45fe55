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
    /// Markdown sections for the guide: one per material.
    Guide,
}

impl CatalogFormat {
    /// Every format, in the order help lists them.
    pub const ALL: [CatalogFormat; 4] = [
        CatalogFormat::Text,
        CatalogFormat::Json,
        CatalogFormat::Markdown,
        CatalogFormat::Guide,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            CatalogFormat::Text => "text",
            CatalogFormat::Json => "json",
            CatalogFormat::Markdown => "markdown",
            CatalogFormat::Guide => "guide",
        }
    }

    /// What it is, for help.
    pub fn about(self) -> &'static str {
        match self {
            CatalogFormat::Text => "One block per rule",
            CatalogFormat::Json => "A JSON array",
            CatalogFormat::Markdown => "A Markdown table",
            CatalogFormat::Guide => {
                "Markdown sections in Russian, one per material: what to do, why, source, force"
            }
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
        CatalogFormat::Guide => guide(&profiles),
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

/// One section per material for the guide: what to add, where the recommendation comes from
/// and its force, how much it weighs for each kind of organization, how it is checked.
fn guide(profiles: &[Profile]) -> String {
    let mut out = String::new();
    for r in RULES {
        out.push_str(&format!("### {} {{#{}}}\n\n", r.title_ru, r.id));
        // The hints name tags (`<h1>`, `<label for="id">`): as text, not as markup.
        let hint = r.hint.replace('<', "&lt;").replace('>', "&gt;");
        out.push_str(&format!("**Что сделать.** {hint}\n\n"));
        out.push_str(&format!(
            "**Откуда это.** {}. Сила документа: {}.\n\n",
            r.source.cite(),
            r.source.document.force.ru()
        ));
        let weights: Vec<String> = profiles
            .iter()
            .map(|p| format!("{} — {}", p.ru(), severity_for(r.severity, *p).ru()))
            .collect();
        out.push_str(&format!(
            "**Насколько важно** (оценка uslugi, не требование документа): {}.",
            weights.join("; ")
        ));
        if r.about_own_services {
            out.push_str(" Не проверяется, если организация сама услуг не оказывает (`provides_services = false` в `site.toml`).");
        }
        let how = if r.id.starts_with("a11y-") {
            "каждая страница раздела проверяется по разметке"
        } else {
            "страницы раздела читаются по смыслу текста, не по точным фразам"
        };
        out.push_str(&format!(
            "\n\n**Как проверяет uslugi.** Правило `{}`: {how}; в отчёте `uslugi check` и `uslugi audit` названы страница и место, где материал найден, а если его нет — что добавить.\n\n",
            r.id
        ));
    }
    out
}
