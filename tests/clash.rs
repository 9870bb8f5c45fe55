//! No silent overwrites: when two sources would write the same output file the build fails
//! with exit 2, names both, and leaves the previous output as it was. Tags that slugify alike
//! are one tag; a site's `static/` over the theme's `static/` stays an override.

mod common;

use std::path::Path;

use common::*;

/// Builds once, applies `breakage`, builds again: exit 2, the messages, the old output kept.
fn assert_clash(breakage: impl FnOnce(&Path), expected: &[&str]) {
    let site = fixture("minimal");
    build_ok(site.path(), &[]);
    let before = snapshot(&site.path().join("public"));
    breakage(site.path());
    let out = uslugi(site.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("two sources write the same file"), "{err}");
    for e in expected {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
    assert_eq!(
        snapshot(&site.path().join("public")),
        before,
        "the old output is intact"
    );
}

#[test]
fn a_tag_page_over_a_content_page_fails() {
    assert_clash(
        |root| {
            write(
                root,
                "content/tags/shkola.md",
                "---\ntitle: Школа\n---\n\nТекст.\n",
            );
            write(
                root,
                "content/news/school.md",
                "---\ntitle: Новость\ndate: 2026-01-10\ntags: [Школа]\n---\n\nТекст.\n",
            );
        },
        &[
            "tags/shkola/index.html",
            "content/tags/shkola.md",
            "«Школа»",
        ],
    );
}

#[test]
fn the_memo_over_a_content_page_fails() {
    assert_clash(
        |root| {
            write(
                root,
                "content/registration.md",
                "---\ntitle: Регистрация\nkind: registration\n---\n\nШаги.\n",
            );
            write(
                root,
                "content/registration/pamyatka.md",
                "---\ntitle: Памятка\n---\n\nТекст.\n",
            );
        },
        &[
            "registration/pamyatka/index.html",
            "content/registration/pamyatka.md",
            "memo of content/registration.md",
        ],
    );
}

#[test]
fn a_static_file_over_a_page_fails() {
    assert_clash(
        |root| write(root, "static/faq/index.html", "<p>old faq</p>"),
        &["faq/index.html", "content/faq.md", "static/faq/index.html"],
    );
}

#[test]
fn a_theme_file_over_a_page_fails() {
    assert_clash(
        |root| {
            let toml = std::fs::read_to_string(root.join("site.toml")).unwrap();
            write(root, "site.toml", format!("{toml}theme = \"mine\"\n"));
            write(root, "themes/mine/static/faq/index.html", "<p>theme</p>");
        },
        &["faq/index.html", "themes/mine/static/faq/index.html"],
    );
}

#[test]
fn a_static_file_over_a_generated_file_fails() {
    assert_clash(
        |root| write(root, "static/sitemap.xml", "<urlset/>"),
        &[
            "sitemap.xml",
            "static/sitemap.xml",
            "the generated sitemap.xml",
        ],
    );
}

#[test]
fn tags_that_slugify_alike_are_one_tag() {
    let site = fixture("minimal");
    write(
        site.path(),
        "content/news/a.md",
        "---\ntitle: Первая\ndate: 2026-01-10\ntags: [Школа]\n---\n\nТекст.\n",
    );
    write(
        site.path(),
        "content/news/b.md",
        "---\ntitle: Вторая\ndate: 2026-01-11\ntags: [школа]\n---\n\nТекст.\n",
    );
    build_ok(site.path(), &[]);
    let page = std::fs::read_to_string(site.path().join("public/tags/shkola/index.html")).unwrap();
    assert!(
        page.contains("Первая") && page.contains("Вторая"),
        "both items are on the one tag page"
    );
    assert!(page.contains("Школа"), "named as first written");
}

#[test]
fn a_site_static_file_still_overrides_the_theme() {
    let site = fixture("minimal");
    write(site.path(), "static/style.css", "body { color: #123456 }");
    build_ok(site.path(), &[]);
    let css = std::fs::read_to_string(site.path().join("public/style.css")).unwrap();
    assert_eq!(css, "body { color: #123456 }");
}

#[test]
fn one_banner_image_in_two_places_is_one_file_not_a_clash() {
    let site = example_site();
    let manifest = site.path().join("banners/banners.yaml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        format!(
            "{text}\n- file: gosuslugi-728x90.png\n  format: 728x90\n  link: https://www.gosuslugi.ru/\n  alt: \"Госуслуги — перейти на портал\"\n  placement: section\n"
        ),
    )
    .unwrap();
    build_ok(site.path(), &[]);
}
