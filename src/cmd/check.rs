//! `uslugi check`: build in memory, judge the pages, print or write the report.

use std::path::{Path, PathBuf};

use clap::Args;

use super::Cli;
use super::Error;
use super::formats::ReportFormat;
use uslugi_compliance::format;
use uslugi_compliance::location::Prefixes;
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
    let mut report = check::check_site(&rendered.site, &rendered.output, &opts)
        .map_err(|e| Error::Site(uslugi_site::Error::Ignore(e)))?;
    report.prefixes = prefixes(&args.root, &root);
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

/// How the site's files are named in reports: from the folder given on the command line (as
/// typed, so that a terminal opens them), and from the repository that holds the site (the
/// nearest folder above it with `.git`), so that CI attaches findings to the right files.
fn prefixes(given: &Path, root: &Path) -> Prefixes {
    let folder = |p: &Path| {
        let s = uslugi_core::util::paths::slash_path(p);
        let s = s.trim_start_matches("./").trim_end_matches('/');
        if s.is_empty() || s == "." {
            String::new()
        } else {
            format!("{s}/")
        }
    };
    let repository = root
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .and_then(|repo| root.strip_prefix(repo).ok())
        .map(folder)
        .unwrap_or_default();
    Prefixes {
        shown: folder(given),
        repository,
    }
}
