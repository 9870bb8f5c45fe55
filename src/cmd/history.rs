//! `uslugi history`: what changed between two audits recorded with `audit --history`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::{Cli, Error};
use uslugi_core::date::Date;
use uslugi_core::util::paths::write_file;
use uslugi_history::format::{self, HistoryFormat};
use uslugi_history::{History, HistoryError, RunInfo, compare};

/// `uslugi history`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct HistoryArgs {
    /// Record reports instead of comparing runs.
    #[command(subcommand)]
    pub action: Option<HistoryAction>,
    /// The history file that `uslugi audit --history FILE.db` records into.
    #[arg(value_name = "FILE.db", required = true)]
    pub file: Option<PathBuf>,
    /// Compare from the last run judged on or before this date (YYYY-MM-DD); by default the
    /// run before the one compared to.
    #[arg(long, value_name = "DATE")]
    pub from: Option<Date>,
    /// Compare to the last run judged on or before this date; by default the last run.
    #[arg(long, value_name = "DATE")]
    pub to: Option<Date>,
    /// Report format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Shape,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What `history` can do besides comparing.
#[derive(Debug, Subcommand)]
pub enum HistoryAction {
    /// Record the JSON reports of an audit split into shards as one run.
    ///
    /// Each CI job audits a part of the list (`audit --list sites.txt --shard K/N --format
    /// json --out-dir reports-K`); this records all their reports (files, or folders of
    /// them) as one run, as `audit --history` would have.
    Import {
        /// The history file (created if missing).
        #[arg(value_name = "FILE.db")]
        file: PathBuf,
        /// The reports: JSON files or folders holding them.
        #[arg(value_name = "REPORT.json|DIR", required = true)]
        reports: Vec<PathBuf>,
    },
}

/// `--format` of `history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shape {
    /// In Russian, grouped: worse, better, unchanged, unread, new, gone.
    Text,
    /// The changes as JSON.
    Json,
    /// A Russian page for the browser and print.
    Html,
    /// An Excel workbook (needs -o FILE.xlsx): the ranking, the changes, what the score means.
    Xlsx,
}

/// Prints or writes the changes, or records imported reports; exit code 0.
pub fn run(cli: &Cli, args: &HistoryArgs) -> Result<i32, Error> {
    if let Some(HistoryAction::Import { file, reports }) = &args.action {
        return import(cli, file, reports);
    }
    let file = args.file.as_deref().unwrap_or(Path::new(""));
    if args.format == Shape::Xlsx && args.output.is_none() {
        return Err(Error::Usage(
            "--format xlsx writes a workbook: name it with -o FILE.xlsx".to_string(),
        ));
    }
    if !file.is_file() {
        return Err(Error::Usage(format!(
            "no history file {}: record one with `uslugi audit … --history {}`",
            file.display(),
            file.display()
        )));
    }
    let history = History::open(file)?;
    let runs = history.runs()?;
    let (from, to) = pick(&runs, args.from, args.to).map_err(|message| HistoryError::NoRuns {
        path: file.to_path_buf(),
        message,
    })?;
    let sites = history.sites(to.id)?;
    let changes = compare((from.clone(), &history.sites(from.id)?), (to, &sites));
    let shape = match args.format {
        Shape::Text => HistoryFormat::Text,
        Shape::Json => HistoryFormat::Json,
        Shape::Html => HistoryFormat::Html,
        Shape::Xlsx => {
            let path = args.output.as_deref().unwrap_or(Path::new(""));
            let bytes = uslugi_history::xlsx::workbook(&uslugi_history::xlsx::Ranking {
                today: &changes.to.today,
                sites: &sites,
                changes: Some(&changes),
            })
            .map_err(|e| Error::Usage(format!("cannot make the workbook: {e}")))?;
            write_file(path, bytes)?;
            return Ok(0);
        }
    };
    let text = format::render(&changes, shape);
    match &args.output {
        Some(path) => write_file(path, &text)?,
        None => print!("{text}"),
    }
    Ok(0)
}

/// The two runs to compare: `to` is the last run judged on or before `--to` (or the last),
/// `from` the last judged on or before `--from` (or the one before `to`).
fn pick(
    runs: &[RunInfo],
    from: Option<Date>,
    to: Option<Date>,
) -> Result<(RunInfo, RunInfo), String> {
    let on_or_before = |d: Date, before: usize| {
        let day = d.iso_date();
        runs[..before].iter().rposition(|r| r.today <= day)
    };
    let to_i = match to {
        Some(d) => on_or_before(d, runs.len())
            .ok_or_else(|| format!("no run judged on or before {}", d.iso_date()))?,
        None => runs
            .len()
            .checked_sub(1)
            .ok_or("no runs recorded yet: run `uslugi audit … --history FILE.db`")?,
    };
    let from_i = match from {
        Some(d) => on_or_before(d, to_i).ok_or_else(|| {
            format!(
                "no run judged on or before {} that is older than run {}",
                d.iso_date(),
                runs[to_i].id
            )
        })?,
        None => to_i.checked_sub(1).ok_or_else(|| {
            format!(
                "only one run to compare (run {}): record another with `uslugi audit … --history`",
                runs[to_i].id
            )
        })?,
    };
    Ok((runs[from_i].clone(), runs[to_i].clone()))
}

/// `history import`: the reports of every shard, recorded as one run.
fn import(cli: &Cli, file: &Path, reports: &[PathBuf]) -> Result<i32, Error> {
    let mut files = Vec::new();
    for r in reports {
        if r.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(r)
                .map_err(|e| Error::Usage(format!("cannot read {}: {e}", r.display())))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(r.clone());
        }
    }
    if files.is_empty() {
        return Err(Error::Usage("no JSON reports to import".to_string()));
    }
    let mut sites = Vec::new();
    let mut run: Option<(String, String)> = None;
    for f in &files {
        let text = std::fs::read_to_string(f)
            .map_err(|e| Error::Usage(format!("cannot read {}: {e}", f.display())))?;
        let imported = uslugi_history::import::report(f, &text).map_err(Error::Usage)?;
        let this = (imported.today.clone(), imported.profile.clone());
        match &run {
            Some(first) if *first != this => {
                return Err(Error::Usage(format!(
                    "{}: judged on {} as {}, but the other reports on {} as {}: one run is one date and profile",
                    f.display(),
                    this.0,
                    this.1,
                    first.0,
                    first.1
                )));
            }
            _ => run = Some(this),
        }
        sites.push(imported.site);
    }
    let (today, profile) = run.unwrap_or_default();
    let mut history = History::open(file)?;
    let id = history.record_sites(
        &super::now(None)?.instant().to_string(),
        &today,
        &profile,
        &sites,
    )?;
    if !cli.quiet {
        eprintln!(
            "Recorded {} site(s) from {} report(s) as run {id} in {}",
            sites.len(),
            files.len(),
            file.display()
        );
    }
    Ok(0)
}
