//! Pure layout helpers of the reading view: how each block looks, the
//! inline runs of its text, and the layout job that turns it into a galley.
//! Nothing here keeps state; `ReaderView` caches what these produce.

use std::ops::Range;

use egui::text::{ByteIndex, LayoutJob, LayoutSection, TextFormat, TextWrapping};
use egui::{Color32, FontFamily, FontId, Stroke};

use crate::analysis::gazetteer;
use crate::document::{BlockKind, Document, InlineStyle, InlineStyleKind};
use crate::span::Span;
use crate::ui::theme;

/// Everything a laid-out galley depends on besides the text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LayoutKey {
    /// Width of the reading column in points.
    pub(super) column_width: f32,
    /// Body text size in points.
    pub(super) text_size: f32,
    /// Dark theme.
    pub(super) dark: bool,
    /// Physical pixels per point; glyphs are rasterized for it.
    pub(super) pixels_per_point: f32,
    /// Quotations are in italics.
    pub(super) show_quotes: bool,
}

/// How an item looks: font, spacing and indent.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ItemStyle {
    /// The font of its text.
    pub(super) font: FontId,
    /// Distance between rows.
    pub(super) line_height: f32,
    /// Text colour.
    pub(super) color: Color32,
    /// Left indent from the column's edge.
    pub(super) indent: f32,
    /// Space above the text.
    pub(super) space_before: f32,
    /// Space below the text.
    pub(super) space_after: f32,
}

/// A run of a block's text with one inline format.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct InlineRun {
    /// Bytes, relative to the block's start.
    pub range: Range<usize>,
    /// Italic (Markdown emphasis).
    pub emphasis: bool,
    /// Bold (Markdown strong).
    pub strong: bool,
    /// Inline code.
    pub code: bool,
    /// A link's text.
    pub link: bool,
    /// Inside a quotation.
    pub quote: bool,
}

impl InlineRun {
    fn same_format(&self, other: &InlineRun) -> bool {
        (self.emphasis, self.strong, self.code, self.link, self.quote)
            == (
                other.emphasis,
                other.strong,
                other.code,
                other.link,
                other.quote,
            )
    }
}

/// Splits a block's text into runs of uniform inline format.
///
/// `block_text` is the block's text, starting at byte `block_start` of the
/// document; `styles` and `quotes` are document spans (clipped to the block
/// here). Boundaries that do not fall on a char boundary are ignored, so a
/// stale span never splits a character. The runs cover the whole text, in
/// order, without gaps; adjacent runs differ in format.
pub(super) fn inline_runs(
    block_text: &str,
    block_start: usize,
    styles: &[InlineStyle],
    quotes: &[Span],
) -> Vec<InlineRun> {
    let len = block_text.len();
    let clip = |span: Span| {
        let start = span.start.saturating_sub(block_start).min(len);
        let end = span.end.saturating_sub(block_start).min(len);
        start..end
    };
    let mut cuts = vec![0, len];
    for range in styles
        .iter()
        .map(|s| clip(s.span))
        .chain(quotes.iter().map(|&q| clip(q)))
    {
        cuts.push(range.start);
        cuts.push(range.end);
    }
    cuts.retain(|&c| block_text.is_char_boundary(c));
    cuts.sort_unstable();
    cuts.dedup();

    let mut runs: Vec<InlineRun> = Vec::new();
    for pair in cuts.windows(2) {
        let range = pair[0]..pair[1];
        let covers = |r: Range<usize>| r.start <= range.start && range.end <= r.end;
        let mut run = InlineRun {
            range: range.clone(),
            quote: quotes.iter().any(|&q| covers(clip(q))),
            ..InlineRun::default()
        };
        for style in styles.iter().filter(|s| covers(clip(s.span))) {
            match style.kind {
                InlineStyleKind::Emphasis => run.emphasis = true,
                InlineStyleKind::Strong => run.strong = true,
                InlineStyleKind::Code => run.code = true,
                InlineStyleKind::Link => run.link = true,
            }
        }
        match runs.last_mut() {
            Some(last) if last.same_format(&run) => last.range.end = range.end,
            _ => runs.push(run),
        }
    }
    if runs.is_empty() {
        runs.push(InlineRun {
            range: 0..len,
            ..InlineRun::default()
        });
    }
    runs
}

/// The text a block shows: line breaks, carriage returns and other control
/// characters become spaces (line breaks stay in code), byte for byte, so that
/// offsets into the shown text equal offsets into the document.
pub(super) fn display_text(text: &str, keep_line_breaks: bool) -> String {
    text.chars()
        .map(|c| match c {
            '\n' if keep_line_breaks => '\n',
            c if c.is_ascii_control() => ' ',
            c => c,
        })
        .collect()
}

/// Indices `lo..hi` of the spans in `sorted` (sorted, non-overlapping) that overlap `within`.
pub(super) fn overlapping<T>(
    sorted: &[T],
    within: Span,
    span_of: impl Fn(&T) -> Span,
) -> Range<usize> {
    let lo = sorted.partition_point(|t| span_of(t).end <= within.start);
    let hi = lo + sorted[lo..].partition_point(|t| span_of(t).start < within.end);
    lo..hi
}

/// How an item looks (`None` for the title's look) and its text.
///
/// When the title is the document's first block (a title line or first
/// heading), that block is shown as the title and item 0 is left empty.
pub(super) fn item_kind_text(
    item: usize,
    doc: &Document,
    title_in_text: bool,
) -> (Option<BlockKind>, &str) {
    match item
        .checked_sub(1)
        .and_then(|b| doc.blocks.get(b).map(|block| (b, block)))
    {
        None if title_in_text => (None, ""),
        None => (None, doc.title.as_str()),
        Some((0, block)) if title_in_text => (None, block.span.text(&doc.text)),
        Some((_, block)) => (Some(block.kind), block.span.text(&doc.text)),
    }
}

/// Whether the document's title is the text of its first block.
pub(super) fn title_is_first_block(doc: &Document) -> bool {
    doc.blocks
        .first()
        .is_some_and(|b| b.span.text(&doc.text).trim() == doc.title.trim())
}

/// How an item looks at body text size `size`.
pub(super) fn item_style(kind: Option<BlockKind>, size: f32, dark: bool) -> ItemStyle {
    let body = ItemStyle {
        font: FontId::proportional(size),
        line_height: (1.6 * size).round(),
        color: theme::text_color(dark),
        indent: 0.0,
        space_before: 0.0,
        space_after: (0.85 * size).round(),
    };
    let heading = |scale: f32| ItemStyle {
        font: FontId::proportional((scale * size).round()),
        line_height: (1.3 * scale * size).round(),
        color: theme::heading_color(dark),
        space_before: (1.1 * size).round(),
        space_after: (0.5 * size).round(),
        ..body.clone()
    };
    match kind {
        None => ItemStyle {
            space_before: 0.0,
            space_after: (1.8 * size).round(),
            ..heading(1.9)
        },
        Some(BlockKind::Heading(1)) => heading(1.5),
        Some(BlockKind::Heading(2)) => heading(1.3),
        Some(BlockKind::Heading(3)) => heading(1.15),
        Some(BlockKind::Heading(_)) => heading(1.0),
        Some(BlockKind::Paragraph) => body,
        Some(BlockKind::ListItem { depth, .. }) => ItemStyle {
            indent: (1.6 * size * (f32::from(depth) + 1.0)).round(),
            space_after: (0.35 * size).round(),
            ..body
        },
        // Quoted text is read like the rest, at the body's contrast; the
        // rule beside it marks it.
        Some(BlockKind::BlockQuote) => ItemStyle {
            indent: (1.4 * size).round(),
            ..body
        },
        Some(BlockKind::Caption) => ItemStyle {
            font: FontId::proportional((0.85 * size).round()),
            line_height: (1.45 * 0.85 * size).round(),
            color: theme::muted_color(dark),
            ..body
        },
        Some(BlockKind::Code) => ItemStyle {
            font: FontId::monospace((0.85 * size).round()),
            line_height: (1.4 * 0.85 * size).round(),
            indent: (0.8 * size).round(),
            space_before: (0.5 * size).round(),
            space_after: (1.35 * size).round(),
            ..body
        },
    }
}

/// The line under the title: the byline and the date, when the document
/// has them (saved web pages and e-books do), joined by a middle dot.
pub(super) fn byline_text(doc: &Document) -> Option<String> {
    let date = doc.published.as_deref().map(readable_date);
    let parts: Vec<&str> = [doc.byline.as_deref(), date.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A date as a reader writes it: "2024-03-05T09:00:00Z" becomes
/// "5 March 2024". Anything that does not start with an ISO 8601 date is
/// shown as written.
pub(super) fn readable_date(date: &str) -> String {
    let date = date.trim();
    let field = |range: std::ops::Range<usize>| date.get(range)?.parse::<usize>().ok();
    let separators = date.get(4..5) == Some("-") && date.get(7..8) == Some("-");
    match (separators, field(0..4), field(5..7), field(8..10)) {
        (true, Some(year), Some(month @ 1..=12), Some(day @ 1..=31)) => {
            // The calendar list starts with the twelve months, in order.
            match gazetteer::CALENDAR.words().get(month - 1) {
                Some(name) => format!("{day} {name} {year}"),
                None => date.to_owned(),
            }
        }
        _ => date.to_owned(),
    }
}

/// The layout job of the title, with the byline line under it in
/// `byline_color`. The title's text comes first, so byte offsets into it
/// are the same with or without a byline.
pub(super) fn title_job(
    text: &str,
    byline: Option<&str>,
    byline_color: Color32,
    style: &ItemStyle,
    width: f32,
) -> LayoutJob {
    let mut job = LayoutJob::single_section(
        display_text(text, false),
        TextFormat {
            font_id: style.font.clone(),
            line_height: Some(style.line_height),
            color: style.color,
            ..TextFormat::default()
        },
    );
    if let Some(byline) = byline {
        let size = (0.42 * style.font.size).round();
        job.append(
            &format!("\n{}", display_text(byline, false)),
            0.0,
            TextFormat {
                font_id: FontId::proportional(size),
                line_height: Some((1.9 * size).round()),
                color: byline_color,
                ..TextFormat::default()
            },
        );
    }
    job.wrap = TextWrapping::wrap_at_width(width);
    job
}

/// The layout job of a block, with one section per inline run.
pub(super) fn block_job(
    text: &str,
    kind: BlockKind,
    runs: &[InlineRun],
    style: &ItemStyle,
    key: LayoutKey,
) -> LayoutJob {
    let code_block = kind == BlockKind::Code;
    let dark = key.dark;
    let sections = runs
        .iter()
        .map(|run| {
            let mut format = TextFormat {
                font_id: style.font.clone(),
                line_height: Some(style.line_height),
                color: style.color,
                italics: run.emphasis || run.quote,
                ..TextFormat::default()
            };
            if run.strong {
                format.color = theme::heading_color(dark);
                format.extra_letter_spacing = 0.2;
            }
            if run.code && !code_block {
                format.font_id = FontId::new(0.9 * style.font.size, FontFamily::Monospace);
                format.background = theme::code_background(dark);
            }
            if run.link {
                format.color = theme::link_color(dark);
                format.underline = Stroke::new(1.0, theme::link_color(dark).gamma_multiply(0.5));
            }
            LayoutSection {
                leading_space: 0.0,
                byte_range: ByteIndex(run.range.start)..ByteIndex(run.range.end),
                format,
            }
        })
        .collect();
    LayoutJob {
        text: display_text(text, code_block),
        sections,
        wrap: TextWrapping::wrap_at_width(key.column_width - style.indent),
        ..LayoutJob::default()
    }
}

#[cfg(test)]
mod tests {

    /// Text meant for reading (body, headings, list items, block quotes)
    /// meets WCAG's 4.5:1 contrast against the page in both themes.
    #[test]
    fn reading_text_meets_the_contrast_minimum() {
        fn luminance(c: egui::Color32) -> f32 {
            let lin = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.039_28 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
        }
        for dark in [false, true] {
            let page = luminance(theme::page_color(dark));
            for kind in [
                None,
                Some(BlockKind::Heading(2)),
                Some(BlockKind::Paragraph),
                Some(BlockKind::ListItem {
                    depth: 0,
                    number: None,
                }),
                Some(BlockKind::BlockQuote),
            ] {
                let text = luminance(item_style(kind, 16.0, dark).color);
                let (hi, lo) = if text > page {
                    (text, page)
                } else {
                    (page, text)
                };
                let ratio = (hi + 0.05) / (lo + 0.05);
                assert!(ratio >= 4.5, "dark={dark} {kind:?}: {ratio:.2}");
            }
        }
    }

    #[test]
    fn dates_read_as_a_reader_writes_them() {
        for (given, shown) in [
            ("2024-03-05T09:00:00Z", "5 March 2024"),
            ("2015-12-31", "31 December 2015"),
            ("2015-13-01", "2015-13-01"),
            ("March 5, 2024", "March 5, 2024"),
            ("2024-3-5", "2024-3-5"),
            ("", ""),
        ] {
            assert_eq!(readable_date(given), shown, "{given:?}");
        }
    }

    use super::*;

    /// One case: block text at a document offset, styles, quotes, and the
    /// expected runs written as (text of the run, flags "eSclq").
    fn check(
        text: &str,
        start: usize,
        styles: &[(usize, usize, InlineStyleKind)],
        quotes: &[(usize, usize)],
        expected: &[(&str, &str)],
    ) {
        let styles: Vec<InlineStyle> = styles
            .iter()
            .map(|&(s, e, kind)| InlineStyle {
                span: Span::new(s, e),
                kind,
            })
            .collect();
        let quotes: Vec<Span> = quotes.iter().map(|&(s, e)| Span::new(s, e)).collect();
        let runs = inline_runs(text, start, &styles, &quotes);
        let got: Vec<(String, String)> = runs
            .iter()
            .map(|r| {
                let mut flags = String::new();
                for (on, c) in [
                    (r.emphasis, 'e'),
                    (r.strong, 'S'),
                    (r.code, 'c'),
                    (r.link, 'l'),
                    (r.quote, 'q'),
                ] {
                    if on {
                        flags.push(c);
                    }
                }
                (text[r.range.clone()].to_owned(), flags)
            })
            .collect();
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(t, f)| ((*t).to_owned(), (*f).to_owned()))
            .collect();
        assert_eq!(got, expected, "{text:?}");
    }

    #[test]
    fn inline_runs_split_by_styles_and_quotes() {
        use InlineStyleKind::*;
        check("Plain words.", 0, &[], &[], &[("Plain words.", "")]);
        check("", 0, &[], &[], &[("", "")]);
        // Offsets are document bytes; the block starts at 100.
        check(
            "He said “we go” today.",
            100,
            &[],
            &[(111, 116)],
            &[("He said “", ""), ("we go", "q"), ("” today.", "")],
        );
        check(
            "a *b* c",
            10,
            &[(12, 15, Emphasis)],
            &[],
            &[("a ", ""), ("*b*", "e"), (" c", "")],
        );
        // Nested styles and a quote that runs past the block's end.
        check(
            "one two three",
            0,
            &[(0, 7, Strong), (4, 7, Link)],
            &[(8, 99)],
            &[("one ", "S"), ("two", "Sl"), (" ", ""), ("three", "q")],
        );
        // A quote starting before the block; a stale span inside a character is ignored.
        check(
            "ü and more",
            50,
            &[(51, 53, Code)],
            &[(0, 53)],
            &[("ü ", "q"), ("and more", "")],
        );
    }

    #[test]
    fn display_text_keeps_offsets() {
        for (input, code, expected) in [
            ("line one\nline two", false, "line one line two"),
            ("crlf\r\nend", false, "crlf  end"),
            ("code\r\n  x", true, "code \n  x"),
            ("tab\there ü", false, "tab here ü"),
        ] {
            let shown = display_text(input, code);
            assert_eq!(shown, expected);
            assert_eq!(shown.len(), input.len());
        }
    }

    #[test]
    fn overlapping_finds_spans_in_a_block() {
        let spans: Vec<Span> = [(0, 3), (5, 9), (10, 12), (20, 25)]
            .iter()
            .map(|&(s, e)| Span::new(s, e))
            .collect();
        for (block, expected) in [
            ((0, 4), 0..1),
            ((4, 11), 1..3),
            ((12, 20), 3..3),
            ((22, 30), 3..4),
            ((30, 40), 4..4),
        ] {
            let got = overlapping(&spans, Span::new(block.0, block.1), |s| *s);
            assert_eq!(got, expected, "block {block:?}");
        }
    }
}
