//! Paragraphs too long to lay out or analyse as one: split into parts.
//!
//! A file can hold a paragraph of any length (a text of one line, an
//! e-book chapter without a single paragraph tag). Laid out whole it would
//! stall the window for seconds, and the analysis, which works paragraph by
//! paragraph, would hold the whole of it at once. Past
//! [`MAX_BLOCK_BYTES`] a block is cut into parts, each at a sentence end
//! when one is near, else at a space, else between two characters. The
//! text is not changed; only the blocks are, and the styles that cross a
//! cut are cut with it.

use super::{Block, InlineStyle};
use crate::span::Span;

/// The longest block kept whole, in bytes (32 KiB, about 5,000 words; a
/// real paragraph is seldom a tenth of that).
pub const MAX_BLOCK_BYTES: usize = 32 * 1024;

/// Cuts each block longer than [`MAX_BLOCK_BYTES`] into parts of the same
/// kind, and the styles that cross a cut at that cut. Returns how many
/// blocks were cut. Cost: linear in the text.
pub(super) fn split(text: &str, blocks: &mut Vec<Block>, styles: &mut Vec<InlineStyle>) -> usize {
    if blocks.iter().all(|b| b.span.len() <= MAX_BLOCK_BYTES) {
        return 0;
    }
    let mut cut_blocks = 0;
    // The gaps the cuts leave: from one part's end to the next one's start.
    let mut gaps: Vec<Span> = Vec::new();
    let mut parts = Vec::with_capacity(blocks.len());
    for block in blocks.drain(..) {
        if block.span.len() <= MAX_BLOCK_BYTES {
            parts.push(block);
            continue;
        }
        cut_blocks += 1;
        let first = parts.len();
        parts.extend(pieces(text, block.span).map(|span| Block {
            span,
            kind: block.kind,
        }));
        gaps.extend(
            parts[first..]
                .windows(2)
                .map(|pair| Span::new(pair[0].span.end, pair[1].span.start)),
        );
    }
    *blocks = parts;
    cut_styles(&gaps, styles);
    cut_blocks
}

/// The parts of the long `span`: non-empty, in order, each at most
/// [`MAX_BLOCK_BYTES`] long, without the white space between them.
fn pieces(text: &str, span: Span) -> impl Iterator<Item = Span> + '_ {
    let mut start = span.start;
    std::iter::from_fn(move || {
        if start >= span.end {
            return None;
        }
        if span.end - start <= MAX_BLOCK_BYTES {
            let piece = Span::new(start, span.end);
            start = span.end;
            return Some(piece);
        }
        let cut = cut_point(text, start, start + MAX_BLOCK_BYTES);
        let mut piece_end = start + text[start..cut].trim_end().len();
        if piece_end == start {
            // Only white space before the cut: kept, so the part is not empty.
            piece_end = cut;
        }
        let piece = Span::new(start, piece_end);
        let rest = &text[cut..span.end];
        start = cut + (rest.len() - rest.trim_start().len());
        Some(piece)
    })
}

/// Where to cut the text after `start` at or before `limit`: after the last
/// sentence end in the second half of that stretch, else at its last white
/// space, else at the last character boundary. Always past `start`.
fn cut_point(text: &str, start: usize, limit: usize) -> usize {
    let limit = floor_char_boundary(text, limit);
    let low = floor_char_boundary(text, start + (limit - start) / 2);
    let stretch = &text[low..limit];
    let mut last_space = None;
    let mut before: Option<char> = None;
    // Walks backwards: `before` is the character after the one at hand.
    for (i, c) in stretch.char_indices().rev() {
        if let Some(next) = before
            && next.is_whitespace()
        {
            if ends_sentence(stretch[..i + c.len_utf8()].trim_end_matches(is_closing)) {
                return low + i + c.len_utf8();
            }
            last_space.get_or_insert(low + i + c.len_utf8());
        }
        before = Some(c);
    }
    match last_space {
        Some(cut) => cut,
        None if limit > start => limit,
        // One character longer than the whole stretch cannot happen (a
        // character is at most 4 bytes), but a cut must move forward.
        None => start + text[start..].chars().next().map_or(1, char::len_utf8),
    }
}

/// True when `before` ends with a sentence's final punctuation.
fn ends_sentence(before: &str) -> bool {
    before.ends_with(['.', '!', '?', '…'])
}

/// Closing quotation marks and brackets that may follow a sentence's end.
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']')
}

/// The largest character boundary of `text` at or below `i`.
fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Cuts each style that crosses one of the sorted `gaps` a split left
/// into the parts on either side of it; styles stay sorted by start.
fn cut_styles(gaps: &[Span], styles: &mut Vec<InlineStyle>) {
    let crosses = |style: &InlineStyle| {
        let i = gaps.partition_point(|g| g.start <= style.span.start);
        gaps.get(i).is_some_and(|g| g.start < style.span.end)
    };
    if !styles.iter().any(crosses) {
        return;
    }
    let mut cut = Vec::with_capacity(styles.len());
    for style in styles.drain(..) {
        let mut start = style.span.start;
        let first = gaps.partition_point(|g| g.start <= start);
        for gap in gaps[first..]
            .iter()
            .take_while(|g| g.start < style.span.end)
        {
            cut.push(InlineStyle {
                span: Span::new(start, gap.start),
                kind: style.kind,
            });
            start = gap.end;
        }
        if start < style.span.end {
            cut.push(InlineStyle {
                span: Span::new(start, style.span.end),
                kind: style.kind,
            });
        }
    }
    cut.sort_by_key(|s| s.span.start);
    *styles = cut;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{BlockKind, InlineStyleKind};

    fn paragraph(span: Span) -> Block {
        Block {
            span,
            kind: BlockKind::Paragraph,
        }
    }

    /// Splits `text` held as one block; checks the parts; returns them.
    fn parts(text: &str) -> Vec<&str> {
        let mut blocks = vec![paragraph(Span::new(0, text.len()))];
        let mut styles = Vec::new();
        split(text, &mut blocks, &mut styles);
        let mut end = 0;
        for block in &blocks {
            assert!(block.span.start >= end, "sorted, apart");
            assert!(!block.span.is_empty() && block.span.len() <= MAX_BLOCK_BYTES);
            assert!(
                text.is_char_boundary(block.span.start) && text.is_char_boundary(block.span.end)
            );
            end = block.span.end;
        }
        blocks.iter().map(|b| b.span.text(text)).collect()
    }

    #[test]
    fn a_short_paragraph_is_kept_whole() {
        assert_eq!(parts("Natasha danced."), ["Natasha danced."]);
    }

    #[test]
    fn a_long_paragraph_is_cut_after_a_sentence() {
        let sentence = "Natasha danced with Pierre at the ball in Moscow. ";
        let text = sentence
            .repeat(3 * MAX_BLOCK_BYTES / sentence.len())
            .trim_end()
            .to_owned();
        let cut = parts(&text);
        assert!(cut.len() >= 3, "{}", cut.len());
        for part in &cut[..cut.len() - 1] {
            assert!(part.ends_with("Moscow."), "{}", &part[part.len() - 20..]);
            assert!(part.starts_with("Natasha"));
        }
        assert_eq!(
            cut.concat().len() + cut.len() - 1,
            text.len(),
            "only spaces dropped"
        );
    }

    #[test]
    fn a_closing_quote_stays_with_its_sentence() {
        let sentence = "\u{201c}We shall dance,\u{201d} said Natasha. \u{201c}Yes!\u{201d} ";
        let text = sentence.repeat(2 * MAX_BLOCK_BYTES / sentence.len());
        for part in parts(text.trim_end()) {
            assert!(
                part.ends_with("!\u{201d}") || part.ends_with("Natasha."),
                "{}",
                &part[part.len() - 12..]
            );
        }
    }

    #[test]
    fn text_without_spaces_is_cut_between_characters() {
        let text = "日本".repeat(MAX_BLOCK_BYTES);
        let cut = parts(&text);
        assert_eq!(cut.concat(), text);
    }

    #[test]
    fn a_style_across_a_cut_is_cut_too() {
        let text = format!("{} {}", "a".repeat(MAX_BLOCK_BYTES - 10), "b".repeat(100));
        let mut blocks = vec![paragraph(Span::new(0, text.len()))];
        let mut styles = vec![InlineStyle {
            span: Span::new(MAX_BLOCK_BYTES - 20, MAX_BLOCK_BYTES + 20),
            kind: InlineStyleKind::Emphasis,
        }];
        assert_eq!(split(&text, &mut blocks, &mut styles), 1);
        assert_eq!(blocks.len(), 2);
        let spans: Vec<Span> = styles.iter().map(|s| s.span).collect();
        assert_eq!(
            spans,
            [
                Span::new(MAX_BLOCK_BYTES - 20, blocks[0].span.end),
                Span::new(blocks[1].span.start, MAX_BLOCK_BYTES + 20)
            ]
        );
    }
}
