//! `uslugi audit` end to end: CMS-style fixture sites against their expected verdicts,
//! audit and check agreeing on our own output, the ranking and bad usage. Sites served over
//! HTTP are in `audit_http.rs`.

mod common;
#[path = "common/verdicts.rs"]
mod verdicts;

use std::path::Path;

use common::*;
use serde_json::Value;
use verdicts::*;

/// How one corpus of fixture sites fared: verdicts right, and materials found on the page a
/// person names.
#[derive(Default)]
struct Score {
    sites: usize,
    right: usize,
    total: usize,
    pages_right: usize,
    pages_total: usize,
    wrong: Vec<String>,
}

impl Score {
    fn percent(a: usize, b: usize) -> f64 {
        if b == 0 {
            100.0
        } else {
            100.0 * a as f64 / b as f64
        }
    }

    fn line(&self, corpus: &str) -> String {
        format!(
            "audit accuracy, {corpus}: {} of {} verdicts on {} sites ({:.1} %); evidence on the expected page {} of {} ({:.1} %)",
            self.right,
            self.total,
            self.sites,
            Self::percent(self.right, self.total),
            self.pages_right,
            self.pages_total,
            Self::percent(self.pages_right, self.pages_total)
        )
    }
}

/// The fixture sites in `dir` (relative to `tests/fixtures/audit/`), by folder.
fn fixture_sites(dir: &str) -> Vec<String> {
    let root = repo().join("tests/fixtures/audit").join(dir);
    let mut sites: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("expected.txt").is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            }
        })
        .collect();
    sites.sort();
    sites
}

/// Audits every site of a corpus against what a person expects of it.
fn score(sites: &[String], schema: &Value) -> Score {
    let mut score = Score::default();
    for site in sites {
        score.sites += 1;
        let dir = repo().join("tests/fixtures/audit").join(site);
        let (code, report) = audit_json(&repo(), dir.to_str().unwrap(), &[]);
        let want = expected_pages(site);
        assert_eq!(
            want.len(),
            report["results"].as_array().unwrap().len(),
            "{site}: expected.txt must list every rule"
        );
        for r in report["results"].as_array().unwrap() {
            let rule = r["id"].as_str().unwrap();
            let outcome = r["outcome"].as_str().unwrap();
            let expected = &want[rule];
            score.total += 1;
            if expected.outcome == outcome {
                score.right += 1;
            } else {
                score.wrong.push(format!(
                    "{site} {rule}: got {outcome}, expected {}",
                    expected.outcome
                ));
            }
            if let Some(page) = &expected.page {
                score.pages_total += 1;
                let file = dir.join(page);
                let on_page = r["evidence"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|e| Path::new(e.as_str().unwrap()) == file);
                if on_page {
                    score.pages_right += 1;
                } else {
                    score.wrong.push(format!(
                        "{site} {rule}: evidence {}, expected {page}",
                        r["evidence"]
                    ));
                }
            }
        }
        let unread = want
            .values()
            .all(|e| e.outcome == "unread" || e.outcome == "not_applicable");
        if unread {
            assert!(!report["crawl"]["failure"].is_null(), "{site}: read");
            assert_eq!(code, 1, "{site}: a site nobody could read exits 1");
        } else {
            let failing = report["totals"]["failing"].as_u64().unwrap();
            assert_eq!(
                code,
                i32::from(failing > 0),
                "{site}: exit code follows key materials"
            );
            assert!(
                report["crawl"]["failure"].is_null(),
                "{site}: {:#}",
                report["crawl"]
            );
        }
        validate_schema(schema, &report, site);
    }
    score
}

/// Every fixture site under `tests/fixtures/audit/` against the verdict a person gives each
/// material in its `expected.txt`, and the page that shows it: the made-up sites (CMS styles,
/// code pages, traps, and the patterns real sites are built in: framesets, pages saved from
/// query addresses, anti-bot checks, other words, false friends) and, under `real/`, pages
/// that developers wrote for real Russian official sites. Prints the accuracy of each corpus;
/// the made-up ones must be all right, the real ones at least 95 %.
#[test]
fn foreign_sites_get_the_verdicts_a_person_gives() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/check-report.v2.json")).unwrap(),
    )
    .unwrap();
    let made_up = score(&fixture_sites(""), &schema);
    let real_sites = fixture_sites("real");
    let real = score(&real_sites, &schema);
    // Written past the test harness's capture, so that every `cargo test` shows them.
    let mut shown = made_up.line("made-up sites") + "\n" + &real.line("real sites") + "\n";
    for w in &real.wrong {
        shown += &format!("  real: {w}\n");
    }
    std::io::Write::write_all(&mut std::io::stderr(), shown.as_bytes()).unwrap();
    assert!(
        made_up.sites >= 15 && made_up.total >= 300,
        "{} sites",
        made_up.sites
    );
    assert!(
        made_up.wrong.is_empty(),
        "wrong on made-up sites:\n{}",
        made_up.wrong.join("\n")
    );
    assert!(real.sites >= 20, "{} real sites", real.sites);
    assert!(
        Score::percent(real.right, real.total) >= 95.0
            && Score::percent(real.pages_right, real.pages_total) >= 95.0,
        "real sites:\n{}",
        real.wrong.join("\n")
    );
}

#[test]
fn windows_1251_and_koi8_r_pages_decode() {
    let dir = repo().join("tests/fixtures/audit/bitrix");
    let (_, report) = audit_json(&repo(), dir.to_str().unwrap(), &[]);
    assert_eq!(report["site"]["title"], "Администрация Заречного района");
    let dir = repo().join("tests/fixtures/audit/tables");
    let (_, report) = audit_json(&repo(), dir.to_str().unwrap(), &[]);
    assert_eq!(report["site"]["title"], "Детский сад N 12 \"Солнышко\"");
}

/// Auditing what `uslugi build` wrote gives the verdicts `uslugi check` gives on the source.
#[test]
fn audit_of_our_output_agrees_with_check() {
    type Change = fn(&Path);
    let cases: [(&str, Change); 4] = [
        ("example", |_| {}),
        ("complete", |_| {}),
        ("complete, no faq, hollow registration", |r| {
            std::fs::remove_file(r.join("content/faq.md")).unwrap();
            std::fs::write(
                r.join("content/registration.md"),
                "---\ntitle: Регистрация\nkind: registration\n---\nНужен паспорт.\n",
            )
            .unwrap();
        }),
        ("complete, old news, vague link", |r| {
            std::fs::write(r.join("content/news/priem.md"), "---\ntitle: Приём\ndate: 2025-01-10\ntags: [\"электронные госуслуги\"]\n---\nСтарая новость, [подробнее](https://example.org/).\n").unwrap();
        }),
    ];
    for (name, change) in cases {
        let site = if name == "example" {
            example_site()
        } else {
            fixture("check-complete")
        };
        change(site.path());
        let check = uslugi(
            site.path(),
            &[
                "check",
                "--format",
                "json",
                "--today",
                TODAY,
                "--profile",
                "municipal",
            ],
        );
        let check: Value = serde_json::from_slice(&check.stdout)
            .unwrap_or_else(|_| panic!("{name}: {}", stderr(&check)));
        build_ok(site.path(), &[]);
        let (_, audit) = audit_json(site.path(), "public", &["--profile", "municipal"]);
        assert_eq!(
            outcomes(&audit),
            outcomes(&check),
            "{name}: audit and check disagree"
        );
        assert_eq!(
            audit["totals"]["failing"], check["totals"]["failing"],
            "{name}"
        );
    }
}

#[test]
fn ranking_html_is_sortable_and_printable() {
    let work = tempfile::tempdir().unwrap();
    let fixtures = repo().join("tests/fixtures/audit");
    let out = uslugi(
        work.path(),
        &[
            "audit",
            fixtures.join("joomla").to_str().unwrap(),
            fixtures.join("tables").to_str().unwrap(),
            "--today",
            TODAY,
            "--ranking",
            "out/ranking.html",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let html = std::fs::read_to_string(work.path().join("out/ranking.html")).unwrap();
    assert!(
        html.contains("<html lang=\"ru\">")
            && html.contains("<button type=\"button\">Балл</button>")
    );
    assert!(html.contains("@media print") && html.contains("addEventListener('click'"));
    let joomla = html.find("joomla").unwrap();
    let tables = html.find("tables").unwrap();
    assert!(
        joomla < tables,
        "joomla has the higher score and comes first"
    );
    // The scores as an accessible chart, with the table as the full record.
    let doc = scraper::Html::parse_document(&html);
    let names: Vec<String> = doc
        .select(&scraper::Selector::parse("tbody td a").unwrap())
        .map(|a| a.text().collect())
        .collect();
    assert_eq!(
        names,
        ["joomla", "tables"],
        "sites are named by their folder, not its path"
    );
    let svg = doc
        .select(&scraper::Selector::parse("svg[role=img]").unwrap())
        .next()
        .expect("an SVG chart");
    let labelled = svg.value().attr("aria-labelledby").unwrap();
    for id in labelled.split_whitespace() {
        assert!(
            doc.select(&scraper::Selector::parse(&format!("#{id}")).unwrap())
                .next()
                .is_some(),
            "{id} names the chart"
        );
    }
    let bars = svg
        .select(&scraper::Selector::parse("rect").unwrap())
        .count();
    assert_eq!(bars, 4, "a bar and its frame per site");
    let desc: String = svg
        .select(&scraper::Selector::parse("desc").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(desc.contains("joomla") && desc.contains("tables"), "{desc}");
    assert!(
        html.contains("Это не официальный рейтинг"),
        "the page says what the score is not"
    );
    assert!(html.contains("<th scope=\"col\"><button type=\"button\" title=\"Баннер-ссылка на портал госуслуг на главной странице\">Баннер</button></th>"));
}

#[test]
fn bad_audit_usage_exits_2() {
    let work = tempfile::tempdir().unwrap();
    for args in [
        vec!["audit"],
        vec!["audit", "ftp://example.org/"],
        vec!["audit", ".", "--ranking", "rank.pdf"],
        vec!["audit", "--list", "missing.txt"],
    ] {
        let out = uslugi(work.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(!stderr(&out).is_empty());
    }
    let missing = uslugi(
        work.path(),
        &[
            "audit",
            "no-such-folder",
            "--format",
            "json",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(missing.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&missing.stdout).unwrap();
    assert!(
        report["crawl"]["failure"]
            .as_str()
            .unwrap()
            .contains("такой папки нет")
    );
}
