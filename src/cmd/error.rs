//! What a command can end with: the generator's errors, and what only the command line can get
//! wrong — a bad argument, a report or list file that cannot be written or read.

use uslugi_core::diagnostics::Diagnostic;
use uslugi_core::util::paths::FileError;

/// Anything that stops a command; every one exits with code 2.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Loading, rendering, writing or checking the site failed.
    #[error(transparent)]
    Site(#[from] uslugi_site::Error),
    /// A file the command was asked to write could not be written.
    #[error(transparent)]
    Output(#[from] FileError),
    /// The command line asked for something impossible.
    #[error("{0}")]
    Usage(String),
    /// Publishing failed.
    #[error(transparent)]
    Deploy(#[from] uslugi_deploy::DeployError),
    /// The audit history could not be opened, read or written.
    #[error(transparent)]
    History(#[from] uslugi_history::HistoryError),
}

impl Error {
    /// Every problem as a diagnostic, in a stable order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Site(e) => e.diagnostics(),
            Error::Deploy(e) => {
                let d = Diagnostic::new(self.to_string());
                vec![match e.help() {
                    Some(help) => d.with_help(help),
                    None => d,
                }]
            }
            Error::Output(_) | Error::Usage(_) | Error::History(_) => {
                vec![Diagnostic::new(self.to_string())]
            }
        }
    }
}

impl From<uslugi_site::site::LoadError> for Error {
    fn from(e: uslugi_site::site::LoadError) -> Error {
        Error::Site(e.into())
    }
}
