//! `uslugi serve`: a live preview that builds into memory and serves from memory.
//!
//! It never writes the output directory. Sources are watched (`watch`); a change that
//! only touches page bodies re-renders just those pages ([`uslugi_site::render::Renderer::rerender`]),
//! anything else rebuilds the site. Open tabs are told to reload over Server-Sent Events by a
//! small script that is added to pages only as they are served, never to `Output`, with a
//! status link (`badge`) to the to-do list at `/_uslugi/check`. When a
//! rebuild fails, the last good site keeps being served with the error laid over it, and the
//! terminal shows the same diagnostics; fixing the file clears both. What happens is reported
//! as [`Event`]s: the binary decides what to print.

mod badge;
mod checker;
mod http;
mod live;
mod watch;

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use live::{Live, render_errors};
use uslugi_compliance::format;
use uslugi_core::util::escape::html as xml_escape;
use uslugi_site::check::{CheckOptions, check_site};
use uslugi_site::error::Error;
use uslugi_site::output::OutFile;

/// Options of `uslugi serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on.
    pub bind: String,
    /// First port to try; 0 lets the system choose.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Reads the clock: the binary's, asked at every rebuild, so that a preview left running
    /// overnight shows the next day's banners.
    pub clock: fn() -> uslugi_core::Now,
}

/// What the preview server reports as it runs; the binary decides what to print.
#[derive(Debug)]
pub enum Event<'a> {
    /// The first port asked for was taken, so another one is used.
    PortTaken {
        /// The port asked for.
        asked: u16,
        /// The port used.
        port: u16,
    },
    /// The server is listening.
    Listening {
        /// The site's title (empty when the first build failed).
        title: &'a str,
        /// The address to open.
        url: String,
        /// Whether the address is reachable from other computers.
        open_to_network: bool,
    },
    /// Changed files were applied; `summary` says what was rebuilt and how fast.
    Rebuilt {
        /// The changed files, as a short list.
        changed: &'a str,
        /// What was done.
        summary: &'a str,
    },
    /// A build failed: the first one (`changed` is `None`) or one after a change. The last
    /// good site stays served, with the error over every page.
    Failed {
        /// The changed files, as a short list.
        changed: Option<&'a str>,
        /// Why.
        error: &'a Error,
    },
}

/// Why the preview server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address cannot be listened on.
    #[error("cannot listen on {bind}:{port}: {source}")]
    Listen {
        /// The address.
        bind: String,
        /// The port.
        port: u16,
        /// Why.
        source: std::io::Error,
    },
    /// The site's folder cannot be watched.
    #[error("cannot watch {}: {message}", path.display())]
    Watch {
        /// The folder.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

/// Connected live-reload clients.
#[derive(Default)]
struct Hub {
    clients: Mutex<Vec<Sender<&'static str>>>,
}

impl Hub {
    fn subscribe(&self) -> Receiver<&'static str> {
        let (tx, rx) = channel();
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(tx);
        rx
    }

    /// Tells every open tab to reload.
    fn reload(&self) {
        self.send("reload");
    }

    /// Tells every open tab that the check caught up, so that the status link is fetched
    /// again.
    fn status(&self) {
        self.send("status");
    }

    fn send(&self, event: &'static str) {
        self.clients
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|c| c.send(event).is_ok());
    }
}

/// Reloads the page after a rebuild; when the check catches up, reloads the to-do list, or
/// puts the new status link in place on any other page.
const LIVE_JS: &str = "(function(){var s=new EventSource('/_uslugi/events');s.addEventListener('reload',function(){location.reload()});\
s.addEventListener('status',function(){if(location.pathname==='/_uslugi/check'){location.reload();return}\
fetch('/_uslugi/status').then(function(r){return r.ok?r.text():''}).then(function(h){var a=document.getElementById('uslugi-status');\
if(a){a.outerHTML=h}else if(h){document.body.insertAdjacentHTML('beforeend',h)}})});})();\n";

/// Adds the live-reload script, the status link when there is one, and the error overlay when
/// the last build failed, to a page.
fn decorate(html: &[u8], status: Option<&str>, error: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut extra = status.unwrap_or_default().to_string();
    extra.push_str("<script src=\"/_uslugi/live.js\"></script>");
    if let Some(e) = error {
        extra.push_str(&overlay(e));
    }
    match html.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &html[..i], &html[i..]).into_bytes(),
        None => format!("{html}{extra}").into_bytes(),
    }
}

fn overlay(error: &str) -> String {
    format!(
        "<div id=\"uslugi-error\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,28,.94);color:#fff;padding:2rem;font:15px/1.5 ui-monospace,monospace\">\
<h2 style=\"color:#ff8a80;font:700 1.3rem system-ui,sans-serif;margin:0 0 1rem\">Сборка не удалась — показана последняя удачная версия</h2>\
<pre style=\"white-space:pre-wrap;margin:0\">{}</pre><p style=\"font-family:system-ui,sans-serif\">Исправьте файл и сохраните — страница обновится сама.</p></div>",
        xml_escape(error)
    )
}

/// Whether an address to listen on reaches only this computer.
fn is_loopback(bind: &str) -> bool {
    bind.eq_ignore_ascii_case("localhost")
        || bind
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// The changed files for the rebuild line: the first three, and how many more.
/// Editors' own temporary files (`sed -i` writes `sedXXXXXX` and renames it) are left out:
/// a file that is gone and has no extension was never a source.
fn changed_list(root: &Path, batch: &[PathBuf]) -> String {
    let shown: Vec<&PathBuf> = batch
        .iter()
        .filter(|p| p.extension().is_some() || root.join(p).exists())
        .collect();
    let mut names: Vec<String> = shown
        .iter()
        .take(3)
        .map(|p| uslugi_core::util::paths::slash_path(p))
        .collect();
    if shown.len() > 3 {
        names.push(format!("and {} more", shown.len() - 3));
    }
    names.join(", ")
}

/// Binds `bind:port`, or the next free port above it.
fn bind(opts: &ServeOptions) -> std::io::Result<(TcpListener, u16)> {
    let last = if opts.port == 0 {
        0
    } else {
        opts.port.saturating_add(20)
    };
    let mut port = opts.port;
    loop {
        match TcpListener::bind((opts.bind.as_str(), port)) {
            Ok(l) => {
                let actual = l.local_addr()?.port();
                return Ok((l, actual));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port < last => port += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Runs the preview server until the process is stopped (Ctrl-C), telling `on` what
/// happens.
pub fn run(root: &Path, opts: &ServeOptions, on: &mut dyn FnMut(Event)) -> Result<(), ServeError> {
    let (live, first_error) = Live::start(root, opts);
    if let Some(e) = &first_error {
        on(Event::Failed {
            changed: None,
            error: e,
        });
    }
    let live = Arc::new(RwLock::new(live));
    let hub = Arc::new(Hub::default());
    let recheck = checker::spawn(live.clone(), hub.clone());
    let _ = recheck.send(());
    let (listener, port) = bind(opts).map_err(|source| ServeError::Listen {
        bind: opts.bind.clone(),
        port: opts.port,
        source,
    })?;
    if port != opts.port && opts.port != 0 {
        on(Event::PortTaken {
            asked: opts.port,
            port,
        });
    }
    let title = live
        .read()
        .ok()
        .and_then(|l| l.site.as_ref().map(|s| s.config.title.clone()))
        .unwrap_or_default();
    on(Event::Listening {
        title: &title,
        url: format!("http://{}:{port}/", opts.bind),
        open_to_network: !is_loopback(&opts.bind),
    });
    let mut watcher = watch::SiteWatcher::new(root).map_err(|e| ServeError::Watch {
        path: root.to_path_buf(),
        message: e.to_string(),
    })?;
    {
        let (live, hub) = (live.clone(), hub.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (live, hub) = (live.clone(), hub.clone());
                std::thread::spawn(move || handle(stream, &live, &hub));
            }
        });
    }
    while let Some(batch) = watcher.next_batch() {
        let result = {
            let mut l = live.write().unwrap_or_else(|e| e.into_inner());
            let r = l.apply(root, opts, &batch);
            if let Err(e) = &r {
                l.error = Some(render_errors(e));
            }
            r
        };
        let changed = changed_list(root, &batch);
        match &result {
            Ok(summary) => on(Event::Rebuilt {
                changed: &changed,
                summary,
            }),
            Err(error) => on(Event::Failed {
                changed: Some(&changed),
                error,
            }),
        }
        hub.reload();
        if result.is_ok() {
            let _ = recheck.send(());
        }
    }
    Ok(())
}

/// A response, made while the site is locked and sent after the lock is released.
struct Response {
    status: &'static str,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: &'static str, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }
}

fn handle(mut stream: TcpStream, live: &RwLock<Live>, hub: &Hub) {
    let req = match http::read_request(&stream) {
        Ok(r) => r,
        Err(http::Refusal::Silent) => return,
        Err(http::Refusal::Method) => {
            return http::respond(&mut stream, "405 Method Not Allowed", &[], b"", false);
        }
        Err(refusal) => {
            let status = if refusal == http::Refusal::TooLarge {
                "431 Request Header Fields Too Large"
            } else {
                "400 Bad Request"
            };
            http::respond(
                &mut stream,
                status,
                &[("Content-Type", "text/plain; charset=utf-8".into())],
                b"bad request\n",
                false,
            );
            return http::linger(stream);
        }
    };
    let head = req.method == "HEAD";
    let response = match req.path.as_str() {
        "/_uslugi/events" => return events(stream, hub),
        "/_uslugi/live.js" => Response::new(
            "200 OK",
            http::content_type("x.js"),
            LIVE_JS.as_bytes().to_vec(),
        ),
        badge::CHECK_PATH => check_page(live),
        "/_uslugi/status" => {
            let l = live.read().unwrap_or_else(|e| e.into_inner());
            Response::new(
                "200 OK",
                http::content_type("x.html"),
                status(&l).unwrap_or_default().into_bytes(),
            )
        }
        path => {
            // The lock is held only to copy the answer out: a client that reads slowly or
            // not at all never holds up a rebuild.
            let l = live.read().unwrap_or_else(|e| e.into_inner());
            site_file(&l, path, &req.path)
        }
    };
    http::respond(
        &mut stream,
        response.status,
        &response.headers,
        &response.body,
        head,
    );
}

/// The answer for a path of the site: the file, a redirect to a folder's `/`, or the 404 page.
fn site_file(l: &Live, path: &str, requested: &str) -> Response {
    let base = l
        .site
        .as_ref()
        .map(|s| s.config.base_url.path().to_string())
        .unwrap_or_else(|| "/".into());
    let path = path
        .strip_prefix(base.as_str())
        .map_or(path.trim_start_matches('/'), |p| p);
    let mut key = path.to_string();
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    if let Some(file) = l.output.files.get(&key) {
        let ct = http::content_type(&key);
        let body = if ct.starts_with("text/html") {
            decorate(&file.bytes, status(l).as_deref(), l.error.as_deref())
        } else {
            file.bytes.clone()
        };
        return Response::new("200 OK", ct, body);
    }
    if !key.ends_with("index.html") && l.output.files.contains_key(&format!("{key}/index.html")) {
        return Response {
            status: "301 Moved Permanently",
            headers: vec![("Location", format!("{requested}/"))],
            body: Vec::new(),
        };
    }
    let not_found = l.output.files.get("404.html").map_or_else(
        || b"<!DOCTYPE html><title>404</title><h1>404</h1>".to_vec(),
        |f: &OutFile| f.bytes.clone(),
    );
    Response::new(
        "404 Not Found",
        http::content_type("404.html"),
        decorate(&not_found, status(l).as_deref(), l.error.as_deref()),
    )
}

/// The status link for the site as served: from the latest check, which may be a build
/// behind until the background check catches up and tells the page.
fn status(l: &Live) -> Option<String> {
    l.report.as_ref().map(|(_, r)| badge::html(r))
}

/// Server-Sent Events: a `reload` event after every rebuild, a comment now and then to keep
/// the connection open.
fn events(mut stream: TcpStream, hub: &Hub) {
    let rx = hub.subscribe();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: uslugi live reload\n\n";
    if stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.flush())
        .is_err()
    {
        return;
    }
    loop {
        let msg = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => format!("event: {event}\ndata: {event}\n\n"),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(_) => return,
        };
        if stream
            .write_all(msg.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

/// `/_uslugi/check`: the to-do list of the site being served, made from the same in-memory
/// output as the pages, so it follows every rebuild (made here when the background check
/// has not caught up yet); its page links stay in the preview.
fn check_page(live: &RwLock<Live>) -> Response {
    let l = live.read().unwrap_or_else(|e| e.into_inner());
    let body = match (l.current_report(), &l.site) {
        (Some(report), _) => format::preview_html(report),
        (None, Some(site)) => match check_site(site, &l.output, &CheckOptions::default()) {
            Ok(report) => format::preview_html(&report),
            Err(e) => format!("<!DOCTYPE html><html lang=\"ru\"><title>Проверка</title><pre>{}</pre></html>", xml_escape(&render_errors(&Error::Ignore(e)))),
        },
        (None, None) => "<!DOCTYPE html><html lang=\"ru\"><title>Проверка</title><p>Сайт ещё не собран.</p></html>".to_string(),
    };
    Response::new(
        "200 OK",
        http::content_type("x.html"),
        decorate(body.as_bytes(), None, l.error.as_deref()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_addresses() {
        for a in ["127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"] {
            assert!(is_loopback(a), "{a}");
        }
        for a in ["0.0.0.0", "::", "192.168.1.5", "example.ru"] {
            assert!(!is_loopback(a), "{a}");
        }
    }

    #[test]
    fn decoration_adds_script_and_overlay_before_body_end() {
        let out =
            String::from_utf8(decorate(b"<html><body><p>x</p></body></html>", None, None)).unwrap();
        assert!(
            out.ends_with("<script src=\"/_uslugi/live.js\"></script></body></html>"),
            "{out}"
        );
        let out = String::from_utf8(decorate(
            b"<body>x</body>",
            Some("<aside id=\"uslugi-status\"></aside>"),
            Some("error: <bad>"),
        ))
        .unwrap();
        assert!(
            out.contains("uslugi-error")
                && out.contains("error: &lt;bad&gt;")
                && out.contains("<aside id=\"uslugi-status\"></aside><script"),
            "{out}"
        );
    }
}
