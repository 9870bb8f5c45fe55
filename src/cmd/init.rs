//! `uslugi init`: a new site for a kind of organization, and what to do next.

use std::path::PathBuf;

use clap::Args;

use super::Cli;
use super::Error;
use uslugi_core::Zone;
use uslugi_site::config::Profile;
use uslugi_site::init::{InitError, InitOptions};

/// `uslugi init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the site.
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The kind of organization: education, municipal, agency or mfc.
    #[arg(long, value_name = "PROFILE")]
    pub profile: Profile,
    /// The organization's full name.
    #[arg(long, value_name = "NAME")]
    pub org: String,
    /// The regional portal, e.g. https://70.gosuslugi.ru/.
    #[arg(long, value_name = "URL")]
    pub region_portal: Option<String>,
    /// The organization's time zone, an IANA name (Asia/Vladivostok, Asia/Tomsk…): «today»
    /// for news and banner schedules is the date there.
    #[arg(long, value_name = "ZONE", default_value = uslugi_core::date::DEFAULT_ZONE)]
    pub timezone: Zone,
    /// Write into a non-empty directory, replacing only files with the same names.
    #[arg(long)]
    pub force: bool,
}

/// Writes the starter site and says what to do next.
pub fn run(cli: &Cli, args: &InitArgs) -> Result<i32, Error> {
    let opts = InitOptions {
        dir: super::new_dir(&args.dir)?,
        profile: args.profile,
        org: args.org.clone(),
        region_portal: args.region_portal.clone(),
        force: args.force,
        timezone: args.timezone.clone(),
        now: super::now(None)?,
    };
    let written = uslugi_site::init::init(&opts).map_err(|e| match e {
        InitError::Refused(m) => Error::Usage(m),
        InitError::Write(f) => Error::Output(f),
    })?;
    if !cli.quiet {
        eprintln!(
            "Created a site for «{}» (profile {}) in {}: {} files.\nNext: `cd {}`, fill in the contacts in site.toml and the centres of your district (data/centres.yaml), then `uslugi serve` to see the site and `uslugi check` for what is left to do.",
            args.org,
            args.profile.as_str(),
            args.dir.display(),
            written.len(),
            args.dir.display(),
        );
    }
    Ok(0)
}
