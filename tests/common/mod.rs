//! Helpers shared by the integration tests: copying fixture sites into temporary
//! directories, running the real `uslugi` binary, and reading its output.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// The repository root (the example site): the folder cargo runs the tests in, found at
/// run time, so that a copy of the repository tests itself and not the tree it was built from.
pub fn repo() -> PathBuf {
    std::env::current_dir().expect("the tests' working folder")
}

/// Copies a directory tree.
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for entry in std::fs::read_dir(src).unwrap() {
        let entry = entry.unwrap();
        let to = dst.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
}

/// A copy of `tests/fixtures/<name>` in a temporary directory.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

/// A copy of the example site (the repository root's site files).
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("site.toml"), dir.path().join("site.toml")).unwrap();
    for d in [
        "content",
        "themes",
        "static",
        "templates",
        "data",
        "banners",
    ] {
        let src = repo().join(d);
        if src.is_dir() {
            copy_dir(&src, &dir.path().join(d));
        }
    }
    dir
}

/// Runs `uslugi` with `args` in `cwd`.
pub fn uslugi(cwd: &Path, args: &[&str]) -> Output {
    uslugi_with(cwd, args, &[])
}

/// Runs `uslugi` with `args` in `cwd`, with these environment variables set.
pub fn uslugi_with(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_uslugi"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("run uslugi")
}

/// `uslugi build` in `root` with extra args; panics with stderr unless it succeeds.
pub fn build_ok(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--quiet"];
    args.extend_from_slice(extra);
    let out = uslugi(root, &args);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    out
}

/// The process's stdout as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The process's stderr as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir`, by `/`-separated relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

/// Values of `href`, `src` and `srcset` attributes, quoted or not (minified HTML drops
/// quotes where it can).
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=", "src=", "srcset="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let before = rest[..i].chars().last();
            rest = &rest[i + attr.len()..];
            if !before.is_some_and(|c| c.is_whitespace() || c == '"' || c == '\'') {
                continue;
            }
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            let value = value.replace("&amp;", "&");
            if attr == "srcset=" {
                out.extend(
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .map(str::to_string),
                );
            } else {
                out.push(value);
            }
        }
    }
    out
}

/// Whether a link leaves the site (another scheme or host).
pub fn is_external(link: &str) -> bool {
    link.contains("://")
        || link.starts_with("mailto:")
        || link.starts_with("tel:")
        || link.starts_with("data:")
}

/// Resolves `link` against a directory given as path segments; `None` if it climbs above
/// the root. A site-absolute link starts again from the root.
pub fn resolve(dir: &[String], link: &str) -> Option<Vec<String>> {
    let mut segs: Vec<String> = if link.starts_with('/') {
        Vec::new()
    } else {
        dir.to_vec()
    };
    let parts: Vec<&str> = link.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        match *part {
            "" | "." => {}
            ".." => {
                segs.pop()?;
            }
            p => segs.push(p.to_string()),
        }
        if i + 1 == parts.len() && (part.is_empty() || *part == "." || *part == "..") {
            segs.push(String::new());
        }
    }
    Some(segs)
}

/// A small validator for the subset of JSON Schema our schema file uses: `type`,
/// `required`, `properties`, `additionalProperties: false`, `items`, `enum`, `const`.
/// The result of rule `id` in a JSON report.
pub fn rule_result<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no result for {id}"))
}

pub fn validate_schema(schema: &Value, value: &Value, path: &str) {
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().map(|v| v.as_str().unwrap()).collect(),
            _ => panic!("bad type in schema at {path}"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_u64() || value.is_i64(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        assert!(ok, "{path}: {value} is not {types:?}");
    }
    if let Some(e) = schema.get("enum") {
        assert!(
            e.as_array().unwrap().contains(value),
            "{path}: {value} not in {e}"
        );
    }
    if let Some(c) = schema.get("const") {
        assert_eq!(c, value, "{path}");
    }
    if let (Some(props), Some(obj)) = (schema.get("properties"), value.as_object()) {
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            assert!(
                obj.contains_key(req.as_str().unwrap()),
                "{path}: missing {req}"
            );
        }
        for (k, v) in obj {
            match props.get(k) {
                Some(s) => validate_schema(s, v, &format!("{path}.{k}")),
                None => assert!(
                    schema.get("additionalProperties") != Some(&Value::Bool(false)),
                    "{path}: unexpected {k}"
                ),
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            validate_schema(items, v, &format!("{path}[{i}]"));
        }
    }
}

/// Builds once, breaks the site with `breakage`, builds again and checks that the second
/// build exits 2 with a message containing every string in `expected`, and that the
/// first build's output is byte-for-byte intact.
pub fn assert_bad_input(breakage: impl FnOnce(&Path), extra_args: &[&str], expected: &[&str]) {
    let site = fixture("minimal");
    build_ok(site.path(), &[]);
    let before = snapshot(&site.path().join("public"));
    breakage(site.path());
    let mut args = vec!["build"];
    args.extend_from_slice(extra_args);
    let out = uslugi(site.path(), &args);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit 2, got {:?}:\n{err}",
        out.status.code()
    );
    for e in expected {
        assert!(err.contains(e), "stderr lacks `{e}`:\n{err}");
    }
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert_eq!(
        snapshot(&site.path().join("public")),
        before,
        "the previous output changed"
    );
}

/// Every `uslugi init` profile.
pub const PROFILES: [&str; 4] = ["education", "municipal", "agency", "mfc"];

/// `uslugi init site --profile P --org ORG [extra…]` in a new temporary directory; returns
/// it and the new site's root. Panics with stderr unless it succeeds.
pub fn init_site(profile: &str, org: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().unwrap();
    let mut args = vec!["init", "site", "--profile", profile, "--org", org];
    args.extend_from_slice(extra);
    let out = uslugi(work.path(), &args);
    assert!(out.status.success(), "{profile}: {}", stderr(&out));
    let root = work.path().join("site");
    (work, root)
}

/// Writes `bytes` to `rel` under `root`, creating its folders.
pub fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Fails unless `cmd` (`uslugi SUB --flag …`, as shown in `place`) names a subcommand uslugi
/// has, each `--flag` is one of its options and a `--format` value is one it offers.
pub fn assert_real_command(place: &str, cmd: &str) {
    let words: Vec<&str> = cmd.split_whitespace().collect();
    let sub = words.get(1).copied().unwrap_or("");
    if sub.starts_with("--") {
        let out = uslugi(&repo(), &[sub]);
        assert!(out.status.success(), "{place}: `{cmd}` fails");
        return;
    }
    let help = uslugi(&repo(), &[sub, "--help"]);
    assert!(
        help.status.success(),
        "{place}: `{cmd}`: no subcommand {sub}"
    );
    let help = String::from_utf8(help.stdout).unwrap();
    for flag in words.iter().filter(|w| w.starts_with("--")) {
        let flag = flag.split('=').next().unwrap();
        assert!(help.contains(flag), "{place}: `{cmd}`: {sub} has no {flag}");
    }
    if let Some(i) = words.iter().position(|w| *w == "--format") {
        assert!(
            help.contains(&format!("- {}:", words[i + 1])),
            "{place}: `{cmd}`: format {}",
            words[i + 1]
        );
    }
}
