//! Property tests: any bytes given to the loaders never panic, and a loaded
//! document's block and style spans are valid; any notes file, dictionary
//! or notes index in the store is read or set aside with a sentence, never
//! a panic; any annotations given to an import become valid highlights or
//! a sentence.
//!
//! Each property runs 64 cases by default. A long run, the fuzzing of every
//! loader, is asked for with `PROPTEST_CASES`:
//! `PROPTEST_CASES=100000 cargo test --release --test loader_props`.

mod epub_support;

use std::path::Path;

use dramatis::annotations::Annotations;
use dramatis::annotations::store::Store;
use dramatis::document::{self, Document, Format};
use dramatis::export;
use proptest::prelude::*;

/// The cases each property runs: `PROPTEST_CASES` when set, else 64.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        // A long run would otherwise stop at proptest's default limit of
        // rejected inputs, which none of these properties reject.
        max_global_rejects: cases,
        ..ProptestConfig::with_cases(cases)
    }
}

/// Spans in bounds, on char boundaries, sorted; blocks non-empty and apart.
fn assert_valid(document: &Document) {
    let text = &document.text;
    let valid = |s: dramatis::span::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    let mut previous_end = 0;
    for block in &document.blocks {
        assert!(
            valid(block.span) && !block.span.is_empty(),
            "block {:?}",
            block.span
        );
        assert!(
            block.span.start >= previous_end,
            "blocks unsorted or overlapping"
        );
        previous_end = block.span.end;
    }
    for pair in document.styles.windows(2) {
        assert!(pair[0].span.start <= pair[1].span.start, "styles unsorted");
    }
    for style in &document.styles {
        assert!(valid(style.span), "style {:?}", style.span);
    }
    for section in &document.sections {
        assert!(valid(section.span), "section {:?}", section.span);
    }
}

fn check(bytes: &[u8], format: Format) {
    if let Ok(document) = document::from_bytes(bytes, format, Path::new("any")) {
        assert_valid(&document);
    }
}

/// One MIME part: headers from a small vocabulary (so that multipart
/// structure, charsets and transfer encodings are really hit) and a body.
fn mime_part() -> impl Strategy<Value = String> {
    let ctype = prop_oneof![
        Just("text/html"),
        Just("text/html; charset=windows-1252"),
        Just("text/html; charset=utf-16"),
        Just("text/plain"),
        Just("image/png"),
        Just("multipart/related; boundary=\"b\""),
        Just("multipart/related; boundary=\"c\""),
        Just("multipart/alternative; boundary=b"),
    ];
    let encoding = prop_oneof![
        Just(""),
        Just("Content-Transfer-Encoding: quoted-printable\n"),
        Just("Content-Transfer-Encoding: base64\n"),
    ];
    let body = "[a-zA-Z0-9 =<>/\n\r-]{0,120}";
    (ctype, encoding, body)
        .prop_map(|(ctype, encoding, body)| format!("Content-Type: {ctype}\n{encoding}\n{body}"))
}

/// An MHTML archive: parts joined by the boundaries they may declare.
fn mhtml_archive() -> impl Strategy<Value = String> {
    let separator = prop_oneof![
        Just("\n--b\n"),
        Just("\n--c\n"),
        Just("\n--b--\n"),
        Just("\n")
    ];
    proptest::collection::vec((mime_part(), separator), 1..8).prop_map(|parts| {
        parts
            .into_iter()
            .map(|(part, separator)| format!("{part}{separator}"))
            .collect()
    })
}

/// A notes file: RON close to the real format, then bytes changed in it.
fn notes_file() -> impl Strategy<Value = Vec<u8>> {
    let fields = prop_oneof![
        Just("version: 1, "),
        Just("version: 99, "),
        Just("fingerprint: \"0000000000000000\", "),
        Just("title: \"A\", path: Some(\"/a.txt\"), "),
        Just("highlights: [], orphans: [], "),
        Just(
            "highlights: [(id: 1, span: (start: 0, end: 7), color: Yellow, note: \"\", tags: [], created: \"2026-01-01T00:00:00Z\", modified: \"2026-01-01T00:00:00Z\", quote: (exact: \"Natasha\", prefix: \"\", suffix: \"\"), position: (start: 0, end: 7))], "
        ),
        Just("entity_notes: {}, corrections: [], "),
        Just("unknown_field: (a: [1, 2]), "),
        Just("\u{0}"),
    ];
    (
        proptest::collection::vec(fields, 0..8),
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
    )
        .prop_map(|(fields, flips)| {
            let mut bytes = format!("({})", fields.concat()).into_bytes();
            for (index, byte) in flips {
                let i = index.index(bytes.len());
                bytes[i] ^= byte;
            }
            bytes
        })
}

/// Bytes changed at random places: `flips` xor'ed in.
fn flipped(mut bytes: Vec<u8>, flips: Vec<(prop::sample::Index, u8)>) -> Vec<u8> {
    if bytes.is_empty() {
        return bytes;
    }
    for (index, byte) in flips {
        let i = index.index(bytes.len());
        bytes[i] ^= byte;
    }
    bytes
}

fn flips() -> impl Strategy<Value = Vec<(prop::sample::Index, u8)>> {
    proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4)
}

/// A fresh store folder for one case of a property.
fn scratch_store(what: &str) -> (std::path::PathBuf, Store) {
    let dir = std::env::temp_dir().join(format!(
        "dramatis-{what}-props-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::at(&dir);
    std::fs::create_dir_all(store.annotations_dir()).expect("notes folder");
    (dir, store)
}

/// The text the annotation properties import into.
const IMPORT_TEXT: &str =
    "Natasha met Pierre in Moscow. “Ah,” said Natasha, “日本 é.” Pierre left.";

/// One W3C annotation (or a Hypothesis row) from a vocabulary of the
/// selectors, bodies and fields that the import reads, with numbers that
/// may be far outside the text.
fn w3c_annotation() -> impl Strategy<Value = String> {
    let exact = prop_oneof![
        Just("Natasha"),
        Just("Pierre"),
        Just("日本 é"),
        Just("absent words"),
        Just(""),
        Just(" "),
        Just("Natasha met Pierre in Moscow."),
    ];
    let number = prop_oneof![
        0u64..80,
        Just(u64::MAX),
        Just(u64::from(u32::MAX) + 1),
        any::<u64>()
    ];
    let selector = (exact.clone(), exact, number.clone(), number).prop_flat_map(
        |(exact, prefix, start, end)| {
            prop_oneof![
                Just(format!(
                    r#"{{"type": "TextQuoteSelector", "exact": "{exact}", "prefix": "{prefix}", "suffix": ""}}"#
                )),
                Just(format!(
                    r#"{{"type": "TextPositionSelector", "start": {start}, "end": {end}}}"#
                )),
                Just(format!(r#"{{"type": "TextPositionSelector", "start": -1, "end": "{end}"}}"#)),
                Just(r#"{"type": ["TextQuoteSelector"], "exact": 7}"#.to_owned()),
                Just(r#""TextQuoteSelector""#.to_owned()),
            ]
        },
    );
    let selectors = proptest::collection::vec(selector, 0..4);
    let target = selectors.prop_flat_map(|selectors| {
        let list = selectors.join(", ");
        let one = selectors
            .first()
            .cloned()
            .unwrap_or_else(|| "null".to_owned());
        prop_oneof![
            Just(format!(
                r#""target": {{"source": "a", "selector": [{list}]}}"#
            )),
            Just(format!(
                r#""target": [{{"selector": {one}}}, {{"selector": [{list}]}}]"#
            )),
            Just(r#""target": "https://example.org/a""#.to_owned()),
            Just(r#""target": 3"#.to_owned()),
            Just(String::new()),
        ]
    });
    let field = prop_oneof![
        Just(r#""type": "Annotation""#),
        Just(r#""id": "urn:a""#),
        Just(r#""body": {"type": "TextualBody", "value": "a note"}"#),
        Just(
            r#""body": [{"value": "t", "purpose": "tagging"}, {"value": " ", "purpose": ["tagging", "x"]}, {"value": 1}]"#
        ),
        Just(r#""tags": ["a", " a ", "", 5]"#),
        Just(r#""created": "2026-01-01T00:00:00Z""#),
        Just(r#""modified": "not a time""#),
        Just(r#""updated": "2026-02-30T99:00:00Z""#),
        Just(r#""dramatis:color": "Green""#),
    ];
    (target, proptest::collection::vec(field, 0..5)).prop_map(|(target, fields)| {
        let mut all = fields.into_iter().map(str::to_owned).collect::<Vec<_>>();
        if !target.is_empty() {
            all.push(target);
        }
        format!("{{{}}}", all.join(", "))
    })
}

/// A file of web annotations in each shape the import accepts (and some
/// it refuses), then bytes changed in it.
fn w3c_file() -> impl Strategy<Value = Vec<u8>> {
    let annotations = proptest::collection::vec(w3c_annotation(), 0..6).prop_map(|a| a.join(", "));
    let shaped = annotations.prop_flat_map(|items| {
        prop_oneof![
            Just(format!("[{items}]")),
            Just(format!(r#"{{"type": "AnnotationPage", "items": [{items}]}}"#)),
            Just(format!(
                r#"{{"type": "AnnotationCollection", "first": {{"type": "AnnotationPage", "items": [{items}], "next": {{"items": [{items}], "next": "https://example.org/2"}}}}}}"#
            )),
            Just(format!(r#"{{"@type": ["AnnotationCollection"], "items": [{items}], "first": 3}}"#)),
            Just(format!(r#"{{"total": 1, "rows": [{items}]}}"#)),
            Just(format!("\u{feff}[{items}, 1]")),
            Just(items.split(", {").next().unwrap_or("").to_owned()),
            Just(format!(r#"{{"items": [{items}]}}"#)),
            Just("null".to_owned()),
        ]
    });
    (shaped, flips()).prop_map(|(text, flips)| flipped(text.into_bytes(), flips))
}

/// Imported highlights lie on the text's char boundaries; merged twice,
/// the second merge adds nothing.
fn check_import(bytes: &[u8]) -> Result<(), TestCaseError> {
    let json = String::from_utf8_lossy(bytes);
    let Ok(report) = export::import_w3c(&json, IMPORT_TEXT, jiff::Timestamp::UNIX_EPOCH) else {
        return Ok(());
    };
    for highlight in &report.highlights {
        let span = highlight.span;
        prop_assert!(span.start <= span.end && span.end <= IMPORT_TEXT.len());
        prop_assert!(IMPORT_TEXT.is_char_boundary(span.start));
        prop_assert!(IMPORT_TEXT.is_char_boundary(span.end));
    }
    for reason in &report.skipped {
        prop_assert!(!reason.is_empty());
    }
    let mut annotations = Annotations::new(IMPORT_TEXT, None, "A");
    let again = report.clone();
    report.merge_into(&mut annotations);
    let merged = again.merge_into(&mut annotations);
    prop_assert_eq!(merged.added + merged.orphaned, 0);
    Ok(())
}

/// A dictionary file: RON close to the real format, then bytes changed.
fn dictionary_file() -> impl Strategy<Value = Vec<u8>> {
    let fields = prop_oneof![
        Just("version: 1, "),
        Just("version: 99, "),
        Just("entries: [], "),
        Just(
            r#"entries: [(name: "Moscow", rule: Always(Place)), (name: "Ah", rule: Never, set_at: Some("2026-01-01T00:00:00Z"))], "#
        ),
        Just(r#"entries: [(name: "", rule: Always(Elephant))], "#),
        Just("unknown_field: [1, 2], "),
        Just("\u{0}"),
    ];
    (proptest::collection::vec(fields, 0..6), flips())
        .prop_map(|(fields, flips)| flipped(format!("({})", fields.concat()).into_bytes(), flips))
}

/// A notes index: RON close to the real format (entries that may name the
/// notes file really there, with wrong sizes, times or paths), then bytes
/// changed.
fn index_file() -> impl Strategy<Value = Vec<u8>> {
    let entry = prop_oneof![
        Just(
            r#"(file: "NOTES", len: 0, modified_secs: 0, modified_nanos: 0, path: Some("/b.txt"))"#
        ),
        Just(
            r#"(file: "NOTES", len: 18446744073709551615, modified_secs: 1, modified_nanos: 4000000000, path: None)"#
        ),
        Just(
            r#"(file: "../../x.ron", len: 1, modified_secs: 1, modified_nanos: 1, path: Some("/a.txt"))"#
        ),
        Just(r#"(file: "", len: 1, modified_secs: 1, modified_nanos: 1, path: Some(""))"#),
        Just("(file: 3)"),
    ];
    let version = prop_oneof![Just("version: 1, "), Just("version: 2, "), Just("")];
    (version, proptest::collection::vec(entry, 0..4), flips()).prop_map(
        |(version, entries, flips)| {
            let text = format!("({version}entries: [{}])", entries.join(", "));
            flipped(text.into_bytes(), flips)
        },
    )
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_load_safely(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for format in [Format::PlainText, Format::Markdown, Format::Html, Format::Mhtml, Format::Epub] {
            check(&bytes, format);
        }
    }

    #[test]
    fn any_archive_loads_safely(archive in mhtml_archive()) {
        check(archive.as_bytes(), Format::Mhtml);
    }

    #[test]
    fn any_notes_file_opens_safely(bytes in notes_file()) {
        let text = "Natasha met Pierre in Moscow.";
        let dir = std::env::temp_dir().join(format!(
            "dramatis-notes-props-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let store = Store::at(&dir);
        std::fs::create_dir_all(store.annotations_dir()).expect("notes folder");
        let file = store.annotations_path(&dramatis::annotations::fingerprint(text));
        std::fs::write(&file, &bytes).expect("write notes file");
        let opened = store.open(text, Some(Path::new("/a.txt")), "A");
        for highlight in &opened.annotations.highlights {
            prop_assert!(highlight.span.end <= text.len());
            prop_assert!(text.is_char_boundary(highlight.span.start));
            prop_assert!(text.is_char_boundary(highlight.span.end));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn any_text_loads_safely(text in "[a-zé“”<>/&;#*_\\[\\]()!\\- \t\r\n\u{a0}\u{200b}日本\u{5d0}]{0,400}") {
        for format in [Format::PlainText, Format::Markdown, Format::Html] {
            check(text.as_bytes(), format);
        }
    }

    #[test]
    fn damaged_books_load_safely(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut book = epub_support::book();
        for (index, byte) in flips {
            let i = index.index(book.len());
            book[i] ^= byte;
        }
        let keep = cut.index(book.len() + 1).max(book.len() * 3 / 4);
        check(&book[..keep.min(book.len())], Format::Epub);
    }

    #[test]
    fn any_annotations_import_safely(bytes in w3c_file()) {
        check_import(&bytes)?;
    }

    #[test]
    fn any_bytes_import_safely(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        check_import(&bytes)?;
    }

    #[test]
    fn any_dictionary_opens_safely(bytes in dictionary_file()) {
        let (dir, store) = scratch_store("dictionary");
        std::fs::write(store.dictionary_path(), &bytes).expect("write dictionary");
        let (dictionary, problems) = store.dictionary();
        for problem in &problems {
            prop_assert!(problem.ends_with('.'), "not a sentence: {}", problem);
        }
        if !problems.is_empty() {
            prop_assert!(dictionary.entries.is_empty());
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The index is a cache: whatever it holds, the notes kept for a
    /// document's path are found when its text changed.
    #[test]
    fn any_notes_index_is_only_a_cache(bytes in index_file()) {
        let (dir, store) = scratch_store("index");
        let old_text = "Natasha met Pierre in Moscow.";
        let notes = store.annotations_path(&dramatis::annotations::fingerprint(old_text));
        let name = notes.file_name().and_then(|n| n.to_str()).expect("a name").to_owned();
        std::fs::write(
            &notes,
            concat!(
                "(version: 1, fingerprint: \"0\", title: \"A\", path: Some(\"/a.txt\"), ",
                "highlights: [(id: 1, span: (start: 0, end: 7), color: Yellow, note: \"n\", ",
                "tags: [], created: \"2026-01-01T00:00:00Z\", modified: \"2026-01-01T00:00:00Z\", ",
                "quote: (exact: \"Natasha\", prefix: \"\", suffix: \"\"), position: (start: 0, end: 7))], ",
                "orphans: [])"
            ),
        )
        .expect("write notes file");
        let index = String::from_utf8_lossy(&bytes).replace("NOTES", &name);
        std::fs::write(store.index_path(), index).expect("write index");
        let new_text = "Natasha met Pierre in Moscow, at last.";
        let opened = store.open(new_text, Some(Path::new("/a.txt")), "A");
        prop_assert_eq!(opened.annotations.highlights.len(), 1, "{:?}", opened.problems);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
