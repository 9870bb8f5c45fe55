//! Link resolution: a page path and an href against a base URL.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    uslugi_fuzzing::urls(data);
});
