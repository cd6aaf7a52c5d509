//! The find bar (Ctrl+F) and case-insensitive text search.

use egui::{Key, Modifiers, TextEdit, Ui};

use crate::span::Span;
use crate::ui::{Command, ReaderState};

/// State of the find bar that lives only in the UI.
#[derive(Debug, Default)]
pub struct FindBar {
    /// Whether the bar is shown.
    pub open: bool,
    /// The text being searched for.
    pub query: String,
    /// Set to move keyboard focus into the text field on the next frame.
    pub focus_requested: bool,
}

impl FindBar {
    /// Opens the bar and puts the cursor in its text field.
    pub fn open(&mut self) {
        self.open = true;
        self.focus_requested = true;
    }

    /// Draws the bar: a text field, the match count and next/previous buttons.
    pub fn ui(&mut self, ui: &mut Ui, state: &ReaderState, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            let label = ui.label("Find");
            let response = ui.add(
                TextEdit::singleline(&mut self.query)
                    .hint_text("Text in the article…")
                    .desired_width(260.0),
            );
            let response = response.labelled_by(label.id);
            if self.focus_requested {
                response.request_focus();
                self.focus_requested = false;
            }
            if response.changed() {
                commands.push(Command::Find(self.query.clone()));
            }
            // A single-line field gives up focus on Enter; take it back so
            // Enter can be pressed again for the next match.
            if response.lost_focus() {
                let (enter, shift, escape) = ui.input(|i| {
                    (
                        i.key_pressed(Key::Enter),
                        i.modifiers.shift,
                        i.key_pressed(Key::Escape),
                    )
                });
                if escape {
                    commands.push(Command::CloseFind);
                } else if enter {
                    commands.push(if shift {
                        Command::FindPrevious
                    } else {
                        Command::FindNext
                    });
                    response.request_focus();
                }
            }
            if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
                commands.push(Command::CloseFind);
            }

            let count = match (state.find_current, state.find_matches.len()) {
                (_, 0) if self.query.is_empty() => String::new(),
                (_, 0) => "No matches".to_owned(),
                (Some(current), total) => format!("{} / {total}", current + 1),
                (None, total) => format!("{total} matches"),
            };
            if !count.is_empty() {
                ui.label(count);
            }
            let enabled = !state.find_matches.is_empty();
            if ui
                .add_enabled(enabled, egui::Button::new("Previous").small())
                .on_hover_text("Previous match (Shift+Enter)")
                .clicked()
            {
                commands.push(Command::FindPrevious);
            }
            if ui
                .add_enabled(enabled, egui::Button::new("Next").small())
                .on_hover_text("Next match (Enter)")
                .clicked()
            {
                commands.push(Command::FindNext);
            }
            if ui
                .add(egui::Button::new("Close").small())
                .on_hover_text("Close the find bar (Esc)")
                .clicked()
            {
                commands.push(Command::CloseFind);
            }
        });
    }
}

/// All places `query` occurs in `text`, ignoring case: sorted, non-overlapping
/// byte spans on char boundaries. An empty or blank query finds nothing.
///
/// Builds a [`FoldedText`] each call; keep one per document to search often.
pub fn find_matches(text: &str, query: &str) -> Vec<Span> {
    FoldedText::new(text).find(query)
}

/// A document's text with case folded, byte for byte the same length, so a
/// match in it is a match at the same offsets in the original.
///
/// Folding maps each char to its lower case when that is one char of the
/// same UTF-8 width (true of every letter in Latin, Greek and Cyrillic
/// text); the few chars whose lower case is wider or narrower (the Kelvin
/// sign, dotted capital I) are kept as they are and so match only
/// themselves. Searching is then a plain substring search, a few
/// milliseconds over a whole novel.
#[derive(Clone, Debug, Default)]
pub struct FoldedText {
    folded: String,
}

impl FoldedText {
    /// Folds `text` once.
    pub fn new(text: &str) -> Self {
        let folded = if text.is_ascii() {
            text.to_ascii_lowercase()
        } else {
            text.chars().map(fold).collect()
        };
        Self { folded }
    }

    /// All places `query` occurs, ignoring case; see [`find_matches`].
    pub fn find(&self, query: &str) -> Vec<Span> {
        if query.trim().is_empty() {
            return Vec::new();
        }
        let query: String = query.chars().map(fold).collect();
        self.folded
            .match_indices(query.as_str())
            .map(|(start, found)| Span::new(start, start + found.len()))
            .collect()
    }
}

/// The lower case of a char when it is a single char of the same UTF-8
/// width, else the char itself.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ignoring_case() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "Putin met putin; PUTIN.",
                "putin",
                &["Putin", "putin", "PUTIN"],
            ),
            ("aaaa", "aa", &["aa", "aa"]),
            ("Kim’s “train”", "“TRAIN”", &["“train”"]),
            ("Ünter ünter", "ÜNTER", &["Ünter", "ünter"]),
            ("日本語 x", "x", &["x"]),
            ("ΣΟΦΙΑ σοφια", "σοφια", &["ΣΟΦΙΑ", "σοφια"]),
            ("Natásha NATÁSHA", "natásha", &["Natásha", "NATÁSHA"]),
            ("\u{212A}elvin kelvin", "kelvin", &["kelvin"]),
            ("nothing here", "absent", &[]),
            ("blank query", "  ", &[]),
        ];
        for (text, query, expected) in cases {
            let found: Vec<&str> = find_matches(text, query)
                .into_iter()
                .map(|s| s.text(text))
                .collect();
            assert_eq!(&found, expected, "{query:?} in {text:?}");
        }
    }
}
