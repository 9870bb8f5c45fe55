//! The services catalog (`data/services.yaml`): the catalog page, the popular tiles on the
//! home page, the popular-services snippet, and validation errors at their line.

mod common;

use common::*;

#[test]
fn catalog_tiles_and_snippet() {
    let site = example_site();
    build_ok(site.path(), &["--no-minify"]);
    let public = site.path().join("public");
    let catalog = std::fs::read_to_string(public.join("services/index.html")).unwrap();
    for category in [
        "Дошкольное образование",
        "Общее образование",
        "Дополнительное образование и отдых",
    ] {
        assert!(
            catalog.contains(&format!(">{category}</h2>")),
            "{category} missing"
        );
    }
    assert_eq!(
        catalog
            .matches("<li><a href=\"https://www.gosuslugi.ru/")
            .count(),
        6
    );
    assert!(catalog.contains("Для кого: родители будущих первоклассников"));
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    let popular = home
        .split("id=\"popular-services\"")
        .nth(1)
        .expect("popular services on the home page");
    let popular = popular.split("</section>").next().unwrap();
    assert_eq!(popular.matches("class=\"card\"").count(), 3);
    assert!(
        popular.contains("href=\"services/\""),
        "a link to the full catalog"
    );
    let snippet = std::fs::read_to_string(public.join("_snippets/popular-services.html")).unwrap();
    assert!(snippet.contains("Запись ребёнка в первый класс") && !snippet.contains("<script"));
    for link in links(&snippet) {
        assert!(link.starts_with("https://"), "relative `{link}`");
    }
    assert!(snippet.contains("https://uo-priozerny.example/gosuslugi/services/"));
}

#[test]
fn a_service_off_the_portal_is_an_error_at_its_line() {
    let site = fixture("minimal");
    build_ok(site.path(), &[]);
    let before = snapshot(&site.path().join("public"));
    std::fs::create_dir_all(site.path().join("data")).unwrap();
    std::fs::write(
        site.path().join("data/services.yaml"),
        "- title: Запись в сад\n  url: https://www.gosuslugi.ru/1\n  category: Сад\n- title: Справка\n  url: https://example.org/spravka\n  category: Справки\n",
    )
    .unwrap();
    let out = uslugi(site.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("data/services.yaml:4") && err.contains("external: true"),
        "{err}"
    );
    assert_eq!(snapshot(&site.path().join("public")), before);
}
