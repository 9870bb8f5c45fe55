//! One clock, in the site's zone: «today» is the date where the organization is, read once
//! (or taken from `SOURCE_DATE_EPOCH`), and it reaches `init`, banner schedules and news
//! freshness alike. Russia spans eleven zones: at 23:30 UTC it is already tomorrow in Tomsk
//! and Vladivostok.

mod common;

use common::*;

/// 2026-03-09 23:30 UTC: 02:30 on the 10th in Moscow, 09:30 on the 10th in Vladivostok.
const LATE_EVENING_UTC: &str = "1773099000";
/// 2026-03-09 20:30 UTC: 23:30 on the 9th in Moscow, 06:30 on the 10th in Vladivostok.
const MOSCOW_EVENING: &str = "1773088200";

fn init_at(epoch: &str, zone: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = uslugi_with(
        dir.path(),
        &[
            "init",
            "site",
            "--profile",
            "education",
            "--org",
            "МБОУ СОШ № 1",
            "--timezone",
            zone,
        ],
        &[("SOURCE_DATE_EPOCH", epoch)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let news: Vec<String> = std::fs::read_dir(dir.path().join("site/content/news"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "_index.md")
        .collect();
    (dir, news)
}

#[test]
fn init_dates_the_first_news_item_in_the_sites_zone() {
    let (dir, news) = init_at(LATE_EVENING_UTC, "Asia/Vladivostok");
    assert_eq!(news, ["2026-03-10-razdel-otkryt.md"]);
    let toml = std::fs::read_to_string(dir.path().join("site/site.toml")).unwrap();
    assert!(toml.contains("timezone = \"Asia/Vladivostok\""), "{toml}");
    let item =
        std::fs::read_to_string(dir.path().join("site/content/news").join(&news[0])).unwrap();
    assert!(item.contains("date: 2026-03-10"), "{item}");
    // The same instant is still the 9th in UTC, and 20:30 UTC is still the 9th in Moscow.
    assert_eq!(
        init_at(LATE_EVENING_UTC, "UTC").1,
        ["2026-03-09-razdel-otkryt.md"]
    );
    assert_eq!(
        init_at(MOSCOW_EVENING, "Europe/Moscow").1,
        ["2026-03-09-razdel-otkryt.md"]
    );
    assert_eq!(
        init_at(MOSCOW_EVENING, "Asia/Vladivostok").1,
        ["2026-03-10-razdel-otkryt.md"]
    );
}

#[test]
fn init_and_site_toml_refuse_an_unknown_zone() {
    let dir = tempfile::tempdir().unwrap();
    let out = uslugi(
        dir.path(),
        &[
            "init",
            "s",
            "--profile",
            "mfc",
            "--org",
            "МФЦ",
            "--timezone",
            "Asia/Vladivostock",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `Asia/Vladivostok`"),
        "{}",
        stderr(&out)
    );
    let site = example_site();
    set_zone(site.path(), "Moscow");
    let out = uslugi(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown time zone `Moscow`"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("site.toml"), "{}", stderr(&out));
}

/// The example site with its home banner scheduled to start on 2026-03-10, in `zone`.
fn scheduled_site(zone: &str) -> tempfile::TempDir {
    let site = example_site();
    let manifest = std::fs::read_to_string(site.path().join("banners/banners.yaml")).unwrap();
    let manifest = manifest.replacen(
        "  placement: home\n",
        "  placement: home\n  start: 2026-03-10\n",
        1,
    );
    std::fs::write(site.path().join("banners/banners.yaml"), manifest).unwrap();
    set_zone(site.path(), zone);
    site
}

/// Puts `timezone = "<zone>"` into the site's site.toml, in place of any it had.
fn set_zone(root: &std::path::Path, zone: &str) {
    let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let mut out = String::new();
    for line in toml.lines().filter(|l| !l.starts_with("timezone")) {
        if line.starts_with("base_url") {
            out.push_str(&format!("timezone = \"{zone}\"\n"));
        }
        out.push_str(line);
        out.push('\n');
    }
    std::fs::write(root.join("site.toml"), out).unwrap();
}

fn home_has_banner(site: &std::path::Path, epoch: &str) -> bool {
    let out = uslugi_with(
        site,
        &["build", "-q", "-o", "out"],
        &[("SOURCE_DATE_EPOCH", epoch)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let home = std::fs::read_to_string(site.join("out/index.html")).unwrap();
    home.contains("banner banner-home")
}

#[test]
fn a_banner_starting_today_shows_where_it_is_already_today() {
    let far = scheduled_site("Asia/Vladivostok");
    assert!(
        home_has_banner(far.path(), MOSCOW_EVENING),
        "the 10th in Vladivostok"
    );
    let moscow = scheduled_site("Europe/Moscow");
    assert!(
        !home_has_banner(moscow.path(), MOSCOW_EVENING),
        "still the 9th in Moscow"
    );
    assert!(
        home_has_banner(moscow.path(), LATE_EVENING_UTC),
        "the 10th in Moscow too"
    );
}

#[test]
fn the_same_source_date_epoch_builds_byte_identical_sites() {
    let site = scheduled_site("Asia/Tomsk");
    let build = |dir: &str| {
        let out = uslugi_with(
            site.path(),
            &["build", "-q", "-o", dir],
            &[("SOURCE_DATE_EPOCH", LATE_EVENING_UTC)],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        snapshot(&site.path().join(dir))
    };
    let (one, two) = (build("one"), build("two"));
    assert!(one.len() > 15);
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (k, v) in &one {
        assert!(two[k] == *v, "{k} differs between builds");
    }
    assert!(String::from_utf8_lossy(&one["index.html"]).contains("banner banner-home"));
    let out = uslugi_with(site.path(), &["build"], &[("SOURCE_DATE_EPOCH", "вчера")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("SOURCE_DATE_EPOCH"),
        "{}",
        stderr(&out)
    );
}

/// News freshness counts from today in the site's zone: an item 180 days old on the 10th is
/// fresh where it is the 10th and still fresh where it is the 9th; one 181 days old on the
/// 10th is stale there.
#[test]
fn news_freshness_counts_from_the_sites_today() {
    let site = fixture("check-complete");
    let verdict = |zone: &str, epoch: &str| {
        set_zone(site.path(), zone);
        let out = uslugi_with(
            site.path(),
            &["check", "--format", "json"],
            &[("SOURCE_DATE_EPOCH", epoch)],
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let news = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "news")
            .unwrap()
            .clone();
        (
            report["date"].as_str().unwrap().to_string(),
            news["outcome"].as_str().unwrap().to_string(),
        )
    };
    let newest = newest_news_date(site.path());
    // The instant at which it is the 181st day after the newest item in Vladivostok but only
    // the 180th in Moscow: 20:30 UTC on the day before.
    let day181 = newest.checked_add(jiff_days(181)).unwrap();
    let epoch = epoch_of(day181.yesterday().unwrap(), 20, 30);
    assert_eq!(
        verdict("Europe/Moscow", &epoch),
        (day181.yesterday().unwrap().to_string(), "pass".into())
    );
    assert_eq!(
        verdict("Asia/Vladivostok", &epoch),
        (day181.to_string(), "partial".into())
    );
}

fn jiff_days(n: i64) -> uslugi_core::jiff::Span {
    uslugi_core::jiff::Span::new().days(n)
}

/// The date of the newest news item of the fixture.
fn newest_news_date(root: &std::path::Path) -> uslugi_core::jiff::civil::Date {
    let mut dates = Vec::new();
    for e in walk(&root.join("content")) {
        let text = std::fs::read_to_string(&e).unwrap();
        if let Some(line) = text.lines().find(|l| l.starts_with("date:")) {
            let value = line.trim_start_matches("date:").trim().trim_matches('"');
            dates.push(
                value[..10]
                    .parse::<uslugi_core::jiff::civil::Date>()
                    .unwrap(),
            );
        }
    }
    dates.into_iter().max().expect("the fixture has dated news")
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// Seconds since 1970 of `day` at `h:m` UTC.
fn epoch_of(day: uslugi_core::jiff::civil::Date, h: i8, m: i8) -> String {
    let dt = day.to_datetime(uslugi_core::jiff::civil::time(h, m, 0, 0));
    let ts = uslugi_core::jiff::tz::TimeZone::UTC
        .to_timestamp(dt)
        .unwrap();
    ts.as_second().to_string()
}
