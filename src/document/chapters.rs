//! Chapters of a plain-text book: headings such as `CHAPTER IV`,
//! `BOOK ONE: 1805`, `Chapter 12` or a Roman numeral alone, each a line of
//! its own between blank lines.
//!
//! A heading found here becomes a heading block, and each run of headings
//! (a book heading straight followed by its first chapter's) starts a
//! [`Section`], so the position readout, Go to and the book view have
//! chapters. A chapter's title names the part it is in ("Book Two: 1805 ·
//! Chapter III"), since chapter numbers start again in each part; a
//! heading in capitals is written in title case. A text with fewer than [`MIN_HEADINGS`] such lines is taken to
//! have none: one stray "I" between blank lines is not a table of contents.

use super::{Block, BlockKind, Section};
use crate::span::Span;

/// The heading level of a part of a book; a chapter's is one more.
const PART_LEVEL: u8 = 2;

/// Fewer headings than this and the text is taken to have no chapters.
const MIN_HEADINGS: usize = 2;

/// Longest heading line, in characters.
const MAX_HEADING_CHARS: usize = 60;

/// Words that open a heading of a part of a book, with the heading level
/// each gets (2 for a part of the book, 3 for a chapter).
const HEADING_WORDS: [(&str, u8); 9] = [
    ("book", 2),
    ("part", 2),
    ("volume", 2),
    ("first epilogue", 2),
    ("second epilogue", 2),
    ("epilogue", 2),
    ("prologue", 2),
    ("chapter", 3),
    ("letter", 3),
];

/// Number words a heading may use instead of digits ("Book One").
const NUMBER_WORDS: [&str; 20] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// The heading level of `line` when it reads as a chapter or part heading:
/// 2 for a part of the book (book, part, volume, epilogue), 3 for a chapter
/// (including a Roman numeral alone).
pub fn heading_level(line: &str) -> Option<u8> {
    let line = line.trim();
    if line.is_empty() || line.chars().count() > MAX_HEADING_CHARS || line.contains(['\n', '\r']) {
        return None;
    }
    if is_roman(line.trim_end_matches('.')) {
        return Some(3);
    }
    let lower = line.to_lowercase();
    for (word, level) in HEADING_WORDS {
        let Some(rest) = lower.strip_prefix(word) else {
            continue;
        };
        if rest.is_empty() {
            // "EPILOGUE" alone, but not "Chapter" or "Book" alone.
            return (level == 2 && word.ends_with("logue")).then_some(level);
        }
        if !rest.starts_with([' ', '.', ':']) {
            // "Booking", "Parting".
            return None;
        }
        let rest = rest.trim_start_matches(['.', ':']).trim_start();
        if rest.is_empty() || rest.starts_with(['—', '-', ':']) {
            return word.ends_with("logue").then_some(level);
        }
        let number: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
        let after = rest[number.len()..].trim_start();
        let numbered = number.chars().all(|c| c.is_ascii_digit())
            || is_roman(&number.to_uppercase())
            || NUMBER_WORDS.contains(&number.as_str());
        // After the number: nothing, or a title after punctuation
        // ("Chapter 3. The Races", "BOOK ONE: 1805").
        let titled = after.is_empty() || after.starts_with(['.', ':', '—', '–', '-', ')']);
        return (numbered && titled).then_some(level);
    }
    None
}

/// `heading` in title case when it is written in capitals ("BOOK ONE:
/// 1805" becomes "Book One: 1805"), Roman numerals kept; as it is otherwise.
fn title_case(heading: &str) -> String {
    if heading.chars().any(char::is_lowercase) {
        return heading.to_owned();
    }
    heading
        .split(' ')
        .map(|word| {
            let letters = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            if is_roman(letters) || word.chars().count() < 2 {
                return word.to_owned();
            }
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_string() + &chars.as_str().to_lowercase()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// True for a Roman numeral from I to MMMCMXCIX written in capitals.
fn is_roman(word: &str) -> bool {
    if word.is_empty() || !word.chars().all(|c| "IVXLCDM".contains(c)) {
        return false;
    }
    let value = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => 0,
    };
    let digits: Vec<u32> = word.chars().map(value).collect();
    let mut total = 0;
    for (k, &d) in digits.iter().enumerate() {
        match digits.get(k + 1) {
            Some(&next) if next > d => total -= d as i64,
            _ => total += d as i64,
        }
    }
    // Only the canonical spelling of its value: "IIII" and "VX" are words
    // or typos, not chapter numbers.
    total > 0 && total < 4000 && to_roman(total as u32) == word
}

/// The canonical Roman numeral of `n` (1 to 3999).
fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Marks the chapter headings among `blocks` as heading blocks and returns
/// the sections they start. A heading must be a block of one line with a
/// blank line (or the text's edge) above and below it in `text`.
pub(super) fn find(text: &str, blocks: &mut [Block]) -> Vec<Section> {
    let levels: Vec<Option<u8>> = blocks
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let line = b.span.text(text);
            let alone = blank_line_around(text, b.span);
            // The first line may have been taken for the title.
            ((k == 0 || b.kind == BlockKind::Paragraph) && alone)
                .then(|| heading_level(line))
                .flatten()
        })
        .collect();
    if levels.iter().flatten().count() < MIN_HEADINGS {
        return Vec::new();
    }
    let mut sections: Vec<Section> = Vec::new();
    // The title of the part (book, volume, epilogue) the headings are in.
    let mut part: Option<String> = None;
    let mut k = 0;
    while k < blocks.len() {
        if levels[k].is_none() {
            k += 1;
            continue;
        }
        let start = blocks[k].span.start;
        let mut chapter: Option<String> = None;
        while let Some(Some(level)) = levels.get(k) {
            blocks[k].kind = BlockKind::Heading(*level);
            let title = title_case(blocks[k].span.text(text).trim());
            if *level == PART_LEVEL {
                part = Some(title);
                chapter = None;
            } else {
                chapter = Some(title);
            }
            k += 1;
        }
        let titles: Vec<String> = part.iter().chain(&chapter).cloned().collect();
        if let Some(last) = sections.last_mut() {
            last.span.end = last.span.end.max(previous_end(blocks, start));
        }
        sections.push(Section {
            title: titles.join(" · "),
            span: Span::new(start, start),
        });
    }
    if let (Some(last), Some(block)) = (sections.last_mut(), blocks.last()) {
        last.span.end = block.span.end.max(last.span.start);
    }
    // A section is at least its heading.
    for section in &mut sections {
        if section.span.end < section.span.start {
            section.span.end = section.span.start;
        }
    }
    sections
}

/// The end of the last block before the one starting at `start`.
fn previous_end(blocks: &[Block], start: usize) -> usize {
    let k = blocks.partition_point(|b| b.span.start < start);
    k.checked_sub(1).map_or(start, |k| blocks[k].span.end)
}

/// True when `span` is a whole line with a blank line (or the text's
/// edge) above and below it.
fn blank_line_around(text: &str, span: Span) -> bool {
    if span.text(text).contains(['\n', '\r']) {
        return false;
    }
    // The lines before: the heading's own line start, then one blank line
    // (or nothing at all).
    let mut above = text[..span.start].rsplit('\n');
    let own_start = above.next().unwrap_or_default();
    let blank_above =
        own_start.trim().is_empty() && above.next().is_none_or(|line| line.trim().is_empty());
    let mut below = text[span.end..].split('\n');
    let own_end = below.next().unwrap_or_default();
    let blank_below =
        own_end.trim().is_empty() && below.next().is_none_or(|line| line.trim().is_empty());
    blank_above && blank_below
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_level_table() {
        let cases = [
            ("CHAPTER IV", Some(3)),
            ("Chapter 12", Some(3)),
            ("Chapter 3. The Races", Some(3)),
            ("CHAPTER XXVIII", Some(3)),
            ("chapter twelve", Some(3)),
            ("BOOK ONE: 1805", Some(2)),
            ("Book Two", Some(2)),
            ("PART III", Some(2)),
            ("FIRST EPILOGUE: 1813 - 20", Some(2)),
            ("SECOND EPILOGUE", Some(2)),
            ("Epilogue", Some(2)),
            ("XLII", Some(3)),
            ("IV.", Some(3)),
            ("I", Some(3)),
            ("IIII", None),
            ("MIX", Some(3)),
            ("Chapter", None),
            ("Chapter and verse were quoted", None),
            ("Booking a room", None),
            ("Book of the dead", None),
            ("He closed the book.", None),
            ("It was in July, 1805.", None),
            ("", None),
        ];
        for (line, expected) in cases {
            assert_eq!(heading_level(line), expected, "{line:?}");
        }
    }

    #[test]
    fn title_case_table() {
        let cases = [
            ("BOOK ONE: 1805", "Book One: 1805"),
            ("CHAPTER XXIX", "Chapter XXIX"),
            ("FIRST EPILOGUE: 1813 - 20", "First Epilogue: 1813 - 20"),
            ("Chapter 3. The Races", "Chapter 3. The Races"),
            ("IV.", "IV."),
        ];
        for (heading, expected) in cases {
            assert_eq!(title_case(heading), expected, "{heading:?}");
        }
    }
}
