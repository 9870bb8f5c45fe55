//! General helpers that every stage may use and that use no other module of the crate:
//! escaping for HTML, XML and scripts, URL hosts, and paths.

pub mod escape;
pub mod paths;
pub mod url;
