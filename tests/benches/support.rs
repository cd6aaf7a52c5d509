//! What the benchmarks share: where the book is. Frame timing is in
//! `tests/support/frames.rs`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The book: `DRAMATIS_BENCH_TEXT`, or War and Peace from the shared corpora
/// beside the project.
pub fn bench_text_path() -> PathBuf {
    std::env::var_os("DRAMATIS_BENCH_TEXT").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/war_and_peace.txt"),
        PathBuf::from,
    )
}
