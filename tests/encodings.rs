//! Encodings and line ends: bytes in, the text a reader sees out.
//!
//! Each case gives a file's bytes, the text Dramatis must load, a piece of
//! the warning it must show (or none), and the blocks it must find. Every
//! case also checks that the blocks are valid spans of that text.

use std::path::Path;

use dramatis::document::{self, Document, Format};

/// One file's bytes and what loading them must give.
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    text: &'static str,
    /// A piece of the one warning expected, or `None` for no warning.
    warning: Option<&'static str>,
    /// The text of each block, in order; `None` skips the block check.
    blocks: Option<&'static [&'static str]>,
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = bom
        .then_some(0xFEFF_u16)
        .into_iter()
        .chain(text.encode_utf16());
    for unit in units {
        if big_endian {
            bytes.extend(unit.to_be_bytes());
        } else {
            bytes.extend(unit.to_le_bytes());
        }
    }
    bytes
}

fn case(
    name: &'static str,
    bytes: impl Into<Vec<u8>>,
    text: &'static str,
    warning: Option<&'static str>,
    blocks: Option<&'static [&'static str]>,
) -> Case {
    Case {
        name,
        bytes: bytes.into(),
        text,
        warning,
        blocks,
    }
}

const ZOE: &str = "Zoë said “hello” to Łukasz.\n\nThen she left.\n";

fn cases() -> Vec<Case> {
    let mut bom_utf8 = b"\xEF\xBB\xBF".to_vec();
    bom_utf8.extend(ZOE.as_bytes());
    let mut odd_utf16 = utf16("Hello there, Zoë.", false, true);
    odd_utf16.push(b'!');
    vec![
        case(
            "UTF-8 without BOM",
            ZOE,
            ZOE,
            None,
            Some(&["Zoë said “hello” to Łukasz.", "Then she left."]),
        ),
        case("UTF-8 with BOM", bom_utf8, ZOE, None, None),
        case("UTF-16 LE with BOM", utf16(ZOE, false, true), ZOE, None, None),
        case("UTF-16 BE with BOM", utf16(ZOE, true, true), ZOE, None, None),
        case("UTF-16 LE without BOM", utf16(ZOE, false, false), ZOE, None, None),
        case("UTF-16 BE without BOM", utf16(ZOE, true, false), ZOE, None, None),
        case(
            "Windows-1252 with curly quotes",
            &b"The caf\xE9 was busy. \x93We are na\xEFve,\x94 said Ren\xE9e \x96 and left.\n"[..],
            "The café was busy. “We are naïve,” said Renée – and left.\n",
            Some("windows-1252"),
            None,
        ),
        case(
            "Latin-1 French",
            &b"Fran\xE7ois est all\xE9 \xE0 la plage avec H\xE9l\xE8ne. \xA9 2020, \xAB bien s\xFBr \xBB.\n"[..],
            "François est allé à la plage avec Hélène. © 2020, « bien sûr ».\n",
            Some("windows-1252"),
            None,
        ),
        case(
            "UTF-8 with a stray invalid byte",
            &b"Zo\xC3\xAB went to Z\xC3\xBCrich \xFF today.\n"[..],
            "Zoë went to Zürich \u{FFFD} today.\n",
            Some("encoding errors: 1 invalid byte sequence was shown as �"),
            None,
        ),
        case(
            "UTF-16 with a dangling byte",
            odd_utf16,
            "Hello there, Zoë.\u{FFFD}",
            Some("encoding errors"),
            None,
        ),
        case(
            "CRLF line ends",
            "The Visit\r\n\r\nKim arrived by train.\r\nPutin met him.\r\n\r\nThey talked.\r\nNobody else did.\r\n",
            "The Visit\r\n\r\nKim arrived by train.\r\nPutin met him.\r\n\r\nThey talked.\r\nNobody else did.\r\n",
            None,
            Some(&[
                "The Visit",
                "Kim arrived by train.\r\nPutin met him.",
                "They talked.\r\nNobody else did.",
            ]),
        ),
        case(
            "CR line ends",
            "One line.\rAnother line.\rA third.",
            "One line.\rAnother line.\rA third.",
            None,
            Some(&["One line.", "Another line.", "A third."]),
        ),
        case(
            "Form feed between chapters",
            "Chapter one ends here.\n\x0C\nChapter two begins.\n",
            "Chapter one ends here.\n\x0C\nChapter two begins.\n",
            None,
            Some(&["Chapter one ends here.", "Chapter two begins."]),
        ),
        case(
            "Tabs",
            "\tAn indented line.\nName:\tKim\n",
            "\tAn indented line.\nName:\tKim\n",
            None,
            Some(&["An indented line.", "Name:\tKim"]),
        ),
        case(
            "Zero-width and non-breaking spaces",
            "Kim\u{200B}Jong\u{00A0}un met Putin.\n\u{00A0}\nMr\u{202F}Putin smiled.\u{FEFF}\n",
            "Kim\u{200B}Jong\u{00A0}un met Putin.\n\u{00A0}\nMr\u{202F}Putin smiled.\u{FEFF}\n",
            None,
            Some(&["Kim\u{200B}Jong\u{00A0}un met Putin.", "Mr\u{202F}Putin smiled.\u{FEFF}"]),
        ),
        case(
            "Right-to-left text",
            "שלום עולם, אמר דוד.\nمرحبا بالعالم\n",
            "שלום עולם, אמר דוד.\nمرحبا بالعالم\n",
            None,
            Some(&["שלום עולם, אמר דוד.", "مرحبا بالعالم"]),
        ),
        case(
            "CJK text",
            "金正恩在俄罗斯。\n東京は雨です。\n서울에 눈이 온다.\n",
            "金正恩在俄罗斯。\n東京は雨です。\n서울에 눈이 온다.\n",
            None,
            Some(&["金正恩在俄罗斯。", "東京は雨です。", "서울에 눈이 온다."]),
        ),
        case(
            "Hard-wrapped Gutenberg paragraphs",
            "It was a bright cold day in April, and the clocks were striking\nthirteen. Winston hurried in.\n\nThe hallway smelt of boiled cabbage and old rag\nmats. At one end of it a coloured poster.\n",
            "It was a bright cold day in April, and the clocks were striking\nthirteen. Winston hurried in.\n\nThe hallway smelt of boiled cabbage and old rag\nmats. At one end of it a coloured poster.\n",
            None,
            Some(&[
                "It was a bright cold day in April, and the clocks were striking\nthirteen. Winston hurried in.",
                "The hallway smelt of boiled cabbage and old rag\nmats. At one end of it a coloured poster.",
            ]),
        ),
    ]
}

/// Blocks are in bounds, on char boundaries, non-empty, sorted and apart.
fn assert_valid_blocks(name: &str, document: &Document) {
    let text = &document.text;
    let mut previous_end = 0;
    for block in &document.blocks {
        let span = block.span;
        assert!(span.start < span.end, "{name}: empty block {span:?}");
        assert!(
            span.end <= text.len(),
            "{name}: block {span:?} out of bounds"
        );
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{name}: block {span:?} splits a character"
        );
        assert!(
            span.start >= previous_end,
            "{name}: blocks overlap or are unsorted"
        );
        previous_end = span.end;
    }
}

#[test]
fn every_encoding_and_line_end_loads_as_expected() {
    for case in cases() {
        let document = document::from_bytes(&case.bytes, Format::PlainText, Path::new("case.txt"))
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(document.text, case.text, "{}", case.name);
        match case.warning {
            None => assert!(
                document.warnings.is_empty(),
                "{}: unexpected warnings {:?}",
                case.name,
                document.warnings
            ),
            Some(piece) => assert!(
                document.warnings.iter().any(|w| w.contains(piece)),
                "{}: no warning with {piece:?} in {:?}",
                case.name,
                document.warnings
            ),
        }
        assert_valid_blocks(case.name, &document);
        if let Some(expected) = case.blocks {
            let found: Vec<&str> = document
                .blocks
                .iter()
                .map(|b| b.span.text(&document.text))
                .collect();
            assert_eq!(found, expected, "{}", case.name);
        }
    }
}

#[test]
fn legacy_text_is_not_taken_for_binary_and_binary_is() {
    let cases: [(&str, &[u8], bool); 6] = [
        (
            "all accented Latin-1",
            b"\xE9\xE8\xEA\xE0\xE7 \xE9t\xE9 \xE0 l'\xE9cole\n",
            true,
        ),
        ("PNG header", b"\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR", false),
        ("ELF program", b"\x7FELF\x02\x01\x01\x00\x00\x00", false),
        ("PDF", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n", false),
        (
            "control codes",
            b"\x01\x02\x03\x04\x05\x06abc\x07\x08",
            false,
        ),
        ("NUL inside", b"Hello\x00world and more text here", false),
    ];
    for (name, bytes, is_text) in cases {
        let result = document::from_bytes(bytes, Format::PlainText, Path::new("renamed.txt"));
        match (result, is_text) {
            (Ok(_), true) => {}
            (Err(e), false) => assert_eq!(
                e.to_string(),
                "this is not a text file (it looks like binary data): renamed.txt",
                "{name}"
            ),
            (Ok(d), false) => panic!("{name}: loaded as text {:?}", d.text),
            (Err(e), true) => panic!("{name}: refused: {e}"),
        }
    }
}
