//! Watching the site's sources and turning editors' bursts of events into one change.
//!
//! Editors save in many ways — write in place, write a temporary file and rename it, touch a
//! backup first — and each save fires several events. `notify-debouncer-full` gathers them
//! until the files have been quiet for [`QUIET`] (and pairs renames); reads are dropped (the
//! build's own reads would otherwise start another build), temporary and hidden files too,
//! and what is left is one batch of changed paths.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, RecommendedCache, new_debouncer, notify,
};

/// The directories whose changes rebuild the site.
pub const WATCHED_DIRS: [&str; 6] = [
    "content",
    "data",
    "banners",
    "templates",
    "themes",
    "static",
];

/// How long the files must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(50);

/// A watcher of a site's sources with its event channel.
pub struct SiteWatcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
}

impl SiteWatcher {
    /// Watches `root`'s site.toml and source directories.
    pub fn new(root: &Path) -> notify::Result<SiteWatcher> {
        let (tx, events) = std::sync::mpsc::channel();
        let mut debouncer = new_debouncer(QUIET, None, tx)?;
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED_DIRS {
            let d = root.join(dir);
            if d.is_dir() {
                debouncer.watch(&d, RecursiveMode::Recursive)?;
            }
        }
        Ok(SiteWatcher {
            debouncer,
            events,
            root: root.to_path_buf(),
        })
    }

    /// Blocks until something relevant changed, then returns the batch (paths relative to
    /// the root). `None` when the watcher has stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let Ok(events) = self.events.recv().ok()? else {
                continue;
            };
            let mut batch = Vec::new();
            for ev in events {
                self.collect(&ev.event, &mut batch);
            }
            batch.sort();
            batch.dedup();
            if !batch.is_empty() {
                return Some(batch);
            }
        }
    }

    fn collect(&mut self, ev: &notify::Event, batch: &mut Vec<PathBuf>) {
        if matches!(ev.kind, EventKind::Access(_)) {
            return;
        }
        for p in &ev.paths {
            let Ok(rel) = p.strip_prefix(&self.root) else {
                continue;
            };
            if relevant(rel) {
                // A directory created after start (say, templates/) is watched from now on.
                if ev.kind.is_create() && p.is_dir() && rel.components().count() == 1 {
                    let _ = self.debouncer.watch(p, RecursiveMode::Recursive);
                }
                batch.push(rel.to_path_buf());
            }
        }
    }
}

/// Whether a changed path (relative to the root) can change the site: site.toml or a file
/// under a watched directory, and not an editor's temporary or hidden file.
pub fn relevant(rel: &Path) -> bool {
    let mut parts = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let Some(first) = parts.next() else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || [".swp", ".swx", ".tmp", ".bak", ".part"]
            .iter()
            .any(|e| name.ends_with(e))
        || name.chars().all(|c| c.is_ascii_digit());
    if temporary {
        return false;
    }
    first == "site.toml" || WATCHED_DIRS.contains(&first.as_str())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn editor_temporaries_are_ignored() {
        assert!(relevant(Path::new("content/faq.md")));
        assert!(relevant(Path::new("site.toml")));
        assert!(relevant(Path::new("themes/default/templates/base.html")));
        for p in [
            "content/.faq.md.swp",
            "content/faq.md~",
            "content/4913",
            "content/#faq.md#",
            "public/index.html",
            "target/x",
            ".git/index",
        ] {
            assert!(!relevant(Path::new(p)), "{p}");
        }
    }
}
