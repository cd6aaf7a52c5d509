//! Scoring the tagger against gold, and the rule report.
//!
//! Gold documents are `NAME.txt` beside `NAME.gold.json` (or `NAME.json`),
//! in the shape `../shared/eval/score.py` reads; only outermost mentions
//! that are not groups of people count, as `corpus.py` keeps them. A
//! document is loaded with [`crate::document::load`], as `dramatis analyze`
//! loads it, and its predictions are those of `analyze --json`
//! ([`crate::cli::AnalyzeOutput`]), so the numbers here are the scorer's:
//! lenient matching (overlapping spans of the same kind, one to one, greedy
//! by overlap length), micro-averaged over kinds and pooled over documents.
//!
//! The rule report ([`rule_report`]) analyses every document with all rules
//! on (logging each rule's decisions), with all off, and with each rule
//! alone off. A rule *fires* once for every decision it makes: a name it
//! adds, a name it removes, or a name whose span or kind it changes (a
//! removal and an addition that overlap, within one run of the rule, are one
//! change, and so are several names merged into one); a change of reason alone is no decision. An added or changed
//! name is right if it overlaps a gold mention of its kind; a removed name
//! is right if it overlapped no gold mention of its kind.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Context;
use serde::Deserialize;

use crate::analysis::rules::{Decision, RULES};
use crate::analysis::{self, AnalyzeOptions, EntityKind, RuleId, RuleSet};
use crate::cli::AnalyzeOutput;
use crate::document::{self, Document};
use crate::span::CharIndex;

/// A mention in character offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Labelled {
    /// Its kind.
    pub kind: EntityKind,
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

impl Labelled {
    fn overlaps(&self, other: &Labelled) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }
}

/// A document to analyse, with its gold mentions if it has any.
pub struct EvalDoc {
    /// Its path.
    pub path: PathBuf,
    /// The document as loaded.
    pub doc: Document,
    /// Its gold mentions, in file order.
    pub gold: Option<Vec<Labelled>>,
}

#[derive(Deserialize)]
struct GoldFile {
    #[serde(default)]
    entities: Vec<GoldEntity>,
}

#[derive(Deserialize)]
struct GoldEntity {
    kind: String,
    start: usize,
    end: usize,
    #[serde(default = "yes")]
    outermost: bool,
    #[serde(default)]
    flags: Vec<String>,
}

fn yes() -> bool {
    true
}

fn kind_of(name: &str) -> Option<EntityKind> {
    EntityKind::ALL.into_iter().find(|k| k.json_name() == name)
}

/// The documents of `dir`: the `.txt` files with gold beside them if any
/// has gold; otherwise every `.txt`, `.html` and `.mhtml` file below it
/// (web page folders give their `source.*` page, not the expected text).
pub fn load_dir(dir: &Path) -> anyhow::Result<Vec<EvalDoc>> {
    let mut files = Vec::new();
    walk(dir, &mut files).with_context(|| format!("could not list {}", dir.display()))?;
    files.sort();
    let gold_of = |txt: &Path| {
        ["gold.json", "json"]
            .iter()
            .map(|ext| txt.with_extension(ext))
            .find(|g| g.is_file())
    };
    let with_gold: Vec<(PathBuf, PathBuf)> = files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
        .filter_map(|f| gold_of(f).map(|g| (f.clone(), g)))
        .collect();
    let mut docs = Vec::new();
    if with_gold.is_empty() {
        for path in files {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let wanted = match ext {
                "txt" => !name.starts_with("expected") && !name.eq_ignore_ascii_case("README.txt"),
                "html" | "htm" | "mhtml" => !name.starts_with("expected"),
                _ => false,
            };
            if wanted {
                let doc = document::load(&path)?;
                docs.push(EvalDoc {
                    path,
                    doc,
                    gold: None,
                });
            }
        }
        return Ok(docs);
    }
    for (txt, gold_path) in with_gold {
        let doc = document::load(&txt)?;
        let json = std::fs::read_to_string(&gold_path)
            .with_context(|| format!("could not read {}", gold_path.display()))?;
        let file: GoldFile = serde_json::from_str(&json)
            .with_context(|| format!("could not parse {}", gold_path.display()))?;
        let gold = file
            .entities
            .iter()
            .filter(|e| e.outermost && !e.flags.iter().any(|f| f == "group_of_people"))
            .filter_map(|e| {
                Some(Labelled {
                    kind: kind_of(&e.kind)?,
                    start: e.start,
                    end: e.end,
                })
            })
            .collect();
        docs.push(EvalDoc {
            path: txt,
            doc,
            gold: Some(gold),
        });
    }
    Ok(docs)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// Counts for precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Matched pairs.
    pub matched: usize,
    /// Predicted mentions.
    pub predicted: usize,
    /// Gold mentions.
    pub gold: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.matched += other.matched;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }

    /// Precision, recall and F1, as `score.py` computes them.
    pub fn prf(&self) -> (f64, f64, f64) {
        let (m, p, g) = (self.matched as f64, self.predicted as f64, self.gold as f64);
        let precision = if p > 0.0 {
            m / p
        } else if g == 0.0 {
            1.0
        } else {
            0.0
        };
        let recall = if g > 0.0 {
            m / g
        } else if p == 0.0 {
            1.0
        } else {
            0.0
        };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        (precision, recall, f1)
    }

    /// F1.
    pub fn f1(&self) -> f64 {
        self.prf().2
    }
}

/// The predictions of `analyze --json`, flattened, in its order.
pub fn predictions(doc: &Document, options: &AnalyzeOptions) -> Vec<Labelled> {
    let analysis = analysis::analyze_with(&doc.text, &doc.block_spans(), options, &mut |_| {});
    flatten(doc, &analysis)
}

fn flatten(doc: &Document, analysis: &analysis::Analysis) -> Vec<Labelled> {
    let output = AnalyzeOutput::new(doc, analysis);
    output
        .entities
        .iter()
        .filter_map(|e| Some((kind_of(&e.kind)?, e)))
        .flat_map(|(kind, e)| {
            e.mentions.iter().map(move |m| Labelled {
                kind,
                start: m.start,
                end: m.end,
            })
        })
        .collect()
}

/// Lenient matches of `pred` against `gold`, per kind and summed: one to
/// one, greedy by overlap length (ties by gold, then prediction, order).
pub fn score(gold: &[Labelled], pred: &[Labelled]) -> Counts {
    let mut total = Counts::default();
    for kind in EntityKind::ALL {
        let g: Vec<&Labelled> = gold.iter().filter(|x| x.kind == kind).collect();
        let p: Vec<&Labelled> = pred.iter().filter(|x| x.kind == kind).collect();
        let mut pairs = Vec::new();
        for (gi, a) in g.iter().enumerate() {
            for (pi, b) in p.iter().enumerate() {
                let ov = a.overlaps(b);
                if ov > 0 {
                    pairs.push((std::cmp::Reverse(ov), gi, pi));
                }
            }
        }
        pairs.sort_unstable();
        let (mut used_g, mut used_p) = (vec![false; g.len()], vec![false; p.len()]);
        let mut matched = 0;
        for (_, gi, pi) in pairs {
            if !used_g[gi] && !used_p[pi] {
                used_g[gi] = true;
                used_p[pi] = true;
                matched += 1;
            }
        }
        total.add(Counts {
            matched,
            predicted: p.len(),
            gold: g.len(),
        });
    }
    total
}

/// What one rule did over all documents.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleRow {
    /// The rule.
    pub id: RuleId,
    /// Decisions in the documents with gold.
    pub fires_gold: usize,
    /// Decisions in the documents without gold.
    pub fires_other: usize,
    /// Decisions in the documents with gold that were right.
    pub right: usize,
    /// The pooled counts with this rule alone off.
    pub without: Counts,
}

/// The rule report over some documents.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// Documents with gold.
    pub gold_docs: usize,
    /// Documents without gold.
    pub other_docs: usize,
    /// Pooled counts with every rule on.
    pub all_on: Counts,
    /// Pooled counts with every rule off (the model and grouping alone).
    pub all_off: Counts,
    /// One row a rule, in table order.
    pub rules: Vec<RuleRow>,
}

/// One unit of work: a document under one configuration.
#[derive(Clone, Copy)]
enum Job {
    /// All rules on, with the decision log.
    Traced(usize),
    /// With `disabled` off, scored.
    Scored(usize, RuleSet, Option<RuleId>),
}

/// What a job gives back.
enum Done {
    Traced {
        doc: usize,
        counts: Option<Counts>,
        fires: Vec<(RuleId, bool)>,
    },
    Scored {
        disabled: Option<RuleId>,
        all_off: bool,
        counts: Counts,
    },
}

/// Runs the rule report over `docs`, on `threads` threads.
pub fn rule_report(docs: &[EvalDoc], threads: usize) -> Report {
    let mut jobs: Vec<Job> = (0..docs.len()).map(Job::Traced).collect();
    for (k, d) in docs.iter().enumerate() {
        if d.gold.is_some() {
            jobs.push(Job::Scored(k, RuleSet::all(), None));
            for &id in RuleId::ALL {
                jobs.push(Job::Scored(k, RuleSet::EMPTY.with(id), Some(id)));
            }
        }
    }
    // Longest documents first, so no thread is left with a book at the end.
    jobs.sort_by_key(|j| {
        let k = match *j {
            Job::Traced(k) | Job::Scored(k, _, _) => k,
        };
        std::cmp::Reverse(docs[k].doc.text.len())
    });
    let next = AtomicUsize::new(0);
    let results: Vec<Done> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.max(1))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some(&job) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
                        done.push(run_job(docs, job));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            // A worker that panicked lost its results: report the panic.
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut report = Report {
        gold_docs: docs.iter().filter(|d| d.gold.is_some()).count(),
        other_docs: docs.iter().filter(|d| d.gold.is_none()).count(),
        all_on: Counts::default(),
        all_off: Counts::default(),
        rules: RULES
            .iter()
            .map(|r| RuleRow {
                id: r.id,
                fires_gold: 0,
                fires_other: 0,
                right: 0,
                without: Counts::default(),
            })
            .collect(),
    };
    for done in results {
        match done {
            Done::Traced { doc, counts, fires } => {
                if let Some(c) = counts {
                    report.all_on.add(c);
                }
                let gold = docs[doc].gold.is_some();
                for (id, right) in fires {
                    let row = &mut report.rules[id as usize];
                    if gold {
                        row.fires_gold += 1;
                        row.right += usize::from(right);
                    } else {
                        row.fires_other += 1;
                    }
                }
            }
            Done::Scored {
                disabled: Some(id),
                counts,
                ..
            } => report.rules[id as usize].without.add(counts),
            Done::Scored {
                all_off: true,
                counts,
                ..
            } => report.all_off.add(counts),
            Done::Scored { .. } => {}
        }
    }
    report
}

fn run_job(docs: &[EvalDoc], job: Job) -> Done {
    match job {
        Job::Traced(k) => {
            let d = &docs[k];
            let (analysis, trace) = analysis::analyze_traced(
                &d.doc.text,
                &d.doc.block_spans(),
                &AnalyzeOptions::default(),
            );
            let index = CharIndex::new(&d.doc.text);
            let gold = d.gold.as_deref().unwrap_or(&[]);
            let fires = trace
                .iter()
                .map(|decision| (decision.rule, is_right(decision, gold, &index)))
                .collect();
            let counts = d
                .gold
                .as_ref()
                .map(|g| score(g, &flatten(&d.doc, &analysis)));
            Done::Traced {
                doc: k,
                counts,
                fires,
            }
        }
        Job::Scored(k, disabled, id) => {
            let d = &docs[k];
            let pred = predictions(&d.doc, &AnalyzeOptions { disabled });
            Done::Scored {
                disabled: id,
                all_off: id.is_none(),
                counts: score(d.gold.as_deref().unwrap_or(&[]), &pred),
            }
        }
    }
}

/// True when a decision agrees with gold: what it added or changed
/// overlaps a gold mention of its kind; what it removed overlapped none.
fn is_right(decision: &Decision, gold: &[Labelled], index: &CharIndex) -> bool {
    let labelled = |(span, kind)| {
        let (start, end) = index.chars_of_span(span);
        Labelled { kind, start, end }
    };
    let hits = |m: Labelled| gold.iter().any(|g| g.kind == m.kind && g.overlaps(&m) > 0);
    match (decision.before, decision.after) {
        (_, Some(after)) => hits(labelled(after)),
        (Some(before), None) => !hits(labelled(before)),
        (None, None) => false,
    }
}

/// The report as a Markdown table, rules in table order.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let (p, r, f) = report.all_on.prf();
    let (p0, r0, f0) = report.all_off.prf();
    out.push_str(&format!(
        "{} documents with gold, {} without.\n\n\
         All rules on: P {p:.3} R {r:.3} F1 {f:.3} ({} gold, {} predicted, {} matched).  \n\
         All rules off: P {p0:.3} R {r0:.3} F1 {f0:.3} ({} predicted, {} matched).\n\n",
        report.gold_docs,
        report.other_docs,
        report.all_on.gold,
        report.all_on.predicted,
        report.all_on.matched,
        report.all_off.predicted,
        report.all_off.matched,
    ));
    out.push_str(
        "| rule | stage | fires (gold docs) | fires (other docs) | right | precision | F1 without | ΔF1 without |\n\
         |---|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for row in &report.rules {
        let precision = if row.fires_gold > 0 {
            format!("{:.2}", row.right as f64 / row.fires_gold as f64)
        } else {
            "–".to_string()
        };
        let without = row.without.f1();
        out.push_str(&format!(
            "| `{}` | {:?} | {} | {} | {} | {} | {:.4} | {:+.4} |\n",
            row.id,
            row.id.rule().stage,
            row.fires_gold,
            row.fires_other,
            row.right,
            precision,
            without,
            without - f,
        ));
    }
    out
}
