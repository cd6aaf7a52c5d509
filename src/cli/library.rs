//! The library's commands: `add`, `library`, `search`, `cast` (with its
//! merges and splits) and `export-quotes`, and the
//! JSON they print. Offsets in JSON are characters, as everywhere on the
//! command line.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::plural;
use crate::library::{
    Appearance, CastEntry, DocumentEntry, Hit, Identity, Library, LibraryError, Quotation,
};

/// The most hits `dramatis search` prints.
pub const SEARCH_LIMIT: usize = 100;

/// The JSON printed by `dramatis library --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryOutput {
    /// The documents, by title.
    pub documents: Vec<DocumentOutput>,
}

/// One document in [`LibraryOutput`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentOutput {
    /// The file.
    pub path: PathBuf,
    /// The title.
    pub title: String,
    /// `text`, `markdown`, `html`, `mhtml` or `epub`.
    pub format: String,
    /// The number of words in the text.
    pub words: u64,
    /// The size of the text in bytes.
    pub bytes: u64,
    /// The text's fingerprint, which also names its notes file.
    pub fingerprint: String,
    /// When it was added (RFC 3339, UTC).
    pub added: String,
    /// When it was last opened in the reader, if ever.
    pub opened: Option<String>,
}

/// The JSON printed by `dramatis search QUERY --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchOutput {
    /// The query as given.
    pub query: String,
    /// The matches, the best-ranked passages first.
    pub hits: Vec<HitOutput>,
}

/// One match in [`SearchOutput`], in character offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HitOutput {
    /// The document's file.
    pub path: PathBuf,
    /// The document's title.
    pub title: String,
    /// The match's first character in the document's text (as `dramatis
    /// text` prints it).
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// The text matched.
    pub text: String,
    /// The match with its context, on one line.
    pub snippet: String,
}

/// The JSON printed by `dramatis cast --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CastOutput {
    /// The entities, the most widespread first.
    pub entities: Vec<CastEntryOutput>,
}

/// One entity in [`CastOutput`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CastEntryOutput {
    /// `person`, `place` or `organization`.
    pub kind: String,
    /// The display name.
    pub name: String,
    /// How many documents mention it.
    pub documents: u64,
    /// Its mentions in all of them.
    pub mentions: u64,
}

/// The JSON printed by `dramatis cast NAME --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppearancesOutput {
    /// The name as asked for.
    pub name: String,
    /// The documents that mention it, the one with the most mentions first.
    pub documents: Vec<AppearanceOutput>,
}

/// One document in [`AppearancesOutput`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppearanceOutput {
    /// `person`, `place` or `organization`.
    pub kind: String,
    /// The display name in this document.
    pub name: String,
    /// The document's file.
    pub path: PathBuf,
    /// The document's title.
    pub title: String,
    /// The entity's mentions in it.
    pub mentions: u64,
    /// The first mention's first character in the document's text.
    pub first_mention: usize,
    /// The text around the first mention, on one line.
    pub context: String,
}

/// The JSON printed by `dramatis export-quotes NAME --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotationsOutput {
    /// The name as asked for.
    pub name: String,
    /// The quotations, by document title and position.
    pub quotes: Vec<QuotationOutput>,
}

/// One quotation in [`QuotationsOutput`], in character offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotationOutput {
    /// The speaker's display name in the document.
    pub speaker: String,
    /// The document's file.
    pub path: PathBuf,
    /// The document's title.
    pub title: String,
    /// The first character inside the quotation marks.
    pub start: usize,
    /// One past the last.
    pub end: usize,
    /// The quoted words.
    pub text: String,
}

impl QuotationOutput {
    fn new(quotation: &Quotation) -> Self {
        Self {
            speaker: quotation.speaker.clone(),
            path: quotation.path.clone(),
            title: quotation.title.clone(),
            start: quotation.start_char,
            end: quotation.end_char,
            text: quotation.text.clone(),
        }
    }
}

impl AppearanceOutput {
    fn new(appearance: &Appearance) -> Self {
        Self {
            kind: appearance.kind.clone(),
            name: appearance.name.clone(),
            path: appearance.path.clone(),
            title: appearance.title.clone(),
            mentions: appearance.mentions,
            first_mention: appearance.first_char,
            context: appearance.context.clone(),
        }
    }
}

impl DocumentOutput {
    fn new(entry: &DocumentEntry) -> Self {
        Self {
            path: entry.path.clone(),
            title: entry.title.clone(),
            format: entry.format.clone(),
            words: entry.words,
            bytes: entry.text_bytes,
            fingerprint: entry.fingerprint.clone(),
            added: timestamp(entry.added_s),
            opened: entry.opened_s.map(timestamp),
        }
    }
}

impl HitOutput {
    fn new(hit: &Hit) -> Self {
        Self {
            path: hit.path.clone(),
            title: hit.title.clone(),
            start: hit.start_char,
            end: hit.end_char,
            text: hit.text.clone(),
            snippet: hit.snippet.clone(),
        }
    }
}

impl CastEntryOutput {
    fn new(entry: &CastEntry) -> Self {
        Self {
            kind: entry.kind.clone(),
            name: entry.name.clone(),
            documents: entry.documents,
            mentions: entry.mentions,
        }
    }
}

/// Seconds since 1970 as RFC 3339 in UTC.
fn timestamp(seconds: i64) -> String {
    jiff::Timestamp::from_second(seconds).map_or_else(|_| seconds.to_string(), |t| t.to_string())
}

/// Opens the library in the data folder, telling `err` what opening found.
fn open(err: &mut dyn Write) -> anyhow::Result<Library> {
    let library = Library::open_default()?;
    for warning in &library.warnings {
        writeln!(err, "dramatis: warning: {warning}").context("could not write to stderr")?;
    }
    Ok(library)
}

/// Writes `value` as one line of JSON.
fn write_json(out: &mut dyn Write, value: &impl Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *out, value).context("could not write the JSON output")?;
    writeln!(out).context("could not write the JSON output")?;
    out.flush().context("could not write the JSON output")
}

/// `dramatis add PATH...`: adds files and folders to the library, says on
/// `out` what changed and on `err` which files could not be read (and
/// fails if any could not, after adding the rest).
pub fn run_add(paths: &[PathBuf], out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    let mut library = open(err)?;
    // Progress only for a person watching: a log or a pipe gets the
    // summary alone.
    let watched = std::io::stderr().is_terminal();
    let mut shown = false;
    let report = library.add(paths, &mut |done, total| {
        if watched && total > 0 && (done == total || done % 50 == 0) {
            // Progress that cannot be shown is no reason to stop adding.
            let _ = write!(err, "\rdramatis: read {done} of {total} files");
            let _ = err.flush();
            shown = true;
        }
    })?;
    if shown {
        writeln!(err).context("could not write to stderr")?;
    }
    for failure in &report.failed {
        writeln!(err, "dramatis: could not add: {}", failure.reason)
            .context("could not write to stderr")?;
    }
    let count = |n: usize| format!("{n} {}", plural(n, "document", "documents"));
    let mut sentence = format!("Added {}", count(report.added.len()));
    if !report.updated.is_empty() {
        sentence.push_str(&format!(", updated {}", report.updated.len()));
    }
    if !report.removed.is_empty() {
        sentence.push_str(&format!(
            ", removed {} whose {} gone",
            report.removed.len(),
            plural(report.removed.len(), "file is", "files are")
        ));
    }
    if report.unchanged > 0 {
        sentence.push_str(&format!(", {} unchanged", report.unchanged));
    }
    writeln!(out, "{sentence}.").context("could not write the output")?;
    out.flush().context("could not write the output")?;
    match report.failed.len() {
        0 => Ok(()),
        n => anyhow::bail!(
            "{n} {} could not be added; the rest were",
            plural(n, "file", "files")
        ),
    }
}

/// `dramatis library [--json]`: the documents in the library.
pub fn run_library(json: bool, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    let documents = open(err)?.documents()?;
    if json {
        let output = LibraryOutput {
            documents: documents.iter().map(DocumentOutput::new).collect(),
        };
        return write_json(out, &output);
    }
    for doc in &documents {
        writeln!(
            out,
            "{:>9} words  {:<8}  {}  ({})",
            doc.words,
            doc.format,
            doc.title,
            doc.path.display()
        )
        .context("could not write the output")?;
    }
    let n = documents.len();
    writeln!(
        out,
        "{n} {} in the library.",
        plural(n, "document", "documents")
    )
    .context("could not write the output")?;
    out.flush().context("could not write the output")
}

/// `dramatis search QUERY [--json]`: where the library's text matches.
pub fn run_search(
    query: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let hits = open(err)?.search(query, SEARCH_LIMIT)?;
    if json {
        let output = SearchOutput {
            query: query.to_owned(),
            hits: hits.iter().map(HitOutput::new).collect(),
        };
        return write_json(out, &output);
    }
    if hits.is_empty() {
        writeln!(out, "No matches for {query}.").context("could not write the output")?;
    }
    let mut last: Option<&Path> = None;
    for hit in &hits {
        if last != Some(hit.path.as_path()) {
            writeln!(out, "{} ({})", hit.title, hit.path.display())
                .context("could not write the output")?;
            last = Some(&hit.path);
        }
        writeln!(out, "  {:>8}  {}", hit.start_char, hit.snippet)
            .context("could not write the output")?;
    }
    out.flush().context("could not write the output")
}

/// `dramatis cast [--json]`: the people, places and organisations across
/// the library, the most widespread first.
pub fn run_cast(json: bool, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    let cast = open(err)?.cast()?;
    if json {
        let output = CastOutput {
            entities: cast.iter().map(CastEntryOutput::new).collect(),
        };
        return write_json(out, &output);
    }
    writeln!(out, "documents  mentions  kind          name")
        .context("could not write the output")?;
    for entry in &cast {
        writeln!(
            out,
            "{:>9}  {:>8}  {:<12}  {}",
            entry.documents, entry.mentions, entry.kind, entry.name
        )
        .context("could not write the output")?;
    }
    out.flush().context("could not write the output")
}

/// `dramatis cast NAME [--json]`: the documents that mention an entity
/// named NAME, each with its count and first mention in context.
pub fn run_appearances(
    name: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let appearances = open(err)?.appearances(name)?;
    if json {
        let output = AppearancesOutput {
            name: name.to_owned(),
            documents: appearances.iter().map(AppearanceOutput::new).collect(),
        };
        return write_json(out, &output);
    }
    if appearances.is_empty() {
        writeln!(out, "No document in the library mentions {name}.")
            .context("could not write the output")?;
    }
    for appearance in &appearances {
        writeln!(
            out,
            "{} ({}): {} {}, first at {}\n  {}",
            appearance.title,
            appearance.path.display(),
            appearance.mentions,
            plural(
                usize::try_from(appearance.mentions).unwrap_or(usize::MAX),
                "mention",
                "mentions"
            ),
            appearance.first_char,
            appearance.context
        )
        .context("could not write the output")?;
    }
    out.flush().context("could not write the output")
}

/// `dramatis export-quotes NAME [--json]`: everything the library quotes a
/// speaker named NAME saying, as Markdown (a heading per document, each
/// quotation a block quote with its offset) or JSON.
pub fn run_export_quotes(
    name: &str,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let quotations = open(err)?.quotations(name)?;
    if json {
        let output = QuotationsOutput {
            name: name.to_owned(),
            quotes: quotations.iter().map(QuotationOutput::new).collect(),
        };
        return write_json(out, &output);
    }
    out.write_all(quotes_markdown(name, &quotations).as_bytes())
        .context("could not write the output")?;
    out.flush().context("could not write the output")
}

/// The quotations as Markdown.
fn quotes_markdown(name: &str, quotations: &[Quotation]) -> String {
    // The name as the documents write it, when they quote it.
    let heading = quotations.first().map_or(name, |q| q.speaker.as_str());
    let mut markdown = format!("# {heading}: quotations\n");
    if quotations.is_empty() {
        markdown.push_str("\nNo quotation in the library is attributed to this name.\n");
    }
    let mut last: Option<&Path> = None;
    for quotation in quotations {
        if last != Some(quotation.path.as_path()) {
            markdown.push_str(&format!(
                "\n## {}\n\nSource: `{}`\n",
                quotation.title,
                quotation.path.display()
            ));
            last = Some(&quotation.path);
        }
        let quoted: Vec<String> = quotation
            .text
            .lines()
            .map(|line| format!("> {line}"))
            .collect();
        markdown.push_str(&format!(
            "\n{}\n\n(character {})\n",
            quoted.join("\n"),
            quotation.start_char
        ));
    }
    markdown
}

/// An identity as the command line names it: `Leo Tolstoy (person)`.
fn described(identity: &Identity) -> String {
    format!("{} ({})", identity.name, identity.kind.json_name())
}

/// `dramatis cast --merge NAME INTO`: counts NAME as INTO in every document
/// of the library. When a name is in the cast under several kinds, the
/// kinds the two names share are merged first, else the most widespread.
pub fn run_merge(
    name: &str,
    into: &str,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut library = open(err)?;
    let sources: Vec<Identity> = library
        .cast_named(name)?
        .iter()
        .filter_map(CastEntry::identity)
        .collect();
    let Some(first) = sources.first() else {
        anyhow::bail!("no one in your library is called {name} (dramatis cast lists the names)");
    };
    let targets: Vec<Identity> = library
        .cast_named(into)?
        .iter()
        .filter_map(CastEntry::identity)
        .collect();
    let (from, to) = sources
        .iter()
        .find_map(|s| {
            targets
                .iter()
                .find(|t| t.kind == s.kind)
                .map(|t| (s, t.clone()))
        })
        .or_else(|| targets.first().map(|t| (first, t.clone())))
        // A name new to the library: the merge renames.
        .unwrap_or_else(|| (first, Identity::new(into, first.kind)));
    if *from == to {
        anyhow::bail!("{} is already one entity in your library", described(&to));
    }
    library.merge_entity(from, &to)?;
    let merged = library
        .cast_named(&to.name)?
        .into_iter()
        .find(|c| c.identity().as_ref() == Some(&to));
    let (documents, mentions) = merged.map_or((0, 0), |c| (c.documents, c.mentions));
    writeln!(
        out,
        "{} is now counted as {} in every document of your library: {documents} {}, {mentions} {}.",
        described(from),
        described(&to),
        plural(
            usize::try_from(documents).unwrap_or(usize::MAX),
            "document",
            "documents"
        ),
        plural(
            usize::try_from(mentions).unwrap_or(usize::MAX),
            "mention",
            "mentions"
        ),
    )
    .context("could not write the output")?;
    out.flush().context("could not write the output")
}

/// `dramatis cast --split NAME [--as NEW] PATH...`: in the documents PATH...,
/// NAME is someone else, listed as NEW; with no PATH, takes back a merge of
/// NAME.
pub fn run_split(
    name: &str,
    documents: &[PathBuf],
    as_name: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut library = open(err)?;
    if documents.is_empty() {
        let undone = library.unmerge_entity(name)?;
        if undone.is_empty() {
            anyhow::bail!(
                "{name} is not merged into another name; to list it apart in some documents, \
                 name them: dramatis cast --split NAME PATH..."
            );
        }
        for identity in &undone {
            writeln!(out, "{} is listed on its own again.", described(identity))
                .context("could not write the output")?;
        }
        return out.flush().context("could not write the output");
    }
    let sources: Vec<Identity> = library
        .cast_named(name)?
        .iter()
        .filter_map(CastEntry::identity)
        .collect();
    if sources.is_empty() {
        anyhow::bail!("no one in your library is called {name} (dramatis cast lists the names)");
    }
    let new_name = match as_name {
        Some(new_name) => new_name.to_owned(),
        None => {
            let first = &documents[0];
            let entry = library
                .document_at(first)?
                .ok_or_else(|| LibraryError::NotInLibrary {
                    path: first.clone(),
                })?;
            format!("{} ({})", sources[0].name, entry.title)
        }
    };
    // The first kind of the name that every document mentions.
    let mut first_error = None;
    for source in &sources {
        match library.split_entity(source, documents, &new_name) {
            Ok(_) => {
                let n = documents.len();
                writeln!(
                    out,
                    "In {n} {}, {} is now listed as {new_name}; the other documents keep {}.",
                    plural(n, "document", "documents"),
                    described(source),
                    source.name
                )
                .context("could not write the output")?;
                return out.flush().context("could not write the output");
            }
            Err(error @ LibraryError::NotMentioned { .. }) => {
                first_error.get_or_insert(error);
            }
            Err(error) => return Err(error.into()),
        }
    }
    match first_error {
        Some(error) => Err(error.into()),
        None => Ok(()),
    }
}
