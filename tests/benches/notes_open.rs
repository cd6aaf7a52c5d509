//! Benchmark: finding a document's notes in a store that holds 1,000 notes
//! files, each with 50 highlights (about 60 KB).
//!
//! Prints the median time of `Store::open` for a document with no notes
//! (every file could be its notes under another fingerprint, so the lookup
//! by path runs), for one whose notes are under its fingerprint, and for an
//! edited one whose notes are found by its path; and, once, the first open
//! of all, which builds the index by reading every file. The store is
//! written to a scratch folder first, untimed. Run with `cargo bench
//! --bench bench_notes_open`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dramatis::annotations::store::Store;
use dramatis::annotations::{Annotations, HighlightColor};
use dramatis::span::Span;

/// Notes files in the store.
const FILES: usize = 1_000;

/// Highlights in each.
const HIGHLIGHTS: usize = 50;

/// Timed runs of each case.
const RUNS: usize = 21;

/// The text of document `i`: distinct, a few kilobytes.
fn text_of(i: usize) -> String {
    let mut text = format!("Document number {i}.\n\n");
    for k in 0..HIGHLIGHTS {
        text.push_str(&format!(
            "Natasha Rostova met Pierre Bezukhov in Moscow, paragraph {k} of document {i}.\n\n"
        ));
    }
    text
}

/// Where document `i` is on disk.
fn path_of(i: usize) -> PathBuf {
    PathBuf::from(format!("/library/books/document-{i:04}.txt"))
}

fn main() -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("dramatis-bench-notes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let result = run(&dir);
    // A scratch folder left behind is no failure of the benchmark.
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run(dir: &Path) -> anyhow::Result<()> {
    let store = Store::at(dir);
    let created: jiff::Timestamp = "2026-11-30T22:15:00Z".parse()?;
    let mut bytes = 0;
    for i in 0..FILES {
        let text = text_of(i);
        let mut notes = Annotations::new(&text, Some(path_of(i)), "A document");
        for (k, (at, _)) in text.match_indices("Pierre Bezukhov").enumerate() {
            let id = notes.add_highlight(
                &text,
                Span::new(at, at + "Pierre Bezukhov".len()),
                HighlightColor::ALL[k % HighlightColor::ALL.len()],
                created,
            );
            if let Some(h) = id.and_then(|id| notes.highlight_mut(id)) {
                h.note = format!("A note on the meeting, number {k}, long enough to matter.");
            }
        }
        let file = store.save(&notes)?;
        bytes += std::fs::metadata(file)?.len();
    }
    println!(
        "bench_notes_open: {FILES} notes files, {:.1} MB in all",
        bytes as f64 / 1e6
    );

    let new_text = "A document the store has never seen.\n";
    let new_path = Path::new("/library/books/new.txt");
    let started = Instant::now();
    let opened = store.open(new_text, Some(new_path), "New");
    let cold = started.elapsed();
    assert!(opened.annotations.is_empty());
    println!(
        "{:<48} {:>8.2} ms",
        "first open, index built from every file",
        ms(cold)
    );

    time("open a document with no notes (lookup by path)", || {
        let opened = store.open(new_text, Some(new_path), "New");
        assert!(opened.annotations.is_empty());
    });
    let known = text_of(500);
    time("open a document with notes (by fingerprint)", || {
        let opened = store.open(&known, Some(&path_of(500)), "A document");
        assert_eq!(opened.annotations.highlights.len(), HIGHLIGHTS);
    });
    let edited = known.replacen("Document number", "Document, edited, number", 1);
    time("open an edited document (notes found by path)", || {
        let opened = store.open(&edited, Some(&path_of(500)), "A document");
        assert_eq!(opened.annotations.highlights.len(), HIGHLIGHTS);
    });
    Ok(())
}

/// Runs `open` [`RUNS`] times and prints the median and the slowest.
fn time(name: &str, mut open: impl FnMut()) {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            open();
            started.elapsed()
        })
        .collect();
    times.sort_unstable();
    println!(
        "{name:<48} {:>8.2} ms median, {:.2} ms max",
        ms(times[RUNS / 2]),
        ms(times[RUNS - 1])
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
