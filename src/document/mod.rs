//! Documents: loading a file into reading text, blocks and inline styles.
//!
//! A [`Document`] owns the text every span in Dramatis points into. For a plain
//! UTF-8 text file that text is the file itself (minus a byte-order mark); for
//! Markdown it is the text a reader sees, with the markup removed, so that the
//! analysis runs on words and not on asterisks.

mod chapters;
mod decode;
mod epub;
mod html;
mod long_blocks;
mod markdown;
mod mhtml;
mod text;
mod title;

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::span::Span;

pub use long_blocks::MAX_BLOCK_BYTES;

/// The largest file Dramatis opens, in bytes (256 MiB). Larger files are
/// refused with [`LoadError::TooLarge`] before they are read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The file formats Dramatis reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// Plain text (UTF-8).
    PlainText,
    /// CommonMark Markdown.
    Markdown,
    /// A web page saved as HTML (`.html`, `.htm`, `.xhtml`): its article is read.
    Html,
    /// A web page saved as a single-file MHTML archive (`.mhtml`, `.mht`).
    Mhtml,
    /// An EPUB 2 or 3 e-book (`.epub`): its chapters in reading order.
    Epub,
}

/// A part of a document with its own title: an e-book's chapter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The title from the table of contents, the chapter's first heading, or
    /// "Chapter N".
    pub title: String,
    /// From the section's first block's start to its last block's end.
    pub span: Span,
}

/// What a block of text is, for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockKind {
    /// A heading of the given level (1 is the largest).
    Heading(u8),
    /// An ordinary paragraph.
    Paragraph,
    /// An item of a list; `marker` is its bullet (`None`) or number.
    ListItem {
        /// Nesting depth, 0 for a top-level list.
        depth: u8,
        /// The number of an ordered list item, `None` for a bullet.
        number: Option<u64>,
    },
    /// A paragraph inside a block quote.
    BlockQuote,
    /// Preformatted text (a code block).
    Code,
    /// The caption of a photo or figure, shown small and quiet.
    Caption,
}

/// One display block: a paragraph, heading, list item and so on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// The block's text in [`Document::text`]. It holds no leading or trailing
    /// line break; it may hold inner line breaks (`\n`, or `\r\n` in a CRLF
    /// file, from hard-wrapped text), which the reader shows as spaces unless
    /// the block is [`BlockKind::Code`].
    pub span: Span,
    /// What the block is.
    pub kind: BlockKind,
}

/// Inline emphasis inside a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InlineStyleKind {
    /// Italic.
    Emphasis,
    /// Bold.
    Strong,
    /// Inline code.
    Code,
    /// A link's text.
    Link,
}

/// A styled range of text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InlineStyle {
    /// The styled text.
    pub span: Span,
    /// The style.
    pub kind: InlineStyleKind,
}

/// A loaded article.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Document {
    /// Display title: the first heading, a first line that reads as a title, or
    /// the file name.
    pub title: String,
    /// Where the document came from, if it came from a file.
    pub path: Option<PathBuf>,
    /// The file's format.
    pub format: Format,
    /// Who wrote it, as the document says (a web page's byline).
    #[serde(default)]
    pub byline: Option<String>,
    /// When it was published, as the document gives it (a web page's date).
    #[serde(default)]
    pub published: Option<String>,
    /// The text all spans index. Never changes after loading.
    pub text: String,
    /// Display blocks in reading order: sorted, non-overlapping, non-empty.
    pub blocks: Vec<Block>,
    /// Inline styles: sorted by start.
    pub styles: Vec<InlineStyle>,
    /// Things the reader should know about the load (e.g. encoding repairs).
    pub warnings: Vec<String>,
    /// Chapters in reading order (sorted, non-overlapping); empty for a
    /// document that has none (everything but e-books).
    #[serde(default)]
    pub sections: Vec<Section>,
    /// The e-book's cover image, decoded and scaled down; `None` for every
    /// other format and for a book without a readable cover. Never
    /// serialized: the pixels belong on screen, not in JSON.
    #[serde(skip)]
    pub cover: Option<Cover>,
}

/// A cover image decoded to pixels, ready for the screen.
#[derive(Clone, PartialEq, Eq)]
pub struct Cover {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height` pixels, row by row, four bytes each (red, green,
    /// blue, alpha; not premultiplied).
    pub rgba: Vec<u8>,
    /// The image's media type as the book declares it (e.g. `image/jpeg`).
    pub media_type: String,
}

impl std::fmt::Debug for Cover {
    /// Names the size and type; the pixels would fill pages of a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cover")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("rgba_bytes", &self.rgba.len())
            .field("media_type", &self.media_type)
            .finish()
    }
}

/// Why a file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("could not read the file ({error}): {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error. Not named `source`: the message already says it,
        /// and a source would repeat it in every error chain.
        error: std::io::Error,
    },
    /// Nothing exists at the path.
    #[error("the file does not exist: {}", path.display())]
    NotFound {
        /// The path that was asked for.
        path: PathBuf,
    },
    /// The file exists but may not be read by this user.
    #[error("permission to read the file was denied: {}", path.display())]
    PermissionDenied {
        /// The file.
        path: PathBuf,
    },
    /// The file exists but holds nothing to read.
    #[error("the file is empty: {}", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is not text (e.g. an image or program).
    #[error("this is not a text file (it looks like binary data): {}", path.display())]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// The path names a directory.
    #[error("this is a folder, not a file: {}", path.display())]
    Directory {
        /// The folder.
        path: PathBuf,
    },
    /// The file is a web page with no text to read.
    #[error("the page has no text to read: {}", path.display())]
    NoText {
        /// The file.
        path: PathBuf,
    },
    /// The file is a web page whose elements nest too deeply to parse in
    /// reasonable time (no real page does; a hostile one might).
    #[error("the page nests its elements too deeply to read (over {limit} levels): {}", path.display())]
    TooDeep {
        /// The file.
        path: PathBuf,
        /// The deepest nesting Dramatis reads.
        limit: usize,
    },
    /// The file is a web archive whose parts nest inside one another more
    /// deeply than Dramatis reads (no saved page does; a hostile one might).
    #[error("the web archive nests its parts too deeply to read (over {limit} levels): {}", path.display())]
    ArchiveTooDeep {
        /// The file.
        path: PathBuf,
        /// The deepest nesting Dramatis reads.
        limit: usize,
    },
    /// The file is an e-book that cannot be read: damaged, truncated, or
    /// over the limits that guard against hostile archives.
    #[error("the e-book {reason}: {}", path.display())]
    Ebook {
        /// The file.
        path: PathBuf,
        /// What is wrong, completing "the e-book …".
        reason: String,
    },
    /// The path names a pipe, device or socket: reading one could block
    /// forever or never end.
    #[error("this is not a regular file (it is a pipe, device or socket): {}", path.display())]
    NotRegular {
        /// The path.
        path: PathBuf,
    },
    /// The file is larger than Dramatis opens.
    #[error("the file is too large to open ({size_mb} MB, the limit is {limit_mb} MB): {}", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in megabytes.
        size_mb: u64,
        /// The limit in megabytes.
        limit_mb: u64,
    },
}

impl LoadError {
    /// Sorts an IO error on `path` into the variant a person understands best.
    pub(crate) fn from_io(path: &Path, source: std::io::Error) -> Self {
        let path = path.to_owned();
        match source.kind() {
            std::io::ErrorKind::NotFound => Self::NotFound { path },
            std::io::ErrorKind::PermissionDenied => Self::PermissionDenied { path },
            std::io::ErrorKind::IsADirectory => Self::Directory { path },
            _ => Self::Io {
                path,
                error: source,
            },
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Io { path, .. }
            | Self::NotFound { path }
            | Self::PermissionDenied { path }
            | Self::Empty { path }
            | Self::Binary { path }
            | Self::Directory { path }
            | Self::NotRegular { path }
            | Self::NoText { path }
            | Self::TooDeep { path, .. }
            | Self::ArchiveTooDeep { path, .. }
            | Self::Ebook { path, .. }
            | Self::TooLarge { path, .. } => path,
        }
    }
}

impl Format {
    /// The format's name in JSON output and the library: `text`,
    /// `markdown`, `html`, `mhtml` or `epub`.
    pub fn name(self) -> &'static str {
        match self {
            Self::PlainText => "text",
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::Mhtml => "mhtml",
            Self::Epub => "epub",
        }
    }

    /// The format a file's extension names: Markdown for `.md`,
    /// `.markdown`, `.mdown` and `.mkd`; plain text for anything else.
    pub fn from_path(path: &Path) -> Self {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("md" | "markdown" | "mdown" | "mkd") => Self::Markdown,
            Some("html" | "htm" | "xhtml" | "shtml") => Self::Html,
            Some("mhtml" | "mht") => Self::Mhtml,
            Some("epub") => Self::Epub,
            _ => Self::PlainText,
        }
    }
}

impl Document {
    /// The number of words in the text: runs of non-space characters that
    /// hold at least one letter or digit (so a lone dash is not a word).
    pub fn word_count(&self) -> usize {
        self.text
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }

    /// The paragraphs the analysis should treat as separate units: the spans
    /// of all blocks, in order.
    pub fn block_spans(&self) -> Vec<Span> {
        self.blocks.iter().map(|b| b.span).collect()
    }
}

/// Loads a file from disk, choosing the format by its extension
/// ([`Format::from_path`]).
///
/// The text is UTF-8 (a byte-order mark is dropped) or UTF-16 with a
/// byte-order mark. Invalid UTF-8 is repaired with U+FFFD and noted in
/// [`Document::warnings`]. Missing files, folders, pipes and devices,
/// unreadable, empty, binary and oversized files give a [`LoadError`] whose message names the path.
pub fn load(path: &Path) -> Result<Document, LoadError> {
    let metadata = std::fs::metadata(path).map_err(|e| LoadError::from_io(path, e))?;
    if metadata.is_dir() {
        return Err(LoadError::Directory {
            path: path.to_owned(),
        });
    }
    // Checked before opening: opening a pipe for reading waits for a writer.
    if !metadata.is_file() {
        return Err(LoadError::NotRegular {
            path: path.to_owned(),
        });
    }
    let too_large = |size: u64| LoadError::TooLarge {
        path: path.to_owned(),
        size_mb: size.div_ceil(1024 * 1024),
        limit_mb: MAX_FILE_BYTES / (1024 * 1024),
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        // Read one byte past the limit so a file that grew (or a device that
        // never ends) is still caught.
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| LoadError::from_io(path, e))?;
    let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if read > MAX_FILE_BYTES {
        return Err(too_large(read));
    }
    from_bytes(&bytes, Format::from_path(path), path)
}

/// Builds a document from a file's bytes already in memory, as [`load`] does
/// after reading them: decoding the text (see [`load`]) and parsing it as
/// `format`. `path` names the file in errors, warnings and the fallback title.
pub fn from_bytes(bytes: &[u8], format: Format, path: &Path) -> Result<Document, LoadError> {
    let mut document = match format {
        Format::Html | Format::Mhtml => html::load(bytes, format, path)?,
        Format::Epub => load_epub(bytes, path)?,
        Format::PlainText | Format::Markdown => decode_text(bytes, format, path)?,
    };
    bound_blocks(&mut document);
    // The bundled sample, opened by its path (`dramatis export
    // assets/sample_article.txt`), is titled as the window titles it.
    if format == Format::PlainText && document.text == SAMPLE_TEXT {
        document.title = SAMPLE_TITLE.to_owned();
    }
    Ok(document)
}

/// The bundled sample article's text.
pub const SAMPLE_TEXT: &str = include_str!("../../assets/sample_article.txt");

/// The sample's title (its first line is a sentence, not a title).
pub const SAMPLE_TITLE: &str = "Sample article: Kim Jong-un’s train to Russia";

/// The bundled sample article as a document; opened from its file, it
/// gets the same title (see [`from_bytes`]).
pub fn sample() -> Document {
    from_text(
        SAMPLE_TEXT.to_owned(),
        Format::PlainText,
        None,
        SAMPLE_TITLE,
    )
}

/// Reads a plain text or Markdown file's bytes.
fn decode_text(bytes: &[u8], format: Format, path: &Path) -> Result<Document, LoadError> {
    let (text, warnings) = decode::decode(bytes).map_err(|problem| match problem {
        decode::Problem::Empty => LoadError::Empty {
            path: path.to_owned(),
        },
        decode::Problem::Binary => LoadError::Binary {
            path: path.to_owned(),
        },
    })?;
    let mut document = from_text(text, format, Some(path.to_owned()), &fallback_title(path));
    document.warnings.extend(warnings);
    Ok(document)
}

/// Splits the document's paragraphs longer than [`MAX_BLOCK_BYTES`] (see
/// [`long_blocks`]), saying so in a warning, so that no paragraph is laid
/// out or analysed as one giant piece.
fn bound_blocks(document: &mut Document) {
    let cut = long_blocks::split(&document.text, &mut document.blocks, &mut document.styles);
    if cut > 0 {
        let (count, verb) = if cut == 1 {
            ("A paragraph".to_owned(), "was")
        } else {
            (format!("{cut} paragraphs"), "were")
        };
        document.warnings.push(format!(
            "{count} longer than {} KB {verb} split into parts for display and analysis.",
            MAX_BLOCK_BYTES / 1024
        ));
    }
}

/// The title of the file at `path` when its text names none: the file's
/// name without its extension (`war_and_peace` for `war_and_peace.txt`).
/// The window shows it while the file loads, so the title does not change
/// when loading ends.
pub fn fallback_title(path: &Path) -> String {
    path.file_stem().or_else(|| path.file_name()).map_or_else(
        || "Untitled".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Builds a document from text already in memory (the bundled sample, a
/// test), finding its blocks, styles and title as [`load`] does.
///
/// `fallback_title` is the title when the text has no heading or title line.
/// A leading byte-order mark is dropped. For [`Format::PlainText`] the
/// document text is `text` itself; for [`Format::Markdown`] it is the text a
/// reader sees, with the markup removed.
pub fn from_text(
    text: String,
    format: Format,
    path: Option<PathBuf>,
    fallback_title: &str,
) -> Document {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let (text, mut blocks, styles, mut title) = match format {
        // An e-book already turned into text reads as plain text.
        Format::PlainText | Format::Epub => {
            let parsed = text::parse(&text);
            (text, parsed.blocks, Vec::new(), parsed.title)
        }
        Format::Markdown => {
            let parsed = markdown::parse(&text);
            (parsed.text, parsed.blocks, parsed.styles, parsed.title)
        }
        Format::Html | Format::Mhtml => {
            let mut document = html::from_page(html::extract(&text), format, path, fallback_title);
            bound_blocks(&mut document);
            return document;
        }
    };
    // An EPUB's chapters come from its table of contents instead.
    let sections = match format {
        Format::PlainText => chapters::find(&text, &mut blocks),
        _ => Vec::new(),
    };
    if let (Some(first), Some(block)) = (sections.first(), blocks.first())
        && first.span.start == block.span.start
    {
        // The first line is a chapter heading, not the book's title.
        title = None;
    }
    let mut document = Document {
        title: title.unwrap_or_else(|| fallback_title.to_owned()),
        path,
        format,
        byline: None,
        published: None,
        text,
        blocks,
        styles,
        warnings: Vec::new(),
        sections,
        cover: None,
    };
    bound_blocks(&mut document);
    document
}

/// Reads an EPUB file's bytes: chapters become sections, the metadata's
/// title and authors the title and byline.
fn load_epub(bytes: &[u8], path: &Path) -> Result<Document, LoadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    let book = epub::parse(bytes.to_vec()).map_err(|problem| LoadError::Ebook {
        path: path.to_owned(),
        reason: problem.to_string(),
    })?;
    let title = book.title.unwrap_or_else(|| fallback_title(path));
    Ok(Document {
        title,
        path: Some(path.to_owned()),
        format: Format::Epub,
        byline: book.author,
        published: None,
        text: book.text,
        blocks: book.blocks,
        styles: book.styles,
        warnings: book.warnings,
        sections: book.sections,
        cover: book.cover,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Permission errors cannot be produced by a test running as root, so the
    /// sorting of IO errors is checked directly.
    #[test]
    fn io_errors_are_sorted_into_clear_variants() {
        use std::io::{Error, ErrorKind};
        let path = Path::new("/some/article.txt");
        let cases = [
            (
                ErrorKind::NotFound,
                "the file does not exist: /some/article.txt",
            ),
            (
                ErrorKind::PermissionDenied,
                "permission to read the file was denied: /some/article.txt",
            ),
            (
                ErrorKind::IsADirectory,
                "this is a folder, not a file: /some/article.txt",
            ),
            (
                ErrorKind::InvalidData,
                "could not read the file (bad bytes): /some/article.txt",
            ),
        ];
        for (kind, message) in cases {
            let error = LoadError::from_io(path, Error::new(kind, "bad bytes"));
            assert_eq!(error.to_string(), message, "{kind:?}");
            assert_eq!(error.path(), path);
        }
    }
}
