//! Quotations: finding quoted speech and attributing it to a speaker.
//!
//! [`find_quotes`] pairs quotation marks paragraph by paragraph in one linear
//! scan. Double marks (`“…”`, `"…"`, `„…“`, `«…»`) always make a quotation;
//! single marks (`‘…’`, `'…'`) make one only outside double marks and only
//! when a closing mark follows in the same paragraph, so apostrophes ("don’t",
//! "Kim’s", "’90s", "the girls’ team") stay apostrophes. A paragraph that
//! opens a quotation without closing it continues into the next paragraph
//! when that one reopens it with a mark (each paragraph's piece is then its
//! own quotation) or when the next paragraph's first mark closes it (one
//! quotation across both). An unclosed mark never reaches past its paragraph.
//! A document that writes its dialogue after opening dashes ("— Is it late?
//! she asked.") has those lines as quotations too (the `dashes` module).
//!
//! [`attribute`] finds each quotation's speaker from the words around it (the
//! `speakers` module, with `gender` for "he" and "she"), then reads the
//! paragraphs as the turns of a conversation to name the speakers of lines
//! that name none (the `dialogue` module).

mod dashes;
mod dialogue;
pub mod gender;
mod speakers;
pub(crate) mod words;

pub use speakers::attribute;

use crate::span::Span;

/// How far (in bytes) a single opening mark looks for its closing mark.
/// Longer single-quoted passages are rare; the bound keeps the scan linear.
const SINGLE_QUOTE_REACH: usize = 1500;

/// The role a quotation mark can play, judged from the mark and its neighbours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Can only open (“, or a straight mark with a space before and a word after).
    Open,
    /// Can only close (”, or a straight mark with a word before and a space after).
    Close,
    /// Either (a straight mark between two words or two spaces).
    Either,
}

/// Double quotation marks and their fixed roles (straight marks are judged by context).
fn double_mark(c: char) -> Option<Option<Role>> {
    match c {
        '"' => Some(None),
        '“' | '„' | '«' => Some(Some(Role::Open)),
        '”' | '‟' | '»' => Some(Some(Role::Close)),
        _ => None,
    }
}

fn is_single_mark(c: char) -> bool {
    matches!(c, '\'' | '‘' | '’' | '‚' | '‛')
}

fn is_quote_mark(c: char) -> bool {
    double_mark(c).is_some() || is_single_mark(c)
}

/// Characters after which a straight mark opens: spaces and opening punctuation.
fn opens_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/')
                || is_quote_mark(c)
        }
    }
}

/// Characters before which a straight mark closes: spaces and closing punctuation.
fn closes_before(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '.' | ','
                        | ';'
                        | ':'
                        | '!'
                        | '?'
                        | ')'
                        | ']'
                        | '}'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '…'
                )
                || is_quote_mark(c)
        }
    }
}

/// Judges a mark from the characters on either side of it.
fn role_from_flanks(before: Option<char>, after: Option<char>) -> Role {
    match (opens_after(before), closes_before(after)) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => Role::Either,
    }
}

/// One quotation mark inside a paragraph.
#[derive(Clone, Copy, Debug)]
struct Mark {
    /// Byte offset of the mark.
    at: usize,
    /// Its width in bytes.
    len: usize,
    /// True for double marks, false for single ones.
    double: bool,
    role: Role,
}

/// The quotation marks of `text[span]`, in order.
///
/// Scans bytes: every mark starts with `"`, `'`, 0xC2 (« ») or 0xE2 (the
/// curly marks), so other characters cost one comparison each.
fn marks_in(text: &str, span: Span) -> Vec<Mark> {
    let mut marks = Vec::new();
    let Some(body) = text.get(span.start..span.end) else {
        return marks;
    };
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(i) = next_mark_byte(bytes, from) {
        from = i + 1;
        let Some(c) = body.get(i..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        let before = body[..i].chars().next_back();
        let after = body[i + c.len_utf8()..].chars().next();
        let at = span.start + i;
        let len = c.len_utf8();
        if let Some(fixed) = double_mark(c) {
            let role = fixed.unwrap_or_else(|| role_from_flanks(before, after));
            marks.push(Mark {
                at,
                len,
                double: true,
                role,
            });
        } else if is_single_mark(c) {
            let role = match c {
                '‘' | '‛' => Role::Open,
                _ => role_from_flanks(before, after),
            };
            // A single mark between two letters or digits is an apostrophe.
            let inside_word = before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric);
            if !inside_word {
                marks.push(Mark {
                    at,
                    len,
                    double: false,
                    role,
                });
            }
        }
    }
    marks
}

/// True for a byte that may start a quotation mark: an ASCII quote or
/// apostrophe, or the first byte of `«`/`»` (0xC2) or of the curly marks
/// (0xE2).
fn is_mark_byte(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | 0xC2 | 0xE2)
}

/// The index of the first byte at or after `from` that may start a
/// quotation mark ([`is_mark_byte`]). Eight bytes are tested at a time:
/// most of a text is letters and spaces, and this scan runs over all of it.
fn next_mark_byte(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Sets the high bit of the lowest byte equal to `b` (and perhaps of
    // higher ones: only the lowest is exact, and only it is used).
    let has = |x: u64, b: u8| {
        let y = x ^ (ONES * u64::from(b));
        y.wrapping_sub(ONES) & !y & HIGHS
    };
    let mut i = from;
    while i + 8 <= bytes.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[i..i + 8]);
        let x = u64::from_le_bytes(word);
        let found = has(x, b'"') | has(x, b'\'') | has(x, 0xC2) | has(x, 0xE2);
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| is_mark_byte(b))
        .map(|k| i + k)
}

/// Elisions that start with an apostrophe and are no quotation: ’90s, ’em, ’til.
fn is_elision(text: &str, after_mark: usize) -> bool {
    let rest = text.get(after_mark..).unwrap_or("");
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let digits = word.trim_end_matches('s');
    (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
        || matches!(
            word.as_str(),
            "em" | "til" | "tis" | "twas" | "cause" | "n" | "round"
        )
}

/// Whether a closing single mark after `s` is a plural possessive ("the girls’ team").
fn is_plural_possessive(text: &str, mark: &Mark) -> bool {
    let before_s = text[..mark.at].ends_with('s');
    let rest = text.get(mark.at + mark.len..).unwrap_or("");
    let mut next = rest.chars().skip_while(|c| *c == ' ');
    before_s && rest.starts_with(' ') && next.next().is_some_and(char::is_lowercase)
}

/// Finds the closing single mark for the opening one at `marks[open]`.
fn single_close(text: &str, marks: &[Mark], open: usize) -> Option<usize> {
    let limit = marks[open].at + SINGLE_QUOTE_REACH;
    for (k, m) in marks.iter().enumerate().skip(open + 1) {
        if m.double || m.at > limit {
            return None;
        }
        if m.role != Role::Open && !is_plural_possessive(text, m) {
            return Some(k);
        }
    }
    None
}

/// State carried across a paragraph break: an open double quotation.
#[derive(Clone, Copy, Debug)]
struct OpenQuote {
    /// Where its content starts.
    content_start: usize,
    /// True when opened by a low mark („), which “ closes (German style).
    low: bool,
}

/// Finds the content spans of quotations (inside the marks), sorted.
///
/// `paragraphs` are sorted, non-overlapping spans of `text`; marks outside
/// them are ignored, and a quotation never spans more than two paragraphs
/// without a mark at each break.
pub fn find_quotes(text: &str, paragraphs: &[Span]) -> Vec<Span> {
    let mut quotes = Vec::new();
    let mut carried: Option<OpenQuote> = None;
    let mut next_marks: Option<Vec<Mark>> = None;
    for (p, &para) in paragraphs.iter().enumerate() {
        let marks = next_marks.take().unwrap_or_else(|| marks_in(text, para));
        let mut open = carried.take();
        let mut k = 0;
        // A quotation carried over and reopened by this paragraph's first mark
        // starts after that mark.
        if let (Some(_), Some(first)) = (open, marks.first())
            && first.double
            && first.role != Role::Close
            && text[para.start..first.at].trim().is_empty()
        {
            open = Some(OpenQuote {
                content_start: first.at + first.len,
                low: false,
            });
            k = 1;
        }
        while k < marks.len() {
            let m = marks[k];
            match open {
                Some(q) if m.double => {
                    let german_close = q.low && text[m.at..].starts_with('“');
                    if m.role == Role::Open && m.len > 1 && !german_close {
                        // A curly opening mark inside an open quotation: the
                        // earlier mark was never closed; start over here.
                        open = Some(OpenQuote {
                            content_start: m.at + m.len,
                            low: false,
                        });
                    } else {
                        push_quote(&mut quotes, text, q.content_start, m.at);
                        open = None;
                    }
                }
                Some(_) => {}
                None if m.double => {
                    if m.role != Role::Close {
                        let low = text[m.at..].starts_with('„');
                        open = Some(OpenQuote {
                            content_start: m.at + m.len,
                            low,
                        });
                    }
                }
                None => {
                    if m.role != Role::Close
                        && !is_elision(text, m.at + m.len)
                        && let Some(close) = single_close(text, &marks, k)
                    {
                        push_quote(&mut quotes, text, m.at + m.len, marks[close].at);
                        k = close;
                    }
                }
            }
            k += 1;
        }
        if let Some(q) = open {
            let next = paragraphs.get(p + 1).map(|&n| (n, marks_in(text, n)));
            match next {
                Some((n, ref next_list)) if continues(text, n, next_list) => {
                    let mut q = q;
                    if reopens(text, n, next_list) {
                        push_quote(&mut quotes, text, q.content_start, para.end);
                    } else if text[q.content_start.min(para.end)..para.end]
                        .trim()
                        .is_empty()
                    {
                        // A mark ending its paragraph opens the next one.
                        q.content_start = n.start;
                    }
                    carried = Some(q);
                }
                _ => push_quote(&mut quotes, text, q.content_start, para.end),
            }
            next_marks = next.map(|(_, list)| list);
        }
    }
    let dashed = dashes::dash_quotes(text, paragraphs);
    if !dashed.is_empty() {
        let marked = std::mem::take(&mut quotes);
        quotes = merge_disjoint(marked, dashed);
    }
    quotes
}

/// The spans of `a` and those of `b` that overlap none of `a`, in order.
fn merge_disjoint(a: Vec<Span>, b: Vec<Span>) -> Vec<Span> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut rest = a.into_iter().peekable();
    for s in b {
        while let Some(&q) = rest.peek()
            && q.start < s.end
        {
            out.push(q);
            rest.next();
        }
        if out.last().is_none_or(|q: &Span| q.end <= s.start) {
            out.push(s);
        }
    }
    out.extend(rest);
    out
}

/// Whether the paragraph `para` (with `marks`) reopens a quotation with its first character.
fn reopens(text: &str, para: Span, marks: &[Mark]) -> bool {
    marks.first().is_some_and(|m| {
        m.double && m.role != Role::Close && text[para.start..m.at].trim().is_empty()
    })
}

/// Whether a quotation left open continues into the paragraph `para`: it
/// reopens it, or its first double mark can only close.
fn continues(text: &str, para: Span, marks: &[Mark]) -> bool {
    reopens(text, para, marks)
        || marks
            .iter()
            .find(|m| m.double)
            .is_some_and(|m| m.role == Role::Close)
}

/// Adds a quotation unless it is empty or only spaces.
fn push_quote(quotes: &mut Vec<Span>, text: &str, start: usize, end: usize) {
    let span = Span::new(start, end);
    if !span.text(text).trim().is_empty() {
        quotes.push(span);
    }
}

/// The non-empty lines of `text` as paragraphs, as the tests write them.
#[cfg(test)]
pub(crate) fn line_paragraphs(text: &str) -> Vec<Span> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            paragraphs.push(Span::new(start, start + line.len()));
        }
        start += line.len() + 1;
    }
    paragraphs
}

/// Test documents in the notation `"[Ann] said …"`: each bracketed text is a
/// person mention, one entity per distinct name.
#[cfg(test)]
pub(crate) fn bracketed_people(
    annotated: &str,
) -> (String, Vec<super::Mention>, Vec<super::Entity>) {
    let mut text = String::new();
    let mut mentions = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut rest = annotated;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        let id = names.iter().position(|n| n == name).unwrap_or_else(|| {
            names.push(name.to_string());
            names.len() - 1
        });
        let start = text.len();
        text.push_str(name);
        mentions.push(super::Mention {
            span: Span::new(start, text.len()),
            entity: id,
            reason: super::MentionReason::default(),
        });
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let entities = names
        .into_iter()
        .enumerate()
        .map(|(id, name)| super::Entity {
            id,
            kind: super::EntityKind::Person,
            name,
            mentions: Vec::new(),
        })
        .collect();
    (text, mentions, entities)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time scan finds what a byte-by-byte scan finds, from
    /// every starting point.
    #[test]
    fn mark_bytes_are_found_as_one_by_one() {
        let texts = [
            "",
            "plain words and no marks at all, none",
            "“Well, Prince,” she said — don't «go» 'now' \"there\"",
            "ab'",
            "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}’",
        ];
        for text in texts {
            let bytes = text.as_bytes();
            for from in 0..=bytes.len() {
                let expected = (from..bytes.len()).find(|&k| is_mark_byte(bytes[k]));
                assert_eq!(
                    next_mark_byte(bytes, from),
                    expected,
                    "{text:?} from {from}"
                );
            }
        }
    }
}
