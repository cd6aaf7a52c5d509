//! The reader's notes on disk: the RON format, the checked-in version 1
//! fixture, crash safety of writes, unreadable files moved aside, and finding
//! notes by fingerprint, by path after an edit, and from a chosen file.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use dramatis::analysis::EntityKind;
use dramatis::annotations::store::{self, Store, WriteStep};
use dramatis::annotations::{
    Annotations, Correction, Dictionary, DictionaryRule, FORMAT_VERSION, HighlightColor, Passage,
    anchor, fingerprint,
};
use dramatis::span::Span;

const ARTICLE: &str = include_str!("../assets/sample_article.txt");
const V1: &str = include_str!("data/annotations/v1.ron");

/// A fresh, empty folder under the system's temporary folder.
fn temp_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!(
        "dramatis-test-{name}-{}-{nanos}",
        std::process::id()
    ));
    fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn time(seconds: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(seconds).expect("valid time")
}

fn span_of(text: &str, passage: &str) -> Span {
    let at = text.find(passage).expect("passage in text");
    Span::new(at, at + passage.len())
}

fn passage(text: &str, exact: &str) -> Passage {
    let span = span_of(text, exact);
    let (quote, position) = anchor::selectors(text, span);
    Passage {
        span,
        quote,
        position,
    }
}

/// Notes with a bit of everything: highlights with unicode and multi-line
/// notes and tags, an orphan, entity notes, and every kind of correction.
fn rich(text: &str, path: Option<PathBuf>) -> Annotations {
    let mut notes = Annotations::new(text, path, "Kim Jong-un arrives in Russia");
    let first = notes
        .add_highlight(
            text,
            span_of(text, "Kim Jong-un"),
            HighlightColor::Yellow,
            time(1_000),
        )
        .expect("highlight");
    let second = notes
        .add_highlight(
            text,
            span_of(text, "Kremlin spokesman Dmitry Peskov said"),
            HighlightColor::Purple,
            time(2_000),
        )
        .expect("highlight");
    if let Some(h) = notes.highlight_mut(second) {
        h.note = "Peskov — the Kremlin’s voice.\nSecond line: «quoted» 日本語 🎉\n".to_owned();
        h.tags = vec!["kremlin".to_owned(), "spokespeople".to_owned()];
        h.modified = time(3_000);
    }
    let orphan = notes
        .add_highlight(
            text,
            span_of(text, "a lunch in Kim’s honour"),
            HighlightColor::Blue,
            time(1_500),
        )
        .and_then(|id| notes.remove_highlight(id))
        .expect("highlight");
    notes.restore_highlight(orphan, true);
    notes.set_entity_note("Vladimir Putin", EntityKind::Person, "President of Russia.");
    notes.corrections = vec![
        Correction::Rename {
            name: "Kim".to_owned(),
            kind: EntityKind::Person,
            to: "Kim Jong-un".to_owned(),
        },
        Correction::ChangeKind {
            name: "Kremlin".to_owned(),
            from: EntityKind::Place,
            to: EntityKind::Organization,
        },
        Correction::Merge {
            name: "Kim Jong-Un".to_owned(),
            kind: EntityKind::Person,
            into: "Kim Jong-un".to_owned(),
            into_kind: EntityKind::Person,
        },
        Correction::Split {
            mention: passage(text, "Alexander Koslov"),
            kind: Some(EntityKind::Person),
        },
        Correction::NotAnEntity {
            name: "DPRK".to_owned(),
            kind: EntityKind::Organization,
        },
        Correction::Tag {
            passage: passage(text, "Primorsky region"),
            kind: EntityKind::Place,
        },
    ];
    assert!(notes.highlight(first).is_some());
    notes
}

#[test]
fn rich_annotations_round_trip_through_ron() {
    let notes = rich(ARTICLE, Some(PathBuf::from("/home/reader/kim–putin.txt")));
    let dir = temp_dir("round-trip");
    let store = Store::at(&dir);
    let file = store.save(&notes).expect("saved");
    assert_eq!(
        file,
        dir.join("annotations")
            .join(format!("{}.ron", fingerprint(ARTICLE)))
    );
    let written = fs::read_to_string(&file).expect("readable");
    assert!(
        written.trim_start().starts_with("(\n    version: 1,"),
        "version first:\n{written}"
    );
    let opened = store.open(
        ARTICLE,
        Some(Path::new("/home/reader/kim–putin.txt")),
        &notes.title,
    );
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.annotations, notes);
    assert_eq!(opened.reanchored, None);
    assert_eq!(opened.replaces, None);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn the_version_1_fixture_keeps_loading() {
    let dir = temp_dir("fixture");
    let store = Store::at(&dir);
    let folder = dir.join("annotations");
    fs::create_dir_all(&folder).expect("folder");
    assert_eq!(
        fingerprint(ARTICLE),
        "9de2d4ad1e89d1d7",
        "the fixture's text"
    );
    fs::write(folder.join("9de2d4ad1e89d1d7.ron"), V1).expect("written");
    let opened = store.open(ARTICLE, None, "Kim Jong-un arrives in Russia");
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    let notes = opened.annotations;
    assert_eq!(notes.version, 1);
    assert_eq!(
        notes.path.as_deref(),
        Some(Path::new("/home/reader/articles/kim-putin.txt"))
    );
    assert_eq!(notes.next_id, 4);
    let placed: Vec<(u64, &str, HighlightColor)> = notes
        .highlights
        .iter()
        .map(|h| (h.id, h.span.text(ARTICLE), h.color))
        .collect();
    assert_eq!(
        placed,
        [
            (1, "Kim Jong-un", HighlightColor::Yellow),
            (
                3,
                "arrived in Russia in an armoured train",
                HighlightColor::Pink
            ),
        ]
    );
    let train = notes.highlight(3).expect("highlight 3");
    assert_eq!(train.tags, ["train", "security"]);
    assert_eq!(train.note.lines().count(), 2);
    assert!(train.note.contains("“moving fortress”"));
    assert_eq!(
        train.modified,
        "2026-11-30T21:20:30Z"
            .parse::<jiff::Timestamp>()
            .expect("time")
    );
    assert_eq!(notes.orphans.len(), 1);
    assert_eq!(notes.orphans[0].quote.exact, "a sentence since cut");
    assert_eq!(
        notes.entity_note("Dmitry Peskov", EntityKind::Person),
        Some("Kremlin spokesman.")
    );
    assert_eq!(notes.corrections.len(), 6);
    assert!(matches!(
        &notes.corrections[5],
        Correction::Tag { passage, kind: EntityKind::Place } if passage.span.text(ARTICLE) == "North Korean"
    ));
    assert!(matches!(
        &notes.corrections[4],
        Correction::Split { mention, kind: None } if mention.span.text(ARTICLE) == "Kim"
    ));
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_span_that_does_not_hold_its_passage_is_found_again() {
    let dir = temp_dir("stale");
    let store = Store::at(&dir);
    let folder = dir.join("annotations");
    fs::create_dir_all(&folder).expect("folder");
    // The fixture with highlight 1's span pointing past the end of the text.
    let damaged = V1.replacen(
        "span: (start: 20, end: 31)",
        "span: (start: 90000, end: 90011)",
        1,
    );
    assert_ne!(damaged, V1);
    fs::write(folder.join("9de2d4ad1e89d1d7.ron"), damaged).expect("written");
    let opened = store.open(ARTICLE, None, "Sample");
    let counts = opened.reanchored.expect("repaired");
    assert_eq!(counts.kept, 1, "{counts:?}");
    let texts: Vec<&str> = opened
        .annotations
        .highlights
        .iter()
        .map(|h| h.span.text(ARTICLE))
        .collect();
    assert_eq!(
        texts,
        ["Kim Jong-un", "arrived in Russia in an armoured train"]
    );
    let _ = fs::remove_dir_all(dir);
}

const STEPS: [WriteStep; 5] = [
    WriteStep::CreateTemp,
    WriteStep::Write,
    WriteStep::Sync,
    WriteStep::Rename,
    WriteStep::SyncDir,
];

#[test]
fn a_failed_write_at_any_step_leaves_the_old_file_whole() {
    let old_bytes = b"old notes, complete\n".as_slice();
    let new_bytes = "new notes, longer than the old ones — ünïcödé\n".repeat(100);
    for step in STEPS {
        for had_file in [true, false] {
            let dir = temp_dir("crash");
            let target = dir.join("notes.ron");
            if had_file {
                fs::write(&target, old_bytes).expect("old file");
            }
            let result = store::write_atomic_with(&target, new_bytes.as_bytes(), &mut |at| {
                if at == step {
                    Err(io::Error::other("disk full"))
                } else {
                    Ok(())
                }
            });
            assert!(result.is_err(), "{step:?}: the failure is reported");
            let now = fs::read(&target).ok();
            if step == WriteStep::SyncDir {
                // The rename has happened: the new file is there, whole.
                assert_eq!(now.as_deref(), Some(new_bytes.as_bytes()), "{step:?}");
            } else if had_file {
                assert_eq!(now.as_deref(), Some(old_bytes), "{step:?}: old bytes kept");
            } else {
                assert_eq!(now, None, "{step:?}: no file appears");
            }
            let expected: Vec<String> = if had_file || step == WriteStep::SyncDir {
                vec!["notes.ron".to_owned()]
            } else {
                Vec::new()
            };
            assert_eq!(
                files_in(&dir),
                expected,
                "{step:?}: no temporary files left"
            );
            let _ = fs::remove_dir_all(dir);
        }
    }
}

#[test]
fn a_successful_write_replaces_the_file_and_leaves_nothing_else() {
    let dir = temp_dir("write");
    let target = dir.join("notes.ron");
    fs::write(&target, "old").expect("old file");
    let mut steps = Vec::new();
    store::write_atomic_with(&target, b"new", &mut |step| {
        steps.push(step);
        Ok(())
    })
    .expect("written");
    assert_eq!(steps, STEPS);
    assert_eq!(fs::read(&target).expect("file"), b"new");
    assert_eq!(files_in(&dir), ["notes.ron"]);
    let _ = fs::remove_dir_all(dir);
}

/// An unreadable notes file of each kind: (name, bytes, what the problem says).
const UNREADABLE: [(&str, &str, &str); 3] = [
    (
        "corrupt",
        "(version: 1, fingerprint: \"9de2d4ad1e89d1d7\", highlights: [(id: ",
        "could not be read",
    ),
    (
        "not RON at all",
        "\u{0}\u{1}binary junk\u{fffd}",
        "could not be read",
    ),
    (
        "newer",
        "(version: 99, fingerprint: \"9de2d4ad1e89d1d7\", galaxies: [1, 2, 3])",
        "written by a newer Dramatis",
    ),
];

#[test]
fn unreadable_notes_are_moved_aside_reported_and_never_overwritten() {
    for (name, bytes, says) in UNREADABLE {
        let dir = temp_dir("unreadable");
        let store = Store::at(&dir);
        let target = store.annotations_path(&fingerprint(ARTICLE));
        fs::create_dir_all(target.parent().expect("folder")).expect("folder");
        fs::write(&target, bytes).expect("bad file");
        let opened = store.open(ARTICLE, None, "Sample");
        assert_eq!(opened.problems.len(), 1, "{name}: {:?}", opened.problems);
        let problem = &opened.problems[0];
        assert!(problem.contains(says), "{name}: {problem}");
        assert!(
            problem.contains(&target.display().to_string()),
            "{name}: names the file"
        );
        assert!(opened.annotations.is_empty(), "{name}");
        let files = files_in(&dir.join("annotations"));
        assert_eq!(files.len(), 1, "{name}: {files:?}");
        assert!(!target.exists(), "{name}: moved away");
        let aside = dir.join("annotations").join(&files[0]);
        assert!(
            problem.contains(&aside.display().to_string()),
            "{name}: names the copy"
        );
        assert_eq!(
            fs::read_to_string(&aside).expect("aside"),
            bytes,
            "{name}: original bytes"
        );
        // The next save writes a fresh file beside the copy.
        let mut notes = opened.annotations;
        notes.add_highlight(
            ARTICLE,
            span_of(ARTICLE, "Kim"),
            HighlightColor::Green,
            time(1),
        );
        store.save(&notes).expect("saved");
        assert_eq!(
            fs::read_to_string(&aside).expect("aside"),
            bytes,
            "{name}: copy untouched"
        );
        assert_eq!(
            store.open(ARTICLE, None, "Sample").annotations,
            notes,
            "{name}"
        );
        let _ = fs::remove_dir_all(dir);
    }
}

#[test]
fn saving_over_an_unreadable_file_moves_it_aside_first() {
    let dir = temp_dir("in-the-way");
    let store = Store::at(&dir);
    let mut notes = Annotations::new(ARTICLE, None, "Sample");
    notes.add_highlight(
        ARTICLE,
        span_of(ARTICLE, "Putin"),
        HighlightColor::Yellow,
        time(1),
    );
    let target = store.annotations_path(&notes.fingerprint);
    fs::create_dir_all(target.parent().expect("folder")).expect("folder");
    fs::write(&target, "garbage").expect("bad file");
    store.save(&notes).expect("saved");
    let files = files_in(&dir.join("annotations"));
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files.iter().any(|f| f.contains(".corrupt-")), "{files:?}");
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn saving_empty_notes_writes_nothing() {
    let dir = temp_dir("empty");
    let store = Store::at(&dir);
    let notes = Annotations::new(ARTICLE, None, "Sample");
    let file = store.save(&notes).expect("nothing to do");
    assert!(!file.exists());
    assert!(files_in(&dir.join("annotations")).is_empty());
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn notes_are_found_by_fingerprint_with_path_and_title_updated() {
    let dir = temp_dir("fingerprint");
    let store = Store::at(&dir);
    let notes = rich(ARTICLE, Some(PathBuf::from("/old/place.txt")));
    store.save(&notes).expect("saved");
    let opened = store.open(ARTICLE, Some(Path::new("/new/place.txt")), "New title");
    assert_eq!(
        opened.annotations.path.as_deref(),
        Some(Path::new("/new/place.txt"))
    );
    assert_eq!(opened.annotations.title, "New title");
    assert_eq!(opened.annotations.highlights, notes.highlights);
    assert_eq!(opened.reanchored, None);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn notes_follow_a_file_edited_in_place() {
    let dir = temp_dir("edited");
    let store = Store::at(&dir);
    let path = Path::new("/home/reader/kim.txt");
    let notes = rich(ARTICLE, Some(path.to_owned()));
    let old_file = store.save(&notes).expect("saved");
    // An unrelated notes file and a broken one sit in the same folder.
    store
        .save(&rich("Another text about Kim Jong-un and the Kremlin spokesman Dmitry Peskov said. a lunch in Kim’s honour. Alexander Koslov. Primorsky region.", Some(PathBuf::from("/elsewhere.txt"))))
        .expect("saved");
    fs::write(
        dir.join("annotations").join("0000000000000000.ron"),
        "(broken",
    )
    .expect("file");

    let edited = format!(
        "Updated at 10:00.\n{}",
        ARTICLE.replacen("Kremlin spokesman", "The Kremlin’s spokesman", 1)
    );
    let opened = store.open(&edited, Some(path), "Edited");
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.replaces.as_deref(), Some(old_file.as_path()));
    let counts = opened.reanchored.expect("re-anchored");
    assert_eq!((counts.moved, counts.orphaned), (1, 0), "{counts:?}");
    assert_eq!(counts.fuzzy, 1, "the edited passage");
    let reopened = opened.annotations;
    assert_eq!(reopened.fingerprint, fingerprint(&edited));
    assert_eq!(reopened.title, "Edited");
    let texts: Vec<&str> = reopened
        .highlights
        .iter()
        .map(|h| h.span.text(&edited))
        .collect();
    assert_eq!(
        texts,
        [
            "Kim Jong-un",
            "Kremlin’s spokesman Dmitry Peskov said",
            "a lunch in Kim’s honour"
        ]
    );
    // The old orphan was tried again and found (it was never really gone).
    assert!(reopened.orphans.is_empty());
    assert!(
        reopened
            .highlights
            .iter()
            .all(|h| h.quote.exact == h.span.text(&edited))
    );
    for correction in &reopened.corrections {
        if let Correction::Split { mention: p, .. } | Correction::Tag { passage: p, .. } =
            correction
        {
            assert_eq!(p.span.text(&edited), p.quote.exact);
        }
    }

    let new_file = store
        .save_replacing(&reopened, opened.replaces.as_deref())
        .expect("saved");
    assert!(new_file.exists());
    assert!(
        !old_file.exists(),
        "the old file goes once the new one is written"
    );
    let again = store.open(&edited, Some(path), "Edited");
    assert_eq!(again.annotations, reopened);
    assert_eq!(again.reanchored, None);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn notes_can_be_taken_from_a_chosen_file() {
    let dir = temp_dir("chosen");
    let store = Store::at(&dir);
    let notes = rich(ARTICLE, Some(PathBuf::from("/old/name.txt")));
    let old_file = store.save(&notes).expect("saved");
    let moved = ARTICLE.replacen(
        "Last week, a report claimed",
        "Last week a report claimed",
        1,
    );
    let opened = store
        .open_file(
            &old_file,
            &moved,
            Some(Path::new("/new/name.txt")),
            "Renamed",
        )
        .expect("opened");
    assert_eq!(opened.replaces.as_deref(), Some(old_file.as_path()));
    assert!(opened.reanchored.is_some());
    assert_eq!(
        opened.annotations.path.as_deref(),
        Some(Path::new("/new/name.txt"))
    );
    assert_eq!(
        opened.annotations.highlights.len(),
        3,
        "the orphan found again"
    );
    store
        .save_replacing(&opened.annotations, opened.replaces.as_deref())
        .expect("saved");
    assert!(!old_file.exists());
    assert_eq!(
        files_in(&dir.join("annotations")),
        [format!("{}.ron", fingerprint(&moved))]
    );

    // A file from elsewhere is read, never removed; a broken one is an error naming it.
    let outside = dir.join("backup.ron");
    fs::write(&outside, V1).expect("file");
    let opened = store
        .open_file(&outside, ARTICLE, None, "Sample")
        .expect("opened");
    assert_eq!(opened.replaces, None);
    assert_eq!(opened.annotations.highlights.len(), 2);
    fs::write(&outside, "(version: 1, oops").expect("file");
    let error = store
        .open_file(&outside, ARTICLE, None, "Sample")
        .expect_err("broken");
    assert!(
        error.to_string().ends_with(&outside.display().to_string()),
        "{error}"
    );
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn the_dictionary_round_trips_and_survives_a_bad_file() {
    let dir = temp_dir("dictionary");
    let store = Store::at(&dir);
    let (empty, problems) = store.dictionary();
    assert!(problems.is_empty());
    assert_eq!(empty.version, FORMAT_VERSION);
    assert!(empty.entries.is_empty());
    let mut dictionary = empty;
    dictionary.set("Primorsky", DictionaryRule::Always(EntityKind::Place));
    dictionary.set("Kremlin", DictionaryRule::Never);
    store.save_dictionary(&dictionary).expect("saved");
    assert_eq!(store.dictionary(), (dictionary.clone(), Vec::new()));

    fs::write(
        store.dictionary_path(),
        "(version: 7, entries: [(name: \"x\", rule: Sometimes)])",
    )
    .expect("file");
    let (fresh, problems) = store.dictionary();
    assert_eq!(
        fresh,
        Dictionary {
            version: FORMAT_VERSION,
            entries: Vec::new()
        }
    );
    assert_eq!(problems.len(), 1);
    assert!(problems[0].contains("newer Dramatis"), "{}", problems[0]);
    assert!(
        problems[0].starts_with("Your dictionary file"),
        "{}",
        problems[0]
    );
    assert_eq!(
        files_in(&dir)
            .iter()
            .filter(|f| f.starts_with("dictionary.ron.newer-"))
            .count(),
        1
    );
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn the_default_location_honours_the_environment() {
    // The variable is only read, never set: tests run in parallel threads.
    if std::env::var_os("DRAMATIS_DATA_DIR").is_some() {
        let store = Store::default_location().expect("a location");
        assert_eq!(
            Some(store.root().as_os_str()),
            std::env::var_os("DRAMATIS_DATA_DIR").as_deref()
        );
    } else {
        let store = Store::default_location().expect("a location");
        assert!(
            store.root().ends_with("dramatis") || store.root().ends_with("Dramatis"),
            "{:?}",
            store.root()
        );
    }
}

#[test]
fn temporary_files_left_by_a_crash_are_swept_once_old() {
    let dir = std::env::temp_dir().join(format!("dramatis-sweep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::at(&dir);
    std::fs::create_dir_all(store.annotations_dir()).expect("a notes folder");
    let old = store
        .annotations_dir()
        .join(".0123456789abcdef.ron.tmp-99-0");
    let fresh = store
        .annotations_dir()
        .join(".0123456789abcdef.ron.tmp-99-1");
    let notes = store.annotations_dir().join("0123456789abcdef.ron");
    for file in [&old, &fresh, &notes] {
        std::fs::write(file, "(version: 1)").expect("a file");
    }
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .and_then(|f| f.set_modified(an_hour_ago))
        .expect("an old time");
    let removed = store.sweep_leftovers(std::time::Duration::from_secs(600));
    assert_eq!(removed, 1);
    assert!(!old.exists(), "the old leftover goes");
    assert!(fresh.exists(), "a write that may still be under way stays");
    assert!(notes.exists(), "notes are never touched");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_highlight_of_a_passage_is_found_whatever_space_surrounds_it() {
    let text = "Kim said “we will win” and left. Kim said it twice.";
    let mut notes = Annotations::new(text, None, "Kim");
    let quote = span_of(text, "“we will win”");
    let id = notes
        .add_highlight(text, quote, HighlightColor::Yellow, time(1))
        .expect("highlight");
    notes
        .add_highlight(
            text,
            span_of(text, "Kim said"),
            HighlightColor::Blue,
            time(2),
        )
        .expect("highlight");
    let padded = Span::new(quote.start - 1, quote.end + 1);
    let cases = [
        (quote, Some(id)),
        (padded, Some(id)),
        (span_of(text, "we will win"), None),
        (span_of(text, "Kim said it"), None),
    ];
    for (span, expected) in cases {
        assert_eq!(
            notes.highlight_of(text, span).map(|h| h.id),
            expected,
            "{:?}",
            span.text(text)
        );
    }
}

/// Notes on [`ARTICLE`] with one highlight, saved in a fresh store; returns
/// the store's folder, the store and the notes file.
fn saved_notes(name: &str) -> (PathBuf, Store, PathBuf) {
    let dir = temp_dir(name);
    let store = Store::at(&dir);
    let mut notes = Annotations::new(ARTICLE, None, "Sample");
    notes.add_highlight(
        ARTICLE,
        span_of(ARTICLE, "Putin"),
        HighlightColor::Yellow,
        time(1),
    );
    let file = store.save(&notes).expect("saved");
    (dir, store, file)
}

/// Opens the notes on [`ARTICLE`], adds a highlight on `passage` and saves
/// them as a writer does; returns the file written.
fn add_and_save(store: &Store, passage: &str) -> PathBuf {
    let opened = store.open(ARTICLE, None, "Sample");
    let mut notes = opened.annotations;
    notes.add_highlight(
        ARTICLE,
        span_of(ARTICLE, passage),
        HighlightColor::Green,
        time(2),
    );
    store
        .save_merged(&opened.base, &notes, opened.replaces.as_deref())
        .expect("saved")
        .path
}

#[test]
fn a_fingerprint_inside_the_file_that_differs_from_its_name_does_not_send_saves_elsewhere() {
    let (dir, store, file) = saved_notes("inner-fingerprint");
    let source = fs::read_to_string(&file).expect("notes");
    let wrong = source.replace(&fingerprint(ARTICLE), "00000000deadbeef");
    assert_ne!(wrong, source);
    fs::write(&file, wrong).expect("edit the notes by hand");
    assert_eq!(add_and_save(&store, "Kim"), file, "saved where it was read");
    assert_eq!(
        files_in(&dir.join("annotations")).len(),
        2,
        "the file and its lock"
    );
    let reopened = store.open(ARTICLE, None, "Sample").annotations;
    assert_eq!(reopened.highlights.len(), 2, "both highlights in one file");
    assert_eq!(reopened.fingerprint, fingerprint(ARTICLE));
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn fields_this_build_does_not_know_are_kept_in_a_copy_before_a_save() {
    let (dir, store, file) = saved_notes("unknown-fields");
    let source = fs::read_to_string(&file).expect("notes");
    let extended = source.replacen("(\n", "(\n    shelf: \"novels\",\n", 1);
    assert_ne!(extended, source);
    fs::write(&file, &extended).expect("a newer writer's file");
    let opened = store.open(ARTICLE, None, "Sample");
    let said = opened.problems.join("\n");
    assert!(
        said.contains("holds fields this Dramatis does not know (shelf)")
            && said.contains("copied whole to"),
        "{said}"
    );
    add_and_save(&store, "Kim");
    let copies: Vec<String> = files_in(&dir.join("annotations"))
        .into_iter()
        .filter(|name| name.contains(".unknown-fields-"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let copy = dir.join("annotations").join(&copies[0]);
    assert_eq!(
        fs::read_to_string(copy).expect("copy"),
        extended,
        "kept whole"
    );
    assert_eq!(
        store
            .open(ARTICLE, None, "Sample")
            .annotations
            .highlights
            .len(),
        2
    );
    // The saved file no longer holds the field, so no second copy is made.
    add_and_save(&store, "Russia");
    let copies = files_in(&dir.join("annotations"))
        .into_iter()
        .filter(|name| name.contains(".unknown-fields-"))
        .count();
    assert_eq!(copies, 1);
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_read_only_open_leaves_a_newer_file_where_it_is() {
    let (dir, store, file) = saved_notes("read-only");
    let newer = fs::read_to_string(&file)
        .expect("notes")
        .replacen("version: 1", "version: 99", 1);
    fs::write(&file, &newer).expect("a newer build's file");
    let opened = store.open_read_only(ARTICLE, None, "Sample");
    let said = opened.problems.join("\n");
    assert!(
        said.contains("newer Dramatis") && said.contains("left as it is"),
        "{said}"
    );
    assert!(opened.annotations.is_empty());
    assert_eq!(fs::read_to_string(&file).expect("still there"), newer);
    let (_, problems) = store.dictionary_read_only();
    assert!(problems.is_empty(), "{problems:?}");
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn the_next_save_sweeps_temporary_files_a_killed_run_left() {
    let (dir, store, _) = saved_notes("sweep-on-save");
    let leftover = store
        .annotations_dir()
        .join(format!(".{}.ron.tmp-99-0", fingerprint(ARTICLE)));
    fs::write(&leftover, "half a file").expect("a leftover");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&leftover)
        .and_then(|f| f.set_modified(an_hour_ago))
        .expect("an old time");
    add_and_save(&store, "Kim");
    assert!(!leftover.exists(), "swept by the save");
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn notes_are_found_by_path_whatever_state_the_index_is_in() {
    let dir = temp_dir("index");
    let store = Store::at(&dir);
    let text_of = |i: usize| format!("Text number {i}. Natasha met Pierre.");
    let mut files = Vec::new();
    for i in 0..10 {
        let text = text_of(i);
        let mut notes =
            Annotations::new(&text, Some(PathBuf::from(format!("/books/{i}.txt"))), "T");
        notes.add_highlight(
            &text,
            span_of(&text, "Natasha"),
            HighlightColor::Yellow,
            time(1),
        );
        files.push(store.save(&notes).expect("saved"));
    }
    let edited = "Text number 3, edited. Natasha met Pierre.";
    let book = Path::new("/books/3.txt");
    let found = |why: &str| {
        let opened = store.open(edited, Some(book), "T");
        assert_eq!(opened.annotations.highlights.len(), 1, "{why}");
        opened.replaces.expect("read from an old file")
    };
    assert_eq!(found("no index yet"), files[3]);
    assert!(store.index_path().exists(), "the index is built");
    fs::write(store.index_path(), "not an index").expect("damage it");
    assert_eq!(found("a damaged index is rebuilt"), files[3]);
    // Another writer, which knows nothing of the index, gives the notes of
    // text 5 the same path, later.
    let source = fs::read_to_string(&files[5]).expect("notes");
    fs::write(&files[5], source.replace("/books/5.txt", "/books/3.txt")).expect("rewrite");
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    fs::File::options()
        .write(true)
        .open(&files[5])
        .and_then(|f| f.set_modified(later))
        .expect("a later time");
    assert_eq!(found("a change behind the index's back is seen"), files[5]);
    fs::remove_file(&files[5]).expect("remove");
    assert_eq!(found("a removed file is forgotten"), files[3]);
    // A read-only open finds the notes too, and writes no index.
    fs::remove_file(store.index_path()).expect("remove the index");
    let opened = store.open_read_only(edited, Some(book), "T");
    assert_eq!(opened.replaces.as_deref(), Some(files[3].as_path()));
    assert!(!store.index_path().exists(), "nothing written");
    let _ = fs::remove_dir_all(dir);
}

/// A change written in the same tick of the file system's clock as the
/// index read the file, keeping its size, leaves the file's time and size
/// as the index remembers them: it is still seen.
#[test]
fn a_change_in_the_same_tick_as_the_index_read_is_seen() {
    let dir = temp_dir("index-same-tick");
    let store = Store::at(&dir);
    let text = "Natasha met Pierre.";
    let mut notes = Annotations::new(text, Some(PathBuf::from("/books/a.txt")), "T");
    notes.add_highlight(
        text,
        span_of(text, "Natasha"),
        HighlightColor::Yellow,
        time(1),
    );
    let file = store.save(&notes).expect("saved");
    // One tick of the clock, fixed: the time the save gave the file, and
    // the time the next change gives it too. Set ahead of the clock so the
    // test does not depend on how fast it runs.
    let tick = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    let set_tick = || {
        fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(tick))
            .expect("set the time");
    };
    set_tick();
    let edited = "Natasha met Pierre, edited.";
    let other = store.open(edited, Some(Path::new("/books/b.txt")), "T");
    assert!(other.annotations.is_empty(), "no notes name b.txt yet");
    assert!(store.index_path().exists(), "the index is built");
    // Another writer moves the notes to b.txt in the same tick: same size,
    // same time.
    let source = fs::read_to_string(&file).expect("notes");
    let moved = source.replace("/books/a.txt", "/books/b.txt");
    assert_eq!(moved.len(), source.len());
    fs::write(&file, moved).expect("rewrite");
    set_tick();
    let opened = store.open(edited, Some(Path::new("/books/b.txt")), "T");
    assert_eq!(
        opened.annotations.highlights.len(),
        1,
        "{:?}",
        opened.problems
    );
    assert_eq!(opened.replaces.as_deref(), Some(file.as_path()));
    let _ = fs::remove_dir_all(dir);
}

/// Two writers that read the same dictionary and each choose a rule keep
/// both; for a name both chose, the later choice stays, whichever saves
/// last.
#[test]
fn two_writers_keep_each_others_dictionary_rules() {
    let store = Store::at(temp_dir("dictionary-merge"));
    let at = |s: i64| jiff::Timestamp::from_second(1_700_000_000 + s).expect("a time");
    let (mut window, _) = store.dictionary();
    let (mut command_line, _) = store.dictionary();
    window.set_at(
        "Quellmouth",
        DictionaryRule::Always(EntityKind::Place),
        at(10),
    );
    window.set_at("Orla", DictionaryRule::Never, at(40));
    command_line.set_at(
        "Tellmark",
        DictionaryRule::Always(EntityKind::Organization),
        at(20),
    );
    command_line.set_at("Orla", DictionaryRule::Always(EntityKind::Person), at(30));
    store.save_dictionary(&command_line).expect("saved");
    store.save_dictionary(&window).expect("saved");
    let rule_of = |name: &str| {
        store
            .dictionary()
            .0
            .entries
            .into_iter()
            .find(|e| e.name == name)
            .map(|e| e.rule)
    };
    assert_eq!(
        rule_of("Quellmouth"),
        Some(DictionaryRule::Always(EntityKind::Place))
    );
    assert_eq!(
        rule_of("Tellmark"),
        Some(DictionaryRule::Always(EntityKind::Organization))
    );
    assert_eq!(
        rule_of("Orla"),
        Some(DictionaryRule::Never),
        "the later choice"
    );
    // The earlier choice saved last does not undo the later one.
    store.save_dictionary(&command_line).expect("saved");
    assert_eq!(rule_of("Orla"), Some(DictionaryRule::Never));
    assert_eq!(store.dictionary().0.entries.len(), 3);
}
