//! E-books: chapters, table of contents, metadata, and hostile archives.

mod epub_support;

use std::path::Path;

use dramatis::document::{self, BlockKind, Format};

fn load(bytes: &[u8]) -> Result<document::Document, document::LoadError> {
    document::from_bytes(bytes, Format::Epub, Path::new("book.epub"))
}

#[test]
fn chapters_become_sections_in_spine_order() {
    let book = load(&epub_support::book()).expect("the fixture book loads");
    assert_eq!(book.format, Format::Epub);
    assert_eq!(book.title, "The Long Visit");
    assert_eq!(book.byline.as_deref(), Some("Ann Lee"));
    let blocks: Vec<(&str, BlockKind)> = book
        .blocks
        .iter()
        .map(|b| (b.span.text(&book.text), b.kind))
        .collect();
    assert_eq!(
        blocks,
        [
            ("The Train", BlockKind::Heading(1)),
            (
                "Kim Jong-un arrived in Vladivostok by train.",
                BlockKind::Paragraph
            ),
            (
                "\u{201c}We are glad,\u{201d} said Putin.",
                BlockKind::Paragraph
            ),
            ("Moscow", BlockKind::Heading(1)),
            (
                "They talked for hours\u{2014}and then left.",
                BlockKind::Paragraph
            ),
        ]
    );
    let sections: Vec<(&str, &str)> = book
        .sections
        .iter()
        .map(|s| (s.title.as_str(), s.span.text(&book.text)))
        .collect();
    assert_eq!(
        sections,
        [
            (
                "I. The Train",
                "The Train\n\nKim Jong-un arrived in Vladivostok by train.\n\n\u{201c}We are glad,\u{201d} said Putin."
            ),
            (
                "II. Moscow",
                "Moscow\n\nThey talked for hours\u{2014}and then left."
            ),
        ]
    );
    let styled: Vec<&str> = book
        .styles
        .iter()
        .map(|s| s.span.text(&book.text))
        .collect();
    assert_eq!(styled, ["Vladivostok"]);
    assert!(book.warnings.is_empty(), "{:?}", book.warnings);
}

#[test]
fn broken_and_hostile_archives_get_one_clear_message() {
    let good = epub_support::book();
    let zeros = vec![0u8; 300 * 1024 * 1024];
    let many: Vec<(String, Vec<u8>)> = (0..20_001).map(|i| (format!("f{i}"), Vec::new())).collect();
    let many_refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_slice()))
        .collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated",
            good[..good.len() / 2].to_vec(),
            "the e-book is damaged or not a ZIP archive",
        ),
        (
            "not a zip",
            b"just some text".to_vec(),
            "the e-book is damaged or not a ZIP archive",
        ),
        (
            "no container",
            epub_support::zip(&[("mimetype", b"application/epub+zip")]),
            "the e-book is missing a required part (META-INF/container.xml)",
        ),
        (
            "path traversal",
            epub_support::zip(&[("../../evil.xhtml", b"<p>x</p>")]),
            "the e-book has a file name that points outside the book (\"../../evil.xhtml\")",
        ),
        (
            "zip bomb",
            epub_support::zip(&[("OEBPS/zeros.xhtml", &zeros)]),
            "the e-book would unpack to more than 256 MB",
        ),
        (
            "too many entries",
            epub_support::zip(&many_refs),
            "the e-book holds too many files (20001, the limit is 20000)",
        ),
    ];
    for (name, bytes, message) in cases {
        let error = load(&bytes).expect_err(name);
        let text = error.to_string();
        assert!(
            text.starts_with(message) && text.ends_with(": book.epub"),
            "{name}: {text}"
        );
    }
}
