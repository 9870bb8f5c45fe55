//! One deploy, start to end: lock the target, read the last manifest, list the server, plan,
//! then upload (each file under a temporary name, renamed over the old one; assets first, the
//! home page and the sitemap last), delete what uslugi published and no longer produces,
//! write the new manifest and let go of the lock. `--dry-run` stops after the plan.

use std::collections::{BTreeMap, BTreeSet};

use uslugi_core::progress::{Progress, Work};

use crate::error::{DeployError, RemoteError};
use crate::lock::{self, Lock, Owner, Verdict};
use crate::manifest::{self, Entry, LOCK, MANIFEST, Manifest, PREVIOUS, part_name, sha256};
use crate::plan::{self, Listing, Plan};
use crate::remote::Remote;
use crate::target::Target;

/// How to deploy.
pub struct Options<'a> {
    /// Plan and report, change nothing.
    pub dry_run: bool,
    /// Stop before changing anything when more files would be deleted.
    pub max_deletes: usize,
    /// Replace a stale lock.
    pub break_lock: bool,
    /// Who deploys.
    pub me: Owner,
    /// Now, in seconds since 1970 and as RFC 3339.
    pub now_unix: i64,
    /// Now as RFC 3339, for the manifest and the lock.
    pub now: String,
    /// The program and version, for the manifest.
    pub generator: String,
    /// Whether a process of this machine is running.
    pub alive: &'a dyn Fn(u32) -> bool,
}

/// What a deploy did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The plan that was carried out.
    pub plan: Plan,
    /// Whether the target had no manifest: a first deploy.
    pub first: bool,
    /// Bytes sent.
    pub bytes: u64,
    /// Things the user should know: hand edits, a lock taken over, limits.
    pub notes: Vec<String>,
}

/// The target's root on the server, and the full path of a folder or file in it.
fn full(target: &Target, rel: &str) -> String {
    if rel.is_empty() {
        match target.path.trim_end_matches('/') {
            "" => "/".to_string(),
            p => p.to_string(),
        }
    } else {
        target.remote(rel)
    }
}

/// Publishes `files` (path inside the site, content) to `target` through `remote`.
pub fn publish(
    remote: &mut dyn Remote,
    target: &Target,
    files: &[(&str, &[u8])],
    opts: &Options,
    progress: &dyn Progress,
) -> Result<Report, DeployError> {
    let fail = |error: RemoteError| DeployError::Remote {
        target: target.to_string(),
        error,
    };
    let local: BTreeMap<String, Entry> = files
        .iter()
        .map(|(p, b)| {
            let entry = Entry {
                size: b.len() as u64,
                sha256: sha256(b),
            };
            (p.to_string(), entry)
        })
        .collect();
    let mut report = Report::default();
    if opts.dry_run {
        if let Some(found) = remote.read(&full(target, LOCK)).map_err(fail)? {
            report.notes.push(lock_note(&found));
        }
        let (prev_bytes, plan) = survey(remote, target, &local, &BTreeSet::new())?;
        report.first = prev_bytes.is_none();
        report.plan = plan;
        if report.plan.deletes.len() > opts.max_deletes {
            report.notes.push(format!(
                "a real deploy would stop: {} deletions are more than --max-deletes {}",
                report.plan.deletes.len(),
                opts.max_deletes
            ));
        }
        return Ok(report);
    }
    make_root(remote, target).map_err(fail)?;
    let ours = take_lock(remote, target, opts, &mut report)?;
    let result = carry_out(
        remote,
        target,
        files,
        &local,
        &ours,
        opts,
        progress,
        &mut report,
    );
    let connection_lost = matches!(
        &result,
        Err(DeployError::Remote { error, .. }) if error.failure == crate::error::Failure::Connection
    );
    if !connection_lost {
        // Letting go of the lock; after a failure, the failure is what the user must read.
        let released = remote.remove(&full(target, LOCK));
        if result.is_ok() {
            released.map_err(fail)?;
        }
    }
    result.map(|()| report)
}

#[allow(clippy::too_many_arguments)]
fn carry_out(
    remote: &mut dyn Remote,
    target: &Target,
    files: &[(&str, &[u8])],
    local: &BTreeMap<String, Entry>,
    ours: &BTreeSet<String>,
    opts: &Options,
    progress: &dyn Progress,
    report: &mut Report,
) -> Result<(), DeployError> {
    let fail = |error: RemoteError| DeployError::Remote {
        target: target.to_string(),
        error,
    };
    let (prev_bytes, plan) = survey(remote, target, local, ours)?;
    report.first = prev_bytes.is_none();
    if plan.deletes.len() > opts.max_deletes {
        return Err(DeployError::TooManyDeletes {
            target: target.to_string(),
            count: plan.deletes.len(),
            max: opts.max_deletes,
            sample: plan.deletes.iter().take(5).cloned().collect(),
        });
    }
    // The lock now names every file this deploy sends: if it is interrupted, the next one
    // knows they are uslugi's.
    let lock = Lock {
        owner: opts.me.clone(),
        since: opts.now.clone(),
        since_unix: opts.now_unix,
        uploading: plan.uploads.iter().map(|u| u.path.clone()).collect(),
    };
    replace(remote, target, LOCK, &lock.to_bytes()).map_err(fail)?;
    for dir in &plan.mkdirs {
        remote.mkdir(&full(target, dir)).map_err(fail)?;
    }
    let bytes: BTreeMap<&str, &[u8]> = files.iter().copied().collect();
    progress.start(Work::Files, plan.uploads.len() as u64);
    progress.start(Work::Bytes, plan.uploads.iter().map(|u| u.size).sum());
    for upload in &plan.uploads {
        let content = bytes.get(upload.path.as_str()).copied().unwrap_or_default();
        let final_path = full(target, &upload.path);
        let part = part_name(&final_path);
        let sent = remote.put(&part, content, &mut |n| {
            report.bytes += n;
            progress.advance(Work::Bytes, n);
        });
        if let Err(e) = sent {
            // A half-written temporary file is nobody's: take it away (on a full disk
            // that gives the space back), unless the connection is gone.
            if e.failure != crate::error::Failure::Connection {
                let _ = remote.remove(&part);
            }
            return Err(fail(e));
        }
        remote.rename(&part, &final_path).map_err(fail)?;
        progress.step(Work::Files);
    }
    for path in &plan.deletes {
        remote.remove(&full(target, path)).map_err(fail)?;
    }
    for dir in &plan.rmdirs {
        // A folder that still holds someone's files stays.
        let _ = remote.rmdir(&full(target, dir));
    }
    let manifest = Manifest {
        generator: opts.generator.clone(),
        published: opts.now.clone(),
        files: local.clone(),
    };
    if let Some(prev) = &prev_bytes {
        replace(remote, target, PREVIOUS, prev).map_err(fail)?;
    }
    replace(remote, target, MANIFEST, &manifest.to_bytes()).map_err(fail)?;
    report.plan = plan;
    Ok(())
}

/// Reads the last manifest and lists the server: the manifest's bytes (to keep as the
/// previous one) and the plan.
fn survey(
    remote: &mut dyn Remote,
    target: &Target,
    local: &BTreeMap<String, Entry>,
    ours: &BTreeSet<String>,
) -> Result<(Option<Vec<u8>>, Plan), DeployError> {
    let (prev_bytes, previous) = read_manifest(remote, target)?;
    let listing = list(remote, target, local, previous.as_ref())?;
    let plan = plan::plan(local, previous.as_ref(), ours, &listing);
    Ok((prev_bytes, plan))
}

/// Writes a bookkeeping file under a temporary name and renames it into place.
fn replace(
    remote: &mut dyn Remote,
    target: &Target,
    name: &str,
    bytes: &[u8],
) -> Result<(), RemoteError> {
    let path = full(target, name);
    let part = part_name(&path);
    remote.put(&part, bytes, &mut |_| {})?;
    remote.rename(&part, &path)
}

/// Creates the target folder and its parents when missing.
fn make_root(remote: &mut dyn Remote, target: &Target) -> Result<(), RemoteError> {
    let root = full(target, "");
    if remote.list(std::slice::from_ref(&root))?[0].is_some() {
        return Ok(());
    }
    let mut path = String::new();
    for (i, part) in root.split('/').enumerate() {
        if i > 0 {
            path.push('/');
        }
        path.push_str(part);
        if !part.is_empty() {
            remote.mkdir(&path)?;
        }
    }
    Ok(())
}

fn read_manifest(
    remote: &mut dyn Remote,
    target: &Target,
) -> Result<(Option<Vec<u8>>, Option<Manifest>), DeployError> {
    let path = full(target, MANIFEST);
    let bytes = remote.read(&path).map_err(|error| DeployError::Remote {
        target: target.to_string(),
        error,
    })?;
    let Some(bytes) = bytes else {
        return Ok((None, None));
    };
    let manifest = Manifest::parse(&bytes).map_err(|detail| DeployError::BadManifest {
        target: target.to_string(),
        path,
        detail,
    })?;
    Ok((Some(bytes), Some(manifest)))
}

fn list(
    remote: &mut dyn Remote,
    target: &Target,
    local: &BTreeMap<String, Entry>,
    previous: Option<&Manifest>,
) -> Result<Listing, DeployError> {
    let dirs = plan::dirs_to_list(local.keys().map(String::as_str), previous);
    let full_dirs: Vec<String> = dirs.iter().map(|d| full(target, d)).collect();
    let folders = remote
        .list(&full_dirs)
        .map_err(|error| DeployError::Remote {
            target: target.to_string(),
            error,
        })?;
    let mut listing = Listing::new();
    for (dir, folder) in dirs.into_iter().zip(folders) {
        if let Some(mut files) = folder {
            files.retain(|name, _| !manifest::is_bookkeeping(name));
            listing.insert(dir, files);
        }
    }
    Ok(listing)
}

fn lock_note(found: &[u8]) -> String {
    match Lock::parse(found) {
        Some(l) => format!(
            "the target is locked by a deploy of {} since {}",
            l.owner, l.since
        ),
        None => format!("the target holds a lock file ({LOCK}) uslugi cannot read"),
    }
}

/// Takes the lock; returns the files an interrupted deploy of ours was sending.
fn take_lock(
    remote: &mut dyn Remote,
    target: &Target,
    opts: &Options,
    report: &mut Report,
) -> Result<BTreeSet<String>, DeployError> {
    let fail = |error: RemoteError| DeployError::Remote {
        target: target.to_string(),
        error,
    };
    let mine = Lock {
        owner: opts.me.clone(),
        since: opts.now.clone(),
        since_unix: opts.now_unix,
        uploading: Vec::new(),
    };
    let path = full(target, LOCK);
    if remote.create_new(&path, &mine.to_bytes()).map_err(fail)? {
        return Ok(BTreeSet::new());
    }
    let found = remote.read(&path).map_err(fail)?.unwrap_or_default();
    let Some(held) = Lock::parse(&found) else {
        return Err(DeployError::StaleLock {
            target: target.to_string(),
            owner: "unknown (the lock file cannot be read)".into(),
            since: "unknown".into(),
            path,
        })
        .or_else(|e| broken(remote, target, opts, &mine, report, e));
    };
    let verdict = lock::judge(&held, &opts.me, opts.now_unix, opts.alive);
    match verdict {
        Verdict::Busy => Err(DeployError::Locked {
            target: target.to_string(),
            owner: held.owner.to_string(),
            since: held.since,
        }),
        Verdict::Stale => Err(DeployError::StaleLock {
            target: target.to_string(),
            owner: held.owner.to_string(),
            since: held.since.clone(),
            path,
        })
        .or_else(|e| broken(remote, target, opts, &mine, report, e)),
        Verdict::Interrupted => {
            report.notes.push(format!(
                "a deploy from this machine (process {}, started {}) was interrupted; \
                 this one completes its work",
                held.owner.pid, held.since
            ));
            replace(remote, target, LOCK, &mine.to_bytes()).map_err(fail)?;
            Ok(held.uploading.into_iter().collect())
        }
    }
}

/// Breaks a stale lock when `--break-lock` was given; otherwise returns `refusal`.
fn broken(
    remote: &mut dyn Remote,
    target: &Target,
    opts: &Options,
    mine: &Lock,
    report: &mut Report,
    refusal: DeployError,
) -> Result<BTreeSet<String>, DeployError> {
    if !opts.break_lock {
        return Err(refusal);
    }
    report.notes.push(format!("broke the lock: {refusal}"));
    replace(remote, target, LOCK, &mine.to_bytes()).map_err(|error| DeployError::Remote {
        target: target.to_string(),
        error,
    })?;
    Ok(BTreeSet::new())
}
