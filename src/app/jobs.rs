//! Background work: loading and analysing a file, saving notes, reading
//! notes from a file (an import, an old notes file), and the open-file
//! dialog.
//!
//! Each job runs on its own named thread and reports through a channel that
//! the app polls once a frame, so a frame never waits on the disk, the
//! analysis or the dialog.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use crate::analysis::book::BookFigures;
use crate::analysis::{self, Analysis, AnalyzeOptions};
use crate::annotations::merge::Base;
use crate::annotations::store::{LEFTOVER_AGE, Opened, Saved, Store};
use crate::annotations::{Annotations, Dictionary, corrections};
use crate::document::{self, Document};
use crate::export::{self, ImportReport, MAX_IMPORT_BYTES};

/// A loaded and analysed document with the reader's notes on it, ready to show.
#[derive(Debug)]
pub struct Loaded {
    /// The document.
    pub document: Document,
    /// The tagger's analysis, before the reader's corrections.
    pub tagged: Analysis,
    /// The analysis shown: the tagger's with the reader's corrections applied.
    pub analysis: Analysis,
    /// Number of words in the text, for the status line.
    pub words: usize,
    /// The reader's highlights, notes and corrections on this text.
    pub annotations: Annotations,
    /// The notes file this document's notes replace once saved (the text
    /// was edited in place and the notes were found by path).
    pub replaces: Option<PathBuf>,
    /// What the window last read from (or handed to be written to) the
    /// notes file, so a save merges changes made elsewhere since.
    pub base: Base,
    /// What went wrong reading the notes (files moved aside), in sentences.
    pub notes_problems: Vec<String>,
    /// How many highlights could not be found in the changed text.
    pub orphaned: usize,
    /// The book view's figures of the shown analysis (empty for a text
    /// without chapters), made with it so no frame computes them.
    pub figures: BookFigures,
}

impl Loaded {
    /// Analyses a document on the calling thread (for the bundled sample and tests).
    pub fn analyse_now(mut document: Document) -> Self {
        let analysis =
            analysis::analyze_document(&mut document, &AnalyzeOptions::default(), &mut |_| {});
        Self::new(document, analysis)
    }

    /// Bundles a document with an analysis made elsewhere, with no notes.
    pub fn new(document: Document, analysis: Analysis) -> Self {
        let words = document.text.split_whitespace().count();
        let annotations = Annotations::new(&document.text, document.path.clone(), &document.title);
        let figures = figures_of(&document, &analysis);
        Self {
            document,
            tagged: analysis.clone(),
            analysis,
            words,
            annotations,
            replaces: None,
            base: Base::default(),
            notes_problems: Vec::new(),
            orphaned: 0,
            figures,
        }
    }

    /// Takes the reader's notes on this text from `store` and applies their
    /// corrections and the personal `dictionary` to the analysis.
    pub fn with_notes(mut self, store: &Store, dictionary: &Dictionary) -> Self {
        let doc = &self.document;
        let opened = store.open(&doc.text, doc.path.as_deref(), &doc.title);
        self.take_opened(opened, dictionary);
        self
    }

    /// Uses notes opened from a file (the reader chose an old notes file).
    pub fn take_opened(&mut self, opened: Opened, dictionary: &Dictionary) {
        self.orphaned = opened.reanchored.map_or(0, |r| r.orphaned);
        self.annotations = opened.annotations;
        self.replaces = opened.replaces;
        self.base = opened.base;
        self.notes_problems = opened.problems;
        self.correct(dictionary);
    }

    /// Recomputes the shown analysis from the tagger's and the corrections.
    pub fn correct(&mut self, dictionary: &Dictionary) {
        self.analysis = corrections::apply(
            &self.document.text,
            &self.tagged,
            &self.annotations.corrections,
            dictionary,
        );
        self.figures = figures_of(&self.document, &self.analysis);
    }
}

/// The book view's figures, for a document with chapters.
fn figures_of(document: &Document, analysis: &Analysis) -> BookFigures {
    if document.sections.is_empty() {
        BookFigures::default()
    } else {
        BookFigures::new(analysis, &document.block_spans())
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
    pub fn start(
        path: PathBuf,
        notes: Option<(Store, Dictionary)>,
        wake: impl Fn() + Send + 'static,
    ) -> anyhow::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        let thread_path = path.clone();
        std::thread::Builder::new()
            .name("dramatis-load".to_owned())
            .spawn(move || {
                let loaded =
                    load_and_analyse(&thread_path, &sender, &wake).map(|loaded| match &notes {
                        Some((store, dictionary)) => loaded.with_notes(store, dictionary),
                        None => loaded,
                    });
                let message = match loaded {
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
    let mut document = document::load(path).map_err(|err| capitalise(&err.to_string()))?;
    let _ = sender.send(LoadMessage::Phase(Phase::Analysing(0.0)));
    wake();
    // Report at most once per percent so the channel stays quiet.
    let mut last_percent = 0;
    let options = AnalyzeOptions::default();
    let analysis = analysis::analyze_document(&mut document, &options, &mut |fraction| {
        let percent = (fraction * 100.0) as u32;
        if percent > last_percent {
            last_percent = percent;
            let _ = sender.send(LoadMessage::Phase(Phase::Analysing(fraction)));
            wake();
        }
    });
    Ok(Loaded::new(document, analysis))
}

/// What a [`NotesJob`] brings back for the open document.
pub enum NotesFound {
    /// W3C annotations read from a file and found in the text.
    Imported(ImportReport),
    /// The notes of an old notes file (the reader chose it), found again in
    /// the text.
    FromFile(Box<Opened>),
}

/// Notes being read from a file and found in the open text on a thread of
/// their own: an import of W3C annotations, or an old notes file the reader
/// chose. A large file, or a long quote to find again, takes seconds that
/// the window does not wait.
pub struct NotesJob {
    /// The file read.
    pub path: PathBuf,
    /// The fingerprint of the text the notes are found in, so that the
    /// result is not given to a document opened since.
    pub fingerprint: String,
    receiver: Receiver<Result<NotesFound, String>>,
}

impl NotesJob {
    /// Starts reading W3C annotations from `path` (a regular file, at most
    /// [`MAX_IMPORT_BYTES`]) and finding them in `document`'s text.
    pub fn import(
        path: PathBuf,
        document: &Document,
        fingerprint: String,
        wake: impl Fn() + Send + 'static,
    ) -> anyhow::Result<Self> {
        let text = document.text.clone();
        let thread_path = path.clone();
        Self::start(path, fingerprint, "dramatis-import", wake, move || {
            read_and_find(&thread_path, &text).map(NotesFound::Imported)
        })
    }

    /// Starts taking the notes in the old notes file `path` for `document`
    /// (see [`Store::open_file`]).
    pub fn notes_file(
        path: PathBuf,
        store: Store,
        document: &Document,
        fingerprint: String,
        wake: impl Fn() + Send + 'static,
    ) -> anyhow::Result<Self> {
        let text = document.text.clone();
        let document_path = document.path.clone();
        let title = document.title.clone();
        let thread_path = path.clone();
        Self::start(path, fingerprint, "dramatis-notes-file", wake, move || {
            store
                .open_file(&thread_path, &text, document_path.as_deref(), &title)
                .map(|opened| NotesFound::FromFile(Box::new(opened)))
                .map_err(|err| capitalise(&err.to_string()))
        })
    }

    fn start(
        path: PathBuf,
        fingerprint: String,
        thread: &str,
        wake: impl Fn() + Send + 'static,
        work: impl FnOnce() -> Result<NotesFound, String> + Send + 'static,
    ) -> anyhow::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        std::thread::Builder::new()
            .name(thread.to_owned())
            .spawn(move || {
                // Nobody listens when the window closed meanwhile.
                let _ = sender.send(work());
                wake();
            })
            .map_err(|err| {
                anyhow::anyhow!(
                    "Could not start reading the notes ({err}): {}",
                    path.display()
                )
            })?;
        Ok(Self {
            path,
            fingerprint,
            receiver,
        })
    }

    /// The job's result once it is done; `None` while it works.
    pub fn poll(&mut self) -> Option<Result<NotesFound, String>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(format!(
                "Reading the notes stopped unexpectedly: {}",
                self.path.display()
            ))),
        }
    }
}

/// An export being written on a thread named `dramatis-export`: the file
/// may be on a slow or network disk, and a complete write is flushed to it.
/// The export's text is made before, on the window's thread (a few
/// milliseconds for a whole book's notes).
pub struct ExportJob {
    /// The file written.
    pub path: PathBuf,
    /// What the window says once the file is written.
    pub done_notice: String,
    receiver: Receiver<Result<(), String>>,
}

impl ExportJob {
    /// Starts writing `text` to `path` as `dramatis export -o` writes: a
    /// file atomically, through a link, into a pipe or device.
    pub fn start(
        path: PathBuf,
        text: String,
        done_notice: String,
        wake: impl Fn() + Send + 'static,
    ) -> anyhow::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        let thread_path = path.clone();
        std::thread::Builder::new()
            .name("dramatis-export".to_owned())
            .spawn(move || {
                let written =
                    crate::files::write_output(&thread_path, text.as_bytes()).map_err(|err| {
                        format!(
                            "The notes could not be exported ({err}): {}",
                            thread_path.display()
                        )
                    });
                let _ = sender.send(written);
                wake();
            })
            .map_err(|err| {
                anyhow::anyhow!("Could not start the export ({err}): {}", path.display())
            })?;
        Ok(Self {
            path,
            done_notice,
            receiver,
        })
    }

    /// Whether the file was written, once it is done; `None` while it works.
    pub fn poll(&mut self) -> Option<Result<(), String>> {
        match self.receiver.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(format!(
                "The export stopped unexpectedly: {}",
                self.path.display()
            ))),
        }
    }
}

/// Reads the annotations in `path` and finds them in `text`; the error is a
/// sentence naming the file.
fn read_and_find(path: &Path, text: &str) -> Result<ImportReport, String> {
    let json = crate::files::read_regular_to_string(path, MAX_IMPORT_BYTES)
        .map_err(|err| format!("The notes could not be read ({err}): {}", path.display()))?;
    export::import_w3c(&json, text, jiff::Timestamp::now()).map_err(|err| {
        format!(
            "The notes could not be imported ({err}): {}",
            path.display()
        )
    })
}

/// The message with its first letter in upper case.
fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// What the notes writer is asked to do.
enum Task {
    /// Merge `annotations` (read as `base`) into their file and write it,
    /// then remove `replaces`; write the dictionary too when given.
    Save {
        base: Box<Base>,
        annotations: Box<Annotations>,
        replaces: Option<PathBuf>,
        dictionary: Option<Dictionary>,
    },
    /// Read the notes file of the text with this fingerprint again.
    Reread(String),
}

/// A request to the notes writer.
struct SaveRequest {
    store: Store,
    task: Task,
    /// Numbers the requests, so the window knows which is the latest.
    seq: u64,
    done: Option<mpsc::Sender<()>>,
}

/// What the notes writer found in a notes file after a save or a re-read.
#[derive(Debug)]
pub struct Synced {
    /// The request's number.
    pub seq: u64,
    /// The notes handed to be saved; `None` for a re-read.
    pub sent: Option<Annotations>,
    /// What is in the file now.
    pub saved: Saved,
}

/// Writes the reader's notes on a thread named `dramatis-save`, so a frame
/// never waits on the disk. Requests are written in order; when several are
/// waiting only the newest of each document is written (merged from the
/// base of the oldest, so nothing a skipped one held is taken for deleted
/// elsewhere). Each save reads the file again under its lock and merges
/// what others wrote since (see [`Store::save_merged`]).
pub struct SaveJob {
    sender: mpsc::Sender<SaveRequest>,
    errors: Receiver<String>,
    synced: Receiver<Synced>,
    last_seq: u64,
}

impl SaveJob {
    /// Starts the writer thread, which first tidies `store` of temporary
    /// files left by a crash; `wake` asks the window to repaint when a
    /// write failed or a file was read.
    pub fn start(store: Store, wake: impl Fn() + Send + 'static) -> anyhow::Result<Self> {
        let (sender, requests) = mpsc::channel::<SaveRequest>();
        let (error_sender, errors) = mpsc::channel();
        let (synced_sender, synced) = mpsc::channel();
        std::thread::Builder::new()
            .name("dramatis-save".to_owned())
            .spawn(move || {
                // What a crash mid-write left behind, off the window's thread.
                store.sweep_leftovers(LEFTOVER_AGE);
                while let Ok(first) = requests.recv() {
                    let mut batch = vec![first];
                    batch.extend(requests.try_iter());
                    let mut carried: HashMap<String, Base> = HashMap::new();
                    for k in 0..batch.len() {
                        let request = &batch[k];
                        let outcome = match &request.task {
                            Task::Reread(fingerprint) => {
                                request.store.reread(fingerprint).map(|saved| {
                                    Ok(Synced {
                                        seq: request.seq,
                                        sent: None,
                                        saved,
                                    })
                                })
                            }
                            Task::Save {
                                base,
                                annotations,
                                replaces,
                                dictionary,
                            } => {
                                let newer_same = batch[k + 1..].iter().any(|r| match &r.task {
                                    Task::Save {
                                        annotations: a,
                                        dictionary: d,
                                        ..
                                    } => {
                                        a.fingerprint == annotations.fingerprint
                                            && d.is_none() == dictionary.is_none()
                                    }
                                    Task::Reread(_) => false,
                                });
                                if newer_same && request.done.is_none() {
                                    carried
                                        .entry(annotations.fingerprint.clone())
                                        .or_insert_with(|| (**base).clone());
                                    continue;
                                }
                                let base = carried
                                    .remove(&annotations.fingerprint)
                                    .unwrap_or_else(|| (**base).clone());
                                Some(
                                    save(&request.store, &base, annotations, replaces, dictionary)
                                        .map(|saved| Synced {
                                            seq: request.seq,
                                            sent: Some((**annotations).clone()),
                                            saved,
                                        }),
                                )
                            }
                        };
                        match outcome {
                            Some(Ok(synced)) => {
                                let _ = synced_sender.send(synced);
                                wake();
                            }
                            Some(Err(err)) => {
                                let _ = error_sender.send(format!(
                                    "Your notes could not be saved; they are kept in the window \
                                     and saving is tried again on the next change. {err}"
                                ));
                                wake();
                            }
                            None => {}
                        }
                        if let Some(done) = &request.done {
                            let _ = done.send(());
                        }
                    }
                }
            })
            .map_err(|err| anyhow::anyhow!("Could not start the notes writer: {err}"))?;
        Ok(Self {
            sender,
            errors,
            synced,
            last_seq: 0,
        })
    }

    /// Queues the notes (and the dictionary, when given) to be merged with
    /// their file and written; `base` is what the window last read. With
    /// `wait`, returns once they are written.
    pub fn save(
        &mut self,
        store: &Store,
        base: &Base,
        annotations: &Annotations,
        replaces: Option<&Path>,
        dictionary: Option<&Dictionary>,
        wait: bool,
    ) {
        let task = Task::Save {
            base: Box::new(base.clone()),
            annotations: Box::new(annotations.clone()),
            replaces: replaces.map(Path::to_owned),
            dictionary: dictionary.cloned(),
        };
        self.send(store, task, wait);
    }

    /// Asks for the notes file of the text with `fingerprint` to be read
    /// again; the answer comes through [`SaveJob::poll_synced`].
    pub fn reread(&mut self, store: &Store, fingerprint: &str) {
        self.send(store, Task::Reread(fingerprint.to_owned()), false);
    }

    fn send(&mut self, store: &Store, task: Task, wait: bool) {
        let (done, finished) = if wait {
            let (done, finished) = mpsc::channel();
            (Some(done), Some(finished))
        } else {
            (None, None)
        };
        self.last_seq += 1;
        let request = SaveRequest {
            store: store.clone(),
            task,
            seq: self.last_seq,
            done,
        };
        if self.sender.send(request).is_ok()
            && let Some(finished) = finished
        {
            let _ = finished.recv_timeout(Duration::from_secs(10));
        }
    }

    /// The number of the latest request.
    pub fn last_seq(&self) -> u64 {
        self.last_seq
    }

    /// A write failure since the last poll, if any.
    pub fn poll_error(&self) -> Option<String> {
        self.errors.try_recv().ok()
    }

    /// What a save or re-read found in a notes file since the last poll, if any.
    pub fn poll_synced(&self) -> Option<Synced> {
        self.synced.try_recv().ok()
    }
}

/// Saves the notes merged, then the dictionary when given.
fn save(
    store: &Store,
    base: &Base,
    annotations: &Annotations,
    replaces: &Option<PathBuf>,
    dictionary: &Option<Dictionary>,
) -> Result<Saved, crate::annotations::store::StoreError> {
    let saved = store.save_merged(base, annotations, replaces.as_deref())?;
    if let Some(dictionary) = dictionary {
        store.save_dictionary(dictionary)?;
    }
    Ok(saved)
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

/// What a file dialog was shown for.
#[derive(Clone, Debug, PartialEq)]
pub enum DialogPurpose {
    /// Open an article.
    Open,
    /// Save the notes in this format.
    Export(crate::export::ExportFormat),
    /// Import W3C annotations.
    Import,
    /// Take notes from an old notes file (the article moved or was renamed).
    NotesFile,
    /// Add a folder's documents to the library.
    AddFolder,
}

/// A file dialog running on its own thread.
pub struct DialogJob {
    /// What it was shown for.
    pub purpose: DialogPurpose,
    receiver: Receiver<DialogAnswer>,
}

/// A dialog that answers "nothing" faster than this was never on screen: no
/// person finds and presses Cancel in a quarter of a second.
const NO_DIALOG_THRESHOLD: Duration = Duration::from_millis(250);

impl DialogJob {
    /// Shows the open-file dialog on a thread named `dramatis-file-dialog`.
    pub fn start(
        purpose: DialogPurpose,
        start_dir: Option<PathBuf>,
        file_name: String,
        wake: impl Fn() + Send + 'static,
    ) -> anyhow::Result<Self> {
        let (sender, receiver) = mpsc::channel();
        let thread_purpose = purpose.clone();
        std::thread::Builder::new()
            .name("dramatis-file-dialog".to_owned())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new();
                if let Some(dir) = start_dir {
                    dialog = dialog.set_directory(dir);
                }
                let started = Instant::now();
                let picked = match thread_purpose {
                    DialogPurpose::Open => dialog
                        .set_title("Open an article")
                        .add_filter(
                            "Articles and e-books",
                            &[
                                "txt", "text", "md", "markdown", "html", "htm", "xhtml", "mhtml",
                                "mht", "epub",
                            ],
                        )
                        .add_filter("All files", &["*"])
                        .pick_file(),
                    DialogPurpose::Export(format) => dialog
                        .set_title("Export notes")
                        .set_file_name(file_name)
                        .add_filter(format.label(), &[format.extension()])
                        .save_file(),
                    DialogPurpose::Import => dialog
                        .set_title("Import notes (W3C Web Annotations)")
                        .add_filter("W3C annotations", &["json", "jsonld"])
                        .add_filter("All files", &["*"])
                        .pick_file(),
                    DialogPurpose::NotesFile => dialog
                        .set_title("Choose the old notes file")
                        .add_filter("Dramatis notes", &["ron"])
                        .pick_file(),
                    DialogPurpose::AddFolder => dialog
                        .set_title("Add a folder to the library")
                        .pick_folder(),
                };
                let answer = classify(picked, started.elapsed(), dialog_backend_present());
                let _ = sender.send(answer);
                wake();
            })
            .map_err(|err| anyhow::anyhow!("Could not show the file dialog: {err}"))?;
        Ok(Self { purpose, receiver })
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
