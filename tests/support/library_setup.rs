//! The library tests' set-up: a scratch folder with three documents (one
//! in a subfolder, beside a file that is not a document), a library in its
//! data folder with them added, and the reader's notes on one of them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use dramatis::annotations::Annotations;
use dramatis::annotations::store::Store;
use dramatis::library::{AddReport, Library};

pub const HARBOUR: &str = "The Harbour at Dawn

Maria Okonkwo walked along the harbour in Lisbon before sunrise. \"The boats are late again,\" Maria Okonkwo said to the fishermen.

The old lighthouse keeper, Tomas Ferreira, waved from the pier while the gulls circled.
";

pub const COUNCIL: &str = "# Council notes

Maria Okonkwo spoke at the Lisbon city council on Tuesday. The council approved the new ferry timetable after a long debate.

Later the timetable was printed and the ferry left on time.
";

/// Accented letters before the matches, so that character and byte
/// offsets differ.
pub const ORCHARD: &str = "Café Ærøskøbing — an orchard diary

Ingrid Solberg planted three orchards behind the café in Ærøskøbing. The apples ripened late that year.
";

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("library-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// Writes the three documents under `dir/docs` (one in a subfolder) and
/// returns that folder.
pub fn write_documents(dir: &Path) -> PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(docs.join("nested")).expect("create docs");
    std::fs::write(docs.join("harbour.txt"), HARBOUR).expect("write");
    std::fs::write(docs.join("council.md"), COUNCIL).expect("write");
    std::fs::write(docs.join("nested/orchard.txt"), ORCHARD).expect("write");
    // Not a document: skipped by extension.
    std::fs::write(docs.join("picture.png"), b"\x89PNG").expect("write");
    docs
}

/// The data folder of the scratch folder `dir`: notes and the library.
pub fn data_folder(dir: &Path) -> PathBuf {
    dir.join("data")
}

/// The library of the scratch folder `dir`, opened (made when new).
pub fn open_library(dir: &Path) -> Library {
    Library::open(&data_folder(dir).join("library.sqlite3")).expect("open")
}

/// Adds `docs` to `library`, as `dramatis add` does.
pub fn add(library: &mut Library, docs: &Path) -> AddReport {
    library.add(&[docs], &mut |_, _| {}).expect("add")
}

/// A library in `dir` with the three documents added.
pub fn library_with_documents(dir: &Path) -> (Library, PathBuf) {
    let docs = write_documents(dir);
    let mut library = open_library(dir);
    let report = add(&mut library, &docs);
    assert_eq!(report.added.len(), 3, "{report:?}");
    assert!(report.failed.is_empty(), "{report:?}");
    (library, docs)
}

/// Writes the reader's notes on the document at `path` into the data
/// folder of `dir`, as `edit` makes them from the document's text; returns
/// them.
pub fn save_notes(
    dir: &Path,
    path: &Path,
    edit: impl FnOnce(&str, &mut Annotations),
) -> Annotations {
    let doc = dramatis::document::load(path).expect("load");
    let mut notes = Annotations::new(&doc.text, Some(path.to_owned()), &doc.title);
    edit(&doc.text, &mut notes);
    Store::at(data_folder(dir))
        .save(&notes)
        .expect("save notes");
    notes
}
