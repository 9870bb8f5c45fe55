//! One page through the whole pipeline: front matter, Markdown, typography and the page
//! template, rendered in memory with the built-in theme.
#![no_main]

use libfuzzer_sys::fuzz_target;
use uslugi_fuzzing as fuzzing;

fuzz_target!(|data: &[u8]| {
    fuzzing::page(data);
});
