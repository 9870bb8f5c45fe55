//! Path helpers shared by the modules that read and write site directories.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Writes `bytes` to `path`, creating its directory first (reports, imported data, the
/// files of a new site).
pub fn write_file(path: &Path, bytes: impl AsRef<[u8]>) -> Result<(), Error> {
    let io = |source| Error::Output {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(io)
}

/// The site root named on the command line (`.` by default) as an absolute, canonical path.
/// Every command resolves it once, at the start, so that everything after — the watcher's
/// events (which the system reports as absolute paths), messages and output paths — sees one
/// form of it, whether the command ran from the site's folder, with a relative `--root` or
/// with an absolute one.
pub fn site_root(dir: &Path) -> Result<PathBuf, Error> {
    dir.canonicalize().map_err(|e| {
        Error::Usage(format!(
            "cannot open the site folder {}: {e}",
            if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            }
            .display()
        ))
    })
}

/// A folder that may not exist yet (a new site's) as an absolute path: its nearest existing
/// ancestor canonical, the rest as written.
pub fn new_dir(dir: &Path) -> Result<PathBuf, Error> {
    let abs = std::path::absolute(dir)
        .map_err(|e| Error::Usage(format!("cannot resolve the folder {}: {e}", dir.display())))?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(abs),
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    out.extend(rest.iter().rev());
    Ok(out)
}

/// A relative path as a `/`-separated name (`news/first.md`), whatever the platform.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_resolve_to_one_absolute_form() {
        let dir = tempfile::tempdir().unwrap();
        let canonical = dir.path().canonicalize().unwrap();
        std::fs::create_dir(canonical.join("site")).unwrap();
        let via_dots = canonical.join("site/../site/.");
        assert_eq!(site_root(&via_dots).unwrap(), canonical.join("site"));
        let err = site_root(&canonical.join("missing"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot open the site folder"), "{err}");
        assert_eq!(
            new_dir(&canonical.join("site/new/deeper")).unwrap(),
            canonical.join("site/new/deeper")
        );
        assert!(new_dir(Path::new("relative")).unwrap().is_absolute());
    }
}
