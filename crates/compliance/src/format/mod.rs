//! Report formats: text for people, JSON, JUnit, SARIF and GitLab Code Quality for CI, HTML
//! for the browser and print.

pub mod catalog;
pub(crate) mod codequality;
pub(crate) mod html;
pub(crate) mod junit;
pub mod page;
pub(crate) mod sarif;
pub(crate) mod text;

use std::str::FromStr;

use super::report::Report;

/// An output format of `uslugi check` and `uslugi audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Grouped by outcome, coloured on a terminal.
    Text,
    /// The versioned JSON schema (`schemas/check-report.v2.json`).
    Json,
    /// JUnit XML: one test case per rule (GitLab, Jenkins).
    Junit,
    /// SARIF 2.1.0 (GitHub code scanning and other viewers).
    Sarif,
    /// A printable report page in Russian.
    Html,
    /// GitLab Code Quality (merge-request widget).
    Codequality,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: [Format; 6] = [
        Format::Text,
        Format::Json,
        Format::Junit,
        Format::Sarif,
        Format::Codequality,
        Format::Html,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Junit => "junit",
            Format::Sarif => "sarif",
            Format::Html => "html",
            Format::Codequality => "codequality",
        }
    }

    /// What it is, for help.
    pub fn about(self) -> &'static str {
        match self {
            Format::Text => "Grouped by outcome, coloured on a terminal",
            Format::Json => "The versioned JSON schema (`schemas/check-report.v2.json`)",
            Format::Junit => "JUnit XML: one test case per rule (GitLab, Jenkins)",
            Format::Sarif => "SARIF 2.1.0 (GitHub code scanning and other viewers)",
            Format::Html => "A to-do list in Russian, for the browser and print",
            Format::Codequality => "GitLab Code Quality: findings in the merge request",
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format `{s}`: use {}", names.join(", "))
            })
    }
}

/// What the severities mean, said in every report for people: they are uslugi's judgement,
/// not legal duties.
pub const SEVERITY_NOTE: &str = "«Ключевой материал» и «рекомендуется» — оценка uslugi: без ключевых материалов раздел неполон, и проверка считается непройденной. Это не требование закона: раздел о сайтах в источниках — методические рекомендации; правила доступности опираются на ГОСТ Р 52872-2019 и постановление Правительства РФ № 102 от 07.02.2026. Сила каждого источника указана рядом с ним.";

/// Writes `report` in `format`; `color` only affects `text`.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => text::render(report, color),
        Format::Json => serde_json::to_string_pretty(report).expect("report serializes") + "\n",
        Format::Junit => junit::render(report),
        Format::Sarif => sarif::render(report),
        Format::Html => html::render(report, false),
        Format::Codequality => codequality::render(report),
    }
}

/// The HTML report as the preview serves it: page links lead to the preview's own pages.
pub fn preview_html(report: &Report) -> String {
    html::render(report, true)
}
