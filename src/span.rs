//! Byte spans into a document's text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a document's text.
///
/// Both ends always lie on `char` boundaries of the text they index. Spans are
/// small and `Copy`; convert to character offsets only at the edges that need
/// them (JSON output, W3C selectors) with [`CharIndex`].
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// Length in bytes.
    pub const fn len(self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// True when the two spans share at least one byte.
    pub const fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies wholly inside `self`.
    pub const fn contains_span(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the byte offset lies inside the span.
    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The text this span covers. Returns `""` when the span is out of bounds
    /// or not on char boundaries, so a stale span never panics.
    pub fn text(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Converts byte offsets into Unicode code-point (character) offsets and back.
///
/// Built once per text in O(n); each lookup is a binary search over the
/// multi-byte characters only, so ASCII-heavy text costs little memory.
#[derive(Clone, Debug, Default)]
pub struct CharIndex {
    /// One entry per multi-byte character: (byte offset, char offset, width in bytes).
    multibyte: Vec<(usize, usize, usize)>,
    len_bytes: usize,
    len_chars: usize,
}

impl CharIndex {
    /// Index the given text.
    pub fn new(text: &str) -> Self {
        let mut multibyte = Vec::new();
        let mut len_chars = 0;
        for (ch, (byte, c)) in text.char_indices().enumerate() {
            let width = c.len_utf8();
            if width > 1 {
                multibyte.push((byte, ch, width));
            }
            len_chars = ch + 1;
        }
        Self {
            multibyte,
            len_bytes: text.len(),
            len_chars,
        }
    }

    /// Character offset of a byte offset on a char boundary; clamps to the end.
    pub fn char_of_byte(&self, byte: usize) -> usize {
        let byte = byte.min(self.len_bytes);
        let k = self.multibyte.partition_point(|&(b, _, _)| b < byte);
        match k.checked_sub(1).map(|i| self.multibyte[i]) {
            None => byte,
            Some((b, c, w)) => c + 1 + byte.saturating_sub(b + w),
        }
    }

    /// Byte offset of a character offset; clamps to the end.
    pub fn byte_of_char(&self, ch: usize) -> usize {
        let ch = ch.min(self.len_chars);
        let k = self.multibyte.partition_point(|&(_, c, _)| c < ch);
        match k.checked_sub(1).map(|i| self.multibyte[i]) {
            None => ch,
            Some((b, c, w)) => b + w + (ch - c - 1),
        }
    }

    /// Converts a byte span into a `(start, end)` pair of character offsets.
    pub fn chars_of_span(&self, span: Span) -> (usize, usize) {
        (self.char_of_byte(span.start), self.char_of_byte(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_round_trips_on_every_boundary() {
        for text in ["", "abc", "Kim’s “train” – ok", "ü日本語x🎉y", "🎉🎉"] {
            let index = CharIndex::new(text);
            for (ch, (byte, _)) in text.char_indices().enumerate() {
                assert_eq!(index.char_of_byte(byte), ch, "{text:?} byte {byte}");
                assert_eq!(index.byte_of_char(ch), byte, "{text:?} char {ch}");
            }
            let n = text.chars().count();
            assert_eq!(index.char_of_byte(text.len()), n);
            assert_eq!(index.byte_of_char(n), text.len());
        }
    }
}
