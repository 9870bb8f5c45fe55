//! What a deploy will do, worked out before anything on the server changes: which files to
//! upload and in what order, which to delete, which to leave, and what looks edited by hand.
//!
//! Pure: it takes the new output's hashes, the manifest of the last deploy and a listing of
//! the server, and touches nothing.

use std::collections::{BTreeMap, BTreeSet};

use crate::manifest::{Entry, Manifest};

/// Why a file is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// Not on the server yet.
    New,
    /// uslugi published it before, and its content changed.
    Replace,
    /// A file uslugi did not publish (or cannot prove it did) is at this path: it is
    /// overwritten because the site now has a file there.
    Overwrite,
}

/// One upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    /// Path inside the target folder.
    pub path: String,
    /// Why.
    pub action: Action,
    /// Size in bytes.
    pub size: u64,
}

/// A published file that differs on the server from what the manifest says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandEdit {
    /// Path inside the target folder.
    pub path: String,
    /// Size recorded in the manifest.
    pub published: u64,
    /// Size on the server; `None` when it is gone.
    pub now: Option<u64>,
}

/// The plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Uploads in the order they must happen: assets, pages, then the home page and the
    /// sitemap.
    pub uploads: Vec<Upload>,
    /// Files to delete after every upload succeeded.
    pub deletes: Vec<String>,
    /// Folders to create first, parents before children.
    pub mkdirs: Vec<String>,
    /// Folders to try removing last (deepest first), because none of our files is left in
    /// them; a folder that still holds anything stays.
    pub rmdirs: Vec<String>,
    /// Files already as they should be.
    pub unchanged: usize,
    /// Published files that someone changed or removed on the server.
    pub hand_edits: Vec<HandEdit>,
    /// Published files the site no longer has but that were changed on the server since:
    /// they are left in place.
    pub kept: Vec<String>,
}

/// What the server holds: for each folder that was listed (`""` is the target folder), its
/// files and their sizes; a folder absent from the map does not exist.
pub type Listing = BTreeMap<String, BTreeMap<String, u64>>;

/// The folder of a path (`""` at the top).
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Every folder that must be listed to plan a deploy of `local` over `previous`, parents
/// first.
pub fn dirs_to_list<'a>(
    local: impl Iterator<Item = &'a str>,
    previous: Option<&'a Manifest>,
) -> Vec<String> {
    let mut dirs = BTreeSet::from([String::new()]);
    let prev = previous
        .into_iter()
        .flat_map(|m| m.files.keys().map(String::as_str));
    for path in local.chain(prev) {
        let mut d = dir_of(path);
        while !d.is_empty() && dirs.insert(d.to_string()) {
            d = dir_of(d);
        }
    }
    dirs.into_iter().collect()
}

fn size_on_server(listing: &Listing, path: &str) -> Option<u64> {
    let name = path.rsplit('/').next().unwrap_or(path);
    listing.get(dir_of(path))?.get(name).copied()
}

/// Works out the plan. `local` maps each output path to its entry; `ours` are paths
/// known to be uslugi's although the manifest does not list them (uploads of a deploy that
/// was interrupted).
pub fn plan(
    local: &BTreeMap<String, Entry>,
    previous: Option<&Manifest>,
    ours: &BTreeSet<String>,
    listing: &Listing,
) -> Plan {
    let mut p = Plan::default();
    let empty = BTreeMap::new();
    let prev = previous.map(|m| &m.files).unwrap_or(&empty);
    for (path, entry) in prev {
        let now = size_on_server(listing, path);
        if now != Some(entry.size) {
            p.hand_edits.push(HandEdit {
                path: path.clone(),
                published: entry.size,
                now,
            });
        }
    }
    for (path, entry) in local {
        let now = size_on_server(listing, path);
        let action = match (prev.get(path), now) {
            (_, None) => Action::New,
            (Some(e), Some(size)) if e.sha256 == entry.sha256 && size == e.size => {
                p.unchanged += 1;
                continue;
            }
            (Some(_), Some(_)) => Action::Replace,
            (None, Some(_)) if ours.contains(path) => Action::Replace,
            (None, Some(_)) => Action::Overwrite,
        };
        p.uploads.push(Upload {
            path: path.clone(),
            action,
            size: entry.size,
        });
    }
    p.uploads.sort_by_key(|u| (stage(&u.path), u.path.clone()));
    for (path, entry) in prev {
        if local.contains_key(path) {
            continue;
        }
        match size_on_server(listing, path) {
            Some(size) if size == entry.size => p.deletes.push(path.clone()),
            Some(_) => p.kept.push(path.clone()),
            None => {}
        }
    }
    let needed = dirs_to_list(local.keys().map(String::as_str), None);
    p.mkdirs = needed
        .iter()
        .filter(|d| !d.is_empty() && !listing.contains_key(*d))
        .cloned()
        .collect();
    let mut gone: Vec<String> = dirs_to_list(std::iter::empty(), previous)
        .into_iter()
        .filter(|d| !d.is_empty() && !needed.contains(d) && listing.contains_key(d))
        .collect();
    gone.sort_by_key(|d| std::cmp::Reverse(d.matches('/').count()));
    p.rmdirs = gone;
    p
}

/// The order of uploads: assets (0) before pages (1), the home page and the sitemap (2)
/// last, so that no page that is live links to a file not yet there.
fn stage(path: &str) -> u8 {
    match path {
        "index.html" => 2,
        "sitemap.xml" => 3,
        p if p.ends_with(".html") => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::sha256;

    fn entry(text: &str) -> Entry {
        Entry {
            size: text.len() as u64,
            sha256: sha256(text.as_bytes()),
        }
    }

    fn site(files: &[(&str, &str)]) -> BTreeMap<String, Entry> {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), entry(t)))
            .collect()
    }

    fn listing(files: &BTreeMap<String, Entry>, extra: &[(&str, u64)]) -> Listing {
        let mut l = Listing::new();
        l.insert(String::new(), BTreeMap::new());
        let sizes = files.iter().map(|(p, e)| (p.as_str(), e.size));
        for (path, size) in sizes.chain(extra.iter().copied()) {
            let mut d = dir_of(path);
            loop {
                l.entry(d.to_string()).or_default();
                if d.is_empty() {
                    break;
                }
                d = dir_of(d);
            }
            let name = path.rsplit('/').next().unwrap().to_string();
            l.get_mut(dir_of(path)).unwrap().insert(name, size);
        }
        l
    }

    fn manifest(files: &BTreeMap<String, Entry>) -> Manifest {
        Manifest {
            generator: "uslugi".into(),
            published: "2026-12-01T00:00:00Z".into(),
            files: files.clone(),
        }
    }

    #[test]
    fn a_first_deploy_uploads_everything_in_order() {
        let local = site(&[
            ("index.html", "home"),
            ("sitemap.xml", "map"),
            ("faq/index.html", "faq"),
            ("style.css", "css"),
            ("banners/a.png", "png"),
        ]);
        let p = plan(
            &local,
            None,
            &BTreeSet::new(),
            &listing(&BTreeMap::new(), &[]),
        );
        let order: Vec<&str> = p.uploads.iter().map(|u| u.path.as_str()).collect();
        assert_eq!(
            order,
            [
                "banners/a.png",
                "style.css",
                "faq/index.html",
                "index.html",
                "sitemap.xml"
            ]
        );
        assert!(p.uploads.iter().all(|u| u.action == Action::New));
        assert_eq!(p.mkdirs, ["banners", "faq"]);
        assert!(p.deletes.is_empty() && p.hand_edits.is_empty());
    }

    #[test]
    fn a_second_deploy_sends_what_changed_and_deletes_only_its_own() {
        let before = site(&[
            ("index.html", "home"),
            ("old/index.html", "old"),
            ("a.css", "x"),
        ]);
        let server = listing(&before, &[("price.pdf", 10), ("old/notes.txt", 4)]);
        let now = site(&[
            ("index.html", "home 2"),
            ("a.css", "x"),
            ("price.pdf", "ours"),
        ]);
        let p = plan(&now, Some(&manifest(&before)), &BTreeSet::new(), &server);
        let ups: Vec<(&str, Action)> = p
            .uploads
            .iter()
            .map(|u| (u.path.as_str(), u.action))
            .collect();
        assert_eq!(
            ups,
            [
                ("price.pdf", Action::Overwrite),
                ("index.html", Action::Replace)
            ]
        );
        assert_eq!(p.unchanged, 1);
        assert_eq!(p.deletes, ["old/index.html"]);
        // notes.txt is not ours: the folder is only tried, and stays because it is not empty.
        assert_eq!(p.rmdirs, ["old"]);
    }

    #[test]
    fn hand_edits_are_reported_and_never_deleted() {
        let before = site(&[("index.html", "home"), ("gone/index.html", "gone")]);
        let server = listing(
            &site(&[("index.html", "home, edited by hand")]),
            &[("gone/index.html", 99)],
        );
        let now = site(&[("index.html", "home")]);
        let p = plan(&now, Some(&manifest(&before)), &BTreeSet::new(), &server);
        assert_eq!(p.hand_edits.len(), 2);
        assert_eq!(p.uploads[0].action, Action::Replace);
        assert!(p.deletes.is_empty());
        assert_eq!(p.kept, ["gone/index.html"]);
    }

    #[test]
    fn files_of_an_interrupted_deploy_are_ours() {
        let now = site(&[("new.css", "n")]);
        let server = listing(&now, &[]);
        let ours = BTreeSet::from(["new.css".to_string()]);
        let p = plan(&now, None, &ours, &server);
        assert_eq!(p.uploads[0].action, Action::Replace);
        let p = plan(&now, None, &BTreeSet::new(), &server);
        assert_eq!(p.uploads[0].action, Action::Overwrite);
    }
}
