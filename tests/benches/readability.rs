//! Article extraction measured on saved web pages: for each page of
//! `../shared/corpora/webpages` (Mozilla Readability's test pages with the
//! text Readability.js extracts), the token F1 and 4-word-shingle F1 of
//! Dramatis's text against `expected.txt`, whether the title matches, and
//! whether the page beats its whole-page baseline; then the means.
//!
//! Run with `cargo bench --bench bench_readability`. The pages are not part of the
//! project; without them this prints a note and exits.

#[path = "../support/webpages.rs"]
mod webpages;

use std::time::Instant;

fn main() {
    let Some(corpus) = webpages::corpus_dir() else {
        println!("readability: ../shared/corpora/webpages not found; nothing to measure");
        return;
    };
    let started = Instant::now();
    let scores: Vec<_> = webpages::page_dirs(&corpus)
        .iter()
        .map(|dir| webpages::score_page(dir))
        .collect();
    let elapsed_ms = started.elapsed().as_millis();
    println!(
        "{:<20} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7}  {:<5} {:<5}",
        "page", "tok_p", "tok_r", "tok_f1", "shg_f1", "base_t", "base_s", "title", "beats"
    );
    for s in &scores {
        println!(
            "{:<20} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4}  {:<5} {:<5}",
            s.name,
            s.token.precision,
            s.token.recall,
            s.token.f1,
            s.shingle.f1,
            s.baseline_token,
            s.baseline_shingle,
            if s.title_exact() { "yes" } else { "no" },
            if s.above_baseline() { "yes" } else { "NO" },
        );
        if let Some(error) = &s.error {
            println!("    error: {error}");
        }
        if !s.title_exact() {
            println!(
                "    title:    {:?}\n    expected: {:?}",
                s.title, s.expected_title
            );
        }
    }
    let n = scores.len().max(1) as f64;
    let mean = |f: fn(&webpages::PageScore) -> f64| scores.iter().map(f).sum::<f64>() / n;
    println!();
    println!("pages:               {}", scores.len());
    println!("mean token F1:       {:.4}", mean(|s| s.token.f1));
    println!("mean shingle4 F1:    {:.4}", mean(|s| s.shingle.f1));
    println!(
        "titles exact:        {}/{}",
        scores.iter().filter(|s| s.title_exact()).count(),
        scores.len()
    );
    let below: Vec<&str> = scores
        .iter()
        .filter(|s| !s.above_baseline())
        .map(|s| s.name.as_str())
        .collect();
    println!("below baseline:      {} {:?}", below.len(), below);
    println!("load + extract time: {elapsed_ms} ms for all pages");
}
