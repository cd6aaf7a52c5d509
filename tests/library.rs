//! The library over a scratch folder: adding a folder of documents,
//! searching words, phrases and prefixes with offsets that point at the
//! match, changed and removed files, the cast across documents, a corrupt
//! database, and the command line's output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dramatis::library::{Library, LibraryError, SearchError};
use serde_json::Value;

#[path = "support/library_setup.rs"]
mod library_setup;

use library_setup::{
    COUNCIL, add, data_folder, library_with_documents, open_library, save_notes, scratch,
    write_documents,
};

/// Checks that every hit's offsets, in characters and in bytes, point at
/// its text in the document as loaded, and returns the hits' texts.
fn check_hits(hits: &[dramatis::library::Hit]) -> Vec<String> {
    for hit in hits {
        let doc = dramatis::document::load(&hit.path).expect("load hit's document");
        let by_chars: String = doc
            .text
            .chars()
            .skip(hit.start_char)
            .take(hit.end_char - hit.start_char)
            .collect();
        assert_eq!(by_chars, hit.text, "{hit:?}");
        assert_eq!(&doc.text[hit.span.start..hit.span.end], hit.text, "{hit:?}");
        assert!(hit.snippet.contains(&hit.text), "{hit:?}");
    }
    hits.iter().map(|h| h.text.clone()).collect()
}

#[test]
fn words_phrases_and_prefixes_are_found_at_their_offsets() {
    let dir = scratch("search");
    let (library, docs) = library_with_documents(&dir);
    let search = |query: &str| library.search(query, 100).expect(query);

    let hits = search("lighthouse");
    assert_eq!(check_hits(&hits), ["lighthouse"]);
    assert_eq!(
        hits[0].path,
        docs.join("harbour.txt").canonicalize().expect("path")
    );
    assert_eq!(hits[0].title, "The Harbour at Dawn");

    // Case and accents do not matter.
    let hits = search("CAFE");
    assert_eq!(check_hits(&hits), ["Café", "café"]);
    assert!(hits[0].start_char < hits[0].span.start || hits[1].start_char < hits[1].span.start);

    let hits = search("\"ferry timetable\"");
    assert_eq!(check_hits(&hits), ["ferry timetable"]);
    // The same words, not side by side, are no phrase.
    assert!(search("\"timetable ferry\"").is_empty());
    // Words need not be side by side.
    assert_eq!(check_hits(&search("timetable ferry")).len(), 4);

    let hits = search("orchard*");
    assert_eq!(check_hits(&hits), ["orchard", "orchards"]);
    assert!(search("orchardz*").is_empty());

    // An apostrophe or hyphen is no syntax error.
    assert!(search("Okonkwo's late-again").is_empty());
}

#[test]
fn queries_that_cannot_be_read_say_so() {
    let dir = scratch("bad-queries");
    let (library, _) = library_with_documents(&dir);
    let message = |query: &str| match library.search(query, 10) {
        Err(error) => error.to_string(),
        Ok(hits) => panic!("{query:?} gave {hits:?}"),
    };
    assert!(matches!(
        library.search("harbour OR", 10),
        Err(SearchError::Syntax { .. })
    ));
    assert!(message("harbour OR").contains("could not be understood"));
    assert!(message("\"harbour").contains("not closed"));
    assert!(message("  ").contains("empty"));
}

#[test]
fn a_changed_file_is_updated_and_an_unchanged_one_left() {
    let dir = scratch("changed");
    let (mut library, docs) = library_with_documents(&dir);
    let report = add(&mut library, &docs);
    assert_eq!(report.unchanged, 3, "{report:?}");
    assert!(
        report.added.is_empty() && report.updated.is_empty(),
        "{report:?}"
    );

    let harbour = docs.join("harbour.txt");
    std::fs::write(
        &harbour,
        "The Quay at Noon\n\nA cormorant dried its wings.\n",
    )
    .expect("write");
    let report = add(&mut library, &docs);
    assert_eq!(report.updated, [harbour.canonicalize().expect("path")]);
    assert_eq!(report.unchanged, 2);
    assert!(library.search("lighthouse", 10).expect("search").is_empty());
    assert_eq!(
        check_hits(&library.search("cormorant", 10).expect("search")),
        ["cormorant"]
    );
    let titles: Vec<String> = library
        .documents()
        .expect("documents")
        .into_iter()
        .map(|d| d.title)
        .collect();
    assert!(
        titles.contains(&"The Quay at Noon".to_owned()),
        "{titles:?}"
    );
    // The old cast went with the old text.
    let cast = library.cast().expect("cast");
    assert!(!cast.iter().any(|c| c.name == "Tomas Ferreira"), "{cast:?}");
}

#[test]
fn a_removed_file_leaves_the_library_when_its_folder_is_added_again() {
    let dir = scratch("removed");
    let (mut library, docs) = library_with_documents(&dir);
    let orchard = docs
        .join("nested/orchard.txt")
        .canonicalize()
        .expect("path");
    std::fs::remove_file(&orchard).expect("remove");
    let report = add(&mut library, &docs);
    assert_eq!(report.removed, [orchard.as_path()]);
    let paths: Vec<PathBuf> = library
        .documents()
        .expect("documents")
        .into_iter()
        .map(|d| d.path)
        .collect();
    assert_eq!(paths.len(), 2);
    assert!(!paths.contains(&orchard), "{paths:?}");
    assert!(library.search("orchard*", 10).expect("search").is_empty());
    assert!(
        !library
            .cast()
            .expect("cast")
            .iter()
            .any(|c| c.name == "Ingrid Solberg")
    );
}

#[test]
fn a_file_that_no_longer_loads_leaves_the_library() {
    let dir = scratch("no-longer-loads");
    let (mut library, docs) = library_with_documents(&dir);
    let harbour = docs.join("harbour.txt").canonicalize().expect("path");
    std::fs::write(&harbour, b"\x00\x01\x02 now binary \x00").expect("write");
    let report = add(&mut library, &docs);
    assert_eq!(report.removed, [harbour.as_path()], "{report:?}");
    assert_eq!(report.failed.len(), 1, "{report:?}");
    assert_eq!(library.documents().expect("documents").len(), 2);
    assert!(library.search("lighthouse", 10).expect("search").is_empty());
}

#[test]
fn an_unreadable_file_is_listed_and_the_rest_are_added() {
    let dir = scratch("unreadable");
    let docs = write_documents(&dir);
    let binary = docs.join("broken.txt");
    std::fs::write(&binary, b"\x00\x01\x02\x03 not text \x00").expect("write");
    let mut library = Library::open(&dir.join("library.sqlite3")).expect("open");
    let report = library
        .add(&[docs.clone(), dir.join("missing.txt")], &mut |_, _| {})
        .expect("add");
    assert_eq!(report.added.len(), 3, "{report:?}");
    let failed: Vec<&Path> = report.failed.iter().map(|f| f.path.as_path()).collect();
    assert_eq!(
        failed,
        [
            binary.canonicalize().expect("path").as_path(),
            &dir.join("missing.txt")
        ]
    );
    for failure in &report.failed {
        assert!(
            failure
                .reason
                .ends_with(&failure.path.display().to_string()),
            "{failure:?}"
        );
    }
}

#[test]
fn the_cast_counts_documents_across_the_library() {
    let dir = scratch("cast");
    let (library, _) = library_with_documents(&dir);
    let cast = library.cast().expect("cast");
    let maria = cast
        .iter()
        .find(|c| c.name == "Maria Okonkwo")
        .unwrap_or_else(|| panic!("no Maria Okonkwo in {cast:?}"));
    assert_eq!(maria.kind, "person");
    assert_eq!(maria.documents, 2);
    assert_eq!(maria.mentions, 3);
    let solberg = cast
        .iter()
        .find(|c| c.name == "Ingrid Solberg")
        .expect("Solberg");
    assert_eq!(solberg.documents, 1);
    // The most widespread first.
    let counts: Vec<u64> = cast.iter().map(|c| c.documents).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert_eq!(cast[0].documents, 2);
}

#[test]
fn an_entity_lists_the_documents_that_mention_it() {
    let dir = scratch("appearances");
    let (library, docs) = library_with_documents(&dir);
    let maria = library.appearances("maria  okonkwo").expect("appearances");
    let titles: Vec<&str> = maria.iter().map(|a| a.title.as_str()).collect();
    // The one with the most mentions first.
    assert_eq!(titles, ["The Harbour at Dawn", "Council notes"]);
    assert_eq!(maria[0].mentions, 2);
    assert_eq!(
        maria[0].path,
        docs.join("harbour.txt").canonicalize().expect("path")
    );
    for appearance in &maria {
        let doc = dramatis::document::load(&appearance.path).expect("load");
        let at: String = doc
            .text
            .chars()
            .skip(appearance.first_char)
            .take(13)
            .collect();
        assert_eq!(at, "Maria Okonkwo", "{appearance:?}");
        assert!(
            appearance.context.contains("Maria Okonkwo"),
            "{appearance:?}"
        );
    }
    // Offsets in characters, past the accented title.
    let solberg = library.appearances("Ingrid Solberg").expect("appearances");
    assert_eq!(solberg.len(), 1);
    assert_eq!(solberg[0].first_char, 36);
    assert!(
        library
            .appearances("Nobody Atall")
            .expect("none")
            .is_empty()
    );
}

#[test]
fn a_person_s_quotations_are_found_across_the_library() {
    let dir = scratch("quotations");
    let (library, _) = library_with_documents(&dir);
    let quotations = library.quotations("MARIA OKONKWO").expect("quotations");
    assert_eq!(quotations.len(), 1, "{quotations:?}");
    let quotation = &quotations[0];
    assert_eq!(quotation.speaker, "Maria Okonkwo");
    assert_eq!(quotation.title, "The Harbour at Dawn");
    let doc = dramatis::document::load(&quotation.path).expect("load");
    let at: String = doc
        .text
        .chars()
        .skip(quotation.start_char)
        .take(quotation.end_char - quotation.start_char)
        .collect();
    assert_eq!(at, quotation.text);
    assert!(
        quotation.text.starts_with("The boats are late again"),
        "{quotation:?}"
    );
    assert!(
        library
            .quotations("Tomas Ferreira")
            .expect("none")
            .is_empty()
    );
}

#[test]
fn the_cast_follows_the_personal_dictionary() {
    use dramatis::annotations::{Dictionary, DictionaryRule, FORMAT_VERSION, store::Store};
    let dir = scratch("dictionary");
    let (mut library, docs) = library_with_documents(&dir);
    let lisbon = |library: &Library| {
        library
            .cast()
            .expect("cast")
            .into_iter()
            .find(|c| c.name == "Lisbon")
    };
    assert_eq!(lisbon(&library).map(|c| c.documents), Some(2));
    let mut dictionary = Dictionary {
        version: FORMAT_VERSION,
        entries: Vec::new(),
    };
    dictionary.set("Lisbon", DictionaryRule::Never);
    Store::at(data_folder(&dir))
        .save_dictionary(&dictionary)
        .expect("save dictionary");
    // The files are as they were; the dictionary changed, so the cast is
    // made again.
    let report = add(&mut library, &docs);
    assert_eq!(report.updated.len(), 3, "{report:?}");
    assert_eq!(lisbon(&library), None);
    let maria = library.appearances("Maria Okonkwo").expect("appearances");
    assert_eq!(maria.len(), 2);
    // And left alone once made.
    let report = add(&mut library, &docs);
    assert_eq!(report.unchanged, 3, "{report:?}");
}

#[test]
fn the_cast_follows_a_document_s_corrections() {
    use dramatis::analysis::EntityKind;
    use dramatis::annotations::Correction;
    let dir = scratch("corrections");
    let (mut library, docs) = library_with_documents(&dir);
    let council = docs.join("council.md").canonicalize().expect("path");
    save_notes(&dir, &council, |_, notes| {
        notes.corrections.push(Correction::Rename {
            name: "Maria Okonkwo".into(),
            kind: EntityKind::Person,
            to: "Councillor Okonkwo".into(),
        });
    });
    let report = add(&mut library, &docs);
    assert_eq!(report.updated, [council.as_path()], "{report:?}");
    let cast = library.cast().expect("cast");
    let documents_of = |name: &str| cast.iter().find(|c| c.name == name).map(|c| c.documents);
    assert_eq!(documents_of("Maria Okonkwo"), Some(1), "{cast:?}");
    assert_eq!(documents_of("Councillor Okonkwo"), Some(1), "{cast:?}");
}

#[test]
fn opening_a_document_is_noted() {
    let dir = scratch("opened");
    let (mut library, docs) = library_with_documents(&dir);
    assert!(
        library
            .documents()
            .expect("documents")
            .iter()
            .all(|d| d.opened_s.is_none())
    );
    assert!(library.mark_opened(&docs.join("council.md")).expect("mark"));
    assert!(
        !library
            .mark_opened(&dir.join("elsewhere.txt"))
            .expect("mark")
    );
    let opened: Vec<String> = library
        .documents()
        .expect("documents")
        .into_iter()
        .filter(|d| d.opened_s.is_some())
        .map(|d| d.title)
        .collect();
    assert_eq!(opened, ["Council notes"]);
}

#[test]
fn a_corrupt_database_is_moved_aside_with_a_warning() {
    let dir = scratch("corrupt");
    let path = dir.join("library.sqlite3");
    let garbage = "this is not a database, it is a shopping list\n".repeat(200);
    std::fs::write(&path, &garbage).expect("write");
    let mut library = Library::open(&path).expect("open replaces the corrupt file");
    assert_eq!(library.warnings.len(), 1, "{:?}", library.warnings);
    assert!(
        library.warnings[0].contains("moved to"),
        "{:?}",
        library.warnings
    );
    let aside: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains(".unreadable-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read_to_string(&aside[0]).expect("read"), garbage);
    assert!(library.documents().expect("documents").is_empty());
    let docs = write_documents(&dir);
    let report = add(&mut library, &docs);
    assert_eq!(report.added.len(), 3);
    drop(library);
    // Opened again, it is sound and says nothing.
    let library = Library::open(&path).expect("open");
    assert!(library.warnings.is_empty(), "{:?}", library.warnings);
    assert_eq!(library.documents().expect("documents").len(), 3);
}

#[test]
fn a_lost_or_corrupt_database_is_rebuilt_from_the_files_added() {
    let dir = scratch("rebuild");
    let (library, docs) = library_with_documents(&dir);
    let path = library.path().to_owned();
    drop(library);
    let listed = std::fs::read_to_string(dir.join("data/library.sqlite3.sources")).expect("list");
    assert!(
        listed
            .lines()
            .any(|l| Path::new(l) == docs.canonicalize().expect("path")),
        "{listed}"
    );

    // Lost.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let library = Library::open(&path).expect("open");
    assert_eq!(library.warnings.len(), 1, "{:?}", library.warnings);
    assert!(
        library.warnings[0].contains("rebuilt"),
        "{:?}",
        library.warnings
    );
    assert_eq!(library.documents().expect("documents").len(), 3);
    assert_eq!(
        check_hits(&library.search("lighthouse", 10).expect("search")),
        ["lighthouse"]
    );
    drop(library);

    // Corrupt.
    std::fs::write(&path, "not a database at all\n".repeat(100)).expect("write");
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let library = Library::open(&path).expect("open");
    assert_eq!(library.warnings.len(), 2, "{:?}", library.warnings);
    assert!(
        library.warnings[0].contains("moved to"),
        "{:?}",
        library.warnings
    );
    assert!(
        library.warnings[1].contains("3 documents"),
        "{:?}",
        library.warnings
    );
    let cast = library.cast().expect("cast");
    assert!(
        cast.iter()
            .any(|c| c.name == "Maria Okonkwo" && c.documents == 2),
        "{cast:?}"
    );
}

#[test]
fn the_schema_is_versioned_and_a_newer_one_is_left_alone() {
    let dir = scratch("schema");
    let path = dir.join("library.sqlite3");
    drop(Library::open(&path).expect("open"));
    let conn = rusqlite::Connection::open(&path).expect("sqlite");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(version, dramatis::library::SCHEMA_VERSION);
    conn.pragma_update(None, "user_version", 99)
        .expect("set version");
    drop(conn);
    match Library::open(&path) {
        Err(LibraryError::TooNew { version: 99, .. }) => {}
        other => panic!("expected TooNew, got {:?}", other.map(|l| l.warnings)),
    }
    assert!(path.exists());
}

fn dramatis(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dramatis"))
        .env("DRAMATIS_DATA_DIR", data)
        .args(args)
        .output()
        .expect("run dramatis")
}

fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is one JSON object")
}

/// The keys of a JSON object, sorted.
fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn the_command_line_adds_lists_searches_and_casts() {
    let dir = scratch("cli");
    let docs = write_documents(&dir);
    let data = dir.join("data");
    let docs_arg = docs.to_str().expect("utf-8 path");

    let added = dramatis(&data, &["add", docs_arg]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&added.stdout),
        "Added 3 documents.\n"
    );
    assert!(data.join("library.sqlite3").exists());

    let library = json_of(&dramatis(&data, &["library", "--json"]));
    assert_eq!(keys(&library), ["documents"]);
    let documents = library["documents"].as_array().expect("documents");
    assert_eq!(documents.len(), 3);
    assert_eq!(
        keys(&documents[0]),
        [
            "added",
            "bytes",
            "fingerprint",
            "format",
            "opened",
            "path",
            "title",
            "words"
        ]
    );
    let council = documents
        .iter()
        .find(|d| d["title"] == "Council notes")
        .expect("council");
    assert_eq!(council["format"], "markdown");
    assert_eq!(council["opened"], Value::Null);

    let search = json_of(&dramatis(&data, &["search", "orchard*", "--json"]));
    assert_eq!(keys(&search), ["hits", "query"]);
    assert_eq!(search["query"], "orchard*");
    let hits = search["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 2);
    for hit in hits {
        assert_eq!(
            keys(hit),
            ["end", "path", "snippet", "start", "text", "title"]
        );
        // Character offsets into the text `dramatis text` prints.
        let path = hit["path"].as_str().expect("path");
        let text = dramatis(&data, &["text", path]);
        let text = String::from_utf8(text.stdout).expect("utf-8");
        let (start, end) = (
            hit["start"].as_u64().expect("start") as usize,
            hit["end"].as_u64().expect("end") as usize,
        );
        let slice: String = text.chars().skip(start).take(end - start).collect();
        assert_eq!(slice, hit["text"].as_str().expect("text"));
    }
    // "orchard" in the title: 21 characters in, 27 bytes.
    assert_eq!(hits[0]["start"], 21);
    assert_eq!(hits[0]["end"], 28);

    let cast = json_of(&dramatis(&data, &["cast", "--json"]));
    assert_eq!(keys(&cast), ["entities"]);
    let first = &cast["entities"][0];
    assert_eq!(keys(first), ["documents", "kind", "mentions", "name"]);
    assert_eq!(first["name"], "Maria Okonkwo");
    assert_eq!(first["documents"], 2);

    let page = json_of(&dramatis(&data, &["cast", "Maria", "Okonkwo", "--json"]));
    assert_eq!(keys(&page), ["documents", "name"]);
    let documents = page["documents"].as_array().expect("documents");
    assert_eq!(documents.len(), 2);
    assert_eq!(
        keys(&documents[0]),
        [
            "context",
            "first_mention",
            "kind",
            "mentions",
            "name",
            "path",
            "title"
        ]
    );
    assert_eq!(documents[0]["title"], "The Harbour at Dawn");
    assert_eq!(documents[0]["first_mention"], 21);

    let quotes = dramatis(&data, &["export-quotes", "Maria", "Okonkwo"]);
    let markdown = String::from_utf8_lossy(&quotes.stdout);
    assert!(
        markdown.starts_with("# Maria Okonkwo: quotations\n\n## The Harbour at Dawn\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("\n> The boats are late again"),
        "{markdown}"
    );
    let quotes = json_of(&dramatis(
        &data,
        &["export-quotes", "Maria Okonkwo", "--json"],
    ));
    assert_eq!(keys(&quotes), ["name", "quotes"]);
    assert_eq!(
        keys(&quotes["quotes"][0]),
        ["end", "path", "speaker", "start", "text", "title"]
    );

    // The tables.
    let table = dramatis(&data, &["search", "\"ferry timetable\""]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.starts_with("Council notes ("), "{table}");
    assert!(table.contains("new ferry timetable after"), "{table}");
    let listing = String::from_utf8_lossy(&dramatis(&data, &["library"]).stdout).into_owned();
    assert!(
        listing.ends_with("3 documents in the library.\n"),
        "{listing}"
    );

    // A query FTS5 cannot read: a sentence and a failure, no panic.
    let bad = dramatis(&data, &["search", "harbour", "OR"]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.starts_with("dramatis: the search \"harbour OR\" could not be understood"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    // An unreadable file: listed with its reason, the rest added, exit 1.
    std::fs::write(docs.join("broken.txt"), b"\x00\x01\x02 binary").expect("write");
    std::fs::write(docs.join("new.txt"), "A new note about the harbour.\n").expect("write");
    let again = dramatis(&data, &["add", docs_arg]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("could not add: this is not a text file"),
        "{stderr}"
    );
    assert!(stderr.contains("broken.txt"), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "Added 1 document, 3 unchanged.\n"
    );
}

/// Checks that the database at `path` is whole: SQLite's and FTS5's own
/// integrity checks pass, and every document has its text and every chunk
/// its document. Returns the number of documents.
fn check_consistent(path: &Path) -> i64 {
    let conn = rusqlite::Connection::open(path).expect("sqlite");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(integrity, "ok");
    // Killed before the schema's transaction committed: an empty database
    // with no tables, which the next open makes.
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    if version == 0 {
        let tables: i64 = conn
            .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))
            .expect("tables");
        assert_eq!(tables, 0, "a schema half made");
        return 0;
    }
    conn.execute("INSERT INTO chunks(chunks) VALUES('integrity-check')", [])
        .expect("FTS5 integrity check");
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM documents d
             WHERE NOT EXISTS (SELECT 1 FROM chunk_offsets o WHERE o.document_id = d.id)"
        ),
        0,
        "a document without its text"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM chunks"),
        count("SELECT COUNT(*) FROM chunk_offsets"),
        "chunks and their offsets differ"
    );
    count("SELECT COUNT(*) FROM documents")
}

#[test]
fn an_import_killed_midway_leaves_a_consistent_library() {
    let dir = scratch("killed");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("docs");
    const COUNT: usize = 120;
    for i in 0..COUNT {
        let mut text = format!("Report number {i}\n\n");
        for k in 0..12 {
            text.push_str(&format!(
                "Maria Okonkwo wrote paragraph {k} of report {i} in Lisbon, where the ferry timetable changed again.\n\n"
            ));
        }
        std::fs::write(docs.join(format!("report-{i:03}.txt")), text).expect("write");
    }
    let data = dir.join("data");
    let database = data.join("library.sqlite3");
    let docs_arg = docs.to_str().expect("utf-8 path");
    // Killed at once (while the database is made), then each time after
    // it wrote two more documents, going on from what the run before kept:
    // 50 kills in all.
    const KILLS: usize = 50;
    let documents_now = || -> i64 {
        rusqlite::Connection::open(&database)
            .and_then(|c| c.query_row("SELECT COUNT(*) FROM documents", [], |r| r.get(0)))
            .unwrap_or(0)
    };
    let mut kept = 0;
    for step in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dramatis"))
            .env("DRAMATIS_DATA_DIR", &data)
            .args(["add", docs_arg])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("run dramatis");
        if step > 0 {
            while documents_now() < kept + 2 && child.try_wait().expect("poll").is_none() {
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        }
        let _ = child.kill();
        child.wait().expect("wait");
        if database.exists() {
            kept = check_consistent(&database);
            assert!(kept <= COUNT as i64);
        }
    }
    let finished = dramatis(&data, &["add", docs_arg]);
    assert!(
        finished.status.success(),
        "{}",
        String::from_utf8_lossy(&finished.stderr)
    );
    assert_eq!(check_consistent(&database), COUNT as i64);
    let library = Library::open(&database).expect("open");
    assert!(library.warnings.is_empty(), "{:?}", library.warnings);
    let hits = library.search("\"report 119\"", 100).expect("search");
    assert_eq!(hits.len(), 12);
}

/// A third document quoting Maria Okonkwo under a shorter name.
const FERRY: &str = "Ferry news

Mrs Okonkwo opened the new ferry line in Lisbon on Monday. \"The ferry will run all winter,\" Mrs Okonkwo said to the crowd.
";

/// The library's cast entry of `name`, if any, as (documents, mentions).
fn counts(library: &Library, name: &str) -> Option<(u64, u64)> {
    library
        .cast()
        .expect("cast")
        .into_iter()
        .find(|c| c.name == name)
        .map(|c| (c.documents, c.mentions))
}

/// The three documents and the ferry news, added.
fn library_with_ferry(dir: &Path) -> (Library, PathBuf) {
    let (mut library, docs) = library_with_documents(dir);
    std::fs::write(docs.join("ferry.txt"), FERRY).expect("write");
    let report = add(&mut library, &docs);
    assert_eq!(report.added.len(), 1, "{report:?}");
    (library, docs)
}

fn person(name: &str) -> dramatis::library::Identity {
    dramatis::library::Identity::new(name, dramatis::analysis::EntityKind::Person)
}

#[test]
fn a_merge_across_documents_shows_one_entity_with_both_counts_and_quotes() {
    let dir = scratch("merge");
    let (mut library, _) = library_with_ferry(&dir);
    assert_eq!(counts(&library, "Maria Okonkwo"), Some((2, 3)));
    assert_eq!(counts(&library, "Okonkwo"), Some((1, 2)));

    library
        .merge_entity(&person("Okonkwo"), &person("Maria Okonkwo"))
        .expect("merge");
    assert_eq!(counts(&library, "Maria Okonkwo"), Some((3, 5)));
    assert_eq!(counts(&library, "Okonkwo"), None);
    let titles = |name: &str| -> Vec<String> {
        let mut titles: Vec<String> = library
            .appearances(name)
            .expect("appearances")
            .into_iter()
            .map(|a| a.title)
            .collect();
        titles.sort();
        titles
    };
    let all = ["Council notes", "Ferry news", "The Harbour at Dawn"];
    assert_eq!(titles("Maria Okonkwo"), all);
    // The name merged away stands for the one it joined.
    assert_eq!(titles("okonkwo"), all);
    let quotes: Vec<(String, String)> = library
        .quotations("Maria Okonkwo")
        .expect("quotations")
        .into_iter()
        .map(|q| (q.title, q.speaker))
        .collect();
    assert_eq!(
        quotes,
        [
            ("Ferry news".to_owned(), "Maria Okonkwo".to_owned()),
            ("The Harbour at Dawn".to_owned(), "Maria Okonkwo".to_owned())
        ]
    );
}

#[test]
fn identity_choices_outlive_the_index() {
    let dir = scratch("merge-rebuild");
    let (mut library, docs) = library_with_ferry(&dir);
    library
        .merge_entity(&person("Okonkwo"), &person("Maria Okonkwo"))
        .expect("merge");
    let council = docs.join("council.md");
    library
        .split_entity(&person("Maria Okonkwo"), &[council], "Councillor Okonkwo")
        .expect("split");
    let path = library.path().to_owned();
    drop(library);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let library = Library::open(&path).expect("open");
    assert!(
        library.warnings.iter().any(|w| w.contains("rebuilt")),
        "{:?}",
        library.warnings
    );
    assert_eq!(counts(&library, "Maria Okonkwo"), Some((2, 4)));
    assert_eq!(counts(&library, "Councillor Okonkwo"), Some((1, 1)));
    assert_eq!(counts(&library, "Okonkwo"), None);
    // The choices are a file of their own beside the notes.
    let saved = std::fs::read_to_string(dir.join("data/identities.ron")).expect("read");
    assert!(saved.contains("Councillor Okonkwo"), "{saved}");
}

#[test]
fn a_split_keeps_documents_apart_and_each_choice_can_be_taken_back() {
    let dir = scratch("split");
    let (mut library, docs) = library_with_ferry(&dir);
    let council = docs.join("council.md");
    let split = library
        .split_entity(&person("Maria Okonkwo"), &[council], "Councillor Okonkwo")
        .expect("split");
    assert_eq!(split, 1);
    assert_eq!(counts(&library, "Maria Okonkwo"), Some((1, 2)));
    assert_eq!(counts(&library, "Councillor Okonkwo"), Some((1, 1)));
    let page = library.appearances("Councillor Okonkwo").expect("page");
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].title, "Council notes");
    // Its first mention is still placed in the text.
    assert!(page[0].context.contains("Maria Okonkwo"), "{page:?}");

    // Merging the split name back takes the split back.
    library
        .merge_entity(&person("Councillor Okonkwo"), &person("Maria Okonkwo"))
        .expect("merge back");
    assert_eq!(counts(&library, "Maria Okonkwo"), Some((2, 3)));
    assert_eq!(counts(&library, "Councillor Okonkwo"), None);

    // A merge taken back: listed on its own again.
    library
        .merge_entity(&person("Okonkwo"), &person("Maria Okonkwo"))
        .expect("merge");
    assert_eq!(counts(&library, "Maria Okonkwo"), Some((3, 5)));
    let undone = library.unmerge_entity("OKONKWO").expect("unmerge");
    assert_eq!(undone, [person("Okonkwo")]);
    assert_eq!(counts(&library, "Okonkwo"), Some((1, 2)));
    assert_eq!(counts(&library, "Maria Okonkwo"), Some((2, 3)));

    // Nothing changes for a document not in the library or not naming it.
    let elsewhere = dir.join("elsewhere.txt");
    std::fs::write(&elsewhere, "Nothing here.\n").expect("write");
    let error = library
        .split_entity(&person("Maria Okonkwo"), &[elsewhere], "Someone")
        .expect_err("not in the library");
    assert!(
        error.to_string().starts_with("not in the library"),
        "{error}"
    );
    let error = library
        .split_entity(
            &person("Maria Okonkwo"),
            &[docs.join("nested/orchard.txt")],
            "Someone",
        )
        .expect_err("not mentioned");
    assert!(
        error.to_string().contains("is not in this document's cast"),
        "{error}"
    );
    assert_eq!(counts(&library, "Someone"), None);
}

#[test]
fn two_libraries_open_at_once_keep_each_other_s_choices() {
    let dir = scratch("merge-two-writers");
    let (mut first, docs) = library_with_ferry(&dir);
    let mut second = Library::open(first.path()).expect("open again");
    first
        .merge_entity(&person("Okonkwo"), &person("Maria Okonkwo"))
        .expect("merge");
    second
        .split_entity(
            &person("Maria Okonkwo"),
            &[docs.join("council.md")],
            "Councillor Okonkwo",
        )
        .expect("split");
    for library in [&first, &second] {
        assert_eq!(counts(library, "Maria Okonkwo"), Some((2, 4)));
        assert_eq!(counts(library, "Councillor Okonkwo"), Some((1, 1)));
    }
    let choices = first.identities().expect("identities").choices;
    assert_eq!(choices.len(), 2, "{choices:?}");
}

#[test]
fn an_unreadable_choices_file_is_left_alone_and_said() {
    let dir = scratch("merge-unreadable");
    let (library, _) = library_with_ferry(&dir);
    let path = library.path().to_owned();
    drop(library);
    let file = dir.join("data/identities.ron");
    std::fs::write(&file, "(version: 1, choices: [oops").expect("write");
    let mut library = Library::open(&path).expect("open");
    assert!(
        library
            .warnings
            .iter()
            .any(|w| w.contains("could not be understood") && w.contains("identities.ron")),
        "{:?}",
        library.warnings
    );
    let error = library
        .merge_entity(&person("Okonkwo"), &person("Maria Okonkwo"))
        .expect_err("refused");
    assert!(error.to_string().contains("identities.ron"), "{error}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "(version: 1, choices: [oops"
    );
}

#[test]
fn the_command_line_merges_and_splits() {
    let dir = scratch("cli-merge");
    let docs = write_documents(&dir);
    std::fs::write(docs.join("ferry.txt"), FERRY).expect("write");
    let data = dir.join("data");
    let docs_arg = docs.to_str().expect("utf-8 path");
    assert!(dramatis(&data, &["add", docs_arg]).status.success());

    let merged = dramatis(&data, &["cast", "--merge", "okonkwo", "Maria Okonkwo"]);
    assert!(merged.status.success(), "{merged:?}");
    assert_eq!(
        String::from_utf8_lossy(&merged.stdout),
        "Okonkwo (person) is now counted as Maria Okonkwo (person) in every document of \
         your library: 3 documents, 5 mentions.\n"
    );
    let cast = json_of(&dramatis(&data, &["cast", "--json"]));
    assert_eq!(cast["entities"][0]["name"], "Maria Okonkwo");
    assert_eq!(cast["entities"][0]["documents"], 3);
    let quotes =
        String::from_utf8_lossy(&dramatis(&data, &["export-quotes", "Maria Okonkwo"]).stdout)
            .into_owned();
    assert!(quotes.contains("## Ferry news"), "{quotes}");
    assert!(quotes.contains("## The Harbour at Dawn"), "{quotes}");

    let council = docs.join("council.md");
    let split = dramatis(
        &data,
        &[
            "cast",
            "--split",
            "Maria Okonkwo",
            council.to_str().expect("utf-8"),
        ],
    );
    assert!(split.status.success(), "{split:?}");
    assert_eq!(
        String::from_utf8_lossy(&split.stdout),
        "In 1 document, Maria Okonkwo (person) is now listed as Maria Okonkwo (Council notes); \
         the other documents keep Maria Okonkwo.\n"
    );
    let page = json_of(&dramatis(
        &data,
        &["cast", "Maria Okonkwo (Council notes)", "--json"],
    ));
    assert_eq!(page["documents"][0]["title"], "Council notes");

    let unmerged = dramatis(&data, &["cast", "--split", "Okonkwo"]);
    assert!(unmerged.status.success(), "{unmerged:?}");
    assert_eq!(
        String::from_utf8_lossy(&unmerged.stdout),
        "Okonkwo (person) is listed on its own again.\n"
    );
    // Nothing to take back, and a name nobody has: sentences, exit 1.
    for args in [
        &["cast", "--split", "Okonkwo"][..],
        &["cast", "--merge", "Nobody Atall", "Maria Okonkwo"][..],
    ] {
        let failed = dramatis(&data, args);
        assert_eq!(failed.status.code(), Some(1), "{failed:?}");
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert!(stderr.starts_with("dramatis: "), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let help = String::from_utf8_lossy(&dramatis(&data, &["--help"]).stdout).into_owned();
    assert!(help.contains("dramatis cast --merge NAME INTO"), "{help}");
    assert!(help.contains("dramatis cast --split NAME"), "{help}");
}

#[test]
fn a_document_edited_since_its_notes_keeps_its_corrections() {
    use dramatis::analysis::EntityKind;
    use dramatis::annotations::Correction;
    let dir = scratch("corrections-by-path");
    let docs = write_documents(&dir);
    let council = docs.join("council.md").canonicalize().expect("path");
    save_notes(&dir, &council, |_, notes| {
        notes.corrections.push(Correction::Rename {
            name: "Maria Okonkwo".into(),
            kind: EntityKind::Person,
            to: "Councillor Okonkwo".into(),
        });
    });
    // The text changes after the notes were written: they are found by
    // the path they name, not by the new text's fingerprint.
    std::fs::write(&council, format!("{COUNCIL}\nA line added later.\n")).expect("write");
    let mut library = open_library(&dir);
    add(&mut library, &docs);
    assert_eq!(counts(&library, "Councillor Okonkwo"), Some((1, 1)));
}

#[test]
fn highlights_and_notes_are_searched_and_counted_on_the_shelf() {
    use dramatis::annotations::HighlightColor;
    use dramatis::annotations::store::Store;
    use dramatis::span::Span;

    let dir = scratch("notes-index");
    let (mut library, docs) = library_with_documents(&dir);
    let path = docs.join("harbour.txt");
    let notes = save_notes(&dir, &path, |text, notes| {
        let at = text.find("lighthouse keeper").expect("there");
        let id = notes
            .add_highlight(
                text,
                Span::new(at, at + "lighthouse keeper".len()),
                HighlightColor::Yellow,
                jiff::Timestamp::now(),
            )
            .expect("a highlight");
        let highlight = notes.highlight_mut(id).expect("it");
        highlight.note = "Reminds me of Grandfather Ezekiel".to_owned();
        highlight.tags = vec!["family".to_owned()];
    });

    assert_eq!(library.index_notes().expect("index"), 1);
    assert_eq!(
        library.index_notes().expect("again"),
        0,
        "unchanged: not read"
    );

    let hits = library.search_notes("ezekiel", 10).expect("search");
    assert_eq!(hits.len(), 1, "{hits:?}");
    let hit = &hits[0];
    assert_eq!(hit.path.as_deref(), Some(path.as_path()));
    assert_eq!(hit.title, "The Harbour at Dawn");
    assert_eq!(hit.passage, "lighthouse keeper");
    assert_eq!(&hit.note[hit.note_marks[0].clone()], "Ezekiel");
    let text = dramatis::document::load(&path).expect("load").text;
    let by_chars: String = text
        .chars()
        .skip(hit.start_char)
        .take(hit.end_char - hit.start_char)
        .collect();
    assert_eq!(by_chars, "lighthouse keeper");
    // The passage is searched too, and tags.
    assert_eq!(
        library
            .search_notes("\"lighthouse keeper\"", 10)
            .expect("s")
            .len(),
        1
    );
    assert_eq!(library.search_notes("family", 10).expect("s").len(), 1);

    let shelf = library.shelf().expect("shelf");
    let harbour = shelf
        .iter()
        .find(|e| e.document.path == path)
        .expect("on the shelf");
    assert_eq!(
        (harbour.highlights, harbour.tags.clone()),
        (1, vec!["family".to_owned()])
    );
    assert!(
        shelf
            .iter()
            .filter(|e| e.document.path != path)
            .all(|e| e.highlights == 0)
    );

    // A notes file removed takes its rows with it.
    std::fs::remove_file(Store::at(data_folder(&dir)).annotations_path(&notes.fingerprint))
        .expect("remove");
    library.index_notes().expect("index");
    assert!(library.search_notes("ezekiel", 10).expect("s").is_empty());
}

#[test]
fn the_shelf_has_the_byline_and_date_a_page_gives() {
    let dir = scratch("shelf-byline");
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).expect("folder");
    std::fs::write(
        docs.join("page.html"),
        "<html><head><title>Tides</title><meta name=\"author\" content=\"Ana Lima\">\
         <meta property=\"article:published_time\" content=\"2024-03-01T09:00:00Z\"></head>\
         <body><article><h1>Tides</h1><p>The tide came in over the flats of the estuary at \
         dawn, and the herons lifted from the reeds one after another.</p></article></body></html>",
    )
    .expect("write");
    let mut library = open_library(&dir);
    add(&mut library, &docs);
    let shelf = library.shelf().expect("shelf");
    assert_eq!(shelf.len(), 1);
    assert_eq!(shelf[0].byline.as_deref(), Some("Ana Lima"));
    assert!(
        shelf[0]
            .published
            .as_deref()
            .is_some_and(|d| d.starts_with("2024-03-01")),
        "{:?}",
        shelf[0].published
    );
}

#[test]
fn a_cancelled_add_keeps_what_it_wrote_and_does_not_remember_the_folder() {
    use std::sync::atomic::AtomicBool;
    let dir = scratch("cancel");
    let docs = write_documents(&dir);
    let mut library = open_library(&dir);
    let report = library
        .add_cancellable(&[&docs], &mut |_, _| {}, &AtomicBool::new(true))
        .expect("add");
    assert!(
        report.added.is_empty(),
        "cancelled before the first file: {report:?}"
    );
    assert!(library.sources().is_empty());
    add(&mut library, &docs);
    assert_eq!(library.sources(), vec![docs.canonicalize().expect("abs")]);
}

#[test]
fn a_schema_1_library_is_migrated_and_read_again_for_its_bylines() {
    let dir = scratch("migrate-1");
    let (library, docs) = library_with_documents(&dir);
    let path = library.path().to_owned();
    drop(library);
    // Back to schema 1, as an older build left it.
    {
        let conn = rusqlite::Connection::open(&path).expect("open");
        conn.execute_batch(
            "DROP TABLE highlight_text; DROP TABLE highlights; DROP TABLE note_files;
             DROP VIEW quote_identities; DROP VIEW entity_identities;
             DROP TABLE identity_splits; DROP TABLE identity_merges;
             ALTER TABLE documents DROP COLUMN byline; ALTER TABLE documents DROP COLUMN published;
             PRAGMA user_version = 1;",
        )
        .expect("downgrade");
    }
    let mut library = Library::open(&path).expect("migrated");
    assert_eq!(library.shelf().expect("shelf").len(), 3);
    let report = add(&mut library, &docs);
    assert_eq!(report.updated.len(), 3, "read again: {report:?}");
}
