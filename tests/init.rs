//! `uslugi init`: every profile gives a site that builds at once and whose first check asks
//! for what the editor must fill in — the contacts and the starter text left on the centres
//! page — and nothing else; non-empty directories and bad options are refused.

mod common;

use common::*;
use serde_json::Value;

fn check(root: &std::path::Path) -> (i32, Value) {
    let out = uslugi(root, &["check", "--format", "json"]);
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", stderr(&out)));
    (out.status.code().unwrap(), report)
}

fn failing_required(root: &std::path::Path) -> (i32, Vec<String>) {
    let (code, report) = check(root);
    let ids = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["counts"] == true)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    (code, ids)
}

#[test]
fn every_profile_builds_and_asks_for_what_the_editor_must_fill_in() {
    for profile in PROFILES {
        let org = "МБОУ \"Школа № 5\" г. Приозёрска";
        let (_work, root) = init_site(
            profile,
            org,
            &["--region-portal", "https://70.gosuslugi.ru/"],
        );
        build_ok(&root, &[]);
        let home = std::fs::read_to_string(root.join("public/index.html")).unwrap();
        assert!(
            home.contains("Школа № 5"),
            "{profile}: the organization's name is shown"
        );
        assert!(
            home.contains("banner banner-home"),
            "{profile}: the sample banner is on the home page"
        );
        // An untouched site passes nothing whose starter text still asks for something.
        assert_eq!(
            failing_required(&root),
            (
                1,
                vec!["identity-centres".to_string(), "contacts".to_string()]
            ),
            "{profile}"
        );
        let (_, report) = check(&root);
        for id in ["identity-centres", "social-video"] {
            let r = report["results"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["id"] == id)
                .unwrap();
            assert_eq!(r["outcome"], "partial", "{profile} {id}");
            assert!(
                r["lacking"].to_string().contains("заготовка не заполнена"),
                "{r}"
            );
        }
        let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
        assert!(
            toml.contains(&format!("profile = \"{profile}\""))
                && toml.contains("region_portal = \"https://70.gosuslugi.ru/\"")
        );
        // The editor fills in the contacts and the centres.
        std::fs::write(
            root.join("site.toml"),
            toml.replace("# phone = ", "phone = "),
        )
        .unwrap();
        let centres = std::fs::read_to_string(root.join("content/centres.md")).unwrap();
        let filled: String = centres
            .lines()
            .filter(|l| !l.starts_with("[Заполните:"))
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(root.join("content/centres.md"), filled).unwrap();
        std::fs::write(
            root.join("data/centres.yaml"),
            "- name: МФЦ «Мои документы»\n  address: Приозёрск, пр. Мира, 15\n  services: [registration, identity, recovery]\n  hours:\n    mon-fri: 08:00-20:00\n",
        )
        .unwrap();
        assert_eq!(
            failing_required(&root),
            (0, vec![]),
            "{profile}: with contacts and centres every key material is there"
        );
    }
}

#[test]
fn refuses_a_non_empty_directory_without_force_and_bad_options() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("notes.txt"), "мои заметки").unwrap();
    std::fs::write(work.path().join(".gitignore"), "node_modules\n").unwrap();
    let out = uslugi(
        work.path(),
        &["init", ".", "--profile", "agency", "--org", "Ведомство"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert!(!work.path().join("site.toml").exists());
    let out = uslugi(
        work.path(),
        &[
            "init",
            ".",
            "--profile",
            "agency",
            "--org",
            "Ведомство",
            "--force",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(work.path().join("notes.txt")).unwrap(),
        "мои заметки"
    );
    assert_eq!(
        std::fs::read_to_string(work.path().join(".gitignore")).unwrap(),
        "node_modules\n",
        "the project's own .gitignore is kept"
    );
    assert!(work.path().join("content/faq.md").is_file());
    for bad in [
        vec!["init", "x", "--profile", "school", "--org", "X"],
        vec![
            "init",
            "y",
            "--profile",
            "mfc",
            "--org",
            "X",
            "--region-portal",
            "http://70.gosuslugi.ru/",
        ],
        vec!["init", "z", "--profile", "mfc", "--org", "  "],
        vec!["init", "w", "--org", "X"],
    ] {
        let out = uslugi(work.path(), &bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
}
