//! The SVG banner allow-list.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    uslugi_fuzzing::svg(data);
});
