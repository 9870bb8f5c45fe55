//! Crash safety of `uslugi build`: a build killed with SIGKILL while it writes leaves the
//! previous output as it was, the next build cleans up after it, and a second build of the
//! same output while one runs fails at once and clearly without touching the first one's work.

mod common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Adds `n` small pages, enough for the write phase to take a while.
fn add_pages(root: &Path, n: usize) {
    for i in 0..n {
        write(
            root,
            &format!("content/mnogo/p{i:05}.md"),
            format!("---\ntitle: Страница {i}\n---\n\nТекст страницы {i}.\n"),
        );
    }
}

fn spawn_build(root: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_uslugi"))
        .args(["build", "--quiet"])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Temporary or moved-aside directories of builds of `public` beside it.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.uslugi-tmp-") || n.starts_with(".public.uslugi-old-"))
        .collect()
}

/// Waits (bounded) until a build has started writing: its temporary directory exists.
fn wait_for_write_phase(root: &Path, child: &mut Child) -> bool {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(120) {
        if !leftovers(root).is_empty() {
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

#[test]
fn a_build_killed_while_writing_loses_nothing() {
    let site = fixture("minimal");
    let root = site.path();
    build_ok(root, &[]);
    let before = snapshot(&root.join("public"));
    add_pages(root, 3000);
    let mut child = spawn_build(root);
    assert!(
        wait_for_write_phase(root, &mut child),
        "the build never reached its write phase"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(
        snapshot(&root.join("public")),
        before,
        "the previous output is intact"
    );
    assert!(
        !leftovers(root).is_empty(),
        "the killed build left its work behind"
    );
    // The next build succeeds and cleans up what the killed one left.
    std::fs::remove_dir_all(root.join("content/mnogo")).unwrap();
    write(root, "content/new.md", "---\ntitle: Новая\n---\n\nТекст.\n");
    build_ok(root, &[]);
    assert!(root.join("public/new/index.html").is_file());
    assert_eq!(leftovers(root), Vec::<String>::new());
}

#[test]
fn a_second_build_of_the_same_output_fails_clearly_and_harms_nothing() {
    let site = fixture("minimal");
    let root = site.path();
    build_ok(root, &[]);
    let before = snapshot(&root.join("public"));
    // A build in its write phase: it holds the lock and has its temporary directory.
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(root.join(".public.uslugi-lock"))
        .unwrap();
    lock.lock().unwrap();
    write(root, ".public.uslugi-tmp-99999/index.html", "half-written");
    let second = uslugi(root, &["build"]);
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(2), "{err}");
    assert!(err.contains("another uslugi build is writing"), "{err}");
    assert!(
        root.join(".public.uslugi-tmp-99999/index.html").is_file(),
        "the running build's work is not removed"
    );
    assert_eq!(snapshot(&root.join("public")), before);
    // Once it is gone (its lock released), the next build cleans up and succeeds.
    lock.unlock().unwrap();
    drop(lock);
    build_ok(root, &[]);
    assert_eq!(leftovers(root), Vec::<String>::new());
}
