//! Rebuilds the tagger's models from GUM's entity annotations and the
//! LitBank excerpts.
//!
//! Usage: `cargo run --release --bin train_tagger -- [GUM_JSONL] [OUT] [EPOCHS]`
//! (defaults: `../shared/train/gum-ner.jsonl`, `assets/model/tagger.bin`, 8);
//! the first-pass model goes beside OUT as `tagger-first.bin`. `LITBANK=DIR`
//! names the LitBank folder (default `../shared/train/litbank`; empty: none).
//! `ORDERS=N` trains in N orders of the documents and keeps the mean of the
//! models (default 1).
//! GUM's news genre is left out: those articles are the evaluation set.

use anyhow::Context;
use dramatis::analysis::train::{TrainOptions, train};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let input = args
        .next()
        .unwrap_or_else(|| "../shared/train/gum-ner.jsonl".into());
    let output = args
        .next()
        .unwrap_or_else(|| "assets/model/tagger.bin".into());
    let epochs = match args.next() {
        Some(e) => e.parse().context("EPOCHS must be a whole number")?,
        None => 8,
    };
    let litbank = std::env::var("LITBANK").unwrap_or_else(|_| "../shared/train/litbank".into());
    let extra = if litbank.is_empty() {
        Vec::new()
    } else {
        dramatis::analysis::train::read_gold_folder(std::path::Path::new(&litbank))
            .with_context(|| format!("reading {litbank}"))?
    };
    let jsonl = std::fs::read_to_string(&input).with_context(|| format!("reading {input}"))?;
    let options = TrainOptions {
        epochs,
        skip_genres: vec!["news".into()],
        skip_docs: Vec::new(),
        extra,
        orders: match std::env::var("ORDERS") {
            Ok(d) => d.parse().context("ORDERS must be a whole number")?,
            Err(_) => 1,
        },
    };
    let (bytes, first, report) =
        train(&jsonl, &options).with_context(|| format!("parsing {input}"))?;
    std::fs::write(&output, &bytes).with_context(|| format!("writing {output}"))?;
    let first_output = first_model_path(&output);
    std::fs::write(&first_output, &first).with_context(|| format!("writing {first_output}"))?;
    println!(
        "trained on {} documents, {} names; last epoch accuracy {:.4}; {} bytes written to {output}",
        report.documents,
        report.names,
        report.last_epoch_accuracy,
        bytes.len()
    );
    Ok(())
}

/// `tagger.bin` → `tagger-first.bin`: where the first-pass model goes.
fn first_model_path(output: &str) -> String {
    match output.strip_suffix(".bin") {
        Some(stem) => format!("{stem}-first.bin"),
        None => format!("{output}-first"),
    }
}
