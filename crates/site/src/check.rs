//! `uslugi check`: our own rendered output, handed to the rule engine of
//! `uslugi-compliance` with what `site.toml` says about the organization — the same engine
//! `audit` runs on any other site, so the two can never disagree.

use uslugi_compliance::report::{self, CheckSettings, IgnoreError, Report, SiteInfo};
use uslugi_compliance::rules::RuleContext;
use uslugi_compliance::snapshot::{Rendered, Snapshot};

use crate::output::Output;
use crate::site::Site;

/// Options of `uslugi check` that change the verdict.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Judge against this profile instead of site.toml's.
    pub profile: Option<uslugi_core::Profile>,
    /// Recommended rules count too.
    pub strict: bool,
}

/// Checks our own rendered site; refuses `[check] ignore` entries that name no rule or give
/// no reason.
pub fn check_site(
    site: &Site,
    output: &Output,
    opts: &CheckOptions,
) -> Result<Report, Vec<IgnoreError>> {
    let c = &site.config;
    report::validate_ignores(&c.check.ignore, &site.config_text)?;
    let pages: Vec<Rendered<'_>> = output
        .pages()
        .map(|(_, file, info)| Rendered {
            path: &info.path,
            html: &file.bytes,
            kind: info.kind,
            source: &info.source,
        })
        .collect();
    let snapshot = Snapshot::from_rendered(&pages, &c.base_url);
    let settings = CheckSettings {
        profile: opts.profile.unwrap_or(c.profile),
        provides_services: c.organization.provides_services,
        strict: opts.strict,
        ignore: c.check.ignore.clone(),
        context: RuleContext::new(
            site.today,
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
    let mut report = report::evaluate(&snapshot, info, &settings);
    crate::locate::locate(&mut report, site);
    Ok(report)
}
