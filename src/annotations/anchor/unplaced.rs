//! Quotes with no position, found in one pass over the text.
//!
//! A quote imported without a position selector has nothing to say where
//! it was: [`super::find`] looks for it in the whole text, once per quote,
//! which for many such quotes costs the text's length times their number.
//! Here the quotes are hashed by their first bytes and the text is read
//! once, each place checked against the quotes whose start it could be.
//! What is found is exactly what [`super::find`] finds for each alone: the
//! first occurrence whose context agrees on the most sides, occurrences
//! counted without overlap as `str::match_indices` counts them. For those
//! not in the text, the strings the approximate search looks for (pieces
//! and context of each quote) are found in the same way, so the search
//! over the whole text reads lists rather than the text.

use std::collections::HashMap;

use crate::span::Span;

use super::{Search, TextQuoteSelector, context};

/// How many of a quote's first bytes key it: long enough that different
/// quotes seldom share a key, short enough to hash at every place.
const KEY_BYTES: usize = 32;

/// Bits in the filter that spares most places a map lookup.
const FILTER_BITS: usize = 1 << 20;

/// Finds each quote in `text` as [`super::find`] does for a passage with no
/// position. Returns, per quote, `Some(found)` when decided (`found` is
/// `None` when the quote is not in the text), or `None` when the search ran
/// out first and the quote is undecided.
pub(super) fn first_exact(
    text: &str,
    quotes: &[&TextQuoteSelector],
    search: &mut Search,
) -> Vec<Option<Option<Span>>> {
    // Per quote: the best occurrence so far (sides agreeing, span), and
    // whether it can no longer be bettered.
    let mut best: Vec<Option<(u8, Span)>> = vec![None; quotes.len()];
    let mut decided = vec![false; quotes.len()];
    let mut needles: Vec<&str> = Vec::new();
    let mut open: Vec<Vec<usize>> = Vec::new();
    let mut needle_of: HashMap<&str, usize> = HashMap::new();
    for (q, quote) in quotes.iter().enumerate() {
        if quote.exact.is_empty() {
            // Never found; the caller does not search for it either.
            decided[q] = true;
            continue;
        }
        let id = *needle_of.entry(quote.exact.as_str()).or_insert_with(|| {
            needles.push(quote.exact.as_str());
            open.push(Vec::new());
            needles.len() - 1
        });
        open[id].push(q);
    }
    drop(needle_of);
    let complete = scan(text, &needles, search, |id, span, search| {
        open[id].retain(|&q| {
            let quote = quotes[q];
            search.charge(1 + quote.prefix.len() + quote.suffix.len());
            let sides = context(text, span, quote).full_sides;
            if best[q].is_none_or(|(b, _)| sides > b) {
                best[q] = Some((sides, span));
            }
            // Both sides agreeing cannot be bettered by a later
            // occurrence; the first such is the one.
            decided[q] = sides == 2;
            !decided[q]
        });
        !open[id].is_empty()
    });
    best.into_iter()
        .zip(decided)
        .map(|(best, decided)| (decided || complete).then_some(best.map(|(_, span)| span)))
        .collect()
}

/// Where each of many strings occurs in a whole text, as
/// `str::match_indices` finds them, up to a number of places each.
pub(super) struct Occurrences {
    /// Byte offsets, in order; a list as long as [`Occurrences::cap`] may
    /// have been cut short.
    starts: HashMap<Box<str>, Vec<usize>>,
    cap: usize,
    text_len: usize,
}

impl Occurrences {
    /// Finds the first `cap` occurrences of each of `needles` in `text`, in
    /// one pass; `None` when the search runs out first.
    pub(super) fn find<'n>(
        text: &str,
        needles: impl IntoIterator<Item = &'n str>,
        cap: usize,
        search: &mut Search,
    ) -> Option<Self> {
        let mut list: Vec<&'n str> = needles.into_iter().filter(|n| !n.is_empty()).collect();
        list.sort_unstable();
        list.dedup();
        let mut found: Vec<Vec<usize>> = vec![Vec::new(); list.len()];
        let complete = scan(text, &list, search, |id, span, _| {
            found[id].push(span.start);
            found[id].len() < cap
        });
        if !complete {
            return None;
        }
        let starts = list.into_iter().map(Box::from).zip(found).collect();
        Some(Self {
            starts,
            cap,
            text_len: text.len(),
        })
    }

    /// The first `n` occurrences of `needle` wholly inside `range`, as
    /// `range`'s text's `match_indices` gives them; `None` when that is not
    /// known from the lists (a needle not looked for, a list cut short, an
    /// occurrence across the range's start).
    pub(super) fn within(&self, needle: &str, range: Span, n: usize) -> Option<Vec<usize>> {
        let starts = self.starts.get(needle)?;
        let complete = starts.len() < self.cap;
        if range.start == 0 && range.end >= self.text_len {
            return (complete || n <= starts.len()).then(|| starts[..n.min(starts.len())].to_vec());
        }
        // Counted from the range's start, occurrences fall as in the whole
        // text only when none runs across that start.
        let across = starts
            .iter()
            .any(|&at| at < range.start && range.start < at + needle.len());
        (complete && !across).then(|| {
            starts
                .iter()
                .copied()
                .filter(|&at| range.start <= at && at + needle.len() <= range.end)
                .take(n)
                .collect()
        })
    }
}

/// Reads `text` once, calling `hit(id, span, search)` for each occurrence of
/// `needles[id]` in text order, occurrences of one needle not overlapping
/// (as `str::match_indices` counts them), while `hit` returns true for that
/// needle. Returns false when the search ran out before the end.
fn scan(
    text: &str,
    needles: &[&str],
    search: &mut Search,
    mut hit: impl FnMut(usize, Span, &mut Search) -> bool,
) -> bool {
    let mut buckets: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut filter = vec![0u64; FILTER_BITS / 64];
    let mut keyed_lengths = [false; KEY_BYTES + 1];
    for (id, needle) in needles.iter().enumerate() {
        let k = needle.len().min(KEY_BYTES);
        let key = key_of(&needle.as_bytes()[..k]);
        keyed_lengths[k] = true;
        set_bit(&mut filter, key);
        buckets.entry(key).or_default().push(id);
    }
    let longest_key = keyed_lengths.iter().rposition(|&k| k).unwrap_or(0);
    // Where each needle's next occurrence may start; `usize::MAX` once its
    // caller wants no more.
    let mut next_allowed = vec![0usize; needles.len()];
    let mut open_needles = needles.iter().filter(|n| !n.is_empty()).count();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() && open_needles > 0 {
        if search.spent() {
            return false;
        }
        // Quotes start on a char boundary, never inside a character.
        if bytes[at] & 0xC0 != 0x80 {
            let mut hash = 0u64;
            let reach = longest_key.min(bytes.len() - at);
            for k in 1..=reach {
                hash = step(hash, bytes[at + k - 1]);
                if !keyed_lengths[k] {
                    continue;
                }
                let key = finish(hash, k);
                if !bit(&filter, key) {
                    continue;
                }
                let Some(ids) = buckets.get(&key) else {
                    continue;
                };
                for &id in ids {
                    search.charge(1);
                    let needle = needles[id].as_bytes();
                    if at < next_allowed[id] || needle.is_empty() {
                        continue;
                    }
                    search.charge(needle.len());
                    if !bytes[at..].starts_with(needle) {
                        continue;
                    }
                    let span = Span::new(at, at + needle.len());
                    next_allowed[id] = span.end;
                    if !hit(id, span, search) {
                        next_allowed[id] = usize::MAX;
                        open_needles -= 1;
                    }
                }
            }
        }
        at += 1;
    }
    true
}

/// One byte more of a key's hash.
fn step(hash: u64, byte: u8) -> u64 {
    hash.wrapping_mul(0x0100_0000_01b3)
        .wrapping_add(u64::from(byte) + 1)
}

/// The key of `bytes` (of at most [`KEY_BYTES`]).
fn key_of(bytes: &[u8]) -> u64 {
    let hash = bytes.iter().fold(0, |hash, &b| step(hash, b));
    finish(hash, bytes.len())
}

/// A hash of `len` bytes, its length mixed in and its bits spread.
fn finish(hash: u64, len: usize) -> u64 {
    let mut x = hash ^ (len as u64).rotate_right(8);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

fn set_bit(filter: &mut [u64], key: u64) {
    let at = (key as usize) % FILTER_BITS;
    filter[at / 64] |= 1 << (at % 64);
}

fn bit(filter: &[u64], key: u64) -> bool {
    let at = (key as usize) % FILTER_BITS;
    filter[at / 64] & (1 << (at % 64)) != 0
}
