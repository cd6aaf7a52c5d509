//! Word clusters: which distributional class a word form belongs to.
//!
//! Built from the CC0 word vectors of spaCy's `en_core_web_md` (see
//! `assets/model/README.md`): every one of 514,157 word forms (case kept)
//! points to one of 20,000 vector rows, and the rows are grouped into 1,024,
//! 256 and 64 clusters. A tagger that has seen "Moscow" as a place learns the
//! cluster, and so knows "Kaliningrad" too.
//!
//! The binary table (`assets/model/clusters.bin`, written by `cargo run
//! --release --bin build_clusters`) is embedded and read in place: words are
//! sorted, so a lookup is a binary search over offsets, and nothing is parsed
//! or allocated at start-up.

use std::cmp::Ordering;
use std::sync::OnceLock;

const MAGIC: &[u8; 8] = b"DRCLU001";

static CLUSTER_BYTES: &[u8] = include_bytes!("../../assets/model/clusters.bin");

/// The clusters of one word form, from finest to coarsest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cluster {
    /// The vector row (one of 20,000): words with near-identical vectors.
    pub row: u16,
    /// One of 1,024 groups of rows.
    pub c1024: u16,
    /// One of 256 groups of rows.
    pub c256: u8,
    /// One of 64 groups of rows.
    pub c64: u8,
}

/// The cluster table, read in place from its bytes.
#[derive(Debug, Default)]
pub struct Clusters {
    /// Per row: (c1024, c256, c64).
    rows: &'static [u8],
    /// Per word: its byte offset in `words`; one more at the end.
    offsets: &'static [u8],
    /// Per word: its row (u16).
    word_rows: &'static [u8],
    /// The words, sorted by bytes, back to back.
    words: &'static [u8],
    count: usize,
}

/// Why the table could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ClusterError {
    /// Not a cluster table.
    #[error("the word cluster table has an unknown format")]
    BadHeader,
    /// The table ends early.
    #[error("the word cluster table is truncated")]
    Truncated,
}

fn u32_at(b: &[u8], k: usize) -> usize {
    let s = b.get(4 * k..4 * k + 4).unwrap_or(&[0, 0, 0, 0]);
    u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize
}

impl Clusters {
    /// The shipped table (empty when it cannot be read).
    pub fn get() -> &'static Clusters {
        static TABLE: OnceLock<Clusters> = OnceLock::new();
        TABLE.get_or_init(|| Clusters::from_bytes(CLUSTER_BYTES).unwrap_or_default())
    }

    /// Reads a table in its binary form (see [`Clusters::to_bytes`]).
    pub fn from_bytes(bytes: &'static [u8]) -> Result<Clusters, ClusterError> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(ClusterError::BadHeader);
        }
        let count = u32_at(&bytes[8..], 0);
        let rows = u32_at(&bytes[8..], 1);
        let mut pos = 16;
        let mut take = |n: usize| -> Result<&'static [u8], ClusterError> {
            let s = bytes.get(pos..pos + n).ok_or(ClusterError::Truncated)?;
            pos += n;
            Ok(s)
        };
        let row_table = take(rows * 4)?;
        let offsets = take((count + 1) * 4)?;
        let word_rows = take(count * 2)?;
        let words = take(u32_at(offsets, count))?;
        Ok(Clusters {
            rows: row_table,
            offsets,
            word_rows,
            words,
            count,
        })
    }

    /// Number of word forms in the table.
    pub fn len(&self) -> usize {
        self.count
    }

    /// True when the table holds no words.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    fn word(&self, k: usize) -> &'static [u8] {
        self.words
            .get(u32_at(self.offsets, k)..u32_at(self.offsets, k + 1))
            .unwrap_or(&[])
    }

    /// The clusters of `word` exactly as written, if the table has it.
    pub fn lookup(&self, word: &str) -> Option<Cluster> {
        let key = word.as_bytes();
        let (mut lo, mut hi) = (0, self.count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.word(mid).cmp(key) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return self.cluster_of(mid),
            }
        }
        None
    }

    fn cluster_of(&self, k: usize) -> Option<Cluster> {
        let r = self.word_rows.get(2 * k..2 * k + 2)?;
        let row = u16::from_le_bytes([r[0], r[1]]);
        let c = self.rows.get(4 * row as usize..4 * row as usize + 4)?;
        Some(Cluster {
            row,
            c1024: u16::from_le_bytes([c[0], c[1]]),
            c256: c[2],
            c64: c[3],
        })
    }

    /// Writes the binary table from `(word, row, c1024, c256, c64)` rows
    /// (the columns of the source TSV).
    pub fn to_bytes(mut entries: Vec<(String, u16, u16, u8, u8)>) -> Vec<u8> {
        entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        entries.dedup_by(|b, a| a.0 == b.0);
        let rows = entries.iter().map(|e| e.1 as usize + 1).max().unwrap_or(0);
        let mut row_table = vec![0u8; rows * 4];
        for e in &entries {
            let at = e.1 as usize * 4;
            row_table[at..at + 2].copy_from_slice(&e.2.to_le_bytes());
            row_table[at + 2] = e.3;
            row_table[at + 3] = e.4;
        }
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(entries.len() as u32).to_le_bytes());
        out.extend_from_slice(&(rows as u32).to_le_bytes());
        out.extend_from_slice(&row_table);
        let mut offset = 0u32;
        for e in &entries {
            out.extend_from_slice(&offset.to_le_bytes());
            offset += e.0.len() as u32;
        }
        out.extend_from_slice(&offset.to_le_bytes());
        for e in &entries {
            out.extend_from_slice(&e.1.to_le_bytes());
        }
        for e in &entries {
            out.extend_from_slice(e.0.as_bytes());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names that share a distributional role share a cluster, and a word
    /// the table lacks has none.
    #[test]
    fn shipped_table_groups_names_by_role() {
        let c = Clusters::get();
        assert!(c.len() > 100_000, "{} words", c.len());
        let city = |w: &str| c.lookup(w).map(|x| x.c256);
        assert_eq!(city("Madrid"), city("Lisbon"));
        assert_eq!(city("Oslo"), city("Prague"));
        assert_ne!(city("Oslo"), city("quickly"));
        assert!(c.lookup("Qzxvplorn").is_none());
        assert!(c.lookup("").is_none());
    }

    /// A table written and read back answers as its rows say.
    #[test]
    fn round_trip() {
        let bytes = Clusters::to_bytes(vec![
            ("beta".into(), 1, 7, 3, 2),
            ("alpha".into(), 0, 5, 1, 0),
            ("gamma".into(), 1, 7, 3, 2),
        ]);
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let c = Clusters::from_bytes(bytes).expect("valid table");
        assert_eq!(c.len(), 3);
        assert_eq!(
            c.lookup("alpha"),
            Some(Cluster {
                row: 0,
                c1024: 5,
                c256: 1,
                c64: 0
            })
        );
        assert_eq!(c.lookup("gamma").map(|x| x.row), Some(1));
        assert_eq!(c.lookup("delta"), None);
        assert!(Clusters::from_bytes(&bytes[..20]).is_err());
    }
}
