//! The list of files and folders the reader added, kept in a text file
//! beside the database, so that a lost or unreadable database is rebuilt
//! from the files themselves.

use std::io;
use std::path::{Path, PathBuf};

use crate::annotations::store::write_atomic;

/// The first line of the list, for a person who opens it.
const HEADER: &str = "# The files and folders added to the Dramatis library, one a line. \
The library is rebuilt from them if its database is lost.";

/// The list's file for the database at `database`: its name plus `.sources`.
pub fn path_for(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".sources");
    PathBuf::from(name)
}

/// The paths listed beside `database`; none when there is no list (or it
/// cannot be read, which leaves nothing to rebuild from either).
pub fn read(database: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(path_for(database))
        .map(|text| {
            text.lines()
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(PathBuf::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Writes `paths` as the list beside `database`, sorted, atomically. Paths
/// that a line cannot hold (a line break in the name, not UTF-8) are left
/// out.
pub fn write(database: &Path, paths: &[PathBuf]) -> io::Result<()> {
    let mut lines: Vec<&str> = paths
        .iter()
        .filter_map(|p| p.to_str())
        .filter(|p| !p.contains(['\n', '\r']) && !p.starts_with('#'))
        .collect();
    lines.sort_unstable();
    lines.dedup();
    let mut text = format!("{HEADER}\n");
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    write_atomic(&path_for(database), text.as_bytes())
}
