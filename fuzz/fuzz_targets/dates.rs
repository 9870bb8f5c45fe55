//! The date parsers: front matter dates and dates in running text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    uslugi_fuzzing::dates(data);
});
