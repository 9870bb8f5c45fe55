//! The error a whole command of the generator can end with.
//!
//! Each stage has its own typed error — [`LoadError`] for reading the site,
//! `RenderFailure` for rendering, `WriteError` for writing, the `[check] ignore`
//! problems of `compliance` — and this enum gathers them for the commands that run several
//! stages. Stages never return it, so they depend on nothing above them.

use thiserror::Error;

use crate::render::RenderFailure;
use crate::site::LoadError;
use crate::write::WriteError;
use uslugi_compliance::report::IgnoreError;
use uslugi_core::diagnostics::Diagnostic;

/// Anything that stops a command.
#[derive(Debug, Error)]
pub enum Error {
    /// The site could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The site could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderFailure),
    /// The output could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// `[check] ignore` entries name unknown rules or give no reason.
    #[error("{} problem(s) in [check] ignore", .0.len())]
    Ignore(Vec<IgnoreError>),
}

impl Error {
    /// Every problem as a diagnostic, in a stable order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Load(e) => e.diagnostics(),
            Error::Render(e) => e.diagnostics(),
            Error::Write(e) => vec![e.to_diagnostic()],
            Error::Ignore(errs) => errs.iter().map(|e| e.to_diagnostic()).collect(),
        }
    }
}
