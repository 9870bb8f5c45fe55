//! `uslugi centres import`: an Excel export of the service centres into data/centres.yaml.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Cli;
use super::Error;
use uslugi_core::util::paths::write_file;

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

/// `uslugi centres`.
pub fn run(cli: &Cli, args: &CentresArgs) -> Result<i32, Error> {
    match &args.action {
        CentresAction::Import(a) => import(cli, a),
    }
}

/// `uslugi centres import`: nothing is written unless every row is good or the bad ones
/// may be skipped.
fn import(cli: &Cli, args: &ImportArgs) -> Result<i32, Error> {
    use uslugi_site::data::import::{self, ImportError};
    let root = super::site_root(&args.root)?;
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
