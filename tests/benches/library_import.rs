//! Frame cost of the whole window while a generated library of 5,000
//! documents (`DRAMATIS_BENCH_DOCS` to change) is imported in the
//! background, headless.
//!
//! Writes the documents (see `tests/support/generated_library.rs`), opens
//! the window on an empty data folder with the library view shown, adds the
//! folder as File ▸ Add folder to library… does, and runs frames of the real
//! app at 60 a second, turning the wheel over the table every fourth frame,
//! until the import has ended and its table is drawn, then for two seconds
//! more. Each frame's thread CPU time and wall time are measured; the
//! median, 95th percentile and maximum are printed for the frames during
//! the import and after it, with every frame over 16 ms listed.
//!
//! Run with `cargo bench --bench bench_library_import`. The corpora are not
//! part of the project; without them this prints a note and exits.

#[path = "../support/frames.rs"]
mod frames;
#[path = "../support/generated_library.rs"]
mod generated_library;

use std::path::Path;
use std::time::{Duration, Instant};

use dramatis::annotations::store::Store;
use dramatis::app::{DramatisApp, sample_document};
use dramatis::ui::Command;
use dramatis::ui::library_view::LibraryStatus;
use egui::{Event, pos2, vec2};
use frames::{FrameTime, Frames, wheel};

/// A frame's time at 60 frames a second.
const FRAME: Duration = Duration::from_micros(16_667);

/// The frame time not to pass.
const BUDGET: Duration = Duration::from_millis(16);

/// What the window was doing during a frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Importing,
    After,
}

fn main() {
    let texts = generated_library::base_texts();
    if texts.is_empty() {
        println!("library import: ../shared/corpora not found; nothing to measure");
        return;
    }
    let count: usize = std::env::var("DRAMATIS_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000);
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-library-import");
    let _ = std::fs::remove_dir_all(&scratch);
    let docs = scratch.join("docs");
    let data = scratch.join("data");
    let bytes = generated_library::write_documents(&docs, &texts, count);
    println!(
        "library import: {count} documents, {:.1} MB of text",
        bytes as f64 / 1e6
    );

    let mut app = DramatisApp::with_store(sample_document(), Store::at(&data));
    let mut frames = Frames::new(vec2(1280.0, 800.0));
    app.apply(Command::ToggleLibrary);
    while app.library_model().status != LibraryStatus::Ready {
        frames.frame(Vec::new(), |ui| app.show(ui));
        std::thread::sleep(FRAME);
    }
    app.add_to_library(docs.clone());

    let mut times: Vec<(Phase, FrameTime, usize)> = Vec::new();
    let started = Instant::now();
    let mut ended: Option<Duration> = None;
    let mut frames_after = 0;
    let mut i = 0;
    while frames_after < 120 {
        let due = Instant::now() + FRAME;
        let events = if i % 4 == 0 {
            vec![Event::PointerMoved(pos2(500.0, 400.0)), wheel(120.0)]
        } else {
            Vec::new()
        };
        let time = frames.frame(events, |ui| app.show(ui));
        let model = app.library_model();
        let importing = model.progress.is_some() || model.outcome.is_none();
        let phase = if importing {
            Phase::Importing
        } else {
            ended.get_or_insert_with(|| started.elapsed());
            frames_after += 1;
            Phase::After
        };
        times.push((phase, time, model.shelf.len()));
        i += 1;
        if let Some(rest) = due.checked_duration_since(Instant::now()) {
            std::thread::sleep(rest);
        }
    }
    let model = app.library_model();
    println!(
        "import ended after {:.1} s: {}; {} documents in the table",
        ended.unwrap_or_default().as_secs_f64(),
        model
            .outcome
            .as_ref()
            .map_or("no outcome", |o| o.summary.as_str()),
        model.shelf.len()
    );
    for phase in [Phase::Importing, Phase::After] {
        let mut of_phase: Vec<FrameTime> = times
            .iter()
            .filter(|(p, _, _)| *p == phase)
            .map(|(_, t, _)| *t)
            .collect();
        let name = match phase {
            Phase::Importing => "frames during the import",
            Phase::After => "frames after it (2 s)",
        };
        frames::report(name, &mut of_phase);
    }
    let mut all: Vec<FrameTime> = times.iter().map(|(_, t, _)| *t).collect();
    frames::report("every frame", &mut all);
    let over_cpu = times.iter().filter(|(_, t, _)| t.cpu > BUDGET).count();
    let over_wall = times.iter().filter(|(_, t, _)| t.wall > BUDGET).count();
    println!(
        "frames over 16 ms: {over_cpu} of {} by thread CPU time, {over_wall} by wall time",
        times.len()
    );
    for (k, (phase, time, rows)) in times.iter().enumerate() {
        if time.cpu > BUDGET || time.wall > BUDGET {
            println!(
                "  frame {k} ({phase:?}, {rows} documents in the table): {}",
                frames::described(*time)
            );
        }
    }
}
