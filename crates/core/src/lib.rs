//! # uslugi-core
//!
//! What every layer of uslugi shares and nothing else: dates ([`date`]) and the clock's
//! reading ([`Now`]), located diagnostics ([`diagnostics`]), YAML behind one small module
//! ([`yaml`]), escaping, URL hosts and paths ([`util`]), and the vocabulary the generator and
//! the rules speak alike — the kinds of page ([`PageKind`]), the kinds of organization
//! ([`Profile`]) and a site's public address ([`BaseUrl`]).
//!
//! It depends on no other crate of the workspace, prints nothing and reads no clock.

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

mod base_url;
pub mod date;
pub mod diagnostics;
mod kind;
mod now;
mod profile;
pub mod progress;
pub mod util;
pub mod yaml;

pub use base_url::BaseUrl;
pub use date::{Date, Zone};
pub use jiff;
pub use kind::PageKind;
pub use now::Now;
pub use profile::Profile;
