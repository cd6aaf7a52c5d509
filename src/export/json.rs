//! Everything Dramatis knows about a document, as one JSON object: the
//! document (title, byline, date, path, fingerprint, format, text), the
//! cast with every mention, the quotations with their speakers, the
//! highlights with notes, tags, colours and W3C selectors, the orphans, the
//! notes on entities and the corrections.
//!
//! **Offsets.** Every passage gives both: `start`/`end` are character
//! (Unicode code point) offsets into `document.text`, as in
//! `dramatis analyze --json` and W3C selectors; `byte_start`/`byte_end` are
//! UTF-8 byte offsets into the same text. Orphans were not found in this
//! text, so they carry only their selectors, which describe the text they
//! were made on.
//!
//! The shape is described by the `*Json` types below; `version` changes
//! when it changes incompatibly.

use serde::Serialize;

use crate::analysis::{EntityKind, Speaker};
use crate::annotations::{Correction, Highlight, Passage, fingerprint};
use crate::document::Format;
use crate::span::{CharIndex, Span};

use super::{ExportInput, placed};

/// The version of the JSON written by this build.
pub const VERSION: u32 = 1;

/// The whole export.
#[derive(Debug, Serialize)]
pub struct ExportJson<'a> {
    /// [`VERSION`].
    pub version: u32,
    /// Always `"dramatis"`, so the file says what it is.
    pub generator: &'static str,
    /// When the export was made (RFC 3339, UTC).
    pub exported: String,
    /// How offsets are counted, for whoever reads the file.
    pub offsets: &'static str,
    /// The document.
    pub document: DocumentJson<'a>,
    /// Entities in the analysis's order; `id` is the index.
    pub entities: Vec<EntityJson<'a>>,
    /// Quotations in reading order.
    pub quotes: Vec<QuoteJson<'a>>,
    /// Placed highlights in reading order.
    pub highlights: Vec<HighlightJson<'a>>,
    /// Highlights not found in this text.
    pub orphans: Vec<HighlightJson<'a>>,
    /// The reader's notes on entities.
    pub entity_notes: Vec<EntityNoteJson<'a>>,
    /// The reader's corrections to the cast, in the order made.
    pub corrections: Vec<CorrectionJson<'a>>,
    /// The analysis's warnings.
    pub warnings: &'a [String],
}

/// The document in [`ExportJson`].
#[derive(Debug, Serialize)]
pub struct DocumentJson<'a> {
    /// Its title.
    pub title: &'a str,
    /// Its author line.
    pub byline: Option<&'a str>,
    /// Its publication date as written.
    pub published: Option<&'a str>,
    /// The file it came from.
    pub path: Option<String>,
    /// The fingerprint of the text, which names its notes file.
    pub fingerprint: String,
    /// `text`, `markdown`, `html`, `mhtml` or `epub`.
    pub format: &'static str,
    /// Length of the text in characters.
    pub chars: usize,
    /// Length of the text in UTF-8 bytes.
    pub bytes: usize,
    /// The text every offset indexes.
    pub text: &'a str,
    /// Chapters, for an e-book.
    pub sections: Vec<SectionJson<'a>>,
}

/// A chapter in [`DocumentJson`].
#[derive(Debug, Serialize)]
pub struct SectionJson<'a> {
    /// Its title.
    pub title: &'a str,
    /// Where it is.
    #[serde(flatten)]
    pub at: At<'a>,
}

/// A passage: character and byte offsets and its text.
#[derive(Debug, Serialize)]
pub struct At<'a> {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// First byte.
    pub byte_start: usize,
    /// One past the last byte.
    pub byte_end: usize,
    /// The text.
    pub text: &'a str,
}

/// An entity in [`ExportJson`].
#[derive(Debug, Serialize)]
pub struct EntityJson<'a> {
    /// Its index in the analysis, which quotations' `speaker` refers to.
    pub id: usize,
    /// `person`, `place` or `organization`.
    pub kind: &'static str,
    /// Its display name.
    pub name: &'a str,
    /// The reader's note on it, if any.
    pub note: Option<&'a str>,
    /// Its mentions in reading order.
    pub mentions: Vec<MentionJson<'a>>,
}

/// A mention in [`EntityJson`].
#[derive(Debug, Serialize)]
pub struct MentionJson<'a> {
    /// Where it is.
    #[serde(flatten)]
    pub at: At<'a>,
    /// Why the tagger chose its kind.
    pub reason: &'a str,
}

/// A quotation in [`ExportJson`].
#[derive(Debug, Serialize)]
pub struct QuoteJson<'a> {
    /// The words inside the quotation marks.
    #[serde(flatten)]
    pub at: At<'a>,
    /// The speaker's entity id, when the speaker is an entity.
    pub speaker: Option<usize>,
    /// The speaker's name or description, if any.
    pub speaker_name: Option<&'a str>,
}

/// A highlight in [`ExportJson`].
#[derive(Debug, Serialize)]
pub struct HighlightJson<'a> {
    /// Its id, unique within the document's annotations.
    pub id: u64,
    /// Where it is (placed highlights only).
    #[serde(flatten)]
    pub at: Option<At<'a>>,
    /// `yellow`, `green`, `blue`, `pink` or `purple`.
    pub color: &'static str,
    /// The reader's note; empty when none.
    pub note: &'a str,
    /// Its tags.
    pub tags: &'a [String],
    /// When it was made (RFC 3339, UTC).
    pub created: String,
    /// When it last changed (RFC 3339, UTC).
    pub modified: String,
    /// W3C TextQuoteSelector and TextPositionSelector (characters).
    pub selectors: SelectorsJson<'a>,
}

/// The selectors of a highlight.
#[derive(Debug, Serialize)]
pub struct SelectorsJson<'a> {
    /// The exact text.
    pub exact: &'a str,
    /// The text before it.
    pub prefix: &'a str,
    /// The text after it.
    pub suffix: &'a str,
    /// Its first character.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
}

/// A note on an entity.
#[derive(Debug, Serialize)]
pub struct EntityNoteJson<'a> {
    /// The entity's name.
    pub name: &'a str,
    /// Its kind.
    pub kind: &'static str,
    /// The note.
    pub note: &'a str,
}

/// A correction, tagged by `type`.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CorrectionJson<'a> {
    /// Show an entity under another name.
    Rename {
        /// Its name as tagged.
        name: &'a str,
        /// Its kind.
        kind: &'static str,
        /// The name shown.
        to: &'a str,
    },
    /// An entity is of another kind.
    ChangeKind {
        /// Its name.
        name: &'a str,
        /// Its kind as tagged.
        from: &'static str,
        /// Its right kind.
        to: &'static str,
    },
    /// An entity joins another.
    Merge {
        /// The entity merged away.
        name: &'a str,
        /// Its kind.
        kind: &'static str,
        /// The entity it joins.
        into: &'a str,
        /// That entity's kind.
        into_kind: &'static str,
    },
    /// One mention becomes an entity of its own.
    Split {
        /// The mention.
        mention: PassageJson<'a>,
        /// The new entity's kind, if different.
        kind: Option<&'static str>,
    },
    /// A name is not an entity.
    NotAnEntity {
        /// Its name.
        name: &'a str,
        /// Its kind as tagged.
        kind: &'static str,
    },
    /// A missed passage is a mention of this kind.
    Tag {
        /// The passage.
        passage: PassageJson<'a>,
        /// Its kind.
        kind: &'static str,
    },
}

/// A passage named by a correction: its selectors (characters).
#[derive(Debug, Serialize)]
pub struct PassageJson<'a> {
    /// The exact text.
    pub exact: &'a str,
    /// Its first character.
    pub start: usize,
    /// One past its last character.
    pub end: usize,
}

/// The JSON for `input`, pretty-printed.
pub fn export(input: &ExportInput) -> String {
    let json = build(input);
    // Every field is a string, number, bool, list or struct of them, with
    // string keys; serializing such a value into memory cannot fail.
    let mut out = serde_json::to_string_pretty(&json).expect("the export serializes");
    out.push('\n');
    out
}

/// The [`ExportJson`] for `input`.
pub fn build<'a>(input: &ExportInput<'a>) -> ExportJson<'a> {
    let doc = input.document;
    let analysis = input.analysis;
    let annotations = input.annotations;
    let text = doc.text.as_str();
    let index = CharIndex::new(text);
    let at = |span: Span| {
        let (start, end) = index.chars_of_span(span);
        At {
            start,
            end,
            byte_start: span.start,
            byte_end: span.end,
            text: span.text(text),
        }
    };
    let entities = analysis
        .entities
        .iter()
        .enumerate()
        .map(|(id, entity)| EntityJson {
            id,
            kind: entity.kind.json_name(),
            name: &entity.name,
            note: annotations.entity_note(&entity.name, entity.kind),
            mentions: entity
                .mentions
                .iter()
                .filter_map(|&m| analysis.mentions.get(m))
                .map(|m| MentionJson {
                    at: at(m.span),
                    reason: &m.reason,
                })
                .collect(),
        })
        .collect();
    let mut quotes: Vec<_> = analysis.quotes.iter().collect();
    quotes.sort_by_key(|q| q.span);
    let quotes = quotes
        .into_iter()
        .map(|quote| QuoteJson {
            at: at(quote.span),
            speaker: match quote.speaker {
                Speaker::Entity(id) => Some(id),
                Speaker::Described(_) | Speaker::Unknown => None,
            },
            speaker_name: analysis.speaker_name(quote),
        })
        .collect();
    let highlights = placed(input, &index)
        .into_iter()
        .map(|p| highlight(p.highlight, Some(at(p.highlight.span))))
        .collect();
    let orphans = annotations
        .orphans
        .iter()
        .map(|h| highlight(h, None))
        .collect();
    let passage = |p: &'a Passage| PassageJson {
        exact: &p.quote.exact,
        start: p.position.start,
        end: p.position.end,
    };
    let corrections = annotations
        .corrections
        .iter()
        .map(|c| correction(c, passage))
        .collect();
    ExportJson {
        version: VERSION,
        generator: "dramatis",
        exported: input.exported.to_string(),
        offsets: "start and end are character (Unicode code point) offsets into document.text; \
                  byte_start and byte_end are UTF-8 byte offsets into the same text",
        document: DocumentJson {
            title: &doc.title,
            byline: doc.byline.as_deref(),
            published: doc.published.as_deref(),
            path: doc.path.as_ref().map(|p| p.to_string_lossy().into_owned()),
            fingerprint: fingerprint(text),
            format: format_name(doc.format),
            chars: index.char_of_byte(text.len()),
            bytes: text.len(),
            text,
            sections: doc
                .sections
                .iter()
                .map(|s| SectionJson {
                    title: &s.title,
                    at: at(s.span),
                })
                .collect(),
        },
        entities,
        quotes,
        highlights,
        orphans,
        entity_notes: annotations
            .entity_notes
            .iter()
            .map(|n| EntityNoteJson {
                name: &n.name,
                kind: n.kind.json_name(),
                note: &n.note,
            })
            .collect(),
        corrections,
        warnings: &analysis.warnings,
    }
}

fn highlight<'a>(h: &'a Highlight, at: Option<At<'a>>) -> HighlightJson<'a> {
    HighlightJson {
        id: h.id,
        at,
        color: h.color.name(),
        note: &h.note,
        tags: &h.tags,
        created: h.created.to_string(),
        modified: h.modified.to_string(),
        selectors: SelectorsJson {
            exact: &h.quote.exact,
            prefix: &h.quote.prefix,
            suffix: &h.quote.suffix,
            start: h.position.start,
            end: h.position.end,
        },
    }
}

fn correction<'a>(
    c: &'a Correction,
    passage: impl Fn(&'a Passage) -> PassageJson<'a>,
) -> CorrectionJson<'a> {
    let kind = |k: &EntityKind| k.json_name();
    match c {
        Correction::Rename { name, kind: k, to } => CorrectionJson::Rename {
            name,
            kind: kind(k),
            to,
        },
        Correction::ChangeKind { name, from, to } => CorrectionJson::ChangeKind {
            name,
            from: kind(from),
            to: kind(to),
        },
        Correction::Merge {
            name,
            kind: k,
            into,
            into_kind,
        } => CorrectionJson::Merge {
            name,
            kind: kind(k),
            into,
            into_kind: kind(into_kind),
        },
        Correction::Split { mention, kind: k } => CorrectionJson::Split {
            mention: passage(mention),
            kind: k.as_ref().map(kind),
        },
        Correction::NotAnEntity { name, kind: k } => CorrectionJson::NotAnEntity {
            name,
            kind: kind(k),
        },
        Correction::Tag {
            passage: p,
            kind: k,
        } => CorrectionJson::Tag {
            passage: passage(p),
            kind: kind(k),
        },
    }
}

/// The name of a document format in the JSON.
fn format_name(format: Format) -> &'static str {
    match format {
        Format::PlainText => "text",
        Format::Markdown => "markdown",
        Format::Html => "html",
        Format::Mhtml => "mhtml",
        Format::Epub => "epub",
    }
}
