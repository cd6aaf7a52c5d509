//! Window behaviour, driven the way a screen reader sees it: widgets are found
//! by role and accessible label with egui_kittest, never by pixel position.
//!
//! Most tests run over the bundled sample article with a small analysis built
//! by hand (below), so they test the window and not the tagger; one test runs
//! over the real analysis.

#[path = "support/cast.rs"]
mod cast;

use cast::cast_of;
use dramatis::analysis::{Analysis, Entity, EntityKind, Mention, Quote, Speaker, SpeakerStep};
use dramatis::app::{DramatisApp, SAMPLE_TITLE, sample_document};
use dramatis::span::Span;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The hand-made cast of the sample: kind, display name, the forms to find
/// (longest first; a later form never takes text an earlier one claimed).
const CAST: &[(EntityKind, &str, &[&str])] = &[
    (
        EntityKind::Person,
        "Vladimir Putin",
        &["Vladimir Putin", "Putin"],
    ),
    (
        EntityKind::Person,
        "Kim Jong-un",
        &["Kim Jong-un", "Kim Jong-Un", "Kim"],
    ),
    (EntityKind::Person, "Dmitry Peskov", &["Dmitry Peskov"]),
    (EntityKind::Place, "Russia", &["Russia"]),
    (EntityKind::Place, "Ukraine", &["Ukraine"]),
    (
        EntityKind::Organization,
        "The New York Times",
        &["New York Times"],
    ),
];

/// True when `span` in `text` is a whole word (not part of "Russian").
fn whole_word(text: &str, span: Span) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// An analysis of `text` with the entities of [`CAST`] and every curly
/// quotation, the first one spoken by Dmitry Peskov.
fn hand_analysis(text: &str) -> Analysis {
    let mut found: Vec<(Span, usize)> = Vec::new();
    for (id, (_, _, forms)) in CAST.iter().enumerate() {
        for form in *forms {
            for (start, _) in text.match_indices(form) {
                let span = Span::new(start, start + form.len());
                if whole_word(text, span) && !found.iter().any(|(s, _)| s.overlaps(span)) {
                    found.push((span, id));
                }
            }
        }
    }
    let cast: Vec<(EntityKind, &str)> = CAST.iter().map(|&(kind, name, _)| (kind, name)).collect();
    let (entities, mentions) = cast_of(found, &cast);
    let mut quotes = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('“') {
        let start = rest + open + '“'.len_utf8();
        let Some(close) = text[start..].find('”') else {
            break;
        };
        let speaker = if quotes.is_empty() {
            Speaker::Entity(2)
        } else {
            Speaker::Unknown
        };
        quotes.push(Quote {
            span: Span::new(start, start + close),
            speaker,
            step: SpeakerStep::Named,
        });
        rest = start + close;
    }
    Analysis {
        entities,
        mentions,
        quotes,
        warnings: Vec::new(),
    }
}

const PUTIN: usize = 0;

fn sample_app() -> DramatisApp {
    let document = sample_document();
    let analysis = hand_analysis(&document.text);
    DramatisApp::from_parts(document, analysis)
}

/// A harness around the app; a short window so most of the article is out of view.
fn harness(app: DramatisApp) -> Harness<'static, DramatisApp> {
    let mut harness = Harness::builder()
        .with_size([1000.0, 520.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut DramatisApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

/// The text of the block (paragraph) holding `span`.
fn block_text(app: &DramatisApp, span: Span) -> String {
    let doc = app.document();
    let block = doc
        .blocks
        .iter()
        .find(|b| b.span.contains_span(span))
        .expect("every mention lies in a block");
    block.span.text(&doc.text).to_owned()
}

/// True when a widget whose label (or value) starts like `text` is on screen.
fn on_screen(harness: &Harness<'_, DramatisApp>, text: &str) -> bool {
    let opening: String = text.chars().take(60).collect();
    harness.query_by_label_contains(&opening).is_some()
}

fn putin_spans(app: &DramatisApp) -> Vec<Span> {
    app.analysis().mention_spans(PUTIN).collect()
}

#[test]
fn sample_opens_with_title_cast_and_status() {
    let harness = harness(sample_app());
    assert_eq!(harness.state().document().title, SAMPLE_TITLE);
    assert!(
        on_screen(&harness, "Kim Jong-un’s train to Russia"),
        "title shown"
    );
    harness.get_by_role_and_label(Role::Button, "Vladimir Putin");
    harness.get_by_role_and_label(Role::Button, "Kim Jong-un");
    assert!(
        harness.query_by_label_contains("min read").is_some(),
        "status line"
    );
    assert!(
        harness.query_by_label_contains("3 people").is_some(),
        "status counts people"
    );
}

#[test]
fn clicking_an_entity_walks_its_mentions() {
    let mut harness = harness(sample_app());
    let spans = putin_spans(harness.state());
    let total = spans.len();
    assert!(total >= 5, "the sample names Putin often");

    // (how we get there, expected cursor after it)
    let steps: &[(&str, usize)] = &[
        ("click name", 0),
        ("next button", 1),
        ("n", 2),
        ("shift+n", 1),
        ("click name", 2),
        ("previous button", 1),
    ];
    for &(step, cursor) in steps {
        match step {
            "click name" => harness
                .get_by_role_and_label(Role::Button, "Vladimir Putin")
                .click(),
            "next button" => harness
                .get_by_role_and_label(Role::Button, "Next mention")
                .click(),
            "previous button" => {
                harness
                    .get_by_role_and_label(Role::Button, "Previous mention")
                    .click();
            }
            "n" => harness.key_press(egui::Key::N),
            "shift+n" => harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::N),
            _ => unreachable!(),
        }
        harness.run_steps(4);
        let state = harness.state().state();
        assert_eq!(state.selected_entity, Some(PUTIN), "{step}");
        assert_eq!(state.mention_cursor, cursor, "{step}");
        assert_eq!(state.marked, Some(spans[cursor]), "{step}");
        let position = format!("{} / {total}", cursor + 1);
        assert!(
            harness.query_by_label(&position).is_some(),
            "{step}: shows {position}"
        );
        let block = block_text(harness.state(), spans[cursor]);
        assert!(
            on_screen(&harness, &block),
            "{step}: paragraph of mention {cursor} on screen"
        );
    }
}

#[test]
fn walking_wraps_around_and_scrolls_far() {
    let mut harness = harness(sample_app());
    let spans = putin_spans(harness.state());
    harness
        .get_by_role_and_label(Role::Button, "Vladimir Putin")
        .click();
    harness.run_steps(4);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::N);
    harness.run_steps(6);
    let last = spans.len() - 1;
    assert_eq!(
        harness.state().state().mention_cursor,
        last,
        "previous from the first wraps"
    );
    let last_block = block_text(harness.state(), spans[last]);
    let first_block = block_text(harness.state(), spans[0]);
    assert_ne!(last_block, first_block);
    assert!(
        on_screen(&harness, &last_block),
        "scrolled to the last mention"
    );
    assert!(
        !on_screen(&harness, &first_block),
        "the first paragraph scrolled away"
    );
    harness.key_press(egui::Key::N);
    harness.run_steps(6);
    assert_eq!(
        harness.state().state().mention_cursor,
        0,
        "next from the last wraps"
    );
    assert!(on_screen(&harness, &first_block));
}

#[test]
fn letter_keys_type_into_the_filter_instead_of_walking() {
    let mut harness = harness(sample_app());
    harness
        .get_by_role_and_label(Role::Button, "Vladimir Putin")
        .click();
    harness.run_steps(4);
    let filter = harness.get_by_role_and_label(Role::TextInput, "Filter");
    filter.focus();
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("n");
    harness.run_steps(3);
    assert_eq!(
        harness.state().state().mention_cursor,
        0,
        "n typed, not walked"
    );
    // The filter now hides people without an "n" in their name.
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Vladimir Putin")
            .is_some()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Dmitry Peskov")
            .is_none()
    );
}

#[test]
fn clicking_a_quote_scrolls_to_it() {
    // Taller than the other tests' window, so the last quotation's row fits.
    let mut harness = Harness::builder()
        .with_size([1000.0, 700.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut DramatisApp| app.show(ui), sample_app());
    harness.run_steps(3);
    let quotes = harness.state().analysis().quotes.clone();
    let last = quotes.last().expect("the sample has quotes").span;
    let first = quotes[0].span;
    let cases = [
        ("Dmitry Peskov: “It will be", first),
        ("Unattributed: “Well, this cannot", last),
    ];
    // The block for the selected name keeps its height, so the list is
    // shorter: fold the names away to bring the quotations into view.
    for section in ["People (3)", "Places (2)", "Organisations (1)"] {
        harness.get_by_label(section).click();
        harness.run_steps(2);
    }
    for (row, span) in cases {
        harness.get_by_label_contains(row).scroll_to_me();
        harness.run_steps(3);
        harness.get_by_label_contains(row).click();
        harness.run_steps(6);
        assert_eq!(harness.state().state().marked, Some(span), "{row}");
        assert_eq!(harness.state().state().selected_entity, None, "{row}");
        let block = block_text(harness.state(), span);
        assert!(
            on_screen(&harness, &block),
            "{row}: its paragraph is on screen"
        );
    }
}

#[test]
fn legend_toggles_hide_each_kind() {
    let mut harness = harness(sample_app());
    // The row says what its boxes do; "Highlight" is the reader's own H.
    assert!(harness.query_by_label("Show in text").is_some());
    assert!(harness.query_by_label("Highlight").is_none());
    let toggles = [("People", 0), ("Places", 1), ("Organisations", 2)];
    for (label, index) in toggles {
        assert!(harness.state().state().show_kind[index]);
        harness.get_by_role_and_label(Role::CheckBox, label).click();
        harness.run_steps(2);
        assert!(!harness.state().state().show_kind[index], "{label} hidden");
        assert!(
            !harness.state().preferences().show_kind[index],
            "{label} remembered"
        );
    }
    harness
        .get_by_role_and_label(Role::CheckBox, "Quotes")
        .click();
    harness.run_steps(2);
    assert!(!harness.state().state().show_quotes);
}

#[test]
fn find_counts_matches_and_steps_through_them() {
    let mut harness = harness(sample_app());
    let text = harness.state().document().text.clone();
    let expected = text.to_lowercase().matches("putin").count();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::TextInput, "Find")
        .type_text("pUtIn");
    harness.run_steps(3);
    let state = harness.state().state();
    assert_eq!(state.find_matches.len(), expected);
    assert!(
        state
            .find_matches
            .iter()
            .all(|s| s.text(&text).eq_ignore_ascii_case("putin"))
    );
    assert!(
        state
            .find_matches
            .windows(2)
            .all(|w| w[0].end <= w[1].start),
        "sorted"
    );
    assert!(harness.query_by_label(&format!("1 / {expected}")).is_some());

    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert_eq!(harness.state().state().find_current, Some(1));
    assert!(harness.query_by_label(&format!("2 / {expected}")).is_some());
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Enter);
    harness.run_steps(3);
    harness.key_press_modifiers(egui::Modifiers::SHIFT, egui::Key::Enter);
    harness.run_steps(3);
    assert_eq!(
        harness.state().state().find_current,
        Some(expected - 1),
        "wraps back"
    );

    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert!(
        harness.state().state().find_matches.is_empty(),
        "Escape closes"
    );
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, "Find")
            .is_none()
    );
}

#[test]
fn the_view_menu_sizes_the_reading_text() {
    let mut harness = harness(sample_app());
    let start = harness.state().state().text_size;
    let items = [
        ("Larger text", start + 1.0),
        ("Larger text", start + 2.0),
        ("Smaller text", start + 1.0),
        ("Default text size", 18.0),
    ];
    for (item, expected) in items {
        harness.get_by_label("View").click();
        harness.run_steps(2);
        harness.get_by_label(item).click();
        harness.run_steps(2);
        assert_eq!(harness.state().state().text_size, expected, "{item}");
    }
    // Ctrl+Plus zooms the whole window instead (see tests/ui_window.rs).
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    harness.run_steps(2);
    assert_eq!(harness.state().state().text_size, 18.0);
}

#[test]
fn opening_a_file_replaces_the_document_and_is_remembered() {
    let dir = std::env::temp_dir().join(format!("dramatis-ui-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("tolstoy.txt");
    std::fs::write(&path, "Prince Andrew\n\nPierre met Natasha in Moscow.\n").expect("write");

    let mut harness = harness(sample_app());
    harness
        .state_mut()
        .apply(dramatis::ui::Command::Open(path.clone()));
    assert!(harness.state_mut().finish_loading());
    harness.run_steps(2);
    let app = harness.state();
    assert_eq!(app.document().path.as_deref(), Some(path.as_path()));
    assert!(app.document().text.contains("Natasha"));
    assert_eq!(app.preferences().recent.first(), Some(&path));
    assert!(app.error().is_none());
    assert!(on_screen(&harness, "Pierre met Natasha"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_failed_open_shows_the_file_and_keeps_the_document() {
    let cases = ["/nonexistent/dramatis/missing-article.txt", "/"];
    for path in cases {
        let mut harness = harness(sample_app());
        harness
            .state_mut()
            .apply(dramatis::ui::Command::Open(path.into()));
        assert!(harness.state_mut().finish_loading());
        harness.run_steps(2);
        let app = harness.state();
        assert_eq!(
            app.document().title,
            SAMPLE_TITLE,
            "{path}: document untouched"
        );
        let error = app.error().expect("an error is shown").to_owned();
        assert!(
            error.ends_with(path),
            "{path}: names the file last: {error}"
        );
        assert!(
            harness.query_by_label_contains(&error).is_some(),
            "{path}: banner"
        );
        harness
            .get_by_role_and_label(Role::Button, "Dismiss")
            .click();
        harness.run_steps(2);
        assert!(harness.state().error().is_none(), "{path}: dismissed");
    }
}

#[test]
fn a_click_on_a_mention_selects_it_in_the_list() {
    let mut harness = harness(sample_app());
    let spans = putin_spans(harness.state());
    let span = spans[3];
    harness
        .state_mut()
        .apply(dramatis::ui::Command::SelectMention {
            entity: PUTIN,
            span,
        });
    harness.run_steps(4);
    let state = harness.state().state();
    assert_eq!(
        (state.selected_entity, state.mention_cursor),
        (Some(PUTIN), 3)
    );
    assert!(
        harness
            .query_by_label(&format!("4 / {}", spans.len()))
            .is_some()
    );
}

#[test]
fn hovering_an_entity_tints_its_mentions() {
    let mut harness = harness(sample_app());
    assert_eq!(harness.state().state().hovered_entity, None);
    harness
        .get_by_role_and_label(Role::Button, "Vladimir Putin")
        .hover();
    harness.run_steps(2);
    assert_eq!(harness.state().state().hovered_entity, Some(PUTIN));
}

#[test]
fn the_real_analysis_lists_putin_and_jumps_to_him() {
    let mut harness = harness(DramatisApp::with_sample());
    let app = harness.state();
    let putin = app
        .analysis()
        .entities
        .iter()
        .find(|e| e.name == "Vladimir Putin")
        .expect("the tagger finds Vladimir Putin")
        .id;
    let spans: Vec<Span> = app.analysis().mention_spans(putin).collect();
    let text = app.document().text.clone();
    assert!(spans.len() >= 5, "Putin is named often");
    for step in 0..2 {
        if step == 0 {
            harness
                .get_by_role_and_label(Role::Button, "Vladimir Putin")
                .click();
        } else {
            harness
                .get_by_role_and_label(Role::Button, "Next mention")
                .click();
        }
        harness.run_steps(4);
        let state = harness.state().state();
        assert_eq!(state.selected_entity, Some(putin));
        assert_eq!(state.marked, Some(spans[step]));
        assert!(spans[step].text(&text).contains("Putin"));
        let position = format!("{} / {}", step + 1, spans.len());
        assert!(harness.query_by_label(&position).is_some(), "{position}");
        assert!(on_screen(
            &harness,
            &block_text(harness.state(), spans[step])
        ));
    }
}

/// A document naming `count` people, one paragraph each, and its analysis.
fn crowd(count: usize) -> DramatisApp {
    let mut text = String::new();
    let mut mentions = Vec::new();
    let mut entities = Vec::new();
    for id in 0..count {
        let name = format!("Person {id}");
        let span = Span::new(text.len(), text.len() + name.len());
        text.push_str(&format!("{name} spoke.\n\n"));
        mentions.push(Mention {
            span,
            entity: id,
            reason: "test".into(),
        });
        entities.push(Entity {
            id,
            kind: EntityKind::Person,
            name,
            mentions: vec![id],
        });
    }
    let document =
        dramatis::document::from_text(text, dramatis::document::Format::PlainText, None, "A crowd");
    let analysis = Analysis {
        entities,
        mentions,
        quotes: Vec::new(),
        warnings: Vec::new(),
    };
    DramatisApp::from_parts(document, analysis)
}

#[test]
fn a_long_cast_draws_only_what_is_in_view_and_scrolls_to_a_selection() {
    let mut harness = harness(crowd(400));
    // Sorted by count, then name: "Person 99" comes last.
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Person 0")
            .is_some()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Person 99")
            .is_none(),
        "rows out of view are not drawn"
    );
    let span = harness.state().analysis().mentions[99].span;
    harness
        .state_mut()
        .apply(dramatis::ui::Command::SelectMention { entity: 99, span });
    harness.run_steps(4);
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Person 99")
            .is_some(),
        "the list scrolled to the mention's entity"
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Person 0")
            .is_none()
    );

    // Selecting a name already in view leaves the list where it is.
    let before = harness
        .get_by_role_and_label(Role::Button, "Person 98")
        .rect();
    let span = harness.state().analysis().mentions[98].span;
    harness
        .state_mut()
        .apply(dramatis::ui::Command::SelectMention { entity: 98, span });
    harness.run_steps(4);
    let after = harness
        .get_by_role_and_label(Role::Button, "Person 98")
        .rect();
    assert_eq!(before, after, "the list did not move");
}

#[test]
fn sections_fold_and_the_filter_reaches_quotes() {
    let mut harness = harness(sample_app());
    harness.get_by_label("People (3)").click();
    harness.run_steps(2);
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Vladimir Putin")
            .is_none(),
        "folded"
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Russia")
            .is_some()
    );
    harness.get_by_label("People (3)").click();
    harness.run_steps(2);
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Vladimir Putin")
            .is_some(),
        "unfolded"
    );

    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .focus();
    harness.run_steps(1);
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("peskov");
    harness.run_steps(3);
    assert!(harness.query_by_label("Quotes (1)").is_some());
    assert!(
        harness
            .query_by_label_contains("Dmitry Peskov: “It will be")
            .is_some()
    );
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Russia")
            .is_none()
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
fn preferences_are_chosen_in_the_window_and_survive_a_restart() {
    let mut harness = harness(sample_app());
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Dark").click();
    harness.run_steps(3);
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    harness
        .get_by_role_and_label(Role::CheckBox, "Places")
        .click();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    harness.run_steps(2);

    let mut storage = MemoryStorage::default();
    eframe::App::save(harness.state_mut(), &mut storage);
    let restored = dramatis::app::Preferences::restore(&storage);
    assert_eq!(&restored, harness.state().preferences());
    assert_eq!(restored.theme, egui::ThemePreference::Dark);
    assert!(!restored.show_kind[EntityKind::Place as usize]);
    assert_eq!(restored.ui_scale, 1.1, "Ctrl+Plus zooms the window");
    assert_eq!(restored.text_size, 18.0);

    let empty = MemoryStorage::default();
    assert_eq!(
        dramatis::app::Preferences::restore(&empty),
        dramatis::app::Preferences::default()
    );
    storage
        .0
        .values_mut()
        .for_each(|v| *v = "not ron".to_owned());
    assert_eq!(
        dramatis::app::Preferences::restore(&storage),
        dramatis::app::Preferences::default(),
        "undecodable preferences fall back to the defaults"
    );
}

/// A file dropped on the window in a test.
#[derive(Debug)]
struct TestDrop(std::path::PathBuf);

impl egui::DroppedFile for TestDrop {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_file_opens_it_and_open_recent_returns_to_it() {
    let dir = std::env::temp_dir().join(format!("dramatis-ui-drop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let first = dir.join("first.md");
    let second = dir.join("second.txt");
    std::fs::write(&first, "# The first one\n\nRostov rode to Moscow.\n").expect("write");
    std::fs::write(&second, "Second\n\nNatasha sang.\n").expect("write");

    let mut harness = harness(sample_app());
    for path in [&first, &second] {
        let file: egui::DroppedFileHandle = std::sync::Arc::new(TestDrop(path.clone()));
        harness.input_mut().dropped_files.push(file);
        harness.step();
        assert!(harness.state().is_busy(), "{path:?}: loading");
        assert!(harness.state_mut().finish_loading());
        harness.run_steps(2);
        assert_eq!(harness.state().document().path.as_ref(), Some(path));
    }
    assert_eq!(
        harness.state().preferences().recent,
        [second.clone(), first.clone()]
    );

    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Open recent").hover();
    harness.run_steps(3);
    harness.get_by_label("first.md").click();
    harness.step();
    assert!(harness.state_mut().finish_loading());
    harness.run_steps(2);
    assert_eq!(harness.state().document().title, "The first one");
    assert!(on_screen(&harness, "Rostov rode to Moscow."));

    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label("Open recent").hover();
    harness.run_steps(3);
    harness.get_by_label("Clear recent files").click();
    harness.run_steps(2);
    assert!(harness.state().preferences().recent.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_window_title_names_the_document() {
    let dir = std::env::temp_dir().join(format!("dramatis-ui-title-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("notes.md");
    std::fs::write(&path, "# Field notes\n\nA short text.\n").expect("write");
    let mut harness = harness(sample_app());
    harness
        .state_mut()
        .apply(dramatis::ui::Command::Open(path.clone()));
    assert!(harness.state_mut().finish_loading());
    harness.step();
    let commands = &harness.output().viewport_output[&egui::ViewportId::ROOT].commands;
    let expected = egui::ViewportCommand::Title("Field notes — Dramatis".to_owned());
    assert!(commands.contains(&expected), "{commands:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn escape_clears_the_selection() {
    let mut harness = harness(sample_app());
    harness
        .get_by_role_and_label(Role::Button, "Vladimir Putin")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().state().selected_entity, Some(PUTIN));
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    let state = harness.state().state();
    assert_eq!((state.selected_entity, state.marked), (None, None));
    assert!(
        harness
            .query_by_role_and_label(Role::Button, "Next mention")
            .is_none()
    );
}

#[test]
fn a_failed_first_open_falls_back_to_the_sample() {
    let empty = dramatis::document::from_text(
        String::new(),
        dramatis::document::Format::PlainText,
        None,
        "missing.txt",
    );
    let mut harness = harness(DramatisApp::from_parts(empty, Analysis::default()));
    let path = "/nonexistent/dramatis/missing.txt";
    harness
        .state_mut()
        .apply(dramatis::ui::Command::Open(path.into()));
    assert!(harness.state_mut().finish_loading());
    harness.run_steps(2);
    let app = harness.state();
    assert_eq!(app.document().title, SAMPLE_TITLE);
    assert!(app.error().is_some_and(|e| e.ends_with(path)));
    assert!(on_screen(&harness, "North Korean leader Kim Jong-un"));
}

/// A pipe is refused before it is opened (opening one for reading waits
/// for a writer), so the window never sits on "Loading" for it: the error
/// names the pipe and the previous document still answers.
#[cfg(unix)]
#[test]
fn a_pipe_is_refused_and_the_previous_document_stays_readable() {
    let dir = std::env::temp_dir().join(format!("dramatis-ui-fifo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("arriving.txt");
    let made = std::process::Command::new("mkfifo").arg(&path).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let mut harness = harness(sample_app());
    harness
        .state_mut()
        .apply(dramatis::ui::Command::Open(path.clone()));
    assert!(harness.state_mut().finish_loading());
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(app.document().title, SAMPLE_TITLE);
    assert!(
        app.error().is_some_and(
            |e| e.contains("not a regular file") && e.ends_with(&*path.to_string_lossy())
        ),
        "{:?}",
        app.error()
    );
    assert!(harness.query_by_label_contains("Loading").is_none());
    harness
        .get_by_role_and_label(Role::Button, "Vladimir Putin")
        .click();
    harness.run_steps(3);
    assert_eq!(
        harness.state().state().selected_entity,
        Some(PUTIN),
        "the old document still answers"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn quit_is_in_the_file_menu_and_find_in_the_edit_menu() {
    let closes = |harness: &Harness<'_, DramatisApp>| {
        harness
            .output()
            .viewport_output
            .values()
            .any(|v| v.commands.contains(&egui::ViewportCommand::Close))
    };
    let mut harness = harness(sample_app());
    harness.get_by_label("Edit").click();
    harness.run_steps(2);
    // A menu item's label holds its shortcut too.
    harness.get_by_label_contains("Find…").click();
    harness.run_steps(3);
    assert!(
        harness
            .get_by_role_and_label(Role::TextInput, "Find")
            .is_focused(),
        "the find field has the keyboard"
    );
    harness.key_press(egui::Key::Escape);
    harness.run_steps(2);

    harness.get_by_label("File").click();
    harness.run_steps(2);
    let shortcut = harness.ctx.format_shortcut(&egui::KeyboardShortcut::new(
        egui::Modifiers::COMMAND,
        egui::Key::Q,
    ));
    let quit = harness.get_by_label_contains("Quit");
    let label = quit.accesskit_node().label().unwrap_or_default();
    assert!(label.contains(&shortcut), "{label}");
    quit.click();
    harness.step();
    assert!(closes(&harness), "Quit closes the window");

    let mut harness = self::harness(sample_app());
    // The key's press alone, so the frame that answers it is the last one.
    harness.event(egui::Event::Key {
        key: egui::Key::Q,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::COMMAND,
    });
    harness.step();
    assert!(closes(&harness), "so does Ctrl+Q");
}

#[test]
fn the_help_menu_lists_the_keys() {
    let mut harness = harness(sample_app());
    harness.get_by_label("Help").click();
    harness.run_steps(2);
    for (keys, action) in dramatis::ui::chrome::KEYS {
        assert!(harness.query_by_label(keys).is_some(), "{keys}");
        assert!(harness.query_by_label(action).is_some(), "{action}");
    }
}

/// Opens the corrections dialog of the cast row `name` at the menu item `item`.
fn open_correction(harness: &mut Harness<'static, DramatisApp>, name: &str, item: &str) {
    harness
        .get_by_role_and_label(Role::Button, name)
        .click_secondary();
    harness.run_steps(2);
    harness.get_by_role_and_label(Role::Button, item).click();
    harness.run_steps(3);
}

#[test]
fn rename_in_the_dialog_by_typing_and_enter() {
    let mut harness = harness(sample_app());
    open_correction(&mut harness, "Vladimir Putin", "Rename…");
    let field = harness.get_by_label("New name");
    assert!(field.is_focused(), "the new name field has the keyboard");
    assert_eq!(field.value().as_deref(), Some("Vladimir Putin"));
    // The old name is selected, so typing replaces it; no click needed.
    harness.event(egui::Event::Text("Vladimir V. Putin".to_owned()));
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    let names: Vec<&str> = harness
        .state()
        .analysis()
        .entities
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert!(names.contains(&"Vladimir V. Putin"), "{names:?}");
    assert!(!names.contains(&"Vladimir Putin"), "{names:?}");
    assert!(
        harness.query_by_label("New name").is_none(),
        "the dialog closed"
    );
}

#[test]
fn escape_closes_the_rename_dialog_without_a_change() {
    let mut harness = harness(sample_app());
    open_correction(&mut harness, "Vladimir Putin", "Rename…");
    harness.event(egui::Event::Text("Someone else".to_owned()));
    harness.run_steps(1);
    harness.key_press(egui::Key::Escape);
    harness.run_steps(3);
    assert!(
        harness.query_by_label("New name").is_none(),
        "the dialog closed"
    );
    assert_eq!(
        harness.state().analysis().entities[PUTIN].name,
        "Vladimir Putin"
    );
}

/// The mentions of the entity named `name` in the app's analysis.
fn mentions_of(app: &DramatisApp, name: &str) -> Option<usize> {
    app.analysis()
        .entities
        .iter()
        .find(|e| e.name == name)
        .map(|e| e.mentions.len())
}

#[test]
fn merge_picks_any_entity_by_typing_and_arrows() {
    // 25 people, each named once: "Person 23" is not among the 15 most
    // mentioned that the old menu offered.
    let mut harness = harness(crowd(25));
    open_correction(&mut harness, "Person 0", "Merge into…");
    assert!(harness.get_by_label("Find a name").is_focused());
    // "2" leaves Person 12, 2, 20, 21, 22, 23, 24 (by name); five steps down
    // is Person 23.
    harness.event(egui::Event::Text("2".to_owned()));
    harness.run_steps(2);
    for _ in 0..5 {
        harness.key_press(egui::Key::ArrowDown);
        harness.run_steps(1);
    }
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(mentions_of(app, "Person 0"), None);
    assert_eq!(mentions_of(app, "Person 23"), Some(2));
    assert_eq!(app.analysis().entities.len(), 24);
}

#[test]
fn merge_picks_an_entity_by_a_click_in_the_list() {
    let mut harness = harness(crowd(25));
    open_correction(&mut harness, "Person 1", "Merge into…");
    harness.event(egui::Event::Text("24".to_owned()));
    harness.run_steps(2);
    let field = harness.get_by_label("Find a name").rect();
    // The dialog's row, not a row of the cast list behind it.
    harness
        .get_all_by_role_and_label(Role::Button, "Person 24")
        .find(|n| field.x_range().contains(n.rect().center().x))
        .expect("the picker lists Person 24")
        .click();
    harness.run_steps(3);
    let app = harness.state();
    assert_eq!(mentions_of(app, "Person 1"), None);
    assert_eq!(mentions_of(app, "Person 24"), Some(2));
}

#[test]
fn a_click_in_the_cast_leaves_the_list_still_and_n_walks() {
    let mut harness = harness(sample_app());
    let before = harness
        .get_by_role_and_label(Role::Button, "Vladimir Putin")
        .rect();
    harness
        .get_by_role_and_label(Role::Button, "Vladimir Putin")
        .click();
    harness.run_steps(3);
    let after = harness
        .get_by_role_and_label(Role::Button, "Vladimir Putin")
        .rect();
    assert_eq!(before, after, "the list did not move under the pointer");
    let marked = harness.state().state().marked;
    assert_eq!(harness.state().state().mention_cursor, 0);

    // A person pressing `n` sends the key and the letter.
    harness.key_press(egui::Key::N);
    harness.event(egui::Event::Text("n".to_owned()));
    harness.run_steps(3);
    let state = harness.state().state();
    assert_eq!(state.selected_entity, Some(PUTIN));
    assert_eq!(state.mention_cursor, 1, "n walked to the next mention");
    assert_ne!(state.marked, marked);
    assert_eq!(
        harness
            .state()
            .annotations()
            .entity_note("Vladimir Putin", EntityKind::Person),
        None,
        "nothing was typed into the note"
    );
    let note = harness.get_by_label("Note on this entity");
    assert_eq!(note.value().as_deref().unwrap_or(""), "");
}
