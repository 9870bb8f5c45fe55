//! The rules: every material the source documents ask the section to carry, and how each is
//! found.
//!
//! A rule has a stable id, a Russian and an English title, a severity per profile, the source
//! it comes from (a document a person can look up, and the part of it), a Russian hint, and a
//! detector over the [`Snapshot`]. Detectors look at what a visitor would see — page names,
//! headings, text, links — and take a declared kind as evidence, never as proof: a
//! registration page that never names the account levels is only partial. Nothing here knows
//! about one site.
//!
//! This file holds the types; `catalog` the rules in report order; `vocabulary` the
//! words detectors look for; `materials` and `a11y` the detectors of materials and of
//! accessibility.

use serde::Serialize;

pub(crate) mod a11y;
pub(crate) mod catalog;
pub(crate) mod language;
pub(crate) mod materials;
pub mod vocabulary;

use super::snapshot::{Snapshot, Target};
pub use a11y::{MANY_H1, NO_ALT, SKIPPED_LEVEL, UNCLEAR_LINKS};
pub use catalog::{RULES, rule};
use uslugi_core::Profile;
use uslugi_core::date::Date;

/// How much a material matters for a profile — the product's judgement, not the source's
/// legal force (every website item in the regional documents is a recommendation; see
/// `Source` and `super::sources::Force`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A key material: the section is not complete without it, and `check` fails when it
    /// is missing or partial.
    Key,
    /// Recommended: counts with `--strict`.
    Recommended,
    /// Does not apply.
    NotApplicable,
}

impl Severity {
    /// Russian words for reports.
    pub fn ru(self) -> &'static str {
        match self {
            Severity::Key => "ключевой материал",
            Severity::Recommended => "рекомендуется",
            Severity::NotApplicable => "не применяется",
        }
    }

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Key => "key",
            Severity::Recommended => "recommended",
            Severity::NotApplicable => "not_applicable",
        }
    }

    /// The severity of that name, as reports store it.
    pub fn from_name(name: &str) -> Option<Severity> {
        [
            Severity::Key,
            Severity::Recommended,
            Severity::NotApplicable,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

pub use super::sources::{Source, sources_date};

/// What a detector found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The material is there.
    Pass,
    /// Something is there but it lacks what the material needs.
    Partial,
    /// Nothing found.
    Missing,
}

/// A detector's verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Pass, partial or missing.
    pub status: Status,
    /// URLs of the pages that prove (or partly prove) the material.
    pub evidence: Vec<String>,
    /// What is lacking, in Russian, for a partial finding.
    pub lacking: Vec<String>,
    /// The block of the first evidence page that carries the material: its heading, or its
    /// first words.
    pub block: Option<String>,
}

impl Finding {
    pub(super) fn pass(evidence: Vec<String>) -> Finding {
        Finding {
            status: Status::Pass,
            evidence,
            lacking: Vec::new(),
            block: None,
        }
    }
    pub(super) fn missing() -> Finding {
        Finding {
            status: Status::Missing,
            evidence: Vec::new(),
            block: None,
            lacking: Vec::new(),
        }
    }
    pub(super) fn partial(evidence: Vec<String>, lacking: Vec<String>) -> Finding {
        Finding {
            status: Status::Partial,
            evidence,
            lacking,
            block: None,
        }
    }

    /// The same finding, naming the block that carries the material.
    pub(super) fn in_block(mut self, block: impl Into<String>) -> Finding {
        let block: String = block.into();
        self.block = Some(first_words(&block, 80)).filter(|b| !b.is_empty());
        self
    }
    /// Pass when nothing is lacking, partial otherwise.
    pub(super) fn judged(evidence: Vec<String>, lacking: Vec<String>) -> Finding {
        if lacking.is_empty() {
            Finding::pass(evidence)
        } else {
            Finding::partial(evidence, lacking)
        }
    }
}

/// The start of `text`, cut at a word, with «…» when cut.
pub(crate) fn first_words(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let mut out = String::new();
    for w in text.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// What detectors may need beyond the snapshot.
#[derive(Debug, Clone)]
pub struct RuleContext {
    /// The date to judge freshness against.
    pub today: Date,
    /// News must be newer than this.
    pub news_max_age_days: u32,
    /// Hosts that count as the portal: `gosuslugi.ru` and the regional portal's.
    pub portal_domains: Vec<String>,
    /// The words the detectors look for, read by stem.
    pub lexicon: vocabulary::Lexicon,
}

impl RuleContext {
    /// Context for a site with an optional regional portal URL.
    pub fn new(today: Date, news_max_age_days: u32, region_portal: Option<&str>) -> RuleContext {
        let mut portal_domains = vec!["gosuslugi.ru".to_string()];
        if let Some(host) = region_portal.and_then(uslugi_core::util::url::host_of)
            && !host.ends_with("gosuslugi.ru")
        {
            portal_domains.push(host);
        }
        RuleContext {
            today,
            news_max_age_days,
            portal_domains,
            lexicon: vocabulary::Lexicon::default(),
        }
    }

    /// Whether a link leads to the portal — not to its feedback platform (`pos.gosuslugi.ru`,
    /// «Решаем вместе»), whose widget is no banner of the portal.
    pub(super) fn is_portal(&self, t: &Target) -> bool {
        self.portal_domains.iter().any(|d| t.is_on(d)) && !t.is_on("pos.gosuslugi.ru")
    }
}

/// One rule of the catalog.
pub struct Rule {
    /// Stable id, e.g. `banner-home`.
    pub id: &'static str,
    /// Russian title.
    pub title_ru: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// A short Russian name, for table columns (the ranking).
    pub short_ru: &'static str,
    /// Severity for education, municipal, agency and mfc, in that order.
    pub severity: [Severity; 4],
    /// Whether the rule is about services the organization provides itself (then it does
    /// not apply when `provides_services = false`).
    pub about_own_services: bool,
    /// Where it comes from.
    pub source: Source,
    /// What to add, in Russian.
    pub hint: &'static str,
    /// The detector.
    pub detect: fn(&Snapshot, &RuleContext) -> Finding,
}

impl Rule {
    /// The rule's severity for a profile and organization.
    pub fn severity_for(&self, profile: Profile, provides_services: bool) -> Severity {
        if self.about_own_services && !provides_services {
            return Severity::NotApplicable;
        }
        let i = Profile::ALL.iter().position(|p| *p == profile).unwrap_or(0);
        self.severity[i]
    }
}

/// The rule catalogue's version: its size and a hash of its ids, severities and titles, so
/// that a history says when two runs were judged by different rules.
pub fn catalog_version() -> String {
    let mut text = String::new();
    for r in RULES {
        text.push_str(r.id);
        text.push('\0');
        text.push_str(r.title_ru);
        text.push('\0');
        for p in uslugi_core::Profile::ALL {
            text.push_str(r.severity_for(p, true).as_str());
        }
        text.push('\n');
    }
    format!(
        "{} rules, {:016x}",
        RULES.len(),
        uslugi_core::util::hash::fnv64(text.as_bytes())
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::vocabulary::has_word;
    use super::*;
    use crate::sources::{GOST, TOMSK, VOLGOGRAD};

    #[test]
    fn words_match_at_their_start_only() {
        assert!(has_word("анкета и опрос", "опрос"));
        assert!(!has_word("часто задаваемые вопросы", "опрос"));
        assert!(has_word("опросы", "опрос"));
    }

    #[test]
    fn ids_are_unique_and_every_rule_is_sourced() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for r in RULES {
            assert!(!r.source.part.is_empty(), "{}", r.id);
            if r.id.starts_with("a11y-") {
                assert_eq!(r.source.document.id, GOST.id, "{}", r.id);
            } else {
                assert!(
                    [TOMSK.id, VOLGOGRAD.id].contains(&r.source.document.id),
                    "{}",
                    r.id
                );
            }
            // A citation, never a file name or a line of our copy.
            let cite = r.source.cite_with_force();
            assert!(
                !cite.contains(".txt") && !cite.contains("строк"),
                "{}: {cite}",
                r.id
            );
            // A recommendation is never called a duty.
            for text in [r.title_ru, r.hint, r.source.part] {
                assert!(
                    !text.to_lowercase().contains("обязательн"),
                    "{}: {text}",
                    r.id
                );
            }
            assert!(!r.hint.is_empty() && !r.title_en.is_empty() && !r.title_ru.is_empty());
        }
    }

    #[test]
    fn banner_is_required_for_every_profile_even_without_services() {
        let banner = rule("banner-home").unwrap();
        for p in Profile::ALL {
            assert_eq!(banner.severity_for(p, false), Severity::Key);
        }
        assert_eq!(
            rule("services-list")
                .unwrap()
                .severity_for(Profile::Municipal, false),
            Severity::NotApplicable
        );
    }
}
