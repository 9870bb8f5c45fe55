//! `.uslugi-manifest.json`: what uslugi published to a target — each file's path, size and
//! SHA-256. It is how a deploy tells its own files from files someone else put in the same
//! folder, and what it compares the new output with to send only what changed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The manifest's name in the target folder.
pub const MANIFEST: &str = ".uslugi-manifest.json";
/// The manifest before the last deploy, kept beside it.
pub const PREVIOUS: &str = ".uslugi-manifest.previous.json";
/// The lock a running deploy holds.
pub const LOCK: &str = ".uslugi-lock.json";
/// What every temporary upload's name ends with.
pub const PART: &str = ".uslugi-part";

/// One published file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the content, lower-case hex.
    pub sha256: String,
}

/// What uslugi published, by `/`-separated path inside the target folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// The program that wrote it.
    pub generator: String,
    /// When the deploy that wrote it started (RFC 3339).
    pub published: String,
    /// The files.
    pub files: BTreeMap<String, Entry>,
}

impl Manifest {
    /// Reads a manifest.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
        serde_json::from_slice(bytes).map_err(|e| e.to_string())
    }

    /// The manifest as pretty JSON, one file per entry.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }
}

/// SHA-256 of `bytes`, lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

/// Whether `name` (a file name, not a path) is one of uslugi's own bookkeeping files on a
/// target: never part of the site, never a foreign file.
pub fn is_bookkeeping(name: &str) -> bool {
    name == MANIFEST || name == PREVIOUS || name == LOCK || name.ends_with(PART)
}

/// The temporary name a file is uploaded under before it is renamed over `path`: a hidden
/// sibling in the same folder, so that the rename stays on one file system.
pub fn part_name(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/.{name}{PART}"),
        None => format!(".{path}{PART}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_hashes() {
        let mut m = Manifest {
            generator: "uslugi 0.1.0".into(),
            published: "2026-12-07T10:00:00Z".into(),
            files: BTreeMap::new(),
        };
        m.files.insert(
            "faq/index.html".into(),
            Entry {
                size: 3,
                sha256: sha256(b"abc"),
            },
        );
        assert_eq!(
            m.files["faq/index.html"].sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Manifest::parse(&m.to_bytes()).unwrap(), m);
        assert!(Manifest::parse(b"<html>").is_err());
    }

    #[test]
    fn parts_are_hidden_siblings() {
        assert_eq!(part_name("faq/index.html"), "faq/.index.html.uslugi-part");
        assert_eq!(part_name("index.html"), ".index.html.uslugi-part");
        assert!(is_bookkeeping(".index.html.uslugi-part"));
        assert!(is_bookkeeping(MANIFEST) && !is_bookkeeping("index.html"));
    }
}
