//! The reader's own marks: the Notes panel (highlights in reading order,
//! filtered by colour, tag or words, and orphans waiting to be re-attached),
//! the card of an open highlight, and the palette beside a selection.

use egui::{Align, Button, CornerRadius, RichText, ScrollArea, Sense, TextEdit, Ui, vec2};

use crate::analysis::EntityKind;
use crate::annotations::{Annotations, Highlight, HighlightColor};
use crate::span::Span;
use crate::ui::cast::{display_name, kind_name};
use crate::ui::{Command, ReaderState, chrome, theme};

/// How many characters of a highlight the Notes panel shows.
pub const OPENING_CHARS: usize = 90;

/// The Notes panel's own state: its filters.
#[derive(Clone, Debug, Default)]
pub struct NotesPanel {
    /// Words a highlight or its note must contain.
    pub filter: String,
    /// Only highlights of this colour.
    pub color: Option<HighlightColor>,
    /// Only highlights with this tag.
    pub tag: Option<String>,
}

/// The opening words of a passage, on one line.
pub fn opening_words(text: &str, limit: usize) -> String {
    let words = display_name(text);
    let mut shown: String = words.chars().take(limit).collect();
    if shown.len() < words.len() {
        shown.push('…');
    }
    shown
}

/// Tags typed by the reader: split at commas (so a tag may hold spaces),
/// or at spaces between `#tags`; `#` and `.` dropped, duplicates removed,
/// order kept.
pub fn parse_tags(typed: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let parts = typed.split(',').flat_map(|part| {
        let hashed = part
            .split_whitespace()
            .all(|w| w.starts_with('#') || w.starts_with('.'));
        let words: Vec<&str> = if hashed {
            part.split_whitespace().collect()
        } else {
            vec![part]
        };
        words
    });
    for tag in parts {
        let tag = tag.trim().trim_start_matches(['#', '.']).trim();
        if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}

/// The display name of a colour, capitalised.
pub fn color_label(color: HighlightColor) -> &'static str {
    match color {
        HighlightColor::Yellow => "Yellow",
        HighlightColor::Green => "Green",
        HighlightColor::Blue => "Blue",
        HighlightColor::Pink => "Pink",
        HighlightColor::Purple => "Purple",
    }
}

impl NotesPanel {
    /// Whether a highlight passes the filters.
    pub fn keeps(&self, highlight: &Highlight) -> bool {
        if self.color.is_some_and(|c| c != highlight.color) {
            return false;
        }
        if let Some(tag) = &self.tag
            && !highlight.tags.iter().any(|t| t == tag)
        {
            return false;
        }
        let filter = self.filter.trim().to_lowercase();
        filter.is_empty()
            || highlight.quote.exact.to_lowercase().contains(&filter)
            || highlight.note.to_lowercase().contains(&filter)
            || highlight
                .tags
                .iter()
                .any(|t| t.to_lowercase().contains(&filter))
    }

    /// Draws the panel.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        annotations: &Annotations,
        state: &ReaderState,
        commands: &mut Vec<Command>,
    ) {
        self.filters_ui(ui, annotations);
        ui.separator();
        let shown: Vec<&Highlight> = annotations
            .highlights
            .iter()
            .filter(|h| self.keeps(h))
            .collect();
        ScrollArea::vertical()
            .id_salt("notes list")
            .auto_shrink(false)
            .show(ui, |ui| {
                if annotations.highlights.is_empty() && annotations.orphans.is_empty() {
                    ui.weak(
                        "No highlights yet. Select a passage and press H, or pick a \
                         colour from the palette beside the selection.",
                    );
                } else if shown.is_empty() && !annotations.highlights.is_empty() {
                    ui.weak("No highlight matches the filter.");
                }
                for highlight in shown {
                    highlight_row_ui(ui, highlight, state, commands);
                }
                if !annotations.orphans.is_empty() {
                    ui.add_space(8.0);
                    ui.strong(format!(
                        "Not found in this text ({})",
                        annotations.orphans.len()
                    ));
                    ui.weak(
                        "The article changed and these passages are gone. Select the \
                         passage they belong to and attach them, or delete them.",
                    );
                    for orphan in &annotations.orphans {
                        orphan_row_ui(ui, orphan, state, commands);
                    }
                }
            });
    }

    fn filters_ui(&mut self, ui: &mut Ui, annotations: &Annotations) {
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            ui.add(
                TextEdit::singleline(&mut self.filter)
                    .hint_text("Words, note or tag…")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        });
        ui.horizontal_wrapped(|ui| {
            let all = ui.selectable_label(self.color.is_none(), "All colours");
            if all.clicked() {
                self.color = None;
            }
            for color in HighlightColor::ALL {
                let selected = self.color == Some(color);
                if swatch_button(ui, color, selected, &format!("Only {}", color.name())).clicked() {
                    self.color = if selected { None } else { Some(color) };
                }
            }
        });
        let mut tags: Vec<&str> = annotations
            .highlights
            .iter()
            .flat_map(|h| h.tags.iter().map(String::as_str))
            .collect();
        tags.sort_unstable();
        tags.dedup();
        if !tags.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.weak("Tags");
                for tag in tags {
                    let selected = self.tag.as_deref() == Some(tag);
                    if ui.selectable_label(selected, format!("#{tag}")).clicked() {
                        self.tag = if selected { None } else { Some(tag.to_owned()) };
                    }
                }
            });
        }
    }
}

/// A round colour swatch that works as a button, labelled for screen readers.
pub fn swatch_button(
    ui: &mut Ui,
    color: HighlightColor,
    selected: bool,
    label: &str,
) -> egui::Response {
    let size = ui.spacing().interact_size.y;
    let (rect, response) = ui.allocate_exact_size(vec2(size, size), Sense::click());
    let dark = ui.visuals().dark_mode;
    let radius = 0.36 * size;
    ui.painter()
        .circle_filled(rect.center(), radius, theme::highlight_solid(color, dark));
    if selected || response.hovered() {
        ui.painter().circle_stroke(
            rect.center(),
            radius + 2.5,
            ui.visuals().widgets.active.fg_stroke,
        );
    }
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, label));
    response.on_hover_text(label)
}

fn highlight_row_ui(
    ui: &mut Ui,
    highlight: &Highlight,
    state: &ReaderState,
    commands: &mut Vec<Command>,
) {
    let dark = ui.visuals().dark_mode;
    let open = state.open_highlight == Some(highlight.id);
    let words = opening_words(&highlight.quote.exact, OPENING_CHARS);
    ui.horizontal(|ui| {
        let (bar, _) = ui.allocate_exact_size(vec2(4.0, 34.0), Sense::hover());
        ui.painter().rect_filled(
            bar,
            CornerRadius::same(2),
            theme::highlight_solid(highlight.color, dark),
        );
        ui.vertical(|ui| {
            let button = Button::selectable(open, words.as_str())
                .wrap()
                .min_size(vec2(ui.available_width(), 0.0));
            let response = ui.add(button);
            ui.ctx().accesskit_node_builder(response.id, |node| {
                node.set_label(words.as_str());
                if !highlight.note.is_empty() {
                    node.set_description(highlight.note.as_str());
                }
            });
            if response.clicked() {
                commands.push(Command::GoToHighlight(highlight.id));
            }
            if !highlight.note.is_empty() {
                ui.label(RichText::new(opening_words(&highlight.note, 160)).italics());
            }
            if !highlight.tags.is_empty() {
                let tags: Vec<String> = highlight.tags.iter().map(|t| format!("#{t}")).collect();
                ui.weak(tags.join(" "));
            }
        });
    });
    ui.add_space(4.0);
}

fn orphan_row_ui(
    ui: &mut Ui,
    orphan: &Highlight,
    state: &ReaderState,
    commands: &mut Vec<Command>,
) {
    ui.group(|ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(opening_words(&orphan.quote.exact, 200)).weak());
        if !orphan.note.is_empty() {
            ui.label(RichText::new(opening_words(&orphan.note, 200)).italics());
        }
        ui.horizontal(|ui| {
            let attach = ui.add_enabled(
                state.selection.is_some(),
                Button::new("Attach to selection"),
            );
            let attach = attach.on_disabled_hover_text("Select the passage in the text first");
            if attach.clicked()
                && let Some(span) = state.selection
            {
                commands.push(Command::ReattachHighlight {
                    id: orphan.id,
                    span,
                });
            }
            if ui.button("Delete").clicked() {
                commands.push(Command::DeleteHighlight(orphan.id));
            }
        });
    });
}

/// The card's own state: the drafts being typed for the open highlight.
#[derive(Clone, Debug, Default)]
pub struct HighlightCard {
    /// The highlight the drafts belong to.
    id: Option<u64>,
    /// The note as typed.
    note: String,
    /// The tags as typed.
    tags: String,
    /// A new highlight whose note field takes the keyboard when its card opens.
    focus_note_of: Option<u64>,
}

impl HighlightCard {
    /// Puts the keyboard in the note field when the card of highlight `id`
    /// is next drawn: after a new highlight, typing writes its note rather
    /// than firing shortcuts.
    pub fn focus_note(&mut self, id: u64) {
        self.focus_note_of = Some(id);
    }

    /// Shows the card of `highlight` in a floating area below `anchor`
    /// (a screen rect), or at `fallback` when the highlight is out of view.
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        anchor: egui::Pos2,
        highlight: &Highlight,
        commands: &mut Vec<Command>,
    ) {
        if self.id != Some(highlight.id) {
            self.id = Some(highlight.id);
            self.note = highlight.note.clone();
            self.tags = highlight.tags.join(", ");
        }
        egui::Area::new(egui::Id::unique("dramatis highlight card"))
            .order(egui::Order::Foreground)
            .fixed_pos(anchor)
            .constrain(true)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_width(320.0);
                    ui.horizontal(|ui| {
                        ui.strong("Highlight");
                        ui.with_layout(egui::Layout::right_to_left(Align::Center), |ui| {
                            let close = ui.add(Button::new("✕").small());
                            ui.ctx().accesskit_node_builder(close.id, |node| {
                                node.set_label("Close highlight card");
                            });
                            if close.on_hover_text("Close (Esc)").clicked() {
                                commands.push(Command::OpenHighlight(None));
                            }
                        });
                    });
                    ui.horizontal(|ui| {
                        for color in HighlightColor::ALL {
                            let selected = highlight.color == color;
                            let label = color_label(color);
                            if swatch_button(ui, color, selected, label).clicked() && !selected {
                                commands.push(Command::SetHighlightColor {
                                    id: highlight.id,
                                    color,
                                });
                            }
                        }
                    });
                    let note_label = ui.label("Note");
                    let note = ui.add(
                        TextEdit::multiline(&mut self.note)
                            .hint_text("Write a note…")
                            .desired_rows(4)
                            .desired_width(f32::INFINITY),
                    );
                    let note = note.labelled_by(note_label.id);
                    if self.focus_note_of == Some(highlight.id) {
                        note.request_focus();
                        self.focus_note_of = None;
                    }
                    if note.changed() {
                        commands.push(Command::SetHighlightNote {
                            id: highlight.id,
                            note: self.note.clone(),
                        });
                    }
                    let tags_label = ui.label("Tags");
                    let tags = ui.add(
                        TextEdit::singleline(&mut self.tags)
                            .hint_text("e.g. war, theme")
                            .desired_width(f32::INFINITY),
                    );
                    let tags = tags.labelled_by(tags_label.id);
                    if tags.changed() {
                        commands.push(Command::SetHighlightTags {
                            id: highlight.id,
                            tags: parse_tags(&self.tags),
                        });
                    }
                    ui.add_space(4.0);
                    ui.horizontal(|ui| {
                        let delete = ui.button("Delete highlight");
                        if delete
                            .on_hover_text("Delete (Ctrl+Z brings it back)")
                            .clicked()
                        {
                            commands.push(Command::DeleteHighlight(highlight.id));
                        }
                        ui.weak(chrome::local_time(highlight.created));
                    });
                });
            });
    }
}

/// The palette beside a finished selection: highlight it in a colour, copy
/// it, or tell the tagger what it is.
pub fn selection_palette_ui(
    ctx: &egui::Context,
    anchor: egui::Pos2,
    selection: Span,
    commands: &mut Vec<Command>,
) {
    egui::Area::new(egui::Id::unique("dramatis selection palette"))
        .order(egui::Order::Foreground)
        .fixed_pos(anchor)
        .constrain(true)
        .show(ctx, |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    for color in HighlightColor::ALL {
                        let label = format!("Highlight {}", color.name());
                        if swatch_button(ui, color, false, &label).clicked() {
                            commands.push(Command::AddHighlight {
                                span: selection,
                                color,
                            });
                        }
                    }
                    ui.separator();
                    if ui.button("Copy").clicked() {
                        commands.push(Command::CopySelection);
                    }
                    ui.menu_button("Tag as", |ui| {
                        for kind in EntityKind::ALL {
                            if ui.button(kind_name(kind)).clicked() {
                                commands.push(Command::TagSelection {
                                    span: selection,
                                    kind,
                                });
                                ui.close();
                            }
                        }
                    });
                });
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_parsed_as_typed() {
        let cases: [(&str, &[&str]); 6] = [
            ("", &[]),
            ("war", &["war"]),
            ("war, peace", &["war", "peace"]),
            ("#war #peace, war", &["war", "peace"]),
            (" .theme ,, motif ", &["theme", "motif"]),
            ("arms deal, sanctions", &["arms deal", "sanctions"]),
        ];
        for (typed, expected) in cases {
            assert_eq!(parse_tags(typed), expected, "{typed:?}");
        }
    }

    #[test]
    fn opening_words_are_cut_with_an_ellipsis() {
        assert_eq!(
            opening_words("Kim  Jong-un\narrived", 90),
            "Kim Jong-un arrived"
        );
        assert_eq!(opening_words("abcdef", 3), "abc…");
        assert_eq!(opening_words("ü日本語x", 4), "ü日本語…");
    }
}
