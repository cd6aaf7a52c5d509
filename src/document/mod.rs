//! Documents: loading a file into reading text, blocks and inline styles.
//!
//! A [`Document`] owns the text every span in Dramatis points into. For a plain
//! UTF-8 text file that text is the file itself (minus a byte-order mark); for
//! Markdown it is the text a reader sees, with the markup removed, so that the
//! analysis runs on words and not on asterisks.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// The file formats Dramatis reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// Plain text (UTF-8).
    PlainText,
    /// CommonMark Markdown.
    Markdown,
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
}

/// One display block: a paragraph, heading, list item and so on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// The block's text in [`Document::text`]. It holds no leading or trailing
    /// line break; it may hold inner line breaks (hard-wrapped text), which the
    /// reader shows as spaces unless the block is [`BlockKind::Code`].
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
    /// The text all spans index. Never changes after loading.
    pub text: String,
    /// Display blocks in reading order: sorted, non-overlapping, non-empty.
    pub blocks: Vec<Block>,
    /// Inline styles: sorted by start.
    pub styles: Vec<InlineStyle>,
    /// Things the reader should know about the load (e.g. encoding repairs).
    pub warnings: Vec<String>,
}

/// Why a file could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("could not read the file: {source}: {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
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

impl Document {
    /// The paragraphs the analysis should treat as separate units: the spans
    /// of all blocks, in order.
    pub fn block_spans(&self) -> Vec<Span> {
        self.blocks.iter().map(|b| b.span).collect()
    }
}

/// Loads a file from disk, choosing the format by its extension.
pub fn load(path: &Path) -> Result<Document, LoadError> {
    // Interim loader: UTF-8 text, one paragraph per non-empty line.
    let bytes = std::fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_owned(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let mut blocks = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if !trimmed.trim().is_empty() {
            blocks.push(Block {
                span: Span::new(start, start + trimmed.len()),
                kind: BlockKind::Paragraph,
            });
        }
        start += line.len();
    }
    Ok(Document {
        title: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        path: Some(path.to_owned()),
        format: Format::PlainText,
        text,
        blocks,
        styles: Vec::new(),
        warnings: Vec::new(),
    })
}
