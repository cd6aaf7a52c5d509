//! The window that asks for a file's path when the system has no file
//! dialog to show (on Linux: no desktop portal and no `zenity`): a path
//! field where Enter chooses, and the recently opened files to choose with
//! a click. Like every panel it does no IO: the app checks the file chosen
//! ([`crate::files::readable_file`]) and hands back a sentence for the
//! window to show when it cannot be used.

use std::path::{Path, PathBuf};

use egui::{Button, Key, ScrollArea, TextEdit};

use crate::ui::chrome;

/// How tall the list of recent files is at most, in points.
const LIST_HEIGHT: f32 = 220.0;

/// What the window came to this frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathWindowOutcome {
    /// Still open.
    Open,
    /// Closed without a choice (Cancel or Esc).
    Cancelled,
    /// This file was chosen.
    Chosen(PathBuf),
}

/// The open path window.
#[derive(Clone, Debug)]
pub struct PathWindow {
    /// The window's heading, e.g. "Open a file".
    heading: String,
    /// What has been typed.
    path: String,
    /// Why the last path typed could not be used, as a sentence.
    problem: Option<String>,
    /// Focus the field on the next frame.
    focus_pending: bool,
    /// What is asked for: "file" or "folder".
    asks_for: &'static str,
}

impl PathWindow {
    /// A window headed `heading`, with an empty field that has the keyboard.
    pub fn new(heading: &str) -> Self {
        Self {
            heading: heading.to_owned(),
            path: String::new(),
            problem: None,
            focus_pending: true,
            asks_for: "file",
        }
    }

    /// A window headed `heading` that asks for a folder.
    pub fn for_folder(heading: &str) -> Self {
        Self {
            asks_for: "folder",
            ..Self::new(heading)
        }
    }

    /// Why the last path could not be used, if it could not.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// Shows why the path chosen cannot be used, and gives the field the
    /// keyboard again to correct it.
    pub fn set_problem(&mut self, problem: String) {
        self.problem = Some(problem);
        self.focus_pending = true;
    }

    /// Draws the window with `recent` files (most recent first) to choose
    /// from; an empty list shows none.
    pub fn ui(&mut self, ctx: &egui::Context, recent: &[PathBuf]) -> PathWindowOutcome {
        let mut outcome = PathWindowOutcome::Open;
        let modal = egui::Modal::new(egui::Id::unique("dramatis path window")).show(ctx, |ui| {
            ui.set_width(440.0);
            ui.heading(self.heading.as_str());
            ui.label(format!(
                "There is no file dialog on this system. Type the path of the {} \
                 (~ is your home folder) and press Enter.",
                self.asks_for
            ));
            let label = ui.label("Path");
            let edit = ui.add(
                TextEdit::singleline(&mut self.path)
                    .hint_text("~/Books/war_and_peace.txt")
                    .desired_width(f32::INFINITY),
            );
            let edit = edit.labelled_by(label.id);
            if self.focus_pending {
                edit.request_focus();
                self.focus_pending = false;
            }
            if edit.changed() {
                self.problem = None;
            }
            if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                let typed = self.path.trim();
                if typed.is_empty() {
                    self.set_problem(format!("Type the path of a {} first.", self.asks_for));
                } else {
                    outcome = PathWindowOutcome::Chosen(expand_home(typed));
                }
            }
            if let Some(problem) = &self.problem {
                ui.colored_label(ui.visuals().error_fg_color, problem.as_str());
            }
            if !recent.is_empty() {
                ui.add_space(6.0);
                ui.strong("Recent files");
                ScrollArea::vertical()
                    .max_height(LIST_HEIGHT)
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        for path in recent {
                            let button = Button::new(chrome::file_name(path))
                                .frame(false)
                                .min_size(egui::vec2(ui.available_width(), 0.0));
                            let response = ui.add(button).on_hover_text(path.display().to_string());
                            if response.clicked() {
                                outcome = PathWindowOutcome::Chosen(path.clone());
                            }
                        }
                    });
            }
            ui.add_space(6.0);
            if ui
                .button("Cancel")
                .on_hover_text("Close without opening (Esc)")
                .clicked()
            {
                outcome = PathWindowOutcome::Cancelled;
            }
        });
        // A text field gives up focus on Escape; the window closes on it too.
        let escape = ctx.input(|i| i.key_pressed(Key::Escape));
        if outcome == PathWindowOutcome::Open && (escape || modal.should_close()) {
            outcome = PathWindowOutcome::Cancelled;
        }
        outcome
    }
}

/// `typed` with a leading `~` or `~/` replaced by the home folder.
fn expand_home(typed: &str) -> PathBuf {
    let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_owned());
    match (typed.strip_prefix('~'), home) {
        (Some(""), Some(home)) => home,
        (Some(rest), Some(home)) if rest.starts_with('/') || rest.starts_with('\\') => {
            home.join(rest.trim_start_matches(['/', '\\']))
        }
        _ => Path::new(typed).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tilde_is_the_home_folder() {
        let Some(dirs) = directories::BaseDirs::new() else {
            return;
        };
        let home = dirs.home_dir();
        assert_eq!(expand_home("~"), home);
        assert_eq!(expand_home("~/Books/a.txt"), home.join("Books/a.txt"));
        assert_eq!(expand_home("~other/a.txt"), Path::new("~other/a.txt"));
        assert_eq!(expand_home("/tmp/a.txt"), Path::new("/tmp/a.txt"));
    }
}
