//! # uslugi-history
//!
//! What `uslugi audit --history FILE.db` remembers, and what `uslugi history` says changed.
//!
//! - [`store`]: the SQLite file — a versioned schema migrated in place, runs only ever
//!   added, each in one transaction, so that two audits appending at once both land whole;
//! - [`identity`]: one site across runs, whatever its address's scheme or `www.`;
//! - [`import`]: the JSON reports of an audit split into shards, read back as one run;
//! - [`changes`]: between two runs, per site, the materials gained and lost, the sites that
//!   got worse first, the new and the gone, and those that could no longer be read;
//! - [`format`]: those changes as text, JSON or an HTML page;
//! - [`trend`]: every run's figures for the ranking page — each site's line, the region's chart;
//! - [`xlsx`]: the workbook for officials — the ranking, the changes, what the score means.

pub mod changes;
pub mod format;
pub mod identity;
pub mod import;
pub mod store;
pub mod trend;
pub mod xlsx;

pub use changes::{Changes, SiteChange, compare};
pub use store::{History, HistoryError, RunInfo, SiteRecord};
