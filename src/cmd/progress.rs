//! Progress on the terminal: a spinner, then bars drawn from the library's counters.

use std::io::IsTerminal;

use super::Cli;

/// Runs `what`, showing its progress on a terminal: a spinner with `message` after half a
/// second, then the counters of [`uslugi_core::progress`] — banner images processed (n of m),
/// pages rendered once that takes over a second (n of m), pages read by an audit. Silent with
/// `--quiet` and when stderr is not a terminal (the command's own summary line says what
/// was done).
pub fn with_spinner<T>(cli: &Cli, message: &str, what: impl FnOnce() -> T) -> T {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};
    use uslugi_core::progress::{BANNERS, CRAWLED, PAGES};
    if cli.quiet || !std::io::stderr().is_terminal() {
        return what();
    }
    let bar = indicatif::ProgressBar::hidden();
    let spinner = indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    let counted = indicatif::ProgressStyle::with_template("{spinner} {msg} {bar:30} {elapsed}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(spinner.clone());
    bar.set_message(message.to_string());
    let done = std::sync::Arc::new(AtomicBool::new(false));
    let crawled_before = CRAWLED.get().0;
    let shown = {
        let (bar, done, message) = (bar.clone(), done.clone(), message.to_string());
        std::thread::spawn(move || {
            let started = Instant::now();
            std::thread::sleep(Duration::from_millis(500));
            if done.load(Ordering::SeqCst) {
                return;
            }
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
            while !done.load(Ordering::SeqCst) {
                let (b, bt) = BANNERS.get();
                let (p, pt) = PAGES.get();
                let crawled = CRAWLED.get().0 - crawled_before;
                let (msg, pos, len) = if bt > 0 && b < bt {
                    (format!("{message} баннеры: {b} из {bt}"), b, bt)
                } else if pt > 0 && p < pt && started.elapsed() > Duration::from_secs(1) {
                    (
                        format!("{message} страницы: {} из {}", p / 2, pt / 2),
                        p,
                        pt,
                    )
                } else if crawled > 0 {
                    (format!("{message} прочитано страниц: {crawled}"), 0, 0)
                } else {
                    (message.clone(), 0, 0)
                };
                bar.set_style(if len > 0 {
                    counted.clone()
                } else {
                    spinner.clone()
                });
                bar.set_length(len);
                bar.set_position(pos);
                bar.set_message(msg);
                std::thread::sleep(Duration::from_millis(100));
            }
        })
    };
    let result = what();
    done.store(true, Ordering::SeqCst);
    let _ = shown.join();
    bar.finish_and_clear();
    result
}
