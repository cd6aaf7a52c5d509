//! The library's background work: two named threads, each with its own
//! connection to the database (SQLite's write-ahead log lets one read while
//! the other writes).
//!
//! `dramatis-library` writes: it opens the library, adds again the files and
//! folders added before (the rescan at start), adds what the reader asks
//! for (a folder, a document opened in the window) with progress and a
//! Cancel, and every [`WATCH_INTERVAL`] compares a snapshot of the files to
//! the last one, adding again when one was added, changed or removed.
//! `dramatis-library-query` reads: the table of documents, searches, the
//! cast and entity pages, each in milliseconds, so a search answers while
//! an import runs. Both report through one channel the app polls each
//! frame; a frame never waits on the database.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use crate::library::watch::Snapshot;
use crate::library::{AddReport, CastEntry, Identity, Library, ShelfEntry};
use crate::ui::library_cast::EntityPage;
use crate::ui::library_search::{ResultGroup, SearchResults};
use crate::ui::library_view::ShelfRows;

/// How often the folders are looked at for new and changed files.
pub const WATCH_INTERVAL: Duration = Duration::from_secs(5);

/// Most text matches a search shows.
const SEARCH_LIMIT: usize = 300;

/// Most highlights and notes a search shows.
const NOTES_LIMIT: usize = 100;

/// How often an import reports its progress at most.
const PROGRESS_EVERY: Duration = Duration::from_millis(50);

/// What the writer is asked to do.
enum Task {
    /// Add these files and folders, with progress, cancellable.
    Add(Vec<PathBuf>),
    /// A document was opened in the window: add it (if new) and note when.
    Opened(PathBuf),
    /// The reader corrected a cast and the notes are written: analyse
    /// again the documents whose corrections changed.
    Corrected,
    /// Count `from` as `into` in every document.
    Merge { from: Identity, into: Identity },
    /// In `documents`, `identity` is someone else, called `becomes`.
    Split {
        identity: Identity,
        documents: Vec<PathBuf>,
        becomes: String,
    },
}

/// What the reader thread is asked.
#[derive(Clone, Debug, PartialEq)]
enum Query {
    Shelf,
    Search(String),
    Cast,
    Entity(String),
}

/// What the library's threads report.
#[derive(Debug)]
pub enum LibraryNews {
    /// The library is open; sentences about what opening found.
    Ready(Vec<String>),
    /// The library could not be opened or stopped; a sentence naming the file.
    Failed(String),
    /// An add is under way: files done of files to do, and what it adds.
    Progress {
        /// What is being added, for the progress line.
        label: String,
        /// Files read.
        done: usize,
        /// Files to read.
        total: usize,
    },
    /// An add the reader asked for ended.
    Added {
        /// The files and folders added.
        paths: Vec<PathBuf>,
        /// What it did.
        report: AddReport,
        /// Whether the reader cancelled it.
        cancelled: bool,
    },
    /// A rescan (at start, or a change in a folder) ended.
    Rescanned(AddReport),
    /// Every document, for the table, and the table's cells of them.
    Shelf(Vec<ShelfEntry>, ShelfRows),
    /// A search's answer.
    Results(Result<SearchResults, String>),
    /// The library's cast.
    Cast(Result<Vec<CastEntry>, String>),
    /// An entity's page.
    Entity(Result<EntityPage, String>),
    /// A merge or split was kept: a sentence on what it did, and the
    /// entity whose page shows the result. The cast and that page follow.
    IdentityChanged {
        /// What the choice did, as a sentence.
        summary: String,
        /// The entity to show.
        show: Identity,
    },
}

/// The library's two threads, as the app holds them.
pub struct LibraryJob {
    tasks: Sender<Task>,
    queries: Sender<Query>,
    news: Receiver<LibraryNews>,
    cancel: Arc<AtomicBool>,
    /// Requests sent and not yet answered; the news of each is sent before
    /// it is counted done.
    pending: Arc<AtomicUsize>,
}

impl LibraryJob {
    /// Starts the threads on the database at `path`; the writer first
    /// rescans what was added before. `wake` asks the window to repaint.
    pub fn start(path: PathBuf, wake: impl Fn() + Send + Sync + 'static) -> anyhow::Result<Self> {
        let wake: Arc<dyn Fn() + Send + Sync> = Arc::new(wake);
        let (task_sender, tasks) = mpsc::channel();
        let (query_sender, queries) = mpsc::channel();
        let (news_sender, news) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        // The opening and the rescan at start count as one request.
        let pending = Arc::new(AtomicUsize::new(1));
        let writer = Writer {
            news: news_sender,
            wake,
            cancel: Arc::clone(&cancel),
            pending: Arc::clone(&pending),
            queries: query_sender.clone(),
        };
        std::thread::Builder::new()
            .name("dramatis-library".to_owned())
            .spawn(move || writer.run(&path, &tasks, queries))
            .map_err(|err| anyhow::anyhow!("Could not start the library ({err})"))?;
        Ok(Self {
            tasks: task_sender,
            queries: query_sender,
            news,
            cancel,
            pending,
        })
    }

    /// Adds files and folders to the library; [`LibraryNews::Added`] says
    /// how it went.
    pub fn add(&self, paths: Vec<PathBuf>) {
        self.cancel.store(false, Ordering::Relaxed);
        self.send_task(Task::Add(paths));
    }

    /// Notes that a document was opened in the window, adding it if new.
    pub fn opened(&self, path: PathBuf) {
        self.send_task(Task::Opened(path));
    }

    /// Stops the add under way: files being read are finished and written,
    /// no new one is started.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Asks for every document again.
    pub fn refresh(&self) {
        self.send_query(Query::Shelf);
    }

    /// Asks for the matches of `query`.
    pub fn search(&self, query: String) {
        self.send_query(Query::Search(query));
    }

    /// Asks for the library's cast.
    pub fn cast(&self) {
        self.send_query(Query::Cast);
    }

    /// Asks for the page of the entity named `name`.
    pub fn entity(&self, name: String) {
        self.send_query(Query::Entity(name));
    }

    /// Tells the library that the reader's corrections (a document's notes
    /// or the personal dictionary) were written, so that the documents they
    /// change are analysed again and the cast follows at once.
    pub fn corrected(&self) {
        self.send_task(Task::Corrected);
    }

    /// Counts `from` as `into` in every document of the library, as
    /// `dramatis cast --merge` does; [`LibraryNews::IdentityChanged`] says
    /// how it went, and the cast and the page of `into` follow.
    pub fn merge(&self, from: Identity, into: Identity) {
        self.send_task(Task::Merge { from, into });
    }

    /// In `documents`, `identity` is someone else called `becomes`, as
    /// `dramatis cast --split` does; the cast and the page of `identity`
    /// follow.
    pub fn split(&self, identity: Identity, documents: Vec<PathBuf>, becomes: String) {
        self.send_task(Task::Split {
            identity,
            documents,
            becomes,
        });
    }

    /// Whether requests are still being worked on.
    pub fn is_busy(&self) -> bool {
        self.pending.load(Ordering::Acquire) > 0
    }

    /// The next piece of news, if any.
    pub fn poll(&self) -> Option<LibraryNews> {
        match self.news.try_recv() {
            Ok(news) => Some(news),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                // Both threads are gone; whatever they had pending is not
                // coming, and the failure was reported before they left
                // (or the window is closing).
                self.pending.store(0, Ordering::Release);
                None
            }
        }
    }

    fn send_task(&self, task: Task) {
        self.pending.fetch_add(1, Ordering::AcqRel);
        if self.tasks.send(task).is_err() {
            self.pending.fetch_sub(1, Ordering::AcqRel);
        }
    }

    fn send_query(&self, query: Query) {
        self.pending.fetch_add(1, Ordering::AcqRel);
        if self.queries.send(query).is_err() {
            self.pending.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// The writer thread's side.
struct Writer {
    news: Sender<LibraryNews>,
    wake: Arc<dyn Fn() + Send + Sync>,
    cancel: Arc<AtomicBool>,
    pending: Arc<AtomicUsize>,
    /// To ask the reader thread for the table after a change.
    queries: Sender<Query>,
}

impl Writer {
    fn say(&self, news: LibraryNews) {
        let _ = self.news.send(news);
        (self.wake)();
    }

    fn done(&self) {
        self.pending.fetch_sub(1, Ordering::AcqRel);
        (self.wake)();
    }

    /// Asks the reader thread for the table, counted as a request.
    fn refresh(&self) {
        self.ask(Query::Shelf);
    }

    /// Asks the reader thread a query, counted as a request.
    fn ask(&self, query: Query) {
        self.pending.fetch_add(1, Ordering::AcqRel);
        if self.queries.send(query).is_err() {
            self.pending.fetch_sub(1, Ordering::AcqRel);
        }
    }

    /// Makes a merge or split, then has the cast and the page it shows
    /// asked for again.
    fn choose_identity(&self, library: &mut Library, task: Task) {
        let outcome = match task {
            Task::Merge { from, into } => library
                .merge_entity(&from, &into)
                .map(|()| (merge_summary(library, &from, &into), into)),
            Task::Split {
                identity,
                documents,
                becomes,
            } => library
                .split_entity(&identity, &documents, &becomes)
                .map(|_| {
                    (
                        split_summary(&identity, documents.len(), &becomes),
                        identity,
                    )
                }),
            Task::Add(_) | Task::Opened(_) | Task::Corrected => return,
        };
        match outcome {
            Ok((summary, show)) => {
                let name = show.name.clone();
                self.say(LibraryNews::IdentityChanged { summary, show });
                self.ask(Query::Cast);
                self.ask(Query::Entity(name));
            }
            Err(err) => self.say(LibraryNews::Failed(capitalise(&err.to_string()))),
        }
    }

    fn run(self, path: &Path, tasks: &Receiver<Task>, queries: Receiver<Query>) {
        let mut library = match Library::open(path) {
            Ok(library) => library,
            Err(err) => {
                self.say(LibraryNews::Failed(capitalise(&err.to_string())));
                self.pending.store(0, Ordering::Release);
                (self.wake)();
                return;
            }
        };
        self.say(LibraryNews::Ready(std::mem::take(&mut library.warnings)));
        // The reader opens the database once it exists and is migrated.
        let reader = Reader {
            news: self.news.clone(),
            wake: Arc::clone(&self.wake),
            pending: Arc::clone(&self.pending),
        };
        let reader_path = path.to_owned();
        if let Err(err) = std::thread::Builder::new()
            .name("dramatis-library-query".to_owned())
            .spawn(move || reader.run(&reader_path, &queries))
        {
            self.say(LibraryNews::Failed(format!(
                "Could not start the library's searches ({err}): {}",
                path.display()
            )));
        }
        self.refresh();
        let sources = library.sources();
        let notes_dir = library.notes_dir();
        let dictionary = library.dictionary_path();
        // The notes files and the dictionary hold the reader's corrections.
        let look =
            |sources: &[PathBuf]| Snapshot::take(sources, &notes_dir).with_notes_file(&dictionary);
        let mut snapshot = look(&sources);
        self.rescan(&mut library, &sources);
        self.done();
        loop {
            match tasks.recv_timeout(WATCH_INTERVAL) {
                Ok(Task::Add(paths)) => {
                    self.add(&mut library, paths);
                    snapshot = look(&library.sources());
                    self.done();
                }
                Ok(Task::Opened(path)) => {
                    let result = library
                        .add(&[&path], &mut |_, _| {})
                        .and_then(|_| library.mark_opened(&path));
                    if let Err(err) = result {
                        self.say(LibraryNews::Failed(capitalise(&err.to_string())));
                    }
                    self.refresh();
                    snapshot = look(&library.sources());
                    self.done();
                }
                Ok(task @ (Task::Merge { .. } | Task::Split { .. })) => {
                    self.choose_identity(&mut library, task);
                    self.done();
                }
                Ok(Task::Corrected) => {
                    let sources = library.sources();
                    snapshot = look(&sources);
                    self.rescan(&mut library, &sources);
                    self.done();
                }
                Err(RecvTimeoutError::Timeout) => {
                    let sources = library.sources();
                    let now = look(&sources);
                    // A changed notes file or dictionary may hold a
                    // correction: the rescan analyses again exactly the
                    // documents whose corrections changed.
                    if now.documents_changed(&snapshot) || now.notes_changed(&snapshot) {
                        self.rescan(&mut library, &sources);
                    }
                    snapshot = now;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// Adds again what was added before, quietly but for the progress.
    fn rescan(&self, library: &mut Library, sources: &[PathBuf]) {
        if !sources.is_empty() {
            let label = "Updating the library".to_owned();
            let never = AtomicBool::new(false);
            let added = library.add_cancellable(sources, &mut self.progress(label), &never);
            match added {
                Ok(report) => self.say(LibraryNews::Rescanned(report)),
                Err(err) => self.say(LibraryNews::Failed(capitalise(&err.to_string()))),
            }
        }
        if let Err(err) = library.index_notes() {
            self.say(LibraryNews::Failed(capitalise(&err.to_string())));
        }
        self.refresh();
    }

    /// Adds what the reader asked for, with progress and a Cancel.
    fn add(&self, library: &mut Library, paths: Vec<PathBuf>) {
        let label = match paths.as_slice() {
            [one] => format!("Adding {}", crate::ui::chrome::file_name(one)),
            _ => format!("Adding {} files and folders", paths.len()),
        };
        let added = library.add_cancellable(&paths, &mut self.progress(label), &self.cancel);
        let cancelled = self.cancel.swap(false, Ordering::Relaxed);
        match added {
            Ok(report) => {
                if let Err(err) = library.index_notes() {
                    self.say(LibraryNews::Failed(capitalise(&err.to_string())));
                }
                self.say(LibraryNews::Added {
                    paths,
                    report,
                    cancelled,
                });
            }
            Err(err) => self.say(LibraryNews::Failed(capitalise(&err.to_string()))),
        }
        self.refresh();
    }

    /// A progress callback that reports at most every [`PROGRESS_EVERY`],
    /// and always the first and last call.
    fn progress(&self, label: String) -> impl FnMut(usize, usize) + '_ {
        let mut last: Option<Instant> = None;
        move |done, total| {
            let due = last.is_none_or(|t| t.elapsed() >= PROGRESS_EVERY) || done == total;
            if due {
                last = Some(Instant::now());
                self.say(LibraryNews::Progress {
                    label: label.clone(),
                    done,
                    total,
                });
            }
        }
    }
}

/// The reader thread's side.
struct Reader {
    news: Sender<LibraryNews>,
    wake: Arc<dyn Fn() + Send + Sync>,
    pending: Arc<AtomicUsize>,
}

impl Reader {
    fn run(self, path: &Path, queries: &Receiver<Query>) {
        let library = match Library::open(path) {
            Ok(library) => library,
            Err(err) => {
                let _ = self
                    .news
                    .send(LibraryNews::Failed(capitalise(&err.to_string())));
                // Nothing will answer: count every query as done.
                for _ in queries.iter() {
                    self.pending.fetch_sub(1, Ordering::AcqRel);
                }
                return;
            }
        };
        while let Ok(first) = queries.recv() {
            let mut batch = vec![first];
            batch.extend(queries.try_iter());
            let asked = batch.len();
            // Only the newest of each kind is answered: a search typed
            // letter by letter runs once for the last letter.
            let mut newest: Vec<Query> = Vec::new();
            for query in batch.into_iter().rev() {
                if !newest
                    .iter()
                    .any(|q| std::mem::discriminant(q) == std::mem::discriminant(&query))
                {
                    newest.push(query);
                }
            }
            for query in newest.into_iter().rev() {
                let news = answer(&library, query);
                let _ = self.news.send(news);
            }
            self.pending.fetch_sub(asked, Ordering::AcqRel);
            (self.wake)();
        }
    }
}

/// Answers one query.
fn answer(library: &Library, query: Query) -> LibraryNews {
    let message = |err: &dyn std::fmt::Display| capitalise(&err.to_string());
    match query {
        Query::Shelf => match library.shelf() {
            Ok(shelf) => {
                // Made here, so the window's frame only draws them.
                let rows = ShelfRows::new(&shelf);
                LibraryNews::Shelf(shelf, rows)
            }
            Err(err) => LibraryNews::Failed(message(&err)),
        },
        Query::Search(text) => {
            LibraryNews::Results(search(library, &text).map_err(|e| message(&e)))
        }
        Query::Cast => LibraryNews::Cast(library.cast().map_err(|e| message(&e))),
        Query::Entity(name) => {
            let page = library.appearances(&name).and_then(|appearances| {
                Ok(EntityPage {
                    quotations: library.quotations(&name)?,
                    appearances,
                    name,
                })
            });
            LibraryNews::Entity(page.map_err(|e| message(&e)))
        }
    }
}

/// Searches the text and the notes and groups the matches by document.
fn search(library: &Library, query: &str) -> Result<SearchResults, crate::library::SearchError> {
    let hits = library.search(query, SEARCH_LIMIT + 1)?;
    let notes = library.search_notes(query, NOTES_LIMIT)?;
    let truncated = hits.len() > SEARCH_LIMIT;
    let mut groups: Vec<ResultGroup> = Vec::new();
    let mut index: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut group_of = |path: Option<PathBuf>, title: &str, groups: &mut Vec<ResultGroup>| {
        *index.entry(path.clone()).or_insert_with(|| {
            groups.push(ResultGroup {
                path,
                title: title.to_owned(),
                ..ResultGroup::default()
            });
            groups.len() - 1
        })
    };
    for hit in hits.into_iter().take(SEARCH_LIMIT) {
        let k = group_of(Some(hit.path.clone()), &hit.title, &mut groups);
        groups[k].hits.push(hit);
    }
    for note in notes {
        let k = group_of(note.path.clone(), &note.title, &mut groups);
        groups[k].notes.push(note);
    }
    for group in &mut groups {
        group.hits.sort_by_key(|h| h.start_char);
    }
    Ok(SearchResults {
        query: query.to_owned(),
        groups,
        truncated,
    })
}

/// One sentence on a merge made.
fn merge_summary(library: &Library, from: &Identity, into: &Identity) -> String {
    let merged = library.cast_named(&into.name).ok().and_then(|cast| {
        cast.into_iter()
            .find(|c| c.identity().as_ref() == Some(into))
    });
    let (documents, mentions) = merged.map_or((0, 0), |c| (c.documents, c.mentions));
    format!(
        "{} is now counted as {} in every document of the library: {}, {}.",
        from.name,
        into.name,
        counted(documents, "document", "documents"),
        counted(mentions, "mention", "mentions"),
    )
}

/// One sentence on a split made.
fn split_summary(identity: &Identity, documents: usize, becomes: &str) -> String {
    let becomes = Identity::new(becomes, identity.kind);
    format!(
        "In {}, {} is now listed as {}; the other documents keep {}.",
        crate::ui::chrome::counted(documents, "document", "documents"),
        identity.name,
        becomes.name,
        identity.name,
    )
}

/// `n` and the noun for it.
fn counted(n: u64, one: &str, many: &str) -> String {
    crate::ui::chrome::counted(usize::try_from(n).unwrap_or(usize::MAX), one, many)
}

/// The message with its first letter in upper case.
fn capitalise(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
