//! `site.toml` as any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    uslugi_fuzzing::site_toml(data);
});
