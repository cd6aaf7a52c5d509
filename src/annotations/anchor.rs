//! W3C selectors for a passage, and finding passages again in a changed text.

use crate::span::{CharIndex, Span};

use super::{CONTEXT_CHARS, Highlight, Passage, TextPositionSelector, TextQuoteSelector};

mod unplaced;

/// `span` without leading and trailing whitespace, clamped to `text` and
/// moved onto char boundaries; `None` when nothing is left.
pub fn trim(text: &str, span: Span) -> Option<Span> {
    let mut start = span.start.min(text.len());
    let mut end = span.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    let trimmed = Span::new(start + lead, end - trail);
    (!trimmed.is_empty() && trimmed.start < trimmed.end).then_some(trimmed)
}

/// The W3C quote and position selectors of `span` (on char boundaries of `text`).
pub fn selectors(text: &str, span: Span) -> (TextQuoteSelector, TextPositionSelector) {
    let index = CharIndex::new(text);
    selectors_with(text, &index, span)
}

/// [`selectors`] with a prebuilt [`CharIndex`] of `text`, for many spans.
pub fn selectors_with(
    text: &str,
    index: &CharIndex,
    span: Span,
) -> (TextQuoteSelector, TextPositionSelector) {
    let (start, end) = index.chars_of_span(span);
    let prefix_start = index.byte_of_char(start.saturating_sub(CONTEXT_CHARS));
    let suffix_end = index.byte_of_char(end + CONTEXT_CHARS);
    let quote = TextQuoteSelector {
        exact: span.text(text).to_owned(),
        prefix: text.get(prefix_start..span.start).unwrap_or("").to_owned(),
        suffix: text.get(span.end..suffix_end).unwrap_or("").to_owned(),
    };
    (quote, TextPositionSelector { start, end })
}

/// How [`find`] found a passage again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Found {
    /// Its old character position still holds exactly its text.
    Position,
    /// Its exact text, elsewhere (the text before it changed).
    Exact,
    /// Text that differs a little: reflowed whitespace, or a few edits.
    Fuzzy,
}

/// What [`reanchor`] did with a set of highlights.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reanchored {
    /// Found at their old position.
    pub kept: usize,
    /// Found unchanged elsewhere.
    pub moved: usize,
    /// Found with small differences.
    pub fuzzy: usize,
    /// Not found: kept as orphans.
    pub orphaned: usize,
}

/// Passages shorter than this (in characters) are not matched approximately:
/// a quarter of a handful of letters would match almost anything.
const MIN_FUZZY_CHARS: usize = 8;

/// An anchor string that occurs more often than this tells nothing about
/// where a passage went, and is not followed.
const MAX_ANCHOR_HITS: usize = 256;

/// How many candidate places the approximate match examines.
const MAX_FUZZY_CANDIDATES: usize = 8;

/// About how many steps of edit distance one approximate search may take.
const MAX_FUZZY_CELLS: usize = 20_000_000;

/// The most steps the one window examined for a long passage may take
/// (about a second): a passage so long (some 20,000 characters) that its
/// table would be larger is found exactly or rewrapped, else kept as an
/// orphan.
const MAX_WINDOW_CELLS: usize = 50 * MAX_FUZZY_CELLS;

/// Exact occurrences are first looked for this many bytes either side of
/// the old position; most edits move a passage less than that.
const NEAR_BYTES: usize = 64 * 1024;

/// How many steps (a byte searched, a cell of edit distance) one
/// [`reanchor`] may spend looking for passages that are not at their old
/// place: a few seconds. Ordinary re-anchoring takes a small part of it;
/// past it, passages not at their old place are kept as orphans, so a file
/// of many quotes found nowhere cannot take hours.
const MAX_SEARCH_STEPS: usize = 1 << 32;

/// From this many quotes with no position on, [`reanchor`] finds them all
/// in one pass over the text rather than one search each.
const MIN_UNPLACED_FOR_ONE_PASS: usize = 16;

/// What a search may still spend, in steps, and what it already found of
/// the whole text.
struct Search {
    left: usize,
    /// Where strings the search looks for occur in the whole text, found
    /// in one pass for many quotes at once.
    listed: Option<unplaced::Occurrences>,
}

impl Search {
    fn new(steps: usize) -> Self {
        Self {
            left: steps,
            listed: None,
        }
    }

    fn charge(&mut self, steps: usize) {
        self.left = self.left.saturating_sub(steps);
    }

    fn spent(&self) -> bool {
        self.left == 0
    }
}

/// Finds a passage again in `text` (indexed by `index`), given its quote and
/// old position. Tries, in order: the old position; the exact text (the
/// occurrence whose context agrees best, then the nearest to the old
/// position); the text with whitespace runs compared as one space; and an
/// approximate match of at most a quarter of the passage's length in edits.
///
/// Returns `None` when the passage is gone. The span is on char boundaries.
pub fn find(
    text: &str,
    index: &CharIndex,
    quote: &TextQuoteSelector,
    position: TextPositionSelector,
) -> Option<(Span, Found)> {
    find_shifted(
        text,
        index,
        quote,
        position,
        0,
        None,
        &mut Search::new(usize::MAX),
    )
}

/// [`find`] that, before searching, also tries the old position moved by
/// `shift` characters: the shift of the previous passage, which most
/// passages after an edit share. `known_exact` is what [`exact`] would
/// give, when already known; searching stops once `search` is spent.
fn find_shifted(
    text: &str,
    index: &CharIndex,
    quote: &TextQuoteSelector,
    position: TextPositionSelector,
    shift: isize,
    known_exact: Option<Option<Span>>,
    search: &mut Search,
) -> Option<(Span, Found)> {
    if quote.exact.is_empty() {
        return None;
    }
    let at = span_of_chars(index, position.start, position.end);
    if at.text(text) == quote.exact {
        return Some((at, Found::Position));
    }
    if shift != 0
        && let Some(moved) = shifted(position, shift)
    {
        let at = span_of_chars(index, moved.start, moved.end);
        if at.text(text) == quote.exact && context(text, at, quote).full_sides == 2 {
            return Some((at, Found::Exact));
        }
    }
    if let Some(Some(span)) = known_exact {
        return Some((span, Found::Exact));
    }
    if search.spent() {
        return None;
    }
    if known_exact.is_none()
        && let Some(span) = exact(text, index, quote, position, search)
    {
        return Some((span, Found::Exact));
    }
    // Fuzzy matches are looked for near where the passage is expected first
    // (its old position, moved like the passage before it), and in the whole
    // text only when there is none there: most edits are local.
    let expected = shifted(position, shift).unwrap_or(position);
    let near = near_range(text, index, expected);
    let whole = Span::new(0, text.len());
    let ranges = if near == whole {
        &[whole][..]
    } else {
        &[near, whole][..]
    };
    for &range in ranges {
        let reflowed = reflowed(text, range, &quote.exact, search);
        if let Some(span) = best(text, index, quote, expected, reflowed) {
            return Some((span, Found::Fuzzy));
        }
    }
    ranges
        .iter()
        .find_map(|&range| approximate(text, index, quote, expected, range, search))
        .map(|span| (span, Found::Fuzzy))
}

/// `position` moved by `shift` characters, unless that falls off the start.
fn shifted(position: TextPositionSelector, shift: isize) -> Option<TextPositionSelector> {
    Some(TextPositionSelector {
        start: position.start.checked_add_signed(shift)?,
        end: position.end.checked_add_signed(shift)?,
    })
}

/// The bytes within [`NEAR_BYTES`] of `position`, on char boundaries.
fn near_range(text: &str, index: &CharIndex, position: TextPositionSelector) -> Span {
    let start = index.byte_of_char(position.start);
    let end = index.byte_of_char(position.end).max(start);
    Span::new(
        floor_boundary(text, start.saturating_sub(NEAR_BYTES)),
        ceil_boundary(text, end.saturating_add(NEAR_BYTES)),
    )
}

/// Finds each highlight again in `text`, refreshing the span and selectors
/// of those found (id, colour, note, tags and times are kept).
///
/// Returns the placed highlights sorted by span, the orphans (unchanged),
/// and counts of what happened.
pub fn reanchor(
    text: &str,
    mut highlights: Vec<Highlight>,
) -> (Vec<Highlight>, Vec<Highlight>, Reanchored) {
    let index = CharIndex::new(text);
    highlights.sort_by_key(|h| (h.position.start, h.position.end));
    let mut search = Search::new(MAX_SEARCH_STEPS);
    let mut known_exact = vec![None; highlights.len()];
    // Sorted by position, the quotes with none come first.
    let unplaced = highlights
        .iter()
        .take_while(|h| h.position == TextPositionSelector::default())
        .count();
    if unplaced >= MIN_UNPLACED_FOR_ONE_PASS {
        let quotes: Vec<&TextQuoteSelector> =
            highlights[..unplaced].iter().map(|h| &h.quote).collect();
        let found = unplaced::first_exact(text, &quotes, &mut search);
        known_exact.splice(..unplaced, found);
    }
    // What the approximate search of those not in the text looks for in the
    // whole text, found in one pass too.
    search.listed = (unplaced >= MIN_UNPLACED_FOR_ONE_PASS)
        .then(|| {
            let needles = highlights[..unplaced]
                .iter()
                .zip(&known_exact)
                .filter(|(_, known)| **known == Some(None))
                .flat_map(|(h, _)| searched_strings(&h.quote));
            unplaced::Occurrences::find(text, needles, MAX_ANCHOR_HITS + 1, &mut search)
        })
        .flatten();
    let mut placed = Vec::with_capacity(highlights.len());
    let mut orphans = Vec::new();
    let mut counts = Reanchored::default();
    let mut shift = 0isize;
    for (mut highlight, known_exact) in highlights.into_iter().zip(known_exact) {
        let found = find_shifted(
            text,
            &index,
            &highlight.quote,
            highlight.position,
            shift,
            known_exact,
            &mut search,
        );
        match found {
            Some((span, found)) => {
                let (quote, position) = selectors_with(text, &index, span);
                shift = char_shift(highlight.position.start, position.start);
                match found {
                    Found::Position => counts.kept += 1,
                    Found::Exact => counts.moved += 1,
                    Found::Fuzzy => counts.fuzzy += 1,
                }
                highlight.span = span;
                highlight.quote = quote;
                highlight.position = position;
                placed.push(highlight);
            }
            None => {
                counts.orphaned += 1;
                orphans.push(highlight);
            }
        }
    }
    placed.sort_by_key(|h| (h.span, h.id));
    (placed, orphans, counts)
}

/// Finds a correction's passage again in `text`, with fresh selectors;
/// `None` when it is gone.
pub fn reanchor_passage(text: &str, index: &CharIndex, passage: &Passage) -> Option<Passage> {
    let (span, _) = find(text, index, &passage.quote, passage.position)?;
    let (quote, position) = selectors_with(text, index, span);
    Some(Passage {
        span,
        quote,
        position,
    })
}

/// `new - old` as a signed shift, saturating on absurd offsets.
fn char_shift(old: usize, new: usize) -> isize {
    let old = isize::try_from(old).unwrap_or(isize::MAX);
    let new = isize::try_from(new).unwrap_or(isize::MAX);
    new.saturating_sub(old)
}

/// The byte span of characters `start..end`, clamped to the text.
fn span_of_chars(index: &CharIndex, start: usize, end: usize) -> Span {
    let start = index.byte_of_char(start);
    Span::new(start, index.byte_of_char(end).max(start))
}

/// How well a candidate's surroundings agree with the quote's context.
struct Context {
    /// Characters of prefix and suffix that agree, next to the passage.
    agreeing: usize,
    /// How many sides (0 to 2) agree entirely.
    full_sides: u8,
}

fn context(text: &str, span: Span, quote: &TextQuoteSelector) -> Context {
    let before = text.get(..span.start).unwrap_or("");
    let after = text.get(span.end..).unwrap_or("");
    let prefix = before
        .chars()
        .rev()
        .zip(quote.prefix.chars().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = after
        .chars()
        .zip(quote.suffix.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let full_sides = u8::from(prefix == quote.prefix.chars().count())
        + u8::from(suffix == quote.suffix.chars().count());
    Context {
        agreeing: prefix + suffix,
        full_sides,
    }
}

/// The candidate whose context agrees on the most sides, then the nearest to
/// the old position, then the one whose context agrees on the most characters.
fn best(
    text: &str,
    index: &CharIndex,
    quote: &TextQuoteSelector,
    position: TextPositionSelector,
    candidates: impl IntoIterator<Item = Span>,
) -> Option<Span> {
    candidates.into_iter().min_by_key(|&span| {
        let context = context(text, span, quote);
        let distance = index.char_of_byte(span.start).abs_diff(position.start);
        (
            std::cmp::Reverse(context.full_sides),
            distance,
            std::cmp::Reverse(context.agreeing),
        )
    })
}

/// The best exact occurrence of the quote. Looks near the old position
/// first: a candidate there whose context agrees on both sides beats any
/// farther one, so the whole text is searched only when there is none.
fn exact(
    text: &str,
    index: &CharIndex,
    quote: &TextQuoteSelector,
    position: TextPositionSelector,
    search: &mut Search,
) -> Option<Span> {
    let needle = quote.exact.as_str();
    let old = index.byte_of_char(position.start);
    let lo = floor_boundary(text, old.saturating_sub(NEAR_BYTES));
    let hi = ceil_boundary(text, old.saturating_add(NEAR_BYTES + needle.len()));
    // Each candidate's context is compared: that costs as much as it is long.
    let per_candidate = 1 + quote.prefix.len() + quote.suffix.len();
    search.charge(hi - lo);
    let near = text
        .get(lo..hi)
        .unwrap_or("")
        .match_indices(needle)
        .map(|(at, _)| Span::new(lo + at, lo + at + needle.len()))
        .inspect(|_| search.charge(per_candidate));
    if let Some(span) = best(text, index, quote, position, near)
        && context(text, span, quote).full_sides == 2
    {
        // Any occurrence outside the window lies farther in characters than
        // the window's edge; this one wins if it is nearer than both edges.
        let distance = index.char_of_byte(span.start).abs_diff(position.start);
        let before_edge = if lo == 0 {
            usize::MAX
        } else {
            position.start.saturating_sub(index.char_of_byte(lo))
        };
        let after_edge = if hi == text.len() {
            usize::MAX
        } else {
            index
                .char_of_byte(hi.saturating_sub(needle.len()))
                .saturating_sub(position.start)
        };
        if distance < before_edge && distance < after_edge {
            return Some(span);
        }
    }
    search.charge(text.len());
    let all = text
        .match_indices(needle)
        .map(|(at, _)| Span::new(at, at + needle.len()))
        .inspect(|_| search.charge(per_candidate));
    best(text, index, quote, position, all)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Every place in `range` where `exact` occurs with its whitespace runs
/// compared as one space: a passage whose lines were rewrapped or joined.
///
/// Looks for the longest word of the passage, then checks the words before
/// and after it, each separated by at least one whitespace character.
fn reflowed(text: &str, range: Span, exact: &str, search: &mut Search) -> Vec<Span> {
    let Some((words, pivot)) = pivot_word(exact) else {
        return Vec::new();
    };
    let word = words[pivot];
    let listed = search.listed.as_ref();
    let starts: Vec<usize> = match listed.and_then(|l| l.within(word, range, usize::MAX)) {
        Some(starts) => starts,
        None => {
            search.charge(range.len());
            range
                .text(text)
                .match_indices(word)
                .map(|(at, _)| range.start + at)
                .collect()
        }
    };
    search.charge(starts.len() * exact.len());
    let mut found = Vec::new();
    for at in starts {
        let mut start = at;
        let mut end = at + word.len();
        let backward = words[..pivot].iter().rev().all(|word| {
            let before = &text[..start];
            let trimmed = before.trim_end();
            let ok = trimmed.len() < before.len() && trimmed.ends_with(word);
            if ok {
                start = trimmed.len() - word.len();
            }
            ok
        });
        let forward = backward
            && words[pivot + 1..].iter().all(|word| {
                let after = &text[end..];
                let trimmed = after.trim_start();
                let ok = trimmed.len() < after.len() && trimmed.starts_with(word);
                if ok {
                    end = text.len() - trimmed.len() + word.len();
                }
                ok
            });
        if forward {
            found.push(Span::new(start, end));
        }
    }
    found
}

/// The words of `exact` and which is the longest (the first such), when
/// it has two words or more.
fn pivot_word(exact: &str) -> Option<(Vec<&str>, usize)> {
    let words: Vec<&str> = exact.split_whitespace().collect();
    if words.len() < 2 {
        return None;
    }
    let mut pivot = 0;
    for (k, word) in words.iter().enumerate() {
        if word.len() > words[pivot].len() {
            pivot = k;
        }
    }
    Some((words, pivot))
}

/// Every string a search for `quote` beyond its old place looks for in the
/// whole text: the longest word of [`reflowed`] and the anchors of
/// [`candidate_starts`].
fn searched_strings(quote: &TextQuoteSelector) -> impl Iterator<Item = &str> {
    let len = quote.exact.chars().count();
    let pivot = pivot_word(&quote.exact).map(|(words, pivot)| words[pivot]);
    let anchors = (len >= MIN_FUZZY_CHARS)
        .then(|| anchors(quote, len))
        .into_iter()
        .flatten()
        .map(|(needle, _)| needle);
    pivot.into_iter().chain(anchors)
}

/// The best approximate match of the quote: at most a quarter of its length
/// in edits, fewest edits first, then the best-agreeing context, then the
/// nearest to the old position.
///
/// Candidate places come from anchors (the end of the prefix, the start of
/// the suffix, pieces of the passage, and the old position); the edit
/// distance runs only in a window around each, so the cost does not grow
/// with the length of the text beyond the anchor searches.
fn approximate(
    text: &str,
    index: &CharIndex,
    quote: &TextQuoteSelector,
    position: TextPositionSelector,
    range: Span,
    search: &mut Search,
) -> Option<Span> {
    let pattern: Vec<char> = quote.exact.chars().collect();
    let len = pattern.len();
    if len < MIN_FUZZY_CHARS {
        return None;
    }
    let max_edits = len / 4;
    let text_chars = index.char_of_byte(text.len());
    let slack = len / 2 + max_edits;
    let mut best_match: Option<((usize, usize, usize), Span)> = None;
    // A long passage has a costly table per window: examine fewer places,
    // so one highlight never costs more than about MAX_FUZZY_CELLS steps.
    let cells_per_window = len.saturating_mul(len + 2 * slack).max(1);
    // A passage longer than the text by more than its allowed edits
    // matches nowhere; one too long to compare in time is not compared.
    if len.saturating_sub(max_edits) > text_chars || cells_per_window > MAX_WINDOW_CELLS {
        return None;
    }
    let windows = (MAX_FUZZY_CELLS / cells_per_window).clamp(1, MAX_FUZZY_CANDIDATES);
    let candidates = candidate_starts(text, index, quote, position, range, len, search);
    for expected in candidates.into_iter().take(windows) {
        let lo = expected.saturating_sub(slack);
        let hi = expected.saturating_add(len + slack).min(text_chars);
        search.charge(cells_per_window);
        let window = span_of_chars(index, lo, hi);
        let Some(found) = closest_match(text, window, &pattern, expected - lo.min(expected)) else {
            continue;
        };
        if found.edits > max_edits {
            continue;
        }
        let Some(span) = trim(text, found.span) else {
            continue;
        };
        let context = context(text, span, quote);
        let missing = (quote.prefix.chars().count() + quote.suffix.chars().count())
            .saturating_sub(context.agreeing);
        let distance = index.char_of_byte(span.start).abs_diff(position.start);
        let key = (found.edits, missing, distance);
        if best_match.as_ref().is_none_or(|(k, _)| key < *k) {
            best_match = Some((key, span));
        }
    }
    best_match.map(|(_, span)| span)
}

/// Character offsets where the passage may now start, most likely first:
/// anchors found in `range` that agree on a place vote for it.
fn candidate_starts(
    text: &str,
    index: &CharIndex,
    quote: &TextQuoteSelector,
    position: TextPositionSelector,
    range: Span,
    len: usize,
    search: &mut Search,
) -> Vec<usize> {
    // (expected start in characters, which anchor voted)
    let mut votes: Vec<(usize, usize)> = vec![(position.start, 0)];
    for (anchor_id, (needle, offset)) in anchors(quote, len).into_iter().enumerate() {
        let listed = search.listed.as_ref();
        let listed = listed.and_then(|l| l.within(needle, range, MAX_ANCHOR_HITS + 1));
        let hits: Vec<usize> = match listed {
            Some(hits) => hits,
            None => {
                search.charge(range.len());
                range
                    .text(text)
                    .match_indices(needle)
                    .take(MAX_ANCHOR_HITS + 1)
                    .map(|(at, _)| range.start + at)
                    .collect()
            }
        };
        if hits.len() <= MAX_ANCHOR_HITS {
            for at in hits {
                if let Some(start) = index.char_of_byte(at).checked_add_signed(offset) {
                    votes.push((start, anchor_id + 1));
                }
            }
        }
    }
    votes.sort_unstable();
    let tolerance = (len / 4).max(8);
    // (number of distinct anchors, distance from the old position, start)
    let mut clusters: Vec<(usize, usize, usize)> = Vec::new();
    let mut k = 0;
    while k < votes.len() {
        let mut j = k;
        while j + 1 < votes.len() && votes[j + 1].0 - votes[k].0 <= tolerance {
            j += 1;
        }
        let mut anchors: Vec<usize> = votes[k..=j].iter().map(|v| v.1).collect();
        anchors.sort_unstable();
        anchors.dedup();
        let start = votes[(k + j) / 2].0;
        clusters.push((anchors.len(), start.abs_diff(position.start), start));
        k = j + 1;
    }
    clusters.sort_unstable_by_key(|&(n, distance, _)| (std::cmp::Reverse(n), distance));
    clusters
        .into_iter()
        .take(MAX_FUZZY_CANDIDATES)
        .map(|(_, _, start)| start)
        .collect()
}

/// The strings whose places vote for where a passage of `len` characters
/// now starts, with the offset in characters from each to its start: the
/// end of the prefix, the start of the suffix, and four pieces of the
/// passage. Strings too short or blank to tell anything are left out.
fn anchors(quote: &TextQuoteSelector, len: usize) -> Vec<(&str, isize)> {
    let mut anchors = Vec::with_capacity(6);
    let prefix_tail = last_chars(&quote.prefix, 16);
    anchors.push((
        prefix_tail,
        isize::try_from(prefix_tail.chars().count()).unwrap_or(0),
    ));
    let suffix_head = first_chars(&quote.suffix, 16);
    anchors.push((suffix_head, -isize::try_from(len).unwrap_or(0)));
    let piece_len = (len / 5).clamp(6, 16).min(len);
    for k in 0..4 {
        let offset = k * (len - piece_len) / 3;
        let start = quote
            .exact
            .char_indices()
            .nth(offset)
            .map_or(quote.exact.len(), |(b, _)| b);
        let piece = first_chars(&quote.exact[start..], piece_len);
        anchors.push((piece, -isize::try_from(offset).unwrap_or(0)));
    }
    anchors.retain(|(needle, _)| needle.chars().count() >= 4 && !needle.trim().is_empty());
    anchors
}

fn first_chars(s: &str, n: usize) -> &str {
    let end = s.char_indices().nth(n).map_or(s.len(), |(b, _)| b);
    &s[..end]
}

fn last_chars(s: &str, n: usize) -> &str {
    let start = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(b, _)| b);
    if n == 0 { "" } else { &s[start..] }
}

/// The substring of `window` closest to `pattern` in edit distance.
struct Approximate {
    span: Span,
    edits: usize,
}

/// Sellers' algorithm: edit distance from `pattern` to its best substring of
/// `window`, one column of the table a character of the window, with the
/// start of each path carried along. Ties go to the match starting nearest
/// `expected` (a character offset into the window).
fn closest_match(
    text: &str,
    window: Span,
    pattern: &[char],
    expected: usize,
) -> Option<Approximate> {
    let slice = window.text(text);
    let mut offsets: Vec<usize> = slice
        .char_indices()
        .map(|(b, _)| window.start + b)
        .collect();
    offsets.push(window.end);
    let m = pattern.len();
    // cost[i], from[i]: best edit count aligning pattern[..i] ending here,
    // and the window character where that alignment starts.
    let mut cost: Vec<usize> = (0..=m).collect();
    let mut from: Vec<usize> = vec![0; m + 1];
    let mut best: Option<(usize, usize, usize, usize)> = None; // (edits, distance, start, end)
    for (j, c) in slice.chars().enumerate() {
        let mut diag_cost = cost[0];
        let mut diag_from = from[0];
        cost[0] = 0;
        from[0] = j + 1;
        for i in 1..=m {
            let substitution = diag_cost + usize::from(pattern[i - 1] != c);
            let skip_pattern = cost[i - 1] + 1;
            let skip_text = cost[i] + 1;
            let (next_cost, next_from) =
                if substitution <= skip_pattern && substitution <= skip_text {
                    (substitution, diag_from)
                } else if skip_pattern <= skip_text {
                    (skip_pattern, from[i - 1])
                } else {
                    (skip_text, from[i])
                };
            diag_cost = cost[i];
            diag_from = from[i];
            cost[i] = next_cost;
            from[i] = next_from;
        }
        let key = (cost[m], from[m].abs_diff(expected), from[m], j + 1);
        if best.is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
            best = Some(key);
        }
    }
    let (edits, _, start, end) = best?;
    Some(Approximate {
        span: Span::new(*offsets.get(start)?, *offsets.get(end)?),
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (pattern, text, edits, the substring of text found)
    const CLOSEST: [(&str, &str, usize, &str); 6] = [
        (
            "armoured train",
            "in an armoured train on",
            0,
            "armoured train",
        ),
        (
            "armoured train",
            "in an armored train on",
            1,
            "armored train",
        ),
        (
            "armoured train",
            "in an amoured trains on",
            1,
            "amoured train",
        ),
        ("Kim’s honour", "a lunch in Kim’s honor.", 1, "Kim’s honor"),
        ("日本語の記事", "これは日本の記事です", 1, "日本の記事"),
        ("abc", "xyz", 3, ""),
    ];

    #[test]
    fn closest_match_finds_the_best_substring() {
        for (pattern, text, edits, found) in CLOSEST {
            let chars: Vec<char> = pattern.chars().collect();
            let m = closest_match(text, Span::new(0, text.len()), &chars, 0).expect("a match");
            assert_eq!(m.edits, edits, "{pattern:?} in {text:?}");
            if !found.is_empty() {
                assert_eq!(m.span.text(text), found, "{pattern:?} in {text:?}");
            }
        }
    }

    #[test]
    fn first_and_last_chars_cut_on_char_boundaries() {
        assert_eq!(first_chars("«日本»", 2), "«日");
        assert_eq!(last_chars("«日本»", 2), "本»");
        assert_eq!(last_chars("ab", 5), "ab");
        assert_eq!(last_chars("ab", 0), "");
        assert_eq!(first_chars("", 3), "");
    }

    #[test]
    fn reflowed_matches_across_line_breaks_only_where_there_was_space() {
        let text = "the moving\nfortress, and the moving  fortress; movingfortress";
        let whole = Span::new(0, text.len());
        let found: Vec<&str> =
            reflowed(text, whole, "moving fortress", &mut Search::new(usize::MAX))
                .into_iter()
                .map(|s| s.text(text))
                .collect();
        assert_eq!(found, ["moving\nfortress", "moving  fortress"]);
    }
}
