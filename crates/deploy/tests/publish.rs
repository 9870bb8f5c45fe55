//! A deploy carried out against a server kept in memory: the order of operations, what is
//! never touched, the limits and the lock. The real servers are in the repository's
//! `tests/deploy`.

use std::collections::{BTreeMap, BTreeSet};

use uslugi_core::progress::Quiet;
use uslugi_deploy::error::{DeployError, Failure, RemoteError};
use uslugi_deploy::lock::{Lock, Owner};
use uslugi_deploy::remote::{Folder, Remote};
use uslugi_deploy::{Options, Report, Target, publish};

/// A server in memory that logs every change.
#[derive(Default)]
struct Memory {
    files: BTreeMap<String, Vec<u8>>,
    dirs: BTreeSet<String>,
    log: Vec<String>,
    /// Fail every upload after this many, as a dropped connection would.
    puts_left: Option<usize>,
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

impl Remote for Memory {
    fn list(&mut self, dirs: &[String]) -> Result<Vec<Folder>, RemoteError> {
        Ok(dirs
            .iter()
            .map(|d| {
                self.dirs.contains(d).then(|| {
                    self.files
                        .iter()
                        .filter(|(p, _)| parent(p) == d)
                        .map(|(p, b)| (p.rsplit('/').next().unwrap().to_string(), b.len() as u64))
                        .collect()
                })
            })
            .collect())
    }
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, RemoteError> {
        Ok(self.files.get(path).cloned())
    }
    fn mkdir(&mut self, path: &str) -> Result<(), RemoteError> {
        self.log.push(format!("mkdir {path}"));
        self.dirs.insert(path.to_string());
        Ok(())
    }
    fn put(
        &mut self,
        path: &str,
        bytes: &[u8],
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), RemoteError> {
        if let Some(left) = &mut self.puts_left {
            if *left == 0 {
                // Half the file arrives, then the line drops.
                self.files
                    .insert(path.to_string(), bytes[..bytes.len() / 2].to_vec());
                return Err(RemoteError {
                    failure: Failure::Connection,
                    what: "uploading",
                    path: path.into(),
                    detail: "connection reset".into(),
                });
            }
            *left -= 1;
        }
        self.log.push(format!("put {path}"));
        self.files.insert(path.to_string(), bytes.to_vec());
        sent(bytes.len() as u64);
        Ok(())
    }
    fn create_new(&mut self, path: &str, bytes: &[u8]) -> Result<bool, RemoteError> {
        if self.files.contains_key(path) {
            return Ok(false);
        }
        self.log.push(format!("create {path}"));
        self.files.insert(path.to_string(), bytes.to_vec());
        Ok(true)
    }
    fn rename(&mut self, from: &str, to: &str) -> Result<(), RemoteError> {
        self.log.push(format!("rename {to}"));
        let bytes = self.files.remove(from).expect("renamed file exists");
        self.files.insert(to.to_string(), bytes);
        Ok(())
    }
    fn remove(&mut self, path: &str) -> Result<(), RemoteError> {
        self.log.push(format!("remove {path}"));
        self.files.remove(path);
        Ok(())
    }
    fn rmdir(&mut self, path: &str) -> Result<(), RemoteError> {
        if self
            .files
            .keys()
            .any(|p| p.starts_with(&format!("{path}/")))
        {
            return Err(RemoteError {
                failure: Failure::Other,
                what: "removing the folder",
                path: path.into(),
                detail: "not empty".into(),
            });
        }
        self.log.push(format!("rmdir {path}"));
        self.dirs.remove(path);
        Ok(())
    }
    fn close(&mut self) {}
}

fn target() -> Target {
    Target::parse("sftp://editor@hosting.example/www/").unwrap()
}

fn me(pid: u32) -> Owner {
    Owner {
        user: "editor".into(),
        host: "laptop".into(),
        pid,
    }
}

fn opts(dry_run: bool, alive: &dyn Fn(u32) -> bool) -> Options<'_> {
    Options {
        dry_run,
        max_deletes: 100,
        break_lock: false,
        me: me(42),
        now_unix: 1_800_000_000,
        now: "2027-01-15T08:00:00Z".into(),
        generator: "uslugi test".into(),
        alive,
    }
}

fn site(files: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static [u8])> {
    files.iter().map(|(p, t)| (*p, t.as_bytes())).collect()
}

fn deploy(
    server: &mut Memory,
    files: &[(&str, &[u8])],
    o: &Options,
) -> Result<Report, DeployError> {
    server.log.clear();
    publish(server, &target(), files, o, &Quiet)
}

fn www(server: &Memory) -> BTreeMap<String, String> {
    server
        .files
        .iter()
        .filter(|(p, _)| !bookkeeping(p))
        .map(|(p, b)| (p.clone(), String::from_utf8_lossy(b).into_owned()))
        .collect()
}

/// uslugi's own files on the server: the lock, the manifests and temporary uploads.
fn bookkeeping(path: &str) -> bool {
    path.contains(".uslugi-lock")
        || path.contains(".uslugi-manifest")
        || path.ends_with(".uslugi-part")
}

const NOBODY: fn(u32) -> bool = |_| false;

#[test]
fn first_deploy_creates_the_folder_and_goes_assets_pages_home_sitemap() {
    let mut server = Memory::default();
    let files = site(&[
        ("index.html", "home"),
        ("sitemap.xml", "map"),
        ("faq/index.html", "faq"),
        ("style.css", "css"),
    ]);
    let report = deploy(&mut server, &files, &opts(false, &NOBODY)).unwrap();
    assert!(report.first);
    let renames: Vec<&str> = server
        .log
        .iter()
        .filter_map(|l| l.strip_prefix("rename "))
        .collect();
    assert_eq!(
        renames,
        [
            "www/.uslugi-lock.json",
            "www/style.css",
            "www/faq/index.html",
            "www/index.html",
            "www/sitemap.xml",
            "www/.uslugi-manifest.json",
        ]
    );
    assert_eq!(server.log[0], "mkdir www");
    assert_eq!(server.log.last().unwrap(), "remove www/.uslugi-lock.json");
    assert!(server.files.keys().all(|p| !p.ends_with(".uslugi-part")));
}

#[test]
fn later_deploys_send_what_changed_delete_their_own_and_keep_the_rest() {
    let mut server = Memory::default();
    let v1 = site(&[
        ("index.html", "home"),
        ("old/index.html", "old"),
        ("a.css", "a"),
    ]);
    deploy(&mut server, &v1, &opts(false, &NOBODY)).unwrap();
    server
        .files
        .insert("www/price.pdf".into(), b"someone's".to_vec());
    server
        .files
        .insert("www/old/notes.txt".into(), b"notes".to_vec());
    let v2 = site(&[("index.html", "home, new"), ("a.css", "a")]);
    let report = deploy(&mut server, &v2, &opts(false, &NOBODY)).unwrap();
    assert_eq!(report.plan.unchanged, 1);
    let changes: Vec<&String> = server
        .log
        .iter()
        .filter(|l| !l.contains(".uslugi-lock") && !l.contains(".uslugi-manifest"))
        .collect();
    assert_eq!(
        changes,
        [
            "put www/.index.html.uslugi-part",
            "rename www/index.html",
            "remove www/old/index.html",
        ]
    );
    // The deletion comes after the upload, the manifest after both.
    let at = |what: &str| server.log.iter().position(|l| l == what).unwrap();
    assert!(at("rename www/index.html") < at("remove www/old/index.html"));
    assert!(at("remove www/old/index.html") < at("rename www/.uslugi-manifest.json"));
    let left = www(&server);
    assert_eq!(left["www/price.pdf"], "someone's");
    assert_eq!(left["www/old/notes.txt"], "notes");
    assert!(
        server
            .files
            .contains_key("www/.uslugi-manifest.previous.json")
    );
}

#[test]
fn a_dry_run_changes_nothing_and_a_big_deletion_stops_before_anything() {
    let mut server = Memory::default();
    let v1 = site(&[
        ("index.html", "home"),
        ("a/index.html", "a"),
        ("b/index.html", "b"),
    ]);
    deploy(&mut server, &v1, &opts(false, &NOBODY)).unwrap();
    let before = server.files.clone();
    let v2 = site(&[("index.html", "home 2")]);
    let report = deploy(&mut server, &v2, &opts(true, &NOBODY)).unwrap();
    assert_eq!(report.plan.deletes.len(), 2);
    assert!(server.log.is_empty() && server.files == before);
    let mut strict = opts(false, &NOBODY);
    strict.max_deletes = 1;
    let err = deploy(&mut server, &v2, &strict).unwrap_err();
    assert!(
        matches!(
            err,
            DeployError::TooManyDeletes {
                count: 2,
                max: 1,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(server.files, before, "nothing changed");
}

#[test]
fn an_interrupted_deploy_leaves_old_or_new_and_the_next_one_completes_it() {
    let mut server = Memory::default();
    let v1 = site(&[("index.html", "home 1"), ("a.css", "a 1"), ("b.css", "b 1")]);
    deploy(&mut server, &v1, &opts(false, &NOBODY)).unwrap();
    let v2 = site(&[
        ("index.html", "home 2"),
        ("a.css", "a 2"),
        ("b.css", "b 2"),
        ("c.css", "c"),
    ]);
    server.puts_left = Some(4); // the lock, a.css, b.css, c.css; then the line drops
    let err = deploy(&mut server, &v2, &opts(false, &NOBODY)).unwrap_err();
    assert!(
        matches!(&err, DeployError::Remote { error, .. } if error.failure == Failure::Connection)
    );
    let live = www(&server);
    for (path, text) in &live {
        let name = path.trim_start_matches("www/");
        let old = v1.iter().find(|(p, _)| *p == name).map(|(_, b)| *b);
        let new = v2.iter().find(|(p, _)| *p == name).map(|(_, b)| *b);
        assert!(
            Some(text.as_bytes()) == old || Some(text.as_bytes()) == new,
            "{path} is neither old nor new: {text}"
        );
    }
    assert_eq!(live["www/index.html"], "home 1", "the home page goes last");
    assert!(
        server.files.contains_key("www/.uslugi-lock.json"),
        "the lock stays"
    );
    server.puts_left = None;
    let report = deploy(&mut server, &v2, &opts(false, &NOBODY)).unwrap();
    assert!(
        report.notes.iter().any(|n| n.contains("interrupted")),
        "{:?}",
        report.notes
    );
    // c.css reached the server before the line dropped: it is known to be ours.
    assert!(
        report
            .plan
            .uploads
            .iter()
            .all(|u| u.action != uslugi_deploy::plan::Action::Overwrite)
    );
    let live = www(&server);
    for (name, bytes) in &v2 {
        assert_eq!(live[&format!("www/{name}")].as_bytes(), *bytes);
    }
    assert!(!server.files.contains_key("www/.uslugi-lock.json"));
}

#[test]
fn a_lock_held_by_a_running_or_old_deploy_stops_this_one() {
    let mut server = Memory::default();
    let files = site(&[("index.html", "home")]);
    let held = |since_unix: i64| Lock {
        owner: Owner {
            user: "ci".into(),
            host: "runner".into(),
            pid: 7,
        },
        since: "2027-01-15T07:50:00Z".into(),
        since_unix,
        uploading: vec![],
    };
    server.dirs.insert("www".into());
    server.files.insert(
        "www/.uslugi-lock.json".into(),
        held(1_800_000_000 - 600).to_bytes(),
    );
    let err = deploy(&mut server, &files, &opts(false, &NOBODY)).unwrap_err();
    assert!(matches!(err, DeployError::Locked { .. }), "{err}");
    assert!(err.to_string().contains("ci@runner"), "{err}");
    assert!(
        server.files.contains_key("www/.uslugi-lock.json"),
        "never broken silently"
    );
    server.files.insert(
        "www/.uslugi-lock.json".into(),
        held(1_800_000_000 - 7200).to_bytes(),
    );
    let err = deploy(&mut server, &files, &opts(false, &NOBODY)).unwrap_err();
    assert!(matches!(err, DeployError::StaleLock { .. }), "{err}");
    assert!(err.help().unwrap().contains("--break-lock"));
    let mut breaking = opts(false, &NOBODY);
    breaking.break_lock = true;
    let report = deploy(&mut server, &files, &breaking).unwrap();
    assert!(report.notes.iter().any(|n| n.contains("broke the lock")));
    assert_eq!(www(&server)["www/index.html"], "home");
}
