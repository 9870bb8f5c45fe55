//! Progress of long work, as counters the library advances and the command line shows.
//!
//! The library never prints: it counts banner images processed, pages rendered and pages read
//! by `audit`, and the binary draws a progress bar from these counters when stderr is a
//! terminal (or prints one summary line when it is not).

use std::sync::atomic::{AtomicU64, Ordering};

/// A count of work done out of a total.
#[derive(Debug, Default)]
pub struct Counter {
    done: AtomicU64,
    total: AtomicU64,
}

impl Counter {
    /// A counter at zero.
    pub const fn new() -> Counter {
        Counter {
            done: AtomicU64::new(0),
            total: AtomicU64::new(0),
        }
    }

    /// Starts a new piece of work of `total` steps.
    pub fn start(&self, total: u64) {
        self.done.store(0, Ordering::SeqCst);
        self.total.store(total, Ordering::SeqCst);
    }

    /// Adds `n` to the total (for work whose size grows as it goes, like a crawl).
    pub fn grow(&self, n: u64) {
        self.total.fetch_add(n, Ordering::SeqCst);
    }

    /// One more step done.
    pub fn step(&self) {
        self.done.fetch_add(1, Ordering::SeqCst);
    }

    /// Steps done and the total.
    pub fn get(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::SeqCst),
            self.total.load(Ordering::SeqCst),
        )
    }
}

/// Banner images processed (decoded and encoded, or taken from the cache).
pub static BANNERS: Counter = Counter::new();
/// Pages rendered through their templates.
pub static PAGES: Counter = Counter::new();
/// Pages read by `audit`, over all sites.
pub static CRAWLED: Counter = Counter::new();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        let c = Counter::new();
        c.start(3);
        c.step();
        c.grow(2);
        assert_eq!(c.get(), (1, 5));
    }
}
