//! The preview server's HTTP side: a small HTTP/1.1 server on std's `TcpListener`, one
//! thread per connection, that only ever answers from the in-memory site.
//!
//! Paths are decoded and checked before anything is looked up: `..`, `.`, backslashes,
//! encoded slashes and NUL bytes are refused with 400, so nothing outside the site is ever
//! reachable (and nothing is read from disk anyway). Directories are never listed.

use std::io::{BufRead, BufReader, Write};
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
    /// Not GET or HEAD: 405.
    Method,
}

/// Reads the request line and headers (at most 16 KB) and returns the request.
pub fn read_request(stream: &TcpStream) -> Result<Request, Refusal> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|_| Refusal::BadRequest)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(Refusal::BadRequest);
    };
    let mut total = line.len();
    loop {
        let mut header = String::new();
        let n = reader
            .read_line(&mut header)
            .map_err(|_| Refusal::BadRequest)?;
        total += n;
        if n == 0 || header == "\r\n" || header == "\n" || total > 16_384 {
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

#[cfg(test)]
mod tests {
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
