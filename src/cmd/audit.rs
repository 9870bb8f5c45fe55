//! `uslugi audit`: the rule engine on existing sites, with progress while they are read, one
//! report per site and a ranking.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::Args;

use super::Cli;
use super::Error;
use super::formats::ReportFormat;
use uslugi_audit::{AuditSettings, SiteAudit, Target, crawl::Limits, ranking};
use uslugi_compliance::format::{self, Format};
use uslugi_core::date::Date;
use uslugi_core::progress::Work;
use uslugi_core::util::paths::write_file;
use uslugi_core::{Now, Zone};
use uslugi_history::xlsx;
use uslugi_history::{Changes, History, SiteRecord, compare};
use uslugi_site::config::Profile;

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
    pub format: ReportFormat,
    /// With one site: write its report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write one report per site into this folder.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Write the ranking of the sites: FILE.csv, FILE.html or FILE.xlsx (with --history, the
    /// workbook also says what changed since the last run).
    #[arg(long, value_name = "FILE")]
    pub ranking: Option<PathBuf>,
    /// Audit only every N-th site of the list, starting with the K-th (1 ≤ K ≤ N), so that
    /// N CI jobs share a long list; `uslugi history import` records their reports as one run.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Recommended materials count too.
    #[arg(long)]
    pub strict: bool,
    /// Judge news freshness as of this date (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE")]
    pub today: Option<Date>,
    /// The time zone «today» is taken in, an IANA name.
    #[arg(long, value_name = "ZONE", default_value = uslugi_core::date::DEFAULT_ZONE)]
    pub timezone: Zone,
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
    /// Record this run in a history file (SQLite, created if missing): `uslugi history`
    /// then says what changed since the last run.
    #[arg(long, value_name = "FILE.db")]
    pub history: Option<PathBuf>,
}

/// Audits every site named; exit code 1 when any lacks a key material.
pub fn run(cli: &Cli, args: &AuditArgs) -> Result<i32, Error> {
    let targets = targets(args)?;
    if let Some(r) = &args.ranking {
        let ext = r.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !matches!(ext, "csv" | "html" | "xlsx") {
            return Err(Error::Usage(format!(
                "--ranking must name a .csv, .html or .xlsx file: {}",
                r.display()
            )));
        }
    }
    let now = super::now(args.today)?;
    // Opened first, so that a history that cannot be written stops the run before the work.
    let mut history = match &args.history {
        Some(path) => Some(uslugi_history::History::open(path)?),
        None => None,
    };
    let settings = settings(args, now);
    let audits = audit_with_progress(cli, args, &targets, &settings);
    let mut changes = None;
    if let Some(h) = &mut history {
        let run = h.record(
            &now.instant().to_string(),
            &settings.today.iso_date(),
            settings.profile.as_str(),
            &audits,
        )?;
        if !cli.quiet {
            eprintln!("Recorded as run {run} in {}", h.path().display());
        }
        changes = since_last(h, run)?;
    }
    if let Some(dir) = &args.out_dir {
        write_reports(dir, &audits, args.format.0)?;
    }
    if let Some(r) = &args.ranking {
        let today = settings.today.iso_date();
        match r.extension().and_then(|e| e.to_str()) {
            Some("csv") => write_file(r, ranking::csv(&audits))?,
            Some("xlsx") => {
                let sites: Vec<SiteRecord> = audits.iter().map(SiteRecord::from_audit).collect();
                let book = xlsx::workbook(&xlsx::Ranking {
                    today: &today,
                    sites: &sites,
                    changes: changes.as_ref(),
                })
                .map_err(|e| Error::Usage(format!("cannot make the workbook: {e}")))?;
                write_file(r, book)?;
            }
            _ => {
                let trends = match &history {
                    Some(h) => Some(uslugi_history::trend::for_ranking(
                        h,
                        &audits,
                        changes.as_ref(),
                    )?),
                    None => None,
                };
                write_file(r, ranking::html_with(&audits, &today, trends.as_ref()))?
            }
        }
    }
    if audits.len() == 1 && args.out_dir.is_none() {
        let report = &audits[0].report;
        match &args.output {
            Some(path) => write_file(path, format::render(report, args.format.0, false))?,
            None => super::print_report(report, args.format.0),
        }
    } else if !cli.quiet {
        print_ranking(&audits);
    }
    Ok(i32::from(
        audits
            .iter()
            .any(|a| a.report.failed() || a.report.unread()),
    ))
}

/// `K/N` of `--shard`.
fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("`{s}`: write K/N, the K-th of N parts, with 1 ≤ K ≤ N (e.g. 2/4)");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || n == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// What changed between run `id`, just recorded, and the run before it, if there is one
/// (another audit may have recorded one since, into the same file).
fn since_last(h: &History, id: i64) -> Result<Option<Changes>, Error> {
    let runs = h.runs()?;
    let Some(at) = runs.iter().position(|r| r.id == id).filter(|&at| at > 0) else {
        return Ok(None);
    };
    let (before, this) = (&runs[at - 1], &runs[at]);
    Ok(Some(compare(
        (before.clone(), &h.sites(before.id)?),
        (this.clone(), &h.sites(this.id)?),
    )))
}

/// The sites named on the command line and in --list (this shard's part of them); refuses
/// none and non-web addresses.
fn targets(args: &AuditArgs) -> Result<Vec<Target>, Error> {
    let mut targets: Vec<Target> = args.targets.iter().map(|t| Target::new(t)).collect();
    if let Some(list) = &args.list {
        let text = std::fs::read_to_string(list)
            .map_err(|e| Error::Usage(format!("cannot read {}: {e}", list.display())))?;
        let dir = list.parent().unwrap_or(Path::new("."));
        targets.extend(
            uslugi_audit::list::parse(&text, dir)
                .map_err(|e| Error::Usage(format!("{}: {e}", list.display())))?,
        );
    }
    if targets.is_empty() {
        return Err(Error::Usage(
            "name a folder or a URL to audit, or pass --list FILE".into(),
        ));
    }
    if let Some((k, n)) = args.shard {
        targets = targets
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % n == k - 1)
            .map(|(_, t)| t)
            .collect();
        if targets.is_empty() {
            return Err(Error::Usage(format!(
                "shard {k}/{n} has no sites: the list is shorter than {k}"
            )));
        }
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
    Ok(targets)
}

/// The limits and the judging settings, with every count at least 1.
fn settings(args: &AuditArgs, now: Now) -> AuditSettings {
    AuditSettings {
        limits: Limits {
            max_pages: args.max_pages.max(1),
            max_bytes: args.max_mb.max(1) * 1024 * 1024,
            timeout: Duration::from_secs(args.timeout.max(1)),
            site_time: Duration::from_secs(args.site_time.max(1)),
            concurrency: args.concurrency.max(1),
        },
        profile: args.profile,
        strict: args.strict,
        today: now.today(&args.timezone),
        news_max_age_days: args.news_max_age_days,
    }
}

/// Audits the sites, showing progress: one site gets a spinner with the pages read; several
/// get a bar of sites done with the pages read so far on a terminal, and one summary line
/// elsewhere (CI).
fn audit_with_progress(
    cli: &Cli,
    args: &AuditArgs,
    targets: &[Target],
    settings: &AuditSettings,
) -> Vec<SiteAudit> {
    let started = Instant::now();
    let message = match targets {
        [one] => format!("чтение {}…", one.location),
        _ => "проверка сайтов…".to_string(),
    };
    let (audits, read) = super::progress::with_progress(cli, &message, |ticker| {
        let audits = uslugi_audit::audit_all(targets, settings, args.jobs, ticker);
        (audits, ticker.get(Work::PagesRead).0)
    });
    if targets.len() > 1 && !cli.quiet && !std::io::stderr().is_terminal() {
        // Where no bar can be drawn (CI), one line says what was done.
        eprintln!(
            "Audited {} sites, {read} pages read, in {:.1} s",
            targets.len(),
            started.elapsed().as_secs_f64()
        );
    }
    audits
}

/// One report per site in `dir`, named after the site, never two with one name.
fn write_reports(dir: &Path, audits: &[SiteAudit], format: Format) -> Result<(), Error> {
    let ext = match format {
        Format::Text => "txt",
        Format::Json => "json",
        Format::Sarif => "sarif",
        Format::Codequality => "codequality.json",
        Format::Junit => "xml",
        Format::Html => "html",
    };
    let mut used = HashSet::new();
    for a in audits {
        let mut stem = uslugi_site::content::slugify(&a.target.name);
        if stem.is_empty() {
            stem = "site".into();
        }
        let mut name = stem.clone();
        let mut n = 1;
        while !used.insert(name.clone()) {
            n += 1;
            name = format!("{stem}-{n}");
        }
        let file = dir.join(format!("{name}.{ext}"));
        write_file(&file, format::render(&a.report, format, false))?;
    }
    Ok(())
}

/// The sites, best first, with their score and totals; then the sites that could not be
/// read, without a score, and why.
fn print_ranking(audits: &[SiteAudit]) {
    for (score, a) in ranking::ranked(audits) {
        let t = &a.report.totals;
        println!(
            "{score:.2}  {}  (есть {}, частично {}, нет {})",
            a.target.name, t.pass, t.partial, t.missing
        );
    }
    for a in ranking::unread(audits) {
        println!("   —  {}  ({})", a.target.name, ranking::state(a));
    }
}
