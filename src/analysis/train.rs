//! Training the tagger's model from annotated text (GUM's JSON lines).
//!
//! Each input line is a JSON object with `text`, `genre` and `entities`
//! (`kind`, `start`, `end` in code points, `outermost`). The result is the
//! binary model that ships as `assets/model/tagger.bin`.

use std::collections::HashMap;

use serde::Deserialize;

use super::EntityKind;
use super::model::{FastSet, Trainer};
use super::ner::{self, DocContext};
use super::tokenize;
use crate::span::{CharIndex, Span};

#[derive(Deserialize)]
struct Doc {
    doc: String,
    genre: String,
    text: String,
    entities: Vec<DocEntity>,
}

#[derive(Deserialize)]
struct DocEntity {
    kind: String,
    start: usize,
    end: usize,
    #[serde(default = "yes")]
    outermost: bool,
}

fn yes() -> bool {
    true
}

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A line of the input is not a valid document.
    #[error("line {line}: {source}")]
    Json {
        /// 1-based line number.
        line: usize,
        /// The parse error.
        source: serde_json::Error,
    },
}

/// Options for [`train`].
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Genres left out (e.g. the news articles kept for evaluation).
    pub skip_genres: Vec<String>,
    /// Documents left out by name.
    pub skip_docs: Vec<String>,
}

/// Training statistics.
#[derive(Clone, Debug, Default)]
pub struct TrainReport {
    /// Documents trained on.
    pub documents: usize,
    /// Names trained on.
    pub names: usize,
    /// Token accuracy of the last epoch, over candidate tokens.
    pub last_epoch_accuracy: f64,
}

fn paragraphs_of(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            if i > start {
                out.push(Span::new(start, i));
            }
            start = i + 1;
        }
    }
    if text.len() > start {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// Trains a model on `jsonl` and returns its bytes.
pub fn train(jsonl: &str, options: &TrainOptions) -> Result<(Vec<u8>, TrainReport), TrainError> {
    let mut docs = Vec::new();
    for (k, line) in jsonl.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let doc: Doc = serde_json::from_str(line).map_err(|source| TrainError::Json {
            line: k + 1,
            source,
        })?;
        if options.skip_genres.contains(&doc.genre) || options.skip_docs.contains(&doc.doc) {
            continue;
        }
        docs.push(doc);
    }
    // Words the training text uses in lower case at least twice.
    let mut counts: HashMap<String, u32> = HashMap::new();
    for doc in &docs {
        for word in doc
            .text
            .split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        {
            if word.starts_with(|c: char| c.is_lowercase()) && word.len() > 1 {
                *counts.entry(word.to_string()).or_default() += 1;
            }
        }
    }
    let mut vocab: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(w, _)| w)
        .collect();
    vocab.sort();
    // The trainer runs once per process: leaking the vocabulary gives the
    // 'static strings the feature extractor shares with the shipped model.
    let leaked: &'static [String] = Box::leak(vocab.clone().into_boxed_slice());
    let common: FastSet<&'static str> = leaked.iter().map(String::as_str).collect();

    struct Prepared {
        text: String,
        tokens: Vec<tokenize::Token>,
        names: Vec<(Span, EntityKind)>,
    }
    let mut prepared = Vec::with_capacity(docs.len());
    let mut report = TrainReport::default();
    for doc in docs {
        let index = CharIndex::new(&doc.text);
        let mut tokens = tokenize::tokenize(&doc.text, &paragraphs_of(&doc.text));
        tokenize::mark_sentence_ends_after_abbreviations(&doc.text, &mut tokens);
        let names: Vec<(Span, EntityKind)> = doc
            .entities
            .iter()
            .filter(|e| e.outermost)
            .filter_map(|e| {
                let kind = match e.kind.as_str() {
                    "person" => EntityKind::Person,
                    "place" => EntityKind::Place,
                    "organization" => EntityKind::Organization,
                    _ => return None,
                };
                Some((
                    Span::new(index.byte_of_char(e.start), index.byte_of_char(e.end)),
                    kind,
                ))
            })
            .collect();
        report.names += names.len();
        prepared.push(Prepared {
            text: doc.text,
            tokens,
            names,
        });
    }
    report.documents = prepared.len();
    let mut trainer = Trainer::default();
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..options.epochs {
        // Deterministic shuffle (xorshift) so a rebuild gives the same model.
        for k in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(k, (seed % (k as u64 + 1)) as usize);
        }
        let (mut correct, mut total) = (0, 0);
        for &d in &order {
            let p = &prepared[d];
            let ctx = DocContext::new(&p.text, &p.tokens, &common);
            let gold = ner::gold_labels(&p.tokens, &ctx.candidate, &p.names);
            let (c, t) = ner::train_document(&ctx, &gold, &mut trainer);
            correct += c;
            total += t;
        }
        report.last_epoch_accuracy = correct as f64 / total.max(1) as f64;
    }
    Ok((trainer.to_bytes(&vocab), report))
}
