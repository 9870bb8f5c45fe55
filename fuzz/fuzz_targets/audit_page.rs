//! A crawled page in any charset: decoding, the snapshot and the classifier.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    uslugi_fuzzing::audit_page(data);
});
