//! Saved web pages: the article a reader came for, as Firefox's Reader View
//! shows it.
//!
//! The page's bytes are decoded with the charset it declares (byte-order
//! mark, then the transport's charset, then `<meta charset>`; UTF-8 when
//! nothing is declared), and the article is found with `dom_smoothie`, a port
//! of Mozilla's Readability: title, byline, date and the body's headings,
//! paragraphs, block quotes and lists, without navigation, ads, share buttons,
//! comments, scripts or styles. When no article is found the whole visible
//! text of the page is read instead. Nothing is fetched and no script runs:
//! the page is only parsed.

mod guard;
mod walk;

use dom_smoothie::{Config, Readability};
use encoding_rs::Encoding;

use std::path::{Path, PathBuf};

use super::{Block, BlockKind, Document, Format, InlineStyle, LoadError, mhtml};
use crate::span::Span;

/// How many leading bytes are searched for a `<meta charset>` declaration.
/// Browsers look at 1024; saved pages often put a long comment or many
/// `<link>` tags first, so the search goes further.
const CHARSET_SNIFF_BYTES: usize = 16 * 1024;

/// How many leading bytes are examined for binary content.
const BINARY_SNIFF_BYTES: usize = 64 * 1024;

/// An article that Readability extracted with fewer characters than this is
/// not trusted when the page's whole visible text is much longer: it was
/// probably a teaser or a caption, not the article.
const MIN_ARTICLE_CHARS: usize = 200;

/// Pages nested deeper than this many elements skip Readability, whose
/// scoring slows down with the square of the depth, and are read as their
/// whole visible text. Real articles nest a few dozen levels deep.
const MAX_READABLE_DEPTH: usize = 400;

/// Pages whose tags nest deeper than this are refused: parsing cost grows
/// with the square of the depth (10,000 levels take about a second).
pub(super) const MAX_TAG_DEPTH: usize = 10_000;

/// The reading text of a web page and what is known about it.
#[derive(Debug, Default)]
pub(super) struct Page {
    /// The text a reader sees, blocks separated by a blank line.
    pub text: String,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Inline styles, sorted by start.
    pub styles: Vec<InlineStyle>,
    /// The article's title, if the page names one.
    pub title: Option<String>,
    /// The author line, if the page names one.
    pub byline: Option<String>,
    /// The publication date as the page gives it.
    pub published: Option<String>,
    /// Things the reader should know about the load.
    pub warnings: Vec<String>,
}

/// Why a page could not become a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Problem {
    /// The bytes are not text.
    Binary,
    /// The page holds no visible text.
    NoText,
    /// The page's tags nest deeper than [`MAX_TAG_DEPTH`].
    TooDeep,
    /// The archive's parts nest deeper than [`mhtml::MAX_MIME_DEPTH`].
    ArchiveTooDeep,
}

/// Loads a saved page's bytes as a document: `format` says whether they
/// are an HTML page or an MHTML archive; `path` names the file in errors
/// and gives the title when the page has none.
pub(super) fn load(bytes: &[u8], format: Format, path: &Path) -> Result<Document, LoadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LoadError::Empty {
            path: path.to_owned(),
        });
    }
    let page = match format {
        Format::Mhtml => mhtml::read(bytes),
        _ => read(bytes, None),
    };
    let page = page.map_err(|problem| match problem {
        Problem::Binary => LoadError::Binary {
            path: path.to_owned(),
        },
        Problem::NoText => LoadError::NoText {
            path: path.to_owned(),
        },
        Problem::TooDeep => LoadError::TooDeep {
            path: path.to_owned(),
            limit: MAX_TAG_DEPTH,
        },
        Problem::ArchiveTooDeep => LoadError::ArchiveTooDeep {
            path: path.to_owned(),
            limit: mhtml::MAX_MIME_DEPTH,
        },
    })?;
    Ok(from_page(
        page,
        format,
        Some(path.to_owned()),
        &super::fallback_title(path),
    ))
}

/// Turns an extracted page into a document.
pub(super) fn from_page(
    page: Page,
    format: Format,
    path: Option<PathBuf>,
    fallback_title: &str,
) -> Document {
    // Start from an empty plain-text document so that every field this
    // module does not fill keeps the default every loader gives it.
    let mut document = super::from_text(String::new(), Format::PlainText, path, fallback_title);
    document.title = page.title.unwrap_or_else(|| fallback_title.to_owned());
    document.format = format;
    document.byline = page.byline;
    document.published = page.published;
    document.text = page.text;
    document.blocks = page.blocks;
    document.styles = page.styles;
    document.warnings = page.warnings;
    document
}

/// Reads a saved HTML page. `transport_charset` is the charset a container
/// (an MHTML archive) declared for it, which wins over the page's own.
pub(super) fn read(bytes: &[u8], transport_charset: Option<&str>) -> Result<Page, Problem> {
    let (html, mut warnings) = decode(bytes, transport_charset)?;
    let scan = guard::scan(&html, MAX_TAG_DEPTH);
    if scan.too_deep {
        return Err(Problem::TooDeep);
    }
    if !scan.dropped_attributes.is_empty() {
        warnings.push(format!(
            "Some elements had more than {} attributes; the rest were ignored.",
            guard::MAX_ATTRIBUTES
        ));
    }
    let mut page = extract(&scan.trimmed(&html));
    if page.text.trim().is_empty() {
        return Err(Problem::NoText);
    }
    page.warnings.extend(warnings);
    Ok(page)
}

/// Decodes a page's bytes into text with the encoding it declares.
fn decode(bytes: &[u8], transport_charset: Option<&str>) -> Result<(String, Vec<String>), Problem> {
    let mut warnings = Vec::new();
    if let Some(little_endian) = super::decode::utf32_bom(bytes) {
        let (text, invalid) = super::decode::decode_utf32(&bytes[4..], little_endian);
        if invalid > 0 {
            warnings.push("The page is not valid UTF-32: invalid bytes are shown as �.".to_owned());
        }
        return Ok((text, warnings));
    }
    let (encoding, body) = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        (encoding, bytes.get(bom_len..).unwrap_or_default())
    } else {
        if looks_binary(bytes) {
            return Err(Problem::Binary);
        }
        let declared = transport_charset
            .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
            .or_else(|| meta_charset(bytes))
            // A page that says UTF-16 but has no byte-order mark is read as
            // ASCII-compatible text, as browsers do.
            .map(|e| e.output_encoding());
        let encoding = declared.unwrap_or_else(|| guess_encoding(bytes));
        (encoding, bytes)
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        warnings.push(format!(
            "The page is not valid {}: invalid bytes are shown as �.",
            encoding.name()
        ));
    }
    Ok((text.into_owned(), warnings))
}

/// The encoding of a page that declares none: UTF-8 when the bytes are
/// valid UTF-8 (most pages today), otherwise a statistical guess.
fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
    // Pages can carry scripts, so ISO-2022-JP is not guessed (as browsers do).
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

/// True when the leading bytes hold NUL bytes, which no HTML page has.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = bytes.get(..BINARY_SNIFF_BYTES).unwrap_or(bytes);
    head.contains(&0)
}

/// The encoding named by a `<meta charset="…">` or `<meta http-equiv
/// content="text/html; charset=…">` near the top of the page.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..CHARSET_SNIFF_BYTES).unwrap_or(bytes);
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("<meta") {
        let tag = &rest[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(found) = tag.find("charset=") {
            let value = tag[found + "charset=".len()..].trim_start_matches(['"', '\'', ' ']);
            let end = value
                .find(|c: char| matches!(c, '"' | '\'' | ';' | '/' | '>') || c.is_whitespace())
                .unwrap_or(value.len());
            if let Some(encoding) = Encoding::for_label(&value.as_bytes()[..end]) {
                return Some(encoding);
            }
        }
        rest = &rest[at + "<meta".len()..];
    }
    None
}

/// Finds the article in `html`, or falls back to the page's visible text;
/// then tidies its title (see [`tidy_title`]).
pub(super) fn extract(html: &str) -> Page {
    let document = dom_query::Document::from(html);
    let headlines = headlines(&document);
    let mut page = find_article(document);
    tidy_title(&mut page, &headlines);
    page
}

/// The article Readability finds, or the page's visible text.
fn find_article(document: dom_query::Document) -> Page {
    let too_deep = max_depth(&document.root()) > MAX_READABLE_DEPTH;
    let whole = whole_page(&document);
    if too_deep {
        return whole;
    }
    let Some(mut article) = readable_article(document) else {
        return whole;
    };
    let article_chars = article.text.chars().count();
    let whole_chars = whole.text.chars().count();
    if article_chars < MIN_ARTICLE_CHARS && whole_chars > 4 * article_chars.max(1) {
        return Page {
            title: article.title.or(whole.title),
            byline: article.byline,
            published: article.published,
            ..whole
        };
    }
    if article.title.is_none() {
        article.title = whole.title;
    }
    article
}

/// Separators between a headline and the site's or author's name in a
/// page's `<title>`: "Headline | The Courier", "Headline - Site".
const TITLE_SEPARATORS: [&str; 7] = [" | ", " - ", " – ", " — ", " · ", " • ", " :: "];

/// Most leading blocks searched for a heading that repeats the title.
const TITLE_REPEAT_BLOCKS: usize = 3;

/// The headlines a page gives besides its `<title>`: its `og:title`,
/// `twitter:title` and `title` meta tags and its `<h1>` headings.
fn headlines(document: &dom_query::Document) -> Vec<String> {
    let metas = document
        .select(r#"meta[property="og:title"], meta[name="twitter:title"], meta[name="title"]"#);
    let meta_titles = metas
        .iter()
        .filter_map(|meta| meta.attr("content").and_then(|c| non_empty(&c)));
    let h1s = document
        .select("h1")
        .iter()
        .filter_map(|h1| non_empty(&h1.text()));
    meta_titles.chain(h1s).collect()
}

/// Makes the title the headline alone and shows it once:
///
/// - A title of the form "Headline | Site" (or "Site - Headline", with any
///   of [`TITLE_SEPARATORS`]) becomes "Headline" when the page also gives
///   that headline on its own, as an `og:title` or `<h1>`. Without such a
///   witness the title is kept whole: "Friday Facts #282 - 0.17 in sight"
///   has a hyphen of its own.
/// - A heading (or short paragraph) among the first blocks that repeats
///   the title is dropped, since the reader shows the title above the text;
///   a first block that is exactly the title stays, and the reader shows it
///   as the title.
fn tidy_title(page: &mut Page, headlines: &[String]) {
    let Some(title) = page.title.take() else {
        return;
    };
    let title = without_site_name(&title, headlines);
    let key = comparable(&title);
    let repeat = page
        .blocks
        .iter()
        .take(TITLE_REPEAT_BLOCKS)
        .position(|block| {
            matches!(block.kind, BlockKind::Heading(_) | BlockKind::Paragraph)
                && comparable(block.span.text(&page.text)) == key
        });
    if let Some(index) = repeat {
        let exact_first = index == 0 && page.blocks[0].span.text(&page.text) == title;
        if !exact_first && page.blocks.len() > 1 {
            remove_block(page, index);
        }
    }
    page.title = Some(title);
}

/// `title` less a site's or author's name on either side of a separator,
/// when the rest is one of the page's `headlines`. An `og:title` may carry
/// the name too ("Headline | Author"), so the whole title being among the
/// headlines does not stop a shorter witnessed headline from winning.
fn without_site_name(title: &str, headlines: &[String]) -> String {
    let witnessed = |part: &str| {
        let part = comparable(part);
        !part.is_empty() && headlines.iter().any(|h| comparable(h) == part)
    };
    for separator in TITLE_SEPARATORS {
        for (at, _) in title.match_indices(separator) {
            let (head, tail) = (&title[..at], &title[at + separator.len()..]);
            if witnessed(head) {
                return head.trim().to_owned();
            }
            if witnessed(tail) {
                return tail.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

/// A headline as compared with another: lower case, white space collapsed,
/// curly quotes straightened.
fn comparable(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['‘', '’'], "'")
        .replace(['“', '”'], "\"")
}

/// Removes block `index` from the page with the blank line before it (or
/// after it, for the first block), moving later blocks and styles back.
fn remove_block(page: &mut Page, index: usize) {
    let span = page.blocks[index].span;
    let cut = match (index.checked_sub(1), page.blocks.get(index + 1)) {
        (Some(previous), _) => Span::new(page.blocks[previous].span.end, span.end),
        (None, Some(next)) => Span::new(span.start, next.span.start),
        (None, None) => Span::new(0, page.text.len()),
    };
    page.text.replace_range(cut.start..cut.end, "");
    page.blocks.remove(index);
    let shift = |at: usize| if at >= cut.end { at - cut.len() } else { at };
    for block in &mut page.blocks {
        block.span = Span::new(shift(block.span.start), shift(block.span.end));
    }
    page.styles
        .retain(|style| style.span.end <= cut.start || style.span.start >= cut.end);
    for style in &mut page.styles {
        style.span = Span::new(shift(style.span.start), shift(style.span.end));
    }
}

/// The article as Readability finds it, if it finds one with text.
fn readable_article(document: dom_query::Document) -> Option<Page> {
    let mut readability =
        Readability::with_document(document, None, Some(Config::default())).ok()?;
    let article = readability.parse().ok()?;
    let content = dom_query::Document::from(article.content);
    let walked = walk::walk(&content.root());
    if walked.text.trim().is_empty() {
        return None;
    }
    Some(Page {
        text: walked.text,
        blocks: walked.blocks,
        styles: walked.styles,
        title: non_empty(&article.title),
        byline: article.byline.as_deref().and_then(non_empty),
        published: article.published_time.as_deref().and_then(non_empty),
        warnings: Vec::new(),
    })
}

/// Every visible word of the page, with its `<title>` (or first `<h1>`).
fn whole_page(document: &dom_query::Document) -> Page {
    let title = non_empty(&document.select("title").text())
        .or_else(|| non_empty(&document.select("h1").first().text()));
    let walked = match document.body() {
        Some(body) => walk::walk(&body),
        None => walk::walk(&document.root()),
    };
    Page {
        text: walked.text,
        blocks: walked.blocks,
        styles: walked.styles,
        title,
        ..Page::default()
    }
}

/// How deeply elements nest under `root`, counted without recursion.
fn max_depth(root: &dom_query::NodeRef<'_>) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(*root, 0_usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            if c.is_element() {
                stack.push((c, depth + 1));
            }
        }
    }
    deepest
}

/// `text` on one line without soft hyphens, or `None` when it holds
/// nothing but white space.
fn non_empty(text: &str) -> Option<String> {
    let line = walk::without_soft_hyphens(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!line.is_empty()).then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_charsets_are_found() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#"<meta charset="utf-8">"#, Some("UTF-8")),
            (r#"<META CHARSET=windows-1252>"#, Some("windows-1252")),
            (
                r#"<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">"#,
                Some("windows-1252"),
            ),
            (
                r#"<meta name="viewport" content="width=device-width">"#,
                None,
            ),
            (r#"<meta charset="no-such-thing">"#, None),
            ("<p>charset=utf-8</p>", None),
        ];
        for (html, expected) in cases {
            let found = meta_charset(html.as_bytes()).map(Encoding::name);
            assert_eq!(found, *expected, "{html}");
        }
    }

    #[test]
    fn titles_lose_a_site_name_the_page_witnesses() {
        let headlines = |list: &[&str]| list.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>();
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "Whales strand again | Eleanor Ainge Roy",
                &[
                    "Whales strand again | Eleanor Ainge Roy",
                    "Whales strand again",
                ],
                "Whales strand again",
            ),
            (
                "Fact-checker speaks - Breitbart",
                &["Fact-checker speaks"],
                "Fact-checker speaks",
            ),
            ("BBC News — Gun laws", &["Gun  laws"], "Gun laws"),
            (
                "On Behalf of “Literally” — Medium",
                &["On Behalf of \"Literally\""],
                "On Behalf of “Literally”",
            ),
            // No witness: a hyphen may be the headline's own.
            (
                "Friday Facts #282 - 0.17 in sight | Factorio",
                &[],
                "Friday Facts #282 - 0.17 in sight | Factorio",
            ),
            (
                "Minecraft 1.8 - The Bountiful Update",
                &["Minecraft News"],
                "Minecraft 1.8 - The Bountiful Update",
            ),
            // The whole title witnessed, no part of it: kept whole.
            (
                "Yahoo News - Latest News",
                &[
                    "Yahoo News - Latest News",
                    "Russia: Space ship malfunctions",
                ],
                "Yahoo News - Latest News",
            ),
        ];
        for (title, witnesses, expected) in cases {
            assert_eq!(
                without_site_name(title, &headlines(witnesses)),
                *expected,
                "{title}"
            );
        }
    }

    #[test]
    fn bytes_decode_with_the_declared_charset() {
        let latin = b"<meta charset=\"iso-8859-1\"><p>Caf\xe9</p>";
        let (text, warnings) = decode(latin, None).expect("latin-1");
        assert!(text.contains("Café"), "{text}");
        assert!(warnings.is_empty());
        // The transport's charset wins over the page's own.
        let (text, _) =
            decode("<meta charset=\"iso-8859-1\">é".as_bytes(), Some("utf-8")).expect("utf-8");
        assert!(text.ends_with('é'), "{text}");
        // A byte-order mark wins over everything.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("<p>Hé</p>".encode_utf16().flat_map(u16::to_le_bytes));
        let (text, _) = decode(&utf16, Some("iso-8859-1")).expect("utf-16");
        assert_eq!(text, "<p>Hé</p>");
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", None),
            Err(Problem::Binary)
        );
    }
}
