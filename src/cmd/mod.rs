//! The command line: one file per command with its arguments (clap) and what it prints, and
//! the helpers they share — resolving the site folder, printing errors and reports.

mod audit;
mod build;
mod centres;
mod check;
mod deploy;
mod error;
mod errors;
mod formats;
mod history;
mod init;
mod progress;
mod rules;
mod serve;
mod shell;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

pub use error::Error;
use uslugi_compliance::format::{self, Format};
use uslugi_compliance::report::Report;
use uslugi_core::{Date, Now};

/// uslugi builds the «Электронные услуги» section of an official website from Markdown,
/// and checks that it carries every recommended material.
#[derive(Debug, Parser)]
#[command(name = "uslugi", version = version(), about, long_about = None, max_term_width = 100)]
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
    /// Start a new site for a kind of organization.
    ///
    /// Writes site.toml, starter pages for every material the recommendations ask for, a
    /// services catalog for the profile, sample banners and a first news item. Everything
    /// comes from inside the binary. Refuses a non-empty directory unless --force.
    Init(init::InitArgs),
    /// Build the site into the output directory (`public/` by default).
    ///
    /// Renders every page in memory first; the output directory is replaced only when the
    /// whole build has succeeded, so a failed build leaves the previous one untouched.
    Build(build::BuildArgs),
    /// Preview the site in a browser, rebuilding and reloading as you edit.
    ///
    /// Builds into memory and serves from memory (public/ is never written), watches
    /// content/, data/, banners/, templates/, themes/, static/ and site.toml, and tells open
    /// pages to reload after each change. A failed rebuild keeps the last good site and shows
    /// the error over the page. The compliance report is at /_uslugi/check.
    Serve(serve::ServeArgs),
    /// Check that the section carries every recommended material.
    ///
    /// Builds the site in memory (writes nothing), judges the rendered pages against the
    /// rule catalog and reports, for each material, whether it is there, with the page that
    /// proves it, or what to add and which document asks for it. Exit code 1 when a key
    /// material is missing or incomplete (with --strict: any applicable one).
    Check(check::CheckArgs),
    /// Publish the section to the agency's hosting over SFTP, FTPS or FTP.
    ///
    /// Builds as `uslugi build` does, then sends what changed since the last deploy to the
    /// target of `[deploy]` in site.toml (or --to): each file under a temporary name, renamed
    /// over the old one; assets first, the home page and the sitemap last; deletions of files
    /// uslugi published and no longer produces after every upload. Files others put in the
    /// folder are never touched. The password comes only from USLUGI_DEPLOY_PASSWORD.
    Deploy(deploy::DeployArgs),
    /// Run the same rules on existing sites: folders of saved HTML or URLs.
    ///
    /// Crawls each site from its home page (same host only, within the limits below), infers
    /// what each page is, and reports like `uslugi check`. With several sites, audits them
    /// concurrently, writes one report per site into --out-dir and ranks them with
    /// --ranking. A site that cannot be read gets a report saying why; the others go on.
    /// Exit code 1 when any site lacks a key material.
    Audit(audit::AuditArgs),
    /// What changed between two audits recorded with `audit --history FILE.db`.
    ///
    /// Compares the last two runs (or the runs on or before --from and --to): per site, the
    /// score and the materials gained and lost; sites that got worse first; sites that could
    /// not be read this time; sites new to the list and gone from it. A site is one site
    /// across runs even when its address changes from http to https or gains www.
    History(history::HistoryArgs),
    /// Work with the service centres list (data/centres.yaml).
    Centres(centres::CentresArgs),
    /// Print the rule catalog: id, titles, severity per profile, source.
    Rules(rules::RulesArgs),
    /// Print the completion script for a shell (bash, zsh, fish, powershell, elvish).
    ///
    /// For bash: `uslugi completions bash > /etc/bash_completion.d/uslugi`. The packages
    /// install them for bash, zsh and fish.
    Completions(shell::CompletionsArgs),
    /// Print the errors a user can meet, each as uslugi prints it, with what to do (Markdown,
    /// in Russian; the guide's chapter «Если что-то не так»).
    Errors(errors::ErrorsArgs),
    /// Write the manual pages (uslugi.1, uslugi-build.1, …) into a folder.
    Man(shell::ManArgs),
}

/// The version line: the program's, the rule catalogue's (how many rules and a hash of them)
/// and the date of the newest source document, so that a report can be traced to the rules
/// that made it.
fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        format!(
            "{} (rule catalogue: {}; sources up to {})",
            env!("CARGO_PKG_VERSION"),
            uslugi_compliance::rules::catalog_version(),
            uslugi_compliance::rules::sources_date()
        )
    })
}

/// Runs a parsed command line; returns the exit code when the command ran.
pub fn run(cli: &Cli) -> Result<i32, Error> {
    match &cli.command {
        Command::Build(args) => build::run(cli, args),
        Command::Init(args) => init::run(cli, args),
        Command::Check(args) => check::run(cli, args),
        Command::Centres(args) => centres::run(cli, args),
        Command::Serve(args) => serve::run(cli, args),
        Command::Audit(args) => audit::run(cli, args),
        Command::Deploy(args) => deploy::run(cli, args),
        Command::History(args) => history::run(cli, args),
        Command::Rules(args) => rules::run(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
        Command::Errors(args) => errors::run(args),
    }
}

/// The moment the command runs, with `--today` in place of its date when given: the only
/// place uslugi reads the clock. `SOURCE_DATE_EPOCH` (seconds since 1970, as reproducible
/// builds set it) stands for the clock when it is set.
pub fn now(today: Option<Date>) -> Result<Now, Error> {
    let instant = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(Now::from_unix_seconds)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01: `{v}`"
                ))
            })?,
        Err(_) => Now::at(uslugi_core::jiff::Timestamp::now()),
    };
    Ok(instant.with_day(today))
}

/// [`now`] for the preview, which asks again at every rebuild: a bad `SOURCE_DATE_EPOCH` was
/// already refused when the preview started.
fn now_for_preview() -> Now {
    now(None).unwrap_or_else(|_| Now::at(uslugi_core::jiff::Timestamp::now()))
}

/// Whether to colour what goes to `stream`: only a terminal, and only without `NO_COLOR`.
fn color(stream: impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Prints an error's diagnostics to stderr, coloured on a terminal.
pub fn report(err: &Error) {
    print_diagnostics(&err.diagnostics());
}

/// Prints diagnostics to stderr, coloured on a terminal.
fn print_diagnostics(diagnostics: &[uslugi_core::diagnostics::Diagnostic]) {
    let color = color(std::io::stderr());
    eprint!(
        "{}",
        uslugi_core::diagnostics::render_all(diagnostics, color)
    );
}

/// Prints a compliance report to standard output, coloured when it is text on a terminal.
fn print_report(report: &Report, format: Format) {
    let color = format == Format::Text && color(std::io::stdout());
    print!("{}", format::render(report, format, color));
}

/// The site root named on the command line (`.` by default) as an absolute, canonical path.
/// Every command resolves it once, at the start, so that everything after — the watcher's
/// events (which the system reports as absolute paths), messages and output paths — sees one
/// form of it, whether the command ran from the site's folder, with a relative `--root` or
/// with an absolute one.
pub fn site_root(dir: &Path) -> Result<PathBuf, Error> {
    dir.canonicalize().map_err(|e| {
        Error::Usage(format!(
            "cannot open the site folder {}: {e}",
            if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            }
            .display()
        ))
    })
}

/// The output folder given with `-o`, as an absolute path: relative to the current
/// directory, like any path given on the command line.
pub fn output_dir(given: Option<&Path>) -> Result<Option<PathBuf>, Error> {
    given
        .map(std::path::absolute)
        .transpose()
        .map_err(|e| Error::Usage(format!("cannot resolve the output folder: {e}")))
}

/// A folder that may not exist yet (a new site's) as an absolute path: its nearest existing
/// ancestor canonical, the rest as written.
pub fn new_dir(dir: &Path) -> Result<PathBuf, Error> {
    let abs = std::path::absolute(dir)
        .map_err(|e| Error::Usage(format!("cannot resolve the folder {}: {e}", dir.display())))?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_resolve_to_one_absolute_form() {
        let dir = tempfile::tempdir().unwrap();
        let canonical = dir.path().canonicalize().unwrap();
        std::fs::create_dir(canonical.join("site")).unwrap();
        let via_dots = canonical.join("site/../site/.");
        assert_eq!(site_root(&via_dots).unwrap(), canonical.join("site"));
        let err = site_root(&canonical.join("missing"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot open the site folder"), "{err}");
        assert_eq!(
            new_dir(&canonical.join("site/new/deeper")).unwrap(),
            canonical.join("site/new/deeper")
        );
        assert!(new_dir(Path::new("relative")).unwrap().is_absolute());
    }
}
