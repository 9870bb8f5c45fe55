//! What can go wrong reading a site, as kinds: the crawl and the tests speak of these, and
//! only their [`Display`](std::fmt::Display) words them, in Russian, for the reports.

use std::fmt;

use crate::interstitial::Interstitial;

/// Why a connection gave no page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// No answer within `--timeout`.
    Timeout,
    /// The host name does not resolve.
    HostNotFound,
    /// The connection was refused or could not be made.
    Refused,
    /// The connection broke, with the system's words.
    Io(String),
    /// Anything else the HTTP client reports, with its words.
    Other(String),
}

impl fmt::Display for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Connection::Timeout => f.write_str("нет ответа за отведённое время"),
            Connection::HostNotFound => f.write_str("сайт не найден (DNS)"),
            Connection::Refused => f.write_str("не удалось соединиться"),
            Connection::Io(e) => write!(f, "ошибка соединения: {e}"),
            Connection::Other(e) => f.write_str(e),
        }
    }
}

/// A problem with one page, or with a whole site when its home page has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A folder was named that is not one.
    NotAFolder {
        /// As given.
        folder: String,
    },
    /// The folder could not be opened; the system's words.
    FolderUnreadable {
        /// As given.
        folder: String,
        /// Why.
        message: String,
    },
    /// A saved page could not be read; the system's words.
    Unreadable {
        /// The page's path.
        at: String,
        /// Why.
        message: String,
    },
    /// A web address that cannot be audited; why.
    BadAddress {
        /// Why.
        message: String,
    },
    /// A link leads to a file the saved folder does not have.
    NoFile {
        /// The page's path.
        path: String,
    },
    /// A link in a saved folder that leads out of it (a symbolic link): not followed.
    OutsideFolder {
        /// The page's path.
        path: String,
    },
    /// A page over `--max-mb`.
    TooLarge {
        /// The page's address.
        at: String,
        /// The limit, in megabytes.
        limit_mb: u64,
    },
    /// A binary file where a page was expected.
    Binary {
        /// The page's address.
        at: String,
    },
    /// The server gave no page.
    Connection {
        /// The page's address.
        url: String,
        /// Why.
        why: Connection,
    },
    /// The server answered with an error status.
    Status {
        /// The page's address.
        url: String,
        /// The status.
        code: u16,
    },
    /// Redirects that come back to where they started.
    RedirectLoop {
        /// The page's path.
        path: String,
    },
    /// A redirect without a `Location`.
    RedirectNowhere {
        /// The page's address.
        url: String,
    },
    /// A redirect to another site.
    RedirectAway {
        /// The page's address.
        url: String,
        /// Where it sends.
        location: String,
    },
    /// More than five redirects in a row.
    TooManyRedirects {
        /// The page's path.
        path: String,
    },
    /// The home page is not HTML.
    HomeNotHtml,
    /// `robots.txt` asks not to read the home page.
    HomeDisallowed,
    /// `--site-time` ran out with pages still to read.
    OutOfTime {
        /// Pages left unread.
        left: usize,
    },
    /// `robots.txt` kept pages out.
    Disallowed {
        /// How many.
        count: usize,
        /// The first few, to show.
        first: Vec<String>,
    },
    /// A page with too much markup for its size, read up to a point.
    ReadInPart {
        /// The page's address.
        url: String,
    },
    /// The home page is a check or a notice standing in front of the site.
    Interstitial(Interstitial),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotAFolder { folder } => write!(f, "{folder}: такой папки нет"),
            Problem::FolderUnreadable { folder, message } => {
                write!(f, "{folder}: папку не открыть ({message})")
            }
            Problem::Unreadable { at, message } => write!(f, "{at}: {message}"),
            Problem::BadAddress { message } => f.write_str(message),
            Problem::NoFile { path } => write!(f, "{path}: файла нет"),
            Problem::OutsideFolder { path } => {
                write!(
                    f,
                    "{path}: ссылка ведёт за пределы папки сайта — не прочитано"
                )
            }
            Problem::TooLarge { at, limit_mb } => {
                write!(f, "{at}: больше {limit_mb} МБ, пропущено")
            }
            Problem::Binary { at } => write!(f, "{at}: это не HTML, а двоичный файл"),
            Problem::Connection { url, why } => write!(f, "{url}: {why}"),
            Problem::Status { url, code } => write!(f, "{url}: сервер ответил {code}"),
            Problem::RedirectLoop { path } => write!(f, "{path}: переадресация по кругу"),
            Problem::RedirectNowhere { url } => write!(f, "{url}: переадресация без адреса"),
            Problem::RedirectAway { url, location } => {
                write!(f, "{url}: переадресация на другой сайт ({location})")
            }
            Problem::TooManyRedirects { path } => {
                write!(f, "{path}: слишком много переадресаций")
            }
            Problem::HomeNotHtml => f.write_str("главная страница — не HTML"),
            Problem::HomeDisallowed => {
                f.write_str("robots.txt просит не читать главную страницу сайта")
            }
            Problem::OutOfTime { left } => {
                write!(f, "время на сайт истекло, не прочитано страниц: {left}")
            }
            Problem::Disallowed { count, first } => write!(
                f,
                "robots.txt просит не читать страниц: {count} ({}{}) — они не прочитаны",
                first.join(", "),
                if *count > first.len() { ", …" } else { "" }
            ),
            Problem::Interstitial(i) => i.fmt(f),
            Problem::ReadInPart { url } => write!(
                f,
                "страница {url} прочитана не целиком: в ней слишком много элементов для её размера"
            ),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn worded_in_russian_for_the_reports() {
        let p = Problem::Disallowed {
            count: 4,
            first: vec!["a/".into(), "b/".into(), "c/".into()],
        };
        assert_eq!(
            p.to_string(),
            "robots.txt просит не читать страниц: 4 (a/, b/, c/, …) — они не прочитаны"
        );
        let p = Problem::Connection {
            url: "https://x.ru/".into(),
            why: Connection::Timeout,
        };
        assert_eq!(
            p.to_string(),
            "https://x.ru/: нет ответа за отведённое время"
        );
    }
}
