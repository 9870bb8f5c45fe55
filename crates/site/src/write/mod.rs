//! Writing the [`Output`] to disk without ever losing anything.
//!
//! The site is written into a temporary directory beside the target and swapped in only
//! when every file is written, so a failed build leaves the previous output byte-for-byte
//! intact. The tool marks directories it wrote with a marker file and refuses to replace a
//! non-empty directory without one (unless forced), and it never replaces the site root,
//! one of its ancestors, or a source directory such as `content/` — not even when forced.
//!
//! One build writes a target at a time: a lock file beside it (`.public.uslugi-lock`, held
//! with the system's file lock, so it is released even when a build is killed) makes a
//! second build fail at once with a clear message, never touching the first one's work.
//! Holding the lock, a build knows that any temporary directory left beside the target
//! belongs to a build that died; it puts back a previous output that a build killed between
//! its two renames had moved aside, then removes the leftovers.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use thiserror::Error;

pub(crate) mod spread;

use crate::output::Output;
use uslugi_core::diagnostics::Diagnostic;

/// The file that marks a directory as written by uslugi.
pub const MARKER: &str = ".uslugi-output";

/// Directories of a site that hold sources, never output.
pub const SOURCE_DIRS: [&str; 6] = [
    "content",
    "static",
    "themes",
    "templates",
    "data",
    "banners",
];

/// What went wrong writing the output.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The target is a place we must not write to.
    #[error("refusing to write the site into {target}: {reason}")]
    Refused {
        /// The target directory as given.
        target: PathBuf,
        /// Why.
        reason: String,
        /// What to do instead.
        help: String,
    },
    /// Another build is writing the same target.
    #[error("another uslugi build is writing {target} right now")]
    Busy {
        /// The target directory.
        target: PathBuf,
    },
    /// A filesystem operation failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl WriteError {
    /// The error as a diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            WriteError::Refused { help, .. } => {
                Diagnostic::new(self.to_string()).with_help(help.clone())
            }
            WriteError::Busy { .. } => Diagnostic::new(self.to_string()).with_help(
                "wait for it to finish, then build again; its output is left as it writes it",
            ),
            WriteError::Io { .. } => Diagnostic::new(self.to_string()),
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writing options.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteOptions {
    /// Replace a non-empty directory that uslugi did not write.
    pub force: bool,
}

/// Absolute form of a path that may not exist yet (its parent must).
fn absolute(path: &Path) -> Result<PathBuf, WriteError> {
    if path.exists() {
        return fs::canonicalize(path).map_err(io(path));
    }
    let name = path.file_name().ok_or_else(|| WriteError::Refused {
        target: path.to_path_buf(),
        reason: "it has no directory name".into(),
        help: "pass a directory such as `public` with -o".into(),
    })?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(io(&parent))?;
    Ok(fs::canonicalize(&parent).map_err(io(&parent))?.join(name))
}

/// Checks that `target` may be replaced by the output of the site at `root`.
pub fn check_target(root: &Path, target: &Path, opts: WriteOptions) -> Result<PathBuf, WriteError> {
    let root_abs = fs::canonicalize(root).map_err(io(root))?;
    let abs = absolute(target)?;
    let refuse = |reason: &str, help: &str| WriteError::Refused {
        target: target.to_path_buf(),
        reason: reason.into(),
        help: help.into(),
    };
    if abs == root_abs || root_abs.starts_with(&abs) {
        return Err(refuse(
            "it is the site root or contains it, and replacing it would delete the site",
            "write into a directory of its own, e.g. `-o public`",
        ));
    }
    for dir in SOURCE_DIRS {
        if abs.starts_with(root_abs.join(dir)) {
            return Err(refuse(
                &format!("it is inside `{dir}/`, which holds the site's sources"),
                "write into a directory of its own, e.g. `-o public`",
            ));
        }
    }
    if abs.exists() {
        if !abs.is_dir() {
            return Err(refuse(
                "it is a file, not a directory",
                "remove the file or choose another -o",
            ));
        }
        let not_empty = fs::read_dir(&abs).map_err(io(&abs))?.next().is_some();
        if not_empty && !abs.join(MARKER).exists() && !opts.force {
            return Err(refuse(
                "it is not empty and was not written by uslugi (no .uslugi-output marker), so its files would be lost",
                "choose an empty directory, or pass --force to replace it",
            ));
        }
    }
    Ok(abs)
}

/// What [`write_output`] did.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteStats {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: usize,
}

/// Writes `output` to `target` atomically (see the module docs).
pub fn write_output(
    output: &Output,
    root: &Path,
    target: &Path,
    opts: WriteOptions,
) -> Result<WriteStats, WriteError> {
    let abs = check_target(root, target, opts)?;
    let parent = abs
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lock_path = parent.join(format!(".{name}.uslugi-lock"));
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(io(&lock_path))?;
    match lock.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => return Err(WriteError::Busy { target: abs }),
        Err(fs::TryLockError::Error(e)) => return Err(io(&lock_path)(e)),
    }
    recover_and_clean(&parent, &name, &abs);
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.uslugi-tmp-{pid}"));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    spread::spread_subdirectories(&tmp);
    if let Err(e) = fill(output, &tmp) {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if abs.exists() {
        let old = parent.join(format!(".{name}.uslugi-old-{pid}"));
        fs::rename(&abs, &old).map_err(|e| {
            let _ = fs::remove_dir_all(&tmp);
            io(&abs)(e)
        })?;
        if let Err(e) = fs::rename(&tmp, &abs) {
            let _ = fs::rename(&old, &abs);
            let _ = fs::remove_dir_all(&tmp);
            return Err(io(&abs)(e));
        }
        remove_tree(&old).map_err(io(&old))?;
    } else {
        fs::rename(&tmp, &abs).map_err(io(&abs))?;
    }
    Ok(WriteStats {
        files: output.files.len(),
        bytes: output.total_bytes(),
    })
}

/// Removes a directory tree, deleting its files in parallel (a previous output can hold
/// tens of thousands of files). Symbolic links are removed, never followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_dir() {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(fs::remove_file)?;
    fs::remove_dir_all(dir)
}

/// Leftovers of builds of the same target that died (only called with the lock held, so no
/// other build is running): a previous output moved aside by a build killed between its two
/// renames goes back in place, and the rest is removed.
fn recover_and_clean(parent: &Path, name: &str, target: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let (tmp, old) = (
        format!(".{name}.uslugi-tmp-"),
        format!(".{name}.uslugi-old-"),
    );
    let mut leftovers: Vec<PathBuf> = Vec::new();
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.starts_with(&old) && !target.exists() && fs::rename(e.path(), target).is_ok() {
            continue;
        }
        if n.starts_with(&tmp) || n.starts_with(&old) {
            leftovers.push(e.path());
        }
    }
    for l in leftovers {
        let _ = remove_tree(&l);
    }
}

fn fill(output: &Output, dir: &Path) -> Result<(), WriteError> {
    for key in output.files.keys() {
        if key.split('/').any(|p| p == ".." || p.is_empty()) || key.starts_with('/') {
            return Err(WriteError::Io {
                path: PathBuf::from(key),
                source: std::io::Error::other("unsafe output path"),
            });
        }
    }
    // Every directory (`dir` itself exists), shallowest first; each level is created in
    // parallel, since a site of thousands of pages has thousands of directories.
    let mut levels: Vec<BTreeSet<&str>> = Vec::new();
    for key in output.files.keys() {
        for (depth, (slash, _)) in key.match_indices('/').enumerate() {
            if levels.len() <= depth {
                levels.push(BTreeSet::new());
            }
            levels[depth].insert(&key[..slash]);
        }
    }
    for names in &levels {
        names.par_iter().try_for_each(|name| {
            let d = dir.join(name);
            match fs::create_dir(&d) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(io(&d)(e)),
                _ => Ok(()),
            }
        })?;
    }
    output.files.par_iter().try_for_each(|(key, file)| {
        let path = dir.join(key);
        fs::write(&path, &file.bytes).map_err(io(&path))
    })?;
    let marker = dir.join(MARKER);
    fs::write(
        &marker,
        b"This directory is written by uslugi and replaced on every build.\n",
    )
    .map_err(io(&marker))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::output::OutFile;

    fn output() -> Output {
        let mut o = Output::default();
        o.files
            .insert("index.html".into(), OutFile::asset(b"<p>new</p>".to_vec()));
        o.files.insert(
            "faq/index.html".into(),
            OutFile::asset(b"<p>faq</p>".to_vec()),
        );
        o
    }

    #[test]
    fn an_output_moved_aside_by_a_killed_build_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".public.uslugi-old-4242");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "previous").unwrap();
        fs::create_dir_all(dir.path().join(".public.uslugi-tmp-4242")).unwrap();
        let target = dir.path().join("public");
        recover_and_clean(dir.path(), "public", &target);
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap(),
            "previous"
        );
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "leftovers removed"
        );
    }

    #[test]
    fn writes_then_replaces_its_own_output() {
        let site = tempfile::tempdir().unwrap();
        let target = site.path().join("public");
        write_output(&output(), site.path(), &target, WriteOptions::default()).unwrap();
        assert_eq!(
            fs::read(target.join("faq/index.html")).unwrap(),
            b"<p>faq</p>"
        );
        assert!(target.join(MARKER).exists());
        let mut o = output();
        o.files.remove("faq/index.html");
        write_output(&o, site.path(), &target, WriteOptions::default()).unwrap();
        assert!(!target.join("faq").exists());
        let mut leftovers: Vec<_> = fs::read_dir(site.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        leftovers.sort();
        assert_eq!(
            leftovers,
            [".public.uslugi-lock", "public"],
            "nothing but the lock"
        );
    }

    #[test]
    fn refuses_foreign_root_and_content() {
        let site = tempfile::tempdir().unwrap();
        fs::create_dir(site.path().join("content")).unwrap();
        let foreign = site.path().join("docs");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("thesis.doc"), b"precious").unwrap();
        for (target, force) in [
            (site.path().to_path_buf(), true),
            (site.path().join("content"), true),
            (site.path().join(".."), true),
            (foreign.clone(), false),
        ] {
            let err =
                write_output(&output(), site.path(), &target, WriteOptions { force }).unwrap_err();
            assert!(
                matches!(err, WriteError::Refused { .. }),
                "{target:?}: {err}"
            );
        }
        assert_eq!(fs::read(foreign.join("thesis.doc")).unwrap(), b"precious");
        write_output(
            &output(),
            site.path(),
            &foreign,
            WriteOptions { force: true },
        )
        .unwrap();
        assert!(!foreign.join("thesis.doc").exists());
    }
}
