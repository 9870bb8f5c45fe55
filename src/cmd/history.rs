//! `uslugi history`: what changed between two audits recorded with `audit --history`.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::Error;
use uslugi_core::date::Date;
use uslugi_core::util::paths::write_file;
use uslugi_history::format::{self, HistoryFormat};
use uslugi_history::{History, HistoryError, RunInfo, compare};

/// `uslugi history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The history file that `uslugi audit --history FILE.db` records into.
    #[arg(value_name = "FILE.db")]
    pub file: PathBuf,
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

/// Prints or writes the changes; exit code 0.
pub fn run(args: &HistoryArgs) -> Result<i32, Error> {
    if args.format == Shape::Xlsx && args.output.is_none() {
        return Err(Error::Usage(
            "--format xlsx writes a workbook: name it with -o FILE.xlsx".to_string(),
        ));
    }
    if !args.file.is_file() {
        return Err(Error::Usage(format!(
            "no history file {}: record one with `uslugi audit … --history {}`",
            args.file.display(),
            args.file.display()
        )));
    }
    let history = History::open(&args.file)?;
    let runs = history.runs()?;
    let (from, to) = pick(&runs, args.from, args.to).map_err(|message| HistoryError::NoRuns {
        path: args.file.clone(),
        message,
    })?;
    let sites = history.sites(to.id)?;
    let changes = compare((from.clone(), history.sites(from.id)?), (to, sites.clone()));
    let shape = match args.format {
        Shape::Text => HistoryFormat::Text,
        Shape::Json => HistoryFormat::Json,
        Shape::Html => HistoryFormat::Html,
        Shape::Xlsx => {
            let path = args.output.as_deref().unwrap_or(Path::new(""));
            let bytes = uslugi_history::xlsx::workbook(&changes, &sites)
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
