//! One EPUB chapter's XHTML into reading text, blocks and inline styles.
//!
//! The chapter is walked as a stream of XML events without recursion, so
//! deeply nested markup costs a little memory and never the stack. Text is
//! appended to a shared [`Builder`] with HTML's whitespace rules (runs of
//! spaces, tabs and line breaks become one space, except in `<pre>`), and
//! blocks are separated by a blank line in the text.

use quick_xml::Reader;
use quick_xml::escape::{resolve_html5_entity, resolve_xml_entity};
use quick_xml::events::{BytesStart, Event};

use super::super::{Block, BlockKind, InlineStyle, InlineStyleKind};
use crate::span::Span;

/// Collects text, blocks and styles across all chapters of a book.
#[derive(Default)]
pub(super) struct Builder {
    /// The book's text so far.
    pub text: String,
    /// Finished blocks, in order.
    pub blocks: Vec<Block>,
    /// Finished styles (sorted by [`Builder::finish_styles`]).
    pub styles: Vec<InlineStyle>,
    /// Start of the open block, once it holds text.
    block_start: Option<usize>,
    /// A space is owed before the next visible character.
    pending_space: bool,
    /// Open inline styles; `None` until their first character is written.
    open_styles: Vec<(InlineStyleKind, Option<usize>)>,
    context: Context,
}

/// Where in the markup the walker is.
#[derive(Default)]
struct Context {
    /// The open heading's level.
    heading: Option<u8>,
    /// Depth of `<pre>` elements.
    pre: usize,
    /// Depth of `<blockquote>` elements.
    quote: usize,
    /// Open lists: ordered or not, and the number of the last item.
    lists: Vec<(bool, u64)>,
    /// Open list items' numbers (`None` for a bullet).
    items: Vec<Option<u64>>,
    /// Depth of elements whose content is not read (scripts, styles).
    skip: usize,
}

/// What an element does to the text.
enum Role {
    /// Ends the block before and after it.
    Block,
    /// Styles the text inside.
    Inline(InlineStyleKind),
    /// A line break inside the block.
    Break,
    /// Its content is not shown.
    Hidden,
    /// Nothing special.
    Other,
}

fn role(name: &[u8]) -> Role {
    match name {
        b"p" | b"div" | b"section" | b"article" | b"aside" | b"header" | b"footer" | b"main"
        | b"nav" | b"body" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"blockquote"
        | b"pre" | b"ul" | b"ol" | b"li" | b"dl" | b"dt" | b"dd" | b"figure" | b"figcaption"
        | b"table" | b"tr" | b"td" | b"th" | b"caption" | b"hr" | b"address" | b"center" => {
            Role::Block
        }
        b"em" | b"i" | b"cite" | b"dfn" => Role::Inline(InlineStyleKind::Emphasis),
        b"strong" | b"b" => Role::Inline(InlineStyleKind::Strong),
        b"code" | b"kbd" | b"samp" | b"tt" => Role::Inline(InlineStyleKind::Code),
        b"a" => Role::Inline(InlineStyleKind::Link),
        b"br" => Role::Break,
        b"head" | b"script" | b"style" | b"title" | b"svg" | b"math" | b"template"
        | b"noscript" => Role::Hidden,
        _ => Role::Other,
    }
}

/// The lower-case local name of an element (its name without a prefix).
fn local_name(start: &BytesStart<'_>) -> Vec<u8> {
    start.local_name().as_ref().to_ascii_lowercase()
}

impl Builder {
    /// Appends one chapter's XHTML. Returns `false` when the markup broke
    /// off (the text read up to that point is kept).
    pub fn chapter(&mut self, xhtml: &str) -> bool {
        let mut reader = Reader::from_str(xhtml);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.allow_unmatched_ends = true;
        config.expand_empty_elements = false;
        self.context = Context::default();
        let mut well_formed = true;
        loop {
            match reader.read_event() {
                Ok(Event::Start(start)) => self.open(&local_name(&start), &start),
                Ok(Event::Empty(start)) => {
                    let name = local_name(&start);
                    match role(&name) {
                        Role::Break => self.line_break(),
                        Role::Block => self.end_block(),
                        _ => {}
                    }
                }
                Ok(Event::End(end)) => self.close(&end.local_name().as_ref().to_ascii_lowercase()),
                Ok(Event::Text(text)) => {
                    let text = text.decode().unwrap_or_default();
                    self.push_text(&text);
                }
                Ok(Event::CData(data)) => {
                    let text = data.decode().unwrap_or_default();
                    self.push_text(&text);
                }
                Ok(Event::GeneralRef(reference)) => {
                    let resolved: Option<String> = match reference.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        Ok(None) => reference.decode().ok().and_then(|name| {
                            resolve_xml_entity(&name)
                                .or_else(|| resolve_html5_entity(&name))
                                .map(str::to_owned)
                        }),
                        Err(_) => Some(char::REPLACEMENT_CHARACTER.to_string()),
                    };
                    if let Some(text) = resolved {
                        self.push_text(&text);
                    }
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(_) => {
                    well_formed = false;
                    break;
                }
            }
        }
        self.end_block();
        self.open_styles.clear();
        well_formed
    }

    fn open(&mut self, name: &[u8], start: &BytesStart<'_>) {
        let role = role(name);
        if self.context.skip > 0 || matches!(role, Role::Hidden) {
            self.context.skip += 1;
            return;
        }
        match role {
            Role::Block => {
                self.end_block();
                let context = &mut self.context;
                match name {
                    [b'h', level @ b'1'..=b'6'] => context.heading = Some(level - b'0'),
                    b"pre" => context.pre += 1,
                    b"blockquote" => context.quote += 1,
                    b"ul" => context.lists.push((false, 0)),
                    b"ol" => {
                        let first = start
                            .try_get_attribute("start")
                            .ok()
                            .flatten()
                            .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
                            .unwrap_or(1u64);
                        context.lists.push((true, first.saturating_sub(1)));
                    }
                    b"li" => {
                        let number = match context.lists.last_mut() {
                            Some((true, last)) => {
                                *last = last.saturating_add(1);
                                Some(*last)
                            }
                            _ => None,
                        };
                        context.items.push(number);
                    }
                    _ => {}
                }
            }
            Role::Inline(kind) => self.open_styles.push((kind, None)),
            Role::Break | Role::Hidden | Role::Other => {}
        }
    }

    fn close(&mut self, name: &[u8]) {
        if self.context.skip > 0 {
            self.context.skip -= 1;
            return;
        }
        match role(name) {
            Role::Block => {
                self.end_block();
                let context = &mut self.context;
                match name {
                    [b'h', b'1'..=b'6'] => context.heading = None,
                    b"pre" => context.pre = context.pre.saturating_sub(1),
                    b"blockquote" => context.quote = context.quote.saturating_sub(1),
                    b"ul" | b"ol" => {
                        context.lists.pop();
                    }
                    b"li" => {
                        context.items.pop();
                    }
                    _ => {}
                }
            }
            Role::Inline(kind) => {
                if let Some(i) = self.open_styles.iter().rposition(|(k, _)| *k == kind) {
                    let (kind, start) = self.open_styles.remove(i);
                    if let Some(start) = start {
                        self.push_style(kind, start, self.text.len());
                    }
                }
            }
            Role::Break | Role::Hidden | Role::Other => {}
        }
    }

    fn push_style(&mut self, kind: InlineStyleKind, start: usize, end: usize) {
        if start < end {
            self.styles.push(InlineStyle {
                span: Span::new(start, end),
                kind,
            });
        }
    }

    /// A `<br>`: a line break inside the block (shown as a space outside
    /// preformatted text).
    fn line_break(&mut self) {
        if self.context.skip == 0 && self.block_start.is_some() {
            self.pending_space = false;
            self.text.push('\n');
        }
    }

    /// Appends character data with HTML's whitespace rules.
    fn push_text(&mut self, text: &str) {
        if self.context.skip > 0 {
            return;
        }
        let preformatted = self.context.pre > 0;
        for c in text.chars() {
            // A soft hyphen only marks where a line may break; kept, it
            // would split the word for search and analysis.
            if c == '\u{ad}' {
                continue;
            }
            let is_space = matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C');
            if is_space && !preformatted {
                self.pending_space = self.block_start.is_some();
                continue;
            }
            if is_space && self.block_start.is_none() {
                // Leading space would start the block with whitespace.
                continue;
            }
            self.begin_char();
            self.text.push(if c == '\r' { '\n' } else { c });
        }
    }

    /// Opens the block if needed and writes an owed space, then starts the
    /// styles waiting for their first character.
    fn begin_char(&mut self) {
        if self.block_start.is_none() {
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            self.block_start = Some(self.text.len());
        } else if self.pending_space {
            self.text.push(' ');
        }
        self.pending_space = false;
        let here = self.text.len();
        for (_, start) in &mut self.open_styles {
            start.get_or_insert(here);
        }
    }

    /// Closes the open block, if it holds text, with the kind its context
    /// gives; open styles are cut at its end and resume in the next block.
    fn end_block(&mut self) {
        self.pending_space = false;
        let Some(start) = self.block_start.take() else {
            return;
        };
        // Trailing whitespace in preformatted text is not part of the block.
        let end = start + self.text[start..].trim_end().len();
        self.text.truncate(end);
        if end == start {
            return;
        }
        let open: Vec<(InlineStyleKind, usize)> = self
            .open_styles
            .iter_mut()
            .filter_map(|(kind, s)| s.take().map(|s| (*kind, s)))
            .collect();
        for (kind, style_start) in open {
            self.push_style(kind, style_start, end);
        }
        let context = &self.context;
        let kind = if let Some(level) = context.heading {
            BlockKind::Heading(level)
        } else if context.pre > 0 {
            BlockKind::Code
        } else if let Some(&number) = context.items.last() {
            BlockKind::ListItem {
                depth: u8::try_from(context.lists.len().saturating_sub(1)).unwrap_or(u8::MAX),
                number,
            }
        } else if context.quote > 0 {
            BlockKind::BlockQuote
        } else {
            BlockKind::Paragraph
        };
        self.blocks.push(Block {
            span: Span::new(start, end),
            kind,
        });
    }

    /// Sorts the styles by start and clips them to the text, as
    /// [`crate::document::Document::styles`] promises.
    pub fn finish_styles(&mut self) {
        let len = self.text.len();
        self.styles
            .retain(|s| s.span.start < s.span.end && s.span.end <= len);
        self.styles.sort_by_key(|s| (s.span.start, s.span.end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(xhtml: &str, expected: &[(&str, BlockKind)]) {
        let mut builder = Builder::default();
        assert!(builder.chapter(xhtml), "{xhtml}");
        let found: Vec<(&str, BlockKind)> = builder
            .blocks
            .iter()
            .map(|b| (b.span.text(&builder.text), b.kind))
            .collect();
        assert_eq!(found, expected, "{xhtml}");
    }

    #[test]
    fn chapters_become_blocks() {
        use BlockKind::*;
        let cases: &[(&str, &[(&str, BlockKind)])] = &[
            (
                "<html><head><title>x</title></head><body><h1>One</h1><p>Hello\n  <em>there</em>, Kim.</p></body></html>",
                &[("One", Heading(1)), ("Hello there, Kim.", Paragraph)],
            ),
            (
                "<body><ol start=\"3\"><li>a</li><li>b<ul><li>c</li></ul></li></ol></body>",
                &[
                    (
                        "a",
                        ListItem {
                            depth: 0,
                            number: Some(3),
                        },
                    ),
                    (
                        "b",
                        ListItem {
                            depth: 0,
                            number: Some(4),
                        },
                    ),
                    (
                        "c",
                        ListItem {
                            depth: 1,
                            number: None,
                        },
                    ),
                ],
            ),
            (
                "<body><blockquote><p>Said&#160;so &amp; more&nbsp;&hellip;</p></blockquote><pre>a\n  b\n</pre></body>",
                &[("Said\u{a0}so & more\u{a0}…", BlockQuote), ("a\n  b", Code)],
            ),
            (
                "<body><p>line one<br/>line two</p><script>var x;</script><p> </p></body>",
                &[("line one\nline two", Paragraph)],
            ),
            // Soft hyphens only mark where a line may break.
            (
                "<body><p>Vladi&shy;mir Pu\u{ad}tin and Netan&#173;yahu</p></body>",
                &[("Vladimir Putin and Netanyahu", Paragraph)],
            ),
        ];
        for (xhtml, expected) in cases {
            check(xhtml, expected);
        }
    }

    #[test]
    fn styles_stay_inside_blocks() {
        let mut builder = Builder::default();
        builder.chapter("<body><p>a <b>bold</b> word</p><em><p>x</p><p>y</p></em></body>");
        builder.finish_styles();
        let styles: Vec<&str> = builder
            .styles
            .iter()
            .map(|s| s.span.text(&builder.text))
            .collect();
        assert_eq!(styles, ["bold", "x", "y"]);
    }
}
