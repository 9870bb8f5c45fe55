//! Structured data under `data/`: the services catalog ([`services`]) and the service
//! centres ([`centres`]). Data files are read with the site, validated once, and every
//! error names the file and line.

pub mod centres;
pub mod import;
pub mod services;

use std::path::PathBuf;

use thiserror::Error;

use crate::diagnostics::Diagnostic;

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
