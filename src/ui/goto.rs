//! The Go to dialog (Ctrl+G): a percentage ("40", "40 %") or a chapter,
//! picked by typing part of its title ("estate", "chapter 12") or its
//! number ("ch 12", "#12").
//!
//! What is typed is read by [`go_to_targets`], a pure function; the dialog
//! only shows its answers and pushes [`Command::GoToOffset`].

use egui::{Button, Key, ScrollArea, TextEdit};

use crate::document::Document;
use crate::ui::Command;

/// How tall the list of chapters is at most, in points.
const LIST_HEIGHT: f32 = 260.0;

/// A place the reader can go to.
#[derive(Clone, Debug, PartialEq)]
pub struct GoToTarget {
    /// What the list shows: "40 %" or the chapter's title.
    pub label: String,
    /// Byte offset of the place in the text.
    pub offset: usize,
}

/// The places `query` names in `doc`, best first: a percentage when it is a
/// number from 0 to 100 (with or without "%"); the chapter of that number
/// when it is "ch N", "chapter N" or "#N"; and every chapter whose title
/// holds the words (ignoring case). An empty query lists every chapter.
pub fn go_to_targets(doc: &Document, query: &str) -> Vec<GoToTarget> {
    let query = query.trim();
    let mut targets = Vec::new();
    if let Some(percent) = percentage(query) {
        targets.push(GoToTarget {
            label: format!("{percent} %"),
            offset: offset_at_fraction(doc, percent / 100.0),
        });
    }
    if let Some(number) = chapter_number(query)
        && let Some(section) = number.checked_sub(1).and_then(|i| doc.sections.get(i))
    {
        targets.push(GoToTarget {
            label: section.title.trim().to_owned(),
            offset: section.span.start,
        });
    }
    let words = query.to_lowercase();
    for section in &doc.sections {
        let title = section.title.trim();
        let already = targets.iter().any(|t| t.offset == section.span.start);
        if !already && title.to_lowercase().contains(&words) {
            targets.push(GoToTarget {
                label: title.to_owned(),
                offset: section.span.start,
            });
        }
    }
    targets
}

/// A percentage from 0 to 100, as "40", "40%", "40 %" or "12.5".
fn percentage(query: &str) -> Option<f32> {
    let number = query.strip_suffix('%').unwrap_or(query).trim();
    let value: f32 = number.parse().ok()?;
    (value.is_finite() && (0.0..=100.0).contains(&value)).then_some(value)
}

/// N in "ch N", "ch. N", "chapter N" or "#N".
fn chapter_number(query: &str) -> Option<usize> {
    let lower = query.to_lowercase();
    let rest = ["chapter", "ch.", "ch", "#"]
        .iter()
        .find_map(|prefix| lower.strip_prefix(prefix))?;
    rest.trim().parse().ok().filter(|&n| n > 0)
}

/// The start of the block that holds the byte `fraction` of the way
/// through the text, so the reader lands at a paragraph's start.
fn offset_at_fraction(doc: &Document, fraction: f32) -> usize {
    let len = doc.text.len();
    let at = ((len as f64) * f64::from(fraction.clamp(0.0, 1.0))) as usize;
    if at == 0 {
        return 0;
    }
    let block = doc.blocks.partition_point(|b| b.span.end <= at);
    doc.blocks.get(block).map_or_else(
        || doc.blocks.last().map_or(0, |b| b.span.start),
        |b| b.span.start,
    )
}

/// The open Go to dialog.
#[derive(Clone, Debug, Default)]
pub struct GoToDialog {
    /// What has been typed.
    query: String,
    /// Focus the field on the next frame.
    focus_pending: bool,
}

impl GoToDialog {
    /// A dialog with an empty field that has the keyboard.
    pub fn new() -> Self {
        Self {
            query: String::new(),
            focus_pending: true,
        }
    }

    /// Draws the dialog; returns false once it is closed (gone or cancelled).
    pub fn ui(&mut self, ctx: &egui::Context, doc: &Document, commands: &mut Vec<Command>) -> bool {
        let mut open = true;
        let modal = egui::Modal::new(egui::Id::unique("dramatis go to dialog")).show(ctx, |ui| {
            ui.set_width(340.0);
            ui.heading("Go to");
            let label = if doc.sections.is_empty() {
                ui.label("A percentage of the way through")
            } else {
                ui.label("A percentage, or a chapter by its title or number")
            };
            let edit = ui.add(
                TextEdit::singleline(&mut self.query)
                    .hint_text(if doc.sections.is_empty() {
                        "40 %"
                    } else {
                        "40 %, ch 12, or words of a title"
                    })
                    .desired_width(f32::INFINITY),
            );
            let edit = edit.labelled_by(label.id);
            if self.focus_pending {
                edit.request_focus();
                self.focus_pending = false;
            }
            // Read after the field, so text typed in the same frame as
            // Enter counts.
            let targets = go_to_targets(doc, &self.query);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if enter && let Some(first) = targets.first() {
                commands.push(Command::GoToOffset(first.offset));
                open = false;
            }
            ui.add_space(4.0);
            if targets.is_empty() && !self.query.trim().is_empty() {
                ui.weak(if doc.sections.is_empty() {
                    "Type a number from 0 to 100: this text has no chapters."
                } else {
                    "No chapter has those words, and it is not a percentage."
                });
            }
            ScrollArea::vertical()
                .max_height(LIST_HEIGHT)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    for target in &targets {
                        let button = Button::new(target.label.as_str())
                            .frame(false)
                            .min_size(egui::vec2(ui.available_width(), 0.0));
                        if ui.add(button).clicked() {
                            commands.push(Command::GoToOffset(target.offset));
                            open = false;
                        }
                    }
                });
            ui.add_space(4.0);
            if ui
                .button("Cancel")
                .on_hover_text("Close without moving (Esc)")
                .clicked()
            {
                open = false;
            }
        });
        // A text field gives up focus on Escape; the dialog closes on it too.
        let escape = ctx.input(|i| i.key_pressed(Key::Escape));
        open && !escape && !modal.should_close()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Format, Section, from_text};
    use crate::span::Span;

    /// Three chapters of four paragraphs.
    fn book() -> Document {
        let titles = ["The Station", "The Estate", "The Races"];
        let mut text = String::new();
        for title in titles {
            text.push_str(&format!("{title}\n\n"));
            for p in 0..4 {
                text.push_str(&format!("Paragraph {p} under {title}.\n\n"));
            }
        }
        let mut doc = from_text(text, Format::PlainText, None, "Book");
        let starts: Vec<usize> = titles
            .iter()
            .map(|t| doc.text.find(t).expect("a title"))
            .collect();
        doc.sections = titles
            .iter()
            .enumerate()
            .map(|(i, title)| Section {
                title: (*title).to_owned(),
                span: Span::new(
                    starts[i],
                    starts.get(i + 1).map_or(doc.text.len(), |&next| next - 2),
                ),
            })
            .collect();
        doc
    }

    #[test]
    fn queries_name_places() {
        let doc = book();
        let estate = doc.text.find("The Estate").expect("a chapter");
        let races = doc.text.find("The Races").expect("a chapter");
        let cases: &[(&str, &[&str])] = &[
            ("", &["The Station", "The Estate", "The Races"]),
            ("estate", &["The Estate"]),
            ("THE R", &["The Races"]),
            ("ch 2", &["The Estate"]),
            ("Chapter 3", &["The Races"]),
            ("#1", &["The Station"]),
            ("50", &["50 %"]),
            ("12.5 %", &["12.5 %"]),
            ("ch 9", &[]),
            ("101", &[]),
            ("-3", &[]),
            ("nowhere", &[]),
        ];
        for (query, expected) in cases {
            let labels: Vec<String> = go_to_targets(&doc, query)
                .into_iter()
                .map(|t| t.label)
                .collect();
            assert_eq!(labels, *expected, "{query:?}");
        }
        assert_eq!(go_to_targets(&doc, "ch 2")[0].offset, estate);
        assert_eq!(go_to_targets(&doc, "races")[0].offset, races);
        // A percentage lands at the start of a paragraph.
        for percent in ["0", "33", "50", "99", "100"] {
            let offset = go_to_targets(&doc, percent)[0].offset;
            assert!(
                doc.blocks.iter().any(|b| b.span.start == offset),
                "{percent}: {offset}"
            );
        }
        assert_eq!(go_to_targets(&doc, "0")[0].offset, 0);
    }
}
