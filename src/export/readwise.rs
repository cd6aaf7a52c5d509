//! Readwise's CSV import: one row a highlight under the header
//! `Highlight,Title,Author,URL,Note,Location,Date`, quoted as RFC 4180
//! says (CRLF line ends, fields with commas, quotes or line breaks in
//! double quotes).
//!
//! - Note: the highlight's tags as Readwise action tags (`.russia .arms`),
//!   then a space and the reader's note, so Readwise files the tags.
//! - Location: the Kindle-style location of the highlight's first character,
//!   `1 + character offset / 150` (see [`super::location_of_char`]); it
//!   grows in reading order and is the same number the clippings export
//!   gives.
//! - URL: the document's `file://` URL, empty when it has no absolute path.
//! - Date: when the highlight was made, on the reader's clock
//!   ([`ExportInput::time_zone`]), as `2026-11-30 22:15:00`, a form
//!   Readwise reads.

use csv::{Terminator, WriterBuilder};

use crate::span::CharIndex;

use super::{ExportInput, file_url, placed, tag_word};

/// The header row, exactly as Readwise expects it.
pub const HEADER: [&str; 7] = [
    "Highlight",
    "Title",
    "Author",
    "URL",
    "Note",
    "Location",
    "Date",
];

/// The CSV for `input`.
pub fn export(input: &ExportInput) -> String {
    let doc = input.document;
    let index = CharIndex::new(&doc.text);
    let url = doc.path.as_deref().and_then(file_url).unwrap_or_default();
    let author = doc.byline.as_deref().unwrap_or("");
    let mut writer = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(Vec::new());
    let mut rows = vec![HEADER.map(str::to_owned)];
    for placed in placed(input, &index) {
        let highlight = placed.highlight;
        rows.push([
            placed.text(&doc.text).trim().to_owned(),
            doc.title.clone(),
            author.to_owned(),
            url.clone(),
            note_with_tags(&highlight.tags, &highlight.note),
            placed.location().to_string(),
            highlight
                .created
                .to_zoned_datetime(input.time_zone.clone())
                .strftime("%Y-%m-%d %H:%M:%S")
                .to_string(),
        ]);
    }
    for row in rows {
        // Writing a row of seven fields into memory cannot fail: the writer
        // only fails on IO errors or on rows of different lengths.
        writer
            .write_record(&row)
            .expect("writing CSV into memory cannot fail");
    }
    let bytes = writer
        .into_inner()
        .expect("flushing CSV into memory cannot fail");
    // Every field is a `String`, so the CSV is UTF-8.
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

/// The Note field: `.tag` action tags, then the note.
fn note_with_tags(tags: &[String], note: &str) -> String {
    let mut field: Vec<String> = tags
        .iter()
        .filter_map(|t| tag_word(t))
        .map(|t| format!(".{t}"))
        .collect();
    if !note.trim().is_empty() {
        field.push(note.trim().to_owned());
    }
    field.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_field_table() {
        let tags = |t: &[&str]| t.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let cases = [
            (tags(&[]), "", ""),
            (tags(&[]), " a note ", "a note"),
            (tags(&["russia", "arms deal"]), "", ".russia .arms-deal"),
            (tags(&["x"]), "two\nlines", ".x two\nlines"),
        ];
        for (tags, note, expected) in cases {
            assert_eq!(note_with_tags(&tags, note), expected, "{tags:?} {note:?}");
        }
    }
}
