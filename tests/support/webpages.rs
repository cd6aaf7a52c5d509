//! Scoring extracted article text against Readability's expected text, the
//! way `../shared/corpora/webpages/score.py` does: NFKC, lower case, tokens
//! are runs of word characters; token F1 over bags of tokens and shingle F1
//! over bags of 4-token runs.

#![allow(dead_code)]

use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

/// Precision, recall and F1 of one comparison.
#[derive(Clone, Copy, Debug, Default)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The tokens of `text`: NFKC, lower-cased, maximal runs of letters, digits
/// and underscores (Python's `\w`).
pub fn tokens(text: &str) -> Vec<String> {
    let normal: String = text.nfkc().collect::<String>().to_lowercase();
    normal
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

fn bag<T: Hash + Eq>(items: impl IntoIterator<Item = T>) -> HashMap<T, usize> {
    let mut bag = HashMap::new();
    for item in items {
        *bag.entry(item).or_insert(0) += 1;
    }
    bag
}

fn prf_of<T: Hash + Eq>(extracted: &HashMap<T, usize>, expected: &HashMap<T, usize>) -> Prf {
    let overlap: usize = extracted
        .iter()
        .map(|(k, n)| (*n).min(expected.get(k).copied().unwrap_or(0)))
        .sum();
    if overlap == 0 {
        return Prf::default();
    }
    let precision = overlap as f64 / extracted.values().sum::<usize>() as f64;
    let recall = overlap as f64 / expected.values().sum::<usize>() as f64;
    Prf {
        precision,
        recall,
        f1: 2.0 * precision * recall / (precision + recall),
    }
}

/// Token F1 of `extracted` against `expected`.
pub fn token_prf(extracted: &str, expected: &str) -> Prf {
    prf_of(&bag(tokens(extracted)), &bag(tokens(expected)))
}

fn shingles(tokens: &[String]) -> Vec<&[String]> {
    if tokens.len() < 4 {
        return if tokens.is_empty() {
            Vec::new()
        } else {
            vec![tokens]
        };
    }
    tokens.windows(4).collect()
}

/// 4-token shingle F1 of `extracted` against `expected`.
pub fn shingle_prf(extracted: &str, expected: &str) -> Prf {
    let (a, b) = (tokens(extracted), tokens(expected));
    prf_of(&bag(shingles(&a)), &bag(shingles(&b)))
}

/// The corpus folder: `$DRAMATIS_WEBPAGES`, or the shared pages beside the
/// project if this checkout has them.
pub fn corpus_dir() -> Option<PathBuf> {
    // Another set of pages in the same layout (say, a held-out one) is
    // scored by naming its folder.
    if let Some(dir) = std::env::var_os("DRAMATIS_WEBPAGES") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/webpages");
    dir.is_dir().then_some(dir)
}

/// One page's result.
#[derive(Clone, Debug)]
pub struct PageScore {
    pub name: String,
    pub token: Prf,
    pub shingle: Prf,
    pub baseline_token: f64,
    pub baseline_shingle: f64,
    pub title: String,
    pub expected_title: String,
    /// The load failed with this message.
    pub error: Option<String>,
}

impl PageScore {
    /// The extracted title is the expected one, exactly.
    pub fn title_exact(&self) -> bool {
        self.title == self.expected_title
    }

    /// Both F1s beat the whole-page baseline.
    pub fn above_baseline(&self) -> bool {
        self.token.f1 > self.baseline_token && self.shingle.f1 > self.baseline_shingle
    }
}

/// Loads and scores the page in folder `dir` of the corpus.
pub fn score_page(dir: &Path) -> PageScore {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap_or_default();
    let facts: serde_json::Value = std::fs::read_to_string(dir.join("facts.json"))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let baseline = |kind: &str| {
        facts["baseline_wholepage"][kind]["f1"]
            .as_f64()
            .unwrap_or(0.0)
    };
    let expected_title = facts["title"].as_str().unwrap_or_default().to_owned();
    let (text, title, error) = match dramatis::document::load(&dir.join("source.html")) {
        Ok(doc) => (doc.text, doc.title, None),
        Err(e) => (String::new(), String::new(), Some(e.to_string())),
    };
    PageScore {
        name,
        token: token_prf(&text, &expected),
        shingle: shingle_prf(&text, &expected),
        baseline_token: baseline("token"),
        baseline_shingle: baseline("shingle4"),
        title,
        expected_title,
        error,
    }
}

/// The page folders of the corpus, sorted by name.
pub fn page_dirs(corpus: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.join("source.html").is_file())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}
