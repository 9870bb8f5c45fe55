//! Findings name where to act: the file and line of a site uslugi builds, in the text report
//! as compilers print them, in JSON, SARIF, JUnit and GitLab Code Quality; fingerprints that
//! survive moved lines; paths from the repository root for CI; the preview's to-do list and
//! status link following an edit. An audited site keeps its page addresses.

mod common;
#[path = "common/preview.rs"]
mod preview;

use std::path::Path;

use common::*;
use serde_json::Value;

const TODAY: &str = "2026-11-23";

fn check(cwd: &Path, extra: &[&str]) -> String {
    let mut args = vec!["check"];
    if !extra.contains(&"--today") {
        args.extend_from_slice(&["--today", TODAY]);
    }
    args.extend_from_slice(extra);
    let out = uslugi(cwd, &args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

fn json(cwd: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&check(cwd, &args)).unwrap()
}

/// The 1-based line of `file` under `root` that contains `what`.
fn line_of(root: &Path, file: &str, what: &str) -> usize {
    std::fs::read_to_string(root.join(file))
        .unwrap()
        .lines()
        .position(|l| l.contains(what))
        .unwrap_or_else(|| panic!("{what} not in {file}"))
        + 1
}

#[test]
fn the_text_report_names_file_and_line_as_compilers_do() {
    let (work, root) = init_site("education", "МБОУ СОШ № 5", &[]);
    let starter = line_of(&root, "content/centres.md", "[Заполните");
    let phone = line_of(&root, "site.toml", "phone =");
    let text = check(&root, &[]);
    assert!(
        text.contains(&format!(
            "  content/centres.md:{starter}:1: ~ identity-centres"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!("  site.toml:{phone}:1: ✗ contacts"))
            && text.contains("ключ site.toml: organization.phone"),
        "{text}"
    );
    // Passes name no file.
    assert!(text.contains("\n  ✓ section"), "{text}");
    // Run from the folder above, with --root, the paths lead from there.
    let above = check(work.path(), &["--root", "site"]);
    assert!(
        above.contains(&format!("  site/content/centres.md:{starter}:1: ~")),
        "{above}"
    );
}

#[test]
fn json_locations_and_fingerprints_that_survive_moved_lines() {
    let (_work, root) = init_site("education", "Школа", &[]);
    let before = json(&root, &[]);
    let ids: Vec<&str> = before["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["fingerprint"].as_str().unwrap())
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "fingerprints repeat: {ids:?}");
    for r in before["results"].as_array().unwrap() {
        let finding = r["outcome"] == "missing" || r["outcome"] == "partial";
        assert_eq!(r.get("location").is_some(), finding, "{r}");
    }
    let centres = rule_result(&before, "identity-centres");
    let line = centres["location"]["line"].as_u64().unwrap();
    assert_eq!(centres["location"]["file"], "content/centres.md");
    assert_eq!(centres["location"]["column"], 1);

    // Three paragraphs above the starter move it down; its fingerprint stays.
    let path = root.join("content/centres.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let moved = text.replacen(
        "\n[Заполните",
        "\nРаньше.\n\nЕщё раньше.\n\nСовсем рано.\n\n[Заполните",
        1,
    );
    std::fs::write(&path, &moved).unwrap();
    let after = json(&root, &[]);
    let moved_result = rule_result(&after, "identity-centres");
    assert_eq!(moved_result["location"]["line"].as_u64().unwrap(), line + 6);
    assert_eq!(moved_result["fingerprint"], centres["fingerprint"]);

    // Different starter text is a different finding.
    std::fs::write(
        &path,
        moved.replace("[Заполните: перечислите", "[Заполните: укажите"),
    )
    .unwrap();
    let changed = json(&root, &[]);
    assert_ne!(
        rule_result(&changed, "identity-centres")["fingerprint"],
        centres["fingerprint"]
    );

    // Filling in the starter line passes the material and drops its location.
    std::fs::write(
        &path,
        text.replace(
            &text[text.find("[Заполните").unwrap()..],
            "## МФЦ «Мои документы»\n\nг. Томск, ул. Ленина, 1. Часы работы: пн–пт 9:00–18:00.\n",
        ),
    )
    .unwrap();
    let filled = json(&root, &[]);
    assert_eq!(rule_result(&filled, "identity-centres")["outcome"], "pass");
    assert!(
        rule_result(&filled, "identity-centres")
            .get("location")
            .is_none()
    );
}

#[test]
fn a_missing_page_names_the_file_to_create_and_a_page_the_line_at_fault() {
    let (_work, root) = init_site("education", "Школа", &[]);
    std::fs::remove_file(root.join("content/appeal.md")).unwrap();
    let faq = std::fs::read_to_string(root.join("content/faq.md")).unwrap();
    write(
        &root,
        "content/faq.md",
        faq.replace(
            "[«Досудебное обжалование»](@/appeal.md)",
            "«Досудебное обжалование»",
        ),
    );
    write(
        &root,
        "content/benefits.md",
        "---\ntitle: Преимущества\nkind: benefits\n---\n\nТекст.\n\n<img src=\"/pic-without-alt.png\">\n",
    );
    let report = json(&root, &["--strict"]);
    let appeal = rule_result(&report, "appeal");
    assert_eq!(appeal["outcome"], "missing");
    assert_eq!(appeal["location"]["file"], "content/appeal.md");
    assert_eq!(appeal["location"]["create"], true);
    let alt = rule_result(&report, "a11y-img-alt");
    assert_eq!(alt["outcome"], "partial", "{alt}");
    assert_eq!(alt["location"]["file"], "content/benefits.md");
    assert_eq!(alt["location"]["line"], 8);
    // A year on, the news item is stale: what to create is a new one, dated that day.
    let later = json(&root, &["--today", "2027-12-01"]);
    let news = rule_result(&later, "news");
    assert_eq!(news["outcome"], "partial", "{news}");
    assert_eq!(
        news["location"]["file"],
        "content/news/2027-12-01-novost.md"
    );
    assert_eq!(news["location"]["create"], true);
    let text = check(&root, &[]);
    assert!(
        text.contains("  content/appeal.md:1:1: ✗ appeal")
            && text.contains("создайте файл: content/appeal.md"),
        "{text}"
    );
}

/// A site kept in `repo/site/` of a git repository, checked from its own folder: CI formats
/// name files from the repository root, the text report from where it was run.
#[test]
fn ci_formats_name_files_from_the_repository_root() {
    let (work, root) = init_site("education", "Школа", &[]);
    std::fs::create_dir(work.path().join(".git")).unwrap();
    let starter = line_of(&root, "content/centres.md", "[Заполните");

    let sarif: Value = serde_json::from_str(&check(&root, &["--format", "sarif"])).unwrap();
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let centres = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "identity-centres")
        .unwrap();
    let physical = &centres["locations"][0]["physicalLocation"];
    assert_eq!(
        physical["artifactLocation"]["uri"],
        "site/content/centres.md"
    );
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(physical["region"]["startLine"], starter);
    let fp = centres["partialFingerprints"]["uslugi/v1"]
        .as_str()
        .unwrap();
    assert!(fp.starts_with("identity-centres/"), "{fp}");

    let junit = check(&root, &["--format", "junit"]);
    assert!(
        junit.contains(&format!(
            "file=\"site/content/centres.md\" line=\"{starter}\""
        )),
        "{junit}"
    );

    let cq: Value = serde_json::from_str(&check(&root, &["--format", "codequality"])).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/gitlab-codequality.json")).unwrap(),
    )
    .unwrap();
    validate_schema(&schema, &cq, "$");
    let issues = cq.as_array().unwrap();
    let centres = issues
        .iter()
        .find(|i| i["check_name"] == "identity-centres")
        .unwrap();
    assert_eq!(centres["location"]["path"], "site/content/centres.md");
    assert_eq!(centres["location"]["lines"]["begin"], starter);
    assert_eq!(centres["fingerprint"], fp);
    assert_eq!(centres["severity"], "major");
    let contacts = issues
        .iter()
        .find(|i| i["check_name"] == "contacts")
        .unwrap();
    assert_eq!(contacts["severity"], "critical");
    assert_eq!(contacts["location"]["path"], "site/site.toml");
    // The text report still names files from where it was run.
    assert!(check(&root, &[]).contains(&format!("  content/centres.md:{starter}:1: ~")));
}

#[test]
fn an_audited_site_keeps_page_addresses() {
    let site = fixture("audit/joomla");
    let out = uslugi(
        site.path(),
        &["audit", ".", "--today", TODAY, "--format", "json"],
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    for r in report["results"].as_array().unwrap() {
        assert!(r.get("location").is_none(), "{r}");
        assert!(
            r["fingerprint"]
                .as_str()
                .unwrap()
                .starts_with(r["id"].as_str().unwrap())
        );
    }
    let out = uslugi(
        site.path(),
        &["audit", ".", "--today", TODAY, "--format", "codequality"],
    );
    let cq: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!cq.as_array().unwrap().is_empty());
    // The page read, or the folder given for what no page carries.
    for i in cq.as_array().unwrap() {
        let path = i["location"]["path"].as_str().unwrap();
        assert!(path == "." || Path::new(path).is_absolute(), "{path}");
    }
}

/// The preview's to-do list and its status link follow an edit: the starter line removed,
/// the finding and the count go; the links stay on the preview's own server.
#[test]
fn the_preview_to_do_list_and_status_link_follow_an_edit() {
    let (_work, root) = init_site("education", "Школа", &[]);
    let server = preview::serve(&root, &[]);
    let port = server.port;
    let home = preview::wait_for_body(port, "/gosuslugi/", "uslugi-status");
    assert!(
        home.contains("href=\"/_uslugi/check\"")
            && home.contains("Не хватает ключевых материалов: 2 →"),
        "{home}"
    );
    let todo = preview::wait_for_body(port, "/_uslugi/check", "Что сделать");
    let centres = todo.find("identity-centres").unwrap();
    assert!(
        todo.contains("<code>content/centres.md</code>, строка"),
        "{todo}"
    );
    assert!(todo.contains("href=\"/gosuslugi/centres/\""), "{todo}");
    assert!(!todo.contains("href=\"https://example.ru/gosuslugi/centres/\""));
    // Missing before partial, passes folded below the list.
    let contacts = todo.find("contacts").unwrap();
    let done = todo.find("<details class=\"done\">").unwrap();
    assert!(contacts < centres && centres < done, "{todo}");

    let path = root.join("content/centres.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.contains("[Заполните")).collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    let home = preview::wait_for_body(port, "/gosuslugi/", "ключевых материалов: 1 →");
    assert!(home.contains("uslugi-status"), "{home}");
    let todo = preview::request(port, "/_uslugi/check").2;
    let todo_list = &todo[..todo.find("<details class=\"done\">").unwrap()];
    assert!(!todo_list.contains("identity-centres"), "{todo}");
    // The status link is the preview's: the build has none of it.
    let out = uslugi(&root, &["build", "--quiet", "-o", "public"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let built = std::fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(!built.contains("uslugi-status") && !built.contains("/_uslugi/"));
}
