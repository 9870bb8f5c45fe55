//! Report formats: text for people, JSON, JUnit and SARIF for CI, HTML for print.

pub mod catalog;
mod html;
mod junit;
mod sarif;
mod text;

use std::str::FromStr;

use super::report::Report;

/// An output format of `uslugi check` and `uslugi audit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by outcome, coloured on a terminal.
    Text,
    /// The versioned JSON schema (`schemas/check-report.v1.json`).
    Json,
    /// JUnit XML: one test case per rule (GitLab, Jenkins).
    Junit,
    /// SARIF 2.1.0 (GitHub code scanning and other viewers).
    Sarif,
    /// A printable report page in Russian.
    Html,
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        <Format as clap::ValueEnum>::from_str(s, true)
    }
}

/// Writes `report` in `format`; `color` only affects `text`.
pub fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => text::render(report, color),
        Format::Json => serde_json::to_string_pretty(report).expect("report serializes") + "\n",
        Format::Junit => junit::render(report),
        Format::Sarif => sarif::render(report),
        Format::Html => html::render(report),
    }
}
