//! The library's search box and its results: matches in the documents'
//! text and in the reader's highlights and notes, grouped by document, each
//! passage in context with the match marked, a click (or Enter) from the
//! passage itself.

use std::ops::Range;
use std::path::PathBuf;

use egui::text::{LayoutJob, TextFormat};
use egui::{Key, RichText, ScrollArea, TextEdit, Ui};

use crate::library::{Hit, NoteHit};
use crate::ui::{Command, chrome, theme};

/// The matches of one search, grouped by document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    /// The query as typed.
    pub query: String,
    /// One group per document, in the order of its best match.
    pub groups: Vec<ResultGroup>,
    /// Whether there were more matches than shown.
    pub truncated: bool,
}

/// The matches in one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResultGroup {
    /// The document's file; `None` for notes on text from no file.
    pub path: Option<PathBuf>,
    /// Its title.
    pub title: String,
    /// Matches in its text, in the order of the text.
    pub hits: Vec<Hit>,
    /// Matches in the reader's highlights and notes on it.
    pub notes: Vec<NoteHit>,
}

impl SearchResults {
    /// How many matches, in text and notes.
    pub fn count(&self) -> usize {
        self.groups
            .iter()
            .map(|g| g.hits.len() + g.notes.len())
            .sum()
    }
}

/// The search box's own state.
#[derive(Debug, Default)]
pub struct LibrarySearch {
    /// What is typed.
    pub query: String,
    /// Put the keyboard in the box on the next frame.
    pub focus_requested: bool,
}

impl LibrarySearch {
    /// The box and, under it, the results (or why there are none).
    /// `asked` is the query last sent and not yet answered.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        results: Option<&Result<SearchResults, String>>,
        asked: Option<&str>,
        commands: &mut Vec<Command>,
    ) {
        ui.horizontal(|ui| {
            let label = ui.label("Search the library");
            let response = ui.add(
                TextEdit::singleline(&mut self.query)
                    .hint_text("words, \"a phrase\" or a prefix*")
                    .desired_width(ui.available_width().min(420.0)),
            );
            let response = response.labelled_by(label.id);
            if self.focus_requested {
                response.request_focus();
                self.focus_requested = false;
            }
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if (response.changed() || entered) && !self.query.trim().is_empty() {
                commands.push(Command::SearchLibrary(self.query.clone()));
            }
            if asked.is_some() {
                ui.spinner();
            }
        });
        ui.weak(
            "Searches the text of every document and your highlights and notes. \
             Words must all be there; AND, OR and NOT join them.",
        );
        ui.add_space(4.0);
        if self.query.trim().is_empty() {
            return;
        }
        match results {
            None => {}
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message.as_str());
            }
            Some(Ok(results)) if results.groups.is_empty() => {
                ui.label(format!("Nothing in the library matches {}.", results.query));
            }
            Some(Ok(results)) => results_ui(ui, results, commands),
        }
    }
}

/// The results, grouped by document.
fn results_ui(ui: &mut Ui, results: &SearchResults, commands: &mut Vec<Command>) {
    let mut summary = format!(
        "{} in {}",
        chrome::counted(results.count(), "match", "matches"),
        chrome::counted(results.groups.len(), "document", "documents")
    );
    if results.truncated {
        summary.push_str(" (the best shown; narrow the search for the rest)");
    }
    ui.label(summary);
    ui.add_space(4.0);
    let dark = ui.visuals().dark_mode;
    ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for group in &results.groups {
                ui.add_space(6.0);
                ui.horizontal(|ui| {
                    ui.label(RichText::new(&group.title).strong().size(15.0));
                    ui.weak(chrome::counted(
                        group.hits.len() + group.notes.len(),
                        "match",
                        "matches",
                    ));
                });
                if let Some(path) = &group.path {
                    ui.weak(path.display().to_string());
                }
                for hit in &group.hits {
                    let job = marked(
                        ui,
                        &hit.snippet,
                        std::slice::from_ref(&hit.snippet_mark),
                        dark,
                    );
                    let button = egui::Button::new(job).frame(false).wrap();
                    let response = ui
                        .add(button)
                        .on_hover_text("Open the document at this passage");
                    if response.clicked() {
                        commands.push(Command::OpenAt {
                            path: hit.path.clone(),
                            start_char: hit.start_char,
                            end_char: hit.end_char,
                        });
                    }
                }
                for note in &group.notes {
                    note_ui(ui, group.path.as_ref(), note, dark, commands);
                }
            }
        });
}

/// A matching highlight: the passage, then the note, each with its marks.
fn note_ui(
    ui: &mut Ui,
    path: Option<&PathBuf>,
    note: &NoteHit,
    dark: bool,
    commands: &mut Vec<Command>,
) {
    let mut job = LayoutJob::default();
    let weak = TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().weak_text_color(),
        ..TextFormat::default()
    };
    job.append("Your highlight: ", 0.0, weak.clone());
    append_marked(
        ui,
        &mut job,
        &format!("“{}”", note.passage),
        &shift(&note.passage_marks, "“".len()),
        dark,
    );
    if !note.note.is_empty() {
        job.append(" — ", 0.0, weak);
        append_marked(ui, &mut job, &note.note, &note.note_marks, dark);
    }
    job.wrap.max_width = ui.available_width();
    let button = egui::Button::new(job).frame(false).wrap();
    match path {
        Some(path) => {
            let response = ui
                .add(button)
                .on_hover_text("Open the document at this highlight");
            if response.clicked() {
                commands.push(Command::OpenAt {
                    path: path.clone(),
                    start_char: note.start_char,
                    end_char: note.end_char,
                });
            }
        }
        None => {
            ui.add_enabled(false, button).on_disabled_hover_text(
                "This text came from no file, so it cannot be opened again",
            );
        }
    }
}

/// `marks` moved on by `by` bytes.
fn shift(marks: &[Range<usize>], by: usize) -> Vec<Range<usize>> {
    marks.iter().map(|m| m.start + by..m.end + by).collect()
}

/// `text` laid out with `marks` (byte ranges) on the find colour.
pub fn marked(ui: &Ui, text: &str, marks: &[Range<usize>], dark: bool) -> LayoutJob {
    let mut job = LayoutJob::default();
    append_marked(ui, &mut job, text, marks, dark);
    job.wrap.max_width = ui.available_width();
    job
}

/// Appends `text` to `job` with `marks` on the find colour; marks that do
/// not lie on the text's character boundaries are left unmarked.
fn append_marked(ui: &Ui, job: &mut LayoutJob, text: &str, marks: &[Range<usize>], dark: bool) {
    let plain = TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        ..TextFormat::default()
    };
    let mark = TextFormat {
        background: theme::find_match_color(dark),
        color: ui.visuals().strong_text_color(),
        ..plain.clone()
    };
    let mut at = 0;
    for range in marks {
        if range.start < at || text.get(range.clone()).is_none() {
            continue;
        }
        job.append(&text[at..range.start], 0.0, plain.clone());
        job.append(&text[range.clone()], 0.0, mark.clone());
        at = range.end;
    }
    job.append(&text[at..], 0.0, plain);
}
