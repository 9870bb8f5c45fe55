//! `services.yaml`, `centres.yaml` and `banners.yaml` as any bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    uslugi_fuzzing::data_files(data);
});
