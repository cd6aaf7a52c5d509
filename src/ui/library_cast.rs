//! The library's cast and an entity's page: every document that mentions a
//! person, place or organisation (how often, the first mention in context)
//! and every quotation attributed to a person, by document and date, each a
//! click from its passage. The page's "Merge into…" and "Split…" open
//! [`IdentityDialog`].

use std::collections::HashMap;
use std::path::PathBuf;

use egui::{RichText, ScrollArea, TextEdit, Ui};

use crate::analysis::EntityKind;
use crate::library::{Appearance, CastEntry, Identity, Quotation};
use crate::ui::library_identity::IdentityDialog;
use crate::ui::{Command, chrome};

/// An entity's page: where the library mentions it and what it said.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityPage {
    /// The name asked for.
    pub name: String,
    /// The documents that mention it, the most mentions first.
    pub appearances: Vec<Appearance>,
    /// The quotations attributed to it, by document and position.
    pub quotations: Vec<Quotation>,
}

/// The cast tab's own state.
#[derive(Debug, Default)]
pub struct LibraryCast {
    /// Words the cast list is narrowed to.
    filter: String,
    /// The entity whose page is shown, if one is.
    pub open: Option<String>,
    /// Its kind (`person`, `place`, `organization`), when it was picked
    /// from the cast; else the page's first.
    open_kind: Option<String>,
    /// The merge or split dialog of the page, while open.
    dialog: Option<IdentityDialog>,
    /// The cast's rows that pass the filter, kept until the filter or the
    /// cast changes.
    shown: Vec<usize>,
    /// What `shown` was made from: the filter and the cast's length.
    shown_for: Option<(String, usize)>,
}

/// How tall a row of the cast list is, in points.
const ROW_HEIGHT: f32 = 22.0;

impl LibraryCast {
    /// Shows the page of `identity`.
    pub fn show(&mut self, identity: &Identity) {
        self.open = Some(identity.name.clone());
        self.open_kind = Some(identity.kind.json_name().to_owned());
        self.dialog = None;
    }

    /// The cast list, or the open entity's page. `dates` gives a document's
    /// date by its path, for the quotations.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        cast: Option<&Result<Vec<CastEntry>, String>>,
        page: Option<&Result<EntityPage, String>>,
        dates: &HashMap<PathBuf, String>,
        commands: &mut Vec<Command>,
    ) {
        if let Some(name) = self.open.clone() {
            let identity = match page {
                Some(Ok(page)) if page.name == name => self.identity_of(page),
                _ => None,
            };
            let mut back = false;
            ui.horizontal(|ui| {
                back = ui.button("← The whole cast").clicked();
                if let Some(identity) = &identity {
                    ui.separator();
                    if let Some(dialog) = identity_buttons_ui(ui, identity) {
                        self.dialog = Some(dialog);
                    }
                }
            });
            if back {
                self.open = None;
                self.open_kind = None;
                self.dialog = None;
                return;
            }
            match page {
                Some(Ok(page)) if page.name == name => {
                    page_ui(ui, page, dates, commands);
                    let cast = match cast {
                        Some(Ok(cast)) => cast.as_slice(),
                        _ => &[],
                    };
                    if let Some(dialog) = &mut self.dialog
                        && !dialog.ui(ui.ctx(), cast, page, commands)
                    {
                        self.dialog = None;
                    }
                }
                Some(Err(message)) => {
                    ui.colored_label(ui.visuals().error_fg_color, message.as_str());
                }
                _ => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("Finding {name} in the library…"));
                    });
                }
            }
            return;
        }
        let cast = match cast {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Gathering the cast of the library…");
                });
                return;
            }
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message.as_str());
                return;
            }
            Some(Ok(cast)) => cast,
        };
        ui.horizontal(|ui| {
            let label = ui.label("Find a name");
            ui.add(TextEdit::singleline(&mut self.filter).desired_width(260.0))
                .labelled_by(label.id);
            ui.weak(format!(
                "{} across the library",
                chrome::counted(
                    cast.len(),
                    "person, place or organisation",
                    "people, places and organisations"
                )
            ));
        });
        ui.add_space(4.0);
        let key = (self.filter.to_lowercase(), cast.len());
        if self.shown_for.as_ref() != Some(&key) {
            let words: Vec<&str> = key.0.split_whitespace().collect();
            self.shown = cast
                .iter()
                .enumerate()
                .filter(|(_, e)| {
                    let name = e.name.to_lowercase();
                    words.iter().all(|w| name.contains(w))
                })
                .map(|(i, _)| i)
                .collect();
            self.shown_for = Some(key);
        }
        if cast.is_empty() {
            ui.label("No people, places or organisations yet: add documents to the library.");
            return;
        }
        ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, ROW_HEIGHT, self.shown.len(), |ui, rows| {
                for row in rows {
                    let Some(entry) = self.shown.get(row).and_then(|&i| cast.get(i)) else {
                        continue;
                    };
                    let text = format!(
                        "{}  ·  {}  ·  {}  ·  {}",
                        entry.name,
                        kind_name(&entry.kind),
                        chrome::counted(entry.documents as usize, "document", "documents"),
                        chrome::counted(entry.mentions as usize, "mention", "mentions"),
                    );
                    let button = egui::Button::new(text)
                        .frame(false)
                        .min_size(egui::vec2(ui.available_width(), ROW_HEIGHT - 2.0));
                    if ui.add(button).clicked() {
                        self.open = Some(entry.name.clone());
                        self.open_kind = Some(entry.kind.clone());
                        commands.push(Command::ShowLibraryEntity(entry.name.clone()));
                    }
                }
            });
    }
}

impl LibraryCast {
    /// The entity the page shows, as the library names it: the page's
    /// name in the library's spelling, of the kind picked in the cast if
    /// the page lists it, else the page's first kind.
    fn identity_of(&self, page: &EntityPage) -> Option<Identity> {
        let appearance = page
            .appearances
            .iter()
            .find(|a| Some(&a.kind) == self.open_kind.as_ref())
            .or_else(|| page.appearances.first())?;
        let kind = EntityKind::ALL
            .into_iter()
            .find(|k| k.json_name() == appearance.kind)?;
        Some(Identity::new(&appearance.name, kind))
    }
}

/// The page's "Merge into…" and "Split…"; the dialog one of them opens.
fn identity_buttons_ui(ui: &mut Ui, identity: &Identity) -> Option<IdentityDialog> {
    let mut opened = None;
    let merge = ui.button("Merge into…").on_hover_text(
        "Count this entity as another of the same kind in every document of the library",
    );
    if merge.clicked() {
        opened = Some(IdentityDialog::merge(identity.clone()));
    }
    let split = ui
        .button("Split…")
        .on_hover_text("Choose documents in which this name is someone else");
    if split.clicked() {
        opened = Some(IdentityDialog::split(identity.clone()));
    }
    opened
}

/// The page of one entity.
fn page_ui(
    ui: &mut Ui,
    page: &EntityPage,
    dates: &HashMap<PathBuf, String>,
    commands: &mut Vec<Command>,
) {
    let kinds: Vec<&str> = {
        let mut kinds: Vec<&str> = page
            .appearances
            .iter()
            .map(|a| kind_name(&a.kind))
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    };
    let name = page
        .appearances
        .first()
        .map_or(page.name.as_str(), |a| a.name.as_str());
    ui.heading(name);
    let mentions: u64 = page.appearances.iter().map(|a| a.mentions).sum();
    ui.weak(format!(
        "{} · {} in {}",
        kinds.join(", "),
        chrome::counted(mentions as usize, "mention", "mentions"),
        chrome::counted(page.appearances.len(), "document", "documents"),
    ));
    ui.add_space(6.0);
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if !page.quotations.is_empty() {
                ui.label(
                    RichText::new(format!("What {name} said"))
                        .strong()
                        .size(15.0),
                );
                let mut last: Option<&PathBuf> = None;
                for quote in &page.quotations {
                    if last != Some(&quote.path) {
                        last = Some(&quote.path);
                        ui.add_space(4.0);
                        let date = dates
                            .get(&quote.path)
                            .map_or(String::new(), |d| format!(" · {d}"));
                        ui.label(RichText::new(format!("{}{date}", quote.title)).italics());
                    }
                    let button = egui::Button::new(format!("“{}”", quote.text))
                        .frame(false)
                        .wrap();
                    let response = ui
                        .add(button)
                        .on_hover_text("Open the document at this quotation");
                    if response.clicked() {
                        commands.push(Command::OpenAt {
                            path: quote.path.clone(),
                            start_char: quote.start_char,
                            end_char: quote.end_char,
                        });
                    }
                }
                ui.add_space(10.0);
            }
            ui.label(
                RichText::new("Where the library mentions it")
                    .strong()
                    .size(15.0),
            );
            for appearance in &page.appearances {
                ui.add_space(4.0);
                let date = dates
                    .get(&appearance.path)
                    .map_or(String::new(), |d| format!(" · {d}"));
                ui.label(
                    RichText::new(format!(
                        "{}{date} · {}",
                        appearance.title,
                        chrome::counted(appearance.mentions as usize, "mention", "mentions")
                    ))
                    .italics(),
                );
                let context = if appearance.context.is_empty() {
                    "Go to the first mention".to_owned()
                } else {
                    appearance.context.clone()
                };
                let button = egui::Button::new(context).frame(false).wrap();
                let response = ui
                    .add(button)
                    .on_hover_text("Open the document at the first mention");
                if response.clicked() {
                    // The app marks the word that starts there.
                    commands.push(Command::OpenAt {
                        path: appearance.path.clone(),
                        start_char: appearance.first_char,
                        end_char: appearance.first_char,
                    });
                }
            }
        });
}

/// The kind's name as the window says it.
pub(crate) fn kind_name(kind: &str) -> &str {
    match kind {
        "person" => "person",
        "place" => "place",
        "organization" => "organisation",
        other => other,
    }
}
