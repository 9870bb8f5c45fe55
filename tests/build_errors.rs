//! `uslugi build` on bad input: every kind fails with a located message, a fix where one is
//! likely, exit code 2, and the previous output untouched.

mod common;

use common::*;

#[test]
fn malformed_yaml_is_located() {
    assert_bad_input(
        |root| {
            std::fs::write(
                root.join("content/faq.md"),
                "---\ntitle: Вопросы\ntags: [один, два\n---\nТекст\n",
            )
            .unwrap()
        },
        &[],
        &["content/faq.md:", "front matter"],
    );
}

#[test]
fn windows_1251_file_is_named_with_a_fix() {
    assert_bad_input(
        |root| {
            let (bytes, _, _) = encoding_rs::WINDOWS_1251
                .encode("---\ntitle: Вопросы и ответы\n---\nТекст страницы о госуслугах\n");
            std::fs::write(root.join("content/faq.md"), bytes).unwrap();
        },
        &[],
        &["content/faq.md", "Windows-1251", "iconv -f WINDOWS-1251"],
    );
}

#[test]
fn duplicate_url_names_both_files() {
    assert_bad_input(
        |root| {
            std::fs::write(
                root.join("content/other.md"),
                "---\ntitle: Другая\nslug: faq\n---\n",
            )
            .unwrap()
        },
        &[],
        &["content/faq.md", "content/other.md", "/faq/"],
    );
}

#[test]
fn broken_internal_link_is_located() {
    assert_bad_input(
        |root| {
            std::fs::write(
                root.join("content/faq.md"),
                "---\ntitle: Вопросы\n---\n\nСтрока.\n\nСм. [центры](@/centers.md).\n",
            )
            .unwrap()
        },
        &[],
        &["content/faq.md:7:", "@/centers.md"],
    );
}

#[test]
fn broken_anchor_is_located_with_a_suggestion() {
    assert_bad_input(
        |root| {
            std::fs::write(
                root.join("content/_index.md"),
                "---\ntitle: Главная\n---\nСм. [вход](@/faq.md#kak-voiti).\n",
            )
            .unwrap()
        },
        &[],
        &[
            "content/_index.md:4:",
            "kak-voiti",
            "did you mean `#kak-voyti`?",
        ],
    );
}

#[test]
fn unknown_front_matter_key_suggests() {
    assert_bad_input(
        |root| {
            std::fs::write(
                root.join("content/faq.md"),
                "---\ntitle: Вопросы\nwieght: 2\n---\n",
            )
            .unwrap()
        },
        &[],
        &["content/faq.md:3:", "wieght", "did you mean `weight`?"],
    );
}

#[test]
fn unknown_site_toml_key_suggests() {
    assert_bad_input(
        |root| {
            let mut s = std::fs::read_to_string(root.join("site.toml")).unwrap();
            s.push_str("[build]\nminfy = false\n");
            std::fs::write(root.join("site.toml"), s).unwrap();
        },
        &[],
        &["site.toml:4:", "minfy", "did you mean `minify`?"],
    );
}

#[test]
fn missing_required_key_is_named() {
    assert_bad_input(
        |root| std::fs::write(root.join("site.toml"), "title = \"Без адреса\"\n").unwrap(),
        &[],
        &["site.toml", "base_url"],
    );
}

#[test]
fn template_errors_name_the_template_and_line() {
    assert_bad_input(
        |root| {
            std::fs::create_dir_all(root.join("templates")).unwrap();
            std::fs::write(root.join("templates/faq.html"), "{% extends \"page.html\" %}\n{% block after %}\n{{ page.no_such_field }}\n{% endblock after %}\n").unwrap();
        },
        &[],
        &["faq.html:3", "no_such_field", "templates/faq.html"],
    );
}

#[test]
fn output_into_content_or_root_is_refused_even_with_force() {
    assert_bad_input(|_| {}, &["-o", "content"], &["refusing", "content/"]);
    assert_bad_input(|_| {}, &["-o", ".", "--force"], &["refusing", "site root"]);
}

#[test]
fn foreign_output_directory_needs_force() {
    let site = fixture("minimal");
    let foreign = site.path().join("docs");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("report.odt"), b"keep me").unwrap();
    let out = uslugi(site.path(), &["build", "-o", "docs"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("--force"));
    assert_eq!(
        std::fs::read(foreign.join("report.odt")).unwrap(),
        b"keep me"
    );
    build_ok(site.path(), &["-o", "docs", "--force"]);
    assert!(foreign.join("index.html").exists() && !foreign.join("report.odt").exists());
}

#[test]
fn not_a_site_and_bad_flags_exit_2() {
    let empty = tempfile::tempdir().unwrap();
    let out = uslugi(empty.path(), &["build"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("site.toml not found"),
        "{}",
        stderr(&out)
    );
    let out = uslugi(empty.path(), &["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let out = uslugi(empty.path(), &["build", "--base-url", "ftp://x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("https://"), "{}", stderr(&out));
    let help = uslugi(empty.path(), &["build", "--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--drafts"));
}
