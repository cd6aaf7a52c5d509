//! Property tests: any bytes given to the loaders never panic, and a loaded
//! document's block and style spans are valid.

mod epub_support;

use std::path::Path;

use dramatis::document::{self, Document, Format};
use proptest::prelude::*;

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_bytes_load_safely(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        for format in [Format::PlainText, Format::Markdown, Format::Html, Format::Epub] {
            check(&bytes, format);
        }
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
