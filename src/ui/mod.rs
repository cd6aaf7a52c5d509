//! The reader's window: panels that draw state and return [`Command`]s.
//!
//! **Architecture invariant:** panels never do IO and never mutate the
//! document or analysis; they read state and push commands, which
//! [`crate::app`] applies in one place.

pub mod book;
pub mod cast;
pub mod chrome;
pub mod correct;
pub mod cover;
pub mod find;
pub mod goto;
pub mod library_cast;
pub mod library_identity;
pub mod library_search;
pub mod library_view;
pub mod notes;
pub mod overview;
pub mod path_window;
pub mod reader;
pub mod theme;

use std::path::PathBuf;

use crate::analysis::{EntityId, EntityKind};
use crate::annotations::{Correction, DictionaryRule, HighlightColor};
use crate::export::ExportFormat;
use crate::library::Identity;
use crate::span::Span;

/// Something the person asked for. Applied by the app in one function.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Show the open-file dialog.
    OpenDialog,
    /// Open this file.
    Open(PathBuf),
    /// Select an entity and jump to its first mention; if it is already
    /// selected, walk to its next mention.
    SelectEntity(EntityId),
    /// Select the entity a clicked mention belongs to, at that mention.
    SelectMention {
        /// The entity.
        entity: EntityId,
        /// The clicked mention's span.
        span: Span,
    },
    /// Walk to the selected entity's next mention (wrapping).
    NextMention,
    /// Walk to the selected entity's previous mention (wrapping).
    PreviousMention,
    /// Clear the entity selection.
    ClearSelection,
    /// Scroll to the quotation with this index and mark it.
    SelectQuote(usize),
    /// Scroll to the start of the document section (chapter) with this index.
    JumpToSection(usize),
    /// Scroll the reader by a page or a line, or to the start or end.
    Scroll(ScrollStep),
    /// Show or hide the highlights of one entity kind.
    ShowKind {
        /// The kind.
        kind: EntityKind,
        /// Whether its mentions are highlighted.
        shown: bool,
    },
    /// Show or hide the quotation marks.
    ShowQuotes(bool),
    /// Limit the cast to the mentions the reader has reached (a first
    /// reading of a novel without spoilers), or show all of it.
    SpoilerFreeCast(bool),
    /// Find this text (case-insensitive) and go to the first match.
    Find(String),
    /// Go to the next find match (wrapping).
    FindNext,
    /// Go to the previous find match (wrapping).
    FindPrevious,
    /// Close the find bar and clear its matches.
    CloseFind,
    /// Set the body text size in points (clamped to a readable range).
    SetTextSize(f32),
    /// Scale the whole interface, panels and menus too (clamped to a
    /// usable range; 1 is actual size).
    SetUiScale(f32),
    /// Hide the side panel if it is shown, show it if it is hidden.
    ToggleSidePanel,
    /// Choose light, dark or the system's theme.
    SetTheme(egui::ThemePreference),
    /// Dismiss the error banner.
    DismissError,
    /// Forget the recent files.
    ClearRecent,
    /// Highlight a passage in a colour (the colour becomes the one H uses).
    AddHighlight {
        /// The passage (bytes).
        span: Span,
        /// Its colour.
        color: HighlightColor,
    },
    /// Open a highlight's card (and scroll to it), or close the card.
    OpenHighlight(Option<u64>),
    /// Scroll to a highlight and open its card.
    GoToHighlight(u64),
    /// Change a highlight's colour.
    SetHighlightColor {
        /// The highlight.
        id: u64,
        /// Its new colour.
        color: HighlightColor,
    },
    /// Replace a highlight's note.
    SetHighlightNote {
        /// The highlight.
        id: u64,
        /// The note.
        note: String,
    },
    /// Replace a highlight's tags.
    SetHighlightTags {
        /// The highlight.
        id: u64,
        /// The tags, without `#`.
        tags: Vec<String>,
    },
    /// Delete a highlight (undo brings it back).
    DeleteHighlight(u64),
    /// Attach an orphaned highlight to the current selection.
    ReattachHighlight {
        /// The orphan.
        id: u64,
        /// The passage it now marks.
        span: Span,
    },
    /// Undo the last change to highlights, notes or the cast.
    Undo,
    /// Make again the change the last undo took back.
    Redo,
    /// Open the find bar (with the last search, if any).
    OpenFind,
    /// Open the Go to dialog (a percentage or a chapter).
    OpenGoTo,
    /// Put the line holding this byte offset at the top of the view.
    GoToOffset(usize),
    /// Close the window (notes are written first, as on any close).
    Quit,
    /// Copy the selection to the clipboard.
    CopySelection,
    /// The selected passage is a person, place or organisation.
    TagSelection {
        /// The passage.
        span: Span,
        /// Its kind.
        kind: EntityKind,
    },
    /// The mention at this span is an entity of its own.
    SplitMention(Span),
    /// Correct the cast of this document.
    Correct(Correction),
    /// Open the corrections dialog for an entity, at one of its pages.
    CorrectEntity {
        /// The entity's name, as the analysis has it.
        name: String,
        /// Its kind.
        kind: EntityKind,
        /// The page the dialog opens at.
        page: correct::CorrectionPage,
    },
    /// Correct the cast of every document: a rule for the personal dictionary.
    AlwaysRule {
        /// The name.
        name: String,
        /// What it always is.
        rule: DictionaryRule,
    },
    /// Set (or clear, when blank) the note on an entity.
    SetEntityNote {
        /// The entity's display name.
        name: String,
        /// Its kind.
        kind: EntityKind,
        /// The note.
        note: String,
    },
    /// Show the save dialog to export the notes in a format.
    ExportDialog(ExportFormat),
    /// Ask which format to export the notes in.
    ExportChooser,
    /// Show the open dialog to import W3C annotations.
    ImportDialog,
    /// Show the open dialog to take notes from an old notes file.
    NotesFileDialog,
    /// Show the cast or the notes in the side panel.
    ShowSideTab(SideTab),
    /// Show the text or the book view in the middle of the window.
    ShowView(MainView),
    /// Show the library, or go back to the text from it.
    ToggleLibrary,
    /// Ask for a folder whose documents join the library.
    AddFolderDialog,
    /// Stop the add under way (the documents read so far stay).
    CancelLibraryAdd,
    /// Put away the report of the last add.
    DismissLibraryOutcome,
    /// Search the library's text and the reader's notes.
    SearchLibrary(String),
    /// Gather the library's cast.
    LoadLibraryCast,
    /// Show the page of the entity with this name.
    ShowLibraryEntity(String),
    /// Count one entity of the library as another in every document (kept
    /// in the reader's identity choices).
    MergeLibraryEntity {
        /// The entity merged away.
        from: Identity,
        /// The entity it is counted as.
        into: Identity,
    },
    /// In some documents, an entity of the library is someone else (kept
    /// in the reader's identity choices).
    SplitLibraryEntity {
        /// The entity as the library names it now.
        identity: Identity,
        /// The documents where it is someone else.
        documents: Vec<PathBuf>,
        /// The name it has there.
        becomes: String,
    },
    /// Open a document and go to a passage of it (character offsets into
    /// its text; an empty passage marks the word that starts there).
    OpenAt {
        /// The document's file.
        path: PathBuf,
        /// The passage's first character.
        start_char: usize,
        /// One past its last character.
        end_char: usize,
    },
}

/// What the middle of the window shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MainView {
    /// The text, to read.
    #[default]
    Text,
    /// A book's figures: where the main characters appear, who speaks with whom.
    Book,
    /// The library: every document kept, its search and its cast.
    Library,
}

/// A keyboard step through the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScrollStep {
    /// Down a page (PageDown, Space), keeping a line of the old page in view.
    PageDown,
    /// Up a page (PageUp, Shift+Space).
    PageUp,
    /// Down a line (ArrowDown).
    LineDown,
    /// Up a line (ArrowUp).
    LineUp,
    /// To the start of the document (Home, Ctrl+Home).
    Start,
    /// To the end of the document (End, Ctrl+End).
    End,
}

/// What the side panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SideTab {
    /// The cast: people, places, organisations and quotations.
    #[default]
    Cast,
    /// The reader's highlights and notes.
    Notes,
}

/// What the reader shows and where it is; shared by the reader and the side panels.
#[derive(Clone, Debug)]
pub struct ReaderState {
    /// The entity selected in the cast, if any.
    pub selected_entity: Option<EntityId>,
    /// Index of the current mention within the selected entity's mentions.
    pub mention_cursor: usize,
    /// The entity under the pointer in the cast list this frame; all its mentions are tinted.
    pub hovered_entity: Option<EntityId>,
    /// Which entity kinds are highlighted.
    pub show_kind: [bool; 3],
    /// Whether quotations are marked.
    pub show_quotes: bool,
    /// One-shot request: scroll the reader so this span is in view, then clear it.
    pub scroll_target: Option<Span>,
    /// One-shot request: scroll by a page or line, or to an end, then clear it.
    pub scroll_step: Option<ScrollStep>,
    /// One-shot request: put the line holding this byte offset at the top of
    /// the view (a remembered reading position), then clear it.
    pub scroll_to_top: Option<usize>,
    /// The span drawn as the current position (current mention, quote or find match).
    pub marked: Option<Span>,
    /// Find matches, sorted.
    pub find_matches: Vec<Span>,
    /// Index of the current find match.
    pub find_current: Option<usize>,
    /// Body text size in points.
    pub text_size: f32,
    /// The reader's text selection (bytes into the text), if any.
    pub selection: Option<Span>,
    /// While selecting with the mouse: where the selection started.
    pub selection_anchor: Option<usize>,
    /// The highlight whose card is open.
    pub open_highlight: Option<u64>,
    /// The colour H highlights with: the last one picked.
    pub highlight_color: HighlightColor,
    /// What the side panel shows.
    pub side_tab: SideTab,
    /// What the middle of the window shows.
    pub view: MainView,
    /// Whether the side panel (cast and notes) is shown this frame.
    pub side_panel_shown: bool,
    /// How much the whole interface is scaled: 1 is actual size.
    pub ui_scale: f32,
    /// Whether the cast counts and lists only the mentions the reader has
    /// reached ([`ReaderState::read_up_to`]).
    pub spoiler_free_cast: bool,
    /// How far into the open document the reader has read, in bytes: the
    /// furthest end of the text in view so far. Reading back does not
    /// take it back, since the names met stay met.
    pub read_up_to: usize,
}

impl ReaderState {
    /// The byte offset the cast stops at: [`ReaderState::read_up_to`]
    /// when the spoiler-free cast is on, none when the whole cast shows.
    pub fn cast_limit(&self) -> Option<usize> {
        self.spoiler_free_cast.then_some(self.read_up_to)
    }
}

impl Default for ReaderState {
    fn default() -> Self {
        Self {
            selected_entity: None,
            mention_cursor: 0,
            hovered_entity: None,
            show_kind: [true; 3],
            show_quotes: true,
            scroll_target: None,
            scroll_step: None,
            scroll_to_top: None,
            marked: None,
            find_matches: Vec::new(),
            find_current: None,
            text_size: 18.0,
            selection: None,
            selection_anchor: None,
            open_highlight: None,
            highlight_color: HighlightColor::Yellow,
            side_tab: SideTab::Cast,
            view: MainView::Text,
            side_panel_shown: true,
            ui_scale: 1.0,
            spoiler_free_cast: false,
            read_up_to: 0,
        }
    }
}

impl ReaderState {
    /// Whether mentions of `kind` are highlighted.
    pub fn shows(&self, kind: EntityKind) -> bool {
        self.show_kind[kind as usize]
    }
}
