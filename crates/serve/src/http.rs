//! The preview server's HTTP side: a small HTTP/1.1 server on std's `TcpListener`, one
//! thread per connection, that only ever answers from the in-memory site.
//!
//! Paths are decoded and checked before anything is looked up: `..`, `.`, backslashes,
//! encoded slashes and NUL bytes are refused with 400, so nothing outside the site is ever
//! reachable (and nothing is read from disk anyway). Directories are never listed.
//!
//! It is kept small on purpose and proven by tests rather than replaced by a framework: a
//! preview serves one editor on loopback, and what it needs — a bounded request head, a
//! client that goes silent timed out, writes that never happen under the site's lock — is a
//! few lines here (see `tests/serve.rs`).

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A parsed request: method and decoded path (without query or fragment).
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET` or `HEAD`.
    pub method: String,
    /// The decoded path, starting with `/`.
    pub path: String,
}

/// Why a request is refused before routing.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Malformed or unsafe: 400.
    BadRequest,
    /// The request line and headers are longer than [`MAX_HEAD`]: 431.
    TooLarge,
    /// Not GET or HEAD: 405.
    Method,
    /// The client sent nothing (or not all of its request) within [`READ_TIMEOUT`], or went
    /// away: the connection is closed without an answer.
    Silent,
}

/// The most a request line and its headers may take together.
pub const MAX_HEAD: u64 = 16 * 1024;
/// How long a client may take to send its request.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// How long one write to a client may block before the connection is dropped: a stalled
/// client costs one thread for this long, never the site's lock (nothing is written while
/// it is held).
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Reads the request line and headers (at most [`MAX_HEAD`] bytes, within
/// [`READ_TIMEOUT`]) and returns the request.
pub fn read_request(stream: &TcpStream) -> Result<Request, Refusal> {
    stream.set_read_timeout(Some(READ_TIMEOUT)).ok();
    stream.set_write_timeout(Some(WRITE_TIMEOUT)).ok();
    let mut reader = BufReader::new(Read::take(stream, MAX_HEAD));
    let mut line = Vec::new();
    let mut read_line = |line: &mut Vec<u8>| -> Result<(), Refusal> {
        line.clear();
        match reader.read_until(b'\n', line) {
            // Nothing more may be read: the head is over the limit, not silent.
            Ok(0) if reader.get_ref().limit() == 0 => Err(Refusal::TooLarge),
            Ok(0) => Err(Refusal::Silent),
            // The limit cut the line short: more was sent than a request may have.
            Ok(_) if !line.ends_with(b"\n") => Err(Refusal::TooLarge),
            Ok(_) => Ok(()),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                Err(Refusal::Silent)
            }
            Err(_) => Err(Refusal::BadRequest),
        }
    };
    read_line(&mut line)?;
    let request_line = String::from_utf8(line.clone()).map_err(|_| Refusal::BadRequest)?;
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(Refusal::BadRequest);
    };
    loop {
        read_line(&mut line)?;
        if line == b"\r\n" || line == b"\n" {
            break;
        }
    }
    if method != "GET" && method != "HEAD" {
        return Err(Refusal::Method);
    }
    Ok(Request {
        method: method.to_string(),
        path: safe_path(target)?,
    })
}

/// Decodes a request target into a safe path, or refuses it.
pub fn safe_path(target: &str) -> Result<String, Refusal> {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Err(Refusal::BadRequest);
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3).ok_or(Refusal::BadRequest)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| Refusal::BadRequest)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).map_err(|_| Refusal::BadRequest)?;
    if path.contains('\\') || path.contains('\0') || path.split('/').any(|s| s == ".." || s == ".")
    {
        return Err(Refusal::BadRequest);
    }
    Ok(path)
}

/// The `Content-Type` for an output file.
pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "xml" if key.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "vtt" => "text/vtt; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Writes a whole response; `head_only` leaves the body out (HEAD).
pub fn respond(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
    head_only: bool,
) {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(body);
    }
    let _ = stream.flush();
}

/// Closes a connection whose request was refused while the client may still be sending:
/// stop writing, then read and drop what comes for a moment (bounded in bytes and time), so
/// that the client gets the answer rather than a reset that discards it.
pub fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .ok();
    let mut buf = [0u8; 8192];
    let mut left: usize = 1 << 20;
    while left > 0 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/%2e%2e/x",
            "/a%2fb",
            "/a\\\\b",
            "/a/./b",
            "x",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(safe_path(bad), Err(Refusal::BadRequest), "{bad}");
        }
        assert_eq!(safe_path("/faq/?x=1#y").unwrap(), "/faq/");
        assert_eq!(safe_path("/%D0%B0/").unwrap(), "/а/");
    }

    #[test]
    fn types() {
        assert_eq!(content_type("faq/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("atom.xml"),
            "application/atom+xml; charset=utf-8"
        );
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.bin"), "application/octet-stream");
    }
}
