//! Training the tagger's model from annotated text (GUM's JSON lines).
//!
//! Each input line is a JSON object with `text`, `genre` and `entities`
//! (`kind`, `start`, `end` in code points, `outermost`). The result is the
//! binary model that ships as `assets/model/tagger.bin`.

use std::collections::HashMap;

use serde::Deserialize;

use super::EntityKind;
use super::model::{FastSet, Model, Trainer};
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
    /// Further annotated texts: `(text, names)` with code-point offsets,
    /// such as the LitBank excerpts read by [`read_gold_folder`].
    pub extra: Vec<Annotated>,
    /// How many orders of the documents to train in; the model is the mean
    /// of the models trained in each.
    pub orders: usize,
}

/// An annotated text: the text and its names as (start, end, kind), in
/// code points.
pub type Annotated = (String, Vec<(usize, usize, EntityKind)>);

#[derive(Deserialize)]
struct GoldFile {
    entities: Vec<DocEntity>,
}

fn kind_of(name: &str) -> Option<EntityKind> {
    match name {
        "person" => Some(EntityKind::Person),
        "place" => Some(EntityKind::Place),
        "organization" => Some(EntityKind::Organization),
        _ => None,
    }
}

/// Reads a folder of `NAME.txt` texts beside `NAME.gold.json` gold files
/// (the evaluation's shape: `entities` with `kind`, `start`, `end` in code
/// points), in name order.
pub fn read_gold_folder(dir: &std::path::Path) -> std::io::Result<Vec<Annotated>> {
    let mut names: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let gold_path = path.with_extension("gold.json");
        let Ok(gold) = std::fs::read_to_string(&gold_path) else {
            continue;
        };
        let gold: GoldFile = serde_json::from_str(&gold).map_err(std::io::Error::other)?;
        let text = std::fs::read_to_string(&path)?;
        let names = gold
            .entities
            .iter()
            .filter_map(|e| Some((e.start, e.end, kind_of(&e.kind)?)))
            .collect();
        out.push((text, names));
    }
    Ok(out)
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

/// Trains the two models on `jsonl` (and `options.extra`) and returns the
/// bytes of the second (shipped as `tagger.bin`) and the first-pass model
/// (`tagger-first.bin`).
pub fn train(
    jsonl: &str,
    options: &TrainOptions,
) -> Result<(Vec<u8>, Vec<u8>, TrainReport), TrainError> {
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
    let mut report = TrainReport::default();
    let mut sources: Vec<(Annotated, Vec<Span>)> = Vec::new();
    for doc in docs {
        let paragraphs = paragraphs_of(&doc.text);
        let names = doc
            .entities
            .iter()
            .filter(|e| e.outermost)
            .filter_map(|e| Some((e.start, e.end, kind_of(&e.kind)?)))
            .collect();
        sources.push(((doc.text, names), paragraphs));
    }
    for (text, names) in &options.extra {
        let document =
            crate::document::from_text(text.clone(), crate::document::Format::PlainText, None, "");
        sources.push(((text.clone(), names.clone()), document.block_spans()));
    }
    let mut prepared = Vec::with_capacity(sources.len());
    for ((text, names), paragraphs) in sources {
        let index = CharIndex::new(&text);
        // As `analyze` prepares them: a quotation's first word opens a
        // sentence.
        let quotes = super::quotes::find_quotes(&text, &paragraphs);
        let mut tokens = tokenize::tokenize(&text, &paragraphs);
        super::mark_quote_starts(&mut tokens, &quotes);
        tokenize::mark_sentence_ends_after_abbreviations(&text, &mut tokens);
        let names: Vec<(Span, EntityKind)> = names
            .into_iter()
            .map(|(start, end, kind)| {
                (
                    Span::new(index.byte_of_char(start), index.byte_of_char(end)),
                    kind,
                )
            })
            .collect();
        report.names += names.len();
        prepared.push(Prepared {
            text,
            tokens,
            names,
        });
    }
    report.documents = prepared.len();
    let run_one = |docs: &[usize],
                   evidence: Option<&[Option<ner::DocEvidence>]>,
                   report: &mut TrainReport,
                   mut seed: u64| {
        let mut trainer = Trainer::default();
        let mut order = docs.to_vec();
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
                let gold = ner::gold_labels(&ctx, &p.names);
                let e = evidence.and_then(|e| e[d].as_ref());
                let (c, t) = ner::train_document(&ctx, e, &gold, &mut trainer);
                correct += c;
                total += t;
            }
            report.last_epoch_accuracy = correct as f64 / total.max(1) as f64;
        }
        trainer
    };
    // Several trainers, each reading the documents in its own order; the
    // model is their mean.
    let run = |docs: &[usize],
               evidence: Option<&[Option<ner::DocEvidence>]>,
               report: &mut TrainReport| {
        let trainers: Vec<Trainer> = (0..options.orders.max(1) as u64)
            .map(|k| {
                run_one(
                    docs,
                    evidence,
                    report,
                    0x2545_f491_4f6c_dd1d ^ k.wrapping_mul(0x9e37_79b9_7f4a_7c15),
                )
            })
            .collect();
        Trainer::mean_to_bytes(&trainers, &vocab)
    };
    // The second model reads what a first pass said elsewhere in the
    // document. On its training documents that first pass must come from
    // a model that never saw them (five folds), or the second model would
    // learn to trust evidence better than it will ever get.
    const FOLDS: usize = 5;
    let mut evidence: Vec<Option<ner::DocEvidence>> = (0..prepared.len()).map(|_| None).collect();
    let mut scratch = TrainReport::default();
    for fold in 0..FOLDS {
        let train_on: Vec<usize> = (0..prepared.len()).filter(|d| d % FOLDS != fold).collect();
        let bytes: &'static [u8] = Box::leak(run(&train_on, None, &mut scratch).into_boxed_slice());
        let model = Model::from_bytes(bytes).unwrap_or_default();
        for d in (0..prepared.len()).filter(|d| d % FOLDS == fold) {
            let p = &prepared[d];
            let ctx = DocContext::new(&p.text, &p.tokens, &common);
            let (labels, margins) = ner::decode(&ctx, &model, None);
            evidence[d] = Some(ner::DocEvidence::new(&ctx, &labels, &margins));
        }
    }
    let all: Vec<usize> = (0..prepared.len()).collect();
    let first = run(&all, None, &mut scratch);
    let second = run(&all, Some(&evidence), &mut report);
    Ok((second, first, report))
}
