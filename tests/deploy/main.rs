//! `uslugi deploy` against real servers started on 127.0.0.1 by the tests: OpenSSH's sshd
//! (SFTP) and pyftpdlib (FTPS and FTP). Every deploy runs the way an editor runs it: from the
//! site's own folder, without --root. What was sent is read from the server's log.

#[path = "../common/mod.rs"]
mod common;
mod servers;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{example_site, snapshot, stderr, stdout};
use servers::{FTP_PASSWORD, Ftpd, Sshd, site_files};

/// The example site with a file whose name is Cyrillic, with a space.
fn site() -> tempfile::TempDir {
    let dir = example_site();
    let docs = dir.path().join("static/документы");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("памятка для родителей.txt"),
        "Памятка: вход через Госуслуги\n",
    )
    .unwrap();
    dir
}

/// `uslugi deploy ARGS` in `site`, with the environment given and no SSH agent.
fn deploy(site: &Path, args: &[String], env: &[(&str, &str)]) -> Output {
    let mut all = vec!["deploy".to_string()];
    all.extend_from_slice(args);
    Command::new(env!("CARGO_BIN_EXE_uslugi"))
        .args(&all)
        .current_dir(site)
        .env("NO_COLOR", "1")
        .env_remove("SSH_AUTH_SOCK")
        .env_remove("USLUGI_DEPLOY_PASSWORD")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

fn deploy_ok(site: &Path, args: &[String], env: &[(&str, &str)]) -> Output {
    let out = deploy(site, args, env);
    assert!(out.status.success(), "deploy failed:\n{}", stderr(&out));
    out
}

fn with(base: &[String], more: &[&str]) -> Vec<String> {
    base.iter()
        .cloned()
        .chain(more.iter().map(|s| s.to_string()))
        .collect()
}

/// The built output, without the marker.
fn public(site: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut t = snapshot(&site.join("public"));
    t.remove(".uslugi-output");
    t
}

/// Paths whose content differs between two outputs, or that are new in `after`.
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p.clone())
        .collect()
}

fn edit_faq(site: &Path) {
    let faq = site.join("content/faq.md");
    let mut text = std::fs::read_to_string(&faq).unwrap();
    text.push_str("\n\nЕсли пароль от портала забыт, его можно восстановить по номеру телефона.\n");
    std::fs::write(&faq, text).unwrap();
}

/// The server holds exactly the site (and `foreign`, untouched).
fn assert_published(www: &Path, site: &Path, foreign: &BTreeMap<String, Vec<u8>>) {
    let mut expected = public(site);
    expected.extend(foreign.clone());
    let on_server = site_files(www);
    let missing: Vec<&String> = expected
        .keys()
        .filter(|p| !on_server.contains_key(*p))
        .collect();
    let extra: Vec<&String> = on_server
        .keys()
        .filter(|p| !expected.contains_key(*p))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
    for (path, bytes) in &expected {
        assert!(&on_server[path] == bytes, "{path} differs on the server");
    }
    let leftovers: Vec<String> = snapshot(www)
        .into_keys()
        .filter(|p| p.ends_with(".uslugi-part") || p.ends_with(".uslugi-lock.json"))
        .collect();
    assert!(leftovers.is_empty(), "left on the server: {leftovers:?}");
}

#[test]
fn sftp_publishes_then_sends_only_what_changed_and_removes_only_its_own() {
    let server = Sshd::start();
    let site = site();
    let s = site.path();
    // Files someone else put there before uslugi ever published.
    let foreign = BTreeMap::from([
        ("price.pdf".to_string(), b"%PDF price list".to_vec()),
        ("faq/notes.txt".to_string(), b"the editor's notes".to_vec()),
    ]);
    for (p, b) in &foreign {
        let path = server.www.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, b).unwrap();
    }
    let out = deploy_ok(s, &server.args(), &[]);
    assert!(stderr(&out).contains("first deploy"), "{}", stderr(&out));
    assert_published(&server.www, s, &foreign);
    let name = "документы/памятка для родителей.txt";
    assert!(
        server.www.join(name).is_file(),
        "the Cyrillic name arrives intact"
    );
    assert!(
        server.log().contains("posix-rename"),
        "files are replaced atomically"
    );

    let before = public(s);
    edit_faq(s);
    server.clear_log();
    let out = deploy_ok(s, &server.args(), &[]);
    let after = public(s);
    let expected = changed(&before, &after);
    assert!(
        expected.contains(&"faq/index.html".to_string()),
        "{expected:?}"
    );
    assert!(
        expected.len() * 4 < after.len(),
        "one edit changed {expected:?}"
    );
    assert_eq!(
        server.uploads(),
        expected,
        "the server's log shows only the changed files"
    );
    assert!(stderr(&out).contains(&format!("{} unchanged", after.len() - expected.len())));
    assert_published(&server.www, s, &foreign);

    // A page removed from the site: with --max-deletes 0 nothing changes.
    std::fs::remove_file(s.join("content/staff.md")).unwrap();
    let out = deploy(s, &with(&server.args(), &["--max-deletes", "0"]), &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("more than --max-deletes 0"),
        "{}",
        stderr(&out)
    );
    assert!(
        server.www.join("staff/index.html").is_file(),
        "nothing was deleted"
    );
    deploy_ok(s, &server.args(), &[]);
    assert!(!server.www.join("staff/index.html").exists());
    assert_published(&server.www, s, &foreign);
    assert!(server.www.join(".uslugi-manifest.previous.json").is_file());
}

#[test]
fn sftp_dry_run_lists_overwrites_first_warns_of_hand_edits_and_changes_nothing() {
    let server = Sshd::start();
    let site = site();
    let s = site.path();
    deploy_ok(s, &server.args(), &[]);
    edit_faq(s);
    std::fs::write(s.join("static/new.txt"), "ours now").unwrap();
    std::fs::write(server.www.join("new.txt"), "someone's file").unwrap();
    let edited = server.www.join("benefits/index.html");
    let mut page = std::fs::read(&edited).unwrap();
    page.extend_from_slice(b"<!-- edited by hand -->");
    std::fs::write(&edited, page).unwrap();
    let snapshot = |www: &Path| {
        walkdir::WalkDir::new(www)
            .into_iter()
            .map(|e| {
                let e = e.unwrap();
                let m = e.metadata().unwrap();
                (e.path().to_path_buf(), m.len(), m.modified().unwrap())
            })
            .collect::<Vec<_>>()
    };
    let before = snapshot(&server.www);
    let out = deploy_ok(s, &with(&server.args(), &["--dry-run"]), &[]);
    assert_eq!(snapshot(&server.www), before, "a dry run changes nothing");
    let listed = stdout(&out);
    let lines: Vec<&str> = listed.lines().collect();
    assert!(
        lines[0].starts_with("overwrite (not published by uslugi)\tnew.txt"),
        "{listed}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("replace\tfaq/index.html")),
        "{listed}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("replace\tbenefits/index.html")),
        "{listed}"
    );
    let err = stderr(&out);
    assert!(
        err.contains("benefits/index.html was changed on the server"),
        "{err}"
    );
    assert!(err.contains("Would publish"), "{err}");
}

/// A file of `len` bytes that does not compress: it takes a while to send.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn sftp_deploy_killed_mid_upload_leaves_old_or_new_files_and_the_next_one_completes_it() {
    let server = Sshd::start();
    let site = site();
    let s = site.path();
    deploy_ok(s, &server.args(), &[]);
    let v1 = public(s);
    edit_faq(s);
    std::fs::write(s.join("static/video.bin"), noise(4 << 20)).unwrap();
    // Through a relay of 1 MB/s, the video takes four seconds to send.
    let mut slow = server.args();
    slow[1] = server.target_at(servers::slow_relay(server.port, 1 << 20));
    let mut all = vec!["deploy".to_string()];
    all.extend(slow);
    let mut first = Command::new(env!("CARGO_BIN_EXE_uslugi"))
        .args(&all)
        .current_dir(s)
        .env_remove("SSH_AUTH_SOCK")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let part = server.www.join(".video.bin.uslugi-part");
    let start = Instant::now();
    while !part.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the upload never started"
        );
        assert!(
            first.try_wait().unwrap().is_none(),
            "the deploy ended before the big upload"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    // While the first holds the lock, a second deploy stops at once.
    let second = deploy(s, &with(&server.args(), &["--no-build"]), &[]);
    assert_eq!(second.status.code(), Some(2), "{}", stderr(&second));
    assert!(
        stderr(&second).contains("another deploy to"),
        "{}",
        stderr(&second)
    );
    first.kill().unwrap();
    first.wait().unwrap();
    let v2 = public(s);
    for (path, bytes) in site_files(&server.www) {
        assert!(
            v1.get(&path) == Some(&bytes) || v2.get(&path) == Some(&bytes),
            "{path} is neither the old nor the new version"
        );
    }
    assert!(
        server.www.join(".uslugi-lock.json").is_file(),
        "the killed deploy's lock stays"
    );
    let out = deploy_ok(s, &server.args(), &[]);
    assert!(stderr(&out).contains("was interrupted"), "{}", stderr(&out));
    assert_published(&server.www, s, &BTreeMap::new());
}

#[test]
fn sftp_refuses_unknown_and_changed_host_keys() {
    let server = Sshd::start();
    let site = site();
    let s = site.path();
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("known_hosts");
    std::fs::write(&empty, "").unwrap();
    let mut args = server.args();
    args[5] = empty.display().to_string();
    let out = deploy(s, &args, &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("host key of 127.0.0.1") && err.contains("unknown"),
        "{err}"
    );
    assert!(
        err.contains("SHA256:") && err.contains("--accept-new-host-key"),
        "{err}"
    );
    assert!(!server.www.exists(), "nothing was written");
    deploy_ok(s, &with(&args, &["--accept-new-host-key"]), &[]);
    let learned = std::fs::read_to_string(&empty).unwrap();
    let recorded = format!("[127.0.0.1]:{} ssh-ed25519 ", server.port);
    assert!(
        learned.lines().any(|l| l.starts_with(&recorded)),
        "{learned}"
    );

    // Another key recorded for the host: refused, with or without --accept-new-host-key.
    let other = dir.path().join("other");
    assert!(
        Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&other)
            .status()
            .unwrap()
            .success()
    );
    let other_pub = std::fs::read_to_string(other.with_extension("pub")).unwrap();
    let key: Vec<&str> = other_pub.split_whitespace().take(2).collect();
    std::fs::write(
        &empty,
        format!("[127.0.0.1]:{} {}\n", server.port, key.join(" ")),
    )
    .unwrap();
    let out = deploy(s, &with(&args, &["--accept-new-host-key"]), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("CHANGED"), "{}", stderr(&out));
}

#[test]
fn sftp_logs_in_with_the_ssh_agents_key_when_no_key_file_is_given() {
    let server = Sshd::start();
    let site = site();
    let dir = tempfile::tempdir().unwrap();
    let socket = dir.path().join("agent.sock");
    let mut agent = Command::new("ssh-agent")
        .args(["-D", "-a"])
        .arg(&socket)
        .stdout(Stdio::null())
        .spawn()
        .expect("ssh-agent");
    let start = Instant::now();
    while !socket.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "ssh-agent did not start"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let added = Command::new("ssh-add")
        .arg(&server.key)
        .env("SSH_AUTH_SOCK", &socket)
        .output()
        .unwrap();
    assert!(added.status.success(), "{}", stderr(&added));
    let args = vec![
        "--to".into(),
        server.target(),
        "--known-hosts".into(),
        server.known_hosts.display().to_string(),
    ];
    let sock = socket.display().to_string();
    let out = deploy(site.path(), &args, &[("SSH_AUTH_SOCK", sock.as_str())]);
    let _ = agent.kill();
    let _ = agent.wait();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_published(&server.www, site.path(), &BTreeMap::new());
}

#[test]
fn sftp_refuses_wrong_passwords_and_passwords_in_files_and_never_shows_them() {
    let server = Sshd::start();
    let site = site();
    let s = site.path();
    // A password in the address is refused before anything is built, and never shown.
    let in_url = server.target().replacen("@", ":Hidden-77@", 1);
    let out = deploy(s, &["--to".into(), in_url], &[]);
    assert_eq!(out.status.code(), Some(2));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        all.contains("USLUGI_DEPLOY_PASSWORD") && !all.contains("Hidden-77"),
        "{all}"
    );
    assert!(!s.join("public").exists(), "nothing was built");
    // A wrong password: a clear refusal that never repeats it.
    let secret = "Wrong-Pass-4821";
    let by_password = vec![
        "--to".into(),
        server.target(),
        "--known-hosts".into(),
        server.known_hosts.display().to_string(),
    ];
    let out = deploy(s, &by_password, &[("USLUGI_DEPLOY_PASSWORD", secret)]);
    assert_eq!(out.status.code(), Some(2));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(all.contains("refused the login"), "{all}");
    assert!(!all.contains(secret), "the password was printed: {all}");
    // No way to log in at all.
    let out = deploy(s, &by_password, &[]);
    assert!(
        stderr(&out).contains("no way to log in"),
        "{}",
        stderr(&out)
    );

    // In site.toml, too.
    let toml = s.join("site.toml");
    let mut config = std::fs::read_to_string(&toml).unwrap();
    config.push_str(&format!(
        "\n[deploy]\ntarget = \"{}\"\npassword = \"Hidden-88\"\n",
        server.target()
    ));
    std::fs::write(&toml, config).unwrap();
    let out = deploy(s, &[], &[]);
    assert_eq!(out.status.code(), Some(2));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        all.contains("[deploy] password") && !all.contains("Hidden-88"),
        "{all}"
    );
}

#[test]
fn sftp_says_when_the_servers_disk_is_full() {
    let server = Sshd::start();
    std::fs::create_dir_all(&server.www).unwrap();
    // A disk of 1 MB for the target folder: only root may mount one.
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(&server.www)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: mounting a small disk needs root");
        return;
    }
    let site = site();
    std::fs::write(site.path().join("static/video.bin"), noise(3 << 20)).unwrap();
    let out = deploy(site.path(), &server.args(), &[]);
    let left = snapshot(&server.www);
    let _ = Command::new("umount").arg(&server.www).status();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("no space left") && err.contains("quota is full"),
        "{err}"
    );
    assert!(
        left.keys().all(|p| !p.ends_with(".uslugi-part")),
        "{:?}",
        left.keys()
    );
}

#[test]
fn ftps_publishes_incrementally_with_utf8_names_and_refuses_bad_logins() {
    let server = Ftpd::start(true);
    let site = site();
    let s = site.path();
    let pw = [("USLUGI_DEPLOY_PASSWORD", FTP_PASSWORD)];
    std::fs::create_dir_all(&server.www).unwrap();
    std::fs::write(server.www.join("price.pdf"), "someone's").unwrap();
    let args = vec![
        "--to".to_string(),
        server.target("ftps"),
        "--ca-file".into(),
        server.ca.display().to_string(),
    ];
    let out = deploy_ok(s, &args, &pw);
    assert!(!stderr(&out).contains("clear text"), "{}", stderr(&out));
    let foreign = BTreeMap::from([("price.pdf".to_string(), b"someone's".to_vec())]);
    assert_published(&server.www, s, &foreign);
    assert!(
        server
            .www
            .join("документы/памятка для родителей.txt")
            .is_file()
    );
    let before = public(s);
    edit_faq(s);
    server.clear_log();
    deploy_ok(s, &args, &pw);
    assert_eq!(server.uploads(), changed(&before, &public(s)));
    assert_published(&server.www, s, &foreign);

    let out = deploy(s, &args, &[("USLUGI_DEPLOY_PASSWORD", "Wrong-Pass-4821")]);
    assert_eq!(out.status.code(), Some(2));
    let all = format!("{}{}", stdout(&out), stderr(&out));
    assert!(
        all.contains("refused the login") && !all.contains("Wrong-Pass-4821"),
        "{all}"
    );
    // A user who may not write: the server refuses, and the message says what to check.
    let reader = server.target("ftps").replace("editor@", "reader@");
    let out = deploy(
        s,
        &["--to".into(), reader, args[2].clone(), args[3].clone()],
        &pw,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("may not write there"),
        "{}",
        stderr(&out)
    );
    // Nobody listening.
    let closed = format!("ftps://editor@127.0.0.1:{}/www/", servers::free_port());
    let out = deploy(s, &["--to".into(), closed], &pw);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot reach 127.0.0.1:"),
        "{}",
        stderr(&out)
    );
    // A certificate nobody vouches for.
    let out = deploy(s, &args[..2], &pw);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("secure connection"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains(FTP_PASSWORD));
}

#[test]
fn plain_ftp_works_and_warns_that_everything_travels_in_clear_text() {
    let server = Ftpd::start(false);
    let site = site();
    let out = deploy_ok(
        site.path(),
        &["--to".into(), server.target("ftp")],
        &[("USLUGI_DEPLOY_PASSWORD", FTP_PASSWORD)],
    );
    assert!(stderr(&out).contains("clear text"), "{}", stderr(&out));
    assert_published(&server.www, site.path(), &BTreeMap::new());
}
