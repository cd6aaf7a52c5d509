//! The library: every document the reader keeps, in one SQLite database
//! beside the notes, searchable by its words and by its cast.
//!
//! The database (`library.sqlite3` in the data folder) holds three things:
//! the documents (path, text fingerprint, title, format, size, times), the
//! documents' text in an FTS5 full-text table, one row per chunk of a few
//! kilobytes with the chunk's offsets in the document, each document's
//! entities (kind, display name, mention count, first mention) and the
//! quotations attributed to them.
//!
//! The files stay the source of truth: the database is an index of them.
//! Re-adding a file brings its row up to date, a file gone from an added
//! folder is dropped. The files and folders added are listed in a text file
//! beside the database (`library.sqlite3.sources`): a database that is
//! missing is rebuilt from them, and one that cannot be read is moved aside
//! with a warning and rebuilt. Nothing in it is the only copy of anything
//! the reader wrote: the reader's choices of who is who across documents
//! (merges and splits, [`Library::merge_entity`], [`Library::split_entity`])
//! are kept in `identities.ron` in the data folder and copied into the
//! database, whose cast, entity pages and quotations follow them.
//!
//! Every write runs in a transaction, one document at a time, so a process
//! stopped in the middle of an import leaves each document either fully in
//! the index or not at all. The schema carries its version in SQLite's
//! `user_version` and [`migrate`] brings an older database up to date.

mod identities;
mod import;
mod merge_split;
mod notes_index;
mod search;
mod shelf;
mod sources;
pub mod watch;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};

use crate::annotations::store::{Store, StoreError};

pub use identities::{DocumentRef, Identities, IdentitiesError, Identity, IdentityChoice};
pub use import::{AddReport, Failure};
pub use notes_index::NoteHit;
pub use search::{Hit, SearchError};
pub use shelf::ShelfEntry;

/// The schema version this build writes; older databases are migrated.
pub const SCHEMA_VERSION: i64 = 3;

/// The database's file name in the data folder.
pub const FILE_NAME: &str = "library.sqlite3";

/// A failure to open or write the library. Messages name the file last.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// No data folder could be found.
    #[error(transparent)]
    NoDataDir(#[from] StoreError),
    /// The data folder could not be made.
    #[error("could not make the folder for the library ({error}): {}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The database was written by a newer build; it is left untouched.
    #[error(
        "the library was written by a newer Dramatis (schema {version}, this one reads up to {SCHEMA_VERSION}): {}",
        path.display()
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        version: i64,
    },
    /// SQLite failed.
    #[error("the library database failed ({error}): {}", path.display())]
    Database {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        error: rusqlite::Error,
    },
    /// The list of added files and folders could not be saved.
    #[error("could not save the list of the library's files and folders ({error}): {}", path.display())]
    Sources {
        /// The list's file.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// The reader's identity choices could not be read or saved.
    #[error(transparent)]
    Identities(#[from] IdentitiesError),
    /// A path named for a choice is not a document of the library.
    #[error("not in the library (add it first with dramatis add): {}", path.display())]
    NotInLibrary {
        /// The path, made absolute.
        path: PathBuf,
    },
    /// A document named for a split does not mention the entity.
    #[error("{name} is not in this document's cast: {}", path.display())]
    NotMentioned {
        /// The entity's name.
        name: String,
        /// The document.
        path: PathBuf,
    },
    /// An unreadable database is in the way and could not be moved aside.
    #[error(
        "an unreadable library database is in the way and could not be moved aside ({error}): {}",
        path.display()
    )]
    InTheWay {
        /// The database file.
        path: PathBuf,
        /// Why it could not be moved.
        error: std::io::Error,
    },
}

/// The library database, open.
pub struct Library {
    conn: Connection,
    path: PathBuf,
    /// The reader's notes beside the database, whose corrections and
    /// personal dictionary the cast follows.
    notes: Store,
    /// Sentences for the reader about what opening found and did (a corrupt
    /// database moved aside).
    pub warnings: Vec<String>,
}

/// One document in the library, as [`Library::documents`] lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentEntry {
    /// Its id in the database.
    pub id: i64,
    /// The file, as an absolute path.
    pub path: PathBuf,
    /// The fingerprint of its text ([`crate::annotations::fingerprint`]),
    /// which also names its notes file.
    pub fingerprint: String,
    /// Its title.
    pub title: String,
    /// Its format's name (`text`, `markdown`, `html`, `mhtml`, `epub`).
    pub format: String,
    /// The size of its text in bytes.
    pub text_bytes: u64,
    /// The number of words in its text.
    pub words: u64,
    /// When it was first added, in seconds since 1970.
    pub added_s: i64,
    /// When it was last opened in the reader, in seconds since 1970.
    pub opened_s: Option<i64>,
}

/// One member of the library's cast: an entity named alike in one or more
/// documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CastEntry {
    /// `person`, `place` or `organization`.
    pub kind: String,
    /// The display name.
    pub name: String,
    /// How many documents mention it.
    pub documents: u64,
    /// Its mentions in all of them.
    pub mentions: u64,
}

impl CastEntry {
    /// The entry of a row of `kind, name, documents, mentions`.
    pub(crate) fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<CastEntry> {
        Ok(CastEntry {
            kind: row.get(0)?,
            name: row.get(1)?,
            documents: unsigned(row, 2)?,
            mentions: unsigned(row, 3)?,
        })
    }
}

/// A quotation attributed to an entity, as [`Library::quotations`] lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quotation {
    /// The speaker's name in the library: the display name in the
    /// document, after the reader's merges and splits.
    pub speaker: String,
    /// The document's file.
    pub path: PathBuf,
    /// The document's title.
    pub title: String,
    /// The quotation's first character in the document's text (inside the
    /// quotation marks).
    pub start_char: usize,
    /// One past its last character.
    pub end_char: usize,
    /// The quoted words.
    pub text: String,
}

/// One document in which an entity appears, as [`Library::appearances`]
/// lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appearance {
    /// `person`, `place` or `organization`.
    pub kind: String,
    /// The display name.
    pub name: String,
    /// The document's file.
    pub path: PathBuf,
    /// The document's title.
    pub title: String,
    /// The entity's mentions in the document.
    pub mentions: u64,
    /// The first mention's first character in the document's text.
    pub first_char: usize,
    /// The text around the first mention, on one line.
    pub context: String,
}

impl Library {
    /// The library in the data folder of the notes ([`Store::default_location`],
    /// `$DRAMATIS_DATA_DIR` when set).
    pub fn open_default() -> Result<Library, LibraryError> {
        let store = Store::default_location()?;
        Self::open(&store.root().join(FILE_NAME))
    }

    /// Opens the database at `path`, making it (and its folder) if missing
    /// and migrating it to [`SCHEMA_VERSION`]. A file that is not a
    /// readable database is moved aside under a timestamped name, with a
    /// warning in [`Library::warnings`], and a fresh database is made. A
    /// fresh database (the old one unreadable, or lost) is filled again from
    /// the files and folders listed beside it, which can take as long as
    /// adding them did.
    pub fn open(path: &Path) -> Result<Library, LibraryError> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|error| LibraryError::Folder {
                path: folder.to_owned(),
                error,
            })?;
        }
        let existed = path.exists();
        match Self::open_as_is(path) {
            Ok(mut library) => {
                if !existed {
                    library.rebuild()?;
                }
                Ok(library)
            }
            Err(LibraryError::Database { error, .. }) if is_corrupt(&error) => {
                let aside = move_aside(path)?;
                let mut library = Self::open_as_is(path)?;
                library.warnings.push(format!(
                    "The library database could not be read ({error}); it was moved to {} and a new one was made: {}",
                    aside.display(),
                    path.display()
                ));
                library.rebuild()?;
                Ok(library)
            }
            Err(error) => Err(error),
        }
    }

    /// Adds again every file and folder of the list beside the database,
    /// saying so in [`Library::warnings`]; with no list, does nothing.
    fn rebuild(&mut self) -> Result<(), LibraryError> {
        let listed = sources::read(&self.path);
        if listed.is_empty() {
            return Ok(());
        }
        let report = self.add(&listed, &mut |_, _| {})?;
        let mut sentence = format!(
            "The library was rebuilt from the {} files and folders listed in {}: {} documents",
            listed.len(),
            sources::path_for(&self.path).display(),
            report.added.len()
        );
        if !report.failed.is_empty() {
            sentence.push_str(&format!(", {} could not be read", report.failed.len()));
        }
        sentence.push('.');
        self.warnings.push(sentence);
        Ok(())
    }

    /// Opens and migrates without repairing anything.
    fn open_as_is(path: &Path) -> Result<Library, LibraryError> {
        let db = database_error(path);
        let mut conn = Connection::open(path).map_err(db)?;
        // WAL lets a reader search while an import writes; NORMAL sync is
        // safe with WAL (a crash loses at most the last transactions, never
        // the database's consistency).
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(db)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(db)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(db)?;
        migrate(&mut conn, path)?;
        let folder = path.parent().unwrap_or(Path::new(""));
        let mut library = Library {
            conn,
            notes: Store::at(folder),
            path: path.to_owned(),
            warnings: Vec::new(),
        };
        library.sync_identities()?;
        Ok(library)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The files and folders the reader added, as listed beside the
    /// database: what a rescan adds again.
    pub fn sources(&self) -> Vec<PathBuf> {
        sources::read(&self.path)
    }

    /// The folder of the notes files the library indexes.
    pub fn notes_dir(&self) -> PathBuf {
        self.notes.annotations_dir()
    }

    /// The personal dictionary, whose rules correct every document's cast.
    pub fn dictionary_path(&self) -> PathBuf {
        self.notes.dictionary_path()
    }

    /// Wraps a SQLite error with the database's path.
    fn db_error(&self, error: rusqlite::Error) -> LibraryError {
        database_error(&self.path)(error)
    }

    /// Every document, sorted by title and then path.
    pub fn documents(&self) -> Result<Vec<DocumentEntry>, LibraryError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, path, fingerprint, title, format, text_bytes, words, added_s, opened_s
                 FROM documents ORDER BY title COLLATE NOCASE, path",
            )
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok(DocumentEntry {
                    id: row.get(0)?,
                    path: PathBuf::from(row.get::<_, String>(1)?),
                    fingerprint: row.get(2)?,
                    title: row.get(3)?,
                    format: row.get(4)?,
                    text_bytes: unsigned(row, 5)?,
                    words: unsigned(row, 6)?,
                    added_s: row.get(7)?,
                    opened_s: row.get(8)?,
                })
            })
            .map_err(|e| self.db_error(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.db_error(e))
    }

    /// The library's cast: entities grouped by kind and display name after
    /// the reader's merges and splits ([`Library::merge_entity`],
    /// [`Library::split_entity`]), the most widespread first (most
    /// documents, then most mentions, then by name).
    pub fn cast(&self) -> Result<Vec<CastEntry>, LibraryError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT kind, name, COUNT(DISTINCT document_id), SUM(mentions)
                 FROM entity_identities GROUP BY kind, name
                 ORDER BY 3 DESC, 4 DESC, name, kind",
            )
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([], CastEntry::from_row)
            .map_err(|e| self.db_error(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.db_error(e))
    }

    /// Every document in which an entity named `name` (in any case, of any
    /// kind) appears, the one with the most mentions first, each with its
    /// first mention in context. Names are the library's, after the
    /// reader's merges and splits; a name merged into another stands for
    /// that one.
    pub fn appearances(&self, name: &str) -> Result<Vec<Appearance>, LibraryError> {
        let name = self.library_name(name)?;
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT e.kind, e.name, d.path, d.title, SUM(e.mentions), MIN(e.first_byte),
                        e.first_char, d.id
                 FROM entity_identities e JOIN documents d ON d.id = e.document_id
                 WHERE e.name = ?1 COLLATE NOCASE
                 GROUP BY d.id, e.kind
                 ORDER BY 5 DESC, d.title COLLATE NOCASE, d.path, e.kind",
            )
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([&name], |row| {
                Ok((
                    Appearance {
                        kind: row.get(0)?,
                        name: row.get(1)?,
                        path: PathBuf::from(row.get::<_, String>(2)?),
                        title: row.get(3)?,
                        mentions: unsigned(row, 4)?,
                        first_char: unsigned(row, 6)?,
                        context: String::new(),
                    },
                    unsigned::<usize>(row, 5)?,
                    row.get::<_, i64>(7)?,
                ))
            })
            .map_err(|e| self.db_error(e))?;
        let found = rows
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.db_error(e))?;
        let mut chunk = self
            .conn
            .prepare_cached(
                "SELECT c.text, o.start_byte FROM chunk_offsets o JOIN chunks c ON c.rowid = o.rowid
                 WHERE o.document_id = ?1 AND o.start_byte <= ?2
                 ORDER BY o.start_byte DESC LIMIT 1",
            )
            .map_err(|e| self.db_error(e))?;
        let mut appearances = Vec::with_capacity(found.len());
        for (mut appearance, first_byte, document) in found {
            let first = i64::try_from(first_byte).unwrap_or(i64::MAX);
            let placed = chunk
                .query_row(rusqlite::params![document, first], |row| {
                    Ok((row.get::<_, String>(0)?, unsigned::<usize>(row, 1)?))
                })
                .optional()
                .map_err(|e| self.db_error(e))?;
            if let Some((text, start)) = placed {
                let at = first_byte.saturating_sub(start);
                // The mention runs to the end of its word.
                let end = text
                    .get(at..)
                    .and_then(|rest| rest.find(char::is_whitespace))
                    .map_or(text.len(), |i| at + i);
                if text.get(at..end).is_some() {
                    appearance.context = search::snippet(&text, crate::span::Span::new(at, end));
                }
            }
            appearances.push(appearance);
        }
        Ok(appearances)
    }

    /// Every quotation the library attributes to a speaker named `name` (in
    /// any case), by document title and then position. Names are the
    /// library's, after the reader's merges and splits, as in
    /// [`Library::appearances`].
    pub fn quotations(&self, name: &str) -> Result<Vec<Quotation>, LibraryError> {
        let name = self.library_name(name)?;
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT q.speaker_name, d.path, d.title, q.start_char, q.end_char, q.text
                 FROM quote_identities q JOIN documents d ON d.id = q.document_id
                 WHERE q.speaker_name = ?1 COLLATE NOCASE
                 ORDER BY d.title COLLATE NOCASE, d.path, q.start_char",
            )
            .map_err(|e| self.db_error(e))?;
        let rows = statement
            .query_map([&name], |row| {
                Ok(Quotation {
                    speaker: row.get(0)?,
                    path: PathBuf::from(row.get::<_, String>(1)?),
                    title: row.get(2)?,
                    start_char: unsigned(row, 3)?,
                    end_char: unsigned(row, 4)?,
                    text: row.get(5)?,
                })
            })
            .map_err(|e| self.db_error(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.db_error(e))
    }

    /// Notes that the document at `path` was opened now, if it is in the
    /// library; returns whether it was.
    pub fn mark_opened(&mut self, path: &Path) -> Result<bool, LibraryError> {
        let changed = self
            .conn
            .execute(
                "UPDATE documents SET opened_s = ?1 WHERE path = ?2",
                rusqlite::params![now_s(), path_key(path)],
            )
            .map_err(|e| self.db_error(e))?;
        Ok(changed > 0)
    }
}

/// Turns a database error into the library's, naming the database at
/// `path`; for `map_err` where `self` is borrowed (by a transaction).
pub(crate) fn database_error(path: &Path) -> impl Fn(rusqlite::Error) -> LibraryError + Copy + '_ {
    move |error| LibraryError::Database {
        path: path.to_owned(),
        error,
    }
}

/// Brings the database at `path` to [`SCHEMA_VERSION`], one version at a
/// time, each step in its own transaction with the version it reaches.
/// A database of a newer version is refused and left as it is.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<(), LibraryError> {
    let db = database_error(path);
    // Reading the version is the first read of the file: a file that is not
    // a database fails here.
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(db)?;
    if version > SCHEMA_VERSION {
        return Err(LibraryError::TooNew {
            path: path.to_owned(),
            version,
        });
    }
    let done = usize::try_from(version).unwrap_or(0);
    for (step, sql) in (1..).zip(MIGRATIONS).skip(done) {
        let transaction = conn.transaction().map_err(db)?;
        transaction.execute_batch(sql).map_err(db)?;
        transaction
            .pragma_update(None, "user_version", step)
            .map_err(db)?;
        transaction.commit().map_err(db)?;
    }
    Ok(())
}

/// The steps from each version to the next: the first makes schema 1 in an
/// empty database. A new version adds its step here and bumps
/// [`SCHEMA_VERSION`].
const MIGRATIONS: [&str; 3] = [
    SCHEMA_1,
    identities::SCHEMA_IDENTITIES,
    notes_index::SCHEMA_3,
];

/// The first schema.
///
/// `chunks` is the FTS5 table of the text; a chunk's row in
/// `chunk_offsets` has the same rowid and says which document it is from
/// and where in it the chunk starts, in bytes and in characters (so a hit
/// is placed without reading the file).
const SCHEMA_1: &str = "
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    title TEXT NOT NULL,
    format TEXT NOT NULL,
    text_bytes INTEGER NOT NULL,
    words INTEGER NOT NULL,
    file_bytes INTEGER NOT NULL,
    file_modified_ns INTEGER NOT NULL,
    cast_key TEXT NOT NULL,
    added_s INTEGER NOT NULL,
    opened_s INTEGER
);
CREATE INDEX documents_fingerprint ON documents(fingerprint);
CREATE TABLE chunk_offsets (
    rowid INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start_byte INTEGER NOT NULL,
    start_char INTEGER NOT NULL
);
CREATE INDEX chunk_offsets_document ON chunk_offsets(document_id);
CREATE VIRTUAL TABLE chunks USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE entities (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    first_byte INTEGER NOT NULL,
    first_char INTEGER NOT NULL
);
CREATE INDEX entities_name ON entities(kind, name);
CREATE INDEX entities_document ON entities(document_id);
CREATE TABLE quotes (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    speaker_kind TEXT NOT NULL,
    speaker_name TEXT NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX quotes_speaker ON quotes(speaker_name);
CREATE INDEX quotes_document ON quotes(document_id);
";

/// True for the errors of a file that is not a database or a damaged one.
fn is_corrupt(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
}

/// Moves an unreadable database (and its write-ahead log) aside under a
/// timestamped name; returns the new name.
fn move_aside(path: &Path) -> Result<PathBuf, LibraryError> {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S%.3fZ");
    let mut aside = path.as_os_str().to_owned();
    aside.push(format!(".unreadable-{stamp}"));
    let aside = PathBuf::from(aside);
    std::fs::rename(path, &aside).map_err(|error| LibraryError::InTheWay {
        path: path.to_owned(),
        error,
    })?;
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let mut side_aside = aside.as_os_str().to_owned();
        side_aside.push(suffix);
        // A log that is missing is the usual case; one that cannot be moved
        // would be replayed into the fresh database by nothing (SQLite
        // ignores a log whose header does not match), so either is fine.
        let _ = std::fs::rename(PathBuf::from(side), PathBuf::from(side_aside));
    }
    Ok(aside)
}

/// A count or offset stored as SQLite's signed integer; a negative one,
/// which this code never writes, reads as 0.
fn unsigned<T: TryFrom<i64> + Default>(
    row: &rusqlite::Row<'_>,
    column: usize,
) -> rusqlite::Result<T> {
    Ok(T::try_from(row.get::<_, i64>(column)?).unwrap_or_default())
}

/// Seconds since 1970, now.
fn now_s() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// How a path is written in the database: absolute when it can be made so.
fn path_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_owned())
        .to_string_lossy()
        .into_owned()
}
