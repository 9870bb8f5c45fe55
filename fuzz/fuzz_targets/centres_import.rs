//! The centres importer on arbitrary CSV and XLSX bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    uslugi_fuzzing::centres_import(data);
});
