//! The window's chrome around the reader: the menu bar, the legend with its
//! toggles, the error banner, the progress bar and the status line.

use std::path::{Path, PathBuf};

use egui::{Align, Checkbox, Frame, Layout, ProgressBar, RichText, ThemePreference, Ui};

use crate::analysis::{Analysis, EntityKind};
use crate::document::Document;
use crate::export::ExportFormat;
use crate::ui::cast::section_title;
use crate::ui::reader::ReadingPosition;
use crate::ui::theme;
use crate::ui::{Command, MainView, ReaderState};

/// Reading speed used for the status line's reading time, in words a minute.
pub const WORDS_PER_MINUTE: usize = 230;

/// Smallest and largest body text size, in points.
pub const TEXT_SIZE_RANGE: std::ops::RangeInclusive<f32> = 12.0..=36.0;

/// The text size "Default text size" returns to, in points.
pub const DEFAULT_TEXT_SIZE: f32 = 18.0;

/// Smallest and largest interface scale (egui's zoom factor).
pub const UI_SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.5..=3.0;

/// How much Ctrl+Plus and Ctrl+Minus change the interface scale.
pub const UI_SCALE_STEP: f32 = 0.1;

/// Windows narrower than this, in points, start without the side panel, so
/// the text keeps a readable measure; F9 still shows it.
pub const NARROW_WINDOW_WIDTH: f32 = 640.0;

/// What Undo and Redo can do now, for the Edit menu.
#[derive(Clone, Copy, Debug, Default)]
pub struct EditHistory {
    /// There is a change to undo.
    pub can_undo: bool,
    /// There is an undone change to make again.
    pub can_redo: bool,
}

/// The File, Edit, View and Help menus.
pub fn menu_bar_ui(
    ui: &mut Ui,
    recent: &[PathBuf],
    theme: ThemePreference,
    edits: EditHistory,
    state: &ReaderState,
    commands: &mut Vec<Command>,
) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            let open = egui::Button::new("Open…").shortcut_text(shortcut(ui, egui::Key::O));
            if ui.add(open).clicked() {
                commands.push(Command::OpenDialog);
            }
            let add_folder = ui.button("Add folder to library…").on_hover_text(
                "Every document in a folder joins the library, and it is watched for new ones",
            );
            if add_folder.clicked() {
                commands.push(Command::AddFolderDialog);
            }
            ui.add_enabled_ui(!recent.is_empty(), |ui| {
                ui.menu_button("Open recent", |ui| {
                    for path in recent {
                        let name = file_name(path);
                        let response = ui.button(name).on_hover_text(path.display().to_string());
                        if response.clicked() {
                            commands.push(Command::Open(path.clone()));
                        }
                    }
                    ui.separator();
                    if ui.button("Clear recent files").clicked() {
                        commands.push(Command::ClearRecent);
                    }
                });
            });
            ui.separator();
            ui.menu_button("Export notes", |ui| {
                for format in ExportFormat::ALL {
                    if ui.button(format!("{}…", format.label())).clicked() {
                        commands.push(Command::ExportDialog(format));
                    }
                }
            });
            let choose =
                egui::Button::new("Export notes…").shortcut_text(shortcut(ui, egui::Key::E));
            if ui.add(choose).clicked() {
                commands.push(Command::ExportChooser);
            }
            if ui
                .button("Import notes…")
                .on_hover_text("W3C Web Annotations (JSON)")
                .clicked()
            {
                commands.push(Command::ImportDialog);
            }
            let old = ui.button("Take notes from an old notes file…").on_hover_text(
                "For an article that was moved or renamed: choose the notes Dramatis kept for it",
            );
            if old.clicked() {
                commands.push(Command::NotesFileDialog);
            }
            ui.separator();
            let quit = egui::Button::new("Quit").shortcut_text(shortcut(ui, egui::Key::Q));
            if ui.add(quit).clicked() {
                commands.push(Command::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            let undo = egui::Button::new("Undo").shortcut_text(shortcut(ui, egui::Key::Z));
            if ui.add_enabled(edits.can_undo, undo).clicked() {
                commands.push(Command::Undo);
            }
            let redo_keys = ui.ctx().format_shortcut(&egui::KeyboardShortcut::new(
                egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
                egui::Key::Z,
            ));
            let redo = egui::Button::new("Redo").shortcut_text(redo_keys);
            if ui.add_enabled(edits.can_redo, redo).clicked() {
                commands.push(Command::Redo);
            }
            ui.separator();
            let has_selection = state.selection.is_some();
            let copy = egui::Button::new("Copy").shortcut_text(shortcut(ui, egui::Key::C));
            if ui.add_enabled(has_selection, copy).clicked() {
                commands.push(Command::CopySelection);
            }
            let highlight = egui::Button::new("Highlight selection").shortcut_text("H");
            if ui.add_enabled(has_selection, highlight).clicked()
                && let Some(span) = state.selection
            {
                commands.push(Command::AddHighlight {
                    span,
                    color: state.highlight_color,
                });
            }
            ui.separator();
            let find = egui::Button::new("Find…").shortcut_text(shortcut(ui, egui::Key::F));
            if ui.add(find).clicked() {
                commands.push(Command::OpenFind);
            }
            let go_to = egui::Button::new("Go to…").shortcut_text(shortcut(ui, egui::Key::G));
            if ui.add(go_to).clicked() {
                commands.push(Command::OpenGoTo);
            }
        });
        ui.menu_button("View", |ui| {
            ui.label(RichText::new("Theme").weak());
            for (choice, label) in [
                (ThemePreference::System, "Follow the system"),
                (ThemePreference::Light, "Light"),
                (ThemePreference::Dark, "Dark"),
            ] {
                if ui.radio(theme == choice, label).clicked() {
                    commands.push(Command::SetTheme(choice));
                }
            }
            ui.separator();
            let library = egui::Button::selectable(state.view == MainView::Library, "Library")
                .shortcut_text(shortcut(ui, egui::Key::L));
            if ui.add(library).clicked() {
                commands.push(Command::ToggleLibrary);
            }
            let panel =
                egui::Button::selectable(state.side_panel_shown, "Side panel").shortcut_text("F9");
            if ui.add(panel).clicked() {
                commands.push(Command::ToggleSidePanel);
            }
            ui.separator();
            ui.label(RichText::new("Zoom (everything)").weak());
            let scale = state.ui_scale;
            let scales = [
                ("Zoom in", egui::Key::Plus, scale + UI_SCALE_STEP),
                ("Zoom out", egui::Key::Minus, scale - UI_SCALE_STEP),
                ("Actual size", egui::Key::Num0, 1.0),
            ];
            for (label, key, new_scale) in scales {
                let button = egui::Button::new(label).shortcut_text(shortcut(ui, key));
                if ui.add(button).clicked() {
                    commands.push(Command::SetUiScale(new_scale));
                }
            }
            ui.separator();
            ui.label(RichText::new("Text size (the article only)").weak());
            let size = state.text_size;
            let sizes = [
                ("Larger text", size + 1.0),
                ("Smaller text", size - 1.0),
                ("Default text size", DEFAULT_TEXT_SIZE),
            ];
            for (label, new_size) in sizes {
                if ui.button(label).clicked() {
                    commands.push(Command::SetTextSize(new_size));
                }
            }
        });
        ui.menu_button("Help", keys_ui);
        ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
            let toggle = ui
                .selectable_label(state.side_panel_shown, "Side panel")
                .on_hover_text("Show or hide the cast and notes (F9)");
            if toggle.clicked() {
                commands.push(Command::ToggleSidePanel);
            }
            let library = ui
                .selectable_label(state.view == MainView::Library, "Library")
                .on_hover_text("Every document you keep, its search and its cast (Ctrl+L)");
            if library.clicked() {
                commands.push(Command::ToggleLibrary);
            }
        });
    });
}

/// The keys, as (keys, what they do). Ctrl is ⌘ on a Mac.
pub const KEYS: &[(&str, &str)] = &[
    ("Ctrl+O", "Open a file"),
    ("Ctrl+L", "Show the library, or go back to the text"),
    (
        "Down / Up, Enter",
        "In the library: choose a document, open it",
    ),
    (
        "Page Down, Space / Page Up, Shift+Space",
        "Down / up a page",
    ),
    ("Down / Up", "Down / up a line"),
    ("Home / End", "Start / end of the document"),
    ("Ctrl+G", "Go to a percentage or a chapter"),
    ("Ctrl+F", "Find in the article"),
    ("Enter / Shift+Enter", "Next / previous match"),
    (
        "n / Shift+N",
        "Next / previous mention of the selected name",
    ),
    ("Esc", "Close find or the card, or clear the selection"),
    ("H", "Highlight the selected passage"),
    ("Ctrl+C", "Copy the selected passage"),
    ("Ctrl+Z", "Undo the last change to your notes"),
    ("Ctrl+Shift+Z, Ctrl+Y", "Redo what was undone"),
    ("Ctrl+E", "Export your notes"),
    ("Ctrl+Q", "Quit"),
    ("Double / triple click", "Select a word / a paragraph"),
    ("Ctrl+Plus / Ctrl+Minus", "Zoom everything in / out"),
    ("Ctrl+0", "Actual size"),
    ("F9", "Show or hide the side panel"),
];

/// The Help menu: the keys, and how to open a file without a dialog.
fn keys_ui(ui: &mut Ui) {
    ui.label(RichText::new("Keys").strong());
    egui::Grid::new("keys")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for (keys, action) in KEYS {
                ui.label(RichText::new(*keys).monospace());
                ui.label(*action);
                ui.end_row();
            }
        });
    ui.separator();
    ui.weak("Drop a file on the window to open it.");
}

fn shortcut(ui: &Ui, key: egui::Key) -> String {
    ui.ctx()
        .format_shortcut(&egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, key))
}

/// When something happened, in the reader's own time zone (the `TZ`
/// variable, else the system's, through jiff, which the notes already use
/// for their times), as `2026-12-07 16:43`.
pub fn local_time(time: jiff::Timestamp) -> String {
    time_in(time, &jiff::tz::TimeZone::system())
}

/// `time` on the clocks of `zone`, as `2026-12-07 16:43`.
pub fn time_in(time: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
    time.to_zoned_datetime(zone.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// The file name of a path, for menus and messages.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The legend: one checkbox per kind, its name tinted as its mentions are
/// in the text, so the legend is also the key to the colours.
///
/// A book (a text with chapters) gets the Text and Book tabs first.
pub fn legend_ui(ui: &mut Ui, state: &ReaderState, book: bool, commands: &mut Vec<Command>) {
    // Wrapped, so a narrow window shows every box on two rows.
    ui.horizontal_wrapped(|ui| {
        let dark = ui.visuals().dark_mode;
        if book {
            for (view, label, hover) in [
                (MainView::Text, "Text", "Read the text"),
                (
                    MainView::Book,
                    "Book",
                    "Where the main characters appear, and who speaks with whom",
                ),
            ] {
                let response = ui
                    .selectable_label(state.view == view, label)
                    .on_hover_text(hover);
                if response.clicked() {
                    commands.push(Command::ShowView(view));
                }
            }
            ui.separator();
        }
        // What the boxes do: tint these in the text. Not "Highlight", which
        // is what the reader does with H.
        ui.label(RichText::new("Show in text").weak());
        ui.add_space(4.0);
        for kind in EntityKind::ALL {
            let name = RichText::new(format!(" {} ", section_title(kind)))
                .background_color(theme::kind_color(kind, dark));
            let mut shown = state.shows(kind);
            if legend_checkbox(ui, &mut shown, name, section_title(kind)).changed() {
                commands.push(Command::ShowKind { kind, shown });
            }
            ui.add_space(8.0);
        }
        let name = RichText::new(" Quotes ")
            .italics()
            .background_color(theme::quote_color(dark));
        let mut shown = state.show_quotes;
        if legend_checkbox(ui, &mut shown, name, "Quotes").changed() {
            commands.push(Command::ShowQuotes(shown));
        }
    });
}

/// A checkbox whose accessible label is the plain name, without the
/// padding that makes its tint read as a chip.
fn legend_checkbox(ui: &mut Ui, shown: &mut bool, text: RichText, label: &str) -> egui::Response {
    let response = ui.add(Checkbox::new(shown, text));
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(label));
    response
}

/// Whether a banner reports a failure or just tells the person something.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BannerKind {
    /// Something failed; drawn in the error colour.
    Error,
    /// Information, in the normal text colour.
    Notice,
}

/// A dismissible banner with a message.
pub fn banner_ui(ui: &mut Ui, kind: BannerKind, message: &str, commands: &mut Vec<Command>) {
    let visuals = ui.visuals();
    let (stroke, text) = match kind {
        BannerKind::Error => (visuals.error_fg_color, visuals.error_fg_color),
        BannerKind::Notice => (
            visuals.widgets.noninteractive.bg_stroke.color,
            visuals.text_color(),
        ),
    };
    Frame::new()
        .fill(visuals.extreme_bg_color)
        .stroke(egui::Stroke::new(1.0, stroke))
        .corner_radius(4.0)
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if ui.button("Dismiss").clicked() {
                        commands.push(Command::DismissError);
                    }
                    ui.with_layout(Layout::left_to_right(Align::Center), |ui| {
                        ui.add(egui::Label::new(RichText::new(message).color(text)).wrap());
                    });
                });
            });
        });
}

/// The progress of a background load.
pub fn progress_ui(ui: &mut Ui, label: &str, fraction: Option<f32>) {
    ui.horizontal(|ui| {
        let bar = match fraction {
            Some(fraction) => ProgressBar::new(fraction)
                .text(format!("{label} {}%", (fraction * 100.0).round() as u32)),
            None => ProgressBar::new(0.0).text(label).animate(true),
        };
        ui.add(bar.desired_width(ui.available_width().min(420.0)));
    });
}

/// The status line: words, reading time and the size of the cast.
pub fn status_text(words: usize, analysis: &Analysis) -> String {
    let count = |kind| analysis.entities.iter().filter(|e| e.kind == kind).count();
    let minutes = words.div_ceil(WORDS_PER_MINUTE).max(1);
    let reading = if minutes < 90 {
        format!("{minutes} min read")
    } else {
        format!("{:.1} h read", minutes as f32 / 60.0)
    };
    format!(
        "{} · {reading} · {} · {} · {} · {}",
        counted(words, "word", "words"),
        counted(count(EntityKind::Person), "person", "people"),
        counted(count(EntityKind::Place), "place", "places"),
        counted(
            count(EntityKind::Organization),
            "organisation",
            "organisations"
        ),
        counted(analysis.quotes.len(), "quote", "quotes"),
    )
}

/// `count` and the noun in the form that agrees with it: "1 place", "2 places".
pub fn counted(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// The reading position for the status line: how far through the text, and
/// the chapter (or section) the top line is in, when the document has them.
pub fn position_text(doc: &Document, position: ReadingPosition) -> String {
    let percent = (position.fraction(doc.text.len()) * 100.0).floor() as u32;
    let section = doc
        .sections
        .partition_point(|s| s.span.start <= position.top_offset)
        .checked_sub(1)
        .and_then(|i| doc.sections.get(i));
    match section {
        Some(section) if !section.title.trim().is_empty() => {
            format!("{} · {percent} %", section.title.trim())
        }
        _ => format!("{percent} %"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_on_the_readers_clock() {
        let time: jiff::Timestamp = "2026-07-01T22:30:00Z".parse().expect("a time");
        let cases = [
            ("UTC", "2026-07-01 22:30"),
            ("Europe/Moscow", "2026-07-02 01:30"),
            ("America/New_York", "2026-07-01 18:30"),
        ];
        for (zone, expected) in cases {
            let zone = jiff::tz::TimeZone::get(zone).expect("a known zone");
            assert_eq!(time_in(time, &zone), expected);
        }
        let fixed = jiff::tz::TimeZone::fixed(jiff::tz::offset(5));
        assert_eq!(time_in(time, &fixed), "2026-07-02 03:30");
    }

    #[test]
    fn status_counts_reading_time() {
        let analysis = Analysis::default();
        let cases = [
            (0, "0 words · 1 min read"),
            (230, "230 words · 1 min read"),
            (231, "231 words · 2 min read"),
            (560_000, "560000 words · 40.6 h read"),
        ];
        for (words, start) in cases {
            let text = status_text(words, &analysis);
            assert!(text.starts_with(start), "{words}: {text}");
        }
    }
}
