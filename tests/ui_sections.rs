//! Chapters in the window: the Contents list jumps to a chapter, a
//! selected person's strip shows in which chapters they appear, and an
//! e-book's cover sits above its Contents.

#[path = "support/book.rs"]
mod book;
mod epub_support;

use dramatis::analysis::{Analysis, Entity, EntityKind, Mention};
use dramatis::app::DramatisApp;
use dramatis::document::{self, Format};
use dramatis::span::Span;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Chapter titles and how often Anna is named in each.
const CHAPTERS: [(&str, usize); 3] = [("The Station", 3), ("The Estate", 0), ("The Races", 2)];

/// A book of three long chapters; each paragraph says which chapter and
/// paragraph it is, so it can be found on screen.
fn book() -> (document::Document, Analysis) {
    let mut text = String::new();
    for (c, (title, annas)) in CHAPTERS.iter().enumerate() {
        text.push_str(title);
        text.push_str("\n\n");
        for p in 0..30 {
            let who = if p < *annas { "Anna" } else { "Someone" };
            text.push_str(&format!(
                "Paragraph {p} of part {c}: {who} walked along the platform in the cold.\n\n"
            ));
        }
    }
    let mut doc = document::from_text(text, Format::PlainText, None, "Book");
    let titles: Vec<&str> = CHAPTERS.iter().map(|(t, _)| *t).collect();
    book::mark_chapters(&mut doc, &titles);
    let mentions: Vec<Mention> = doc
        .text
        .match_indices("Anna")
        .map(|(start, _)| Mention {
            span: Span::new(start, start + 4),
            entity: 0,
            reason: "test".into(),
        })
        .collect();
    let analysis = Analysis {
        entities: vec![Entity {
            id: 0,
            kind: EntityKind::Person,
            name: "Anna".to_owned(),
            mentions: (0..mentions.len()).collect(),
        }],
        mentions,
        ..Analysis::default()
    };
    (doc, analysis)
}

fn harness() -> Harness<'static, DramatisApp> {
    harness_of_height(520.0)
}

fn harness_of_height(height: f32) -> Harness<'static, DramatisApp> {
    let (doc, analysis) = book();
    book::window(DramatisApp::from_parts(doc, analysis), height)
}

fn on_screen(harness: &Harness<'_, DramatisApp>, text: &str) -> bool {
    harness.query_by_label_contains(text).is_some()
}

#[test]
fn contents_jump_to_each_chapter() {
    let mut harness = harness();
    assert!(
        !on_screen(&harness, "Paragraph 0 of part 2:"),
        "out of view"
    );
    harness.get_by_label_contains("Contents").click();
    harness.run_steps(3);
    // (chapter title, a paragraph at its start)
    let cases = [
        ("The Races", "Paragraph 0 of part 2:"),
        ("The Estate", "Paragraph 0 of part 1:"),
        ("The Station", "Paragraph 0 of part 0:"),
    ];
    for (title, opening) in cases {
        harness.get_by_role_and_label(Role::Button, title).click();
        harness.run_steps(6);
        assert!(
            on_screen(&harness, opening),
            "{title}: {opening} is on screen"
        );
    }
    assert!(!on_screen(&harness, "Paragraph 0 of part 2:"));
}

#[test]
fn a_selected_person_shows_mentions_by_chapter() {
    let mut harness = harness();
    assert!(harness.query_by_label("Mentions by chapter").is_none());
    harness.get_by_role_and_label(Role::Button, "Anna").click();
    harness.run_steps(6);
    harness.get_by_label("Mentions by chapter");
    for (title, count) in CHAPTERS {
        let cell = if count == 1 {
            format!("{title}: 1 mention")
        } else {
            format!("{title}: {count} mentions")
        };
        assert!(harness.query_by_label(&cell).is_some(), "{cell}");
    }
    harness.get_by_label("The Races: 2 mentions").click();
    harness.run_steps(6);
    let app = harness.state();
    let races = app.document().sections[2].span;
    let first = app
        .analysis()
        .mention_spans(0)
        .find(|s| races.contains_span(*s))
        .expect("Anna is in the races");
    assert_eq!(app.state().marked, Some(first));
    assert_eq!(app.state().mention_cursor, 3);
    assert!(on_screen(&harness, "Paragraph 0 of part 2:"));
}

/// Opens `path` in `harness` the way the window does, on the loader thread.
fn open(harness: &mut Harness<'_, DramatisApp>, path: &std::path::Path) {
    harness
        .state_mut()
        .apply(dramatis::ui::Command::Open(path.to_owned()));
    assert!(harness.state_mut().finish_loading());
    harness.run_steps(3);
    assert!(
        harness.state().error().is_none(),
        "{:?}",
        harness.state().error()
    );
}

#[test]
fn an_opened_e_book_shows_its_cover_above_the_contents() {
    let dir = std::env::temp_dir().join(format!("dramatis-ui-cover-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let book = dir.join("visit.epub");
    let cover = epub_support::cover_png(40, 60);
    let bytes = epub_support::book_with_cover(epub_support::CoverDeclaration::Meta, &cover);
    std::fs::write(&book, bytes).expect("write the book");
    let note = dir.join("note.txt");
    std::fs::write(&note, "A note without a cover.\n").expect("write the note");

    let mut harness = harness();
    assert!(harness.query_by_label_contains("Cover of").is_none());
    open(&mut harness, &book);
    let image = harness.get_by_role_and_label(Role::Image, "Cover of The Long Visit");
    let image_top = image.rect().top();
    let author = harness.get_by_label("Ann Lee");
    assert!(
        author.rect().top() > image_top,
        "the author is under the cover"
    );
    let contents = harness.get_by_label_contains("Contents (2)");
    assert!(
        contents.rect().top() > author.rect().top(),
        "the contents are under the cover"
    );

    // A document without a cover shows none, and no stale one.
    open(&mut harness, &note);
    assert!(harness.query_by_label_contains("Cover of").is_none());
    std::fs::remove_dir_all(&dir).ok();
}

/// Anna's mention spans, in order.
fn annas(harness: &Harness<'_, DramatisApp>) -> Vec<Span> {
    let analysis = harness.state().analysis();
    analysis.mention_spans(0).collect()
}

/// Clicks the window at `pos`.
fn click_at(harness: &mut Harness<'_, DramatisApp>, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.run();
    harness.drag_at(pos);
    harness.run();
    harness.drop_at(pos);
    harness.run_steps(6);
}

/// Where byte `offset` of the text is on the overview bar.
fn bar_point(harness: &Harness<'_, DramatisApp>, offset: usize) -> egui::Pos2 {
    let bar = harness
        .get_by_label(dramatis::ui::overview::OVERVIEW_LABEL)
        .rect();
    // The bar stands for the text 4 points in from its ends.
    let track = bar.shrink2(egui::vec2(0.0, 4.0));
    let len = harness.state().document().text.len();
    egui::pos2(
        bar.center().x,
        track.top() + track.height() * offset as f32 / len as f32,
    )
}

#[test]
fn a_tick_on_the_overview_bar_goes_to_its_mention() {
    let mut harness = harness();
    harness.get_by_role_and_label(Role::Button, "Anna").click();
    harness.run_steps(6);
    let spans = annas(&harness);
    let last = *spans.last().expect("Anna is named");
    assert_ne!(harness.state().state().marked, Some(last));
    assert!(!on_screen(&harness, "Paragraph 1 of part 2:"));

    let point = bar_point(&harness, last.start);
    click_at(&mut harness, point);
    assert_eq!(harness.state().state().marked, Some(last));
    assert_eq!(harness.state().state().mention_cursor, spans.len() - 1);
    assert!(on_screen(&harness, "Paragraph 1 of part 2:"));
}

#[test]
fn a_click_on_the_overview_bar_away_from_ticks_goes_to_that_place() {
    let mut harness = harness();
    let len = harness.state().document().text.len();
    let point = bar_point(&harness, len / 2);
    click_at(&mut harness, point);
    let top = harness
        .state()
        .reading_position()
        .expect("shown")
        .top_offset;
    let fraction = top as f32 / len as f32;
    assert!((0.4..0.6).contains(&fraction), "went to {fraction}");
    assert_eq!(harness.state().state().selected_entity, None);
}

#[test]
fn the_book_view_selects_a_character_and_jumps_to_a_mention() {
    use dramatis::ui::MainView;
    // Tall enough to show the plot and the whole graph.
    let mut harness = harness_of_height(1100.0);
    harness.get_by_role_and_label(Role::Button, "Book").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state().view, MainView::Book);
    let row = harness.get_by_label("Mentions of Anna").rect();

    // In the graph, Anna's circle (the cast's "Anna" button is further right).
    let node = harness
        .get_all_by_role_and_label(Role::Button, "Anna")
        .map(|n| n.rect())
        .min_by(|a, b| a.left().total_cmp(&b.left()))
        .expect("Anna in the graph");
    click_at(&mut harness, node.center());
    assert_eq!(harness.state().state().selected_entity, Some(0));
    assert_eq!(harness.state().state().view, MainView::Book);

    // A click on the plot near Anna's last mention reads it in the text.
    let spans = annas(&harness);
    let last = *spans.last().expect("Anna is named");
    let len = harness.state().document().text.len();
    let plot_left = row.left() + 150.0;
    let x = plot_left + (row.right() - plot_left) * last.start as f32 / len as f32;
    click_at(&mut harness, egui::pos2(x, row.center().y));
    assert_eq!(harness.state().state().view, MainView::Text);
    assert_eq!(harness.state().state().marked, Some(last));
    assert!(on_screen(&harness, "Paragraph 1 of part 2:"));
}
