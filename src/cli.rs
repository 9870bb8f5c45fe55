//! The command line: argument parsing (clap), dispatch, printing results and errors, and
//! exit codes — 0 success, 1 the command ran and found problems, 2 bad usage or input.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::compliance::format::catalog::CatalogFormat;
use crate::compliance::format::{self, Format};
use crate::compliance::{self as compliance_mod, CheckOptions};
use crate::config::{BaseUrl, Profile};
use crate::date::Date;
use crate::error::Error;
use crate::pipeline::{self, BuildOptions};
use crate::site::SiteOptions;

/// uslugi builds the «Электронные услуги» section of an official website from Markdown,
/// and checks that it carries every recommended material.
#[derive(Debug, Parser)]
#[command(name = "uslugi", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print what each step did and how long it took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output directory (`public/` by default).
    ///
    /// Renders every page in memory first; the output directory is replaced only when the
    /// whole build has succeeded, so a failed build leaves the previous one untouched.
    Build(BuildArgs),
    /// Check that the section carries every recommended material.
    ///
    /// Builds the site in memory (writes nothing), judges the rendered pages against the
    /// rule catalog and reports, for each material, whether it is there, with the page that
    /// proves it, or what to add and which document asks for it. Exit code 1 when a required
    /// material is missing or incomplete (with --strict: any applicable one).
    Check(CheckArgs),
    /// Print the rule catalog: id, titles, severity per profile, source.
    Rules(RulesArgs),
}

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
    pub format: Format,
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

/// `uslugi rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Show only this profile's severities.
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<Profile>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CatalogFormat,
}

/// `uslugi build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's root directory (where site.toml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Output directory [default: `[build] output` of site.toml, or `public`].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Publish under this address instead of site.toml's base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Also build pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Keep the HTML as rendered, without minifying.
    #[arg(long)]
    pub no_minify: bool,
    /// Replace an output directory that is not empty and was not written by uslugi.
    #[arg(long)]
    pub force: bool,
}

/// Whether to colour stderr.
fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints an error's diagnostics to stderr.
pub fn report(err: &Error) {
    let color = color();
    let diags = err.diagnostics();
    for d in &diags {
        eprint!("{}", d.render(color));
    }
    if diags.len() > 1 {
        eprintln!("{} problems found", diags.len());
    }
}

/// Runs the command line; returns the exit code.
pub fn main() -> i32 {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error in uslugi: {info}");
        eprintln!("  = help: this is a bug; please report it with the command you ran");
    }));
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            report(&e);
            e.exit_code()
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: &Cli) -> Result<i32, Error> {
    match &cli.command {
        Command::Build(args) => build(cli, args),
        Command::Check(args) => check(cli, args),
        Command::Rules(args) => {
            print!("{}", format::catalog::render(args.format, args.profile));
            Ok(0)
        }
    }
}

fn check(cli: &Cli, args: &CheckArgs) -> Result<i32, Error> {
    let (site, output, _) = pipeline::render(&args.root, &BuildOptions::default())?;
    let opts = CheckOptions {
        profile: args.profile,
        strict: args.strict,
        today: args.today,
    };
    let report = compliance_mod::check_site(&site, &output, &opts)?;
    match &args.output {
        Some(path) => {
            let text = format::render(&report, args.format, false);
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
        None => {
            let color = args.format == Format::Text
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none();
            print!("{}", format::render(&report, args.format, color));
        }
    }
    Ok(i32::from(report.failed()))
}

/// Writes a report file, creating its directory.
fn write_file(path: &std::path::Path, text: &str) -> Result<(), Error> {
    let io = |source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, text).map_err(io)
}

fn build(cli: &Cli, args: &BuildArgs) -> Result<i32, Error> {
    let base_url = args
        .base_url
        .as_deref()
        .map(str::parse::<BaseUrl>)
        .transpose()
        .map_err(Error::Usage)?;
    let opts = BuildOptions {
        site: SiteOptions {
            drafts: args.drafts,
            base_url,
        },
        no_minify: args.no_minify,
        output: args.output.clone(),
        force: args.force,
    };
    let built = pipeline::build(&args.root, &opts)?;
    if !cli.quiet {
        let pages = built.output.pages().count();
        let total = built.timings.load + built.timings.render + built.timings.write;
        eprintln!(
            "Built {pages} pages ({} files, {:.1} MB) in {:.2} s → {}",
            built.stats.files,
            built.stats.bytes as f64 / 1_048_576.0,
            total.as_secs_f64(),
            built.target.display()
        );
        if cli.verbose {
            eprintln!(
                "  load {:.0} ms · render {:.0} ms · write {:.0} ms · base URL {}",
                built.timings.load.as_secs_f64() * 1000.0,
                built.timings.render.as_secs_f64() * 1000.0,
                built.timings.write.as_secs_f64() * 1000.0,
                built.site.config.base_url
            );
        }
    }
    Ok(0)
}
