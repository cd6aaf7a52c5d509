//! The book view: a book's main characters at a glance.
//!
//! - **Where they appear**: one row a character, a tick at each mention
//!   across the book and a grey line at each chapter's start. A click on a
//!   row goes to that character's mention nearest the pointer, in the text.
//! - **Who speaks with whom**: the characters on a circle, each as large
//!   as its share of mentions, linked by lines as thick as their replies
//!   to each other and paragraphs together. A click on a name selects the
//!   character.
//!
//! Everything drawn comes from [`BookFigures`], made once per analysis; a
//! frame only paints.

use egui::{Align2, FontId, Rect, RichText, ScrollArea, Sense, Stroke, Ui, pos2, vec2};

use crate::analysis::book::BookFigures;
use crate::analysis::{Analysis, EntityKind};
use crate::document::Document;
use crate::ui::cast::display_name;
use crate::ui::overview::section_lines;
use crate::ui::{Command, MainView, ReaderState, theme};

/// Width of the names column of the plot, in points.
const NAMES_WIDTH: f32 = 150.0;

/// Height of a row of the plot, in points.
const ROW_HEIGHT: f32 = 20.0;

/// Largest side of the graph, in points.
const GRAPH_SIDE: f32 = 560.0;

/// Room above and below the circle of the graph for names, in points.
const GRAPH_MARGIN: f32 = 40.0;

/// Room beside the circle for the names at its sides, in points.
const NAME_ROOM: f32 = 170.0;

/// Smallest and largest radius of a character's circle, in points.
const NODE_RADIUS: (f32, f32) = (5.0, 22.0);

/// The accessible label of a character's row in the plot.
pub fn row_label(name: &str) -> String {
    format!("Mentions of {}", display_name(name))
}

/// Draws the book view of `doc` and pushes what the person asked for.
pub fn book_view_ui(
    ui: &mut Ui,
    doc: &Document,
    analysis: &Analysis,
    figures: &BookFigures,
    state: &ReaderState,
    commands: &mut Vec<Command>,
) {
    let dark = ui.visuals().dark_mode;
    egui::Frame::NONE
        .fill(theme::page_color(dark))
        .inner_margin(16.0)
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("book view")
                .auto_shrink(false)
                .show(ui, |ui| {
                    if figures.characters.is_empty() {
                        ui.weak("No character is named often enough to draw.");
                        return;
                    }
                    ui.heading("Where the main characters appear");
                    ui.weak(
                        "A tick for each mention. Click a row to read the mention \
                         nearest the pointer.",
                    );
                    ui.add_space(6.0);
                    dispersion_ui(ui, doc, analysis, figures, state, commands);
                    ui.add_space(18.0);
                    ui.heading("Who speaks with whom");
                    ui.weak(
                        "Circles grow with mentions; lines with replies between \
                         their quotations and paragraphs naming both. Click a name \
                         to select it.",
                    );
                    ui.add_space(6.0);
                    graph_ui(ui, analysis, figures, state, commands);
                });
        });
}

/// The dispersion plot: a row of mention ticks for each main character.
fn dispersion_ui(
    ui: &mut Ui,
    doc: &Document,
    analysis: &Analysis,
    figures: &BookFigures,
    state: &ReaderState,
    commands: &mut Vec<Command>,
) {
    let dark = ui.visuals().dark_mode;
    let len = doc.text.len().max(1);
    let rows = figures.characters.len();
    let width = ui.available_width().max(NAMES_WIDTH + 100.0);
    let (rect, _) = ui.allocate_exact_size(vec2(width, rows as f32 * ROW_HEIGHT), Sense::hover());
    let plot = Rect::from_min_max(pos2(rect.left() + NAMES_WIDTH, rect.top()), rect.max);
    let painter = ui.painter_at(rect);
    painter.rect_filled(plot, 0.0, theme::overview_background(dark));
    let x_of = |byte: usize| plot.left() + plot.width() * byte as f32 / len as f32;
    let chapter = Stroke::new(1.0, theme::chapter_line_color(dark));
    let lines = section_lines(doc, plot.width());
    for &start in &lines {
        let x = x_of(start).round() + 0.5;
        painter.vline(x, plot.y_range(), chapter);
    }
    let accent = theme::kind_accent(EntityKind::Person, dark);
    let text_color = ui.visuals().text_color();
    let font = FontId::proportional(13.0);
    for (k, character) in figures.characters.iter().enumerate() {
        let Some(entity) = analysis.entities.get(character.entity) else {
            continue;
        };
        let row = Rect::from_min_size(
            pos2(rect.left(), rect.top() + k as f32 * ROW_HEIGHT),
            vec2(rect.width(), ROW_HEIGHT),
        );
        let selected = state.selected_entity == Some(entity.id);
        if selected {
            painter.rect_filled(row, 0.0, theme::kind_color(EntityKind::Person, dark));
        }
        let name = display_name(&entity.name);
        let name_rect = Rect::from_min_max(row.min, pos2(plot.left() - 8.0, row.max.y));
        ui.painter_at(name_rect).text(
            pos2(name_rect.left(), row.center().y),
            Align2::LEFT_CENTER,
            name.as_ref(),
            font.clone(),
            text_color,
        );
        // One tick a pixel column, and ticks in neighbouring columns as one
        // bar: a main character has thousands of mentions.
        for columns in tick_runs(character.mentions.iter().map(|s| x_of(s.start))) {
            let bar = Rect::from_x_y_ranges(columns, (row.top() + 3.0)..=(row.bottom() - 3.0));
            painter.rect_filled(bar, 0.0, accent);
        }
        if let Some(marked) = state.marked.filter(|_| selected) {
            let x = x_of(marked.start).round() + 0.5;
            painter.vline(x, row.y_range(), theme::marked_stroke(dark));
        }

        let response = ui.interact(row, egui::Id::unique(("book row", k)), Sense::click());
        let label = row_label(&entity.name);
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_role(egui::accesskit::Role::Button);
            node.set_label(label.as_str());
        });
        let byte_at = |x: f32| {
            let fraction = ((x - plot.left()) / plot.width()).clamp(0.0, 1.0);
            (fraction * len as f32) as usize
        };
        let response = match response.hover_pos() {
            Some(pos) => {
                let byte = byte_at(pos.x);
                let chapter = doc
                    .sections
                    .partition_point(|s| s.span.start <= byte)
                    .checked_sub(1)
                    .and_then(|i| doc.sections.get(i))
                    .map(|s| display_name(&s.title).into_owned())
                    .unwrap_or_else(|| "Before the first chapter".to_owned());
                response.on_hover_text_at_pointer(format!(
                    "{name}: {} mentions, {} quotations\n{chapter}",
                    character.mentions.len(),
                    character.quotes
                ))
            }
            None => response,
        };
        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            let byte = byte_at(pos.x);
            let nearest = character
                .mentions
                .iter()
                .min_by_key(|s| s.start.abs_diff(byte))
                .copied();
            if let Some(span) = nearest {
                commands.push(Command::ShowView(MainView::Text));
                commands.push(Command::SelectMention {
                    entity: entity.id,
                    span,
                });
            }
        }
    }
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        ui.add_space(NAMES_WIDTH);
        ui.label(
            RichText::new(if lines.len() + 1 < doc.sections.len() {
                format!(
                    "Start of the book → end · {} chapters; grey lines start its {} parts",
                    doc.sections.len(),
                    lines.len() + 1
                )
            } else {
                format!(
                    "Start of the book → end · grey lines start its {} chapters",
                    doc.sections.len()
                )
            })
            .small()
            .weak(),
        );
    });
}

/// The pixel columns (each one point wide) holding a tick at one of the
/// sorted positions `xs`, as runs of neighbouring columns: what a row of
/// ticks paints, a shape a run rather than a shape a mention.
pub fn tick_runs(xs: impl Iterator<Item = f32>) -> Vec<std::ops::RangeInclusive<f32>> {
    let mut runs: Vec<std::ops::RangeInclusive<f32>> = Vec::new();
    for x in xs {
        let column = x.floor();
        match runs.last_mut() {
            Some(run) if column <= *run.end() => {
                *run = *run.start()..=(column + 1.0).max(*run.end());
            }
            _ => runs.push(column..=column + 1.0),
        }
    }
    runs
}

/// The graph of who speaks with whom.
fn graph_ui(
    ui: &mut Ui,
    analysis: &Analysis,
    figures: &BookFigures,
    state: &ReaderState,
    commands: &mut Vec<Command>,
) {
    let dark = ui.visuals().dark_mode;
    // The circle in the middle of the full width, with room beside it for
    // the names.
    let width = ui.available_width().max(240.0);
    let height = width.min(GRAPH_SIDE);
    let (rect, _) = ui.allocate_exact_size(vec2(width, height), Sense::hover());
    let painter = ui.painter_at(rect);
    let center = rect.center();
    let reach = (height / 2.0 - GRAPH_MARGIN.min(height / 4.0))
        .min(width / 2.0 - NAME_ROOM)
        .max(40.0);
    let place = |p: [f32; 2]| center + vec2(p[0], p[1]) * reach;
    let most_mentions = figures
        .characters
        .iter()
        .map(|c| c.mentions.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let radius = |mentions: usize| {
        let share = (mentions as f32 / most_mentions as f32).sqrt();
        NODE_RADIUS.0 + (NODE_RADIUS.1 - NODE_RADIUS.0) * share
    };
    let selected = state
        .selected_entity
        .and_then(|id| figures.characters.iter().position(|c| c.entity == id));

    let heaviest = figures
        .links
        .iter()
        .map(|l| l.weight())
        .max()
        .unwrap_or(1)
        .max(1);
    let edge = theme::graph_edge_color(dark);
    let accent = theme::kind_accent(EntityKind::Person, dark);
    let mut links: Vec<_> = figures.links.iter().collect();
    links.sort_by_key(|l| l.weight());
    for link in links {
        let share = link.weight() as f32 / heaviest as f32;
        // Faint links would only be noise between sixteen people.
        if share < 0.02 {
            continue;
        }
        let touches = selected.is_some_and(|s| s == link.a || s == link.b);
        let color = if touches { accent } else { edge };
        let a = place(figures.characters[link.a].position);
        let b = place(figures.characters[link.b].position);
        painter.line_segment([a, b], Stroke::new(1.0 + 6.0 * share, color));
    }

    let fill = theme::kind_color(EntityKind::Person, dark);
    let text_color = ui.visuals().text_color();
    let font = FontId::proportional(13.0);
    for (k, character) in figures.characters.iter().enumerate() {
        let Some(entity) = analysis.entities.get(character.entity) else {
            continue;
        };
        let at = place(character.position);
        let r = radius(character.mentions.len());
        let stroke = if selected == Some(k) {
            theme::marked_stroke(dark)
        } else {
            Stroke::new(1.5, accent)
        };
        painter.circle(at, r, fill, stroke);
        // The name outside the circle, away from the middle.
        let [x, y] = character.position;
        let (anchor, offset) = if x > 0.3 {
            (Align2::LEFT_CENTER, vec2(r + 4.0, 0.0))
        } else if x < -0.3 {
            (Align2::RIGHT_CENTER, vec2(-r - 4.0, 0.0))
        } else if y <= 0.0 {
            (Align2::CENTER_BOTTOM, vec2(0.0, -r - 2.0))
        } else {
            (Align2::CENTER_TOP, vec2(0.0, r + 2.0))
        };
        let name = display_name(&entity.name);
        let label = painter.text(at + offset, anchor, name.as_ref(), font.clone(), text_color);
        let target = Rect::from_center_size(at, vec2(2.0 * r, 2.0 * r)).union(label);
        let response = ui.interact(target, egui::Id::unique(("book node", k)), Sense::click());
        ui.ctx().accesskit_node_builder(response.id, |node| {
            node.set_role(egui::accesskit::Role::Button);
            node.set_label(name.as_ref());
        });
        let response = response.on_hover_text(node_hover(analysis, figures, k));
        if response.clicked() && selected != Some(k) {
            commands.push(Command::SelectEntity(entity.id));
        }
    }
}

/// The tooltip of a character in the graph: mentions, quotations and the
/// three it is most linked with.
fn node_hover(analysis: &Analysis, figures: &BookFigures, k: usize) -> String {
    let character = &figures.characters[k];
    let name_of = |c: usize| {
        analysis
            .entities
            .get(figures.characters[c].entity)
            .map_or_else(String::new, |e| display_name(&e.name).into_owned())
    };
    let mut links: Vec<_> = figures
        .links
        .iter()
        .filter(|l| l.a == k || l.b == k)
        .collect();
    links.sort_by_key(|l| std::cmp::Reverse(l.weight()));
    let mut text = format!(
        "{}: {} mentions, {} quotations",
        name_of(k),
        character.mentions.len(),
        character.quotes
    );
    for link in links.iter().take(3) {
        let other = if link.a == k { link.b } else { link.a };
        text.push_str(&format!(
            "\nwith {}: {} replies, {} paragraphs together",
            name_of(other),
            link.exchanges,
            link.together
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::tick_runs;

    #[test]
    fn tick_runs_table() {
        // (tick positions, the runs of columns they fill)
        type Case = (&'static [f32], &'static [(f32, f32)]);
        let cases: [Case; 4] = [
            (&[], &[]),
            (&[3.2], &[(3.0, 4.0)]),
            // The same column twice, then the next column: one run.
            (&[3.2, 3.9, 4.1], &[(3.0, 5.0)]),
            // A column left empty between two ticks: two runs.
            (&[3.2, 5.5, 10.0], &[(3.0, 4.0), (5.0, 6.0), (10.0, 11.0)]),
        ];
        for (xs, expected) in cases {
            let runs: Vec<(f32, f32)> = tick_runs(xs.iter().copied())
                .into_iter()
                .map(|r| (*r.start(), *r.end()))
                .collect();
            assert_eq!(runs, expected, "{xs:?}");
        }
    }
}
