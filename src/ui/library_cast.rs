//! The library's cast and an entity's page: every document that mentions a
//! person, place or organisation (how often, the first mention in context)
//! and every quotation attributed to a person, by document and date, each a
//! click from its passage.

use std::collections::HashMap;
use std::path::PathBuf;

use egui::{RichText, ScrollArea, TextEdit, Ui};

use crate::library::{Appearance, CastEntry, Quotation};
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
    /// The cast's rows that pass the filter, kept until the filter or the
    /// cast changes.
    shown: Vec<usize>,
    /// What `shown` was made from: the filter and the cast's length.
    shown_for: Option<(String, usize)>,
}

/// How tall a row of the cast list is, in points.
const ROW_HEIGHT: f32 = 22.0;

impl LibraryCast {
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
            if ui.button("← The whole cast").clicked() {
                self.open = None;
                return;
            }
            match page {
                Some(Ok(page)) if page.name == name => page_ui(ui, page, dates, commands),
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
                        commands.push(Command::ShowLibraryEntity(entry.name.clone()));
                    }
                }
            });
    }
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
fn kind_name(kind: &str) -> &str {
    match kind {
        "person" => "person",
        "place" => "place",
        "organization" => "organisation",
        other => other,
    }
}
