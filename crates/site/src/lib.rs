//! # uslugi-site
//!
//! The site generator. [`Site::load`] reads everything from disk once and validates it —
//! [`config`], [`content`], [`data`], [`theme`], [`banners`]; [`render`] turns it into the
//! in-memory `Output`; `write` writes that atomically; `check` hands it to
//! the rule engine of `uslugi-compliance`, and `locate` points each finding at the file and
//! line to edit. [`pipeline`] runs the stages in order for a
//! command, and [`init`] starts a new site.
//!
//! Each stage returns its own error; [`Error`] gathers them for whole commands. Nothing here
//! prints or reads the clock: the binary reads the clock once and passes the moment down.

/// `#[serde(default = "crate::yes")]`: a flag that is on unless the file says otherwise.
pub(crate) fn yes() -> bool {
    true
}

pub mod banners;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod error;
pub mod init;
pub(crate) mod locate;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod site;
pub mod theme;
pub mod typography;
mod write;

pub use error::Error;
pub use output::Output;
pub use site::Site;
pub use write::MARKER;
