//! Dramatis's colours, named once.
//!
//! Panels ask this module for a colour by what it means ("the tint of a
//! place", "the outline of the current mention"); no panel writes a colour
//! literal of its own. Every function takes `dark` (the visuals' dark mode)
//! so light and dark themes are chosen in one place.

use egui::{Color32, Stroke};

use crate::analysis::EntityKind;
use crate::annotations::HighlightColor;

/// The soft background tint of an entity mention of `kind`.
///
/// Also the colour of the kind's swatch in the legend.
pub fn kind_color(kind: EntityKind, dark: bool) -> Color32 {
    match (kind, dark) {
        (EntityKind::Person, false) => Color32::from_rgb(0xd9, 0xe6, 0xf7),
        (EntityKind::Place, false) => Color32::from_rgb(0xda, 0xee, 0xd9),
        (EntityKind::Organization, false) => Color32::from_rgb(0xec, 0xe0, 0xf5),
        (EntityKind::Person, true) => Color32::from_rgb(0x27, 0x3c, 0x5a),
        (EntityKind::Place, true) => Color32::from_rgb(0x23, 0x44, 0x30),
        (EntityKind::Organization, true) => Color32::from_rgb(0x44, 0x33, 0x58),
    }
}

/// The stronger tint of the mentions of the entity under the pointer.
pub fn hover_color(kind: EntityKind, dark: bool) -> Color32 {
    match (kind, dark) {
        (EntityKind::Person, false) => Color32::from_rgb(0xa9, 0xc8, 0xf0),
        (EntityKind::Place, false) => Color32::from_rgb(0xaf, 0xdb, 0xad),
        (EntityKind::Organization, false) => Color32::from_rgb(0xd5, 0xb9, 0xec),
        (EntityKind::Person, true) => Color32::from_rgb(0x33, 0x5d, 0x96),
        (EntityKind::Place, true) => Color32::from_rgb(0x2f, 0x6c, 0x48),
        (EntityKind::Organization, true) => Color32::from_rgb(0x66, 0x4a, 0x8c),
    }
}

/// A strong, saturated colour for a kind: the legend's outline and small markers.
pub fn kind_accent(kind: EntityKind, dark: bool) -> Color32 {
    match (kind, dark) {
        (EntityKind::Person, false) => Color32::from_rgb(0x2f, 0x6b, 0xb8),
        (EntityKind::Place, false) => Color32::from_rgb(0x3a, 0x8a, 0x3f),
        (EntityKind::Organization, false) => Color32::from_rgb(0x84, 0x4f, 0xb3),
        (EntityKind::Person, true) => Color32::from_rgb(0x7f, 0xb0, 0xf0),
        (EntityKind::Place, true) => Color32::from_rgb(0x86, 0xcf, 0x8a),
        (EntityKind::Organization, true) => Color32::from_rgb(0xc3, 0x9c, 0xea),
    }
}

/// The soft tint behind a quotation's words: warm cream on the light page,
/// a cool slate on the dark one, where any warm tint this dim turns the
/// olive-brown of a yellow highlight or a find match.
pub fn quote_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x38, 0x3a, 0x40)
    } else {
        Color32::from_rgb(0xf8, 0xee, 0xd8)
    }
}

/// The outline of the marked span: the current mention, quote or find match.
/// Orange, which nothing else outlines (an open highlight is outlined in
/// ink, see [`open_highlight_stroke`]).
pub fn marked_stroke(dark: bool) -> Stroke {
    if dark {
        Stroke::new(2.0, Color32::from_rgb(0xff, 0xa0, 0x4a))
    } else {
        Stroke::new(2.0, Color32::from_rgb(0xd9, 0x55, 0x12))
    }
}

/// The outline of the open highlight (the one whose card is shown): ink,
/// so it is not taken for the current mention's orange.
pub fn open_highlight_stroke(dark: bool) -> Stroke {
    if dark {
        Stroke::new(1.5, Color32::from_rgba_unmultiplied(0xec, 0xe8, 0xe0, 200))
    } else {
        Stroke::new(1.5, Color32::from_rgba_unmultiplied(0x2e, 0x2c, 0x29, 200))
    }
}

/// The tint of a find match: peach and rust, apart from the yellow of the
/// default highlight.
pub fn find_match_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x8a, 0x3c, 0x14)
    } else {
        Color32::from_rgb(0xff, 0xbf, 0x8c)
    }
}

/// The tint of the current find match.
pub fn find_current_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xb8, 0x52, 0x10)
    } else {
        Color32::from_rgb(0xfb, 0x9a, 0x55)
    }
}

/// The wash of a reader's highlight, painted around the entity and
/// quotation tints so they keep their colours.
pub fn highlight_fill(color: HighlightColor, dark: bool) -> Color32 {
    let (r, g, b) = highlight_rgb(color, dark);
    let alpha = if dark { 110 } else { 120 };
    Color32::from_rgba_unmultiplied(r, g, b, alpha)
}

/// The solid colour of a highlight: its underline, swatch and list marker.
pub fn highlight_solid(color: HighlightColor, dark: bool) -> Color32 {
    let (r, g, b) = highlight_rgb(color, dark);
    Color32::from_rgb(r, g, b)
}

fn highlight_rgb(color: HighlightColor, dark: bool) -> (u8, u8, u8) {
    match (color, dark) {
        (HighlightColor::Yellow, false) => (0xf5, 0xc8, 0x1b),
        (HighlightColor::Green, false) => (0x5c, 0xc2, 0x5a),
        (HighlightColor::Blue, false) => (0x4d, 0x9b, 0xe8),
        (HighlightColor::Pink, false) => (0xf0, 0x6f, 0xa8),
        (HighlightColor::Purple, false) => (0xa0, 0x72, 0xe0),
        (HighlightColor::Yellow, true) => (0xc9, 0xa2, 0x16),
        (HighlightColor::Green, true) => (0x3f, 0x9a, 0x45),
        (HighlightColor::Blue, true) => (0x35, 0x7c, 0xc8),
        (HighlightColor::Pink, true) => (0xc2, 0x4f, 0x86),
        (HighlightColor::Purple, true) => (0x84, 0x58, 0xc4),
    }
}

/// The reader's text selection.
pub fn selection_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(0x5a, 0x8f, 0xd8, 110)
    } else {
        Color32::from_rgba_unmultiplied(0x3d, 0x7b, 0xd9, 80)
    }
}

/// The page behind the reading column.
pub fn page_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x1d, 0x1e, 0x21)
    } else {
        Color32::from_rgb(0xfb, 0xf9, 0xf4)
    }
}

/// Body text.
pub fn text_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xd9, 0xd5, 0xcc)
    } else {
        Color32::from_rgb(0x2e, 0x2c, 0x29)
    }
}

/// Titles, headings and strong text.
pub fn heading_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0xf2, 0xee, 0xe6)
    } else {
        Color32::from_rgb(0x1a, 0x19, 0x17)
    }
}

/// Quiet ink: list bullets, block-quote text and rules, captions.
pub fn muted_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x8f, 0x8a, 0x80)
    } else {
        Color32::from_rgb(0x8a, 0x84, 0x78)
    }
}

/// A hairline rule: under the title, beside block quotes.
pub fn rule_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x44, 0x42, 0x3e)
    } else {
        Color32::from_rgb(0xe0, 0xdb, 0xd0)
    }
}

/// The background of code blocks and inline code.
pub fn code_background(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x28, 0x29, 0x2d)
    } else {
        Color32::from_rgb(0xf0, 0xed, 0xe6)
    }
}

/// The text of a link.
pub fn link_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x82, 0xb4, 0xef)
    } else {
        Color32::from_rgb(0x1f, 0x5f, 0xad)
    }
}

/// The ground of the overview bar beside the text and of the book view's
/// plot rows.
pub fn overview_background(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x2a, 0x29, 0x27)
    } else {
        Color32::from_rgb(0xec, 0xe8, 0xdf)
    }
}

/// The part of the text in view, on the overview bar.
pub fn overview_view_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(0xff, 0xff, 0xff, 28)
    } else {
        Color32::from_rgba_unmultiplied(0x40, 0x38, 0x28, 30)
    }
}

/// Chapter lines on the overview bar and in the book view.
pub fn chapter_line_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(0x5a, 0x57, 0x51)
    } else {
        Color32::from_rgb(0xbf, 0xb8, 0xaa)
    }
}

/// The lines between characters in the book view's graph.
pub fn graph_edge_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(0xc8, 0xc0, 0xb0, 90)
    } else {
        Color32::from_rgba_unmultiplied(0x50, 0x48, 0x3c, 80)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tints must stay readable: each mention tint is far from its text colour.
    #[test]
    fn tints_contrast_with_text() {
        fn luma(c: Color32) -> f32 {
            0.299 * f32::from(c.r()) + 0.587 * f32::from(c.g()) + 0.114 * f32::from(c.b())
        }
        for dark in [false, true] {
            let text = luma(text_color(dark));
            let mut fills = vec![
                quote_color(dark),
                find_match_color(dark),
                find_current_color(dark),
            ];
            for kind in EntityKind::ALL {
                fills.push(kind_color(kind, dark));
                fills.push(hover_color(kind, dark));
            }
            for fill in fills {
                assert!(
                    (luma(fill) - text).abs() > 70.0,
                    "dark={dark} fill={fill:?}"
                );
            }
        }
    }

    /// A find match, a quotation and the default highlight, as each looks
    /// on the page, are told apart: no two are close in colour (the find
    /// match and the yellow highlight were once 6 apart in the light theme
    /// and the three were all olive-brown in the dark one).
    #[test]
    fn find_quote_and_highlight_tints_differ() {
        fn on_page(fill: Color32, dark: bool) -> [f32; 3] {
            let page = page_color(dark);
            let a = f32::from(fill.a()) / 255.0;
            let fill = fill.to_srgba_unmultiplied();
            let page = [page.r(), page.g(), page.b()];
            std::array::from_fn(|i| f32::from(page[i]).mul_add(1.0 - a, f32::from(fill[i]) * a))
        }
        fn distance(a: [f32; 3], b: [f32; 3]) -> f32 {
            a.iter()
                .zip(b)
                .map(|(x, y)| (x - y).powi(2))
                .sum::<f32>()
                .sqrt()
        }
        for dark in [false, true] {
            let tints = [
                ("find match", find_match_color(dark)),
                ("current find", find_current_color(dark)),
                ("quotation", quote_color(dark)),
                (
                    "yellow highlight",
                    highlight_fill(HighlightColor::Yellow, dark),
                ),
            ];
            for (i, (a, fa)) in tints.iter().enumerate() {
                for (b, fb) in &tints[i + 1..] {
                    let d = distance(on_page(*fa, dark), on_page(*fb, dark));
                    assert!(d > 30.0, "dark={dark}: {a} and {b} are {d:.0} apart");
                }
            }
            assert_ne!(
                marked_stroke(dark).color,
                open_highlight_stroke(dark).color,
                "the current mention and the open highlight share an outline"
            );
        }
    }
}
