//! The rule report: for gold folders (and folders without gold), the
//! tagger's F1 with all rules on and off, and for every rule how often it
//! fires, how often it is right, and what F1 changes without it.
//!
//! `cargo run --release --bin tagger_report -- DIR...`

use std::path::Path;
use std::process::ExitCode;

use dramatis::eval;

fn main() -> ExitCode {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    if dirs.is_empty() || dirs.iter().any(|d| d == "-h" || d == "--help") {
        eprintln!("usage: tagger_report DIR...  (gold: NAME.txt beside NAME.gold.json)");
        return ExitCode::from(2);
    }
    let mut docs = Vec::new();
    for dir in &dirs {
        match eval::load_dir(Path::new(dir)) {
            Ok(d) => docs.extend(d),
            Err(e) => {
                eprintln!("tagger_report: {e:#}");
                return ExitCode::FAILURE;
            }
        }
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let report = eval::rule_report(&docs, threads);
    print!("{}", eval::markdown(&report));
    ExitCode::SUCCESS
}
