//! The command line: argument parsing (clap), dispatch, printing results and errors, and
//! exit codes — 0 success, 1 the command ran and found problems, 2 bad usage or input.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::BaseUrl;
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
    }
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
