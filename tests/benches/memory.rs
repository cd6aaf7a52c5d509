//! Peak memory with a whole book open in the reader.
//!
//! Loads War and Peace (or the file named by `DRAMATIS_BENCH_TEXT`),
//! analyses it, shows it in a headless reader for a few hundred frames of
//! scrolling, and prints the process's peak resident set size (`VmHWM`).
//!
//! Run with `cargo bench --bench bench_memory`.

mod support;

use dramatis::analysis;
use dramatis::document;
use dramatis::ui::reader::ReaderView;
use dramatis::ui::{Command, ReaderState};
use egui::{
    CentralPanel, Event, Modifiers, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect,
    TouchPhase, pos2, vec2,
};

/// A `kB` field of `/proc/self/status`, in megabytes.
fn status_mb(field: &str) -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let path = support::bench_text_path();
    if !path.exists() {
        println!(
            "bench_memory: skipped, {} not found (set DRAMATIS_BENCH_TEXT)",
            path.display()
        );
        return Ok(());
    }
    let before = status_mb("VmHWM:").unwrap_or(0.0);
    let doc = document::load(&path)?;
    let analysis = analysis::analyze(&doc.text, &doc.block_spans(), &mut |_| {});
    let after_analysis = status_mb("VmHWM:").unwrap_or(0.0);

    let ctx = egui::Context::default();
    let mut view = ReaderView::new(&doc, &analysis);
    let mut state = ReaderState::default();
    let mut commands: Vec<Command> = Vec::new();
    for frame in 0..600 {
        let mut events = vec![Event::PointerMoved(pos2(640.0, 400.0))];
        events.push(Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta: vec2(0.0, if frame < 300 { -400.0 } else { -4000.0 }),
            phase: TouchPhase::Move,
            source: MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0))),
            time: Some(f64::from(frame) / 60.0),
            events,
            ..RawInput::default()
        };
        let output = ctx.run_ui(input, |ui| {
            CentralPanel::default().show(ui, |ui| {
                view.ui(ui, &doc, &analysis, &[], &mut state, &mut commands);
            });
        });
        std::hint::black_box(ctx.tessellate(output.shapes, output.pixels_per_point));
    }
    let peak = status_mb("VmHWM:").unwrap_or(0.0);
    println!(
        "{}: {} bytes, {} blocks, {} mentions",
        path.display(),
        doc.text.len(),
        doc.blocks.len(),
        analysis.mentions.len()
    );
    println!(
        "peak RSS (VmHWM): at start {before:.1} MB, after load + analysis {after_analysis:.1} MB, \
         after 600 frames of scrolling {peak:.1} MB"
    );
    Ok(())
}
