//! Every input the fuzzers ever found a crash, hang or runaway allocation with, kept under
//! `fuzz/regressions/<target>/`, replayed through the same entry points the fuzz targets
//! call (`uslugi::fuzzing`), plus inputs written by hand for the same traps. Each must
//! return without panicking.

use std::path::Path;

/// A fuzzing entry point.
type Entry = fn(&[u8]);

fn replay(target: &str, run: Entry) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut n = 0;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let bytes = std::fs::read(e.path()).unwrap();
            run(&bytes);
            n += 1;
        }
    }
    n
}

#[test]
fn every_saved_input_runs_clean() {
    let targets: [(&str, Entry); 8] = [
        ("page", uslugi::fuzzing::page),
        ("site_toml", uslugi::fuzzing::site_toml),
        ("data_files", uslugi::fuzzing::data_files),
        ("centres_import", uslugi::fuzzing::centres_import),
        ("audit_page", uslugi::fuzzing::audit_page),
        ("urls", uslugi::fuzzing::urls),
        ("svg", uslugi::fuzzing::svg),
        ("dates", uslugi::fuzzing::dates),
    ];
    let mut total = 0;
    for (name, run) in targets {
        total += replay(name, run);
    }
    println!("{total} saved fuzz inputs replayed");
}

#[test]
fn hand_made_traps_run_clean() {
    use uslugi::fuzzing::*;
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
