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

/// The pixel at (x, y) of a cover.
fn pixel(cover: &document::Cover, x: u32, y: u32) -> [u8; 4] {
    let at = ((y * cover.width + x) * 4) as usize;
    cover.rgba[at..at + 4].try_into().expect("four bytes")
}

#[test]
fn the_cover_is_found_however_the_book_names_it() {
    use epub_support::{COVER_BOTTOM, COVER_TOP, CoverDeclaration};
    let png = epub_support::cover_png(40, 60);
    for declaration in [
        CoverDeclaration::Property,
        CoverDeclaration::Meta,
        CoverDeclaration::FileName,
    ] {
        let book = load(&epub_support::book_with_cover(declaration, &png))
            .unwrap_or_else(|e| panic!("{declaration:?}: {e}"));
        let cover = book
            .cover
            .as_ref()
            .unwrap_or_else(|| panic!("{declaration:?}: a cover"));
        assert_eq!((cover.width, cover.height), (40, 60), "{declaration:?}");
        assert_eq!(cover.rgba.len(), 40 * 60 * 4, "{declaration:?}");
        assert_eq!(cover.media_type, "image/png");
        // (x, y, colour): the top half one colour, the bottom the other.
        for (x, y, colour) in [
            (0, 0, COVER_TOP),
            (39, 29, COVER_TOP),
            (0, 30, COVER_BOTTOM),
            (39, 59, COVER_BOTTOM),
        ] {
            assert_eq!(pixel(cover, x, y), colour, "{declaration:?} at {x},{y}");
        }
        assert!(book.warnings.is_empty(), "{:?}", book.warnings);
        let debug = format!("{cover:?}");
        assert!(debug.len() < 200, "the pixels are not dumped: {debug}");
    }
}

#[test]
fn a_large_cover_is_scaled_down_keeping_its_shape() {
    let png = epub_support::cover_png(1000, 1500);
    let book = load(&epub_support::book_with_cover(
        epub_support::CoverDeclaration::Property,
        &png,
    ))
    .expect("the book loads");
    let cover = book.cover.expect("a cover");
    assert_eq!((cover.width, cover.height), (400, 600));
    assert_eq!(pixel(&cover, 200, 10), epub_support::COVER_TOP);
    assert_eq!(pixel(&cover, 200, 590), epub_support::COVER_BOTTOM);
}

#[test]
fn a_book_opens_without_a_cover_when_it_has_none_or_a_broken_one() {
    use epub_support::CoverDeclaration;
    let png = epub_support::cover_png(40, 60);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("no cover", epub_support::book()),
        (
            "garbage bytes",
            epub_support::book_with_cover(CoverDeclaration::Property, b"\x89PNG not really"),
        ),
        (
            "truncated png",
            epub_support::book_with_cover(CoverDeclaration::Meta, &png[..png.len() / 2]),
        ),
        (
            "declared but missing",
            epub_support::book_with(
                r#"<meta name="cover" content="gone"/>"#,
                r#"<item id="gone" href="images/gone.png" media-type="image/png"/>"#,
                &[],
            ),
        ),
        (
            "outside the book",
            epub_support::book_with(
                "",
                r#"<item id="c" href="../../cover.png" media-type="image/png" properties="cover-image"/>"#,
                &[("cover.png", &png)],
            ),
        ),
    ];
    for (name, bytes) in cases {
        let book = load(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(book.cover.is_none(), "{name}");
        assert_eq!(book.title, "The Long Visit", "{name}");
        assert_eq!(book.sections.len(), 2, "{name}");
        assert!(book.warnings.is_empty(), "{name}: {:?}", book.warnings);
    }
}

#[test]
fn other_formats_have_no_cover() {
    for (format, bytes) in [
        (Format::PlainText, "A short note.".as_bytes()),
        (Format::Markdown, b"# A title\n\nText."),
        (
            Format::Html,
            b"<html><body><p>Some text here.</p></body></html>",
        ),
    ] {
        let doc = document::from_bytes(bytes, format, Path::new("note")).expect("loads");
        assert!(doc.cover.is_none(), "{format:?}");
    }
}
