//! Walking an HTML tree into reading text, blocks and inline styles.
//!
//! The walk renders the way a browser lays text out, reduced to what a reader
//! needs: runs of white space collapse to one space, block elements
//! (paragraphs, headings, list items, block quotes, table cells…) become
//! [`Block`]s separated by a blank line, `<pre>` keeps its white space, and
//! `<em>`, `<strong>`, `<code>` and links become [`InlineStyle`]s. Scripts,
//! styles, forms, media and hidden elements contribute no text.
//!
//! Soft hyphens (U+00AD, `&shy;`) are dropped: they only say where a
//! browser may break a line, and left in they would split "Vladi­mir" into
//! two words for the reader's search and for the analysis. A photo's caption
//! is a [`BlockKind::Caption`]: a `<figcaption>`, or a list of one item right
//! after a `<figure>`, as some newspapers mark their captions up.
//!
//! The walk is iterative, so a deeply nested page cannot overflow the stack.

use dom_query::NodeRef;

use crate::document::{Block, BlockKind, InlineStyle, InlineStyleKind};
use crate::span::Span;

/// The visible text of an HTML tree and its display structure.
#[derive(Debug, Default)]
pub(super) struct Walked {
    /// The text a reader sees, blocks separated by a blank line.
    pub text: String,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Inline styles, sorted by start (they may nest).
    pub styles: Vec<InlineStyle>,
}

/// Elements whose content is never shown as text.
const HIDDEN_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "math",
    "iframe", "object", "embed", "canvas", "video", "audio", "img", "picture", "source", "input",
    "select", "textarea", "button", "option", "datalist", "map", "area", "dialog",
];

/// Elements that start and end a block of text.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "menu",
    "dir",
    "listing",
    "plaintext",
    "xmp",
];

/// Walks `root` and everything under it.
pub(super) fn walk(root: &NodeRef<'_>) -> Walked {
    let mut builder = Builder::default();
    // Each entry is a node and whether its children have been visited.
    let mut stack: Vec<(NodeRef<'_>, bool)> = vec![(*root, false)];
    while let Some((node, visited)) = stack.pop() {
        if visited {
            builder.leave(&node);
            continue;
        }
        if node.is_text() {
            builder.push_text(&node.text());
            continue;
        }
        if !(node.is_element() || node.is_document() || node.is_fragment()) {
            continue;
        }
        if node.is_element() && !builder.enter(&node) {
            continue;
        }
        stack.push((node, true));
        // Children are pushed last-first so they pop in document order.
        let mut child = node.last_child();
        while let Some(c) = child {
            child = c.prev_sibling();
            stack.push((c, false));
        }
    }
    builder.finish()
}

/// The lower-case tag name of an element, or "" for other nodes.
fn tag_name(node: &NodeRef<'_>) -> String {
    node.node_name()
        .map(|name| name.to_ascii_lowercase())
        .unwrap_or_default()
}

/// True when the page hides `node` from readers: the `hidden` attribute,
/// `aria-hidden="true"` or an inline `display: none` / `visibility: hidden`.
fn is_hidden(node: &NodeRef<'_>) -> bool {
    if node.has_attr("hidden") {
        return true;
    }
    if node
        .attr("aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    node.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// A soft hyphen: where a line may break, shown only when it does.
pub(super) const SOFT_HYPHEN: char = '\u{ad}';

/// `text` without its soft hyphens.
pub(super) fn without_soft_hyphens(text: &str) -> String {
    text.replace(SOFT_HYPHEN, "")
}

/// True when `list` is a photo's caption written as a list: a `<ul>` or
/// `<ol>` of exactly one item, right after a `<figure>` (the Guardian marks
/// its photo essays' captions up this way).
fn is_caption_list(list: &NodeRef<'_>) -> bool {
    let after_figure = list
        .prev_element_sibling()
        .is_some_and(|sibling| tag_name(&sibling) == "figure");
    let children = list.element_children();
    after_figure && children.len() == 1 && tag_name(&children[0]) == "li"
}

/// White space as HTML collapses it.
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// An element that shapes the kind of the blocks inside it.
#[derive(Clone, Copy)]
enum Context {
    Heading(u8),
    ListItem { depth: u8, number: Option<u64> },
    BlockQuote,
    Pre,
    Caption,
}

/// An inline style waiting for its text; `start` is `None` until the first
/// visible character inside it (and again after a block ends inside it).
struct OpenStyle {
    tag: String,
    kind: InlineStyleKind,
    start: Option<usize>,
}

#[derive(Default)]
struct Builder {
    text: String,
    blocks: Vec<Block>,
    styles: Vec<InlineStyle>,
    /// Start and kind of the block being filled.
    open: Option<(usize, BlockKind)>,
    /// White space was seen since the last visible character of the block.
    pending_space: bool,
    /// Enclosing elements that shape block kinds, with their tag names.
    contexts: Vec<(String, Context)>,
    /// Open lists: the next number of an ordered list, `None` for bullets.
    lists: Vec<Option<u64>>,
    open_styles: Vec<OpenStyle>,
}

impl Builder {
    /// Enters an element; returns false when its content is not shown.
    fn enter(&mut self, node: &NodeRef<'_>) -> bool {
        let tag = tag_name(node);
        if HIDDEN_ELEMENTS.contains(&tag.as_str()) || is_hidden(node) {
            return false;
        }
        if tag == "br" {
            self.line_break();
            return false;
        }
        if BLOCK_ELEMENTS.contains(&tag.as_str()) {
            self.close_block();
        }
        let context = match tag.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = tag.as_bytes()[1] - b'0';
                Some(Context::Heading(level))
            }
            "blockquote" => Some(Context::BlockQuote),
            "figcaption" => Some(Context::Caption),
            "ul" | "ol" if is_caption_list(node) => {
                self.lists.push(None);
                Some(Context::Caption)
            }
            "pre" | "listing" | "plaintext" | "xmp" => Some(Context::Pre),
            "ul" | "menu" | "dir" => {
                self.lists.push(None);
                None
            }
            "ol" => {
                let start = node
                    .attr("start")
                    .and_then(|s| s.trim().parse::<u64>().ok())
                    .unwrap_or(1);
                self.lists.push(Some(start));
                None
            }
            // The item of a caption list is the caption.
            "li" if self.in_caption_list() => None,
            "li" => {
                let depth = u8::try_from(self.lists.len().saturating_sub(1)).unwrap_or(u8::MAX);
                let number = self.lists.last_mut().and_then(|next| {
                    let number = *next;
                    if let Some(n) = next {
                        *n = n.saturating_add(1);
                    }
                    number
                });
                Some(Context::ListItem { depth, number })
            }
            _ => None,
        };
        if let Some(context) = context {
            self.contexts.push((tag.clone(), context));
        }
        let style = match tag.as_str() {
            "em" | "i" | "cite" | "dfn" | "var" => Some(InlineStyleKind::Emphasis),
            "strong" | "b" => Some(InlineStyleKind::Strong),
            "code" | "kbd" | "samp" | "tt" if !self.in_pre() => Some(InlineStyleKind::Code),
            "a" if node.has_attr("href") => Some(InlineStyleKind::Link),
            _ => None,
        };
        if let Some(kind) = style {
            self.open_styles.push(OpenStyle {
                tag,
                kind,
                start: None,
            });
        }
        true
    }

    /// Leaves an element entered with [`Builder::enter`].
    fn leave(&mut self, node: &NodeRef<'_>) {
        if !node.is_element() {
            return;
        }
        let tag = tag_name(node);
        if let Some(i) = self.open_styles.iter().rposition(|s| s.tag == tag) {
            let style = self.open_styles.remove(i);
            if let Some(start) = style.start {
                self.push_style(style.kind, start, self.text.len());
            }
        }
        if BLOCK_ELEMENTS.contains(&tag.as_str()) {
            self.close_block();
        }
        if matches!(tag.as_str(), "ul" | "ol" | "menu" | "dir") {
            self.lists.pop();
        }
        if self.contexts.last().is_some_and(|(t, _)| *t == tag) {
            self.contexts.pop();
        }
    }

    /// True when the innermost context is a list taken for a caption.
    fn in_caption_list(&self) -> bool {
        self.contexts.last().is_some_and(|(tag, context)| {
            matches!(context, Context::Caption) && tag != "figcaption"
        })
    }

    fn in_pre(&self) -> bool {
        self.contexts
            .iter()
            .any(|(_, context)| matches!(context, Context::Pre))
    }

    /// The kind of a block that starts here: set by the nearest enclosing
    /// heading, list item, block quote or `<pre>`.
    fn context_kind(&self) -> BlockKind {
        match self.contexts.last() {
            Some((_, Context::Heading(level))) => BlockKind::Heading(*level),
            Some((_, Context::ListItem { depth, number })) => BlockKind::ListItem {
                depth: *depth,
                number: *number,
            },
            Some((_, Context::BlockQuote)) => BlockKind::BlockQuote,
            Some((_, Context::Pre)) => BlockKind::Code,
            Some((_, Context::Caption)) => BlockKind::Caption,
            None => BlockKind::Paragraph,
        }
    }

    fn push_text(&mut self, text: &str) {
        if self.in_pre() {
            self.push_preformatted(text);
            return;
        }
        let mut rest = text;
        loop {
            let word_start = rest.trim_start_matches(is_html_space);
            if word_start.len() != rest.len() && self.open.is_some() {
                self.pending_space = true;
            }
            if word_start.is_empty() {
                break;
            }
            let end = word_start.find(is_html_space).unwrap_or(word_start.len());
            let word = &word_start[..end];
            if word.contains(SOFT_HYPHEN) {
                let joined = without_soft_hyphens(word);
                if !joined.is_empty() {
                    self.push_visible(&joined);
                }
            } else {
                self.push_visible(word);
            }
            rest = &word_start[end..];
        }
    }

    /// Text inside `<pre>`: kept as written, less leading blank lines.
    fn push_preformatted(&mut self, text: &str) {
        let text = if self.open.is_none() {
            let trimmed = text.trim_start_matches(['\n', '\r']);
            if trimmed.trim().is_empty() {
                return;
            }
            trimmed
        } else {
            text
        };
        self.ensure_block();
        self.start_styles();
        self.text.push_str(&without_soft_hyphens(text));
    }

    /// Appends a word (no white space in it) to the open block.
    fn push_visible(&mut self, word: &str) {
        self.ensure_block();
        if self.pending_space {
            self.text.push(' ');
            self.pending_space = false;
        }
        self.start_styles();
        self.text.push_str(word);
    }

    /// Styles opened since the last visible character start here.
    fn start_styles(&mut self) {
        let here = self.text.len();
        for style in &mut self.open_styles {
            style.start.get_or_insert(here);
        }
    }

    /// `<br>`: a line break inside the block; a second one in a row ends
    /// the paragraph, as pages often separate paragraphs that way.
    fn line_break(&mut self) {
        if self.open.is_none() {
            return;
        }
        if self.in_pre() {
            self.text.push('\n');
        } else if self.text.ends_with('\n') {
            self.close_block();
        } else {
            self.text.push('\n');
            self.pending_space = false;
        }
    }

    fn ensure_block(&mut self) {
        if self.open.is_none() {
            if !self.text.is_empty() {
                self.text.push_str("\n\n");
            }
            self.open = Some((self.text.len(), self.context_kind()));
            self.pending_space = false;
        }
    }

    /// Ends the open block, trimming trailing white space; styles still
    /// open are cut at the block's end and resume in the next block.
    fn close_block(&mut self) {
        let Some((start, kind)) = self.open.take() else {
            return;
        };
        self.pending_space = false;
        let end = start + self.text[start..].trim_end().len();
        self.text.truncate(end);
        for i in 0..self.open_styles.len() {
            if let Some(style_start) = self.open_styles[i].start.take() {
                let kind = self.open_styles[i].kind;
                self.push_style(kind, style_start, end);
            }
        }
        for style in &mut self.styles {
            style.span.end = style.span.end.min(end);
        }
        self.styles.retain(|s| !s.span.is_empty());
        if end > start {
            self.blocks.push(Block {
                span: Span::new(start, end),
                kind,
            });
        }
    }

    fn push_style(&mut self, kind: InlineStyleKind, start: usize, end: usize) {
        let body = &self.text[start..end.max(start)];
        let end = start + body.trim_end().len();
        if end > start {
            self.styles.push(InlineStyle {
                span: Span::new(start, end),
                kind,
            });
        }
    }

    fn finish(mut self) -> Walked {
        self.close_block();
        // Outer styles first when two start together, so nesting reads naturally.
        self.styles
            .sort_by_key(|s| (s.span.start, std::cmp::Reverse(s.span.end)));
        Walked {
            text: self.text,
            blocks: self.blocks,
            styles: self.styles,
        }
    }
}
