//! Plain text: lines, paragraphs and a title line.
//!
//! The text itself is never changed here; paragraphs are spans into it, so
//! every offset the analysis reports is an offset into the file as loaded.

use super::title::reads_as_title;
use super::{Block, BlockKind};
use crate::span::Span;

/// The longest line, in characters, that hard-wrapped text typically has.
/// Project Gutenberg wraps at about 70; anything under this counts as wrapped.
const MAX_WRAPPED_LINE_CHARS: usize = 100;

/// The display structure found in a plain text.
pub(super) struct PlainText {
    /// Paragraphs (and a title heading), in order.
    pub blocks: Vec<Block>,
    /// The title line, when the first line reads as one.
    pub title: Option<String>,
}

/// Finds paragraphs and a title line in `text`.
///
/// Hard-wrapped text with blank lines between paragraphs (Project Gutenberg
/// style) gets one block per run of lines between blank lines; any other text
/// gets one block per non-empty line. A first block that reads as a title
/// becomes a level-1 heading.
pub(super) fn parse(text: &str) -> PlainText {
    let lines: Vec<Span> = line_spans(text)
        .into_iter()
        .map(|line| trim(text, line))
        .collect();
    let spans = if is_hard_wrapped(text, &lines) {
        runs(&lines)
    } else {
        lines.into_iter().filter(|l| !l.is_empty()).collect()
    };
    let mut blocks: Vec<Block> = spans
        .into_iter()
        .map(|span| Block {
            span,
            kind: BlockKind::Paragraph,
        })
        .collect();
    let mut title = None;
    if blocks.len() >= 2 {
        let first = &mut blocks[0];
        let line = first.span.text(text);
        if reads_as_title(line) {
            first.kind = BlockKind::Heading(1);
            title = Some(line.to_owned());
        }
    }
    PlainText { blocks, title }
}

/// The content of each line, its line end excluded. `\n`, `\r\n` and a lone
/// `\r` all end a line. A final line end does not start another line.
fn line_spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(Span::new(start, i));
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push(Span::new(start, i));
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        lines.push(Span::new(start, bytes.len()));
    }
    lines
}

/// `span` without leading and trailing whitespace; empty (at its end) when it
/// holds only whitespace.
fn trim(text: &str, span: Span) -> Span {
    let s = span.text(text);
    let body = s.trim();
    if body.is_empty() {
        return Span::new(span.end, span.end);
    }
    let start = span.start + (s.len() - s.trim_start().len());
    Span::new(start, start + body.len())
}

/// Runs of consecutive non-empty lines, each as one span from the first
/// line's start to the last line's end.
fn runs(lines: &[Span]) -> Vec<Span> {
    let mut runs: Vec<Span> = Vec::new();
    let mut current: Option<Span> = None;
    for &line in lines {
        match (&mut current, line.is_empty()) {
            (Some(run), false) => run.end = line.end,
            (None, false) => current = Some(line),
            (Some(run), true) => {
                runs.push(*run);
                current = None;
            }
            (None, true) => {}
        }
    }
    runs.extend(current);
    runs
}

/// True for text whose paragraphs are separated by blank lines and whose
/// lines are broken at a fixed width: most non-empty lines sit in runs of
/// two or more, and nine lines in ten are short.
fn is_hard_wrapped(text: &str, lines: &[Span]) -> bool {
    let blank = lines.iter().filter(|l| l.is_empty()).count();
    let mut lengths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| l.text(text).chars().count())
        .collect();
    if blank == 0 || lengths.len() < 2 {
        return false;
    }
    // Count the non-empty lines that sit in runs of two or more.
    let mut in_runs = 0;
    let mut run_len = 0;
    for line in lines.iter().chain(std::iter::once(&Span::new(0, 0))) {
        if line.is_empty() {
            if run_len >= 2 {
                in_runs += run_len;
            }
            run_len = 0;
        } else {
            run_len += 1;
        }
    }
    if in_runs * 2 < lengths.len() {
        return false;
    }
    lengths.sort_unstable();
    let p90 = lengths[(lengths.len() * 9 / 10).min(lengths.len() - 1)];
    p90 <= MAX_WRAPPED_LINE_CHARS
}
