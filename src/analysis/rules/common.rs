//! What several rules share: small predicates over words and tokens, the
//! kind a head word gives a run, word lists used by more than one rule, and
//! the sorted sweeps that keep the passes linear.

pub(super) use super::super::EntityKind;
pub(super) use super::super::gazetteer::{self, Gazetteer, NameClass};
pub(super) use super::super::group;
pub(super) use super::super::model::{FastMap, FastSet};
pub(super) use super::super::ner::{self, DocContext, RawMention};
pub(super) use super::super::quotes;
pub(super) use super::super::tokenize::TokenKind;
pub(super) use super::super::word_list::WordList;
pub(super) use super::{Reason, RuleId, Starters};
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
        span: Span::new(ctx.tokens[first].span.start, ctx.tokens[end - 1].span.end),
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

/// The personal honorific right before token `i` ("Count" in "Count
/// Rostov"), if any.
pub(super) fn honorific_before<'a>(ctx: &DocContext<'a>, i: usize) -> Option<&'a str> {
    ctx.title_before(i)
        .filter(|t| PERSONAL_HONORIFICS.contains(t))
}

/// Titles used only before a person's name, never inside a place's.
pub(super) static PERSONAL_HONORIFICS: WordList =
    WordList::new(include_str!("../../../assets/data/personal_honorifics.txt"));

/// Words of direction that begin place names ("North Korea", "Western
/// Sahara").
pub(super) static COMPASS_WORDS: WordList =
    WordList::new(include_str!("../../../assets/data/compass_words.txt"));

/// Words that begin place names but are no part of a sentence's start
/// ("New South Wales", "Greater Manchester").
pub(super) static PLACE_PREFIXES: WordList =
    WordList::new(include_str!("../../../assets/data/place_prefixes.txt"));

/// Words that, starting a sentence, never start a name ("When Pierre came
/// in", "All Moscow", "Though Kutúzov"), beyond [`ner::is_function_word`].
pub(super) static SENTENCE_OPENERS: WordList =
    WordList::new(include_str!("../../../assets/data/sentence_openers.txt"));

/// True for a word that cannot start a name of kind `kind` at a sentence
/// start: a function word, a listed opener, or (for people) a common word
/// that is neither a given name nor a title.
pub(super) fn is_sentence_opener(ctx: &DocContext<'_>, i: usize, kind: EntityKind) -> bool {
    if !ctx.tokens[i].sentence_start {
        return false;
    }
    let w = ctx.word(i);
    if ner::is_function_word(w) || SENTENCE_OPENERS.contains(w) {
        return true;
    }
    kind == EntityKind::Person
        && ctx.is_common_word(w)
        && Gazetteer::get().given_rank(w).is_none()
        && gazetteer::word_flags(w) == 0
}

/// The kind that a head word gives tokens `a..b`, if any.
pub(super) fn head_kind(ctx: &DocContext<'_>, a: usize, b: usize) -> Option<EntityKind> {
    if b - a < 2 {
        return None;
    }
    // "Instituto Gonzaga", "Partito Democratico": the body's word comes
    // first in other languages.
    let first = if matches!(ctx.word(a), "The" | "the") {
        a + 1
    } else {
        a
    };
    if first + 1 < b && ORG_HEADS_FIRST.contains(ctx.word(first)) {
        return Some(EntityKind::Organization);
    }
    let last = ctx.word(b - 1);
    if gazetteer::is_org_head(last) {
        return Some(EntityKind::Organization);
    }
    if matches!(last, "Center" | "Centre")
        && (first..b - 1).any(|k| CENTRE_PURPOSES.contains(ctx.word(k)))
        && !(first..b - 1).any(|k| CENTRE_VISITS.contains(ctx.word(k)))
    {
        return Some(EntityKind::Organization);
    }
    if PLACE_FIRSTS.contains(ctx.word(first))
        && (first + 1..b).all(|k| ctx.tokens[k].capitalised && !gazetteer::is_org_head(ctx.word(k)))
    {
        return Some(EntityKind::Place);
    }
    // "Ministry of Defence", and "Centre for Policy Studies": a place word
    // serving a purpose is a body.
    let head_of = (a..b - 1).any(|k| {
        let (w, next) = (ctx.word(k), ctx.word(k + 1));
        (gazetteer::is_org_head(w) && matches!(next, "of" | "for" | "on"))
            || (gazetteer::is_place_head(w) && next == "for")
    });
    if head_of {
        return Some(EntityKind::Organization);
    }
    if gazetteer::is_place_head(last) && !(a..b).any(|k| ctx.title_before(k).is_some()) {
        // "Irving Independent School District" is a school board, but
        // "Hospital Station" is a station.
        if !FACILITY_HEADS.contains(last) && (a..b - 1).any(|k| gazetteer::is_org_head(ctx.word(k)))
        {
            return Some(EntityKind::Organization);
        }
        return Some(EntityKind::Place);
    }
    None
}

/// Words for bodies that open their names in French, Italian, Spanish,
/// Portuguese and German ("Instituto Gonzaga", "Banca d'Italia").
pub(super) static ORG_HEADS_FIRST: WordList =
    WordList::new(include_str!("../../../assets/data/org_heads_first.txt"));

/// Words before "Center" or "Centre" that make it a body working at
/// something ("Tax Policy Center"), not a building.
pub(super) static CENTRE_PURPOSES: WordList =
    WordList::new(include_str!("../../../assets/data/centre_purposes.txt"));

/// Words that keep a centre a building people visit ("Research & Visitors
/// Center").
pub(super) static CENTRE_VISITS: WordList =
    WordList::new(include_str!("../../../assets/data/centre_visits.txt"));

/// First words of place names ("Cape Canaveral", "Mount Kenya", "Fort
/// Worth").
pub(super) static PLACE_FIRSTS: WordList =
    WordList::new(include_str!("../../../assets/data/place_firsts.txt"));

/// Place words for buildings and structures, which stay places whatever
/// body they are named after ("University Station", "Parliament Square").
pub(super) static FACILITY_HEADS: WordList =
    WordList::new(include_str!("../../../assets/data/facility_heads.txt"));

/// A word before a name that is not part of it: a determiner, or a common
/// word starting the sentence ("Yesterday").
pub(super) fn is_leading_filler(ctx: &DocContext<'_>, i: usize) -> bool {
    let w = ctx.word(i);
    matches!(w, "The" | "the" | "A" | "An")
        || (ctx.tokens[i].sentence_start && ctx.is_common_word(w) && !gazetteer::is_org_head(w))
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
