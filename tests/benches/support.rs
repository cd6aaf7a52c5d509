//! What the benchmarks share: where the book is, and how frame times are
//! reported. Each benchmark uses a part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The book: `DRAMATIS_BENCH_TEXT`, or War and Peace from the shared corpora
/// beside the project.
pub fn bench_text_path() -> PathBuf {
    std::env::var_os("DRAMATIS_BENCH_TEXT").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/war_and_peace.txt"),
        PathBuf::from,
    )
}

/// Prints median, 95th percentile and maximum of `times` in milliseconds.
pub fn report(name: &str, times: &mut [Duration]) {
    times.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<36} frames {:>5}  median {:>6.3} ms  p95 {:>6.3} ms  max {:>7.3} ms",
        times.len(),
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0)),
    );
}
