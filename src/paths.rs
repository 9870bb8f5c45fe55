//! Path helpers shared by the modules that read site directories.

use std::path::Path;

/// A relative path as a `/`-separated name (`news/first.md`), whatever the platform.
pub fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
