//! Dramatis: a calm desktop reader that shows an article's cast.
//!
//! A person opens a saved article; Dramatis analyses it offline and shows who
//! is in it (people, places, organisations, highlighted in colour), every direct
//! quotation with its speaker, and a side list of the cast where a click walks
//! through an entity's mentions.
//!
//! # Bird's-eye view
//!
//! ```text
//!   file ──► document::load ──► Document { text, blocks, styles }
//!                                   │
//!                                   ▼
//!                          analysis::analyze ──► Analysis { entities, mentions, quotes }
//!                                   │
//!            ┌──────────────────────┴───────────────────────┐
//!            ▼                                              ▼
//!   cli (analyze --json, table)                app (eframe) ── ui::reader, ui::cast
//!                                                 ▲   │
//!                                       Command ──┘   └── ReaderState
//! ```
//!
//! Loading turns bytes into the one `text` every span points into. Analysis
//! reads that text and its paragraph spans and returns sorted spans. The
//! command line and the window are two thin edges over the same core.
//!
//! # Code map
//!
//! - [`span`]: byte [`span::Span`]s and [`span::CharIndex`], the conversion to
//!   character offsets used only at the JSON edge.
//! - [`document`]: reading files (plain text, Markdown) into a
//!   [`document::Document`]: its text, display blocks and inline styles,
//!   title, and chapters (an EPUB's contents, a plain-text book's headings).
//! - [`analysis`]: the tagger: tokens, a learned model of people, places and
//!   organisations with a registry of rules that correct it, grouping of
//!   mentions into entities, quotations and their speakers; a book's main
//!   characters and who speaks with whom (`analysis::book`).
//! - [`annotations`]: the reader's highlights, notes and cast corrections:
//!   W3C selectors and re-anchoring in a changed text, one versioned RON file
//!   per document written atomically, the personal dictionary.
//! - [`export`]: the notes as Obsidian Markdown, Readwise CSV, W3C Web
//!   Annotations, Kindle clippings or JSON; W3C import.
//! - [`library`]: every document the reader keeps, in an embedded SQLite
//!   database beside the notes: the documents, their text in an FTS5
//!   full-text index (words, phrases, prefixes, hits by offset), their
//!   entities for one cast across all of them and their quotations by
//!   speaker; the reader's highlights and notes, indexed from the notes
//!   files; a cheap `stat` snapshot of the added folders to notice changes
//!   (`library::watch`). An index of the files, never the only copy of
//!   anything: the reader's merges and splits of entities across documents
//!   live in their own file (`identities.ron`) and are copied into it.
//! - [`files`]: reading only regular files, up to a size cap, and writing an
//!   export without replacing the link, pipe or device at its path.
//! - `cli`: the headless commands (`dramatis analyze FILE --json`, and the
//!   library's `add`, `library`, `search` and `cast`).
//! - [`eval`]: scoring against gold documents and the rule report
//!   (`cargo run --release --bin tagger_report -- DIR...`).
//! - [`app`]: the eframe application: owns the open document, runs loading and
//!   analysis on a background thread, applies [`ui::Command`]s in one place.
//! - [`ui`]: panels that draw state and push commands: the virtualized reader
//!   with its overview bar, the book view (dispersion plot and speaker graph),
//!   the cast panel (a virtualized list too), the library view (a
//!   virtualized table of the library's documents, its search and its
//!   cast, fed by the app's two library threads), the find bar, the corrections
//!   and Go to dialogs and the window's chrome (menus, legend, banner, status
//!   line); `ui::theme` names every colour once.
//!
//! # Invariants
//!
//! **Architecture invariant:** `span`, `document`, `analysis`, `annotations`,
//! `export` and `library` know nothing of egui or eframe; only `ui` and `app`
//! import them. The core is tested without a window.
//!
//! **Architecture invariant:** the library database is an index of the
//! reader's files, notes files and identity choices, which stay the source of
//! truth: a lost or unreadable database is moved aside and made anew, and
//! never costs a note.
//! Each document is written in one transaction; SQL takes its values as
//! parameters, never spliced into the statement.
//!
//! **Architecture invariant:** every span is a half-open byte range into
//! [`document::Document::text`], on `char` boundaries. Lists of spans returned
//! by the core are sorted by position; a list that is not says `unsorted` in
//! its name. Character offsets exist only in serialized output.
//!
//! **Architecture invariant:** a document's text never changes after loading;
//! the display may show a line break as a space, but it replaces a byte with a
//! byte so offsets stay the same.
//!
//! **Architecture invariant:** analysis never fails on text. Odd input gives a
//! result plus [`analysis::Analysis::warnings`].
//!
//! **Architecture invariant:** panels never do IO and never mutate the document
//! or the analysis. They push [`ui::Command`]s, applied by the app in one
//! function, where errors are handled once and shown to the person.
//!
//! **Architecture invariant:** nothing slow runs inside a frame. Loading and
//! analysis run on a named background thread and are polled; the reader lays
//! out only the blocks that are visible and caches their heights.

pub mod analysis;
pub mod annotations;
pub mod app;
pub mod cli;
pub mod document;
pub mod eval;
pub mod export;
pub mod files;
pub mod library;
pub mod span;
pub mod ui;
