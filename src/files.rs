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
use std::path::Path;

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
