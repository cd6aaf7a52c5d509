//! The spoiler-free cast of a book: with "Only names met so far" on, the
//! cast counts and lists only the mentions up to the furthest the reader
//! has read, fills in as they scroll, keeps the choice in the preferences,
//! and walking a name's mentions never goes past that point.

use dramatis::analysis::{Analysis, EntityKind};
use dramatis::app::DramatisApp;
use dramatis::document::{self, Document, Format};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

#[path = "support/book.rs"]
mod book;
#[path = "support/cast.rs"]
mod cast;

/// Chapter titles of the made-up book.
const CHAPTERS: [&str; 3] = ["The Station", "The Estate", "The Races"];

/// Who is named in which paragraph (chapter, paragraph): Anna early and
/// late, Moscow in the middle, Vronsky only in the last chapter.
const NAMED: [((usize, usize), &str); 5] = [
    ((0, 0), "Anna"),
    ((0, 3), "Anna"),
    ((1, 2), "Moscow"),
    ((2, 5), "Vronsky"),
    ((2, 10), "Anna"),
];

/// A book of three chapters of 40 paragraphs, with the names of [`NAMED`].
fn book() -> (Document, Analysis) {
    let mut text = String::new();
    for (c, title) in CHAPTERS.iter().enumerate() {
        text.push_str(title);
        text.push_str("\n\n");
        for p in 0..40 {
            let who = NAMED
                .iter()
                .find(|(at, _)| *at == (c, p))
                .map_or("Someone", |(_, who)| who);
            text.push_str(&format!(
                "Paragraph {p} of part {c}: {who} walked along the platform in the cold, \
                 waiting for the evening train that was late again.\n\n"
            ));
        }
    }
    let mut doc = document::from_text(text, Format::PlainText, None, "Book");
    book::mark_chapters(&mut doc, &CHAPTERS);
    let mut analysis = cast::analysis_of(&doc.text, &["Anna", "Moscow", "Vronsky"]);
    analysis.entities[1].kind = EntityKind::Place;
    (doc, analysis)
}

fn harness() -> Harness<'static, DramatisApp> {
    let (doc, analysis) = book();
    book::window(DramatisApp::from_parts(doc, analysis), 520.0)
}

/// The mention count a cast row gives a name, as a screen reader reads it;
/// none when the cast does not list it.
fn listed(harness: &Harness<'_, DramatisApp>, name: &str) -> Option<String> {
    harness
        .query_by_role_and_label(Role::Button, name)
        .map(|row| {
            row.accesskit_node()
                .description()
                .unwrap_or_default()
                .to_owned()
        })
}

fn switch_on(harness: &mut Harness<'static, DramatisApp>) {
    harness
        .get_by_role_and_label(Role::CheckBox, "Only names met so far")
        .click();
    harness.run_steps(3);
}

/// Where the last chapter starts.
fn last_chapter(harness: &Harness<'_, DramatisApp>) -> usize {
    harness.state().document().sections[2].span.start
}

#[test]
fn the_cast_lists_only_the_names_met_so_far_and_fills_in_as_one_reads() {
    let mut harness = harness();
    assert_eq!(listed(&harness, "Vronsky").as_deref(), Some("1 mention"));
    assert_eq!(listed(&harness, "Anna").as_deref(), Some("3 mentions"));

    switch_on(&mut harness);
    assert!(harness.state().preferences().spoiler_free_cast);
    // The first page names Anna twice; Moscow and Vronsky come later.
    assert_eq!(listed(&harness, "Anna").as_deref(), Some("2 mentions"));
    assert_eq!(listed(&harness, "Moscow"), None);
    assert_eq!(listed(&harness, "Vronsky"), None);
    harness.get_by_label("People (1)");

    // Reading on: the names come as they are met.
    let mut steps = 0;
    while listed(&harness, "Moscow").is_none() {
        harness.key_press(Key::PageDown);
        harness.run_steps(3);
        steps += 1;
        assert!(steps < 40, "Moscow never met");
    }
    assert_eq!(
        listed(&harness, "Vronsky"),
        None,
        "not before the last part"
    );
    harness.key_press(Key::End);
    harness.run_steps(3);
    assert_eq!(listed(&harness, "Vronsky").as_deref(), Some("1 mention"));
    assert_eq!(listed(&harness, "Anna").as_deref(), Some("3 mentions"));

    // Going back does not unmeet anyone.
    harness.key_press(Key::Home);
    harness.run_steps(3);
    assert_eq!(listed(&harness, "Vronsky").as_deref(), Some("1 mention"));

    // Off again: the whole cast, and the preference says so.
    harness
        .get_by_role_and_label(Role::CheckBox, "Only names met so far")
        .click();
    harness.run_steps(3);
    assert!(!harness.state().preferences().spoiler_free_cast);
}

#[test]
fn walking_a_name_s_mentions_stays_within_what_was_read() {
    let mut harness = harness();
    switch_on(&mut harness);
    let limit = harness.state().state().read_up_to;
    assert!(limit < last_chapter(&harness), "read only the first page");
    // Anna's third mention is in the last chapter: the walk goes round the
    // first two.
    for (click, cursor) in [0, 1, 0, 1].into_iter().enumerate() {
        harness.get_by_role_and_label(Role::Button, "Anna").click();
        harness.run_steps(4);
        let state = harness.state().state();
        assert_eq!(state.mention_cursor, cursor, "click {click}");
        let marked = state.marked.expect("a mention is marked");
        assert!(
            marked.start < limit,
            "click {click}: {marked:?} past {limit}"
        );
        assert!(
            harness
                .query_by_label(&format!("{} / 2", cursor + 1))
                .is_some(),
            "click {click}: counts the mentions read"
        );
        let top = harness
            .state()
            .reading_position()
            .expect("shown")
            .top_offset;
        assert!(top < last_chapter(&harness), "click {click}: stayed");
    }
    harness.key_press(Key::N);
    harness.run_steps(4);
    assert_eq!(harness.state().state().mention_cursor, 0, "n wraps too");

    // Vronsky, not met yet, selected from elsewhere (the book view): the
    // reader stays where it is.
    harness
        .state_mut()
        .apply(dramatis::ui::Command::SelectEntity(2));
    harness.run_steps(4);
    let top = harness
        .state()
        .reading_position()
        .expect("shown")
        .top_offset;
    assert!(top < last_chapter(&harness), "not taken to Vronsky");
    assert!(harness.state().state().read_up_to < last_chapter(&harness));
}
