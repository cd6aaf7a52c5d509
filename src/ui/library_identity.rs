//! The entity page's identity choices across the library: "Merge into…"
//! picks another entity of the same kind from a searchable list of the
//! library's cast; "Split…" picks the documents in which the name is
//! someone else and the name they list instead.
//!
//! The dialog only pushes [`Command::MergeLibraryEntity`] or
//! [`Command::SplitLibraryEntity`]; the library's writer makes the choice
//! with the same functions as `dramatis cast --merge` and `--split`, so it
//! is kept in `identities.ron`.

use std::collections::BTreeSet;
use std::path::PathBuf;

use egui::{Button, Key, Modifiers, RichText, ScrollArea, TextEdit, Ui};

use crate::library::{CastEntry, Identity};
use crate::ui::Command;
use crate::ui::library_cast::{EntityPage, kind_name};

/// How tall the dialog's lists are at most, in points.
const LIST_HEIGHT: f32 = 260.0;

/// What the dialog chooses.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Choice {
    /// Another entity this one is the same as: the filter typed, the rows
    /// of the cast that match it (and the filter they were made for), and
    /// the row chosen among them.
    Merge {
        filter: String,
        candidates: Vec<usize>,
        candidates_for: Option<String>,
        chosen: usize,
    },
    /// The documents (by path) where the name is someone else, and the
    /// name listed there instead.
    Split {
        documents: BTreeSet<PathBuf>,
        name: String,
    },
}

/// The open merge or split dialog of an entity page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdentityDialog {
    /// The entity the page shows.
    identity: Identity,
    choice: Choice,
    /// Put the keyboard in the dialog's text field on the next frame.
    focus_pending: bool,
}

/// The rows of `cast` that `subject` can be merged into: the same kind, not
/// itself, and a name holding every word of `filter` (ignoring case); the
/// cast's order (most widespread first) is kept.
pub fn merge_candidates(cast: &[CastEntry], subject: &Identity, filter: &str) -> Vec<usize> {
    let words: Vec<String> = filter
        .split_whitespace()
        .map(|w| w.to_lowercase())
        .collect();
    cast.iter()
        .enumerate()
        .filter(|(_, entry)| {
            entry.identity().is_some_and(|identity| {
                identity.kind == subject.kind && identity.name != subject.name
            })
        })
        .filter(|(_, entry)| {
            let name = entry.name.to_lowercase();
            words.iter().all(|w| name.contains(w.as_str()))
        })
        .map(|(i, _)| i)
        .collect()
}

impl IdentityDialog {
    /// The "Merge into…" dialog for `identity`.
    pub fn merge(identity: Identity) -> Self {
        Self {
            identity,
            choice: Choice::Merge {
                filter: String::new(),
                candidates: Vec::new(),
                candidates_for: None,
                chosen: 0,
            },
            focus_pending: true,
        }
    }

    /// The "Split…" dialog for `identity`, no document chosen yet.
    pub fn split(identity: Identity) -> Self {
        Self {
            identity,
            choice: Choice::Split {
                documents: BTreeSet::new(),
                name: String::new(),
            },
            focus_pending: true,
        }
    }

    /// Draws the dialog over the window; returns false once it is closed
    /// (the choice made, or cancelled).
    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        cast: &[CastEntry],
        page: &EntityPage,
        commands: &mut Vec<Command>,
    ) -> bool {
        let mut open = true;
        let id = egui::Id::unique("dramatis library identity dialog");
        let modal = egui::Modal::new(id).show(ctx, |ui| {
            ui.set_width(420.0);
            let done = match &self.choice {
                Choice::Merge { .. } => {
                    ui.heading(format!("Merge “{}” into…", self.identity.name));
                    ui.weak(format!(
                        "Every document of the library will count this {} as the one you pick.",
                        kind_name(self.identity.kind.json_name())
                    ));
                    ui.add_space(4.0);
                    self.merge_ui(ui, cast, commands)
                }
                Choice::Split { .. } => {
                    ui.heading(format!("Split “{}”…", self.identity.name));
                    ui.weak(
                        "In the documents you tick the name is someone else, listed under \
                         the name you give; the other documents keep it.",
                    );
                    ui.add_space(4.0);
                    self.split_ui(ui, page, commands)
                }
            };
            ui.add_space(4.0);
            let cancel = ui
                .button("Cancel")
                .on_hover_text("Close without a change (Esc)");
            if done || cancel.clicked() {
                open = false;
            }
        });
        let escape = ctx.input(|i| i.key_pressed(Key::Escape));
        open && !escape && !modal.should_close()
    }

    /// The searchable list of the same kind's entities, and Merge.
    fn merge_ui(&mut self, ui: &mut Ui, cast: &[CastEntry], commands: &mut Vec<Command>) -> bool {
        let Choice::Merge {
            filter,
            candidates,
            candidates_for,
            chosen,
        } = &mut self.choice
        else {
            return false;
        };
        // Arrows move the choice; taken before the field sees them.
        let (down, up) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
            )
        });
        let edit = ui.add(
            TextEdit::singleline(filter)
                .hint_text("Type to find a name…")
                .desired_width(f32::INFINITY),
        );
        ui.ctx()
            .accesskit_node_builder(edit.id, |node| node.set_label("Find a name"));
        if std::mem::take(&mut self.focus_pending) {
            edit.request_focus();
        }
        if candidates_for.as_ref() != Some(filter) {
            *candidates = merge_candidates(cast, &self.identity, filter);
            *candidates_for = Some(filter.clone());
            *chosen = 0;
        }
        let count = candidates.len();
        if count == 0 {
            ui.weak(format!(
                "No other {} of the library is called that.",
                kind_name(self.identity.kind.json_name())
            ));
            return false;
        }
        if down {
            *chosen = (*chosen + 1).min(count - 1);
        }
        if up {
            *chosen = chosen.saturating_sub(1);
        }
        let row_height = ui.spacing().interact_size.y;
        ScrollArea::vertical()
            .id_salt("library merge picker")
            .max_height(LIST_HEIGHT)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, count, |ui, range| {
                for index in range {
                    let Some(entry) = candidates.get(index).and_then(|&i| cast.get(i)) else {
                        continue;
                    };
                    let detail = format!(
                        "{} · {}",
                        crate::ui::chrome::counted(
                            entry.documents as usize,
                            "document",
                            "documents"
                        ),
                        crate::ui::chrome::counted(entry.mentions as usize, "mention", "mentions")
                    );
                    let row = Button::selectable(index == *chosen, entry.name.as_str())
                        .right_text(RichText::new(detail).weak())
                        .truncate()
                        .min_size(egui::vec2(ui.available_width(), row_height));
                    let response = ui.add(row);
                    ui.ctx().accesskit_node_builder(response.id, |node| {
                        node.set_label(entry.name.as_str());
                    });
                    if response.clicked() {
                        *chosen = index;
                    }
                }
            });
        let into = candidates
            .get(*chosen)
            .and_then(|&i| cast.get(i))
            .and_then(CastEntry::identity);
        let Some(into) = into else {
            return false;
        };
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let button = ui
            .add(Button::new(format!("Merge into {}", into.name)))
            .on_hover_text("↑ ↓ to choose, Enter to merge");
        if button.clicked() || enter {
            commands.push(Command::MergeLibraryEntity {
                from: self.identity.clone(),
                into,
            });
            return true;
        }
        false
    }

    /// A tick per document of the page, the new name, and Split.
    fn split_ui(&mut self, ui: &mut Ui, page: &EntityPage, commands: &mut Vec<Command>) -> bool {
        let Choice::Split { documents, name } = &mut self.choice else {
            return false;
        };
        let kind = self.identity.kind.json_name();
        let appearances: Vec<_> = page.appearances.iter().filter(|a| a.kind == kind).collect();
        ui.label("Documents where it is someone else:");
        let shared_title =
            |title: &str| appearances.iter().filter(|a| a.title == title).count() > 1;
        ScrollArea::vertical()
            .id_salt("library split documents")
            .max_height(LIST_HEIGHT)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                for appearance in &appearances {
                    let mut ticked = documents.contains(&appearance.path);
                    // Documents of one title are told apart by their file.
                    let title = if shared_title(&appearance.title) {
                        format!("{} ({})", appearance.title, short_path(&appearance.path))
                    } else {
                        appearance.title.clone()
                    };
                    let label = format!(
                        "{title} · {}",
                        crate::ui::chrome::counted(
                            appearance.mentions as usize,
                            "mention",
                            "mentions"
                        )
                    );
                    let response = ui
                        .checkbox(&mut ticked, label)
                        .on_hover_text(appearance.path.display().to_string());
                    if response.changed() {
                        if ticked {
                            documents.insert(appearance.path.clone());
                        } else {
                            documents.remove(&appearance.path);
                        }
                    }
                }
            });
        ui.add_space(4.0);
        let label = ui.label("Their name for it");
        let edit = ui
            .add(
                TextEdit::singleline(name)
                    .hint_text("A name of its own…")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if std::mem::take(&mut self.focus_pending) {
            edit.request_focus();
        }
        let new_name = Identity::new(name, self.identity.kind).name;
        let problem = if documents.is_empty() {
            Some("Tick at least one document.")
        } else if new_name.is_empty() {
            Some("Give the name it has there.")
        } else if new_name == self.identity.name {
            Some("Give a name other than the one it has now.")
        } else {
            None
        };
        if let Some(problem) = problem {
            ui.weak(problem);
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let button = ui.add_enabled(problem.is_none(), Button::new("Split"));
        if problem.is_none() && (button.clicked() || enter) {
            commands.push(Command::SplitLibraryEntity {
                identity: self.identity.clone(),
                documents: documents.iter().cloned().collect(),
                becomes: new_name,
            });
            return true;
        }
        false
    }
}

/// The file's folder and name, `folder/file.txt`.
fn short_path(path: &std::path::Path) -> String {
    let file = crate::ui::chrome::file_name(path);
    match path.parent().and_then(|p| p.file_name()) {
        Some(folder) => format!("{}/{file}", folder.to_string_lossy()),
        None => file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::EntityKind;

    fn entry(kind: &str, name: &str) -> CastEntry {
        CastEntry {
            kind: kind.to_owned(),
            name: name.to_owned(),
            documents: 1,
            mentions: 1,
        }
    }

    #[test]
    fn merge_candidates_are_of_the_same_kind_and_match_every_word() {
        let cast = [
            entry("person", "Maria Okonkwo"),
            entry("place", "Lisbon"),
            entry("person", "Tomas Ferreira"),
            entry("person", "Maria Santos"),
            entry("organization", "Maria Ltd"),
        ];
        let maria = Identity::new("Maria Okonkwo", EntityKind::Person);
        let cases: [(&str, &[usize]); 4] = [
            ("", &[2, 3]),
            ("maria", &[3]),
            ("MARIA san", &[3]),
            ("lisbon", &[]),
        ];
        for (filter, expected) in cases {
            assert_eq!(
                merge_candidates(&cast, &maria, filter),
                expected,
                "{filter}"
            );
        }
    }
}
