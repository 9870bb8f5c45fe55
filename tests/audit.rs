//! `uslugi audit` end to end: CMS-style fixture sites against their expected verdicts,
//! audit and check agreeing on our own output, sites served over HTTP (including broken
//! ones) and the ranking.

mod common;
#[path = "common/server.rs"]
mod server;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use common::*;
use serde_json::Value;
use server::{Reply, serve};

const TODAY: &str = "2026-11-23";

fn outcomes(report: &Value) -> BTreeMap<String, String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn audit_json(cwd: &Path, target: &str, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["audit", target, "--format", "json", "--today", TODAY];
    args.extend_from_slice(extra);
    let out = uslugi(cwd, &args);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stderr(&out)));
    (out.status.code().unwrap(), json)
}

fn expected(site: &str) -> BTreeMap<String, String> {
    std::fs::read_to_string(
        repo()
            .join("tests/fixtures/audit")
            .join(site)
            .join("expected.txt"),
    )
    .unwrap()
    .lines()
    .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    .map(|l| {
        let (k, v) = l.split_once(' ').unwrap();
        (k.to_string(), v.trim().to_string())
    })
    .collect()
}

/// Every foreign-style site under `tests/fixtures/audit/` (Bitrix, Joomla, WordPress, Drupal
/// and UMI-like sites, hand-made windows-1251 and KOI8-R table layouts, a meta-refresh home, a
/// site full of traps, a complete modern one) against the verdict a person gives each
/// material in its `expected.txt`. Prints the accuracy; anything below 100 % fails.
#[test]
fn foreign_sites_get_the_verdicts_a_person_gives() {
    let root = repo().join("tests/fixtures/audit");
    let mut sites: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("expected.txt").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    sites.sort();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/check-report.v2.json")).unwrap(),
    )
    .unwrap();
    let (mut right, mut total) = (0, 0);
    let mut wrong = Vec::new();
    for site in &sites {
        let dir = root.join(site);
        let (code, report) = audit_json(&repo(), dir.to_str().unwrap(), &[]);
        let want = expected(site);
        assert_eq!(
            want.len(),
            report["results"].as_array().unwrap().len(),
            "{site}: expected.txt must list every rule"
        );
        for (rule, outcome) in outcomes(&report) {
            total += 1;
            if want.get(&rule) == Some(&outcome) {
                right += 1;
            } else {
                wrong.push(format!(
                    "{site} {rule}: got {outcome}, expected {:?}",
                    want.get(&rule)
                ));
            }
        }
        let failing = report["totals"]["failing"].as_u64().unwrap();
        assert_eq!(
            code,
            i32::from(failing > 0),
            "{site}: exit code follows key materials"
        );
        assert!(
            report["crawl"]["pages"].as_u64().unwrap() >= 3,
            "{site}: {:#}",
            report["crawl"]
        );
        assert!(report["crawl"]["failure"].is_null());
        validate_schema(&schema, &report, site);
    }
    println!(
        "audit accuracy: {right} of {total} verdicts on {} sites ({:.1} %)",
        sites.len(),
        100.0 * right as f64 / total as f64
    );
    assert!(
        sites.len() >= 10 && total >= 130,
        "{} sites, {total} verdicts",
        sites.len()
    );
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
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

fn wordpress_file(path: &str) -> Option<Vec<u8>> {
    let rel = path.split('?').next().unwrap().trim_start_matches('/');
    let dir = repo().join("tests/fixtures/audit/wordpress");
    let file = if rel.is_empty() || rel.ends_with('/') {
        dir.join(rel).join("index.html")
    } else {
        dir.join(rel)
    };
    std::fs::read(file).ok()
}

const TINY: &str = "<!DOCTYPE html><html lang=\"ru\"><head><title>Школа</title></head><body><h1>Школа</h1><a href=\"file.html\">Документ</a> <a href=\"big.html\">Большая страница</a> <a href=\"broken.html\">Битая</a> <a href=\"gone.html\">Удалена</a></body></html>";

#[test]
fn sites_over_http_including_broken_ones() {
    let wordpress = serve(|path| match wordpress_file(path) {
        Some(body) => Reply::Ok("text/html; charset=UTF-8", body),
        None => Reply::Status(404),
    });
    let server = serve(|path| match path {
        "/slow/" => Reply::Slow(Duration::from_secs(4), TINY.into()),
        "/down/" => Reply::Status(500),
        "/loop/" => Reply::Redirect("/loop/a".into()),
        "/loop/a" => Reply::Redirect("/loop/".into()),
        "/away/" => Reply::Redirect("https://elsewhere.example/".into()),
        "/odd/" => Reply::Ok("text/html", TINY.as_bytes().to_vec()),
        "/odd/file.html" => Reply::Ok("text/html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
        "/odd/big.html" => Reply::Huge(50 * 1024 * 1024),
        "/odd/broken.html" => Reply::Ok(
            "text/html",
            b"<html><body><h1>Unclosed <b><i><table><tr><td>cell<p>text".to_vec(),
        ),
        "/odd/gone.html" => Reply::Status(404),
        "/cp1251/" => {
            let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("<html lang=\"ru\"><head><title>Электронные услуги района</title></head><body><h1>Электронные услуги района</h1></body></html>");
            Reply::Ok("text/html; charset=windows-1251", bytes.into_owned())
        }
        _ => Reply::Status(404),
    });
    let work = tempfile::tempdir().unwrap();
    let list = format!(
        "# сайты района\n{}\tОбразование (WordPress)\n{}\tМедленный\n{}\tНе работает\n{}\n{}\tУходит на другой сайт\n{}\tСтранный\n{}\tВ кодировке 1251\n",
        wordpress.url("/"),
        server.url("/slow/"),
        server.url("/down/"),
        server.url("/loop/"),
        server.url("/away/"),
        server.url("/odd/"),
        server.url("/cp1251/"),
    );
    std::fs::write(work.path().join("sites.txt"), list).unwrap();
    let started = std::time::Instant::now();
    let out = uslugi(
        work.path(),
        &[
            "audit",
            "--list",
            "sites.txt",
            "--today",
            TODAY,
            "--timeout",
            "1",
            "--max-mb",
            "5",
            "--format",
            "json",
            "--out-dir",
            "reports",
            "--ranking",
            "ranking.csv",
        ],
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the run took {:?}",
        started.elapsed()
    );
    let served = server.requests.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        (7..100).contains(&served),
        "{served} requests to the misbehaving sites"
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let summary = String::from_utf8(out.stdout).unwrap();
    assert_eq!(summary.lines().count(), 7, "{summary}");
    let report = |name: &str| -> Value {
        serde_json::from_str(
            &std::fs::read_to_string(work.path().join("reports").join(format!("{name}.json")))
                .unwrap(),
        )
        .unwrap()
    };

    let wp = report("obrazovanie-wordpress");
    assert_eq!(
        outcomes(&wp),
        expected("wordpress"),
        "over HTTP the verdicts are those of the saved copy"
    );
    assert!(wp["crawl"]["failure"].is_null());
    let failure = |name: &str| {
        report(name)["crawl"]["failure"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        failure("medlennyy").contains("нет ответа"),
        "{}",
        failure("medlennyy")
    );
    assert!(
        failure("ne-rabotaet").contains("500"),
        "{}",
        failure("ne-rabotaet")
    );
    let loop_name = crate::loop_report_name(&server.url("/loop/"));
    assert!(
        failure(&loop_name).contains("по кругу"),
        "{}",
        failure(&loop_name)
    );
    assert!(
        failure("ukhodit-na-drugoy-sayt").contains("другой сайт"),
        "{}",
        failure("ukhodit-na-drugoy-sayt")
    );
    let down = report("ne-rabotaet");
    assert!(
        down["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["outcome"] == "missing" || r["outcome"] == "not_applicable")
    );

    let odd = report("strannyy");
    assert!(odd["crawl"]["failure"].is_null());
    let problems = odd["crawl"]["problems"].to_string();
    assert!(problems.contains("двоичный"), "{problems}");
    assert!(problems.contains("больше 5 МБ"), "{problems}");
    assert!(problems.contains("404"), "{problems}");
    assert_eq!(
        odd["crawl"]["pages"], 2,
        "home and the broken-HTML page are read: {problems}"
    );

    let cp = report("v-kodirovke-1251");
    assert_eq!(cp["site"]["title"], "Электронные услуги района");

    let csv = std::fs::read_to_string(work.path().join("ranking.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(';').collect())
        .collect();
    assert_eq!(rows.len(), 8, "{csv}");
    assert_eq!(rows[0][..4], ["Место", "Сайт", "Адрес", "Балл"]);
    assert_eq!(rows[0][5], "Раздел", "rule columns have Russian titles");
    assert_eq!(rows[0].len(), 5 + wp["results"].as_array().unwrap().len());
    assert_eq!(
        rows[1][1], "Образование (WordPress)",
        "the best site ranks first:\n{csv}"
    );
    let scores: Vec<f64> = rows[1..].iter().map(|r| r[3].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
}

/// The name the loop site's report file gets: its URL without the scheme, transliterated.
fn loop_report_name(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .replace(['.', ':', '/'], "-")
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
            .contains("not a folder")
    );
}

#[test]
fn robots_txt_is_respected_and_noted() {
    let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let log = asked.clone();
    let server = serve(move |path| {
        log.lock().unwrap().push(path.to_string());
        match path {
            "/robots.txt" => Reply::Ok(
                "text/plain",
                b"User-agent: *\nDisallow: /private/\nDisallow: /*.pdf$\n".to_vec(),
            ),
            "/" => Reply::Ok(
                "text/html; charset=utf-8",
                "<html lang=\"ru\"><body><h1>Школа</h1><a href=\"/uslugi/\">Электронные услуги</a> <a href=\"/private/a.html\">Закрытая</a> <a href=\"/private/b.html\">Ещё</a></body></html>".as_bytes().to_vec(),
            ),
            "/uslugi/" => Reply::Ok(
                "text/html; charset=utf-8",
                "<html lang=\"ru\"><body><h1>Электронные услуги</h1></body></html>".as_bytes().to_vec(),
            ),
            _ => Reply::Ok("text/html", b"<h1>secret</h1>".to_vec()),
        }
    });
    let work = tempfile::tempdir().unwrap();
    let (_, report) = audit_json(work.path(), &server.url("/"), &[]);
    let asked = asked.lock().unwrap().clone();
    assert!(asked.contains(&"/uslugi/".to_string()), "{asked:?}");
    assert!(
        !asked.iter().any(|p| p.starts_with("/private/")),
        "a disallowed page is not fetched: {asked:?}"
    );
    let problems = report["crawl"]["problems"].to_string();
    assert!(
        problems.contains("robots.txt просит не читать страниц: 2"),
        "{problems}"
    );
    assert_eq!(report["crawl"]["pages"], 2);
}

#[test]
fn hostile_pages_are_bounded_noted_and_the_crawl_goes_on() {
    let many_links: String = (0..10_000)
        .map(|i| format!("<a href=\"/p/{i}.html\">Страница {i}</a>\n"))
        .collect();
    let server = serve(move |path| {
        match path {
        "/" => Reply::Ok(
            "text/html; charset=utf-8",
            "<html lang=\"ru\"><body><h1>Школа</h1><a href=\"/lies.html\">Ложь</a> <a href=\"/slow.html\">Медленно</a> <a href=\"/links.html\">Ссылки</a> <a href=\"/cp/\">Кодировка</a></body></html>".as_bytes().to_vec(),
        ),
        // Says 100,000 bytes, sends a dozen.
        "/lies.html" => Reply::Raw(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n<h1>short</h1>".to_vec(),
        ),
        // One byte every half second: the request time runs out.
        "/slow.html" => Reply::Trickle(
            Duration::from_millis(500),
            "<html><body><h1>Очень медленная страница</h1></body></html>".as_bytes().to_vec(),
        ),
        "/links.html" => Reply::Ok(
            "text/html; charset=utf-8",
            format!("<html><body><h1>Все ссылки</h1>{many_links}</body></html>").into_bytes(),
        ),
        // Labelled windows-1251, really UTF-8.
        "/cp/" => Reply::Ok(
            "text/html; charset=windows-1251",
            "<html><head><title>Электронные услуги района</title></head><body><h1>Электронные услуги района</h1></body></html>".as_bytes().to_vec(),
        ),
        _ => Reply::Ok("text/html; charset=utf-8", b"<h1>page</h1>".to_vec()),
    }
    });
    let work = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let (_, report) = audit_json(
        work.path(),
        &server.url("/"),
        &["--timeout", "2", "--max-pages", "40", "--site-time", "30"],
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    assert!(report["crawl"]["failure"].is_null());
    let problems = report["crawl"]["problems"].to_string();
    assert!(
        problems.contains("lies.html"),
        "the lying length is noted: {problems}"
    );
    assert!(
        problems.contains("slow.html") && problems.contains("нет ответа"),
        "{problems}"
    );
    let pages = report["crawl"]["pages"].as_u64().unwrap();
    assert!(pages <= 40, "10,000 links stay within --max-pages: {pages}");
    assert!(pages >= 20, "and the crawl goes on: {pages}");
    let (_, cp) = audit_json(work.path(), &server.url("/cp/"), &[]);
    assert_eq!(
        cp["site"]["title"], "Электронные услуги района",
        "a lying charset label"
    );
}

/// A gzip body that inflates to `n` bytes of zeros.
fn gzip_bomb(n: usize) -> Vec<u8> {
    use std::io::Write as _;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![0u8; 1 << 20];
    for _ in 0..n / block.len() {
        enc.write_all(&block).unwrap();
    }
    enc.finish().unwrap()
}

#[test]
fn a_gzip_bomb_and_an_endless_page_stay_within_the_size_limit() {
    let bomb = gzip_bomb(64 << 20);
    assert!(
        bomb.len() < 128 << 10,
        "{} bytes inflate to 64 MB",
        bomb.len()
    );
    let server = serve(move |path| {
        match path {
        "/" => Reply::Ok(
            "text/html; charset=utf-8",
            "<html lang=\"ru\"><body><h1>Школа</h1><a href=\"/bomb.html\">Бомба</a> <a href=\"/endless.html\">Без конца</a> <a href=\"/ok.html\">Обычная</a></body></html>".as_bytes().to_vec(),
        ),
        "/bomb.html" => Reply::Gzip(bomb.clone()),
        "/endless.html" => Reply::Endless,
        _ => Reply::Ok("text/html; charset=utf-8", b"<h1>page</h1>".to_vec()),
    }
    });
    let work = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let (_, report) = audit_json(work.path(), &server.url("/"), &["--max-mb", "2"]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let problems = report["crawl"]["problems"].to_string();
    assert!(
        problems.contains("bomb.html") && problems.contains("больше 2 МБ"),
        "the bomb is cut at the limit: {problems}"
    );
    assert!(
        problems.contains("endless.html") && problems.matches("больше 2 МБ").count() == 2,
        "so is the endless page: {problems}"
    );
    assert_eq!(
        report["crawl"]["pages"], 2,
        "the home page and the ordinary one"
    );
}

#[test]
fn deeply_nested_and_amplifying_pages_are_read_in_bounds() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    common::write(
        root,
        "index.html",
        "<html><body><h1>Школа</h1><a href=\"deep.html\">Глубоко</a> <a href=\"dense.html\">Плотно</a></body></html>",
    );
    // 200,000 nested elements: the parser's cost grows with depth for every tag, so without a
    // depth limit this page alone took the audit an hour.
    let n = 200_000;
    common::write(
        root,
        "deep.html",
        format!(
            "<html><body>{}<h1>Глубокая страница</h1>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    );
    // Bold opened 200 times, then reopened by the parser in each of 100,000 paragraphs: a
    // tree hundreds of times the page's size unless it is cut.
    let opened: String = (0..200).map(|i| format!("<b id=\"b{i}\">")).collect();
    common::write(
        root,
        "dense.html",
        format!(
            "<html><body><p>{opened}{}</body></html>",
            "</p><p>x".repeat(100_000)
        ),
    );
    let (_, report) = audit_json(root, ".", &[]);
    assert_eq!(report["crawl"]["pages"], 3);
    let problems = report["crawl"]["problems"].to_string();
    assert!(
        problems.contains("dense.html") && problems.contains("не целиком"),
        "{problems}"
    );
    assert!(!problems.contains("deep.html"), "{problems}");
}
