//! One root, resolved once: every command that works on a site or a folder behaves the same
//! from the site's own folder without `--root`, with a relative `--root` from the folder above,
//! and with an absolute one from anywhere. (`serve` is tested the same way in `serve.rs`.)

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// The three ways of naming a site at `root` (inside `work`): (current directory, args).
fn three_ways(work: &Path, root: &Path) -> Vec<(PathBuf, Vec<String>)> {
    let name = root.file_name().unwrap().to_str().unwrap().to_string();
    vec![
        (root.to_path_buf(), vec![]),
        (work.to_path_buf(), vec!["--root".into(), name]),
        (
            std::env::temp_dir(),
            vec!["--root".into(), root.to_str().unwrap().into()],
        ),
    ]
}

fn run(cwd: &Path, args: &[&str], rest: &[String]) -> std::process::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(rest.iter().map(String::as_str));
    uslugi(cwd, &all)
}

fn site_in(work: &Path) -> PathBuf {
    let root = work.join("mysite");
    copy_dir(&repo().join("tests/fixtures/minimal"), &root);
    root
}

#[test]
fn build_three_ways() {
    let work = tempfile::tempdir().unwrap();
    let root = site_in(work.path());
    let mut outputs = Vec::new();
    for (cwd, rest) in three_ways(work.path(), &root) {
        let out = run(&cwd, &["build", "--quiet"], &rest);
        assert!(out.status.success(), "{rest:?}: {}", stderr(&out));
        outputs.push(snapshot(&root.join("public")));
        std::fs::remove_dir_all(root.join("public")).unwrap();
    }
    assert!(outputs[0].contains_key("faq/index.html"));
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn check_three_ways() {
    let work = tempfile::tempdir().unwrap();
    let root = site_in(work.path());
    let mut reports = Vec::new();
    for (cwd, rest) in three_ways(work.path(), &root) {
        let out = run(
            &cwd,
            &["check", "--format", "json", "--today", "2026-06-01"],
            &rest,
        );
        assert_eq!(out.status.code(), Some(1), "{rest:?}: {}", stderr(&out));
        reports.push(String::from_utf8(out.stdout).unwrap());
    }
    assert!(reports[0].contains("\"results\""), "{}", reports[0]);
    assert_eq!(reports[0], reports[1]);
    assert_eq!(reports[0], reports[2]);
    let out = uslugi(work.path(), &["check", "--root", "nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot open the site folder nowhere"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn centres_import_three_ways() {
    let work = tempfile::tempdir().unwrap();
    let root = site_in(work.path());
    let csv =
        "Название;Адрес;Услуги;Часы работы\nЦентр;ул. Новая, 5;регистрация;пн-пт 09:00-18:00\n";
    let file = work.path().join("centres.csv");
    std::fs::write(&file, csv).unwrap();
    let file = file.to_str().unwrap();
    let mut written = Vec::new();
    for (cwd, rest) in three_ways(work.path(), &root) {
        let out = run(&cwd, &["centres", "import", file], &rest);
        assert!(out.status.success(), "{rest:?}: {}", stderr(&out));
        let yaml = root.join("data/centres.yaml");
        written.push(std::fs::read_to_string(&yaml).unwrap());
        std::fs::remove_file(yaml).unwrap();
    }
    assert!(written[0].contains("name: Центр"));
    assert_eq!(written[0], written[1]);
    assert_eq!(written[0], written[2]);
}

#[test]
fn init_three_ways() {
    let work = tempfile::tempdir().unwrap();
    let here = work.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let absolute = work.path().join("absolute");
    for (cwd, dir) in [
        (here.clone(), None),
        (work.path().to_path_buf(), Some("relative".to_string())),
        (
            std::env::temp_dir(),
            Some(absolute.to_str().unwrap().to_string()),
        ),
    ] {
        let mut args = vec!["init", "--profile", "education", "--org", "Школа № 1"];
        if let Some(d) = &dir {
            args.insert(1, d);
        }
        let out = uslugi(&cwd, &args);
        assert!(out.status.success(), "{dir:?}: {}", stderr(&out));
    }
    let files = |d: &Path| snapshot(d).into_keys().collect::<Vec<_>>();
    assert!(files(&here).contains(&"site.toml".to_string()));
    assert_eq!(files(&here), files(&work.path().join("relative")));
    assert_eq!(files(&here), files(&absolute));
}

#[test]
fn audit_of_a_folder_three_ways() {
    let work = tempfile::tempdir().unwrap();
    let saved = work.path().join("saved");
    copy_dir(&repo().join("tests/fixtures/audit/wordpress"), &saved);
    let absolute = saved.to_str().unwrap().to_string();
    let mut reports = Vec::new();
    for (cwd, target) in [
        (saved.clone(), "."),
        (work.path().to_path_buf(), "saved"),
        (std::env::temp_dir(), absolute.as_str()),
    ] {
        let out = uslugi(
            &cwd,
            &["audit", target, "--format", "json", "--today", "2026-06-01"],
        );
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{target}: {}",
            stderr(&out)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // The verdicts, without the name the site was given on the command line.
        reports.push(report["results"].to_string());
    }
    assert!(reports[0].contains("banner-home"), "{}", reports[0]);
    assert_eq!(reports[0], reports[1]);
    assert_eq!(reports[0], reports[2]);
}
