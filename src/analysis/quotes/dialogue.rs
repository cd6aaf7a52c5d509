//! Dialogue: speakers from the shape of a conversation.
//!
//! Novels leave most lines of a conversation unattributed and trust the
//! reader to follow the turns. After each quotation has been read on its own
//! ([`super::speakers`]), this pass reads the paragraphs as turns, in the
//! spirit of the quote attribution literature (Elson & McKeown 2010, He et
//! al. 2013, BookNLP):
//!
//! - A paragraph is one turn: its quotations share one speaker, the one
//!   named next to any of them ("“No,” said Ann. “Never.”").
//! - A paragraph whose quotation was left open and is reopened by the next
//!   paragraph continues the same turn.
//! - A person addressed by name inside a quotation (a vocative: “Well,
//!   Ann, …”) is not its speaker, and is the likely speaker of the reply.
//! - In a run of consecutive quotation paragraphs, unattributed turns
//!   alternate between the last two speakers.
//! - A turn with no one named in it or near it, whose paragraph names a
//!   single person outside the quotation ("Ann looked up. “Well?”"), is
//!   that person's.
//!
//! The pass is one walk over the quotations and one over the turns, forward
//! and back, so its cost is linear in their number.

use super::gender::{Gender, Pronoun};
use super::speakers::Basis;
use super::words;
use crate::analysis::{Entity, EntityId, EntityKind, Mention, Quote, Speaker, SpeakerStep};
use crate::span::Span;

/// The document as the dialogue pass reads it.
pub(super) struct Doc<'a> {
    pub text: &'a str,
    pub paragraphs: &'a [Span],
    pub quotes: &'a [Span],
    pub mentions: &'a [Mention],
    pub entities: &'a [Entity],
    /// The gender of each entity, where known.
    pub genders: &'a [Option<Gender>],
}

/// Who holds a turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    /// A named person of the document.
    Person(EntityId),
    /// Someone not named (a described speaker): a participant that keeps
    /// the alternation going but cannot be output.
    Someone,
    /// The narrator ("I said"), named only if the dialogue shows who.
    Narrator,
}

/// One paragraph's quotations, read as one turn of a conversation.
#[derive(Clone, Debug)]
struct Turn {
    /// The paragraph index (of its first quotation's start).
    para: usize,
    /// The paragraph where its last quotation ends (a quotation may run
    /// over lines that the layout keeps as paragraphs of their own).
    last_para: usize,
    /// The quotations of the turn (indices into the quotes).
    first: usize,
    end: usize,
    /// The speaker named next to one of its quotations, if any.
    fixed: Option<Who>,
    /// The pronoun that named `fixed` ("she said"), which alternation may
    /// resolve better than the nearest name.
    pronoun: Option<Gender>,
    /// Its verb says the last speaker goes on ("he continued").
    goes_on: bool,
    /// The turn opens its paragraph with a quotation.
    opens: bool,
    /// The turn's last quotation has no closing mark.
    unclosed: bool,
    /// Persons addressed by name in its quotations.
    vocatives: Vec<EntityId>,
    /// The one person named outside its quotations, if exactly one is.
    narrated: Option<EntityId>,
    /// The person the reading of single quotations gave its first one.
    current: Option<EntityId>,
    /// The person of a short paragraph of narration just before it that
    /// opens with their name ("Ann sighed."), an action beat.
    beat: Option<EntityId>,
}

impl Turn {
    /// True when `next` follows this turn in the same conversation: in the
    /// next paragraph, or after one action beat.
    fn followed_by(&self, next: &Turn) -> bool {
        next.para <= self.last_para + 1 || (next.beat.is_some() && next.para == self.last_para + 2)
    }
}

/// Revises the speakers of `out` (one per quotation of `doc`, found with
/// `bases` and, where a pronoun named them, `pronouns`) from the
/// conversation they belong to.
pub(super) fn revise(doc: &Doc, bases: &[Basis], pronouns: &[Option<Pronoun>], out: &mut [Quote]) {
    let turns = turns(doc, bases, pronouns, out);
    let mut guesses: Vec<Option<Who>> = vec![None; turns.len()];
    // How each guess was made.
    let mut steps: Vec<SpeakerStep> = vec![SpeakerStep::TurnTaking; turns.len()];
    // Which guesses the forward reading made: only those may replace a
    // speaker carried over from the previous paragraph, which in news is
    // usually right ("“…,” Smith said." then a paragraph of quotation).
    let mut forward: Vec<bool> = vec![false; turns.len()];
    let mut start = 0;
    while start < turns.len() {
        let mut end = start + 1;
        while end < turns.len()
            && (turns[end - 1].followed_by(&turns[end])
                || aside_between(doc, &turns[end - 1], &turns[end]))
        {
            end += 1;
        }
        let run = &turns[start..end];
        let run_guesses = &mut guesses[start..end];
        let run_steps = &mut steps[start..end];
        walk(doc, run, run_guesses, run_steps, Direction::Forward);
        for (f, g) in forward[start..end].iter_mut().zip(run_guesses.iter()) {
            *f = g.is_some();
        }
        walk(doc, run, run_guesses, run_steps, Direction::Backward);
        start = end;
    }
    let narrator = narrator(&turns);
    let name = |w: Who| match w {
        Who::Person(id) => Some(Speaker::Entity(id)),
        Who::Narrator => narrator.map(Speaker::Entity),
        Who::Someone => None,
    };
    for (((turn, guess), forward), step) in turns.iter().zip(guesses).zip(forward).zip(steps) {
        // The speaker, and the step for the turn's quotations that named none.
        let (speaker, step) = if let Some(fixed) = turn.fixed {
            let step = match fixed {
                Who::Narrator => SpeakerStep::Narrator,
                _ if turn.pronoun.is_some() => SpeakerStep::Pronoun,
                _ => SpeakerStep::SameTurn,
            };
            match guess.filter(|_| turn.pronoun.is_some()) {
                // "she said", where the conversation shows which she.
                Some(Who::Someone) => (Some(Speaker::Unknown), SpeakerStep::Unknown),
                Some(g) => (name(g), step),
                None => (name(fixed), step),
            }
        } else {
            let carried = bases.get(turn.first) == Some(&Basis::Carried);
            let guess = guess.filter(|_| forward || !carried);
            match (guess, turn.narrated) {
                (Some(g @ Who::Narrator), _) => (name(g), SpeakerStep::Narrator),
                (Some(g @ Who::Person(_)), _) => (name(g), step),
                (_, Some(id)) => (Some(Speaker::Entity(id)), SpeakerStep::Narration),
                _ => (None, step),
            }
        };
        let Some(speaker) = speaker else {
            continue;
        };
        // The person addressed in a turn is its listener, never its speaker.
        if matches!(speaker, Speaker::Entity(id) if turn.vocatives.contains(&id)) {
            continue;
        }
        let weak = turn.pronoun.is_some() || turn.fixed == Some(Who::Narrator);
        for k in turn.first..turn.end {
            if let (Some(q), Some(b)) = (out.get_mut(k), bases.get(k))
                && (revisable(*b) || (weak && matches!(b, Basis::Explicit | Basis::Narrator)))
            {
                q.step = if speaker == Speaker::Unknown {
                    SpeakerStep::Unknown
                } else if turn.fixed.is_some() && !weak && revisable(*b) {
                    // A line of a turn whose other line named the speaker.
                    SpeakerStep::SameTurn
                } else {
                    step
                };
                q.speaker = speaker.clone();
            }
        }
    }
}

/// The narrator's name: the person most often addressed in the turns
/// beside the narrator's own ("“Come, Ann,” said he." / "“No,” I said."),
/// when at least two such addresses agree and no other name is as common.
fn narrator(turns: &[Turn]) -> Option<EntityId> {
    let mut counts: Vec<(EntityId, u32)> = Vec::new();
    for (i, t) in turns.iter().enumerate() {
        if t.fixed != Some(Who::Narrator) {
            continue;
        }
        let neighbours = [i.checked_sub(1), Some(i + 1)];
        for n in neighbours.into_iter().flatten() {
            let Some(u) = turns.get(n) else {
                continue;
            };
            let adjacent = u.para <= t.last_para + 1 && t.para <= u.last_para + 1;
            if !adjacent || u.fixed == Some(Who::Narrator) {
                continue;
            }
            for &id in &u.vocatives {
                if t.vocatives.contains(&id) {
                    continue;
                }
                if let Some((_, c)) = counts.iter_mut().find(|(e, _)| *e == id) {
                    *c += 1;
                } else if counts.len() < 64 {
                    counts.push((id, 1));
                }
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    match counts.as_slice() {
        [(id, c), rest @ ..] if *c >= 2 && rest.first().is_none_or(|(_, d)| d < c) => Some(*id),
        _ => None,
    }
}

/// Bases this pass may overwrite: speakers it did not see named.
fn revisable(basis: Basis) -> bool {
    matches!(
        basis,
        Basis::Unattributed | Basis::Carried | Basis::SameTurn
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Backward,
}

/// Fills `guesses` for the unattributed turns of one run of consecutive
/// quotation paragraphs by alternation, reading it in `direction`.
fn walk(
    doc: &Doc,
    run: &[Turn],
    guesses: &mut [Option<Who>],
    steps: &mut [SpeakerStep],
    direction: Direction,
) {
    let order: Box<dyn Iterator<Item = usize>> = match direction {
        Direction::Forward => Box::new(0..run.len()),
        Direction::Backward => Box::new((0..run.len()).rev()),
    };
    let mut last: Option<Who> = None;
    let mut other: Option<Who> = None;
    // The persons the last turn addressed.
    let mut addressed: &[EntityId] = &[];
    let mut prev: Option<usize> = None;
    for i in order {
        let turn = &run[i];
        let continues = match (direction, prev) {
            (Direction::Forward, Some(p)) => continues(&run[p], turn),
            (Direction::Backward, Some(p)) => continues(turn, &run[p]),
            _ => false,
        };
        let who = if let (Some(w), Some(g)) = (turn.fixed, turn.pronoun) {
            // "she said" in a conversation: the other participant, whose
            // turn it is, when the pronoun fits them (the one who spoke
            // last would have gone on in the same paragraph).
            let fits = |c: &Who| match c {
                Who::Person(id) => {
                    doc.genders
                        .get(*id)
                        .copied()
                        .flatten()
                        .is_none_or(|h| h == g)
                        && !turn.vocatives.contains(id)
                }
                Who::Someone => true,
                Who::Narrator => false,
            };
            let pick = if turn.goes_on {
                // The last speaker goes on, unless only the one before
                // is known to fit the pronoun.
                let known = |c: &Who| matches!(c, Who::Person(id) if doc.genders.get(*id).copied().flatten() == Some(g));
                [last, other]
                    .into_iter()
                    .flatten()
                    .find(known)
                    .or(last.filter(fits))
            } else {
                other.filter(|o| turn.opens && fits(o) && last.is_some())
            };
            if pick.is_some() && guesses[i].is_none() {
                guesses[i] = pick;
                steps[i] = SpeakerStep::Pronoun;
            }
            guesses[i].or(Some(w))
        } else if let Some(w) = turn.fixed {
            Some(w)
        } else if let Some(id) = turn.beat {
            guesses[i] = Some(Who::Person(id));
            steps[i] = SpeakerStep::ActionBeat;
            guesses[i]
        } else if let Some(g) = guesses[i] {
            Some(g)
        } else if continues {
            last
        } else if !turn.opens && turn.narrated.or(turn.current).is_some() {
            turn.narrated.or(turn.current).map(Who::Person)
        } else if !turn.opens {
            // Speech inside narration that names no one: no turn of a
            // conversation we can follow.
            last = None;
            other = None;
            addressed = &[];
            prev = None;
            continue;
        } else {
            let answering = addressed
                .iter()
                .copied()
                .map(Who::Person)
                .find(|w| Some(*w) != last);
            let guess = answering
                .or(other)
                .filter(|w| !matches!(w, Who::Person(id) if turn.vocatives.contains(id)));
            if guess.is_some() {
                guesses[i] = guess;
                steps[i] = if answering.is_some() {
                    SpeakerStep::Addressed
                } else {
                    SpeakerStep::TurnTaking
                };
            }
            guess
        };
        // A speaker who goes on after a line of narration keeps the one
        // who spoke before as the other participant.
        if who != last {
            other = last;
            last = who;
        }
        // A person narrated just before a turn someone else holds ("Ann
        // made no answer." / "“Well?” cried her husband.") is the listener,
        // whose turn comes next.
        if let Some(b) = turn.beat.map(Who::Person)
            && last.is_some()
            && Some(b) != last
        {
            other = Some(b);
        }
        addressed = &turn.vocatives;
        prev = Some(i);
    }
}

/// The longest paragraph of narration (in bytes) read as an aside inside
/// a conversation ("This was invitation enough.").
const ASIDE_BYTES: usize = 120;

/// True when one short paragraph of narration stands between `turn` and
/// `next` and names no one: an aside, after which the conversation goes on
/// (a paragraph opening with a name is an action beat, read on its own).
fn aside_between(doc: &Doc, turn: &Turn, next: &Turn) -> bool {
    next.para == turn.last_para + 2
        && next.opens
        && doc.paragraphs.get(turn.last_para + 1).is_some_and(|p| {
            p.len() <= ASIDE_BYTES
                && doc.mentions[doc.mentions.partition_point(|m| m.span.end <= p.start)..]
                    .first()
                    .is_none_or(|m| m.span.start >= p.end)
        })
}

/// True when `next` continues the turn of `turn`: `turn`'s last quotation
/// was left open and `next` opens its paragraph with the rest.
fn continues(turn: &Turn, next: &Turn) -> bool {
    turn.unclosed && next.opens && next.para <= turn.last_para + 1
}

/// Groups the quotations into turns, one per paragraph that holds speech.
fn turns(doc: &Doc, bases: &[Basis], pronouns: &[Option<Pronoun>], out: &[Quote]) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    let mut para = 0;
    let mut end_para = 0;
    for (k, q) in doc.quotes.iter().enumerate() {
        while para + 1 < doc.paragraphs.len()
            && doc.paragraphs.get(para).is_some_and(|p| p.end < q.start)
        {
            para += 1;
        }
        end_para = end_para.max(para);
        while end_para + 1 < doc.paragraphs.len()
            && doc.paragraphs.get(end_para).is_some_and(|p| p.end < q.end)
        {
            end_para += 1;
        }
        let basis = bases.get(k).copied().unwrap_or(Basis::NotSpeech);
        let speaker = out.get(k).map(|q| &q.speaker);
        let same = turns.last().is_some_and(|t| t.para == para && t.end == k);
        if !same {
            if matches!(basis, Basis::Embedded | Basis::NotSpeech) {
                continue;
            }
            let p = doc.paragraphs.get(para).copied().unwrap_or(*q);
            let opens = doc.text.get(p.start..q.start).is_some_and(|s| {
                s.trim_matches(|c: char| {
                    c.is_whitespace() || is_mark(c) || matches!(c, '—' | '–' | '-')
                })
                .is_empty()
            });
            turns.push(Turn {
                para,
                last_para: end_para,
                first: k,
                end: k,
                fixed: None,
                pronoun: None,
                goes_on: goes_on(doc.text, *q),
                opens,
                unclosed: false,
                vocatives: Vec::new(),
                narrated: narrated_person(doc, p, q.start),
                beat: para.checked_sub(1).and_then(|b| beat_person(doc, b)),
                current: match speaker {
                    Some(Speaker::Entity(id)) if is_person(doc, *id) => Some(*id),
                    _ => None,
                },
            });
        }
        let Some(turn) = turns.last_mut() else {
            continue;
        };
        turn.end = k + 1;
        turn.last_para = end_para;
        turn.unclosed = !closed(doc.text, *q);
        turn.vocatives.extend(vocatives(doc, *q));
        if turn.fixed.is_none() && basis == Basis::Narrator {
            turn.fixed = Some(Who::Narrator);
        }
        if turn.fixed.is_none() && basis == Basis::Explicit {
            turn.pronoun = match pronouns.get(k).copied().flatten() {
                Some(Pronoun::Third(g)) => Some(g),
                _ => None,
            };
            turn.fixed = match speaker {
                Some(Speaker::Entity(id)) if is_person(doc, *id) => Some(Who::Person(*id)),
                Some(Speaker::Unknown) if turn.pronoun.is_some() => Some(Who::Someone),
                Some(Speaker::Unknown) | None => None,
                Some(_) => Some(Who::Someone),
            };
        }
    }
    turns
}

fn is_person(doc: &Doc, id: EntityId) -> bool {
    doc.entities
        .get(id)
        .is_some_and(|e| e.kind == EntityKind::Person)
}

fn is_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '\'' | '‘' | '’' | '‚' | '‛'
    )
}

/// True when a closing mark follows the quotation's content, or a dash
/// opened it (dash dialogue has no closing mark).
fn closed(text: &str, q: Span) -> bool {
    text.get(q.end..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(is_mark)
        || super::dashes::dash_len_before(text, q.start) > 0
}

/// True when byte `at` lies inside a quotation.
fn inside_quote(doc: &Doc, at: usize) -> bool {
    let k = doc.quotes.partition_point(|q| q.end <= at);
    doc.quotes.get(k).is_some_and(|q| q.start <= at)
}

/// The one person named in paragraph `p` outside its quotations, if there
/// is exactly one: anywhere before the turn's first quotation (which
/// starts at `first`), or after it as a subject, opening a sentence or
/// right after a closing mark ("“Well?” Ann looked up."), not in a
/// phrase such as "after Ann scored".
fn narrated_person(doc: &Doc, p: Span, first: usize) -> Option<EntityId> {
    let k = doc.mentions.partition_point(|m| m.span.start < p.start);
    let mut found: Option<EntityId> = None;
    for m in doc.mentions.get(k..).unwrap_or(&[]) {
        if m.span.end > p.end {
            break;
        }
        if !is_person(doc, m.entity) || inside_quote(doc, m.span.start) {
            continue;
        }
        if m.span.start > first && !opens_clause(doc.text, m.span.start) {
            continue;
        }
        match found {
            Some(id) if id != m.entity => return None,
            _ => found = Some(m.entity),
        }
    }
    found
}

/// True when the name at byte `at` opens a sentence or follows a closing
/// quotation mark, titles allowed before it.
fn opens_clause(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    let mut rest = before.trim_end();
    // Skip up to two title words ("Mr.", "Lady").
    for _ in 0..2 {
        let word_start = rest.rfind(char::is_whitespace).map_or(0, |k| k + 1);
        let word = rest.get(word_start..).unwrap_or("");
        if word.is_empty() || !words::is_title(word.trim_end_matches('.')) {
            break;
        }
        rest = rest.get(..word_start).unwrap_or("").trim_end();
    }
    rest.chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '”' | '"' | '’' | '\''))
}

/// True when a verb that continues a speech ("“…,” he went on") follows
/// quotation `q`.
fn goes_on(text: &str, q: Span) -> bool {
    let after = Span::new(q.end.min(text.len()), q.end.min(text.len()));
    let rest = text.get(q.end..).unwrap_or("");
    let mut end = rest.len().min(40);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    let toks = words::tokens(text, Span::new(after.start, after.start + end));
    toks.iter().take(5).enumerate().any(|(i, t)| {
        let lower = t.lower(text);
        matches!(
            lower.as_str(),
            "continued" | "resumed" | "pursued" | "persisted"
        ) || (lower == "went" && toks.get(i + 1).is_some_and(|n| n.lower(text) == "on"))
    })
}

/// The person of paragraph `b` when it is an action beat: short, without
/// quotations, and opening with a person's name (titles allowed before it).
fn beat_person(doc: &Doc, b: usize) -> Option<EntityId> {
    let p = doc.paragraphs.get(b).copied()?;
    if p.len() > 200 {
        return None;
    }
    let k = doc.quotes.partition_point(|q| q.end <= p.start);
    if doc.quotes.get(k).is_some_and(|q| q.start < p.end) {
        return None;
    }
    let m = doc
        .mentions
        .get(doc.mentions.partition_point(|m| m.span.start < p.start))?;
    if m.span.end > p.end || !is_person(doc, m.entity) {
        return None;
    }
    let before = Span::new(p.start, m.span.start);
    let only_titles = words::tokens(doc.text, before)
        .iter()
        .all(|t| (t.word && words::is_title(t.text(doc.text))) || t.is(doc.text, '.'));
    only_titles.then_some(m.entity)
}

/// Words that may stand between the start of an address and the name:
/// "Oh, my dear Ann", "Good night, Mr Smith".
fn is_address_word(lower: &str) -> bool {
    matches!(
        lower,
        "my" | "dear" | "dearest" | "oh" | "o" | "ah" | "poor" | "little" | "old"
    )
}

/// The persons addressed by name inside quotation `q`.
///
/// A name is a vocative when it stands between the start of the quotation
/// or a punctuation mark and a punctuation mark or the end of the
/// quotation, with only titles and address words before it.
pub(super) fn vocatives(doc: &Doc, q: Span) -> Vec<EntityId> {
    let text = doc.text;
    let mut out = Vec::new();
    let k = doc.mentions.partition_point(|m| m.span.start < q.start);
    for m in doc.mentions.get(k..).unwrap_or(&[]) {
        if m.span.end > q.end {
            break;
        }
        if !is_person(doc, m.entity) || out.contains(&m.entity) {
            continue;
        }
        let before = Span::new(q.start, m.span.start);
        let toks = words::tokens(text, words::tail(text, before, 60));
        let mut n = toks.len();
        while n > 0 {
            let t = toks[n - 1];
            let lower = t.lower(text);
            let title = t.word && words::is_title(t.text(text).trim_end_matches('.'));
            if title
                || (t.word && is_address_word(&lower))
                || t.is(text, '.') && n >= 2 && words::is_title(toks[n - 2].text(text))
            {
                n -= 1;
            } else {
                break;
            }
        }
        let opens = (n == 0 && before.len() <= 60)
            || toks.get(n.wrapping_sub(1)).is_some_and(|t| {
                !t.word && matches!(t.text(text), "," | "!" | "?" | "." | ";" | "—" | "–" | "-")
            });
        if !opens {
            continue;
        }
        let after = text.get(m.span.end..q.end).unwrap_or("").trim_start();
        // A name that opens the quotation is an address only before a
        // comma or an exclamation (“Ann, come here”, “Ann!”), not when it
        // answers a question (“Ann.”).
        let closes = if n == 0 {
            after.starts_with([',', '!', '—', '–'])
        } else {
            after.is_empty() || after.starts_with([',', '!', '?', '.', ';', '—', '–'])
        };
        if closes {
            out.push(m.entity);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document from text with `[Name]` person mentions (one entity per
    /// distinct name); paragraphs are its non-empty lines.
    fn doc_parts(annotated: &str) -> (String, Vec<Span>, Vec<Span>, Vec<Mention>, Vec<Entity>) {
        let (text, mentions, entities) = super::super::bracketed_people(annotated);
        let paragraphs = super::super::line_paragraphs(&text);
        let quotes = super::super::find_quotes(&text, &paragraphs);
        (text, paragraphs, quotes, mentions, entities)
    }

    /// Names addressed in the first quotation of `input`.
    fn vocatives_of(input: &str) -> Vec<String> {
        let (text, paragraphs, quotes, mentions, entities) = doc_parts(input);
        let doc = Doc {
            text: &text,
            paragraphs: &paragraphs,
            quotes: &quotes,
            mentions: &mentions,
            entities: &entities,
            genders: &[],
        };
        let Some(q) = quotes.first() else {
            return Vec::new();
        };
        vocatives(&doc, *q)
            .into_iter()
            .map(|id| entities[id].name.clone())
            .collect()
    }

    #[test]
    fn addressed_names() {
        let cases: &[(&str, &[&str])] = &[
            ("“[Wendel], come here.”", &["Wendel"]),
            ("“Come here, [Wendel].”", &["Wendel"]),
            ("“Oh, my dear [Wendel], no!”", &["Wendel"]),
            ("“Good night, Mr. [Wendel]!”", &["Wendel"]),
            ("“[Wendel]!”", &["Wendel"]),
            // A name that answers a question, or is talked about.
            ("“[Wendel].”", &[]),
            ("“I saw [Wendel] at the mill.”", &[]),
            ("“[Wendel]’s horse is lame.”", &[]),
        ];
        for (input, expected) in cases {
            assert_eq!(vocatives_of(input), *expected, "{input}");
        }
    }

    #[test]
    fn action_beats() {
        let cases: &[(&str, Option<&str>)] = &[
            ("[Wendel] shrugged.\n“Fine.”", Some("Wendel")),
            ("Old [Wendel] shrugged.\n“Fine.”", None),
            ("Then [Wendel] shrugged.\n“Fine.”", None),
            ("[Wendel] said “no” twice.\n“Fine.”", None),
        ];
        for (input, expected) in cases {
            let (text, paragraphs, quotes, mentions, entities) = doc_parts(input);
            let doc = Doc {
                text: &text,
                paragraphs: &paragraphs,
                quotes: &quotes,
                mentions: &mentions,
                entities: &entities,
                genders: &[],
            };
            let got = beat_person(&doc, 0).map(|id| entities[id].name.as_str());
            assert_eq!(got, *expected, "{input}");
        }
    }

    #[test]
    fn clause_openings() {
        let cases = [
            ("“Well?” Ann", true),
            ("He left. Mrs. Ann", true),
            ("Ann", true),
            ("after Ann", false),
            ("and Ann", false),
        ];
        for (text, expected) in cases {
            let at = text.rfind("Ann").unwrap_or(0);
            assert_eq!(opens_clause(text, at), expected, "{text}");
        }
    }

    #[test]
    fn verbs_that_go_on() {
        let cases = [
            ("“Yes,” he continued.", true),
            ("“Yes,” she went on, “…”", true),
            ("“Yes,” Ann resumed.", true),
            ("“Yes,” he said.", false),
            ("“Yes.” They went to bed.", false),
        ];
        for (text, expected) in cases {
            let end = text.find('”').unwrap_or(0);
            assert_eq!(goes_on(text, Span::new(3, end)), expected, "{text}");
        }
    }
}
