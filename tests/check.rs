//! `uslugi check` end to end: every rule passes on a complete fixture site and fails on a
//! copy where its material is missing or present but hollow; exit codes, ignores, and every
//! report format parsed back.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const TODAY: &str = "2026-11-23";

fn remove(root: &Path, rel: &str) {
    let path = root.join(rel);
    if path.is_dir() {
        std::fs::remove_dir_all(path).unwrap();
    } else {
        std::fs::remove_file(path).unwrap();
    }
}

/// Runs `uslugi check --format json` and returns the exit code and the parsed report.
fn check_json(root: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    if !extra.contains(&"--today") {
        args.extend_from_slice(&["--today", TODAY]);
    }
    args.extend_from_slice(extra);
    let out = uslugi(root, &args);
    let code = out.status.code().unwrap();
    assert!(code == 0 || code == 1, "exit {code}: {}", stderr(&out));
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("bad JSON ({e}): {}", stderr(&out)));
    (code, json)
}

/// How many rules the catalog has.
fn report_len(root: &Path) -> usize {
    check_json(root, &[]).1["results"].as_array().unwrap().len()
}

fn outcome<'a>(report: &'a Value, id: &str) -> &'a str {
    rule_result(report, id)["outcome"].as_str().unwrap()
}

type Breakage = fn(&Path);

const EXTRA: &str = "content/extra.md";

/// Ways to break a copy of the complete fixture, each with the outcome it must give its rule:
/// `missing` (the material is gone) and, where a material can be present but hollow,
/// `partial`.
const BREAKAGES: &[(&str, &str, Breakage)] = &[
    ("section", "missing", |r| {
        write(
            r,
            "content/_index.md",
            "---\ntitle: Школа № 7\nkind: page\n---\nГлавная страница школы.\n",
        )
    }),
    ("section", "partial", |r| {
        write(
            r,
            "content/_index.md",
            "---\ntitle: Школа № 7\nkind: page\n---\nГлавная страница школы.\n",
        );
        write(
            r,
            "content/hidden/uslugi.md",
            "---\ntitle: Электронные услуги\n---\nРаздел, на который нет ссылки.\n",
        );
    }),
    ("banner-home", "missing", |r| {
        write(
            r,
            "templates/home.html",
            "<!DOCTYPE html><html lang=\"ru\"><head><title>{{ page.title }}</title></head><body><main><h1>{{ page.title }}</h1></main></body></html>",
        )
    }),
    ("banner-home", "partial", |r| {
        write(
            r,
            "templates/home.html",
            "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{% endblock main %}",
        )
    }),
    ("benefits", "missing", |r| remove(r, "content/benefits.md")),
    ("benefits", "partial", |r| {
        write(
            r,
            "content/benefits.md",
            "---\ntitle: Преимущества\nkind: benefits\n---\nПортал работает.\n",
        )
    }),
    ("services-list", "missing", |r| {
        remove(r, "content/services.md")
    }),
    ("services-list", "partial", |r| {
        write(
            r,
            "content/services.md",
            "---\ntitle: Услуги\nkind: services\n---\n[Одна услуга](https://www.gosuslugi.ru/x)\n",
        )
    }),
    ("registration", "missing", |r| {
        remove(r, "content/registration.md")
    }),
    ("registration", "partial", |r| {
        write(
            r,
            "content/registration.md",
            "---\ntitle: Регистрация\nkind: registration\n---\nЗарегистрируйтесь на портале, понадобится паспорт.\n",
        )
    }),
    ("identity-centres", "missing", |r| {
        remove(r, "content/centres.md")
    }),
    ("identity-centres", "partial", |r| {
        write(
            r,
            "content/centres.md",
            "---\ntitle: Центры обслуживания\nkind: centres\n---\nПриходите в школу на ул. Садовой.\n",
        )
    }),
    ("faq", "missing", |r| remove(r, "content/faq.md")),
    ("faq", "partial", |r| {
        write(
            r,
            "content/faq.md",
            "---\ntitle: Вопросы\nkind: faq\n---\n## Это платно?\n\nНет, бесплатно совсем.\n\n## Долго?\n\nНет, пятнадцать минут.\n\nМобильное приложение тоже есть.\n",
        )
    }),
    ("news", "missing", |r| remove(r, "content/news")),
    ("news", "partial", |r| {
        write(
            r,
            "content/news/priem.md",
            "---\ntitle: Приём\ndate: 2025-01-10\ntags: [\"электронные госуслуги\"]\n---\nСтарая новость.\n",
        )
    }),
    ("appeal", "missing", |r| remove(r, "content/appeal.md")),
    ("appeal", "partial", |r| {
        write(
            r,
            "content/appeal.md",
            "---\ntitle: Обжалование\nkind: appeal\n---\nОбращайтесь к директору.\n",
        )
    }),
    ("survey", "missing", |r| remove(r, "content/survey.md")),
    // A general feedback form is not a survey about e-services.
    ("survey", "missing", |r| {
        write(
            r,
            "content/survey.md",
            "---\ntitle: Обратная связь\nkind: survey\n---\nНапишите директору школы, мы ответим в течение недели.\n",
        )
    }),
    ("social-video", "missing", |r| remove(r, "content/media.md")),
    // The school's own community page is not material about e-services.
    ("social-video", "missing", |r| {
        write(
            r,
            "content/media.md",
            "---\ntitle: Мы в соцсетях\nkind: media\n---\n[Школа № 7 во ВКонтакте](https://vk.com/school7_example)\n",
        )
    }),
    // Starter text left by `uslugi init` still asks for the centres.
    ("identity-centres", "partial", |r| {
        write(
            r,
            "content/centres.md",
            "---\ntitle: Где подтвердить личность\nkind: centres\n---\nЦентры — на [карте портала](https://map.gosuslugi.ru/).\n\n[Заполните: перечислите центры района, а эту строку удалите.]\n",
        )
    }),
    // Questions that are not about e-services.
    ("faq", "partial", |r| {
        write(
            r,
            "content/faq.md",
            "---\ntitle: Вопросы и ответы\nkind: faq\n---\nМобильное приложение «Госуслуги» тоже удобно.\n\n## Когда каникулы?\n\nС 28 октября по 5 ноября.\n\n## Есть ли продлёнка?\n\nДа, до шести вечера.\n\n## Какая форма одежды?\n\nДеловой стиль, без джинсов.\n",
        )
    }),
    // Dated news, none of it about e-services.
    ("news", "missing", |r| {
        remove(r, "content/news");
        write(
            r,
            "content/news/_index.md",
            "---\ntitle: Новости\nkind: news\n---\n",
        );
        write(
            r,
            "content/news/kanikuly.md",
            "---\ntitle: Каникулы\ndate: 2026-11-01\n---\nОсенние каникулы начинаются.\n",
        );
    }),
    // A dated item about e-services, without the tag or the logo.
    ("news-tag", "partial", |r| {
        remove(r, "content/news");
        write(
            r,
            "content/news/_index.md",
            "---\ntitle: Новости\nkind: news\n---\n",
        );
        write(
            r,
            "content/news/zapis.md",
            "---\ntitle: Запись в первый класс\ndate: 2026-11-01\n---\nЗаявление о зачислении подают на портале госуслуг.\n",
        );
    }),
    ("mobile-app", "missing", |r| {
        write(
            r,
            "content/faq.md",
            "---\ntitle: Вопросы и ответы\nkind: faq\n---\n## Это платно?\n\nНет, бесплатно.\n\n## Долго ли?\n\nПятнадцать минут.\n\n## Забыл пароль?\n\nВосстановите на странице входа.\n",
        )
    }),
    ("contacts", "missing", |r| {
        write(
            r,
            "site.toml",
            "title = \"Госуслуги в школе\"\nbase_url = \"https://school7.example/uslugi/\"\nprofile = \"education\"\n[organization]\nname = \"Школа № 7\"\n",
        )
    }),
    ("a11y-img-alt", "partial", |r| {
        write(
            r,
            EXTRA,
            "---\ntitle: Фотографии\n---\n<img src=\"photo.jpg\">\n",
        )
    }),
    ("a11y-lang", "missing", |r| {
        let toml = std::fs::read_to_string(r.join("site.toml")).unwrap();
        write(r, "site.toml", format!("language = \"\"\n{toml}"));
    }),
    ("a11y-one-h1", "partial", |r| {
        write(
            r,
            EXTRA,
            "---\ntitle: Ещё страница\n---\n# Второй заголовок\n\nТекст.\n",
        )
    }),
    ("a11y-heading-order", "partial", |r| {
        write(
            r,
            EXTRA,
            "---\ntitle: Ещё страница\n---\n#### Сразу четвёртый уровень\n\nТекст.\n",
        )
    }),
    ("a11y-link-text", "partial", |r| {
        write(
            r,
            EXTRA,
            "---\ntitle: Ещё страница\n---\nПодробности [здесь](https://example.org/).\n",
        )
    }),
    ("a11y-form-labels", "partial", |r| {
        write(
            r,
            EXTRA,
            "---\ntitle: Поиск\n---\n<form><input name=\"q\"></form>\n",
        )
    }),
];

#[test]
fn the_complete_fixture_passes_every_rule() {
    let site = fixture("check-complete");
    let (code, report) = check_json(site.path(), &["--strict"]);
    assert_eq!(code, 0, "{report:#}");
    for r in report["results"].as_array().unwrap() {
        assert_eq!(r["outcome"], "pass", "{} does not pass: {r:#}", r["id"]);
        assert!(
            !r["evidence"].as_array().unwrap().is_empty(),
            "{} has no evidence",
            r["id"]
        );
    }
}

#[test]
fn every_rule_has_a_breakage_that_fails_it() {
    let site = fixture("check-complete");
    let (_, report) = check_json(site.path(), &[]);
    for r in report["results"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        assert!(
            BREAKAGES.iter().any(|(b, _, _)| *b == id),
            "rule {id} has no failing fixture in BREAKAGES"
        );
    }
}

#[test]
fn each_breakage_fails_its_rule_and_only_its_rule() {
    for (id, expected, breakage) in BREAKAGES {
        let site = fixture("check-complete");
        breakage(site.path());
        let (_, report) = check_json(site.path(), &[]);
        let r = rule_result(&report, id);
        assert_eq!(r["outcome"], *expected, "{id} ({expected}): {r:#}");
        if *expected == "partial" {
            assert!(
                !r["lacking"].as_array().unwrap().is_empty(),
                "{id}: partial without saying what is lacking"
            );
        }
        let others_failing: Vec<&str> = report["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["id"] != *id && r["outcome"] != "pass")
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert!(
            others_failing.len() <= 1,
            "{id} ({expected}): breaking it also broke {others_failing:?}"
        );
    }
}

#[test]
fn registration_partial_names_the_missing_levels() {
    let site = fixture("check-complete");
    write(
        site.path(),
        "content/registration.md",
        "---\ntitle: Регистрация\nkind: registration\n---\nНужны паспорт, СНИЛС и телефон. Учётная запись станет стандартной.\n",
    );
    let (_, report) = check_json(site.path(), &[]);
    let r = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "registration")
        .unwrap();
    let lacking = r["lacking"].to_string();
    assert!(
        lacking.contains("упрощённая") && lacking.contains("подтверждённая"),
        "{lacking}"
    );
    assert!(
        !lacking.contains("стандартная") && !lacking.contains("СНИЛС"),
        "{lacking}"
    );
}

#[test]
fn exit_codes_follow_severity_and_strict() {
    let site = fixture("check-complete");
    remove(site.path(), "content/survey.md");
    let (code, _) = check_json(site.path(), &[]);
    assert_eq!(
        code, 0,
        "a missing recommended material alone must not fail"
    );
    let (code, report) = check_json(site.path(), &["--strict"]);
    assert_eq!(code, 1);
    assert_eq!(report["totals"]["failing"], 1);
    remove(site.path(), "content/faq.md");
    let (code, report) = check_json(site.path(), &[]);
    assert_eq!(code, 1, "a missing required material must fail");
    assert_eq!(report["strict"], false);
    let (code, report) = check_json(site.path(), &["--profile", "mfc"]);
    assert_eq!(code, 1);
    assert_eq!(report["site"]["profile"], "mfc");
}

#[test]
fn ignores_need_a_known_rule_and_a_reason() {
    let site = fixture("check-complete");
    remove(site.path(), "content/survey.md");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    let with = |ignore: &str| {
        write(
            site.path(),
            "site.toml",
            format!("{toml}\n[check]\n{ignore}\n"),
        )
    };

    with("ignore = [{ rule = \"survey\", reason = \"опрос проводит управление образования\" }]");
    let (code, report) = check_json(site.path(), &["--strict"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(outcome(&report, "survey"), "ignored");
    let r = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "survey")
        .unwrap();
    assert_eq!(r["ignore_reason"], "опрос проводит управление образования");

    with("ignore = [{ rule = \"survey\" }]");
    let out = uslugi(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no reason") && stderr(&out).contains("site.toml:"),
        "{}",
        stderr(&out)
    );

    with("ignore = [{ rule = \"servey\", reason = \"нет\" }]");
    let out = uslugi(site.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean `survey`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn news_freshness_uses_the_configured_window() {
    let site = fixture("check-complete");
    let (_, report) = check_json(site.path(), &["--today", "2027-06-01"]);
    assert_eq!(outcome(&report, "news"), "partial");
    let toml = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    write(
        site.path(),
        "site.toml",
        format!("{toml}\n[check]\nnews_max_age_days = 365\n"),
    );
    let (_, report) = check_json(site.path(), &["--today", "2027-06-01"]);
    assert_eq!(outcome(&report, "news"), "pass");
}

#[test]
fn the_example_site_passes_its_profile_strictly() {
    let site = example_site();
    let before = snapshot(site.path());
    let (code, report) = check_json(site.path(), &["--strict"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        report["totals"]["pass"],
        report["results"].as_array().unwrap().len()
    );
    // `check` writes nothing but the report it is asked for: no image cache either.
    let after = snapshot(site.path());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(!site.path().join(".uslugi-cache").exists());
}

#[test]
fn json_report_matches_its_documented_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("schemas/check-report.v2.json")).unwrap(),
    )
    .unwrap();
    let site = fixture("check-complete");
    remove(site.path(), "content/faq.md");
    write(
        site.path(),
        "content/registration.md",
        "---\ntitle: Регистрация\nkind: registration\n---\nНужен паспорт.\n",
    );
    let (_, report) = check_json(site.path(), &[]);
    validate_schema(&schema, &report, "$");
    assert_eq!(report["schema_version"], 2);
}

#[test]
fn junit_and_sarif_parse_back() {
    let site = fixture("check-complete");
    remove(site.path(), "content/benefits.md");
    remove(site.path(), "content/survey.md");
    let out = uslugi(
        site.path(),
        &["check", "--format", "junit", "--today", TODAY],
    );
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), report_len(site.path()));
    let failed: Vec<_> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(failed[0].attribute("name").unwrap().starts_with("benefits"));
    let skipped = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("skipped")))
        .count();
    assert_eq!(
        skipped, 1,
        "the missing recommended survey is reported as skipped"
    );
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("failures"), Some("1"));

    let out = uslugi(
        site.path(),
        &["check", "--format", "sarif", "--today", TODAY, "--strict"],
    );
    let sarif: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), report_len(site.path()));
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["benefits", "survey"]);
    for r in results {
        assert_eq!(r["level"], "error");
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
    }
}

#[test]
fn html_and_text_reports() {
    let site = fixture("check-complete");
    remove(site.path(), "content/appeal.md");
    let out = uslugi(
        site.path(),
        &[
            "check",
            "--format",
            "html",
            "--today",
            TODAY,
            "-o",
            "reports/check.html",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = std::fs::read_to_string(site.path().join("reports/check.html")).unwrap();
    assert!(
        html.contains("<html lang=\"ru\">")
            && html.contains("Школа № 7")
            && html.contains("2026-11-23")
    );
    assert!(
        html.contains("Порядок досудебного обжалования")
            && html.contains("от 05.12.2014 № 4449/01-08")
            && html.contains("методические рекомендации, не обязательны")
            && html.contains("оценка uslugi"),
        "the source is a citation with its force"
    );
    assert!(
        !html.contains(".txt") && !html.contains("обязательно"),
        "no file names, no duties"
    );
    assert!(!html.contains("<script"));
    assert!(
        !site.path().join("public").exists(),
        "check must not write the site"
    );

    let out = uslugi(site.path(), &["check", "--today", TODAY]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\u{1b}'),
        "no colours when not on a terminal"
    );
    assert!(
        text.contains("✗ appeal") && text.contains("что сделать:") && text.contains("источник:"),
        "{text}"
    );
    assert!(
        text.contains("[ключевой материал]")
            && text.contains("№ 4449/01-08")
            && !text.contains(".txt"),
        "{text}"
    );
}
