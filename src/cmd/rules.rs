//! `uslugi rules`: the rule catalog, as text, JSON or a Markdown table.

use clap::Args;

use super::Error;
use super::formats::RulesFormat;
use uslugi_compliance::format::catalog;
use uslugi_site::config::Profile;

/// `uslugi rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Show only this profile's severities.
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<Profile>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: RulesFormat,
}

/// Prints the catalog.
pub fn run(args: &RulesArgs) -> Result<i32, Error> {
    print!("{}", catalog::render(args.format.0, args.profile));
    Ok(0)
}
