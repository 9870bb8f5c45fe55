//! Compliance: what an «Электронные услуги» section must contain, and whether a site has it.
//!
//! [`snapshot`] turns rendered HTML into pages the rules can judge; [`rules`] is the catalog
//! taken from the source documents; [`report`] runs it and [`format`](mod@format) writes the result.
//! `uslugi check` feeds it our own in-memory output; `uslugi audit` feeds it crawled sites —
//! the same engine, so the two can never disagree.

pub mod dom;
pub mod format;
pub mod links;
pub mod parse;
pub mod report;
pub mod rules;
pub mod snapshot;
pub mod sources;

use crate::date::Date;
use crate::output::Output;
use crate::site::Site;
use report::{CheckSettings, Report, SiteInfo};
use rules::RuleContext;
use snapshot::Snapshot;

/// Options of `uslugi check` that change the verdict.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Judge against this profile instead of site.toml's.
    pub profile: Option<crate::config::Profile>,
    /// Recommended rules count too.
    pub strict: bool,
    /// Judge freshness as of this date instead of today.
    pub today: Option<Date>,
}

/// Checks our own rendered site; refuses `[check] ignore` entries that name no rule or give
/// no reason.
pub fn check_site(
    site: &Site,
    output: &Output,
    opts: &CheckOptions,
) -> Result<Report, Vec<report::IgnoreError>> {
    let c = &site.config;
    report::validate_ignores(&c.check.ignore, &site.config_text)?;
    let snapshot = Snapshot::from_output(output, &c.base_url);
    let settings = CheckSettings {
        profile: opts.profile.unwrap_or(c.profile),
        provides_services: c.organization.provides_services,
        strict: opts.strict,
        ignore: c.check.ignore.clone(),
        context: RuleContext::new(
            report::today_or(opts.today),
            c.check.news_max_age_days,
            c.organization.region_portal.as_deref(),
        ),
    };
    let info = SiteInfo {
        title: c.title.clone(),
        url: c.base_url.to_string(),
        organization: c.organization.name.clone(),
        profile: settings.profile,
    };
    Ok(report::evaluate(&snapshot, info, &settings))
}
