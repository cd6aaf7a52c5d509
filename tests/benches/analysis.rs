//! Benchmark: analyses War and Peace (3.2 MB) and prints throughput, total
//! time and the memory the tagger's data takes.
//!
//! The text is read from `DRAMATIS_BENCH_TEXT`, or from
//! `../shared/corpora/war_and_peace.txt` relative to the crate; without it
//! the benchmark says so and exits. Run with `cargo bench --bench
//! bench_analysis`.
//!
//! `DRAMATIS_BENCH_RUNS` sets the number of timed runs (5 unless told; 1
//! suits a profiler). `DRAMATIS_BENCH_DUMP` names a file to receive the
//! whole analysis as JSON, reasons and warnings included, so that a change
//! meant only to make analysis faster can be checked to change nothing.

mod support;

use std::time::Instant;

use dramatis::analysis::analyze;
use dramatis::document::{Format, from_text};
use dramatis::span::Span;

/// A field of `/proc/self/status` in kilobytes (Linux only).
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Nanoseconds this thread has spent on a CPU (Linux `schedstat`), which,
/// unlike wall-clock time, does not grow while other processes hold the
/// cores.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn main() {
    let path = support::bench_text_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("bench_analysis: skipped, no text at {}", path.display());
        return;
    };
    // The blocks the app itself would hand to the tagger; only the
    // analysis below is timed.
    let doc = from_text(text, Format::PlainText, None, "War and Peace");
    let text = doc.text.as_str();
    let paragraphs = doc.block_spans();

    let rss_before = status_kb("VmRSS:");
    let start = Instant::now();
    let warm = "President Vladimir Putin met Kim Jong-un in Vladivostok.";
    let _ = analyze(warm, &[Span::new(0, warm.len())], &mut |_| {});
    let load_ms = start.elapsed().as_secs_f64() * 1000.0;
    let rss_loaded = status_kb("VmRSS:");

    let runs: usize = std::env::var("DRAMATIS_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(5);
    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut total = 0.0;
    let mut mentions = 0;
    let mut quotes = 0;
    let mut last = None;
    for _ in 0..runs {
        let cpu_start = thread_cpu_ns();
        let start = Instant::now();
        let analysis = analyze(text, &paragraphs, &mut |_| {});
        let secs = start.elapsed().as_secs_f64();
        if let (Some(a), Some(b)) = (cpu_start, thread_cpu_ns()) {
            best_cpu = best_cpu.min(b.saturating_sub(a) as f64 / 1e9);
        }
        best = best.min(secs);
        total += secs;
        mentions = analysis.mentions.len();
        quotes = analysis.quotes.len();
        last = Some(analysis);
    }
    if let (Some(dump), Some(analysis)) = (std::env::var_os("DRAMATIS_BENCH_DUMP"), &last) {
        let written = serde_json::to_string_pretty(analysis)
            .map_err(std::io::Error::other)
            .and_then(|json| std::fs::write(&dump, json));
        if let Err(e) = written {
            eprintln!(
                "bench_analysis: could not write the analysis to {}: {e}",
                dump.display()
            );
            std::process::exit(1);
        }
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "bench_analysis: {} ({:.2} MB, {} paragraphs): {mentions} mentions, {quotes} quotes",
        path.display(),
        mb,
        paragraphs.len()
    );
    println!(
        "bench_analysis: best {:.3} s ({:.1} MB/s), mean {:.3} s over {runs} runs",
        best,
        mb / best,
        total / runs as f64
    );
    if best_cpu.is_finite() {
        println!(
            "bench_analysis: best CPU time {:.3} s ({:.1} MB/s per core)",
            best_cpu,
            mb / best_cpu
        );
    }
    println!("bench_analysis: tagger data loaded in {load_ms:.1} ms");
    if let (Some(before), Some(loaded)) = (rss_before, rss_loaded) {
        println!(
            "bench_analysis: tagger data resident {:.1} MB (VmRSS {:.1} -> {:.1} MB); peak VmHWM {:.1} MB",
            loaded.saturating_sub(before) as f64 / 1024.0,
            before as f64 / 1024.0,
            loaded as f64 / 1024.0,
            status_kb("VmHWM:").unwrap_or(0) as f64 / 1024.0
        );
    }
}
