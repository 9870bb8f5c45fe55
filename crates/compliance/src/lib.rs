//! Compliance: what an «Электронные услуги» section must contain, and whether a site has it.
//!
//! [`snapshot`] turns rendered HTML into pages the rules can judge; [`rules`] is the catalog
//! taken from the source documents; [`report`] runs it and [`format`](mod@format) writes the result.
//! `uslugi check` feeds it our own in-memory output; `uslugi audit` feeds it crawled sites —
//! the same engine, so the two can never disagree.

pub mod dom;
pub mod format;
pub mod links;
pub mod location;
mod parse;
pub mod report;
pub mod rules;
pub mod snapshot;
mod sources;
