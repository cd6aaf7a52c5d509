//! Peak memory: of `dramatis analyze` against the size of its input, and
//! with a whole book open in the reader.
//!
//! `dramatis analyze FILE --json` is measured in fresh processes (this
//! benchmark run again with `DRAMATIS_MEMORY_ANALYZE=FILE`, which runs the
//! command with its output thrown away and prints its peak resident set
//! size, `VmHWM`): on one sentence, whose peak is the fixed cost (program,
//! model, lists), on War and Peace (or the file named by
//! `DRAMATIS_BENCH_TEXT`), and on the article text of the saved web pages
//! repeated to about 3.8 MB and to eight times that. Each prints its
//! multiple: peak less the fixed cost, over the input's bytes. The book is
//! analysed twice over too, and the larger of each pair also prints the
//! growth for each byte more than the smaller: the multiple without what a
//! kind of text costs once (the pages of the word tables it reads, which
//! one sentence does not). The book is analysed as a single line too, once
//! and eight times over: one paragraph far past the length the loader
//! splits at.
//!
//! Before those (the web text it writes would raise its own peak) it loads
//! the book, analyses it, shows it in a headless reader for a few hundred
//! frames of scrolling, and prints the process's own peak.
//!
//! Run with `cargo bench --bench bench_memory`.

mod support;

#[path = "../support/webpages.rs"]
mod webpages;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use dramatis::analysis;
use dramatis::cli::{self, Command};
use dramatis::document;
use dramatis::ui::reader::ReaderView;
use dramatis::ui::{Command as ReaderCommand, ReaderState};
use egui::{
    CentralPanel, Event, Modifiers, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect,
    TouchPhase, pos2, vec2,
};

/// Names the file a child process analyses.
const CHILD: &str = "DRAMATIS_MEMORY_ANALYZE";

/// A `kB` field of `/proc/self/status`, in kilobytes.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A `kB` field of `/proc/self/status`, in megabytes.
fn status_mb(field: &str) -> Option<f64> {
    status_kb(field).map(|kb| kb as f64 / 1024.0)
}

fn main() -> anyhow::Result<()> {
    if let Some(file) = std::env::var_os(CHILD) {
        return analyze_child(PathBuf::from(file));
    }
    let path = support::bench_text_path();
    if !path.exists() {
        println!(
            "bench_memory: skipped, {} not found (set DRAMATIS_BENCH_TEXT)",
            path.display()
        );
        return Ok(());
    }
    // First, while this process's own peak is still the reader's.
    reader_peak(&path)?;
    analyze_multiples(&path)
}

/// Runs `dramatis analyze FILE --json` with its output thrown away, then
/// prints this process's peak resident set size in kilobytes.
fn analyze_child(file: PathBuf) -> anyhow::Result<()> {
    let command = Command::Analyze {
        path: file,
        json: true,
        without: analysis::RuleSet::default(),
    };
    let status = cli::run_headless(&command, &mut std::io::sink(), &mut std::io::stderr());
    if status != std::process::ExitCode::SUCCESS {
        anyhow::bail!("the analysis failed");
    }
    let peak = status_kb("VmHWM:").ok_or_else(|| anyhow::anyhow!("no VmHWM"))?;
    println!("{peak}");
    Ok(())
}

/// The peak resident set size, in bytes, of `dramatis analyze FILE --json`
/// in a fresh process.
fn analyze_peak(file: &Path) -> anyhow::Result<u64> {
    let output = Process::new(std::env::current_exe()?)
        .env(CHILD, file)
        .output()?;
    if !output.status.success() {
        anyhow::bail!(
            "analysing {} failed: {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let kb: u64 = String::from_utf8_lossy(&output.stdout).trim().parse()?;
    Ok(kb * 1024)
}

/// Prints the peak of `dramatis analyze` on one sentence, on the book and
/// on web-article text, each with its multiple of the input.
fn analyze_multiples(book: &Path) -> anyhow::Result<()> {
    let dir = std::env::temp_dir().join(format!("dramatis-bench-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let result = analyze_multiples_in(book, &dir);
    // A scratch folder left behind is no failure of the benchmark.
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn analyze_multiples_in(book: &Path, dir: &Path) -> anyhow::Result<()> {
    let sentence = dir.join("sentence.txt");
    std::fs::write(
        &sentence,
        "President Vladimir Putin met Kim Jong-un in Vladivostok.\n",
    )?;
    let fixed = analyze_peak(&sentence)?;
    println!(
        "analyze: fixed cost {:.1} MB (peak RSS on one sentence)",
        mb(fixed)
    );
    let book_text = std::fs::read(book)?;
    let twice = dir.join("book-2x.txt");
    std::fs::write(&twice, [&book_text[..], b"\n\n", &book_text[..]].concat())?;
    let mut series = vec![vec![book.to_owned(), twice]];
    // The book as one line, once and eight times over: a paragraph far past
    // the length the loader splits at.
    let one_line: Vec<u8> = book_text
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b' ' } else { b })
        .collect();
    let mut lines = Vec::new();
    for (label, times) in [("one-line-1x.txt", 1), ("one-line-8x.txt", 8)] {
        let file = dir.join(label);
        std::fs::write(&file, one_line.repeat(times))?;
        lines.push(file);
    }
    series.push(lines);
    if let Some(one) = web_text() {
        let copies = (3_800_000 / one.len()).max(1);
        let base = one.repeat(copies);
        let mut web = Vec::new();
        for (label, times) in [("web-1x.txt", 1), ("web-8x.txt", 8)] {
            let file = dir.join(label);
            std::fs::write(&file, base.repeat(times))?;
            web.push(file);
        }
        series.push(web);
    } else {
        println!("analyze: no saved web pages; web text skipped");
    }
    for inputs in series {
        print_series(&inputs, fixed)?;
    }
    Ok(())
}

/// Prints the peak of `dramatis analyze` on each of `inputs` (the same
/// kind of text, growing): its multiple of the input beyond the `fixed`
/// cost and, from the second on, the growth for each byte more than the one
/// before. The second leaves out what does not grow with the text, such as
/// the pages of the word tables a text of that kind reads.
fn print_series(inputs: &[PathBuf], fixed: u64) -> anyhow::Result<()> {
    let mut previous: Option<(u64, u64)> = None;
    for input in inputs {
        let bytes = std::fs::metadata(input)?.len();
        let peak = analyze_peak(input)?;
        let marginal = previous
            .filter(|&(before, _)| bytes > before)
            .map(|(before, peak_before)| {
                let growth = peak.saturating_sub(peak_before) as f64 / (bytes - before) as f64;
                format!("; {growth:.2}x for each byte more")
            })
            .unwrap_or_default();
        println!(
            "analyze: {} ({:.1} MB): peak RSS {:.1} MB, {:.2}x the input beyond the fixed cost{marginal}",
            input.file_name().unwrap_or_default().to_string_lossy(),
            mb(bytes),
            mb(peak),
            peak.saturating_sub(fixed) as f64 / bytes.max(1) as f64
        );
        previous = Some((bytes, peak));
    }
    Ok(())
}

/// Bytes in megabytes (10^6 bytes).
fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// The article text of the saved web pages, one after another, as
/// `bench_analysis` builds it.
fn web_text() -> Option<String> {
    let corpus = webpages::corpus_dir()?;
    let mut one = String::new();
    for dir in webpages::page_dirs(&corpus) {
        if let Ok(doc) = document::load(&dir.join("source.html")) {
            one.push_str(&doc.text);
            one.push_str("\n\n");
        }
    }
    (!one.is_empty()).then_some(one)
}

/// Prints the peak of this process with the book open in a headless reader
/// for 600 frames of scrolling.
fn reader_peak(path: &Path) -> anyhow::Result<()> {
    let before = status_mb("VmHWM:").unwrap_or(0.0);
    let doc = document::load(path)?;
    let analysis = analysis::analyze(&doc.text, &doc.block_spans(), &mut |_| {});
    let after_analysis = status_mb("VmHWM:").unwrap_or(0.0);

    let ctx = egui::Context::default();
    let mut view = ReaderView::new(&doc, &analysis);
    let mut state = ReaderState::default();
    let mut commands: Vec<ReaderCommand> = Vec::new();
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
