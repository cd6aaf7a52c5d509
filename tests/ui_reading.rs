//! Reading with the keyboard, and finding one's place again: paging keys
//! move the text (but not while a note is being typed), the place in each
//! document survives a restart, and the status line says how far one is and
//! in which chapter. Also the small courtesies: counts that agree with their
//! nouns, no empty cast groups, and a word when H has nothing to highlight.

use dramatis::analysis::{Analysis, Entity, EntityKind, Mention};
use dramatis::app::{DramatisApp, Preferences};
use dramatis::document::{self, Document, Format};
use dramatis::span::Span;
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

#[path = "support/book.rs"]
mod book;

/// Chapter titles of the made-up book.
const CHAPTERS: [&str; 3] = ["The Station", "The Estate", "The Races"];

/// A book of three chapters of 40 paragraphs, each paragraph saying which
/// it is; Anna (a person) and Moscow (a place) are named once each.
fn book() -> (Document, Analysis) {
    let mut text = String::new();
    for (c, title) in CHAPTERS.iter().enumerate() {
        text.push_str(title);
        text.push_str("\n\n");
        for p in 0..40 {
            let who = match (c, p) {
                (0, 0) => "Anna",
                (0, 1) => "Moscow",
                _ => "Someone",
            };
            text.push_str(&format!(
                "Paragraph {p} of part {c}: {who} walked along the platform in the cold, \
                 waiting for the evening train that was late again.\n\n"
            ));
        }
    }
    let mut doc = document::from_text(text, Format::PlainText, None, "Book");
    book::mark_chapters(&mut doc, &CHAPTERS);
    let mut mentions = Vec::new();
    let mut entities = Vec::new();
    for (id, (name, kind)) in [("Anna", EntityKind::Person), ("Moscow", EntityKind::Place)]
        .into_iter()
        .enumerate()
    {
        let start = doc.text.find(name).expect("named once");
        mentions.push(Mention {
            span: Span::new(start, start + name.len()),
            entity: id,
            reason: "test".into(),
        });
        entities.push(Entity {
            id,
            kind,
            name: name.to_owned(),
            mentions: vec![id],
        });
    }
    let analysis = Analysis {
        entities,
        mentions,
        ..Analysis::default()
    };
    (doc, analysis)
}

fn harness(app: DramatisApp) -> Harness<'static, DramatisApp> {
    book::window(app, 520.0)
}

fn book_app() -> DramatisApp {
    let (doc, analysis) = book();
    DramatisApp::from_parts(doc, analysis)
}

/// The text of the block at the top of the reader, as its label reads.
fn top_paragraph(harness: &Harness<'_, DramatisApp>) -> String {
    let app = harness.state();
    let offset = app.reading_position().expect("shown").top_offset;
    let doc = app.document();
    let block = doc
        .blocks
        .iter()
        .find(|b| b.span.end > offset)
        .expect("the offset lies in the text");
    block.span.text(&doc.text).to_owned()
}

fn top_offset(harness: &Harness<'_, DramatisApp>) -> usize {
    harness
        .state()
        .reading_position()
        .expect("shown")
        .top_offset
}

fn press(harness: &mut Harness<'_, DramatisApp>, key: Key) {
    harness.key_press(key);
    harness.run_steps(3);
}

#[test]
fn paging_keys_move_the_text_and_home_returns_to_the_start() {
    let mut harness = harness(book_app());
    assert_eq!(top_offset(&harness), 0, "opens at the start");

    press(&mut harness, Key::PageDown);
    let after_page = top_offset(&harness);
    assert!(after_page > 0, "PageDown moves on");
    let top = top_paragraph(&harness);
    assert!(
        harness.query_by_label_contains(&top[..30]).is_some(),
        "{top:?} is on screen"
    );

    press(&mut harness, Key::Space);
    let after_space = top_offset(&harness);
    assert!(after_space > after_page, "Space moves on a page");

    harness.key_press_modifiers(egui::Modifiers::SHIFT, Key::Space);
    harness.run_steps(3);
    let after_back = top_offset(&harness);
    assert!(after_back < after_space, "Shift+Space goes back");

    press(&mut harness, Key::ArrowDown);
    let after_line = top_offset(&harness);
    assert!(after_line > after_back, "ArrowDown moves a line");
    assert!(after_line < after_space, "a line is less than a page");
    press(&mut harness, Key::ArrowUp);
    assert_eq!(top_offset(&harness), after_back, "ArrowUp comes back");

    press(&mut harness, Key::PageUp);
    press(&mut harness, Key::PageUp);
    assert_eq!(top_offset(&harness), 0, "PageUp stops at the start");

    press(&mut harness, Key::End);
    let last = harness
        .state()
        .document()
        .blocks
        .last()
        .expect("blocks")
        .span;
    let end = harness.state().reading_position().expect("shown");
    assert!(end.end_in_view && end.top_offset > 0, "End: {end:?}");
    assert!(
        harness
            .query_by_label_contains("Paragraph 39 of part 2")
            .is_some()
    );
    assert!(end.top_offset < last.end);

    press(&mut harness, Key::Home);
    assert_eq!(top_offset(&harness), 0, "Home returns to the start");
    assert!(
        harness
            .query_by_label_contains("Paragraph 0 of part 0")
            .is_some()
    );

    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::End);
    harness.run_steps(3);
    assert!(
        harness
            .state()
            .reading_position()
            .expect("shown")
            .end_in_view
    );
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Home);
    harness.run_steps(3);
    assert_eq!(top_offset(&harness), 0, "Ctrl+Home returns to the start");
}

/// The label of the Go to dialog's field, in a book with chapters.
const GO_TO_FIELD: &str = "A percentage, or a chapter by its title or number";

#[test]
fn ctrl_g_goes_to_a_chapter_or_a_percentage() {
    let mut harness = harness(book_app());
    let go_to = |harness: &mut Harness<'_, DramatisApp>, typed: &str| {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::G);
        harness.run_steps(2);
        let field = harness.get_by_role_and_label(Role::TextInput, GO_TO_FIELD);
        assert!(field.is_focused(), "the field has the keyboard");
        field.type_text(typed);
        harness.run_steps(2);
        harness.key_press(Key::Enter);
        harness.run_steps(4);
    };

    // A chapter by words of its title: its title line is at the top.
    go_to(&mut harness, "estate");
    assert_eq!(top_paragraph(&harness), "The Estate");
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, GO_TO_FIELD)
            .is_none(),
        "the dialog closed"
    );
    // By its number.
    go_to(&mut harness, "ch 3");
    assert_eq!(top_paragraph(&harness), "The Races");
    // Half way through: the middle chapter's middle.
    go_to(&mut harness, "50 %");
    let top = top_paragraph(&harness);
    assert!(top.contains("of part 1"), "{top}");
    let status = harness.state().reading_position().expect("shown");
    let fraction = status.fraction(harness.state().document().text.len());
    assert!((0.45..0.55).contains(&fraction), "{fraction}");

    // Typed quickly, the words and Enter arrive in one frame: the words count.
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::G);
    harness.run_steps(2);
    let input = harness.input_mut();
    input.events.push(egui::Event::Text("races".to_owned()));
    input.events.push(egui::Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    });
    harness.step();
    harness.run_steps(3);
    assert_eq!(top_paragraph(&harness), "The Races");

    // Letters typed in the dialog are not shortcuts; Escape closes it
    // where the reader was.
    let before = top_offset(&harness);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::G);
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::TextInput, GO_TO_FIELD)
        .type_text("n ");
    harness.run_steps(2);
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, GO_TO_FIELD)
            .is_none()
    );
    assert_eq!(top_offset(&harness), before);
    assert_eq!(harness.state().state().selected_entity, None);
}

#[test]
fn typing_a_space_in_a_note_does_not_scroll() {
    let mut harness = harness(book_app());
    harness.get_by_role_and_label(Role::Button, "Anna").click();
    harness.run_steps(3);
    harness.get_by_role(Role::MultilineTextInput).click();
    harness.run_steps(2);
    let before = top_offset(&harness);
    harness
        .get_by_role(Role::MultilineTextInput)
        .type_text("a b");
    harness.key_press(Key::Space);
    harness.key_press(Key::PageDown);
    harness.key_press(Key::End);
    harness.run_steps(3);
    assert_eq!(top_offset(&harness), before, "the reader stayed put");
    assert!(
        harness
            .query_by_role(Role::MultilineTextInput)
            .and_then(|n| n.accesskit_node().value())
            .is_some_and(|v| v.starts_with("a b")),
        "the space went into the note"
    );
}

/// eframe storage kept in memory.
#[derive(Default)]
struct MemoryStorage(std::collections::HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn the_place_in_a_document_survives_a_restart() {
    let mut harness = harness(book_app());
    for _ in 0..12 {
        press(&mut harness, Key::PageDown);
    }
    press(&mut harness, Key::ArrowDown);
    let top = top_paragraph(&harness);
    let offset = top_offset(&harness);
    assert!(top.contains("of part 1"), "well into the book: {top:?}");

    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    drop(harness);

    let (doc, analysis) = book();
    let preferences = Preferences::restore(&storage);
    let app = DramatisApp::from_parts_with_preferences(doc, analysis, preferences.clone());
    let mut harness = self::harness(app);
    harness.run_steps(3);
    assert_eq!(
        top_paragraph(&harness),
        top,
        "the same paragraph is at the top"
    );
    assert_eq!(top_offset(&harness), offset, "and the same line");
    assert!(harness.query_by_label_contains(&top[..30]).is_some());

    // Another document does not take this one's place.
    let other = document::from_text(
        "Elsewhere\n\nA different text altogether.\n".to_owned(),
        Format::PlainText,
        None,
        "Elsewhere",
    );
    let harness = self::harness(DramatisApp::from_parts_with_preferences(
        other,
        Analysis::default(),
        preferences,
    ));
    assert_eq!(top_offset(&harness), 0);
}

/// The position readout in the status line.
fn readout(harness: &Harness<'_, DramatisApp>) -> String {
    harness
        .query_by_label_contains(" %")
        .and_then(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .expect("a readout")
}

/// The percentage in a readout.
fn percent(readout: &str) -> u32 {
    let number = readout.trim_end_matches(" %").rsplit(' ').next();
    number.and_then(|n| n.parse().ok()).expect("a number")
}

#[test]
fn the_status_line_says_how_far_and_which_chapter() {
    let mut harness = harness(book_app());
    assert_eq!(readout(&harness), "The Station · 0 %");
    let mut last = 0;
    let mut chapters = vec!["The Station".to_owned()];
    for _ in 0..30 {
        press(&mut harness, Key::PageDown);
        let now = readout(&harness);
        assert!(percent(&now) >= last, "{now} after {last} %");
        last = percent(&now);
        let chapter = now.split(" · ").next().unwrap_or_default().to_owned();
        if chapters.last() != Some(&chapter) {
            chapters.push(chapter);
        }
    }
    assert_eq!(chapters, CHAPTERS, "each chapter named in turn");
    press(&mut harness, Key::End);
    assert_eq!(readout(&harness), "The Races · 100 %");
    press(&mut harness, Key::Home);
    assert_eq!(readout(&harness), "The Station · 0 %");
}

#[test]
fn counts_agree_with_their_nouns() {
    let harness = harness(book_app());
    assert!(
        harness
            .query_by_label_contains("1 person · 1 place · 0 organisations · 0 quotes")
            .is_some(),
        "status line in the singular"
    );
    let mut harness = harness;
    let span = harness.state().document().blocks[1].span;
    harness
        .state_mut()
        .apply(dramatis::ui::Command::AddHighlight {
            span,
            color: dramatis::annotations::HighlightColor::Yellow,
        });
    harness.run_steps(2);
    harness.key_press(Key::Escape);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::E);
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("1 highlight from “")
            .is_some(),
        "the export chooser in the singular"
    );
    let cases = [(0, "0 highlights"), (1, "1 highlight"), (2, "2 highlights")];
    for (count, expected) in cases {
        assert_eq!(
            dramatis::ui::chrome::counted(count, "highlight", "highlights"),
            expected
        );
    }
}

#[test]
fn groups_the_filter_empties_are_hidden() {
    let mut harness = harness(book_app());
    harness.get_by_label("People (1)");
    harness.get_by_label("Places (1)");
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .focus();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("anna");
    harness.run_steps(3);
    harness.get_by_label("People (1)");
    assert!(harness.query_by_label_contains("Places (").is_none());
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("zzz");
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("People (").is_none());
    harness.get_by_label("Nothing in the cast matches the filter.");
}

#[test]
fn h_with_nothing_selected_says_so() {
    let mut harness = harness(book_app());
    press(&mut harness, Key::H);
    assert_eq!(
        harness.state().status_message(),
        Some("Select a passage first, then press H to highlight it.")
    );
    harness.get_by_label("Select a passage first, then press H to highlight it.");
    assert!(harness.state().annotations().highlights.is_empty());
}

#[test]
fn each_document_opens_at_its_own_place() {
    let dir = std::env::temp_dir().join(format!("dramatis-ui-reading-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (doc, _) = book();
    let first = dir.join("first.txt");
    let second = dir.join("second.txt");
    std::fs::write(&first, &doc.text).expect("write");
    std::fs::write(&second, doc.text.replace("platform", "quay")).expect("write");
    let open = |harness: &mut Harness<'_, DramatisApp>, path: &std::path::Path| {
        let app = harness.state_mut();
        app.apply(dramatis::ui::Command::Open(path.to_owned()));
        assert!(app.finish_loading());
        harness.run_steps(4);
    };

    let mut harness = harness(book_app());
    open(&mut harness, &first);
    for _ in 0..5 {
        press(&mut harness, Key::PageDown);
    }
    let top = top_paragraph(&harness);
    assert!(top_offset(&harness) > 0);

    open(&mut harness, &second);
    assert_eq!(top_offset(&harness), 0, "a new document opens at its start");
    assert!(
        harness
            .query_by_label_contains("Paragraph 0 of part 0: Anna walked along the quay")
            .is_some()
    );

    open(&mut harness, &first);
    assert_eq!(top_paragraph(&harness), top, "back where it was left");
    std::fs::remove_dir_all(&dir).ok();
}

/// The paragraph at the top of the reader and how far below the reader's
/// top edge its first line is, in points (negative when it starts above).
fn top_paragraph_place(harness: &Harness<'_, DramatisApp>) -> (String, f32) {
    let top = top_paragraph(harness);
    let y = harness.get_by_label_contains(&top[..16]).rect().min.y;
    let viewport = harness.state().reader_viewport();
    (top, y - viewport.min.y)
}

/// Paragraphs of very different lengths, so that the reader's estimated
/// heights are far from the laid-out ones; Anna is named in the first.
fn uneven_app() -> DramatisApp {
    let mut text = String::new();
    for p in 0..120 {
        let who = if p == 0 { "Anna" } else { "Someone" };
        let words = " and then the train was late again".repeat((p * 7) % 23);
        text.push_str(&format!("Paragraph {p:03}: {who} waited{words}.\n\n"));
    }
    let doc = document::from_text(text, Format::PlainText, None, "Uneven");
    let start = doc.text.find("Anna").expect("named");
    let analysis = Analysis {
        entities: vec![Entity {
            id: 0,
            kind: EntityKind::Person,
            name: "Anna".to_owned(),
            mentions: vec![0],
        }],
        mentions: vec![Mention {
            span: Span::new(start, start + 4),
            entity: 0,
            reason: "test".into(),
        }],
        ..Analysis::default()
    };
    DramatisApp::from_parts(doc, analysis)
}

#[test]
fn corrections_keep_the_reading_place() {
    let mut harness = harness(uneven_app());
    for _ in 0..6 {
        press(&mut harness, Key::PageDown);
    }
    press(&mut harness, Key::ArrowDown);
    let (top, y) = top_paragraph_place(&harness);
    assert!(top_offset(&harness) > 0);

    let check = |harness: &Harness<'_, DramatisApp>, after: &str| {
        let (top_now, y_now) = top_paragraph_place(harness);
        assert_eq!(top_now, top, "the same paragraph at the top after {after}");
        assert!(
            (y_now - y).abs() <= 1.0,
            "{top:?} moved from {y} to {y_now} after {after}"
        );
    };

    harness.state_mut().apply(dramatis::ui::Command::Correct(
        dramatis::annotations::Correction::Rename {
            name: "Anna".to_owned(),
            kind: EntityKind::Person,
            to: "Anna Karenina".to_owned(),
        },
    ));
    harness.run_steps(4);
    assert!(harness.query_by_label_contains("Anna Karenina").is_some());
    check(&harness, "a rename");
    // Banners keep the text still on screen: see
    // `a_banner_does_not_move_the_text_on_screen`.
}

/// The label of the paragraph after the one at the top of the reader (the
/// top one may slide under a banner), and its top in window coordinates:
/// where the eye is.
fn next_paragraph_screen_y(harness: &Harness<'_, DramatisApp>) -> (String, f32) {
    let top = top_paragraph(harness);
    let digits = "Paragraph ".len();
    let number: usize = top[digits..digits + 3]
        .parse()
        .expect("a numbered paragraph");
    let next = format!("Paragraph {:03}:", number + 1);
    let y = harness.get_by_label_contains(&next).rect().min.y;
    (next, y)
}

#[test]
fn a_banner_does_not_move_the_text_on_screen() {
    let mut harness = harness(uneven_app());
    for _ in 0..4 {
        press(&mut harness, Key::PageDown);
    }
    let (next, y) = next_paragraph_screen_y(&harness);
    let viewport_top = harness.state().reader_viewport().min.y;

    harness.state_mut().apply(dramatis::ui::Command::Open(
        "/nonexistent/dramatis/gone.txt".into(),
    ));
    harness.state_mut().finish_loading();
    harness.run_steps(4);
    assert!(harness.state().error().is_some());
    // The banner takes room above the text…
    assert!(harness.state().reader_viewport().min.y > viewport_top + 10.0);
    // …and the text the reader was reading stays where it was.
    let y_now = harness.get_by_label_contains(&next).rect().min.y;
    assert!(
        (y_now - y).abs() <= 1.0,
        "{next:?} moved on screen from {y} to {y_now} when the banner appeared"
    );

    harness.get_by_label("Dismiss").click();
    harness.run_steps(4);
    let y_now = harness.get_by_label_contains(&next).rect().min.y;
    assert!(
        (y_now - y).abs() <= 1.0,
        "{next:?} moved on screen from {y} to {y_now} when the banner went"
    );
}
