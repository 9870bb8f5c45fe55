//! The lock a deploy holds on its target: `.uslugi-lock.json`, created only where none
//! exists, holding who deploys, since when and which files it is sending.
//!
//! A second deploy finds it and stops. A lock left by a deploy from this machine whose
//! process is gone (killed, or its connection lost) is taken over, and the files it was
//! sending count as uslugi's. A lock older than an hour is reported as stale and broken only
//! when asked.

use serde::{Deserialize, Serialize};

/// How long a lock is taken to belong to a deploy still running.
pub const STALE_AFTER_SECS: i64 = 3600;

/// Who deploys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Owner {
    /// The login name on this machine.
    pub user: String,
    /// This machine's name.
    pub host: String,
    /// The process.
    pub pid: u32,
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{} (process {})", self.user, self.host, self.pid)
    }
}

/// The lock file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lock {
    /// Who holds it.
    pub owner: Owner,
    /// When it was taken (RFC 3339).
    pub since: String,
    /// The same moment in seconds since 1970.
    pub since_unix: i64,
    /// The files this deploy is sending.
    #[serde(default)]
    pub uploading: Vec<String>,
}

impl Lock {
    /// The lock as JSON.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Reads a lock; `None` when it is not one of ours.
    pub fn parse(bytes: &[u8]) -> Option<Lock> {
        serde_json::from_slice(bytes).ok()
    }
}

/// What to do about a lock found on the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Another deploy runs: stop.
    Busy,
    /// Older than an hour: stop unless told to break it.
    Stale,
    /// Left by a deploy from this machine that is no longer running: take it over.
    Interrupted,
}

/// Judges `found` for `me` at `now_unix`; `alive` tells whether a process of this machine
/// is still running.
pub fn judge(found: &Lock, me: &Owner, now_unix: i64, alive: &dyn Fn(u32) -> bool) -> Verdict {
    if found.owner.host == me.host && found.owner.user == me.user && !alive(found.owner.pid) {
        Verdict::Interrupted
    } else if now_unix - found.since_unix > STALE_AFTER_SECS {
        Verdict::Stale
    } else {
        Verdict::Busy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(host: &str, pid: u32, since_unix: i64) -> Lock {
        Lock {
            owner: Owner {
                user: "editor".into(),
                host: host.into(),
                pid,
            },
            since: "2026-12-07T10:00:00Z".into(),
            since_unix,
            uploading: vec!["index.html".into()],
        }
    }

    #[test]
    fn judges_each_kind_of_lock() {
        let me = lock("laptop", 10, 0).owner;
        let alive = |pid: u32| pid == 7;
        assert_eq!(
            judge(&lock("ci", 7, 1000), &me, 1100, &alive),
            Verdict::Busy
        );
        assert_eq!(
            judge(&lock("ci", 7, 1000), &me, 1000 + 3601, &alive),
            Verdict::Stale
        );
        assert_eq!(
            judge(&lock("laptop", 7, 1000), &me, 1100, &alive),
            Verdict::Busy
        );
        assert_eq!(
            judge(&lock("laptop", 8, 1000), &me, 1100, &alive),
            Verdict::Interrupted
        );
        let l = lock("ci", 7, 1000);
        assert_eq!(Lock::parse(&l.to_bytes()), Some(l));
        assert_eq!(Lock::parse(b"{}"), None);
    }
}
