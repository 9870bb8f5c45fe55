//! Running the catalog over a snapshot, and the report that comes out.
//!
//! The report is the one value every output format is written from. Its JSON form is the
//! documented, versioned schema (`schemas/check-report.v2.json`).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::rules::{RULES, RuleContext, Severity, Source, Status};
use super::snapshot::Snapshot;
use crate::location::{self, Location, Prefixes};
use uslugi_core::Profile;
use uslugi_core::diagnostics::{Diagnostic, did_you_mean};

/// The JSON schema version of [`Report`].
pub const SCHEMA_VERSION: u32 = 2;

/// A rule's outcome in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The material is there.
    Pass,
    /// Present but lacking.
    Partial,
    /// Not found.
    Missing,
    /// Does not apply to this profile.
    NotApplicable,
    /// Deliberately not followed (`[check] ignore`).
    Ignored,
    /// Not judged: the site could not be read (an anti-bot check, a failed fetch…).
    Unread,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 6] = [
        Outcome::Pass,
        Outcome::Partial,
        Outcome::Missing,
        Outcome::NotApplicable,
        Outcome::Ignored,
        Outcome::Unread,
    ];

    /// The name used in JSON (`pass`, `not_applicable`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Partial => "partial",
            Outcome::Missing => "missing",
            Outcome::NotApplicable => "not_applicable",
            Outcome::Ignored => "ignored",
            Outcome::Unread => "unread",
        }
    }

    /// The outcome of that JSON name, as reports and histories store it.
    pub fn from_name(name: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == name)
    }

    /// Russian label.
    pub fn ru(self) -> &'static str {
        match self {
            Outcome::Pass => "есть",
            Outcome::Partial => "частично",
            Outcome::Missing => "нет",
            Outcome::NotApplicable => "не применяется",
            Outcome::Ignored => "исключено",
            Outcome::Unread => "не проверен",
        }
    }
}

/// One rule's result.
#[derive(Debug, Clone, Serialize)]
pub struct RuleResult {
    /// Rule id.
    pub id: &'static str,
    /// Russian title.
    pub title_ru: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// Severity for this site's profile.
    pub severity: Severity,
    /// Outcome.
    pub outcome: Outcome,
    /// Whether this result fails the check (see [`Report::failed`]).
    pub counts: bool,
    /// URLs that prove the material (or the part found).
    pub evidence: Vec<String>,
    /// The block of the first evidence page that carries it: its heading or first words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// What is lacking (partial).
    pub lacking: Vec<String>,
    /// What to add.
    pub hint: &'static str,
    /// Where the rule comes from.
    pub source: Source,
    /// Why the rule is ignored.
    pub ignore_reason: Option<String>,
    /// Where to act on a partial or missing material of a site uslugi builds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// Stable identity of the finding across runs (see [`location::fingerprint`]).
    pub fingerprint: String,
}

/// Counts by outcome.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Totals {
    /// Passed.
    pub pass: usize,
    /// Partial.
    pub partial: usize,
    /// Missing.
    pub missing: usize,
    /// Not applicable.
    pub not_applicable: usize,
    /// Ignored.
    pub ignored: usize,
    /// Not judged because the site could not be read.
    pub unread: usize,
    /// Results that fail the check.
    pub failing: usize,
}

/// Who and what was checked.
#[derive(Debug, Clone, Serialize)]
pub struct SiteInfo {
    /// Site title.
    pub title: String,
    /// Base URL.
    pub url: String,
    /// Organization name.
    pub organization: String,
    /// Profile.
    pub profile: Profile,
}

/// A compliance report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// The tool and its version.
    pub tool: String,
    /// The date the site was judged at.
    pub date: String,
    /// The site.
    pub site: SiteInfo,
    /// Whether recommended rules count (`--strict`).
    pub strict: bool,
    /// Pages in the snapshot.
    pub pages: usize,
    /// Counts.
    pub totals: Totals,
    /// One result per rule, in catalog order.
    pub results: Vec<RuleResult>,
    /// For an audited site: how the crawl went.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crawl: Option<CrawlInfo>,
    /// How the site's file paths are shown (not part of the JSON: its paths are relative to
    /// the site root).
    #[serde(skip)]
    pub prefixes: Prefixes,
}

/// How an audited site was read.
#[derive(Debug, Clone, Serialize)]
pub struct CrawlInfo {
    /// The folder or URL audited.
    pub source: String,
    /// Pages read.
    pub pages: usize,
    /// Problems with single pages (errors, timeouts, oversized or binary files).
    pub problems: Vec<String>,
    /// Why the site could not be read at all, when it could not.
    pub failure: Option<String>,
}

impl Report {
    /// A report of `results` on `site`, stamped with this tool, the settings' date and mode;
    /// the crawl, when there is one, is the audit's to add.
    fn of(
        site: SiteInfo,
        settings: &CheckSettings,
        pages: usize,
        totals: Totals,
        results: Vec<RuleResult>,
    ) -> Report {
        let mut report = Report {
            schema_version: SCHEMA_VERSION,
            tool: format!("uslugi {}", env!("CARGO_PKG_VERSION")),
            date: settings.context.today.iso_date(),
            site,
            strict: settings.strict,
            pages,
            totals,
            results,
            crawl: None,
            prefixes: Prefixes::default(),
        };
        report.locate(|_| None);
        report
    }

    /// Sets where each finding is acted on, as `at` says, and gives each its fingerprint.
    pub fn locate(&mut self, at: impl Fn(&RuleResult) -> Option<Location>) {
        for r in &mut self.results {
            r.location = at(r);
            r.fingerprint = location::fingerprint(r);
        }
    }

    /// The findings: partial and missing materials, in the order to act on them — missing
    /// before partial, and within each those that fail the check first, then catalog order.
    pub fn findings(&self) -> Vec<&RuleResult> {
        let mut out: Vec<&RuleResult> = self
            .results
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Missing | Outcome::Partial))
            .collect();
        out.sort_by_key(|r| (r.outcome != Outcome::Missing, !r.counts));
        out
    }

    /// Whether the check failed: a key material is not passed, or with `--strict` any
    /// applicable rule is not passed.
    pub fn failed(&self) -> bool {
        self.totals.failing > 0
    }

    /// Whether the site could not be read, so that nothing was judged.
    pub fn unread(&self) -> bool {
        self.crawl.as_ref().is_some_and(|c| c.failure.is_some())
    }
}

/// What [`evaluate`] needs.
#[derive(Debug, Clone)]
pub struct CheckSettings {
    /// The profile to judge against.
    pub profile: Profile,
    /// Whether the organization provides services itself.
    pub provides_services: bool,
    /// Count recommended rules too.
    pub strict: bool,
    /// Rules not followed on purpose.
    pub ignore: Vec<IgnoredRule>,
    /// Detector context.
    pub context: RuleContext,
}

/// Runs every rule.
pub fn evaluate(snap: &Snapshot, site: SiteInfo, settings: &CheckSettings) -> Report {
    let mut totals = Totals::default();
    let results: Vec<RuleResult> = RULES
        .iter()
        .map(|rule| {
            let severity = rule.severity_for(settings.profile, settings.provides_services);
            let ignored = settings.ignore.iter().find(|i| i.rule == rule.id);
            let (outcome, evidence, lacking, block) = if severity == Severity::NotApplicable {
                (Outcome::NotApplicable, Vec::new(), Vec::new(), None)
            } else {
                let f = (rule.detect)(snap, &settings.context);
                let outcome = match (ignored, f.status) {
                    (Some(_), _) => Outcome::Ignored,
                    (None, Status::Pass) => Outcome::Pass,
                    (None, Status::Partial) => Outcome::Partial,
                    (None, Status::Missing) => Outcome::Missing,
                };
                (outcome, f.evidence, f.lacking, f.block)
            };
            let counts = matches!(outcome, Outcome::Missing | Outcome::Partial)
                && (severity == Severity::Key
                    || (settings.strict && severity == Severity::Recommended));
            match outcome {
                Outcome::Pass => totals.pass += 1,
                Outcome::Partial => totals.partial += 1,
                Outcome::Missing => totals.missing += 1,
                Outcome::NotApplicable => totals.not_applicable += 1,
                Outcome::Ignored => totals.ignored += 1,
                Outcome::Unread => totals.unread += 1,
            }
            totals.failing += usize::from(counts);
            RuleResult {
                id: rule.id,
                title_ru: rule.title_ru,
                title_en: rule.title_en,
                severity,
                outcome,
                counts,
                evidence,
                block,
                lacking,
                hint: rule.hint,
                source: rule.source,
                ignore_reason: ignored.and_then(|i| i.reason.clone()),
                location: None,
                fingerprint: String::new(),
            }
        })
        .collect();
    Report::of(site, settings, snap.pages.len(), totals, results)
}

/// The report of a site that could not be read: every rule that applies is
/// [`Outcome::Unread`], none is missing, none fails. Says nothing about the site but that.
pub fn unread(site: SiteInfo, settings: &CheckSettings) -> Report {
    let mut totals = Totals::default();
    let results = RULES
        .iter()
        .map(|rule| {
            let severity = rule.severity_for(settings.profile, settings.provides_services);
            let outcome = if severity == Severity::NotApplicable {
                totals.not_applicable += 1;
                Outcome::NotApplicable
            } else {
                totals.unread += 1;
                Outcome::Unread
            };
            RuleResult {
                id: rule.id,
                title_ru: rule.title_ru,
                title_en: rule.title_en,
                severity,
                outcome,
                counts: false,
                evidence: Vec::new(),
                block: None,
                lacking: Vec::new(),
                hint: rule.hint,
                source: rule.source,
                ignore_reason: None,
                location: None,
                fingerprint: String::new(),
            }
        })
        .collect();
    Report::of(site, settings, 0, totals, results)
}

/// A wrong `[check] ignore` entry.
#[derive(Debug, Error)]
pub enum IgnoreError {
    /// The rule id is not in the catalog.
    #[error("site.toml: [check] ignore names an unknown rule `{rule}`")]
    UnknownRule {
        /// The id as written.
        rule: String,
        /// A close id.
        suggestion: Option<&'static str>,
        /// site.toml's text, to point at the entry.
        source_text: String,
    },
    /// No reason given.
    #[error("site.toml: [check] ignore of `{rule}` has no reason")]
    NoReason {
        /// The rule id.
        rule: String,
        /// site.toml's text.
        source_text: String,
    },
}

impl IgnoreError {
    /// The error as a located diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let (rule, text) = match self {
            IgnoreError::UnknownRule {
                rule, source_text, ..
            }
            | IgnoreError::NoReason { rule, source_text } => (rule, source_text),
        };
        let mut d = Diagnostic::new(self.to_string()).in_file("site.toml");
        if let Some(line) = text
            .lines()
            .position(|l| l.contains(&format!("\"{rule}\"")))
        {
            d = d.at_line(text, line + 1);
        }
        match self {
            IgnoreError::UnknownRule {
                suggestion: Some(s),
                ..
            } => d.with_help(format!("did you mean `{s}`? `uslugi rules` lists every id")),
            IgnoreError::UnknownRule { .. } => d.with_help("`uslugi rules` lists every rule id"),
            IgnoreError::NoReason { .. } => d.with_help(
                "say why the site does not follow the rule: { rule = \"…\", reason = \"…\" }",
            ),
        }
    }
}

/// One `[[check.ignore]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IgnoredRule {
    /// The rule's id.
    pub rule: String,
    /// Why the site does not follow it.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Checks `[check] ignore`: every rule must exist and every entry must say why.
pub fn validate_ignores(ignore: &[IgnoredRule], source_text: &str) -> Result<(), Vec<IgnoreError>> {
    let errors: Vec<IgnoreError> = ignore
        .iter()
        .filter_map(|i| {
            if super::rules::rule(&i.rule).is_none() {
                Some(IgnoreError::UnknownRule {
                    rule: i.rule.clone(),
                    suggestion: did_you_mean(&i.rule, RULES.iter().map(|r| r.id)),
                    source_text: source_text.to_string(),
                })
            } else if i.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                Some(IgnoreError::NoReason {
                    rule: i.rule.clone(),
                    source_text: source_text.to_string(),
                })
            } else {
                None
            }
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_and_severity_names_are_their_json_names() {
        for o in Outcome::ALL {
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
            assert_eq!(Outcome::from_name(o.as_str()), Some(o));
        }
        for s in [
            Severity::Key,
            Severity::Recommended,
            Severity::NotApplicable,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
            assert_eq!(Severity::from_name(s.as_str()), Some(s));
        }
        assert_eq!(Outcome::from_name("passed"), None);
        assert_eq!(Severity::from_name("key "), None);
    }
}
