//! One versioned RON file of annotations per document, and the personal
//! dictionary beside them.
//!
//! Files live under a root folder: `annotations/<fingerprint>.ron` for each
//! document and `dictionary.ron`. Every write is atomic (temporary file,
//! fsync, rename, fsync of the folder), so a crash leaves either the old file
//! or the new one, never half of one. A file that cannot be read is moved
//! aside under a timestamped name and reported; it is never overwritten.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::anchor::{self, Reanchored};
use super::merge::{self, Base};
use super::{
    Annotations, Correction, Dictionary, FORMAT_VERSION, fingerprint, index, unknown_fields,
};
use crate::span::CharIndex;

/// Where the reader's notes are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    root: PathBuf,
}

/// What [`Store::open`] found for a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    /// The document's annotations (empty when there were none).
    pub annotations: Annotations,
    /// Sentences for the reader about files that could not be used.
    pub problems: Vec<String>,
    /// Set when the notes were written for another version of the text and
    /// their highlights were found again in this one.
    pub reanchored: Option<Reanchored>,
    /// The old notes file that the next save replaces (removes once the new
    /// file is safely written).
    pub replaces: Option<PathBuf>,
    /// What was read from the document's notes file, for
    /// [`Store::save_merged`] to tell changes made here from changes made
    /// elsewhere since. Empty when the notes came from elsewhere.
    pub base: Base,
}

/// A failure to read or write the reader's notes. Messages name the file last.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No data folder could be found.
    #[error("no folder for Dramatis's data could be found; set DRAMATIS_DATA_DIR to choose one")]
    NoDataDir,
    /// A file could not be read.
    #[error("could not read the notes file ({error}): {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why. Named so that it is shown once, in the message, and not
        /// again as the error's source.
        error: io::Error,
    },
    /// A file is not in the format.
    #[error("the notes file could not be understood ({message}): {}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// A file was written by a newer build.
    #[error(
        "the notes file was written by a newer Dramatis (format {version}, this one reads up to {FORMAT_VERSION}): {}",
        path.display()
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// Its format version.
        version: u32,
    },
    /// The notes could not be turned into RON.
    #[error("could not encode the notes ({message}): {}", path.display())]
    Encode {
        /// The file they were meant for.
        path: PathBuf,
        /// The encoder's message.
        message: String,
    },
    /// A file could not be written.
    #[error("could not save the notes ({error}): {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
    /// The data folder, or the notes folder in it, is a file (or a pipe or
    /// device) or lies inside one, so nothing can be read from it or saved
    /// in it.
    #[error("the folder for Dramatis's notes is a file, or inside one, not a folder: {}", path.display())]
    NotAFolder {
        /// What should be a folder.
        path: PathBuf,
    },
    /// An unreadable file is where the notes go and could not be moved aside.
    #[error(
        "an unreadable notes file is in the way and could not be moved aside ({error}): {}",
        path.display()
    )]
    InTheWay {
        /// The file.
        path: PathBuf,
        /// Why it could not be moved.
        error: io::Error,
    },
    /// Another writer held the notes file's lock for too long.
    #[error(
        "the notes could not be saved because another Dramatis has been saving them for {}s; the next change tries again: {}",
        LOCK_WAIT.as_secs(),
        path.display()
    )]
    Locked {
        /// The notes file.
        path: PathBuf,
    },
    /// The new notes were saved but the old file they replace could not be removed.
    #[error("the notes were saved, but the old notes file could not be removed ({error}): {}", path.display())]
    RemoveOld {
        /// The old file.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
}

/// A step of [`write_atomic_with`], announced before it is taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WriteStep {
    /// Creating the temporary file beside the target.
    CreateTemp,
    /// Writing the bytes to it.
    Write,
    /// Flushing it to disk.
    Sync,
    /// Renaming it over the target.
    Rename,
    /// Flushing the folder, so the rename itself is durable.
    SyncDir,
}

/// Writes `bytes` to `path` atomically: a crash or error leaves either the
/// old file or the new one, complete.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, &mut |_| Ok(()))
}

/// [`write_atomic`] that calls `fail` before each step; an error it returns
/// fails that step (tests use it to stand in for a full disk or a crash).
///
/// Any failure up to and including the rename removes the temporary file
/// and leaves the target untouched. A failure of the last step (flushing the
/// folder) is reported, but the target already holds the new bytes.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    fail: &mut dyn FnMut(WriteStep) -> io::Result<()>,
) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let temp = dir.join(format!(
        ".{}.tmp-{}-{}",
        name.to_string_lossy(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    fail(WriteStep::CreateTemp)?;
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)?;
    let written = (|| {
        let mut file = file;
        fail(WriteStep::Write)?;
        file.write_all(bytes)?;
        fail(WriteStep::Sync)?;
        file.sync_all()?;
        drop(file);
        fail(WriteStep::Rename)?;
        fs::rename(&temp, path)
    })();
    if let Err(error) = written {
        // The first error is the one worth reporting; a temporary file that
        // cannot be removed either is harmless beside it.
        let _ = fs::remove_file(&temp);
        return Err(error);
    }
    fail(WriteStep::SyncDir)?;
    sync_dir(&dir)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Folders cannot be opened for syncing here; the rename is already
    // durable on these file systems once it returns.
    Ok(())
}

/// Why a file could not be used.
enum Unreadable {
    /// It is not there.
    Missing,
    /// It could not be read or parsed.
    Broken(String),
    /// A newer build wrote it.
    TooNew(u32),
}

/// Only the version of a file, read before the rest so that a newer format
/// is recognised even when this build cannot parse it.
#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

/// The largest notes or dictionary file read (256 MiB, as large as the
/// largest document, whose text a notes file may quote).
pub const MAX_NOTES_BYTES: u64 = 256 * 1024 * 1024;

/// Reads and parses a notes or dictionary file. Only a regular file is
/// opened: a pipe named `*.ron` would block every open of a document.
fn read_versioned<T: DeserializeOwned>(path: &Path) -> Result<T, Unreadable> {
    read_with_source(path).map(|(value, _)| value)
}

/// [`read_versioned`], also returning the file's text.
fn read_with_source<T: DeserializeOwned>(path: &Path) -> Result<(T, String), Unreadable> {
    let source = match crate::files::read_regular_to_string(path, MAX_NOTES_BYTES) {
        Ok(source) => source,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(Unreadable::Missing),
        Err(error) => return Err(Unreadable::Broken(error.to_string())),
    };
    parse_versioned(&source).map(|value| (value, source))
}

/// Parses a notes or dictionary file's text, telling a newer format apart.
fn parse_versioned<T: DeserializeOwned>(source: &str) -> Result<T, Unreadable> {
    if let Ok(VersionOnly { version }) = ron::from_str::<VersionOnly>(source)
        && version > FORMAT_VERSION
    {
        return Err(Unreadable::TooNew(version));
    }
    ron::from_str(source).map_err(|error| Unreadable::Broken(error.to_string()))
}

fn encode<T: serde::Serialize>(value: &T, path: &Path) -> Result<String, StoreError> {
    let mut out =
        ron::ser::to_string_pretty(value, ron::ser::PrettyConfig::new()).map_err(|error| {
            StoreError::Encode {
                path: path.to_owned(),
                message: error.to_string(),
            }
        })?;
    out.push('\n');
    Ok(out)
}

/// Writes `value` as RON to `path` atomically, making its folder `dir` first.
fn write_encoded<T: serde::Serialize>(
    dir: &Path,
    path: &Path,
    value: &T,
) -> Result<(), StoreError> {
    fs::create_dir_all(dir).map_err(|error| StoreError::Write {
        path: dir.to_owned(),
        error,
    })?;
    let bytes = encode(value, path)?;
    write_atomic(path, bytes.as_bytes()).map_err(|error| StoreError::Write {
        path: path.to_owned(),
        error,
    })
}

/// Moves an unusable file aside to `<name>.<label>-<timestamp>` and returns
/// the new path.
fn move_aside(path: &Path, label: &str) -> io::Result<PathBuf> {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%S").to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut aside = path.with_file_name(format!("{name}.{label}-{stamp}"));
    let mut n = 2;
    while aside.exists() {
        aside = path.with_file_name(format!("{name}.{label}-{stamp}-{n}"));
        n += 1;
    }
    fs::rename(path, &aside)?;
    Ok(aside)
}

/// Tells the reader that a notes file holds fields this build does not
/// show, and, when notes may be saved, where the file is kept whole.
fn unknown_fields_sentence(
    target: &Path,
    source: &str,
    unknown: &[String],
    access: Access,
) -> String {
    let said = format!(
        "Your notes file {} holds fields this Dramatis does not know ({}); they are not shown",
        target.display(),
        unknown_fields::named(unknown)
    );
    match access {
        Access::ReadOnly => format!("{said}."),
        Access::ReadWrite => format!(
            "{said}, and the file is copied whole to {} before your notes are next saved.",
            unknown_fields::copy_path(target, source).display()
        ),
    }
}

/// Whether reading notes may change files in the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    /// The notes will be saved: an unusable file in the way is moved aside.
    ReadWrite,
    /// Nothing is saved (an export): every file is left as it is.
    ReadOnly,
}

/// Moves an unusable file aside, unless `access` is read-only, and says so
/// in a sentence for the reader.
fn set_aside(path: &Path, why: Unreadable, what: &str, access: Access) -> Option<String> {
    let (label, reason) = match why {
        Unreadable::Missing => return None,
        Unreadable::Broken(message) => ("corrupt", format!("could not be read ({message})")),
        Unreadable::TooNew(version) => (
            "newer",
            format!(
                "was written by a newer Dramatis (format {version}; this one reads up to {FORMAT_VERSION})"
            ),
        ),
    };
    if access == Access::ReadOnly {
        return Some(format!(
            "{what} {} {reason}; it was left as it is, and nothing from it is included.",
            path.display()
        ));
    }
    Some(match move_aside(path, label) {
        Ok(aside) => format!(
            "{what} {} {reason}; it was moved aside to {} and nothing was overwritten.",
            path.display(),
            aside.display()
        ),
        Err(error) => format!(
            "{what} {} {reason}, and it could not be moved aside ({error}); it is left as it is and will not be overwritten.",
            path.display()
        ),
    })
}

impl Store {
    /// A store under `root`.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The store in `$DRAMATIS_DATA_DIR` when set, else in the platform's
    /// data folder for Dramatis.
    pub fn default_location() -> Result<Store, StoreError> {
        if let Some(dir) = std::env::var_os("DRAMATIS_DATA_DIR").filter(|d| !d.is_empty()) {
            return Ok(Self::at(dir));
        }
        directories::ProjectDirs::from("", "", "Dramatis")
            .map(|dirs| Self::at(dirs.data_dir()))
            .ok_or(StoreError::NoDataDir)
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder of per-document notes files.
    pub fn annotations_dir(&self) -> PathBuf {
        self.root.join("annotations")
    }

    /// The notes file for the text with this fingerprint.
    pub fn annotations_path(&self, fingerprint: &str) -> PathBuf {
        self.annotations_dir().join(format!("{fingerprint}.ron"))
    }

    /// Fails when the data folder or its notes folder exists but is not a
    /// folder, so that the reader is told that, and not that some notes
    /// file inside a file is unreadable.
    fn check_folders(&self) -> Result<(), StoreError> {
        for dir in [self.root.clone(), self.annotations_dir()] {
            let not_a_folder = match fs::metadata(&dir) {
                Ok(metadata) => !metadata.is_dir(),
                Err(error) => error.kind() == io::ErrorKind::NotADirectory,
            };
            if not_a_folder {
                return Err(StoreError::NotAFolder { path: dir });
            }
        }
        Ok(())
    }

    /// The index of which notes file names which document path: a cache,
    /// checked against the notes folder on every use, so finding notes by
    /// path does not parse every notes file.
    pub fn index_path(&self) -> PathBuf {
        self.root.join("notes-index.ron")
    }

    /// Which documents have notes, from one look at the notes folder: for
    /// a reader of many documents at once (the library's import), so that
    /// a document without notes costs no look at the folder of its own.
    /// Saves nothing.
    pub fn notes_overview(&self) -> NotesOverview {
        let mut overview = NotesOverview::default();
        for (file, path) in index::all_files(&self.annotations_dir(), &self.index_path(), false) {
            if let Some(fingerprint) = file.strip_suffix(".ron") {
                overview.fingerprints.insert(fingerprint.to_owned());
            }
            if let Some(path) = path {
                overview.paths.insert(path);
            }
        }
        overview
    }

    /// The personal dictionary's file.
    pub fn dictionary_path(&self) -> PathBuf {
        self.root.join("dictionary.ron")
    }

    /// The notes for `text`: from the file named by its fingerprint; else
    /// from a notes file of the same `path` (the file was edited), found
    /// again in the new text; else empty. Never fails: unusable files are
    /// moved aside and reported in [`Opened::problems`].
    ///
    /// The notes file is found by its name: a fingerprint written inside it
    /// that differs (a file copied or edited by hand) is replaced by the
    /// text's, so that saves go back to the file the notes came from.
    pub fn open(&self, text: &str, path: Option<&Path>, title: &str) -> Opened {
        self.open_with(text, path, title, Access::ReadWrite)
    }

    /// [`Store::open`] for a reader that saves nothing (an export): a file
    /// that cannot be used is reported but left where it is, so that a
    /// newer Dramatis still finds its notes.
    pub fn open_read_only(&self, text: &str, path: Option<&Path>, title: &str) -> Opened {
        self.open_with(text, path, title, Access::ReadOnly)
    }

    fn open_with(&self, text: &str, path: Option<&Path>, title: &str, access: Access) -> Opened {
        let mut problems = Vec::new();
        if let Err(error) = self.check_folders() {
            return Opened {
                annotations: Annotations::new(text, path.map(Path::to_owned), title),
                problems: vec![format!("Your notes cannot be kept: {error}")],
                reanchored: None,
                replaces: None,
                base: Base::default(),
            };
        }
        let text_fingerprint = fingerprint(text);
        let target = self.annotations_path(&text_fingerprint);
        match read_with_source::<Annotations>(&target) {
            Ok((mut annotations, source)) => {
                let unknown = unknown_fields_in(&source, &annotations, &target);
                if !unknown.is_empty() {
                    problems.push(unknown_fields_sentence(&target, &source, &unknown, access));
                }
                annotations.fingerprint = text_fingerprint;
                if let Some(path) = path {
                    annotations.path = Some(path.to_owned());
                }
                annotations.title = title.to_owned();
                let base = Base::of(&annotations);
                let reanchored = repair_spans(&mut annotations, text);
                return Opened {
                    annotations,
                    problems,
                    reanchored,
                    replaces: None,
                    base,
                };
            }
            Err(why) => problems.extend(set_aside(&target, why, "Your notes file", access)),
        }
        if let Some(path) = path
            && let Some((old_file, old)) = self.find_by_path(path, access)
        {
            let (annotations, reanchored, lost) = rebase(old, text, Some(path), title);
            problems.extend(lost);
            return Opened {
                annotations,
                problems,
                reanchored: Some(reanchored),
                replaces: Some(old_file),
                base: Base::default(),
            };
        }
        Opened {
            annotations: Annotations::new(text, path.map(Path::to_owned), title),
            problems,
            reanchored: None,
            replaces: None,
            base: Base::default(),
        }
    }

    /// The notes in `notes_file` (chosen by the reader for a moved or
    /// renamed document), found again in `text`.
    ///
    /// When the file is one of this store's, the next save replaces it. Notes
    /// already kept for `text` are moved aside first, so nothing is lost.
    pub fn open_file(
        &self,
        notes_file: &Path,
        text: &str,
        path: Option<&Path>,
        title: &str,
    ) -> Result<Opened, StoreError> {
        self.check_folders()?;
        let old: Annotations = read_versioned(notes_file).map_err(|why| match why {
            Unreadable::Missing => StoreError::Read {
                path: notes_file.to_owned(),
                error: io::Error::from(io::ErrorKind::NotFound),
            },
            Unreadable::Broken(message) => StoreError::Parse {
                path: notes_file.to_owned(),
                message,
            },
            Unreadable::TooNew(version) => StoreError::TooNew {
                path: notes_file.to_owned(),
                version,
            },
        })?;
        let target = self.annotations_path(&fingerprint(text));
        let same_file = same_file(notes_file, &target);
        let mut problems = Vec::new();
        if !same_file && target.exists() {
            let aside = move_aside(&target, "replaced").map_err(|error| StoreError::InTheWay {
                path: target.clone(),
                error,
            })?;
            problems.push(format!(
                "Notes already kept for this document in {} were moved aside to {}.",
                target.display(),
                aside.display()
            ));
        }
        let ours = notes_file
            .parent()
            .is_some_and(|dir| same_file_or_dir(dir, &self.annotations_dir()));
        let (annotations, reanchored, lost) = rebase(old, text, path, title);
        problems.extend(lost);
        Ok(Opened {
            annotations,
            problems,
            reanchored: Some(reanchored),
            replaces: (ours && !same_file).then(|| notes_file.to_owned()),
            base: Base::default(),
        })
    }

    /// Removes temporary files that an interrupted write left behind (a
    /// crash between creating and renaming one), once they are older than
    /// `age`, so that a write still under way in another window is left
    /// alone. They are never read; this only keeps the folder tidy.
    /// Returns how many were removed.
    pub fn sweep_leftovers(&self, age: std::time::Duration) -> usize {
        let now = std::time::SystemTime::now();
        let mut removed = 0;
        for dir in [self.root.clone(), self.annotations_dir()] {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                if !(name.starts_with('.') && name.contains(".ron.tmp-")) {
                    continue;
                }
                let old = entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| now.duration_since(t).is_ok_and(|d| d >= age));
                if old && fs::remove_file(entry.path()).is_ok() {
                    removed += 1;
                }
            }
        }
        removed
    }

    /// The newest notes file (by modification time) whose `path` is `path`,
    /// among those that parse. The index ([`index`]) names the candidates,
    /// so only they are parsed; each is checked before it is used.
    fn find_by_path(&self, path: &Path, access: Access) -> Option<(PathBuf, Annotations)> {
        let candidates = index::files_for_path(
            &self.annotations_dir(),
            &self.index_path(),
            path,
            access == Access::ReadWrite,
        );
        candidates.into_iter().find_map(|file| {
            let annotations = read_versioned::<Annotations>(&file).ok()?;
            (annotations.path.as_deref() == Some(path)).then_some((file, annotations))
        })
    }

    /// Saves a document's notes to the file named by their fingerprint.
    pub fn save(&self, annotations: &Annotations) -> Result<PathBuf, StoreError> {
        self.save_replacing(annotations, None)
    }

    /// Saves a document's notes and then removes `replaces`, the file they
    /// were read from under another fingerprint. Empty notes with no file
    /// yet write nothing.
    pub fn save_replacing(
        &self,
        annotations: &Annotations,
        replaces: Option<&Path>,
    ) -> Result<PathBuf, StoreError> {
        self.check_folders()?;
        let target = self.annotations_path(&annotations.fingerprint);
        let replaces = replaces.filter(|old| !same_file(old, &target));
        if annotations.is_empty() && !target.exists() {
            if let Some(old) = replaces {
                remove_old(old)?;
            }
            return Ok(target);
        }
        clear_the_way::<Annotations>(&target)?;
        if let Ok((theirs, source)) = read_with_source::<Annotations>(&target) {
            keep_unknown_fields(&target, &source, &theirs)?;
        }
        let mut annotations = annotations.clone();
        annotations.version = FORMAT_VERSION;
        write_encoded(&self.annotations_dir(), &target, &annotations)?;
        if let Some(old) = replaces {
            remove_old(old)?;
        }
        Ok(target)
    }

    /// Saves a writer's notes without losing what others wrote since it
    /// read them: under the notes file's lock, reads the file again, merges
    /// (see [`merge`]) and writes the result, then removes
    /// `replaces`. `base` is what this writer read ([`Opened::base`], or the
    /// [`Saved::annotations`] of its last save). Returns what is now in the
    /// file, which the writer takes as its new base.
    pub fn save_merged(
        &self,
        base: &Base,
        ours: &Annotations,
        replaces: Option<&Path>,
    ) -> Result<Saved, StoreError> {
        self.check_folders()?;
        let target = self.annotations_path(&ours.fingerprint);
        let replaces = replaces.filter(|old| !same_file(old, &target));
        let dir = self.annotations_dir();
        fs::create_dir_all(&dir).map_err(|error| StoreError::Write {
            path: dir.clone(),
            error,
        })?;
        let _lock = lock(&target)?;
        let mut annotations = match read_with_source::<Annotations>(&target) {
            Ok((theirs, source)) => {
                keep_unknown_fields(&target, &source, &theirs)?;
                merge::merge(base, ours, &theirs)
            }
            Err(Unreadable::Missing) => ours.clone(),
            Err(_) => {
                clear_the_way::<Annotations>(&target)?;
                ours.clone()
            }
        };
        annotations.version = FORMAT_VERSION;
        if !annotations.is_empty() || target.exists() {
            write_encoded(&dir, &target, &annotations)?;
            // A command-line run killed mid-write leaves its temporary file;
            // the next one to write tidies up.
            self.sweep_leftovers(LEFTOVER_AGE);
        }
        if let Some(old) = replaces {
            remove_old(old)?;
        }
        Ok(Saved {
            stamp: Stamp::of(&target),
            path: target,
            annotations,
        })
    }

    /// The notes in the document's file as they are now, for a window to
    /// merge changes made elsewhere; `None` when there is no file or it
    /// cannot be read (the next save deals with that).
    pub fn reread(&self, fingerprint: &str) -> Option<Saved> {
        let path = self.annotations_path(fingerprint);
        // Stamp first: a write after it is seen again on the next poll.
        let stamp = Stamp::of(&path);
        let mut annotations = read_versioned::<Annotations>(&path).ok()?;
        // Named by the file, as in `open`.
        fingerprint.clone_into(&mut annotations.fingerprint);
        Some(Saved {
            path,
            annotations,
            stamp,
        })
    }

    /// The personal dictionary, and sentences about a file that could not
    /// be used (moved aside). Missing means empty.
    pub fn dictionary(&self) -> (Dictionary, Vec<String>) {
        self.dictionary_with(Access::ReadWrite)
    }

    /// [`Store::dictionary`] for a reader that saves nothing: a file that
    /// cannot be used is reported but left where it is.
    pub fn dictionary_read_only(&self) -> (Dictionary, Vec<String>) {
        self.dictionary_with(Access::ReadOnly)
    }

    fn dictionary_with(&self, access: Access) -> (Dictionary, Vec<String>) {
        let path = self.dictionary_path();
        if let Err(error) = self.check_folders() {
            let empty = Dictionary {
                version: FORMAT_VERSION,
                entries: Vec::new(),
            };
            return (
                empty,
                vec![format!("Your dictionary cannot be kept: {error}")],
            );
        }
        match read_versioned::<Dictionary>(&path) {
            Ok(dictionary) => (dictionary, Vec::new()),
            Err(why) => (
                Dictionary {
                    version: FORMAT_VERSION,
                    entries: Vec::new(),
                },
                set_aside(&path, why, "Your dictionary file", access)
                    .into_iter()
                    .collect(),
            ),
        }
    }

    /// Saves the personal dictionary, merged under the file's lock with
    /// what another writer saved since ([`Dictionary::merged`]): a window
    /// and the command line, or two windows, each keep their rules.
    pub fn save_dictionary(&self, dictionary: &Dictionary) -> Result<PathBuf, StoreError> {
        self.check_folders()?;
        let path = self.dictionary_path();
        fs::create_dir_all(&self.root).map_err(|error| StoreError::Write {
            path: self.root.clone(),
            error,
        })?;
        let _lock = lock(&path)?;
        let mut merged = match read_versioned::<Dictionary>(&path) {
            Ok(theirs) => Dictionary::merged(&theirs, dictionary),
            Err(Unreadable::Missing) => dictionary.clone(),
            Err(_) => {
                clear_the_way::<Dictionary>(&path)?;
                dictionary.clone()
            }
        };
        merged.version = FORMAT_VERSION;
        write_encoded(&self.root, &path, &merged)?;
        Ok(path)
    }
}

/// Which documents have notes, as [`Store::notes_overview`] found them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NotesOverview {
    /// The fingerprints that name a notes file.
    pub fingerprints: std::collections::HashSet<String>,
    /// The document paths the notes files name.
    pub paths: std::collections::HashSet<PathBuf>,
}

impl NotesOverview {
    /// True when [`Store::open_read_only`] may find notes on the text with
    /// this fingerprint at this path: a notes file by the fingerprint, or
    /// one naming the path (notes on an earlier version of the text).
    pub fn may_have_notes(&self, fingerprint: &str, path: &Path) -> bool {
        self.fingerprints.contains(fingerprint) || self.paths.contains(path)
    }
}

/// What [`Store::save_merged`] wrote, or [`Store::reread`] read.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    /// The notes file.
    pub path: PathBuf,
    /// What is in it now.
    pub annotations: Annotations,
    /// Its modification time and size just after, to notice the next change.
    pub stamp: Option<Stamp>,
}

/// A file's modification time and size: when either changes, someone wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    modified: std::time::SystemTime,
    len: u64,
}

impl Stamp {
    /// The stamp of the file at `path`, if it is there.
    pub fn of(path: &Path) -> Option<Stamp> {
        let metadata = fs::metadata(path).ok()?;
        Some(Stamp {
            modified: metadata.modified().ok()?,
            len: metadata.len(),
        })
    }
}

/// How old a temporary file must be before [`Store::sweep_leftovers`] is
/// asked to remove it: far longer than any write takes, so one still under
/// way in another process is never touched.
pub const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(600);

/// How long a save waits for another writer's lock on the same notes file.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Takes the advisory lock of the notes file `path`: an OS lock (`flock`
/// on Unix, `LockFileEx` on Windows) on `NAME.ron.lock` beside it, held
/// until the returned file is dropped. The OS releases it when a process
/// dies, so no lock is ever left stale. The lock file itself stays: removing
/// it would let two writers lock two different files. Where the file system
/// has no locks, saving goes on without one.
pub(crate) fn lock(path: &Path) -> Result<Option<File>, StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lock_path = path.with_file_name(format!("{name}.lock"));
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(|error| StoreError::Write {
            path: lock_path.clone(),
            error,
        })?;
    let started = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Some(file)),
            Err(fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(fs::TryLockError::WouldBlock) => {
                return Err(StoreError::Locked {
                    path: path.to_owned(),
                });
            }
            Err(fs::TryLockError::Error(error)) if error.kind() == io::ErrorKind::Unsupported => {
                return Ok(None);
            }
            Err(fs::TryLockError::Error(error)) => {
                return Err(StoreError::Write {
                    path: lock_path,
                    error,
                });
            }
        }
    }
}

/// The fields of the notes file `path`, whose text is `source`, that this
/// build left out of `parsed`. A file this build wrote is recognised by
/// writing `parsed` again, which is cheaper than comparing the two.
fn unknown_fields_in(source: &str, parsed: &Annotations, path: &Path) -> Vec<String> {
    if encode(parsed, path).is_ok_and(|ours| ours == source) {
        return Vec::new();
    }
    unknown_fields::find(source, parsed)
}

/// Before overwriting the notes file `path`, whose text is `source` and
/// which this build read as `parsed`: if it holds fields this build does
/// not know, copies it whole beside itself (once), so they are not lost.
fn keep_unknown_fields(path: &Path, source: &str, parsed: &Annotations) -> Result<(), StoreError> {
    if unknown_fields_in(source, parsed, path).is_empty() {
        return Ok(());
    }
    unknown_fields::keep_copy(path, source)
        .map(drop)
        .map_err(|error| StoreError::Write {
            path: unknown_fields::copy_path(path, source),
            error,
        })
}

/// Before overwriting `path`: if a file is there that this build cannot
/// read, move it aside (it may be the reader's only copy of something).
fn clear_the_way<T: DeserializeOwned>(path: &Path) -> Result<(), StoreError> {
    match read_versioned::<T>(path) {
        Ok(_) | Err(Unreadable::Missing) => Ok(()),
        Err(Unreadable::Broken(_)) => move_aside(path, "corrupt").map(drop),
        Err(Unreadable::TooNew(_)) => move_aside(path, "newer").map(drop),
    }
    .map_err(|error| StoreError::InTheWay {
        path: path.to_owned(),
        error,
    })
}

fn remove_old(old: &Path) -> Result<(), StoreError> {
    match fs::remove_file(old) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(StoreError::RemoveOld {
            path: old.to_owned(),
            error,
        }),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || same_file_or_dir(a, b)
}

fn same_file_or_dir(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Finds again the highlights whose span does not hold their quoted text,
/// although the file is for this text (it was edited by hand, or written by
/// a build with a bug), so no span handed on ever points at the wrong place.
fn repair_spans(annotations: &mut Annotations, text: &str) -> Option<Reanchored> {
    let holds =
        |h: &super::Highlight| !h.quote.exact.is_empty() && h.span.text(text) == h.quote.exact;
    if annotations.highlights.iter().all(holds) {
        return None;
    }
    let (good, stale): (Vec<_>, Vec<_>) = std::mem::take(&mut annotations.highlights)
        .into_iter()
        .partition(holds);
    let (placed, orphans, counts) = anchor::reanchor(text, stale);
    annotations.highlights = good;
    annotations.highlights.extend(placed);
    annotations.highlights.sort_by_key(|h| (h.span, h.id));
    annotations.orphans.extend(orphans);
    Some(counts)
}

/// Notes written for another version of the text, found again in `text`:
/// highlights re-anchored (old orphans are tried again too), corrections'
/// passages re-anchored, fingerprint, path and title updated. Returns the
/// counts for the highlights that were placed, and sentences about
/// corrections whose passage is gone (they are dropped).
fn rebase(
    mut old: Annotations,
    text: &str,
    path: Option<&Path>,
    title: &str,
) -> (Annotations, Reanchored, Vec<String>) {
    let (mut placed, mut orphans, counts) =
        anchor::reanchor(text, std::mem::take(&mut old.highlights));
    let (found_again, still_orphans, _) = anchor::reanchor(text, std::mem::take(&mut old.orphans));
    placed.extend(found_again);
    placed.sort_by_key(|h| (h.span, h.id));
    orphans.extend(still_orphans);
    let index = CharIndex::new(text);
    let mut dropped = 0;
    old.corrections.retain_mut(|correction| {
        let passage = match correction {
            Correction::Split { mention, .. } => mention,
            Correction::Tag { passage, .. } => passage,
            _ => return true,
        };
        match anchor::reanchor_passage(text, &index, passage) {
            Some(found) => {
                *passage = found;
                true
            }
            None => {
                dropped += 1;
                false
            }
        }
    });
    let mut problems = Vec::new();
    if dropped > 0 {
        problems.push(format!(
            "{dropped} of your corrections concerned passages no longer in the text and were dropped."
        ));
    }
    old.version = FORMAT_VERSION;
    old.fingerprint = fingerprint(text);
    if let Some(path) = path {
        old.path = Some(path.to_owned());
    }
    old.title = title.to_owned();
    old.highlights = placed;
    old.orphans = orphans;
    (old, counts, problems)
}
