//! What several rules share: small predicates over words and tokens, the
//! kind a head word gives a run, word lists used by more than one rule, and
//! the sorted sweeps that keep the passes linear.

pub(super) use super::super::EntityKind;
pub(super) use super::super::gazetteer::{self, Gazetteer, NameClass};
pub(super) use super::super::group;
pub(super) use super::super::model::FastMap;
pub(super) use super::super::ner::{DocContext, RawMention};
pub(super) use super::super::tokenize::TokenKind;
pub(super) use super::super::word_list::WordList;
pub(super) use super::{Reason, RuleId};
pub(super) use crate::span::Span;

/// The kind a confident gazetteer class implies (small towns are too often
/// also surnames or words to count).
pub(super) fn sure_kind(class: NameClass) -> Option<EntityKind> {
    match class {
        NameClass::Country | NameClass::Region | NameClass::BigCity => Some(EntityKind::Place),
        NameClass::Organization => Some(EntityKind::Organization),
        NameClass::City => None,
    }
}

pub(super) fn mention(
    ctx: &DocContext<'_>,
    first: usize,
    end: usize,
    kind: EntityKind,
    margin: f32,
) -> RawMention {
    RawMention {
        span: Span::new(
            ctx.tokens[first].span().start,
            ctx.tokens[end - 1].span().end,
        ),
        kind,
        first_token: first,
        end_token: end,
        margin,
        reason: None,
    }
}

/// True for a nationality word or its plural ("Afghan", "Afghans").
pub(super) fn is_demonym_form(word: &str) -> bool {
    gazetteer::is_demonym(word) || word.strip_suffix('s').is_some_and(gazetteer::is_demonym)
}

/// True for a word that is never a name on its own.
pub(super) fn is_generic(word: &str) -> bool {
    let f = gazetteer::word_flags(word);
    f & (gazetteer::flags::TITLE
        | gazetteer::flags::ORG_HEAD
        | gazetteer::flags::PLACE_HEAD
        | gazetteer::flags::CALENDAR)
        != 0
        && Gazetteer::get().place(word) != Some(NameClass::Organization)
}

/// Words of direction that begin place names ("North Korea", "Western
/// Sahara").
pub(super) static COMPASS_WORDS: WordList =
    WordList::new(include_str!("../../../assets/data/compass_words.txt"));

/// Words that begin place names but are no part of a sentence's start
/// ("New South Wales", "Greater Manchester").
pub(super) static PLACE_PREFIXES: WordList =
    WordList::new(include_str!("../../../assets/data/place_prefixes.txt"));

/// Writes the words of tokens `first..end` into `out`, one space between
/// them, as a gazetteer spells a name.
pub(super) fn join_words(ctx: &DocContext<'_>, first: usize, end: usize, out: &mut String) {
    out.clear();
    for k in first..end {
        if k > first {
            out.push(' ');
        }
        out.push_str(ctx.word(k));
    }
}

pub(super) fn covered_tokens(ctx: &DocContext<'_>, out: &[RawMention]) -> Vec<bool> {
    let mut covered = vec![false; ctx.tokens.len()];
    for m in out {
        for c in &mut covered[m.first_token..m.end_token] {
            *c = true;
        }
    }
    covered
}

/// Upper-case words that are not organisations.
pub(super) static NOT_ACRONYMS: WordList =
    WordList::new(include_str!("../../../assets/data/not_acronyms.txt"));

/// Sorted, merged half-open intervals, for asking "does this overlap any
/// of them?" in logarithmic time instead of scanning a list per question.
#[derive(Default)]
pub(super) struct Intervals(Vec<(usize, usize)>);

impl Intervals {
    /// The union of `intervals` (empty ones are dropped).
    pub(super) fn new(intervals: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut all: Vec<(usize, usize)> = intervals.into_iter().filter(|(s, e)| s < e).collect();
        all.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(all.len());
        for (s, e) in all {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        Self(merged)
    }

    /// The union of the byte spans of `mentions`.
    pub(super) fn of_spans<'a>(mentions: impl IntoIterator<Item = &'a RawMention>) -> Self {
        Self::new(mentions.into_iter().map(|m| (m.span.start, m.span.end)))
    }

    /// True when `start..end` overlaps one of the intervals.
    pub(super) fn overlaps(&self, start: usize, end: usize) -> bool {
        let k = self.0.partition_point(|&(_, e)| e <= start);
        self.0.get(k).is_some_and(|&(s, _)| s < end)
    }

    /// True when the span overlaps one of the intervals.
    pub(super) fn overlaps_span(&self, span: Span) -> bool {
        self.overlaps(span.start, span.end)
    }
}

/// Removes the mentions of `out` that overlap any of `found`, in one sorted
/// sweep.
pub(super) fn retain_clear_of(out: &mut Vec<RawMention>, found: &[RawMention]) {
    let taken = Intervals::of_spans(found);
    out.retain(|m| !taken.overlaps_span(m.span));
}

/// The mentions of a list by where they start, for finding those that
/// overlap a span without a scan of the whole list.
pub(super) struct SpanIndex {
    /// (start, end, index in the list), sorted.
    by_start: Vec<(usize, usize, usize)>,
    /// The longest span, which bounds how far back an overlap can start.
    longest: usize,
}

impl SpanIndex {
    /// Indexes `mentions`.
    pub(super) fn new(mentions: &[RawMention]) -> Self {
        let mut by_start: Vec<(usize, usize, usize)> = mentions
            .iter()
            .enumerate()
            .map(|(k, m)| (m.span.start, m.span.end, k))
            .collect();
        by_start.sort_unstable();
        let longest = mentions.iter().map(|m| m.span.len()).max().unwrap_or(0);
        Self { by_start, longest }
    }

    /// The indices of the mentions that overlap `span`, in no order.
    pub(super) fn overlapping(&self, span: Span) -> impl Iterator<Item = usize> + '_ {
        let from = self
            .by_start
            .partition_point(|&(s, _, _)| s + self.longest <= span.start);
        self.by_start[from..]
            .iter()
            .take_while(move |&&(s, _, _)| s < span.end)
            .filter(move |&&(s, e, _)| Span::new(s, e).overlaps(span))
            .map(|&(_, _, k)| k)
    }

    /// The first mention in list order that overlaps `span`.
    pub(super) fn first_overlapping(&self, span: Span) -> Option<usize> {
        self.overlapping(span).min()
    }
}
