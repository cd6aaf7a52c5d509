//! An Obsidian-friendly Markdown note: YAML front matter, then the
//! highlights as block quotes with their colour, location, tags and note,
//! the quotations grouped by speaker, and the cast with mention counts and
//! the reader's notes on it.
//!
//! A book is not copied out: past [`QUOTES_IN_FULL`] quotations the note
//! counts each speaker's quotations instead of quoting them, and past
//! [`CAST_IN_FULL`] names of a kind the cast lists the most mentioned (and
//! every name with a note). Quoted text is joined into one line a
//! paragraph, so a book's hard line wraps do not come along.
//!
//! Text from the document is escaped so that it reads as written: a `#` in
//! a passage does not become an Obsidian tag, a line starting with `- ` does
//! not become a list. The reader's own notes are written as they are, since
//! they may hold Markdown on purpose.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::analysis::{EntityKind, Speaker};
use crate::annotations::Highlight;
use crate::document::Document;
use crate::span::{CharIndex, Span};

use super::{ExportInput, one_line, placed, tag_word};

/// Most quotations written out in full; a text with more (a book) gets a
/// count per speaker.
pub const QUOTES_IN_FULL: usize = 80;

/// Most names of a kind listed in the cast, besides those with a note.
pub const CAST_IN_FULL: usize = 30;

/// Most speakers the summary of a book's quotations names.
const SPEAKERS_IN_SUMMARY: usize = 20;

/// The note for `input`.
pub fn export(input: &ExportInput) -> String {
    let doc = input.document;
    let index = CharIndex::new(&doc.text);
    let mut out = String::new();
    front_matter(input, &mut out);
    let _ = writeln!(out, "\n# {}", escape_line(&one_line(&doc.title)));
    if let Some(byline) = &doc.byline {
        let _ = writeln!(out, "\nby {}", escape_line(&one_line(byline)));
    }

    out.push_str("\n## Highlights\n");
    let highlights = placed(input, &index);
    if highlights.is_empty() {
        out.push_str("\nNo highlights.\n");
    }
    for placed in &highlights {
        out.push('\n');
        let paragraphs = match placed.highlight.span.text(&doc.text) {
            "" => unwrapped_paragraphs(placed.text(&doc.text)),
            _ => span_paragraphs(doc, placed.highlight.span),
        };
        block_quote(&paragraphs, &mut out);
        out.push('\n');
        details(placed.highlight, Some(placed.location()), &mut out);
    }
    if !input.annotations.orphans.is_empty() {
        out.push_str("\n## Highlights not found in this text\n");
        for orphan in &input.annotations.orphans {
            out.push('\n');
            block_quote(&unwrapped_paragraphs(&orphan.quote.exact), &mut out);
            out.push('\n');
            details(orphan, None, &mut out);
        }
    }

    quotes(input, &mut out);
    cast(input, &mut out);
    out
}

/// The YAML front matter: title, author, published, source path, export
/// time and the union of the highlights' tags (sorted).
fn front_matter(input: &ExportInput, out: &mut String) {
    let doc = input.document;
    out.push_str("---\n");
    let _ = writeln!(out, "title: {}", yaml_string(&doc.title));
    if let Some(byline) = &doc.byline {
        let _ = writeln!(out, "author: {}", yaml_string(byline));
    }
    if let Some(published) = &doc.published {
        let _ = writeln!(out, "published: {}", yaml_string(published));
    }
    if let Some(path) = &doc.path {
        let _ = writeln!(out, "source: {}", yaml_string(&path.to_string_lossy()));
    }
    let _ = writeln!(
        out,
        "exported: {}",
        input.exported.strftime("%Y-%m-%dT%H:%M:%SZ")
    );
    let tags: BTreeSet<String> = input
        .annotations
        .highlights
        .iter()
        .chain(&input.annotations.orphans)
        .flat_map(|h| h.tags.iter().filter_map(|t| tag_word(t)))
        .collect();
    if tags.is_empty() {
        out.push_str("tags: []\n");
    } else {
        out.push_str("tags:\n");
        for tag in &tags {
            let _ = writeln!(out, "  - {}", yaml_string(tag));
        }
    }
    out.push_str("---\n");
}

/// The list under a highlight: colour, location (when placed), tags, note.
fn details(highlight: &Highlight, location: Option<usize>, out: &mut String) {
    let _ = writeln!(out, "- Colour: {}", highlight.color.name());
    if let Some(location) = location {
        let _ = writeln!(out, "- Location: {location}");
    }
    let tags: Vec<String> = highlight
        .tags
        .iter()
        .filter_map(|t| tag_word(t))
        .map(|t| format!("#{t}"))
        .collect();
    if !tags.is_empty() {
        let _ = writeln!(out, "- Tags: {}", tags.join(" "));
    }
    if !highlight.note.trim().is_empty() {
        out.push_str("- Note:");
        list_item_text(highlight.note.trim(), out);
    }
}

/// Writes `text` after a list marker already written: the first line on the
/// marker's line, the others indented so they stay in the item.
fn list_item_text(text: &str, out: &mut String) {
    for (k, line) in text.lines().enumerate() {
        let line = line.trim_end();
        match (k, line.is_empty()) {
            (0, _) => {
                let _ = writeln!(out, " {line}");
            }
            (_, true) => out.push('\n'),
            (_, false) => {
                let _ = writeln!(out, "  {line}");
            }
        }
    }
}

/// Paragraphs of text as a block quote: one `> ` line a paragraph, with a
/// blank `>` line between paragraphs.
fn block_quote(paragraphs: &[String], out: &mut String) {
    for (k, paragraph) in paragraphs.iter().enumerate() {
        if k > 0 {
            out.push_str(">\n");
        }
        let _ = writeln!(out, "> {}", escape_line(paragraph));
    }
}

/// The text of `span` a paragraph (a block of the document) at a time,
/// each with its hard-wrapped lines joined by one space.
fn span_paragraphs(doc: &Document, span: Span) -> Vec<String> {
    let first = doc.blocks.partition_point(|b| b.span.end <= span.start);
    let mut paragraphs = Vec::new();
    for block in &doc.blocks[first..] {
        if block.span.start >= span.end {
            break;
        }
        let part = Span::new(
            block.span.start.max(span.start),
            block.span.end.min(span.end),
        );
        let joined = part
            .text(&doc.text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if !joined.is_empty() {
            paragraphs.push(joined);
        }
    }
    if paragraphs.is_empty() {
        // Text outside every block (a document without blocks).
        return unwrapped_paragraphs(span.text(&doc.text));
    }
    paragraphs
}

/// The paragraphs of `text` (runs of lines between blank lines), each with
/// its lines joined by one space.
pub fn unwrapped_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    paragraphs
}

/// The quotations grouped by speaker, in order of each speaker's first
/// quotation; quotations attributed to no one come last.
fn quotes(input: &ExportInput, out: &mut String) {
    let doc = input.document;
    let analysis = input.analysis;
    out.push_str("\n## Quotes\n");
    if analysis.quotes.is_empty() {
        out.push_str("\nNo quotations found.\n");
        return;
    }
    let mut quotes: Vec<_> = analysis.quotes.iter().collect();
    quotes.sort_by_key(|q| q.span);
    if quotes.len() > QUOTES_IN_FULL {
        quote_counts(input, &quotes, out);
        return;
    }
    let mut groups: Vec<(Option<String>, Vec<Span>)> = Vec::new();
    for quote in quotes {
        let speaker = match quote.speaker {
            Speaker::Unknown => None,
            Speaker::Entity(_) | Speaker::Described(_) => {
                analysis.speaker_name(quote).map(one_line)
            }
        };
        match groups.iter_mut().find(|(s, _)| *s == speaker) {
            Some((_, spans)) => spans.push(quote.span),
            None => groups.push((speaker, vec![quote.span])),
        }
    }
    groups.sort_by_key(|(speaker, _)| speaker.is_none());
    for (speaker, spans) in groups {
        let name = speaker.map_or_else(|| "Unattributed".to_owned(), |s| escape_line(&s));
        let _ = writeln!(out, "\n### {name}");
        for span in spans {
            out.push('\n');
            block_quote(&span_paragraphs(doc, span), out);
        }
    }
}

/// A book's quotations counted by speaker, most quoted first, instead of
/// written out.
fn quote_counts(input: &ExportInput, quotes: &[&crate::analysis::Quote], out: &mut String) {
    let analysis = input.analysis;
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut unattributed = 0;
    for quote in quotes {
        let Some(name) = analysis.speaker_name(quote).map(one_line) else {
            unattributed += 1;
            continue;
        };
        match counts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += 1,
            None => counts.push((name, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let _ = writeln!(
        out,
        "\n{} quotations by {} speakers; too many to copy out, so here are the \
         most quoted. Highlight a quotation to keep it in these notes.\n",
        quotes.len(),
        counts.len()
    );
    for (name, count) in counts.iter().take(SPEAKERS_IN_SUMMARY) {
        let _ = writeln!(
            out,
            "- **{}** — {count} {}",
            escape_line(name),
            if *count == 1 {
                "quotation"
            } else {
                "quotations"
            }
        );
    }
    if counts.len() > SPEAKERS_IN_SUMMARY {
        let _ = writeln!(
            out,
            "- and {} more speakers",
            counts.len() - SPEAKERS_IN_SUMMARY
        );
    }
    if unattributed > 0 {
        let _ = writeln!(out, "- Unattributed — {unattributed}");
    }
}

/// The cast: people, places and organisations, most mentioned first, each
/// with its mention count and the reader's note. Notes on names the
/// analysis no longer finds are listed too, so no note is lost.
fn cast(input: &ExportInput, out: &mut String) {
    let analysis = input.analysis;
    let notes = &input.annotations.entity_notes;
    out.push_str("\n## Cast\n");
    for kind in EntityKind::ALL {
        let mut entities: Vec<_> = analysis
            .entities
            .iter()
            .filter(|e| e.kind == kind && !e.mentions.is_empty())
            .collect();
        entities.sort_by(|a, b| {
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then_with(|| a.name.cmp(&b.name))
        });
        let unmatched: Vec<_> = notes
            .iter()
            .filter(|n| n.kind == kind && !entities.iter().any(|e| e.name == n.name))
            .collect();
        if entities.is_empty() && unmatched.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {}\n", kind_heading(kind));
        let total = entities.len();
        // The most mentioned, and every name the reader wrote a note on.
        let entities: Vec<_> = entities
            .into_iter()
            .enumerate()
            .filter(|(rank, e)| {
                *rank < CAST_IN_FULL || input.annotations.entity_note(&e.name, kind).is_some()
            })
            .map(|(_, e)| e)
            .collect();
        let left_out = total - entities.len();
        for entity in entities {
            let count = entity.mentions.len();
            let _ = writeln!(
                out,
                "- **{}** — {count} {}",
                escape_line(&one_line(&entity.name)),
                if count == 1 { "mention" } else { "mentions" }
            );
            if let Some(note) = input.annotations.entity_note(&entity.name, kind) {
                indented(note.trim(), out);
            }
        }
        if left_out > 0 {
            let _ = writeln!(out, "- and {left_out} more, mentioned less");
        }
        for note in unmatched {
            let _ = writeln!(
                out,
                "- **{}** — not found in this text",
                escape_line(&one_line(&note.name))
            );
            indented(note.note.trim(), out);
        }
    }
}

/// Writes `text` as lines indented under the list item before it.
fn indented(text: &str, out: &mut String) {
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "  {line}");
        }
    }
}

/// The heading of a kind in the cast.
fn kind_heading(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "People",
        EntityKind::Place => "Places",
        EntityKind::Organization => "Organisations",
    }
}

/// `line` (one line of document text) escaped so Markdown and Obsidian show
/// it as written: emphasis, code, links, tags, maths and HTML characters get
/// a backslash, and so does a line start that would open a list, heading or
/// quote.
pub fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '~' | '$'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    // A list marker or numbered item at the start of a line.
    let bytes = out.as_bytes();
    let marker = matches!(bytes.first(), Some(b'-' | b'+'))
        && matches!(bytes.get(1), None | Some(b' ' | b'\t'));
    if marker {
        out.insert(0, '\\');
    } else if let Some(digits) = out.find(|c: char| !c.is_ascii_digit())
        && digits > 0
        && matches!(out.as_bytes()[digits], b'.' | b')')
    {
        out.insert(digits, '\\');
    }
    out
}

/// `text` as a YAML double-quoted scalar: backslash, quote and control
/// characters escaped, everything else as is (YAML is UTF-8).
pub fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hard_wrapped_lines_are_joined_table() {
        let cases: [(&str, &[&str]); 4] = [
            ("one line", &["one line"]),
            (
                "It was in July, 1805, and\nthe speaker was  \n  Anna.",
                &["It was in July, 1805, and the speaker was Anna."],
            ),
            (
                "First.\r\n\r\nSecond,\r\nwrapped.",
                &["First.", "Second, wrapped."],
            ),
            ("\n\n  \n", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(unwrapped_paragraphs(text), expected, "{text:?}");
        }
    }

    #[test]
    fn escape_line_table() {
        let cases = [
            ("plain words, “quoted”", "plain words, “quoted”"),
            ("#1 seed", "\\#1 seed"),
            ("*bold* and _it_", "\\*bold\\* and \\_it\\_"),
            ("- not a list", "\\- not a list"),
            ("-1 degrees", "-1 degrees"),
            ("1984. A year", "1984\\. A year"),
            ("[[link]]", "\\[\\[link\\]\\]"),
            ("a \\ b", "a \\\\ b"),
            ("> not a quote", "\\> not a quote"),
        ];
        for (line, expected) in cases {
            assert_eq!(escape_line(line), expected, "{line:?}");
        }
    }

    #[test]
    fn yaml_string_table() {
        let cases = [
            ("Kim’s train", "\"Kim’s train\""),
            ("a \"b\" c", "\"a \\\"b\\\" c\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("two\nlines", "\"two\\nlines\""),
            ("bell\u{7}", "\"bell\\u0007\""),
            (
                "key: value # not a comment",
                "\"key: value # not a comment\"",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(yaml_string(text), expected, "{text:?}");
        }
    }
}
