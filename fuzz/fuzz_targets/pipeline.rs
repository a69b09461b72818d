//! Bytes → contracts directory → check → all four emitters.
//! Run it: see fuzz/README.md.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../src/pipeline.rs"]
mod pipeline;

fuzz_target!(|data: &[u8]| {
    pipeline::run(data);
});
