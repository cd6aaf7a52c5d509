//! Benchmark: analyses War and Peace (3.2 MB) and prints throughput, total
//! time and the memory the tagger's data takes.
//!
//! The text is read from `DRAMATIS_BENCH_TEXT`, or from
//! `../shared/corpora/war_and_peace.txt` relative to the crate; without it
//! the benchmark says so and exits. Run with `cargo bench --bench
//! bench_analysis`.
//!
//! It then times saved web-article text (the article text of the pages in
//! `../shared/corpora/webpages`, repeated to about 3.8 MB and to eight times
//! that) and prints the CPU time per megabyte of both: the analysis costs
//! the same per megabyte however long the text.
//!
//! `DRAMATIS_BENCH_RUNS` sets the number of timed runs (5 unless told; 1
//! suits a profiler). `DRAMATIS_BENCH_DUMP` names a file to receive the
//! whole analysis as JSON, reasons and warnings included, so that a change
//! meant only to make analysis faster can be checked to change nothing.

mod support;

#[path = "../support/webpages.rs"]
mod webpages;

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
    web_articles();
}

/// CPU time per megabyte of web-article text at 1x (about 3.8 MB) and 8x.
fn web_articles() {
    let Some(corpus) = webpages::corpus_dir() else {
        println!("bench_analysis: no saved web pages; web-article timing skipped");
        return;
    };
    let mut one = String::new();
    for dir in webpages::page_dirs(&corpus) {
        if let Ok(doc) = dramatis::document::load(&dir.join("source.html")) {
            one.push_str(&doc.text);
            one.push_str("\n\n");
        }
    }
    if one.is_empty() {
        return;
    }
    let copies = (3_800_000 / one.len()).max(1);
    let base = one.repeat(copies);
    for (label, times) in [("1x", 1), ("8x", 8)] {
        let text = base.repeat(times);
        let paragraphs = paragraphs_of(&text);
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let Some(a) = thread_cpu_ns() else { return };
            let _ = analyze(&text, &paragraphs, &mut |_| {});
            let Some(b) = thread_cpu_ns() else { return };
            best = best.min(b.saturating_sub(a) as f64 / 1e9);
        }
        let mb = text.len() as f64 / 1e6;
        println!(
            "bench_analysis: web articles {label} ({mb:.1} MB): best CPU time {best:.3} s, {:.1} ms per MB",
            best * 1000.0 / mb
        );
    }
}

/// The text's paragraphs: its non-empty lines.
fn paragraphs_of(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        if end > start {
            out.push(Span::new(start, end));
        }
        start = end + 1;
    }
    out
}
