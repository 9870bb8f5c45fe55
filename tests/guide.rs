//! The guide in `docs/` stays true: what the binary prints is what the generated parts say,
//! every link and anchor leads somewhere, every chapter is in the table of contents, and
//! every command shown runs as shown — the runnable ones (` ```sh `) on a copy of the example
//! site, the others (` ```console `: they need a hosting or run until stopped) at least name
//! commands and options uslugi has.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

fn src() -> PathBuf {
    repo().join("docs/src")
}

fn chapters() -> BTreeMap<String, String> {
    std::fs::read_dir(src())
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.ends_with(".md").then(|| {
                (
                    name.clone(),
                    std::fs::read_to_string(src().join(&name)).unwrap(),
                )
            })
        })
        .collect()
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES
}

fn between<'a>(text: &'a str, mark: &str) -> &'a str {
    let start = format!("<!-- {mark}:start -->\n");
    let i = text
        .find(&start)
        .unwrap_or_else(|| panic!("no {mark}:start"))
        + start.len();
    let j = text.find(&format!("<!-- {mark}:end -->")).unwrap();
    &text[i..j]
}

#[test]
fn generated_parts_are_what_the_binary_prints() {
    let all = chapters();
    for (file, mark, args) in [
        (
            "materials.md",
            "rules",
            vec!["rules", "--format", "markdown"],
        ),
        ("materials.md", "guide", vec!["rules", "--format", "guide"]),
        ("troubleshooting.md", "errors", vec!["errors"]),
    ] {
        let out = uslugi(&repo(), &args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        let printed = String::from_utf8(out.stdout).unwrap();
        let written = between(&all[file], mark).trim_end();
        let first = written
            .lines()
            .zip(printed.trim_end().lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("written: {a}\nprinted: {b}"))
            .unwrap_or_else(|| "one is longer".into());
        assert!(
            written == printed.trim_end(),
            "docs/src/{file} ({mark}) is out of date: run bash docs/generate.sh\n{first}"
        );
    }
}

/// The id mdBook gives a heading: lower case, letters, digits, `-` and `_` kept, spaces made
/// `-`, the rest dropped; or the `{#id}` written after it.
fn heading_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            _ => None,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Each chapter's heading ids.
type Anchors = BTreeMap<String, BTreeSet<String>>;
/// Links: destination, and the chapter they are in.
type Links = Vec<(String, String)>;

/// Each chapter's anchors and links.
fn anchors_and_links() -> (Anchors, Links) {
    let mut anchors = BTreeMap::new();
    let mut links = Vec::new();
    for (name, text) in chapters() {
        let mut ids = BTreeSet::new();
        let mut heading: Option<(Option<String>, String)> = None;
        for event in Parser::new_ext(&text, options()) {
            match event {
                Event::Start(Tag::Heading { id, .. }) => {
                    heading = Some((id.map(|i| i.to_string()), String::new()));
                }
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, h)) = &mut heading {
                        h.push_str(&t);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    let (id, h) = heading.take().unwrap();
                    let id = id.unwrap_or_else(|| heading_id(&h));
                    // mdBook numbers a repeated id: -1, -2…
                    let mut unique = id.clone();
                    let mut n = 0;
                    while !ids.insert(unique.clone()) {
                        n += 1;
                        unique = format!("{id}-{n}");
                    }
                }
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    links.push((dest_url.to_string(), name.clone()));
                }
                _ => {}
            }
        }
        anchors.insert(name, ids);
    }
    (anchors, links)
}

#[test]
fn every_link_and_anchor_leads_somewhere() {
    let (anchors, links) = anchors_and_links();
    assert!(!links.is_empty());
    for (dest, from) in links {
        if dest.starts_with("http://") || dest.starts_with("https://") {
            continue;
        }
        let (file, anchor) = dest.split_once('#').unwrap_or((&dest, ""));
        let file = if file.is_empty() { from.as_str() } else { file };
        assert!(src().join(file).is_file(), "{from}: {dest}: no file {file}");
        if !anchor.is_empty() {
            let ids = &anchors[file];
            assert!(
                ids.contains(anchor),
                "{from}: {dest}: no #{anchor} in {file}; there are {ids:?}"
            );
        }
    }
}

#[test]
fn every_chapter_is_in_the_table_of_contents() {
    let summary = std::fs::read_to_string(src().join("SUMMARY.md")).unwrap();
    for name in chapters().keys().filter(|n| *n != "SUMMARY.md") {
        assert!(
            summary.contains(&format!("]({name})")),
            "SUMMARY.md does not list {name}"
        );
    }
}

/// The code blocks of every chapter, by language.
fn blocks(lang: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, text) in chapters() {
        let mut current: Option<String> = None;
        for event in Parser::new_ext(&text, options()) {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if info.as_ref() == lang =>
                {
                    current = Some(String::new());
                }
                Event::Text(t) => {
                    if let Some(c) = &mut current {
                        c.push_str(&t);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(c) = current.take() {
                        out.push((name.clone(), c));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn bin_dir() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_uslugi")).parent().unwrap()
}

#[test]
fn every_runnable_command_runs_as_shown_on_the_example_site() {
    let site = example_site();
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let runnable = blocks("sh");
    assert!(runnable.len() >= 5, "{runnable:?}");
    for (chapter, block) in runnable {
        // Each line in turn, in one shell (a `cd` carries to the next line): exit 0 is
        // done, 1 is «ran and found missing materials»; 2 and above is a failure.
        let mut script = String::from("set -u\n");
        for line in block.lines().filter(|l| !l.trim().is_empty()) {
            script.push_str(&format!(
                "{line}\nrc=$?; if [ $rc -gt 1 ]; then echo \"failed ($rc): {}\" >&2; exit 1; fi\n",
                line.replace('"', "\\\"")
            ));
        }
        let out = Command::new("bash")
            .arg("-c")
            .arg(&script)
            .current_dir(site.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{chapter}:\n{block}\n{}",
            stderr(&out)
        );
    }
}

#[test]
fn every_command_shown_names_real_commands_and_options() {
    let shown = blocks("console");
    assert!(!shown.is_empty());
    for (chapter, block) in shown.into_iter().chain(blocks("sh")) {
        for line in block
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("uslugi "))
        {
            assert_real_command(&format!("docs/src/{chapter}"), line);
        }
    }
}
