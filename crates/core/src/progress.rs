//! Progress of long work, reported as it happens to a [`Progress`] the caller hands in.
//!
//! The library never prints and keeps no counters of its own: it tells the caller that banner
//! images, pages or sites are about to be worked on and when each one is done, and the binary
//! decides whether and how to draw that. [`Quiet`] is for callers nobody watches.

/// A kind of work that is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Work {
    /// Banner images processed (decoded and encoded, or taken from the cache).
    Banners,
    /// Pages rendered; each page counts twice, its Markdown and its template.
    Pages,
    /// Sites audited.
    Sites,
    /// Pages read by `audit`, over all sites.
    PagesRead,
    /// Files sent by `deploy`.
    Files,
    /// Bytes sent by `deploy`.
    Bytes,
}

/// Where the library reports progress. Every method does nothing unless implemented, and
/// every one may be called from several threads at once.
pub trait Progress: Sync {
    /// `total` steps of `work` begin (a new piece of that work: counts start again).
    fn start(&self, work: Work, total: u64) {
        let _ = (work, total);
    }

    /// `n` more steps of `work` turned up (a crawl finds pages as it goes).
    fn grow(&self, work: Work, n: u64) {
        let _ = (work, n);
    }

    /// One step of `work` is done.
    fn step(&self, work: Work) {
        let _ = work;
    }

    /// `n` steps of `work` are done (bytes sent).
    fn advance(&self, work: Work, n: u64) {
        for _ in 0..n {
            self.step(work);
        }
    }
}

/// Progress that nobody watches.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Log(Mutex<Vec<(Work, &'static str, u64)>>);

    impl Progress for Log {
        fn start(&self, work: Work, total: u64) {
            self.0.lock().unwrap().push((work, "start", total));
        }
        fn step(&self, work: Work) {
            self.0.lock().unwrap().push((work, "step", 1));
        }
    }

    #[test]
    fn unimplemented_calls_do_nothing() {
        let log = Log::default();
        let p: &dyn Progress = &log;
        p.start(Work::Pages, 2);
        p.grow(Work::Pages, 5);
        p.step(Work::Pages);
        Quiet.step(Work::Sites);
        assert_eq!(
            *log.0.lock().unwrap(),
            vec![(Work::Pages, "start", 2), (Work::Pages, "step", 1)]
        );
    }
}
