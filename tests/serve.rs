//! `uslugi serve` end to end: a real server on a free loopback port, real edits, the reload
//! event arriving over Server-Sent Events, the error overlay, and safety of paths. Every wait
//! is bounded.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A running `uslugi serve`, stopped when dropped.
struct Serve {
    child: Child,
    port: u16,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path, extra: &[&str]) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uslugi"))
        .args(["serve", "--root", root.to_str().unwrap()])
        .args(if extra.contains(&"--port") {
            &[][..]
        } else {
            &["--port", "0"][..]
        })
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Serve { child, port }
}

/// Sends a raw request line; returns status code, headers and body.
fn request(port: u16, target: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// A connected live-reload client.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn connect(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            stream,
            "GET /_uslugi/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut e = Events {
            stream,
            seen: String::new(),
        };
        assert!(
            e.wait_for("uslugi live reload", Duration::from_secs(10)),
            "no event stream: {}",
            e.seen
        );
        e.seen.clear();
        e
    }

    fn wait_for(&mut self, what: &str, limit: Duration) -> bool {
        let started = Instant::now();
        let mut buf = [0u8; 4096];
        while !self.seen.contains(what) && started.elapsed() < limit {
            if let Ok(n) = self.stream.read(&mut buf) {
                self.seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
        self.seen.contains(what)
    }

    /// Waits for the next reload event, then forgets it.
    fn reload(&mut self) {
        assert!(
            self.wait_for("event: reload", Duration::from_secs(15)),
            "no reload event; got {:?}",
            self.seen
        );
        self.seen.clear();
    }
}

#[test]
fn edits_reload_errors_overlay_and_fixes_clear() {
    let site = fixture("minimal");
    let root = site.path();
    let server = serve(root, &[]);
    let (status, head, body) = request(server.port, "/faq/");
    assert_eq!(status, 200);
    assert!(head.contains("text/html; charset=utf-8"));
    assert!(body.contains("Через портал.") && body.contains("/_uslugi/live.js"));
    let mut events = Events::connect(server.port);

    let faq = root.join("content/faq.md");
    let original = std::fs::read_to_string(&faq).unwrap();
    std::fs::write(
        &faq,
        original.replace("Через портал.", "Через портал госуслуг, мгновенно."),
    )
    .unwrap();
    events.reload();
    let (_, _, body) = request(server.port, "/faq/");
    assert!(body.contains("госуслуг, мгновенно"), "new text is served");
    assert!(!body.contains("uslugi-error"));

    std::fs::write(
        &faq,
        original.replace("Через портал.", "См. [центры](@/centry.md)."),
    )
    .unwrap();
    events.reload();
    let (status, _, body) = request(server.port, "/faq/");
    assert_eq!(status, 200);
    assert!(
        body.contains("госуслуг, мгновенно"),
        "the last good page is kept"
    );
    assert!(
        body.contains("uslugi-error")
            && body.contains("@/centry.md")
            && body.contains("content/faq.md:"),
        "overlay names file and line"
    );

    std::fs::write(
        &faq,
        original.replace("title: Вопросы", "title: Вопросы и ответы"),
    )
    .unwrap();
    events.reload();
    let (_, _, body) = request(server.port, "/");
    assert!(
        body.contains("Вопросы и\u{a0}ответы"),
        "a title change reaches the navigation of other pages, set as the text is"
    );
    assert!(
        !body.contains("uslugi-error"),
        "fixing the file clears the overlay"
    );
    assert!(
        !root.join("public").exists(),
        "serve never writes the output directory"
    );
}

#[test]
fn paths_types_and_pages() {
    let site = fixture("minimal");
    let server = serve(site.path(), &[]);
    for bad in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/news/%2e%2e/%2e%2e/site.toml",
        "/a%2fb",
        "/..%5csite.toml",
        "/./faq/",
    ] {
        let (status, _, _) = request(server.port, bad);
        assert_eq!(status, 400, "{bad}");
    }
    let (status, _, body) = request(server.port, "/content/faq.md");
    assert_eq!(status, 404, "sources are never served");
    assert!(body.contains("Страница не найдена"), "the theme's 404 page");
    let (status, _, _) = request(server.port, "/news/");
    assert_eq!(status, 200);
    let (status, head, _) = request(server.port, "/faq");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /faq/"));
    for (path, ct) in [
        ("/style.css", "text/css"),
        ("/a11y.js", "text/javascript"),
        ("/favicon.svg", "image/svg+xml"),
        ("/atom.xml", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain"),
        ("/_uslugi/live.js", "text/javascript"),
    ] {
        let (status, head, _) = request(server.port, path);
        assert_eq!(status, 200, "{path}");
        assert!(
            head.contains(&format!("Content-Type: {ct}")),
            "{path}: {head}"
        );
    }
    let (status, _, body) = request(server.port, "/_uslugi/check");
    assert_eq!(status, 200);
    assert!(body.contains("Проверка раздела «Электронные услуги»"));
}

#[test]
fn a_taken_port_moves_to_the_next_one() {
    let site = fixture("minimal");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let server = serve(site.path(), &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    assert!(server.port > port && server.port <= port + 20);
    let (status, _, _) = request(server.port, "/");
    assert_eq!(status, 200);
}

#[test]
fn build_output_has_no_reload_script() {
    let site = fixture("minimal");
    build_ok(site.path(), &[]);
    for (path, bytes) in snapshot(&site.path().join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("_uslugi"),
            "{path} carries serve-only code"
        );
    }
}

#[test]
fn a_save_through_a_temporary_file_reloads_once() {
    let site = fixture("minimal");
    let root = site.path();
    let server = serve(root, &[]);
    let mut events = Events::connect(server.port);
    let faq = root.join("content/faq.md");
    let text = std::fs::read_to_string(&faq)
        .unwrap()
        .replace("Бесплатно.", "Совершенно бесплатно.");
    // How many editors save: a backup, a temporary file, then a rename over the original.
    std::fs::copy(&faq, root.join("content/faq.md~")).unwrap();
    let tmp = root.join("content/.faq.md.swp");
    std::fs::write(&tmp, &text).unwrap();
    std::fs::rename(&tmp, &faq).unwrap();
    events.reload();
    assert!(
        !events.wait_for("event: reload", Duration::from_millis(600)),
        "one save, one reload: {:?}",
        events.seen
    );
    let (_, _, body) = request(server.port, "/faq/");
    assert!(body.contains("Совершенно бесплатно."));
}
