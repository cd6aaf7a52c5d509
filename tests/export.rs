//! Export and import of the reader's notes: golden files for every format
//! over the sample article, the shape each format promises to other tools,
//! W3C import back into the same and an edited text, and errors for bad
//! input.
//!
//! The golden files live in `tests/data/export/`. When an intended change
//! (to a format, or to the tagger, whose cast and quotes the Markdown and
//! JSON include) changes them, regenerate with
//! `DRAMATIS_BLESS=1 cargo test --test export` and read the diff.

use std::path::{Path, PathBuf};

use dramatis::analysis::{self, Analysis, EntityKind};
use dramatis::annotations::{Annotations, Correction, Highlight, HighlightColor};
use dramatis::document::Document;
use dramatis::export::{self, ExportFormat, ExportInput, ImportError, import_w3c};
use dramatis::span::{CharIndex, Span};
use serde_json::Value;

/// Where the sample says it came from, so the goldens show a file URL.
const SAMPLE_PATH: &str = "/home/reader/articles/Kim’s train.txt";

/// The three highlights: passage, colour, note, tags.
const HIGHLIGHTS: [(&str, HighlightColor, &str, &[&str]); 3] = [
    (
        "North Korean leader Kim Jong-un arrived in Russia in an armoured train",
        HighlightColor::Yellow,
        "",
        &[],
    ),
    (
        "The US has said that if the two nations make an arms deal, it will ramp up sanctions on \
         both countries.\nThe meeting between the pair comes as Putin claimed",
        HighlightColor::Pink,
        "Sanctions first.\nThen the power plant claim — check the source.",
        &["sanctions", "arms deal"],
    ),
    (
        "“Well, this cannot but bring happiness.”",
        HighlightColor::Green,
        "",
        &["quotes"],
    ),
];

fn time(s: &str) -> jiff::Timestamp {
    s.parse().expect("test time")
}

/// The clock the golden files were written on.
static UTC: jiff::tz::TimeZone = jiff::tz::TimeZone::UTC;

fn exported_at() -> jiff::Timestamp {
    time("2026-11-30T22:15:00Z")
}

struct Sample {
    document: Document,
    analysis: Analysis,
    annotations: Annotations,
}

impl Sample {
    fn input(&self) -> ExportInput<'_> {
        ExportInput {
            document: &self.document,
            analysis: &self.analysis,
            annotations: &self.annotations,
            exported: exported_at(),
            time_zone: &UTC,
        }
    }
}

fn span_of(text: &str, passage: &str) -> Span {
    let start = text
        .find(passage)
        .unwrap_or_else(|| panic!("{passage:?} in text"));
    Span::new(start, start + passage.len())
}

/// The sample article with the three highlights, a note on Kim Jong-un, a
/// correction and an orphan from an older version of the text.
fn sample() -> Sample {
    let mut document = dramatis::app::sample_document();
    document.path = Some(PathBuf::from(SAMPLE_PATH));
    let analysis = analysis::analyze(&document.text, &document.block_spans(), &mut |_| {});
    let text = &document.text;
    let mut annotations = Annotations::new(text, document.path.clone(), &document.title);
    for (k, (passage, color, note, tags)) in HIGHLIGHTS.into_iter().enumerate() {
        let created = time(&format!("2026-11-{:02}T0{k}:30:00Z", 20 + k));
        let id = annotations
            .add_highlight(text, span_of(text, passage), color, created)
            .expect("highlight added");
        let highlight = annotations.highlight_mut(id).expect("highlight exists");
        highlight.note = note.to_owned();
        highlight.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        if !note.is_empty() {
            highlight.modified = time("2026-11-29T21:05:00Z");
        }
    }
    annotations.set_entity_note(
        "Kim Jong-un",
        EntityKind::Person,
        "Leader of North Korea.\nTravels by armoured train.",
    );
    annotations.corrections.push(Correction::Rename {
        name: "Kim".to_owned(),
        kind: EntityKind::Person,
        to: "Kim Jong-un".to_owned(),
    });
    let mut orphan = annotations.highlights[0].clone();
    orphan.id = 99;
    orphan.quote.exact = "a passage cut from the article".to_owned();
    orphan.note = "Was in the first edition.".to_owned();
    annotations.orphans.push(orphan);
    Sample {
        document,
        analysis,
        annotations,
    }
}

fn golden_path(format: ExportFormat) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/export")
        .join(format!("sample.{}", golden_extension(format)))
}

fn golden_extension(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Markdown => "md",
        ExportFormat::ReadwiseCsv => "readwise.csv",
        ExportFormat::W3c => "w3c.json",
        ExportFormat::Clippings => "clippings.txt",
        ExportFormat::Json => "dramatis.json",
    }
}

#[test]
fn every_format_matches_its_golden_file() {
    let sample = sample();
    let bless = std::env::var_os("DRAMATIS_BLESS").is_some();
    let mut stale = Vec::new();
    for format in ExportFormat::ALL {
        let output = export::export(format, &sample.input());
        assert_eq!(
            output,
            export::export(format, &sample.input()),
            "{format:?} is deterministic"
        );
        let path = golden_path(format);
        if bless {
            std::fs::write(&path, &output).expect("write golden file");
            continue;
        }
        let golden = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{e}: {} (bless with DRAMATIS_BLESS=1)", path.display()));
        if golden != output {
            stale.push(format!("{} differs; got:\n{output}", path.display()));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n\n"));
}

#[test]
fn markdown_has_front_matter_and_sections() {
    let sample = sample();
    let md = export::export(ExportFormat::Markdown, &sample.input());
    assert!(md.starts_with("---\ntitle: \"Sample article: Kim Jong-un’s train to Russia\"\n"));
    let front = md.split("\n---\n").next().expect("front matter");
    for line in [
        "source: \"/home/reader/articles/Kim’s train.txt\"",
        "exported: 2026-11-30T22:15:00Z",
        "tags:\n  - \"arms-deal\"\n  - \"quotes\"\n  - \"sanctions\"",
    ] {
        assert!(front.contains(line), "{line:?} in\n{front}");
    }
    for heading in [
        "\n## Highlights\n",
        "\n## Quotes\n",
        "\n## Cast\n",
        "\n### People\n",
    ] {
        assert!(md.contains(heading), "{heading:?}");
    }
    // The passage over two paragraphs stays inside one block quote, a
    // paragraph a line.
    assert!(md.contains(
        "> The US has said that if the two nations make an arms deal, it will ramp up sanctions \
         on both countries.\n>\n> The meeting between the pair comes as Putin claimed\n"
    ));
    assert!(md.contains("- Tags: #sanctions #arms-deal\n"));
    assert!(
        md.contains("- Note: Sanctions first.\n  Then the power plant claim — check the source.\n")
    );
    assert!(md.contains("  Leader of North Korea.\n  Travels by armoured train.\n"));
}

#[test]
fn readwise_csv_parses_with_the_exact_header() {
    let sample = sample();
    let csv_text = export::export(ExportFormat::ReadwiseCsv, &sample.input());
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        [
            "Highlight",
            "Title",
            "Author",
            "URL",
            "Note",
            "Location",
            "Date"
        ]
    );
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("records parse");
    assert_eq!(records.len(), 3);
    let mut last_location = 0;
    for (record, (passage, _, note, _)) in records.iter().zip(HIGHLIGHTS) {
        assert_eq!(&record[0], passage);
        assert_eq!(&record[1], sample.document.title);
        assert_eq!(
            &record[3],
            "file:///home/reader/articles/Kim%E2%80%99s%20train.txt"
        );
        assert!(record[4].ends_with(note), "{:?}", &record[4]);
        let location: usize = record[5].parse().expect("location is a number");
        assert!(location >= last_location, "reading order");
        last_location = location;
        jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", &record[6]).expect("date");
    }
    assert_eq!(
        &records[1][4],
        ".sanctions .arms-deal Sanctions first.\nThen the power plant claim — check the source."
    );
    assert_eq!(&records[2][4], ".quotes");
    assert_eq!(&records[0][6], "2026-11-20 00:30:00");
}

#[test]
fn w3c_collection_has_the_required_shape() {
    let sample = sample();
    let text = &sample.document.text;
    let chars: Vec<char> = text.chars().collect();
    let json: Value =
        serde_json::from_str(&export::export(ExportFormat::W3c, &sample.input())).expect("JSON");
    assert_eq!(json["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(json["type"], "AnnotationCollection");
    assert_eq!(json["label"], sample.document.title.as_str());
    assert_eq!(json["total"], 3);
    assert_eq!(json["first"]["type"], "AnnotationPage");
    let items = json["first"]["items"].as_array().expect("items");
    assert_eq!(items.len(), 3);
    for (item, (passage, color, note, tags)) in items.iter().zip(HIGHLIGHTS) {
        assert_eq!(item["type"], "Annotation");
        let id = item["id"].as_str().expect("id");
        assert!(id.starts_with("urn:dramatis:"), "{id}");
        let motivation = if note.is_empty() {
            "highlighting"
        } else {
            "commenting"
        };
        assert_eq!(item["motivation"], motivation);
        assert_eq!(item["dramatis:color"], color.name());
        assert!(item["created"].as_str().is_some_and(|c| c.ends_with('Z')));
        let bodies = item["body"].as_array().cloned().unwrap_or_default();
        let with = |purpose: &str| -> Vec<String> {
            bodies
                .iter()
                .filter(|b| b["purpose"] == purpose)
                .map(|b| {
                    assert_eq!(b["type"], "TextualBody");
                    b["value"].as_str().expect("value").to_owned()
                })
                .collect()
        };
        let notes = with("commenting");
        assert_eq!(
            notes,
            if note.is_empty() {
                vec![]
            } else {
                vec![note.to_owned()]
            }
        );
        assert_eq!(with("tagging"), tags);
        let target = &item["target"];
        assert_eq!(
            target["source"],
            "file:///home/reader/articles/Kim%E2%80%99s%20train.txt"
        );
        let selectors = target["selector"].as_array().expect("selectors");
        let of_type = |t: &str| {
            selectors
                .iter()
                .find(|s| s["type"] == t)
                .unwrap_or_else(|| panic!("{t}"))
        };
        let quote = of_type("TextQuoteSelector");
        let position = of_type("TextPositionSelector");
        assert_eq!(quote["exact"], passage);
        let start = position["start"].as_u64().expect("start") as usize;
        let end = position["end"].as_u64().expect("end") as usize;
        let at: String = chars[start..end].iter().collect();
        assert_eq!(at, passage);
        let before: String = chars[start.saturating_sub(32)..start].iter().collect();
        assert_eq!(quote["prefix"], before.as_str());
    }
}

#[test]
fn clippings_start_with_a_bom_and_hold_kindle_records() {
    let sample = sample();
    let clippings = export::export(ExportFormat::Clippings, &sample.input());
    let body = clippings.strip_prefix('\u{feff}').expect("byte-order mark");
    assert!(
        !body.replace("\r\n", "").contains('\n'),
        "CRLF line ends only"
    );
    let records: Vec<&str> = body
        .split("==========\r\n")
        .filter(|r| !r.is_empty())
        .collect();
    // Three highlights, and a note record for the one with a note and tags
    // and for the one with tags only.
    assert_eq!(records.len(), 5, "{clippings}");
    let title_line = sample.document.title.as_str();
    for record in &records {
        let lines: Vec<&str> = record.split("\r\n").collect();
        assert_eq!(lines[0], title_line);
        assert!(lines[1].starts_with("- Your "), "{}", lines[1]);
        assert!(lines[1].contains(" | Added on "), "{}", lines[1]);
        assert_eq!(lines[2], "");
    }
    assert!(records[0].contains(
        "- Your Highlight at location 1 | Added on Friday, November 20, 2026 12:30:00 AM\r\n"
    ));
    assert!(records[2].contains("- Your Note at location "));
    assert!(records[2].ends_with(
        "\r\n.sanctions .arms-deal Sanctions first. Then the power plant claim — check the \
         source.\r\n"
    ));
}

/// A made-up book of `chapters` chapters, each of twelve hard-wrapped
/// exchanges between Vera and Oskar, analysed as the window would.
fn wrapped_book(chapters: usize) -> (Document, Analysis) {
    let mut text = String::from("The Long Winter\n\n");
    for c in 1..=chapters {
        text.push_str(&format!("CHAPTER {c}\n\n"));
        for k in 0..12 {
            text.push_str(&format!(
                "“The snow has not stopped for {k} days,” said Vera, looking out\n\
                 at the yard where the sledges stood in a row.\n\n\
                 “It will stop when it is tired of falling,” said Oskar,\n\
                 without lifting his eyes from the stove.\n\n"
            ));
        }
    }
    let document =
        dramatis::document::from_text(text, dramatis::document::Format::PlainText, None, "Book");
    let analysis = analysis::analyze(&document.text, &document.block_spans(), &mut |_| {});
    (document, analysis)
}

#[test]
fn markdown_of_a_book_without_highlights_is_short_and_unwrapped() {
    let (document, analysis) = wrapped_book(12);
    assert!(
        analysis.quotes.len() > export::markdown::QUOTES_IN_FULL,
        "{} quotations",
        analysis.quotes.len()
    );
    let mut annotations = Annotations::new(&document.text, None, &document.title);
    let passage = span_of(&document.text, "said Vera, looking out\nat the yard");
    annotations
        .add_highlight(
            &document.text,
            passage,
            HighlightColor::Yellow,
            exported_at(),
        )
        .expect("highlight added");
    let input = ExportInput {
        document: &document,
        analysis: &analysis,
        annotations: &annotations,
        exported: exported_at(),
        time_zone: &UTC,
    };
    let md = export::export(ExportFormat::Markdown, &input);
    // The quotations are counted, not copied out.
    assert!(!md.contains("The snow has not stopped"), "{md}");
    assert!(md.contains(" quotations by "), "{md}");
    assert!(md.len() < 4_000, "{} bytes:\n{md}", md.len());
    // The highlight's hard wrap is joined.
    assert!(
        md.contains("> said Vera, looking out at the yard\n"),
        "{md}"
    );
}

#[test]
fn kindle_and_readwise_times_are_on_the_readers_clock() {
    let sample = sample();
    // The first highlight was made at 2026-11-20 00:30 UTC: the evening
    // before in New York.
    let zone = jiff::tz::TimeZone::get("America/New_York").expect("a known zone");
    let input = ExportInput {
        time_zone: &zone,
        ..sample.input()
    };
    let clippings = export::export(ExportFormat::Clippings, &input);
    assert!(
        clippings.contains("Added on Thursday, November 19, 2026 7:30:00 PM\r\n"),
        "{clippings}"
    );
    let csv_text = export::export(ExportFormat::ReadwiseCsv, &input);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let first = reader
        .records()
        .next()
        .expect("a row")
        .expect("the row parses");
    assert_eq!(&first[6], "2026-11-19 19:30:00");
}

#[test]
fn json_gives_char_and_byte_offsets_that_agree() {
    let sample = sample();
    let text = &sample.document.text;
    let json: Value =
        serde_json::from_str(&export::export(ExportFormat::Json, &sample.input())).expect("JSON");
    assert_eq!(json["document"]["text"], text.as_str());
    let index = CharIndex::new(text);
    let mut passages = Vec::new();
    for entity in json["entities"].as_array().expect("entities") {
        passages.extend(
            entity["mentions"]
                .as_array()
                .expect("mentions")
                .iter()
                .cloned(),
        );
    }
    passages.extend(json["quotes"].as_array().expect("quotes").iter().cloned());
    passages.extend(
        json["highlights"]
            .as_array()
            .expect("highlights")
            .iter()
            .cloned(),
    );
    assert!(passages.len() > 10);
    for passage in passages {
        let field = |k: &str| passage[k].as_u64().expect(k) as usize;
        let bytes = Span::new(field("byte_start"), field("byte_end"));
        assert_eq!(bytes.text(text), passage["text"].as_str().expect("text"));
        assert_eq!(index.chars_of_span(bytes), (field("start"), field("end")));
    }
    assert_eq!(json["highlights"].as_array().map(Vec::len), Some(3));
    assert_eq!(json["orphans"][0]["note"], "Was in the first edition.");
    assert!(json["orphans"][0].get("byte_start").is_none());
    assert_eq!(json["corrections"][0]["type"], "rename");
    assert_eq!(json["entity_notes"][0]["kind"], "person");
}

/// The highlight without its id, which an import gives afresh.
fn without_id(h: &Highlight) -> Highlight {
    Highlight { id: 0, ..h.clone() }
}

#[test]
fn w3c_import_into_the_same_text_gives_the_highlights_back() {
    let sample = sample();
    let text = &sample.document.text;
    let w3c = export::export(ExportFormat::W3c, &sample.input());
    let report = import_w3c(&w3c, text, exported_at()).expect("import");
    assert_eq!(report.reanchored.kept, 3);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let mut fresh = Annotations::new(text, None, &sample.document.title);
    let merged = report.clone().merge_into(&mut fresh);
    assert_eq!(
        (merged.added, merged.orphaned, merged.duplicates),
        (3, 0, 0)
    );
    let got: Vec<Highlight> = fresh.highlights.iter().map(without_id).collect();
    let want: Vec<Highlight> = sample
        .annotations
        .highlights
        .iter()
        .map(without_id)
        .collect();
    assert_eq!(got, want);
    // The same notes again are all duplicates.
    let again = report.merge_into(&mut fresh);
    assert_eq!((again.added, again.duplicates), (0, 3));
    assert_eq!(fresh.highlights.len(), 3);
}

#[test]
fn w3c_import_into_an_edited_text_reanchors() {
    let sample = sample();
    let w3c = export::export(ExportFormat::W3c, &sample.input());
    let edited = format!(
        "Editor’s note: this article was updated.\n{}",
        sample
            .document
            .text
            .replace(
                "North Korean leader Kim Jong-un arrived in Russia in an armoured train",
                ""
            )
            .replace("make an arms deal", "make an arms  deal")
    );
    let report = import_w3c(&w3c, &edited, exported_at()).expect("import");
    assert_eq!(report.reanchored.orphaned, 1, "{:?}", report.reanchored);
    assert_eq!(report.orphans[0].quote.exact, HIGHLIGHTS[0].0);
    assert_eq!(report.highlights.len(), 2);
    assert_eq!(report.highlights[1].span.text(&edited), HIGHLIGHTS[2].0);
    assert!(
        report.highlights[0]
            .span
            .text(&edited)
            .contains("arms  deal")
    );
    assert_eq!(report.highlights[0].note, HIGHLIGHTS[1].2);
    assert_eq!(report.highlights[0].color, HighlightColor::Pink);
    let mut fresh = Annotations::new(&edited, None, "Edited");
    let merged = report.merge_into(&mut fresh);
    assert_eq!((merged.added, merged.orphaned), (2, 1));
}

#[test]
fn w3c_import_reads_other_tools_shapes() {
    let text = "Kremlin spokesman Dmitry Peskov said: “It will be a fully fledged visit.”";
    let exact = "It will be a fully fledged visit.";
    let annotation = format!(
        r#"{{"type": "Annotation", "body": {{"type": "TextualBody", "value": "Peskov"}},
            "target": {{"source": "x", "selector": {{"type": "TextQuoteSelector", "exact": "{exact}"}}}}}}"#
    );
    let hypothesis = format!(
        r#"{{"total": 1, "rows": [{{"text": "a note", "tags": ["kremlin"],
            "created": "2026-01-05T10:00:00.123+00:00", "updated": "2026-01-06T10:00:00+00:00",
            "target": [{{"source": "https://example.org", "selector": [
                {{"type": "RangeSelector", "startContainer": "/p[1]"}},
                {{"type": "TextPositionSelector", "start": 39, "end": 72}},
                {{"type": "TextQuoteSelector", "exact": "{exact}", "prefix": "said: “", "suffix": "”"}}]}}]}}]}}"#
    );
    let page = format!(r#"{{"type": "AnnotationPage", "items": [{annotation}, {annotation}]}}"#);
    let bare_array = format!("[{annotation}]");
    let position_only =
        r#"[{"target": {"selector": {"type": "TextPositionSelector", "start": 39, "end": 72}}}]"#;
    let now = exported_at();
    let cases: [(&str, usize, &str, &[&str]); 5] = [
        (&annotation, 1, "Peskov", &[]),
        (&hypothesis, 1, "a note", &["kremlin"]),
        (&page, 2, "Peskov", &[]),
        (&bare_array, 1, "Peskov", &[]),
        (position_only, 1, "", &[]),
    ];
    for (json, count, note, tags) in cases {
        let report = import_w3c(json, text, now).unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(report.highlights.len(), count, "{json}");
        for h in &report.highlights {
            assert_eq!(h.span.text(text), exact, "{json}");
            assert_eq!(h.note, note);
            assert_eq!(h.tags, tags);
            assert_eq!(h.color, HighlightColor::Yellow);
        }
    }
    let report = import_w3c(&hypothesis, text, now).expect("import");
    assert_eq!(
        report.highlights[0].created,
        time("2026-01-05T10:00:00.123Z")
    );
    assert_eq!(report.highlights[0].modified, time("2026-01-06T10:00:00Z"));
}

#[test]
fn unusable_annotations_are_skipped_with_a_reason() {
    let text = "Some text to annotate.";
    let json = r#"[{"id": "urn:x:1", "target": "https://example.org/page"},
                   {"target": {"selector": {"type": "FragmentSelector", "value": "p1"}}},
                   {"target": {"selector": {"type": "TextQuoteSelector", "exact": "text"}}}]"#;
    let report = import_w3c(json, text, exported_at()).expect("import");
    assert_eq!(report.highlights.len(), 1);
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    assert!(
        report.skipped[0].starts_with("urn:x:1: "),
        "{:?}",
        report.skipped
    );
    assert!(
        report.skipped[1].contains("no text quote"),
        "{:?}",
        report.skipped
    );
}

#[test]
fn bad_imports_give_clear_errors() {
    let deep = "[".repeat(100_000);
    let kind = |e: &ImportError| match e {
        ImportError::NotJson(_) => "not JSON",
        ImportError::WrongShape(_) => "wrong shape",
        ImportError::LinkedPage(_) => "linked page",
    };
    let cases = [
        ("", "not JSON"),
        ("Title,Author\nx,y", "not JSON"),
        ("{\"type\": \"Annotation\"", "not JSON"),
        (&deep, "not JSON"),
        ("42", "wrong shape"),
        ("{}", "wrong shape"),
        ("[1, 2]", "wrong shape"),
        (
            r#"{"type": "AnnotationPage", "items": "none"}"#,
            "wrong shape",
        ),
        (
            r#"{"type": "AnnotationCollection", "first": "https://example.org/p1"}"#,
            "linked page",
        ),
    ];
    for (json, expected) in cases {
        let error = import_w3c(json, "text", exported_at()).expect_err(json);
        assert_eq!(kind(&error), expected, "{json:.40}: {error:?}");
        let message = error.to_string();
        assert!(!message.contains('\n') && message.len() < 300, "{message}");
    }
}

/// A scratch folder for one command-line test, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("export-cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// Runs `dramatis` with its notes store in `data`.
fn dramatis(data: &Path, args: &[&Path]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dramatis"))
        .args(args)
        .env("DRAMATIS_DATA_DIR", data)
        .output()
        .expect("run dramatis")
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The sample article as a file, and a W3C file of the three highlights
/// made on it by another copy of Dramatis.
fn article_and_notes(dir: &Path) -> (PathBuf, PathBuf, String) {
    let article = dir.join("kim.txt");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample_article.txt"),
        &article,
    )
    .expect("copy the sample");
    let mut sample = sample();
    let loaded = dramatis::document::load(&article).expect("load the sample");
    assert_eq!(loaded.text, sample.document.text);
    sample.document = loaded;
    let notes = dir.join("notes.w3c.json");
    std::fs::write(&notes, export::export(ExportFormat::W3c, &sample.input())).expect("write");
    (article, notes, sample.document.title)
}

#[test]
fn cli_import_then_export_round_trips() {
    let dir = scratch("round-trip");
    let data = dir.join("data");
    let (article, notes, title) = article_and_notes(&dir);
    let p = Path::new;

    let imported = dramatis(&data, &[p("import"), &article, p("--from"), &notes]);
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert_eq!(
        stdout(&imported),
        format!("Imported 3 highlights into notes for {title}.\n")
    );
    let again = dramatis(&data, &[p("import"), &article, p("--from"), &notes]);
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(
        stdout(&again),
        format!("Imported 0 highlights into notes for {title} (3 were already there).\n")
    );

    let exported = dramatis(&data, &[p("export"), &article, p("--format"), p("w3c")]);
    assert!(exported.status.success(), "{}", stderr(&exported));
    let json: Value = serde_json::from_str(&stdout(&exported)).expect("W3C JSON");
    let items = json["first"]["items"].as_array().expect("items");
    let exacts: Vec<&str> = items
        .iter()
        .map(|i| i["target"]["selector"][0]["exact"].as_str().expect("exact"))
        .collect();
    assert_eq!(exacts, HIGHLIGHTS.map(|h| h.0));
    let source = items[0]["target"]["source"].as_str().expect("source");
    assert!(
        source.starts_with("file:///") && source.ends_with("/kim.txt"),
        "{source}"
    );
    assert_eq!(items[1]["dramatis:color"], "pink");

    let csv_path = dir.join("out.csv");
    let written = dramatis(
        &data,
        &[
            p("export"),
            &article,
            p("-f"),
            p("readwise-csv"),
            p("-o"),
            &csv_path,
        ],
    );
    assert!(written.status.success(), "{}", stderr(&written));
    assert!(stdout(&written).starts_with("Exported 3 highlights from "));
    let csv_text = std::fs::read_to_string(&csv_path).expect("the CSV was written");
    assert_eq!(
        csv::Reader::from_reader(csv_text.as_bytes())
            .records()
            .count(),
        3
    );

    let markdown = dramatis(&data, &[p("export"), &article]);
    assert!(markdown.status.success(), "{}", stderr(&markdown));
    assert!(stdout(&markdown).contains("- Note: Sanctions first.\n"));
}

#[test]
fn cli_errors_are_one_sentence_and_a_failure_status() {
    let dir = scratch("errors");
    let data = dir.join("data");
    let (article, _, _) = article_and_notes(&dir);
    let not_json = dir.join("notes.csv");
    std::fs::write(&not_json, "Highlight,Title\nx,y\n").expect("write");
    let p = Path::new;
    let missing = dir.join("missing.json");
    let cases: [(&[&Path], i32, &str); 5] = [
        (
            &[p("export"), &article, p("--format"), p("pdf")],
            2,
            "unknown export format \"pdf\"",
        ),
        (&[p("import"), &article], 2, "import needs --from"),
        (
            &[p("import"), &article, p("--from"), &not_json],
            1,
            "the notes are not valid JSON",
        ),
        (
            &[p("import"), &article, p("--from"), &missing],
            1,
            "could not read the annotations to import",
        ),
        (
            &[p("export"), &dir.join("nowhere.txt"), p("-f"), p("json")],
            1,
            "does not exist",
        ),
    ];
    for (args, code, message) in cases {
        let output = dramatis(&data, args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.starts_with("dramatis: "), "{err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(output.stdout.is_empty(), "{args:?}");
        if code == 1 {
            assert_eq!(err.lines().count(), 1, "{err}");
        }
    }
    assert!(!data.join("annotations").exists(), "nothing was saved");
}
