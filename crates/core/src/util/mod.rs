//! General helpers that every stage may use and that use no other module of the crate:
//! escaping for HTML, XML and scripts, URL hosts, paths, and a stable hash.

pub mod escape;
pub mod hash;
pub mod paths;
pub mod url;
