//! # uslugi
//!
//! A static-site generator for the «Электронные услуги» (Electronic services) section of
//! Russian official websites.
//!
//! The pipeline: [`site::Site::load`] reads everything from disk once and validates it;
//! [`render::render_site`] turns it into an in-memory [`output::Output`]; `build` writes
//! that atomically with [`output::write::write_output`]. See `README.md` for the user's view.

pub mod cli;
pub mod compliance;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod error;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod site;
pub mod theme;
pub mod typography;

pub use error::Error;
