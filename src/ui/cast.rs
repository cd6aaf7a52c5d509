//! The Cast side panel: people, places and organisations with their mention
//! counts, and the quotations with their speakers.
//!
//! The panel only reads the analysis and the reader state and pushes
//! [`Command`]s; the app applies them. The one thing it writes directly is
//! [`ReaderState::hovered_entity`], a per-frame hint for the reader to tint
//! the mentions of the entity under the pointer.

use egui::{Align, Button, CollapsingHeader, Key, Modifiers, RichText, ScrollArea, TextEdit, Ui};

use crate::analysis::{Analysis, Entity, EntityKind, Quote};
use crate::ui::{Command, ReaderState};

/// How many words of a quotation the list shows.
const QUOTE_OPENING_WORDS: usize = 7;

/// State of the Cast panel that lives only in the UI.
#[derive(Debug, Default)]
pub struct CastPanel {
    /// The filter typed in the panel's text box.
    pub filter: String,
    /// Set when the selection changed from outside the list (a click on a
    /// mention in the text), so the list scrolls to the selected row once.
    pub scroll_to_selected: bool,
}

/// The plural heading of a kind's section.
pub fn section_title(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "People",
        EntityKind::Place => "Places",
        EntityKind::Organization => "Organisations",
    }
}

/// Entities of one kind whose name contains `filter` (ignoring case), most
/// mentioned first, then by name.
pub fn entities_by_count<'a>(
    analysis: &'a Analysis,
    kind: EntityKind,
    filter: &str,
) -> Vec<&'a Entity> {
    let filter = filter.trim().to_lowercase();
    let mut entities: Vec<&Entity> = analysis
        .entities
        .iter()
        .filter(|e| e.kind == kind)
        .filter(|e| filter.is_empty() || e.name.to_lowercase().contains(&filter))
        .collect();
    entities.sort_by(|a, b| {
        b.mentions
            .len()
            .cmp(&a.mentions.len())
            .then_with(|| a.name.cmp(&b.name))
    });
    entities
}

/// The line a quotation gets in the list: its speaker and opening words,
/// e.g. `Dmitry Peskov: “It will be a fully fledged visit…”`.
pub fn quote_line(text: &str, analysis: &Analysis, quote: &Quote) -> String {
    let speaker = analysis.speaker_name(quote).unwrap_or("Unattributed");
    let quoted = quote.span.text(text);
    let mut words = quoted.split_whitespace();
    let opening: Vec<&str> = words.by_ref().take(QUOTE_OPENING_WORDS).collect();
    let ellipsis = if words.next().is_some() { "…" } else { "" };
    format!("{speaker}: “{}{ellipsis}”", opening.join(" "))
}

/// The "3 / 7" position of the current mention, 1-based.
pub fn mention_position(state: &ReaderState, analysis: &Analysis) -> Option<String> {
    let entity = analysis.entities.get(state.selected_entity?)?;
    let total = entity.mentions.len();
    (total > 0).then(|| format!("{} / {total}", state.mention_cursor.min(total - 1) + 1))
}

impl CastPanel {
    /// Draws the panel's contents.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        text: &str,
        analysis: &Analysis,
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(4.0);
        ui.heading("Cast");
        ui.add_space(4.0);
        self.filter_ui(ui);
        self.navigation_ui(ui, analysis, state, commands);
        ui.separator();

        ScrollArea::vertical()
            .id_salt("cast list")
            .auto_shrink(false)
            .show(ui, |ui| {
                if analysis.entities.is_empty() && analysis.quotes.is_empty() {
                    ui.weak("No people, places or quotations found yet.");
                }
                for kind in EntityKind::ALL {
                    self.section_ui(ui, analysis, kind, state, commands);
                }
                quotes_ui(ui, text, analysis, state, commands);
            });
        self.scroll_to_selected = false;
    }

    fn filter_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            let response = ui.add(
                TextEdit::singleline(&mut self.filter)
                    .hint_text("Name…")
                    .desired_width(f32::INFINITY),
            );
            let response = response.labelled_by(label.id);
            if response.has_focus() && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
            {
                self.filter.clear();
            }
        });
    }

    /// The ‹ 3 / 7 › row for walking through the selected entity's mentions.
    fn navigation_ui(
        &self,
        ui: &mut Ui,
        analysis: &Analysis,
        state: &ReaderState,
        commands: &mut Vec<Command>,
    ) {
        let Some(entity) = state
            .selected_entity
            .and_then(|id| analysis.entities.get(id))
        else {
            return;
        };
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.strong(&entity.name);
            ui.with_layout(egui::Layout::right_to_left(Align::Center), |ui| {
                let close = labelled_button(ui, "✕", "Clear selection", "Clear selection (Esc)");
                if close.clicked() {
                    commands.push(Command::ClearSelection);
                }
                let next = labelled_button(ui, "›", "Next mention", "Next mention (n)");
                if next.clicked() {
                    commands.push(Command::NextMention);
                }
                if let Some(position) = mention_position(state, analysis) {
                    ui.label(position);
                }
                let previous =
                    labelled_button(ui, "‹", "Previous mention", "Previous mention (Shift+N)");
                if previous.clicked() {
                    commands.push(Command::PreviousMention);
                }
            });
        });
    }

    fn section_ui(
        &self,
        ui: &mut Ui,
        analysis: &Analysis,
        kind: EntityKind,
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) {
        let entities = entities_by_count(analysis, kind, &self.filter);
        let all = analysis.entities.iter().filter(|e| e.kind == kind).count();
        if all == 0 {
            return;
        }
        let selected_here = state
            .selected_entity
            .and_then(|id| analysis.entities.get(id))
            .is_some_and(|e| e.kind == kind);
        let title = format!("{} ({})", section_title(kind), entities.len());
        let mut header = CollapsingHeader::new(title)
            .id_salt(section_title(kind))
            .default_open(true);
        if self.scroll_to_selected && selected_here {
            header = header.open(Some(true));
        }
        header.show(ui, |ui| {
            if entities.is_empty() {
                ui.weak("No names match the filter.");
            }
            for entity in entities {
                self.entity_row_ui(ui, entity, state, commands);
            }
        });
    }

    fn entity_row_ui(
        &self,
        ui: &mut Ui,
        entity: &Entity,
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) {
        let selected = state.selected_entity == Some(entity.id);
        let count = entity.mentions.len();
        let button = Button::selectable(selected, entity.name.as_str())
            .right_text(RichText::new(count.to_string()).weak())
            .min_size(egui::vec2(ui.available_width(), 0.0));
        let response = ui.add(button);
        // A screen reader reads the name, then the count as a description;
        // the name alone is the label so the row can be found by it.
        let mentions = if count == 1 {
            "1 mention".to_owned()
        } else {
            format!("{count} mentions")
        };
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_label(entity.name.as_str());
            node.set_description(mentions.as_str());
        });
        let response = response.on_hover_text(format!("{mentions}; click to go to the next one"));
        if response.hovered() {
            state.hovered_entity = Some(entity.id);
        }
        if response.clicked() {
            commands.push(Command::SelectEntity(entity.id));
        }
        if selected && self.scroll_to_selected {
            response.scroll_to_me(Some(Align::Center));
        }
    }
}

/// The Quotes section: one row per quotation, speaker and opening words.
fn quotes_ui(
    ui: &mut Ui,
    text: &str,
    analysis: &Analysis,
    state: &ReaderState,
    commands: &mut Vec<Command>,
) {
    if analysis.quotes.is_empty() {
        return;
    }
    let title = format!("Quotes ({})", analysis.quotes.len());
    CollapsingHeader::new(title)
        .id_salt("Quotes")
        .default_open(true)
        .show(ui, |ui| {
            for (index, quote) in analysis.quotes.iter().enumerate() {
                let marked = state.marked == Some(quote.span);
                let line = quote_line(text, analysis, quote);
                let button = Button::selectable(marked, line)
                    .wrap()
                    .min_size(egui::vec2(ui.available_width(), 0.0));
                if ui
                    .add(button)
                    .on_hover_text("Go to this quotation")
                    .clicked()
                {
                    commands.push(Command::SelectQuote(index));
                }
            }
        });
}

/// A small button whose accessible label is a word rather than its symbol.
fn labelled_button(ui: &mut Ui, symbol: &str, label: &str, hover: &str) -> egui::Response {
    let response = ui.add(Button::new(symbol).small());
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(label));
    response.on_hover_text(hover)
}
