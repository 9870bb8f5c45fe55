//! Structured data under `data/`: the services catalog ([`services`]) and the service
//! centres ([`centres`]). Data files are read with the site, validated once, and every
//! error names the file and line.

pub mod centres;
pub mod import;
pub mod indicators;
pub mod services;

use std::path::PathBuf;

use thiserror::Error;

use uslugi_core::diagnostics::Diagnostic;

/// The data directory under the site root.
pub const DIR: &str = "data";

/// A problem in a data file.
#[derive(Debug, Error)]
#[error("{}:{line}: {message}", file.display())]
pub struct DataError {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    /// The file's text.
    pub text: String,
}

impl DataError {
    /// An error in `data/<file>` (whose text is `text`) at a line and column.
    pub fn new(
        file: &str,
        text: &str,
        line: usize,
        column: usize,
        message: String,
        help: Option<String>,
    ) -> DataError {
        DataError {
            file: PathBuf::from(DIR).join(file),
            line,
            column,
            message,
            help,
            text: text.to_string(),
        }
    }

    /// The error as a located diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let d = Diagnostic::new(self.message.clone())
            .in_file(&self.file)
            .at(&self.text, self.line, self.column);
        match &self.help {
            Some(h) => d.with_help(h.clone()),
            None => d,
        }
    }
}

/// Reads and decodes `<root>/data/<file>`; `Ok(None)` when there is no such file.
pub fn read(root: &std::path::Path, file: &str) -> Result<Option<String>, Vec<DataError>> {
    let path = root.join(DIR).join(file);
    if !path.is_file() {
        return Ok(None);
    }
    let fail =
        |message: String, help: Option<String>| vec![DataError::new(file, "", 1, 1, message, help)];
    let bytes = std::fs::read(&path).map_err(|e| fail(e.to_string(), None))?;
    crate::content::encoding::decode_text(&bytes)
        .map(Some)
        .map_err(|p| fail(p.describe(), Some(p.fix(&format!("{DIR}/{file}")))))
}

/// Parses a data file that is a YAML list; returns the entries and the line each starts on.
pub fn parse_list<T: serde::de::DeserializeOwned>(
    text: &str,
    file: &str,
) -> Result<(Vec<T>, Vec<usize>), Vec<DataError>> {
    let entries = uslugi_core::yaml::from_str::<Option<Vec<T>>>(text)
        .map_err(|p| {
            let help = uslugi_core::diagnostics::unknown_field_help(&p.message);
            vec![DataError::new(
                file,
                text,
                p.line.unwrap_or(1),
                p.column.unwrap_or(1),
                p.message,
                help,
            )]
        })?
        .unwrap_or_default();
    Ok((entries, uslugi_core::yaml::list_entry_lines(text)))
}

/// Reads `<root>/data/centres.yaml`, or `data/centres.csv` (an Excel export, read as
/// `uslugi centres import` reads it) when there is no YAML; no file means no centres.
pub fn load_centres(root: &std::path::Path) -> Result<Vec<centres::Centre>, Vec<DataError>> {
    match read(root, centres::FILE)? {
        Some(text) => centres::parse(&text),
        None => {
            let csv = root.join(DIR).join(centres::CSV_FILE);
            if csv.is_file() {
                import::load_csv(&csv)
            } else {
                Ok(Vec::new())
            }
        }
    }
}

/// `items` grouped by `key`, groups and items in order of first appearance.
fn group_in_order<T: Clone>(items: &[T], key: impl Fn(&T) -> &String) -> Vec<(String, Vec<T>)> {
    let mut groups: Vec<(String, Vec<T>)> = Vec::new();
    for item in items {
        match groups.iter_mut().find(|(k, _)| k == key(item)) {
            Some((_, list)) => list.push(item.clone()),
            None => groups.push((key(item).clone(), vec![item.clone()])),
        }
    }
    groups
}
