//! Speaker attribution: who said each quotation.
//!
//! Each quotation is read in its own sentence, in a bounded window of text,
//! so the whole pass is linear in the number of quotations. In order:
//!
//! 1. A sentence that opens with the quotation may name the speaker after it:
//!    “…,” Putin said / said the prince / he said / “…” – Matthew Ingram.
//! 2. Otherwise the words before it in the same sentence may: the subject of
//!    the nearest reporting verb ("Kremlin spokesman Dmitry Peskov said:",
//!    "John Kirby warning that talks were “…”"), an appositive
//!    ("X, the Y of Z, said") or "according to X".
//! 3. A quotation that stands alone continues a turn: the previous quotation
//!    of the sentence or paragraph, a speaker named in an earlier sentence of
//!    the paragraph ("Heald noted … “…”"), a paragraph ending in a colon, or
//!    the previous paragraph's speaker when the quotation opens a paragraph.
//!
//! A pronoun subject ("he said") goes to the last named person before the
//! quotation whose gender fits it (see `gender`); "I said" is the narrator's,
//! left to the dialogue pass, and "the narrator" when no name shows. A
//! subject that is a mention's head becomes that entity; a relation or rank
//! ("his wife", "the count") becomes the character it names when the text
//! shows one; any other subject is kept as written ("a US National Security
//! spokesperson"). The person a line addresses is never its speaker.
//!
//! Each quotation records the step that chose its speaker
//! ([`SpeakerStep`]), which the reader shows on hover. A quotation inside
//! narration that nobody says (a term, a title, a nickname) is dropped: it
//! is no speech.

use super::gender::{self, Gender, Pronoun};
use super::words::{self, Tok};
use crate::analysis::word_list::WordList;
use crate::analysis::{Entity, EntityId, EntityKind, Mention, Quote, Speaker, SpeakerStep};
use crate::span::Span;
use std::cell::Cell;

/// How far back (in bytes) the context of a quotation reaches.
const REACH_BACK: usize = 600;
/// How far back (in bytes) "the count" looks for the Count it means.
const RANK_REACH: usize = 20_000;
/// How far forward (in bytes) the context after a quotation reaches.
const REACH_AHEAD: usize = 200;
/// How much of a sentence (in bytes) is read for a reporting verb.
const TOKEN_REACH: usize = 320;
/// The longest noun phrase taken as a speaker, in words.
const MAX_NP_WORDS: usize = 8;

/// What the words around a quotation say about its speaker.
#[derive(Clone, Debug, PartialEq)]
enum Found {
    /// A speaker was named.
    Speaker(Speaker),
    /// A reporting verb was found but its subject is elsewhere ("and said it was").
    VerbWithoutSubject,
    /// The quotation is a name or title, not speech ("says on “The Countdown”").
    NotSpeech,
    /// A passive report ("was described as “…”"): the speaker, if any,
    /// follows "by" after the quotation.
    Passive,
    /// Nothing.
    Nothing,
}

/// How a quotation's speaker was found, which tells the dialogue pass
/// ([`super::dialogue`]) what it may revise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Basis {
    /// Named next to the quotation: a reporting verb and its subject.
    Explicit,
    /// Taken from an earlier quotation of the same sentence or paragraph.
    SameTurn,
    /// Carried over from the previous paragraph's quotation.
    Carried,
    /// A quotation that opens its sentence with no speaker found.
    Unattributed,
    /// A quotation inside a sentence of narration with no speaker found
    /// (a scare-quoted phrase, a title).
    Embedded,
    /// No speech: a name or title after a preposition, a passive report.
    NotSpeech,
    /// Said by "I", the narrator.
    Narrator,
}

/// Where one quotation sits.
#[derive(Clone, Copy, Debug)]
struct Place {
    /// Its content span.
    span: Span,
    /// The paragraph that holds its start.
    para: usize,
    /// The byte where its opening mark starts.
    open_at: usize,
    /// The byte after its closing mark (the content end when unclosed).
    close_end: usize,
    /// The named person who spoke the previous quotation, when that one is
    /// in this paragraph or the one before.
    prev_person: Option<EntityId>,
}

/// Everything the attribution reads.
struct Reader<'a> {
    text: &'a str,
    paragraphs: &'a [Span],
    quotes: &'a [Span],
    mentions: &'a [Mention],
    entities: &'a [Entity],
    /// The gender of each entity, where known.
    genders: Vec<Option<Gender>>,
    /// The pronoun that named the last speaker found, if one did.
    pronoun: Cell<Option<Pronoun>>,
    /// The title each person's name opens with ("count" for "Count
    /// Orlov"), lower case.
    titles: Vec<Option<String>>,
    /// Set when the last speaker found was called by relation or rank.
    relation: Cell<bool>,
    /// Set when the last speaker found was named in the narration before
    /// the quotation rather than beside it.
    narration: Cell<bool>,
}

/// Attributes each quotation in `quotes` (sorted content spans, as
/// [`super::find_quotes`] returns) to a speaker.
///
/// `mentions` are sorted by position and refer to `entities` by id.
pub fn attribute(
    text: &str,
    paragraphs: &[Span],
    quotes: &[Span],
    mentions: &[Mention],
    entities: &[Entity],
) -> Vec<Quote> {
    let reader = Reader {
        text,
        paragraphs,
        quotes,
        mentions,
        entities,
        genders: gender::entity_genders(text, mentions, entities),
        pronoun: Cell::new(None),
        relation: Cell::new(false),
        narration: Cell::new(false),
        titles: entities
            .iter()
            .map(|e| {
                (e.kind == EntityKind::Person)
                    .then(|| title_of(&e.name))
                    .flatten()
            })
            .collect(),
    };
    let doc = super::dialogue::Doc {
        text,
        paragraphs,
        quotes,
        mentions,
        entities,
        genders: &reader.genders,
    };
    let places: Vec<Place> = quotes.iter().map(|&q| reader.place(q)).collect();
    let mut out: Vec<Quote> = Vec::with_capacity(quotes.len());
    let mut bases: Vec<Basis> = Vec::with_capacity(quotes.len());
    let mut pronouns: Vec<Option<Pronoun>> = Vec::with_capacity(quotes.len());
    for (i, place) in places.iter().enumerate() {
        let previous = i.checked_sub(1).map(|j| (&places[j], &out[j].speaker));
        let next = places.get(i + 1);
        let mut place = *place;
        place.prev_person = previous.and_then(|(p, s)| match s {
            Speaker::Entity(id)
                if p.para + 1 >= place.para
                    && reader
                        .entities
                        .get(*id)
                        .is_some_and(|e| e.kind == EntityKind::Person) =>
            {
                Some(*id)
            }
            _ => None,
        });
        reader.pronoun.set(None);
        reader.relation.set(false);
        reader.narration.set(false);
        let (mut speaker, mut basis) = reader.speaker_of(&place, previous, next);
        // A second scare quote of a sentence ("a “front hall” and a “back
        // hall”") is no more speech than the first.
        if basis == Basis::SameTurn
            && speaker == Speaker::Unknown
            && let Some(&b @ (Basis::Embedded | Basis::NotSpeech)) = bases.last()
        {
            basis = b;
        }
        // The person addressed in a line is its listener, never its speaker.
        if let Speaker::Entity(id) = speaker
            && super::dialogue::vocatives(&doc, place.span).contains(&id)
        {
            speaker = Speaker::Unknown;
            basis = Basis::Unattributed;
        }
        let pronoun = reader.pronoun.get().filter(|_| basis == Basis::Explicit);
        if pronoun == Some(Pronoun::First) {
            basis = Basis::Narrator;
        }
        pronouns.push(pronoun);
        let step = match (basis, &speaker) {
            (_, Speaker::Unknown) if basis != Basis::Narrator => SpeakerStep::Unknown,
            (Basis::Narrator, _) => SpeakerStep::Narrator,
            _ if reader.narration.get() => SpeakerStep::Narration,
            (Basis::Explicit, _) if pronoun.is_some() => SpeakerStep::Pronoun,
            (Basis::Explicit, _) if reader.relation.get() => SpeakerStep::Relation,
            (Basis::Explicit, Speaker::Described(_)) => SpeakerStep::Described,
            (Basis::Explicit, _) => SpeakerStep::Named,
            (Basis::SameTurn, _) => SpeakerStep::SameTurn,
            (Basis::Carried, _) => SpeakerStep::Carried,
            _ => SpeakerStep::Unknown,
        };
        out.push(Quote {
            span: place.span,
            speaker,
            step,
        });
        bases.push(basis);
    }
    super::dialogue::revise(&doc, &bases, &pronouns, &mut out);
    // "I said" with no name for the narrator in sight.
    for q in &mut out {
        if q.step == SpeakerStep::Narrator && q.speaker == Speaker::Unknown {
            q.speaker = Speaker::Described("the narrator".to_string());
        }
    }
    let mut k = 0;
    out.retain(|q| {
        let b = bases[k];
        k += 1;
        !(matches!(b, Basis::Embedded | Basis::NotSpeech) && q.speaker == Speaker::Unknown)
    });
    out
}

fn mark_len_before(text: &str, at: usize) -> usize {
    text[..at]
        .chars()
        .next_back()
        .filter(|&c| is_mark(c))
        .map_or_else(|| super::dashes::dash_len_before(text, at), char::len_utf8)
}

fn mark_len_after(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .filter(|&c| is_mark(c))
        .map_or(0, char::len_utf8)
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '\'' | '‘' | '’' | '‚' | '‛'
    )
}

impl<'a> Reader<'a> {
    fn place(&self, span: Span) -> Place {
        let para = self
            .paragraphs
            .partition_point(|p| p.end < span.start)
            .min(self.paragraphs.len().saturating_sub(1));
        let start = span.start.min(self.text.len());
        let end = span.end.min(self.text.len());
        Place {
            span,
            para,
            open_at: start - mark_len_before(self.text, start),
            close_end: end + mark_len_after(self.text, end),
            prev_person: None,
        }
    }

    fn para_span(&self, para: usize) -> Span {
        self.paragraphs
            .get(para)
            .copied()
            .unwrap_or(Span::new(0, self.text.len()))
    }

    /// Decides the speaker of one quotation.
    fn speaker_of(
        &self,
        place: &Place,
        previous: Option<(&Place, &Speaker)>,
        next: Option<&Place>,
    ) -> (Speaker, Basis) {
        let para = self.para_span(place.para);
        let prev_same_para = previous.filter(|(p, _)| p.para == place.para);
        let lo = prev_same_para.map_or(para.start, |(p, _)| p.close_end.min(place.open_at));
        let lo = lo.max(place.open_at.saturating_sub(REACH_BACK));
        let lo = floor_char(self.text, lo);
        let sentence = words::sentence_start(self.text, lo, place.open_at);
        let before = Span::new(sentence, place.open_at);
        let mut before_blank = before.text(self.text).trim().is_empty();
        // A previous quotation that ended its own sentence ("…available." The
        // poster wrote that “…”) leaves this one in a new sentence.
        let mut shares_sentence = prev_same_para.is_some() && sentence == lo;
        if let Some((p, _)) = prev_same_para
            && shares_sentence
            && ends_with_stop(p.span.text(self.text))
            && first_char(before.text(self.text)).is_some_and(char::is_uppercase)
        {
            shares_sentence = false;
        }
        if shares_sentence && before_blank {
            before_blank = false;
        }

        let hi = next
            .filter(|n| n.para == place.para)
            .map_or(para.end.max(place.close_end), |n| {
                n.open_at.max(place.close_end)
            });
        let hi = ceil_char(self.text, hi.min(place.close_end + REACH_AHEAD));
        let after_end = words::sentence_end(self.text, place.close_end, hi);
        let after = Span::new(place.close_end, after_end);

        let sentence_initial = before_blank;
        if sentence_initial && let Found::Speaker(s) = self.after_attribution(after, place, false) {
            return (s, Basis::Explicit);
        }
        if !sentence_initial {
            match self.before_attribution(before, place) {
                Found::Speaker(s) => return (s, Basis::Explicit),
                Found::NotSpeech => return (Speaker::Unknown, Basis::NotSpeech),
                Found::Passive => {
                    let toks = words::tokens(self.text, after);
                    if toks.first().is_some_and(|t| t.lower(self.text) == "by")
                        && let Some(np) = self.np_after(&toks, 1)
                        && let Found::Speaker(s) = self.speaker_from_np(np, place)
                    {
                        return (s, Basis::Explicit);
                    }
                    return (Speaker::Unknown, Basis::NotSpeech);
                }
                Found::VerbWithoutSubject => {
                    if let Some((_, s)) = previous.filter(|_| shares_sentence)
                        && *s != Speaker::Unknown
                    {
                        return (s.clone(), Basis::SameTurn);
                    }
                    if let Some(s) = self.sentence_subject(before) {
                        return (s, Basis::Explicit);
                    }
                    if let Some(np) = self.described_subject(before) {
                        return (Speaker::Described(np), Basis::Explicit);
                    }
                    return (Speaker::Unknown, Basis::Embedded);
                }
                Found::Nothing => {
                    if let Some((_, s)) = previous.filter(|_| shares_sentence) {
                        return (s.clone(), Basis::SameTurn);
                    }
                    // "We need to “…” Ms Smith said."
                    if let Found::Speaker(s) = self.after_attribution(after, place, true) {
                        return (s, Basis::Explicit);
                    }
                    return (Speaker::Unknown, Basis::Embedded);
                }
            }
        }
        // A quotation that opens its sentence with no speaker named after it
        // continues a turn, if it reads as speech: a few words, or a
        // sentence of its own (not a scare-quoted word in a heading).
        let content = place.span.text(self.text);
        if content.split_whitespace().count() < 3 && !ends_with_stop(content) {
            return (Speaker::Unknown, Basis::Unattributed);
        }
        if let Some((_, s)) = prev_same_para
            && *s != Speaker::Unknown
        {
            return (s.clone(), Basis::SameTurn);
        }
        if let Some(s) = self.earlier_sentence_speaker(lo, sentence, place, true) {
            self.narration.set(true);
            return (s, Basis::Explicit);
        }
        if prev_same_para.is_none()
            && let Some(s) = self.previous_paragraph_speaker(place, previous)
        {
            // "Therefore I said:" closing the paragraph before.
            if self.pronoun.get() == Some(Pronoun::First) {
                return (s, Basis::Explicit);
            }
            return (s, Basis::Carried);
        }
        (Speaker::Unknown, Basis::Unattributed)
    }

    /// Attribution after a quotation that opens its sentence.
    ///
    /// When `strict`, the attribution must end the sentence ("… Ms Smith said.").
    fn after_attribution(&self, after: Span, place: &Place, strict: bool) -> Found {
        let text = self.text;
        // The attribution sits in the first words; a long sentence is not
        // read to its end except for a closing ", X said." below.
        let head = words::head(text, after, 160);
        let toks = words::tokens(text, head);
        let Some(first) = toks.first() else {
            return Found::Nothing;
        };
        // “…” – Matthew Ingram
        if !first.word && matches!(first.text(text), "-" | "–" | "—") {
            let rest = &toks[1..];
            if !rest.is_empty()
                && rest.len() <= 5
                && rest.iter().all(|t| t.capitalised(text))
                && head == after
                && after.end == self.para_span(place.para).end
            {
                let np = Span::new(rest[0].span.start, rest[rest.len() - 1].span.end);
                return self.speaker_from_np(np, place);
            }
            return Found::Nothing;
        }
        // “…,” according to X.
        for k in 0..toks.len().saturating_sub(2) {
            if toks[k].text(text).eq_ignore_ascii_case("according")
                && toks[k + 1].text(text).eq_ignore_ascii_case("to")
            {
                return match self.np_after(&toks, k + 2) {
                    Some(np) => self.speaker_from_np(np, place),
                    None => Found::Nothing,
                };
            }
        }
        let mut i = 0;
        if first.is(text, ',') {
            i = 1;
        }
        // Find the verb among the first few words; an appositive may stand
        // between it and its subject ("her mother, Fiona, said").
        let window_end = toks.len().min(i + 2 * MAX_NP_WORDS);
        let mut verb = None;
        let mut commas = 0;
        for (k, t) in toks.iter().enumerate().take(window_end).skip(i) {
            if t.is(text, ',') && k > i && commas < 2 {
                commas += 1;
                continue;
            }
            if !t.word {
                break;
            }
            if words::is_speech_verb(&t.lower(text)) {
                verb = Some(k);
                break;
            }
        }
        let Some(v) = verb else {
            // “…” to hold up the plans, Indyk said.
            if !strict {
                let tail = words::tail(text, Span::new(first.span.end, after.end), 100);
                let tail_toks = words::tokens(text, tail);
                if let Some(comma) = tail_toks.iter().rev().find(|t| t.is(text, ',')) {
                    let tail = Span::new(comma.span.start, after.end);
                    return self.after_attribution(tail, place, true);
                }
            }
            return Found::Nothing;
        };
        if commas > 0 && v > i {
            if strict {
                return Found::Nothing;
            }
            return match self.subject_before(&toks[i..=v], v - i) {
                Some(np) if np.start == toks[i].span.start || self.head_mention(np).is_some() => {
                    self.speaker_from_np(np, place)
                }
                _ => Found::Nothing,
            };
        }
        let ends_here = |k: usize| {
            toks.get(k)
                .is_none_or(|t| !t.word && matches!(t.text(text), "." | "," | "!" | "?" | ";"))
        };
        if v == i {
            // Inversion: said the prince / said Ambassador Mohib.
            let Some(np) = self.np_after(&toks, v + 1) else {
                return Found::Nothing;
            };
            let np_end = toks
                .iter()
                .position(|t| t.span.start >= np.end)
                .unwrap_or(toks.len());
            if strict && !ends_here(np_end) {
                return Found::Nothing;
            }
            return self.speaker_from_np(np, place);
        }
        if strict && !ends_here(v + 1) {
            return Found::Nothing;
        }
        // Subject before the verb, skipping auxiliaries.
        let mut end = v;
        while end > i && words::is_auxiliary(&toks[end - 1].lower(text)) {
            end -= 1;
        }
        if end == i {
            return Found::Nothing;
        }
        // The whole stretch from the quotation to the verb must be the
        // subject ("PC World's recent analysis of its own statistics").
        let Some(np) = self
            .np_before(&toks, end)
            .filter(|np| np.start == toks[i].span.start)
        else {
            return Found::Nothing;
        };
        // A verb that takes a clause ("The poster wrote that …") starts a new
        // statement rather than closing this one.
        if let Some(t) = toks.get(v + 1)
            && t.word
            && matches!(
                t.lower(text).as_str(),
                "that" | "the" | "a" | "it" | "he" | "she" | "they"
            )
            && ends_with_stop(place.span.text(text))
        {
            return Found::Nothing;
        }
        self.speaker_from_np(np, place)
    }

    /// Attribution in the words before a quotation, in its sentence.
    fn before_attribution(&self, before: Span, place: &Place) -> Found {
        let text = self.text;
        let toks = words::tokens(text, words::tail(text, before, TOKEN_REACH));
        // "Microsoft says on “The Internet Explorer 6 Countdown”": a name
        // after a preposition is no speech.
        if let Some((last, rest)) = toks.split_last()
            && last.word
            && matches!(
                last.text(text),
                "on" | "in" | "at" | "from" | "of" | "via" | "with" | "for" | "about" | "into"
            )
            && !(last.text(text) == "for"
                && rest
                    .last()
                    .is_some_and(|t| t.word && words::is_reporting_verb(&t.lower(text))))
        {
            // ("They call for “…”" is speech.)
            return Found::NotSpeech;
        }
        for v in (0..toks.len()).rev() {
            let t = toks[v];
            if !t.word {
                continue;
            }
            let lower = t.lower(text);
            if words::is_naming_verb(&lower) && v + 1 == toks.len() {
                // "a train dubbed “…”": a name, not speech.
                return Found::Nothing;
            }
            // "according to X, “…”"
            if lower == "according"
                && toks.get(v + 1).is_some_and(|t| t.lower(text) == "to")
                && let Some(np) = self.np_after(&toks, v + 2)
            {
                return self.speaker_from_np(np, place);
            }
            // A verb of fiction counts right before the quotation: "Ann
            // cried, “…”".
            let beside = toks[v + 1..].iter().all(|t| !t.word)
                && !words::is_reporting_verb(&lower)
                && words::is_speech_verb(&lower);
            if !self.is_verb_at(&toks, v) && !beside {
                continue;
            }
            if v > 0
                && matches!(
                    toks[v - 1].lower(text).as_str(),
                    "been" | "was" | "were" | "is" | "are" | "be" | "being"
                )
                && words::is_participle(&lower)
            {
                return Found::Passive;
            }
            // "…, describing the case as “…”": the participle's subject is
            // the sentence's.
            if lower.ends_with("ing") && (v == 0 || toks[v - 1].is(text, ',')) {
                return Found::VerbWithoutSubject;
            }
            return match self.subject_before(&toks, v) {
                Some(np) => match self.speaker_from_np(np, place) {
                    Found::Nothing => Found::VerbWithoutSubject,
                    found => found,
                },
                None => {
                    // Inversion at the sentence start: "Said the minister: “…”".
                    if v == 0
                        && let Some(np) = self.np_after(&toks, 1)
                    {
                        return self.speaker_from_np(np, place);
                    }
                    Found::VerbWithoutSubject
                }
            };
        }
        Found::Nothing
    }

    /// True when `toks[v]` is a reporting verb used as a verb, not as a
    /// noun ("his claims", "the asylum claim").
    fn is_verb_at(&self, toks: &[Tok], v: usize) -> bool {
        let text = self.text;
        let lower = toks[v].lower(text);
        if !words::is_reporting_verb(&lower) {
            return false;
        }
        if !words::is_noun_like_verb(&lower) {
            return true;
        }
        let Some(prev) = v.checked_sub(1).map(|k| toks[k]) else {
            return true;
        };
        if !prev.word {
            return true;
        }
        let prev_text = prev.text(text);
        let prev_lower = prev.lower_raw(text);
        // "his claims", "Kim's report", "the players' call".
        if words::is_determiner(&prev_lower)
            || prev_text.ends_with("'s")
            || prev_text.ends_with("’s")
            || prev_text.ends_with("s'")
            || prev_text.ends_with("s’")
        {
            return false;
        }
        if lower.ends_with('s') || lower.ends_with("ing") {
            return true;
        }
        // A base form needs a plural subject or an auxiliary: "officials
        // say", "they call for", "will tell".
        words::is_auxiliary(&prev_lower)
            || matches!(prev_lower.as_str(), "they" | "we" | "i" | "you")
            || (prev_lower.ends_with('s') && !prev.capitalised(text))
    }

    /// The noun phrase that is the subject of the verb at `toks[v]`.
    fn subject_before(&self, toks: &[Tok], v: usize) -> Option<Span> {
        let text = self.text;
        let mut end = v;
        while end > 0 && toks[end - 1].word && words::is_auxiliary(&toks[end - 1].lower(text)) {
            end -= 1;
        }
        if end > 0 && toks[end - 1].is(text, ',') {
            // "X, the Y of Z, said" or "…, Nunzio Galantino, has called".
            let comma = end - 1;
            let open = (0..comma).rev().take(16).find(|&k| toks[k].is(text, ','));
            let appositive = self.np_before(toks, comma);
            let left = open.and_then(|c| self.np_before(toks, c));
            if let Some(left) = left
                && self.head_mention(left).is_some()
            {
                return Some(left);
            }
            if let Some(np) = appositive
                && self.head_mention(np).is_some()
            {
                return Some(np);
            }
            // "Her mother, a nurse, said": the phrase as written.
            return left;
        }
        self.np_before(toks, end)
    }

    /// The noun phrase ending just before `toks[end]`, if any.
    fn np_before(&self, toks: &[Tok], end: usize) -> Option<Span> {
        let text = self.text;
        let mut end = end;
        let mut start = end;
        while start > 0 && end - start < MAX_NP_WORDS {
            let t = toks[start - 1];
            if !t.word {
                break;
            }
            let word = t.text(text);
            let lower = t.lower(text);
            let prev = start.checked_sub(2).map(|k| toks[k]);
            if words::is_pronoun(&lower)
                && !prev.is_some_and(|p| p.word && words::is_determiner(&p.lower(text)))
            {
                if start == end {
                    start -= 1;
                }
                break;
            }
            if lower == "of"
                && start < end
                && toks[start].capitalised(text)
                && prev.is_some_and(|p| p.capitalised(text))
            {
                // "Department of Agriculture", "University of NSW".
                start -= 1;
                continue;
            }
            if lower == "by"
                && start < end
                && let Some(p) = prev
                && p.word
                && words::is_participle(&p.lower(text))
                && start >= 2
            {
                // "a letter seen by Sky News says": the letter speaks.
                end = start - 2;
                start = end;
                continue;
            }
            // A reporting verb ends the phrase, unless a determiner makes it
            // a noun ("the report", "his claims").
            let noun_after_determiner = prev.is_some_and(|p| {
                p.word && (words::is_determiner(&p.lower_raw(text)) || p.text(text).ends_with("'s"))
            });
            if words::is_stop(word)
                || (words::is_reporting_verb(&t.lower_raw(text)) && !noun_after_determiner)
            {
                break;
            }
            start -= 1;
            if words::is_determiner(&lower) {
                // "PC World's recent analysis of its own statistics": the
                // phrase before "of" is the head.
                let possessive = matches!(lower.as_str(), "its" | "his" | "her" | "their");
                if possessive && start >= 2 && toks[start - 1].text(text) == "of" {
                    return self.np_before(toks, start - 1);
                }
                break;
            }
        }
        (start < end).then(|| Span::new(toks[start].span.start, toks[end - 1].span.end))
    }

    /// The noun phrase starting at `toks[start]` (after an inverted verb).
    fn np_after(&self, toks: &[Tok], start: usize) -> Option<Span> {
        let text = self.text;
        let mut end = start;
        while end < toks.len() && end - start < MAX_NP_WORDS {
            let t = toks[end];
            if !t.word {
                break;
            }
            let lower = t.lower(text);
            if words::is_stop(t.text(text))
                || (end > start
                    && (words::is_speech_verb(&lower)
                        || (lower.len() > 4 && lower.ends_with("ly") && !t.capitalised(text))
                        || (lower.ends_with("ing") && !t.capitalised(text))))
            {
                // "said the officers, turning …" ends at the participle.
                break;
            }
            end += 1;
            if words::is_pronoun(&lower) {
                break;
            }
        }
        (end > start).then(|| Span::new(toks[start].span.start, toks[end - 1].span.end))
    }

    /// The mention whose end is the end of `np` (its head), if any.
    fn head_mention(&self, np: Span) -> Option<&Mention> {
        let k = self.mentions.partition_point(|m| m.span.end < np.end);
        // The mention may run past a phrase cut at an initial ("said
        // Robert M. Danin" reads "Robert M").
        self.mentions
            .get(k)
            .filter(|m| m.span.start < np.end && (m.span.end == np.end || m.span.start >= np.start))
    }

    /// Turns a subject noun phrase into a speaker.
    fn speaker_from_np(&self, np: Span, place: &Place) -> Found {
        let text = self.text;
        let phrase = np.text(text).trim();
        if phrase.is_empty() {
            return Found::Nothing;
        }
        if let Some(m) = self.head_mention(np) {
            // "Mitch McConnell of Kentucky called": the person before "of".
            if self.kind_of(m) != Some(EntityKind::Person)
                && let Some(p) = self.person_before_of(np)
            {
                return Found::Speaker(Speaker::Entity(p));
            }
            // "The U.S. Department of Agriculture" names more than an
            // organisation tagged as "Department of Agriculture".
            if let Some(e) = self.entities.get(m.entity)
                && e.kind == EntityKind::Organization
                && m.span.start > np.start
                && let modifier = words::tokens(text, Span::new(np.start, m.span.start))
                && modifier
                    .iter()
                    .all(|t| t.capitalised(text) || (!t.word && t.text(text) == "."))
                && modifier
                    .iter()
                    .any(|t| t.word && !words::is_determiner(&t.lower(text)))
            {
                return Found::Speaker(Speaker::Described(
                    phrase.split_whitespace().collect::<Vec<_>>().join(" "),
                ));
            }
            return Found::Speaker(Speaker::Entity(m.entity));
        }
        let lower = phrase.to_lowercase();
        if !lower.contains(' ') && words::is_pronoun(&lower) {
            if lower == "i" {
                // The narrator, whose name the dialogue pass may find.
                self.pronoun.set(Some(Pronoun::First));
                return Found::Speaker(Speaker::Unknown);
            }
            // Only persons named before the pronoun count ("He described
            // Montalvo as …" does not mean Montalvo).
            let mut bounded = *place;
            bounded.open_at = bounded.open_at.min(np.start);
            let gender = gender::pronoun_gender(&lower);
            return match self.resolve_pronoun(&lower, &bounded, gender) {
                Some(s) => {
                    self.pronoun.set(gender.map(Pronoun::Third));
                    Found::Speaker(s)
                }
                // An "it" or "they" with no group or organisation nearby is
                // nobody we can name, and certainly not the last person.
                None if !matches!(lower.as_str(), "he" | "she" | "i") => {
                    Found::Speaker(Speaker::Unknown)
                }
                // A "she" with no woman named nearby: someone the
                // conversation may show.
                None if self.named_before(&bounded) => {
                    self.pronoun.set(gender.map(Pronoun::Third));
                    Found::Speaker(Speaker::Unknown)
                }
                None => Found::Nothing,
            };
        }
        if let Some(id) = self.relational(np, place) {
            self.relation.set(true);
            return Found::Speaker(Speaker::Entity(id));
        }
        if !self.reads_as_speaker(np) {
            return Found::Nothing;
        }
        // A name the tagger missed, behind its titles: "Minister of
        // Education Stefania Giannini" gives "Stefania Giannini".
        let np = self.without_titles(np);
        let phrase = np.text(text).trim();
        // Hard-wrapped text may break the phrase across lines.
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        Found::Speaker(Speaker::Described(phrase))
    }

    /// A character called by relation or rank rather than by name: "his
    /// wife" is Mrs. Bennet when "his" is Mr. Bennet, "said the count" is
    /// the Count named last before the quotation.
    fn relational(&self, np: Span, place: &Place) -> Option<EntityId> {
        let text = self.text;
        let toks = words::tokens(text, np);
        let [det, noun] = toks.as_slice() else {
            return None;
        };
        let det = det.lower_raw(text);
        let noun = noun.lower_raw(text);
        let people = self
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person);
        match det.as_str() {
            "his" | "her" => {
                let spouse = match (det.as_str(), noun.as_str()) {
                    ("his", "wife" | "lady") => "mrs",
                    ("her", "husband") => "mr",
                    _ => return None,
                };
                // "“My dear Mr. Bennet,” said his lady": the one addressed,
                // in this line or the one the attribution interrupts, is
                // the one "his" means; otherwise the person in view.
                let gender = gender::pronoun_gender(&det);
                let mut bounded = *place;
                bounded.open_at = bounded.open_at.min(np.start);
                let para = self.para_span(place.para);
                let k = self.quotes.partition_point(|q| q.start < place.span.start);
                let interrupted = k
                    .checked_sub(1)
                    .and_then(|j| self.quotes.get(j))
                    .filter(|q| q.start >= para.start);
                let addressed = std::iter::once(place.span)
                    .chain(interrupted.copied())
                    .flat_map(|q| self.vocatives(q))
                    .find(|&id| self.fits(id, gender));
                let owner = match addressed {
                    Some(id) => id,
                    None => match self.resolve_person(&bounded, gender)? {
                        Speaker::Entity(id) => id,
                        _ => return None,
                    },
                };
                let owner = self.entities.get(owner)?;
                let surname = owner.name.split_whitespace().last()?;
                if owner.name.split_whitespace().count() < 2 {
                    return None;
                }
                people
                    .filter(|e| {
                        e.name.split_whitespace().count() == 2
                            && self.titles.get(e.id).and_then(Option::as_deref) == Some(spouse)
                            && e.name.split_whitespace().last() == Some(surname)
                    })
                    .map(|e| e.id)
                    .next()
            }
            "the" if RANKS.contains(&noun) => {
                // The last character of that rank named not long before.
                let floor = np.start.saturating_sub(RANK_REACH);
                let k = self.mentions.partition_point(|m| m.span.end <= np.start);
                self.mentions[..k]
                    .iter()
                    .rev()
                    .take_while(|m| m.span.start >= floor)
                    .map(|m| m.entity)
                    .find(|&id| {
                        self.titles
                            .get(id)
                            .is_some_and(|t| t.as_deref() == Some(noun.as_str()))
                    })
            }
            _ => None,
        }
    }

    /// The persons addressed by name in quotation `q`.
    fn vocatives(&self, q: Span) -> Vec<EntityId> {
        let doc = super::dialogue::Doc {
            text: self.text,
            paragraphs: self.paragraphs,
            quotes: self.quotes,
            mentions: self.mentions,
            entities: self.entities,
            genders: &self.genders,
        };
        super::dialogue::vocatives(&doc, q)
    }

    /// The first named person of the sentence, taken as its subject.
    fn sentence_subject(&self, before: Span) -> Option<Speaker> {
        let k = self
            .mentions
            .partition_point(|m| m.span.start < before.start);
        self.mentions[k..]
            .iter()
            .take_while(|m| m.span.end <= before.end)
            .find(|m| self.kind_of(m) == Some(EntityKind::Person))
            .map(|m| Speaker::Entity(m.entity))
    }

    /// True when entity `id` may be called by a pronoun of `gender`: the
    /// genders agree or one is unknown.
    fn fits(&self, id: EntityId, gender: Option<Gender>) -> bool {
        match (gender, self.genders.get(id).copied().flatten()) {
            (Some(g), Some(h)) => g == h,
            _ => true,
        }
    }

    /// True when some person is named outside quotations in the reach of
    /// a pronoun before `place`.
    fn named_before(&self, place: &Place) -> bool {
        let floor = place.open_at.saturating_sub(REACH_BACK * 3);
        let k = self
            .mentions
            .partition_point(|m| m.span.end <= place.open_at);
        self.mentions[..k]
            .iter()
            .rev()
            .take_while(|m| m.span.start >= floor)
            .any(|m| {
                self.kind_of(m) == Some(EntityKind::Person) && !self.inside_quote(m.span.start)
            })
    }

    fn is_person(&self, s: &Speaker) -> bool {
        matches!(s, Speaker::Entity(id) if self.entities.get(*id).is_some_and(|e| e.kind == EntityKind::Person))
    }

    fn kind_of(&self, m: &Mention) -> Option<EntityKind> {
        self.entities.get(m.entity).map(|e| e.kind)
    }

    /// True when an article stands right before the mention: a name used
    /// to describe a thing ("the Cruise video"), not a person acting.
    fn after_article(&self, m: &Mention) -> bool {
        let before = &self.text[..m.span.start];
        let trimmed = before.trim_end();
        trimmed.len() < before.len()
            && trimmed
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| matches!(w.to_lowercase().as_str(), "the" | "a" | "an"))
    }

    /// True when byte `at` lies inside a quotation.
    fn inside_quote(&self, at: usize) -> bool {
        let k = self.quotes.partition_point(|q| q.end <= at);
        self.quotes.get(k).is_some_and(|q| q.start <= at)
    }

    /// `np` without leading titles ("Minister of Education", "Professor")
    /// when a capitalised name of two or more words follows them.
    fn without_titles(&self, np: Span) -> Span {
        let text = self.text;
        let toks = words::tokens(text, np);
        let mut k = 0;
        while k < toks.len() && words::is_title(toks[k].text(text)) {
            k += 1;
            if k + 1 < toks.len() && toks[k].text(text) == "of" {
                k += 2;
            }
        }
        let rest = toks.get(k..).unwrap_or(&[]);
        if k == 0 || rest.len() < 2 || !rest.iter().all(|t| t.capitalised(text)) {
            return np;
        }
        Span::new(rest[0].span.start, np.end)
    }

    /// A person mention inside `np` followed by "of" ("X of the Globe").
    fn person_before_of(&self, np: Span) -> Option<EntityId> {
        let k = self.mentions.partition_point(|m| m.span.start < np.start);
        self.mentions[k..]
            .iter()
            .take_while(|m| m.span.end <= np.end)
            .find(|m| {
                self.kind_of(m) == Some(EntityKind::Person)
                    && self.text[m.span.end..np.end].starts_with(" of ")
            })
            .map(|m| m.entity)
    }

    /// True when an unnamed subject reads as a speaker: it opens with a
    /// determiner ("a spokesperson", "the report's authors"), is a name
    /// as written ("Toccafondi"), or is a short plural ("officials",
    /// "health experts"). Clause fragments ("took diet pills bought
    /// online", "you’d") are not.
    fn reads_as_speaker(&self, np: Span) -> bool {
        let text = self.text;
        let toks = words::tokens(text, np);
        let Some(first) = toks.first() else {
            return false;
        };
        let first_lower = first.lower_raw(text);
        if words::is_determiner(&first_lower) {
            return toks.len() > 1 && !matches!(first_lower.as_str(), "this" | "that");
        }
        if toks
            .iter()
            .all(|t| t.capitalised(text) || !t.word || t.text(text) == "of")
        {
            return first.text(text).chars().count() > 1;
        }
        // "PC World's recent analysis": a possessive name is a determiner.
        let possessive = |t: &Tok| {
            let written = t.text(text);
            t.capitalised(text) && (written.ends_with("'s") || written.ends_with("’s"))
        };
        if let Some(p) = toks.iter().position(possessive)
            && p + 1 < toks.len()
            && toks[..p].iter().all(|t| t.capitalised(text))
        {
            return true;
        }
        let last = toks[toks.len() - 1].lower_raw(text);
        toks.len() <= 3
            && last.ends_with('s')
            && !last.ends_with("ss")
            && toks
                .iter()
                .all(|t| t.word && !t.text(text).contains(['\'', '’']))
    }

    /// A described subject opening the sentence: "One poster admitted …,
    /// writing “…”" gives "One poster".
    fn described_subject(&self, before: Span) -> Option<String> {
        let text = self.text;
        let toks = words::tokens(text, words::head(text, before, 80));
        let first = toks.first()?;
        if !first.word || !words::is_determiner(&first.lower(text)) {
            return None;
        }
        let mut end = 1;
        while end < toks.len() && end < 5 {
            let t = toks[end];
            let lower = t.lower_raw(text);
            if !t.word || words::is_stop(t.text(text)) {
                return None;
            }
            if words::is_reporting_verb(&lower) || words::is_participle(&lower) {
                break;
            }
            end += 1;
        }
        let verb = toks.get(end)?;
        let lower = verb.lower_raw(text);
        if end < 2 || !(words::is_reporting_verb(&lower) || words::is_participle(&lower)) {
            return None;
        }
        let phrase = Span::new(first.span.start, toks[end - 1].span.end).text(text);
        Some(phrase.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// Resolves "he", "she", "they", … to the speaker they most likely mean.
    fn resolve_pronoun(
        &self,
        pronoun: &str,
        place: &Place,
        gender: Option<Gender>,
    ) -> Option<Speaker> {
        if matches!(pronoun, "he" | "she" | "i") {
            return self.resolve_person(place, gender);
        }
        // "they", "it", "we": the last group or organisation that spoke nearby.
        let floor = place.open_at.saturating_sub(REACH_BACK * 3);
        let para = self.para_span(place.para);
        let lo = floor_char(self.text, para.start.max(floor));
        self.earlier_sentence_speaker(lo, place.open_at, place, false)
    }

    /// The person "he" or "she" most likely means: in the nearest earlier
    /// sentence that names a person, the previous quotation's speaker, the
    /// person opening the sentence, a reporting verb's subject, or the last
    /// person named.
    fn resolve_person(&self, place: &Place, gender: Option<Gender>) -> Option<Speaker> {
        let text = self.text;
        let bound = place.open_at;
        let floor = bound.saturating_sub(REACH_BACK * 3);
        let fits = |id: EntityId| self.fits(id, gender);
        let prev_person = place.prev_person.filter(|&id| fits(id));
        let is_candidate = |m: &&Mention| {
            self.kind_of(m) == Some(EntityKind::Person)
                && fits(m.entity)
                && !self.inside_quote(m.span.start)
                && !self.after_article(m)
        };
        // The last person named before the pronoun, then that sentence.
        let k = self.mentions.partition_point(|m| m.span.end <= bound);
        let Some(last) = self.mentions[..k]
            .iter()
            .rev()
            .take_while(|m| m.span.start >= floor)
            .find(is_candidate)
        else {
            return prev_person.map(Speaker::Entity);
        };
        let para_index = self
            .paragraphs
            .partition_point(|p| p.end < last.span.start)
            .min(self.paragraphs.len().saturating_sub(1));
        let para = self.para_span(para_index);
        let lo = floor_char(text, para.start.max(floor).min(last.span.start));
        let start = words::sentence_start(text, lo, last.span.start);
        let hi = ceil_char(text, para.end.min(bound).max(last.span.end));
        let end = words::sentence_end(text, last.span.end, hi);
        let k = self.mentions.partition_point(|m| m.span.start < start);
        let persons: Vec<&Mention> = self.mentions[k..]
            .iter()
            .take_while(|m| m.span.end <= end)
            .filter(is_candidate)
            .collect();
        if let Some(id) = prev_person
            && persons.iter().any(|m| m.entity == id)
        {
            return Some(Speaker::Entity(id));
        }
        if let Some(first) = persons.first()
            && self.opens_sentence(start, first)
        {
            return Some(Speaker::Entity(first.entity));
        }
        let toks = words::tokens(text, words::tail(text, Span::new(start, end), TOKEN_REACH));
        for v in (0..toks.len()).rev() {
            if toks[v].word
                && self.is_verb_at(&toks, v)
                && let Some(np) = self.subject_before(&toks, v)
                && let Some(m) = self.head_mention(np)
                && self.kind_of(m) == Some(EntityKind::Person)
            {
                return Some(Speaker::Entity(m.entity));
            }
        }
        Some(Speaker::Entity(prev_person.unwrap_or(last.entity)))
    }

    /// True when only capitalised words (titles) or a determiner stand
    /// between the sentence start and the mention.
    fn opens_sentence(&self, start: usize, m: &Mention) -> bool {
        let text = self.text;
        words::tokens(text, Span::new(start, m.span.start))
            .iter()
            .all(|t| t.word && (t.capitalised(text) || words::is_determiner(&t.lower(text))))
    }

    /// The subject of a reporting verb in the sentences between `lo` and
    /// `until` (nearest first), skipping quoted words.
    ///
    /// With `persons` false only groups and organisations count (for "they", "it").
    fn earlier_sentence_speaker(
        &self,
        lo: usize,
        until: usize,
        place: &Place,
        persons: bool,
    ) -> Option<Speaker> {
        let mut end = until;
        for _ in 0..4 {
            if end <= lo {
                return None;
            }
            let start = words::sentence_start(self.text, lo, trim_end_pos(self.text, lo, end));
            let span = Span::new(start, end);
            let toks: Vec<Tok> =
                words::tokens(self.text, words::tail(self.text, span, TOKEN_REACH))
                    .into_iter()
                    .filter(|t| !self.inside_quote(t.span.start))
                    .collect();
            for v in (0..toks.len()).rev() {
                if toks[v].word
                    && self.is_verb_at(&toks, v)
                    && let Some(np) = self.subject_before(&toks, v)
                {
                    let phrase = np.text(self.text).to_lowercase();
                    // "Therefore I said:" is the narrator's line; "he" and
                    // "she" are resolved; other pronouns name nobody.
                    let first_person = persons && phrase == "i";
                    if words::is_pronoun(&phrase)
                        && phrase != "he"
                        && phrase != "she"
                        && !first_person
                    {
                        continue;
                    }
                    if let Found::Speaker(s) = self.speaker_from_np(np, place)
                        && (persons || !self.is_person(&s))
                    {
                        return Some(s);
                    }
                }
            }
            if start <= lo {
                return None;
            }
            end = start;
        }
        None
    }

    /// The speaker carried over from the previous paragraph, for a quotation
    /// that opens its paragraph.
    fn previous_paragraph_speaker(
        &self,
        place: &Place,
        previous: Option<(&Place, &Speaker)>,
    ) -> Option<Speaker> {
        let para = self.para_span(place.para);
        if !self.text[para.start..place.open_at].trim().is_empty() || place.para == 0 {
            return None;
        }
        let prev_para = self.para_span(place.para - 1);
        let prev_text = prev_para.text(self.text).trim_end();
        // "US President Barack Obama tweeted using his @POTUS account:"
        if prev_text.ends_with(':') || prev_text.ends_with(',') {
            let lo = floor_char(
                self.text,
                prev_para
                    .start
                    .max(prev_para.end.saturating_sub(REACH_BACK)),
            );
            if let Some(s) = self.earlier_sentence_speaker(lo, prev_para.end, place, true) {
                self.narration.set(true);
                return Some(s);
            }
        }
        // A turn that runs on: the last quotation's speaker, a few
        // paragraphs back at most, when nobody else is named in between.
        let (p, s) = previous?;
        let near = match s {
            Speaker::Entity(_) => p.para + 3 >= place.para,
            Speaker::Described(_) => p.para + 1 == place.para,
            Speaker::Unknown => false,
        };
        if !near {
            return None;
        }
        let k = self
            .mentions
            .partition_point(|m| m.span.start < p.close_end);
        let someone_else = self.mentions[k..]
            .iter()
            .take_while(|m| m.span.end <= place.open_at)
            .filter(|m| self.kind_of(m) == Some(EntityKind::Person))
            .any(|m| *s != Speaker::Entity(m.entity) && !self.inside_quote(m.span.start));
        (!someone_else).then(|| s.clone())
    }
}

/// Ranks by which a novel calls a character it has named with them
/// (`assets/data/rank_titles.txt`).
static RANKS: WordList = WordList::new(include_str!("../../../assets/data/rank_titles.txt"));

/// The title a name opens with, lower case and without its dot ("Mrs.
/// Bennet" gives "mrs"), when it opens with a capitalised word followed by
/// more of the name.
fn title_of(name: &str) -> Option<String> {
    let mut words = name.split_whitespace();
    let first = words.next()?;
    words.next()?;
    let first = first.trim_end_matches('.');
    (words::is_title(first) || RANKS.contains(first.to_lowercase().as_str()))
        .then(|| first.to_lowercase())
}

fn ends_with_stop(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?', '…'])
}

fn first_char(s: &str) -> Option<char> {
    s.trim_start().chars().next()
}

/// Moves `end` back over trailing spaces and a final stop so that the
/// sentence search finds the sentence that ends there.
fn trim_end_pos(text: &str, lo: usize, end: usize) -> usize {
    let s = text[lo..end].trim_end();
    let s = s.strip_suffix(['.', '!', '?', ':', ',']).unwrap_or(s);
    lo + s.len()
}

fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}
