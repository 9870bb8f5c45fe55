//! Progress on the terminal: the one place that draws it. The library reports what it does to
//! a [`Ticker`]; one thread draws the ticker's counts on stderr — a spinner, then banner images
//! and pages (n of m), pages read, or sites audited with a bar.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use uslugi_core::progress::{Progress, Work};

use super::Cli;

const KINDS: [Work; 6] = [
    Work::Banners,
    Work::Pages,
    Work::Sites,
    Work::PagesRead,
    Work::Files,
    Work::Bytes,
];

/// Counts of the work the library reported: steps done and the total of each kind.
#[derive(Default)]
pub struct Ticker {
    done: [AtomicU64; 6],
    total: [AtomicU64; 6],
}

fn slot(work: Work) -> usize {
    KINDS.iter().position(|k| *k == work).unwrap_or(0)
}

impl Ticker {
    /// Steps done and the total of `work`.
    pub fn get(&self, work: Work) -> (u64, u64) {
        let i = slot(work);
        (
            self.done[i].load(Ordering::Relaxed),
            self.total[i].load(Ordering::Relaxed),
        )
    }
}

impl Progress for Ticker {
    fn start(&self, work: Work, total: u64) {
        let i = slot(work);
        self.done[i].store(0, Ordering::Relaxed);
        self.total[i].store(total, Ordering::Relaxed);
    }

    fn grow(&self, work: Work, n: u64) {
        self.total[slot(work)].fetch_add(n, Ordering::Relaxed);
    }

    fn step(&self, work: Work) {
        self.done[slot(work)].fetch_add(1, Ordering::Relaxed);
    }

    fn advance(&self, work: Work, n: u64) {
        self.done[slot(work)].fetch_add(n, Ordering::Relaxed);
    }
}

/// Runs `what` with a fresh [`Ticker`], drawn on stderr when it is a terminal: after half a
/// second a spinner with `message`, then what the counts say — banner images processed
/// (n of m), pages rendered once that takes over a second (n of m), pages read by an audit, or
/// a bar of sites audited when there are several. Silent with `--quiet` and when stderr is not
/// a terminal (the command's own summary line says what was done).
pub fn with_progress<T>(cli: &Cli, message: &str, what: impl FnOnce(&Ticker) -> T) -> T {
    let ticker = Arc::new(Ticker::default());
    if cli.quiet || !std::io::stderr().is_terminal() {
        return what(&ticker);
    }
    let done = Arc::new(AtomicBool::new(false));
    let drawer = {
        let (ticker, done, message) = (ticker.clone(), done.clone(), message.to_string());
        std::thread::spawn(move || draw(&ticker, &done, &message))
    };
    let result = what(&ticker);
    done.store(true, Ordering::SeqCst);
    let _ = drawer.join();
    result
}

/// The drawing loop, until `done`.
fn draw(ticker: &Ticker, done: &AtomicBool, message: &str) {
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(500));
    if done.load(Ordering::SeqCst) {
        return;
    }
    let style = |template: &str| {
        indicatif::ProgressStyle::with_template(template)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
    };
    let spinner = style("{spinner} {msg} {elapsed}");
    let counted = style("{spinner} {msg} {bar:30} {elapsed}");
    let sites = style("{bar:30} {pos}/{len} сайтов · прочитано страниц: {msg} · {elapsed}");
    let upload = style("{bar:30} {msg} · {bytes} из {total_bytes} · {elapsed}");
    let bar = indicatif::ProgressBar::new(0);
    bar.enable_steady_tick(Duration::from_millis(120));
    while !done.load(Ordering::SeqCst) {
        let (b, bt) = ticker.get(Work::Banners);
        let (p, pt) = ticker.get(Work::Pages);
        let (s, st) = ticker.get(Work::Sites);
        let (read, _) = ticker.get(Work::PagesRead);
        let (f, ft) = ticker.get(Work::Files);
        let (sent, total) = ticker.get(Work::Bytes);
        let (look, msg, pos, len) = if ft > 0 {
            (&upload, format!("файлы: {f} из {ft}"), sent, total)
        } else if st > 1 {
            (&sites, read.to_string(), s, st)
        } else if bt > 0 && b < bt {
            (&counted, format!("{message} баннеры: {b} из {bt}"), b, bt)
        } else if pt > 0 && p < pt && started.elapsed() > Duration::from_secs(1) {
            let text = format!("{message} страницы: {} из {}", p / 2, pt / 2);
            (&counted, text, p, pt)
        } else if read > 0 {
            (
                &spinner,
                format!("{message} прочитано страниц: {read}"),
                0,
                0,
            )
        } else {
            (&spinner, message.to_string(), 0, 0)
        };
        bar.set_style(look.clone());
        bar.set_length(len);
        bar.set_position(pos);
        bar.set_message(msg);
        std::thread::sleep(Duration::from_millis(100));
    }
    bar.finish_and_clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_each_kind_apart() {
        let t = Ticker::default();
        t.start(Work::Pages, 4);
        t.step(Work::Pages);
        t.grow(Work::PagesRead, 3);
        t.step(Work::PagesRead);
        assert_eq!(t.get(Work::Pages), (1, 4));
        assert_eq!(t.get(Work::PagesRead), (1, 3));
        assert_eq!(t.get(Work::Banners), (0, 0));
        t.start(Work::Pages, 2);
        assert_eq!(t.get(Work::Pages), (0, 2));
    }
}
