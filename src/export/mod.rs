//! Exporting the reader's notes to other tools, and importing W3C web
//! annotations back.
//!
//! Like the rest of the core this module knows nothing of egui and does no
//! IO: [`export`] turns a document, its analysis and its annotations into one
//! string, and [`import_w3c`] turns a string into highlights. The command
//! line and the app write and read the files.
//!
//! Every format is deterministic: the same input and the same
//! [`ExportInput::exported`] time give the same bytes, so exports can be
//! compared and kept under version control. Times are written in UTC.
//!
//! Formats, one module each:
//!
//! - [`markdown`]: an Obsidian-friendly note with YAML front matter.
//! - [`readwise`]: Readwise's CSV import.
//! - [`w3c`]: a W3C Web Annotation `AnnotationCollection` (JSON-LD), and
//!   importing one ([`import_w3c`]).
//! - [`clippings`]: Kindle's `My Clippings.txt`.
//! - [`json`]: everything Dramatis knows about the document, in one JSON
//!   object.
//!
//! Placed highlights are exported in reading order. Orphans (highlights that
//! could not be found in the current text) go only where they can be kept
//! apart from the placed ones: the Markdown note lists them in their own
//! section and the JSON keeps them in `orphans`; the other formats need a
//! place in the text and leave them out.

use crate::analysis::Analysis;
use crate::annotations::{Annotations, Highlight};
use crate::document::Document;
use crate::span::CharIndex;

pub mod clippings;
pub mod json;
pub mod markdown;
pub mod readwise;
pub mod w3c;

pub use w3c::{ImportError, ImportReport, MAX_IMPORT_BYTES, Merged, import_w3c};

/// How many characters of text make one Kindle-style location. A Kindle
/// location is about 150 bytes of the book; Dramatis counts characters so a
/// location does not depend on the encoding.
pub const CHARS_PER_LOCATION: usize = 150;

/// The formats notes can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// An Obsidian-friendly Markdown note.
    Markdown,
    /// Readwise's CSV import format.
    ReadwiseCsv,
    /// A W3C Web Annotation collection (JSON-LD).
    W3c,
    /// Kindle's `My Clippings.txt`.
    Clippings,
    /// Everything Dramatis knows, as JSON.
    Json,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 5] = [
        Self::Markdown,
        Self::ReadwiseCsv,
        Self::W3c,
        Self::Clippings,
        Self::Json,
    ];

    /// The name used on the command line (`markdown`, `readwise-csv`, `w3c`,
    /// `clippings`, `json`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Markdown => "markdown",
            Self::ReadwiseCsv => "readwise-csv",
            Self::W3c => "w3c",
            Self::Clippings => "clippings",
            Self::Json => "json",
        }
    }

    /// The format with this command-line name (case-insensitive), if any.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The label shown in menus.
    pub fn label(self) -> &'static str {
        match self {
            Self::Markdown => "Markdown (Obsidian)",
            Self::ReadwiseCsv => "Readwise (CSV)",
            Self::W3c => "W3C Web Annotations (JSON-LD)",
            Self::Clippings => "Kindle clippings",
            Self::Json => "Dramatis JSON (everything)",
        }
    }

    /// The file extension, after the dot, that [`ExportFormat::file_name`]
    /// ends with.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::ReadwiseCsv => "csv",
            Self::W3c | Self::Json => "json",
            Self::Clippings => "txt",
        }
    }

    /// A suggested file name for the export of a document titled `title`:
    /// `Title.md`, `Title.readwise.csv`, `Title.w3c.json`,
    /// `Title.dramatis.json`, and `My Clippings.txt` (the name Kindle tools
    /// look for). Characters not allowed in file names on common systems are
    /// left out.
    pub fn file_name(self, title: &str) -> String {
        let stem = file_stem(title);
        match self {
            Self::Markdown => format!("{stem}.md"),
            Self::ReadwiseCsv => format!("{stem}.readwise.csv"),
            Self::W3c => format!("{stem}.w3c.json"),
            Self::Clippings => "My Clippings.txt".to_owned(),
            Self::Json => format!("{stem}.dramatis.json"),
        }
    }
}

/// Everything an export reads.
#[derive(Clone, Copy, Debug)]
pub struct ExportInput<'a> {
    /// The document: its text, title, byline and path.
    pub document: &'a Document,
    /// Its analysis, with the reader's corrections applied.
    pub analysis: &'a Analysis,
    /// The reader's highlights and notes on it.
    pub annotations: &'a Annotations,
    /// When the export is made, written where the format has room for it.
    pub exported: jiff::Timestamp,
    /// The reader's time zone: the formats that write a time without an
    /// offset (Kindle clippings, Readwise CSV) write it on this clock, as
    /// the window shows times.
    pub time_zone: &'a jiff::tz::TimeZone,
}

/// Exports the notes in `input` as `format`.
pub fn export(format: ExportFormat, input: &ExportInput) -> String {
    match format {
        ExportFormat::Markdown => markdown::export(input),
        ExportFormat::ReadwiseCsv => readwise::export(input),
        ExportFormat::W3c => w3c::export(input),
        ExportFormat::Clippings => clippings::export(input),
        ExportFormat::Json => json::export(input),
    }
}

/// A title made safe as a file name: without the characters Windows, macOS
/// or Linux refuse (`/ \ : * ? " < > |` and control characters), with runs
/// of whitespace as one space, without leading or trailing dots and spaces,
/// and at most 120 characters. An empty result becomes `Notes`.
pub fn file_stem(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let spaced = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut: String = spaced.chars().take(120).collect();
    let trimmed = cut.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "Notes".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// The `file://` URL of an absolute path, percent-encoding every byte but
/// unreserved characters and `/`; `None` for a relative path, which names
/// no file on its own. A Windows path (`C:\…`) becomes `file:///C:/…`.
pub fn file_url(path: &std::path::Path) -> Option<String> {
    let raw = path.to_string_lossy();
    let windows = raw.len() > 2
        && raw.as_bytes()[0].is_ascii_alphabetic()
        && raw.as_bytes()[1] == b':'
        && matches!(raw.as_bytes()[2], b'\\' | b'/');
    let slashed = if windows {
        format!("/{}", raw.replace('\\', "/"))
    } else if raw.starts_with('/') {
        raw.into_owned()
    } else {
        return None;
    };
    let mut url = String::from("file://");
    for &byte in slashed.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            url.push(char::from(byte));
        } else if windows && byte == b':' && url.len() == "file:///C".len() {
            // The drive letter's colon stays as written.
            url.push(':');
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(url)
}

/// The Kindle-style location of a character offset: `1 + offset / 150`
/// ([`CHARS_PER_LOCATION`]), so the first 150 characters are location 1.
pub fn location_of_char(offset: usize) -> usize {
    1 + offset / CHARS_PER_LOCATION
}

/// A placed highlight with its character offsets in the exported text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Placed<'a> {
    /// The highlight.
    pub highlight: &'a Highlight,
    /// Its first character.
    pub start_char: usize,
    /// One past its last character.
    pub end_char: usize,
}

impl Placed<'_> {
    /// The highlighted text, read from the document (the highlight's own
    /// quote when its span no longer fits the text).
    pub fn text<'t>(&'t self, text: &'t str) -> &'t str {
        match self.highlight.span.text(text) {
            "" => &self.highlight.quote.exact,
            passage => passage,
        }
    }

    /// The Kindle-style location of its first character.
    pub fn location(&self) -> usize {
        location_of_char(self.start_char)
    }

    /// The Kindle-style location of its last character.
    pub fn end_location(&self) -> usize {
        location_of_char(self.end_char.saturating_sub(1).max(self.start_char))
    }
}

/// The placed highlights in reading order (by span, then id), with their
/// character offsets.
pub(crate) fn placed<'a>(input: &ExportInput<'a>, index: &CharIndex) -> Vec<Placed<'a>> {
    let mut highlights: Vec<&Highlight> = input.annotations.highlights.iter().collect();
    highlights.sort_by_key(|h| (h.span, h.id));
    highlights
        .into_iter()
        .map(|highlight| {
            let (start_char, end_char) = index.chars_of_span(highlight.span);
            Placed {
                highlight,
                start_char,
                end_char,
            }
        })
        .collect()
}

/// A tag as one word for tools that end a tag at the first space (Obsidian's
/// `#tag`, Readwise's `.tag`): letters, digits, `-`, `_` and `/` kept, runs
/// of anything else become one `-`. `None` when nothing is left.
pub(crate) fn tag_word(tag: &str) -> Option<String> {
    let mut word = String::new();
    for c in tag.trim().trim_start_matches(['#', '.']).chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_' | '/') {
            word.push(c);
        } else if !word.ends_with('-') {
            word.push('-');
        }
    }
    let word = word.trim_matches('-').to_owned();
    (!word.is_empty()).then_some(word)
}

/// `text` on one line: every run of whitespace holding a line break becomes
/// one space, other whitespace stays.
pub(crate) fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let mut pending_break = false;
    let mut pending_space = String::new();
    for c in text.trim().chars() {
        if c.is_whitespace() {
            pending_break |= matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
            pending_space.push(c);
            continue;
        }
        if pending_break {
            line.push(' ');
        } else {
            line.push_str(&pending_space);
        }
        pending_break = false;
        pending_space.clear();
        line.push(c);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_names_round_trip() {
        for format in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_name(format.name()), Some(format));
            assert!(format.file_name("T").ends_with(format.extension()));
        }
        assert_eq!(
            ExportFormat::from_name("Readwise-CSV"),
            Some(ExportFormat::ReadwiseCsv)
        );
        assert_eq!(ExportFormat::from_name("pdf"), None);
    }

    #[test]
    fn file_names_table() {
        let cases = [
            (ExportFormat::Markdown, "War and Peace", "War and Peace.md"),
            (
                ExportFormat::ReadwiseCsv,
                "Sample article: Kim Jong-un’s train",
                "Sample article Kim Jong-un’s train.readwise.csv",
            ),
            (ExportFormat::W3c, "a/b\\c?*\"<>|", "abc.w3c.json"),
            (ExportFormat::Json, "..hidden. ", "hidden.dramatis.json"),
            (ExportFormat::Json, "???", "Notes.dramatis.json"),
            (ExportFormat::Markdown, "Tab\there\nnew", "Tab here new.md"),
            (ExportFormat::Clippings, "Anything", "My Clippings.txt"),
        ];
        for (format, title, expected) in cases {
            assert_eq!(format.file_name(title), expected, "{title:?}");
        }
    }

    #[test]
    fn file_urls_table() {
        let cases = [
            ("/home/kim/train.txt", Some("file:///home/kim/train.txt")),
            (
                "/home/kim/My Notes/ü #1.md",
                Some("file:///home/kim/My%20Notes/%C3%BC%20%231.md"),
            ),
            (
                "C:\\Users\\kim\\a b.txt",
                Some("file:///C:/Users/kim/a%20b.txt"),
            ),
            ("relative/file.txt", None),
        ];
        for (path, expected) in cases {
            assert_eq!(
                file_url(std::path::Path::new(path)).as_deref(),
                expected,
                "{path}"
            );
        }
    }

    #[test]
    fn locations_table() {
        for (offset, location) in [(0, 1), (149, 1), (150, 2), (1499, 10), (1500, 11)] {
            assert_eq!(location_of_char(offset), location, "{offset}");
        }
    }

    #[test]
    fn tag_words_table() {
        let cases = [
            ("russia", Some("russia")),
            ("#arms deal", Some("arms-deal")),
            (" .quotes ", Some("quotes")),
            ("a, b & c", Some("a-b-c")),
            ("région/Est", Some("région/Est")),
            ("!!!", None),
        ];
        for (tag, expected) in cases {
            assert_eq!(tag_word(tag).as_deref(), expected, "{tag:?}");
        }
    }

    #[test]
    fn one_line_table() {
        let cases = [
            ("a\nb", "a b"),
            ("a \r\n  b", "a b"),
            ("a  b", "a  b"),
            ("\n a\tb \n", "a\tb"),
        ];
        for (text, expected) in cases {
            assert_eq!(one_line(text), expected, "{text:?}");
        }
    }
}
