//! Turning a file's bytes into text, and refusing what is not text.
//!
//! UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order
//! mark are read; invalid UTF-8 is repaired with U+FFFD and reported as a
//! warning. Legacy encodings are not detected yet, so such a file reads with
//! replacement characters and that warning.

/// How many leading bytes are examined for binary content.
const SNIFF_BYTES: usize = 64 * 1024;

/// Share of suspicious bytes (control codes, invalid UTF-8) in the sniffed
/// part above which a file counts as binary: one in ten.
const MAX_SUSPICIOUS_PER_TEN: usize = 1;

/// Why bytes could not become a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Problem {
    /// No text at all (no bytes, or only a byte-order mark and whitespace).
    Empty,
    /// The bytes are not text.
    Binary,
}

/// Decodes `bytes` into text plus warnings for the reader.
pub(super) fn decode(bytes: &[u8]) -> Result<(String, Vec<String>), Problem> {
    let mut warnings = Vec::new();
    let text = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes, &mut warnings)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes, &mut warnings)
    } else {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        if looks_binary(bytes) {
            return Err(Problem::Binary);
        }
        utf8(bytes, &mut warnings)
    };
    if text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    Ok((text, warnings))
}

/// UTF-8, repairing invalid sequences.
fn utf8(bytes: &[u8], warnings: &mut Vec<String>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let invalid = bytes
                .utf8_chunks()
                .filter(|chunk| !chunk.invalid().is_empty())
                .count();
            warnings.push(format!(
                "The file is not valid UTF-8: {invalid} invalid byte sequence{} shown as �.",
                if invalid == 1 { " was" } else { "s were" }
            ));
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// UTF-16 in the byte order `unit` reads, repairing unpaired surrogates.
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16, warnings: &mut Vec<String>) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut invalid = usize::from(bytes.len() % 2 == 1);
    let text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                invalid += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if invalid > 0 {
        warnings.push(format!(
            "The file is not valid UTF-16: {invalid} invalid code unit{} shown as �.",
            if invalid == 1 { " was" } else { "s were" }
        ));
    }
    text
}

/// True for bytes that are not text: a NUL byte near the start, or many
/// control codes and invalid UTF-8 sequences (images, programs, archives).
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.contains(&0) {
        return true;
    }
    let mut suspicious = 0;
    for chunk in sample.utf8_chunks() {
        suspicious += chunk.invalid().len();
        suspicious += chunk
            .valid()
            .bytes()
            .filter(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
            .count();
    }
    suspicious * 10 > sample.len() * MAX_SUSPICIOUS_PER_TEN
}
