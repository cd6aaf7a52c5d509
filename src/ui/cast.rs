//! The Cast side panel: people, places and organisations with their mention
//! counts, and the quotations with their speakers.
//!
//! The panel only reads the analysis and the reader state and pushes
//! [`Command`]s; the app applies them. The one thing it writes directly is
//! [`ReaderState::hovered_entity`], a per-frame hint for the reader to tint
//! the mentions of the entity under the pointer.

use std::borrow::Cow;

use egui::{Align, Button, IdSalt, RichText, ScrollArea, TextEdit, Ui};

use crate::analysis::{Analysis, Entity, EntityId, EntityKind, Quote, mentions_per_section};
use crate::annotations::{Annotations, Correction, DictionaryRule};
use crate::document::{Document, Section};
use crate::ui::correct::CorrectionPage;
use crate::ui::{Command, ReaderState, cover, theme};

/// The id salt of the list's scroll area, whose offset the panel reads.
const CAST_LIST_ID: &str = "cast list";

/// The height of the bars of mentions by chapter.
const STRIP_HEIGHT: f32 = 28.0;

/// How many words of a quotation the list shows.
const QUOTE_OPENING_WORDS: usize = 7;

/// How much of a quotation its tooltip shows, in chars.
const QUOTE_HOVER_CHARS: usize = 400;

/// One row of the cast list. The list is flat so that only the rows in view
/// are drawn: a book has over a thousand names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CastRow {
    /// The heading of a kind's section, with the number of names it shows.
    Section(EntityKind, usize),
    /// An entity.
    Entity(EntityId),
    /// The heading of the quotes section, with the number of quotes it shows.
    QuotesSection(usize),
    /// A quotation, by index.
    Quote(usize),
}

/// What the cached rows were built from.
#[derive(Clone, Debug, Default, PartialEq)]
struct RowsKey {
    filter: String,
    collapsed: [bool; 4],
    entities: usize,
    mentions: usize,
    quotes: usize,
    /// With the spoiler-free cast: how many mentions and quotations lie
    /// before the limit. The rows change only when one of these does, so
    /// scrolling within a page costs two binary searches.
    reached: Option<(usize, usize)>,
}

/// State of the Cast panel that lives only in the UI.
#[derive(Debug, Default)]
pub struct CastPanel {
    /// The filter typed in the panel's text box.
    pub filter: String,
    /// Set when the selection changed from outside the list (a click on a
    /// mention in the text), so the list scrolls to the selected row once.
    pub scroll_to_selected: bool,
    /// Collapsed sections: people, places, organisations, quotes.
    collapsed: [bool; 4],
    /// Rows as last built, and what they were built from.
    rows: Vec<CastRow>,
    rows_key: Option<RowsKey>,
    /// The entity whose note is in `note_draft`.
    note_for: Option<(String, EntityKind)>,
    /// The note on the selected entity, as typed.
    note_draft: String,
    /// The tallest the selected name's block has been drawn, so that the
    /// block keeps that height when the estimate falls short.
    selection_height: f32,
}

/// A name as the list shows it: runs of white space, such as a line break
/// from hard-wrapped text, become one space.
pub fn display_name(name: &str) -> Cow<'_, str> {
    if name
        .split(' ')
        .all(|word| !word.is_empty() && !word.contains(char::is_whitespace))
    {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(name.split_whitespace().collect::<Vec<_>>().join(" "))
    }
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
    entities_by_count_up_to(analysis, kind, filter, None)
}

/// How many of `analysis`'s mentions start before the byte offset `limit`
/// (all of them when there is no limit): one binary search, since the
/// mentions are sorted.
pub fn mentions_reached(analysis: &Analysis, limit: Option<usize>) -> usize {
    match limit {
        Some(limit) => analysis.mentions.partition_point(|m| m.span.start < limit),
        None => analysis.mentions.len(),
    }
}

/// How many of `entity`'s mentions start before `limit` (all of them when
/// there is no limit). Its mentions are indices into the sorted mentions,
/// sorted too, so this is a binary search.
pub fn mentions_up_to(analysis: &Analysis, entity: &Entity, limit: Option<usize>) -> usize {
    match limit {
        Some(_) => {
            let reached = mentions_reached(analysis, limit);
            entity.mentions.partition_point(|&m| m < reached)
        }
        None => entity.mentions.len(),
    }
}

/// [`entities_by_count`] counting only the mentions before `limit`: an
/// entity with none is left out.
pub fn entities_by_count_up_to<'a>(
    analysis: &'a Analysis,
    kind: EntityKind,
    filter: &str,
    limit: Option<usize>,
) -> Vec<&'a Entity> {
    let filter = filter.trim().to_lowercase();
    let reached = mentions_reached(analysis, limit);
    let count = |e: &Entity| match limit {
        Some(_) => e.mentions.partition_point(|&m| m < reached),
        None => e.mentions.len(),
    };
    let mut entities: Vec<(&Entity, usize)> = analysis
        .entities
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| (e, count(e)))
        .filter(|&(_, n)| limit.is_none() || n > 0)
        .filter(|(e, _)| {
            filter.is_empty() || display_name(&e.name).to_lowercase().contains(&filter)
        })
        .collect();
    entities.sort_by(|(a, a_count), (b, b_count)| {
        b_count.cmp(a_count).then_with(|| a.name.cmp(&b.name))
    });
    entities.into_iter().map(|(e, _)| e).collect()
}

/// The line a quotation gets in the list: its speaker and opening words,
/// e.g. `Dmitry Peskov: “It will be a fully fledged visit…”`.
pub fn quote_line(text: &str, analysis: &Analysis, quote: &Quote) -> String {
    let speaker = display_name(analysis.speaker_name(quote).unwrap_or("Unattributed"));
    let quoted = quote.span.text(text);
    let mut words = quoted.split_whitespace();
    let opening: Vec<&str> = words.by_ref().take(QUOTE_OPENING_WORDS).collect();
    let ellipsis = if words.next().is_some() { "…" } else { "" };
    format!("{speaker}: “{}{ellipsis}”", opening.join(" "))
}

/// The "3 / 7" position of the current mention, 1-based; with the
/// spoiler-free cast, of the mentions read so far.
pub fn mention_position(state: &ReaderState, analysis: &Analysis) -> Option<String> {
    let entity = analysis.entities.get(state.selected_entity?)?;
    let total = mentions_up_to(analysis, entity, state.cast_limit());
    (total > 0).then(|| format!("{} / {total}", state.mention_cursor.min(total - 1) + 1))
}

/// The rows of the cast list: each kind's section sorted by mention count,
/// then the quotes; names and quotes filtered by `filter` (ignoring case);
/// collapsed sections show only their heading. Sections with nothing to
/// list (in the document, or after the filter) are left out.
pub fn cast_rows(
    text: &str,
    analysis: &Analysis,
    filter: &str,
    collapsed: [bool; 4],
) -> Vec<CastRow> {
    cast_rows_up_to(text, analysis, filter, collapsed, None)
}

/// [`cast_rows`] of the mentions and quotations before the byte offset
/// `limit` (the spoiler-free cast); all of them when there is none.
pub fn cast_rows_up_to(
    text: &str,
    analysis: &Analysis,
    filter: &str,
    collapsed: [bool; 4],
    limit: Option<usize>,
) -> Vec<CastRow> {
    let mut rows = Vec::new();
    for (k, kind) in EntityKind::ALL.into_iter().enumerate() {
        if !analysis.entities.iter().any(|e| e.kind == kind) {
            continue;
        }
        let entities = entities_by_count_up_to(analysis, kind, filter, limit);
        // A group the filter (or a correction) emptied is left out, not
        // shown as "Places (0)".
        if entities.is_empty() {
            continue;
        }
        rows.push(CastRow::Section(kind, entities.len()));
        if !collapsed[k] {
            rows.extend(entities.iter().map(|e| CastRow::Entity(e.id)));
        }
    }
    if !analysis.quotes.is_empty() {
        let filter = filter.trim().to_lowercase();
        let reached = quotes_reached(analysis, limit);
        let quotes: Vec<usize> = (0..reached)
            .filter(|&i| {
                filter.is_empty()
                    || quote_line(text, analysis, &analysis.quotes[i])
                        .to_lowercase()
                        .contains(&filter)
            })
            .collect();
        if !quotes.is_empty() {
            rows.push(CastRow::QuotesSection(quotes.len()));
            if !collapsed[3] {
                rows.extend(quotes.into_iter().map(CastRow::Quote));
            }
        }
    }
    rows
}

/// How many quotations start before `limit` (all when there is none).
fn quotes_reached(analysis: &Analysis, limit: Option<usize>) -> usize {
    match limit {
        Some(limit) => analysis.quotes.partition_point(|q| q.span.start < limit),
        None => analysis.quotes.len(),
    }
}

impl CastPanel {
    /// Forgets the cached rows; call when a new analysis is shown.
    pub fn invalidate(&mut self) {
        self.rows_key = None;
    }

    /// The rows currently listed (after the last frame).
    pub fn rows(&self) -> &[CastRow] {
        &self.rows
    }

    fn update_rows(&mut self, text: &str, analysis: &Analysis, limit: Option<usize>) {
        let key = RowsKey {
            filter: self.filter.clone(),
            collapsed: self.collapsed,
            entities: analysis.entities.len(),
            mentions: analysis.mentions.len(),
            quotes: analysis.quotes.len(),
            reached: limit.map(|_| {
                (
                    mentions_reached(analysis, limit),
                    quotes_reached(analysis, limit),
                )
            }),
        };
        if self.rows_key.as_ref() != Some(&key) {
            self.rows = cast_rows_up_to(text, analysis, &self.filter, self.collapsed, limit);
            self.rows_key = Some(key);
        }
    }

    /// Draws the panel's contents.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        document: &Document,
        analysis: &Analysis,
        annotations: &Annotations,
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) {
        ui.add_space(4.0);
        cover::cover_ui(ui, document);
        let text = document.text.as_str();
        let sections = document.sections.as_slice();
        contents_ui(ui, sections, commands);
        self.filter_ui(ui);
        if !sections.is_empty() {
            spoiler_free_ui(ui, state, commands);
        }
        self.selection_ui(ui, sections, analysis, annotations, state, commands);
        ui.separator();

        if self.scroll_to_selected
            && let Some(kind) = state
                .selected_entity
                .and_then(|id| analysis.entities.get(id))
                .map(|e| e.kind)
        {
            self.collapsed[kind as usize] = false;
        }
        let limit = state.cast_limit();
        self.update_rows(text, analysis, limit);
        if self.rows.is_empty() {
            if limit.is_some() && self.filter.trim().is_empty() {
                ui.weak("No one met yet: the cast fills in as you read.");
            } else if self.filter.trim().is_empty() {
                ui.weak("No people, places or quotations found.");
            } else {
                ui.weak("Nothing in the cast matches the filter.");
            }
            return;
        }

        let row_height = row_height(ui);
        let row_step = row_height + ui.spacing().item_spacing.y;
        let area = ScrollArea::vertical()
            .id_salt(CAST_LIST_ID)
            .auto_shrink(false);
        let mut scroll_to = None;
        if self.scroll_to_selected {
            let selected = state
                .selected_entity
                .and_then(|id| self.rows.iter().position(|r| *r == CastRow::Entity(id)));
            // Scroll only when the row is out of view, so a click on a name
            // already on screen does not move the list under the pointer.
            let viewport = ui.available_height();
            let list_id = ui.make_persistent_id(IdSalt::new(CAST_LIST_ID));
            let offset = egui::scroll_area::State::load(ui.ctx(), list_id)
                .map_or(0.0, |s| s.clamped_offset().y);
            if let Some(index) = selected {
                let top = index as f32 * row_step;
                if top < offset || top + row_height > offset + viewport {
                    scroll_to = Some(index);
                }
            }
            self.scroll_to_selected = false;
        }
        let rows = std::mem::take(&mut self.rows);
        area.show_rows(ui, row_height, rows.len(), |ui, range| {
            if let Some(index) = scroll_to {
                // The row may be far out of view and so not drawn; scroll to
                // where it will be. egui keeps the offset within the list.
                let content_top = ui.max_rect().top() - range.start as f32 * row_step;
                let row = egui::Rect::from_min_size(
                    egui::pos2(ui.max_rect().left(), content_top + index as f32 * row_step),
                    egui::vec2(ui.max_rect().width(), row_height),
                );
                ui.scroll_to_rect_animation(
                    row,
                    Some(Align::Center),
                    egui::style::ScrollAnimation::none(),
                );
            }
            for row in &rows[range] {
                self.row_ui(
                    ui,
                    *row,
                    row_height,
                    text,
                    analysis,
                    annotations,
                    state,
                    commands,
                );
            }
        });
        self.rows = rows;
    }

    #[expect(clippy::too_many_arguments, reason = "one row needs the whole context")]
    fn row_ui(
        &mut self,
        ui: &mut Ui,
        row: CastRow,
        row_height: f32,
        text: &str,
        analysis: &Analysis,
        annotations: &Annotations,
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) {
        match row {
            CastRow::Section(kind, count) => {
                self.section_row_ui(ui, kind as usize, section_title(kind), count, row_height);
            }
            CastRow::QuotesSection(count) => {
                self.section_row_ui(ui, 3, "Quotes", count, row_height);
            }
            CastRow::Entity(id) => {
                if let Some(entity) = analysis.entities.get(id) {
                    let response =
                        entity_row_ui(ui, entity, row_height, text, analysis, state, commands);

                    response.context_menu(|ui| {
                        entity_menu_ui(ui, entity, commands);
                    });
                }
            }
            CastRow::Quote(index) => {
                if let Some(quote) = analysis.quotes.get(index) {
                    let highlight = annotations.highlight_of(text, quote.span).map(|h| h.id);
                    let row = QuoteRow {
                        index,
                        quote,
                        highlight,
                    };
                    quote_row_ui(ui, row, row_height, text, analysis, state, commands);
                }
            }
        }
    }

    /// A section heading that folds its section away when clicked.
    fn section_row_ui(
        &mut self,
        ui: &mut Ui,
        section: usize,
        title: &str,
        count: usize,
        row_height: f32,
    ) {
        let open = !self.collapsed[section];
        let arrow = if open { "▾" } else { "▸" };
        let label = format!("{title} ({count})");
        let button = Button::new(RichText::new(format!("{arrow} {label}")).strong())
            .frame(false)
            .min_size(egui::vec2(ui.available_width(), row_height));
        let response = ui.add(button);
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_label(label.as_str());
            node.set_expanded(open);
        });
        if response.clicked() {
            self.collapsed[section] = open;
        }
    }

    fn filter_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            let response = ui.add(
                TextEdit::singleline(&mut self.filter)
                    .hint_text("Name or words…")
                    .desired_width(f32::INFINITY),
            );
            response.labelled_by(label.id);
        });
    }

    /// The selected entity's walk (‹ 3 / 7 ›), note and strip of mentions
    /// by chapter, in a block of the same height whether or not a name is
    /// selected: a click on a name must not move the list under the pointer
    /// (a second click would land in the note, and `n` type into it).
    fn selection_ui(
        &mut self,
        ui: &mut Ui,
        sections: &[Section],
        analysis: &Analysis,
        annotations: &Annotations,
        state: &ReaderState,
        commands: &mut Vec<Command>,
    ) {
        let spacing = ui.spacing().item_spacing.y;
        let note_height = note_height(ui);
        // The walk row measures two rows in practice (its right-to-left part
        // takes a row of its own height); the ui test checks the sum.
        let mut height = 4.0 + 2.0 * (row_height(ui) + spacing) + note_height + spacing;
        if !sections.is_empty() {
            let label = ui.text_style_height(&egui::TextStyle::Small);
            height += label + spacing + STRIP_HEIGHT + 2.0 + spacing;
        }
        let height = height.max(self.selection_height);
        let (rect, _) = ui.allocate_exact_size(
            egui::vec2(ui.available_width(), height),
            egui::Sense::hover(),
        );
        let mut block = ui.new_child(
            egui::UiBuilder::new()
                .max_rect(rect)
                .layout(egui::Layout::top_down(Align::Min)),
        );
        let ui = &mut block;
        if selected_entity(state, analysis).is_none() {
            ui.add_space(4.0);
            ui.weak(
                "Click a name to go to its mentions: n and Shift+N walk through them, \
                 and a note on it can be written here.",
            );
            return;
        }
        self.navigation_ui(ui, analysis, state, commands);
        self.entity_note_ui(ui, analysis, annotations, state, commands);
        sections_strip_ui(ui, sections, analysis, state, commands);
        let used = ui.min_rect().height();
        if used > height + 0.5 {
            self.selection_height = used;
            ui.ctx().request_repaint();
        }
    }

    /// The reader's note on the selected entity, editable in place.
    fn entity_note_ui(
        &mut self,
        ui: &mut Ui,
        analysis: &Analysis,
        annotations: &Annotations,
        state: &ReaderState,
        commands: &mut Vec<Command>,
    ) {
        let Some(entity) = selected_entity(state, analysis) else {
            return;
        };
        let key = (entity.name.clone(), entity.kind);
        if self.note_for.as_ref() != Some(&key) {
            self.note_draft = annotations
                .entity_note(&entity.name, entity.kind)
                .unwrap_or_default()
                .to_owned();
            self.note_for = Some(key);
        }
        let hint = format!("A note on {}…", display_name(&entity.name));
        // A long note scrolls inside its box rather than growing the block.
        let response = ScrollArea::vertical()
            .id_salt("entity note")
            .max_height(note_height(ui))
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.add(
                    TextEdit::multiline(&mut self.note_draft)
                        .hint_text(hint)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
            })
            .inner;
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_label("Note on this entity");
        });
        if response.changed() {
            commands.push(Command::SetEntityNote {
                name: entity.name.clone(),
                kind: entity.kind,
                note: self.note_draft.clone(),
            });
        }
    }

    /// The ‹ 3 / 7 › row for walking through the selected entity's mentions.
    fn navigation_ui(
        &self,
        ui: &mut Ui,
        analysis: &Analysis,
        state: &ReaderState,
        commands: &mut Vec<Command>,
    ) {
        let Some(entity) = selected_entity(state, analysis) else {
            return;
        };
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.strong(display_name(&entity.name));
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
}

/// The table of contents of a document with chapters: a click on a title
/// scrolls the reader to the chapter's start.
fn contents_ui(ui: &mut Ui, sections: &[Section], commands: &mut Vec<Command>) {
    if sections.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("Contents ({})", sections.len()))
        .id_salt("contents")
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("contents list")
                .max_height(200.0)
                .show(ui, |ui| {
                    for (index, section) in sections.iter().enumerate() {
                        let title = display_name(&section.title);
                        let button = Button::new(title.as_ref())
                            .frame(false)
                            .truncate()
                            .min_size(egui::vec2(ui.available_width(), 0.0));
                        if ui.add(button).on_hover_text(title.as_ref()).clicked() {
                            commands.push(Command::JumpToSection(index));
                        }
                    }
                });
        });
    ui.add_space(4.0);
}

/// Where in the book the selected entity appears, under the label
/// "Mentions by chapter": one bar a chapter, as tall as its share of the
/// busiest chapter's mentions. A click on a bar goes to the entity's first
/// mention in that chapter.
fn sections_strip_ui(
    ui: &mut Ui,
    sections: &[Section],
    analysis: &Analysis,
    state: &ReaderState,
    commands: &mut Vec<Command>,
) {
    let Some(entity) = selected_entity(state, analysis) else {
        return;
    };
    if sections.is_empty() {
        return;
    }
    let limit = state.cast_limit();
    let counts = match limit {
        Some(limit) => mentions_per_section_up_to(analysis, entity, sections, limit),
        None => mentions_per_section(analysis, entity.id, sections),
    };
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let busiest = counts
        .iter()
        .enumerate()
        .max_by_key(|&(k, &count)| (count, std::cmp::Reverse(k)))
        .filter(|&(_, &count)| count > 0)
        .map(|(k, &count)| format!(" · most in {} ({count})", display_name(&sections[k].title)));
    ui.add(
        egui::Label::new(
            RichText::new(format!(
                "Mentions by chapter{}",
                busiest.unwrap_or_default()
            ))
            .small()
            .weak(),
        )
        .truncate(),
    );
    let dark = ui.visuals().dark_mode;
    let full = theme::kind_accent(entity.kind, dark);
    let width = ui.available_width();
    let (rect, strip) =
        ui.allocate_exact_size(egui::vec2(width, STRIP_HEIGHT), egui::Sense::hover());
    ui.painter()
        .rect_filled(rect, 0.0, theme::overview_background(dark));
    ui.ctx().accesskit_node_builder(strip.id, |node| {
        node.set_role(egui::accesskit::Role::Group);
        node.set_label("Mentions by chapter");
    });
    let cell_width = rect.width() / sections.len() as f32;
    for (index, (section, &count)) in sections.iter().zip(&counts).enumerate() {
        let cell = egui::Rect::from_min_size(
            egui::pos2(rect.left() + index as f32 * cell_width, rect.top()),
            egui::vec2(cell_width, rect.height()),
        );
        if count > 0 {
            // At least two points tall, so one mention shows.
            let height = (cell.height() * count as f32 / max as f32).max(2.0);
            let bar =
                egui::Rect::from_min_max(egui::pos2(cell.left(), cell.bottom() - height), cell.max);
            let gap = if cell_width > 3.0 { 0.5 } else { 0.0 };
            ui.painter()
                .rect_filled(bar.shrink2(egui::vec2(gap, 0.0)), 0.0, full);
        }
        let response = ui.interact(cell, strip.id.with(index), egui::Sense::click());
        // A book has hundreds of cells: the words are made only for the
        // cell under the pointer, or for a screen reader.
        let hover = || {
            let title = display_name(&section.title);
            if count == 1 {
                format!("{title}: 1 mention")
            } else {
                format!("{title}: {count} mentions")
            }
        };
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_label(hover());
        });
        let response = if response.hovered() {
            response.on_hover_text(hover())
        } else {
            response
        };
        if response.clicked()
            && let Some(span) = analysis
                .mention_spans(entity.id)
                .take(mentions_up_to(analysis, entity, limit))
                .find(|s| section.span.contains_span(*s))
        {
            commands.push(Command::SelectMention {
                entity: entity.id,
                span,
            });
        }
    }
    ui.add_space(2.0);
}

/// How many of `entity`'s mentions before `limit` lie in each of
/// `sections` (sorted): the chapters not reached yet show none.
fn mentions_per_section_up_to(
    analysis: &Analysis,
    entity: &Entity,
    sections: &[Section],
    limit: usize,
) -> Vec<usize> {
    let mut counts = vec![0; sections.len()];
    let reached = mentions_up_to(analysis, entity, Some(limit));
    for span in analysis.mention_spans(entity.id).take(reached) {
        let k = sections.partition_point(|s| s.span.end <= span.start);
        if let Some(section) = sections.get(k)
            && section.span.contains_span(span)
        {
            counts[k] += 1;
        }
    }
    counts
}

/// The switch of the spoiler-free cast: only the names met so far.
fn spoiler_free_ui(ui: &mut Ui, state: &ReaderState, commands: &mut Vec<Command>) {
    let mut on = state.spoiler_free_cast;
    let response = ui.checkbox(&mut on, "Only names met so far").on_hover_text(
        "Count and list only the mentions and quotations up to the furthest you have \
             read, so a first reading spoils no one to come.",
    );
    if response.changed() {
        commands.push(Command::SpoilerFreeCast(on));
    }
}

/// The height of the box of the note on the selected entity: two lines.
fn note_height(ui: &Ui) -> f32 {
    2.0 * ui.text_style_height(&egui::TextStyle::Body) + 8.0
}

/// The height of every row of the list, so rows out of view need no layout.
fn row_height(ui: &Ui) -> f32 {
    let text = ui.text_style_height(&egui::TextStyle::Button);
    (text + 2.0 * ui.spacing().button_padding.y).max(ui.spacing().interact_size.y)
}

/// The corrections a reader can make to an entity: right-click in the cast
/// or on a mention.
pub fn entity_menu_ui(ui: &mut Ui, entity: &Entity, commands: &mut Vec<Command>) {
    let name = entity.name.clone();
    let kind = entity.kind;
    ui.label(RichText::new(display_name(&entity.name)).strong());
    if ui.button("Rename…").clicked() {
        commands.push(Command::CorrectEntity {
            name: name.clone(),
            kind,
            page: CorrectionPage::Rename,
        });
        ui.close();
    }
    ui.menu_button("Change kind", |ui| {
        for to in EntityKind::ALL {
            if to != kind && ui.button(kind_name(to)).clicked() {
                commands.push(Command::Correct(Correction::ChangeKind {
                    name: name.clone(),
                    from: kind,
                    to,
                }));
                ui.close();
            }
        }
    });
    if ui.button("Merge into…").clicked() {
        commands.push(Command::CorrectEntity {
            name: name.clone(),
            kind,
            page: CorrectionPage::Merge,
        });
        ui.close();
    }
    if ui.button("Not an entity").clicked() {
        commands.push(Command::Correct(Correction::NotAnEntity {
            name: name.clone(),
            kind,
        }));
        ui.close();
    }
    ui.separator();
    ui.label(RichText::new("In every document").weak());
    let always = format!("Always a {}", kind_name(kind).to_lowercase());
    if ui.button(always).clicked() {
        commands.push(Command::AlwaysRule {
            name: name.clone(),
            rule: DictionaryRule::Always(kind),
        });
        ui.close();
    }
    if ui.button("Never an entity").clicked() {
        commands.push(Command::AlwaysRule {
            name,
            rule: DictionaryRule::Never,
        });
        ui.close();
    }
}

/// The entity selected in the cast, if any.
fn selected_entity<'a>(state: &ReaderState, analysis: &'a Analysis) -> Option<&'a Entity> {
    state
        .selected_entity
        .and_then(|id| analysis.entities.get(id))
}

/// The singular display name of a kind ("Organisation").
pub fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "Person",
        EntityKind::Place => "Place",
        EntityKind::Organization => "Organisation",
    }
}

fn entity_row_ui(
    ui: &mut Ui,
    entity: &Entity,
    row_height: f32,
    text: &str,
    analysis: &Analysis,
    state: &mut ReaderState,
    commands: &mut Vec<Command>,
) -> egui::Response {
    let selected = state.selected_entity == Some(entity.id);
    let count = mentions_up_to(analysis, entity, state.cast_limit());
    let name = display_name(&entity.name);
    let button = Button::selectable(selected, name.as_ref())
        .right_text(RichText::new(count.to_string()).weak())
        .truncate()
        .min_size(egui::vec2(ui.available_width(), row_height));
    let response = ui.add(button);
    // A screen reader reads the name, then the count as a description;
    // the name alone is the label so the row can be found by it.
    let mentions = if count == 1 {
        "1 mention".to_owned()
    } else {
        format!("{count} mentions")
    };
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(name.as_ref());
        node.set_description(mentions.as_str());
    });
    let response = response.on_hover_ui(|ui| {
        // The other names the text uses, worked out only while hovered.
        let aliases = analysis.aliases(text, entity.id);
        if !aliases.is_empty() {
            let shown: Vec<&str> = aliases.iter().take(6).map(String::as_str).collect();
            let more = aliases.len().saturating_sub(shown.len());
            let mut line = format!("Also: {}", shown.join(", "));
            if more > 0 {
                line.push_str(&format!(" and {more} more"));
            }
            ui.label(line);
        }
        ui.label(format!("{mentions}; click to go to the next one"));
    });
    if response.hovered() {
        state.hovered_entity = Some(entity.id);
    }
    if response.clicked() {
        commands.push(Command::SelectEntity(entity.id));
    }
    response
}

/// A quotation as its row shows it.
struct QuoteRow<'a> {
    /// Its index in the analysis's quotes.
    index: usize,
    quote: &'a Quote,
    /// The reader's highlight of exactly this quotation, if there is one.
    highlight: Option<u64>,
}

fn quote_row_ui(
    ui: &mut Ui,
    row: QuoteRow<'_>,
    row_height: f32,
    text: &str,
    analysis: &Analysis,
    state: &ReaderState,
    commands: &mut Vec<Command>,
) {
    let QuoteRow {
        index,
        quote,
        highlight,
    } = row;
    let marked = state.marked == Some(quote.span);
    let line = quote_line(text, analysis, quote);
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        // A highlighted quotation shows a tick that opens its highlight, so
        // a second click cannot make a second highlight.
        match highlight {
            Some(id) => {
                let response = labelled_button(
                    ui,
                    "✔",
                    "Highlighted",
                    "Highlighted: click to open its note",
                );
                if response.clicked() {
                    commands.push(Command::GoToHighlight(id));
                }
            }
            None => {
                let response =
                    labelled_button(ui, "+", "Highlight quotation", "Highlight this quotation");
                if response.clicked() {
                    commands.push(Command::AddHighlight {
                        span: quote.span,
                        color: state.highlight_color,
                    });
                }
            }
        }
        ui.vertical(|ui| {
            let button = Button::selectable(marked, line)
                .truncate()
                .min_size(egui::vec2(ui.available_width(), row_height));
            // The row is cut to one line; the tooltip holds the whole quotation.
            let hover = || {
                let speaker = analysis.speaker_name(quote).map(display_name);
                let words: String = quote
                    .span
                    .text(text)
                    .chars()
                    .take(QUOTE_HOVER_CHARS)
                    .collect();
                let more = if words.len() < quote.span.len() {
                    "…"
                } else {
                    ""
                };
                match speaker {
                    Some(speaker) => format!("{speaker}: “{words}{more}”"),
                    None => format!("“{words}{more}”"),
                }
            };
            if ui.add(button).on_hover_text_at_pointer(hover()).clicked() {
                commands.push(Command::SelectQuote(index));
            }
        });
    });
}

/// A small button whose accessible label is a word rather than its symbol.
fn labelled_button(ui: &mut Ui, symbol: &str, label: &str, hover: &str) -> egui::Response {
    // One width for every symbol, so the row's text does not move when
    // the `+` turns into a tick. (egui caches the laid-out symbols.)
    let font = egui::TextStyle::Body.resolve(ui.style());
    let widest = ["+", "✔"]
        .into_iter()
        .map(|s| {
            let galley =
                ui.painter()
                    .layout_no_wrap(s.to_owned(), font.clone(), egui::Color32::PLACEHOLDER);
            galley.size().x
        })
        .fold(0.0, f32::max);
    let width = widest + 2.0 * ui.spacing().button_padding.x;
    let response = ui.add(Button::new(symbol).small().min_size(egui::vec2(width, 0.0)));
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(label));
    response.on_hover_text(hover)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_collapse_white_space() {
        let cases = [
            ("Vladimir Putin", "Vladimir Putin"),
            ("Andrew\nBolkónski", "Andrew Bolkónski"),
            ("Anatole \r\n Kurágin", "Anatole Kurágin"),
            ("Kim  Jong-un ", "Kim Jong-un"),
            ("Sónya", "Sónya"),
        ];
        for (name, shown) in cases {
            assert_eq!(display_name(name), shown, "{name:?}");
        }
    }
}
