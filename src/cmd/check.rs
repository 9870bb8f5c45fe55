//! `uslugi check`: build in memory, judge the pages, print or write the report.

use std::path::PathBuf;

use clap::Args;

use super::Cli;
use super::Error;
use super::formats::ReportFormat;
use uslugi_compliance::format;
use uslugi_core::date::Date;
use uslugi_core::util::paths::write_file;
use uslugi_site::check::{self, CheckOptions};
use uslugi_site::config::Profile;
use uslugi_site::pipeline::{self, BuildOptions};
use uslugi_site::render::{CACHE_DIR, ImageCache};

/// `uslugi check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's root directory (where site.toml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Judge against this profile instead of site.toml's.
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<Profile>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Recommended materials count too: exit 1 on any finding.
    #[arg(long)]
    pub strict: bool,
    /// Judge news freshness as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<Date>,
}

/// `uslugi check`: exit code 1 when the report fails.
pub fn run(cli: &Cli, args: &CheckArgs) -> Result<i32, Error> {
    let root = super::site_root(&args.root)?;
    // Nothing is written: banners a build already processed are read from its cache, the
    // others are processed in memory and not kept.
    let mut build = BuildOptions::at(super::now(args.today)?);
    build.cache = Some(ImageCache {
        dir: root.join(CACHE_DIR),
        write: false,
    });
    let rendered =
        super::progress::with_progress(cli, "сборка и проверка…", |progress| {
            pipeline::render(&root, &build, progress)
        })
        .map_err(Error::Site)?;
    let opts = CheckOptions {
        profile: args.profile,
        strict: args.strict,
    };
    let report = check::check_site(&rendered.site, &rendered.output, &opts)
        .map_err(|e| Error::Site(uslugi_site::Error::Ignore(e)))?;
    match &args.output {
        Some(path) => {
            let text = format::render(&report, args.format.0, false);
            write_file(path, &text)?;
            if !cli.quiet {
                let t = &report.totals;
                eprintln!(
                    "Checked {} pages: {} present, {} partial, {} missing → {}",
                    report.pages,
                    t.pass,
                    t.partial,
                    t.missing,
                    path.display()
                );
            }
        }
        None => super::print_report(&report, args.format.0),
    }
    Ok(i32::from(report.failed()))
}
