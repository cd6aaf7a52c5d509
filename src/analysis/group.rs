//! Document-level consistency and grouping of mentions into entities.
//!
//! A name keeps one kind across the document; names the tagger missed once
//! but found elsewhere are recovered; a surname or given name alone joins the
//! nearest full name that contains it; everything else groups by its written
//! form. Each mention gets a short reason a reader can see.

use super::gazetteer::{self, Gazetteer, NameClass};
use super::model::{FastMap as HashMap, FastSet};
use super::ner::{DocContext, RawMention};
use super::quotes::gender::{Gender, name_gender, title_gender};
use super::rules::Reason;
use super::token_set::Bits;
use super::tokenize::{Token, TokenKind};
use super::{Entity, EntityKind, Mention, MentionReason};
use crate::span::Span;

/// How a mention came to be.
#[derive(Clone, Debug, PartialEq)]
enum Origin {
    /// Tagged by the model.
    Model,
    /// The same text was tagged elsewhere in the document.
    Repeated,
}

struct Found {
    span: Span,
    kind: EntityKind,
    first_token: usize,
    end_token: usize,
    margin: f32,
    origin: Origin,
    reason: Option<Box<Reason>>,
}

fn kind_index(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Place => 1,
        EntityKind::Organization => 2,
    }
}

/// Folds a name for comparison: lower case, no dots.
fn fold(name: &str) -> String {
    if name.is_ascii() {
        // The usual case, lowered in place by the word.
        let mut out = name.to_ascii_lowercase();
        if out.contains('.') {
            out.retain(|c| c != '.');
        }
        return out;
    }
    // Sized once, and ASCII letters (most of an accented name) lowered
    // without the Unicode tables.
    let mut out = String::with_capacity(name.len());
    for c in name.chars().filter(|&c| c != '.') {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Makes kinds consistent, recovers repeated names, groups the mentions, and
/// returns entities (ordered by first mention) and mentions (by position).
pub fn group(ctx: &DocContext<'_>, raw: Vec<RawMention>) -> (Vec<Entity>, Vec<Mention>) {
    let text = ctx.text;
    let mut found: Vec<Found> = raw
        .into_iter()
        .map(|m| Found {
            span: m.span,
            kind: m.kind,
            first_token: m.first_token,
            end_token: m.end_token,
            margin: m.margin,
            origin: Origin::Model,
            reason: m.reason,
        })
        .collect();

    // "Meanwhile Kutúzov": a sentence's first word that the text also
    // writes in lower case (or a function word), run into a person's name
    // by the tagger, is not part of the name (a given name such as "Will"
    // may be).
    let gaz = Gazetteer::get();
    for f in found.iter_mut() {
        if f.kind != EntityKind::Person || f.end_token - f.first_token < 2 {
            continue;
        }
        let t = &ctx.tokens[f.first_token];
        let w = t.text(text);
        if t.sentence_start()
            && (ctx.used_in_lower_case(w) || super::ner::is_function_word(w))
            && gaz.given_rank(w).is_none()
            && !gazetteer::is_title(w)
            && let Some(next) = ctx.tokens.get(f.first_token + 1)
            && next.capitalised()
        {
            f.first_token += 1;
            f.span = Span::new(next.span().start, f.span.end);
        }
    }

    // Words of multi-word person names: a lone one is that person.
    // Only a given name or surname counts: not "I" in "Alexander I", not a
    // title, and not a name the gazetteer knows as a place ("Moscow").
    // Nor a word the text writes in lower case ("Besides Denísov"), nor
    // one the model tags alone as something else at least as often as it
    // opens or ends a person's name ("Tarútino Kutúzov"): there the long
    // name is the slip, and it must not spread.
    let mut lone_other: HashMap<&str, usize> = HashMap::default();
    for f in found.iter() {
        if f.kind != EntityKind::Person && f.end_token - f.first_token == 1 {
            *lone_other.entry(f.span.text(text)).or_default() += 1;
        }
    }
    let mut person_parts: HashMap<&str, usize> = HashMap::default();
    for f in found.iter().filter(|f| f.kind == EntityKind::Person) {
        if f.end_token - f.first_token >= 2 {
            for k in [f.first_token, f.end_token - 1] {
                let t = &ctx.tokens[k];
                let w = t.text(text);
                let sure_place = gaz.place(w).is_some_and(|c| c != NameClass::City);
                if t.capitalised()
                    && w.chars().count() > 1
                    && !sure_place
                    && !gazetteer::is_title(w)
                    && !is_roman_numeral(w)
                    && !ctx.used_in_lower_case(w)
                    && !super::ner::is_function_word(w)
                {
                    *person_parts.entry(w).or_default() += 1;
                }
            }
        }
    }
    person_parts.retain(|w, n| lone_other.get(w).is_none_or(|&other| other < *n));
    // First words of longer organisation names ("Roscosmos" of "Roscosmos
    // Space Agency"): a lone one the model read as a person or a place is
    // that organisation, unless it is also part of a person's name (the
    // word itself is no listed place, given name or common word).
    let mut org_parts: FastSet<&str> = FastSet::default();
    for f in found.iter().filter(|f| f.kind == EntityKind::Organization) {
        if f.end_token - f.first_token < 2 {
            continue;
        }
        let t = &ctx.tokens[f.first_token];
        let w = t.text(text);
        let plain = t.capitalised()
            && w.chars().count() > 2
            && !w.contains('-')
            && gaz.place(w).is_none()
            && gaz.given_rank(w).is_none()
            && gazetteer::word_flags(w) == 0
            && !gazetteer::is_demonym(w)
            && !ctx.is_common_word(w)
            && ctx.tokens[f.first_token + 1].capitalised();
        if plain && !person_parts.contains_key(w) {
            org_parts.insert(w);
        }
    }
    // One kind per written form: the kind with the most evidence.
    let mut votes: HashMap<&str, [f32; 3]> = HashMap::default();
    for f in &found {
        let v = votes.entry(f.span.text(text)).or_default();
        // A title right before a person is worth more than a model score.
        let titled = f.kind == EntityKind::Person && ctx.title_before(f.first_token).is_some();
        let weight = if titled { 3.0 } else { 1.0 };
        v[kind_index(f.kind)] += weight + f.margin.clamp(0.0, 10.0) / 10.0;
    }
    let mut families: Vec<Span> = Vec::new();
    for f in &mut found {
        let name = f.span.text(text);
        if f.end_token - f.first_token == 1 && person_parts.contains_key(name) {
            f.kind = EntityKind::Person;
            continue;
        }
        // "the Rostóvs", "the Bennets": the plural of a surname the
        // document gives a person is their family, a group of people and
        // no one name (nor a place).
        if f.end_token - f.first_token == 1
            && gaz.place(name).is_none()
            && let Some(stem) = family_stem(name)
            && person_parts.contains_key(stem)
        {
            families.push(f.span);
            continue;
        }
        if f.end_token - f.first_token == 1
            && f.kind != EntityKind::Organization
            && f.reason.is_none()
            && org_parts.contains(name)
        {
            f.kind = EntityKind::Organization;
            f.reason = Reason::document(format!("starts an organisation's name: {name}"));
            continue;
        }
        if let Some(v) = votes.get(name) {
            let best = (0..3).max_by(|&a, &b| v[a].total_cmp(&v[b])).unwrap_or(0);
            f.kind = EntityKind::ALL[best];
        }
    }
    if !families.is_empty() {
        found.retain(|f| {
            families
                .binary_search_by_key(&f.span.start, |s| s.start)
                .is_err()
        });
    }
    // Recover untagged repeats of tagged names (single tokens and whole runs).
    // Filled by inserting: collected, the map would be sized for every
    // mention, though a book writes each name many times.
    let mut known: HashMap<&str, EntityKind> = HashMap::default();
    let forms = found.iter().map(|f| (f.span.text(text), f.kind));
    for (name, kind) in forms.chain(person_parts.keys().map(|&k| (k, EntityKind::Person))) {
        known.insert(name, kind);
    }
    // A lone first word of an organisation's name the model left untagged
    // ("Pelworth" after "Pelworth Holdings") is that organisation too.
    for &name in &org_parts {
        known.entry(name).or_insert(EntityKind::Organization);
    }
    // The tokens inside a name, a bit each (a book has many tokens).
    let mut covered = Bits::new(ctx.tokens.len());
    for f in &found {
        for k in f.first_token..f.end_token {
            covered.set(k, true);
        }
    }
    // Multi-word names by their first word, for recovering repeats.
    let mut long_names: HashMap<&str, Vec<(usize, usize, EntityKind)>> = HashMap::default();
    for f in &found {
        if f.end_token - f.first_token >= 2 {
            let first = ctx.tokens[f.first_token].text(text);
            let entry = long_names.entry(first).or_default();
            if !entry
                .iter()
                .any(|&(a, b, _)| same_words(ctx, a, b, f.first_token, f.end_token))
            {
                entry.push((f.first_token, f.end_token, f.kind));
            }
        }
    }
    // A multi-word name the model broke into pieces ("Hamdullah" + "Mohib")
    // is put back together where it is written in full.
    // Token to the name holding it, for the few tokens inside names.
    // (Token and name indices fit in `u32`: no text has more tokens than bytes.)
    let mut owner: HashMap<u32, u32> = HashMap::default();
    for (k, f) in found.iter().enumerate() {
        for t in f.first_token..f.end_token {
            owner.insert(t as u32, k as u32);
        }
    }
    let mut removed = vec![false; found.len()];
    let mut rejoined = Vec::new();
    for i in ctx.capitalised() {
        let Some(names) = long_names.get(ctx.tokens[i].text(text)) else {
            continue;
        };
        for &(a, b, kind) in names {
            let n = b - a;
            if a == i || i + n > ctx.tokens.len() || !same_words(ctx, a, b, i, i + n) {
                continue;
            }
            // Some piece is tagged, and every piece lies inside the name.
            let pieces: Vec<usize> = (i..i + n)
                .filter_map(|t| owner.get(&(t as u32)).map(|&o| o as usize))
                .collect();
            let inside = pieces
                .iter()
                .all(|&o| !removed[o] && found[o].first_token >= i && found[o].end_token <= i + n);
            let whole =
                pieces.len() == 1 && found[pieces[0]].end_token - found[pieces[0]].first_token == n;
            if pieces.is_empty() || !inside || whole {
                continue;
            }
            for &o in &pieces {
                removed[o] = true;
            }
            rejoined.push(Found {
                span: Span::new(ctx.tokens[i].span().start, ctx.tokens[i + n - 1].span().end),
                kind,
                first_token: i,
                end_token: i + n,
                margin: 0.0,
                origin: Origin::Repeated,
                reason: None,
            });
            break;
        }
    }
    // A name-dense text has an entry for most of its tokens: freed before
    // the mentions are grouped.
    drop(owner);
    for f in &rejoined {
        for k in f.first_token..f.end_token {
            covered.set(k, true);
        }
    }
    if !rejoined.is_empty() {
        let mut k = 0;
        found.retain(|_| {
            k += 1;
            !removed[k - 1]
        });
        found.extend(rejoined);
    }
    let mut added = Vec::new();
    let mut next = 0;
    for i in ctx.capitalised() {
        let t = &ctx.tokens[i];
        if i < next || covered.get(i) {
            continue;
        }
        let w = t.text(text);
        // A whole multi-word name seen elsewhere.
        if let Some(names) = long_names.get(w) {
            let hit = names.iter().find(|&&(a, b, _)| {
                let n = b - a;
                i + n <= ctx.tokens.len()
                    && !(i..i + n).any(|k| covered.get(k))
                    && same_words(ctx, a, b, i, i + n)
            });
            if let Some(&(a, b, kind)) = hit {
                let n = b - a;
                added.push(Found {
                    span: Span::new(t.span().start, ctx.tokens[i + n - 1].span().end),
                    kind,
                    first_token: i,
                    end_token: i + n,
                    margin: 0.0,
                    origin: Origin::Repeated,
                    reason: None,
                });
                next = i + n;
                continue;
            }
        }
        let Some(&kind) = known.get(w) else { continue };
        if gazetteer::is_calendar(w)
            || gazetteer::is_demonym(w)
            || gazetteer::is_title(w)
            || w.chars().count() < 2
            || is_roman_numeral(w)
        {
            continue;
        }
        let k = i;
        let next_caps = ctx
            .tokens
            .get(k + 1)
            .is_some_and(|n| n.capitalised() && !covered.get(k + 1) && !n.sentence_start());
        // A sentence-initial common word before the name does not count
        // ("Yesterday Mohamed received…").
        let prev_caps = k > 0
            && ctx.tokens[k - 1].capitalised()
            && !t.sentence_start()
            && !(ctx.tokens[k - 1].sentence_start()
                && ctx.is_common_word(ctx.tokens[k - 1].text(text)));
        if next_caps || prev_caps {
            // Part of a longer unknown name; leave it to the model.
            continue;
        }
        if t.sentence_start() && ctx.is_common_word(w) {
            continue;
        }
        added.push(Found {
            span: t.span(),
            kind,
            first_token: k,
            end_token: k + 1,
            margin: 0.0,
            origin: Origin::Repeated,
            reason: None,
        });
    }
    // Sized exactly: grown by doubling, the list of a book's names would
    // take twice its room.
    found.reserve_exact(added.len());
    found.extend(added);
    found.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    // Mentions never overlap: keep the first (and longest) of any clash.
    found.dedup_by(|b, a| a.span.overlaps(b.span));

    assign(ctx, found, &person_parts)
}

/// True for "I", "II", "IV", "XIV" and the like.
/// The surname a family's plural is made from: "Rostóvs" → "Rostóv",
/// "Lucases" → "Lucas".
fn family_stem(name: &str) -> Option<&str> {
    let stem = name.strip_suffix('s')?;
    if stem.ends_with('s') {
        // "Lucases": only "es" after an s makes the plural.
        return stem.strip_suffix('e').filter(|s| s.ends_with('s'));
    }
    Some(stem)
}

pub(super) fn is_roman_numeral(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

/// True when tokens `a..b` and `c..d` spell the same words.
fn same_words(ctx: &DocContext<'_>, a: usize, b: usize, c: usize, d: usize) -> bool {
    b - a == d - c
        && (0..b - a).all(|k| ctx.tokens[a + k].text(ctx.text) == ctx.tokens[c + k].text(ctx.text))
}

/// Groups the mentions into entities and writes their reasons.
/// Groups the names into entities. `name_words` are the words that open
/// or end multi-word person names and are names in their own right.
fn assign(
    ctx: &DocContext<'_>,
    found: Vec<Found>,
    name_words: &HashMap<&str, usize>,
) -> (Vec<Entity>, Vec<Mention>) {
    let text = ctx.text;
    let gaz = Gazetteer::get();
    // Entity keys: full person names and folded forms of other names.
    let mut entity_of: Vec<usize> = vec![usize::MAX; found.len()];
    let mut entities: Vec<Entity> = Vec::new();
    let mut by_key: HashMap<(EntityKind, String), usize> = HashMap::default();
    // Whether each mention joined a full name as an alias of it.
    let mut alias_of: Vec<bool> = vec![false; found.len()];
    // Multi-word person names first, so lone names can join them.
    // The capitalised words, or every word of a name written in lower case
    // ("jill allen").
    let words_of = |f: &Found| -> Vec<String> {
        let tokens = &ctx.tokens[f.first_token..f.end_token];
        let lower = !tokens.iter().any(Token::capitalised);
        tokens
            .iter()
            .filter(|t| t.capitalised() || (lower && t.kind() == TokenKind::Word))
            .map(|t| fold(t.text(text)))
            .collect()
    };
    let mut person_names: Vec<(usize, Vec<String>)> = Vec::new();
    // Full names the tagger ran together from a name and another word.
    let mut slips: FastSet<usize> = FastSet::default();
    // The titles written before each full name ("Princess" Mary Bolkónskaya).
    let mut full_titles: HashMap<usize, Vec<&str>> = HashMap::default();
    let mut by_first_last: HashMap<(String, String), usize> = HashMap::default();
    for (k, f) in found.iter().enumerate() {
        if f.kind != EntityKind::Person || f.end_token - f.first_token < 2 {
            continue;
        }
        let words = words_of(f);
        let key = words.join(" ");
        // "John Smith" and "John A. Smith" are one person.
        let ends = (
            words.first().cloned().unwrap_or_default(),
            words.last().cloned().unwrap_or_default(),
        );
        let id = match by_first_last.get(&ends) {
            Some(&id) => {
                if !person_names
                    .iter()
                    .any(|(pid, w)| *pid == id && *w == words)
                {
                    person_names.push((id, words));
                }
                id
            }
            None => {
                let id = *by_key.entry((f.kind, key)).or_insert_with(|| {
                    entities.push(new_entity(entities.len(), f.kind));
                    entities.len() - 1
                });
                by_first_last.insert(ends, id);
                person_names.push((id, words));
                id
            }
        };
        entity_of[k] = id;
        // "Tarútino Kutúzov": a full name opened by a word that is no name.
        if !name_words.contains_key(ctx.tokens[f.first_token].text(text)) {
            slips.insert(id);
        }
        if let Some(title) = ctx.title_before(f.first_token) {
            let titles = full_titles.entry(id).or_default();
            if !titles.contains(&title) {
                titles.push(title);
            }
        }
    }
    // Where each full name is used, and which names hold each word.
    let mut full_positions: HashMap<usize, Vec<usize>> = HashMap::default();
    for (k, f) in found.iter().enumerate() {
        if entity_of[k] != usize::MAX {
            full_positions
                .entry(entity_of[k])
                .or_default()
                .push(f.span.start);
        }
    }
    let mut names_by_id: HashMap<usize, Vec<&[String]>> = HashMap::default();
    for (id, words) in &person_names {
        names_by_id.entry(*id).or_default().push(words);
    }
    let mut word_index: HashMap<&str, Vec<usize>> = HashMap::default();
    for (id, words) in &person_names {
        for w in words {
            let ids = word_index.entry(w.as_str()).or_default();
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
    }
    // Lone person names: the title written before each ("Mrs" Smith), and
    // where each titled form is used, so that "Mr Smith" and "Mrs Smith"
    // stay two people and an untitled "Smith" goes with the nearest.
    let is_lone: Vec<bool> = found
        .iter()
        .enumerate()
        .map(|(k, f)| {
            entity_of[k] == usize::MAX
                && f.kind == EntityKind::Person
                && f.end_token - f.first_token == 1
        })
        .collect();
    let lone = |k: usize| is_lone[k];
    let mut class = vec![TitleClass::None; found.len()];
    let mut titled_uses: HashMap<String, Vec<(usize, TitleClass)>> = HashMap::default();
    let mut person_words: FastSet<String> = FastSet::default();
    // The titles written before each lone name, with their counts.
    let mut lone_titles: HashMap<String, Vec<(&str, usize)>> = HashMap::default();
    for (_, words) in &person_names {
        person_words.extend(words.first().cloned());
    }
    for (k, f) in found.iter().enumerate() {
        if !lone(k) {
            continue;
        }
        let folded = fold(f.span.text(text));
        class[k] = ctx
            .title_before(f.first_token)
            .map_or(TitleClass::None, title_class);
        if class[k] != TitleClass::None {
            titled_uses
                .entry(folded.clone())
                .or_default()
                .push((f.span.start, class[k]));
        }
        if let Some(title) = ctx.title_before(f.first_token) {
            let titles = lone_titles.entry(folded.clone()).or_default();
            match titles.iter_mut().find(|(t, _)| *t == title) {
                Some((_, n)) => *n += 1,
                None => titles.push((title, 1)),
            }
        }
        person_words.insert(folded);
    }
    // A surname written with two kinds of title is a family ("Mr and Mrs
    // Smith"): its titled forms are parents, not the full names around.
    let family = |word: &str| {
        titled_uses
            .get(word)
            .is_some_and(|uses| uses.iter().any(|&(_, c)| c != uses[0].1))
    };
    // Lone given names that several full names share, decided last.
    let mut shared_given: Vec<SharedGiven> = Vec::new();
    // Each such name once, with its mentions: a name-dense text has a
    // great many, and a record each would outweigh the text.
    let mut shared_index: HashMap<(String, String, Vec<usize>), Vec<usize>> = HashMap::default();
    let full_gender = |id: usize| -> Option<Gender> {
        names_by_id.get(&id).and_then(|names| {
            names
                .iter()
                .find_map(|w| w.first().and_then(|g| name_gender(&title_case(g))))
        })
    };
    for (k, f) in found.iter().enumerate() {
        if entity_of[k] != usize::MAX {
            continue;
        }
        let mut folded = fold(f.span.text(text));
        if f.kind == EntityKind::Person {
            let mut words = words_of(f);
            if lone(k)
                && class[k] == TitleClass::None
                && !is_first_word(&folded, &word_index, &names_by_id)
            {
                // A known short form of a name used in the document ("Meg"
                // for "Margaret"), when only one fits.
                if let Some(full) = nickname_of(&folded, &person_words) {
                    folded = full.to_string();
                    words = vec![folded.clone()];
                }
            }
            let gender = match class[k] {
                TitleClass::Male => Some(Gender::Male),
                TitleClass::Married | TitleClass::Unmarried => Some(Gender::Female),
                TitleClass::None => None,
            };
            let near = |allowed: &dyn Fn(usize) -> bool| {
                nearest_full_name(
                    &words,
                    f.span.start,
                    &Names {
                        word_index: &word_index,
                        full_positions: &full_positions,
                        names_by_id: &names_by_id,
                        slips: &slips,
                    },
                    allowed,
                )
            };
            let joined = if class[k] != TitleClass::None && family(&folded) {
                // In a family only "Mr Smith" may be a man's full name.
                (gender == Some(Gender::Male))
                    .then(|| near(&|id| full_gender(id) == gender))
                    .flatten()
            } else {
                // A full name whose given name fits the title, else any:
                // the given-name list is no sure guide ("Gabriele").
                near(&|id| gender.is_none() || full_gender(id).is_none_or(|g| Some(g) == gender))
                    .or_else(|| near(&|_| true))
            };
            if let Some(id) = joined {
                entity_of[k] = id;
                alias_of[k] = true;
                continue;
            }
            let holders = if lone(k) && !family(&folded) && !ctx.used_in_lower_case(&words[0]) {
                given_name_holders(&words, &word_index, &names_by_id)
            } else {
                Vec::new()
            };
            if lone(k)
                && let Some(uses) = titled_uses.get(&folded)
            {
                // Untitled: the title of the nearest titled use, before it
                // if any.
                let c = if class[k] != TitleClass::None {
                    class[k]
                } else {
                    let i = uses.partition_point(|&(p, _)| p < f.span.start);
                    uses[i.saturating_sub(1)].1
                };
                folded.push_str(c.key());
            }
            if holders.len() > 1 {
                let key = (fold(f.span.text(text)), folded, holders);
                let group = shared_index.get(&key).and_then(|groups| {
                    groups
                        .iter()
                        .copied()
                        .find(|&g| shared_given[g].2 == gender)
                });
                match group {
                    Some(g) => shared_given[g].4.push(k),
                    None => {
                        shared_index
                            .entry(key.clone())
                            .or_default()
                            .push(shared_given.len());
                        let (given, folded, holders) = key;
                        shared_given.push((given, folded, gender, holders, vec![k]));
                    }
                }
                continue;
            }
        }
        let id = *by_key.entry((f.kind, folded)).or_insert_with(|| {
            entities.push(new_entity(entities.len(), f.kind));
            entities.len() - 1
        });
        entity_of[k] = id;
    }
    // A lone given name that two full names share ("Nicholas Rostóv",
    // "Nicholas Bolkónski") goes with the one the text names far more
    // often, counting every mention grouped so far: a novel's "Nicholas"
    // is its hero, not a man named twice. Otherwise it stands alone.
    let mut uses = vec![0usize; entities.len()];
    for &id in &entity_of {
        if let Some(n) = uses.get_mut(id) {
            *n += 1;
        }
    }
    for (given, folded, gender, holders, mentions) in shared_given {
        let mut counted: Vec<(usize, usize)> = holders
            .iter()
            .filter(|&&id| gender.is_none() || full_gender(id).is_none_or(|g| Some(g) == gender))
            .map(|&id| (id, uses.get(id).copied().unwrap_or(0)))
            .collect();
        counted.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
        let (id, most) = counted.first().copied().unwrap_or((usize::MAX, 0));
        let next = counted.get(1).map_or(0, |c| c.1);
        // Failing that, the one full name written after the title this
        // given name usually has ("Princess Mary" and "Princess Mary Bolkónskaya").
        let usual_title = lone_titles
            .get(&given)
            .and_then(|titles| titles.iter().max_by_key(|(_, n)| *n))
            .map(|(t, _)| *t);
        let mut titled = counted.iter().map(|&(id, _)| id).filter(|id| {
            usual_title.is_some_and(|t| full_titles.get(id).is_some_and(|ts| ts.contains(&t)))
        });
        let by_title = match (titled.next(), titled.next()) {
            (Some(id), None) => Some(id),
            _ => None,
        };
        let dominant = (most >= DOMINANT_USES && most >= DOMINANCE * next).then_some(id);
        if let Some(id) = dominant.or(by_title) {
            for k in mentions {
                entity_of[k] = id;
                alias_of[k] = true;
            }
            continue;
        }
        let id = *by_key
            .entry((EntityKind::Person, folded))
            .or_insert_with(|| {
                entities.push(new_entity(entities.len(), EntityKind::Person));
                entities.len() - 1
            });
        for k in mentions {
            entity_of[k] = id;
        }
    }
    // Display names: the fullest name of several words that the text uses
    // at least twice (a form written once may be a slip of the tagger,
    // "Pierre of Illuminism"), or else the fullest form.
    let mut forms: HashMap<(usize, String), u32> = HashMap::default();
    for (k, f) in found.iter().enumerate() {
        let written = f
            .span
            .text(text)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        *forms.entry((entity_of[k], written)).or_default() += 1;
    }
    // A name's first word that the text also writes in lower case
    // ("Besides Denísov") or that names a place of the text ("Tarútino
    // Kutúzov") marks a form the tagger ran together: it names the entity
    // only when no other form can.
    let places: FastSet<&str> = found
        .iter()
        .filter(|f| f.kind == EntityKind::Place && f.end_token - f.first_token == 1)
        .map(|f| f.span.text(text))
        .collect();
    let clean = |form: &str| {
        let mut words = form.split(' ');
        let first = words.next().unwrap_or_default();
        words.next().is_none()
            || !(ctx.used_in_lower_case(first)
                || super::ner::is_function_word(first)
                || places.contains(first))
    };
    let mut has_clean = vec![false; entities.len()];
    for (id, form) in forms.keys() {
        has_clean[*id] |= clean(form);
    }
    let mut repeated: Vec<Option<&str>> = vec![None; entities.len()];
    for ((id, form), &n) in &forms {
        let longer = |old: &str| {
            (form.chars().count(), std::cmp::Reverse(form.as_str()))
                > (old.chars().count(), std::cmp::Reverse(old))
        };
        if n >= 2 && form.contains(' ') && clean(form) && repeated[*id].is_none_or(longer) {
            repeated[*id] = Some(form.as_str());
        }
    }
    let mut multi_word = vec![false; entities.len()];
    let mut titled: Vec<Option<String>> = vec![None; entities.len()];
    for (k, f) in found.iter().enumerate() {
        let e = &mut entities[entity_of[k]];
        // A name wrapped over two lines shows with one space. Most
        // mentions are no longer than the name so far, so the length is
        // counted before any string is built.
        let written = f.span.text(text);
        let (chars, words) = written
            .split_whitespace()
            .fold((0usize, 0usize), |(c, w), part| {
                (c + part.chars().count(), w + 1)
            });
        let joined_chars = chars + words.saturating_sub(1);
        let usable = !has_clean[entity_of[k]] || words < 2 || clean(&written_joined(written));
        if repeated[entity_of[k]].is_none() && usable && joined_chars > e.name.chars().count() {
            e.name = written.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        // "Mrs. Smith": where the family name alone would not say which of
        // the family is meant, the honorific is part of the name a reader
        // knows, unless the person has a fuller name (the mention still
        // excludes it).
        multi_word[entity_of[k]] |= words > 1;
        if words == 1
            && f.kind == EntityKind::Person
            && titled[entity_of[k]].is_none()
            && let Some(t) = honorific_start(ctx, f.first_token)
            && !gaz.is_given_name_only(written)
            && family(&fold(written))
        {
            let whole = text.get(t..f.span.end).unwrap_or(written);
            titled[entity_of[k]] = Some(whole.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    for (id, form) in repeated.iter().enumerate() {
        if let Some(form) = form {
            entities[id].name = (*form).to_string();
        }
    }
    for (id, name) in titled.into_iter().enumerate() {
        if let Some(name) = name
            && !multi_word[id]
        {
            entities[id].name = name;
        }
    }
    // Order entities by first mention.
    let mut first_seen: Vec<usize> = vec![usize::MAX; entities.len()];
    for (k, &id) in entity_of.iter().enumerate() {
        first_seen[id] = first_seen[id].min(k);
    }
    let mut order: Vec<usize> = (0..entities.len()).collect();
    order.sort_by_key(|&id| first_seen[id]);
    let mut renumber = vec![0; entities.len()];
    for (new, &old) in order.iter().enumerate() {
        renumber[old] = new;
    }
    let mut sorted: Vec<Entity> = order
        .iter()
        .enumerate()
        .map(|(new, &old)| Entity {
            id: new,
            ..entities[old].clone()
        })
        .collect();
    // Mentions with the same reason share its string.
    let mut reasons: HashMap<String, MentionReason> = HashMap::default();
    // Collected in place: a mention takes the room of the name it was made
    // from, rather than both lists living at once.
    let mentions: Vec<Mention> = found
        .into_iter()
        .enumerate()
        .map(|(k, f)| {
            let id = renumber[entity_of[k]];
            let reason = match (alias_of[k], &f.origin) {
                (true, _) => format!("document: alias of {}", sorted[id].name),
                (false, Origin::Repeated) => "document: same name tagged elsewhere".to_string(),
                (false, Origin::Model) => match &f.reason {
                    Some(reason) => reason.to_string(),
                    None => format!("model: {}", model_reason(ctx, gaz, &f)),
                },
            };
            let reason = reasons
                .entry(reason)
                .or_insert_with_key(|reason| MentionReason::from(reason.as_str()))
                .clone();
            sorted[id].mentions.push(k);
            Mention {
                span: f.span,
                entity: id,
                reason,
            }
        })
        .collect();
    (sorted, mentions)
}

/// The multi-word person names of a document, as lone names are joined to them.
struct Names<'n, 'w> {
    /// The full names (by entity id) holding each word.
    word_index: &'n HashMap<&'w str, Vec<usize>>,
    /// Where each full name is used.
    full_positions: &'n HashMap<usize, Vec<usize>>,
    /// The words of each full name's forms.
    names_by_id: &'n HashMap<usize, Vec<&'w [String]>>,
    /// Full names run together from a name and a word that is none.
    slips: &'n FastSet<usize>,
}

/// How a full name ranks for a lone name, least first: a slip, a full name
/// not opened by the lone given name, one passing far away, one after it,
/// and its distance in bytes.
type Rank = (bool, bool, bool, bool, usize);

/// The full name that a lone name (e.g. a surname) most likely refers to:
/// among full names containing all its words, the one used nearest before
/// it, else nearest after it; a full name run together from a name and
/// another word ("Tarútino Kutúzov"), one that holds a given name further
/// in than its first word, or one written once far away comes last.
fn nearest_full_name(
    words: &[String],
    at: usize,
    names: &Names,
    allowed: &dyn Fn(usize) -> bool,
) -> Option<usize> {
    let Names {
        word_index,
        full_positions,
        names_by_id,
        slips,
    } = *names;
    let first = words.first()?;
    let candidates = word_index.get(first.as_str())?;
    // A lone word that opens some full name is a given name here: it means
    // one whose given name it is ("Pierre" is Pierre Bezúkhov, not the
    // "Comte Pierre Besouhoff" he signs once) before a nearer full name
    // that holds it further in.
    let opens = |id: usize| {
        names_by_id.get(&id).is_some_and(|names| {
            names
                .iter()
                .any(|w| w.len() > 1 && w.first() == Some(first))
        })
    };
    let as_given = words.len() == 1 && candidates.iter().any(|&id| opens(id));
    let mut best: Option<(Rank, usize)> = None;
    // A lone given name shared by two full names ("John Smith", "John
    // Brown") is left alone.
    let mut given_of = 0;
    for &id in candidates {
        let fits = names_by_id
            .get(&id)
            .is_some_and(|names| names.iter().any(|w| words.iter().all(|x| w.contains(x))));
        if !fits || !allowed(id) {
            continue;
        }
        if words.len() == 1
            && names_by_id.get(&id).is_some_and(|names| {
                names
                    .iter()
                    .any(|w| w.len() > 1 && w.first() == Some(first))
            })
        {
            given_of += 1;
        }
        let Some(positions) = full_positions.get(&id) else {
            continue;
        };
        let k = positions.partition_point(|&p| p < at);
        let (after, distance) = if k > 0 {
            (false, at - positions[k - 1])
        } else {
            (true, positions.first().map_or(usize::MAX, |&p| p - at))
        };
        // A full name written once is a passing mention: far from it, the
        // surname means a bearer the text names more often.
        let passing = positions.len() == 1 && distance > PASSING_REACH;
        let rank = (
            slips.contains(&id),
            as_given && !opens(id),
            passing,
            after,
            distance,
        );
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, id));
        }
    }
    if given_of > 1 {
        return None;
    }
    best.map(|(_, id)| id)
}

/// A lone given name that several full names share, decided after the rest:
/// its folded form, its grouping key, its gender by title, the full names,
/// and its mentions (all decided alike).
type SharedGiven = (String, String, Option<Gender>, Vec<usize>, Vec<usize>);

/// How far (in bytes) from a full name written only once its surname alone
/// still means that person.
const PASSING_REACH: usize = 5_000;

/// How many times more often than any other full name sharing its given
/// name a person must be mentioned to take that given name alone.
const DOMINANCE: usize = 3;
/// How many mentions, at least, such a person must have.
const DOMINANT_USES: usize = 10;

/// The full names that begin with a lone given name `words` ("John" for
/// "John Smith" and "John Brown").
fn given_name_holders(
    words: &[String],
    word_index: &HashMap<&str, Vec<usize>>,
    names_by_id: &HashMap<usize, Vec<&[String]>>,
) -> Vec<usize> {
    let [given] = words else {
        return Vec::new();
    };
    word_index
        .get(given.as_str())
        .into_iter()
        .flatten()
        .copied()
        .filter(|id| {
            names_by_id.get(id).is_some_and(|names| {
                names
                    .iter()
                    .any(|w| w.len() > 1 && w.first() == Some(given))
            })
        })
        .collect()
}

/// True when `word` begins some multi-word person name.
fn is_first_word(
    word: &str,
    word_index: &HashMap<&str, Vec<usize>>,
    names_by_id: &HashMap<usize, Vec<&[String]>>,
) -> bool {
    word_index.get(word).is_some_and(|ids| {
        ids.iter().any(|id| {
            names_by_id
                .get(id)
                .is_some_and(|names| names.iter().any(|w| w.first().is_some_and(|f| f == word)))
        })
    })
}

/// What a title before a lone name says about who is meant: "Mr Smith",
/// "Mrs Smith" and "Miss Smith" are three people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TitleClass {
    None,
    Male,
    Married,
    Unmarried,
}

impl TitleClass {
    /// A suffix for grouping keys (never part of a folded name).
    fn key(self) -> &'static str {
        match self {
            TitleClass::None => "",
            TitleClass::Male => "\u{1}m",
            TitleClass::Married => "\u{1}f",
            TitleClass::Unmarried => "\u{1}u",
        }
    }
}

fn title_class(title: &str) -> TitleClass {
    match title.trim_end_matches('.') {
        "Miss" | "Mlle" | "Mademoiselle" | "Fräulein" | "Señorita" | "Senorita" => {
            TitleClass::Unmarried
        }
        t => match title_gender(t) {
            Some(Gender::Male) => TitleClass::Male,
            Some(Gender::Female) => TitleClass::Married,
            None => TitleClass::None,
        },
    }
}

/// Where the honorific before token `i` starts ("Mrs." in "Mrs. Smith"),
/// for the short forms of address only (not "President" or "Captain").
fn honorific_start(ctx: &DocContext<'_>, i: usize) -> Option<usize> {
    const HONORIFICS: [&str; 10] = [
        "Mr",
        "Mrs",
        "Miss",
        "Ms",
        "Mister",
        "Mme",
        "Mlle",
        "Madame",
        "Mademoiselle",
        "Monsieur",
    ];
    let k = if HONORIFICS.contains(&ctx.word(i.checked_sub(1)?)) {
        i - 1
    } else if ctx.word(i - 1) == "." && HONORIFICS.contains(&ctx.word(i.checked_sub(2)?)) {
        i - 2
    } else {
        return None;
    };
    Some(ctx.tokens[k].span().start)
}

/// "Margaret" for a folded "margaret".
fn title_case(folded: &str) -> String {
    let mut c = folded.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The one full given name in `present` that the folded short form `nick`
/// stands for ("meg" for "margaret"), from `assets/data/nicknames.tsv`.
fn nickname_of<'a>(nick: &str, present: &'a FastSet<String>) -> Option<&'a str> {
    static TABLE: std::sync::OnceLock<HashMap<String, Vec<String>>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: HashMap<String, Vec<String>> = HashMap::default();
        for line in include_str!("../../assets/data/nicknames.tsv").lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((full, nicks)) = line.split_once('\t') else {
                continue;
            };
            for n in nicks.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                table.entry(fold(n)).or_default().push(fold(full.trim()));
            }
        }
        table
    });
    let mut hits = table.get(nick)?.iter().filter_map(|f| present.get(f));
    let first = hits.next()?;
    hits.next().is_none().then_some(first.as_str())
}

fn new_entity(id: usize, kind: EntityKind) -> Entity {
    Entity {
        id,
        kind,
        name: String::new(),
        mentions: Vec::new(),
    }
}

fn model_reason(ctx: &DocContext<'_>, gaz: &Gazetteer, f: &Found) -> String {
    let text = ctx.text;
    let name = f.span.text(text);
    let first = ctx.tokens[f.first_token].text(text);
    let last = ctx.tokens[f.end_token - 1].text(text);
    match f.kind {
        EntityKind::Place => {
            if let Some(class) = gaz.place(name) {
                return format!("gazetteer: {}", class.label());
            }
            if gazetteer::is_place_head(last) {
                return format!("place word: {last}");
            }
        }
        EntityKind::Person => {
            if let Some(title) = ctx.title_before(f.first_token) {
                return format!("title cue: {title}");
            }
            if f.end_token - f.first_token >= 2 && gaz.given_rank(first).is_some() {
                return format!("given name: {first}");
            }
        }
        EntityKind::Organization => {
            if gazetteer::is_org_head(last) {
                return format!("organisation word: {last}");
            }
        }
    }
    format!("model score {:.1}", f.margin)
}

/// `written` with every run of white space as one space.
fn written_joined(written: &str) -> String {
    written.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{model::Model, tokenize};

    /// Groups `text` as if the model had found `names` ("Marta Olsen:person",
    /// each the first occurrence of its text; `@N` picks the N-th), and
    /// returns each entity's name and mentions.
    fn grouped(text: &str, names: &[&str]) -> Vec<(String, Vec<String>)> {
        let paragraphs = [Span::new(0, text.len())];
        let mut tokens = tokenize::tokenize(text, &paragraphs);
        tokenize::mark_sentence_ends_after_abbreviations(text, &mut tokens);
        let ctx = DocContext::new(text, &tokens, &Model::get().lowercase_words);
        let raw = names
            .iter()
            .map(|entry| {
                let (name, kind) = entry.rsplit_once(':').unwrap_or((entry, "person"));
                let (name, nth) = name
                    .split_once('@')
                    .map_or((name, 0), |(n, k)| (n, k.parse().unwrap_or(0)));
                let start = text
                    .match_indices(name)
                    .nth(nth)
                    .map(|(i, _)| i)
                    .unwrap_or_else(|| panic!("no {name:?}"));
                let end = start + name.len();
                RawMention {
                    span: Span::new(start, end),
                    kind: match kind {
                        "place" => EntityKind::Place,
                        "organization" => EntityKind::Organization,
                        _ => EntityKind::Person,
                    },
                    first_token: tokens.partition_point(|t| t.span().start < start),
                    end_token: tokens.partition_point(|t| t.span().start < end),
                    margin: 10.0,
                    reason: None,
                }
            })
            .collect();
        let (entities, mentions) = group(&ctx, raw);
        entities
            .iter()
            .map(|e| {
                let texts = e
                    .mentions
                    .iter()
                    .map(|&m| mentions[m].span.text(text).to_string())
                    .collect();
                (e.name.clone(), texts)
            })
            .collect()
    }

    /// A sentence-opening word the model ran into a name neither names the
    /// person nor becomes a person where it stands alone; a place run into
    /// a name stays a place.
    #[test]
    fn a_slip_at_a_name_edge_does_not_spread() {
        let text = "Besides Halvard Brekke, nobody came. Besides, the road was \
                    closed. Halvard Brekke waited. Brekke left at dawn.";
        let cast = grouped(
            text,
            &["Besides Halvard Brekke", "Halvard Brekke@1", "Brekke@2"],
        );
        let alone = |cast: &[(String, Vec<String>)], word: &str| {
            cast.iter()
                .any(|(_, mentions)| mentions.iter().any(|m| m == word))
        };
        assert!(!alone(&cast, "Besides"), "{cast:?}");

        let text = "They marched from Velmora. Velmora Kessin gave the order. \
                    Kessin rode out, and Velmora burned. Kessin wept.";
        let cast = grouped(
            text,
            &[
                "Velmora:place",
                "Velmora Kessin",
                "Kessin@1",
                "Velmora@2:place",
                "Kessin@2",
            ],
        );
        let velmora = cast.iter().find(|(name, _)| name == "Velmora");
        assert!(velmora.is_some_and(|(_, m)| m.len() == 2), "{cast:?}");
    }
}
