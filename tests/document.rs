//! Loading documents: plain text and Markdown into text, blocks, styles and a
//! title; and the clear errors for files that cannot be read.

use std::path::{Path, PathBuf};

use dramatis::document::{
    self, Block, BlockKind, Document, Format, InlineStyleKind, LoadError, MAX_FILE_BYTES,
};

/// A fresh path in the test scratch folder.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("document-tests");
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir.join(name)
}

/// Writes `bytes` to a scratch file named `name` and loads it.
fn load_bytes(name: &str, bytes: &[u8]) -> (PathBuf, Result<Document, LoadError>) {
    let path = scratch(name);
    std::fs::write(&path, bytes).expect("write scratch file");
    let result = document::load(&path);
    (path, result)
}

/// A short label for a block kind, so expected blocks read as one line.
fn label(kind: BlockKind) -> String {
    match kind {
        BlockKind::Heading(level) => format!("h{level}"),
        BlockKind::Paragraph => "p".to_owned(),
        BlockKind::ListItem {
            depth,
            number: None,
        } => format!("li{depth}"),
        BlockKind::ListItem {
            depth,
            number: Some(n),
        } => format!("li{depth}#{n}"),
        BlockKind::BlockQuote => "quote".to_owned(),
        BlockKind::Code => "code".to_owned(),
        BlockKind::Caption => "caption".to_owned(),
    }
}

fn blocks_of(doc: &Document) -> Vec<(String, &str)> {
    doc.blocks
        .iter()
        .map(|b: &Block| (label(b.kind), b.span.text(&doc.text)))
        .collect()
}

/// Checks what must hold for every document: blocks and styles on char
/// boundaries, in range, sorted; blocks non-empty, non-overlapping and free
/// of line breaks at their edges; styles inside a block.
fn check_invariants(doc: &Document) {
    let text = &doc.text;
    let mut previous_end = 0;
    for block in &doc.blocks {
        let span = block.span;
        assert!(span.start < span.end, "empty block {span:?} in {text:?}");
        assert!(span.end <= text.len(), "block {span:?} out of range");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(
            span.start >= previous_end,
            "blocks overlap or are unsorted at {span:?}"
        );
        previous_end = span.end;
        let body = span.text(text);
        if block.kind == BlockKind::Code {
            // Code keeps its indentation but no line break at either edge.
            assert!(
                !body.starts_with(['\n', '\r']),
                "code starts with a line break: {body:?}"
            );
            assert_eq!(body, body.trim_end(), "code ends with whitespace: {body:?}");
        } else {
            assert_eq!(
                body,
                body.trim(),
                "block has whitespace at its edges: {body:?}"
            );
        }
    }
    let mut previous_start = 0;
    for style in &doc.styles {
        let span = style.span;
        assert!(
            span.start < span.end && span.end <= text.len(),
            "bad style {span:?}"
        );
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(span.start >= previous_start, "styles unsorted at {span:?}");
        previous_start = span.start;
        assert!(
            doc.blocks.iter().any(|b| b.span.contains_span(span)),
            "style {span:?} lies outside every block in {text:?}"
        );
    }
    assert!(!doc.title.is_empty(), "no title");
}

#[test]
fn plain_text_table() {
    // (file name, bytes, expected text, expected title, expected blocks)
    type Case = (
        &'static str,
        &'static [u8],
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
    );
    let cases: &[Case] = &[
        (
            "bom.txt",
            b"\xEF\xBB\xBFKim arrived in Russia.\nPutin met him.\n",
            "Kim arrived in Russia.\nPutin met him.\n",
            "bom",
            &[("p", "Kim arrived in Russia."), ("p", "Putin met him.")],
        ),
        (
            "crlf.txt",
            b"Kim meets Putin\r\nThe leaders met on Wednesday.\r\nThey talked.\r\n",
            "Kim meets Putin\r\nThe leaders met on Wednesday.\r\nThey talked.\r\n",
            "Kim meets Putin",
            &[
                ("h1", "Kim meets Putin"),
                ("p", "The leaders met on Wednesday."),
                ("p", "They talked."),
            ],
        ),
        (
            "one-line-paragraphs.txt",
            "North Korean leader Kim Jong-un arrived in Russia on Tuesday.\nThe pair are set to have talks, said Dmitry Peskov of the Kremlin, who spoke at length.\n".as_bytes(),
            "North Korean leader Kim Jong-un arrived in Russia on Tuesday.\nThe pair are set to have talks, said Dmitry Peskov of the Kremlin, who spoke at length.\n",
            "one-line-paragraphs",
            &[
                ("p", "North Korean leader Kim Jong-un arrived in Russia on Tuesday."),
                ("p", "The pair are set to have talks, said Dmitry Peskov of the Kremlin, who spoke at length."),
            ],
        ),
        (
            "blank-separated.txt",
            b"Texas student inspires social movement\n\nFriday, September 18, 2015\n\nA long paragraph that goes on and on, well past the width of any hard-wrapped line, so it is one line.\n",
            "Texas student inspires social movement\n\nFriday, September 18, 2015\n\nA long paragraph that goes on and on, well past the width of any hard-wrapped line, so it is one line.\n",
            "Texas student inspires social movement",
            &[
                ("h1", "Texas student inspires social movement"),
                ("p", "Friday, September 18, 2015"),
                ("p", "A long paragraph that goes on and on, well past the width of any hard-wrapped line, so it is one line."),
            ],
        ),
        (
            "hard-wrapped.txt",
            b"CHAPTER I\n\n\xE2\x80\x9CWell, Prince, so Genoa and Lucca are now just\nfamily estates of the Buonapartes.\xE2\x80\x9D\n\nIt was in July, 1805, and the speaker was\nAnna Pavlovna Scherer.\n",
            "CHAPTER I\n\n“Well, Prince, so Genoa and Lucca are now just\nfamily estates of the Buonapartes.”\n\nIt was in July, 1805, and the speaker was\nAnna Pavlovna Scherer.\n",
            "CHAPTER I",
            &[
                ("h1", "CHAPTER I"),
                ("p", "“Well, Prince, so Genoa and Lucca are now just\nfamily estates of the Buonapartes.”"),
                ("p", "It was in July, 1805, and the speaker was\nAnna Pavlovna Scherer."),
            ],
        ),
        (
            "hard-wrapped-crlf.txt",
            b"It was in July, 1805, and the speaker was\r\nAnna Pavlovna Scherer.\r\n\r\nShe greeted Prince Vasili Kuragin,\r\nthe first to arrive.\r\n",
            "It was in July, 1805, and the speaker was\r\nAnna Pavlovna Scherer.\r\n\r\nShe greeted Prince Vasili Kuragin,\r\nthe first to arrive.\r\n",
            "hard-wrapped-crlf",
            &[
                ("p", "It was in July, 1805, and the speaker was\r\nAnna Pavlovna Scherer."),
                ("p", "She greeted Prince Vasili Kuragin,\r\nthe first to arrive."),
            ],
        ),
        (
            "lone-cr.txt",
            b"First line.\rSecond line.",
            "First line.\rSecond line.",
            "lone-cr",
            &[("p", "First line."), ("p", "Second line.")],
        ),
        (
            "indented.txt",
            b"   Kim spoke.   \n\t\n  Putin listened.\n",
            "   Kim spoke.   \n\t\n  Putin listened.\n",
            "indented",
            &[("p", "Kim spoke."), ("p", "Putin listened.")],
        ),
        (
            "utf16le.txt",
            b"\xFF\xFEK\x00i\x00m\x00.\x00\n\x00",
            "Kim.\n",
            "utf16le",
            &[("p", "Kim.")],
        ),
        (
            "unknown.log",
            b"Kim arrived.\n",
            "Kim arrived.\n",
            "unknown",
            &[("p", "Kim arrived.")],
        ),
    ];
    for &(name, bytes, text, title, blocks) in cases {
        let (_, result) = load_bytes(name, bytes);
        let doc = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        check_invariants(&doc);
        assert_eq!(doc.format, Format::PlainText, "{name}");
        assert_eq!(doc.text, text, "{name}: text");
        assert_eq!(doc.title, title, "{name}: title");
        let expected: Vec<(String, &str)> =
            blocks.iter().map(|&(k, t)| (k.to_owned(), t)).collect();
        assert_eq!(blocks_of(&doc), expected, "{name}: blocks");
        assert!(doc.warnings.is_empty(), "{name}: {:?}", doc.warnings);
    }
}

#[test]
fn title_table() {
    // (first line, expected title); the fallback title is "fallback".
    let cases = [
        (
            "Texas student Ahmed Mohamed inspires social movement",
            "Texas student Ahmed Mohamed inspires social movement",
        ),
        (
            "Reports: 'streamlined' UK asylum process to replace interview",
            "Reports: 'streamlined' UK asylum process to replace interview",
        ),
        (
            "Will Kim and Putin trade arms?",
            "Will Kim and Putin trade arms?",
        ),
        (
            "North Korean leader Kim Jong-un arrived in Russia to discuss a potential arms deal.",
            "fallback",
        ),
        ("Kremlin spokesman Dmitry Peskov said:", "fallback"),
        ("“It will be a fully fledged visit.”", "fallback"),
        ("2023", "fallback"),
        (
            "A very long first line that goes on and on about the train journey, the talks, the weapons, the satellites, the dinner and the toasts that followed until late",
            "fallback",
        ),
    ];
    for (first_line, title) in cases {
        let text = format!("{first_line}\nThe body of the article follows here.\n");
        let doc = document::from_text(text.clone(), Format::PlainText, None, "fallback");
        check_invariants(&doc);
        assert_eq!(doc.title, title, "{first_line:?}");
        assert_eq!(doc.text, text, "plain text is never changed");
        let first = doc.blocks.first().map(|b| b.kind);
        let heading = title != "fallback";
        assert_eq!(
            first == Some(BlockKind::Heading(1)),
            heading,
            "{first_line:?}"
        );
    }
    // A single line is the body, not a title.
    let doc = document::from_text(
        "Kim meets Putin".to_owned(),
        Format::PlainText,
        None,
        "fallback",
    );
    assert_eq!(doc.title, "fallback");
    // A byte-order mark handed in with the text is dropped.
    let doc = document::from_text("\u{feff}Kim.\n".to_owned(), Format::PlainText, None, "t");
    assert_eq!(doc.text, "Kim.\n");
}

#[test]
fn markdown_table() {
    // (source, visible text, title, blocks, styles as (kind, text))
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static [(InlineStyleKind, &'static str)],
    );
    use InlineStyleKind::{Code, Emphasis, Link, Strong};
    let cases: &[Case] = &[
        (
            "# Kim meets Putin\n\nThe *armoured* train reached **Vostochny** at dawn.\n",
            "Kim meets Putin\n\nThe armoured train reached Vostochny at dawn.",
            "Kim meets Putin",
            &[
                ("h1", "Kim meets Putin"),
                ("p", "The armoured train reached Vostochny at dawn."),
            ],
            &[(Emphasis, "armoured"), (Strong, "Vostochny")],
        ),
        (
            "Intro paragraph that ends.\n\n## Talks\n\nText.\n",
            "Intro paragraph that ends.\n\nTalks\n\nText.",
            "Talks",
            &[
                ("p", "Intro paragraph that ends."),
                ("h2", "Talks"),
                ("p", "Text."),
            ],
            &[],
        ),
        (
            "- Kim\n- Putin\n  - Peskov\n\n1. first\n2. second\n",
            "Kim\n\nPutin\n\nPeskov\n\nfirst\n\nsecond",
            "doc",
            &[
                ("li0", "Kim"),
                ("li0", "Putin"),
                ("li1", "Peskov"),
                ("li0#1", "first"),
                ("li0#2", "second"),
            ],
            &[],
        ),
        (
            "- loose item\n\n  its second paragraph.\n\n- next item\n",
            "loose item\n\nits second paragraph.\n\nnext item",
            "doc",
            &[
                ("li0", "loose item"),
                ("p", "its second paragraph."),
                ("li0", "next item"),
            ],
            &[],
        ),
        (
            "> It will be a fully fledged\n> visit.\n\nPeskov said so.\n",
            "It will be a fully fledged visit.\n\nPeskov said so.",
            "doc",
            &[
                ("quote", "It will be a fully fledged visit."),
                ("p", "Peskov said so."),
            ],
            &[],
        ),
        (
            "Read [the *Times* report](https://example.org/a) and `cargo run`.\n",
            "Read the Times report and cargo run.",
            "doc",
            &[("p", "Read the Times report and cargo run.")],
            &[
                (Link, "the Times report"),
                (Emphasis, "Times"),
                (Code, "cargo run"),
            ],
        ),
        (
            "Text before.\n\n```\nfn main() {}\n    indented\n```\n",
            "Text before.\n\nfn main() {}\n    indented",
            "doc",
            &[
                ("p", "Text before."),
                ("code", "fn main() {}\n    indented"),
            ],
            &[],
        ),
        (
            "<div class=\"ad\">Buy now</div>\n\n![a photo of Kim](kim.png) Kim waves.\n",
            "Kim waves.",
            "doc",
            &[("p", "Kim waves.")],
            &[],
        ),
        (
            "---\ntitle: ignored\n---\n\n# Real title\n\nBody.\n",
            "Real title\n\nBody.",
            "Real title",
            &[("h1", "Real title"), ("p", "Body.")],
            &[],
        ),
        (
            "# Head\r\n\r\nLine one\r\nline two.\r\n",
            "Head\n\nLine one line two.",
            "Head",
            &[("h1", "Head"), ("p", "Line one line two.")],
            &[],
        ),
        (
            "Kim in Vladivostok\n\nThe train arrived in the morning.\n",
            "Kim in Vladivostok\n\nThe train arrived in the morning.",
            "Kim in Vladivostok",
            &[
                ("h1", "Kim in Vladivostok"),
                ("p", "The train arrived in the morning."),
            ],
            &[],
        ),
        (
            "Café “Ünïcode” *naïve* — done.\n",
            "Café “Ünïcode” naïve — done.",
            "doc",
            &[("p", "Café “Ünïcode” naïve — done.")],
            &[(Emphasis, "naïve")],
        ),
    ];
    for &(source, text, title, blocks, styles) in cases {
        let doc = document::from_text(source.to_owned(), Format::Markdown, None, "doc");
        check_invariants(&doc);
        assert_eq!(doc.text, text, "{source:?}: text");
        assert_eq!(doc.title, title, "{source:?}: title");
        let expected: Vec<(String, &str)> =
            blocks.iter().map(|&(k, t)| (k.to_owned(), t)).collect();
        assert_eq!(blocks_of(&doc), expected, "{source:?}: blocks");
        let actual: Vec<(InlineStyleKind, &str)> = doc
            .styles
            .iter()
            .map(|s| (s.kind, s.span.text(&doc.text)))
            .collect();
        assert_eq!(actual, styles, "{source:?}: styles");
    }
}

#[test]
fn markdown_is_chosen_by_extension() {
    for (name, format) in [
        ("a.md", Format::Markdown),
        ("b.MARKDOWN", Format::Markdown),
        ("c.txt", Format::PlainText),
        ("d.html", Format::Html),
        ("e.MHT", Format::Mhtml),
        ("noextension", Format::PlainText),
    ] {
        assert_eq!(Format::from_path(Path::new(name)), format, "{name}");
    }
    let (_, result) = load_bytes("story.md", b"# Story\n\nKim *waves*.\n");
    let doc = result.expect("load markdown");
    assert_eq!(doc.format, Format::Markdown);
    assert_eq!(doc.text, "Story\n\nKim waves.");
    assert_eq!(doc.title, "Story");
}

#[test]
fn invalid_utf8_is_repaired_with_a_warning() {
    let cases: [(&str, &[u8], &str, &str); 2] = [
        (
            "stray.txt",
            b"Zo\xC3\xAB had caf\xFF au lait with Kim.\n",
            "Zoë had caf\u{FFFD} au lait with Kim.\n",
            "1 invalid byte sequence was",
        ),
        (
            "two-bad.txt",
            b"Zo\xC3\xAB, Ren\xC3\xA9e, Z\xC3\xBCrich: bad \xFF and \xC3 bytes here.\n",
            "Zoë, Renée, Zürich: bad \u{FFFD} and \u{FFFD} bytes here.\n",
            "2 invalid byte sequences were",
        ),
    ];
    for (name, bytes, text, warning) in cases {
        let (_, result) = load_bytes(name, bytes);
        let doc = result.unwrap_or_else(|e| panic!("{name}: {e}"));
        check_invariants(&doc);
        assert_eq!(doc.text, text, "{name}");
        assert_eq!(doc.warnings.len(), 1, "{name}: {:?}", doc.warnings);
        assert!(
            doc.warnings[0].contains(warning),
            "{name}: {:?}",
            doc.warnings
        );
    }
}

#[test]
fn bad_files_give_clear_errors_naming_the_path() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06";
    let noise: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 0x80)
        .collect();
    let controls: Vec<u8> = b"\x01\x02\x03\x04\x05\x06 ab\x07\x08".repeat(50);
    // (name, bytes or None for "do not create", expected variant, words in the message)
    let cases: Vec<(&str, Option<&[u8]>, &str, &str)> = vec![
        ("missing.txt", None, "NotFound", "does not exist"),
        ("empty.txt", Some(b""), "Empty", "empty"),
        ("only-space.txt", Some(b" \n\t\r\n"), "Empty", "empty"),
        ("only-bom.txt", Some(b"\xEF\xBB\xBF"), "Empty", "empty"),
        ("picture.txt", Some(png), "Binary", "not a text file"),
        ("noise.txt", Some(&noise), "Binary", "not a text file"),
        ("controls.txt", Some(&controls), "Binary", "not a text file"),
    ];
    for (name, bytes, variant, words) in cases {
        let path = scratch(name);
        let _ = std::fs::remove_file(&path);
        if let Some(bytes) = bytes {
            std::fs::write(&path, bytes).expect("write scratch file");
        }
        let error = document::load(&path).expect_err(name);
        check_error(&error, &path, variant, words);
    }
    let folder = scratch("a-folder.txt");
    std::fs::create_dir_all(&folder).expect("create folder");
    let error = document::load(&folder).expect_err("folder");
    check_error(&error, &folder, "Directory", "folder");
}

/// Checks an error's variant, that its message is one sentence with the
/// given words, and that it names the path last.
fn check_error(error: &LoadError, path: &Path, variant: &str, words: &str) {
    let message = error.to_string();
    let debug = format!("{error:?}");
    assert!(
        debug.starts_with(variant),
        "{path:?}: expected {variant}, got {debug}"
    );
    assert!(message.contains(words), "{message:?} lacks {words:?}");
    assert!(
        message.ends_with(&path.display().to_string()),
        "{message:?} does not end with the path"
    );
    assert!(!message.contains('\n'), "{message:?} is more than one line");
    assert_eq!(error.path(), path);
}

#[test]
fn size_limit_is_256_mib() {
    assert_eq!(MAX_FILE_BYTES, 256 * 1024 * 1024);
}

#[test]
fn sample_article_is_the_file_itself() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample_article.txt");
    let bytes = std::fs::read(&path).expect("read sample");
    let doc = document::load(&path).expect("load sample");
    check_invariants(&doc);
    assert_eq!(doc.text.as_bytes(), &bytes[..]);
    let lines = doc.text.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(doc.blocks.len(), lines, "one block per line");
    assert!(doc.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
    // Its first line is a sentence, not a title: opened by its path, the
    // sample gets the title the window gives it, as any name-less text
    // would get the caller's.
    assert_eq!(doc.title, document::SAMPLE_TITLE);
    let sample = document::from_text(doc.text.clone(), Format::PlainText, None, "Kim in Russia");
    assert_eq!(sample.title, "Kim in Russia");
    assert_eq!(sample.blocks, doc.blocks);
    let words = doc
        .text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    assert_eq!(doc.word_count(), words);
    assert!(doc.word_count() > 500, "{}", doc.word_count());
}

#[test]
fn word_count_table() {
    for (text, words) in [
        ("", 0),
        ("Kim met Putin.", 3),
        ("Kim — met — Putin", 3),
        ("  two\n\nlines  ", 2),
        ("Kim Jong-un’s train, 2023.", 4),
    ] {
        let doc = document::from_text(text.to_owned(), Format::PlainText, None, "t");
        assert_eq!(doc.word_count(), words, "{text:?}");
    }
}

/// War and Peace, when the shared corpora sit beside the project: hard-wrapped
/// paragraphs become one block each.
#[test]
fn war_and_peace_is_read_as_wrapped_paragraphs() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/war_and_peace.txt");
    if !path.exists() {
        eprintln!("skipped: {} is not here", path.display());
        return;
    }
    let doc = document::load(&path).expect("load War and Peace");
    check_invariants(&doc);
    let lines = doc.text.lines().filter(|l| !l.trim().is_empty()).count();
    assert!(
        doc.blocks.len() * 3 < lines,
        "{} blocks for {lines} lines",
        doc.blocks.len()
    );
    let first = doc.blocks[0].span.text(&doc.text);
    assert!(
        first.starts_with("“Well, Prince, so Genoa") && first.contains('\n'),
        "{first:?}"
    );
    assert_eq!(doc.title, "war_and_peace");
}

/// A small deterministic generator, so the robustness test is repeatable.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below
    }
}

/// Text stitched from awkward pieces (line ends, markup, multi-byte
/// characters) never breaks the invariants, in either format.
#[test]
fn awkward_text_keeps_the_invariants() {
    let pieces = [
        "\r",
        "\n",
        "\r\n",
        "\n\n",
        " ",
        "\t",
        "é",
        "“",
        "”",
        "日本",
        "🎉",
        "\u{feff}",
        "\u{200b}",
        "#",
        "## ",
        "*",
        "**",
        "_",
        "- ",
        "  - ",
        "1. ",
        "> ",
        "`",
        "```\n",
        "[",
        "](u)",
        "![",
        ")",
        "<b>",
        "</b>",
        "<div>\n",
        "---\n",
        "Kim",
        "Putin said.",
        "a",
        "\u{a0}",
        "\\",
        "|",
        "=",
        "~~",
    ];
    let mut random = Lcg(7);
    for round in 0..400 {
        let len = 1 + random.next(60);
        let text: String = (0..len)
            .map(|_| pieces[random.next(pieces.len())])
            .collect();
        for format in [Format::PlainText, Format::Markdown] {
            let doc = document::from_text(text.clone(), format, None, "fallback");
            check_invariants(&doc);
            if format == Format::PlainText {
                assert_eq!(
                    doc.text,
                    text.strip_prefix('\u{feff}').unwrap_or(&text),
                    "round {round}"
                );
            }
        }
    }
}

/// Arbitrary bytes either load with valid blocks or give an error; never a panic.
#[test]
fn arbitrary_bytes_load_or_fail_cleanly() {
    let mut random = Lcg(11);
    for round in 0..60 {
        let len = random.next(300);
        let ascii_only = round % 2 == 0;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                let b = random.next(256) as u8;
                if ascii_only { b % 0x60 + 0x20 } else { b }
            })
            .collect();
        let name = format!(
            "arbitrary-{round}.{}",
            if round % 3 == 0 { "md" } else { "txt" }
        );
        let (path, result) = load_bytes(&name, &bytes);
        match result {
            Ok(doc) => check_invariants(&doc),
            Err(error) => assert!(error.to_string().ends_with(&path.display().to_string())),
        }
    }
}

/// The title the window shows while a file loads is the one it has once
/// loaded when its text names none: `war_and_peace`, not
/// `war_and_peace.txt` first.
#[test]
fn the_title_while_loading_is_the_title_once_loaded() {
    let untitled = b"It was a dark and stormy night, and the rain fell in torrents, except \
at occasional intervals, when it was checked by a violent gust of wind.\n\nMore text.\n";
    let cases = [
        ("war_and_peace.txt", "war_and_peace"),
        ("notes.md", "notes"),
        ("README", "README"),
    ];
    for (name, title) in cases {
        let (path, loaded) = load_bytes(name, untitled);
        let loaded = loaded.expect("loads");
        assert_eq!(document::fallback_title(&path), title, "for {name}");
        assert_eq!(loaded.title, title, "for {name}");
    }
}
