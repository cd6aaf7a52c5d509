//! The library's documents with what a table of them shows besides:
//! byline, date, and the reader's highlights and tags on each.

use std::path::PathBuf;

use super::{DocumentEntry, Library, LibraryError};

/// One document as the library's table shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShelfEntry {
    /// The document.
    pub document: DocumentEntry,
    /// Who wrote it, as the document says.
    pub byline: Option<String>,
    /// When it was published, as the document gives it.
    pub published: Option<String>,
    /// How many highlights the reader made on it (those that could not be
    /// found again in a changed text included).
    pub highlights: usize,
    /// The tags on its highlights, sorted, each once.
    pub tags: Vec<String>,
}

impl Library {
    /// Every document with its byline, date, highlights and tags, sorted by
    /// title and then path.
    pub fn shelf(&self) -> Result<Vec<ShelfEntry>, LibraryError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT d.id, d.path, d.fingerprint, d.title, d.format, d.text_bytes, d.words,
                        d.added_s, d.opened_s, d.byline, d.published,
                        COUNT(h.rowid), group_concat(h.tags, char(10))
                 FROM documents d LEFT JOIN highlights h ON h.fingerprint = d.fingerprint
                 GROUP BY d.id
                 ORDER BY d.title COLLATE NOCASE, d.path",
            )
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([], |row| {
                let tags: Option<String> = row.get(12)?;
                let mut tags: Vec<String> = tags
                    .unwrap_or_default()
                    .lines()
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect();
                tags.sort_unstable();
                tags.dedup();
                Ok(ShelfEntry {
                    document: DocumentEntry {
                        id: row.get(0)?,
                        path: PathBuf::from(row.get::<_, String>(1)?),
                        fingerprint: row.get(2)?,
                        title: row.get(3)?,
                        format: row.get(4)?,
                        text_bytes: super::unsigned(row, 5)?,
                        words: super::unsigned(row, 6)?,
                        added_s: row.get(7)?,
                        opened_s: row.get(8)?,
                    },
                    byline: row.get(9)?,
                    published: row.get(10)?,
                    highlights: super::unsigned(row, 11)?,
                    tags,
                })
            })
            .map_err(|e| self.db_error(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.db_error(e))
    }
}
