//! The shape of the code, where Cargo cannot hold it: the layers are crates (`crates/`), so
//! the compiler already refuses an import against their direction. What is left is checked
//! here: no file (of the crates, the binary or the tests) over 600 lines and no function over
//! 80; each crate opens with a `//!` overview; and the library crates neither print, exit,
//! read the clock nor keep process-wide mutable state.

use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 80;

/// The library crates, found at run time from the folder cargo runs the tests in (the
/// workspace root).
fn library_crates() -> Vec<PathBuf> {
    let mut crates: Vec<PathBuf> = std::fs::read_dir("crates")
        .expect("the tests run at the workspace root")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    crates.sort();
    assert!(crates.len() >= 5, "crates/ holds the layers: {crates:?}");
    crates
}

/// Every Rust file of the workspace: the crates, the binary and the tests.
fn all_rust_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for c in library_crates() {
        rust_files(&c.join("src"), &mut files);
    }
    rust_files(Path::new("src"), &mut files);
    rust_files(Path::new("tests"), &mut files);
    files
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.ends_with("node_modules") || path.ends_with("fixtures") {
            continue;
        }
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code with string and character literals emptied and comments removed, so that
/// braces and names inside them are not counted.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'r' && matches!(b.get(i + 1), Some(b'"' | b'#')) && !ident_before(b, i) {
            let hashes = b[i + 1..].iter().take_while(|&&h| h == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            let close = format!("\"{}", "#".repeat(hashes));
            let start = i + 2 + hashes;
            let end = text[start..].find(&close).map_or(b.len(), |e| start + e);
            out.push_str("\"\"");
            out.extend(std::iter::repeat_n(
                '\n',
                text[i..end].matches('\n').count(),
            ));
            i = end + close.len();
        } else if c == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            out.extend(std::iter::repeat_n(
                '\n',
                text[i..j.min(b.len())].matches('\n').count(),
            ));
            i = j + 1;
        } else if c == b'\'' && is_char_literal(b, i) {
            let j = if b[i + 1] == b'\\' {
                i + 2 + b[i + 2..].iter().position(|&x| x == b'\'').unwrap_or(0)
            } else {
                i + 1 + b[i + 1..].iter().position(|&x| x == b'\'').unwrap_or(0)
            };
            out.push_str("' '");
            i = j + 1;
        } else {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + len]);
            i += len;
        }
    }
    out
}

fn ident_before(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// A `'` that opens a character literal rather than a lifetime.
fn is_char_literal(b: &[u8], i: usize) -> bool {
    match b.get(i + 1) {
        Some(b'\\') => true,
        Some(_) => {
            let rest = std::str::from_utf8(&b[i + 1..]).unwrap_or("");
            let mut chars = rest.chars();
            chars.next();
            chars.next() == Some('\'')
        }
        None => false,
    }
}

/// Each function's name, first line and length in lines, from `fn` to its closing brace.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = line.find("fn ") else { continue };
        if at > 0 && !line[..at].ends_with(' ') {
            continue;
        }
        let before = line[..at].trim();
        let prefix_ok = before
            .split_whitespace()
            .all(|w| w.starts_with("pub") || ["const", "async", "unsafe", "extern"].contains(&w));
        if !prefix_ok {
            continue;
        }
        let name: String = line[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let (mut depth, mut opened) = (0i32, false);
        'scan: for (j, l) in lines.iter().enumerate().skip(i) {
            for ch in l.chars() {
                match ch {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    ';' if !opened => break 'scan,
                    _ => {}
                }
                if opened && depth == 0 {
                    found.push((name.clone(), i + 1, j - i + 1));
                    break 'scan;
                }
            }
        }
    }
    found
}

#[test]
fn the_measures_see_through_strings_comments_and_lifetimes() {
    let code = code_only(
        "fn a<'x>(s: &'x str) -> char {\n    let _ = \"}\"; // }\n    let _ = r#\"{\"#;\n    '{'\n}\n",
    );
    assert_eq!(functions(&code), vec![("a".to_string(), 1, 5)]);
    let long = format!("pub fn long() {{\n{}}}\n", "    step();\n".repeat(90));
    assert_eq!(functions(&code_only(&long))[0].2, 92);
}

#[test]
fn files_and_functions_stay_short() {
    let files = all_rust_files();
    assert!(
        files.len() > 50,
        "too few Rust files found: {}",
        files.len()
    );
    let mut long = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            long.push(format!("{}: {lines} lines", file.display()));
        }
        for (name, line, len) in functions(&code_only(&text)) {
            if len > MAX_FN_LINES {
                long.push(format!(
                    "{}:{line}: fn {name} is {len} lines",
                    file.display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "over {MAX_FILE_LINES} lines a file or {MAX_FN_LINES} a function:\n{}",
        long.join("\n")
    );
}

#[test]
fn each_crate_opens_with_an_overview() {
    for c in library_crates() {
        let lib = std::fs::read_to_string(c.join("src/lib.rs")).unwrap();
        assert!(lib.starts_with("//!"), "{}: no //! overview", c.display());
    }
}
/// What only the binary may do: print, exit, read the clock, keep mutable statics. Tests
/// (after `#[cfg(test)]`) may.
#[test]
fn library_crates_print_nothing_and_keep_no_hidden_state() {
    const FORBIDDEN: [&str; 10] = [
        "println!",
        "eprintln!",
        "print!",
        "eprint!",
        "process::exit",
        "SystemTime::now",
        "Timestamp::now",
        "ZonedDateTime::now",
        "static mut",
        "thread_local!",
    ];
    let mut found = Vec::new();
    for c in library_crates() {
        let mut files = Vec::new();
        rust_files(&c.join("src"), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let code = code_only(&text);
            let code = code.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                let statik = line.trim_start().starts_with("pub static ")
                    || line.trim_start().starts_with("static ");
                let mutable = statik
                    && [
                        "Atomic", "Mutex", "RwLock", "Cell", "OnceLock", "LazyLock", "Counter",
                    ]
                    .iter()
                    .any(|t| line.contains(t));
                if mutable || FORBIDDEN.iter().any(|f| line.contains(f)) {
                    found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "only the binary may:\n{}",
        found.join("\n")
    );
}
