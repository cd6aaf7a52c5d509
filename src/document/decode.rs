//! Turning a file's bytes into text, and refusing what is not text.
//!
//! UTF-8 (with or without a byte-order mark), UTF-16 (with a byte-order
//! mark, or without one when every other byte is zero) and UTF-32 (with a
//! byte-order mark) are read directly.
//! Other files are first checked for binary content, then read as UTF-8 when
//! they mostly are, and otherwise in the legacy encoding `chardetng` guesses
//! (Windows-1252 and its Latin-1 subset, most often). Invalid bytes become
//! U+FFFD and a warning says so.
//!
//! The binary check looks only at NUL bytes, control codes and the magic
//! numbers of common non-text files, never at invalid UTF-8: a Latin-1 file
//! is full of invalid UTF-8 and is still text.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

/// How many leading bytes are examined for binary content.
const SNIFF_BYTES: usize = 64 * 1024;

/// Share of control codes in the sniffed part above which a file counts as
/// binary: one in twenty.
const MAX_CONTROL_PER_TWENTY: usize = 1;

/// A sample at least this long without any spacing is not legacy text.
const MIN_SPACED_SAMPLE_BYTES: usize = 256;

/// Openings of file formats that are never text, even when their first
/// kilobytes happen to hold no NUL byte.
const BINARY_MAGIC: &[&[u8]] = &[
    b"\x89PNG",
    b"\xFF\xD8\xFF",
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"\x7FELF",
    b"PK\x03\x04",
    b"\x1F\x8B",
    b"MZ\x90\x00",
    b"\xCA\xFE\xBA\xBE",
    b"\xCF\xFA\xED\xFE",
];

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
    // UTF-32's little-endian mark starts with UTF-16's, so it is looked for first.
    let text = if let Some(little_endian) = utf32_bom(bytes) {
        let (text, invalid) = decode_utf32(&bytes[4..], little_endian);
        if invalid > 0 {
            warnings.push(format!(
                "The file had encoding errors: {invalid} invalid character{} shown as � (read as UTF-32).",
                if invalid == 1 { " was" } else { "s were" },
            ));
        }
        text
    } else if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        with_encoding(encoding, &bytes[bom_len..], &mut warnings)
    } else if let Some(encoding) = utf16_without_bom(bytes) {
        with_encoding(encoding, bytes, &mut warnings)
    } else {
        if looks_binary(bytes) {
            return Err(Problem::Binary);
        }
        let encoding = guess_encoding(bytes);
        if encoding != UTF_8 && lacks_spacing(bytes) {
            return Err(Problem::Binary);
        }
        if encoding != UTF_8 {
            warnings.push(format!(
                "The file is not UTF-8; it was read as {}.",
                encoding.name()
            ));
        }
        with_encoding(encoding, bytes, &mut warnings)
    };
    if text.trim().is_empty() {
        return Err(Problem::Empty);
    }
    Ok((text, warnings))
}

/// The byte order of UTF-32 text that opens with its byte-order mark:
/// `Some(true)` for little-endian, `Some(false)` for big-endian.
pub(super) fn utf32_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00]) {
        Some(true)
    } else if bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) {
        Some(false)
    } else {
        None
    }
}

/// Decodes UTF-32 (without its byte-order mark), which `encoding_rs` does
/// not read. Returns the text and how many code units were not characters
/// (surrogates, values past U+10FFFF, a last unit cut short), each shown as
/// U+FFFD.
pub(super) fn decode_utf32(bytes: &[u8], little_endian: bool) -> (String, usize) {
    let mut text = String::with_capacity(bytes.len() / 4);
    let mut invalid = 0;
    let mut units = bytes.chunks_exact(4);
    for unit in &mut units {
        let unit = [unit[0], unit[1], unit[2], unit[3]];
        let value = if little_endian {
            u32::from_le_bytes(unit)
        } else {
            u32::from_be_bytes(unit)
        };
        text.push(char::from_u32(value).unwrap_or_else(|| {
            invalid += 1;
            char::REPLACEMENT_CHARACTER
        }));
    }
    if !units.remainder().is_empty() {
        invalid += 1;
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, invalid)
}

/// Decodes `bytes` (without a byte-order mark) in `encoding`, noting in
/// `warnings` when some bytes were invalid and became U+FFFD.
fn with_encoding(encoding: &'static Encoding, bytes: &[u8], warnings: &mut Vec<String>) -> String {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        let invalid = invalid_sequences(encoding, bytes);
        warnings.push(format!(
            "The file had encoding errors: {invalid} invalid byte sequence{} shown as � (read as {}).",
            if invalid == 1 { " was" } else { "s were" },
            encoding.name()
        ));
    }
    text.into_owned()
}

/// How many invalid sequences `bytes` holds in `encoding`, for the warning.
fn invalid_sequences(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    if encoding == UTF_8 {
        return bytes
            .utf8_chunks()
            .filter(|chunk| !chunk.invalid().is_empty())
            .count();
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut invalid = 0;
    let mut input = bytes;
    let mut buffer = String::with_capacity(4096);
    loop {
        buffer.clear();
        let (result, read) = decoder.decode_to_string_without_replacement(input, &mut buffer, true);
        input = &input[read..];
        match result {
            encoding_rs::DecoderResult::InputEmpty => return invalid,
            encoding_rs::DecoderResult::OutputFull => {}
            encoding_rs::DecoderResult::Malformed(_, _) => invalid += 1,
        }
    }
}

/// UTF-16 without a byte-order mark: text in a Latin script has a zero in
/// every other byte. Returns the byte order when at least four in ten of the
/// odd (or even) bytes are zero and almost none of the others.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.len() < 4 || sample.len() % 2 == 1 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if zero_odd * 10 >= pairs * 4 && zero_even * 50 <= pairs {
        Some(UTF_16LE)
    } else if zero_even * 10 >= pairs * 4 && zero_odd * 50 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// UTF-8 when the bytes are valid UTF-8, or when their valid multi-byte
/// characters are at least as many as the invalid sequences (a UTF-8 file with a few bad
/// bytes); otherwise the legacy encoding the detector finds most likely.
fn guess_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if invalid == 0 || multibyte >= invalid {
        return UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Deny)
}

/// True for a sample long enough to hold a few words that holds no space,
/// tab or line break at all: random or compressed data, not prose in any
/// legacy encoding.
fn lacks_spacing(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    sample.len() >= MIN_SPACED_SAMPLE_BYTES
        && !sample
            .iter()
            .any(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
}

/// True for bytes that are not text: the opening of a known binary format,
/// a NUL byte near the start, or many control codes (images, programs,
/// archives).
fn looks_binary(bytes: &[u8]) -> bool {
    if BINARY_MAGIC.iter().any(|magic| bytes.starts_with(magic)) {
        return true;
    }
    let sample = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if sample.contains(&0) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B)) || b == 0x7F)
        .count();
    control * 20 > sample.len() * MAX_CONTROL_PER_TWENTY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf32_with_a_byte_order_mark_is_not_read_as_utf16() {
        let text = "Natasha said: «Ça va?» 🎭";
        let little: Vec<u8> = [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain(text.chars().flat_map(|c| u32::from(c).to_le_bytes()))
            .collect();
        let big: Vec<u8> = [0, 0, 0xFE, 0xFF]
            .into_iter()
            .chain(text.chars().flat_map(|c| u32::from(c).to_be_bytes()))
            .collect();
        for bytes in [little, big] {
            assert_eq!(decode(&bytes), Ok((text.to_owned(), Vec::new())));
        }
        let (broken, warnings) =
            decode(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0, 0, 0xD8, 0, 0, b'b']).expect("text");
        assert_eq!(broken, "a\u{FFFD}\u{FFFD}");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn counts_invalid_sequences_in_legacy_and_utf16() {
        let cases: [(&'static Encoding, &[u8], usize); 3] = [
            (UTF_16LE, b"a\x00b", 1),
            (UTF_16LE, b"\x00\xD8a\x00", 1),
            (UTF_8, b"a\xFFb\xFE", 2),
        ];
        for (encoding, bytes, expected) in cases {
            assert_eq!(invalid_sequences(encoding, bytes), expected, "{bytes:?}");
        }
    }
}
