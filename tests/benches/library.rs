//! Benchmark: a library of generated documents.
//!
//! Writes `DRAMATIS_BENCH_DOCS` documents (5,000 by default) into a scratch
//! folder: the saved web pages' expected text (`../shared/corpora/webpages/
//! */expected.txt`) and War and Peace's chapters (`../shared/corpora/
//! war_and_peace.txt`), repeated with a line of variation at the top of each
//! copy. Then it adds the folder to an empty library and prints the import
//! time, the time to add it again unchanged, the database's size per MB of
//! text, the p50 and p95 of 100 queries (words, phrases, prefixes) as
//! `dramatis search` runs them, and the time of the library's cast and of
//! one entity's page (`dramatis cast NAME`).
//!
//! `DRAMATIS_BENCH_NOTES=N` first writes the reader's notes (a highlight)
//! on every Nth document into the library's data folder, as a reader with
//! notes has them; the import then looks up each document's notes.
//!
//! Run with `cargo bench --bench bench_library`. The corpora are not part of
//! the project; without them this prints a note and exits.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dramatis::library::Library;

#[path = "../support/generated_library.rs"]
mod generated_library;

/// The queries, run in turn until 100 have run.
const QUERIES: [&str; 10] = [
    "Natasha",
    "Bolkonski",
    "\"said Prince Andrew\"",
    "\"the French army\"",
    "Napol*",
    "govern*",
    "Moscow OR Petersburg",
    "\"open source\"",
    "browser",
    "cavalry regiment",
];

/// Writes a notes file with one highlight for every `every`th document
/// under `docs` into the data folder `data`; returns how many.
fn write_notes(data: &Path, docs: &Path, every: usize) -> usize {
    use dramatis::annotations::{Annotations, HighlightColor, store::Store};
    let store = Store::at(data);
    let mut files: Vec<PathBuf> = std::fs::read_dir(docs)
        .expect("docs")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .flat_map(|folder| {
            std::fs::read_dir(folder)
                .expect("folder")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect::<Vec<_>>()
        })
        .collect();
    files.sort();
    let mut written = 0;
    for path in files.iter().step_by(every) {
        let path = path.canonicalize().expect("path");
        let doc = dramatis::document::load(&path).expect("load");
        let mut notes = Annotations::new(&doc.text, Some(path.clone()), &doc.title);
        let end = doc
            .text
            .char_indices()
            .nth(40)
            .map_or(doc.text.len(), |(i, _)| i);
        notes.add_highlight(
            &doc.text,
            dramatis::span::Span::new(0, end),
            HighlightColor::Yellow,
            jiff::Timestamp::now(),
        );
        store.save(&notes).expect("save notes");
        written += 1;
    }
    written
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn main() {
    let texts = generated_library::base_texts();
    if texts.is_empty() {
        println!("library: ../shared/corpora not found; nothing to measure");
        return;
    }
    let count: usize = std::env::var("DRAMATIS_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-library");
    let _ = std::fs::remove_dir_all(&scratch);
    let docs = scratch.join("docs");
    let text_bytes = generated_library::write_documents(&docs, &texts, count);
    let text_mb = text_bytes as f64 / 1e6;
    println!(
        "library: {count} documents, {text_mb:.1} MB of text, from {} texts",
        texts.len()
    );

    let every: usize = std::env::var("DRAMATIS_BENCH_NOTES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    if every > 0 {
        let started = Instant::now();
        let written = write_notes(&scratch, &docs, every);
        println!(
            "notes: {written} notes files (every {every}th document) written in {:.1} s",
            started.elapsed().as_secs_f64()
        );
    }

    let database = scratch.join("library.sqlite3");
    let mut library = Library::open(&database).expect("open");
    let started = Instant::now();
    let report = library.add(&[&docs], &mut |_, _| {}).expect("add");
    let import = started.elapsed();
    println!(
        "import: {:.1} s ({} added, {} failed), {:.2} MB/s",
        import.as_secs_f64(),
        report.added.len(),
        report.failed.len(),
        text_mb / import.as_secs_f64()
    );
    let started = Instant::now();
    let again = library.add(&[&docs], &mut |_, _| {}).expect("add again");
    println!(
        "add again, unchanged: {:.0} ms ({} unchanged)",
        started.elapsed().as_secs_f64() * 1000.0,
        again.unchanged
    );

    let mut times: Vec<Duration> = Vec::new();
    let mut per_query: Vec<(usize, Vec<Duration>)> = vec![(0, Vec::new()); QUERIES.len()];
    for i in 0..100 {
        let query = QUERIES[i % QUERIES.len()];
        let started = Instant::now();
        let hits = library.search(query, 100).expect("search");
        let elapsed = started.elapsed();
        times.push(elapsed);
        per_query[i % QUERIES.len()].0 = hits.len();
        per_query[i % QUERIES.len()].1.push(elapsed);
    }
    times.sort();
    println!(
        "100 queries: p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        percentile(&times, 1.0)
    );
    for (query, (hits, mut t)) in QUERIES.iter().zip(per_query) {
        t.sort();
        println!(
            "  {query:<24} {hits:>3} hits  median {:.1} ms",
            percentile(&t, 0.5)
        );
    }
    let started = Instant::now();
    let cast = library.cast().expect("cast");
    println!(
        "cast: {} entities in {:.0} ms",
        cast.len(),
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut page_times: Vec<Duration> = Vec::new();
    let mut appearances = 0;
    for _ in 0..21 {
        let started = Instant::now();
        appearances = library.appearances("Pierre").expect("appearances").len();
        page_times.push(started.elapsed());
    }
    page_times.sort();
    println!(
        "entity page (Pierre, {appearances} documents with first mentions in context): median {:.1} ms",
        percentile(&page_times, 0.5)
    );
    drop(library);
    let size: u64 = ["", "-wal", "-shm"]
        .iter()
        .filter_map(|suffix| {
            let mut path = database.as_os_str().to_owned();
            path.push(suffix);
            std::fs::metadata(PathBuf::from(path)).ok().map(|m| m.len())
        })
        .sum();
    let size_mb = size as f64 / 1e6;
    println!(
        "database: {size_mb:.1} MB, {:.2} MB per MB of text",
        size_mb / text_mb
    );
}
