//! `uslugi audit --history` and `uslugi history` as a regional officer uses them: two
//! quarterly runs over folders of saved sites, one of which fixed a material and one of
//! which lost its section, then what changed in text, JSON and HTML; two audits writing one
//! history at once; files that are not ours, or are from a newer uslugi, refused.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

/// Two saved sites in `dir`, listed in `dir/sites.txt`.
fn region(dir: &Path) {
    copy_dir(
        &repo().join("tests/fixtures/audit/wordpress"),
        &dir.join("school5"),
    );
    copy_dir(
        &repo().join("tests/fixtures/audit/joomla"),
        &dir.join("school6"),
    );
    write(dir, "sites.txt", "school5\tШкола № 5\nschool6\tШкола № 6\n");
}

/// `audit --quiet --list sites.txt` with `extra`, which must run (exit 0 or 1).
fn audit_list(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["audit", "--quiet", "--list", "sites.txt"];
    args.extend_from_slice(extra);
    let out = uslugi(dir, &args);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    out
}

/// The region audited on `today`, recorded in region.db.
fn audit(dir: &Path, today: &str) -> std::process::Output {
    audit_list(dir, &["--history", "region.db", "--today", today])
}

fn history(dir: &Path, extra: &[&str]) -> String {
    let mut args = vec!["history", "region.db"];
    args.extend_from_slice(extra);
    let out = uslugi(dir, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_quarter_later_the_officer_sees_who_got_worse() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    region(dir);
    audit(dir, "2026-09-01");
    // Before the next quarter, school6 loses its e-services page; school5 is unchanged.
    let before = history_json_after_second_run(dir);
    let sites = before["sites"].as_array().unwrap();
    let worse = &sites[0];
    assert_eq!(worse["name"], "Школа № 6", "{before:#}");
    assert!(worse["delta"].as_f64().unwrap() < 0.0);
    assert!(!worse["lost"].as_array().unwrap().is_empty());
    let text = history(dir, &[]);
    assert!(
        text.starts_with(
            "Что изменилось с проверки 1 (на 2026-09-01) по проверку 2 (на 2026-12-01)"
        ),
        "{text}"
    );
    let worse_at = text.find("Стало хуже (1)").unwrap();
    assert!(text[worse_at..].contains("Школа № 6"), "{text}");
    let html = history(dir, &["--format", "html"]);
    assert!(html.contains("<html lang=\"ru\">") && html.contains("Школа № 6"));
    // --from/--to pick runs by the date they judged on.
    let same = history(dir, &["--from", "2026-10-01", "--to", "2026-12-31"]);
    assert_eq!(same, text);
    let out = uslugi(dir, &["history", "region.db", "--to", "2026-08-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no run judged on or before 2026-08-01"),
        "{}",
        stderr(&out)
    );
}

fn history_json_after_second_run(dir: &Path) -> Value {
    let page = dir.join("school6");
    for entry in std::fs::read_dir(&page).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            std::fs::write(&path, text.replace("gosuslugi.ru", "example.org")).unwrap();
        }
    }
    audit(dir, "2026-12-01");
    serde_json::from_str(&history(dir, &["--format", "json"])).unwrap()
}

#[test]
fn two_audits_recording_into_one_file_at_once_both_land() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().to_path_buf();
    region(&dir);
    let runs: Vec<_> = (0..3)
        .map(|i| {
            let dir = dir.clone();
            std::thread::spawn(move || audit(&dir, &format!("2026-12-0{}", i + 1)))
        })
        .collect();
    for r in runs {
        r.join().unwrap();
    }
    let json: Value = serde_json::from_str(&history(&dir, &["--format", "json"])).unwrap();
    // Three runs recorded: the last compares with the one before.
    assert_eq!(
        json["to"]["id"].as_i64().unwrap() - json["from"]["id"].as_i64().unwrap(),
        1
    );
    assert_eq!(json["sites"].as_array().unwrap().len(), 2, "{json:#}");
}

#[test]
fn history_files_that_cannot_be_read_are_refused_clearly() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let out = uslugi(dir, &["history", "none.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("audit … --history none.db"),
        "{}",
        stderr(&out)
    );
    write(dir, "notes.db", "заметки, а не история ".repeat(200));
    let out = uslugi(dir, &["history", "notes.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a history file"),
        "{}",
        stderr(&out)
    );
    region(dir);
    audit(dir, "2026-12-01");
    let out = uslugi(dir, &["history", "region.db"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("only one run"), "{}", stderr(&out));
}

/// The workbook read back by an independent reader (calamine, the import's reader, not the
/// writer): three sheets, scores as numbers, dates as dates, outcomes as words.
#[test]
fn the_workbook_has_the_ranking_the_changes_and_what_the_score_means() {
    use calamine::{Data, Reader};
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    region(dir);
    audit(dir, "2026-09-01");
    history_json_after_second_run(dir);
    let out = uslugi(dir, &["history", "region.db", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2), "xlsx needs -o");
    history(dir, &["--format", "xlsx", "-o", "changes.xlsx"]);
    let mut book = calamine::open_workbook_auto(dir.join("changes.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Рейтинг", "Изменения", "Пояснения"]);
    let ranking = book.worksheet_range("Рейтинг").unwrap();
    assert_eq!(ranking.get((0, 0)), Some(&Data::String("Место".into())));
    assert_eq!(
        ranking.get((0, 4)),
        Some(&Data::String("Изменение с прошлой проверки".into()))
    );
    assert_eq!(ranking.height(), 3, "a header and two sites");
    assert!(matches!(ranking.get((1, 0)), Some(Data::Float(p)) if *p == 1.0));
    assert!(matches!(ranking.get((1, 3)), Some(Data::Float(s)) if (0.0..=1.0).contains(s)));
    let Some(Data::DateTime(when)) = ranking.get((1, 5)) else {
        panic!("the date is not a date: {:?}", ranking.get((1, 5)));
    };
    assert!(when.is_datetime());
    assert_eq!(when.as_f64(), 46357.0, "1 December 2026");
    let words: Vec<String> = (6..ranking.width())
        .map(|c| ranking.get((1, c)).unwrap().to_string())
        .collect();
    assert!(
        words
            .iter()
            .all(|w| ["есть", "частично", "нет", "не применяется"].contains(&w.as_str())),
        "{words:?}"
    );
    let changes = book.worksheet_range("Изменения").unwrap();
    assert_eq!(changes.get((1, 0)), Some(&Data::String("Школа № 6".into())));
    assert!(matches!(changes.get((1, 4)), Some(Data::Float(d)) if *d < 0.0));
    let notes = book.worksheet_range("Пояснения").unwrap();
    let text: Vec<String> = notes.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("от 05.12.2014 № 4449/01-08")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|t| t.contains("не официальный рейтинг")),
        "{text:?}"
    );
}

/// `audit --shard K/N` of the region's list, judged on `day`, its JSON reports written to
/// `reports-K`.
fn shard(dir: &Path, k: &str, day: &str) {
    let reports = format!("reports-{}", &k[..1]);
    audit_list(
        dir,
        &[
            "--shard",
            k,
            "--format",
            "json",
            "--out-dir",
            &reports,
            "--today",
            day,
        ],
    );
}

/// A list split between two CI jobs, each auditing its shard into JSON reports, recorded as
/// one run by `history import`: the same verdicts as one audit of the whole list.
#[test]
fn shards_of_a_list_are_recorded_as_one_run() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    region(dir);
    for k in ["1/2", "2/2"] {
        shard(dir, k, "2026-12-01");
        let n = std::fs::read_dir(dir.join(format!("reports-{}", &k[..1])))
            .unwrap()
            .count();
        assert_eq!(n, 1, "shard {k} audits one of the two sites");
    }
    let out = uslugi(
        dir,
        &["history", "import", "region.db", "reports-1", "reports-2"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Recorded 2 site(s) from 2 report(s) as run 1"),
        "{}",
        stderr(&out)
    );
    audit(dir, "2026-12-01");
    let json: Value = serde_json::from_str(&history(dir, &["--format", "json"])).unwrap();
    for s in json["sites"].as_array().unwrap() {
        assert_eq!(s["delta"].as_f64(), Some(0.0), "{s}");
        assert!(
            s["lost"].as_array().unwrap().is_empty() && s["gained"].as_array().unwrap().is_empty(),
            "{s}"
        );
    }
    assert!(json["new_sites"].as_array().unwrap().is_empty(), "{json:#}");
}

/// A shard that does not exist, and reports of two different dates, are refused.
#[test]
fn bad_shards_and_mixed_reports_are_refused() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    region(dir);
    let out = uslugi(dir, &["audit", "--list", "sites.txt", "--shard", "3/2"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("1 ≤ K ≤ N"), "{}", stderr(&out));
    for (k, day) in [("1/2", "2026-12-01"), ("2/2", "2026-12-02")] {
        shard(dir, k, day);
    }
    let out = uslugi(
        dir,
        &["history", "import", "region.db", "reports-1", "reports-2"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("one run is one date and profile"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("region.db").exists(), "nothing is recorded");
}

/// `audit --ranking FILE.xlsx`: with a history, the workbook has the change since the last
/// run and the changes sheet; without one, the ranking and the notes.
#[test]
fn the_audit_ranking_workbook_shows_the_change_when_there_is_a_history() {
    use calamine::{Data, Reader};
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    region(dir);
    let run = |extra: &[&str]| {
        let mut args = vec!["--ranking", "ranking.xlsx"];
        args.extend_from_slice(extra);
        audit_list(dir, &args);
        calamine::open_workbook_auto(dir.join("ranking.xlsx")).unwrap()
    };
    let book: calamine::Sheets<_> = run(&["--today", "2026-09-01"]);
    assert_eq!(book.sheet_names(), ["Рейтинг", "Пояснения"]);
    run(&["--today", "2026-09-01", "--history", "region.db"]);
    let mut book = run(&["--today", "2026-12-01", "--history", "region.db"]);
    assert_eq!(book.sheet_names(), ["Рейтинг", "Изменения", "Пояснения"]);
    let ranking = book.worksheet_range("Рейтинг").unwrap();
    for row in 1..ranking.height() {
        assert!(
            matches!(ranking.get((row, 4)), Some(Data::Float(_))),
            "row {row}: {:?}",
            ranking.get((row, 4))
        );
    }
    let out = uslugi(
        dir,
        &["audit", "--list", "sites.txt", "--ranking", "ranking.ods"],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The HTML ranking with a history: the change column, each site's line over the runs, and
/// the region's chart with its figures in a table.
#[test]
fn the_html_ranking_shows_trends_when_there_is_a_history() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    region(dir);
    let run = |day: &str| {
        audit_list(
            dir,
            &[
                "--history",
                "region.db",
                "--ranking",
                "ranking.html",
                "--today",
                day,
            ],
        );
        std::fs::read_to_string(dir.join("ranking.html")).unwrap()
    };
    run("2026-06-01");
    run("2026-09-01");
    let html = run("2026-12-01");
    assert!(html.contains("Изменение с прошлой проверки"), "{html}");
    assert!(
        html.contains("Как меняется регион")
            && html.contains("aria-labelledby=\"trend-title trend-desc\"")
    );
    assert!(html.contains("<th scope=\"row\">Средний балл сайтов</th>"));
    assert_eq!(
        html.matches("class=\"spark\"").count(),
        2,
        "a line per site"
    );
    assert!(html.contains("aria-label=\"Балл по проверкам: "), "{html}");
    assert!(html.contains("class=\"table-scroll\" role=\"region\""));
    // Without a history, the page has none of it.
    audit_list(dir, &["--ranking", "plain.html"]);
    let plain = std::fs::read_to_string(dir.join("plain.html")).unwrap();
    assert!(!plain.contains("Изменение с прошлой проверки") && !plain.contains("class=\"spark\""));
}
