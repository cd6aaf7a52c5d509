//! Two writers on one document's notes at once lose nothing: each save reads
//! the file again under its lock and merges what the other wrote since.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use dramatis::annotations::store::Store;
use dramatis::annotations::{Annotations, HighlightColor};
use dramatis::span::Span;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("concurrency-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// Forty lines, each with a phrase found once: `Line NN here`.
fn text() -> String {
    (1..=40)
        .map(|n| format!("Line {n:02} here, with a few more words to read.\n"))
        .collect()
}

fn phrase(n: usize) -> String {
    format!("Line {n:02} here")
}

fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("the phrase is in the text");
    Span::new(start, start + needle.len())
}

fn time(seconds: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_700_000_000 + seconds).expect("a valid time")
}

fn add(notes: &mut Annotations, text: &str, n: usize, at: i64) -> u64 {
    notes
        .add_highlight(
            text,
            span_of(text, &phrase(n)),
            HighlightColor::Yellow,
            time(at),
        )
        .expect("highlight")
}

/// The phrases highlighted in the document's notes file, sorted.
fn highlighted(store: &Store, text: &str) -> Vec<String> {
    let opened = store.open(text, None, "Lines");
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    let mut exacts: Vec<String> = opened
        .annotations
        .highlights
        .iter()
        .map(|h| h.quote.exact.clone())
        .collect();
    exacts.sort();
    exacts
}

fn phrases(range: std::ops::RangeInclusive<usize>) -> Vec<String> {
    range.map(phrase).collect()
}

#[test]
fn a_save_keeps_what_another_writer_added_since_it_read() {
    let store = Store::at(scratch("added-since").join("data"));
    let text = text();
    let mut a = store.open(&text, None, "Lines");
    let mut b = store.open(&text, None, "Lines");
    for n in 1..=3 {
        add(&mut b.annotations, &text, n, 10);
    }
    store
        .save_merged(&b.base, &b.annotations, None)
        .expect("B saved");
    add(&mut a.annotations, &text, 4, 20);
    let saved = store
        .save_merged(&a.base, &a.annotations, None)
        .expect("A saved");
    assert_eq!(highlighted(&store, &text), phrases(1..=4));
    let mut ids: Vec<u64> = saved.annotations.highlights.iter().map(|h| h.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 4, "every highlight keeps an id of its own");
    assert!(saved.annotations.next_id > *ids.last().expect("ids"));
}

#[test]
fn a_deletion_holds_while_another_writer_adds() {
    let store = Store::at(scratch("delete-and-add").join("data"));
    let text = text();
    let mut first = store.open(&text, None, "Lines");
    let gone = add(&mut first.annotations, &text, 1, 10);
    add(&mut first.annotations, &text, 2, 10);
    store
        .save_merged(&first.base, &first.annotations, None)
        .expect("saved");

    let mut a = store.open(&text, None, "Lines");
    let mut b = store.open(&text, None, "Lines");
    a.annotations.remove_highlight(gone).expect("loaded");
    add(&mut b.annotations, &text, 3, 20);
    store
        .save_merged(&b.base, &b.annotations, None)
        .expect("B saved");
    store
        .save_merged(&a.base, &a.annotations, None)
        .expect("A saved");
    assert_eq!(highlighted(&store, &text), phrases(2..=3));

    // And the other way round: the deleting writer saves first.
    let mut a = store.open(&text, None, "Lines");
    let mut b = store.open(&text, None, "Lines");
    let two = a.annotations.highlights[0].id;
    a.annotations.remove_highlight(two).expect("loaded");
    store
        .save_merged(&a.base, &a.annotations, None)
        .expect("A saved");
    add(&mut b.annotations, &text, 4, 30);
    store
        .save_merged(&b.base, &b.annotations, None)
        .expect("B saved");
    assert_eq!(highlighted(&store, &text), vec![phrase(3), phrase(4)]);
}

#[test]
fn the_later_change_to_a_note_wins() {
    let store = Store::at(scratch("note-last-change").join("data"));
    let text = text();
    let mut first = store.open(&text, None, "Lines");
    let id = add(&mut first.annotations, &text, 1, 10);
    store
        .save_merged(&first.base, &first.annotations, None)
        .expect("saved");

    let mut a = store.open(&text, None, "Lines");
    let mut b = store.open(&text, None, "Lines");
    let h = b.annotations.highlight_mut(id).expect("loaded");
    h.note = "B, later".to_owned();
    h.modified = time(30);
    let h = a.annotations.highlight_mut(id).expect("loaded");
    h.note = "A, earlier".to_owned();
    h.modified = time(20);
    a.annotations
        .set_entity_note("Line", dramatis::analysis::EntityKind::Place, "A's note");
    store
        .save_merged(&b.base, &b.annotations, None)
        .expect("B saved");
    let saved = store
        .save_merged(&a.base, &a.annotations, None)
        .expect("A saved");
    let note = &saved.annotations.highlight(id).expect("kept").note;
    assert_eq!(note, "B, later");
    assert_eq!(
        saved
            .annotations
            .entity_note("Line", dramatis::analysis::EntityKind::Place),
        Some("A's note")
    );
}

/// W3C annotations quoting lines `range` of [`text`].
fn w3c(range: std::ops::RangeInclusive<usize>) -> String {
    let items: Vec<String> = range
        .map(|n| {
            format!(
                r#"{{"type": "Annotation", "target": {{"selector": {{"type": "TextQuoteSelector", "exact": "{}"}}}}}}"#,
                phrase(n)
            )
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// Starts `dramatis import ARTICLE --from NOTES` with its notes in `data`.
fn start_import(article: &Path, notes: &Path, data: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_dramatis"))
        .arg("import")
        .arg(article)
        .arg("--from")
        .arg(notes)
        .env("DRAMATIS_DATA_DIR", data)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dramatis")
}

/// Waits for an import started by [`start_import`]; it must succeed.
fn finished(child: std::process::Child, round: usize) {
    let output = child.wait_with_output().expect("dramatis ran");
    assert!(
        output.status.success(),
        "round {round}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// How many rounds the two-process test runs (each starts two processes).
const ROUNDS: usize = 30;

#[test]
fn two_imports_at_once_keep_every_highlight() {
    let dir = scratch("two-imports");
    let article = dir.join("lines.txt");
    let text = text();
    std::fs::write(&article, &text).expect("write the article");
    let first = dir.join("first.json");
    let second = dir.join("second.json");
    std::fs::write(&first, w3c(1..=20)).expect("write");
    std::fs::write(&second, w3c(21..=40)).expect("write");
    for round in 0..ROUNDS {
        let data = dir.join(format!("data-{round}"));
        let children = [&first, &second].map(|notes| start_import(&article, notes, &data));
        for child in children {
            finished(child, round);
        }
        assert_eq!(
            highlighted(&Store::at(&data), &text),
            phrases(1..=40),
            "round {round}: every imported highlight is kept"
        );
    }
}

/// How many rounds the window-and-two-processes test runs.
const WINDOW_ROUNDS: usize = 50;

/// The phrases of `annotations`' highlights, sorted.
fn exacts(annotations: &Annotations) -> Vec<String> {
    let mut out: Vec<String> = annotations
        .highlights
        .iter()
        .map(|h| h.quote.exact.clone())
        .collect();
    out.sort();
    out
}

#[test]
fn a_window_and_two_imports_at_once_keep_every_highlight() {
    use dramatis::app::DramatisApp;
    use dramatis::document::{self, Format};
    use dramatis::ui::Command as UiCommand;
    use egui_kittest::Harness;

    let dir = scratch("window-and-imports");
    let article = dir.join("lines.txt");
    let text = text();
    std::fs::write(&article, &text).expect("write the article");
    let first = dir.join("first.json");
    let second = dir.join("second.json");
    std::fs::write(&first, w3c(1..=15)).expect("write");
    std::fs::write(&second, w3c(16..=30)).expect("write");
    for round in 0..WINDOW_ROUNDS {
        let data = dir.join(format!("data-{round}"));
        let store = Store::at(&data);
        let document = document::from_text(
            text.clone(),
            Format::PlainText,
            Some(article.clone()),
            "lines",
        );
        let app = DramatisApp::with_store(document, store.clone());
        let mut harness = Harness::builder()
            .with_size([1000.0, 700.0])
            .allow_missing_glyphs()
            .build_ui_state(|ui, app: &mut DramatisApp| app.show(ui), app);
        harness.run_steps(2);
        let children = [&first, &second].map(|notes| start_import(&article, notes, &data));
        // The window highlights lines 31 to 40 while the imports run,
        // saving after each.
        for n in 31..=40 {
            harness.state_mut().apply(UiCommand::AddHighlight {
                span: span_of(&text, &phrase(n)),
                color: HighlightColor::Green,
            });
            harness.state_mut().flush_notes();
            harness.run_steps(1);
        }
        for child in children {
            finished(child, round);
        }
        // One more change in the window after both imports, saved: it
        // must not write back a file without them.
        let id = harness.state().annotations().highlights[0].id;
        harness.state_mut().apply(UiCommand::SetHighlightNote {
            id,
            note: format!("round {round}"),
        });
        harness.state_mut().flush_notes();
        harness.run_steps(2);
        assert_eq!(
            highlighted(&store, &text),
            phrases(1..=40),
            "round {round}: the file keeps every highlight"
        );
        assert_eq!(
            exacts(harness.state().annotations()),
            phrases(1..=40),
            "round {round}: the window shows every highlight"
        );
    }
}
