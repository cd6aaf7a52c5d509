//! Markdown: the text a reader sees, with its blocks and inline styles.
//!
//! The markup is parsed with `pulldown-cmark` and thrown away: the document
//! text holds only the words a reader sees, blocks separated by a blank line,
//! so the analysis runs on words and not on asterisks. Raw HTML, images and
//! front matter contribute no text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::title::reads_as_title;
use super::{Block, BlockKind, InlineStyle, InlineStyleKind};
use crate::span::Span;

/// The visible text of a Markdown source and its display structure.
pub(super) struct Markdown {
    /// The text a reader sees.
    pub text: String,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Inline styles, sorted by start (they may nest).
    pub styles: Vec<InlineStyle>,
    /// The title: the text of the first heading, or else of a first
    /// paragraph that reads as a title (which then becomes a heading).
    pub title: Option<String>,
}

/// Parses `source` into its visible text, blocks and styles.
pub(super) fn parse(source: &str) -> Markdown {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut builder = Builder::default();
    for event in Parser::new_ext(source, options) {
        builder.event(event);
    }
    builder.finish()
}

/// A block being filled.
struct OpenBlock {
    /// Where its text starts.
    start: usize,
    /// Where the separator before it starts (to remove it if the block stays empty).
    separator_start: usize,
    kind: BlockKind,
}

/// Accumulates visible text from parser events.
#[derive(Default)]
struct Builder {
    text: String,
    blocks: Vec<Block>,
    styles: Vec<InlineStyle>,
    open: Option<OpenBlock>,
    /// How many block quotes enclose the current position.
    quote_depth: usize,
    /// The next number of each open list (`None` for bullet lists).
    lists: Vec<Option<u64>>,
    /// The kind the next block takes because a list item just started.
    pending_item: Option<BlockKind>,
    /// Open inline styles and where they start.
    open_styles: Vec<(InlineStyleKind, usize)>,
    /// Inside an image, HTML block or front matter: text is not shown.
    hidden_depth: usize,
    first_heading: Option<String>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.push_text(&text),
            Event::Code(code) => self.push_code(&code),
            Event::SoftBreak => self.push_text(" "),
            Event::HardBreak => self.push_text("\n"),
            Event::Rule => {
                self.close_block();
            }
            // Raw HTML is not shown (and never run); the other events belong
            // to extensions that are not enabled.
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {
                let kind = self.context_kind();
                self.open_block(kind);
            }
            Tag::Heading { level, .. } => self.open_block(BlockKind::Heading(level as u8)),
            Tag::BlockQuote(_) => {
                self.close_block();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) => self.open_block(BlockKind::Code),
            Tag::List(first_number) => {
                self.close_block();
                self.lists.push(first_number);
            }
            Tag::Item => {
                self.close_block();
                let depth = u8::try_from(self.lists.len().saturating_sub(1)).unwrap_or(u8::MAX);
                let number = self.lists.last_mut().and_then(|next| {
                    let number = *next;
                    if let Some(n) = next {
                        *n = n.saturating_add(1);
                    }
                    number
                });
                self.pending_item = Some(BlockKind::ListItem { depth, number });
            }
            Tag::Emphasis => self.open_style(InlineStyleKind::Emphasis),
            Tag::Strong => self.open_style(InlineStyleKind::Strong),
            Tag::Link { .. } => self.open_style(InlineStyleKind::Link),
            Tag::Image { .. } | Tag::MetadataBlock(_) => self.hidden_depth += 1,
            Tag::HtmlBlock => {
                self.close_block();
                self.hidden_depth += 1;
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::CodeBlock => {
                self.close_block();
            }
            TagEnd::Heading(_) => {
                if let Some(span) = self.close_block()
                    && self.first_heading.is_none()
                {
                    self.first_heading = Some(span.text(&self.text).to_owned());
                }
            }
            TagEnd::BlockQuote(_) => {
                self.close_block();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.close_block();
                self.lists.pop();
                self.pending_item = None;
            }
            TagEnd::Item => {
                self.close_block();
                self.pending_item = None;
            }
            TagEnd::Emphasis => self.close_style(InlineStyleKind::Emphasis),
            TagEnd::Strong => self.close_style(InlineStyleKind::Strong),
            TagEnd::Link => self.close_style(InlineStyleKind::Link),
            TagEnd::Image | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                self.hidden_depth = self.hidden_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    /// The kind of a block that starts here without a tag of its own.
    fn context_kind(&mut self) -> BlockKind {
        if let Some(kind) = self.pending_item.take() {
            kind
        } else if self.quote_depth > 0 {
            BlockKind::BlockQuote
        } else {
            BlockKind::Paragraph
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.hidden_depth > 0 {
            return;
        }
        self.ensure_block();
        // Space at the very start of a block (after a hidden image, say) is
        // not shown; code keeps its indentation.
        let text = match &self.open {
            Some(open) if open.kind != BlockKind::Code && self.text.len() == open.start => {
                text.trim_start()
            }
            _ => text,
        };
        self.text.push_str(text);
    }

    /// Inline code: its text, styled.
    fn push_code(&mut self, code: &str) {
        if self.hidden_depth == 0 {
            self.ensure_block();
            let start = self.text.len();
            self.text.push_str(code);
            self.push_style(InlineStyleKind::Code, start);
        }
    }

    /// Opens a block for text that arrives outside any (tight list items).
    fn ensure_block(&mut self) {
        if self.open.is_none() {
            let kind = self.context_kind();
            self.open_block(kind);
        }
    }

    fn open_block(&mut self, kind: BlockKind) {
        self.close_block();
        self.pending_item = None;
        let separator_start = self.text.len();
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.open = Some(OpenBlock {
            start: self.text.len(),
            separator_start,
            kind,
        });
    }

    /// Ends the open block, trimming trailing whitespace; an empty block is
    /// dropped with its separator. Returns the block's span if one was kept.
    fn close_block(&mut self) -> Option<Span> {
        let open = self.open.take()?;
        let body = &self.text[open.start..];
        let end = open.start + body.trim_end().len();
        if end == open.start {
            self.truncate(open.separator_start);
            return None;
        }
        // Leading whitespace (inline code that starts with a space, say)
        // stays in the text but outside the block and its styles.
        let leading = body.len() - body.trim_start().len();
        let start = match open.kind {
            // Code drops leading blank lines but keeps its indentation.
            BlockKind::Code => {
                open.start + body[..leading].rfind(['\n', '\r']).map_or(0, |i| i + 1)
            }
            _ => open.start + leading,
        };
        self.truncate(end);
        self.styles.retain_mut(|style| {
            if style.span.start >= open.start {
                style.span.start = style.span.start.max(start);
            }
            style.span.start < style.span.end
        });
        let span = Span::new(start, end);
        self.blocks.push(Block {
            span,
            kind: open.kind,
        });
        Some(span)
    }

    /// Cuts the text to `len` bytes (a char boundary), clamping styles.
    fn truncate(&mut self, len: usize) {
        self.text.truncate(len);
        self.styles.retain_mut(|style| {
            style.span.end = style.span.end.min(len);
            style.span.start < style.span.end
        });
        for (_, start) in &mut self.open_styles {
            *start = (*start).min(len);
        }
    }

    fn open_style(&mut self, kind: InlineStyleKind) {
        if self.hidden_depth == 0 {
            self.ensure_block();
        }
        self.open_styles.push((kind, self.text.len()));
    }

    fn close_style(&mut self, kind: InlineStyleKind) {
        if let Some(i) = self.open_styles.iter().rposition(|&(k, _)| k == kind) {
            let (_, start) = self.open_styles.remove(i);
            self.push_style(kind, start);
        }
    }

    fn push_style(&mut self, kind: InlineStyleKind, start: usize) {
        let span = Span::new(start, self.text.len());
        if !span.is_empty() {
            self.styles.push(InlineStyle { span, kind });
        }
    }

    fn finish(mut self) -> Markdown {
        self.close_block();
        // Outer styles first when two start together, so nesting reads naturally.
        self.styles
            .sort_by_key(|s| (s.span.start, std::cmp::Reverse(s.span.end)));
        let mut title = self.first_heading;
        if title.is_none()
            && self.blocks.len() >= 2
            && let Some(first) = self.blocks.first_mut()
            && first.kind == BlockKind::Paragraph
            && reads_as_title(first.span.text(&self.text))
        {
            first.kind = BlockKind::Heading(1);
            title = Some(first.span.text(&self.text).to_owned());
        }
        Markdown {
            text: self.text,
            blocks: self.blocks,
            styles: self.styles,
            title,
        }
    }
}
