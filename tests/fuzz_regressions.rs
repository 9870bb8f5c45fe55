//! Every input the fuzzers ever found a crash, hang or runaway allocation with, kept under
//! `fuzz/regressions/<target>/`, replayed through the same entry points the fuzz targets
//! call (`uslugi_fuzzing`), plus inputs written by hand for the same traps. Each must
//! return without panicking.

use std::path::Path;

/// A fuzzing entry point.
type Entry = fn(&[u8]);

/// Every fuzz target, by the name of its folder under `fuzz/regressions/`.
const TARGETS: [(&str, Entry); 8] = [
    ("page", uslugi_fuzzing::page),
    ("site_toml", uslugi_fuzzing::site_toml),
    ("data_files", uslugi_fuzzing::data_files),
    ("centres_import", uslugi_fuzzing::centres_import),
    ("audit_page", uslugi_fuzzing::audit_page),
    ("urls", uslugi_fuzzing::urls),
    ("svg", uslugi_fuzzing::svg),
    ("dates", uslugi_fuzzing::dates),
];

/// Replays every saved input. The folder is found at run time from where cargo runs the
/// tests; a missing folder, a folder named after no target or a file outside a target's
/// folder fails, so that a move cannot turn this test into one that replays nothing.
#[test]
fn every_saved_input_runs_clean() {
    let dir = Path::new("fuzz/regressions");
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| {
        panic!(
            "{}: {e}",
            std::env::current_dir().unwrap().join(dir).display()
        )
    });
    let mut total = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some((_, run)) = TARGETS.iter().find(|(t, _)| *t == name) else {
            panic!("{}: not the folder of a fuzz target", path.display());
        };
        for input in std::fs::read_dir(&path).unwrap() {
            let bytes = std::fs::read(input.unwrap().path()).unwrap();
            run(&bytes);
            total += 1;
        }
    }
    assert!(total > 0, "no saved fuzz input under {}", dir.display());
    println!("{total} saved fuzz inputs replayed");
}

#[test]
fn hand_made_traps_run_clean() {
    use uslugi_fuzzing::*;
    page(b"---\ntitle: x\n---\n\"[a](b)\" **\"c** `\"`\n\n> \"\n\n| \"a | b\" |\n|---|---|\n| \"x | y |\n");
    page(b"---\ntitle: \"\\u0000\"\n---\n[^1]\n\n[^1]: \"\n");
    page("---\ntitle: «»\ndate: 2026-02-30\n---\n".as_bytes());
    page(&[b'-', b'-', b'-', b'\n', 0xff, 0xfe, b'\n', b'-', b'-', b'-']);
    site_toml(b"title = 1\nbase_url = \"https://\"\n");
    data_files(b"\x01- name: x\n  hours:\n    mon-fri: 25:00-26:00\n");
    data_files(b"\x02- file: a.png\n  format: 0x0\n");
    centres_import(b"PK\x03\x04 not really a zip");
    centres_import(b"\xef\xbb\xbf;;;\n;;;\n");
    audit_page(b"<meta charset=koi8-r><h1>\xf0\xf2\xe9</h1><time datetime=2026-13-45>");
    audit_page(b"<html><body><a href=\"//[::1\">x</a><a href=\"http://%zz\">y</a>");
    urls(b"\n\\\\evil.example\\x");
    urls(b"a/b/\n../../../../../../x");
    svg(b"<!DOCTYPE svg [<!ENTITY a \"&#x26;a;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>");
    dates("31 февраля 2024, 29.02.2023, 0.0.0000, 99 мая 99999".as_bytes());
    dates("2026-10-01T25:61:00+99:99".as_bytes());
}
