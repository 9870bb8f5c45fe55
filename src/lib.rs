//! # uslugi
//!
//! A static-site generator for the «Электронные услуги» (Electronic services) section of
//! Russian official websites.
//!
//! The pipeline: [`site::Site::load`] reads everything from disk once and validates it;
//! [`render::render_site`] turns it into an in-memory [`output::Output`]; `build` writes
//! that atomically with [`write::write_output`], [`serve`] serves it from memory, and
//! [`compliance`] judges it — the same rule engine [`audit`] runs on any other site.
//! [`pipeline`] runs the stages in order for a command.
//!
//! Modules import one way, down the pipeline: helpers ([`util`], [`diagnostics`], [`date`],
//! …), then load ([`config`], [`content`], [`data`], [`theme`], [`banners`]), [`site`],
//! [`output`], [`render`], and what is done with the output ([`write`](mod@write), [`compliance`],
//! [`serve`]). Each stage returns its own error; [`error::Error`] gathers them for whole
//! commands. The library prints nothing: the `uslugi` binary (`src/main.rs`, `src/cmd/`)
//! parses the command line, prints, and chooses exit codes.
//!
//! See `README.md` for the user's view.

/// Implements `Deserialize` through `FromStr` and `Serialize` through `Display`, for
/// values written as one string in site.toml and front matter (`BaseUrl`, `Date`).
macro_rules! serde_via_str {
    ($t:ty) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <String as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    };
}

/// `#[serde(default = "crate::yes")]`: a flag that is on unless the file says otherwise.
pub(crate) fn yes() -> bool {
    true
}

pub mod audit;
pub mod banners;
pub mod compliance;
pub mod config;
pub mod content;
pub mod data;
pub mod date;
pub mod diagnostics;
pub mod error;
pub mod fuzzing;
pub mod init;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod serve;
pub mod site;
pub mod theme;
pub mod typography;
pub mod util;
pub mod write;
pub mod yaml;

pub use error::Error;
