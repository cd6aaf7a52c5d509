//! Quotations: finding quoted speech and attributing it to a speaker.

use super::{Entity, Mention, Quote};
use crate::span::Span;

/// Finds the content spans of quotations (inside the marks), sorted.
pub fn find_quotes(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let _ = (text, paragraphs);
    Vec::new()
}

/// Attributes each quotation in `quotes` to a speaker.
pub fn attribute(
    text: &str,
    paragraphs: &[Span],
    quotes: &[Span],
    mentions: &[Mention],
    entities: &[Entity],
) -> Vec<Quote> {
    let _ = (text, paragraphs, quotes, mentions, entities);
    Vec::new()
}
