//! A real `uslugi serve` for the serve tests: started on a free port, stopped when dropped,
//! with what it prints, plain HTTP requests, and the live-reload events it sends.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `uslugi serve`, stopped when dropped, with what it printed to stderr.
pub struct Serve {
    child: Child,
    pub port: u16,
    pub stderr: Arc<Mutex<String>>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// Waits (bounded) until stderr has a line containing every one of `parts`; returns it.
    pub fn line_with(&self, parts: &[&str]) -> String {
        let started = Instant::now();
        loop {
            let text = self.stderr.lock().unwrap().clone();
            if let Some(l) = text.lines().find(|l| parts.iter().all(|p| l.contains(p))) {
                return l.to_string();
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no line with {parts:?} in stderr:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Forgets what was printed so far.
    pub fn clear(&self) {
        self.stderr.lock().unwrap().clear();
    }
}

/// `uslugi serve` the README's way: from the site's own folder, no `--root`.
pub fn serve(root: &Path, extra: &[&str]) -> Serve {
    serve_in(root, extra)
}

/// `uslugi serve ARGS` with `cwd` as the current directory, on a free port unless told.
pub fn serve_in(cwd: &Path, args: &[&str]) -> Serve {
    let mut child = Command::new(env!("CARGO_BIN_EXE_uslugi"))
        .arg("serve")
        .args(if args.contains(&"--port") {
            &[][..]
        } else {
            &["--port", "0"][..]
        })
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = Arc::new(Mutex::new(String::new()));
    {
        let stderr = stderr.clone();
        let pipe = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { return };
                let mut s = stderr.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
    }
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|a| a.rsplit(':').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    Serve {
        child,
        port,
        stderr,
    }
}

/// Requests `target` until the body contains `what` (bounded); returns the body.
pub fn wait_for_body(port: u16, target: &str, what: &str) -> String {
    let started = Instant::now();
    loop {
        let (_, _, body) = request(port, target);
        if body.contains(what) {
            return body;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{target} never showed {what:?}; last body:\n{}",
            body.chars().take(3000).collect::<String>()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sends a raw request line; returns status code, headers and body.
pub fn request(port: u16, target: &str) -> (u16, String, String) {
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
pub struct Events {
    stream: TcpStream,
    pub seen: String,
}

impl Events {
    pub fn connect(port: u16) -> Events {
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

    pub fn wait_for(&mut self, what: &str, limit: Duration) -> bool {
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
    pub fn reload(&mut self) {
        assert!(
            self.wait_for("event: reload", Duration::from_secs(15)),
            "no reload event; got {:?}",
            self.seen
        );
        self.seen.clear();
    }
}
