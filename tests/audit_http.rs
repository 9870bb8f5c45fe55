//! `uslugi audit` over HTTP: a site served live gets the verdicts of its saved copy, and
//! sites that misbehave — slow, failing, redirecting, huge, compressed, endless, nested,
//! asking robots to stay out — are bounded, named in their reports, and never stop the run.

mod common;
#[path = "common/server.rs"]
mod server;
#[path = "common/verdicts.rs"]
mod verdicts;

use std::time::Duration;

use common::*;
use serde_json::Value;
use server::{Reply, Server, serve};
use verdicts::*;

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
    let server = misbehaving_sites();
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
    each_failure_named(&report, &server.url("/loop/"));
    let csv = std::fs::read_to_string(work.path().join("ranking.csv")).unwrap();
    ranking_best_first(&csv, wp["results"].as_array().unwrap().len());
}

/// Sites that misbehave each in one way: slow, failing, redirecting in a loop or away, with
/// odd pages (binary, huge, broken, gone), and in Windows-1251.
fn misbehaving_sites() -> Server {
    serve(|path| match path {
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
    })
}

/// Each site that could not be read says why in its report, and the odd pages are noted.
fn each_failure_named(report: &dyn Fn(&str) -> Value, loop_url: &str) {
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
    let loop_name = crate::loop_report_name(loop_url);
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
    // A site nobody could read is not judged: every material «unread», none «missing».
    let down = report("ne-rabotaet");
    assert!(
        down["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["outcome"] == "unread" || r["outcome"] == "not_applicable")
    );
    assert_eq!(down["totals"]["missing"], 0);

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
}

/// The ranking lists every site with Russian rule titles, best first, scores within 0–1.
fn ranking_best_first(csv: &str, rules: usize) {
    let rows: Vec<Vec<&str>> = csv
        .trim_start_matches('\u{feff}')
        .lines()
        .map(|l| l.split(';').collect())
        .collect();
    assert_eq!(rows.len(), 8, "{csv}");
    assert_eq!(rows[0][..4], ["Место", "Сайт", "Адрес", "Балл"]);
    assert_eq!(rows[0][5], "Раздел", "rule columns have Russian titles");
    assert_eq!(rows[0].len(), 5 + rules);
    assert_eq!(
        rows[1][1], "Образование (WordPress)",
        "the best site ranks first:\n{csv}"
    );
    // Sites that were read have a place and a score, best first; those that could not be
    // read come after them with neither, «не проверен» in every material's column.
    let (read, unread): (Vec<_>, Vec<_>) = rows[1..].iter().partition(|r| !r[0].is_empty());
    let scores: Vec<f64> = read.iter().map(|r| r[3].parse().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)));
    assert_eq!(read.len() + unread.len(), 7);
    assert!(!unread.is_empty(), "{csv}");
    let first_unread = rows.iter().position(|r| r[0].is_empty()).unwrap();
    assert!(
        rows[first_unread..].iter().all(|r| r[0].is_empty()),
        "{csv}"
    );
    for r in unread {
        assert!(r[3].is_empty() && r[4].starts_with("не проверен"), "{r:?}");
        assert!(
            r[5..]
                .iter()
                .all(|c| *c == "не проверен" || *c == "не применяется"),
            "{r:?}"
        );
    }
}

/// The name the loop site's report file gets: its URL without the scheme, transliterated.
fn loop_report_name(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .replace(['.', ':', '/'], "-")
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
        // Each its own page: one text under two addresses is read once.
        other => Reply::Ok("text/html; charset=utf-8", format!("<h1>{other}</h1>").into_bytes()),
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
        // Each its own page: one text under two addresses is read once.
        other => Reply::Ok("text/html; charset=utf-8", format!("<h1>{other}</h1>").into_bytes()),
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

/// A site behind an anti-bot check (served with 200, as such services do on loopback) and
/// one that refuses with 403 are not read: no score, no place in the ranking, «не проверен»
/// in every column, a group of their own below it, and why.
#[test]
fn checks_and_refusals_are_not_read_not_missing() {
    let server = serve(|path| {
        match path {
        "/guard/" => Reply::Ok(
            "text/html; charset=utf-8",
            b"<!DOCTYPE html><html><head><title>DDoS-Guard</title><script src=\"/.well-known/ddos-guard/js-challenge/index.js\"></script></head><body><div><h1>\xd0\x9f\xd1\x80\xd0\xbe\xd0\xb2\xd0\xb5\xd1\x80\xd0\xba\xd0\xb0 \xd0\xb1\xd1\x80\xd0\xb0\xd1\x83\xd0\xb7\xd0\xb5\xd1\x80\xd0\xb0 \xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5\xd0\xb4 \xd0\xbf\xd0\xb5\xd1\x80\xd0\xb5\xd1\x85\xd0\xbe\xd0\xb4\xd0\xbe\xd0\xbc \xd0\xbd\xd0\xb0 \xd1\x81\xd0\xb0\xd0\xb9\xd1\x82</h1></div></body></html>".to_vec(),
        ),
        "/refuses/" => Reply::Status(403),
        "/school/" => Reply::Ok(
            "text/html; charset=utf-8",
            TINY.as_bytes().to_vec(),
        ),
        _ => Reply::Status(404),
    }
    });
    let work = tempfile::tempdir().unwrap();
    let list = format!(
        "{}\tЗа защитой\n{}\tОтказывает\n{}\tШкола\n",
        server.url("/guard/"),
        server.url("/refuses/"),
        server.url("/school/")
    );
    std::fs::write(work.path().join("sites.txt"), list).unwrap();
    let out = uslugi(
        work.path(),
        &[
            "audit",
            "--list",
            "sites.txt",
            "--today",
            TODAY,
            "--format",
            "json",
            "--out-dir",
            "reports",
            "--ranking",
            "ranking.html",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report = |name: &str| -> Value {
        let file = work.path().join("reports").join(format!("{name}.json"));
        serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
    };
    for (name, why) in [("za-zashchitoy", "DDoS-Guard"), ("otkazyvaet", "403")] {
        let r = report(name);
        let failure = r["crawl"]["failure"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(failure.contains(why), "{name}: {failure}");
        assert_eq!(r["totals"]["missing"], 0, "{name}");
        assert_eq!(r["totals"]["failing"], 0, "{name}");
        assert!(r["totals"]["unread"].as_u64().unwrap() >= 13, "{name}");
    }
    assert!(report("shkola")["crawl"]["failure"].is_null());
    let summary = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = summary.lines().collect();
    assert!(
        lines[0].contains("Школа") && lines[0].starts_with("0."),
        "{summary}"
    );
    assert!(
        lines[1..].iter().all(|l| l.contains("не проверен")),
        "{summary}"
    );
    let html = std::fs::read_to_string(work.path().join("ranking.html")).unwrap();
    let (ranked, below) = html.split_once("<h2>Не удалось проверить</h2>").unwrap();
    assert!(ranked.contains(">Школа<") && !ranked.contains("За защитой"));
    assert!(below.contains("За защитой") && below.contains("Отказывает"));
    assert!(below.contains("DDoS-Guard") && below.contains("403"));
}
