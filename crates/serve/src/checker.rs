//! The preview's check, run in the background after each build, so that a rebuild and its
//! reload never wait for it. It reads the site and output the build left (shared, not
//! locked), keeps its report only if no newer build came meanwhile, and tells open tabs to
//! fetch the status link again. Requests that pile up during a check are merged into one.

use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, RwLock};

use super::Hub;
use super::live::Live;
use uslugi_site::check::{CheckOptions, check_site};

/// Starts the checking thread; each `()` sent asks for a check of the site as now served.
pub(super) fn spawn(live: Arc<RwLock<Live>>, hub: Arc<Hub>) -> Sender<()> {
    let (tx, rx) = channel::<()>();
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            while rx.try_recv().is_ok() {}
            let snapshot = live.read().unwrap_or_else(|e| e.into_inner()).snapshot();
            let Some((site, output, generation)) = snapshot else {
                continue;
            };
            // A wrong `[check] ignore` leaves no report: the check page says why.
            let report = check_site(&site, &output, &CheckOptions::default()).ok();
            let mut l = live.write().unwrap_or_else(|e| e.into_inner());
            if l.generation == generation {
                l.report = report.map(|r| (generation, r));
                drop(l);
                hub.status();
            }
        }
    });
    tx
}
