//! The app's side of the library: starting its threads, turning their news
//! into the library view's model, applying the library's commands, and
//! going to a passage once its document is open.

use std::path::{Path, PathBuf};

use super::DramatisApp;
use super::library_jobs::{LibraryJob, LibraryNews};
use crate::library::AddReport;
use crate::span::{CharIndex, Span};
use crate::ui::library_view::{AddOutcome, AddProgress, LibraryStatus};
use crate::ui::{Command, MainView, chrome};

impl DramatisApp {
    /// Starts the library's threads (once), on the database beside the
    /// notes; with no data folder the library view says why there is none.
    pub(super) fn start_library(&mut self) {
        if self.library.is_some() {
            return;
        }
        let Some(store) = &self.store else {
            self.library_model.status = LibraryStatus::Failed(
                "The library needs a data folder to keep its index in, and this system has none."
                    .to_owned(),
            );
            return;
        };
        let path = store.root().join(crate::library::FILE_NAME);
        let ctx = self.ctx.clone();
        let wake = move || {
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
        };
        match LibraryJob::start(path, wake) {
            Ok(job) => {
                self.library = Some(job);
                self.library_model.status = LibraryStatus::Starting;
            }
            Err(err) => self.library_model.status = LibraryStatus::Failed(err.to_string()),
        }
    }

    /// A document from a file was opened: it joins the library (off this
    /// thread) and its last opening is noted.
    pub(super) fn library_opened(&mut self, path: &Path) {
        self.start_library();
        if let Some(library) = &self.library {
            library.opened(path.to_owned());
        }
    }

    /// Starts adding a folder (or file) to the library in the background,
    /// as File ▸ Add folder to library… does, and shows the library.
    pub fn add_to_library(&mut self, path: PathBuf) {
        self.start_library();
        let Some(library) = &self.library else {
            if let LibraryStatus::Failed(message) = &self.library_model.status {
                self.error = Some(message.clone());
            }
            return;
        };
        let path = std::path::absolute(&path).unwrap_or(path);
        self.library_model.outcome = None;
        self.library_model.progress = Some(AddProgress {
            label: format!("Adding {}", chrome::file_name(&path)),
            done: 0,
            total: 0,
            asked: true,
        });
        library.add(vec![path]);
        self.state.view = MainView::Library;
    }

    /// Takes the library's news into the view's model.
    pub(super) fn poll_library(&mut self) {
        let Some(library) = &self.library else { return };
        let mut news = Vec::new();
        while let Some(item) = library.poll() {
            news.push(item);
        }
        for item in news {
            self.take_library_news(item);
        }
    }

    fn take_library_news(&mut self, news: LibraryNews) {
        let model = &mut self.library_model;
        match news {
            LibraryNews::Ready(warnings) => {
                model.status = LibraryStatus::Ready;
                if !warnings.is_empty() {
                    self.notice = Some(warnings.join(" "));
                }
            }
            LibraryNews::Failed(message) => {
                if model.status == LibraryStatus::Starting {
                    model.status = LibraryStatus::Failed(message.clone());
                }
                model.progress = None;
                self.error = Some(message);
            }
            LibraryNews::Progress { label, done, total } => {
                // An add the reader asked for keeps its Cancel.
                let asked = model.progress.as_ref().is_some_and(|p| p.asked);
                model.progress = Some(AddProgress {
                    label,
                    done,
                    total,
                    asked,
                });
            }
            LibraryNews::Added {
                paths,
                report,
                cancelled,
            } => {
                model.progress = None;
                let changed = !report.added.is_empty()
                    || !report.updated.is_empty()
                    || !report.removed.is_empty();
                model.outcome = Some(AddOutcome {
                    summary: add_summary(&paths, &report, cancelled),
                    failed: report.failed,
                });
                if changed {
                    self.cast_changed();
                }
            }
            LibraryNews::Rescanned(report) => {
                if !model.progress.as_ref().is_some_and(|p| p.asked) {
                    model.progress = None;
                }
                if !report.added.is_empty()
                    || !report.updated.is_empty()
                    || !report.removed.is_empty()
                {
                    self.cast_changed();
                }
            }
            LibraryNews::Shelf(shelf, rows) => model.set_shelf(shelf, rows),
            LibraryNews::Results(results) => {
                model.searching = None;
                model.results = Some(results);
            }
            LibraryNews::Cast(cast) => model.cast = Some(cast),
            LibraryNews::Entity(page) => model.entity = Some(page),
            LibraryNews::IdentityChanged { summary, show } => {
                self.notice = Some(summary);
                self.library_view.cast.show(&show);
                model.entity = None;
            }
        }
    }

    /// The library's cast changed (documents added, updated or removed,
    /// corrections analysed again): the cast and the entity page shown are
    /// asked for again, and the old ones stay in view until they come.
    fn cast_changed(&mut self) {
        let Some(library) = &self.library else { return };
        let on_cast = self.library_view.tab == crate::ui::library_view::LibraryTab::Cast;
        if self.library_model.cast.is_some() || on_cast {
            library.cast();
        }
        if let Some(name) = &self.library_view.cast.open {
            library.entity(name.clone());
        }
    }

    /// The reader's corrections were written: the library analyses again
    /// the documents they change.
    pub(super) fn library_corrected(&mut self) {
        if let Some(library) = &self.library {
            library.corrected();
        }
    }

    /// Applies a command of the library view.
    pub(super) fn apply_library(&mut self, command: Command) {
        match command {
            Command::ToggleLibrary => {
                if self.state.view == MainView::Library {
                    self.state.view = MainView::Text;
                } else {
                    self.show_library();
                }
            }
            Command::AddFolderDialog => {
                self.show_dialog(super::DialogPurpose::AddFolder, String::new());
            }
            Command::CancelLibraryAdd => {
                if let Some(library) = &self.library {
                    library.cancel();
                }
                if let Some(progress) = &mut self.library_model.progress {
                    progress.label = "Stopping".to_owned();
                }
            }
            Command::DismissLibraryOutcome => self.library_model.outcome = None,
            Command::SearchLibrary(query) => {
                self.start_library();
                if let Some(library) = &self.library {
                    self.library_model.searching = Some(query.clone());
                    library.search(query);
                }
            }
            Command::LoadLibraryCast => {
                self.start_library();
                if let Some(library) = &self.library {
                    library.cast();
                }
            }
            Command::ShowLibraryEntity(name) => {
                if let Some(library) = &self.library {
                    self.library_model.entity = None;
                    library.entity(name);
                }
            }
            Command::MergeLibraryEntity { from, into } => {
                if let Some(library) = &self.library {
                    library.merge(from, into);
                }
            }
            Command::SplitLibraryEntity {
                identity,
                documents,
                becomes,
            } => {
                if let Some(library) = &self.library {
                    library.split(identity, documents, becomes);
                }
            }
            Command::OpenAt {
                path,
                start_char,
                end_char,
            } => self.open_at(path, start_char, end_char),
            _ => {}
        }
    }

    /// Shows the library view with the reading positions as they are now,
    /// and asks for the table again.
    fn show_library(&mut self) {
        self.start_library();
        self.state.view = MainView::Library;
        let positions = self
            .preferences
            .reading_positions
            .iter()
            .map(|p| (p.fingerprint.clone(), p.top_offset))
            .collect();
        if positions != self.library_model.positions {
            self.library_model.positions = positions;
            self.library_model.positions_version += 1;
        }
        if let Some(library) = &self.library {
            library.refresh();
        }
        if self.library_view.tab == crate::ui::library_view::LibraryTab::Cast
            && self.library_model.cast.is_none()
            && let Some(library) = &self.library
        {
            library.cast();
        }
    }

    /// Opens `path` at the passage `start_char..end_char`, or goes there at
    /// once when it is the open document.
    fn open_at(&mut self, path: PathBuf, start_char: usize, end_char: usize) {
        self.state.view = MainView::Text;
        self.pending_jump = Some((path.clone(), start_char, end_char));
        if self.loaded.document.path.as_deref() == Some(path.as_path()) && self.load_job.is_none() {
            self.jump_if_pending();
        } else {
            self.apply(Command::Open(path));
        }
    }

    /// Goes to the passage asked for when its document is the open one.
    pub(super) fn jump_if_pending(&mut self) {
        let Some((path, start_char, end_char)) = self.pending_jump.take() else {
            return;
        };
        let same = |p: &Path| {
            p == path
                || std::fs::canonicalize(p).ok() == std::fs::canonicalize(&path).ok()
                    && std::fs::canonicalize(p).is_ok()
        };
        if !self.loaded.document.path.as_deref().is_some_and(same) {
            // Another document was opened meanwhile, or this one failed.
            return;
        }
        let text = &self.loaded.document.text;
        match passage_span(text, start_char, end_char) {
            Some(span) => {
                self.state.scroll_to_top = None;
                self.state.scroll_target = Some(span);
                self.state.selection = None;
                self.state.selected_entity = None;
                self.state.marked = Some(span);
            }
            None => {
                self.notice = Some(format!(
                    "The passage is no longer in the document (it changed since the library \
                     read it); it opens where you left it: {}",
                    path.display()
                ));
            }
        }
    }

    /// The library view's model, for tests.
    pub fn library_model(&self) -> &crate::ui::library_view::LibraryModel {
        &self.library_model
    }

    /// The library view's state, for tests.
    pub fn library_view(&self) -> &crate::ui::library_view::LibraryView {
        &self.library_view
    }

    /// Waits until the library's threads have answered every request
    /// (opening, rescans, adds, searches), for tests and headless use.
    /// Returns false if the library was not started.
    pub fn finish_library_work(&mut self) -> bool {
        let Some(library) = &self.library else {
            return false;
        };
        while library.is_busy() {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        self.poll_library();
        true
    }
}

/// The byte span of characters `start_char..end_char` of `text`; an empty
/// one is widened to the word that starts there. `None` when it lies
/// beyond the text or is empty of words.
fn passage_span(text: &str, start_char: usize, end_char: usize) -> Option<Span> {
    let index = CharIndex::new(text);
    let chars = index.char_of_byte(text.len());
    if start_char >= chars || end_char > chars || end_char < start_char {
        return None;
    }
    let start = index.byte_of_char(start_char);
    let mut end = index.byte_of_char(end_char);
    if end == start {
        end = text[start..]
            .find(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
            .map_or(text.len(), |i| start + i);
    }
    (end > start).then(|| Span::new(start, end))
}

/// One sentence on what an add did.
fn add_summary(paths: &[PathBuf], report: &AddReport, cancelled: bool) -> String {
    let what = match paths {
        [one] => chrome::file_name(one),
        _ => chrome::counted(paths.len(), "file or folder", "files and folders"),
    };
    let mut parts = vec![format!(
        "{} added",
        chrome::counted(report.added.len(), "document", "documents")
    )];
    if !report.updated.is_empty() {
        parts.push(format!("{} updated", report.updated.len()));
    }
    if report.unchanged > 0 {
        parts.push(format!("{} already there", report.unchanged));
    }
    if !report.removed.is_empty() {
        parts.push(format!("{} gone and taken out", report.removed.len()));
    }
    if cancelled {
        format!(
            "Adding {what} was stopped: {}. The folder is not watched.",
            parts.join(", ")
        )
    } else {
        format!("From {what}: {}.", parts.join(", "))
    }
}

/// Why `path` cannot be added as a folder, as a sentence naming it.
pub(super) fn readable_folder(path: &Path) -> Result<(), String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => match std::fs::read_dir(path) {
            Ok(_) => Ok(()),
            Err(err) => Err(format!(
                "This folder cannot be read ({err}): {}",
                path.display()
            )),
        },
        // A single document can join the library too.
        Ok(_) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "There is no folder at this path: {}",
            path.display()
        )),
        Err(err) => Err(format!(
            "This folder cannot be read ({err}): {}",
            path.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passages_are_found_by_characters() {
        let text = "Café Ærø — Ingrid Solberg planted.";
        let at = text.chars().position(|c| c == 'I').unwrap_or(0);
        let span = passage_span(text, at, at + 6).expect("a passage");
        assert_eq!(span.text(text), "Ingrid");
        let word = passage_span(text, at, at).expect("a word");
        assert_eq!(word.text(text), "Ingrid");
        assert_eq!(passage_span(text, 500, 501), None);
        assert_eq!(passage_span(text, 4, 4), None, "a space starts no word");
    }
}
