//! W3C Web Annotations: exporting highlights as an `AnnotationCollection`
//! (JSON-LD), and importing annotations back as highlights.
//!
//! # Export
//!
//! One collection with its first (and only) page embedded, as the W3C Web
//! Annotation Data Model describes collections:
//!
//! ```json
//! { "@context": "http://www.w3.org/ns/anno.jsonld",
//!   "id": "urn:dramatis:<fingerprint>", "type": "AnnotationCollection",
//!   "label": "<title>", "total": 3,
//!   "first": { "id": "urn:dramatis:<fingerprint>:page:1", "type": "AnnotationPage",
//!              "startIndex": 0, "items": [ … ] } }
//! ```
//!
//! Each item is an `Annotation` with the id `urn:dramatis:<fingerprint>:<id>`
//! (the text's fingerprint and the highlight's id, both stable), `created`
//! and `modified`, motivation `commenting` when it has a note and
//! `highlighting` otherwise, and as bodies a `TextualBody` with purpose
//! `commenting` (format `text/plain`) for the note and one with purpose
//! `tagging` per tag. The web annotation vocabulary has no colour, so the
//! colour goes in an extension property of the annotation,
//! `"dramatis:color": "green"` (an absolute IRI as JSON-LD reads it; other
//! tools ignore it). The target's `source` is the document's `file://` URL,
//! or the collection's `urn:dramatis:<fingerprint>` when the document has no
//! file; its selectors are a `TextQuoteSelector` (exact, prefix, suffix) and
//! a `TextPositionSelector` (character offsets).
//!
//! # Import
//!
//! [`import_w3c`] reads a collection (its embedded pages), a page, a single
//! annotation, an array of annotations, or a Hypothesis API result
//! (`rows`), and tolerates targets as arrays and selectors as single
//! objects. The note comes from non-tagging textual bodies (or `bodyValue`,
//! or Hypothesis's `text`), tags from `tagging` bodies (or `tags`), the
//! colour from `dramatis:color` (yellow without it). The highlights are
//! then found in the text with [`anchor::reanchor`]; those not found are
//! kept as orphans. [`ImportReport::merge_into`] adds them to the reader's
//! annotations, skipping ones already there.

use std::collections::HashSet;

use serde::Serialize;
use serde_json::Value;

use crate::annotations::anchor::{self, Reanchored};
use crate::annotations::{
    Annotations, Highlight, HighlightColor, TextPositionSelector, TextQuoteSelector, fingerprint,
};
use crate::span::{CharIndex, Span};

use super::{ExportInput, file_url, placed};

/// The JSON-LD context of web annotations.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

/// The extension property holding a highlight's colour.
pub const COLOR_PROPERTY: &str = "dramatis:color";

/// An `AnnotationCollection` with its page embedded.
#[derive(Debug, Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'a str,
    total: usize,
    first: Page<'a>,
}

/// An `AnnotationPage`.
#[derive(Debug, Serialize)]
struct Page<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "partOf")]
    part_of: String,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation<'a>>,
}

/// One `Annotation`.
#[derive(Debug, Serialize)]
struct Annotation<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    created: String,
    modified: String,
    motivation: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body<'a>>,
    #[serde(rename = "dramatis:color")]
    color: &'static str,
    target: Target<'a>,
}

/// A `TextualBody`.
#[derive(Debug, Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
}

/// A `SpecificResource` target.
#[derive(Debug, Serialize)]
struct Target<'a> {
    source: &'a str,
    selector: [Selector<'a>; 2],
}

/// The two selectors of a target.
#[derive(Debug, Serialize)]
#[serde(tag = "type")]
enum Selector<'a> {
    TextQuoteSelector {
        exact: &'a str,
        prefix: &'a str,
        suffix: &'a str,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// The collection for `input`, pretty-printed JSON-LD.
pub fn export(input: &ExportInput) -> String {
    let doc = input.document;
    let text = doc.text.as_str();
    let index = CharIndex::new(text);
    let collection_id = format!("urn:dramatis:{}", fingerprint(text));
    let source = doc
        .path
        .as_deref()
        .and_then(file_url)
        .unwrap_or_else(|| collection_id.clone());
    let highlights = placed(input, &index);
    // Selectors are computed afresh from the exported text, so they always
    // describe it, whatever the stored ones say.
    let selectors: Vec<_> = highlights
        .iter()
        .map(|p| anchor::selectors_with(text, &index, p.highlight.span))
        .collect();
    let items = highlights
        .iter()
        .zip(&selectors)
        .map(|(p, (quote, position))| {
            let h = p.highlight;
            let note = h.note.trim();
            let mut body = Vec::new();
            if !note.is_empty() {
                body.push(Body {
                    kind: "TextualBody",
                    purpose: "commenting",
                    value: note,
                    format: Some("text/plain"),
                });
            }
            for tag in &h.tags {
                body.push(Body {
                    kind: "TextualBody",
                    purpose: "tagging",
                    value: tag,
                    format: None,
                });
            }
            Annotation {
                id: format!("{collection_id}:{}", h.id),
                kind: "Annotation",
                created: h.created.to_string(),
                modified: h.modified.to_string(),
                motivation: if note.is_empty() {
                    "highlighting"
                } else {
                    "commenting"
                },
                body,
                color: h.color.name(),
                target: Target {
                    source: &source,
                    selector: [
                        Selector::TextQuoteSelector {
                            exact: &quote.exact,
                            prefix: &quote.prefix,
                            suffix: &quote.suffix,
                        },
                        Selector::TextPositionSelector {
                            start: position.start,
                            end: position.end,
                        },
                    ],
                },
            }
        })
        .collect::<Vec<_>>();
    let collection = Collection {
        context: CONTEXT,
        id: collection_id.clone(),
        kind: "AnnotationCollection",
        label: &doc.title,
        total: items.len(),
        first: Page {
            id: format!("{collection_id}:page:1"),
            kind: "AnnotationPage",
            part_of: collection_id.clone(),
            start_index: 0,
            items,
        },
    };
    // Strings, numbers and structs of them with string keys: serializing
    // into memory cannot fail.
    let mut out = serde_json::to_string_pretty(&collection).expect("the collection serializes");
    out.push('\n');
    out
}

/// Why notes could not be imported at all.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The input does not parse as JSON.
    #[error("the notes are not valid JSON ({0})")]
    NotJson(String),
    /// The JSON is not web annotations.
    #[error("the notes are not W3C web annotations: {0}")]
    WrongShape(String),
    /// A collection names its pages by link instead of embedding them.
    #[error(
        "the annotation collection only links to its pages ({0}); save each page and import it"
    )]
    LinkedPage(String),
}

/// The largest annotation file an import reads (64 MiB): far more than any
/// collection of notes, and a bound on what a device such as `/dev/zero`
/// given by mistake could cost.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// What [`import_w3c`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportReport {
    /// Highlights found in the text, sorted by span (ids not yet given).
    pub highlights: Vec<Highlight>,
    /// Highlights whose passage is not in the text.
    pub orphans: Vec<Highlight>,
    /// How the highlights were found.
    pub reanchored: Reanchored,
    /// Annotations that could not become highlights, each with the reason.
    pub skipped: Vec<String>,
}

/// What [`ImportReport::merge_into`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Highlights added in the text.
    pub added: usize,
    /// Highlights added as orphans.
    pub orphaned: usize,
    /// Highlights left out because the same passage with the same note was
    /// already there.
    pub duplicates: usize,
}

impl ImportReport {
    /// Adds the imported highlights and orphans to `annotations` with fresh
    /// ids, leaving out exact duplicates: the same passage (quote and
    /// position) with the same note, already there or imported twice.
    ///
    /// Linear in the highlights there and imported (duplicates are found by
    /// hashing), so a large import does not keep the window waiting.
    pub fn merge_into(self, annotations: &mut Annotations) -> Merged {
        let mut merged = Merged::default();
        let Self {
            highlights,
            orphans,
            ..
        } = self;
        // Which imported highlights to keep: decided first, while the keys
        // borrow from both sides.
        let keep: Vec<Vec<bool>> = {
            let mut seen: HashSet<PassageAndNote<'_>> = annotations
                .highlights
                .iter()
                .chain(&annotations.orphans)
                .map(passage_and_note)
                .collect();
            [&highlights, &orphans]
                .into_iter()
                .map(|batch| {
                    batch
                        .iter()
                        .map(|h| seen.insert(passage_and_note(h)))
                        .collect()
                })
                .collect()
        };
        let max_used = annotations
            .highlights
            .iter()
            .chain(&annotations.orphans)
            .map(|h| h.id)
            .max()
            .unwrap_or(0);
        let mut next_id = annotations.next_id.max(max_used + 1).max(1);
        let batches = [(highlights, false), (orphans, true)];
        for ((batch, orphan), keep) in batches.into_iter().zip(keep) {
            for (mut highlight, keep) in batch.into_iter().zip(keep) {
                if !keep {
                    merged.duplicates += 1;
                    continue;
                }
                highlight.id = next_id;
                next_id += 1;
                if orphan {
                    annotations.orphans.push(highlight);
                    merged.orphaned += 1;
                } else {
                    annotations.highlights.push(highlight);
                    merged.added += 1;
                }
            }
        }
        // Stable: a new highlight goes after one already on the same span,
        // as `Annotations::restore_highlight` places it.
        annotations.highlights.sort_by_key(|h| h.span);
        annotations.next_id = annotations.next_id.max(next_id);
        merged
    }
}

/// What makes two highlights the same for an import: the passage (quote
/// and position in characters) and the note, trimmed.
type PassageAndNote<'a> = (&'a str, usize, usize, &'a str);

fn passage_and_note(h: &Highlight) -> PassageAndNote<'_> {
    (
        &h.quote.exact,
        h.position.start,
        h.position.end,
        h.note.trim(),
    )
}

/// Reads web annotations from `json` and finds them in `text`.
///
/// Accepts an `AnnotationCollection` with embedded pages, an
/// `AnnotationPage`, one `Annotation`, an array of annotations, or a
/// Hypothesis search result. Annotations without a text quote or position
/// selector are skipped and listed in [`ImportReport::skipped`]. Times
/// missing from an annotation are `now`.
pub fn import_w3c(
    json: &str,
    text: &str,
    now: jiff::Timestamp,
) -> Result<ImportReport, ImportError> {
    let value: Value = serde_json::from_str(json.trim_start_matches('\u{feff}'))
        .map_err(|e| ImportError::NotJson(e.to_string()))?;
    let annotations = annotations_of(&value)?;
    let index = CharIndex::new(text);
    let mut highlights = Vec::with_capacity(annotations.len());
    let mut skipped = Vec::new();
    for (k, annotation) in annotations.iter().enumerate() {
        match highlight_of(annotation, text, &index, now) {
            Ok(highlight) => highlights.push(highlight),
            Err(reason) => {
                let name = annotation
                    .get("id")
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("annotation {}", k + 1), str::to_owned);
                skipped.push(format!("{name}: {reason}"));
            }
        }
    }
    let (highlights, orphans, reanchored) = anchor::reanchor(text, highlights);
    Ok(ImportReport {
        highlights,
        orphans,
        reanchored,
        skipped,
    })
}

/// The `type` of a JSON-LD object, which may be one string or several.
fn has_type(value: &Value, name: &str) -> bool {
    let kind = value.get("type").or_else(|| value.get("@type"));
    match kind {
        Some(Value::String(s)) => s == name,
        Some(Value::Array(kinds)) => kinds.iter().any(|k| k.as_str() == Some(name)),
        _ => false,
    }
}

/// What a JSON value is, for messages.
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The annotation objects in a collection, page, array or single annotation.
fn annotations_of(value: &Value) -> Result<Vec<&Value>, ImportError> {
    match value {
        Value::Array(items) => items_of(items, "the array"),
        Value::Object(object) => {
            if has_type(value, "AnnotationCollection") {
                let mut items = Vec::new();
                if let Some(Value::Array(direct)) = object.get("items") {
                    items.extend(items_of(direct, "the collection's items")?);
                }
                let mut page = object.get("first");
                // Pages are followed through `next` while they are embedded;
                // the count guards against a cycle of embedded copies.
                let mut pages = 0;
                while let Some(current) = page {
                    pages += 1;
                    match current {
                        Value::Object(_) if pages <= 10_000 => {
                            items.extend(page_items(current)?);
                            page = current.get("next");
                        }
                        Value::String(link) => return Err(ImportError::LinkedPage(link.clone())),
                        _ => break,
                    }
                }
                Ok(items)
            } else if has_type(value, "AnnotationPage") {
                page_items(value)
            } else if has_type(value, "Annotation") || object.contains_key("target") {
                Ok(vec![value])
            } else if let Some(Value::Array(rows)) = object.get("rows") {
                items_of(rows, "the rows")
            } else {
                Err(ImportError::WrongShape(
                    "the object is not an annotation, annotation page or annotation collection \
                     (it has no matching \"type\" and no \"target\")"
                        .to_owned(),
                ))
            }
        }
        other => Err(ImportError::WrongShape(format!(
            "expected an annotation collection, a page, an annotation or an array of \
             annotations, but the JSON is {}",
            describe(other)
        ))),
    }
}

/// The items of an `AnnotationPage`.
fn page_items(page: &Value) -> Result<Vec<&Value>, ImportError> {
    match page.get("items") {
        Some(Value::Array(items)) => items_of(items, "the page's items"),
        None => Ok(Vec::new()),
        Some(other) => Err(ImportError::WrongShape(format!(
            "the page's items are {}, not an array",
            describe(other)
        ))),
    }
}

/// `items` when every one is an object.
fn items_of<'v>(items: &'v [Value], what: &str) -> Result<Vec<&'v Value>, ImportError> {
    items
        .iter()
        .enumerate()
        .map(|(k, item)| match item {
            Value::Object(_) => Ok(item),
            other => Err(ImportError::WrongShape(format!(
                "item {} of {what} is {}, not an annotation object",
                k + 1,
                describe(other)
            ))),
        })
        .collect()
}

/// One annotation as a highlight over `text`, or why it cannot be one.
fn highlight_of(
    annotation: &Value,
    text: &str,
    index: &CharIndex,
    now: jiff::Timestamp,
) -> Result<Highlight, String> {
    let (quote, position) = selectors_of(annotation)?;
    let (quote, position) = match (quote, position) {
        (Some(quote), Some(position)) => (quote, position),
        (Some(quote), None) => (quote, TextPositionSelector::default()),
        (None, Some(position)) => {
            // Without the quote, the position can only mean this text.
            let span = Span::new(
                index.byte_of_char(position.start),
                index.byte_of_char(position.end),
            );
            if position.start >= position.end || span.is_empty() {
                return Err("its text position selector is empty or outside the text".to_owned());
            }
            anchor::selectors_with(text, index, span)
        }
        (None, None) => {
            return Err("it has no text quote or text position selector".to_owned());
        }
    };
    if quote.exact.trim().is_empty() {
        return Err("its quote is empty".to_owned());
    }
    let (note, mut tags) = bodies_of(annotation);
    if let Some(Value::Array(extra)) = annotation.get("tags") {
        for tag in extra.iter().filter_map(Value::as_str) {
            let tag = tag.trim();
            if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
                tags.push(tag.to_owned());
            }
        }
    }
    let time = |key: &str| {
        annotation
            .get(key)
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<jiff::Timestamp>().ok())
    };
    let created = time("created").unwrap_or(now);
    let modified = time("modified")
        .or_else(|| time("updated"))
        .unwrap_or(created);
    let color = annotation
        .get(COLOR_PROPERTY)
        .and_then(Value::as_str)
        .and_then(HighlightColor::from_name)
        .unwrap_or_default();
    let span = Span::new(
        index.byte_of_char(position.start),
        index.byte_of_char(position.end),
    );
    Ok(Highlight {
        id: 0,
        span,
        color,
        note,
        tags,
        created,
        modified,
        quote,
        position,
    })
}

/// The quote and position selectors of an annotation's first target that
/// has any.
#[allow(clippy::type_complexity)]
fn selectors_of(
    annotation: &Value,
) -> Result<(Option<TextQuoteSelector>, Option<TextPositionSelector>), String> {
    let targets: Vec<&Value> = match annotation.get("target") {
        Some(Value::Array(targets)) => targets.iter().collect(),
        Some(target @ Value::Object(_)) => vec![target],
        Some(Value::String(_)) => {
            return Err("its target is a whole resource, not a passage".to_owned());
        }
        Some(other) => return Err(format!("its target is {}", describe(other))),
        None => return Err("it has no target".to_owned()),
    };
    for target in targets {
        let selectors: Vec<&Value> = match target.get("selector") {
            Some(Value::Array(selectors)) => selectors.iter().collect(),
            Some(selector @ Value::Object(_)) => vec![selector],
            _ => continue,
        };
        let mut quote = None;
        let mut position = None;
        for selector in selectors {
            if has_type(selector, "TextQuoteSelector") && quote.is_none() {
                let field = |key: &str| {
                    selector
                        .get(key)
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned()
                };
                quote = Some(TextQuoteSelector {
                    exact: field("exact"),
                    prefix: field("prefix"),
                    suffix: field("suffix"),
                });
            } else if has_type(selector, "TextPositionSelector") && position.is_none() {
                let offset = |key: &str| {
                    selector
                        .get(key)
                        .and_then(Value::as_u64)
                        .and_then(|n| usize::try_from(n).ok())
                };
                if let (Some(start), Some(end)) = (offset("start"), offset("end"))
                    && start <= end
                {
                    position = Some(TextPositionSelector { start, end });
                }
            }
        }
        if quote.is_some() || position.is_some() {
            return Ok((quote, position));
        }
    }
    Err("it has no text quote or text position selector".to_owned())
}

/// The note (textual bodies other than tags, joined by blank lines) and
/// tags of an annotation.
fn bodies_of(annotation: &Value) -> (String, Vec<String>) {
    let bodies: Vec<&Value> = match annotation.get("body") {
        Some(Value::Array(bodies)) => bodies.iter().collect(),
        Some(body @ Value::Object(_)) => vec![body],
        _ => Vec::new(),
    };
    let mut notes: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    for body in bodies {
        let Some(value) = body.get("value").and_then(Value::as_str) else {
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let tagging = match body.get("purpose") {
            Some(Value::String(p)) => p == "tagging",
            Some(Value::Array(ps)) => ps.iter().any(|p| p.as_str() == Some("tagging")),
            _ => false,
        };
        if tagging {
            if !tags.iter().any(|t| t == value) {
                tags.push(value.to_owned());
            }
        } else {
            notes.push(value.to_owned());
        }
    }
    for key in ["bodyValue", "text"] {
        if notes.is_empty()
            && let Some(value) = annotation.get(key).and_then(Value::as_str)
            && !value.trim().is_empty()
        {
            notes.push(value.trim().to_owned());
        }
    }
    (notes.join("\n\n"), tags)
}
