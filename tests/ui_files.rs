//! Opening and exporting on a system with no file dialog (on Linux: no
//! desktop portal and no `zenity`): Export writes to the documents folder
//! under a name not yet taken and says where; Open asks for a path in a
//! window of its own, with the recent files.

use std::path::{Path, PathBuf};

use dramatis::app::{DramatisApp, FileChooser};
use dramatis::export::ExportFormat;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: DramatisApp) -> Harness<'static, DramatisApp> {
    let mut harness = Harness::builder()
        .with_size([1000.0, 600.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut DramatisApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

/// A fresh, empty folder for one test.
/// Types `path` into the path window's field and presses Enter.
fn enter_path(harness: &mut Harness<'static, DramatisApp>, path: &Path) {
    harness.get_by_label("Path").focus();
    harness.run_steps(1);
    harness
        .get_by_label("Path")
        .type_text(&path.display().to_string());
    harness.run_steps(1);
    harness.key_press(Key::Enter);
}

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dramatis-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    dir
}

/// The sample app with no file dialog, exporting to `documents`.
fn app_without_dialog(documents: &Path) -> DramatisApp {
    let mut app = DramatisApp::with_sample();
    app.set_file_chooser(FileChooser::Fallback {
        documents: Some(documents.to_owned()),
    });
    app
}

#[test]
fn export_without_a_dialog_writes_to_the_documents_folder_and_says_where() {
    let documents = folder("export-fallback");
    let mut harness = harness(app_without_dialog(&documents));
    let name = ExportFormat::Markdown.file_name(&harness.state().document().title);
    // A file the person already has under that name is kept.
    std::fs::write(documents.join(&name), "mine").expect("an older file");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(2);
    harness.get_by_label("Markdown (Obsidian)").click();
    harness.run_steps(3);
    // The file is written on a thread of its own; it may be done already.
    harness.state_mut().finish_exporting();
    harness.run_steps(1);

    let stem = name.strip_suffix(".md").expect("a Markdown name");
    let written = documents.join(format!("{stem} (2).md"));
    let text = std::fs::read_to_string(&written).expect("the export was written");
    assert!(text.contains(&harness.state().document().title), "{text}");
    assert_eq!(
        std::fs::read_to_string(documents.join(&name)).expect("still there"),
        "mine"
    );
    let notice = harness.state().notice().expect("a notice").to_owned();
    assert!(
        notice.ends_with(&written.display().to_string()),
        "the banner names the file last: {notice}"
    );
    assert!(!notice.contains("dropping"), "{notice}");
    assert!(
        harness
            .query_by_label_contains("exported as Markdown (Obsidian) to your documents folder")
            .is_some()
    );

    // A second export takes the next free name.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(2);
    harness.get_by_label("Markdown (Obsidian)").click();
    harness.run_steps(3);
    harness.state_mut().finish_exporting();
    assert!(documents.join(format!("{stem} (3).md")).is_file());
    std::fs::remove_dir_all(&documents).ok();
}

#[test]
fn open_without_a_dialog_asks_for_a_path_and_lists_recent_files() {
    let dir = folder("open-fallback");
    let book = dir.join("tolstoy.txt");
    std::fs::write(&book, "Prince Andrew\n\nPierre met Natasha in Moscow.\n").expect("a book");
    let mut harness = harness(app_without_dialog(&dir));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run_steps(3);
    assert!(harness.query_by_label("Open a file").is_some());

    // A path with no file says so in a sentence and keeps the window open.
    let missing = dir.join("missing.txt");
    enter_path(&mut harness, &missing);
    harness.run_steps(2);
    let expected = format!("There is no file at this path: {}", missing.display());
    assert_eq!(
        harness.state().path_window_problem(),
        Some(expected.as_str())
    );
    assert!(harness.query_by_label(&expected).is_some());

    // Enter on a real file opens it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Path")
        .type_text(&book.display().to_string());
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    // The load may finish within those frames; wait for it if not.
    harness.state_mut().finish_loading();
    harness.run_steps(2);
    assert_eq!(
        harness.state().document().path.as_deref(),
        Some(book.as_path())
    );
    assert!(harness.query_by_label("Open a file").is_none());

    // Another file, then back to the book from the recent files.
    let other = dir.join("other.txt");
    std::fs::write(&other, "Anna met Vronsky at the station.\n").expect("another");
    harness
        .state_mut()
        .apply(dramatis::ui::Command::Open(other.clone()));
    assert!(harness.state_mut().finish_loading());
    harness.run_steps(2);
    assert_eq!(
        harness.state().document().path.as_deref(),
        Some(other.as_path())
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run_steps(3);
    harness.get_by_label("tolstoy.txt").click();
    harness.run_steps(2);
    harness.state_mut().finish_loading();
    harness.run_steps(2);
    assert_eq!(
        harness.state().document().path.as_deref(),
        Some(book.as_path())
    );

    // Esc closes the window without opening anything.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run_steps(3);
    assert!(harness.query_by_label("Open a file").is_some());
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(harness.query_by_label("Open a file").is_none());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn import_runs_in_the_background_and_adds_the_notes_when_found() {
    let dir = folder("import-background");
    let notes = dir.join("notes.json");
    let annotation = serde_json::json!([{
        "type": "Annotation",
        "target": { "selector": { "type": "TextQuoteSelector", "exact": "Vladimir Putin" } }
    }]);
    std::fs::write(&notes, annotation.to_string()).expect("notes to import");
    let mut harness = harness(app_without_dialog(&dir));
    let before = harness.state().annotations().highlights.len();

    harness
        .state_mut()
        .apply(dramatis::ui::Command::ImportDialog);
    harness.run_steps(2);
    enter_path(&mut harness, &notes);
    harness.run_steps(1);
    // The frame that chose the file only started the import; it may have
    // finished since, and then there is nothing left to wait for.
    harness.state_mut().finish_reading_notes();
    harness.run_steps(2);

    assert_eq!(harness.state().annotations().highlights.len(), before + 1);
    let notice = harness.state().notice().expect("a notice").to_owned();
    assert!(
        notice.starts_with("Imported 1 highlight from notes.json"),
        "{notice}"
    );
    assert!(!harness.state().is_busy());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn an_old_notes_file_is_read_in_the_background_and_its_notes_shown() {
    let dir = folder("notes-file-background");
    let store = dramatis::annotations::store::Store::at(dir.join("data"));
    let sample = dramatis::app::sample_document();
    // Notes kept for an earlier version of the article.
    let earlier = format!("{}\n\nA paragraph since removed.", sample.text);
    let mut old = dramatis::annotations::Annotations::new(&earlier, None, "Earlier");
    let at = earlier
        .find("Vladimir Putin")
        .expect("a name in the sample");
    old.add_highlight(
        &earlier,
        dramatis::span::Span::new(at, at + "Vladimir Putin".len()),
        dramatis::annotations::HighlightColor::Blue,
        jiff::Timestamp::UNIX_EPOCH,
    );
    let old_file = store.save(&old).expect("old notes saved");
    let mut app = DramatisApp::with_store(sample, store);
    app.set_file_chooser(FileChooser::Fallback {
        documents: Some(dir.clone()),
    });
    let mut harness = harness(app);
    assert!(harness.state().annotations().highlights.is_empty());

    harness
        .state_mut()
        .apply(dramatis::ui::Command::NotesFileDialog);
    harness.run_steps(2);
    enter_path(&mut harness, &old_file);
    harness.run_steps(1);
    harness.state_mut().finish_reading_notes();
    harness.run_steps(2);

    assert_eq!(harness.state().annotations().highlights.len(), 1);
    let notice = harness.state().notice().expect("a notice").to_owned();
    assert!(notice.starts_with("Took 1 highlight from"), "{notice}");
    std::fs::remove_dir_all(&dir).ok();
}
