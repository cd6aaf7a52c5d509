//! Which notes file belongs to which document path, kept in a small file so
//! that opening a document with no notes under its fingerprint (a new or
//! edited file) does not parse every notes file in the store.
//!
//! The index is a cache and never the truth. Each use lists the notes
//! folder and compares every file's modification time and size with what
//! the index remembers; a file that is new or changed is read again (its
//! `path` only), a file that is gone is forgotten. So a writer that does
//! not know the index (another process, an older build, a hand edit) is
//! noticed at the next use, and a missing or damaged index is rebuilt. The
//! store still reads the file the index points to and checks its path
//! before using it. Two processes that rewrite the index at once each write
//! a whole, valid snapshot (the write is atomic); the later one wins, and
//! anything it missed is seen again by the checks above.
//!
//! A file's modification time has the file system's granularity (the
//! kernel's clock tick, a few milliseconds, on most; a second or two on
//! older ones and FAT): a change written in the same tick as the read,
//! keeping the size, leaves time and size as they were. So an entry is
//! trusted only once it is settled: its file's time was at least a tick
//! ([`granularity`]) before the read began. A file changed that recently
//! is read again at the next use, until it is settled.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// The index file's format version.
const INDEX_VERSION: u32 = 1;

/// How long a file's modification time may stay the same while the file
/// changes: a time in whole seconds may come from a file system that keeps
/// only seconds (or FAT's two); any other has at most the kernel's clock
/// tick, 10 ms, kept here with a wide margin.
fn granularity(modified: Duration) -> Duration {
    if modified.subsec_nanos() == 0 {
        Duration::from_secs(2)
    } else {
        Duration::from_millis(100)
    }
}

/// The index file as written.
#[derive(Debug, Default, Serialize, Deserialize)]
struct IndexFile {
    version: u32,
    entries: Vec<Entry>,
}

/// One notes file: its name in the notes folder, its size and modification
/// time when it was read, and the document path it named then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    file: String,
    len: u64,
    modified_secs: u64,
    modified_nanos: u32,
    path: Option<PathBuf>,
    /// Whether the file's time was at least a tick ([`granularity`]) before
    /// the read began, so that any later change gives it another time.
    /// Missing in an index written before it was kept: such entries are
    /// read again.
    #[serde(default)]
    settled: bool,
}

/// Only the document path of a notes file.
#[derive(Deserialize)]
struct PathOnly {
    #[serde(default)]
    path: Option<PathBuf>,
}

/// The notes files in `notes_dir` that named `path` when last read, newest
/// first, after bringing the index at `index_file` up to date with the
/// folder. `write_back` says whether the updated index may be saved (not
/// for a reader that writes nothing). The caller must still check each
/// file's path.
pub(super) fn files_for_path(
    notes_dir: &Path,
    index_file: &Path,
    path: &Path,
    write_back: bool,
) -> Vec<PathBuf> {
    let entries = refreshed(notes_dir, index_file, write_back);
    let mut found: Vec<&Entry> = entries
        .iter()
        .filter(|entry| entry.path.as_deref() == Some(path))
        .collect();
    found.sort_by_key(|entry| std::cmp::Reverse((entry.modified_secs, entry.modified_nanos)));
    found
        .into_iter()
        .map(|entry| notes_dir.join(&entry.file))
        .collect()
}

/// Every notes file in `notes_dir` (its file name) with the document path
/// it named when last read, after bringing the index up to date as
/// [`files_for_path`] does. One listing of the folder for a reader of many
/// documents at once.
pub(super) fn all_files(
    notes_dir: &Path,
    index_file: &Path,
    write_back: bool,
) -> Vec<(String, Option<PathBuf>)> {
    refreshed(notes_dir, index_file, write_back)
        .into_iter()
        .map(|entry| (entry.file, entry.path))
        .collect()
}

/// The index's entries for the notes files in `notes_dir` as they are now:
/// a file new or changed since the index was written is read again, one
/// gone is forgotten; the index is saved when it changed and `write_back`.
fn refreshed(notes_dir: &Path, index_file: &Path, write_back: bool) -> Vec<Entry> {
    let Ok(listing) = fs::read_dir(notes_dir) else {
        return Vec::new();
    };
    let mut known: HashMap<String, Entry> = read_index(index_file)
        .into_iter()
        .map(|entry| (entry.file.clone(), entry))
        .collect();
    let mut changed = false;
    let mut entries = Vec::with_capacity(known.len());
    for item in listing.flatten() {
        let name = item.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".ron") {
            continue;
        }
        let file = item.path();
        // Followed through links, as the notes are read; only regular files
        // (a pipe named `*.ron` would block the read).
        let Ok(metadata) = fs::metadata(&file) else {
            continue;
        };
        if !metadata.is_file() {
            continue;
        }
        let modified = metadata.modified().ok();
        let since_epoch = modified.and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
        let (modified_secs, modified_nanos) =
            since_epoch.map_or((0, 0), |d| (d.as_secs(), d.subsec_nanos()));
        let len = metadata.len();
        match known.remove(&name) {
            Some(entry)
                if entry.settled
                    && entry.len == len
                    && entry.modified_secs == modified_secs
                    && entry.modified_nanos == modified_nanos =>
            {
                entries.push(entry);
            }
            _ => {
                changed = true;
                // Taken before the read: a change after it gets a later
                // time, unless the file's time is within a tick of it.
                let read_at = SystemTime::now();
                let settled = modified
                    .zip(since_epoch)
                    .and_then(|(t, d)| t.checked_add(granularity(d)))
                    .is_some_and(|t| t <= read_at);
                entries.push(Entry {
                    path: path_in(&file),
                    file: name,
                    len,
                    modified_secs,
                    modified_nanos,
                    settled,
                });
            }
        }
    }
    changed |= !known.is_empty();
    if changed && write_back {
        write_index(index_file, entries.clone());
    }
    entries
}

/// The entries of the index file; none when it is missing, unreadable or
/// of another version (it is then rebuilt from the notes files).
fn read_index(index_file: &Path) -> Vec<Entry> {
    crate::files::read_regular_to_string(index_file, super::store::MAX_NOTES_BYTES)
        .ok()
        .and_then(|source| ron::from_str::<IndexFile>(&source).ok())
        .filter(|index| index.version == INDEX_VERSION)
        .map(|index| index.entries)
        .unwrap_or_default()
}

/// Saves the index. A failure is not reported: the index only saves time,
/// and the next use rebuilds what is missing.
fn write_index(index_file: &Path, mut entries: Vec<Entry>) {
    entries.sort_by(|a, b| a.file.cmp(&b.file));
    let index = IndexFile {
        version: INDEX_VERSION,
        entries,
    };
    if let Ok(text) = ron::to_string(&index) {
        let _ = super::store::write_atomic(index_file, text.as_bytes());
    }
}

/// The document path a notes file names, when it can be read.
fn path_in(file: &Path) -> Option<PathBuf> {
    let source = crate::files::read_regular_to_string(file, super::store::MAX_NOTES_BYTES).ok()?;
    ron::from_str::<PathOnly>(&source).ok()?.path
}
