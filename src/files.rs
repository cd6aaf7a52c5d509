//! Reading and writing the files a person names, without being led astray
//! by what is at the path.
//!
//! A path may name a pipe, a device or a symbolic link as easily as a plain
//! file. Reading a pipe blocks until someone writes to it and a device such as
//! `/dev/zero` never ends, so every read of a person's file goes through
//! [`read_regular`], which refuses anything but a regular file and reads at
//! most a stated number of bytes. Writing an export must not replace what is
//! at the path with a plain file (a rename over `/dev/null` or over a symbolic
//! link swaps the node itself), so [`write_output`] writes through links and
//! into pipes and character devices, and renames only over regular files.

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The reason in an IO error for a path that is not a regular file.
pub const NOT_REGULAR: &str = "it is not a regular file";

/// Reads the regular file at `path` (a symbolic link to one is followed),
/// at most `max_bytes` of it.
///
/// A pipe, device, socket or folder is refused before it is opened, with an
/// error of kind [`io::ErrorKind::InvalidInput`] whose message is
/// [`NOT_REGULAR`] (or [`io::ErrorKind::IsADirectory`] for a folder); a
/// larger file gives [`io::ErrorKind::FileTooLarge`]. Between the check and
/// the open another process could swap the file for a pipe; the open then
/// blocks as any read of a pipe does, which a person would have to arrange
/// on purpose.
pub fn read_regular(path: &Path, max_bytes: u64) -> io::Result<Vec<u8>> {
    let metadata = fs::metadata(path)?;
    if metadata.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder, not a file",
        ));
    }
    if !metadata.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, NOT_REGULAR));
    }
    let too_large = || {
        io::Error::new(
            io::ErrorKind::FileTooLarge,
            format!(
                "it is larger than {} MB, the most Dramatis reads",
                max_bytes / (1024 * 1024)
            ),
        )
    };
    if metadata.len() > max_bytes {
        return Err(too_large());
    }
    let file = fs::File::open(path)?;
    let mut bytes = Vec::new();
    // One byte past the limit catches a file that grew since it was measured.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > max_bytes {
        return Err(too_large());
    }
    Ok(bytes)
}

/// [`read_regular`] for text: the bytes must be UTF-8.
pub fn read_regular_to_string(path: &Path, max_bytes: u64) -> io::Result<String> {
    String::from_utf8(read_regular(path, max_bytes)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

/// Writes `bytes` to `path` as an export is written, keeping whatever node
/// is already there:
///
/// - nothing or a regular file: written atomically ([`write_atomic`]);
/// - a symbolic link: the same, to the file it points to (created when
///   missing), so the link stays a link;
/// - a pipe or character device (`/dev/null`, a terminal): written into
///   directly, since it has no contents to replace;
/// - a folder, block device or socket: refused with an error that says what
///   it is.
///
/// [`write_atomic`]: crate::annotations::store::write_atomic
pub fn write_output(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let target = match fs::symlink_metadata(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return crate::annotations::store::write_atomic(path, bytes);
        }
        Err(error) => return Err(error),
        Ok(node) if node.file_type().is_symlink() => match fs::canonicalize(path) {
            Ok(target) => target,
            // A link to nothing yet: opening through it creates its target.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return write_into(path, bytes, true);
            }
            Err(error) => return Err(error),
        },
        Ok(_) => path.to_owned(),
    };
    let metadata = fs::metadata(&target)?;
    let kind = metadata.file_type();
    if kind.is_file() {
        return crate::annotations::store::write_atomic(&target, bytes);
    }
    if kind.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder, not a file",
        ));
    }
    if is_pipe_or_char_device(&kind) {
        return write_into(&target, bytes, false);
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        "it is a block device or socket, not a file",
    ))
}

/// Writes `bytes` into the node at `path` without replacing it.
fn write_into(path: &Path, bytes: &[u8], create: bool) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(create)
        .truncate(create)
        .open(path)?;
    file.write_all(bytes)?;
    file.flush()
}

#[cfg(unix)]
fn is_pipe_or_char_device(kind: &fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_fifo() || kind.is_char_device()
}

#[cfg(not(unix))]
fn is_pipe_or_char_device(_kind: &fs::FileType) -> bool {
    false
}

/// Whether `path` names a file that can be opened for reading; if not, a
/// sentence saying why not, with the path last.
pub fn readable_file(path: &Path) -> Result<(), String> {
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(format!(
            "That is a folder; type the path of a file in it: {}",
            path.display()
        )),
        Ok(_) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            Err(format!("There is no file at this path: {}", path.display()))
        }
        Err(err) => Err(format!(
            "This file cannot be read ({err}): {}",
            path.display()
        )),
    }
}

/// A path in `dir` for a new file named `file_name` that names nothing yet:
/// `file_name` itself, else `stem (2).ext`, `stem (3).ext`… so a file the
/// person already has is never written over. The extension is everything
/// after the first dot of the name (`Title.w3c.json` becomes
/// `Title (2).w3c.json`), so the name keeps the ending tools look for.
pub fn unused_path(dir: &Path, file_name: &str) -> PathBuf {
    let (stem, ext) = match file_name.find('.') {
        Some(dot) if dot > 0 => file_name.split_at(dot),
        _ => (file_name, ""),
    };
    let mut path = dir.join(file_name);
    let mut n = 2;
    // symlink_metadata: a dangling link is something to keep too.
    while fs::symlink_metadata(&path).is_ok() {
        path = dir.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_paths_are_told_in_a_sentence() {
        let dir = std::env::temp_dir();
        let missing = dir.join("dramatis-no-such-file.txt");
        assert_eq!(
            readable_file(&missing),
            Err(format!(
                "There is no file at this path: {}",
                missing.display()
            ))
        );
        let folder = readable_file(&dir).expect_err("a folder");
        assert!(folder.starts_with("That is a folder"), "{folder}");
    }

    #[test]
    fn unused_path_numbers_a_name_already_taken() {
        let dir = std::env::temp_dir().join(format!("dramatis-unused-{}", std::process::id()));
        fs::create_dir_all(&dir).expect("a temporary folder");
        let cases = [
            ("Title.md", "Title.md"),
            ("Title.md", "Title (2).md"),
            ("Title.md", "Title (3).md"),
            ("Title.w3c.json", "Title.w3c.json"),
            ("Title.w3c.json", "Title (2).w3c.json"),
            ("notes", "notes"),
            ("notes", "notes (2)"),
        ];
        for (name, expected) in cases {
            let path = unused_path(&dir, name);
            assert_eq!(path, dir.join(expected), "for {name}");
            fs::write(&path, b"taken").expect("a file");
        }
        fs::remove_dir_all(&dir).expect("cleaned up");
    }
}
