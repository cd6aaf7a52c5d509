//! Noticing new and changed files in the library's folders while the app
//! runs: a snapshot of every document file's size and modification time,
//! taken again every few seconds off the window's thread and compared.
//!
//! A periodic scan of `stat`s rather than the system's file notifications:
//! it needs no new dependency, works the same on every system and on
//! network folders (where notifications often do not arrive), and a few
//! thousand `stat`s take milliseconds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// What the files and folders of the library look like on disk now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// Each document file with its size and modification time in
    /// nanoseconds (0 when the system gives none).
    documents: BTreeMap<PathBuf, (u64, u128)>,
    /// The same for each notes file.
    notes: BTreeMap<PathBuf, (u64, u128)>,
}

impl Snapshot {
    /// Looks at `sources` (files, and folders walked as
    /// [`super::Library::add`] walks them) and at the notes files in
    /// `notes_dir`.
    pub fn take(sources: &[PathBuf], notes_dir: &Path) -> Snapshot {
        let mut snapshot = Snapshot::default();
        for source in sources {
            match std::fs::metadata(source) {
                Ok(metadata) if metadata.is_dir() => walk(source, &mut snapshot.documents),
                Ok(metadata) => {
                    snapshot.documents.insert(source.clone(), stamp(&metadata));
                }
                // A file gone is a change too: it is simply absent.
                Err(_) => {}
            }
        }
        if let Ok(entries) = std::fs::read_dir(notes_dir) {
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "ron")
                    && let Ok(metadata) = entry.metadata()
                {
                    snapshot.notes.insert(path, stamp(&metadata));
                }
            }
        }
        snapshot
    }

    /// Counts the file at `path` (the personal dictionary) with the notes
    /// files: a change to it is a change of the notes.
    pub fn with_notes_file(mut self, path: &Path) -> Snapshot {
        if let Ok(metadata) = std::fs::metadata(path) {
            self.notes.insert(path.to_owned(), stamp(&metadata));
        }
        self
    }

    /// Whether a document file was added, changed or removed since `older`.
    pub fn documents_changed(&self, older: &Snapshot) -> bool {
        self.documents != older.documents
    }

    /// Whether a notes file was added, changed or removed since `older`.
    pub fn notes_changed(&self, older: &Snapshot) -> bool {
        self.notes != older.notes
    }

    /// How many document files it saw.
    pub fn document_count(&self) -> usize {
        self.documents.len()
    }
}

/// Adds the document files under `folder` (hidden ones skipped, links to
/// folders not followed), as the import walks it.
fn walk(folder: &Path, out: &mut BTreeMap<PathBuf, (u64, u128)>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            walk(&path, out);
        } else if super::import::has_known_extension(&path)
            && let Ok(metadata) = std::fs::metadata(&path)
            && metadata.is_file()
        {
            out.insert(path, stamp(&metadata));
        }
    }
}

fn stamp(metadata: &std::fs::Metadata) -> (u64, u128) {
    let modified = metadata
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    (metadata.len(), modified)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_or_changed_file_is_a_change() {
        let dir = std::env::temp_dir().join(format!("dramatis-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("notes")).expect("a folder");
        let sources = [dir.clone()];
        let notes = dir.join("notes");
        let empty = Snapshot::take(&sources, &notes);
        std::fs::write(dir.join("a.txt"), "one").expect("a file");
        std::fs::write(dir.join("ignored.png"), "x").expect("a file");
        let one = Snapshot::take(&sources, &notes);
        assert!(one.documents_changed(&empty));
        assert_eq!(one.document_count(), 1);
        assert!(!Snapshot::take(&sources, &notes).documents_changed(&one));
        std::fs::write(dir.join("a.txt"), "one two").expect("a change");
        assert!(Snapshot::take(&sources, &notes).documents_changed(&one));
        std::fs::write(notes.join("f.ron"), "()").expect("a notes file");
        let noted = Snapshot::take(&sources, &notes);
        assert!(noted.notes_changed(&one));
        let dictionary = dir.join("dictionary.ron");
        let without = Snapshot::take(&sources, &notes).with_notes_file(&dictionary);
        std::fs::write(&dictionary, "()").expect("a dictionary");
        let with = Snapshot::take(&sources, &notes).with_notes_file(&dictionary);
        assert!(with.notes_changed(&without));
        assert!(!with.documents_changed(&without));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
