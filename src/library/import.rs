//! Adding files and folders to the library: finding the documents, loading
//! and analysing them on worker threads, and writing each in its own
//! transaction.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rusqlite::{Transaction, params};

use super::{Library, LibraryError, database_error, now_s, path_key};
use crate::analysis::{self, Analysis, AnalyzeOptions, Speaker};
use crate::annotations::store::{NotesOverview, Store};
use crate::annotations::{Dictionary, fingerprint};
use crate::document::{self, Document, LoadError};
use crate::span::{CharIndex, Span};

/// A chunk of text in the full-text table holds whole blocks up to about
/// this many bytes (a block longer than this is a chunk of its own).
pub const CHUNK_BYTES: usize = 4 * 1024;

/// The extensions of the files taken from a folder: those whose format
/// [`crate::document::Format::from_path`] names, and plain text's own.
const KNOWN_EXTENSIONS: [&str; 13] = [
    "txt", "text", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml", "shtml", "mhtml",
    "mht", "epub",
];

/// What [`Library::add`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AddReport {
    /// Files new to the library, sorted.
    pub added: Vec<PathBuf>,
    /// Files whose text changed since they were added, sorted.
    pub updated: Vec<PathBuf>,
    /// Files already in the library as they are.
    pub unchanged: usize,
    /// Documents dropped because their file is gone, sorted.
    pub removed: Vec<PathBuf>,
    /// Files that could not be read, each with the reason, sorted by path.
    pub failed: Vec<Failure>,
}

/// A file that could not be added.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    /// The file.
    pub path: PathBuf,
    /// Why, as a sentence that ends with the path.
    pub reason: String,
}

/// A file found on disk, with what tells whether it changed.
#[derive(Clone, Debug)]
struct Found {
    path: PathBuf,
    stamp: Stamp,
}

/// A file's size and modification time: when both are as stored, the file
/// is taken as unchanged without reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    bytes: i64,
    modified_ns: i64,
}

/// What the library holds about a file already in it.
struct Known {
    id: i64,
    fingerprint: String,
    stamp: Stamp,
    cast_key: String,
}

/// A document loaded and analysed, ready to be written.
struct Prepared {
    found: Found,
    document: Document,
    fingerprint: String,
    analysis: Analysis,
    cast_key: String,
}

/// The reader's corrections as the cast follows them: the notes store, the
/// personal dictionary and the dictionary file's bytes.
struct Corrections {
    notes: Store,
    /// Which documents have notes, read once: looking in the folder for
    /// each document doubled the import of a library with notes.
    overview: NotesOverview,
    dictionary: Dictionary,
    dictionary_bytes: Vec<u8>,
}

impl Corrections {
    fn read(notes: &Store) -> Self {
        // A dictionary that cannot be read counts as empty here; the window
        // and `dramatis export` tell the reader about it.
        let (dictionary, _problems) = notes.dictionary_read_only();
        Self {
            overview: notes.notes_overview(),
            dictionary_bytes: std::fs::read(notes.dictionary_path()).unwrap_or_default(),
            dictionary,
            notes: notes.clone(),
        }
    }

    /// What the cast of the text with this fingerprint was corrected by:
    /// a fingerprint of the dictionary and of the text's notes file. A
    /// document whose key changed is analysed again.
    fn key(&self, fingerprint_of_text: &str) -> String {
        let notes = if self.overview.fingerprints.contains(fingerprint_of_text) {
            std::fs::read(self.notes.annotations_path(fingerprint_of_text)).unwrap_or_default()
        } else {
            Vec::new()
        };
        let mut both = String::from_utf8_lossy(&self.dictionary_bytes).into_owned();
        both.push('\u{0}');
        both.push_str(&String::from_utf8_lossy(&notes));
        fingerprint(&both)
    }
}

impl Library {
    /// Adds `paths` to the library: files as they are, folders with every
    /// file of a known format inside them, recursively (hidden files and
    /// folders and links to folders are skipped).
    ///
    /// A file already in the library is read again only when its size or
    /// modification time changed, and rewritten only when its text did. A
    /// document whose file is gone from an added folder, or a named file
    /// that no longer exists, is dropped. A file that cannot be read is
    /// listed in [`AddReport::failed`] and the rest go on.
    ///
    /// Files are loaded and analysed on worker threads; each document is
    /// written in its own transaction. `progress` is called with the number
    /// of files done and the number to do.
    pub fn add<P: AsRef<Path>>(
        &mut self,
        paths: &[P],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<AddReport, LibraryError> {
        self.add_cancellable(paths, progress, &AtomicBool::new(false))
    }

    /// [`Library::add`] that stops early once `cancel` is set: the workers
    /// take no new file, the documents already read are written (each in
    /// its transaction, so the index stays consistent) and the files and
    /// folders are not remembered for the next start.
    pub fn add_cancellable<P: AsRef<Path>>(
        &mut self,
        paths: &[P],
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
    ) -> Result<AddReport, LibraryError> {
        let mut report = AddReport::default();
        let mut files: Vec<Found> = Vec::new();
        let mut folders: Vec<PathBuf> = Vec::new();
        let mut missing: Vec<PathBuf> = Vec::new();
        let mut files_and_folders: Vec<PathBuf> = Vec::new();
        for path in paths {
            let absolute = PathBuf::from(path_key(path.as_ref()));
            files_and_folders.push(absolute.clone());
            match std::fs::metadata(&absolute) {
                Ok(metadata) if metadata.is_dir() => {
                    walk(&absolute, &mut files, &mut report.failed);
                    folders.push(absolute);
                }
                Ok(metadata) => files.push(Found {
                    stamp: Stamp::of(&metadata),
                    path: absolute,
                }),
                Err(error) => {
                    if error.kind() == std::io::ErrorKind::NotFound {
                        missing.push(absolute.clone());
                    }
                    report.failed.push(Failure {
                        reason: LoadError::from_io(&absolute, error).to_string(),
                        path: absolute,
                    });
                }
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);

        let known = self.known()?;
        let corrections = Corrections::read(&self.notes);
        let found_paths: HashSet<String> = files
            .iter()
            .map(|f| f.path.to_string_lossy().into_owned())
            .collect();
        // Documents under an added folder whose file is gone, and named
        // files that no longer exist.
        let gone: Vec<(String, i64)> = known
            .iter()
            .filter(|(path, _)| {
                let path = Path::new(path.as_str());
                !found_paths.contains(path.to_string_lossy().as_ref())
                    && (folders.iter().any(|folder| path.starts_with(folder))
                        || missing.iter().any(|m| m == path))
            })
            .map(|(path, known)| (path.clone(), known.id))
            .collect();
        for (path, id) in gone {
            self.remove(id)?;
            report.removed.push(PathBuf::from(path));
        }

        let mut to_read: Vec<Found> = Vec::new();
        for found in files {
            match known.get(found.path.to_string_lossy().as_ref()) {
                Some(k)
                    if k.stamp == found.stamp && k.cast_key == corrections.key(&k.fingerprint) =>
                {
                    report.unchanged += 1;
                }
                _ => to_read.push(found),
            }
        }
        let total = to_read.len();
        progress(0, total);
        let queue = Mutex::new(to_read.into_iter());
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let mut outcome: Result<(), LibraryError> = Ok(());
        std::thread::scope(|scope| {
            let (sender, receiver) = mpsc::sync_channel::<Result<Prepared, Failure>>(workers * 2);
            for _ in 0..workers {
                let sender = sender.clone();
                let queue = &queue;
                let corrections = &corrections;
                std::thread::Builder::new()
                    .name("library import".to_owned())
                    .spawn_scoped(scope, move || {
                        loop {
                            if cancel.load(Ordering::Relaxed) {
                                break;
                            }
                            // A worker that panicked while holding the lock
                            // left only an iterator, which is still sound.
                            let next = queue.lock().unwrap_or_else(|p| p.into_inner()).next();
                            let Some(found) = next else { break };
                            if sender.send(prepare(found, corrections)).is_err() {
                                break;
                            }
                        }
                    })
                    .map_err(|error| {
                        // Without this worker the others still drain the
                        // queue; with none, the loop below ends at once.
                        eprintln!("dramatis: could not start an import thread ({error})");
                    })
                    .ok();
            }
            drop(sender);
            let mut done = 0;
            for prepared in receiver {
                done += 1;
                match prepared {
                    Err(failure) => {
                        // A file that no longer loads keeps no stale text
                        // in the index: the file is the truth.
                        let key = failure.path.to_string_lossy().into_owned();
                        if let Some(k) = known.get(&key) {
                            if let Err(error) = self.remove(k.id) {
                                outcome = Err(error);
                                break;
                            }
                            report.removed.push(failure.path.clone());
                        }
                        report.failed.push(failure);
                    }
                    Ok(prepared) => {
                        let key = prepared.found.path.to_string_lossy().into_owned();
                        let existing = known.get(&key);
                        if existing.is_some_and(|k| {
                            k.fingerprint == prepared.fingerprint && k.cast_key == prepared.cast_key
                        }) {
                            if let Err(error) = self.restamp(&key, prepared.found.stamp) {
                                outcome = Err(error);
                                break;
                            }
                            report.unchanged += 1;
                        } else {
                            if let Err(error) = self.write(&prepared) {
                                outcome = Err(error);
                                break;
                            }
                            let list = if existing.is_some() {
                                &mut report.updated
                            } else {
                                &mut report.added
                            };
                            list.push(prepared.found.path);
                        }
                    }
                }
                progress(done, total);
            }
        });
        outcome?;
        if !cancel.load(Ordering::Relaxed) {
            self.remember(&files_and_folders, &missing)?;
        }
        report.added.sort();
        report.updated.sort();
        report.removed.sort();
        report.failed.sort();
        Ok(report)
    }

    /// Adds `added` to the list of files and folders beside the database
    /// and takes `missing` off it.
    fn remember(&self, added: &[PathBuf], missing: &[PathBuf]) -> Result<(), LibraryError> {
        let mut listed = super::sources::read(&self.path);
        listed.extend(added.iter().cloned());
        listed.retain(|p| !missing.contains(p));
        super::sources::write(&self.path, &listed).map_err(|error| LibraryError::Sources {
            path: super::sources::path_for(&self.path),
            error,
        })
    }

    /// Every document's path with its id, fingerprint and file stamp.
    fn known(&self) -> Result<HashMap<String, Known>, LibraryError> {
        let mut statement = self
            .conn
            .prepare("SELECT path, id, fingerprint, file_bytes, file_modified_ns, cast_key FROM documents")
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    Known {
                        id: row.get(1)?,
                        fingerprint: row.get(2)?,
                        stamp: Stamp {
                            bytes: row.get(3)?,
                            modified_ns: row.get(4)?,
                        },
                        cast_key: row.get(5)?,
                    },
                ))
            })
            .map_err(|e| self.db_error(e))?;
        rows.collect::<Result<HashMap<_, _>, _>>()
            .map_err(|e| self.db_error(e))
    }

    /// Records a file's new stamp when its text is unchanged.
    fn restamp(&mut self, path: &str, stamp: Stamp) -> Result<(), LibraryError> {
        self.conn
            .execute(
                "UPDATE documents SET file_bytes = ?1, file_modified_ns = ?2 WHERE path = ?3",
                params![stamp.bytes, stamp.modified_ns, path],
            )
            .map_err(|e| self.db_error(e))?;
        Ok(())
    }

    /// Drops a document, its text and its entities, in one transaction.
    pub(super) fn remove(&mut self, id: i64) -> Result<(), LibraryError> {
        let path = self.path.clone();
        let db = database_error(&path);
        let transaction = self.conn.transaction().map_err(db)?;
        delete_text(&transaction, id).map_err(db)?;
        transaction
            .execute("DELETE FROM documents WHERE id = ?1", [id])
            .map_err(db)?;
        transaction.commit().map_err(db)
    }

    /// Writes a document, its text in chunks and its entities, replacing
    /// what the library held for its path, in one transaction.
    fn write(&mut self, prepared: &Prepared) -> Result<(), LibraryError> {
        let path = self.path.clone();
        let db = database_error(&path);
        let doc = &prepared.document;
        let key = prepared.found.path.to_string_lossy();
        let format = doc.format.name();
        let words = i64::try_from(doc.word_count()).unwrap_or(i64::MAX);
        let text_bytes = i64::try_from(doc.text.len()).unwrap_or(i64::MAX);
        let stamp = prepared.found.stamp;
        let transaction = self.conn.transaction().map_err(db)?;
        // One statement whether the file is new or known: the row keeps its
        // id and its added and opened times.
        let id: i64 = transaction
            .query_row(
                "INSERT INTO documents (path, fingerprint, title, format, text_bytes,
                 words, file_bytes, file_modified_ns, added_s, cast_key)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (path) DO UPDATE SET fingerprint = excluded.fingerprint,
                 title = excluded.title, format = excluded.format,
                 text_bytes = excluded.text_bytes, words = excluded.words,
                 file_bytes = excluded.file_bytes,
                 file_modified_ns = excluded.file_modified_ns, cast_key = excluded.cast_key
                 RETURNING id",
                params![
                    key,
                    prepared.fingerprint,
                    doc.title,
                    format,
                    text_bytes,
                    words,
                    stamp.bytes,
                    stamp.modified_ns,
                    now_s(),
                    prepared.cast_key
                ],
                |row| row.get(0),
            )
            .map_err(db)?;
        // What the library held for it, if anything (also when another
        // process added the file since this one looked).
        delete_text(&transaction, id).map_err(db)?;
        transaction
            .execute("DELETE FROM entities WHERE document_id = ?1", [id])
            .map_err(db)?;
        transaction
            .execute("DELETE FROM quotes WHERE document_id = ?1", [id])
            .map_err(db)?;
        // The byline and date columns (a later schema), set apart so the statements above stay those
        // of schema 1.
        transaction
            .execute(
                "UPDATE documents SET byline = ?2, published = ?3 WHERE id = ?1",
                params![id, doc.byline, doc.published],
            )
            .map_err(db)?;
        // Character offsets for all three, from one index of the text.
        let index = CharIndex::new(&doc.text);
        write_text(&transaction, id, doc, &index).map_err(db)?;
        write_entities(&transaction, id, &index, &prepared.analysis).map_err(db)?;
        write_quotes(&transaction, id, &doc.text, &index, &prepared.analysis).map_err(db)?;
        transaction.commit().map_err(db)
    }
}

/// Deletes a document's chunks from the full-text table and their offsets.
fn delete_text(transaction: &Transaction<'_>, id: i64) -> rusqlite::Result<()> {
    transaction.execute(
        "DELETE FROM chunks WHERE rowid IN (SELECT rowid FROM chunk_offsets WHERE document_id = ?1)",
        [id],
    )?;
    transaction.execute("DELETE FROM chunk_offsets WHERE document_id = ?1", [id])?;
    Ok(())
}

/// Writes a document's text as chunks of whole blocks.
fn write_text(
    transaction: &Transaction<'_>,
    id: i64,
    doc: &Document,
    index: &CharIndex,
) -> rusqlite::Result<()> {
    let mut offsets = transaction.prepare_cached(
        "INSERT INTO chunk_offsets (document_id, start_byte, start_char) VALUES (?1, ?2, ?3)",
    )?;
    let mut chunks =
        transaction.prepare_cached("INSERT INTO chunks (rowid, text) VALUES (?1, ?2)")?;
    for span in chunk_spans(doc) {
        let start_byte = i64::try_from(span.start).unwrap_or(i64::MAX);
        let start_char = i64::try_from(index.char_of_byte(span.start)).unwrap_or(i64::MAX);
        offsets.execute(params![id, start_byte, start_char])?;
        let rowid = transaction.last_insert_rowid();
        chunks.execute(params![rowid, span.text(&doc.text)])?;
    }
    Ok(())
}

/// The spans of a document's chunks: runs of whole blocks of up to
/// [`CHUNK_BYTES`], or the whole text for a document without blocks.
fn chunk_spans(doc: &Document) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for block in &doc.blocks {
        match spans.last_mut() {
            Some(last) if block.span.end - last.start <= CHUNK_BYTES => last.end = block.span.end,
            _ => spans.push(block.span),
        }
    }
    if spans.is_empty() && !doc.text.is_empty() {
        spans.push(Span::new(0, doc.text.len()));
    }
    spans
}

/// Writes a document's entities: one row per kind and display name, with
/// its mentions counted and its first mention's offsets.
fn write_entities(
    transaction: &Transaction<'_>,
    id: i64,
    index: &CharIndex,
    analysis: &Analysis,
) -> rusqlite::Result<()> {
    let mut cast: BTreeMap<(&'static str, String), (usize, usize)> = BTreeMap::new();
    for entity in &analysis.entities {
        let Some(first) = entity
            .mentions
            .iter()
            .filter_map(|&m| analysis.mentions.get(m))
            .map(|m| m.span.start)
            .min()
        else {
            continue;
        };
        let name = entity.name.split_whitespace().collect::<Vec<_>>().join(" ");
        let entry = cast
            .entry((entity.kind.json_name(), name))
            .or_insert((0, first));
        entry.0 += entity.mentions.len();
        entry.1 = entry.1.min(first);
    }
    let mut insert = transaction.prepare_cached(
        "INSERT INTO entities (document_id, kind, name, mentions, first_byte, first_char)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for ((kind, name), (mentions, first)) in cast {
        insert.execute(params![
            id,
            kind,
            name,
            i64::try_from(mentions).unwrap_or(i64::MAX),
            i64::try_from(first).unwrap_or(i64::MAX),
            i64::try_from(index.char_of_byte(first)).unwrap_or(i64::MAX),
        ])?;
    }
    Ok(())
}

/// Writes the quotations whose speaker is an entity of the document.
fn write_quotes(
    transaction: &Transaction<'_>,
    id: i64,
    text: &str,
    index: &CharIndex,
    analysis: &Analysis,
) -> rusqlite::Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO quotes (document_id, speaker_kind, speaker_name, start_char, end_char, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for quote in &analysis.quotes {
        let Speaker::Entity(speaker) = quote.speaker else {
            continue;
        };
        let Some(entity) = analysis.entities.get(speaker) else {
            continue;
        };
        let name = entity.name.split_whitespace().collect::<Vec<_>>().join(" ");
        let (start, end) = index.chars_of_span(quote.span);
        insert.execute(params![
            id,
            entity.kind.json_name(),
            name,
            i64::try_from(start).unwrap_or(i64::MAX),
            i64::try_from(end).unwrap_or(i64::MAX),
            quote.span.text(text),
        ])?;
    }
    Ok(())
}

/// Loads, fingerprints and analyses one file, and corrects its cast as
/// the reader corrected it (the personal dictionary, then the document's
/// own corrections from its notes).
fn prepare(found: Found, corrections: &Corrections) -> Result<Prepared, Failure> {
    let mut document = document::load(&found.path).map_err(|error| Failure {
        path: found.path.clone(),
        reason: error.to_string(),
    })?;
    let analysis =
        analysis::analyze_document(&mut document, &AnalyzeOptions::default(), &mut |_| {});
    let fingerprint = fingerprint(&document.text);
    let document_corrections = if corrections
        .overview
        .may_have_notes(&fingerprint, &found.path)
    {
        corrections
            .notes
            .open_read_only(&document.text, Some(&found.path), &document.title)
            .annotations
            .corrections
    } else {
        Vec::new()
    };
    let analysis = if document_corrections.is_empty() && corrections.dictionary.entries.is_empty() {
        analysis
    } else {
        crate::annotations::corrections::apply(
            &document.text,
            &analysis,
            &document_corrections,
            &corrections.dictionary,
        )
    };
    Ok(Prepared {
        cast_key: corrections.key(&fingerprint),
        fingerprint,
        found,
        document,
        analysis,
    })
}

/// Collects the files of known formats under `folder`, recursively, in no
/// particular order. Hidden entries and links to folders are skipped; a
/// folder that cannot be listed is a failure.
fn walk(folder: &Path, files: &mut Vec<Found>, failed: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => {
            failed.push(Failure {
                path: folder.to_owned(),
                reason: format!("could not list the folder ({error}): {}", folder.display()),
            });
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                failed.push(Failure {
                    path: folder.to_owned(),
                    reason: format!("could not list the folder ({error}): {}", folder.display()),
                });
                continue;
            }
        };
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&path, files, failed);
        } else if has_known_extension(&path) {
            match std::fs::metadata(&path) {
                Ok(metadata) if metadata.is_file() => files.push(Found {
                    stamp: Stamp::of(&metadata),
                    path,
                }),
                // A link to a folder, a pipe or a device: not a document.
                Ok(_) => {}
                Err(error) => failed.push(Failure {
                    reason: LoadError::from_io(&path, error).to_string(),
                    path,
                }),
            }
        }
    }
}

/// True for a file name whose extension is one Dramatis reads.
pub(super) fn has_known_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| KNOWN_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        let modified_ns = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX));
        Stamp {
            bytes: i64::try_from(metadata.len()).unwrap_or(i64::MAX),
            modified_ns,
        }
    }
}
