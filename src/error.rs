//! The error every command can end with, and how it maps to diagnostics and exit codes.
//!
//! Each module has its own typed error; this enum gathers them. Content and rendering
//! errors come in lists, because an editor wants to see every broken page at once.

use thiserror::Error;

use crate::config::ConfigError;
use crate::content::ContentError;
use crate::diagnostics::Diagnostic;
use crate::output::write::WriteError;
use crate::render::RenderError;
use crate::theme::ThemeError;

/// Anything that stops a command.
#[derive(Debug, Error)]
pub enum Error {
    /// `site.toml` is missing or wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// One or more content files are wrong.
    #[error("{} problem(s) in content", .0.len())]
    Content(Vec<ContentError>),
    /// The theme could not be loaded.
    #[error(transparent)]
    Theme(#[from] ThemeError),
    /// Markdown links or templates failed.
    #[error("{} problem(s) while rendering", .0.len())]
    Render(Vec<RenderError>),
    /// The output could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// A data file is wrong.
    #[error("{} problem(s) in data files", .0.len())]
    Data(Vec<crate::data::DataError>),
    /// Banner manifest or images are wrong.
    #[error("{} problem(s) with banners", .0.len())]
    Banners(Vec<crate::banners::BannerError>),
    /// `[check] ignore` entries name unknown rules or give no reason.
    #[error("{} problem(s) in [check] ignore", .0.len())]
    Ignore(Vec<crate::compliance::report::IgnoreError>),
    /// An output file could not be written.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The command line asked for something impossible.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// Every problem as a diagnostic, in a stable order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Config(e) => vec![e.to_diagnostic()],
            Error::Content(errs) => errs.iter().map(ContentError::to_diagnostic).collect(),
            Error::Theme(e) => vec![Diagnostic::new(e.to_string())],
            Error::Render(errs) => errs.iter().map(RenderError::to_diagnostic).collect(),
            Error::Write(e) => vec![e.to_diagnostic()],
            Error::Data(errs) => errs.iter().map(|e| e.to_diagnostic()).collect(),
            Error::Banners(errs) => errs.iter().map(|e| e.to_diagnostic()).collect(),
            Error::Ignore(errs) => errs.iter().map(|e| e.to_diagnostic()).collect(),
            Error::Output { .. } => vec![Diagnostic::new(self.to_string())],
            Error::Usage(m) => vec![Diagnostic::new(m.clone())],
        }
    }

    /// The process exit code: bad usage, config or input is 2.
    pub fn exit_code(&self) -> i32 {
        2
    }
}

impl From<RenderError> for Error {
    fn from(e: RenderError) -> Self {
        Error::Render(vec![e])
    }
}
