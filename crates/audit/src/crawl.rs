//! Crawling a site breadth-first from its home page, from a folder or over HTTP.
//!
//! Only the site's own pages are followed (outbound links are recorded on the pages, never
//! fetched), within bounds: a number of pages, bytes per page, a time per request and per
//! site, and a number of requests at once. Whatever goes wrong with one page — a timeout, an
//! error status, a redirect loop, a page too large, a binary file — is noted and the crawl
//! goes on; only a home page that cannot be read fails the site.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::decode::{charset_of_content_type, decode_html, looks_binary};
pub use super::folder::FolderSource;
use super::interstitial;
pub use super::problem::{Connection, Problem};
use super::robots::Robots;
use uslugi_compliance::snapshot::{SnapPage, Target, parse_page, resolve_href};
use uslugi_core::BaseUrl;
use uslugi_core::progress::{Progress, Work};

/// Crawl bounds.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Pages at most.
    pub max_pages: usize,
    /// Bytes per page at most.
    pub max_bytes: u64,
    /// Time per request.
    pub timeout: Duration,
    /// Time for the whole site.
    pub site_time: Duration,
    /// Requests at once.
    pub concurrency: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: 200,
            max_bytes: 5 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            site_time: Duration::from_secs(120),
            concurrency: 4,
        }
    }
}

/// A page as fetched: where it ended up (after redirects within the site) and its text.
pub struct Fetched {
    /// The page's path under the base, after redirects.
    pub path: String,
    /// The decoded HTML.
    pub html: String,
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Not an HTML page (a PDF, an image, a document): not an error.
    NotHtml,
    /// A real problem.
    Problem(Problem),
}

/// Where pages come from.
pub trait Source: Sync {
    /// The base URL links are resolved against.
    fn base(&self) -> &BaseUrl;
    /// Fetches one page by its path under the base.
    fn fetch(&self, path: &str, limits: &Limits) -> Result<Fetched, Skip>;
    /// How to show a page's address in reports.
    fn display(&self, path: &str) -> String;
    /// What the site's `robots.txt` allows (a folder has none: everything).
    fn robots(&self) -> Robots {
        Robots::default()
    }
}

/// The most of a `robots.txt` that is read.
const ROBOTS_MAX_BYTES: u64 = 512 * 1024;

/// Extensions that are never HTML pages.
const NOT_PAGES: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "rtf", "zip", "rar", "7z",
    "jpg", "jpeg", "png", "gif", "webp", "svg", "mp4", "mp3", "avi", "css", "js", "xml", "txt",
    "ico",
];

fn extension(path: &str) -> Option<String> {
    let file = path.split('?').next()?.rsplit('/').next()?;
    file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// A site on the web.
pub struct HttpSource {
    base: BaseUrl,
    agent: ureq::Agent,
}

/// The User-Agent uslugi sends.
pub const USER_AGENT: &str = concat!(
    "uslugi/",
    env!("CARGO_PKG_VERSION"),
    " (audit of the «Электронные услуги» section)"
);

impl HttpSource {
    /// A site at `url` (its home page).
    pub fn new(url: &str, limits: &Limits) -> Result<HttpSource, Problem> {
        let base: BaseUrl = url
            .parse()
            .map_err(|message| Problem::BadAddress { message })?;
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(limits.timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .build();
        Ok(HttpSource {
            base,
            agent: config.into(),
        })
    }
}

impl Source for HttpSource {
    fn base(&self) -> &BaseUrl {
        &self.base
    }

    fn fetch(&self, path: &str, limits: &Limits) -> Result<Fetched, Skip> {
        let mut current = path.to_string();
        let mut seen = HashSet::new();
        for _ in 0..=5 {
            if !seen.insert(current.clone()) {
                return Err(Skip::Problem(Problem::RedirectLoop {
                    path: path.to_string(),
                }));
            }
            let url = self.base.join(&current);
            let mut resp = self.agent.get(&url).call().map_err(|e| {
                Skip::Problem(Problem::Connection {
                    url: url.clone(),
                    why: connection(&e),
                })
            })?;
            let status = resp.status().as_u16();
            if (300..400).contains(&status) {
                let location = resp
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| Skip::Problem(Problem::RedirectNowhere { url: url.clone() }))?;
                match resolve_href(&current, location, &self.base) {
                    Some(Target::Internal { path: next, .. }) => {
                        current = next;
                        continue;
                    }
                    _ => {
                        return Err(Skip::Problem(Problem::RedirectAway {
                            url,
                            location: location.to_string(),
                        }));
                    }
                }
            }
            if status >= 400 {
                return Err(Skip::Problem(Problem::Status { url, code: status }));
            }
            let content_type = resp
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string();
            if !content_type.is_empty() && !content_type.contains("html") {
                return Err(Skip::NotHtml);
            }
            let bytes = resp
                .body_mut()
                .with_config()
                .limit(limits.max_bytes)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => Skip::Problem(too_large(&url, limits)),
                    e => Skip::Problem(Problem::Connection {
                        url: url.clone(),
                        why: connection(&e),
                    }),
                })?;
            if looks_binary(&bytes) {
                return Err(Skip::Problem(Problem::Binary { at: url }));
            }
            let (html, _) = decode_html(&bytes, charset_of_content_type(&content_type));
            return Ok(Fetched {
                path: current,
                html,
            });
        }
        Err(Skip::Problem(Problem::TooManyRedirects {
            path: path.to_string(),
        }))
    }

    fn display(&self, path: &str) -> String {
        self.base.join(path)
    }

    fn robots(&self) -> Robots {
        let url = format!("{}/robots.txt", self.base.origin());
        let Ok(mut resp) = self.agent.get(&url).call() else {
            return Robots::default();
        };
        if resp.status().as_u16() != 200 {
            return Robots::default();
        }
        resp.body_mut()
            .with_config()
            .limit(ROBOTS_MAX_BYTES)
            .read_to_vec()
            .map(|b| Robots::parse(&String::from_utf8_lossy(&b)))
            .unwrap_or_default()
    }
}

fn connection(e: &ureq::Error) -> Connection {
    match e {
        ureq::Error::Timeout(_) => Connection::Timeout,
        ureq::Error::HostNotFound => Connection::HostNotFound,
        ureq::Error::ConnectionFailed => Connection::Refused,
        ureq::Error::Io(io) => Connection::Io(io.to_string()),
        other => Connection::Other(other.to_string()),
    }
}

/// A page over the size limit.
fn too_large(at: &str, limits: &Limits) -> Problem {
    Problem::TooLarge {
        at: at.to_string(),
        limit_mb: limits.max_bytes / 1_048_576,
    }
}

/// What a crawl produced.
#[derive(Debug, Default)]
pub struct Crawl {
    /// Pages read, in the order they were found.
    pub pages: Vec<SnapPage>,
    /// Problems with single pages.
    pub problems: Vec<Problem>,
    /// Why the whole site could not be read (its home page failed).
    pub failure: Option<Problem>,
}

struct State {
    queue: VecDeque<String>,
    seen: HashSet<String>,
    in_flight: usize,
    crawl: Crawl,
    robots: Robots,
    base_path: String,
    /// Pages left out because `robots.txt` asks so.
    blocked: Vec<String>,
    /// Addresses that turned out to be another page's (a redirect, a folder's index, a page
    /// saved under its query): what links wrote, and the page's own address.
    aliases: HashMap<String, String>,
    /// Each page's text by its digest, and the page's path: one page a site serves under
    /// several addresses (`/` and `/index.php`, a print view) is read once.
    bodies: HashMap<u64, String>,
}

/// Crawls `source` from its home page, telling `progress` of every page read.
pub fn crawl(source: &dyn Source, limits: &Limits, progress: &dyn Progress) -> Crawl {
    let deadline = Instant::now() + limits.site_time;
    let home = match source.fetch("", limits) {
        Ok(f) => f,
        Err(Skip::NotHtml) => {
            return Crawl {
                failure: Some(Problem::HomeNotHtml),
                ..Crawl::default()
            };
        }
        Err(Skip::Problem(p)) => {
            return Crawl {
                failure: Some(p),
                ..Crawl::default()
            };
        }
    };
    let robots = source.robots();
    if !robots.allows(source.base().path()) {
        return Crawl {
            failure: Some(Problem::HomeDisallowed),
            ..Crawl::default()
        };
    }
    let mut state = State {
        queue: VecDeque::new(),
        seen: HashSet::new(),
        in_flight: 0,
        crawl: Crawl::default(),
        robots,
        base_path: source.base().path().to_string(),
        blocked: Vec::new(),
        aliases: HashMap::new(),
        bodies: HashMap::new(),
    };
    state.seen.insert(String::new());
    state.seen.insert(home.path.clone());
    state.bodies.insert(digest(&home.html), String::new());
    let home_page = parse(source, limits, &home);
    progress.step(Work::PagesRead);
    if let Some(i) = interstitial::recognise(&home.html, &home_page) {
        return Crawl {
            failure: Some(Problem::Interstitial(i)),
            ..Crawl::default()
        };
    }
    let mut home_page = follow_refresh(source, limits, &mut state.seen, home_page);
    enqueue(&mut state, &home_page, limits);
    // The rules find the home page by its empty path, wherever a redirect took it.
    home_page.path = String::new();
    state.crawl.pages.push(home_page);
    let state = Mutex::new(state);
    let wake = Condvar::new();
    std::thread::scope(|scope| {
        for _ in 0..limits.concurrency.max(1) {
            scope.spawn(|| worker(source, limits, deadline, &state, &wake, progress));
        }
    });
    finish(state.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// A home page that only sends visitors on (`<meta http-equiv="refresh">` into `ru/`) is
/// not the home page people see: the page it sends them to is, up to three hops.
fn follow_refresh(
    source: &dyn Source,
    limits: &Limits,
    seen: &mut HashSet<String>,
    mut home_page: SnapPage,
) -> SnapPage {
    for _ in 0..3 {
        let Some(Target::Internal { path: next, .. }) = home_page.refresh.clone() else {
            break;
        };
        if !seen.insert(next.clone()) {
            break;
        }
        match source.fetch(&next, limits) {
            Ok(f) => {
                seen.insert(f.path.clone());
                home_page = parse(source, limits, &f);
            }
            Err(_) => break,
        }
    }
    home_page
}

/// The crawl as reported: pages in path order, with notes on pages read in part and pages
/// `robots.txt` kept out.
fn finish(state: State) -> Crawl {
    let mut crawl = state.crawl;
    // Every link to a page names it by its own address, however it was written.
    for page in &mut crawl.pages {
        for link in &mut page.links {
            if let Target::Internal { path, .. } = &mut link.target {
                // An alias may lead to a page that itself became another's.
                for _ in 0..4 {
                    match state.aliases.get(path.as_str()) {
                        Some(own) if own != path => *path = own.clone(),
                        _ => break,
                    }
                }
            }
        }
    }
    // Pages read only in part, among those kept (a duplicate found by a redirect is not).
    let cut: Vec<Problem> = crawl
        .pages
        .iter()
        .filter(|p| p.cut)
        .map(|p| Problem::ReadInPart { url: p.url.clone() })
        .collect();
    crawl.problems.extend(cut);
    if !state.blocked.is_empty() {
        crawl.problems.push(Problem::Disallowed {
            count: state.blocked.len(),
            first: state.blocked.iter().take(3).cloned().collect(),
        });
    }
    crawl.pages.sort_by(|a, b| a.path.cmp(&b.path));
    crawl
}

fn worker(
    source: &dyn Source,
    limits: &Limits,
    deadline: Instant,
    state: &Mutex<State>,
    wake: &Condvar,
    progress: &dyn Progress,
) {
    loop {
        let path = {
            let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
            loop {
                if Instant::now() >= deadline {
                    if !s.queue.is_empty() {
                        let left = s.queue.len();
                        s.queue.clear();
                        s.crawl.problems.push(Problem::OutOfTime { left });
                    }
                    wake.notify_all();
                    return;
                }
                if let Some(p) = s.queue.pop_front() {
                    s.in_flight += 1;
                    break p;
                }
                if s.in_flight == 0 {
                    wake.notify_all();
                    return;
                }
                s = wake
                    .wait_timeout(s, Duration::from_millis(200))
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        };
        let result = source
            .fetch(&path, limits)
            .map(|f| (digest(&f.html), parse(source, limits, &f)));
        progress.step(Work::PagesRead);
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        s.in_flight -= 1;
        match result {
            Ok((body, page)) => {
                if page.path != path {
                    s.aliases.insert(path.clone(), page.path.clone());
                }
                if page.path == path || s.seen.insert(page.path.clone()) {
                    keep(&mut s, body, page, limits);
                }
            }
            Err(Skip::NotHtml) => {}
            Err(Skip::Problem(p)) => s.crawl.problems.push(p),
        }
        wake.notify_all();
    }
}

/// Keeps a page just read, unless the site already gave the same text under another
/// address: then the two are one page, at the address that sorts first (the home page's,
/// else the shorter), so that the verdict does not depend on which was read first.
fn keep(s: &mut State, body: u64, page: SnapPage, limits: &Limits) {
    let Some(other) = s.bodies.get(&body).cloned() else {
        s.bodies.insert(body, page.path.clone());
        enqueue(s, &page, limits);
        s.crawl.pages.push(page);
        return;
    };
    let first = |a: &str, b: &str| (a.len(), a) < (b.len(), b);
    if other.is_empty() || !first(&page.path, &other) {
        s.aliases.insert(page.path.clone(), other);
        return;
    }
    s.aliases.insert(other.clone(), page.path.clone());
    s.bodies.insert(body, page.path.clone());
    if let Some(kept) = s.crawl.pages.iter_mut().find(|p| p.path == other) {
        *kept = page;
    }
}

/// A digest of a page's text, to know one page served under two addresses.
fn digest(html: &str) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    html.hash(&mut h);
    h.finish()
}

/// Frames read into one page at most, and how deep frames within frames are followed.
const MAX_FRAMES: usize = 6;
const FRAME_DEPTH: usize = 2;

/// Parses a fetched page as a visitor sees it: with the site's own pages its frames and
/// iframes show read into it. Its `url` becomes what reports show.
fn parse(source: &dyn Source, limits: &Limits, f: &Fetched) -> SnapPage {
    read(source, limits, f, FRAME_DEPTH)
}

fn read(source: &dyn Source, limits: &Limits, f: &Fetched, depth: usize) -> SnapPage {
    let mut page = parse_page(&f.html, &f.path, source.base());
    page.url = source.display(&f.path);
    if depth > 0 {
        for frame in page.frames.clone().iter().take(MAX_FRAMES) {
            if let Ok(fetched) = source.fetch(frame, limits) {
                page.absorb(read(source, limits, &fetched, depth - 1));
            }
        }
    }
    page
}

/// Queues a page's internal links that were not seen yet, within the page limit.
fn enqueue(s: &mut State, page: &SnapPage, limits: &Limits) {
    for link in &page.links {
        if let Target::Internal { path, .. } = &link.target {
            if s.seen.len() >= limits.max_pages || s.seen.contains(path) {
                continue;
            }
            if extension(path).is_some_and(|e| NOT_PAGES.contains(&e.as_str())) {
                continue;
            }
            s.seen.insert(path.clone());
            if !s.robots.allows(&format!("{}{path}", s.base_path)) {
                s.blocked.push(path.clone());
                continue;
            }
            s.queue.push_back(path.clone());
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use uslugi_core::progress::Quiet;

    /// One page a site serves under two addresses is read once, at the address that sorts
    /// first, and links to the other name it by that address.
    #[test]
    fn a_page_under_two_addresses_is_one_page() {
        let dir = tempfile::tempdir().unwrap();
        let page = "<h1>Школа</h1><a href=\"index.php\">Главная</a><a href=\"pechat.html\">Печать</a>\
                    <a href=\"uslugi.html\">Услуги</a>";
        std::fs::write(dir.path().join("index.php"), page).unwrap();
        std::fs::write(dir.path().join("pechat.html"), page).unwrap();
        std::fs::write(
            dir.path().join("uslugi.html"),
            "<h1>Услуги</h1><a href=\"pechat.html\">x</a>",
        )
        .unwrap();
        let source = FolderSource::new(dir.path()).unwrap();
        let crawl = crawl(&source, &Limits::default(), &Quiet);
        let paths: Vec<&str> = crawl.pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["", "uslugi.html"]);
        let to_home = crawl.pages[1].links.iter().all(|l| match &l.target {
            Target::Internal { path, .. } => path.is_empty(),
            _ => false,
        });
        assert!(to_home, "{:?}", crawl.pages[1].links);
    }

    #[test]
    fn a_folder_notes_each_problem_by_its_kind() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            "<h1>Школа</h1><a href=\"net.html\">нет</a><a href=\"bin.html\">дв</a><a href=\"big.html\">б</a>",
        )
        .unwrap();
        std::fs::write(dir.path().join("bin.html"), [0u8, 1, 2, 3, 0, 0, 0, 9]).unwrap();
        std::fs::write(dir.path().join("big.html"), "x".repeat(2 * 1024 * 1024)).unwrap();
        let limits = Limits {
            max_bytes: 1024 * 1024,
            ..Limits::default()
        };
        let source = FolderSource::new(dir.path()).unwrap();
        let crawl = crawl(&source, &limits, &Quiet);
        assert_eq!(crawl.failure, None);
        assert_eq!(crawl.pages.len(), 1);
        let mut kinds: Vec<&str> = crawl
            .problems
            .iter()
            .map(|p| match p {
                Problem::NoFile { path } if path == "net.html" => "no file",
                Problem::Binary { at } if at == "bin.html" => "binary",
                Problem::TooLarge { at, limit_mb: 1 } if at == "big.html" => "too large",
                other => panic!("unexpected {other:?}"),
            })
            .collect();
        kinds.sort();
        assert_eq!(kinds, ["binary", "no file", "too large"]);
        let missing = FolderSource::new(&dir.path().join("nowhere")).err();
        assert!(matches!(missing, Some(Problem::NotAFolder { .. })));
    }
}
