//! The corrections dialog: rename an entity, change its kind, or merge it
//! into another entity picked from a searchable list of the whole cast.
//!
//! A menu cannot hold a text field (a click in it closes the menu), so the
//! entity menus open this modal with [`Command::CorrectEntity`]. The dialog
//! names its entity by name and kind, not by id: ids are renumbered when the
//! analysis is corrected.

use egui::{Button, Key, Modifiers, RichText, ScrollArea, TextEdit, Ui};

use crate::analysis::{Analysis, Entity, EntityId, EntityKind};
use crate::annotations::Correction;
use crate::ui::Command;
use crate::ui::cast::{display_name, kind_name};

/// How tall the merge picker's list is at most, in points.
const PICKER_HEIGHT: f32 = 260.0;

/// Which correction the dialog shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorrectionPage {
    /// A new name, typed.
    Rename,
    /// Person, place or organisation.
    ChangeKind,
    /// Another entity this one is the same as.
    Merge,
}

impl CorrectionPage {
    const ALL: [Self; 3] = [Self::Rename, Self::ChangeKind, Self::Merge];

    fn label(self) -> &'static str {
        match self {
            Self::Rename => "Rename",
            Self::ChangeKind => "Change kind",
            Self::Merge => "Merge into",
        }
    }
}

/// The open corrections dialog and what has been typed in it.
#[derive(Clone, Debug)]
pub struct CorrectionDialog {
    /// The entity's name, as the analysis has it.
    name: String,
    /// The entity's kind.
    kind: EntityKind,
    page: CorrectionPage,
    /// The new name as typed.
    new_name: String,
    /// The merge picker's filter as typed.
    filter: String,
    /// Index of the chosen row among `candidates`.
    chosen: usize,
    /// Merge candidates matching `filter`, and the filter they were built for.
    candidates: Vec<EntityId>,
    candidates_for: Option<String>,
    /// Focus the page's text field on the next frame.
    focus_pending: bool,
    /// Scroll the picker to the chosen row on the next frame.
    scroll_to_chosen: bool,
}

/// Entities `subject` can be merged into whose name contains `filter`
/// (ignoring case): the same kind first, then the most mentioned, then by name.
pub fn merge_candidates(analysis: &Analysis, subject: &Entity, filter: &str) -> Vec<EntityId> {
    let filter = filter.trim().to_lowercase();
    let mut found: Vec<&Entity> = analysis
        .entities
        .iter()
        .filter(|e| e.id != subject.id)
        .filter(|e| filter.is_empty() || display_name(&e.name).to_lowercase().contains(&filter))
        .collect();
    found.sort_by(|a, b| {
        (a.kind != subject.kind)
            .cmp(&(b.kind != subject.kind))
            .then_with(|| b.mentions.len().cmp(&a.mentions.len()))
            .then_with(|| a.name.cmp(&b.name))
    });
    found.into_iter().map(|e| e.id).collect()
}

impl CorrectionDialog {
    /// A dialog for the entity `name` of `kind`, open at `page`.
    pub fn new(name: String, kind: EntityKind, page: CorrectionPage) -> Self {
        Self {
            new_name: display_name(&name).into_owned(),
            name,
            kind,
            page,
            filter: String::new(),
            chosen: 0,
            candidates: Vec::new(),
            candidates_for: None,
            focus_pending: true,
            scroll_to_chosen: false,
        }
    }

    /// Draws the dialog; returns false once it is closed (applied or cancelled).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        analysis: &Analysis,
        commands: &mut Vec<Command>,
    ) -> bool {
        let Some(entity) = analysis
            .entities
            .iter()
            .find(|e| e.name == self.name && e.kind == self.kind)
        else {
            // Corrected away meanwhile: nothing left to correct.
            return false;
        };
        let mut open = true;
        let modal =
            egui::Modal::new(egui::Id::unique("dramatis correction dialog")).show(ctx, |ui| {
                ui.set_width(360.0);
                ui.heading(format!("Correct “{}”", display_name(&entity.name)));
                ui.weak(format!(
                    "{}, {}",
                    kind_name(entity.kind),
                    crate::ui::chrome::counted(entity.mentions.len(), "mention", "mentions")
                ));
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    for page in CorrectionPage::ALL {
                        if ui
                            .selectable_label(self.page == page, page.label())
                            .clicked()
                            && self.page != page
                        {
                            self.page = page;
                            self.focus_pending = true;
                        }
                    }
                });
                ui.separator();
                let applied = match self.page {
                    CorrectionPage::Rename => self.rename_ui(ui, entity, commands),
                    CorrectionPage::ChangeKind => change_kind_ui(ui, entity, commands),
                    CorrectionPage::Merge => self.merge_ui(ui, analysis, entity, commands),
                };
                ui.add_space(4.0);
                let cancel = ui
                    .button("Cancel")
                    .on_hover_text("Close without a change (Esc)");
                if applied || cancel.clicked() {
                    open = false;
                }
            });
        // A text field gives up focus on Escape; the dialog closes on it too.
        let escape = ctx.input(|i| i.key_pressed(Key::Escape));
        open && !escape && !modal.should_close()
    }

    fn rename_ui(&mut self, ui: &mut Ui, entity: &Entity, commands: &mut Vec<Command>) -> bool {
        let label = ui.label("New name");
        let output = TextEdit::singleline(&mut self.new_name)
            .desired_width(f32::INFINITY)
            .show(ui);
        let edit = (*output.response).clone().labelled_by(label.id);
        if self.focus_pending {
            // Focused with the old name selected, so typing replaces it.
            edit.request_focus();
            let mut state = output.state;
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::select_all_str(
                    &self.new_name,
                )));
            state.store(ui.ctx(), edit.id);
            self.focus_pending = false;
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let to = self.new_name.trim();
        let usable = !to.is_empty() && to != display_name(&entity.name);
        let button = ui.add_enabled(usable, Button::new("Rename"));
        if (button.clicked() || enter) && usable {
            commands.push(Command::Correct(Correction::Rename {
                name: entity.name.clone(),
                kind: entity.kind,
                to: to.to_owned(),
            }));
            return true;
        }
        false
    }

    fn merge_ui(
        &mut self,
        ui: &mut Ui,
        analysis: &Analysis,
        entity: &Entity,
        commands: &mut Vec<Command>,
    ) -> bool {
        ui.label(format!(
            "The same {} as:",
            kind_name(entity.kind).to_lowercase()
        ));
        // Arrows move the choice; taken before the field sees them.
        let (down, up) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
            )
        });
        let edit = ui.add(
            TextEdit::singleline(&mut self.filter)
                .hint_text("Type to find a name…")
                .desired_width(f32::INFINITY),
        );
        ui.ctx()
            .accesskit_node_builder(edit.id, |node| node.set_label("Find a name"));
        if self.focus_pending {
            edit.request_focus();
            self.focus_pending = false;
        }
        if self.candidates_for.as_ref() != Some(&self.filter) {
            self.candidates = merge_candidates(analysis, entity, &self.filter);
            self.candidates_for = Some(self.filter.clone());
            self.chosen = 0;
        }
        let count = self.candidates.len();
        if count == 0 {
            ui.weak("No name matches.");
            return false;
        }
        if down {
            self.chosen = (self.chosen + 1).min(count - 1);
            self.scroll_to_chosen = true;
        }
        if up {
            self.chosen = self.chosen.saturating_sub(1);
            self.scroll_to_chosen = true;
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let mut picked = enter.then_some(self.chosen);

        let row_height = ui.spacing().interact_size.y;
        let row_step = row_height + ui.spacing().item_spacing.y;
        let scroll_to = std::mem::take(&mut self.scroll_to_chosen).then_some(self.chosen);
        ScrollArea::vertical()
            .id_salt("merge picker")
            .max_height(PICKER_HEIGHT)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, count, |ui, range| {
                if let Some(index) = scroll_to {
                    // The row may not be drawn yet; scroll to where it will be.
                    let top = ui.max_rect().top() - range.start as f32 * row_step;
                    let row = egui::Rect::from_min_size(
                        egui::pos2(ui.max_rect().left(), top + index as f32 * row_step),
                        egui::vec2(ui.max_rect().width(), row_height),
                    );
                    ui.scroll_to_rect_animation(row, None, egui::style::ScrollAnimation::none());
                }
                for index in range {
                    let Some(other) = analysis.entities.get(self.candidates[index]) else {
                        continue;
                    };
                    let name = display_name(&other.name);
                    let detail = format!("{} · {}", kind_name(other.kind), other.mentions.len());
                    let row = Button::selectable(index == self.chosen, name.as_ref())
                        .right_text(RichText::new(detail).weak())
                        .truncate()
                        .min_size(egui::vec2(ui.available_width(), row_height));
                    let response = ui.add(row);
                    ui.ctx().accesskit_node_builder(response.id, |node| {
                        node.set_label(name.as_ref());
                    });
                    if response.clicked() {
                        picked = Some(index);
                    }
                }
            });
        ui.weak("↑ ↓ to choose, Enter to merge");
        let Some(into) = picked
            .and_then(|i| self.candidates.get(i))
            .and_then(|&id| analysis.entities.get(id))
        else {
            return false;
        };
        commands.push(Command::Correct(Correction::Merge {
            name: entity.name.clone(),
            kind: entity.kind,
            into: into.name.clone(),
            into_kind: into.kind,
        }));
        true
    }
}

fn change_kind_ui(ui: &mut Ui, entity: &Entity, commands: &mut Vec<Command>) -> bool {
    ui.label("This name is a:");
    let mut applied = false;
    ui.horizontal(|ui| {
        for to in EntityKind::ALL {
            if to != entity.kind && ui.button(kind_name(to)).clicked() {
                commands.push(Command::Correct(Correction::ChangeKind {
                    name: entity.name.clone(),
                    from: entity.kind,
                    to,
                }));
                applied = true;
            }
        }
    });
    applied
}
