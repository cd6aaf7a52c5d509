//! Frame cost of the library view with a library of 5,000 documents
//! (`DRAMATIS_BENCH_DOCS` to change), headless.
//!
//! Fills the view's model as the library's threads would (titles, bylines,
//! paths in 50 folders, formats, lengths, reading positions, highlights and
//! tags), then draws the view in a 1280×800 window: the first frame (which
//! makes every row's cells and sorts them), scrolling with the wheel, the
//! arrows walking the selection, a click on a header that sorts 5,000 rows
//! again, and typing in the filter. Each frame's thread CPU time (egui
//! pass plus tessellation; other processes do not add to it) and wall time
//! are measured; the median, 95th percentile and maximum of both are
//! printed.
//!
//! Run with `cargo bench --bench bench_library_view`.

#[path = "../support/frames.rs"]
mod frames;

use std::path::PathBuf;
use std::time::Instant;

use dramatis::library::{DocumentEntry, ShelfEntry};
use dramatis::ui::Command;
use dramatis::ui::library_view::{Column, LibraryModel, LibraryStatus, LibraryView, ShelfRows};
use egui::{Event, Key, Pos2, pos2, vec2};
use frames::{FrameTime, Frames, described, key_press, wheel};

/// Window size in points.
const WINDOW: egui::Vec2 = vec2(1280.0, 800.0);

/// A point over the table's rows.
const OVER_ROWS: Pos2 = pos2(500.0, 400.0);

/// A headless window around the view.
struct Window {
    frames: Frames,
    view: LibraryView,
    model: LibraryModel,
    commands: Vec<Command>,
}

impl Window {
    /// Runs one frame with `events` and returns its cost.
    fn frame(&mut self, events: Vec<Event>) -> FrameTime {
        let (view, model, commands) = (&mut self.view, &self.model, &mut self.commands);
        let time = self
            .frames
            .frame(events, |ui| draw(ui, view, model, commands));
        commands.clear();
        time
    }

    /// Runs `count` frames, `events(i)` giving each frame's input, and
    /// reports them.
    fn measure(&mut self, name: &str, count: usize, events: impl FnMut(usize) -> Vec<Event>) {
        let (view, model, commands) = (&mut self.view, &self.model, &mut self.commands);
        self.frames.measure(name, count, events, |ui| {
            draw(ui, view, model, commands);
            commands.clear();
        });
    }
}

/// The view in the window's middle.
fn draw(
    ui: &mut egui::Ui,
    view: &mut LibraryView,
    model: &LibraryModel,
    commands: &mut Vec<Command>,
) {
    egui::CentralPanel::default().show(ui, |ui| view.ui(ui, model, commands));
}

/// A model of `count` documents, as the library's threads fill it.
fn model(count: usize) -> LibraryModel {
    let formats = ["html", "text", "markdown", "epub", "mhtml"];
    let words = [
        "Harbour", "Council", "Orchard", "Moscow", "Review", "Letters", "Notes", "Empire", "River",
        "Winter",
    ];
    let mut model = LibraryModel {
        status: LibraryStatus::Ready,
        shelf_version: 1,
        positions_version: 1,
        ..LibraryModel::default()
    };
    for i in 0..count {
        let fingerprint = format!("{i:016x}");
        let title = format!(
            "{} {} and the {} of {} — part {}",
            words[i % 10],
            words[(i / 10) % 10],
            words[(i / 100) % 10],
            words[(i * 7) % 10],
            i
        );
        if i % 3 == 0 {
            model
                .positions
                .insert(fingerprint.clone(), (i * 97) % 40_000);
        }
        model.shelf.push(ShelfEntry {
            document: DocumentEntry {
                id: i as i64,
                path: PathBuf::from(format!(
                    "/home/reader/Library/{:02}/document-{i}.html",
                    i % 50
                )),
                fingerprint,
                title,
                format: formats[i % formats.len()].to_owned(),
                text_bytes: 40_000 + (i as u64 * 131) % 200_000,
                words: 7_000 + (i as u64 * 37) % 30_000,
                added_s: 1_700_000_000 + i as i64,
                opened_s: (i % 4 == 0).then_some(1_760_000_000 + i as i64 * 60),
            },
            byline: (i % 5 != 0).then(|| format!("Author {}", i % 300)),
            published: (i % 2 == 0).then(|| format!("20{:02}-0{}-1{}", i % 25, 1 + i % 9, i % 10)),
            highlights: i % 7,
            tags: if i % 11 == 0 {
                vec!["history".to_owned(), format!("topic-{}", i % 20)]
            } else {
                Vec::new()
            },
        });
    }
    model
}

fn main() {
    let count: usize = std::env::var("DRAMATIS_BENCH_DOCS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000);
    let started = Instant::now();
    let mut model = model(count);
    println!(
        "library view: {count} documents (model made in {:.0} ms)",
        started.elapsed().as_secs_f64() * 1000.0
    );
    // The library's query thread makes the cells with the shelf.
    let started = Instant::now();
    model.rows = ShelfRows::new(&model.shelf);
    println!(
        "table cells made (on the library's thread): {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let mut window = Window {
        frames: Frames::new(WINDOW),
        view: LibraryView::default(),
        model,
        commands: Vec::new(),
    };
    let first = window.frame(Vec::new());
    println!("first frame: {} (sorts every row)", described(first));
    window.measure("idle", 60, |_| Vec::new());
    window.measure("scroll (wheel, 120 pt a frame)", 300, |i| {
        let mut events = vec![Event::PointerMoved(OVER_ROWS)];
        events.push(wheel(if i < 150 { 120.0 } else { -120.0 }));
        events
    });
    window.measure("arrows walking the selection", 200, |i| {
        key_press(if i < 150 {
            Key::ArrowDown
        } else {
            Key::ArrowUp
        })
    });
    window.measure("page down", 100, |_| key_press(Key::PageDown));
    // What typing in the filter does: each letter filters every row again.
    let mut typed: Vec<FrameTime> = Vec::new();
    for typed_so_far in [
        "r",
        "ri",
        "riv",
        "rive",
        "river",
        "river w",
        "river wi",
        "river win",
    ] {
        window.view.filter = typed_so_far.to_owned();
        typed.push(window.frame(Vec::new()));
    }
    frames::report("typing in the filter", &mut typed);
    window.view.filter.clear();
    // What a click on a header does: the next frame sorts every row again.
    let mut sorts: Vec<FrameTime> = Vec::new();
    for (k, column) in Column::ALL.into_iter().cycle().take(18).enumerate() {
        window.view.sort = (column, k % 2 == 0);
        sorts.push(window.frame(Vec::new()));
    }
    frames::report("frame after a header click (sort)", &mut sorts);
}
