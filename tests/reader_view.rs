//! The reading view on its own, over a long book made up here: jumps land on
//! their span, scrolling up into text never laid out keeps the text still,
//! a new text size keeps the reading position, and hovering or clicking a
//! mention tells who it is. Paragraphs are found by their accessible label,
//! the way a screen reader sees them.

use std::collections::HashMap;

use dramatis::analysis::{Analysis, Entity, EntityKind, Mention, Quote, Speaker, SpeakerStep};
use dramatis::document::{self, Document, Format};
use dramatis::span::Span;
use dramatis::ui::reader::ReaderView;
use dramatis::ui::{Command, ReaderState};
use egui::Role;
use egui::{CentralPanel, Event, Modifiers, MouseWheelSource, MouseWheelUnit, PointerButton, Pos2};
use egui::{TouchPhase, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// The people of the made-up book and where their names are put.
const NAMES: [&str; 3] = ["Pierre Bezukhov", "Natasha Rostova", "Moscow"];

/// Words the made-up paragraphs are drawn from.
const WORDS: &[&str] = &[
    "the", "evening", "drawing", "room", "was", "full", "of", "guests", "who", "spoke", "quietly",
    "about", "war", "and", "a", "letter", "from", "the", "army", "arrived", "late", "with", "news",
    "that", "nobody", "expected", "while", "candles", "burned", "low",
];

/// Everything the view needs, kept by the harness.
struct Reader {
    view: ReaderView,
    doc: Document,
    analysis: Analysis,
    state: ReaderState,
    commands: Vec<Command>,
}

/// A book of `paragraphs` paragraphs of very different lengths (a few words
/// to a long page), every seventh naming someone and every fifth holding a
/// quotation.
fn book_text(paragraphs: usize) -> String {
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 33) as usize
    };
    let mut text = String::from("A Long Made-up Book\n\n");
    for p in 0..paragraphs {
        let words = 4 + next() % [12, 60, 250][next() % 3];
        text.push_str(&format!("Paragraph {p}:"));
        for w in 0..words {
            text.push(' ');
            if p % 7 == 0 && w == words / 2 {
                text.push_str(NAMES[p % NAMES.len()]);
            } else if p % 5 == 0 && w == words / 3 {
                text.push_str("“we shall see”");
            } else {
                text.push_str(WORDS[next() % WORDS.len()]);
            }
        }
        text.push_str(".\n\n");
    }
    text
}

/// Mentions of [`NAMES`] and quotations between curly marks, all spoken by
/// the first person.
fn hand_analysis(text: &str) -> Analysis {
    let kinds = [EntityKind::Person, EntityKind::Person, EntityKind::Place];
    let mut mentions: Vec<Mention> = Vec::new();
    for (id, name) in NAMES.iter().enumerate() {
        for (start, _) in text.match_indices(name) {
            mentions.push(Mention {
                span: Span::new(start, start + name.len()),
                entity: id,
                reason: "made up for the test".into(),
            });
        }
    }
    mentions.sort_by_key(|m| m.span);
    let entities = NAMES
        .iter()
        .enumerate()
        .map(|(id, name)| Entity {
            id,
            kind: kinds[id],
            name: (*name).to_owned(),
            mentions: (0..mentions.len())
                .filter(|&m| mentions[m].entity == id)
                .collect(),
        })
        .collect();
    let quotes = text
        .match_indices('“')
        .filter_map(|(open, mark)| {
            let start = open + mark.len();
            let end = start + text[start..].find('”')?;
            Some(Quote {
                span: Span::new(start, end),
                speaker: Speaker::Entity(0),
                step: SpeakerStep::Named,
            })
        })
        .collect();
    Analysis {
        entities,
        mentions,
        quotes,
        warnings: Vec::new(),
    }
}

fn harness(text: String) -> Harness<'static, Reader> {
    let doc = document::from_text(text, Format::PlainText, None, "Untitled");
    let analysis = hand_analysis(&doc.text);
    let reader = Reader {
        view: ReaderView::new(&doc, &analysis),
        doc,
        analysis,
        state: ReaderState::default(),
        commands: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1000.0, 700.0))
        .build_ui_state(
            |ui, r: &mut Reader| {
                CentralPanel::default().show(ui, |ui| {
                    r.view
                        .ui(ui, &r.doc, &r.analysis, &[], &mut r.state, &mut r.commands);
                });
            },
            reader,
        );
    harness.run_steps(2);
    harness
}

/// The text of the block holding `span`, as its accessible label reads.
fn block_label(doc: &Document, span: Span) -> String {
    let block = doc
        .blocks
        .iter()
        .find(|b| b.span.contains_span(span))
        .expect("the span lies in a block");
    block.span.text(&doc.text).replace(['\n', '\r'], " ")
}

/// Jumps to `span` and marks it, as the app does for a mention.
fn jump(harness: &mut Harness<'static, Reader>, span: Span) {
    let state = &mut harness.state_mut().state;
    state.scroll_target = Some(span);
    state.marked = Some(span);
    harness.step();
}

/// Where the marked span was painted, checked to lie wholly in the viewport.
fn marked_rect_in_view(harness: &Harness<'static, Reader>) -> egui::Rect {
    let view = &harness.state().view;
    let rect = view.marked_rect().expect("the marked span is painted");
    assert!(
        view.viewport_rect().contains_rect(rect),
        "{rect:?} outside {:?}",
        view.viewport_rect()
    );
    rect
}

fn wheel(harness: &Harness<'static, Reader>, dy: f32) {
    harness.event(Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: vec2(0.0, dy),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    });
}

#[test]
fn title_and_first_paragraphs_are_on_screen() {
    let harness = harness(book_text(50));
    let doc = &harness.state().doc;
    harness.get_by_label("A Long Made-up Book");
    let first = block_label(doc, doc.blocks[1].span);
    harness.get_by_label(&first);
    let last = block_label(doc, doc.blocks[doc.blocks.len() - 1].span);
    assert!(
        harness.query_by_label(&last).is_none(),
        "the end is not painted"
    );
}

#[test]
fn jumps_land_on_their_span_on_the_first_frame() {
    let mut harness = harness(book_text(3000));
    let mentions: Vec<Span> = harness
        .state()
        .analysis
        .mentions
        .iter()
        .map(|m| m.span)
        .collect();
    let n = mentions.len();
    // Far down, back to the start, the very end, and about.
    for index in [n / 2, 1, n - 1, n / 3, 4 * n / 5, n / 7, n - 2] {
        let span = mentions[index];
        jump(&mut harness, span);
        let rect = marked_rect_in_view(&harness);
        let viewport = harness.state().view.viewport_rect();
        let label = block_label(&harness.state().doc, span);
        harness.get_by_label(&label);
        if index + 1 < n {
            // Not at the end of the book: the line sits in the upper half.
            assert!(
                rect.top() < viewport.center().y,
                "mention {index}: {rect:?} in {viewport:?}"
            );
        }
        // And it stays there.
        harness.run_steps(3);
        assert_eq!(
            harness.state().view.marked_rect(),
            Some(rect),
            "mention {index}"
        );
    }
}

/// The top of every paragraph on screen, by its accessible label.
fn paragraph_tops(harness: &Harness<'static, Reader>) -> HashMap<String, f32> {
    harness
        .query_all_by_role(Role::Label)
        .filter_map(|node| {
            let access = node.accesskit_node();
            let text = access.label().or_else(|| access.value())?;
            Some((text, node.rect().top()))
        })
        .collect()
}

#[test]
fn scrolling_up_into_text_never_laid_out_keeps_the_text_still() {
    let mut harness = harness(book_text(3000));
    let span = harness.state().analysis.mentions[300].span;
    jump(&mut harness, span);
    harness.hover_at(Pos2::new(500.0, 350.0));
    // Well past the text laid out around the jump, in steps of 30 points.
    for step in 0..60 {
        let before = paragraph_tops(&harness);
        wheel(&harness, 30.0);
        harness.run_steps(10);
        let after = paragraph_tops(&harness);
        let moved: Vec<f32> = after
            .iter()
            .filter_map(|(label, top)| Some(top - before.get(label)?))
            .collect();
        assert!(
            !moved.is_empty(),
            "step {step}: some paragraph stays on screen"
        );
        for m in moved {
            assert!((m - 30.0).abs() < 1.0, "step {step}: a paragraph moved {m}");
        }
    }
}

#[test]
fn a_new_text_size_keeps_the_reading_position() {
    let mut harness = harness(book_text(2000));
    let span = harness.state().analysis.mentions[150].span;
    jump(&mut harness, span);
    let label = block_label(&harness.state().doc, span);
    for size in [26.0, 12.0, 18.0] {
        harness.state_mut().state.text_size = size;
        harness.run_steps(2);
        assert!(
            harness.query_by_label(&label).is_some(),
            "the paragraph is still on screen at {size} pt"
        );
        marked_rect_in_view(&harness);
    }
}

#[test]
fn hovering_a_mention_or_quote_tells_who() {
    let text = "A Short Book\n\nPierre Bezukhov came in and said “we shall see” to Moscow.\n\n\
                The quote “nobody knows” was left hanging.\n"
        .to_owned();
    let mut harness = harness(text);
    let analysis = harness.state().analysis.clone();
    let cases = [
        (analysis.mentions[0].span, "Pierre Bezukhov", "Person"),
        (analysis.mentions[1].span, "Moscow", "Place"),
        (
            analysis.quotes[0].span,
            "Quotation — said by Pierre Bezukhov",
            "",
        ),
    ];
    for (span, name, kind) in cases {
        harness.state_mut().state.marked = Some(span);
        harness.step();
        let rect = marked_rect_in_view(&harness);
        harness.hover_at(rect.center());
        harness.run_steps(6);
        harness.get_by_label(name);
        if !kind.is_empty() {
            harness.get_by_label(kind);
        }
        harness.remove_cursor();
        harness.run_steps(2);
    }
}

#[test]
fn clicking_a_mention_selects_it_and_hidden_kinds_do_nothing() {
    let text = "A Short Book\n\nPierre Bezukhov walked to Moscow.\n".to_owned();
    let mut harness = harness(text);
    let analysis = harness.state().analysis.clone();
    for (mention, shown, expected) in [(0, true, true), (1, true, true), (1, false, false)] {
        let m = &analysis.mentions[mention];
        let kind = analysis.entities[m.entity].kind;
        harness.state_mut().state.show_kind[kind as usize] = shown;
        harness.state_mut().state.marked = Some(m.span);
        harness.state_mut().commands.clear();
        harness.step();
        let pos = marked_rect_in_view(&harness).center();
        harness.hover_at(pos);
        harness.step();
        for pressed in [true, false] {
            harness.event(Event::PointerButton {
                pos,
                button: PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
            harness.step();
        }
        let selected = harness.state().commands.contains(&Command::SelectMention {
            entity: m.entity,
            span: m.span,
        });
        assert_eq!(selected, expected, "mention {mention}, shown {shown}");
    }
}

#[test]
fn markdown_blocks_are_shown_with_their_text() {
    let text = "# Heading\n\nSome *emphasis* and **strong** and `code` and [a link](x).\n\n\
                - first item\n- second item\n\n> quoted block\n\n```\nlet x = 1;\n```\n"
        .to_owned();
    let doc = document::from_text(text, Format::Markdown, None, "Untitled");
    let analysis = Analysis::default();
    let reader = Reader {
        view: ReaderView::new(&doc, &analysis),
        doc,
        analysis,
        state: ReaderState::default(),
        commands: Vec::new(),
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1000.0, 700.0))
        .build_ui_state(
            |ui, r: &mut Reader| {
                CentralPanel::default().show(ui, |ui| {
                    r.view
                        .ui(ui, &r.doc, &r.analysis, &[], &mut r.state, &mut r.commands);
                });
            },
            reader,
        );
    harness.run_steps(2);
    for block in harness.state().doc.blocks.clone() {
        let label = block_label(&harness.state().doc, block.span);
        harness.get_by_label(&label);
    }
}
