//! Mentions counted per chapter: a merge walk over sorted mentions and
//! sorted sections.

#[path = "support/cast.rs"]
mod cast;

use cast::analysis_of;
use dramatis::analysis::mentions_per_section;
use dramatis::document::Section;
use dramatis::span::Span;

/// Sections as the chapters of `text` split at each "# " line; the text
/// before the first one belongs to no section.
fn chapters(text: &str) -> Vec<Section> {
    let starts: Vec<usize> = text.match_indices("# ").map(|(i, _)| i).collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).map_or(text.len(), |&next| next - 1);
            Section {
                title: format!("Chapter {}", k + 1),
                span: Span::new(start, end),
            }
        })
        .collect()
}

#[test]
fn mentions_are_counted_in_their_chapters() {
    let names = ["Anna", "Vronsky", "Levin"];
    // (text, name, counts a chapter)
    let cases: &[(&str, &str, &[usize])] = &[
        (
            "# One\nAnna met Vronsky. Anna smiled.\n# Two\nLevin mowed.\n# Three\nAnna left.",
            "Anna",
            &[2, 0, 1],
        ),
        (
            "# One\nAnna met Vronsky. Anna smiled.\n# Two\nLevin mowed.\n# Three\nAnna left.",
            "Vronsky",
            &[1, 0, 0],
        ),
        (
            "# One\nAnna met Vronsky. Anna smiled.\n# Two\nLevin mowed.\n# Three\nAnna left.",
            "Levin",
            &[0, 1, 0],
        ),
        // A mention before the first chapter is in none.
        (
            "Levin, a preface.\n# One\nLevin.\n# Two\nNo one.",
            "Levin",
            &[1, 0],
        ),
        // No mentions at all.
        ("# One\nNo one.\n# Two\nStill no one.", "Anna", &[0, 0]),
        // Every mention in the last chapter.
        (
            "# One\n\n# Two\n\n# Three\nVronsky, Vronsky, Vronsky.",
            "Vronsky",
            &[0, 0, 3],
        ),
    ];
    for &(text, name, expected) in cases {
        let analysis = analysis_of(text, &names);
        let sections = chapters(text);
        let id = names
            .iter()
            .position(|n| *n == name)
            .expect("a listed name");
        assert_eq!(
            mentions_per_section(&analysis, id, &sections),
            expected,
            "{name} in {text:?}"
        );
    }
}

#[test]
fn no_sections_means_no_counts_and_an_unknown_entity_counts_nothing() {
    let text = "# One\nAnna.\n# Two\nAnna.";
    let analysis = analysis_of(text, &["Anna"]);
    assert_eq!(mentions_per_section(&analysis, 0, &[]), Vec::<usize>::new());
    assert_eq!(mentions_per_section(&analysis, 7, &chapters(text)), [0, 0]);
}

/// The section titles `from_text` finds in a plain text, `|` between them.
fn chapter_titles(text: &str) -> String {
    let doc = dramatis::document::from_text(
        text.to_owned(),
        dramatis::document::Format::PlainText,
        None,
        "Book",
    );
    // Every section starts at a heading and they follow each other.
    for pair in doc.sections.windows(2) {
        assert!(pair[0].span.end <= pair[1].span.start, "{:?}", doc.sections);
    }
    doc.sections
        .iter()
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join("|")
}

#[test]
fn plain_text_books_have_chapters() {
    let cases = [
        (
            "The Lanterns\n\nCHAPTER I\n\nThe ferry left at dawn, and\nnobody waved.\n\n\
             CHAPTER II\n\nBy noon the river was wide.\n",
            "Chapter I|Chapter II",
        ),
        (
            "BOOK ONE: 1790\n\n\nCHAPTER I\n\nA cold spring.\n\nCHAPTER II\n\nA warm summer.\n\n\
             BOOK TWO: 1791\n\nCHAPTER I\n\nAnother spring.\n",
            "Book One: 1790 · Chapter I|Book One: 1790 · Chapter II|Book Two: 1791 · Chapter I",
        ),
        (
            "Chapter 1\n\nMilo counted the crates.\n\nChapter 2. The Harbour\n\nThe gulls came back.\n",
            "Chapter 1|Chapter 2. The Harbour",
        ),
        (
            "I\n\nThe orchard was quiet.\n\nII\n\nThe orchard was loud.\n\nIII\n\nThen it rained.\n",
            "I|II|III",
        ),
        // One lone numeral is not a table of contents.
        ("A story\n\nI\n\nwas there, and so were you.\n", ""),
        // A heading word inside a paragraph, or a line of a wrapped paragraph.
        (
            "Notes\n\nChapter 4 of the report was late,\nand chapter 5 too.\n\n\
             He read Book Two: it was long.\n",
            "",
        ),
        // Headings need a blank line on both sides.
        (
            "Lines\n\nCHAPTER I\nThe first line.\nCHAPTER II\nThe second line.\n",
            "",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(chapter_titles(text), expected, "{text:?}");
    }
}

#[test]
fn chapter_headings_become_heading_blocks_and_sections_cover_their_text() {
    let text = "CHAPTER I\n\nAnna waited.\n\nCHAPTER II\n\nAnna left.\n";
    let doc = dramatis::document::from_text(
        text.to_owned(),
        dramatis::document::Format::PlainText,
        None,
        "Book",
    );
    let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind).collect();
    use dramatis::document::BlockKind::{Heading, Paragraph};
    assert_eq!(kinds, [Heading(3), Paragraph, Heading(3), Paragraph]);
    let texts: Vec<&str> = doc.sections.iter().map(|s| s.span.text(text)).collect();
    assert_eq!(
        texts,
        ["CHAPTER I\n\nAnna waited.", "CHAPTER II\n\nAnna left."]
    );
}
