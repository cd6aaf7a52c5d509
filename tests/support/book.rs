//! A made-up book in the window: its chapter titles made its sections, and
//! a harness of the whole window on it.

use dramatis::app::DramatisApp;
use dramatis::document::{Document, Section};
use dramatis::span::Span;
use egui_kittest::Harness;

/// Makes each block whose text is one of `titles` open a section that runs
/// to the next title (or the end), titled in the order given.
pub fn mark_chapters(doc: &mut Document, titles: &[&str]) {
    let starts: Vec<usize> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| titles.contains(&b.span.text(&doc.text)))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(starts.len(), titles.len(), "each title is a block");
    doc.sections = starts
        .iter()
        .enumerate()
        .map(|(k, &first)| {
            let last = starts.get(k + 1).map_or(doc.blocks.len(), |&next| next) - 1;
            Section {
                title: titles[k].to_owned(),
                span: Span::new(doc.blocks[first].span.start, doc.blocks[last].span.end),
            }
        })
        .collect();
}

/// The whole window, 1000 points wide and `height` high, on `app`, after
/// its first frames.
pub fn window(app: DramatisApp, height: f32) -> Harness<'static, DramatisApp> {
    let mut harness = Harness::builder()
        .with_size([1000.0, height])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut DramatisApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}
