//! Benchmark: exports 1,000 highlights over War and Peace in every format,
//! and imports the W3C export back, printing the median time of each.
//!
//! The book is read from `DRAMATIS_BOOK`, else `DRAMATIS_BENCH_TEXT`, else
//! `../shared/corpora/war_and_peace.txt` relative to the crate; without it
//! the benchmark says so and exits. The analysis the Markdown and JSON
//! exports include is made once, untimed. Run with `cargo bench --bench
//! bench_export`.

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use dramatis::analysis;
use dramatis::annotations::{Annotations, HighlightColor};
use dramatis::document::{Format, from_text};
use dramatis::export::{self, ExportFormat, ExportInput};
use dramatis::span::Span;

/// How many highlights the book gets.
const HIGHLIGHTS: usize = 1_000;

/// How many times each export runs.
const RUNS: usize = 11;

fn median_ms(times: &mut [Duration]) -> f64 {
    times.sort_unstable();
    times[times.len() / 2].as_secs_f64() * 1000.0
}

fn main() {
    let path =
        std::env::var_os("DRAMATIS_BOOK").map_or_else(support::bench_text_path, PathBuf::from);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("bench_export: skipped, no text at {}", path.display());
        return;
    };
    let document = from_text(text, Format::PlainText, Some(path.clone()), "War and Peace");
    let text = &document.text;
    let analysis = analysis::analyze(text, &document.block_spans(), &mut |_| {});
    let created: jiff::Timestamp = "2026-11-30T22:15:00Z".parse().expect("fixed time");
    let mut annotations = Annotations::new(text, document.path.clone(), &document.title);
    // Evenly spread passages of about 200 bytes, moved onto char boundaries
    // (add_highlight trims and clamps them).
    let step = text.len() / HIGHLIGHTS;
    for k in 0..HIGHLIGHTS {
        let mut start = k * step;
        while !text.is_char_boundary(start) {
            start += 1;
        }
        let mut end = (start + 200).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let color = HighlightColor::ALL[k % HighlightColor::ALL.len()];
        let Some(id) = annotations.add_highlight(text, Span::new(start, end), color, created)
        else {
            continue;
        };
        if let Some(h) = annotations.highlight_mut(id) {
            if k % 3 == 0 {
                h.note = format!("Note {k}, on two lines:\n\"quoted\", with a comma.");
            }
            if k % 4 == 0 {
                h.tags = vec!["war".to_owned(), format!("chapter {}", k / 40)];
            }
        }
    }
    let input = ExportInput {
        document: &document,
        analysis: &analysis,
        annotations: &annotations,
        exported: created,
        time_zone: &jiff::tz::TimeZone::UTC,
    };
    println!(
        "bench_export: {} highlights over {} ({:.1} MB, {} entities, {} quotes)",
        annotations.highlights.len(),
        path.display(),
        text.len() as f64 / 1e6,
        analysis.entities.len(),
        analysis.quotes.len()
    );
    let mut w3c = String::new();
    for format in ExportFormat::ALL {
        let mut times = Vec::with_capacity(RUNS);
        let mut output = String::new();
        for _ in 0..RUNS {
            let start = Instant::now();
            output = export::export(format, &input);
            times.push(start.elapsed());
        }
        println!(
            "export {:<14} median {:>8.2} ms  output {:>8.1} KB",
            format.name(),
            median_ms(&mut times),
            output.len() as f64 / 1024.0
        );
        if format == ExportFormat::W3c {
            w3c = output;
        }
    }
    let mut times = Vec::with_capacity(RUNS);
    let mut placed = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let report = export::import_w3c(&w3c, text, created).expect("the export imports");
        times.push(start.elapsed());
        placed = report.highlights.len();
    }
    println!(
        "import w3c             median {:>8.2} ms  placed {placed} of {}",
        median_ms(&mut times),
        annotations.highlights.len()
    );
}
