//! The reader of `git cat-file --batch` output on arbitrary bytes: the first
//! byte says how many objects were asked for and which size limit applies.
//! It must give an answer per object or an error, never panic, and never
//! allocate what a header claims before the content is there.
#![no_main]

use credlint::internals::{read_batch, Blob};
use libfuzzer_sys::fuzz_target;

const LIMITS: [u64; 4] = [0, 16, 1 << 20, u64::MAX];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, mut stream)) = data.split_first() else {
        return;
    };
    let count = (selector >> 2) as usize;
    let limit = LIMITS[(selector & 3) as usize];
    let total = stream.len();
    if let Ok(blobs) = read_batch(&mut stream, count, limit) {
        assert_eq!(blobs.len(), count);
        for blob in blobs.iter().flatten() {
            match blob {
                Blob::Content(content) => {
                    assert!(content.len() <= total && content.len() as u64 <= limit)
                }
                Blob::TooBig(size) => assert!(*size > limit),
            }
        }
    }
});
