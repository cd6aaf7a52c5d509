//! Fields in a notes file that this build does not know: a newer Dramatis,
//! a script or a hand edit may add them. Reading a file drops them, so a
//! save would lose them; instead the file is copied aside, under a name
//! taken from its contents, before it is first overwritten, and the reader
//! is told which fields are not shown.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use ron::Value;

use super::{Annotations, fingerprint};

/// At most this many unknown fields are named in a sentence.
const MAX_NAMED: usize = 5;

/// The fields of the notes file `source` (as dotted paths such as
/// `highlights.colour_name`) that are not in `parsed`, what this build read
/// from it. Empty when there are none, or when `source` is not RON at all.
pub(super) fn find(source: &str, parsed: &Annotations) -> Vec<String> {
    let Ok(file) = ron::from_str::<Value>(source) else {
        return Vec::new();
    };
    let Some(known) = ron::to_string(parsed)
        .ok()
        .and_then(|ours| ron::from_str::<Value>(&ours).ok())
    else {
        return Vec::new();
    };
    let mut found = BTreeSet::new();
    walk(&file, &known, "", &mut found);
    found.into_iter().collect()
}

/// Adds to `found` each key of `file` that `known` lacks, at the same place.
fn walk(file: &Value, known: &Value, at: &str, found: &mut BTreeSet<String>) {
    match (file, known) {
        (Value::Map(file), Value::Map(known)) => {
            for (key, value) in file.iter() {
                let name = match key {
                    Value::String(name) => name.clone(),
                    other => format!("{other:?}"),
                };
                let here = if at.is_empty() {
                    name
                } else {
                    format!("{at}.{name}")
                };
                match known.get(key) {
                    Some(known) => walk(value, known, &here, found),
                    None => {
                        found.insert(here);
                    }
                }
            }
        }
        (Value::Seq(file), Value::Seq(known)) => {
            for (file, known) in file.iter().zip(known) {
                walk(file, known, at, found);
            }
        }
        (Value::Option(Some(file)), Value::Option(Some(known))) => walk(file, known, at, found),
        _ => {}
    }
}

/// The fields, named for a sentence: `a, b and 3 more`.
pub(super) fn named(fields: &[String]) -> String {
    let mut names = fields
        .iter()
        .take(MAX_NAMED)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if fields.len() > MAX_NAMED {
        names.push_str(&format!(" and {} more", fields.len() - MAX_NAMED));
    }
    names
}

/// Where the copy of `notes_file` holding `source` is kept: beside it,
/// named by its contents, so that opening the same file again does not
/// copy it again.
pub(super) fn copy_path(notes_file: &Path, source: &str) -> PathBuf {
    let name = notes_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    notes_file.with_file_name(format!("{name}.unknown-fields-{}", fingerprint(source)))
}

/// Keeps `source`, the contents of `notes_file`, in its copy (written
/// atomically, once) and returns the copy's path.
pub(super) fn keep_copy(notes_file: &Path, source: &str) -> io::Result<PathBuf> {
    let copy = copy_path(notes_file, source);
    if !copy.exists() {
        super::store::write_atomic(&copy, source.as_bytes())?;
    }
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_this_build_does_not_know_are_found_wherever_they_are() {
        let text = "Natasha met Pierre.";
        let mut notes = Annotations::new(text, None, "A");
        notes.add_highlight(
            text,
            crate::span::Span::new(0, 7),
            super::super::HighlightColor::Yellow,
            jiff::Timestamp::UNIX_EPOCH,
        );
        let written = ron::to_string(&notes).expect("encode");
        assert_eq!(find(&written, &notes), Vec::<String>::new());
        let with_extra = written
            .replacen("(version:", "(shelf: \"novels\", version:", 1)
            .replacen("(id:", "(ink: Some(3), id:", 1);
        let parsed: Annotations = ron::from_str(&with_extra).expect("still parses");
        assert_eq!(find(&with_extra, &parsed), ["highlights.ink", "shelf"]);
        assert_eq!(named(&find(&with_extra, &parsed)), "highlights.ink, shelf");
    }
}
