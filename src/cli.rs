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
use crate::paths::write_file;
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
    /// Start a new site for a kind of organization.
    ///
    /// Writes site.toml, starter pages for every material the recommendations ask for, a
    /// services catalog for the profile, sample banners and a first news item. Everything
    /// comes from inside the binary. Refuses a non-empty directory unless --force.
    Init(InitArgs),
    /// Build the site into the output directory (`public/` by default).
    ///
    /// Renders every page in memory first; the output directory is replaced only when the
    /// whole build has succeeded, so a failed build leaves the previous one untouched.
    Build(BuildArgs),
    /// Preview the site in a browser, rebuilding and reloading as you edit.
    ///
    /// Builds into memory and serves from memory (public/ is never written), watches
    /// content/, data/, banners/, templates/, themes/, static/ and site.toml, and tells open
    /// pages to reload after each change. A failed rebuild keeps the last good site and shows
    /// the error over the page. The compliance report is at /_uslugi/check.
    Serve(ServeArgs),
    /// Check that the section carries every recommended material.
    ///
    /// Builds the site in memory (writes nothing), judges the rendered pages against the
    /// rule catalog and reports, for each material, whether it is there, with the page that
    /// proves it, or what to add and which document asks for it. Exit code 1 when a key
    /// material is missing or incomplete (with --strict: any applicable one).
    Check(CheckArgs),
    /// Run the same rules on existing sites: folders of saved HTML or URLs.
    ///
    /// Crawls each site from its home page (same host only, within the limits below), infers
    /// what each page is, and reports like `uslugi check`. With several sites, audits them
    /// concurrently, writes one report per site into --out-dir and ranks them with
    /// --ranking. A site that cannot be read gets a report saying why; the others go on.
    /// Exit code 1 when any site lacks a key material.
    Audit(AuditArgs),
    /// Work with the service centres list (data/centres.yaml).
    Centres(CentresArgs),
    /// Print the rule catalog: id, titles, severity per profile, source.
    Rules(RulesArgs),
}

/// `uslugi audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Sites to audit: http(s) URLs or folders.
    #[arg(value_name = "DIR|URL")]
    pub targets: Vec<String>,
    /// A file with one site per line (URL or folder, then optionally a tab and a name).
    #[arg(long, value_name = "FILE")]
    pub list: Option<PathBuf>,
    /// The profile of the audited organizations.
    #[arg(long, value_name = "PROFILE", default_value = "agency")]
    pub profile: Profile,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// With one site: write its report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write one report per site into this folder.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Write the ranking of the sites: FILE.csv or FILE.html.
    #[arg(long, value_name = "FILE")]
    pub ranking: Option<PathBuf>,
    /// Recommended materials count too.
    #[arg(long)]
    pub strict: bool,
    /// Judge news freshness as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<Date>,
    /// News must be newer than this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 180)]
    pub news_max_age_days: u32,
    /// Pages to read per site at most.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_pages: usize,
    /// Megabytes per page at most; larger pages are skipped and noted.
    #[arg(long, value_name = "MB", default_value_t = 5)]
    pub max_mb: u64,
    /// Seconds to wait for one page.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
    /// Seconds for a whole site.
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub site_time: u64,
    /// Requests at once per site.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,
    /// Sites audited at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub jobs: usize,
}

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
    /// Write into a non-empty directory, replacing only files with the same names.
    #[arg(long)]
    pub force: bool,
}

/// `uslugi centres`.
#[derive(Debug, Args)]
pub struct CentresArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: CentresAction,
}

/// `uslugi centres` subcommands.
#[derive(Debug, Subcommand)]
pub enum CentresAction {
    /// Import centres from an Excel export (CSV or XLSX) into data/centres.yaml.
    ///
    /// CSV may be UTF-8 (with or without BOM) or Windows-1251, with `;` or `,` between
    /// fields. Columns are found by their Russian headers in any order: Название, Адрес,
    /// Район, Телефон, Услуги, Часы работы, Широта, Долгота, Примечание, Активен. Every row
    /// that cannot be read is reported; nothing is written unless all rows are good or
    /// --skip-bad-rows is given.
    Import(ImportArgs),
}

/// `uslugi centres import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The CSV or XLSX file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The site's root directory (where site.toml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to write the centres, relative to the current directory [default:
    /// data/centres.yaml in the site root].
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Import the good rows and report the others, instead of importing nothing.
    #[arg(long)]
    pub skip_bad_rows: bool,
}

/// `uslugi serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's root directory (where site.toml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on; when it is taken, the next free one is used (0: any free port).
    #[arg(long, value_name = "PORT", default_value_t = 1111)]
    pub port: u16,
    /// Also show pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
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
    /// Output directory, relative to the current directory like any path given here
    /// [default: `[build] output` of site.toml, relative to the site root: `public`].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Publish under this address instead of site.toml's base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Also build pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Minify the HTML with minify-html (overrides `[build] minify`).
    #[arg(long, conflicts_with = "no_minify")]
    pub minify: bool,
    /// Write the HTML as rendered, without minifying (overrides `[build] minify`).
    #[arg(long)]
    pub no_minify: bool,
    /// Replace an output directory that is not empty and was not written by uslugi.
    #[arg(long)]
    pub force: bool,
    /// Also write each page's body-only HTML (absolute URLs, no scripts) under _fragments/,
    /// for sites that carry the section inside their own CMS templates.
    #[arg(long)]
    pub fragments: bool,
}

/// A spinner on stderr while `what` runs, when stderr is a terminal and not `--quiet`; it
/// appears only after half a second, so quick runs print nothing extra.
/// Runs `what`, showing its progress on a terminal: a spinner with `message` after half a
/// second, then the counters of [`crate::progress`] — banner images processed (n of m),
/// pages rendered once that takes over a second (n of m), pages read by an audit. Silent with
/// `--quiet` and when stderr is not a terminal (the command's own summary line says what
/// was done).
fn with_spinner<T>(cli: &Cli, message: &str, what: impl FnOnce() -> T) -> T {
    use crate::progress::{BANNERS, CRAWLED, PAGES};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};
    if cli.quiet || !std::io::stderr().is_terminal() {
        return what();
    }
    let bar = indicatif::ProgressBar::hidden();
    let spinner = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    let counted = indicatif::ProgressStyle::with_template("{spinner} {msg} {bar:30} {elapsed}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(spinner.clone());
    bar.set_message(message.to_string());
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let crawled_before = CRAWLED.get().0;
    let shown = {
        let (bar, done, message) = (bar.clone(), done.clone(), message.to_string());
        std::thread::spawn(move || {
            let started = Instant::now();
            std::thread::sleep(Duration::from_millis(500));
            if done.load(Ordering::SeqCst) {
                return;
            }
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
            while !done.load(Ordering::SeqCst) {
                let (b, bt) = BANNERS.get();
                let (p, pt) = PAGES.get();
                let crawled = CRAWLED.get().0 - crawled_before;
                let (msg, pos, len) = if bt > 0 && b < bt {
                    (format!("{message} баннеры: {b} из {bt}"), b, bt)
                } else if pt > 0 && p < pt && started.elapsed() > Duration::from_secs(1) {
                    (
                        format!("{message} страницы: {} из {}", p / 2, pt / 2),
                        p,
                        pt,
                    )
                } else if crawled > 0 {
                    (format!("{message} прочитано страниц: {crawled}"), 0, 0)
                } else {
                    (message.clone(), 0, 0)
                };
                bar.set_style(if len > 0 {
                    counted.clone()
                } else {
                    spinner.clone()
                });
                bar.set_length(len);
                bar.set_position(pos);
                bar.set_message(msg);
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let result = what();
    done.store(true, Ordering::SeqCst);
    let _ = shown.join();
    bar.finish_and_clear();
    result
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
        Command::Init(args) => {
            let opts = crate::init::InitOptions {
                dir: crate::paths::new_dir(&args.dir)?,
                profile: args.profile,
                org: args.org.clone(),
                region_portal: args.region_portal.clone(),
                force: args.force,
            };
            let written = crate::init::init(&opts)?;
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
        Command::Check(args) => check(cli, args),
        Command::Centres(CentresArgs {
            action: CentresAction::Import(args),
        }) => import_centres(cli, args),
        Command::Serve(args) => {
            let opts = crate::serve::ServeOptions {
                bind: args.bind.clone(),
                port: args.port,
                drafts: args.drafts,
            };
            let root = crate::paths::site_root(&args.root)?;
            crate::serve::run(&root, &opts, cli.quiet).map(|()| 0)
        }
        Command::Audit(args) => audit(cli, args),
        Command::Rules(args) => {
            print!("{}", format::catalog::render(args.format, args.profile));
            Ok(0)
        }
    }
}

fn check(cli: &Cli, args: &CheckArgs) -> Result<i32, Error> {
    let root = crate::paths::site_root(&args.root)?;
    let (site, output, _) = with_spinner(cli, "сборка и проверка…", || {
        pipeline::render(&root, &BuildOptions::default())
    })?;
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

fn audit(cli: &Cli, args: &AuditArgs) -> Result<i32, Error> {
    use crate::audit::{self, AuditSettings, Target, crawl::Limits, ranking};
    let mut targets: Vec<Target> = args.targets.iter().map(|t| Target::new(t)).collect();
    if let Some(list) = &args.list {
        let text = std::fs::read_to_string(list)
            .map_err(|e| Error::Usage(format!("cannot read {}: {e}", list.display())))?;
        let dir = list.parent().unwrap_or(std::path::Path::new("."));
        targets.extend(
            audit::list::parse(&text, dir)
                .map_err(|e| Error::Usage(format!("{}: {e}", list.display())))?,
        );
    }
    if targets.is_empty() {
        return Err(Error::Usage(
            "name a folder or a URL to audit, or pass --list FILE".into(),
        ));
    }
    if let Some(bad) = targets
        .iter()
        .find(|t| t.location.contains("://") && !t.is_url())
    {
        return Err(Error::Usage(format!(
            "only http:// and https:// addresses can be audited: {}",
            bad.location
        )));
    }
    if let Some(r) = &args.ranking {
        let ext = r.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "csv" && ext != "html" {
            return Err(Error::Usage(format!(
                "--ranking must name a .csv or .html file: {}",
                r.display()
            )));
        }
    }
    let settings = AuditSettings {
        limits: Limits {
            max_pages: args.max_pages.max(1),
            max_bytes: args.max_mb.max(1) * 1024 * 1024,
            timeout: std::time::Duration::from_secs(args.timeout.max(1)),
            site_time: std::time::Duration::from_secs(args.site_time.max(1)),
            concurrency: args.concurrency.max(1),
        },
        profile: args.profile,
        strict: args.strict,
        today: crate::compliance::report::today_or(args.today),
        news_max_age_days: args.news_max_age_days,
    };
    let started = std::time::Instant::now();
    let crawled_before = crate::progress::CRAWLED.get().0;
    let bar = (targets.len() > 1 && !cli.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(targets.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} сайтов · прочитано страниц: {msg} · {elapsed}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    });
    // The pages read so far, shown with the sites done, ticking while sites are crawled.
    let ticking = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let ticker = bar.clone().map(|b| {
        let ticking = ticking.clone();
        std::thread::spawn(move || {
            while ticking.load(std::sync::atomic::Ordering::SeqCst) {
                b.set_message((crate::progress::CRAWLED.get().0 - crawled_before).to_string());
                std::thread::sleep(std::time::Duration::from_millis(150));
            }
        })
    });
    let done = |_: &audit::SiteAudit| {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let audits = if targets.len() == 1 {
        with_spinner(
            cli,
            &format!("чтение {}…", targets[0].location),
            || audit::audit_all(&targets, &settings, args.jobs, &done),
        )
    } else {
        audit::audit_all(&targets, &settings, args.jobs, &done)
    };
    ticking.store(false, std::sync::atomic::Ordering::SeqCst);
    if let Some(t) = ticker {
        let _ = t.join();
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if targets.len() > 1 && !cli.quiet && !std::io::stderr().is_terminal() {
        // Where no bar can be drawn (CI), one line says what was done.
        eprintln!(
            "Audited {} sites, {} pages read, in {:.1} s",
            targets.len(),
            crate::progress::CRAWLED.get().0 - crawled_before,
            started.elapsed().as_secs_f64()
        );
    }
    let ext = match args.format {
        Format::Text => "txt",
        Format::Json | Format::Sarif => "json",
        Format::Junit => "xml",
        Format::Html => "html",
    };
    if let Some(dir) = &args.out_dir {
        let mut used = std::collections::HashSet::new();
        for a in &audits {
            let mut stem = crate::content::slug::slugify(&a.target.name);
            if stem.is_empty() {
                stem = "site".into();
            }
            let mut name = stem.clone();
            let mut n = 1;
            while !used.insert(name.clone()) {
                n += 1;
                name = format!("{stem}-{n}");
            }
            let file = dir.join(format!(
                "{name}.{}",
                if args.format == Format::Sarif {
                    "sarif"
                } else {
                    ext
                }
            ));
            write_file(&file, format::render(&a.report, args.format, false))?;
        }
    }
    if let Some(r) = &args.ranking {
        let date = settings.today.iso_date();
        let text = if r.extension().is_some_and(|e| e == "csv") {
            ranking::csv(&audits)
        } else {
            ranking::html(&audits, &date)
        };
        write_file(r, &text)?;
    }
    if audits.len() == 1 && args.out_dir.is_none() {
        let report = &audits[0].report;
        match &args.output {
            Some(path) => write_file(path, format::render(report, args.format, false))?,
            None => {
                let color = args.format == Format::Text
                    && std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none();
                print!("{}", format::render(report, args.format, color));
            }
        }
    } else if !cli.quiet {
        for (score, a) in ranking::ranked(&audits) {
            let t = &a.report.totals;
            let state = match a.report.crawl.as_ref().and_then(|c| c.failure.as_deref()) {
                Some(f) => format!("не прочитан: {f}"),
                None => format!("есть {}, частично {}, нет {}", t.pass, t.partial, t.missing),
            };
            println!("{score:.2}  {}  ({state})", a.target.name);
        }
    }
    Ok(i32::from(audits.iter().any(|a| a.report.failed())))
}

fn import_centres(cli: &Cli, args: &ImportArgs) -> Result<i32, Error> {
    use crate::data::import::{self, ImportError};
    let root = crate::paths::site_root(&args.root)?;
    let bytes = std::fs::read(&args.file)
        .map_err(|e| Error::Usage(format!("cannot read {}: {e}", args.file.display())))?;
    let rows_text = |rows: &[import::RowError]| {
        rows.iter()
            .map(|r| {
                if r.row == 0 {
                    format!("  {}", r.message)
                } else {
                    format!("  row {}: {}", r.row, r.message)
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let result = import::read_table(&args.file, &bytes)
        .and_then(|rows| import::import(&rows, args.skip_bad_rows));
    let imported = match result {
        Ok(i) => i,
        Err(ImportError::Unreadable(m) | ImportError::Columns(m)) => {
            return Err(Error::Usage(format!("{}: {m}", args.file.display())));
        }
        Err(ImportError::Rows(rows)) => {
            return Err(Error::Usage(format!(
                "{}: {} row(s) cannot be imported, so nothing was written:\n{}\n  (fix them, or pass --skip-bad-rows to import the others)",
                args.file.display(),
                rows.len(),
                rows_text(&rows)
            )));
        }
    };
    let output = match &args.output {
        Some(o) => o.clone(),
        None => root.join("data/centres.yaml"),
    };
    let yaml = imported.yaml().map_err(|e| match e {
        ImportError::Unreadable(m) | ImportError::Columns(m) => Error::Usage(m),
        ImportError::Rows(_) => Error::Usage("the centres cannot be written".into()),
    })?;
    write_file(&output, &yaml)?;
    if !cli.quiet {
        eprintln!(
            "Imported {} centre(s) into {}",
            imported.listed(),
            output.display()
        );
        if !imported.skipped.is_empty() {
            eprintln!(
                "Skipped {} row(s):\n{}",
                imported.skipped.len(),
                rows_text(&imported.skipped)
            );
        }
    }
    Ok(0)
}

/// Writes a report file, creating its directory.
fn build(cli: &Cli, args: &BuildArgs) -> Result<i32, Error> {
    let root = crate::paths::site_root(&args.root)?;
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
        minify: match (args.minify, args.no_minify) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        output: args.output.clone(),
        force: args.force,
        fragments: args.fragments,
    };
    let decodes = crate::banners::pipeline::DECODES.load(std::sync::atomic::Ordering::SeqCst);
    let built = with_spinner(cli, "сборка сайта…", || {
        pipeline::build(&root, &opts)
    })?;
    let decodes =
        crate::banners::pipeline::DECODES.load(std::sync::atomic::Ordering::SeqCst) - decodes;
    if let (Some(w), false) = (&built.site.banners.warning, cli.quiet) {
        eprintln!("warning: {w}");
    }
    if !cli.quiet {
        let pages = built.output.pages().count();
        let total = built.timings.load + built.timings.render + built.timings.write;
        let banners = match built.site.banners.specs.len() {
            0 => String::new(),
            n => format!(", {n} banner image(s), {decodes} processed anew"),
        };
        eprintln!(
            "Built {pages} pages ({} files, {:.1} MB{banners}) in {:.2} s → {}",
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
            eprintln!(
                "  banners: {} shown, {decodes} image(s) decoded (the rest from {})",
                built.site.banners.specs.len(),
                crate::render::CACHE_DIR
            );
        }
    }
    Ok(0)
}
