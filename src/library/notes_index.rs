//! The reader's highlights and notes in the library's full-text index, so
//! that a search finds what the reader wrote as well as what they read.
//!
//! The notes files stay the truth: each is read (never written) when its
//! size or modification time changed since it was last indexed, and its
//! rows are replaced in one transaction. A notes file that cannot be read
//! leaves no rows and is tried again once it changes.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};

use super::search::{CLOSE, OPEN, SearchError, fts_query};
use super::{Library, LibraryError, database_error};

/// Schema 3: the documents' byline and date, and the reader's highlights
/// and notes, indexed.
///
/// `note_files` remembers each notes file's stamp, so an unchanged one is
/// not read again. `highlights` holds one row per highlight (its document's
/// fingerprint, its place in characters, its tags one a line) and
/// `highlight_text`, the FTS5 table with the same rowid, its passage and
/// its note. Documents indexed by schema 1 lack their byline and date: their
/// cast key is cleared so the next add reads them again.
pub(super) const SCHEMA_3: &str = "
ALTER TABLE documents ADD COLUMN byline TEXT;
ALTER TABLE documents ADD COLUMN published TEXT;
UPDATE documents SET cast_key = '';
CREATE TABLE note_files (
    fingerprint TEXT PRIMARY KEY,
    file_bytes INTEGER NOT NULL,
    file_modified_ns INTEGER NOT NULL,
    path TEXT,
    title TEXT NOT NULL
);
CREATE TABLE highlights (
    rowid INTEGER PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    highlight_id INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    tags TEXT NOT NULL
);
CREATE INDEX highlights_fingerprint ON highlights(fingerprint);
CREATE VIRTUAL TABLE highlight_text USING fts5(passage, note, tokenize = 'unicode61 remove_diacritics 2');
";

/// A highlight or note that matched a search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteHit {
    /// The document's file: the library's, else the one the notes were
    /// last opened from; `None` for notes on text that came from no file.
    pub path: Option<PathBuf>,
    /// The document's title.
    pub title: String,
    /// The highlight's first character in the document's text.
    pub start_char: usize,
    /// One past its last character.
    pub end_char: usize,
    /// The highlighted passage.
    pub passage: String,
    /// The matches in [`NoteHit::passage`], as byte ranges.
    pub passage_marks: Vec<Range<usize>>,
    /// The reader's note, with the tags after it as `#tag`.
    pub note: String,
    /// The matches in [`NoteHit::note`], as byte ranges.
    pub note_marks: Vec<Range<usize>>,
}

/// A notes file's size and modification time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileStamp {
    bytes: i64,
    modified_ns: i64,
}

impl Library {
    /// Brings the index of the reader's highlights and notes up to date
    /// with the notes folder: files new or changed since the last call are
    /// read, files gone are dropped. Returns how many files were read.
    pub fn index_notes(&mut self) -> Result<usize, LibraryError> {
        let on_disk = notes_files(&self.notes.annotations_dir());
        let mut indexed: HashMap<String, FileStamp> = HashMap::new();
        {
            let mut statement = self
                .conn
                .prepare("SELECT fingerprint, file_bytes, file_modified_ns FROM note_files")
                .map_err(|e| self.db_error(e))?;
            let rows = statement
                .query_map([], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        FileStamp {
                            bytes: row.get(1)?,
                            modified_ns: row.get(2)?,
                        },
                    ))
                })
                .map_err(|e| self.db_error(e))?;
            for row in rows {
                let (fingerprint, stamp) = row.map_err(|e| self.db_error(e))?;
                indexed.insert(fingerprint, stamp);
            }
        }
        let mut read = 0;
        for (fingerprint, stamp) in &on_disk {
            if indexed.get(fingerprint) == Some(stamp) {
                continue;
            }
            read += 1;
            // A file that cannot be read now (being written, or damaged)
            // is indexed empty with its stamp: it is read again once it
            // changes, and the window tells the reader about it on open.
            let saved = self.notes.reread(fingerprint);
            let path = self.path.clone();
            let db = database_error(&path);
            let transaction = self.conn.transaction().map_err(db)?;
            delete_notes(&transaction, fingerprint).map_err(db)?;
            let (file_path, title) = saved
                .as_ref()
                .map(|s| {
                    (
                        s.annotations
                            .path
                            .as_ref()
                            .map(|p| p.to_string_lossy().into_owned()),
                        s.annotations.title.clone(),
                    )
                })
                .unwrap_or_default();
            transaction
                .execute(
                    "INSERT INTO note_files (fingerprint, file_bytes, file_modified_ns, path, title)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![fingerprint, stamp.bytes, stamp.modified_ns, file_path, title],
                )
                .map_err(db)?;
            if let Some(saved) = &saved {
                let notes = &saved.annotations;
                let mut row = transaction
                    .prepare_cached(
                        "INSERT INTO highlights (fingerprint, highlight_id, start_char, end_char, tags)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                    )
                    .map_err(db)?;
                let mut text = transaction
                    .prepare_cached(
                        "INSERT INTO highlight_text (rowid, passage, note) VALUES (?1, ?2, ?3)",
                    )
                    .map_err(db)?;
                for highlight in notes.highlights.iter().chain(&notes.orphans) {
                    row.execute(params![
                        fingerprint,
                        i64::try_from(highlight.id).unwrap_or(i64::MAX),
                        i64::try_from(highlight.position.start).unwrap_or(i64::MAX),
                        i64::try_from(highlight.position.end).unwrap_or(i64::MAX),
                        highlight.tags.join("\n"),
                    ])
                    .map_err(db)?;
                    let rowid = transaction.last_insert_rowid();
                    let mut note = highlight.note.clone();
                    for tag in &highlight.tags {
                        if !note.is_empty() {
                            note.push(' ');
                        }
                        note.push('#');
                        note.push_str(tag);
                    }
                    text.execute(params![rowid, highlight.quote.exact, note])
                        .map_err(db)?;
                }
            }
            transaction.commit().map_err(db)?;
        }
        let gone: Vec<&String> = indexed
            .keys()
            .filter(|f| !on_disk.contains_key(*f))
            .collect();
        for fingerprint in gone {
            let path = self.path.clone();
            let db = database_error(&path);
            let transaction = self.conn.transaction().map_err(db)?;
            delete_notes(&transaction, fingerprint).map_err(db)?;
            transaction.commit().map_err(db)?;
        }
        Ok(read)
    }

    /// The reader's highlights and notes that match `query` (the syntax of
    /// [`Library::search`]), the best-ranked first, at most `limit`.
    pub fn search_notes(&self, query: &str, limit: usize) -> Result<Vec<NoteHit>, SearchError> {
        let fts = fts_query(query)?;
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT h.fingerprint, h.start_char, h.end_char,
                        highlight(highlight_text, 0, ?2, ?3), highlight(highlight_text, 1, ?2, ?3)
                 FROM highlight_text JOIN highlights h ON h.rowid = highlight_text.rowid
                 WHERE highlight_text MATCH ?1 ORDER BY rank LIMIT ?4",
            )
            .map_err(|e| self.db_error(e))?;
        let syntax = |error: rusqlite::Error| match &error {
            rusqlite::Error::SqliteFailure(_, Some(message))
                if message.starts_with("fts5:") || message.contains("syntax error") =>
            {
                SearchError::Syntax {
                    query: query.to_owned(),
                    message: message.clone(),
                }
            }
            _ => SearchError::Library(self.db_error(error)),
        };
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement
            .query_map(
                params![fts, OPEN.to_string(), CLOSE.to_string(), limit],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        super::unsigned::<usize>(row, 1)?,
                        super::unsigned::<usize>(row, 2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                    ))
                },
            )
            .map_err(syntax)?;
        let found = rows.collect::<Result<Vec<_>, _>>().map_err(syntax)?;
        let mut place = self
            .conn
            .prepare_cached(
                "SELECT COALESCE(d.path, n.path), COALESCE(d.title, n.title)
                 FROM note_files n LEFT JOIN documents d ON d.fingerprint = n.fingerprint
                 WHERE n.fingerprint = ?1 LIMIT 1",
            )
            .map_err(|e| self.db_error(e))?;
        let mut hits = Vec::with_capacity(found.len());
        for (fingerprint, start_char, end_char, passage, note) in found {
            let (path, title) = place
                .query_row([&fingerprint], |row| {
                    Ok((row.get::<_, Option<String>>(0)?, row.get::<_, String>(1)?))
                })
                .optional()
                .map_err(|e| self.db_error(e))?
                .unwrap_or_default();
            let (passage, passage_marks) = unmark(&passage);
            let (note, note_marks) = unmark(&note);
            hits.push(NoteHit {
                path: path.map(PathBuf::from),
                title,
                start_char,
                end_char,
                passage,
                passage_marks,
                note,
                note_marks,
            });
        }
        Ok(hits)
    }
}

/// Deletes the index rows of one notes file.
fn delete_notes(
    transaction: &rusqlite::Transaction<'_>,
    fingerprint: &str,
) -> rusqlite::Result<()> {
    transaction.execute(
        "DELETE FROM highlight_text WHERE rowid IN (SELECT rowid FROM highlights WHERE fingerprint = ?1)",
        [fingerprint],
    )?;
    transaction.execute(
        "DELETE FROM highlights WHERE fingerprint = ?1",
        [fingerprint],
    )?;
    transaction.execute(
        "DELETE FROM note_files WHERE fingerprint = ?1",
        [fingerprint],
    )?;
    Ok(())
}

/// The notes files in `dir` by fingerprint (their name), with their
/// stamps; temporary files (named with a leading dot) and files moved
/// aside are not notes files. A folder that cannot be listed has none.
fn notes_files(dir: &Path) -> HashMap<String, FileStamp> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return HashMap::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let fingerprint = name.strip_suffix(".ron")?;
            if fingerprint.starts_with('.') || fingerprint.is_empty() {
                return None;
            }
            let metadata = entry.metadata().ok().filter(std::fs::Metadata::is_file)?;
            let modified_ns = metadata
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
            Some((
                fingerprint.to_owned(),
                FileStamp {
                    bytes: i64::try_from(metadata.len()).unwrap_or(i64::MAX),
                    modified_ns,
                },
            ))
        })
        .collect()
}

/// `marked` without FTS5's match marks, and the byte ranges they marked.
fn unmark(marked: &str) -> (String, Vec<Range<usize>>) {
    let mut text = String::with_capacity(marked.len());
    let mut marks = Vec::new();
    let mut open = None;
    for c in marked.chars() {
        match c {
            OPEN => open = Some(text.len()),
            CLOSE => {
                if let Some(start) = open.take() {
                    marks.push(start..text.len());
                }
            }
            _ => text.push(c),
        }
    }
    (text, marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_ranges() {
        let (text, marks) = unmark(&format!("a {OPEN}red{CLOSE} fox {OPEN}ran{CLOSE}"));
        assert_eq!(text, "a red fox ran");
        assert_eq!(marks, vec![2..5, 10..13]);
    }
}
