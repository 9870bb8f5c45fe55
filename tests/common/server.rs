//! A tiny HTTP/1.1 server on a free loopback port for the audit tests. It serves what a
//! handler returns, can misbehave on purpose (slow answers, redirects, huge bodies), and
//! stops by itself after a bounded number of requests or seconds, or when dropped.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What to answer.
pub enum Reply {
    /// 200 with a content type and a body.
    Ok(&'static str, Vec<u8>),
    /// An empty answer with this status.
    Status(u16),
    /// 302 to this location.
    Redirect(String),
    /// Wait, then answer 200 with this HTML.
    Slow(Duration, String),
    /// 200 `text/html` with this many bytes of filler, written in chunks.
    Huge(usize),
    /// These exact bytes (status line, headers and body as given, lies included), then close.
    Raw(Vec<u8>),
    /// A status line and headers, then the body one byte at a time with this pause between.
    Trickle(Duration, Vec<u8>),
    /// 200 `text/html` with `Content-Encoding: gzip` and this (compressed) body.
    Gzip(Vec<u8>),
    /// 200 `text/html`, chunked, that never ends (until the client goes away or the server
    /// stops).
    Endless,
}

/// A running server.
pub struct Server {
    /// Its address.
    pub addr: SocketAddr,
    /// Requests served so far.
    pub requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Server {
    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

const MAX_REQUESTS: usize = 5_000;
const MAX_LIFETIME: Duration = Duration::from_secs(120);

/// Starts serving; `handler` maps a request path (with query) to a reply.
pub fn serve(handler: impl Fn(&str) -> Reply + Send + Sync + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(AtomicUsize::new(0));
    let handler = Arc::new(handler);
    let (stop2, requests2) = (stop.clone(), requests.clone());
    let handle = std::thread::spawn(move || {
        let started = Instant::now();
        while !stop2.load(Ordering::SeqCst)
            && started.elapsed() < MAX_LIFETIME
            && requests2.load(Ordering::SeqCst) < MAX_REQUESTS
        {
            match listener.accept() {
                Ok((stream, _)) => {
                    requests2.fetch_add(1, Ordering::SeqCst);
                    let h = handler.clone();
                    let stop3 = stop2.clone();
                    std::thread::spawn(move || answer(stream, h.as_ref(), &stop3));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    Server {
        addr,
        requests,
        stop,
        handle: Some(handle),
    }
}

/// Reads one request and answers it as the handler says.
fn answer(
    mut stream: TcpStream,
    handler: &(dyn Fn(&str) -> Reply + Send + Sync),
    stop: &AtomicBool,
) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16_384 {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    reply(&mut stream, handler(&path), stop);
}

/// A whole answer with a body of known length.
fn write(stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]) {
    let _ = stream.write_all(
        format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
            body.len()
        )
        .as_bytes(),
    );
    let _ = stream.write_all(body);
}

/// Sends `reply`, misbehaving as it says; stops early when the server stops.
fn reply(stream: &mut TcpStream, reply: Reply, stop: &AtomicBool) {
    match reply {
        Reply::Ok(ct, body) => write(stream, "200 OK", &format!("Content-Type: {ct}\r\n"), &body),
        Reply::Status(code) => write(stream, &format!("{code} Status"), "", b""),
        Reply::Redirect(to) => write(stream, "302 Found", &format!("Location: {to}\r\n"), b""),
        Reply::Slow(wait, html) => {
            let until = Instant::now() + wait;
            while Instant::now() < until && !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
            write(
                stream,
                "200 OK",
                "Content-Type: text/html; charset=utf-8\r\n",
                html.as_bytes(),
            );
        }
        Reply::Gzip(body) => write(
            stream,
            "200 OK",
            "Content-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n",
            &body,
        ),
        other => streamed_reply(stream, other, stop),
    }
}

/// Replies written as raw bytes or piece by piece: endless, trickled, huge.
fn streamed_reply(stream: &mut TcpStream, reply: Reply, stop: &AtomicBool) {
    match reply {
        Reply::Endless => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
            );
            let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, "a".repeat(64 * 1024));
            while !stop.load(Ordering::SeqCst) {
                if stream.write_all(chunk.as_bytes()).is_err() {
                    break;
                }
            }
        }
        Reply::Raw(bytes) => {
            let _ = stream.write_all(&bytes);
        }
        Reply::Trickle(pause, body) => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nConnection: close\r\n\r\n",
            );
            for b in body {
                if stop.load(Ordering::SeqCst) || stream.write_all(&[b]).is_err() {
                    break;
                }
                std::thread::sleep(pause);
            }
        }
        Reply::Huge(n) => {
            let _ = stream.write_all(
                format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n").as_bytes(),
            );
            let filler = vec![b'a'; 64 * 1024];
            let mut sent = 0;
            while sent < n && !stop.load(Ordering::SeqCst) {
                let k = filler.len().min(n - sent);
                if stream.write_all(&filler[..k]).is_err() {
                    break;
                }
                sent += k;
            }
        }
        _ => unreachable!("answered by reply"),
    }
}
