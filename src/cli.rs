//! The command line: parsing arguments and the headless `analyze` and
//! `text` commands.
//!
//! `dramatis analyze FILE --json` is a contract other tools rely on: one JSON
//! object on stdout with the title, the entities (ordered by first mention)
//! and the quotations, every offset a Unicode code point (character) offset
//! into the document text. The output types here are separate from the
//! analysis types so the format can stay stable while the domain changes.
//!
//! `dramatis text FILE` prints the document text exactly as loaded: the text
//! every offset refers to (for a web page, the article Dramatis extracted).
//!
//! `dramatis add PATH...`, `dramatis library`, `dramatis search QUERY`,
//! `dramatis cast [NAME]` and `dramatis export-quotes NAME` keep and search
//! the library ([`crate::library`]); they live in `cli/library.rs`.
//!
//! `dramatis export FILE --format F [-o OUT]` exports the reader's notes on
//! FILE (from the notes store, with the cast corrected as the reader
//! corrected it) in one of the [`ExportFormat`]s; `dramatis import FILE
//! --from NOTES.json` reads W3C web annotations into the notes on FILE.

use std::collections::HashMap;
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::analysis::rules::UnknownRule;
use crate::analysis::{self, Analysis, AnalyzeOptions, EntityId, EntityKind, RuleSet, Speaker};
use crate::annotations::corrections;
use crate::annotations::store::Store;
use crate::document::{self, Document, Format};
use crate::export::{self, ExportFormat, ExportInput, MAX_IMPORT_BYTES, Merged};
use crate::span::CharIndex;

mod library;

pub use library::{
    AppearanceOutput, AppearancesOutput, CastEntryOutput, CastOutput, DocumentOutput, HitOutput,
    LibraryOutput, QuotationOutput, QuotationsOutput, SearchOutput,
};

/// How to call `dramatis`, printed by `--help` and after a usage error.
pub const USAGE: &str = "\
Usage:
  dramatis [FILE]                  open FILE in the reader (no FILE: the sample article)
  dramatis analyze FILE [--json] [--without RULE,RULE]
                                   print the people, places, organisations and quotations in FILE
  dramatis text FILE [--json]      print the text of FILE as loaded, the text all offsets refer to
  dramatis export FILE [--format F] [-o OUT]
                                   export your highlights and notes on FILE
  dramatis import FILE --from NOTES.json
                                   add W3C web annotations from NOTES.json to your notes on FILE
  dramatis add PATH...             add files, and folders with the documents in them, to your library
  dramatis library [--json]        list the documents in your library
  dramatis search QUERY [--json]   search your library's text for words, \"a phrase\" or a prefix*
  dramatis cast [--json]           list the people, places and organisations across your library
  dramatis cast NAME [--json]      list the documents in your library that mention NAME
  dramatis cast --merge NAME INTO  count NAME as INTO in every document of your library
  dramatis cast --split NAME [--as NEW] PATH...
                                   in the documents PATH..., NAME is someone else: list it apart,
                                   as NEW (default: NAME and the first document's title)
  dramatis cast --split NAME       take back a merge of NAME: list it on its own again
  dramatis export-quotes NAME [--format markdown|json]
                                   print as Markdown everything NAME is quoted saying in your library

Options:
  --json         analyze: print one JSON object with character offsets instead of a table;
                 text: print one JSON object with the title, byline, date, format and text;
                 library, search, cast: print one JSON object, offsets in characters
  --without RULES
                 analyze: switch off these tagging rules (comma-separated ids, or all for the
                 model alone); an unknown id lists the ids
  -f, --format F export format: markdown (Obsidian, the default), readwise-csv, w3c
                 (W3C Web Annotations), clippings (Kindle My Clippings.txt) or json (everything);
                 export-quotes: markdown (the default) or json
  -o, --output OUT
                 export: write to OUT instead of printing (OUT of - prints)
  --from NOTES   import: the W3C annotation collection, page or array to read
  --merge, --split, --as NEW
                 cast: merge two names or split one across your library; the choice is kept in
                 identities.ron in the data folder and outlives the library's index
  -h, --help     print this help
  -V, --version  print the version
";

/// Exit status for a command line that could not be understood.
const EXIT_USAGE: u8 = 2;

/// Opening words of a quotation shown in the table.
const QUOTE_PREVIEW_WORDS: usize = 10;

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Open the window, with this file or the bundled sample.
    Open {
        /// The file to open; `None` opens the bundled sample article.
        path: Option<PathBuf>,
    },
    /// Analyse a file and print its cast and quotations.
    Analyze {
        /// The file to analyse.
        path: PathBuf,
        /// Print JSON rather than a table.
        json: bool,
        /// The tagging rules switched off.
        without: RuleSet,
    },
    /// Print a file's text as loaded.
    Text {
        /// The file to read.
        path: PathBuf,
        /// Print JSON with the title, byline and date rather than bare text.
        json: bool,
    },
    /// Export the reader's notes on a file.
    Export {
        /// The document the notes are on.
        path: PathBuf,
        /// The format to export.
        format: ExportFormat,
        /// Where to write; `None` prints.
        output: Option<PathBuf>,
    },
    /// Import W3C web annotations into the reader's notes on a file.
    Import {
        /// The document the notes are on.
        path: PathBuf,
        /// The annotations to read.
        from: PathBuf,
    },
    /// Add files and folders to the library.
    Add {
        /// The files and folders.
        paths: Vec<PathBuf>,
    },
    /// List the library's documents.
    Library {
        /// Print JSON rather than a table.
        json: bool,
    },
    /// Search the library's text.
    Search {
        /// The query: the arguments after `search`, joined by spaces.
        query: String,
        /// Print JSON rather than a list.
        json: bool,
    },
    /// List the library's cast, or the documents one entity appears in.
    Cast {
        /// The entity's name: the arguments after `cast`, joined by spaces;
        /// `None` lists the whole cast.
        name: Option<String>,
        /// Print JSON rather than a table.
        json: bool,
    },
    /// Count one name as another in every document of the library.
    CastMerge {
        /// The name merged away.
        name: String,
        /// The name it is counted as.
        into: String,
    },
    /// Keep a name apart in some documents, or take back its merge.
    CastSplit {
        /// The name.
        name: String,
        /// The documents in which it is someone else; none takes back a
        /// merge of the name.
        documents: Vec<PathBuf>,
        /// What to call it in those documents.
        as_name: Option<String>,
    },
    /// Print every quotation the library attributes to a person.
    ExportQuotes {
        /// The speaker's name: the arguments after `export-quotes`, joined.
        name: String,
        /// Print JSON rather than Markdown.
        json: bool,
    },
    /// Print the usage.
    Help,
    /// Print the version.
    Version,
}

/// A command line that could not be understood.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    /// An option Dramatis does not know.
    #[error("unknown option {0}")]
    UnknownOption(String),
    /// A command (`analyze`, `text`) without its file.
    #[error("{0} needs a FILE")]
    MissingFile(&'static str),
    /// More arguments than the command takes.
    #[error("unexpected argument {0}")]
    UnexpectedArgument(String),
    /// `--json` given to a command that prints no JSON.
    #[error("--json only goes with analyze, text, library, search, cast or export-quotes")]
    JsonWithoutAnalyze,
    /// An option that takes a value given without one.
    #[error("{0} needs a value")]
    MissingValue(&'static str),
    /// An export format Dramatis does not know.
    #[error(
        "unknown export format {0:?} (the formats are markdown, readwise-csv, w3c, clippings and json)"
    )]
    UnknownFormat(String),
    /// A format `export-quotes` does not write.
    #[error("unknown format {0:?} for export-quotes (it writes markdown or json)")]
    UnknownQuotesFormat(String),
    /// An option given to a command it does not belong to.
    #[error("{0} only goes with {1}")]
    OptionWithoutCommand(&'static str, &'static str),
    /// A rule id that `--without` does not know.
    #[error("--without: {0}")]
    UnknownRule(#[from] UnknownRule),
    /// `add` without a file or folder.
    #[error("add needs a FILE or FOLDER")]
    MissingPath,
    /// `search` without a query.
    #[error("search needs a QUERY")]
    MissingQuery,
    /// `export-quotes` without a name.
    #[error("export-quotes needs a NAME")]
    MissingName,
    /// `cast --merge` without exactly two names.
    #[error("cast --merge needs two names: the one merged away and the one it is counted as")]
    MergeNeedsTwoNames,
    /// `cast --split` without a name.
    #[error("cast --split needs a NAME")]
    SplitNeedsName,
    /// `cast --merge` and `cast --split` together.
    #[error("cast takes --merge or --split, not both")]
    MergeAndSplit,
    /// `--as` without `cast --split NAME PATH...`.
    #[error("--as only goes with cast --split NAME PATH...")]
    AsWithoutSplit,
    /// `import` without `--from`.
    #[error("import needs --from NOTES.json, the annotations to read")]
    MissingNotes,
}

/// Parses the arguments after the program name.
///
/// `--help` and `--version` win wherever they stand. After `--` every
/// argument is a file name, so `dramatis -- analyze` opens a file called
/// `analyze`.
pub fn parse_args(args: impl IntoIterator<Item = OsString>) -> Result<Command, UsageError> {
    let mut json = false;
    let mut format: Option<String> = None;
    let mut output: Option<OsString> = None;
    let mut from: Option<OsString> = None;
    let mut without: Option<RuleSet> = None;
    let mut merge = false;
    let mut split = false;
    let mut as_name: Option<String> = None;
    let mut positional: Vec<OsString> = Vec::new();
    let mut subcommand_allowed = true;
    let mut options_done = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if !options_done {
            // Options with a value take it from `--option=value` or from the
            // next argument.
            let text = arg.to_string_lossy();
            let (name, inline) = match text.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name, Some(value)),
                _ => (text.as_ref(), None),
            };
            let mut value = |option: &'static str| match inline {
                Some(value) => Ok(OsString::from(value)),
                None => args.next().ok_or(UsageError::MissingValue(option)),
            };
            match name {
                "-f" | "--format" => {
                    format = Some(value("--format")?.to_string_lossy().into_owned());
                    continue;
                }
                "-o" | "--output" => {
                    output = Some(value("--output")?);
                    continue;
                }
                "--from" => {
                    from = Some(value("--from")?);
                    continue;
                }
                "--as" => {
                    as_name = Some(value("--as")?.to_string_lossy().into_owned());
                    continue;
                }
                "--without" => {
                    let list = value("--without")?;
                    without = Some(RuleSet::parse(&list.to_string_lossy())?);
                    continue;
                }
                _ => {}
            }
            match arg.to_str() {
                Some("-h" | "--help") => return Ok(Command::Help),
                Some("-V" | "--version") => return Ok(Command::Version),
                Some("--json") => {
                    json = true;
                    continue;
                }
                Some("--merge") => {
                    merge = true;
                    continue;
                }
                Some("--split") => {
                    split = true;
                    continue;
                }
                Some("--") => {
                    options_done = true;
                    if positional.is_empty() {
                        subcommand_allowed = false;
                    }
                    continue;
                }
                _ => {}
            }
            let text = arg.to_string_lossy();
            if text.starts_with('-') && text.len() > 1 {
                return Err(UsageError::UnknownOption(text.into_owned()));
            }
        }
        positional.push(arg);
    }
    let mut positional = positional.into_iter();
    let first = positional.next();
    let command = match first {
        Some(word) if subcommand_allowed && word == "analyze" => {
            let path = positional
                .next()
                .ok_or(UsageError::MissingFile("analyze"))?;
            Command::Analyze {
                path: PathBuf::from(path),
                json,
                without: without.take().unwrap_or_default(),
            }
        }
        Some(word) if subcommand_allowed && word == "text" => {
            let path = positional.next().ok_or(UsageError::MissingFile("text"))?;
            Command::Text {
                path: PathBuf::from(path),
                json,
            }
        }
        Some(word) if subcommand_allowed && word == "export" => {
            let path = positional.next().ok_or(UsageError::MissingFile("export"))?;
            let format = match format.take() {
                None => ExportFormat::Markdown,
                Some(name) => {
                    ExportFormat::from_name(&name).ok_or(UsageError::UnknownFormat(name))?
                }
            };
            Command::Export {
                path: PathBuf::from(path),
                format,
                output: output.take().filter(|o| o != "-").map(PathBuf::from),
            }
        }
        Some(word) if subcommand_allowed && word == "import" => {
            let path = positional.next().ok_or(UsageError::MissingFile("import"))?;
            Command::Import {
                path: PathBuf::from(path),
                from: from
                    .take()
                    .map(PathBuf::from)
                    .ok_or(UsageError::MissingNotes)?,
            }
        }
        Some(word) if subcommand_allowed && word == "add" => {
            let paths: Vec<PathBuf> = positional.by_ref().map(PathBuf::from).collect();
            if paths.is_empty() {
                return Err(UsageError::MissingPath);
            }
            Command::Add { paths }
        }
        Some(word) if subcommand_allowed && word == "library" => Command::Library { json },
        Some(word) if subcommand_allowed && word == "search" => {
            let words: Vec<String> = positional
                .by_ref()
                .map(|w| w.to_string_lossy().into_owned())
                .collect();
            if words.is_empty() {
                return Err(UsageError::MissingQuery);
            }
            Command::Search {
                query: words.join(" "),
                json,
            }
        }
        Some(word) if subcommand_allowed && word == "export-quotes" => {
            let words: Vec<String> = positional
                .by_ref()
                .map(|w| w.to_string_lossy().into_owned())
                .collect();
            if words.is_empty() {
                return Err(UsageError::MissingName);
            }
            // Markdown unless asked for JSON, by `--json` or `--format json`.
            let json = match format.take().as_deref() {
                None => json,
                Some("markdown" | "md") => json,
                Some("json") => true,
                Some(other) => return Err(UsageError::UnknownQuotesFormat(other.to_owned())),
            };
            Command::ExportQuotes {
                name: words.join(" "),
                json,
            }
        }
        Some(word) if subcommand_allowed && word == "cast" => {
            let words: Vec<String> = positional
                .by_ref()
                .map(|w| w.to_string_lossy().into_owned())
                .collect();
            cast_command(words, json, merge, split, as_name.take())?
        }
        other => {
            if json {
                return Err(UsageError::JsonWithoutAnalyze);
            }
            Command::Open {
                path: other.map(PathBuf::from),
            }
        }
    };
    if json
        && matches!(
            command,
            Command::Export { .. } | Command::Import { .. } | Command::Add { .. }
        )
    {
        return Err(UsageError::JsonWithoutAnalyze);
    }
    if format.is_some() {
        return Err(UsageError::OptionWithoutCommand("--format", "export"));
    }
    if output.is_some() {
        return Err(UsageError::OptionWithoutCommand("--output", "export"));
    }
    if from.is_some() {
        return Err(UsageError::OptionWithoutCommand("--from", "import"));
    }
    if without.is_some() {
        return Err(UsageError::OptionWithoutCommand("--without", "analyze"));
    }
    if as_name.is_some() {
        return Err(UsageError::AsWithoutSplit);
    }
    if (merge || split)
        && !matches!(
            command,
            Command::CastMerge { .. } | Command::CastSplit { .. }
        )
    {
        let option = if merge { "--merge" } else { "--split" };
        return Err(UsageError::OptionWithoutCommand(option, "cast"));
    }
    match positional.next() {
        Some(extra) => Err(UsageError::UnexpectedArgument(
            extra.to_string_lossy().into_owned(),
        )),
        None => Ok(command),
    }
}

/// The `cast` command for the words after it: the cast, one entity's
/// documents, a merge (two names) or a split (a name and documents).
fn cast_command(
    words: Vec<String>,
    json: bool,
    merge: bool,
    split: bool,
    as_name: Option<String>,
) -> Result<Command, UsageError> {
    if merge && split {
        return Err(UsageError::MergeAndSplit);
    }
    if (merge || split) && json {
        return Err(UsageError::JsonWithoutAnalyze);
    }
    if merge {
        if as_name.is_some() {
            return Err(UsageError::AsWithoutSplit);
        }
        return match <[String; 2]>::try_from(words) {
            Ok([name, into]) => Ok(Command::CastMerge { name, into }),
            Err(_) => Err(UsageError::MergeNeedsTwoNames),
        };
    }
    if split {
        let mut words = words.into_iter();
        let name = words.next().ok_or(UsageError::SplitNeedsName)?;
        let documents: Vec<PathBuf> = words.map(PathBuf::from).collect();
        if documents.is_empty() && as_name.is_some() {
            return Err(UsageError::AsWithoutSplit);
        }
        return Ok(Command::CastSplit {
            name,
            documents,
            as_name,
        });
    }
    if as_name.is_some() {
        return Err(UsageError::AsWithoutSplit);
    }
    Ok(Command::Cast {
        name: (!words.is_empty()).then(|| words.join(" ")),
        json,
    })
}

/// Runs a command that needs no window, writing results to `out` and
/// messages to `err`, and returns the exit status. [`Command::Open`] is not
/// headless; given here it is reported as a usage error.
pub fn run_headless(command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let result = match command {
        Command::Help => out.write_all(USAGE.as_bytes()).map_err(anyhow::Error::from),
        Command::Version => {
            writeln!(out, "dramatis {}", env!("CARGO_PKG_VERSION")).map_err(anyhow::Error::from)
        }
        Command::Analyze {
            path,
            json,
            without,
        } => {
            let options = AnalyzeOptions { disabled: *without };
            run_analyze(path, *json, &options, out, err)
        }
        Command::Text { path, json } => run_text(path, *json, out, err),
        Command::Export {
            path,
            format,
            output,
        } => run_export(path, *format, output.as_deref(), out, err),
        Command::Import { path, from } => run_import(path, from, out, err),
        Command::Add { paths } => library::run_add(paths, out, err),
        Command::Library { json } => library::run_library(*json, out, err),
        Command::Search { query, json } => library::run_search(query, *json, out, err),
        Command::Cast { name: None, json } => library::run_cast(*json, out, err),
        Command::Cast {
            name: Some(name),
            json,
        } => library::run_appearances(name, *json, out, err),
        Command::ExportQuotes { name, json } => library::run_export_quotes(name, *json, out, err),
        Command::CastMerge { name, into } => library::run_merge(name, into, out, err),
        Command::CastSplit {
            name,
            documents,
            as_name,
        } => library::run_split(name, documents, as_name.as_deref(), out, err),
        Command::Open { .. } => {
            // A message that cannot be written has nowhere else to go.
            let _ = writeln!(err, "dramatis: opening a window is not a headless command");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of our output went away (`dramatis analyze … | head`):
        // nothing is wrong, and there is no one left to tell.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // As above: if stderr is gone, the exit status still tells.
            let _ = writeln!(err, "dramatis: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// True when `error` comes from writing to a closed pipe.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// Reports a usage error with the usage, and returns the exit status for it.
pub fn usage_error(error: &UsageError, err: &mut dyn Write) -> ExitCode {
    // If stderr is gone there is nowhere to say more; the status still tells.
    let _ = writeln!(err, "dramatis: {error}\n\n{USAGE}");
    ExitCode::from(EXIT_USAGE)
}

/// Loads and analyses `path` with `options`, printing JSON or a table to
/// `out` and the load and analysis warnings to `err`.
pub fn run_analyze(
    path: &Path,
    json: bool,
    options: &AnalyzeOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut doc = document::load(path)?;
    let analysis = analysis::analyze_document(&mut doc, options, &mut |_| {});
    for warning in doc.warnings.iter().chain(&analysis.warnings) {
        writeln!(err, "dramatis: warning: {warning} ({})", path.display())
            .context("could not write to stderr")?;
    }
    if json {
        AnalyzeOutput::write_json(&doc, &analysis, &mut *out)
            .context("could not write the JSON output")?;
        writeln!(out).context("could not write the JSON output")?;
    } else {
        out.write_all(cast_table(&doc, &analysis).as_bytes())
            .context("could not write the output")?;
    }
    out.flush().context("could not write the output")?;
    Ok(())
}

/// Loads `path` and prints its text exactly as loaded, or with `json` the
/// [`TextOutput`]; load warnings go to `err`.
pub fn run_text(
    path: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let doc = document::load(path)?;
    for warning in &doc.warnings {
        writeln!(err, "dramatis: warning: {warning} ({})", path.display())
            .context("could not write to stderr")?;
    }
    if json {
        serde_json::to_writer(&mut *out, &TextOutput::new(&doc))
            .context("could not write the JSON output")?;
        writeln!(out).context("could not write the JSON output")?;
    } else {
        out.write_all(doc.text.as_bytes())
            .context("could not write the output")?;
    }
    out.flush().context("could not write the output")?;
    Ok(())
}

/// Loads `path` and its notes from the store, applies the reader's
/// corrections and personal dictionary to its analysis, and exports the
/// notes as `format` to `output` or to `out`. `output` is written as
/// [`crate::files::write_output`] writes: atomically for a file, through a
/// link, into a pipe or device, never replacing the node. Load and
/// analysis warnings and problems with the notes files go to `err`.
pub fn run_export(
    path: &Path,
    format: ExportFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut doc = load_for_notes(path, err)?;
    let analysis = analysis::analyze_document(&mut doc, &AnalyzeOptions::default(), &mut |_| {});
    for warning in &analysis.warnings {
        writeln!(err, "dramatis: warning: {warning} ({})", path.display())
            .context("could not write to stderr")?;
    }
    let store = Store::default_location()?;
    // An export saves nothing, so it leaves every notes file where it is.
    let opened = store.open_read_only(&doc.text, doc.path.as_deref(), &doc.title);
    let (dictionary, dictionary_problems) = store.dictionary_read_only();
    for problem in opened.problems.iter().chain(&dictionary_problems) {
        writeln!(err, "dramatis: warning: {problem}").context("could not write to stderr")?;
    }
    let annotations = opened.annotations;
    let analysis = corrections::apply(&doc.text, &analysis, &annotations.corrections, &dictionary);
    let exported = export::export(
        format,
        &ExportInput {
            document: &doc,
            analysis: &analysis,
            annotations: &annotations,
            exported: jiff::Timestamp::now(),
            time_zone: &jiff::tz::TimeZone::system(),
        },
    );
    match output {
        None => {
            out.write_all(exported.as_bytes())
                .context("could not write the output")?;
            out.flush().context("could not write the output")?;
        }
        Some(output) => {
            crate::files::write_output(output, exported.as_bytes()).map_err(|e| {
                anyhow::anyhow!("could not write the export ({e}): {}", output.display())
            })?;
            let count = annotations.highlights.len();
            writeln!(
                out,
                "Exported {count} {} from {} as {} to {}.",
                plural(count, "highlight", "highlights"),
                doc.title,
                format.name(),
                output.display()
            )
            .context("could not write the output")?;
        }
    }
    Ok(())
}

/// Loads `path` and the notes on it, reads W3C web annotations from `from`,
/// finds them in the text, adds those not already there to the notes and
/// saves them. Says on `out` how many were imported; annotations that could
/// not be used and problems with the notes files go to `err`.
pub fn run_import(
    path: &Path,
    from: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    let doc = load_for_notes(path, err)?;
    let json = crate::files::read_regular_to_string(from, MAX_IMPORT_BYTES).map_err(|e| {
        anyhow::anyhow!(
            "could not read the annotations to import ({e}): {}",
            from.display()
        )
    })?;
    let report = export::import_w3c(&json, &doc.text, jiff::Timestamp::now())
        .map_err(|e| anyhow::anyhow!("{e}: {}", from.display()))?;
    let store = Store::default_location()?;
    let opened = store.open(&doc.text, doc.path.as_deref(), &doc.title);
    for problem in &opened.problems {
        writeln!(err, "dramatis: warning: {problem}").context("could not write to stderr")?;
    }
    for skipped in &report.skipped {
        writeln!(
            err,
            "dramatis: warning: skipped {skipped} ({})",
            from.display()
        )
        .context("could not write to stderr")?;
    }
    let mut annotations = opened.annotations;
    let merged = report.merge_into(&mut annotations);
    if merged.added + merged.orphaned > 0 {
        // Merged with what another writer saved since this run read the
        // notes, so that two at once lose nothing.
        store.save_merged(&opened.base, &annotations, opened.replaces.as_deref())?;
    }
    writeln!(out, "{}", import_summary(merged, &doc.title))
        .context("could not write the output")?;
    out.flush().context("could not write the output")?;
    Ok(())
}

/// Loads a document whose notes are read or written, with its path made
/// absolute so the notes and the exports name the file wherever the
/// command ran. Load warnings go to `err`.
fn load_for_notes(path: &Path, err: &mut dyn Write) -> anyhow::Result<Document> {
    let mut doc = document::load(path)?;
    for warning in &doc.warnings {
        writeln!(err, "dramatis: warning: {warning} ({})", path.display())
            .context("could not write to stderr")?;
    }
    if let Ok(absolute) = std::fs::canonicalize(path) {
        doc.path = Some(absolute);
    }
    Ok(doc)
}

/// The sentence `dramatis import` prints.
fn import_summary(merged: Merged, title: &str) -> String {
    let count = merged.added + merged.orphaned;
    let mut sentence = format!(
        "Imported {count} {} into notes for {title}",
        plural(count, "highlight", "highlights")
    );
    let mut asides = Vec::new();
    if merged.orphaned > 0 {
        asides.push(format!(
            "{} could not be placed and {}",
            merged.orphaned,
            plural(
                merged.orphaned,
                "is kept as an orphan",
                "are kept as orphans"
            )
        ));
    }
    if merged.duplicates > 0 {
        asides.push(format!(
            "{} {} already there",
            merged.duplicates,
            plural(merged.duplicates, "was", "were")
        ));
    }
    if !asides.is_empty() {
        sentence.push_str(&format!(" ({})", asides.join("; ")));
    }
    sentence.push('.');
    sentence
}

/// `one` when `count` is 1, else `many`.
fn plural(count: usize, one: &'static str, many: &'static str) -> &'static str {
    if count == 1 { one } else { many }
}

/// The JSON printed by `dramatis text FILE --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextOutput {
    /// The document title.
    pub title: String,
    /// The author line, if the document names one.
    pub byline: Option<String>,
    /// The publication date as the document gives it.
    pub published: Option<String>,
    /// `text`, `markdown`, `html` or `mhtml`.
    pub format: String,
    /// The document text, which all offsets index.
    pub text: String,
}

impl TextOutput {
    /// The output for `doc`.
    pub fn new(doc: &Document) -> Self {
        Self {
            title: doc.title.clone(),
            byline: doc.byline.clone(),
            published: doc.published.clone(),
            format: format_name(doc.format),
            text: doc.text.clone(),
        }
    }
}

/// The name of a format in JSON output.
fn format_name(format: Format) -> String {
    format.name().to_owned()
}

/// The JSON printed by `dramatis analyze FILE --json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalyzeOutput {
    /// The document title.
    pub title: String,
    /// Entities ordered by first mention; `id` is the position in this list.
    pub entities: Vec<EntityOutput>,
    /// Quotations ordered by position.
    pub quotes: Vec<QuoteOutput>,
}

/// One entity in [`AnalyzeOutput`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityOutput {
    /// Position in [`AnalyzeOutput::entities`].
    pub id: usize,
    /// `person`, `place` or `organization`.
    pub kind: String,
    /// Display name: the fullest form used in the text, on one line.
    pub name: String,
    /// The other names the text uses for it, most used first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// For a person, `male` or `female` when the text shows which.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Mentions ordered by position.
    pub mentions: Vec<MentionOutput>,
}

/// One mention in [`EntityOutput`], in character offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionOutput {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// Why the tagger chose this kind ("gazetteer: country", "alias of …").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// One quotation in [`AnalyzeOutput`], in character offsets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteOutput {
    /// First character inside the quotation marks.
    pub start: usize,
    /// One past the last character inside the marks.
    pub end: usize,
    /// The speaker's entity id, if the speaker is a listed entity.
    pub speaker: Option<usize>,
    /// The speaker's display name, or the phrase describing them, if any.
    pub speaker_name: Option<String>,
    /// How the speaker was chosen: the sieve step's id and what it read
    /// ("turn-taking: the turns of the conversation").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// The quoted words.
    pub text: String,
}

impl AnalyzeOutput {
    /// Converts an analysis of `doc` into the output format: byte spans
    /// become character offsets, entities are ordered by first mention and
    /// renumbered in that order, entities without mentions are left out.
    pub fn new(doc: &Document, analysis: &Analysis) -> Self {
        let parts = OutputParts::new(doc, analysis);
        Self {
            title: doc.title.clone(),
            entities: parts.entities().collect(),
            quotes: parts.quotes().collect(),
        }
    }

    /// Writes the JSON of [`AnalyzeOutput::new`] to `out`, the same bytes
    /// that serializing it gives, one entity at a time: a text dense with
    /// names has several mentions for every few words, and the whole
    /// output built at once would outweigh the analysis.
    pub fn write_json(
        doc: &Document,
        analysis: &Analysis,
        out: &mut dyn Write,
    ) -> serde_json::Result<()> {
        serde_json::to_writer(out, &Streamed(OutputParts::new(doc, analysis)))
    }
}

/// What [`AnalyzeOutput`] is made of, before its entities and quotes are
/// built: the entities in output order, each with its mentions (indices
/// into the analysis's mentions, sorted by span, one per span).
struct OutputParts<'a> {
    doc: &'a Document,
    analysis: &'a Analysis,
    index: CharIndex,
    order: Vec<(EntityId, Vec<usize>)>,
    new_id: HashMap<EntityId, usize>,
    genders: Vec<Option<analysis::Gender>>,
}

impl<'a> OutputParts<'a> {
    fn new(doc: &'a Document, analysis: &'a Analysis) -> Self {
        let span_of = |m: usize| analysis.mentions[m].span;
        let mut order: Vec<(EntityId, Vec<usize>)> = analysis
            .entities
            .iter()
            .enumerate()
            .map(|(id, entity)| {
                let mut mentions: Vec<usize> = entity
                    .mentions
                    .iter()
                    .copied()
                    .filter(|&m| m < analysis.mentions.len())
                    .collect();
                // One mention a span: the first of any written twice.
                mentions.sort_by_key(|&m| span_of(m));
                mentions.dedup_by_key(|m| span_of(*m));
                (id, mentions)
            })
            .filter(|(_, mentions)| !mentions.is_empty())
            .collect();
        order.sort_by_key(|(id, mentions)| (mentions.first().map(|&m| span_of(m).start), *id));
        let new_id = order
            .iter()
            .enumerate()
            .map(|(new, (old, _))| (*old, new))
            .collect();
        Self {
            doc,
            analysis,
            index: CharIndex::new(&doc.text),
            order,
            new_id,
            genders: analysis.genders(&doc.text),
        }
    }

    /// The entities, built one by one.
    fn entities(&self) -> impl Iterator<Item = EntityOutput> + '_ {
        let (doc, analysis) = (self.doc, self.analysis);
        self.order
            .iter()
            .enumerate()
            .filter_map(move |(id, (old, mentions))| {
                let entity = analysis.entities.get(*old)?;
                Some(EntityOutput {
                    id,
                    kind: entity.kind.json_name().to_owned(),
                    name: one_line(&entity.name),
                    aliases: analysis.aliases(&doc.text, *old),
                    gender: self
                        .genders
                        .get(*old)
                        .copied()
                        .flatten()
                        .map(|g| g.json_name().to_owned()),
                    mentions: mentions
                        .iter()
                        .map(|&m| {
                            let mention = &analysis.mentions[m];
                            let (start, end) = self.index.chars_of_span(mention.span);
                            MentionOutput {
                                start,
                                end,
                                text: mention.span.text(&doc.text).to_owned(),
                                reason: mention.reason.to_string(),
                            }
                        })
                        .collect(),
                })
            })
    }

    /// The quotations, by position.
    fn quotes(&self) -> impl Iterator<Item = QuoteOutput> + '_ {
        let (doc, analysis) = (self.doc, self.analysis);
        let mut quotes: Vec<_> = analysis.quotes.iter().collect();
        quotes.sort_by_key(|q| q.span);
        quotes.into_iter().map(move |quote| {
            let (start, end) = self.index.chars_of_span(quote.span);
            let speaker = match quote.speaker {
                Speaker::Entity(id) => self.new_id.get(&id).copied(),
                Speaker::Described(_) | Speaker::Unknown => None,
            };
            QuoteOutput {
                start,
                end,
                speaker,
                speaker_name: analysis.speaker_name(quote).map(one_line),
                reason: format!("{}: {}", quote.step.id(), quote.step.explain()),
                text: quote.span.text(&doc.text).to_owned(),
            }
        })
    }
}

/// [`OutputParts`] serialized as [`AnalyzeOutput`] is, field by field and
/// entity by entity.
struct Streamed<'a>(OutputParts<'a>);

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        /// A sequence serialized as its items are made.
        struct Seq<F>(F);
        impl<F: Fn() -> I, I: Iterator<Item = T>, T: Serialize> Serialize for Seq<F> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_seq((self.0)())
            }
        }
        let parts = &self.0;
        let mut output = serializer.serialize_struct("AnalyzeOutput", 3)?;
        output.serialize_field("title", &parts.doc.title)?;
        output.serialize_field("entities", &Seq(|| parts.entities()))?;
        output.serialize_field("quotes", &Seq(|| parts.quotes()))?;
        output.end()
    }
}

/// A readable table of the cast (kind, mention count, name; grouped by kind,
/// most mentioned first) and of the quotations (speaker, opening words).
pub fn cast_table(doc: &Document, analysis: &Analysis) -> String {
    let output = AnalyzeOutput::new(doc, analysis);
    let mut table = format!("{}\n{} words\n\n", output.title, doc.word_count());
    let mut cast: Vec<&EntityOutput> = output.entities.iter().collect();
    let kind_rank = |kind: &str| {
        EntityKind::ALL
            .iter()
            .position(|k| k.json_name() == kind)
            .unwrap_or(EntityKind::ALL.len())
    };
    cast.sort_by(|a, b| {
        kind_rank(&a.kind)
            .cmp(&kind_rank(&b.kind))
            .then(b.mentions.len().cmp(&a.mentions.len()))
            .then(a.name.cmp(&b.name))
    });
    if cast.is_empty() {
        table.push_str("Cast: none found\n");
    } else {
        table.push_str(&format!("Cast ({})\n", cast.len()));
        table.push_str(&format!("  {:<14}{:>8}  {}\n", "Kind", "Mentions", "Name"));
        for entity in cast {
            table.push_str(&format!(
                "  {:<14}{:>8}  {}\n",
                entity.kind,
                entity.mentions.len(),
                entity.name
            ));
        }
    }
    table.push('\n');
    if output.quotes.is_empty() {
        table.push_str("Quotes: none found\n");
    } else {
        table.push_str(&format!("Quotes ({})\n", output.quotes.len()));
        let width = output
            .quotes
            .iter()
            .filter_map(|q| q.speaker_name.as_deref())
            .map(|name| name.chars().count())
            .max()
            .unwrap_or(0)
            .clamp("Speaker".len(), 40);
        table.push_str(&format!("  {:<width$}  Opening words\n", "Speaker"));
        for quote in &output.quotes {
            let speaker = quote.speaker_name.as_deref().unwrap_or("—");
            table.push_str(&format!(
                "  {speaker:<width$}  “{}”\n",
                opening_words(&quote.text)
            ));
        }
    }
    table
}

/// `text` with every run of whitespace (a line break in hard-wrapped text)
/// turned into one space, for names shown on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first few words of `text` on one line, with `…` when cut.
fn opening_words(text: &str) -> String {
    let mut words = text.split_whitespace();
    let opening: Vec<&str> = words.by_ref().take(QUOTE_PREVIEW_WORDS).collect();
    let mut line = opening.join(" ");
    if words.next().is_some() {
        line.push('…');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::RuleId;

    fn parse(args: &[&str]) -> Result<Command, UsageError> {
        parse_args(args.iter().map(OsString::from))
    }

    #[test]
    fn argument_table() {
        let open = |p: Option<&str>| Command::Open {
            path: p.map(PathBuf::from),
        };
        let analyze = |p: &str, json| Command::Analyze {
            without: RuleSet::EMPTY,
            path: PathBuf::from(p),
            json,
        };
        let text = |p: &str, json| Command::Text {
            path: PathBuf::from(p),
            json,
        };
        let export = |p: &str, format, output: Option<&str>| Command::Export {
            path: PathBuf::from(p),
            format,
            output: output.map(PathBuf::from),
        };
        let import = |p: &str, from: &str| Command::Import {
            path: PathBuf::from(p),
            from: PathBuf::from(from),
        };
        let cases: &[(&[&str], Result<Command, UsageError>)] = &[
            (&[], Ok(open(None))),
            (&["a.txt"], Ok(open(Some("a.txt")))),
            (&["-"], Ok(open(Some("-")))),
            (&["analyze", "a.txt"], Ok(analyze("a.txt", false))),
            (&["analyze", "a.txt", "--json"], Ok(analyze("a.txt", true))),
            (&["--json", "analyze", "a.txt"], Ok(analyze("a.txt", true))),
            (
                &[
                    "analyze",
                    "a.txt",
                    "--json",
                    "--without",
                    "titled-names,demonyms",
                ],
                Ok(Command::Analyze {
                    path: PathBuf::from("a.txt"),
                    json: true,
                    without: RuleSet::EMPTY
                        .with(RuleId::TitledNames)
                        .with(RuleId::Demonyms),
                }),
            ),
            (
                &["analyze", "a.txt", "--without=all"],
                Ok(Command::Analyze {
                    path: PathBuf::from("a.txt"),
                    json: false,
                    without: RuleSet::all(),
                }),
            ),
            (
                &["analyze", "a.txt", "--without", "no-such-rule"],
                Err(UsageError::UnknownRule(UnknownRule("no-such-rule".into()))),
            ),
            (
                &["text", "a.txt", "--without", "demonyms"],
                Err(UsageError::OptionWithoutCommand("--without", "analyze")),
            ),
            (
                &["analyze", "--", "-odd.txt"],
                Ok(analyze("-odd.txt", false)),
            ),
            (&["--", "analyze"], Ok(open(Some("analyze")))),
            (&["--help"], Ok(Command::Help)),
            (&["analyze", "-h"], Ok(Command::Help)),
            (&["-V"], Ok(Command::Version)),
            (&["--version"], Ok(Command::Version)),
            (&["analyze"], Err(UsageError::MissingFile("analyze"))),
            (&["text"], Err(UsageError::MissingFile("text"))),
            (&["text", "a.html"], Ok(text("a.html", false))),
            (&["text", "--json", "a.html"], Ok(text("a.html", true))),
            (&["--", "text"], Ok(open(Some("text")))),
            (&["--jsn"], Err(UsageError::UnknownOption("--jsn".into()))),
            (
                &["analyze", "a.txt", "-x"],
                Err(UsageError::UnknownOption("-x".into())),
            ),
            (
                &["a.txt", "b.txt"],
                Err(UsageError::UnexpectedArgument("b.txt".into())),
            ),
            (
                &["analyze", "a", "b"],
                Err(UsageError::UnexpectedArgument("b".into())),
            ),
            (&["a.txt", "--json"], Err(UsageError::JsonWithoutAnalyze)),
            (
                &["add", "a.txt", "notes"],
                Ok(Command::Add {
                    paths: vec![PathBuf::from("a.txt"), PathBuf::from("notes")],
                }),
            ),
            (&["add"], Err(UsageError::MissingPath)),
            (
                &["add", "a.txt", "--json"],
                Err(UsageError::JsonWithoutAnalyze),
            ),
            (&["library"], Ok(Command::Library { json: false })),
            (&["library", "--json"], Ok(Command::Library { json: true })),
            (
                &["library", "extra"],
                Err(UsageError::UnexpectedArgument("extra".into())),
            ),
            (
                &["search", "red", "\"old fox\"", "--json"],
                Ok(Command::Search {
                    query: "red \"old fox\"".into(),
                    json: true,
                }),
            ),
            (&["search"], Err(UsageError::MissingQuery)),
            (
                &["--json", "cast"],
                Ok(Command::Cast {
                    name: None,
                    json: true,
                }),
            ),
            (
                &["cast"],
                Ok(Command::Cast {
                    name: None,
                    json: false,
                }),
            ),
            (
                &["cast", "Maria", "Okonkwo", "--json"],
                Ok(Command::Cast {
                    name: Some("Maria Okonkwo".into()),
                    json: true,
                }),
            ),
            (&["--", "cast"], Ok(open(Some("cast")))),
            (
                &["cast", "--merge", "Tolstoy", "Leo Tolstoy"],
                Ok(Command::CastMerge {
                    name: "Tolstoy".into(),
                    into: "Leo Tolstoy".into(),
                }),
            ),
            (
                &["cast", "--merge", "Leo", "Tolstoy", "Lev"],
                Err(UsageError::MergeNeedsTwoNames),
            ),
            (
                &[
                    "cast",
                    "--split",
                    "John Smith",
                    "--as",
                    "J. Smith",
                    "a.txt",
                    "b.txt",
                ],
                Ok(Command::CastSplit {
                    name: "John Smith".into(),
                    documents: vec![PathBuf::from("a.txt"), PathBuf::from("b.txt")],
                    as_name: Some("J. Smith".into()),
                }),
            ),
            (
                &["cast", "--split", "Tolstoy"],
                Ok(Command::CastSplit {
                    name: "Tolstoy".into(),
                    documents: Vec::new(),
                    as_name: None,
                }),
            ),
            (&["cast", "--split"], Err(UsageError::SplitNeedsName)),
            (
                &["cast", "--split", "Tolstoy", "--as", "Lev"],
                Err(UsageError::AsWithoutSplit),
            ),
            (
                &["cast", "--merge", "--split", "A", "B"],
                Err(UsageError::MergeAndSplit),
            ),
            (
                &["cast", "--merge", "A", "B", "--json"],
                Err(UsageError::JsonWithoutAnalyze),
            ),
            (
                &["search", "--merge", "fox"],
                Err(UsageError::OptionWithoutCommand("--merge", "cast")),
            ),
            (
                &["export-quotes", "Maria", "Okonkwo"],
                Ok(Command::ExportQuotes {
                    name: "Maria Okonkwo".into(),
                    json: false,
                }),
            ),
            (&["export-quotes"], Err(UsageError::MissingName)),
            (
                &["export-quotes", "Maria", "Okonkwo", "--format", "markdown"],
                Ok(Command::ExportQuotes {
                    name: "Maria Okonkwo".into(),
                    json: false,
                }),
            ),
            (
                &["export-quotes", "--format=json", "Maria"],
                Ok(Command::ExportQuotes {
                    name: "Maria".into(),
                    json: true,
                }),
            ),
            (
                &["export-quotes", "Maria", "--format", "csv"],
                Err(UsageError::UnknownQuotesFormat("csv".into())),
            ),
            (
                &["export", "a.txt"],
                Ok(export("a.txt", ExportFormat::Markdown, None)),
            ),
            (
                &["export", "a.txt", "--format", "w3c"],
                Ok(export("a.txt", ExportFormat::W3c, None)),
            ),
            (
                &["export", "--format=readwise-csv", "a.txt", "-o", "out.csv"],
                Ok(export("a.txt", ExportFormat::ReadwiseCsv, Some("out.csv"))),
            ),
            (
                &["export", "a.txt", "-f", "JSON", "--output=-"],
                Ok(export("a.txt", ExportFormat::Json, None)),
            ),
            (
                &["export", "a.txt", "--format", "pdf"],
                Err(UsageError::UnknownFormat("pdf".into())),
            ),
            (
                &["export", "a.txt", "--format"],
                Err(UsageError::MissingValue("--format")),
            ),
            (&["export"], Err(UsageError::MissingFile("export"))),
            (
                &["export", "a.txt", "--json"],
                Err(UsageError::JsonWithoutAnalyze),
            ),
            (
                &["export", "a.txt", "--from", "n.json"],
                Err(UsageError::OptionWithoutCommand("--from", "import")),
            ),
            (
                &["import", "a.txt", "--from", "notes.json"],
                Ok(import("a.txt", "notes.json")),
            ),
            (
                &["import", "--from=notes.json", "a.txt"],
                Ok(import("a.txt", "notes.json")),
            ),
            (&["import", "a.txt"], Err(UsageError::MissingNotes)),
            (
                &["import", "a.txt", "--from"],
                Err(UsageError::MissingValue("--from")),
            ),
            (
                &["analyze", "a.txt", "--format", "w3c"],
                Err(UsageError::OptionWithoutCommand("--format", "export")),
            ),
            (
                &["a.txt", "-o", "x"],
                Err(UsageError::OptionWithoutCommand("--output", "export")),
            ),
            (&["--", "export"], Ok(open(Some("export")))),
        ];
        for (args, expected) in cases {
            assert_eq!(&parse(args), expected, "{args:?}");
        }
    }

    #[test]
    fn import_summary_table() {
        let merged = |added, orphaned, duplicates| Merged {
            added,
            orphaned,
            duplicates,
        };
        for (m, expected) in [
            (merged(3, 0, 0), "Imported 3 highlights into notes for T."),
            (merged(1, 0, 0), "Imported 1 highlight into notes for T."),
            (
                merged(2, 1, 0),
                "Imported 3 highlights into notes for T (1 could not be placed and is kept as \
                 an orphan).",
            ),
            (
                merged(0, 2, 4),
                "Imported 2 highlights into notes for T (2 could not be placed and are kept as \
                 orphans; 4 were already there).",
            ),
        ] {
            assert_eq!(import_summary(m, "T"), expected);
        }
    }

    #[test]
    fn opening_words_table() {
        for (text, expected) in [
            (
                "It will be a fully fledged visit.",
                "It will be a fully fledged visit.",
            ),
            ("one two\nthree", "one two three"),
            ("a b c d e f g h i j k l", "a b c d e f g h i j…"),
        ] {
            assert_eq!(opening_words(text), expected);
        }
    }

    #[test]
    fn names_are_shown_on_one_line() {
        for (name, expected) in [
            ("Andrew\nBolkónski", "Andrew Bolkónski"),
            ("Anna\r\n  Pávlovna", "Anna Pávlovna"),
            ("Kim Jong-un", "Kim Jong-un"),
        ] {
            assert_eq!(one_line(name), expected);
        }
    }
}
