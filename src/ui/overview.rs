//! The overview bar: a thin strip beside the text standing for the whole
//! document, top to bottom. It shows the part in view, the chapters, the
//! reader's highlights and, when a name is selected, a tick at each of its
//! mentions (the current one stronger). A click on a tick goes to that
//! mention; a click or drag elsewhere goes to that place in the text.
//!
//! Places on the bar are byte offsets over the text's length, the same
//! measure as the percentage in the status line.

use egui::{Rect, Sense, Stroke, Ui, pos2, vec2};

use crate::analysis::Analysis;
use crate::annotations::Highlight;
use crate::document::Document;
use crate::ui::cast::display_name;
use crate::ui::{Command, ReaderState, theme};

/// The bar's width, in points.
pub const OVERVIEW_WIDTH: f32 = 18.0;

/// How near (in points) a click must be to a tick to go to its mention.
const TICK_REACH: f32 = 5.0;

/// The accessible label of the bar.
pub const OVERVIEW_LABEL: &str = "Overview of the text";

/// What the bar shows of the reader: the byte range in view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InView {
    /// Byte offset of the top line in view.
    pub start: usize,
    /// Byte offset just past the last text in view.
    pub end: usize,
}

/// Fewest points between chapter lines; closer, only parts get a line.
const MIN_LINE_GAP: f32 = 6.0;

/// Where to draw a line across a strip of `length` points standing for
/// `doc`: at the start of each chapter but the first, or when the lines
/// would run together (War and Peace has 365 chapters), at the start of
/// each part, a chapter whose title names another part than the one before
/// ("Book Two: 1805 · Chapter I").
pub fn section_lines(doc: &Document, length: f32) -> Vec<usize> {
    let sections = &doc.sections;
    let dense = length < MIN_LINE_GAP * sections.len() as f32;
    let mut lines = Vec::new();
    let mut previous_part = None;
    for (k, section) in sections.iter().enumerate() {
        let part = section.title.split_once(" · ").map(|(part, _)| part);
        let new_part = part.is_some() && part != previous_part;
        previous_part = part;
        if k > 0 && (new_part || !dense) {
            lines.push(section.span.start);
        }
    }
    lines
}

/// Draws the bar in `rect` and pushes a command when it is clicked.
#[expect(
    clippy::too_many_arguments,
    reason = "the bar shows the text, its analysis, the notes and the view"
)]
pub fn overview_ui(
    ui: &mut Ui,
    rect: Rect,
    doc: &Document,
    analysis: &Analysis,
    highlights: &[Highlight],
    state: &ReaderState,
    in_view: Option<InView>,
    commands: &mut Vec<Command>,
) {
    let len = doc.text.len();
    let dark = ui.visuals().dark_mode;
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, theme::overview_background(dark));
    if len == 0 {
        return;
    }
    // The bar stands for the text, a little in from its ends so the first
    // and last ticks are whole.
    let track = rect.shrink2(vec2(0.0, 4.0));
    let y_of = |byte: usize| track.top() + track.height() * byte as f32 / len as f32;

    for start in section_lines(doc, track.height()) {
        let y = y_of(start).round() + 0.5;
        painter.hline(
            rect.x_range(),
            y,
            Stroke::new(1.0, theme::chapter_line_color(dark)),
        );
    }
    if let Some(view) = in_view {
        let top = y_of(view.start);
        let bottom = y_of(view.end.max(view.start)).max(top + 3.0);
        let view_rect = Rect::from_x_y_ranges(rect.x_range(), top..=bottom);
        painter.rect_filled(view_rect, 2.0, theme::overview_view_fill(dark));
    }
    // Highlights: a short mark at the bar's left edge.
    for highlight in highlights {
        let top = y_of(highlight.span.start);
        let bottom = y_of(highlight.span.end).max(top + 2.0);
        let mark = Rect::from_min_max(pos2(rect.left(), top), pos2(rect.left() + 4.0, bottom));
        painter.rect_filled(mark, 0.0, theme::highlight_solid(highlight.color, dark));
    }

    let entity = state
        .selected_entity
        .and_then(|id| analysis.entities.get(id));
    // With the spoiler-free cast, only the mentions read so far: ticks
    // further down would tell where a name comes back.
    let ticks: Vec<(f32, crate::span::Span)> = entity
        .map(|e| {
            let reached = crate::ui::cast::mentions_up_to(analysis, e, state.cast_limit());
            analysis
                .mention_spans(e.id)
                .take(reached)
                .map(|s| (y_of(s.start), s))
                .collect()
        })
        .unwrap_or_default();
    if let Some(entity) = entity {
        let color = theme::kind_accent(entity.kind, dark);
        let ticks_x = (rect.left() + 5.0)..=(rect.right() - 1.0);
        // One tick a pixel row: a book's main character has thousands.
        let mut last_row = f32::NEG_INFINITY;
        for &(y, _) in &ticks {
            let row = y.round();
            if row == last_row {
                continue;
            }
            last_row = row;
            painter.hline(ticks_x.clone(), row, Stroke::new(2.0, color));
        }
        if let Some(marked) = state.marked
            && let Some(&(y, _)) = ticks.iter().find(|(_, s)| *s == marked)
        {
            let mark = theme::marked_stroke(dark);
            painter.hline(rect.x_range(), y.round(), Stroke::new(3.0, mark.color));
        }
    }

    let response = ui.interact(
        rect,
        egui::Id::unique("overview bar"),
        Sense::click_and_drag(),
    );
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::ScrollBar);
        node.set_label(OVERVIEW_LABEL);
    });
    let byte_at = |y: f32| {
        let fraction = ((y - track.top()) / track.height()).clamp(0.0, 1.0);
        ((fraction * len as f32) as usize).min(len.saturating_sub(1))
    };
    let hover_text = |y: f32| {
        let byte = byte_at(y);
        let section = doc
            .sections
            .partition_point(|s| s.span.start <= byte)
            .checked_sub(1)
            .and_then(|i| doc.sections.get(i))
            .map(|s| format!("{} · ", display_name(&s.title)))
            .unwrap_or_default();
        let percent = (100.0 * byte as f32 / len as f32).floor();
        match entity {
            Some(e) => format!(
                "{section}{percent} %\nTicks: the mentions of {}. Click one to go to it, \
                 or anywhere else to go there.",
                display_name(&e.name)
            ),
            None => format!(
                "{section}{percent} %\nClick to go there. Select a name to see its mentions here."
            ),
        }
    };
    let response = match response.hover_pos() {
        Some(pos) => response.on_hover_text_at_pointer(hover_text(pos.y)),
        None => response,
    };
    let Some(pos) = response.interact_pointer_pos() else {
        return;
    };
    if response.clicked() {
        let nearest = ticks
            .iter()
            .min_by(|a, b| (a.0 - pos.y).abs().total_cmp(&(b.0 - pos.y).abs()));
        if let (Some(entity), Some(&(y, span))) = (entity, nearest)
            && (y - pos.y).abs() <= TICK_REACH
        {
            commands.push(Command::SelectMention {
                entity: entity.id,
                span,
            });
            return;
        }
        commands.push(Command::GoToOffset(byte_at(pos.y)));
    } else if response.dragged() {
        commands.push(Command::GoToOffset(byte_at(pos.y)));
    }
}
