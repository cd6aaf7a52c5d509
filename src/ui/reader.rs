//! The central reading view: the article in a calm, centred column.
//!
//! The view is virtualized so that a whole book scrolls smoothly: each block
//! (title, paragraph, heading, list item…) is laid out on its own into a
//! [`Galley`] wrapped at the column width, and only the blocks inside the
//! viewport are laid out and painted. Blocks never laid out have an estimated
//! height from their length; a block's height is refined the first time it is
//! seen, and the scroll offset is corrected so that the text under the reader's
//! eyes never jumps.
//!
//! Highlights (entity tints, quotations, find matches, the marked span) are
//! painted as shapes under and over the cached galleys, so hovering or walking
//! through mentions never re-lays out text.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use egui::text::Galley;
use egui::{
    Align2, Color32, CornerRadius, CursorIcon, FontId, Pos2, Rect, Role, ScrollArea, Sense, Stroke,
    StrokeKind, Ui, WidgetInfo, pos2, vec2,
};

use crate::analysis::{Analysis, EntityId, SpeakerStep};
use crate::annotations::Highlight;
use crate::document::{BlockKind, Document};
use crate::span::Span;
use crate::ui::cast::{entity_menu_ui, kind_name};
use crate::ui::theme;
use crate::ui::{Command, ReaderState, ScrollStep};

mod layout;

use layout::{
    ItemStyle, LayoutKey, block_job, byline_text, display_text, inline_runs, item_kind_text,
    item_style, overlapping, title_is_first_block, title_job,
};

/// Line length of the reading column, in average characters of the body font.
const COLUMN_CHARS: f32 = 70.0;
/// How many laid-out blocks are kept when they scroll out of view.
const GALLEY_CACHE_LEN: usize = 400;
/// A sample of ordinary prose, used to measure the body font's average character width.
const WIDTH_SAMPLE: &str = "It was in July, 1805, and the speaker was the well-known Anna Pavlovna, \
     maid of honour and favourite of the Empress, who said: “Well, Prince, so Genoa and Lucca are now \
     just family estates.”";

/// The central reading view. It owns the per-block layout caches of one
/// document; make a new one when another document (or analysis) is loaded.
pub struct ReaderView {
    /// Per-block ranges into the analysis and styles (index: block).
    blocks: Vec<BlockInfo>,
    /// The title is the first block's text, shown once, as the title.
    title_in_text: bool,
    /// The layout parameters the heights and galleys below were made for.
    key: Option<LayoutKey>,
    /// Average character width of the body font per point of font size.
    char_width_per_pt: f32,
    /// Height of each item (index 0 is the title, item `i + 1` is block `i`),
    /// measured or estimated, including its spacing.
    heights: Vec<f32>,
    /// Whether each item's height was measured from its galley.
    measured: Vec<bool>,
    /// Prefix sums of `heights`: `tops[i]` is the content y of item `i`.
    tops: Vec<f32>,
    /// `tops` needs recomputing.
    tops_dirty: bool,
    /// Laid-out items, by item index.
    galleys: HashMap<usize, CachedItem>,
    /// Frames shown so far; ages the galley cache.
    frame: u64,
    /// A scroll offset to apply on the next frame (a correction after refining heights).
    pending_offset: Option<f32>,
    /// A jump still being verified: the span, where it goes in the viewport
    /// and how many more frames to try.
    pending_target: Option<(Span, Placement, u8)>,
    /// Where the reader is, as last painted; `None` until it is painted.
    position: Option<ReadingPosition>,
    /// Byte offset just past the last block in view, as last painted.
    end_in_view: usize,
    /// Content y at the top of the viewport, as last shown.
    last_offset: f32,
    /// Height of the viewport, as last shown.
    viewport_height: f32,
    /// The reader's top edge on screen and its scroll offset, as last
    /// shown: when a banner above pushes the edge down, the offset moves
    /// with it so the text stays where the eye is.
    last_edge: Option<(f32, f32)>,
    /// The viewport's rect on screen, as last shown.
    viewport_rect: Rect,
    /// Screen rect of the marked span, as last painted.
    marked_rect: Option<Rect>,
    /// Screen rect of the span of a pending jump, as last painted.
    target_rect: Option<Rect>,
    /// The entity of the mention under the pointer last frame; all its
    /// mentions are tinted as when it is hovered in the cast.
    hovered_in_text: Option<EntityId>,
    /// The blocks painted this frame, top to bottom: what turns a pointer
    /// position into a text offset while selecting.
    painted: Vec<PaintedItem>,
    /// Screen rect of the open highlight's last row, as last painted.
    open_highlight_rect: Option<Rect>,
    /// Screen rect of the selection's last row, as last painted.
    selection_end_rect: Option<Rect>,
    /// The mouse is selecting text (a drag started on the page).
    selecting: bool,
    /// The mention whose menu was opened with a right click.
    menu_mention: Option<usize>,
}

/// Where a jump puts its span in the viewport.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Placement {
    /// Its line in the upper third, with some text above it for context.
    UpperThird,
    /// Its line at the very top: a remembered reading position.
    Top,
}

/// Where the reader is in the text, as last painted: what is remembered
/// per document and shown as a percentage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadingPosition {
    /// Byte offset of the first character of the first line fully (or
    /// mostly) in view; 0 when the title is at the top.
    pub top_offset: usize,
    /// The end of the text is in view.
    pub end_in_view: bool,
}

impl ReadingPosition {
    /// How far through a text of `text_len` bytes the reader is, 0 to 1:
    /// the top line's place in the text, and 1 once the end is in view.
    pub fn fraction(&self, text_len: usize) -> f32 {
        if self.top_offset == 0 {
            0.0
        } else if self.end_in_view || text_len == 0 {
            1.0
        } else {
            (self.top_offset as f32 / text_len as f32).clamp(0.0, 1.0)
        }
    }
}

/// A block painted this frame.
#[derive(Clone, Copy, Debug)]
struct PaintedItem {
    /// Its item index (block + 1).
    item: usize,
    /// Its block index.
    block: usize,
    /// Where its galley was painted.
    galley_pos: Pos2,
    /// The galley's rect on screen.
    text_rect: Rect,
}

/// Where a block's mentions, quotations and styles are in their sorted lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct BlockInfo {
    mentions: Range<usize>,
    quotes: Range<usize>,
    styles: Range<usize>,
}

/// A laid-out item with what hit testing and highlight painting need.
struct CachedItem {
    galley: Arc<Galley>,
    /// Character index at which each row of the galley starts.
    row_starts: Vec<usize>,
    /// Byte offset of each character, when the text is not all ASCII.
    char_bytes: Option<Vec<u32>>,
    /// The frame it was last painted in.
    last_used: u64,
}

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// Index into [`Analysis::mentions`].
    Mention(usize),
    /// Index into [`Analysis::quotes`].
    Quote(usize),
}

impl ReaderView {
    /// Prepares the view of `doc` with its `analysis`: finds each block's
    /// mentions, quotations and styles. No text is laid out here.
    pub fn new(doc: &Document, analysis: &Analysis) -> Self {
        let blocks: Vec<BlockInfo> = doc
            .blocks
            .iter()
            .map(|block| {
                let span = block.span;
                let styles_lo = doc.styles.partition_point(|s| s.span.start < span.start);
                let styles_hi = styles_lo
                    + doc.styles[styles_lo..].partition_point(|s| s.span.start < span.end);
                BlockInfo {
                    mentions: overlapping(&analysis.mentions, span, |m| m.span),
                    quotes: overlapping(&analysis.quotes, span, |q| q.span),
                    styles: styles_lo..styles_hi,
                }
            })
            .collect();
        let items = blocks.len() + 1;
        Self {
            blocks,
            title_in_text: title_is_first_block(doc),
            key: None,
            char_width_per_pt: 0.5,
            heights: vec![0.0; items],
            measured: vec![false; items],
            tops: vec![0.0; items + 1],
            tops_dirty: true,
            galleys: HashMap::new(),
            frame: 0,
            pending_offset: None,
            pending_target: None,
            position: None,
            end_in_view: 0,
            last_edge: None,
            last_offset: 0.0,
            viewport_height: 0.0,
            viewport_rect: Rect::NOTHING,
            marked_rect: None,
            target_rect: None,
            hovered_in_text: None,
            painted: Vec::new(),
            open_highlight_rect: None,
            selection_end_rect: None,
            selecting: false,
            menu_mention: None,
        }
    }

    /// Takes a new analysis of the same document (after a correction)
    /// without moving the text: the heights measured so far, the scroll
    /// offset and the pending jump are kept, and only the galleys are laid
    /// out again, so the first paragraph in view stays where it was. (A
    /// fresh view would start again from estimated heights, and the text
    /// above the viewport would grow or shrink by tens of points.)
    pub fn reanalysed(&mut self, doc: &Document, analysis: &Analysis) {
        let fresh = Self::new(doc, analysis);
        if fresh.blocks.len() != self.blocks.len() {
            // Another text: nothing measured for this one applies.
            *self = fresh;
            return;
        }
        self.blocks = fresh.blocks;
        self.galleys.clear();
        // Entity ids and mention indices belong to the old analysis.
        self.hovered_in_text = None;
        self.menu_mention = None;
    }

    /// The screen rect of the open highlight's last row, as last painted,
    /// if it was in view: the highlight's card is shown beside it.
    pub fn open_highlight_rect(&self) -> Option<Rect> {
        self.open_highlight_rect
    }

    /// The screen rect of the selection's last row, as last painted, if it
    /// was in view and the mouse is not still selecting: the palette is
    /// shown beside it.
    pub fn selection_end_rect(&self) -> Option<Rect> {
        self.selection_end_rect.filter(|_| !self.selecting)
    }

    /// The screen rect of [`ReaderState::marked`] as last painted, if it was
    /// in view.
    pub fn marked_rect(&self) -> Option<Rect> {
        self.marked_rect
    }

    /// The screen rect in which the reader shows text, as last painted.
    pub fn viewport_rect(&self) -> Rect {
        self.viewport_rect
    }

    /// How far the text is scrolled, in points from the top of the content,
    /// as last painted.
    pub fn scroll_offset(&self) -> f32 {
        self.last_offset
    }

    /// Where the reader is in the text, as last painted; `None` before the
    /// view of this document was first painted.
    pub fn reading_position(&self) -> Option<ReadingPosition> {
        self.position
    }

    /// The byte range in view, as last painted; `None` before the view was
    /// first painted.
    pub fn in_view(&self) -> Option<crate::ui::overview::InView> {
        let position = self.position?;
        Some(crate::ui::overview::InView {
            start: position.top_offset,
            end: self.end_in_view.max(position.top_offset),
        })
    }

    /// The height of the whole content in points, with the current estimates
    /// for blocks not yet laid out.
    pub fn content_height(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// Shows the document in `ui` (which it fills), handles hover, clicks
    /// and `state.scroll_target`, and pushes what the person asked for onto
    /// `commands`.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        analysis: &Analysis,
        highlights: &[Highlight],
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) {
        self.frame += 1;
        let dark = ui.visuals().dark_mode;
        let available = ui.available_rect_before_wrap();
        // The page fills the panel, margins included.
        let page = ui.clip_rect().intersect(available.expand(16.0));
        ui.painter()
            .rect_filled(page, CornerRadius::ZERO, theme::page_color(dark));

        let key = self.layout_key(ui, available.width(), state, dark);
        let mut offset = self.pending_offset.take();
        if self.key != Some(key) {
            let anchor = self.key.and_then(|_| self.anchor());
            self.reset(key, doc);
            if let Some((item, fraction)) = anchor {
                self.ensure_tops();
                offset = Some(self.tops[item] + fraction * self.heights[item]);
            }
        }
        self.viewport_height = available.height();
        if let Some((edge, scrolled)) = self.last_edge {
            let moved = available.top() - edge;
            if moved.abs() > 0.5 {
                offset = Some(offset.unwrap_or(scrolled) + moved);
            }
        }

        if let Some(span) = state.scroll_target.take() {
            self.pending_target = Some((span, Placement::UpperThird, 3));
        }
        if let Some(0) = state.scroll_to_top {
            // The start: the page's top, title and all.
            state.scroll_to_top = None;
            self.pending_target = None;
            offset = Some(0.0);
        }
        if let Some(byte) = state.scroll_to_top.take() {
            let text = &doc.text;
            let mut start = byte.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let end = text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            self.pending_target = Some((Span::new(start, end), Placement::Top, 3));
        }
        if let Some(step) = state.scroll_step.take() {
            self.pending_target = None;
            offset = Some(self.offset_for_step(ui, doc, analysis, step));
        }
        // On a new document's first frame the scroll area still has the
        // last document's height: an offset past it would spring back
        // (egui's rubber band) to the top over the next frames. The jump
        // waits a frame, until the area has this document's height.
        let area_knows_height = self.frame > 1;
        if let Some((span, placement, tries)) = self.pending_target
            && !area_knows_height
        {
            self.pending_target = Some((span, placement, tries));
            ui.ctx().request_repaint();
        } else if let Some((span, placement, tries)) = self.pending_target {
            offset = Some(self.offset_for_span(ui, doc, analysis, span, placement));
            self.pending_target = (tries > 1).then_some((span, placement, tries - 1));
            ui.ctx().request_repaint();
        }

        let mut area = ScrollArea::vertical()
            .id_salt("reader")
            .auto_shrink(false)
            .content_margin(0.0);
        if let Some(y) = offset {
            area = area.vertical_scroll_offset(y.max(0.0));
        }
        let output = area.show_viewport(ui, |ui, viewport| {
            self.viewport_ui(ui, viewport, doc, analysis, highlights, state, commands)
        });
        let shift = output.inner;
        self.viewport_rect = output.inner_rect;
        let offset_now = output.state.unclamped_offset().y;
        self.last_edge = Some((available.top(), offset_now));
        if shift != 0.0 {
            self.pending_offset = Some(offset_now + shift);
            ui.ctx().request_repaint();
        }

        // A jump is done once its span is painted inside the viewport.
        if self.pending_target.is_some() {
            let inside = self
                .target_rect
                .is_some_and(|r| self.viewport_rect.contains_rect(r));
            if inside && shift == 0.0 {
                self.pending_target = None;
            }
        }
    }

    /// The layout parameters for this frame.
    fn layout_key(&mut self, ui: &Ui, width: f32, state: &ReaderState, dark: bool) -> LayoutKey {
        let text_size = state.text_size.clamp(8.0, 48.0);
        let pixels_per_point = ui.ctx().pixels_per_point();
        let char_width_stale = self
            .key
            .is_none_or(|k| k.text_size != text_size || k.pixels_per_point != pixels_per_point);
        if char_width_stale {
            let font = FontId::proportional(text_size);
            let galley = ui.ctx().fonts_mut(|fonts| {
                fonts.layout_no_wrap(WIDTH_SAMPLE.to_owned(), font, Color32::WHITE)
            });
            let chars = WIDTH_SAMPLE.chars().count() as f32;
            self.char_width_per_pt = (galley.size().x / chars / text_size).max(0.2);
        }
        let margin = 2.0 * text_size;
        let max_width = COLUMN_CHARS * self.char_width_per_pt * text_size;
        let column_width = (width - 2.0 * margin)
            .min(max_width)
            .max(8.0 * text_size)
            .round();
        LayoutKey {
            column_width,
            text_size,
            dark,
            pixels_per_point,
            show_quotes: state.show_quotes,
        }
    }

    /// The item at the top of the viewport and how far into it (0..1) the top is.
    /// `None` when the top of the page (above the first item) is in view.
    fn anchor(&mut self) -> Option<(usize, f32)> {
        self.ensure_tops();
        if self.last_offset <= self.tops[0] {
            return None;
        }
        let item = self.item_at(self.last_offset);
        let height = self.heights[item].max(1.0);
        Some((
            item,
            ((self.last_offset - self.tops[item]) / height).clamp(0.0, 1.0),
        ))
    }

    /// Forgets all layout made for another key and estimates every height afresh.
    fn reset(&mut self, key: LayoutKey, doc: &Document) {
        self.key = Some(key);
        self.galleys.clear();
        for item in 0..self.heights.len() {
            self.heights[item] = self.estimate(item, doc, key);
            self.measured[item] = false;
        }
        self.tops_dirty = true;
    }

    /// Estimated height of an item that has not been laid out.
    fn estimate(&self, item: usize, doc: &Document, key: LayoutKey) -> f32 {
        let (kind, text) = item_kind_text(item, doc, self.title_in_text);
        if text.is_empty() {
            return 0.0;
        }
        let style = item_style(kind, key.text_size, key.dark);
        let wrap = key.column_width - style.indent;
        let char_width = self.char_width_per_pt * style.font.size;
        // Word wrapping leaves each row a little short of the full width.
        let per_row = (0.92 * wrap / char_width).max(1.0);
        let rows = if matches!(kind, Some(BlockKind::Code)) {
            text.lines()
                .map(|line| (line.len() as f32 / per_row).ceil().max(1.0))
                .sum::<f32>()
        } else {
            (text.chars().count() as f32 / per_row).ceil().max(1.0)
        };
        style.space_before + rows * style.line_height + style.space_after
    }

    fn ensure_tops(&mut self) {
        if self.tops_dirty {
            let top = self.top_padding();
            self.tops[0] = top;
            for i in 0..self.heights.len() {
                self.tops[i + 1] = self.tops[i] + self.heights[i];
            }
            self.tops_dirty = false;
        }
    }

    fn top_padding(&self) -> f32 {
        self.key.map_or(0.0, |k| 2.5 * k.text_size)
    }

    /// The item whose box contains content y `y` (clamped to the items).
    fn item_at(&self, y: f32) -> usize {
        let n = self.heights.len();
        self.tops[1..=n]
            .partition_point(|&bottom| bottom <= y)
            .min(n - 1)
    }

    /// Lays out `item` unless it is cached, records its height, and marks it used.
    fn layout_item(&mut self, ui: &Ui, item: usize, doc: &Document, analysis: &Analysis) {
        let Some(key) = self.key else { return };
        if let Some(cached) = self.galleys.get_mut(&item) {
            cached.last_used = self.frame;
            return;
        }
        let (kind, text) = item_kind_text(item, doc, self.title_in_text);
        let style = item_style(kind, key.text_size, key.dark);
        let job = match item.checked_sub(1) {
            None => title_job(
                text,
                byline_text(doc).as_deref(),
                theme::muted_color(key.dark),
                &style,
                key.column_width,
            ),
            Some(b) => {
                let info = &self.blocks[b];
                let block = &doc.blocks[b];
                let quotes: Vec<Span> = if key.show_quotes {
                    analysis.quotes[info.quotes.clone()]
                        .iter()
                        .map(|q| q.span)
                        .collect()
                } else {
                    Vec::new()
                };
                let runs = inline_runs(
                    text,
                    block.span.start,
                    &doc.styles[info.styles.clone()],
                    &quotes,
                );
                block_job(text, block.kind, &runs, &style, key)
            }
        };
        let galley = ui.ctx().fonts_mut(|fonts| fonts.layout_job(job));
        let height = if text.is_empty() {
            0.0
        } else {
            style.space_before + galley.size().y + style.space_after
        };
        if !self.measured[item] || (self.heights[item] - height).abs() > 0.01 {
            self.heights[item] = height;
            self.tops_dirty = true;
        }
        self.measured[item] = true;

        let mut row_starts = Vec::with_capacity(galley.rows.len());
        let mut chars = 0;
        for row in &galley.rows {
            row_starts.push(chars);
            chars += row.glyphs.len() + usize::from(row.ends_with_newline);
        }
        let char_bytes = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(b, _)| u32::try_from(b).unwrap_or(u32::MAX))
                .collect()
        });
        if self.galleys.len() >= GALLEY_CACHE_LEN {
            self.evict();
        }
        self.galleys.insert(
            item,
            CachedItem {
                galley,
                row_starts,
                char_bytes,
                last_used: self.frame,
            },
        );
    }

    /// Drops the least recently painted half of the galley cache.
    fn evict(&mut self) {
        let mut ages: Vec<u64> = self.galleys.values().map(|c| c.last_used).collect();
        ages.sort_unstable();
        let cutoff = ages[ages.len() / 2];
        let frame = self.frame;
        self.galleys
            .retain(|_, c| c.last_used > cutoff || c.last_used == frame);
    }

    /// The scroll offset after a keyboard step from where the view is now.
    fn offset_for_step(
        &mut self,
        ui: &Ui,
        doc: &Document,
        analysis: &Analysis,
        step: ScrollStep,
    ) -> f32 {
        let line = self.key.map_or(16.0, |k| {
            item_style(Some(BlockKind::Paragraph), k.text_size, k.dark).line_height
        });
        // A page keeps the old page's last line in view, so the eye finds
        // its place; pages and lines start on a whole line, a little below
        // the viewport's edge.
        let page = (self.viewport_height - line).max(line);
        let margin = self.top_margin();
        let top = self.last_offset;
        let mut line_at = |y: f32| {
            let start = self.line_start_at(ui, doc, analysis, y + margin);
            if start > 0.0 { start - margin } else { 0.0 }
        };
        match step {
            ScrollStep::PageDown => line_at(top + page),
            ScrollStep::PageUp => line_at(top - page),
            ScrollStep::LineDown => line_at(top + line),
            ScrollStep::LineUp => line_at(top - line),
            ScrollStep::Start => 0.0,
            ScrollStep::End => {
                // Lay out the last page so that no estimate in it moves the end.
                let mut covered = 0.0;
                let mut i = self.heights.len();
                while i > 0 && covered < self.viewport_height {
                    i -= 1;
                    self.layout_item(ui, i, doc, analysis);
                    covered += self.heights[i];
                }
                self.ensure_tops();
                let n = self.heights.len();
                (self.tops[n] + 0.4 * self.viewport_height - self.viewport_height).max(0.0)
            }
        }
    }

    /// Space left above a line placed at the top of the view, so it does
    /// not touch the edge.
    fn top_margin(&self) -> f32 {
        self.key.map_or(0.0, |k| (0.4 * k.text_size).round())
    }

    /// The top of the line at content y `y`: of the row there, or of the
    /// next item when `y` falls in the space after one; 0 above the text.
    fn line_start_at(&mut self, ui: &Ui, doc: &Document, analysis: &Analysis, y: f32) -> f32 {
        self.ensure_tops();
        if y <= self.tops[0] {
            return 0.0;
        }
        let item = self.item_at(y);
        self.layout_item(ui, item, doc, analysis);
        self.ensure_tops();
        let (Some(key), Some(cached)) = (self.key, self.galleys.get(&item)) else {
            return y;
        };
        let style = item_style(
            item_kind_text(item, doc, self.title_in_text).0,
            key.text_size,
            key.dark,
        );
        let galley_top = self.tops[item] + style.space_before;
        let local = y - galley_top;
        if local < 0.0 {
            return self.tops[item];
        }
        match cached.galley.rows.iter().find(|r| r.rect().max.y > local) {
            Some(row) => galley_top + row.rect().min.y,
            None => self.tops[item + 1],
        }
    }

    /// The scroll offset that puts `span`'s line in the upper third of the
    /// viewport, or at its top.
    fn offset_for_span(
        &mut self,
        ui: &Ui,
        doc: &Document,
        analysis: &Analysis,
        span: Span,
        placement: Placement,
    ) -> f32 {
        if doc.blocks.is_empty() {
            return 0.0;
        }
        let block = doc
            .blocks
            .partition_point(|b| b.span.end <= span.start)
            .min(doc.blocks.len() - 1);
        let item = block + 1;
        let third = match placement {
            Placement::UpperThird => self.viewport_height / 3.0,
            Placement::Top => self.top_margin(),
        };
        // Lay out what will be on screen around the span, so no estimate
        // above it can move it once it is shown.
        self.layout_item(ui, item, doc, analysis);
        let mut above = 0.0;
        let mut i = item;
        while i > 0 && above < third + 50.0 {
            i -= 1;
            self.layout_item(ui, i, doc, analysis);
            above += self.heights[i];
        }
        let mut below = 0.0;
        let mut i = item;
        while i + 1 < self.heights.len() && below < self.viewport_height {
            i += 1;
            self.layout_item(ui, i, doc, analysis);
            below += self.heights[i];
        }
        self.ensure_tops();
        let Some(key) = self.key else { return 0.0 };
        let style = item_style(
            item_kind_text(item, doc, self.title_in_text).0,
            key.text_size,
            key.dark,
        );
        let block_start = doc.blocks[block].span.start;
        let local = Span::new(
            span.start.saturating_sub(block_start),
            span.end.saturating_sub(block_start),
        );
        let row_y = self.galleys.get(&item).map_or(0.0, |c| match placement {
            Placement::UpperThird => span_rects(c, local, 0.0).first().map_or(0.0, |r| r.min.y),
            Placement::Top => row_top(c, local.start),
        });
        self.tops[item] + style.space_before + row_y - third
    }

    /// Paints the items inside `viewport` (content coordinates). Returns how
    /// far the scroll offset must move so that refined heights above the
    /// viewport do not shift the text on screen.
    #[expect(
        clippy::too_many_arguments,
        reason = "the viewport draws the whole page"
    )]
    fn viewport_ui(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        doc: &Document,
        analysis: &Analysis,
        highlights: &[Highlight],
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) -> f32 {
        let Some(key) = self.key else { return 0.0 };
        let origin = ui.max_rect().min;
        let column_left = origin.x + ((ui.max_rect().width() - key.column_width) / 2.0).max(0.0);
        self.marked_rect = None;
        self.target_rect = None;
        self.open_highlight_rect = None;
        self.selection_end_rect = None;
        self.painted.clear();
        // Beneath the blocks: a drag anywhere on the page selects text, a
        // click on the page (not on a name or highlight) clears the selection.
        let page = ui.interact(
            ui.clip_rect(),
            egui::Id::unique("dramatis reader page"),
            Sense::click_and_drag(),
        );

        // Refine the item at the top first; if it is newly measured, move the
        // offset by its change so that the text below it stays put.
        let mut shift = 0.0;
        self.ensure_tops();
        loop {
            let top = viewport.min.y + shift;
            let item = self.item_at(top);
            if self.measured[item] && self.galleys.contains_key(&item) {
                break;
            }
            let before = self.heights[item];
            self.layout_item(ui, item, doc, analysis);
            self.ensure_tops();
            if top > 0.0 && !self.measured_before_this_frame(item) {
                shift += self.heights[item] - before;
            }
        }
        self.last_offset = viewport.min.y + shift;

        let bottom = viewport.max.y + shift;
        let mut item = self.item_at(viewport.min.y + shift);
        let mut hovered = None;
        while item < self.heights.len() {
            self.layout_item(ui, item, doc, analysis);
            self.ensure_tops();
            if self.tops[item] >= bottom {
                break;
            }
            let y = origin.y + self.tops[item] - shift;
            if let Some(target) = self.item_ui(
                ui,
                item,
                pos2(column_left, y),
                doc,
                analysis,
                highlights,
                state,
                commands,
            ) {
                hovered = Some(target);
            }
            item += 1;
        }
        self.selection_ui(ui, &page, doc, state, commands);
        let hovered_entity = match hovered {
            Some(Target::Mention(m)) => analysis.mentions.get(m).map(|m| m.entity),
            _ => None,
        };
        if hovered_entity.is_some() {
            ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        }
        if hovered_entity != self.hovered_in_text {
            self.hovered_in_text = hovered_entity;
            ui.ctx().request_repaint();
        }

        // `item` is the first item below the viewport; item `i + 1` is block `i`.
        self.end_in_view = item
            .checked_sub(2)
            .and_then(|block| doc.blocks.get(block))
            .map_or(doc.text.len(), |b| b.span.end);
        self.ensure_tops();
        let n = self.heights.len();
        self.position = Some(ReadingPosition {
            top_offset: self.top_offset(doc),
            end_in_view: self.tops[n] <= bottom + 0.5,
        });
        let total = self.tops[n] + 0.4 * self.viewport_height;
        ui.set_min_size(vec2(ui.available_width(), total - shift));
        shift
    }

    /// Byte offset of the first line mostly in view at the top of the
    /// viewport; 0 when the title (or the space above it) is there.
    fn top_offset(&self, doc: &Document) -> usize {
        let item = self.item_at(self.last_offset);
        let (Some(block), Some(key)) = (item.checked_sub(1), self.key) else {
            return 0;
        };
        if self.last_offset <= self.tops[0] {
            return 0;
        }
        let Some(span) = doc.blocks.get(block).map(|b| b.span) else {
            return 0;
        };
        let Some(cached) = self.galleys.get(&item) else {
            return span.start;
        };
        let style = item_style(
            item_kind_text(item, doc, self.title_in_text).0,
            key.text_size,
            key.dark,
        );
        let local_y = self.last_offset - self.tops[item] - style.space_before;
        // A row more than half hidden above the viewport is not where the eye is.
        let row = cached
            .galley
            .rows
            .iter()
            .position(|r| r.rect().center().y > local_y);
        match row.and_then(|r| cached.row_starts.get(r)) {
            Some(&char_index) => {
                let local = match &cached.char_bytes {
                    None => char_index,
                    Some(bytes) => bytes.get(char_index).map_or(span.len(), |&b| b as usize),
                };
                span.start + local.min(span.len())
            }
            // The top is in the space after the block: the next one begins there.
            None => doc.blocks.get(block + 1).map_or(span.end, |b| b.span.start),
        }
    }

    /// True when `item` was laid out in an earlier frame (and so was already on screen).
    fn measured_before_this_frame(&self, item: usize) -> bool {
        // `layout_item` stamps new galleys with this frame; items measured
        // earlier whose galley was evicted are remeasured to the same height.
        self.galleys
            .get(&item)
            .is_none_or(|c| c.last_used != self.frame)
    }

    /// Paints one item with its top-left corner (column left, item top) at
    /// `top_left`, and returns what the pointer is over.
    #[allow(clippy::too_many_arguments)]
    fn item_ui(
        &mut self,
        ui: &mut Ui,
        item: usize,
        top_left: Pos2,
        doc: &Document,
        analysis: &Analysis,
        highlights: &[Highlight],
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) -> Option<Target> {
        let key = self.key?;
        let dark = key.dark;
        let (kind, text) = item_kind_text(item, doc, self.title_in_text);
        if text.is_empty() {
            return None;
        }
        let style = item_style(kind, key.text_size, dark);
        let cached = self.galleys.get(&item)?;
        let galley = cached.galley.clone();
        let galley_pos = top_left + vec2(style.indent, style.space_before);
        let text_rect = Rect::from_min_size(galley_pos, galley.size());
        let painter = ui.painter().clone();

        let response = ui.interact(
            text_rect,
            egui::Id::unique(("dramatis reader item", item)),
            Sense::click(),
        );
        response.widget_info(|| WidgetInfo::labeled(Role::Label, true, display_text(text, false)));

        self.paint_decorations(&painter, kind, top_left, text_rect, &style, key);

        let mut hover_target = None;
        let mut hover_highlight = None;
        let mut outlines: Vec<(Rect, Stroke)> = Vec::new();
        let mut underlines: Vec<(Rect, Color32)> = Vec::new();
        if let Some(block) = item.checked_sub(1) {
            let block_span = doc.blocks[block].span;
            self.painted.push(PaintedItem {
                item,
                block,
                galley_pos,
                text_rect,
            });
            let info = &self.blocks[block];
            let to_screen = |r: Rect| r.translate(galley_pos.to_vec2());
            let local = |s: Span| {
                Span::new(
                    s.start.max(block_span.start) - block_span.start,
                    s.end.min(block_span.end).saturating_sub(block_span.start),
                )
            };
            let pointer = response.hover_pos();
            let tint_half = 0.68 * key.text_size;

            // Highlights first: a wash a little taller than the tints, so the
            // names and quotations inside keep their own colours, framed by
            // the highlight's; the underline is drawn over everything.
            let end = highlights.partition_point(|h| h.span.start < block_span.end);
            for highlight in highlights[..end]
                .iter()
                .filter(|h| h.span.end > block_span.start)
            {
                let rects = span_rects(
                    cached,
                    local(highlight.span),
                    tint_half + 0.18 * key.text_size,
                );
                let open = state.open_highlight == Some(highlight.id);
                for r in &rects {
                    let r = to_screen(*r).expand2(vec2(1.0, 0.0));
                    painter.rect_filled(
                        r,
                        CornerRadius::same(2),
                        theme::highlight_fill(highlight.color, dark),
                    );
                    underlines.push((r, theme::highlight_solid(highlight.color, dark)));
                    if pointer.is_some_and(|p| r.contains(p)) {
                        hover_highlight = Some(highlight.id);
                    }
                    if open {
                        outlines.push((
                            r.expand2(vec2(1.5, 1.0)),
                            theme::open_highlight_stroke(dark),
                        ));
                    }
                }
                if open && let Some(last) = rects.last() {
                    self.open_highlight_rect = Some(to_screen(*last));
                }
            }
            if state.show_quotes {
                for (qi, quote) in analysis.quotes[info.quotes.clone()].iter().enumerate() {
                    for r in span_rects(cached, local(quote.span), tint_half) {
                        let r = to_screen(r);
                        painter.rect_filled(r, CornerRadius::same(2), theme::quote_color(dark));
                        if pointer.is_some_and(|p| r.contains(p)) {
                            hover_target = Some(Target::Quote(info.quotes.start + qi));
                        }
                    }
                }
            }
            for (mi, mention) in analysis.mentions[info.mentions.clone()].iter().enumerate() {
                let Some(entity) = analysis.entities.get(mention.entity) else {
                    continue;
                };
                if !state.shows(entity.kind) {
                    continue;
                }
                let hovered = state.hovered_entity == Some(mention.entity)
                    || self.hovered_in_text == Some(mention.entity);
                let fill = if hovered {
                    theme::hover_color(entity.kind, dark)
                } else {
                    theme::kind_color(entity.kind, dark)
                };
                for r in span_rects(cached, local(mention.span), tint_half) {
                    let r = to_screen(r).expand2(vec2(1.5, 0.0));
                    painter.rect_filled(r, CornerRadius::same(3), fill);
                    if pointer.is_some_and(|p| r.contains(p)) {
                        hover_target = Some(Target::Mention(info.mentions.start + mi));
                    }
                }
            }
            let finds = overlapping(&state.find_matches, block_span, |s| *s);
            for fi in finds {
                let fill = if state.find_current == Some(fi) {
                    theme::find_current_color(dark)
                } else {
                    theme::find_match_color(dark)
                };
                for r in span_rects(cached, local(state.find_matches[fi]), tint_half) {
                    painter.rect_filled(
                        to_screen(r).expand2(vec2(1.0, 0.0)),
                        CornerRadius::same(2),
                        fill,
                    );
                }
            }
            if let Some(selection) = state.selection.filter(|s| s.overlaps(block_span)) {
                let rects = span_rects(cached, local(selection), 0.0);
                for r in &rects {
                    painter.rect_filled(
                        to_screen(*r),
                        CornerRadius::ZERO,
                        theme::selection_color(dark),
                    );
                }
                if selection.end <= block_span.end
                    && let Some(last) = rects.last()
                {
                    self.selection_end_rect = Some(to_screen(*last));
                }
            }
            if let Some(marked) = state
                .marked
                .filter(|m| m.overlaps(block_span) || m == &block_span)
            {
                let rects = span_rects(cached, local(marked), tint_half);
                for r in &rects {
                    outlines.push((
                        to_screen(*r).expand2(vec2(2.5, 1.5)),
                        theme::marked_stroke(dark),
                    ));
                }
                self.marked_rect = rects
                    .iter()
                    .map(|r| to_screen(*r))
                    .reduce(|a, b| a.union(b))
                    .or(self.marked_rect);
            }
            if let Some((target, _, _)) = self
                .pending_target
                .filter(|(t, _, _)| t.overlaps(block_span) || t.start == block_span.start)
            {
                self.target_rect = span_rects(cached, local(target), tint_half)
                    .iter()
                    .map(|r| to_screen(*r))
                    .reduce(|a, b| a.union(b))
                    .or(self.target_rect);
            }
        }

        painter.galley(galley_pos, galley, theme::text_color(dark));
        for (r, color) in underlines {
            painter.hline(r.x_range(), r.bottom() - 0.5, Stroke::new(2.0, color));
        }
        for (r, stroke) in outlines {
            painter.rect_stroke(r, CornerRadius::same(4), stroke, StrokeKind::Outside);
        }

        if let Some(block) = item.checked_sub(1) {
            self.item_clicks(&response, block, doc, state, commands);
        }
        let response = match hover_target {
            Some(target) => {
                response.on_hover_ui_at_pointer(|ui| target_tooltip_ui(ui, target, analysis))
            }
            None => response,
        };
        if response.clicked() && !ui.input(|i| i.modifiers.shift) {
            match (hover_target, hover_highlight) {
                (Some(Target::Mention(m)), _) => {
                    if let Some(mention) = analysis.mentions.get(m) {
                        commands.push(Command::SelectMention {
                            entity: mention.entity,
                            span: mention.span,
                        });
                    }
                }
                (_, Some(id)) => commands.push(Command::OpenHighlight(Some(id))),
                _ => {
                    if state.open_highlight.is_some() {
                        commands.push(Command::OpenHighlight(None));
                    }
                }
            }
        }
        if response.secondary_clicked() {
            self.menu_mention = match hover_target {
                Some(Target::Mention(m)) => Some(m),
                _ => None,
            };
        }
        if let Some(mention) = self.menu_mention.and_then(|m| analysis.mentions.get(m))
            && let Some(entity) = analysis.entities.get(mention.entity)
        {
            response.context_menu(|ui| {
                if ui.button("Split off this mention").clicked() {
                    commands.push(Command::SplitMention(mention.span));
                    ui.close();
                }
                ui.separator();
                entity_menu_ui(ui, entity, commands);
            });
        }
        if hover_highlight.is_some() && hover_target.is_none() {
            ui.ctx().set_cursor_icon(CursorIcon::PointingHand);
        }
        hover_target
    }

    /// The byte offset in the text under `pos` (a screen position), from
    /// the blocks painted this frame; above or below them, their start or end.
    fn offset_at(&self, pos: Pos2, doc: &Document) -> Option<usize> {
        let first = self.painted.first()?;
        let k = self.painted.partition_point(|p| p.text_rect.top() <= pos.y);
        let Some(painted) = k.checked_sub(1).map(|k| self.painted[k]) else {
            return doc.blocks.get(first.block).map(|b| b.span.start);
        };
        let block = doc.blocks.get(painted.block)?.span;
        if pos.y > painted.text_rect.bottom() {
            return Some(block.end);
        }
        let cached = self.galleys.get(&painted.item)?;
        let char_index = cached
            .galley
            .cursor_from_pos(pos - painted.galley_pos)
            .index
            .0;
        let local = match &cached.char_bytes {
            None => char_index,
            Some(bytes) => bytes.get(char_index).map_or(block.len(), |&b| b as usize),
        };
        Some(block.start + local.min(block.len()))
    }

    /// Double and triple clicks on a block select a word and the whole
    /// block; Shift+click extends the selection; a plain click clears it.
    fn item_clicks(
        &self,
        response: &egui::Response,
        block: usize,
        doc: &Document,
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) {
        if !response.clicked() {
            return;
        }
        let Some(offset) = response
            .interact_pointer_pos()
            .and_then(|p| self.offset_at(p, doc))
        else {
            return;
        };
        let Some(block_span) = doc.blocks.get(block).map(|b| b.span) else {
            return;
        };
        if response.triple_clicked() {
            state.selection = Some(block_span);
        } else if response.double_clicked() {
            state.selection = word_at(&doc.text, offset);
        } else if response.ctx.input(|i| i.modifiers.shift) {
            let anchor = state.selection.map_or(offset, |s| s.start);
            let span = Span::new(anchor.min(offset), anchor.max(offset));
            state.selection = (!span.is_empty()).then_some(span);
        } else {
            state.selection = None;
            return;
        }
        if state.open_highlight.is_some() {
            commands.push(Command::OpenHighlight(None));
        }
    }

    /// Selecting with the mouse: a drag on the page from one offset to
    /// another, scrolling when the pointer nears the top or bottom edge.
    /// Ctrl+C copies the selection.
    fn selection_ui(
        &mut self,
        ui: &Ui,
        page: &egui::Response,
        doc: &Document,
        state: &mut ReaderState,
        commands: &mut Vec<Command>,
    ) {
        if page.drag_started() {
            let origin = ui.input(|i| i.pointer.press_origin());
            state.selection_anchor = origin.and_then(|p| self.offset_at(p, doc));
            state.selection = None;
            self.selecting = state.selection_anchor.is_some();
            if state.open_highlight.is_some() {
                commands.push(Command::OpenHighlight(None));
            }
        }
        if page.dragged()
            && let Some(anchor) = state.selection_anchor
            && let Some(pointer) = page.interact_pointer_pos()
        {
            if let Some(offset) = self.offset_at(pointer, doc) {
                let span = Span::new(anchor.min(offset), anchor.max(offset));
                state.selection = (!span.is_empty()).then_some(span);
            }
            let clip = ui.clip_rect();
            let edge = 32.0;
            let delta = if pointer.y < clip.top() + edge {
                clip.top() + edge - pointer.y
            } else if pointer.y > clip.bottom() - edge {
                clip.bottom() - edge - pointer.y
            } else {
                0.0
            };
            if delta != 0.0 {
                ui.scroll_with_delta(vec2(0.0, (delta * 0.5).clamp(-30.0, 30.0)));
                ui.ctx().request_repaint();
            }
        }
        if page.drag_stopped() {
            self.selecting = false;
            state.selection_anchor = None;
            // As in e-book readers, a selection takes whole words.
            state.selection = state.selection.map(|s| snap_to_words(&doc.text, s));
        }
        if page.clicked() {
            state.selection = None;
            if state.open_highlight.is_some() {
                commands.push(Command::OpenHighlight(None));
            }
        }
        let copy = ui.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::Copy | egui::Event::Cut))
        });
        if copy
            && !ui.ctx().text_edit_focused()
            && let Some(selection) = state.selection
        {
            ui.ctx().copy_text(selection_text(doc, selection));
        }
    }

    /// Paints what surrounds an item's text: list markers, rules, code backgrounds.
    fn paint_decorations(
        &self,
        painter: &egui::Painter,
        kind: Option<BlockKind>,
        top_left: Pos2,
        text_rect: Rect,
        style: &ItemStyle,
        key: LayoutKey,
    ) {
        let dark = key.dark;
        let size = key.text_size;
        let column = top_left.x..=top_left.x + key.column_width;
        match kind {
            None => {
                let y = text_rect.bottom() + 0.55 * style.space_after;
                painter.hline(
                    top_left.x..=top_left.x + 3.0 * size,
                    y,
                    Stroke::new(2.0, theme::rule_color(dark)),
                );
            }
            Some(BlockKind::ListItem { number, .. }) => {
                let marker = match number {
                    Some(n) => format!("{n}."),
                    None => "•".to_owned(),
                };
                let y = text_rect.top() + 0.5 * style.line_height;
                painter.text(
                    pos2(text_rect.left() - 0.45 * size, y),
                    Align2::RIGHT_CENTER,
                    marker,
                    FontId::proportional(size),
                    theme::muted_color(dark),
                );
            }
            Some(BlockKind::BlockQuote) => {
                let x = top_left.x + 0.35 * size;
                painter.vline(
                    x,
                    text_rect.top()..=text_rect.bottom(),
                    Stroke::new(3.0, theme::rule_color(dark)),
                );
            }
            Some(BlockKind::Code) => {
                let rect = Rect::from_x_y_ranges(
                    column,
                    text_rect.top() - 0.5 * size..=text_rect.bottom() + 0.5 * size,
                );
                painter.rect_filled(rect, CornerRadius::same(6), theme::code_background(dark));
            }
            Some(BlockKind::Heading(_) | BlockKind::Paragraph | BlockKind::Caption) => {}
        }
    }
}

/// The word around byte `offset` of `text`: letters, digits and the
/// apostrophes and hyphens inside a word. `None` between words.
pub fn word_at(text: &str, offset: usize) -> Option<Span> {
    let offset = offset.min(text.len());
    let in_word = |c: char| c.is_alphanumeric() || c == '_';
    let joins = |c: char| matches!(c, '\'' | '’' | '-' | '‐');
    let mut start = offset;
    let mut end = offset;
    let at_word = text[offset..].chars().next().is_some_and(in_word);
    let before: Vec<(usize, char)> = text[..offset].char_indices().rev().take(200).collect();
    for (i, &(b, c)) in before.iter().enumerate() {
        let next_is_word = before.get(i + 1).is_some_and(|&(_, p)| in_word(p));
        if in_word(c) || (joins(c) && next_is_word && (start < offset || at_word)) {
            start = b;
        } else {
            break;
        }
    }
    let mut chars = text[offset..].char_indices().take(200).peekable();
    while let Some((b, c)) = chars.next() {
        let next_is_word = chars.peek().is_some_and(|&(_, n)| in_word(n));
        if in_word(c) || (joins(c) && next_is_word && end > start) {
            end = offset + b + c.len_utf8();
        } else {
            break;
        }
    }
    (end > start).then(|| Span::new(start, end))
}

/// `span` widened so that it neither starts nor ends inside a word.
pub fn snap_to_words(text: &str, span: Span) -> Span {
    let inside = |w: &Span, offset: usize| w.start < offset && offset < w.end;
    let start = word_at(text, span.start)
        .filter(|w| inside(w, span.start))
        .map_or(span.start, |w| w.start);
    let end = word_at(text, span.end)
        .filter(|w| inside(w, span.end))
        .map_or(span.end, |w| w.end);
    Span::new(start, end)
}

/// The text of a selection as a reader expects to paste it: each block's
/// part on its own, joined by blank lines, with the line breaks of
/// hard-wrapped paragraphs as spaces (code keeps its lines).
pub fn selection_text(doc: &Document, selection: Span) -> String {
    let lo = doc
        .blocks
        .partition_point(|b| b.span.end <= selection.start);
    let mut parts: Vec<String> = Vec::new();
    for block in doc.blocks[lo..]
        .iter()
        .take_while(|b| b.span.start < selection.end)
    {
        let span = Span::new(
            selection.start.max(block.span.start),
            selection.end.min(block.span.end),
        );
        let part = span.text(&doc.text);
        let part = if matches!(block.kind, BlockKind::Code) {
            part.replace("\r\n", "\n")
        } else {
            part.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        if !part.is_empty() {
            parts.push(part);
        }
    }
    if parts.is_empty() {
        // A selection outside every block (e.g. an empty document's text).
        return selection.text(&doc.text).to_owned();
    }
    parts.join("\n\n")
}

/// The tooltip for a mention or quotation.
fn target_tooltip_ui(ui: &mut Ui, target: Target, analysis: &Analysis) {
    match target {
        Target::Mention(m) => {
            let Some(mention) = analysis.mentions.get(m) else {
                return;
            };
            let Some(entity) = analysis.entities.get(mention.entity) else {
                return;
            };
            ui.strong(&entity.name);
            ui.label(kind_name(entity.kind));
            if !mention.reason.is_empty() {
                ui.weak(mention.reason.as_str());
            }
            if let Some(quote) = analysis
                .quotes
                .iter()
                .find(|q| q.span.contains_span(mention.span))
            {
                ui.separator();
                ui.label(quote_label(analysis, quote));
            }
        }
        Target::Quote(q) => {
            if let Some(quote) = analysis.quotes.get(q) {
                ui.label(quote_label(analysis, quote));
                if quote.step != SpeakerStep::Unknown {
                    ui.weak(format!("Speaker: {}", quote.step.explain()));
                }
            }
        }
    }
}

fn quote_label(analysis: &Analysis, quote: &crate::analysis::Quote) -> String {
    match analysis.speaker_name(quote) {
        Some(name) => format!("Quotation — said by {name}"),
        None => "Quotation — speaker unknown".to_owned(),
    }
}

/// Rects (galley coordinates) covering `span` (bytes relative to the item's
/// text), one per row, trimmed of spaces at row ends; each is centred on its
/// row and `half_height` above and below the centre (the row's own height when 0).
/// The top (galley y) of the row holding local byte `byte`.
fn row_top(cached: &CachedItem, byte: usize) -> f32 {
    let char_index = match &cached.char_bytes {
        None => byte,
        Some(bytes) => bytes.partition_point(|&b| (b as usize) < byte),
    };
    let row = cached
        .row_starts
        .partition_point(|&s| s <= char_index)
        .saturating_sub(1);
    cached.galley.rows.get(row).map_or(0.0, |r| r.rect().min.y)
}

fn span_rects(cached: &CachedItem, span: Span, half_height: f32) -> Vec<Rect> {
    let char_of = |byte: usize| match &cached.char_bytes {
        None => byte,
        Some(bytes) => bytes.partition_point(|&b| (b as usize) < byte),
    };
    let (c0, c1) = (char_of(span.start), char_of(span.end));
    let mut rects = Vec::new();
    if c1 <= c0 {
        return rects;
    }
    let first_row = cached
        .row_starts
        .partition_point(|&s| s <= c0)
        .saturating_sub(1);
    for (row, &row_start) in cached
        .galley
        .rows
        .iter()
        .zip(&cached.row_starts)
        .skip(first_row)
    {
        if row_start >= c1 {
            break;
        }
        let glyphs = &row.glyphs;
        let mut a = c0.saturating_sub(row_start).min(glyphs.len());
        let mut b = (c1 - row_start).min(glyphs.len());
        while a < b && glyphs[a].chr.is_whitespace() {
            a += 1;
        }
        while b > a && glyphs[b - 1].chr.is_whitespace() {
            b -= 1;
        }
        if a >= b {
            continue;
        }
        let row_rect = row.rect();
        let (top, bottom) = if half_height > 0.0 {
            let centre = row_rect.center().y;
            (centre - half_height, centre + half_height)
        } else {
            (row_rect.top(), row_rect.bottom())
        };
        rects.push(Rect::from_min_max(
            pos2(row.pos.x + glyphs[a].pos.x, top),
            pos2(row.pos.x + glyphs[b - 1].max_x(), bottom),
        ));
    }
    rects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_around_an_offset() {
        let text = "Kim Jong-un’s train, don't stop. 日本語 ok";
        let word = |offset| word_at(text, offset).map(|s| s.text(text));
        let cases = [
            (0, Some("Kim")),
            (2, Some("Kim")),
            (3, Some("Kim")),
            (5, Some("Jong-un’s")),
            (text.find("train").unwrap_or(0) + 2, Some("train")),
            (text.find("don").unwrap_or(0) + 4, Some("don't")),
            (text.find('.').unwrap_or(0) + 1, None),
            (text.find('本').unwrap_or(0), Some("日本語")),
            (text.len(), Some("ok")),
        ];
        for (offset, expected) in cases {
            assert_eq!(word(offset), expected, "offset {offset}");
        }
    }

    #[test]
    fn selections_snap_to_whole_words() {
        let text = "The visit fuelling concerns that North Korea";
        let at = |s: &str| text.find(s).unwrap_or(0);
        let cases = [
            (
                Span::new(at("isit"), at("cerns")),
                "visit fuelling concerns",
            ),
            (Span::new(at("visit"), at(" fuelling")), "visit"),
            (Span::new(at(" fuelling"), at("uelling")), " fuelling"),
        ];
        for (span, expected) in cases {
            assert_eq!(snap_to_words(text, span).text(text), expected);
        }
    }
}
