//! Kindle's `My Clippings.txt`, which many tools import.
//!
//! The file starts with a UTF-8 byte-order mark and uses CRLF line ends,
//! as a Kindle writes it. Each highlight is one record:
//!
//! ```text
//! Title (Author)
//! - Your Highlight at location 12-13 | Added on Monday, November 30, 2026 10:15:00 PM
//!
//! The highlighted text
//! ==========
//! ```
//!
//! and a highlight with a note is followed, as on a Kindle, by a second
//! record `- Your Note at location 13 | Added on …` holding the note (tags
//! are written first as `.tag` words, the convention Readwise reads from
//! Kindle notes). A location is `1 + character offset / 150`, Kindle's
//! location being about 150 bytes of the book
//! ([`super::location_of_char`]); a highlight spans the locations of its
//! first and last characters, and its note sits at the last. Kindle records
//! hold their text on one line, so line breaks become spaces. Times are on
//! the reader's clock ([`ExportInput::time_zone`]); the highlight record gives when it was made, the note record when
//! it last changed.

use std::fmt::Write as _;

use crate::span::CharIndex;

use super::{ExportInput, one_line, placed, tag_word};

/// The line that ends every record.
pub const SEPARATOR: &str = "==========";

/// The clippings file for `input`.
pub fn export(input: &ExportInput) -> String {
    let doc = input.document;
    let index = CharIndex::new(&doc.text);
    let title_line = match doc.byline.as_deref().map(one_line) {
        Some(author) if !author.is_empty() => format!("{} ({author})", one_line(&doc.title)),
        _ => one_line(&doc.title),
    };
    let mut out = String::from("\u{feff}");
    for placed in placed(input, &index) {
        let highlight = placed.highlight;
        let (start, end) = (placed.location(), placed.end_location());
        let range = if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        };
        record(
            &mut out,
            &title_line,
            &format!(
                "- Your Highlight at location {range} | Added on {}",
                kindle_time(highlight.created, input.time_zone)
            ),
            &one_line(placed.text(&doc.text)),
        );
        let mut note: Vec<String> = highlight
            .tags
            .iter()
            .filter_map(|t| tag_word(t))
            .map(|t| format!(".{t}"))
            .collect();
        if !highlight.note.trim().is_empty() {
            note.push(one_line(&highlight.note));
        }
        if !note.is_empty() {
            record(
                &mut out,
                &title_line,
                &format!(
                    "- Your Note at location {end} | Added on {}",
                    kindle_time(highlight.modified, input.time_zone)
                ),
                &note.join(" "),
            );
        }
    }
    out
}

/// Appends one record with CRLF line ends.
fn record(out: &mut String, title: &str, meta: &str, text: &str) {
    let _ = write!(out, "{title}\r\n{meta}\r\n\r\n{text}\r\n{SEPARATOR}\r\n");
}

/// A time as Kindle writes it, on the clocks of `zone`:
/// `Monday, November 30, 2026 10:15:00 PM`.
pub fn kindle_time(time: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> String {
    time.to_zoned_datetime(zone.clone())
        .strftime("%A, %B %-d, %Y %-I:%M:%S %p")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kindle_time_table() {
        let cases = [
            (
                "2026-11-30T22:15:00Z",
                "Monday, November 30, 2026 10:15:00 PM",
            ),
            (
                "2026-01-02T00:05:09Z",
                "Friday, January 2, 2026 12:05:09 AM",
            ),
            ("2026-07-04T12:00:00Z", "Saturday, July 4, 2026 12:00:00 PM"),
        ];
        for (time, expected) in cases {
            let time: jiff::Timestamp = time.parse().expect("test time");
            assert_eq!(kindle_time(time, &jiff::tz::TimeZone::UTC), expected);
        }
    }

    #[test]
    fn kindle_times_are_on_the_readers_clock() {
        let time: jiff::Timestamp = "2026-11-30T22:15:00Z".parse().expect("test time");
        let cases = [
            ("UTC", "Monday, November 30, 2026 10:15:00 PM"),
            ("Europe/Moscow", "Tuesday, December 1, 2026 1:15:00 AM"),
            ("America/New_York", "Monday, November 30, 2026 5:15:00 PM"),
        ];
        for (zone, expected) in cases {
            let zone = jiff::tz::TimeZone::get(zone).expect("a known zone");
            assert_eq!(kindle_time(time, &zone), expected, "{zone:?}");
        }
    }
}
