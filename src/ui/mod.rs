//! The reader's window: panels that draw state and return [`Command`]s.
//!
//! **Architecture invariant:** panels never do IO and never mutate the
//! document or analysis; they read state and push commands, which
//! [`crate::app`] applies in one place.

pub mod cast;
pub mod chrome;
pub mod cover;
pub mod find;
pub mod reader;
pub mod theme;

use std::path::PathBuf;

use crate::analysis::{EntityId, EntityKind};
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
    /// Show or hide the highlights of one entity kind.
    ShowKind {
        /// The kind.
        kind: EntityKind,
        /// Whether its mentions are highlighted.
        shown: bool,
    },
    /// Show or hide the quotation marks.
    ShowQuotes(bool),
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
    /// Choose light, dark or the system's theme.
    SetTheme(egui::ThemePreference),
    /// Dismiss the error banner.
    DismissError,
    /// Forget the recent files.
    ClearRecent,
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
    /// The span drawn as the current position (current mention, quote or find match).
    pub marked: Option<Span>,
    /// Find matches, sorted.
    pub find_matches: Vec<Span>,
    /// Index of the current find match.
    pub find_current: Option<usize>,
    /// Body text size in points.
    pub text_size: f32,
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
            marked: None,
            find_matches: Vec::new(),
            find_current: None,
            text_size: 18.0,
        }
    }
}

impl ReaderState {
    /// Whether mentions of `kind` are highlighted.
    pub fn shows(&self, kind: EntityKind) -> bool {
        self.show_kind[kind as usize]
    }
}
