//! The reader's highlights and notes in the window, driven like a person
//! would: select with the mouse, press H, find the highlight in the Notes
//! panel, write a note, and find it again after a restart from disk.

use std::path::PathBuf;

use dramatis::annotations::store::Store;
use dramatis::annotations::{Correction, HighlightColor};
use dramatis::app::{DramatisApp, sample_document};
use dramatis::ui::Command;
use dramatis::ui::notes::{OPENING_CHARS, opening_words};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// A fresh, empty notes folder for one test.
fn temp_store(name: &str) -> Store {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("dramatis-ui-notes-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    Store::at(dir)
}

fn harness(app: DramatisApp) -> Harness<'static, DramatisApp> {
    let mut harness = Harness::builder()
        .with_size([1200.0, 800.0])
        // Frames a sixtieth of a second apart, so quick clicks make a double click.
        .with_step_dt(1.0 / 60.0)
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut DramatisApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

/// The paragraph of the sample that holds `words`, as its accessible label reads.
fn paragraph_label(app: &DramatisApp, words: &str) -> String {
    let doc = app.document();
    let block = doc
        .blocks
        .iter()
        .find(|b| b.span.text(&doc.text).contains(words))
        .expect("the sample holds the words");
    block.span.text(&doc.text).replace(['\n', '\r'], " ")
}

/// Drags the mouse from `from` to `to` in small steps, as a hand would.
fn drag(harness: &mut Harness<'static, DramatisApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run_steps(1);
    harness.drag_at(from);
    harness.run_steps(1);
    for k in 1..=6 {
        let t = k as f32 / 6.0;
        harness.hover_at(from + (to - from) * t);
        harness.run_steps(1);
    }
    harness.event(Event::PointerButton {
        pos: to,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    harness.run_steps(2);
}

#[test]
fn a_selected_passage_is_highlighted_noted_and_kept_across_a_restart() {
    let store = temp_store("restart");
    let app = DramatisApp::with_store(sample_document(), store.clone());
    let label = paragraph_label(&app, "private train journey");
    let mut harness = harness(app);

    // Select the paragraph's first row by dragging across it.
    let rect = harness.get_by_label(&label).rect();
    let from = pos2(rect.left() + 2.0, rect.top() + 8.0);
    let to = pos2(rect.left() + 0.8 * rect.width(), rect.top() + 8.0);
    drag(&mut harness, from, to);
    let selection = harness.state().state().selection.expect("a selection");
    let text = &harness.state().document().text;
    let selected = selection.text(text).to_owned();
    assert!(
        selected.starts_with("The North Korean dictator"),
        "{selected:?}"
    );

    // H highlights it in the default colour and opens its card.
    harness.key_press(Key::H);
    harness.run_steps(2);
    let highlights = &harness.state().annotations().highlights;
    assert_eq!(highlights.len(), 1);
    assert_eq!(highlights[0].quote.exact, selected);
    assert_eq!(highlights[0].color, HighlightColor::Yellow);
    assert!(harness.state().state().selection.is_none());

    // Write a note in the card.
    harness.get_by_role(Role::MultilineTextInput).click();
    harness.run_steps(1);
    harness
        .get_by_role(Role::MultilineTextInput)
        .type_text("Why at night?");
    harness.run_steps(2);
    assert_eq!(
        harness.state().annotations().highlights[0].note,
        "Why at night?"
    );

    // The Notes panel lists it by its opening words.
    harness.get_by_label("Notes (1)").click();
    harness.run_steps(2);
    let opening = opening_words(
        &harness.state().annotations().highlights[0].quote.exact,
        OPENING_CHARS,
    );
    harness.get_by_label(&opening).click();
    harness.run_steps(2);
    assert_eq!(harness.state().state().open_highlight, Some(1));
    assert!(harness.query_by_label("Why at night?").is_some());

    // Close the window's state and start again from what is on disk.
    harness.state_mut().flush_notes();
    drop(harness);
    let file = store.annotations_dir();
    assert!(
        std::fs::read_dir(&file).is_ok_and(|mut d| d.next().is_some()),
        "a notes file in {}",
        file.display()
    );
    let app = DramatisApp::with_store(sample_document(), store.clone());
    let mut harness = self::harness(app);
    assert_eq!(harness.state().annotations().highlights.len(), 1);
    harness.get_by_label("Notes (1)").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("Why at night?").is_some());
    let _ = std::fs::remove_dir_all(store.root());
}

#[test]
fn a_deleted_highlight_comes_back_with_ctrl_z() {
    let store = temp_store("undo");
    let mut app = DramatisApp::with_store(sample_document(), store.clone());
    let text = app.document().text.clone();
    let start = text.find("Kremlin spokesman").expect("in the sample");
    let span = dramatis::span::Span::new(start, start + "Kremlin spokesman".len());
    app.apply(Command::AddHighlight {
        span,
        color: HighlightColor::Pink,
    });
    let mut harness = harness(app);
    harness.get_by_label("Delete highlight").click();
    harness.run_steps(2);
    assert!(harness.state().annotations().highlights.is_empty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    let highlights = &harness.state().annotations().highlights;
    assert_eq!(highlights.len(), 1);
    assert_eq!(highlights[0].quote.exact, "Kremlin spokesman");
    assert_eq!(highlights[0].color, HighlightColor::Pink);

    // Redo deletes it again (Ctrl+Shift+Z, or Ctrl+Y), Undo brings it back.
    let redo_keys = [
        (Modifiers::COMMAND | Modifiers::SHIFT, Key::Z, 0),
        (Modifiers::COMMAND, Key::Z, 1),
        (Modifiers::COMMAND, Key::Y, 0),
        (Modifiers::COMMAND, Key::Z, 1),
    ];
    for (modifiers, key, expected) in redo_keys {
        harness.key_press_modifiers(modifiers, key);
        harness.run_steps(2);
        assert_eq!(
            harness.state().annotations().highlights.len(),
            expected,
            "{modifiers:?} {key:?}"
        );
    }

    // The Edit menu has both; a new change leaves nothing to redo.
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Redo").click();
    harness.run_steps(2);
    assert!(harness.state().annotations().highlights.is_empty());
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Undo").click();
    harness.run_steps(2);
    assert_eq!(harness.state().annotations().highlights.len(), 1);
    harness.state_mut().apply(Command::AddHighlight {
        span: dramatis::span::Span::new(0, 5),
        color: HighlightColor::Blue,
    });
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run_steps(2);
    assert_eq!(harness.state().annotations().highlights.len(), 2);
    let _ = std::fs::remove_dir_all(store.root());
}

#[test]
fn double_and_triple_clicks_select_a_word_and_a_paragraph_and_ctrl_c_copies() {
    let store = temp_store("clicks");
    let app = DramatisApp::with_store(sample_document(), store.clone());
    let label = paragraph_label(&app, "private train journey");
    let mut harness = harness(app);
    let rect = harness.get_by_label(&label).rect();
    // "The" opens the paragraph.
    let on_the = pos2(rect.left() + 6.0, rect.top() + 8.0);
    for clicks in 1..=3 {
        harness.hover_at(on_the);
        for _ in 0..clicks {
            harness.event(Event::PointerButton {
                pos: on_the,
                button: PointerButton::Primary,
                pressed: true,
                modifiers: Modifiers::NONE,
            });
            harness.event(Event::PointerButton {
                pos: on_the,
                button: PointerButton::Primary,
                pressed: false,
                modifiers: Modifiers::NONE,
            });
            harness.step();
        }
        harness.run_steps(2);
        let app = harness.state();
        let selected = app
            .state()
            .selection
            .map(|s| s.text(&app.document().text).to_owned());
        match clicks {
            1 => assert_eq!(selected, None),
            2 => assert_eq!(selected.as_deref(), Some("The")),
            _ => assert_eq!(
                selected.as_deref().map(|s| s.replace('\n', " ")),
                Some(label.clone())
            ),
        }
        // Let the next series of clicks start afresh.
        harness.run_steps(30);
    }
    harness.event(Event::Copy);
    harness.run_steps(1);
    let copied = harness.output().platform_output.commands.iter().any(|c| {
        matches!(c, egui::OutputCommand::CopyText(t) if t.starts_with("The North Korean dictator"))
    });
    assert!(copied, "{:?}", harness.output().platform_output.commands);
    let _ = std::fs::remove_dir_all(store.root());
}

#[test]
fn corrections_to_the_cast_survive_a_restart() {
    let store = temp_store("corrections");
    let mut app = DramatisApp::with_store(sample_document(), store.clone());
    let has =
        |app: &DramatisApp, name: &str| app.analysis().entities.iter().any(|e| e.name == name);
    assert!(has(&app, "White House"));
    app.apply(Command::Correct(Correction::NotAnEntity {
        name: "White House".to_owned(),
        kind: dramatis::analysis::EntityKind::Organization,
    }));
    app.apply(Command::Correct(Correction::Rename {
        name: "Kim Jong-un".to_owned(),
        kind: dramatis::analysis::EntityKind::Person,
        to: "Kim Jong Un".to_owned(),
    }));
    assert!(!has(&app, "White House"));
    assert!(has(&app, "Kim Jong Un"));
    app.flush_notes();
    drop(app);

    let app = DramatisApp::with_store(sample_document(), store.clone());
    assert!(!has(&app, "White House"));
    let mut harness = harness(app);
    harness.run_steps(2);
    assert!(harness.query_by_label("Kim Jong Un").is_some());
    let _ = std::fs::remove_dir_all(store.root());
}

#[test]
fn one_click_highlights_a_quotation_and_notes_an_entity() {
    let store = temp_store("quote");
    let app = DramatisApp::with_store(sample_document(), store.clone());
    let first_quote = app.analysis().quotes[0].span;
    let mut harness = harness(app);
    // Fold the people away so the quotations are in view.
    harness.get_by_label("People (7)").click();
    harness.run_steps(2);
    harness
        .get_all_by_label("Highlight quotation")
        .next()
        .expect("a quote row")
        .click();
    harness.run_steps(2);
    let highlights = &harness.state().annotations().highlights;
    assert_eq!(highlights.len(), 1);
    assert_eq!(highlights[0].span, first_quote);

    harness.get_by_label("Kremlin").click();
    harness.run_steps(2);
    harness.get_by_label("Note on this entity").click();
    harness.run_steps(1);
    harness
        .get_by_label("Note on this entity")
        .type_text("The Russian presidency");
    harness.run_steps(2);
    assert_eq!(
        harness
            .state()
            .annotations()
            .entity_note("Kremlin", dramatis::analysis::EntityKind::Organization),
        Some("The Russian presidency")
    );
    let _ = std::fs::remove_dir_all(store.root());
}

#[test]
fn a_highlighted_quotation_shows_a_tick_that_opens_its_highlight() {
    let store = temp_store("quote-once");
    let app = DramatisApp::with_store(sample_document(), store.clone());
    let first_quote = app.analysis().quotes[0].span;
    let mut harness = harness(app);
    harness.get_by_label("People (7)").click();
    harness.run_steps(2);
    // Only the rows in view are drawn.
    let rows = harness.get_all_by_label("Highlight quotation").count();
    harness
        .get_all_by_label("Highlight quotation")
        .next()
        .expect("a quote row")
        .click();
    harness.run_steps(2);
    let id = harness.state().annotations().highlights[0].id;

    // The row now says so, and its button opens the highlight instead of
    // making another.
    assert_eq!(
        harness.get_all_by_label("Highlight quotation").count(),
        rows - 1
    );
    assert_eq!(harness.get_all_by_label("Highlighted").count(), 1);
    harness.state_mut().apply(Command::OpenHighlight(None));
    harness.run_steps(1);
    harness.get_by_label("Highlighted").click();
    harness.run_steps(2);
    let app = harness.state();
    assert_eq!(app.annotations().highlights.len(), 1);
    assert_eq!(app.state().open_highlight, Some(id));

    // Highlighting the same passage again (H on the same selection) opens
    // the highlight there is.
    harness.state_mut().apply(Command::OpenHighlight(None));
    harness.state_mut().apply(Command::AddHighlight {
        span: first_quote,
        color: HighlightColor::Green,
    });
    harness.run_steps(1);
    let app = harness.state();
    assert_eq!(app.annotations().highlights.len(), 1);
    assert_eq!(app.state().open_highlight, Some(id));
    let _ = std::fs::remove_dir_all(store.root());
}

#[test]
fn an_unreadable_notes_file_is_moved_aside_and_the_window_says_so() {
    let store = temp_store("corrupt");
    let doc = sample_document();
    let file = store.annotations_path(&dramatis::annotations::fingerprint(&doc.text));
    std::fs::create_dir_all(store.annotations_dir()).expect("a notes folder");
    std::fs::write(&file, "(version: 1, highlights: [ oops").expect("a damaged file");
    let app = DramatisApp::with_store(doc, store.clone());
    let message = app.error().expect("the window reports the damaged file");
    assert!(message.contains("moved aside"), "{message}");
    assert!(app.annotations().highlights.is_empty());
    let aside: Vec<_> = std::fs::read_dir(store.annotations_dir())
        .expect("the notes folder")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt"))
        .collect();
    assert_eq!(aside.len(), 1, "one file moved aside");
    let kept = std::fs::read_to_string(aside[0].path()).expect("the aside copy");
    assert_eq!(kept, "(version: 1, highlights: [ oops");
    let _ = std::fs::remove_dir_all(store.root());
}

#[test]
fn a_new_highlight_puts_the_keyboard_in_its_note() {
    let store = temp_store("focus");
    let app = DramatisApp::with_store(sample_document(), store.clone());
    let label = paragraph_label(&app, "private train journey");
    let mut harness = harness(app);
    let rect = harness.get_by_label(&label).rect();
    let from = pos2(rect.left() + 2.0, rect.top() + 8.0);
    let to = pos2(rect.left() + 0.8 * rect.width(), rect.top() + 8.0);
    drag(&mut harness, from, to);
    harness.key_press(Key::H);
    harness.run_steps(2);
    assert_eq!(harness.state().annotations().highlights.len(), 1);
    assert!(
        harness.get_by_role(Role::MultilineTextInput).is_focused(),
        "the note field has the keyboard"
    );

    // Letters that are shortcuts (n walks, h highlights) type into the note.
    for letter in ["n", "h", " ", "o", "k"] {
        if let Some(key) = Key::from_name(letter) {
            harness.key_press(key);
        }
        harness.event(Event::Text(letter.to_owned()));
        harness.run_steps(1);
    }
    harness.run_steps(2);
    let app = harness.state();
    assert_eq!(app.annotations().highlights.len(), 1);
    assert_eq!(app.annotations().highlights[0].note, "nh ok");
    assert_eq!(app.state().selected_entity, None, "n fired no shortcut");
    assert_eq!(app.status_message(), None, "h fired no shortcut");
    let _ = std::fs::remove_dir_all(store.root());
}
