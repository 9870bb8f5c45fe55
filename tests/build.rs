//! `uslugi build` end to end: the example site, sub-path URLs, reproducibility, lists and
//! pagination, minifying, and where the output goes. Bad input is in `build_errors.rs`.

mod common;

use std::path::Path;

use common::*;

/// Checks that every internal link of every HTML page in `public` resolves to a file of
/// the build (and, with a fragment, to an element with that id), for a site published at
/// `base_path`. Returns the number of links checked.
fn assert_links_resolve(public: &Path, base_path: &str) -> usize {
    let files = snapshot(public);
    let base: Vec<String> = base_path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let mut checked = 0;
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let mut dir = base.clone();
        dir.extend(path.split('/').map(str::to_string));
        dir.pop();
        for link in links(&html) {
            if is_external(&link) || link.is_empty() {
                continue;
            }
            let (target, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = target.split('?').next().unwrap();
            let resolved = if target.is_empty() {
                Some({
                    let mut d = dir.clone();
                    d.push(path.rsplit('/').next().unwrap().to_string());
                    d
                })
            } else {
                resolve(&dir, target)
            };
            let resolved =
                resolved.unwrap_or_else(|| panic!("{path}: `{link}` climbs above the host root"));
            assert!(
                resolved.len() >= base.len() && resolved[..base.len()] == base[..],
                "{path}: `{link}` escapes the base path {base_path}"
            );
            let mut inner = resolved[base.len()..].join("/");
            if inner.is_empty() || inner.ends_with('/') {
                inner.push_str("index.html");
            }
            let target_bytes = files.get(&inner).unwrap_or_else(|| {
                panic!("{path}: `{link}` points to {inner}, which the build did not write")
            });
            if !fragment.is_empty() {
                let t = String::from_utf8_lossy(target_bytes);
                assert!(
                    t.contains(&format!("id={fragment}"))
                        || t.contains(&format!("id=\"{fragment}\"")),
                    "{path}: `{link}`: no id `{fragment}` in {inner}"
                );
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn example_site_builds_and_every_internal_link_resolves() {
    let site = example_site();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    for page in [
        "index.html",
        "benefits/index.html",
        "registration/index.html",
        "services/index.html",
        "centres/index.html",
        "faq/index.html",
        "appeal/index.html",
        "news/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "style.css",
        ".uslugi-output",
    ] {
        assert!(public.join(page).is_file(), "{page} missing");
    }
    let checked = assert_links_resolve(&public, "/gosuslugi/");
    assert!(checked > 100, "only {checked} links checked");
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        home.contains("<html lang=ru>") || home.contains("<html lang=\"ru\">"),
        "lang missing"
    );
    assert!(home.contains("Перейти к содержимому"), "skip link missing");
    assert!(
        home.contains("https://www.gosuslugi.ru/"),
        "portal link missing"
    );
    let news = std::fs::read_dir(public.join("news"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    assert!(news >= 3, "{news} news items");
}

#[test]
fn sub_path_links_never_escape_it() {
    let site = fixture("minimal");
    build_ok(
        site.path(),
        &["--base-url", "https://school5.example/deep/gosuslugi/"],
    );
    let public = site.path().join("public");
    assert!(assert_links_resolve(&public, "/deep/gosuslugi/") > 10);
    let not_found = std::fs::read_to_string(public.join("404.html")).unwrap();
    for link in links(&not_found)
        .iter()
        .filter(|l| !is_external(l) && !l.starts_with('#'))
    {
        assert!(
            link.starts_with("/deep/gosuslugi/"),
            "404 page link `{link}` is not under the sub-path"
        );
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://school5.example/deep/gosuslugi/faq/</loc>"),
        "{sitemap}"
    );
    let atom = std::fs::read_to_string(public.join("atom.xml")).unwrap();
    assert!(
        atom.contains("https://school5.example/deep/gosuslugi/news/one/"),
        "{atom}"
    );
    let faq = std::fs::read_to_string(public.join("faq/index.html")).unwrap();
    assert!(
        faq.contains("https://school5.example/deep/gosuslugi/faq/"),
        "canonical URL missing"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = example_site();
    build_ok(site.path(), &["-o", "one"]);
    build_ok(site.path(), &["-o", "two"]);
    let one = snapshot(&site.path().join("one"));
    let two = snapshot(&site.path().join("two"));
    assert!(one.len() > 15);
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    for (k, v) in &one {
        assert!(two[k] == *v, "{k} differs between builds");
    }
}

#[test]
fn drafts_only_with_the_flag() {
    let site = fixture("minimal");
    std::fs::write(
        site.path().join("content/draft.md"),
        "---\ntitle: Черновик\ndraft: true\n---\nТекст\n",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    assert!(!site.path().join("public/draft/index.html").exists());
    build_ok(site.path(), &["--drafts"]);
    assert!(site.path().join("public/draft/index.html").exists());
}

#[test]
fn bom_crlf_and_cyrillic_file_names_load() {
    let site = fixture("minimal");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        "---\r\ntitle: Порядок\r\n---\r\n\r\n## Шаг первый\r\n\r\nТекст.\r\n".as_bytes(),
    );
    std::fs::write(
        site.path().join("content/Часто задаваемые вопросы.md"),
        bytes,
    )
    .unwrap();
    build_ok(site.path(), &["--no-minify"]);
    let html = std::fs::read_to_string(
        site.path()
            .join("public/chasto-zadavaemye-voprosy/index.html"),
    )
    .unwrap();
    assert!(
        html.contains("<h2 id=\"shag-pervyy\">Шаг первый</h2>"),
        "{html}"
    );
    assert!(!html.contains('\r'));
}

#[test]
fn site_templates_override_the_theme() {
    let site = fixture("minimal");
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/faq.html"),
        "{% extends \"page.html\" %}{% block after %}<p id=\"own-block\">Своя вставка</p>{% endblock after %}",
    )
    .unwrap();
    build_ok(site.path(), &[]);
    let faq = std::fs::read_to_string(site.path().join("public/faq/index.html")).unwrap();
    assert!(faq.contains("Своя вставка"));
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(!home.contains("Своя вставка"));
}

#[test]
fn faq_is_an_accordion_with_json_ld() {
    let site = fixture("minimal");
    build_ok(site.path(), &["--no-minify"]);
    let faq = std::fs::read_to_string(site.path().join("public/faq/index.html")).unwrap();
    assert!(
        faq.contains("<details class=\"faq-item\" id=\"kak-voyti\"><summary>Как войти?</summary>"),
        "{faq}"
    );
    assert_eq!(faq.matches("<details class=\"faq-item\"").count(), 2);
    let json = faq
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("FAQPage JSON-LD");
    let ld: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "FAQPage");
    let questions = ld["mainEntity"].as_array().unwrap();
    assert_eq!(questions.len(), 2);
    assert_eq!(questions[0]["@type"], "Question");
    assert_eq!(questions[0]["name"], "Как войти?");
    assert_eq!(questions[0]["acceptedAnswer"]["@type"], "Answer");
    assert_eq!(questions[0]["acceptedAnswer"]["text"], "Через портал.");
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(
        home.contains("faq/#kak-voyti"),
        "links to a question still land on it"
    );
}

#[test]
fn news_lists_are_paginated_and_tags_have_pages() {
    let site = fixture("minimal");
    for i in 1..=22 {
        std::fs::write(
            site.path().join(format!("content/news/n{i:02}.md")),
            format!(
                "---\ntitle: Новость {i}\ndate: 2026-{:02}-{:02}\ntags: [\"электронные госуслуги\"{}]\n---\nТекст.\n",
                1 + i % 10,
                1 + i,
                if i % 2 == 0 { ", \"школа\"" } else { "" }
            ),
        )
        .unwrap();
    }
    build_ok(site.path(), &["--no-minify"]);
    let public = site.path().join("public");
    let first = std::fs::read_to_string(public.join("news/index.html")).unwrap();
    assert_eq!(first.matches("<article class=\"news-card\">").count(), 10);
    assert!(
        first.contains("Страница 1 из 3")
            && first.contains("href=\"../news/page/2/\" rel=\"next\""),
        "{first}"
    );
    let last = std::fs::read_to_string(public.join("news/page/3/index.html")).unwrap();
    assert_eq!(last.matches("<article class=\"news-card\">").count(), 3);
    assert!(last.contains("rel=\"prev\"") && !last.contains("rel=\"next\""));
    let tag = std::fs::read_to_string(public.join("tags/shkola/index.html")).unwrap();
    assert!(tag.contains("<h1>Метка «школа»</h1>"));
    assert_eq!(tag.matches("<article class=\"news-card\">").count(), 11);
    let item = std::fs::read_to_string(public.join("news/n02/index.html")).unwrap();
    assert!(
        item.contains("<a class=\"tag\" href=\"../../tags/shkola/\">школа</a>"),
        "tags link to their pages"
    );
}

#[test]
fn a_tag_page_lists_at_most_the_hundred_newest() {
    let site = fixture("minimal");
    for i in 0..105 {
        std::fs::write(
            site.path().join(format!("content/news/t{i:03}.md")),
            format!("---\ntitle: Заметка {i}\ndate: 2026-01-{:02}\ntags: [\"объявления\"]\n---\nТекст.\n", 1 + i % 28),
        )
        .unwrap();
    }
    build_ok(site.path(), &["--no-minify"]);
    let tag =
        std::fs::read_to_string(site.path().join("public/tags/obyavleniya/index.html")).unwrap();
    assert_eq!(tag.matches("<article class=\"news-card\">").count(), 100);
    assert!(tag.contains("Показаны 100 самых новых из 105."));
}

/// The `<li>` links of the element that starts with `open`, up to its closing `close`.
fn list_in(html: &str, open: &str, close: &str) -> Vec<String> {
    let start = html
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in:\n{html}"));
    let end = start + html[start..].find(close).unwrap();
    html[start..end]
        .split("<li>")
        .skip(1)
        .map(|li| {
            let text = li.split('>').nth(1).unwrap_or("");
            text.split('<').next().unwrap_or("").to_string()
        })
        .collect()
}

#[test]
fn long_sections_and_navigation_stay_short() {
    let site = fixture("minimal");
    let content = site.path().join("content");
    std::fs::create_dir(content.join("docs")).unwrap();
    std::fs::write(
        content.join("docs/_index.md"),
        "---\ntitle: Документы\nweight: 1\n---\n",
    )
    .unwrap();
    for i in 0..40 {
        std::fs::write(
            content.join(format!("docs/p{i:02}.md")),
            format!("---\ntitle: Док {i:02}\nweight: {i}\n---\nТекст.\n"),
        )
        .unwrap();
    }
    for i in 0..14 {
        std::fs::write(
            content.join(format!("top{i:02}.md")),
            format!(
                "---\ntitle: Раздел {i:02}\nweight: {}\n---\nТекст.\n",
                10 + i
            ),
        )
        .unwrap();
    }
    build_ok(site.path(), &[]);
    let page = |p: &str| std::fs::read_to_string(site.path().join("public").join(p)).unwrap();
    let sidebar = |p: &str| list_in(&page(p), "<aside class=\"sidebar\"", "</ul>");
    let docs = |r: std::ops::Range<usize>| r.map(|i| format!("Док {i:02}")).collect::<Vec<_>>();
    // Fifteen around the page, the page itself in the middle and marked.
    assert_eq!(sidebar("docs/p20/index.html"), docs(13..28));
    assert!(page("docs/p20/index.html").contains("aria-current=\"page\">Док 20<"));
    // At the ends of the section the window keeps its size.
    assert_eq!(sidebar("docs/p00/index.html"), docs(0..15));
    assert_eq!(sidebar("docs/p39/index.html"), docs(25..40));
    assert!(page("docs/p39/index.html").contains("Все страницы раздела (40)</a>"));
    // The section's own page lists every page in its cards.
    assert_eq!(
        page("docs/index.html").matches("<li class=\"card").count(),
        40
    );
    // The header: «Главная», twelve top-level items, then the way to all of them.
    let nav = list_in(
        &page("docs/p20/index.html"),
        "<nav class=\"site-nav\"",
        "</ul>",
    );
    assert_eq!(nav.len(), 14, "{nav:?}");
    assert_eq!(nav[0], "Главная");
    assert_eq!(nav[1], "Документы");
    assert_eq!(nav[13], "Все разделы");
    // A short section has no such link.
    assert!(!page("news/one/index.html").contains("Все страницы раздела"));
}

#[test]
fn minify_is_off_by_default_and_minify_html_when_asked() {
    let site = fixture("minimal");
    let faq = |site: &Path| std::fs::read_to_string(site.join("public/faq/index.html")).unwrap();
    build_ok(site.path(), &[]);
    let plain = faq(site.path());
    assert!(
        plain.contains("\n  <div class=\"container"),
        "rendered as is by default"
    );
    build_ok(site.path(), &["--minify"]);
    let minified = faq(site.path());
    assert!(!minified.contains("\n  "), "layout whitespace is gone");
    assert!(
        minified.len() < plain.len(),
        "{} vs {}",
        minified.len(),
        plain.len()
    );
    let title = |html: &str| {
        let start = html.find("<title>").unwrap() + "<title>".len();
        html[start..start + html[start..].find("</title>").unwrap()].to_string()
    };
    assert!(title(&plain).contains(' '), "{}", title(&plain));
    assert_eq!(
        title(&minified),
        title(&plain),
        "the tab title keeps its spaces"
    );
    // site.toml turns it on; --no-minify turns it off again.
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}\n[build]\nminify = true\n")).unwrap();
    build_ok(site.path(), &[]);
    assert_eq!(faq(site.path()), minified);
    build_ok(site.path(), &["--no-minify"]);
    assert_eq!(faq(site.path()), plain);
}

#[test]
fn output_is_relative_to_the_current_directory() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    copy_dir(&repo().join("tests/fixtures/minimal"), &site);
    let out = uslugi(
        work.path(),
        &["build", "--quiet", "--root", "site", "-o", "out"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        work.path().join("out/faq/index.html").is_file(),
        "-o is relative to the current directory"
    );
    assert!(!site.join("out").exists(), "not to the site root");
    // Without -o, `[build] output` is relative to the site root.
    let out = uslugi(work.path(), &["build", "--quiet", "--root", "site"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.join("public/faq/index.html").is_file());
}

#[test]
fn progress_is_one_summary_line_off_a_terminal_and_nothing_when_quiet() {
    let site = example_site();
    // stderr is a pipe here, as in CI: no bar, one line that says what was done.
    let out = uslugi(site.path(), &["build"]);
    assert!(out.status.success());
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("Built ") && err.contains("banner image(s)") && !err.contains('\r'),
        "{err}"
    );
    let out = uslugi(site.path(), &["build", "--quiet"]);
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        stderr(&out)
    );
    let fixtures = repo().join("tests/fixtures/audit");
    let out = uslugi(
        site.path(),
        &[
            "audit",
            fixtures.join("joomla").to_str().unwrap(),
            fixtures.join("tables").to_str().unwrap(),
            "--today",
            "2026-11-23",
        ],
    );
    let err = stderr(&out);
    assert!(
        err.contains("Audited 2 sites,") && err.contains("pages read"),
        "{err}"
    );
    assert!(!err.contains('\r'), "no bar drawn off a terminal: {err:?}");
}
