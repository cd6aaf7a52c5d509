//! Frame cost of the reader while scrolling a whole book, headless.
//!
//! Loads War and Peace (or the file named by `DRAMATIS_BENCH_TEXT`), analyses
//! it, then drives an egui context frame by frame: first a steady mouse-wheel
//! scroll, then a fast fling through the whole book, then jumps to mentions
//! far apart. Each frame's thread CPU time and wall time (egui pass plus
//! tessellation) are measured and the median, 95th percentile and maximum of
//! both are printed.
//!
//! Run with `cargo bench --bench bench_frame`.

#[path = "../support/frames.rs"]
mod frames;
mod support;

use dramatis::analysis::{self, Analysis};
use dramatis::document::{self, Document};
use dramatis::span::Span;
use dramatis::ui::reader::ReaderView;
use dramatis::ui::{Command, ReaderState};
use egui::{CentralPanel, Event, pos2, vec2};
use frames::{FrameTime, Frames, described, wheel};

/// A headless window showing one reader view.
struct Harness {
    frames: Frames,
    view: ReaderView,
    state: ReaderState,
    doc: Document,
    analysis: Analysis,
}

impl Harness {
    /// Runs one frame with `events` and returns its cost.
    fn frame(&mut self, events: Vec<Event>) -> FrameTime {
        let Self {
            frames,
            view,
            state,
            doc,
            analysis,
        } = self;
        let mut commands: Vec<Command> = Vec::new();
        frames.frame(events, |ui| {
            CentralPanel::default().show(ui, |ui| {
                view.ui(ui, doc, analysis, &[], state, &mut commands);
            });
        })
    }
}

/// Whether the marked span was painted wholly inside the viewport.
fn marked_in_view(view: &ReaderView) -> bool {
    let viewport = view.viewport_rect();
    view.marked_rect()
        .is_some_and(|r| viewport.contains_rect(r))
}

fn main() -> anyhow::Result<()> {
    let path = support::bench_text_path();
    if !path.exists() {
        println!(
            "bench_frame: skipped, {} not found (set DRAMATIS_BENCH_TEXT)",
            path.display()
        );
        return Ok(());
    }
    let doc = document::load(&path)?;
    let analysis = analysis::analyze(&doc.text, &doc.block_spans(), &mut |_| {});
    println!(
        "{}: {} bytes, {} blocks, {} entities, {} mentions, {} quotes",
        path.display(),
        doc.text.len(),
        doc.blocks.len(),
        analysis.entities.len(),
        analysis.mentions.len(),
        analysis.quotes.len()
    );
    let view = ReaderView::new(&doc, &analysis);
    let mut h = Harness {
        frames: Frames::new(vec2(1280.0, 800.0)),
        view,
        state: ReaderState::default(),
        doc,
        analysis,
    };

    let first = h.frame(vec![Event::PointerMoved(pos2(640.0, 400.0))]);
    println!("first frame: {}", described(first));
    for _ in 0..10 {
        h.frame(Vec::new());
    }

    // A steady wheel: 3 notches of 50 points per 4 frames, about a page every two seconds.
    let mut times = Vec::new();
    for i in 0..3000 {
        let events = if i % 4 == 0 {
            vec![wheel(150.0)]
        } else {
            Vec::new()
        };
        times.push(h.frame(events));
    }
    frames::report("wheel scroll (3000 frames)", &mut times);
    println!(
        "  scrolled to {:.0} of {:.0} points",
        h.view.scroll_offset(),
        h.view.content_height()
    );

    // A fast fling through the rest of the book: 500 points a frame.
    let mut times = Vec::new();
    let mut last = h.view.scroll_offset();
    for _ in 0..4000 {
        times.push(h.frame(vec![wheel(500.0)]));
        if h.view.scroll_offset() <= last {
            break;
        }
        last = h.view.scroll_offset();
    }
    frames::report("fling, 500 pt/frame to the end", &mut times);
    println!(
        "  scrolled to {:.0} of {:.0} points",
        h.view.scroll_offset(),
        h.view.content_height()
    );

    // Let the wheel come to rest, as a person would before clicking an entity.
    for _ in 0..120 {
        h.frame(Vec::new());
    }

    // Jumps to mentions (or blocks when there are none) spread through the book.
    let targets: Vec<Span> = if h.analysis.mentions.is_empty() {
        let n = h.doc.blocks.len();
        (1..=40)
            .map(|k| h.doc.blocks[k * (n - 1) / 40].span)
            .collect()
    } else {
        let n = h.analysis.mentions.len();
        (1..=40)
            .map(|k| h.analysis.mentions[k * (n - 1) / 40].span)
            .collect()
    };
    let mut times = Vec::new();
    let mut landed_at_once = 0;
    let mut landed = 0;
    for span in &targets {
        h.state.scroll_target = Some(*span);
        h.state.marked = Some(*span);
        times.push(h.frame(Vec::new()));
        if marked_in_view(&h.view) {
            landed_at_once += 1;
        }
        for _ in 0..3 {
            times.push(h.frame(Vec::new()));
        }
        if marked_in_view(&h.view) {
            landed += 1;
        } else {
            println!(
                "  missed {span:?}: marked {:?}, viewport {:?}",
                h.view.marked_rect(),
                h.view.viewport_rect()
            );
        }
    }
    frames::report("jumps (40, 4 frames each)", &mut times);
    println!(
        "jumps with their span in view: {landed_at_once} / {n} on the first frame, \
         {landed} / {n} after four",
        n = targets.len()
    );
    Ok(())
}
