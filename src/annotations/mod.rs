//! The reader's own work on a document: highlights, notes, and corrections
//! to the cast. Kept safe on disk, re-anchored when the text changes.
//!
//! Like the rest of the core this module knows nothing of egui. Its parts:
//!
//! - this file: the data model, which is what the versioned RON file holds.
//! - [`anchor`]: W3C selectors for a span, and re-anchoring highlights in a
//!   changed text (position → nearest exact quote → fuzzy match → orphan).
//! - [`store`]: one RON file per document in the platform data directory,
//!   found by text fingerprint or by path; atomic writes; unreadable files
//!   moved aside and reported, never overwritten.
//! - `index`: which notes file names which document path, a cache checked
//!   against the folder on every use, so finding notes by path does not
//!   parse every file.
//! - [`merge`]: three-way merge of a writer's notes with the file as it is
//!   now, so two writers at once lose nothing.
//! - [`corrections`]: applying the reader's corrections (per document and
//!   from the personal dictionary) to an [`Analysis`](crate::analysis::Analysis).
//!
//! **Invariant:** a highlight's [`Highlight::span`] is a byte span into the
//! text whose [`fingerprint`] is [`Annotations::fingerprint`]; its selectors
//! describe the same passage in characters, so it can be found again in
//! another version of the text.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::analysis::EntityKind;
use crate::span::Span;

pub mod anchor;
pub mod corrections;
mod index;
pub mod merge;
pub mod store;
mod unknown_fields;

/// The version of the annotations file format written by this build.
/// Files of any version up to this one load; newer ones are moved aside.
pub const FORMAT_VERSION: u32 = 1;

/// How many characters of context a [`TextQuoteSelector`] keeps on each side.
pub const CONTEXT_CHARS: usize = 32;

/// A stable fingerprint of a document's text: 16 hex digits of FNV-1a 64.
///
/// Stable across builds and platforms (unlike `std`'s hasher), so a notes
/// file written today is found by the same text tomorrow.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in text.as_bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// A highlight's colour, from the reader's palette.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum HighlightColor {
    /// The default.
    #[default]
    Yellow,
    /// Green.
    Green,
    /// Blue.
    Blue,
    /// Pink.
    Pink,
    /// Purple.
    Purple,
}

impl HighlightColor {
    /// The palette, in display order.
    pub const ALL: [HighlightColor; 5] = [
        Self::Yellow,
        Self::Green,
        Self::Blue,
        Self::Pink,
        Self::Purple,
    ];

    /// The lowercase English name (`yellow`…), used in exports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Yellow => "yellow",
            Self::Green => "green",
            Self::Blue => "blue",
            Self::Pink => "pink",
            Self::Purple => "purple",
        }
    }

    /// The colour with this name (case-insensitive), if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// W3C Web Annotation TextQuoteSelector: the exact passage and up to
/// [`CONTEXT_CHARS`] characters before and after it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextQuoteSelector {
    /// The highlighted text, exactly.
    pub exact: String,
    /// The text just before it.
    pub prefix: String,
    /// The text just after it.
    pub suffix: String,
}

/// W3C Web Annotation TextPositionSelector: character (code point) offsets
/// into the whole text, `start..end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPositionSelector {
    /// Offset of the first character.
    pub start: usize,
    /// Offset one past the last character.
    pub end: usize,
}

/// A highlighted passage with the reader's note and tags.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Highlight {
    /// Unique within the document's annotations; never reused.
    pub id: u64,
    /// Where it is in the current text (bytes). For an orphan, where it was.
    pub span: Span,
    /// Its colour.
    pub color: HighlightColor,
    /// The reader's note, possibly several lines; empty when none.
    #[serde(default)]
    pub note: String,
    /// Tags, without `#` or `.`, in the order given.
    #[serde(default)]
    pub tags: Vec<String>,
    /// When it was made.
    pub created: jiff::Timestamp,
    /// When its colour, note or tags last changed.
    pub modified: jiff::Timestamp,
    /// The passage and its context, to find it again.
    pub quote: TextQuoteSelector,
    /// Its position in characters, to find it again.
    pub position: TextPositionSelector,
}

/// A note the reader wrote about a person, place or organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityNote {
    /// The entity's display name when the note was written.
    pub name: String,
    /// Its kind.
    pub kind: EntityKind,
    /// The note.
    pub note: String,
}

/// A passage of the text, anchored like a highlight: used by corrections
/// that concern one mention or a selection rather than a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// Where it is in the current text (bytes).
    pub span: Span,
    /// The passage and its context.
    pub quote: TextQuoteSelector,
    /// Its position in characters.
    pub position: TextPositionSelector,
}

/// One correction the reader made to the cast. Corrections name entities by
/// display name and kind, which the tagger reproduces on the same text, so
/// they survive re-analysis; passages are re-anchored like highlights.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Correction {
    /// Show the entity under another name (mentions unchanged).
    Rename {
        /// Its name as the tagger gives it.
        name: String,
        /// Its kind.
        kind: EntityKind,
        /// The name to show.
        to: String,
    },
    /// The entity is of another kind.
    ChangeKind {
        /// Its name.
        name: String,
        /// Its kind as tagged.
        from: EntityKind,
        /// Its right kind.
        to: EntityKind,
    },
    /// The entity is the same as another: its mentions join that one.
    Merge {
        /// The entity merged away.
        name: String,
        /// Its kind.
        kind: EntityKind,
        /// The entity it joins.
        into: String,
        /// That entity's kind.
        into_kind: EntityKind,
    },
    /// One mention is a different entity from the rest: it becomes an entity
    /// of its own (named by its text, same kind unless given).
    Split {
        /// The mention.
        mention: Passage,
        /// The kind of the new entity, if different.
        kind: Option<EntityKind>,
    },
    /// The name is not an entity: all its mentions go.
    NotAnEntity {
        /// Its name.
        name: String,
        /// Its kind as tagged.
        kind: EntityKind,
    },
    /// A selection the tagger missed is a mention of this kind (joining the
    /// entity of the same name and kind, if there is one).
    Tag {
        /// The selected passage.
        passage: Passage,
        /// Its kind.
        kind: EntityKind,
    },
}

/// Everything the reader made on one document: the content of one RON file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    /// The file format version; [`FORMAT_VERSION`] when written by this build.
    pub version: u32,
    /// [`fingerprint`] of the text the spans refer to.
    pub fingerprint: String,
    /// Where the document was last opened from, if it came from a file.
    #[serde(default)]
    pub path: Option<PathBuf>,
    /// The document's title when last opened.
    #[serde(default)]
    pub title: String,
    /// Highlights, sorted by span start.
    #[serde(default)]
    pub highlights: Vec<Highlight>,
    /// Highlights that could not be found in the current text, with their
    /// old text and note, waiting to be re-attached or deleted.
    #[serde(default)]
    pub orphans: Vec<Highlight>,
    /// Notes on entities.
    #[serde(default)]
    pub entity_notes: Vec<EntityNote>,
    /// Corrections to the cast, in the order made.
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// The next highlight id to hand out.
    #[serde(default)]
    pub next_id: u64,
}

impl Annotations {
    /// Empty annotations for a text, remembering its path and title.
    pub fn new(text: &str, path: Option<PathBuf>, title: &str) -> Self {
        Self {
            version: FORMAT_VERSION,
            fingerprint: fingerprint(text),
            path,
            title: title.to_owned(),
            highlights: Vec::new(),
            orphans: Vec::new(),
            entity_notes: Vec::new(),
            corrections: Vec::new(),
            next_id: 1,
        }
    }

    /// True when there is nothing worth a file.
    pub fn is_empty(&self) -> bool {
        self.highlights.is_empty()
            && self.orphans.is_empty()
            && self.entity_notes.is_empty()
            && self.corrections.is_empty()
    }

    /// Highlights `span` of `text` in `color` and returns its id. The span
    /// is trimmed of surrounding whitespace; an empty span adds nothing.
    pub fn add_highlight(
        &mut self,
        text: &str,
        span: Span,
        color: HighlightColor,
        now: jiff::Timestamp,
    ) -> Option<u64> {
        let span = anchor::trim(text, span)?;
        let id = self.take_id();
        let (quote, position) = anchor::selectors(text, span);
        let highlight = Highlight {
            id,
            span,
            color,
            note: String::new(),
            tags: Vec::new(),
            created: now,
            modified: now,
            quote,
            position,
        };
        let at = self.highlights.partition_point(|h| h.span <= span);
        self.highlights.insert(at, highlight);
        Some(id)
    }

    /// The placed highlight that marks exactly `span` of `text`, trimmed as
    /// [`Annotations::add_highlight`] trims it: the one a second highlight
    /// of the same passage would duplicate.
    pub fn highlight_of(&self, text: &str, span: Span) -> Option<&Highlight> {
        let span = anchor::trim(text, span)?;
        let at = self.highlights.partition_point(|h| h.span < span);
        self.highlights[at..]
            .iter()
            .take_while(|h| h.span == span)
            .next()
    }

    /// The highlight (placed or orphaned) with this id.
    pub fn highlight(&self, id: u64) -> Option<&Highlight> {
        self.highlights
            .iter()
            .chain(&self.orphans)
            .find(|h| h.id == id)
    }

    /// The highlight (placed or orphaned) with this id, to change.
    pub fn highlight_mut(&mut self, id: u64) -> Option<&mut Highlight> {
        self.highlights
            .iter_mut()
            .chain(&mut self.orphans)
            .find(|h| h.id == id)
    }

    /// Removes the highlight (placed or orphaned) with this id and returns it.
    pub fn remove_highlight(&mut self, id: u64) -> Option<Highlight> {
        if let Some(k) = self.highlights.iter().position(|h| h.id == id) {
            return Some(self.highlights.remove(k));
        }
        let k = self.orphans.iter().position(|h| h.id == id)?;
        Some(self.orphans.remove(k))
    }

    /// Puts back a highlight removed by [`Annotations::remove_highlight`]
    /// (undo), where it belongs by position.
    pub fn restore_highlight(&mut self, highlight: Highlight, orphan: bool) {
        self.next_id = self.next_id.max(highlight.id + 1);
        if orphan {
            self.orphans.push(highlight);
        } else {
            let at = self
                .highlights
                .partition_point(|h| h.span <= highlight.span);
            self.highlights.insert(at, highlight);
        }
    }

    /// Attaches an orphan to a new passage of `text`: it becomes a placed
    /// highlight there, keeping its colour, note and tags.
    pub fn reattach(&mut self, id: u64, text: &str, span: Span, now: jiff::Timestamp) -> bool {
        let Some(span) = anchor::trim(text, span) else {
            return false;
        };
        let Some(k) = self.orphans.iter().position(|h| h.id == id) else {
            return false;
        };
        let mut highlight = self.orphans.remove(k);
        let (quote, position) = anchor::selectors(text, span);
        highlight.span = span;
        highlight.quote = quote;
        highlight.position = position;
        highlight.modified = now;
        self.restore_highlight(highlight, false);
        true
    }

    /// Ids of the placed highlights overlapping `span`.
    pub fn highlights_at(&self, span: Span) -> impl Iterator<Item = &Highlight> + '_ {
        self.highlights.iter().filter(move |h| {
            h.span.overlaps(span) || (span.is_empty() && h.span.contains(span.start))
        })
    }

    /// The note on an entity, if the reader wrote one.
    pub fn entity_note(&self, name: &str, kind: EntityKind) -> Option<&str> {
        self.entity_notes
            .iter()
            .find(|n| n.name == name && n.kind == kind)
            .map(|n| n.note.as_str())
    }

    /// Sets (or, when `note` is blank, removes) the note on an entity.
    pub fn set_entity_note(&mut self, name: &str, kind: EntityKind, note: &str) {
        self.entity_notes
            .retain(|n| !(n.name == name && n.kind == kind));
        if !note.trim().is_empty() {
            self.entity_notes.push(EntityNote {
                name: name.to_owned(),
                kind,
                note: note.to_owned(),
            });
        }
    }

    fn take_id(&mut self) -> u64 {
        let max_used = self
            .highlights
            .iter()
            .chain(&self.orphans)
            .map(|h| h.id)
            .max()
            .unwrap_or(0);
        let id = self.next_id.max(max_used + 1).max(1);
        self.next_id = id + 1;
        id
    }
}

/// A rule from the personal dictionary, applied to every document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DictionaryRule {
    /// The name is always an entity of this kind.
    Always(EntityKind),
    /// The name is never an entity.
    Never,
}

/// One entry of the personal dictionary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DictionaryEntry {
    /// The name, matched as a whole word, case-sensitively.
    pub name: String,
    /// What it always is.
    pub rule: DictionaryRule,
    /// When the reader chose it (none in files written before it was
    /// kept): of two writers' rules for one name, the later stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_at: Option<jiff::Timestamp>,
}

/// The personal dictionary: corrections the reader chose to apply to every
/// document. Kept in its own versioned RON file beside the annotations.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dictionary {
    /// The file format version.
    pub version: u32,
    /// The entries; a later entry for the same name replaces an earlier one.
    #[serde(default)]
    pub entries: Vec<DictionaryEntry>,
}

impl Dictionary {
    /// Adds or replaces the rule for `name`, chosen now.
    pub fn set(&mut self, name: &str, rule: DictionaryRule) {
        self.set_at(name, rule, jiff::Timestamp::now());
    }

    /// Adds or replaces the rule for `name`, chosen at `at`.
    pub fn set_at(&mut self, name: &str, rule: DictionaryRule, at: jiff::Timestamp) {
        self.entries.retain(|e| e.name != name);
        self.entries.push(DictionaryEntry {
            name: name.to_owned(),
            rule,
            set_at: Some(at),
        });
    }

    /// `theirs` (what another writer left in the file) with `ours` merged
    /// in: every name of either, and for a name in both the rule chosen
    /// later (ours on a tie, or when neither says when).
    pub fn merged(theirs: &Dictionary, ours: &Dictionary) -> Dictionary {
        let mut out = theirs.clone();
        out.version = ours.version.max(theirs.version);
        for entry in &ours.entries {
            match out.entries.iter_mut().find(|e| e.name == entry.name) {
                Some(e) if e.set_at > entry.set_at => {}
                Some(e) => *e = entry.clone(),
                None => out.entries.push(entry.clone()),
            }
        }
        out
    }
}
