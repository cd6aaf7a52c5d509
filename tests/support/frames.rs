//! Frame timing shared by the window benchmarks: a headless egui context
//! run frame by frame, each frame's cost taken as the CPU time of the
//! thread that ran it (egui's pass plus tessellation) and as wall time, and
//! a report of both.
//!
//! CPU time is the thread's own (`CLOCK_THREAD_CPUTIME_ID`): other
//! processes on a loaded machine do not add to it, while they do add to
//! the wall time, which is what a person waits.

#![allow(dead_code)]

use std::time::{Duration, Instant};

use egui::{Event, Key, Modifiers, MouseWheelSource, MouseWheelUnit, Pos2, RawInput, Rect, Vec2};

/// What one frame cost.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct FrameTime {
    /// CPU time of the thread that ran the frame.
    pub cpu: Duration,
    /// Wall time from the frame's start to its end.
    pub wall: Duration,
}

/// The CPU time this thread has used so far.
pub fn thread_cpu_time() -> Duration {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    // The clock counts from zero: neither part is negative.
    Duration::new(
        u64::try_from(now.tv_sec).unwrap_or(0),
        u32::try_from(now.tv_nsec).unwrap_or(0),
    )
}

/// A headless window of `size` points, its clock stepped 1/60 s a frame.
pub struct Frames {
    /// The window's context.
    pub ctx: egui::Context,
    size: Vec2,
    time: f64,
}

impl Frames {
    /// A window of `size` points whose fonts are loaded: a blank frame has
    /// run, so the first frame measured is the view's own cost.
    pub fn new(size: Vec2) -> Self {
        let mut frames = Self {
            ctx: egui::Context::default(),
            size,
            time: 0.0,
        };
        frames.time += 1.0 / 60.0;
        let _ = frames.ctx.run_ui(RawInput::default(), |_| {});
        frames
    }

    /// Runs one frame of `draw` with `events` and returns its cost.
    pub fn frame(&mut self, events: Vec<Event>, draw: impl FnMut(&mut egui::Ui)) -> FrameTime {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, self.size)),
            time: Some(self.time),
            predicted_dt: 1.0 / 60.0,
            events,
            ..RawInput::default()
        };
        let wall = Instant::now();
        let cpu = thread_cpu_time();
        let output = self.ctx.run_ui(input, draw);
        let primitives = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        let time = FrameTime {
            cpu: thread_cpu_time().saturating_sub(cpu),
            wall: wall.elapsed(),
        };
        std::hint::black_box(primitives);
        time
    }

    /// Runs `count` frames of `draw`, `events(i)` giving each frame's
    /// input, and reports them as `name`.
    pub fn measure(
        &mut self,
        name: &str,
        count: usize,
        mut events: impl FnMut(usize) -> Vec<Event>,
        mut draw: impl FnMut(&mut egui::Ui),
    ) -> Vec<FrameTime> {
        let mut times: Vec<FrameTime> = (0..count)
            .map(|i| self.frame(events(i), &mut draw))
            .collect();
        report(name, &mut times);
        times
    }
}

/// The median, 95th percentile and maximum of `times`, in milliseconds:
/// thread CPU time, then wall time.
pub fn report(name: &str, times: &mut [FrameTime]) {
    if times.is_empty() {
        println!("{name:<36} no frames");
        return;
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut cpu: Vec<Duration> = times.iter().map(|t| t.cpu).collect();
    let mut wall: Vec<Duration> = times.iter().map(|t| t.wall).collect();
    cpu.sort_unstable();
    wall.sort_unstable();
    let at =
        |sorted: &[Duration], q: f64| ms(sorted[((sorted.len() - 1) as f64 * q).round() as usize]);
    println!(
        "{name:<36} frames {:>5}  cpu median {:>6.3} p95 {:>6.3} max {:>7.3} ms  \
         wall median {:>6.3} p95 {:>6.3} max {:>7.3} ms",
        times.len(),
        at(&cpu, 0.5),
        at(&cpu, 0.95),
        at(&cpu, 1.0),
        at(&wall, 0.5),
        at(&wall, 0.95),
        at(&wall, 1.0),
    );
}

/// A turn of the mouse wheel by `dy` points (down when positive).
pub fn wheel(dy: f32) -> Event {
    Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: egui::vec2(0.0, -dy),
        phase: egui::TouchPhase::Move,
        source: MouseWheelSource::Wheel,
        modifiers: Modifiers::NONE,
    }
}

/// `key` going down (`pressed`) or up, with `modifiers`.
pub fn key_with(key: Key, pressed: bool, modifiers: Modifiers) -> Event {
    Event::Key {
        key,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers,
    }
}

/// `key` going down or up.
pub fn key(key: Key, pressed: bool) -> Event {
    key_with(key, pressed, Modifiers::NONE)
}

/// A press of `key`: down, then up.
pub fn key_press(key: Key) -> Vec<Event> {
    vec![self::key(key, true), self::key(key, false)]
}

/// One frame's cost as words: `cpu 1.234 ms, wall 1.456 ms`.
pub fn described(time: FrameTime) -> String {
    format!(
        "cpu {:.3} ms, wall {:.3} ms",
        time.cpu.as_secs_f64() * 1000.0,
        time.wall.as_secs_f64() * 1000.0
    )
}
