//! Background work: loading and analysing a file, and the open-file dialog.
//!
//! Each job runs on its own named thread and reports through a channel that
//! the app polls once a frame, so a frame never waits on the disk, the
//! analysis or the dialog.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::analysis::{self, Analysis};
use crate::document::{self, Document};

/// A loaded and analysed document, ready to show.
#[derive(Debug)]
pub struct Loaded {
    /// The document.
    pub document: Document,
    /// Its analysis.
    pub analysis: Analysis,
    /// Number of words in the text, for the status line.
    pub words: usize,
}

impl Loaded {
    /// Analyses a document on the calling thread (for the bundled sample and tests).
    pub fn analyse_now(document: Document) -> Self {
        let analysis = analysis::analyze(&document.text, &document.block_spans(), &mut |_| {});
        Self::new(document, analysis)
    }

    /// Bundles a document with an analysis made elsewhere.
    pub fn new(document: Document, analysis: Analysis) -> Self {
        let words = document.text.split_whitespace().count();
        Self {
            document,
            analysis,
            words,
        }
    }
}

/// Where a load job is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Phase {
    /// Reading and parsing the file.
    Loading,
    /// Tagging; the fraction done, 0.0 to 1.0.
    Analysing(f32),
}

enum LoadMessage {
    Phase(Phase),
    Done(Box<Loaded>),
    Failed(String),
}

/// What polling a load job found.
pub enum LoadPoll {
    /// Still working.
    Busy,
    /// Finished.
    Done(Box<Loaded>),
    /// Failed; the message names the file.
    Failed(String),
}

/// A file being loaded and analysed on a background thread.
pub struct LoadJob {
    /// The file.
    pub path: PathBuf,
    /// Its latest reported phase.
    pub phase: Phase,
    receiver: Receiver<LoadMessage>,
}

impl LoadJob {
    /// Starts loading `path` on a thread named `dramatis-load`. `wake` is
    /// called whenever there is news, to ask the window for a repaint.
    pub fn start(path: PathBuf, wake: impl Fn() + Send + 'static) -> anyhow::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        let thread_path = path.clone();
        std::thread::Builder::new()
            .name("dramatis-load".to_owned())
            .spawn(move || {
                let message = match load_and_analyse(&thread_path, &sender, &wake) {
                    Ok(loaded) => LoadMessage::Done(Box::new(loaded)),
                    Err(message) => LoadMessage::Failed(message),
                };
                // The app may have dropped the job (a newer open replaced it);
                // then nobody is listening and the result is discarded.
                let _ = sender.send(message);
                wake();
            })
            .map_err(|err| {
                anyhow::anyhow!("Could not start loading ({err}): {}", path.display())
            })?;
        Ok(Self {
            path,
            phase: Phase::Loading,
            receiver,
        })
    }

    /// Takes the job's news since the last poll.
    pub fn poll(&mut self) -> LoadPoll {
        loop {
            match self.receiver.try_recv() {
                Ok(LoadMessage::Phase(phase)) => self.phase = phase,
                Ok(LoadMessage::Done(loaded)) => return LoadPoll::Done(loaded),
                Ok(LoadMessage::Failed(message)) => return LoadPoll::Failed(message),
                Err(TryRecvError::Empty) => return LoadPoll::Busy,
                Err(TryRecvError::Disconnected) => {
                    return LoadPoll::Failed(format!(
                        "Loading stopped unexpectedly: {}",
                        self.path.display()
                    ));
                }
            }
        }
    }
}

fn load_and_analyse(
    path: &Path,
    sender: &mpsc::Sender<LoadMessage>,
    wake: &dyn Fn(),
) -> Result<Loaded, String> {
    let document = document::load(path).map_err(|err| capitalise(&err.to_string()))?;
    let _ = sender.send(LoadMessage::Phase(Phase::Analysing(0.0)));
    wake();
    // Report at most once per percent so the channel stays quiet.
    let mut last_percent = 0;
    let analysis = analysis::analyze(&document.text, &document.block_spans(), &mut |fraction| {
        let percent = (fraction * 100.0) as u32;
        if percent > last_percent {
            last_percent = percent;
            let _ = sender.send(LoadMessage::Phase(Phase::Analysing(fraction)));
            wake();
        }
    });
    Ok(Loaded::new(document, analysis))
}

/// The message with its first letter in upper case.
fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the open-file dialog answered.
#[derive(Debug, PartialEq)]
pub enum DialogAnswer {
    /// The person picked this file.
    Picked(PathBuf),
    /// The person closed the dialog without picking.
    Cancelled,
    /// No dialog could be shown on this system.
    Unavailable,
}

/// An open-file dialog running on its own thread.
pub struct DialogJob {
    receiver: Receiver<DialogAnswer>,
}

/// A dialog that answers "nothing" faster than this was never on screen: no
/// person finds and presses Cancel in a quarter of a second.
const NO_DIALOG_THRESHOLD: Duration = Duration::from_millis(250);

impl DialogJob {
    /// Shows the open-file dialog on a thread named `dramatis-file-dialog`.
    pub fn start(
        start_dir: Option<PathBuf>,
        wake: impl Fn() + Send + 'static,
    ) -> anyhow::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name("dramatis-file-dialog".to_owned())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new()
                    .set_title("Open an article")
                    .add_filter("Articles", &["txt", "text", "md", "markdown"])
                    .add_filter("All files", &["*"]);
                if let Some(dir) = start_dir {
                    dialog = dialog.set_directory(dir);
                }
                let started = Instant::now();
                let picked = dialog.pick_file();
                let answer = classify(picked, started.elapsed(), dialog_backend_present());
                let _ = sender.send(answer);
                wake();
            })
            .map_err(|err| anyhow::anyhow!("Could not show the file dialog: {err}"))?;
        Ok(Self { receiver })
    }

    /// The dialog's answer once it has one.
    pub fn poll(&self) -> Option<DialogAnswer> {
        match self.receiver.try_recv() {
            Ok(answer) => Some(answer),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(DialogAnswer::Unavailable),
        }
    }
}

/// Tells a cancelled dialog from one that could not be shown.
///
/// rfd answers `None` both when the person cancels and when no dialog backend
/// exists (on Linux: no xdg-desktop-portal reachable and no `zenity`), and it
/// only logs the difference. We tell them apart by two signs: whether a
/// backend is installed at all, and how fast the answer came, since a dialog
/// that was really on screen takes a person well over a quarter of a second
/// to cancel. Either sign alone says "unavailable".
pub fn classify(picked: Option<PathBuf>, elapsed: Duration, backend_present: bool) -> DialogAnswer {
    match picked {
        Some(path) => DialogAnswer::Picked(path),
        None if !backend_present || elapsed < NO_DIALOG_THRESHOLD => DialogAnswer::Unavailable,
        None => DialogAnswer::Cancelled,
    }
}

/// Whether a file dialog backend looks installed. Only Linux and the BSDs
/// can lack one; elsewhere the system always provides a dialog.
fn dialog_backend_present() -> bool {
    if !cfg!(any(
        target_os = "linux",
        target_os = "freebsd",
        target_os = "openbsd",
        target_os = "netbsd",
        target_os = "dragonfly"
    )) {
        return true;
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
    };
    let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && [
            "/usr/libexec/xdg-desktop-portal",
            "/usr/lib/xdg-desktop-portal",
            "/usr/lib/x86_64-linux-gnu/xdg-desktop-portal",
            "/usr/local/libexec/xdg-desktop-portal",
        ]
        .iter()
        .any(|p| Path::new(p).exists());
    portal || on_path("zenity") || on_path("xdg-desktop-portal")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialog_answers_are_classified() {
        let slow = Duration::from_secs(3);
        let fast = Duration::from_millis(20);
        let file = || Some(PathBuf::from("/tmp/a.txt"));
        let cases = [
            (
                file(),
                fast,
                false,
                DialogAnswer::Picked(PathBuf::from("/tmp/a.txt")),
            ),
            (None, slow, true, DialogAnswer::Cancelled),
            (None, fast, true, DialogAnswer::Unavailable),
            (None, slow, false, DialogAnswer::Unavailable),
        ];
        for (picked, elapsed, present, expected) in cases {
            assert_eq!(classify(picked, elapsed, present), expected);
        }
    }
}
