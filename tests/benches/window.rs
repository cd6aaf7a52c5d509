//! Frame cost of the whole window (menus, legend, cast list, reader, status
//! line) with a whole book open, headless.
//!
//! Loads War and Peace (or the file named by `DRAMATIS_BENCH_TEXT`), then
//! drives `DramatisApp::show` frame by frame: scrolling the text, walking an
//! entity's mentions with `n`, scrolling and hovering the cast list, and
//! the same with the spoiler-free cast on (from the start of the book),
//! finding a common word, then the book view (the dispersion plot and the
//! graph of who speaks with whom) idle and under a moving pointer. Each
//! frame's thread CPU time and wall time (egui pass plus tessellation) are
//! measured; the median, 95th percentile and maximum of both are printed.
//!
//! Run with `cargo bench --bench bench_window`.

#[path = "../support/frames.rs"]
mod frames;
mod support;

use std::time::Instant;

use dramatis::analysis;
use dramatis::analysis::book::BookFigures;
use dramatis::app::DramatisApp;
use dramatis::document;
use dramatis::ui::{Command, MainView, ScrollStep};
use egui::{Event, Key, Modifiers, Pos2, pos2, vec2};
use frames::{FrameTime, Frames, described, key, key_with, wheel};

/// Window size in points.
const WINDOW: egui::Vec2 = vec2(1280.0, 800.0);
/// A point over the reading column.
const OVER_TEXT: Pos2 = pos2(450.0, 400.0);
/// A point over the cast list.
const OVER_CAST: Pos2 = pos2(1150.0, 500.0);

/// A headless window around the app.
struct Window {
    frames: Frames,
    app: DramatisApp,
}

impl Window {
    /// Runs one frame with `events` and returns its cost.
    fn frame(&mut self, events: Vec<Event>) -> FrameTime {
        let app = &mut self.app;
        self.frames.frame(events, |ui| app.show(ui))
    }

    /// Runs `count` frames, `events(i)` giving each frame's input, and reports them.
    fn measure(&mut self, name: &str, count: usize, events: impl FnMut(usize) -> Vec<Event>) {
        let app = &mut self.app;
        self.frames.measure(name, count, events, |ui| app.show(ui));
    }
}

fn main() -> anyhow::Result<()> {
    let path = support::bench_text_path();
    if !path.exists() {
        println!(
            "bench_window: skipped, {} not found (set DRAMATIS_BENCH_TEXT)",
            path.display()
        );
        return Ok(());
    }
    let doc = document::load(&path)?;
    let analysis = analysis::analyze(&doc.text, &doc.block_spans(), &mut |_| {});
    println!(
        "{}: {} bytes, {} entities, {} quotes",
        path.display(),
        doc.text.len(),
        analysis.entities.len(),
        analysis.quotes.len()
    );
    let start = Instant::now();
    let figures = BookFigures::new(&analysis, &doc.block_spans());
    println!(
        "book figures: {:.3} ms ({} chapters, {} characters, {} links)",
        start.elapsed().as_secs_f64() * 1000.0,
        doc.sections.len(),
        figures.characters.len(),
        figures.links.len()
    );
    let most_mentioned = analysis
        .entities
        .iter()
        .max_by_key(|e| e.mentions.len())
        .map(|e| e.id);
    let mut window = Window {
        frames: Frames::new(WINDOW),
        app: DramatisApp::from_parts(doc, analysis),
    };

    let first = window.frame(vec![Event::PointerMoved(OVER_TEXT)]);
    println!("first frame: {}", described(first));
    window.measure("idle", 100, |_| Vec::new());
    window.measure("wheel over the text", 2000, |i| {
        if i % 4 == 0 {
            vec![wheel(150.0)]
        } else {
            Vec::new()
        }
    });

    if let Some(id) = most_mentioned {
        window.app.apply(Command::SelectEntity(id));
        // Press n every 8th frame and release it on the next.
        window.measure("walk mentions with n", 1600, |i| match i % 8 {
            0 => vec![key(Key::N, true)],
            1 => vec![key(Key::N, false)],
            _ => Vec::new(),
        });
        println!(
            "  walked to mention {} of the most mentioned entity",
            window.app.state().mention_cursor + 1
        );
    }

    window.frame(vec![Event::PointerMoved(OVER_CAST)]);
    window.measure("wheel over the cast list", 1000, |i| {
        if i % 4 == 0 {
            vec![wheel(120.0)]
        } else {
            Vec::new()
        }
    });
    window.measure("hover down the cast list", 600, |i| {
        let y = 150.0 + (i % 600) as f32;
        vec![Event::PointerMoved(pos2(OVER_CAST.x, y))]
    });

    // The spoiler-free cast from the start of the book: the list is made
    // again each time the text in view passes a mention.
    window.app.apply(Command::SpoilerFreeCast(true));
    window.app.apply(Command::Scroll(ScrollStep::Start));
    window.frame(vec![Event::PointerMoved(OVER_TEXT)]);
    window.measure("wheel text, spoiler-free cast", 2000, |i| {
        if i % 4 == 0 {
            vec![wheel(150.0)]
        } else {
            Vec::new()
        }
    });
    println!(
        "  read up to byte {} of {}",
        window.app.state().read_up_to,
        window.app.document().text.len()
    );
    if let Some(id) = most_mentioned {
        window.app.apply(Command::ClearSelection);
        window.app.apply(Command::SelectEntity(id));
        window.measure("walk with n, spoiler-free cast", 800, |i| match i % 8 {
            0 => vec![key(Key::N, true)],
            1 => vec![key(Key::N, false)],
            _ => Vec::new(),
        });
    }
    window.app.apply(Command::SpoilerFreeCast(false));

    // Ctrl+F, type "the", then Enter every fourth frame for the next match.
    window.frame(vec![key_with(Key::F, true, Modifiers::COMMAND)]);
    window.frame(vec![key_with(Key::F, false, Modifiers::COMMAND)]);
    let typed = window.frame(vec![Event::Text("the".to_owned())]);
    println!(
        "typing \"the\" (folds the text, finds): {}",
        described(typed)
    );
    window.measure("find \"the\", Enter to step", 400, |i| match i % 4 {
        0 => vec![key(Key::Enter, true)],
        1 => vec![key(Key::Enter, false)],
        _ => Vec::new(),
    });
    let state = window.app.state();
    println!(
        "  at match {} of {}",
        state.find_current.map_or(0, |c| c + 1),
        state.find_matches.len()
    );

    window.frame(vec![key(Key::Escape, true)]);
    window.frame(vec![key(Key::Escape, false)]);
    window.app.apply(Command::ShowView(MainView::Book));
    if let Some(id) = most_mentioned {
        window.app.apply(Command::SelectEntity(id));
    }
    let first = window.frame(Vec::new());
    println!("book view, first frame: {}", described(first));
    window.measure("book view (plot and graph), idle", 300, |_| Vec::new());
    window.measure("book view, pointer moving over it", 600, |i| {
        let x = 40.0 + (i % 300) as f32 * 3.0;
        let y = 120.0 + (i % 200) as f32 * 3.0;
        vec![Event::PointerMoved(pos2(x, y))]
    });
    window.measure("book view, wheel", 400, |i| {
        if i % 4 == 0 {
            vec![wheel(if i % 200 < 100 { 120.0 } else { -120.0 })]
        } else {
            Vec::new()
        }
    });
    Ok(())
}
