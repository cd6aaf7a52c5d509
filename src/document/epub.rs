//! EPUB 2 and 3 e-books: chapters in spine order, their table-of-contents
//! titles, the book's title and author, and its cover image.
//!
//! The archive is read with `zip` and the package files with `quick-xml`
//! directly, so that every byte inflated is counted against a budget: a
//! hostile archive (a zip bomb whose headers lie about sizes, a million
//! entries, entry names that climb out of the book's folder) is refused with
//! a reason instead of filling memory.

mod cover;
mod package;
mod xhtml;

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::{Block, Cover, InlineStyle, Section};
use crate::span::Span;

/// The most entries an e-book archive may hold.
pub const MAX_ENTRIES: usize = 20_000;

/// The most bytes the archive's entries may hold once inflated, in total
/// (256 MiB), as their headers declare and as actually read.
pub const MAX_INFLATED_BYTES: u64 = 256 * 1024 * 1024;

/// A book read from an EPUB file.
pub(super) struct Book {
    /// The book's text: all chapters, blocks separated by blank lines.
    pub text: String,
    /// Display blocks, in reading order.
    pub blocks: Vec<Block>,
    /// Inline styles, sorted by start.
    pub styles: Vec<InlineStyle>,
    /// One section per chapter with text, in spine order.
    pub sections: Vec<Section>,
    /// The title from the book's metadata.
    pub title: Option<String>,
    /// The authors from the book's metadata, joined with commas.
    pub author: Option<String>,
    /// Things the reader should know (chapters that could not be read).
    pub warnings: Vec<String>,
    /// The cover image, decoded and scaled down, if the book has a readable one.
    pub cover: Option<Cover>,
}

/// Why an e-book could not be read; the text completes "the e-book …".
#[derive(Debug, thiserror::Error)]
pub(super) enum Problem {
    /// Not a ZIP archive, or a damaged or truncated one.
    #[error("is damaged or not a ZIP archive ({0})")]
    Archive(String),
    /// The archive holds too many entries.
    #[error("holds too many files ({0}, the limit is {MAX_ENTRIES})")]
    TooManyEntries(usize),
    /// The entries would inflate to more than the budget.
    #[error("would unpack to more than {} MB", MAX_INFLATED_BYTES / (1024 * 1024))]
    TooLarge,
    /// An entry name points outside the book's folder.
    #[error("has a file name that points outside the book ({0:?})")]
    UnsafeName(String),
    /// A required part is missing or unreadable.
    #[error("is missing a required part ({0})")]
    Missing(String),
    /// The spine names no chapter with text.
    #[error("has no chapter with text")]
    NoText,
}

/// The archive plus the inflation budget left.
struct Archive {
    zip: ZipArchive<Cursor<Vec<u8>>>,
    budget: u64,
}

impl Archive {
    /// Opens and vets the archive: entry count, declared sizes, names.
    fn open(bytes: Vec<u8>) -> Result<Self, Problem> {
        let mut zip =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| Problem::Archive(e.to_string()))?;
        if zip.len() > MAX_ENTRIES {
            return Err(Problem::TooManyEntries(zip.len()));
        }
        let mut declared: u64 = 0;
        for i in 0..zip.len() {
            let entry = zip
                .by_index_raw(i)
                .map_err(|e| Problem::Archive(e.to_string()))?;
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            if entry.enclosed_name().is_none() || name.contains('\\') {
                return Err(Problem::UnsafeName(name));
            }
            declared = declared.saturating_add(entry.size());
        }
        if declared > MAX_INFLATED_BYTES {
            return Err(Problem::TooLarge);
        }
        Ok(Self {
            zip,
            budget: MAX_INFLATED_BYTES,
        })
    }

    /// Reads one entry as text (UTF-8, or UTF-16 with a byte-order mark),
    /// counting the bytes inflated against the budget, whatever its header
    /// claimed.
    fn read_text(&mut self, name: &str) -> Result<String, Problem> {
        let bytes = self.read_bytes(name, MAX_INFLATED_BYTES)?;
        let (text, _, _) = encoding_rs::UTF_8.decode(&bytes);
        Ok(text.into_owned())
    }

    /// Reads one entry's bytes, counting them against the budget. An entry
    /// over `max_bytes` (however its header understates it) is refused as
    /// [`Problem::TooLarge`] after reading at most one byte past the cap.
    fn read_bytes(&mut self, name: &str, max_bytes: u64) -> Result<Vec<u8>, Problem> {
        let entry = self
            .zip
            .by_name(name)
            .map_err(|_| Problem::Missing(name.to_owned()))?;
        let cap = self.budget.min(max_bytes);
        let mut bytes = Vec::new();
        entry
            .take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| Problem::Archive(format!("{name}: {e}")))?;
        let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if read > cap {
            return Err(Problem::TooLarge);
        }
        self.budget -= read;
        Ok(bytes)
    }

    /// The book's cover, decoded. A missing, oversized or undecodable cover
    /// gives `None` and no warning: the book reads the same without it, and
    /// the side panel simply shows none.
    fn cover(&mut self, item: &package::CoverItem) -> Option<Cover> {
        let bytes = self
            .read_bytes(&item.path, cover::MAX_COVER_FILE_BYTES)
            .ok()?;
        cover::decode(&bytes, &item.media_type)
    }
}

/// Reads an EPUB file's bytes into a book.
pub(super) fn parse(bytes: Vec<u8>) -> Result<Book, Problem> {
    let mut archive = Archive::open(bytes)?;
    let container = archive.read_text("META-INF/container.xml")?;
    let opf_path = package::rootfile(&container).ok_or_else(|| {
        Problem::Missing("the package file named in META-INF/container.xml".into())
    })?;
    let opf = archive.read_text(&opf_path)?;
    let package = package::Package::parse(&opf, &opf_path);
    let toc = match &package.toc {
        Some(toc_path) => match archive.read_text(toc_path) {
            Ok(toc) => package::toc_titles(&toc, toc_path),
            Err(Problem::TooLarge) => return Err(Problem::TooLarge),
            Err(_) => Vec::new(),
        },
        None => Vec::new(),
    };
    let mut builder = xhtml::Builder::default();
    let mut sections = Vec::new();
    let mut warnings = Vec::new();
    for (number, chapter) in package.spine.iter().enumerate() {
        let xhtml = match archive.read_text(chapter) {
            Ok(xhtml) => xhtml,
            Err(Problem::TooLarge) => return Err(Problem::TooLarge),
            Err(problem) => {
                warnings.push(format!("Chapter {} was skipped: it {problem}.", number + 1));
                continue;
            }
        };
        let first_block = builder.blocks.len();
        if !builder.chapter(&xhtml) {
            warnings.push(format!(
                "Chapter {} is not well-formed; the rest of it was skipped.",
                number + 1
            ));
        }
        let new_blocks = &builder.blocks[first_block..];
        let (Some(first), Some(last)) = (new_blocks.first(), new_blocks.last()) else {
            continue;
        };
        let title = toc
            .iter()
            .find(|(path, _)| path == chapter)
            .map(|(_, title)| title.clone())
            .or_else(|| {
                new_blocks
                    .iter()
                    .find(|b| matches!(b.kind, super::BlockKind::Heading(_)))
                    .map(|b| b.span.text(&builder.text).replace('\n', " "))
            })
            .unwrap_or_else(|| format!("Chapter {}", sections.len() + 1));
        sections.push(Section {
            title,
            span: Span::new(first.span.start, last.span.end),
        });
    }
    if builder.blocks.is_empty() {
        return Err(Problem::NoText);
    }
    let cover = package.cover.as_ref().and_then(|item| archive.cover(item));
    builder.finish_styles();
    Ok(Book {
        text: builder.text,
        blocks: builder.blocks,
        styles: builder.styles,
        sections,
        title: package.title,
        author: (!package.authors.is_empty()).then(|| package.authors.join(", ")),
        warnings,
        cover,
    })
}
