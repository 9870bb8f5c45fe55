//! Indicator charts: `data/indicators.yaml` and ```` ```indicator ```` blocks. The chart is an
//! accessible SVG with the same figures in a table; bad data fails the build at its line.

mod common;

use std::path::Path;

use common::*;
use scraper::{Html, Selector};

const SERIES: &str = "- id: dolya\n  title: Доля граждан, получающих услуги в электронной форме\n  unit: \"%\"\n  source: Распоряжение № 451-р/адм\n  sample: true\n  points:\n    - { period: 2015-Q3, target: 38.75, actual: 36.2 }\n    - { period: 2015-Q4, target: 40, actual: 41.5 }\n    - { period: 2016-Q1, target: 42.5 }\n";

fn page_with_chart(root: &Path, id: &str) {
    write(
        root,
        "content/pokazateli.md",
        format!("---\ntitle: Показатели\n---\n\nКак идём к цели.\n\n```indicator\n{id}\n```\n"),
    );
}

#[test]
fn a_page_places_an_accessible_chart_with_its_table() {
    let site = fixture("minimal");
    write(site.path(), "data/indicators.yaml", SERIES);
    page_with_chart(site.path(), "dolya");
    build_ok(site.path(), &[]);
    let html = std::fs::read_to_string(site.path().join("public/pokazateli/index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    let svg = doc
        .select(&sel("figure.indicator svg[role=img]"))
        .next()
        .expect("an SVG chart");
    for id in svg
        .value()
        .attr("aria-labelledby")
        .unwrap()
        .split_whitespace()
    {
        assert!(doc.select(&sel(&format!("#{id}"))).next().is_some(), "{id}");
    }
    let desc: String = doc
        .select(&sel("svg desc"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(desc.contains("Ниже плана: III кв. 2015."), "{desc}");
    assert!(desc.contains("пример"), "{desc}");
    // Below target is marked by shape and word, not colour: a hatched bar, ▼, «ниже плана».
    assert_eq!(html.matches("url(#ind-dolya-hatch)").count(), 1);
    let rows: Vec<String> = doc
        .select(&sel("details.indicator-data[open] tbody tr"))
        .map(|r| r.text().collect::<Vec<_>>().join("|"))
        .collect();
    assert_eq!(
        rows,
        [
            "III кв. 2015|38,75|36,2|ниже плана ▼",
            "IV кв. 2015|40|41,5|план выполнен",
            "I кв. 2016|42,5|—|нет данных"
        ]
    );
    assert!(html.contains("Фактические значения — пример"));
    let figure = doc.select(&sel("figure.indicator")).next().unwrap().html();
    assert!(!figure.contains("<script"), "the chart needs no JavaScript");
}

#[test]
fn bad_indicator_data_fails_at_its_line() {
    let cases = [
        (
            SERIES.replace("actual: 36.2", "actual: 140"),
            "data/indicators.yaml:7",
            "not a percentage",
        ),
        (
            SERIES.replace("2015-Q4", "IV кв. 2015"),
            "data/indicators.yaml:8",
            "is not a period",
        ),
        (
            SERIES.replace("2016-Q1", "2015-Q3"),
            "data/indicators.yaml:9",
            "listed twice",
        ),
        (
            SERIES.replace("  unit: \"%\"\n", ""),
            "data/indicators.yaml:1",
            "unit",
        ),
    ];
    for (text, at, what) in cases {
        assert_bad_input(
            |root| {
                write(root, "data/indicators.yaml", &text);
                page_with_chart(root, "dolya");
            },
            &[],
            &[at, what],
        );
    }
}

#[test]
fn an_unknown_chart_is_located_with_a_suggestion() {
    assert_bad_input(
        |root| {
            write(root, "data/indicators.yaml", SERIES);
            page_with_chart(root, "dolja");
        },
        &[],
        &[
            "content/pokazateli.md:8",
            "no indicator `dolja`",
            "did you mean `dolya`?",
        ],
    );
}
