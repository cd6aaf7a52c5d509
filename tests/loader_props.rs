//! Property tests: any bytes given to the loaders never panic, and a loaded
//! document's block and style spans are valid; any notes file in the store
//! is read or set aside with a sentence, never a panic.
//!
//! Each property runs 64 cases by default. A long run, the fuzzing of every
//! loader, is asked for with `PROPTEST_CASES`:
//! `PROPTEST_CASES=100000 cargo test --release --test loader_props`.

mod epub_support;

use std::path::Path;

use dramatis::annotations::store::Store;
use dramatis::document::{self, Document, Format};
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
}
