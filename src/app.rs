//! The eframe application: owns the open document, runs loading and analysis
//! on a background thread, and applies [`Command`]s in one place.
//!
//! Each frame the app polls its background jobs, turns keys and dropped files
//! into commands, lets the panels draw and push more commands, then applies
//! them all in [`DramatisApp::apply`], the one function that does IO and
//! handles errors.

mod jobs;
mod library;
mod library_jobs;

use std::path::{Path, PathBuf};

use egui::{Key, KeyboardShortcut, Modifiers, ThemePreference, Ui, ViewportCommand};
use serde::{Deserialize, Serialize};

use std::time::{Duration, Instant};

use crate::analysis::Analysis;
use crate::annotations::merge::{self, Base};
use crate::annotations::store::{Opened, Stamp, Store};
use crate::annotations::{Annotations, Correction, Dictionary, Passage, anchor};
use crate::document::{self, Document, Format};
use crate::export::{self, ExportFormat, ExportInput, ImportReport};
use crate::files;
use crate::span::Span;
use crate::ui::cast::CastPanel;
use crate::ui::chrome::{
    self, BannerKind, DEFAULT_TEXT_SIZE, NARROW_WINDOW_WIDTH, TEXT_SIZE_RANGE, UI_SCALE_RANGE,
    UI_SCALE_STEP,
};
use crate::ui::correct::CorrectionDialog;
use crate::ui::find::{FindBar, FoldedText};
use crate::ui::goto::GoToDialog;
use crate::ui::library_view::{LibraryModel, LibraryView};
use crate::ui::notes::{HighlightCard, NotesPanel, selection_palette_ui};
use crate::ui::path_window::{PathWindow, PathWindowOutcome};
use crate::ui::reader::{ReaderView, selection_text};
use crate::ui::{Command, MainView, ReaderState, ScrollStep, SideTab, book, overview};

pub use jobs::{DialogAnswer, DialogPurpose, Loaded, Phase};
use jobs::{DialogJob, ExportJob, LoadJob, LoadPoll, NotesFound, NotesJob, SaveJob, Synced};

/// How long after a change the notes are written: soon enough that a crash
/// loses at most this much typing, late enough that typing is not a write
/// per key.
const SAVE_DELAY: Duration = Duration::from_millis(300);

/// How many changes Ctrl+Z can undo.
const UNDO_DEPTH: usize = 100;

/// How often the window looks whether another writer changed the open
/// document's notes file (one `stat`; the file is read off this thread).
const DISK_POLL: Duration = Duration::from_secs(2);

pub use crate::document::SAMPLE_TITLE;

/// How many recent files File ▸ Open recent remembers.
const MAX_RECENT: usize = 10;

/// How many documents' reading positions are remembered.
const MAX_POSITIONS: usize = 200;

/// How long a short message stays in the status line.
const STATUS_MESSAGE_TIME: Duration = Duration::from_secs(4);

/// Key under which preferences are kept in eframe's storage.
const PREFERENCES_KEY: &str = "dramatis.preferences";

/// The person's preferences, kept between runs in eframe's storage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Light, dark or following the system.
    pub theme: ThemePreference,
    /// Body text size in points.
    pub text_size: f32,
    /// How much the whole interface is scaled (egui's zoom factor); 1 is
    /// actual size.
    pub ui_scale: f32,
    /// Whether the side panel is shown, as the person last chose (F9, the
    /// View menu); `None` until they choose: shown when the window is at
    /// least [`NARROW_WINDOW_WIDTH`] wide.
    pub side_panel: Option<bool>,
    /// Which entity kinds are highlighted.
    pub show_kind: [bool; 3],
    /// Whether quotations are marked.
    pub show_quotes: bool,
    /// Whether the cast shows only the names met so far in the text.
    pub spoiler_free_cast: bool,
    /// Recently opened files, most recent first.
    pub recent: Vec<PathBuf>,
    /// Where the reader was in each document, most recently read first.
    ///
    /// Kept with the preferences, not in the notes files: a lost position
    /// costs a scroll, not the reader's work, and eframe writes it on exit
    /// and every half minute rather than on every page turn.
    pub reading_positions: Vec<ReadingPlace>,
}

/// Where the reader was in one document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingPlace {
    /// The document's text [`crate::annotations::fingerprint`], as its notes file is named.
    pub fingerprint: String,
    /// Byte offset of the first line that was in view at the top.
    pub top_offset: usize,
}

impl Default for Preferences {
    fn default() -> Self {
        let state = ReaderState::default();
        Self {
            theme: ThemePreference::System,
            text_size: state.text_size,
            ui_scale: state.ui_scale,
            side_panel: None,
            show_kind: state.show_kind,
            show_quotes: state.show_quotes,
            spoiler_free_cast: state.spoiler_free_cast,
            recent: Vec::new(),
            reading_positions: Vec::new(),
        }
    }
}

impl Preferences {
    /// Reads the preferences saved by [`Preferences::save`]; defaults when
    /// there are none or they cannot be decoded (e.g. an older format).
    pub fn restore(storage: &dyn eframe::Storage) -> Self {
        eframe::get_value(storage, PREFERENCES_KEY).unwrap_or_default()
    }

    /// Writes the preferences to eframe's storage.
    pub fn save(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFERENCES_KEY, self);
    }

    /// Where the reader was in the document with this fingerprint.
    pub fn reading_position(&self, fingerprint: &str) -> Option<usize> {
        self.reading_positions
            .iter()
            .find(|p| p.fingerprint == fingerprint)
            .map(|p| p.top_offset)
    }

    /// Remembers where the reader is in the document with this fingerprint,
    /// forgetting the least recently read beyond [`MAX_POSITIONS`].
    fn remember_position(&mut self, fingerprint: &str, top_offset: usize) {
        let positions = &mut self.reading_positions;
        match positions.iter().position(|p| p.fingerprint == fingerprint) {
            Some(0) => positions[0].top_offset = top_offset,
            found => {
                if let Some(index) = found {
                    positions.remove(index);
                }
                positions.insert(
                    0,
                    ReadingPlace {
                        fingerprint: fingerprint.to_owned(),
                        top_offset,
                    },
                );
                positions.truncate(MAX_POSITIONS);
            }
        }
    }
}

/// Opens the Dramatis window on `path`, or on the bundled sample article.
pub fn run(path: Option<PathBuf>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Dramatis")
            .with_app_id("dramatis")
            .with_inner_size([1180.0, 800.0])
            .with_min_inner_size([520.0, 360.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "Dramatis",
        options,
        Box::new(move |cc| Ok(Box::new(DramatisApp::new(cc, path)))),
    )
}

/// The article shown when Dramatis starts without a file.
pub fn sample_document() -> Document {
    document::sample()
}

/// How the window asks for a file's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileChooser {
    /// The system's file dialog, through rfd. Once it turns out there is
    /// none, the window switches to [`FileChooser::Fallback`].
    System,
    /// No system dialog: files are opened through a path window that also
    /// lists the recent files, and exports are written to `documents`
    /// (under a name not yet taken), or refused with a sentence when there
    /// is no such folder.
    Fallback {
        /// The folder exports are written to.
        documents: Option<PathBuf>,
    },
}

impl FileChooser {
    /// The fallback, writing exports to the person's documents folder: the
    /// one the system names (on Linux `XDG_DOCUMENTS_DIR`, which is often
    /// not set), else `~/Documents` when it exists, else the home folder.
    pub fn fallback() -> Self {
        let documents = directories::UserDirs::new().map(|dirs| {
            let home = dirs.home_dir();
            dirs.document_dir()
                .map(Path::to_owned)
                .into_iter()
                .chain([home.join("Documents")])
                .find(|dir| dir.is_dir())
                .unwrap_or_else(|| home.to_owned())
        });
        Self::Fallback { documents }
    }
}

/// The whole application state.
pub struct DramatisApp {
    loaded: Loaded,
    reader: ReaderView,
    state: ReaderState,
    preferences: Preferences,
    cast: CastPanel,
    find: FindBar,
    /// The text with case folded for find, built on the first search.
    folded: Option<FoldedText>,
    load_job: Option<LoadJob>,
    /// Exports being written to their files.
    export_jobs: Vec<ExportJob>,
    /// Notes being read for the open document (an import, an old notes file).
    notes_job: Option<NotesJob>,
    dialog_job: Option<DialogJob>,
    /// Whether there is a system file dialog, as far as the window knows.
    file_chooser: FileChooser,
    /// The path window asking for a file, while open, and what for.
    path_window: Option<(DialogPurpose, PathWindow)>,
    error: Option<String>,
    notice: Option<String>,
    commands: Vec<Command>,
    window_title: String,
    ctx: Option<egui::Context>,
    /// Where notes are kept; `None` when there is no data directory (the
    /// notes then live only in the window, and the banner says so).
    store: Option<Store>,
    /// The personal dictionary applied to every document.
    dictionary: Dictionary,
    /// The writer thread, started with the store.
    saver: Option<SaveJob>,
    /// When the notes changed and were not yet handed to the writer.
    notes_dirty: Option<Instant>,
    /// The dictionary changed and is not yet handed to the writer.
    dictionary_dirty: bool,
    /// The cast was corrected since the library was last told: once the
    /// notes are written, the library analyses the changed documents again.
    corrections_for_library: bool,
    /// The notes file's stamp when this window last saved or read it.
    disk_stamp: Option<Stamp>,
    /// When the window last looked at the notes file's stamp.
    disk_polled: Instant,
    /// Earlier states of the notes, for Ctrl+Z.
    undo: Vec<Annotations>,
    /// States Ctrl+Z left, most recent last, for Ctrl+Shift+Z; a new
    /// change forgets them.
    redo: Vec<Annotations>,
    /// The highlight whose note was last typed in: one undo step per note.
    last_typed: Option<u64>,
    notes: NotesPanel,
    card: HighlightCard,
    export_chooser: bool,
    /// The corrections dialog, while it is open.
    correction_dialog: Option<CorrectionDialog>,
    /// The Go to dialog, while open.
    go_to: Option<GoToDialog>,
    /// The reading position last remembered for the open document.
    remembered_offset: Option<usize>,
    /// A short message in the status line and when it was shown.
    status_message: Option<(String, Instant)>,
    /// The library's threads, once started.
    library: Option<library_jobs::LibraryJob>,
    /// What the library view shows, as the library last said.
    library_model: LibraryModel,
    /// The library view's own state.
    library_view: LibraryView,
    /// A passage to go to once this file is open: path, first character,
    /// one past the last.
    pending_jump: Option<(PathBuf, usize, usize)>,
}

impl DramatisApp {
    /// Creates the app inside eframe: restores preferences, then opens `path`
    /// in the background or shows the sample.
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        let preferences = cc.storage.map(Preferences::restore).unwrap_or_default();
        let (store, store_problem) = match Store::default_location() {
            Ok(store) => (Some(store), None),
            Err(err) => (
                None,
                Some(format!(
                    "Your notes cannot be kept between runs (there is no data folder); they \
                     stay in the window until it closes. {err}"
                )),
            ),
        };
        let mut app = match path {
            None => Self::analysed_with_notes(sample_document(), store, preferences),
            Some(path) => {
                // Until the file is ready the window shows the title it
                // will have unless its text names one (the file's name
                // without extension) over an empty page, with the progress
                // bar above.
                let title = document::fallback_title(&path);
                let placeholder =
                    document::from_text(String::new(), Format::PlainText, None, &title);
                let mut app =
                    Self::with_loaded(Loaded::new(placeholder, Analysis::default()), preferences);
                app.ctx = Some(cc.egui_ctx.clone());
                app.use_store(store);
                app.apply(Command::Open(path));
                app
            }
        };
        if let Some(problem) = store_problem {
            app.notice = Some(problem);
        }
        app.ctx = Some(cc.egui_ctx.clone());
        // The folders added before are rescanned from the start.
        app.start_library();
        app
    }

    /// The app over `document`, analysed on the calling thread, with the
    /// reader's notes kept in `store`: for tests and embedding.
    pub fn with_store(document: Document, store: Store) -> Self {
        Self::analysed_with_notes(document, Some(store), Preferences::default())
    }

    /// The app over `document`, analysed on the calling thread, with the
    /// reader's notes on it from `store`, when there is one.
    fn analysed_with_notes(
        document: Document,
        store: Option<Store>,
        preferences: Preferences,
    ) -> Self {
        let placeholder = document::from_text(String::new(), Format::PlainText, None, "");
        let mut app = Self::with_loaded(Loaded::new(placeholder, Analysis::default()), preferences);
        app.use_store(store);
        let mut loaded = Loaded::analyse_now(document);
        if let Some(store) = &app.store {
            loaded = loaded.with_notes(store, &app.dictionary);
        }
        app.show_loaded(loaded);
        app
    }

    /// Keeps notes in `store` from now on: reads the personal dictionary
    /// and starts the writer.
    fn use_store(&mut self, store: Option<Store>) {
        let Some(store) = store else { return };
        let (dictionary, problems) = store.dictionary();
        self.dictionary = dictionary;
        if !problems.is_empty() {
            self.error = Some(problems.join(" "));
        }
        match SaveJob::start(store.clone(), self.wake()) {
            Ok(saver) => self.saver = Some(saver),
            Err(err) => self.error = Some(err.to_string()),
        }
        self.store = Some(store);
    }

    /// The reader's highlights, notes and corrections on the open document.
    pub fn annotations(&self) -> &Annotations {
        &self.loaded.annotations
    }

    /// The personal dictionary.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// Writes the notes now, if they changed, and waits until they are on disk.
    pub fn flush_notes(&mut self) {
        self.save_notes(true);
    }

    /// Hands the notes to the writer; with `wait`, until they are written.
    fn save_notes(&mut self, wait: bool) {
        if self.notes_dirty.is_none() && !self.dictionary_dirty {
            return;
        }
        let (Some(store), Some(saver)) = (&self.store, &mut self.saver) else {
            return;
        };
        let dictionary = self.dictionary_dirty.then_some(&self.dictionary);
        saver.save(
            store,
            &self.loaded.base,
            &self.loaded.annotations,
            self.loaded.replaces.as_deref(),
            dictionary,
            wait,
        );
        // Once written, the file holds at least these notes: the next save
        // is merged from them. (A failed save forgets the base instead.)
        self.loaded.base = Base::of(&self.loaded.annotations);
        // Once written under the new fingerprint the old file is gone.
        self.loaded.replaces = None;
        self.notes_dirty = None;
        self.dictionary_dirty = false;
    }

    /// Notes changed: remember to write them soon.
    fn notes_changed(&mut self) {
        self.notes_dirty.get_or_insert_with(Instant::now);
    }

    /// Keeps the present notes for Ctrl+Z before the first key of a run of
    /// typing in one highlight's note or tags: one undo step per run.
    fn record_typing_undo(&mut self, id: u64) {
        if self.last_typed != Some(id) {
            self.record_undo();
            self.last_typed = Some(id);
        }
    }

    /// Keeps the present notes for Ctrl+Z before a change.
    fn record_undo(&mut self) {
        self.last_typed = None;
        self.redo.clear();
        self.undo.push(self.loaded.annotations.clone());
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
    }

    /// Puts `notes` (from the undo or redo history) in place of the present
    /// notes, which it returns, and brings the window up to date with them.
    fn restore_notes(&mut self, notes: Annotations) -> Annotations {
        let corrections_changed = notes.corrections != self.loaded.annotations.corrections;
        let present = std::mem::replace(&mut self.loaded.annotations, notes);
        self.last_typed = None;
        if self
            .state
            .open_highlight
            .is_some_and(|id| self.loaded.annotations.highlight(id).is_none())
        {
            self.state.open_highlight = None;
        }
        self.card = HighlightCard::default();
        if corrections_changed {
            self.refresh_analysis();
        }
        self.notes_changed();
        present
    }

    /// Creates the app over an already analysed document, with default
    /// preferences and no storage: for tests and embedding.
    pub fn from_parts(document: Document, analysis: Analysis) -> Self {
        Self::with_loaded(Loaded::new(document, analysis), Preferences::default())
    }

    /// The app on the bundled sample, analysed on the calling thread.
    pub fn with_sample() -> Self {
        Self::with_loaded(
            Loaded::analyse_now(sample_document()),
            Preferences::default(),
        )
    }

    fn with_loaded(loaded: Loaded, preferences: Preferences) -> Self {
        let reader = ReaderView::new(&loaded.document, &loaded.analysis);
        let state = ReaderState {
            show_kind: preferences.show_kind,
            show_quotes: preferences.show_quotes,
            spoiler_free_cast: preferences.spoiler_free_cast,
            text_size: readable_size(preferences.text_size),
            ui_scale: usable_scale(preferences.ui_scale),
            ..ReaderState::default()
        };
        Self {
            loaded,
            reader,
            state,
            preferences,
            cast: CastPanel::default(),
            find: FindBar::default(),
            folded: None,
            load_job: None,
            notes_job: None,
            export_jobs: Vec::new(),
            dialog_job: None,
            file_chooser: FileChooser::System,
            path_window: None,
            error: None,
            notice: None,
            commands: Vec::new(),
            window_title: String::new(),
            ctx: None,
            store: None,
            dictionary: Dictionary::default(),
            saver: None,
            notes_dirty: None,
            dictionary_dirty: false,
            corrections_for_library: false,
            disk_stamp: None,
            disk_polled: Instant::now(),
            undo: Vec::new(),
            redo: Vec::new(),
            last_typed: None,
            notes: NotesPanel::default(),
            card: HighlightCard::default(),
            export_chooser: false,
            correction_dialog: None,
            go_to: None,
            remembered_offset: None,
            status_message: None,
            library: None,
            library_model: LibraryModel::default(),
            library_view: LibraryView::default(),
            pending_jump: None,
        }
        .restoring_position()
    }

    /// Creates the app over an already analysed document with these
    /// preferences (e.g. restored from storage), at the reading position
    /// they remember for it: for tests and embedding.
    pub fn from_parts_with_preferences(
        document: Document,
        analysis: Analysis,
        preferences: Preferences,
    ) -> Self {
        Self::with_loaded(Loaded::new(document, analysis), preferences)
    }

    /// Asks the reader to go back to where it was in the open document.
    fn restoring_position(mut self) -> Self {
        self.restore_position();
        self
    }

    /// Asks the reader to go back to where it was in the open document.
    fn restore_position(&mut self) {
        let fingerprint = &self.loaded.annotations.fingerprint;
        let offset = self.preferences.reading_position(fingerprint);
        self.remembered_offset = offset;
        // A document never read opens at its start, not where the last one
        // was left (egui keeps the scroll offset of the reader's area).
        self.state.scroll_to_top = Some(offset.unwrap_or(0));
        // Read up to where the reader was; the first frame shown at that
        // place brings it to the end of the text in view.
        self.state.read_up_to = offset.unwrap_or(0);
    }

    /// Remembers where the reader is, once it has shown the open document.
    fn remember_position(&mut self, ctx: &egui::Context) {
        let Some(position) = self.reader.reading_position() else {
            return;
        };
        if self.loaded.document.text.is_empty() || self.state.scroll_to_top.is_some() {
            return;
        }
        if let Some(in_view) = self.reader.in_view() {
            let end = if position.end_in_view {
                self.loaded.document.text.len()
            } else {
                in_view.end
            };
            if end > self.state.read_up_to {
                self.state.read_up_to = end;
                if self.state.spoiler_free_cast {
                    // The cast was drawn before the reader moved.
                    ctx.request_repaint();
                }
            }
        }
        if self.remembered_offset != Some(position.top_offset) {
            self.remembered_offset = Some(position.top_offset);
            let fingerprint = self.loaded.annotations.fingerprint.clone();
            self.preferences
                .remember_position(&fingerprint, position.top_offset);
            // The status line was drawn before the reader moved.
            ctx.request_repaint();
        }
    }

    /// Shows a short message in the status line for a few seconds.
    fn say(&mut self, message: &str) {
        self.status_message = Some((message.to_owned(), Instant::now()));
        if let Some(ctx) = &self.ctx {
            ctx.request_repaint_after(STATUS_MESSAGE_TIME);
        }
    }

    /// The short message in the status line, if one is showing.
    pub fn status_message(&self) -> Option<&str> {
        self.status_message.as_ref().map(|(m, _)| m.as_str())
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.loaded.document
    }

    /// The open document's analysis.
    pub fn analysis(&self) -> &Analysis {
        &self.loaded.analysis
    }

    /// The reader's state: selection, marks, find matches, text size.
    pub fn state(&self) -> &ReaderState {
        &self.state
    }

    /// Where the reader is in the open document, as last painted; `None`
    /// before it was first shown.
    pub fn reading_position(&self) -> Option<crate::ui::reader::ReadingPosition> {
        self.reader.reading_position()
    }

    /// The screen rect in which the reader shows text, as last drawn.
    pub fn reader_viewport(&self) -> egui::Rect {
        self.reader.viewport_rect()
    }

    /// The preferences as they would be saved.
    pub fn preferences(&self) -> &Preferences {
        &self.preferences
    }

    /// The error shown in the banner, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The notice shown in the banner (not an error), if any.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// True while a file is being loaded or analysed, or notes read.
    pub fn is_busy(&self) -> bool {
        self.load_job.is_some() || self.notes_job.is_some()
    }

    /// Draws the whole window into `ui` and applies what the person asked for.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.ctx = Some(ctx.clone());
        if ctx.options(|o| o.theme_preference) != self.preferences.theme {
            ctx.set_theme(self.preferences.theme);
        }
        // Ctrl+Plus, Ctrl+Minus and Ctrl+0 zoom the whole window, as egui's
        // own handler would; they go through a command so the scale is one
        // of the preferences and survives a restart.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        if ctx.zoom_factor() != self.state.ui_scale {
            ctx.set_zoom_factor(self.state.ui_scale);
        }

        self.poll_jobs();
        self.keyboard_commands(&ctx);
        self.dropped_file_commands(&ctx);
        self.state.hovered_entity = None;

        let mut commands = std::mem::take(&mut self.commands);
        self.panels_ui(ui, &mut commands);
        for command in commands {
            self.apply(command);
        }

        self.remember_position(&ctx);
        if self
            .status_message
            .as_ref()
            .is_some_and(|(_, shown)| shown.elapsed() >= STATUS_MESSAGE_TIME)
        {
            self.status_message = None;
        }
        self.update_window_title(&ctx);
        if self.load_job.is_some()
            || self.dialog_job.is_some()
            || self.notes_job.is_some()
            || !self.export_jobs.is_empty()
        {
            ctx.request_repaint_after(Duration::from_millis(50));
        }
        if self.store.is_some() {
            // To notice another writer's changes to the notes file.
            ctx.request_repaint_after(DISK_POLL);
        }
        if let Some(changed) = self.notes_dirty {
            if changed.elapsed() >= SAVE_DELAY {
                self.save_notes(false);
            } else {
                ctx.request_repaint_after(SAVE_DELAY);
            }
        } else if self.dictionary_dirty {
            self.save_notes(false);
        }
    }

    fn panels_ui(&mut self, ui: &mut Ui, commands: &mut Vec<Command>) {
        egui::Panel::top("menu bar").show(ui, |ui| {
            chrome::menu_bar_ui(
                ui,
                &self.preferences.recent,
                self.preferences.theme,
                chrome::EditHistory {
                    can_undo: !self.undo.is_empty(),
                    can_redo: !self.redo.is_empty(),
                },
                &self.state,
                commands,
            );
        });
        egui::Panel::top("toolbar").show(ui, |ui| {
            ui.add_space(2.0);
            let book = !self.loaded.document.sections.is_empty();
            let library = self.state.view == MainView::Library;
            if !library {
                chrome::legend_ui(ui, &self.state, book, commands);
            }
            if self.find.open && !library {
                ui.add_space(2.0);
                self.find.ui(ui, &self.state, commands);
            }
            if let Some(job) = &self.load_job {
                let name = chrome::file_name(&job.path);
                match job.phase {
                    Phase::Loading => chrome::progress_ui(ui, &format!("Loading {name}…"), None),
                    Phase::Analysing(f) => {
                        chrome::progress_ui(ui, &format!("Analysing {name}…"), Some(f));
                    }
                }
            }
            if let Some(message) = &self.error {
                chrome::banner_ui(ui, BannerKind::Error, message, commands);
            } else if let Some(message) = &self.notice {
                chrome::banner_ui(ui, BannerKind::Notice, message, commands);
            }
            ui.add_space(2.0);
        });
        egui::Panel::bottom("status line").show(ui, |ui| {
            ui.add_space(2.0);
            let status = match &self.load_job {
                Some(job) if self.loaded.document.text.is_empty() => {
                    format!("Opening {}…", chrome::file_name(&job.path))
                }
                _ if self.state.view == MainView::Library => self.library_model.status_text(),
                _ => chrome::status_text(self.loaded.words, &self.loaded.analysis),
            };
            ui.horizontal(|ui| {
                match &self.status_message {
                    Some((message, _)) => ui.label(message.as_str()),
                    None => ui.weak(status),
                };
                if let Some(position) = self.reader.reading_position()
                    && !self.loaded.document.text.is_empty()
                    && self.state.view != MainView::Library
                {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.weak(chrome::position_text(&self.loaded.document, position));
                    });
                }
            });
            ui.add_space(2.0);
        });
        // A narrow window starts without the side panel; shown there, the
        // panel takes at most 45% of the width.
        let width = ui.ctx().content_rect().width();
        self.state.side_panel_shown = self
            .preferences
            .side_panel
            .unwrap_or(width >= NARROW_WINDOW_WIDTH);
        if self.state.view == MainView::Library {
            egui::CentralPanel::default().show(ui, |ui| {
                self.library_view.ui(ui, &self.library_model, commands);
            });
            self.floating_ui(ui.ctx(), commands);
            file_hover_ui(ui);
            return;
        }
        if self.state.side_panel_shown {
            self.side_panel_ui(ui, width, commands);
        }
        // No frame: the reader paints its own page colour edge to edge.
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                let book = !self.loaded.document.sections.is_empty();
                if book && self.state.view == MainView::Book {
                    book::book_view_ui(
                        ui,
                        &self.loaded.document,
                        &self.loaded.analysis,
                        &self.loaded.figures,
                        &self.state,
                        commands,
                    );
                    return;
                }
                // The overview bar stands at the right, beside the text
                // and its scroll bar.
                let full = ui.available_rect_before_wrap();
                let (text_rect, bar_rect) =
                    full.split_left_right_at_x(full.right() - overview::OVERVIEW_WIDTH);
                ui.scope_builder(egui::UiBuilder::new().max_rect(text_rect), |ui| {
                    self.reader.ui(
                        ui,
                        &self.loaded.document,
                        &self.loaded.analysis,
                        &self.loaded.annotations.highlights,
                        &mut self.state,
                        commands,
                    );
                });
                if !self.loaded.document.text.is_empty() {
                    overview::overview_ui(
                        ui,
                        bar_rect,
                        &self.loaded.document,
                        &self.loaded.analysis,
                        &self.loaded.annotations.highlights,
                        &self.state,
                        self.reader.in_view(),
                        commands,
                    );
                }
            });
        self.floating_ui(ui.ctx(), commands);
        file_hover_ui(ui);
    }

    /// The side panel: the cast or the notes, at most 45% of the window's
    /// `width` wide less the overview bar, so the text keeps half the window.
    fn side_panel_ui(&mut self, ui: &mut Ui, width: f32, commands: &mut Vec<Command>) {
        let widest = (0.45 * width - overview::OVERVIEW_WIDTH).clamp(160.0, 520.0);
        egui::Panel::right("cast panel")
            .resizable(true)
            .default_size(300.0_f32.min(widest))
            .size_range(160.0..=widest)
            .show(ui, |ui| {
                let waiting = self.load_job.is_some() && self.loaded.document.text.is_empty();
                if waiting {
                    ui.add_space(4.0);
                    ui.heading("Cast");
                    ui.weak("The cast appears when the analysis is done.");
                    return;
                }
                ui.add_space(4.0);
                ui.horizontal(|ui| {
                    let count = self.loaded.annotations.highlights.len()
                        + self.loaded.annotations.orphans.len();
                    for (tab, label) in [
                        (SideTab::Cast, "Cast".to_owned()),
                        (SideTab::Notes, format!("Notes ({count})")),
                    ] {
                        let response = ui.selectable_label(self.state.side_tab == tab, label);
                        if response.clicked() {
                            commands.push(Command::ShowSideTab(tab));
                        }
                    }
                });
                ui.separator();
                match self.state.side_tab {
                    SideTab::Cast => self.cast.ui(
                        ui,
                        &self.loaded.document,
                        &self.loaded.analysis,
                        &self.loaded.annotations,
                        &mut self.state,
                        commands,
                    ),
                    SideTab::Notes => {
                        self.notes
                            .ui(ui, &self.loaded.annotations, &self.state, commands);
                    }
                }
            });
    }

    /// The highlight card, the selection palette and the export chooser.
    fn floating_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        let viewport = self.reader.viewport_rect();
        if let Some(highlight) = self
            .state
            .open_highlight
            .and_then(|id| self.loaded.annotations.highlight(id))
        {
            let anchor = self.reader.open_highlight_rect().map_or_else(
                || viewport.right_top() + egui::vec2(-340.0, 12.0),
                |r| r.left_bottom() + egui::vec2(0.0, 6.0),
            );
            self.card.ui(ctx, anchor, highlight, commands);
        } else if let (Some(selection), Some(rect)) =
            (self.state.selection, self.reader.selection_end_rect())
        {
            let anchor = rect.right_bottom() + egui::vec2(-40.0, 6.0);
            if viewport.contains(rect.right_bottom()) {
                selection_palette_ui(ctx, anchor, selection, commands);
            }
        }
        if let Some(dialog) = &mut self.correction_dialog
            && !dialog.ui(ctx, &self.loaded.analysis, commands)
        {
            self.correction_dialog = None;
        }
        if let Some(dialog) = &mut self.go_to
            && !dialog.ui(ctx, &self.loaded.document, commands)
        {
            self.go_to = None;
        }
        self.path_window_ui(ctx);
        if self.export_chooser {
            let modal = egui::Modal::new(egui::Id::unique("export chooser")).show(ctx, |ui| {
                ui.heading("Export notes");
                ui.label(format!(
                    "{} from “{}”, in the format of the tool you keep notes in:",
                    chrome::counted(
                        self.loaded.annotations.highlights.len(),
                        "highlight",
                        "highlights"
                    ),
                    self.loaded.document.title
                ));
                ui.add_space(4.0);
                for format in ExportFormat::ALL {
                    // "…" only where a dialog follows the click.
                    let label = match self.file_chooser {
                        FileChooser::System => format!("{}…", format.label()),
                        FileChooser::Fallback { .. } => format.label().to_owned(),
                    };
                    if ui.button(label).clicked() {
                        commands.push(Command::ExportDialog(format));
                        self.export_chooser = false;
                    }
                }
                ui.add_space(4.0);
                if ui.button("Cancel").clicked() {
                    self.export_chooser = false;
                }
            });
            if modal.should_close() {
                self.export_chooser = false;
            }
        }
    }

    /// Keyboard shortcuts. Plain letter keys only act when no text field has
    /// the keyboard, so typing "n" in the filter box types an "n".
    fn keyboard_commands(&mut self, ctx: &egui::Context) {
        let command = |key| KeyboardShortcut::new(Modifiers::COMMAND, key);
        let library = ctx.input_mut(|i| i.consume_shortcut(&command(Key::L)));
        if library {
            self.commands.push(Command::ToggleLibrary);
        }
        let (open, find, larger, smaller, reset, export, panel, quit, go_to) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&command(Key::O)),
                i.consume_shortcut(&command(Key::F)),
                i.consume_shortcut(&command(Key::Plus))
                    || i.consume_shortcut(&command(Key::Equals)),
                i.consume_shortcut(&command(Key::Minus)),
                i.consume_shortcut(&command(Key::Num0)),
                i.consume_shortcut(&command(Key::E)),
                i.consume_key(Modifiers::NONE, Key::F9),
                i.consume_shortcut(&command(Key::Q)),
                i.consume_shortcut(&command(Key::G)),
            )
        });
        if go_to {
            self.commands.push(Command::OpenGoTo);
        }
        if quit {
            self.commands.push(Command::Quit);
        }
        if panel {
            self.commands.push(Command::ToggleSidePanel);
        }
        if export {
            self.commands.push(Command::ExportChooser);
        }
        if open {
            self.commands.push(Command::OpenDialog);
        }
        if find && self.state.view == MainView::Library {
            self.library_view.show_search();
        } else if find {
            self.commands.push(Command::OpenFind);
        }
        let scale = self.state.ui_scale;
        if larger {
            self.commands
                .push(Command::SetUiScale(scale + UI_SCALE_STEP));
        }
        if smaller {
            self.commands
                .push(Command::SetUiScale(scale - UI_SCALE_STEP));
        }
        if reset {
            self.commands.push(Command::SetUiScale(1.0));
        }
        if ctx.text_edit_focused() {
            if ctx.input(|i| i.key_pressed(Key::Escape)) && self.state.open_highlight.is_some() {
                self.commands.push(Command::OpenHighlight(None));
            }
            return;
        }
        // A letter typed while a dialog is open is not a shortcut for the
        // window behind it; the library view takes its own keys.
        if self.correction_dialog.is_some()
            || self.go_to.is_some()
            || self.path_window.is_some()
            || self.state.view == MainView::Library
        {
            return;
        }
        // Ctrl+Shift+Z first: the Ctrl+Z pattern also matches it, as egui
        // ignores Shift that a pattern does not name.
        let (highlight, redo, undo) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::H),
                i.consume_shortcut(&KeyboardShortcut::new(
                    Modifiers::COMMAND | Modifiers::SHIFT,
                    Key::Z,
                )) || i.consume_shortcut(&command(Key::Y)),
                i.consume_shortcut(&command(Key::Z)),
            )
        });
        if redo {
            self.commands.push(Command::Redo);
        }
        if highlight {
            match self.state.selection {
                Some(span) => self.commands.push(Command::AddHighlight {
                    span,
                    color: self.state.highlight_color,
                }),
                None => self.say("Select a passage first, then press H to highlight it."),
            }
        }
        if undo {
            self.commands.push(Command::Undo);
        }
        if let Some(step) = scroll_key(ctx) {
            self.commands.push(Command::Scroll(step));
        }
        // Shift+N first: a plain `N` pattern would also match Shift+N, as
        // egui ignores Shift when matching keys that type text.
        let (previous, next, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::SHIFT, Key::N),
                i.consume_key(Modifiers::NONE, Key::N),
                i.key_pressed(Key::Escape),
            )
        });
        if next {
            self.commands.push(Command::NextMention);
        }
        if previous {
            self.commands.push(Command::PreviousMention);
        }
        if escape && self.state.open_highlight.is_some() {
            self.commands.push(Command::OpenHighlight(None));
        } else if escape && self.state.selection.is_some() {
            self.state.selection = None;
        } else if escape && !self.find.open && self.state.selected_entity.is_some() {
            self.commands.push(Command::ClearSelection);
        }
    }

    fn dropped_file_commands(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        // Several files dropped at once: the last one wins, as opening is
        // one document at a time.
        if let Some(path) = dropped.into_iter().last() {
            self.commands.push(Command::Open(path));
        }
    }

    fn update_window_title(&mut self, ctx: &egui::Context) {
        let title = format!("{} — Dramatis", self.loaded.document.title);
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn wake(&self) -> impl Fn() + Send + 'static {
        let ctx = self.ctx.clone();
        move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        }
    }

    fn poll_jobs(&mut self) {
        let mut k = 0;
        while k < self.export_jobs.len() {
            match self.export_jobs[k].poll() {
                None => k += 1,
                Some(written) => {
                    let job = self.export_jobs.remove(k);
                    match written {
                        Ok(()) => self.notice = Some(job.done_notice),
                        Err(message) => self.error = Some(message),
                    }
                }
            }
        }
        if let Some(job) = &mut self.notes_job
            && let Some(result) = job.poll()
            && let Some(job) = self.notes_job.take()
        {
            self.finish_notes_job(&job, result);
        }
        if let Some(job) = &mut self.load_job {
            match job.poll() {
                LoadPoll::Busy => {}
                LoadPoll::Done(loaded) => {
                    self.load_job = None;
                    self.show_loaded(*loaded);
                }
                LoadPoll::Failed(message) => {
                    self.load_job = None;
                    // A failed first open (from the command line) leaves
                    // nothing to read; show the sample under the message.
                    if self.loaded.document.text.is_empty() {
                        self.show_loaded(Loaded::analyse_now(sample_document()));
                    }
                    self.error = Some(message);
                }
            }
        }
        if let Some(error) = self.saver.as_ref().and_then(SaveJob::poll_error) {
            // Still dirty: the next change tries again, and closing the window too.
            self.notes_changed();
            // The file may lack what this window handed on: with no base,
            // the next save keeps everything in the file and in the window.
            self.loaded.base = Base::default();
            self.error = Some(error);
        }
        while let Some(synced) = self.saver.as_ref().and_then(SaveJob::poll_synced) {
            let latest = self
                .saver
                .as_ref()
                .is_some_and(|s| s.last_seq() == synced.seq);
            self.take_disk_notes(synced);
            // Told once everything corrected is written, not before.
            let written = latest && self.notes_dirty.is_none() && !self.dictionary_dirty;
            if written && std::mem::take(&mut self.corrections_for_library) {
                self.library_corrected();
            }
        }
        self.poll_disk();
        self.poll_library();
        let answer = self
            .dialog_job
            .as_ref()
            .and_then(|job| job.poll().map(|answer| (job.purpose.clone(), answer)));
        if let Some((purpose, answer)) = answer {
            self.dialog_job = None;
            match answer {
                DialogAnswer::Picked(path) => match purpose {
                    DialogPurpose::Open => self.apply(Command::Open(path)),
                    DialogPurpose::AddFolder => self.add_to_library(path),
                    DialogPurpose::Export(format) => self.export_to(format, &path),
                    DialogPurpose::Import => self.import_from(&path),
                    DialogPurpose::NotesFile => self.notes_from(&path),
                },
                DialogAnswer::Cancelled => {}
                DialogAnswer::Unavailable => {
                    self.file_chooser = FileChooser::fallback();
                    self.without_dialog(purpose);
                }
            }
        }
    }

    /// Merges into the window what the notes writer found in the open
    /// document's notes file (changes another window or `dramatis import`
    /// made), so they show and the next save keeps them.
    fn take_disk_notes(&mut self, synced: Synced) {
        let Some(saver) = &self.saver else { return };
        let disk = &synced.saved.annotations;
        if disk.fingerprint != self.loaded.annotations.fingerprint {
            return;
        }
        let latest = synced.seq == saver.last_seq();
        let base = match &synced.sent {
            Some(sent) => Base::of(sent),
            None => self.loaded.base.clone(),
        };
        let merged = merge::merge(&base, &self.loaded.annotations, disk);
        if latest {
            // Nothing else is on its way to the file: it is the new base.
            self.loaded.base = Base::of(disk);
            self.disk_stamp = synced.saved.stamp;
        }
        if merged != self.loaded.annotations {
            let corrected = merged.corrections != self.loaded.annotations.corrections;
            self.loaded.annotations = merged;
            if corrected {
                self.refresh_analysis();
            }
        }
    }

    /// Every [`DISK_POLL`], asks the writer to read the notes file again
    /// when its stamp changed since this window saved or read it.
    fn poll_disk(&mut self) {
        if self.disk_polled.elapsed() < DISK_POLL || self.load_job.is_some() {
            return;
        }
        self.disk_polled = Instant::now();
        let (Some(store), Some(saver)) = (&self.store, &mut self.saver) else {
            return;
        };
        let fingerprint = &self.loaded.annotations.fingerprint;
        let stamp = Stamp::of(&store.annotations_path(fingerprint));
        if stamp.is_some() && stamp != self.disk_stamp {
            self.disk_stamp = stamp;
            saver.reread(store, fingerprint);
        }
    }

    /// Waits for the current load to finish, for tests and headless use.
    /// Returns false if nothing was loading.
    pub fn finish_loading(&mut self) -> bool {
        self.poll_while(|app| app.load_job.is_some())
    }

    /// Waits for notes being read (an import, an old notes file) to be
    /// added, for tests. Returns false if none were being read.
    pub fn finish_reading_notes(&mut self) -> bool {
        self.poll_while(|app| app.notes_job.is_some())
    }

    /// Polls the background jobs until `busy` is false; false if it was
    /// false from the start.
    fn poll_while(&mut self, busy: impl Fn(&Self) -> bool) -> bool {
        if !busy(self) {
            return false;
        }
        while busy(self) {
            self.poll_jobs();
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        true
    }

    /// Replaces the open document with a freshly loaded one.
    fn show_loaded(&mut self, loaded: Loaded) {
        // The notes on the document being closed are written first.
        self.save_notes(false);
        self.undo.clear();
        self.redo.clear();
        self.last_typed = None;
        if let Some(path) = &loaded.document.path {
            self.remember_recent(path);
            self.library_opened(path);
        }
        self.reader = ReaderView::new(&loaded.document, &loaded.analysis);
        self.cast.invalidate();
        self.folded = None;
        // Repairs made while loading (e.g. invalid UTF-8 replaced) are worth
        // knowing but do not stop reading.
        self.notice = (!loaded.document.warnings.is_empty()).then(|| {
            let name = loaded.document.path.as_deref().map(chrome::file_name);
            format!(
                "{}: {}",
                loaded.document.warnings.join("; "),
                name.unwrap_or_default()
            )
        });
        let mut problems = loaded.notes_problems.clone();
        if loaded.orphaned > 0 {
            problems.push(format!(
                "The article changed since your notes were made: {} could not be found and \
                 {} listed under Notes, to attach again or delete.",
                chrome::counted(loaded.orphaned, "highlight", "highlights"),
                if loaded.orphaned == 1 { "is" } else { "are" }
            ));
        }
        let replaced = loaded.replaces.is_some();
        self.loaded = loaded;
        self.error = (!problems.is_empty()).then(|| problems.join(" "));
        if replaced {
            // Found by path in an edited article: write them under the new text now.
            self.notes_changed();
        }
        self.state.selection = None;
        self.state.selection_anchor = None;
        self.state.open_highlight = None;
        self.state.selected_entity = None;
        self.state.mention_cursor = 0;
        self.state.hovered_entity = None;
        self.state.marked = None;
        self.state.scroll_target = None;
        self.state.scroll_step = None;
        self.restore_position();
        self.jump_if_pending();
        self.find_now();
    }

    /// Starts writing the notes in `format` to `path`; once written the
    /// banner says `done_notice`, or the error (see [`Self::poll_jobs`]).
    fn export_to(&mut self, format: ExportFormat, path: &Path) {
        let done_notice = format!(
            "Exported {} as {}: {}",
            chrome::counted(
                self.loaded.annotations.highlights.len(),
                "highlight",
                "highlights"
            ),
            format.label(),
            path.display()
        );
        self.export_with_notice(format, path, done_notice);
    }

    fn export_with_notice(&mut self, format: ExportFormat, path: &Path, done_notice: String) {
        let time_zone = jiff::tz::TimeZone::system();
        let input = ExportInput {
            document: &self.loaded.document,
            analysis: &self.loaded.analysis,
            annotations: &self.loaded.annotations,
            exported: jiff::Timestamp::now(),
            time_zone: &time_zone,
        };
        let text = export::export(format, &input);
        match ExportJob::start(path.to_owned(), text, done_notice, self.wake()) {
            Ok(job) => self.export_jobs.push(job),
            Err(err) => self.error = Some(err.to_string()),
        }
    }

    /// Waits for the exports being written, for tests. Returns false if
    /// none were.
    pub fn finish_exporting(&mut self) -> bool {
        self.poll_while(|app| !app.export_jobs.is_empty())
    }

    /// Starts bringing W3C annotations from `path` into the open document's
    /// notes; [`Self::poll_jobs`] adds them when they are found.
    fn import_from(&mut self, path: &Path) {
        let job = NotesJob::import(
            path.to_owned(),
            &self.loaded.document,
            self.loaded.annotations.fingerprint.clone(),
            self.wake(),
        );
        self.start_notes_job(job, "Importing notes from", path);
    }

    /// Starts taking the notes from an old notes file (the article was
    /// moved or renamed); [`Self::poll_jobs`] shows them when they are found
    /// again in the text.
    fn notes_from(&mut self, file: &Path) {
        let Some(store) = self.store.clone() else {
            self.error = Some("Notes cannot be kept on this system (no data folder).".to_owned());
            return;
        };
        let job = NotesJob::notes_file(
            file.to_owned(),
            store,
            &self.loaded.document,
            self.loaded.annotations.fingerprint.clone(),
            self.wake(),
        );
        self.start_notes_job(job, "Reading notes from", file);
    }

    fn start_notes_job(&mut self, job: anyhow::Result<NotesJob>, doing: &str, path: &Path) {
        match job {
            Ok(job) => {
                self.notice = Some(format!("{doing} {}…", chrome::file_name(path)));
                self.notes_job = Some(job);
            }
            Err(err) => self.error = Some(err.to_string()),
        }
    }

    /// Gives what a notes job found to the open document, unless another
    /// document was opened meanwhile.
    fn finish_notes_job(&mut self, job: &NotesJob, result: Result<NotesFound, String>) {
        let found = match result {
            Ok(found) => found,
            Err(message) => {
                self.notice = None;
                self.error = Some(message);
                return;
            }
        };
        if job.fingerprint != self.loaded.annotations.fingerprint {
            self.notice = Some(format!(
                "The notes from {} were not added: another document was opened meanwhile.",
                chrome::file_name(&job.path)
            ));
            return;
        }
        match found {
            NotesFound::Imported(report) => self.finish_import(&job.path, report),
            NotesFound::FromFile(opened) => self.finish_notes_from(&job.path, *opened),
        }
    }

    /// Adds what an import found to the open document's notes.
    fn finish_import(&mut self, path: &Path, report: ImportReport) {
        self.record_undo();
        let merged = report.merge_into(&mut self.loaded.annotations);
        self.notes_changed();
        let mut message = format!(
            "Imported {} from {}",
            chrome::counted(merged.added, "highlight", "highlights"),
            chrome::file_name(path)
        );
        if merged.orphaned > 0 {
            message.push_str(&format!(
                "; {} could not be placed in this text and are listed under Notes",
                merged.orphaned
            ));
        }
        if merged.duplicates > 0 {
            message.push_str(&format!("; {} were already here", merged.duplicates));
        }
        message.push('.');
        self.notice = Some(message);
        self.state.side_tab = SideTab::Notes;
    }

    /// Shows the notes taken from an old notes file.
    fn finish_notes_from(&mut self, file: &Path, opened: Opened) {
        self.record_undo();
        let orphaned = opened.reanchored.map_or(0, |r| r.orphaned);
        let problems = opened.problems.clone();
        self.loaded.take_opened(opened, &self.dictionary);
        self.refresh_analysis();
        self.notes_changed();
        let mut message = format!(
            "Took {} from {}",
            chrome::counted(
                self.loaded.annotations.highlights.len(),
                "highlight",
                "highlights"
            ),
            chrome::file_name(file)
        );
        if orphaned > 0 {
            message.push_str(&format!(
                "; {orphaned} could not be found and are listed under Notes"
            ));
        }
        message.push('.');
        for problem in problems {
            message.push(' ');
            message.push_str(&problem);
        }
        self.notice = Some(message);
    }

    /// Re-applies the corrections and shows the corrected cast.
    fn refresh_analysis(&mut self) {
        self.corrections_for_library = true;
        self.loaded.correct(&self.dictionary);
        self.reader
            .reanalysed(&self.loaded.document, &self.loaded.analysis);
        self.cast.invalidate();
        self.state.selected_entity = None;
        self.state.mention_cursor = 0;
        self.state.hovered_entity = None;
    }

    /// A passage of the open text, anchored for a correction.
    fn passage(&self, span: Span) -> Option<Passage> {
        let text = &self.loaded.document.text;
        let span = anchor::trim(text, span)?;
        let (quote, position) = anchor::selectors(text, span);
        Some(Passage {
            span,
            quote,
            position,
        })
    }

    fn correct(&mut self, correction: Correction) {
        self.record_undo();
        self.loaded.annotations.corrections.push(correction);
        self.notes_changed();
        self.refresh_analysis();
    }

    fn remember_recent(&mut self, path: &Path) {
        let recent = &mut self.preferences.recent;
        recent.retain(|p| p != path);
        recent.insert(0, path.to_owned());
        recent.truncate(MAX_RECENT);
    }

    /// Applies one command. This is the only place that opens files, shows
    /// dialogs, or changes the selection, and where errors become messages.
    pub fn apply(&mut self, command: Command) {
        match command {
            Command::OpenDialog => self.open_dialog(),
            Command::Open(path) => self.open(path),
            Command::SelectEntity(id) => {
                if self.state.selected_entity == Some(id) {
                    self.step_mention(1);
                } else {
                    self.state.selected_entity = Some(id);
                    self.state.mention_cursor = 0;
                    self.go_to_mention();
                }
            }
            Command::SelectMention { entity, span } => {
                self.state.selected_entity = Some(entity);
                self.state.mention_cursor = self
                    .loaded
                    .analysis
                    .mention_spans(entity)
                    .position(|s| s == span)
                    .unwrap_or(0);
                self.go_to_mention();
                self.cast.scroll_to_selected = true;
            }
            Command::NextMention => self.step_mention(1),
            Command::PreviousMention => self.step_mention(-1),
            Command::ClearSelection => {
                self.state.selected_entity = None;
                self.state.mention_cursor = 0;
                self.state.marked = None;
            }
            Command::SelectQuote(index) => {
                if let Some(quote) = self.loaded.analysis.quotes.get(index) {
                    self.state.selected_entity = None;
                    self.state.marked = Some(quote.span);
                    self.state.scroll_target = Some(quote.span);
                }
            }
            Command::JumpToSection(index) => {
                let doc = &self.loaded.document;
                // The chapter's first block: the reader scrolls to its start.
                let first_block = doc.sections.get(index).and_then(|section| {
                    doc.blocks
                        .iter()
                        .find(|b| b.span.start >= section.span.start)
                        .map(|b| b.span)
                });
                if let Some(span) = first_block {
                    self.state.marked = None;
                    self.state.scroll_target = Some(span);
                }
            }
            Command::Scroll(step) => {
                self.state.scroll_to_top = None;
                self.state.scroll_step = Some(step);
            }
            Command::ShowKind { kind, shown } => {
                self.state.show_kind[kind as usize] = shown;
                self.preferences.show_kind = self.state.show_kind;
            }
            Command::ShowQuotes(shown) => {
                self.state.show_quotes = shown;
                self.preferences.show_quotes = shown;
            }
            Command::SpoilerFreeCast(on) => {
                self.state.spoiler_free_cast = on;
                self.preferences.spoiler_free_cast = on;
                self.cast.invalidate();
            }
            Command::Find(query) => {
                self.find.query = query;
                self.find_now();
            }
            Command::FindNext => self.step_find(1),
            Command::FindPrevious => self.step_find(-1),
            Command::CloseFind => {
                self.find.open = false;
                if self.state.find_current.is_some() {
                    self.state.marked = None;
                }
                self.state.find_matches.clear();
                self.state.find_current = None;
            }
            Command::SetTextSize(size) => {
                let size = readable_size(size);
                self.state.text_size = size;
                self.preferences.text_size = size;
            }
            Command::SetUiScale(scale) => {
                let scale = usable_scale(scale);
                self.state.ui_scale = scale;
                self.preferences.ui_scale = scale;
            }
            Command::ToggleSidePanel => {
                let shown = !self.state.side_panel_shown;
                self.state.side_panel_shown = shown;
                self.preferences.side_panel = Some(shown);
            }
            Command::SetTheme(theme) => self.preferences.theme = theme,
            Command::ClearRecent => self.preferences.recent.clear(),
            Command::DismissError => {
                self.error = None;
                self.notice = None;
            }
            Command::AddHighlight { span, color } => {
                self.state.highlight_color = color;
                // The same passage twice is one highlight: open the one there is.
                let text = &self.loaded.document.text;
                if let Some(id) = self
                    .loaded
                    .annotations
                    .highlight_of(text, span)
                    .map(|h| h.id)
                {
                    self.state.selection = None;
                    self.state.open_highlight = Some(id);
                    return;
                }
                self.record_undo();
                let text = &self.loaded.document.text;
                let now = jiff::Timestamp::now();
                if let Some(id) = self
                    .loaded
                    .annotations
                    .add_highlight(text, span, color, now)
                {
                    self.state.selection = None;
                    self.state.open_highlight = Some(id);
                    self.card.focus_note(id);
                    self.notes_changed();
                } else {
                    self.undo.pop();
                }
            }
            Command::OpenHighlight(id) => self.state.open_highlight = id,
            Command::GoToHighlight(id) => {
                if let Some(span) = self.loaded.annotations.highlight(id).map(|h| h.span) {
                    self.state.open_highlight = Some(id);
                    self.state.scroll_target = Some(span);
                }
            }
            Command::SetHighlightColor { id, color } => {
                self.record_undo();
                if let Some(h) = self.loaded.annotations.highlight_mut(id) {
                    h.color = color;
                    h.modified = jiff::Timestamp::now();
                    self.state.highlight_color = color;
                    self.notes_changed();
                }
            }
            Command::SetHighlightNote { id, note } => {
                if self.loaded.annotations.highlight(id).is_some() {
                    self.record_typing_undo(id);
                }
                if let Some(h) = self.loaded.annotations.highlight_mut(id) {
                    h.note = note;
                    h.modified = jiff::Timestamp::now();
                    self.notes_changed();
                }
            }
            Command::SetHighlightTags { id, tags } => {
                let changed = self
                    .loaded
                    .annotations
                    .highlight(id)
                    .is_some_and(|h| h.tags != tags);
                if changed {
                    self.record_typing_undo(id);
                }
                if let Some(h) = self
                    .loaded
                    .annotations
                    .highlight_mut(id)
                    .filter(|_| changed)
                {
                    h.tags = tags;
                    h.modified = jiff::Timestamp::now();
                    self.notes_changed();
                }
            }
            Command::DeleteHighlight(id) => {
                self.record_undo();
                if self.loaded.annotations.remove_highlight(id).is_some() {
                    if self.state.open_highlight == Some(id) {
                        self.state.open_highlight = None;
                    }
                    self.notes_changed();
                    self.notice =
                        Some("Highlight deleted. Press Ctrl+Z to bring it back.".to_owned());
                } else {
                    self.undo.pop();
                }
            }
            Command::ReattachHighlight { id, span } => {
                self.record_undo();
                let text = &self.loaded.document.text;
                let now = jiff::Timestamp::now();
                if self.loaded.annotations.reattach(id, text, span, now) {
                    self.state.selection = None;
                    self.state.open_highlight = Some(id);
                    self.notes_changed();
                } else {
                    self.undo.pop();
                }
            }
            Command::Undo => {
                if let Some(previous) = self.undo.pop() {
                    let undone = self.restore_notes(previous);
                    self.redo.push(undone);
                    if self
                        .notice
                        .as_deref()
                        .is_some_and(|n| n.starts_with("Highlight deleted"))
                    {
                        self.notice = None;
                    }
                }
            }
            Command::Redo => {
                if let Some(next) = self.redo.pop() {
                    let before = self.restore_notes(next);
                    self.undo.push(before);
                }
            }
            Command::OpenGoTo => self.go_to = Some(GoToDialog::new()),
            Command::GoToOffset(offset) => {
                self.state.selection = None;
                self.state.scroll_to_top = Some(offset);
            }
            Command::OpenFind => {
                self.find.open();
                if !self.find.query.is_empty() {
                    self.commands.push(Command::Find(self.find.query.clone()));
                }
            }
            Command::Quit => {
                if let Some(ctx) = &self.ctx {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            Command::CopySelection => {
                if let (Some(selection), Some(ctx)) = (self.state.selection, &self.ctx) {
                    ctx.copy_text(selection_text(&self.loaded.document, selection));
                }
            }
            Command::TagSelection { span, kind } => {
                if let Some(passage) = self.passage(span) {
                    self.state.selection = None;
                    self.correct(Correction::Tag { passage, kind });
                }
            }
            Command::SplitMention(span) => {
                if let Some(mention) = self.passage(span) {
                    self.correct(Correction::Split {
                        mention,
                        kind: None,
                    });
                }
            }
            Command::Correct(correction) => self.correct(correction),
            Command::CorrectEntity { name, kind, page } => {
                self.correction_dialog = Some(CorrectionDialog::new(name, kind, page));
            }
            Command::AlwaysRule { name, rule } => {
                self.dictionary.set(&name, rule);
                self.dictionary_dirty = true;
                self.refresh_analysis();
            }
            Command::SetEntityNote { name, kind, note } => {
                self.loaded.annotations.set_entity_note(&name, kind, &note);
                self.notes_changed();
            }
            Command::ExportDialog(format) => {
                let name = format.file_name(&self.loaded.document.title);
                self.show_dialog(DialogPurpose::Export(format), name);
            }
            Command::ExportChooser => self.export_chooser = true,
            Command::ImportDialog => self.show_dialog(DialogPurpose::Import, String::new()),
            Command::NotesFileDialog => {
                self.show_dialog(DialogPurpose::NotesFile, String::new());
            }
            Command::ShowSideTab(tab) => self.state.side_tab = tab,
            Command::ShowView(view) => self.state.view = view,
            command @ (Command::ToggleLibrary
            | Command::AddFolderDialog
            | Command::CancelLibraryAdd
            | Command::DismissLibraryOutcome
            | Command::SearchLibrary(_)
            | Command::LoadLibraryCast
            | Command::ShowLibraryEntity(_)
            | Command::MergeLibraryEntity { .. }
            | Command::SplitLibraryEntity { .. }
            | Command::OpenAt { .. }) => self.apply_library(command),
        }
    }

    fn open(&mut self, path: PathBuf) {
        // Recent files and their messages name the full path, wherever
        // Dramatis was started from.
        let path = std::path::absolute(&path).unwrap_or(path);
        self.notice = None;
        let notes = self.store.clone().map(|s| (s, self.dictionary.clone()));
        match LoadJob::start(path, notes, self.wake()) {
            // A newer open replaces a running one; the old thread finishes
            // and its result is dropped unseen.
            Ok(job) => self.load_job = Some(job),
            Err(err) => self.error = Some(err.to_string()),
        }
    }

    fn open_dialog(&mut self) {
        self.show_dialog(DialogPurpose::Open, String::new());
    }

    fn show_dialog(&mut self, purpose: DialogPurpose, file_name: String) {
        if self.dialog_job.is_some() || self.path_window.is_some() {
            return;
        }
        if matches!(self.file_chooser, FileChooser::Fallback { .. }) {
            self.without_dialog(purpose);
            return;
        }
        let start_dir = match purpose {
            DialogPurpose::NotesFile => self.store.as_ref().map(Store::annotations_dir),
            _ => None,
        };
        let start_dir = start_dir.or_else(|| {
            self.loaded
                .document
                .path
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_owned)
        });
        match DialogJob::start(purpose, start_dir, file_name, self.wake()) {
            Ok(job) => self.dialog_job = Some(job),
            Err(err) => self.error = Some(err.to_string()),
        }
    }

    /// Does what the file dialog was asked for without one: exports go to
    /// the documents folder, and the path window asks for a file to read.
    fn without_dialog(&mut self, purpose: DialogPurpose) {
        let heading = match purpose {
            DialogPurpose::Export(format) => {
                self.export_to_documents(format);
                return;
            }
            DialogPurpose::AddFolder => {
                let window = PathWindow::for_folder("Add a folder to the library");
                self.path_window = Some((purpose, window));
                return;
            }
            DialogPurpose::Open => "Open a file",
            DialogPurpose::Import => "Import notes (W3C Web Annotations)",
            DialogPurpose::NotesFile => "Choose the old notes file",
        };
        self.path_window = Some((purpose, PathWindow::new(heading)));
    }

    /// Writes the notes in `format` to the documents folder under a name
    /// from the title that no file has yet, and says where in the banner.
    fn export_to_documents(&mut self, format: ExportFormat) {
        let FileChooser::Fallback {
            documents: Some(dir),
        } = &self.file_chooser
        else {
            self.error = Some(
                "No file dialog is available on this system and there is no documents or \
                 home folder to export to; use `dramatis export` on the command line."
                    .to_owned(),
            );
            return;
        };
        let path = files::unused_path(dir, &format.file_name(&self.loaded.document.title));
        let done_notice = format!(
            "No file dialog is available on this system, so the notes ({}) were \
             exported as {} to your documents folder: {}",
            chrome::counted(
                self.loaded.annotations.highlights.len(),
                "highlight",
                "highlights"
            ),
            format.label(),
            path.display()
        );
        self.export_with_notice(format, &path, done_notice);
    }

    /// The path window, while open; does what it was opened for once a file
    /// is chosen.
    fn path_window_ui(&mut self, ctx: &egui::Context) {
        let Some((purpose, window)) = &mut self.path_window else {
            return;
        };
        let recent: &[PathBuf] = match purpose {
            DialogPurpose::Open => &self.preferences.recent,
            _ => &[],
        };
        match window.ui(ctx, recent) {
            PathWindowOutcome::Open => {}
            PathWindowOutcome::Cancelled => self.path_window = None,
            PathWindowOutcome::Chosen(path) if *purpose == DialogPurpose::AddFolder => {
                if let Err(problem) = library::readable_folder(&path) {
                    window.set_problem(problem);
                    return;
                }
                self.path_window = None;
                self.add_to_library(path);
            }
            PathWindowOutcome::Chosen(path) => {
                if let Err(problem) = files::readable_file(&path) {
                    window.set_problem(problem);
                    return;
                }
                let purpose = purpose.clone();
                self.path_window = None;
                match purpose {
                    DialogPurpose::Open => self.apply(Command::Open(path)),
                    DialogPurpose::Export(format) => self.export_to(format, &path),
                    DialogPurpose::Import => self.import_from(&path),
                    DialogPurpose::NotesFile => self.notes_from(&path),
                    DialogPurpose::AddFolder => self.add_to_library(path),
                }
            }
        }
    }

    /// Uses `chooser` to ask for files from now on: tests set
    /// [`FileChooser::Fallback`] to see the window without a system dialog.
    pub fn set_file_chooser(&mut self, chooser: FileChooser) {
        self.file_chooser = chooser;
    }

    /// Why the path last typed in the path window cannot be used, while the
    /// window is open and says so.
    pub fn path_window_problem(&self) -> Option<&str> {
        self.path_window.as_ref().and_then(|(_, w)| w.problem())
    }

    /// Moves the mention cursor by `delta`, wrapping, and goes there.
    fn step_mention(&mut self, delta: isize) {
        let Some(entity) = self.state.selected_entity else {
            return;
        };
        // With the spoiler-free cast, the walk stays among the mentions
        // read so far.
        let total = match self.loaded.analysis.entities.get(entity) {
            Some(e) => {
                crate::ui::cast::mentions_up_to(&self.loaded.analysis, e, self.state.cast_limit())
            }
            None => 0,
        };
        if total == 0 {
            return;
        }
        self.state.mention_cursor = wrap(self.state.mention_cursor, delta, total);
        self.go_to_mention();
    }

    /// Scrolls to and marks the selected entity's current mention.
    fn go_to_mention(&mut self) {
        let Some(entity) = self.state.selected_entity else {
            return;
        };
        let span = self
            .loaded
            .analysis
            .mention_spans(entity)
            .nth(self.state.mention_cursor);
        // With the spoiler-free cast, a name selected before it is met
        // (from the book view, say) does not take the reader ahead.
        let ahead = |span: &Span| {
            self.state
                .cast_limit()
                .is_some_and(|limit| span.start >= limit)
        };
        if let Some(span) = span.filter(|s| !ahead(s)) {
            self.state.marked = Some(span);
            self.state.scroll_target = Some(span);
        }
    }

    /// Recomputes the find matches for the current query and goes to the first.
    fn find_now(&mut self) {
        self.state.find_matches = if self.find.open {
            let text = &self.loaded.document.text;
            let folded = self.folded.get_or_insert_with(|| FoldedText::new(text));
            folded.find(&self.find.query)
        } else {
            Vec::new()
        };
        self.state.find_current = None;
        self.step_find(0);
    }

    fn step_find(&mut self, delta: isize) {
        let total = self.state.find_matches.len();
        if total == 0 {
            self.state.find_current = None;
            return;
        }
        let current = match self.state.find_current {
            Some(current) => wrap(current, delta, total),
            None => 0,
        };
        self.state.find_current = Some(current);
        let span = self.state.find_matches[current];
        self.state.marked = Some(span);
        self.state.scroll_target = Some(span);
    }
}

/// The reading key pressed this frame, consumed. Call only when no text
/// field has the keyboard. Space and the arrows scroll only when no widget
/// has keyboard focus either, as they press and move between widgets then.
fn scroll_key(ctx: &egui::Context) -> Option<ScrollStep> {
    let unfocused = ctx.memory(|m| m.focused().is_none());
    ctx.input_mut(|i| {
        // Shift+Space first: a plain Space pattern would also match it.
        let keys = [
            (Modifiers::SHIFT, Key::Space, ScrollStep::PageUp, unfocused),
            (Modifiers::NONE, Key::Space, ScrollStep::PageDown, unfocused),
            (Modifiers::NONE, Key::PageDown, ScrollStep::PageDown, true),
            (Modifiers::NONE, Key::PageUp, ScrollStep::PageUp, true),
            (
                Modifiers::NONE,
                Key::ArrowDown,
                ScrollStep::LineDown,
                unfocused,
            ),
            (Modifiers::NONE, Key::ArrowUp, ScrollStep::LineUp, unfocused),
            (Modifiers::COMMAND, Key::Home, ScrollStep::Start, true),
            (Modifiers::COMMAND, Key::End, ScrollStep::End, true),
            (Modifiers::NONE, Key::Home, ScrollStep::Start, true),
            (Modifiers::NONE, Key::End, ScrollStep::End, true),
        ];
        let mut step = None;
        for (modifiers, key, action, allowed) in keys {
            if allowed && i.consume_key(modifiers, key) {
                step = Some(action);
            }
        }
        step
    })
}

/// `size` brought into the readable range; a size that is not a number
/// (say, from a damaged preferences file) becomes the default.
fn readable_size(size: f32) -> f32 {
    if size.is_finite() {
        size.clamp(*TEXT_SIZE_RANGE.start(), *TEXT_SIZE_RANGE.end())
    } else {
        DEFAULT_TEXT_SIZE
    }
}

/// An interface scale within [`UI_SCALE_RANGE`], rounded to a tenth so
/// steps of [`UI_SCALE_STEP`] land on round numbers; 1 for a scale that is
/// not a number (say, from a damaged preferences file).
fn usable_scale(scale: f32) -> f32 {
    if scale.is_finite() {
        let scale = scale.clamp(*UI_SCALE_RANGE.start(), *UI_SCALE_RANGE.end());
        (scale * 10.0).round() / 10.0
    } else {
        1.0
    }
}

/// `index + delta` wrapped into `0..total` (`total` > 0).
fn wrap(index: usize, delta: isize, total: usize) -> usize {
    let total = total as isize;
    ((index as isize + delta).rem_euclid(total)) as usize
}

/// A quiet overlay while a file is dragged over the window.
fn file_hover_ui(ui: &Ui) {
    let hovering = ui.ctx().input(|i| !i.raw.hovered_files.is_empty());
    if !hovering {
        return;
    }
    let rect = ui.ctx().content_rect();
    let painter = ui.ctx().layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("file drop overlay"),
    ));
    let visuals = ui.visuals();
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color.gamma_multiply(0.85));
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        "Drop the file to open it",
        egui::FontId::proportional(24.0),
        visuals.strong_text_color(),
    );
}

impl eframe::App for DramatisApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.preferences.save(storage);
        self.flush_notes();
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.flush_notes();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_sizes_stay_readable() {
        let cases = [
            (18.0, 18.0),
            (4.0, 12.0),
            (99.0, 36.0),
            (f32::NAN, 18.0),
            (f32::INFINITY, 18.0),
        ];
        for (size, expected) in cases {
            assert_eq!(readable_size(size), expected, "{size}");
        }
    }

    #[test]
    fn wrap_walks_around_both_ends() {
        let cases = [
            (0, 1, 3, 1),
            (2, 1, 3, 0),
            (0, -1, 3, 2),
            (1, -1, 3, 0),
            (0, 0, 1, 0),
        ];
        for (index, delta, total, expected) in cases {
            assert_eq!(
                wrap(index, delta, total),
                expected,
                "{index}{delta:+} of {total}"
            );
        }
    }
}
