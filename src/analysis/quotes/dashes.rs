//! Dialogue introduced by dashes, as many translations and some novels
//! write it:
//!
//! ```text
//! — Is the ferry late? she asked.
//! — An hour at least, said Tobias, — and the wind is against it.
//! ```
//!
//! A paragraph that opens with a dash (`—`, `–` or `--`) holds a line of
//! speech when the document writes its dialogue this way: at least
//! [`MIN_LINES`] such paragraphs, most of them reading as speech (a
//! question, an exclamation or a speech verb), and none of them holding
//! quotation marks. The speech runs to the next dash, to an attribution
//! ("? she asked", ", said Tobias") or to the end of the paragraph; after a
//! second dash that closes an attribution, the speech goes on. A dash in the
//! middle of narration ("it was nine — and nobody moved") opens nothing.

use super::words;
use crate::span::Span;

/// How many dash-opened paragraphs make a document's dialogue style.
const MIN_LINES: usize = 3;

/// The dash that opens paragraph `para`, as (its start, the byte after it
/// and the spaces that follow), if the paragraph opens with one.
fn opening_dash(text: &str, para: Span) -> Option<(usize, usize)> {
    let body = para.text(text);
    let lead = body.len() - body.trim_start().len();
    let start = para.start + lead;
    let len = dash_at(text, start)?;
    let rest = &text[start + len..para.end];
    let after = start + len + (rest.len() - rest.trim_start().len());
    // "—" alone, or a dash before a number ("– 5 °C"), is no speech.
    text[after..para.end]
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '¿' || c == '¡')
        .then_some((start, after))
}

/// The width of a dash at byte `at`: `—`, `–` or `--`.
fn dash_at(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    if rest.starts_with('—') || rest.starts_with('–') {
        Some(3)
    } else if rest.starts_with("--") && !rest.starts_with("---") {
        Some(2)
    } else {
        None
    }
}

/// True when the paragraph's text reads as speech: a question, an
/// exclamation, or a speech verb.
fn reads_as_speech(text: &str, para: Span) -> bool {
    let body = para.text(text);
    body.contains(['?', '!', '¿', '¡'])
        || words::tokens(text, para)
            .iter()
            .any(|t| t.word && words::is_speech_verb(&t.lower(text)))
}

/// True when the document writes its dialogue with opening dashes.
fn uses_dashes(text: &str, paragraphs: &[Span]) -> bool {
    let mut lines = 0;
    let mut speech = 0;
    for &p in paragraphs {
        if opening_dash(text, p).is_none() {
            continue;
        }
        if p.text(text).contains(['"', '“', '”', '«', '»']) {
            return false;
        }
        lines += 1;
        if reads_as_speech(text, p) {
            speech += 1;
        }
    }
    lines >= MIN_LINES && speech * 2 >= lines
}

/// The lines of dash dialogue in `text` (content spans, without the
/// dashes), when the document uses that style; else none.
pub(super) fn dash_quotes(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    if !uses_dashes(text, paragraphs) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for &p in paragraphs {
        let Some((_, mut start)) = opening_dash(text, p) else {
            continue;
        };
        // Speech, then perhaps an attribution and a dash that resumes it.
        while start < p.end {
            let end = speech_end(text, start, p.end);
            let span = trimmed(text, start, end);
            if !span.is_empty() {
                out.push(span);
            }
            match resumes_after(text, end, p.end) {
                Some(next) => start = next,
                None => break,
            }
        }
    }
    out
}

/// The end of the speech that starts at `start`: before a dash that
/// follows a space or punctuation, after the punctuation that an
/// attribution follows ("? she asked"), or at the paragraph's end.
fn speech_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        if i > start
            && dash_at(text, i).is_some()
            && (bytes[i - 1] == b' ' || bytes[i - 1].is_ascii_punctuation())
        {
            return i;
        }
        if matches!(bytes[i], b'?' | b'!' | b',' | b'.') && attribution_follows(text, i + 1, end) {
            return i + 1;
        }
        i += 1;
    }
    end
}

/// True when an attribution starts after byte `at`: a pronoun and a speech
/// verb ("she asked"), or a speech verb ("said Tobias").
fn attribution_follows(text: &str, at: usize, end: usize) -> bool {
    if !text[at..end].starts_with(' ') {
        return false;
    }
    let toks = words::tokens(text, Span::new(at, end.min(at + 40)));
    let lower = |k: usize| toks.get(k).filter(|t| t.word).map(|t| t.lower(text));
    let Some(first) = lower(0) else {
        return false;
    };
    if toks[0].capitalised(text) && !words::is_pronoun(first.as_str()) {
        return false;
    }
    words::is_speech_verb(&first)
        || (words::is_pronoun(&first) && lower(1).is_some_and(|v| words::is_speech_verb(&v)))
}

/// Where speech resumes after the attribution that starts at `from`: past
/// a dash that closes it (", said Tobias, — and …").
fn resumes_after(text: &str, from: usize, end: usize) -> Option<usize> {
    let rest = &text[from..end];
    let k = rest.find(['—', '–']).or_else(|| rest.find("--"))?;
    let at = from + k;
    let len = dash_at(text, at)?;
    let after = &text[at + len..end];
    let start = at + len + (after.len() - after.trim_start().len());
    (start < end).then_some(start)
}

/// `text[start..end]` without the spaces at its edges.
fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    Span::new(start + lead, start + s.trim_end().len())
}

/// The width of the opening dash (and the spaces after it) right before a
/// quotation that starts at `at`, or 0.
pub(crate) fn dash_len_before(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let trimmed = before.trim_end_matches([' ', '\u{a0}']);
    ['—', '–']
        .iter()
        .find(|&&d| trimmed.ends_with(d))
        .map(|_| at - (trimmed.len() - 3))
        .or_else(|| {
            (trimmed.ends_with("--") && !trimmed.ends_with("---")).then(|| at - (trimmed.len() - 2))
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<&str> {
        let paragraphs = super::super::line_paragraphs(text);
        dash_quotes(text, &paragraphs)
            .into_iter()
            .map(|s| s.text(text))
            .collect()
    }

    #[test]
    fn speech_ends_at_an_attribution_or_a_dash() {
        let text = "— Is the ferry late? she asked.\n— An hour at least, said Tobias, — and the wind is up.\n— Then we walk.\n— In this rain!";
        assert_eq!(
            lines(text),
            [
                "Is the ferry late?",
                "An hour at least,",
                "and the wind is up.",
                "Then we walk.",
                "In this rain!"
            ]
        );
    }

    #[test]
    fn a_few_dashes_in_narration_are_no_dialogue() {
        // Too few lines, and dashes inside sentences.
        assert!(lines("It was nine — and nobody moved.\n— Then we walk?\nThe end.").is_empty());
        // A list written with dashes is no speech.
        assert!(lines("– flour\n– two eggs\n– milk\n– 5 g salt").is_empty());
    }
}
