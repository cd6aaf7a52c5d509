//! Lines written in capitals ("RUGBY - AUSTRALIA NAME SQUAD FOR TOUR",
//! "SYDNEY 1996-12-05", "CHAPTER IV. THE ARRIVAL OF MR. GREBE") read as
//! ordinary text for the tagger, whose model learned names from their
//! capitals and their word clusters from mixed-case text.
//!
//! Each word of two letters or more on such a line takes the case it most
//! likely has (truecasing):
//!
//! 1. the capitalised form the rest of the document writes it in
//!    ("Deutsche" when the body says "Deutsche Bank");
//! 2. capitals kept when the gazetteer lists the capitals ("NATO", "US");
//! 3. the capitalised form for a country, region, large city or listed
//!    organisation ("Sydney"), and for a town, given name, surname or
//!    title that is no common word;
//! 4. lower case for a common word ("squad", "for");
//! 5. for a word no list knows, the form the word vectors read it as
//!    (the same row for both forms reads as a name); capitals kept when they
//!    know neither form.
//!
//! Only ASCII letters change case, so every byte offset stays where it was
//! and names found in the recased text are names of the original. A caller
//! that owns the text recases it in place and restores it
//! ([`apply`], [`restore`]); others get a recased copy
//! ([`recase_capital_lines`]), made only when a word changes.

use super::clusters::Clusters;
use super::gazetteer::{self, Gazetteer, NameClass};
use super::model::{FastMap, FastSet};
use super::ner::is_function_word;
use crate::span::Span;

/// One word of a line in capitals and the case it takes: `word` has the
/// same length as the capitals at `start`, which [`restore`] gives back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recasing {
    /// The word's first byte.
    pub start: usize,
    /// The word as it is read.
    pub word: String,
}

/// The text with its lines in capitals recased, or `None` when it has none
/// with a word to change. `common` holds words common in lower case.
pub fn recase_capital_lines(
    text: &str,
    paragraphs: &[Span],
    common: &FastSet<&'static str>,
) -> Option<String> {
    let recasings = recasings(text, paragraphs, common);
    if recasings.is_empty() {
        return None;
    }
    let mut copy = text.to_owned();
    apply(&mut copy, &recasings);
    Some(copy)
}

/// Recases `text` in place (same bytes, other case).
pub fn apply(text: &mut String, recasings: &[Recasing]) {
    for r in recasings {
        // Same length, ASCII letters only: the offsets hold.
        text.replace_range(r.start..r.start + r.word.len(), &r.word);
    }
}

/// Undoes [`apply`]: every recased word was written in ASCII capitals.
pub fn restore(text: &mut str, recasings: &[Recasing]) {
    for r in recasings {
        if let Some(word) = text.get_mut(r.start..r.start + r.word.len()) {
            word.make_ascii_uppercase();
        }
    }
}

/// The words of `text`'s lines in capitals that change case, in order.
pub fn recasings(text: &str, paragraphs: &[Span], common: &FastSet<&'static str>) -> Vec<Recasing> {
    let lines = capital_lines(text, paragraphs);
    if lines.is_empty() {
        return Vec::new();
    }
    // The capital words of those lines, and how the rest of the text writes
    // them: one pass over the text's words, hashing only those whose length
    // and first letter a capital word shares.
    let mut wanted: FastMap<String, FastMap<&str, u32>> = FastMap::default();
    let mut shapes = [0u64; 4];
    for &line in &lines {
        for (_, w) in words(text, line) {
            if w.len() >= 2 && is_capitals(w) {
                wanted.entry(w.to_owned()).or_default();
                let s = shape_bit(w);
                shapes[s / 64] |= 1 << (s % 64);
            }
        }
    }
    let mut line_at = lines.iter().peekable();
    let mut upper = String::new();
    for &p in paragraphs {
        for (start, w) in capitalised_words(text, p) {
            while line_at.peek().is_some_and(|l| l.end <= start) {
                line_at.next();
            }
            // Only capitalised spellings elsewhere are looked for: common
            // words come from the word list below, and few words need it.
            if w.len() < 2 || !w.as_bytes()[0].is_ascii_uppercase() || is_capitals(w) {
                continue;
            }
            let in_capital_line = line_at.peek().is_some_and(|l| l.start <= start);
            if in_capital_line {
                continue;
            }
            let s = shape_bit(w);
            if shapes[s / 64] & (1 << (s % 64)) == 0 {
                continue;
            }
            upper.clear();
            upper.push_str(w);
            upper.make_ascii_uppercase();
            if let Some(forms) = wanted.get_mut(upper.as_str()) {
                *forms.entry(w).or_default() += 1;
            }
        }
    }
    let gaz = Gazetteer::get();
    let mut out = Vec::new();
    let mut title = String::new();
    let mut lower = String::new();
    for &line in &lines {
        for (start, w) in words(text, line) {
            if w.len() < 2 || !is_capitals(w) {
                continue;
            }
            title.clear();
            title.push_str(&w[..1]);
            title.push_str(&w[1..].to_ascii_lowercase());
            lower.clear();
            lower.push_str(w);
            lower.make_ascii_lowercase();
            let elsewhere = wanted
                .get(w)
                .and_then(|forms| forms.iter().max_by_key(|&(f, n)| (*n, *f)))
                .map(|(f, _)| *f);
            let known_capitals = gaz.place(w).is_some()
                || gaz.given_rank(w).is_some()
                || gaz.surnames.contains_key(w);
            let place = gaz.place(&title);
            let strong_place = matches!(
                place,
                Some(
                    NameClass::Country
                        | NameClass::Region
                        | NameClass::BigCity
                        | NameClass::Organization
                )
            );
            let known_name = place.is_some()
                || gaz.given_rank(&title).is_some()
                || gaz.surnames.contains_key(title.as_str())
                || gazetteer::is_title(&title);
            let common_word = is_function_word(&lower) || common.contains(lower.as_str());
            let cased: &str = if let Some(form) = elsewhere {
                form
            } else if known_capitals {
                continue;
            } else if strong_place || (known_name && !common_word) {
                &title
            } else if common_word {
                &lower
            } else {
                match read_as(&title, &lower) {
                    Some(true) => &title,
                    Some(false) => &lower,
                    None => continue,
                }
            };
            if cased == w {
                continue;
            }
            out.push(Recasing {
                start,
                word: cased.to_owned(),
            });
        }
    }
    out
}

/// How the word vectors read a word no list knows: `Some(true)` as a name
/// (its lower-case form shares the capitalised form's row, or only the
/// capitalised form is known), `Some(false)` as a common word (only the
/// lower-case form is known, or the two have rows of their own), `None`
/// when neither form is known.
fn read_as(title: &str, lower: &str) -> Option<bool> {
    let table = Clusters::get();
    match (table.lookup(title), table.lookup(lower)) {
        (Some(t), Some(l)) => Some(t.row == l.row),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        (None, None) => None,
    }
}

/// The lines of the paragraphs whose words (of two letters or more) are
/// all in ASCII capitals, with at least one such word of three letters.
fn capital_lines(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for &p in paragraphs {
        let mut start = p.start;
        for (k, b) in text.as_bytes()[p.start..p.end].iter().enumerate() {
            if *b == b'\n' {
                push_if_capitals(text, Span::new(start, p.start + k), &mut out);
                start = p.start + k + 1;
            }
        }
        push_if_capitals(text, Span::new(start, p.end), &mut out);
    }
    out
}

fn push_if_capitals(text: &str, line: Span, out: &mut Vec<Span>) {
    let mut long = false;
    for (_, w) in words(text, line) {
        if w.len() < 2 {
            continue;
        }
        if !is_capitals(w) {
            return;
        }
        long |= w.len() >= 3;
    }
    if long {
        out.push(line);
    }
}

/// The words of `span`: runs of letters and apostrophes, with their start.
fn words(text: &str, span: Span) -> impl Iterator<Item = (usize, &str)> {
    let s = &text[span.start..span.end];
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() && !is_word_byte(bytes[i]) {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        Some((span.start + start, &s[start..i]))
    })
}

/// The words of `span` that start with an ASCII capital, as [`words`]
/// gives them, found by a scan that looks at most bytes only once. (It is
/// [`words`] with a filter, written out: walking every word and filtering
/// took twice as long on a book, which has few capitalised words.)
fn capitalised_words(text: &str, span: Span) -> impl Iterator<Item = (usize, &str)> {
    let s = &text[span.start..span.end];
    let bytes = s.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // To the next capital that starts a word.
        while i < bytes.len()
            && !(bytes[i].is_ascii_uppercase() && (i == 0 || !is_word_byte(bytes[i - 1])))
        {
            i += 1;
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i]) {
            i += 1;
        }
        Some((span.start + start, &s[start..i]))
    })
}

/// Word bytes: letters of any script, never split inside a character.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphabetic() || b >= 0x80
}

/// True when every letter is an ASCII capital (non-ASCII words never are).
fn is_capitals(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_uppercase())
}

/// A cheap filter: 256 buckets by length and first letter.
fn shape_bit(w: &str) -> usize {
    let first = (w.as_bytes()[0].to_ascii_uppercase() as usize) & 0x1f;
    (w.len().min(8) * 32 + first) % 256
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::model::Model;

    fn recase(text: &str) -> String {
        let paragraphs = [Span::new(0, text.len())];
        recase_capital_lines(text, &paragraphs, &Model::get().lowercase_words)
            .unwrap_or_else(|| text.to_owned())
    }

    #[test]
    fn rows() {
        let rows = [
            // A headline and a dateline.
            (
                "RUGBY - CANADA NAME SQUAD FOR TOUR\nTORONTO 2001-03-04\nThe squad flies out today.",
                "Rugby - Canada name squad for tour\nToronto 2001-03-04\nThe squad flies out today.",
            ),
            // The body's own spelling wins; listed capitals stay.
            (
                "NATO BACKS QUELLMARK PLAN\nOfficials said the Quellmark plan would pass.",
                "NATO backs Quellmark plan\nOfficials said the Quellmark plan would pass.",
            ),
            // Mixed-case lines are left alone.
            (
                "The BBC said so. Then it rained.",
                "The BBC said so. Then it rained.",
            ),
        ];
        for (text, want) in rows {
            assert_eq!(recase(text), want, "{text:?}");
        }
    }

    #[test]
    fn offsets_hold() {
        let text = "ÉTÉ À PARIS\nMADRID 2001\nCafé au lait in Madrid.";
        let out = recase(text);
        assert_eq!(out.len(), text.len());
        assert!(out.contains("Madrid 2001"), "{out}");
    }
}
