//! Rules applied to the model's names before grouping: trimming titles,
//! splitting two names written side by side, dropping nationality words and
//! lone generic words, and adding names that knowledge or context make sure.

use super::EntityKind;
use super::gazetteer::{self, Gazetteer, NameClass};
use super::group;
use super::model::{FastMap, FastSet};
use super::ner::{self, DocContext, RawMention};
use super::quotes;
use super::tokenize::{TokenKind, listed};
use crate::span::Span;

/// Lower-case words after a name that make it a place ("the Primorsky region").
const PLACE_CONTEXT_AFTER: &[&str] = &[
    "region",
    "province",
    "oblast",
    "krai",
    "prefecture",
    "county",
    "district",
    "governorate",
    "peninsula",
    "valley",
    "island",
];

/// Words of direction that begin place names ("North Korea", "Western
/// Sahara").
const COMPASS_WORDS: &[&str] = &[
    "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Upper",
    "Lower", "Central",
];

/// Words that begin place names but are no part of a sentence's start
/// ("New South Wales", "Greater Manchester").
const PLACE_PREFIXES: &[&str] = &["New", "Great", "Greater"];

/// Titles used only before a person's name, never inside a place's.
const PERSONAL_HONORIFICS: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Count",
    "Countess",
    "Prince",
    "Princess",
    "Lord",
    "Sir",
    "Dame",
    "Duke",
    "Duchess",
    "Madame",
    "Mademoiselle",
    "Monsieur",
    "Mme",
    "Mlle",
    "Herr",
    "Frau",
];

/// The personal honorific right before token `i` ("Count" in "Count
/// Rostov"), if any.
fn honorific_before<'a>(ctx: &DocContext<'a>, i: usize) -> Option<&'a str> {
    ctx.title_before(i)
        .filter(|t| listed(PERSONAL_HONORIFICS, t))
}

/// Role words that follow the name of what they serve ("Kremlin
/// Spokesperson"); unlike "King" or "Major" they never end a name.
const TRAILING_ROLES: &[&str] = &[
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "President",
    "Minister",
    "Secretary",
    "Chairman",
    "Chairwoman",
    "Director",
    "CEO",
    "Ambassador",
    "Commissioner",
    "Chief",
    "Coach",
    "Captain",
    "Governor",
    "Mayor",
];

/// The kind a confident gazetteer class implies (small towns are too often
/// also surnames or words to count).
fn sure_kind(class: NameClass) -> Option<EntityKind> {
    match class {
        NameClass::Country | NameClass::Region | NameClass::BigCity => Some(EntityKind::Place),
        NameClass::Organization => Some(EntityKind::Organization),
        NameClass::City => None,
    }
}

fn mention(
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
fn is_demonym_form(word: &str) -> bool {
    gazetteer::is_demonym(word) || word.strip_suffix('s').is_some_and(gazetteer::is_demonym)
}

/// True for a word that is never a name on its own.
fn is_generic(word: &str) -> bool {
    let f = gazetteer::word_flags(word);
    f & (gazetteer::flags::TITLE
        | gazetteer::flags::ORG_HEAD
        | gazetteer::flags::PLACE_HEAD
        | gazetteer::flags::CALENDAR)
        != 0
        && Gazetteer::get().place(word) != Some(NameClass::Organization)
}

/// Applies the rules, returning names sorted and non-overlapping.
pub fn apply(ctx: &DocContext<'_>, raw: Vec<RawMention>) -> Vec<RawMention> {
    let raw = head_runs(ctx, raw);
    let starters = given_name_starters(ctx, &raw);
    let mut out: Vec<RawMention> = Vec::with_capacity(raw.len());
    for m in raw {
        let pieces = split_given_name_pair(ctx, m, &starters);
        for piece in pieces.into_iter().flat_map(|m| split(ctx, m)) {
            if let Some(piece) = tidy(ctx, piece) {
                out.push(piece);
            }
        }
    }
    add_known_names(ctx, &mut out);
    add_abbreviations(ctx, &mut out);
    add_context_places(ctx, &mut out);
    add_context_organisations(ctx, &mut out);
    add_acronyms(ctx, &mut out);
    add_spelled_out_acronyms(ctx, &mut out);
    add_initialled_names(ctx, &mut out);
    add_unknown_names(ctx, &mut out);
    add_titled_names(ctx, &mut out);
    names_after_a_post(ctx, &mut out);
    korean_names(ctx, &mut out);
    person_named_like_a_town(ctx, &mut out);
    organisations_by_company(ctx, &mut out);
    add_listed_names(ctx, &mut out);
    // Names added above ("Freemasonry Pierre" as an unknown name) may hold
    // two names side by side too.
    let mut split_out = Vec::with_capacity(out.len());
    for m in out {
        let pieces = split_given_name_pair(ctx, m.clone(), &starters);
        if pieces.len() == 1 && pieces[0] == m {
            split_out.push(m);
        } else {
            split_out.extend(pieces.into_iter().filter_map(|p| tidy(ctx, p)));
        }
    }
    let mut out = split_out;
    // Events are not tagged: "FIFA World Cup", "Google Science Fair"; nor
    // are awards ("the Budweiser Man of the Match award").
    out.retain(|m| {
        let (run_start, run_end) = ctx.run_of(m.first_token);
        let award = run_end < ctx.tokens.len() && listed(AWARD_WORDS, ctx.word(run_end));
        let storm = listed(EVENT_FIRSTS, ctx.word(run_start.max(m.first_token)));
        !listed(EVENT_HEADS, ctx.word(run_end - 1)) && !award && !storm
    });
    // "Islamophobia", "Buddhism": a doctrine or an attitude is no entity.
    out.retain(|m| {
        let w = ctx.word(m.first_token);
        m.end_token - m.first_token != 1
            || !(w.ends_with("ism") || w.ends_with("isms") || w.ends_with("phobia"))
    });
    drop_versions(ctx, &mut out);
    drop_lone_words(ctx, &mut out);
    split_hyphen_descriptors(ctx, &mut out);
    split_place_before_person(ctx, &mut out);
    out.sort_by_key(|m| m.span.start);
    out.dedup_by(|b, a| a.span.overlaps(b.span));
    join_name_particles(ctx, out)
}

/// What a hyphenated descriptor says of the name before it.
#[derive(Clone, Copy, PartialEq)]
enum Descriptor {
    /// "Seattle-based", "Moscow-born": a place.
    Place,
    /// "Kremlin-backed", "Hamas-run": a body or a state acting.
    Agent,
    /// "Oscar-winning", "Booker Prize-winner": an award, no name.
    Award,
}

/// Lower-case endings after a hyphen that describe by the name before them.
const DESCRIPTORS: &[(&str, Descriptor)] = &[
    ("based", Descriptor::Place),
    ("born", Descriptor::Place),
    ("bred", Descriptor::Place),
    ("backed", Descriptor::Agent),
    ("led", Descriptor::Agent),
    ("run", Descriptor::Agent),
    ("owned", Descriptor::Agent),
    ("funded", Descriptor::Agent),
    ("sponsored", Descriptor::Agent),
    ("controlled", Descriptor::Agent),
    ("supported", Descriptor::Agent),
    ("allied", Descriptor::Agent),
    ("affiliated", Descriptor::Agent),
    ("aligned", Descriptor::Agent),
    ("winning", Descriptor::Award),
    ("winner", Descriptor::Award),
    ("winners", Descriptor::Award),
    ("nominated", Descriptor::Award),
    ("nominee", Descriptor::Award),
];

/// The descriptor ending `word`, with the length of "-ending".
fn descriptor(word: &str) -> Option<(Descriptor, usize)> {
    // Every ending is lower case: most words are ruled out by their last
    // byte without a search for the hyphen.
    if !word.as_bytes().last().is_some_and(u8::is_ascii_lowercase) || word.len() < 5 {
        return None;
    }
    let (stem, ending) = word.rsplit_once('-')?;
    if stem.is_empty() {
        return None;
    }
    DESCRIPTORS
        .iter()
        .find(|(e, _)| *e == ending)
        .map(|&(_, d)| (d, ending.len() + 1))
}

/// "Seattle-based International Pacific Halibut Commission", "a
/// Kremlin-backed group", "Booker Prize-winner Margaret Atwood": the name
/// before a hyphenated descriptor is a name of its own (a place, or a body
/// or state acting; an award is none), and whatever follows it in the run
/// is another.
fn split_hyphen_descriptors(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let with_descriptor: Vec<usize> = ctx
        .capitalised
        .iter()
        .copied()
        .filter(|&k| descriptor(ctx.word(k)).is_some())
        .collect();
    if with_descriptor.is_empty() {
        return;
    }
    let gaz = Gazetteer::get();
    let covered = covered_tokens(ctx, out);
    let tagged: FastMap<&str, EntityKind> = out
        .iter()
        .map(|m| (m.span.text(ctx.text), m.kind))
        .collect();
    let mut pieces = Vec::new();
    let stem_of = |mut first: usize, k: usize| -> Option<RawMention> {
        let (kind_of, cut) = descriptor(ctx.word(k))?;
        // "New York-born", "South Korea-based".
        while first > 0
            && ctx.tokens[first - 1].capitalised
            && !ctx.tokens[first].sentence_start
            && (listed(PLACE_PREFIXES, ctx.word(first - 1))
                || listed(COMPASS_WORDS, ctx.word(first - 1)))
        {
            first -= 1;
        }
        let t = &ctx.tokens[k];
        let starts_upper = ctx
            .word(first)
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let span = Span::new(ctx.tokens[first].span.start, t.span.end - cut);
        let stem = span.text(ctx.text);
        let lone_word = first == k;
        if !starts_upper
            || (lone_word && ctx.is_common_word(stem))
            || is_demonym_form(stem)
            || kind_of == Descriptor::Award
        {
            return None;
        }
        let known = gaz
            .place(stem)
            .and_then(sure_kind)
            .or(tagged.get(stem).copied());
        let kind = match kind_of {
            Descriptor::Place => EntityKind::Place,
            _ => known.unwrap_or(EntityKind::Organization),
        };
        let mut m = mention(ctx, first, k + 1, kind, 0.0);
        m.span = span;
        m.reason = Some(format!(
            "context: -{}",
            &ctx.word(k)[ctx.word(k).len() - cut + 1..]
        ));
        Some(m)
    };
    out.retain(|m| {
        let from = with_descriptor.partition_point(|&t| t < m.first_token);
        let Some(&k) = with_descriptor.get(from).filter(|&&t| t < m.end_token) else {
            return true;
        };
        pieces.extend(stem_of(m.first_token, k));
        if k + 1 < m.end_token {
            let mut rest = mention(ctx, k + 1, m.end_token, m.kind, m.margin);
            rest.reason = m.reason.clone();
            pieces.push(rest);
        }
        false
    });
    let mut stems = Vec::new();
    for &k in &with_descriptor {
        if !covered[k] {
            stems.extend(stem_of(k, k));
        }
    }
    // A stem grown back over "New" replaces the model's "New".
    out.retain(|m| !stems.iter().any(|s| s.span.overlaps(m.span)));
    out.extend(pieces);
    out.extend(stems);
}

/// "From Vienna Kutúzov wrote", "in Petersburg Berg proposed": after a
/// preposition, a place the document knows and a surname it knows are two
/// names, though no comma parts them.
fn split_place_before_person(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let gaz = Gazetteer::get();
    let after_preposition = |a: usize| {
        a > 0
            && matches!(
                ctx.word(a - 1),
                "in" | "at"
                    | "from"
                    | "to"
                    | "near"
                    | "into"
                    | "approaching"
                    | "In"
                    | "At"
                    | "From"
            )
    };
    let mut places: FastSet<&str> = FastSet::default();
    let mut surnames: FastSet<&str> = FastSet::default();
    // Full names also written where no place could open them ("Eden Hazard
    // scored" beside "from Eden Hazard's assist").
    let mut people: FastSet<&str> = FastSet::default();
    for m in out.iter() {
        match m.kind {
            EntityKind::Place => {
                places.insert(m.span.text(ctx.text));
            }
            EntityKind::Person if m.end_token - m.first_token >= 2 => {
                surnames.insert(ctx.word(m.end_token - 1));
                if !after_preposition(m.first_token) {
                    people.insert(m.span.text(ctx.text));
                }
            }
            _ => {}
        }
    }
    let mut pieces = Vec::new();
    out.retain(|m| {
        let (a, b) = (m.first_token, m.end_token);
        if b - a < 2 || !after_preposition(a) || ctx.tokens[a].sentence_start {
            return true;
        }
        let last = ctx.word(b - 1);
        let place = Span::new(ctx.tokens[a].span.start, ctx.tokens[b - 2].span.end);
        let place_text = place.text(ctx.text);
        let known_place = places.contains(place_text)
            || gaz.place(place_text).and_then(sure_kind) == Some(EntityKind::Place);
        let full_name = m.kind == EntityKind::Person
            && (people.contains(m.span.text(ctx.text))
                || gaz.given_rank(ctx.word(a)).is_some_and(|r| r < 2000));
        if !known_place || full_name || !surnames.contains(last) || gaz.place(last).is_some() {
            return true;
        }
        let mut left = mention(ctx, a, b - 1, EntityKind::Place, m.margin);
        left.reason = Some(format!("context: {}", ctx.word(a - 1)));
        let mut right = mention(ctx, b - 1, b, EntityKind::Person, m.margin);
        right.reason = Some("two names side by side".to_string());
        pieces.push(left);
        pieces.push(right);
        false
    });
    out.extend(pieces);
}

/// Capitalised particles inside surnames ("Kevin De Bruyne").
const NAME_PARTICLES: &[&str] = &[
    "De", "Del", "Della", "Di", "Da", "Dos", "Das", "Du", "Des", "Van", "Von", "Der", "Den", "Ter",
    "Ten", "Le", "La", "Bin", "Ben", "Ibn", "El", "Al",
];

/// The particles of NAME_PARTICLES found only inside surnames (unlike "La"
/// or "El", which start place names too).
const SURNAME_PARTICLES: &[&str] = &[
    "De", "Di", "Van", "Von", "Der", "Ter", "Ten", "Bin", "Ibn", "Del", "Della", "Dos",
];

/// "Kevin" and "Bruyne" on either side of "De" are one person, "Kevin De
/// Bruyne".
fn join_name_particles(ctx: &DocContext<'_>, out: Vec<RawMention>) -> Vec<RawMention> {
    let mut joined: Vec<RawMention> = Vec::with_capacity(out.len());
    for m in out {
        if let Some(prev) = joined.last_mut()
            && prev.kind == EntityKind::Person
            && m.kind == EntityKind::Person
            && m.first_token == prev.end_token + 1
            && listed(NAME_PARTICLES, ctx.word(prev.end_token))
        {
            prev.end_token = m.end_token;
            prev.span = Span::new(prev.span.start, m.span.end);
            continue;
        }
        joined.push(m);
    }
    // "Luuk De Jong" read whole as something else: a given name, a
    // surname particle and a name make a person.
    for m in &mut joined {
        if m.kind != EntityKind::Person
            && m.end_token - m.first_token == 3
            && SURNAME_PARTICLES.contains(&ctx.word(m.first_token + 1))
            && Gazetteer::get().place(m.span.text(ctx.text)).is_none()
            && !(m.first_token..m.end_token).any(|k| {
                let w = ctx.word(k);
                gazetteer::is_org_head(w) || gazetteer::is_place_head(w)
            })
        {
            m.kind = EntityKind::Person;
            m.reason = Some(format!(
                "person cue: surname particle {}",
                ctx.word(m.first_token + 1)
            ));
        }
    }
    // "Luuk De Jong" with the surname untagged.
    let covered = covered_tokens(ctx, &joined);
    for m in joined.iter_mut().filter(|m| m.kind == EntityKind::Person) {
        let (p, s) = (m.end_token, m.end_token + 1);
        if s < ctx.tokens.len()
            && listed(NAME_PARTICLES, ctx.word(p))
            && !covered[p]
            && !covered[s]
            && ctx.tokens[s].capitalised
            && ctx.tokens[s].kind == TokenKind::Word
            && !ctx.tokens[s].sentence_start
            && !is_generic(ctx.word(s))
        {
            m.end_token = s + 1;
            m.span = Span::new(m.span.start, ctx.tokens[s].span.end);
        }
    }
    joined
}

/// The letters of an upper-case word with a number after them ("IE6"
/// gives "IE"), if it is one.
fn versioned_letters(word: &str) -> Option<&str> {
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    let upper = letters.chars().all(|c| c.is_ascii_uppercase());
    (letters.len() >= 2 && letters.len() < word.len() && upper).then_some(letters)
}

/// "IE6", "CO2", "MP3": upper-case letters with a number after them name a
/// product version, a model or a substance, not an organisation; nor do
/// the bare letters in a document that writes them with a number ("a newer
/// IE" beside "IE6").
fn drop_versions(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let versioned: Vec<&str> = ctx
        .capitalised
        .iter()
        .filter_map(|&i| versioned_letters(ctx.word(i)))
        .collect();
    if versioned.is_empty() {
        return;
    }
    out.retain(|m| {
        if m.kind != EntityKind::Organization || m.end_token - m.first_token != 1 {
            return true;
        }
        let w = ctx.word(m.first_token);
        versioned_letters(w).is_none() && !versioned.contains(&w)
    });
}

/// Words that, starting a sentence, never start a name ("When Pierre came
/// in", "All Moscow", "Though Kutúzov"), beyond [`ner::is_function_word`].
const SENTENCE_OPENERS: &[&str] = &[
    "All",
    "Though",
    "Although",
    "Yes",
    "Oh",
    "Ah",
    "No",
    "Well",
    "Why",
    "What",
    "How",
    "Where",
    "Who",
    "Whom",
    "Whose",
    "Which",
    "After",
    "Before",
    "Since",
    "Until",
    "Because",
    "With",
    "Without",
    "From",
    "To",
    "By",
    "Not",
    "Only",
    "Even",
    "Once",
    "Every",
    "Each",
    "Some",
    "Any",
    "Both",
    "Now",
    "Just",
    "Again",
    "Suddenly",
    "Meanwhile",
    "Perhaps",
    "Still",
    "Do",
    "Does",
    "Did",
    "Is",
    "Was",
    "Are",
    "Were",
    "Has",
    "Had",
    "Have",
    "Let",
    "Having",
    "Being",
    "Like",
    "Into",
    "Through",
    "Near",
    "Over",
    "Under",
    "Behind",
    "Beside",
    "Besides",
    "Among",
    "Toward",
    "Towards",
    "Against",
    "Along",
    "Whether",
    "Unless",
    "Thus",
    "Hence",
    "However",
    "Also",
    "Never",
    "Always",
    "Please",
    "Alas",
    "Indeed",
    "Whereupon",
    "Hardly",
    "Seeing",
    "Am",
];

/// Pronouns that never end a name ("God Himself").
const TRAILING_PRONOUNS: &[&str] = &["Himself", "Herself", "Itself", "Themselves", "Myself"];

/// True for a word that cannot start a name of kind `kind` at a sentence
/// start: a function word, a listed opener, or (for people) a common word
/// that is neither a given name nor a title.
fn is_sentence_opener(ctx: &DocContext<'_>, i: usize, kind: EntityKind) -> bool {
    if !ctx.tokens[i].sentence_start {
        return false;
    }
    let w = ctx.word(i);
    if ner::is_function_word(w) || listed(SENTENCE_OPENERS, w) {
        return true;
    }
    kind == EntityKind::Person
        && ctx.is_common_word(w)
        && Gazetteer::get().given_rank(w).is_none()
        && gazetteer::word_flags(w) == 0
}

/// Given names that start a longer person name somewhere in the document
/// ("Pierre" of "Pierre Bezúkhov"): such a word ending a name ("Natásha
/// Pierre", "Kiev Pierre") is a second person side by side.
fn given_name_starters<'a>(ctx: &DocContext<'a>, raw: &[RawMention]) -> Starters<'a> {
    let gaz = Gazetteer::get();
    let mut out = Starters::default();
    for m in raw {
        if m.kind != EntityKind::Person || m.end_token - m.first_token < 2 {
            continue;
        }
        let mut a = m.first_token;
        while a + 1 < m.end_token && gazetteer::is_title(ctx.word(a)) {
            a += 1;
        }
        let w = ctx.word(a);
        if a + 1 < m.end_token
            && ctx.tokens[a + 1].capitalised
            && gaz.given_rank(w).is_some_and(|r| r < 2000)
        {
            let next: &mut Vec<&str> = out.entry(w).or_default();
            let second = ctx.word(a + 1);
            if !next.contains(&second) {
                next.push(second);
            }
        }
    }
    out
}

/// True when `first` starts a longer name whose next word is not `next`.
fn starts_other_name(starters: &Starters<'_>, first: &str, next: &str) -> bool {
    starters
        .get(first)
        .is_some_and(|seconds| seconds.iter().any(|&b| b != next))
}

/// Given names that start longer names, each with the words that follow it.
type Starters<'a> = FastMap<&'a str, Vec<&'a str>>;

/// Splits a person name ending in a given name that starts other names in
/// the document: "Natásha Pierre" (two people), "Kiev Pierre" (a place and
/// a person), "Germans Pierre" (a common word and a person).
fn split_given_name_pair(
    ctx: &DocContext<'_>,
    m: RawMention,
    starters: &Starters<'_>,
) -> Vec<RawMention> {
    let (a, b) = (m.first_token, m.end_token);
    if m.kind == EntityKind::Organization
        || b - a < 2
        || Gazetteer::get().place(m.span.text(ctx.text)).is_some()
    {
        return vec![m];
    }
    let last = ctx.word(b - 1);
    let before = ctx.word(b - 2);
    // Two given names side by side are one person ("Ahmed Mohamed") unless
    // the first also starts another name ("Natásha Rostóva").
    let gaz = Gazetteer::get();
    let left_given = b - a == 2 && gaz.given_rank(before).is_some_and(|r| r < 2000);
    // "Mohamed El-Hassan Mohamed": a name that ends with the word it
    // starts with is one name.
    let repeated = (a..b - 1).any(|k| ctx.word(k) == last);
    if !starts_other_name(starters, last, "")
        || repeated
        || (left_given && !starts_other_name(starters, before, last))
        || !ctx.tokens[b - 2].capitalised
        || gazetteer::is_title(before)
        || (b - a == 2 && is_sentence_opener(ctx, a, m.kind))
    {
        return vec![m];
    }
    let mut right = mention(ctx, b - 1, b, EntityKind::Person, m.margin);
    right.reason = Some("two names side by side".to_string());
    let left_text = Span::new(ctx.tokens[a].span.start, ctx.tokens[b - 2].span.end);
    let place = Gazetteer::get()
        .place(left_text.text(ctx.text))
        .and_then(sure_kind);
    if let Some(kind) = place {
        let mut left = mention(ctx, a, b - 1, kind, m.margin);
        left.reason = Some("gazetteer: place".to_string());
        return vec![left, right];
    }
    if b - a == 2
        && (ctx.is_common_word(before) || is_demonym_form(before) || ner::is_function_word(before))
        && Gazetteer::get().given_rank(before).is_none()
    {
        return vec![right];
    }
    let mut left = mention(ctx, a, b - 1, EntityKind::Person, m.margin);
    left.reason = m.reason.clone();
    vec![left, right]
}

/// Last words of event names, which are not entities.
const EVENT_HEADS: &[&str] = &[
    "Fair",
    "Festival",
    "Expo",
    "Championship",
    "Championships",
    "Cup",
    "Olympics",
    "Games",
    "Awards",
    "Award",
    "Prize",
    "Marathon",
    "Tournament",
    "Summit",
    "War",
    "Revolution",
    "Open",
    "Derby",
    "Series",
    "Week",
];

/// First words of the names of storms, which are events ("Hurricane
/// Sandy").
const EVENT_FIRSTS: &[&str] = &["Hurricane", "Typhoon", "Cyclone", "Storm"];

/// First words of place names ("Cape Canaveral", "Mount Kenya", "Fort
/// Worth").
const PLACE_FIRSTS: &[&str] = &["Cape", "Mount", "Mt", "Lake", "Fort", "Port", "Isle"];

/// Words before "Center" or "Centre" that make it a body working at
/// something ("Tax Policy Center"), not a building.
const CENTRE_PURPOSES: &[&str] = &[
    "Policy",
    "Research",
    "Studies",
    "Study",
    "Law",
    "Justice",
    "Rights",
    "Advocacy",
    "Data",
    "Analysis",
    "Development",
    "Innovation",
    "Prevention",
    "Control",
    "Security",
];

/// Words that keep a centre a building people visit ("Research & Visitors
/// Center").
const CENTRE_VISITS: &[&str] = &["Visitor", "Visitors", "Convention", "Shopping", "Cultural"];

/// Lower-case words after a name that make it the name of an award.
const AWARD_WORDS: &[&str] = &["award", "awards", "trophy", "medal", "prize"];

/// Lower-case words after an upper-case word that make it a thing, not an
/// organisation ("the ICI system").
const NOT_ORG_AFTER: &[&str] = &[
    "system",
    "systems",
    "tax",
    "taxes",
    "scheme",
    "method",
    "scale",
    "index",
    "format",
    "standard",
    "protocol",
    "code",
    "test",
    "tests",
    "score",
    "rating",
    "model",
    "file",
    "files",
    "virus",
    "gene",
    "version",
    "technology",
    "chip",
    "engine",
    "levels",
    "level",
];

/// Trims titles off the ends, drops nationality words and generic words,
/// and sets the kind of a name the gazetteer knows for sure.
fn tidy(ctx: &DocContext<'_>, mut m: RawMention) -> Option<RawMention> {
    let word = |i: usize| ctx.word(i);
    // "When Pierre came in": a sentence opener is not part of the name.
    while m.end_token - m.first_token > 1 && is_sentence_opener(ctx, m.first_token, m.kind) {
        m.first_token += 1;
    }
    // "God Himself".
    while m.end_token - m.first_token > 1 && listed(TRAILING_PRONOUNS, word(m.end_token - 1)) {
        m.end_token -= 1;
    }
    // "President Vladimir Putin" → "Vladimir Putin".
    while m.end_token - m.first_token > 1
        && m.kind == EntityKind::Person
        && gazetteer::is_title(word(m.first_token))
    {
        m.first_token += 1;
    }
    // "Chairman of the Australian Centre …" → "Australian Centre …".
    if m.kind != EntityKind::Person
        && m.end_token - m.first_token > 3
        && (gazetteer::is_title(word(m.first_token)) || listed(TRAILING_ROLES, word(m.first_token)))
        && word(m.first_token + 1) == "of"
    {
        m.first_token += 2;
        if matches!(word(m.first_token), "the" | "The") {
            m.first_token += 1;
        }
    }
    // "Kremlin Spokesperson" → "Kremlin".
    while m.end_token - m.first_token > 1 && listed(TRAILING_ROLES, word(m.end_token - 1)) {
        m.end_token -= 1;
    }
    // "Prince Andrew", "Count Rostóv": a title first makes a person,
    // whatever kind the model chose, unless a head word says otherwise
    // ("General Motors", "Prince Edward Island").
    if m.end_token - m.first_token > 1 && gazetteer::is_title(word(m.first_token)) {
        let headed = (m.first_token + 1..m.end_token).any(|k| {
            let w = word(k);
            gazetteer::is_org_head(w) || gazetteer::is_place_head(w)
        });
        if !headed {
            m.first_token += 1;
            m.kind = EntityKind::Person;
            m.reason = Some(format!("title cue: {}", word(m.first_token - 1)));
        }
    }
    // "spokesman Dmitry Peskov": a name right after a title is a person.
    if m.kind != EntityKind::Person
        && let Some(title) = ctx.title_before(m.first_token)
    {
        let headed = (m.first_token..m.end_token).any(|k| {
            let w = word(k);
            gazetteer::is_org_head(w) || gazetteer::is_place_head(w)
        });
        let known = Gazetteer::get()
            .place(m.span.text(ctx.text))
            .and_then(sure_kind)
            .is_some();
        // "Count Rostov", "Mrs Georgia": an honorific outweighs a place name.
        let honorific = listed(PERSONAL_HONORIFICS, title);
        if !headed
            && (!known || honorific)
            && (m.first_token..m.end_token).all(|k| ctx.tokens[k].capitalised)
        {
            m.kind = EntityKind::Person;
            m.reason = Some(format!("title cue: {title}"));
        }
    }
    // "Northern Vorlandia": a capitalised compass word before a place is
    // part of its name.
    if m.kind == EntityKind::Place
        && m.first_token > 0
        && ctx.tokens[m.first_token - 1].capitalised
        && !ctx.tokens[m.first_token].sentence_start
        && (listed(COMPASS_WORDS, word(m.first_token - 1))
            || (listed(PLACE_PREFIXES, word(m.first_token - 1))
                && !ctx.tokens[m.first_token - 1].sentence_start))
    {
        m.first_token -= 1;
    }
    // Connectors never end or start a name.
    while m.end_token - m.first_token > 1 && !ctx.tokens[m.end_token - 1].capitalised {
        m.end_token -= 1;
    }
    while m.end_token - m.first_token > 1 && !ctx.tokens[m.first_token].capitalised {
        m.first_token += 1;
    }
    m.span = Span::new(
        ctx.tokens[m.first_token].span.start,
        ctx.tokens[m.end_token - 1].span.end,
    );
    // "Team Estonia" at a sentence start: the common word is not part of
    // the country's name.
    while m.end_token - m.first_token > 1 && is_leading_filler(ctx, m.first_token) {
        let rest = Span::new(ctx.tokens[m.first_token + 1].span.start, m.span.end);
        let known = Gazetteer::get()
            .place(rest.text(ctx.text))
            .and_then(sure_kind)
            .is_some();
        if !known {
            break;
        }
        m.first_token += 1;
        m.span = rest;
    }
    // "NEWSLETTER", "BREAKING": a common word shouted in a heading.
    if m.end_token - m.first_token == 1 {
        let w = word(m.first_token);
        if w.chars().count() >= 4
            && w.chars().all(|c| c.is_uppercase())
            && ctx.is_common_word(w)
            && Gazetteer::get().place(w).is_none()
        {
            return None;
        }
    }
    // "Group G", "Plan B": a common word and a letter name nothing.
    if m.end_token - m.first_token == 2
        && ctx.is_common_word(word(m.first_token))
        && word(m.end_token - 1).chars().count() == 1
    {
        return None;
    }
    let last = word(m.end_token - 1);
    if is_demonym_form(last) && m.kind != EntityKind::Organization {
        return None;
    }
    // "North" in "North Korean", "Home" in "Home Secretary".
    let (_, run_end) = ctx.run_of(m.first_token);
    if m.end_token < run_end {
        let next = word(m.end_token);
        let sure = Gazetteer::get()
            .place(m.span.text(ctx.text))
            .and_then(sure_kind)
            .is_some();
        if is_demonym_form(next)
            || (m.end_token - m.first_token == 1 && gazetteer::is_title(next) && !sure)
        {
            return None;
        }
    }
    if m.end_token - m.first_token == 1
        && (is_generic(last)
            || !ctx.tokens[m.first_token].capitalised
            || ner::is_function_word(last))
    {
        return None;
    }
    // "Irving, Texas": a name followed by a comma and a known state or
    // country is a place.
    if ctx.word(m.end_token) == ","
        && let Some((class, s, _)) = ctx.gazetteer_match(m.end_token + 1)
        && s == m.end_token + 1
        && matches!(class, NameClass::Country | NameClass::Region)
        && m.kind != EntityKind::Place
        && m.end_token - m.first_token == 1
    {
        m.kind = EntityKind::Place;
        m.reason = Some(format!("context: , {}", ctx.word(s)));
    }
    // Two or three unknown words tagged as a place, with no place word and
    // nothing in the gazetteer, are far more often a person ("Dries Mertens").
    if m.kind == EntityKind::Place
        && (2..=3).contains(&(m.end_token - m.first_token))
        && !listed(PLACE_FIRSTS, word(m.first_token))
        && (m.first_token..m.end_token).all(|k| {
            let w = word(k);
            ctx.tokens[k].capitalised
                && ctx.gazetteer_match(k).is_none()
                && gazetteer::word_flags(w) == 0
                && !ctx.is_common_word(w)
        })
    {
        m.kind = EntityKind::Person;
        m.reason = Some("unknown name, not a known place".to_string());
    }
    // "a US National Security spokesperson": a country before words that
    // name no place is the place; the rest is no name of its own.
    if m.kind == EntityKind::Place
        && let Some((NameClass::Country, s, e)) = ctx.gazetteer_match(m.first_token)
        && s == m.first_token
        && e < m.end_token
        && Gazetteer::get().place(m.span.text(ctx.text)).is_none()
        && (e..m.end_token).all(|k| {
            let w = word(k);
            ctx.tokens[k].capitalised
                && ctx.gazetteer_match(k).is_none()
                && !gazetteer::is_place_head(w)
                && !gazetteer::is_org_head(w)
                && !listed(COMPASS_WORDS, w)
        })
    {
        m.end_token = e;
        m.span = Span::new(m.span.start, ctx.tokens[e - 1].span.end);
        m.reason = Some("gazetteer: country".to_string());
    }
    let name = m.span.text(ctx.text);
    let honoured = m.kind == EntityKind::Person && honorific_before(ctx, m.first_token).is_some();
    if let Some(class) = Gazetteer::get().place(name)
        && let Some(kind) = sure_kind(class)
        && !honoured
    {
        if kind != m.kind {
            m.reason = Some(format!("gazetteer: {}", class.label()));
        }
        m.kind = kind;
    }
    Some(m)
}

/// Splits two names written side by side: a country or an organisation
/// followed by a person ("United States Hamdullah Mohib", "Refugee Council
/// Enver Solomon") or by another organisation ("United Kingdom Home Office").
fn split(ctx: &DocContext<'_>, m: RawMention) -> Vec<RawMention> {
    let (a, b) = (m.first_token, m.end_token);
    if b - a < 2 {
        return vec![m];
    }
    // "Australia New Zealand": two countries side by side are two places.
    if let Some((NameClass::Country, s, e)) = ctx.gazetteer_match(a)
        && s == a
        && e < b
        && let Some((NameClass::Country, s2, e2)) = ctx.gazetteer_match(e)
        && s2 == e
        && e2 == b
        && Gazetteer::get().place(m.span.text(ctx.text)).is_none()
    {
        return [(a, e), (e, b)]
            .into_iter()
            .map(|(x, y)| {
                let mut p = mention(ctx, x, y, EntityKind::Place, m.margin);
                p.reason = Some("gazetteer: country".to_string());
                p
            })
            .collect();
    }
    if b - a < 3 {
        return vec![m];
    }
    // "Palestinian Authority President Mahmoud Abbas": a body, a title and
    // a person.
    let gaz = Gazetteer::get();
    if let Some(k) = (a + 1..b.saturating_sub(2))
        .find(|&k| gazetteer::is_title(ctx.word(k)) && gazetteer::is_org_head(ctx.word(k - 1)))
        && (gaz.given_rank(ctx.word(k + 1)).is_some()
            || (b - k > 2 && (k + 1..b).all(|j| !ctx.is_common_word(ctx.word(j)))))
        && (k + 1..b).all(|j| {
            let w = ctx.word(j);
            ctx.tokens[j].capitalised && !gazetteer::is_org_head(w) && !gazetteer::is_place_head(w)
        })
    {
        let mut body = mention(ctx, a, k, EntityKind::Organization, m.margin);
        body.reason = Some(format!("organisation word: {}", ctx.word(k - 1)));
        let mut person = mention(ctx, k + 1, b, EntityKind::Person, m.margin);
        person.reason = Some(format!("title cue: {}", ctx.word(k)));
        return vec![body, person];
    }
    // "US National Science Foundation": a country before an organisation.
    if m.kind == EntityKind::Organization
        && let Some((NameClass::Country, s, e)) = ctx.gazetteer_match(a)
        && s == a
        && b - e >= 2
        && ctx.tokens[e].capitalised
    {
        let mut left = mention(ctx, a, e, EntityKind::Place, m.margin);
        left.reason = Some("gazetteer: country".to_string());
        let mut right = mention(ctx, e, b, m.kind, m.margin);
        right.reason = m.reason.clone();
        return vec![left, right];
    }
    for k in a + 1..b - 1 {
        let left_end = ctx.word(k - 1);
        let left_match = ctx
            .gazetteer_match(k - 1)
            .filter(|&(_, s, e)| s >= a && e == k);
        // A common given name, or a rarer one before a known surname
        // ("Alia Moreno").
        let right_given = gaz.given_names.get(ctx.word(k)).is_some_and(|&rank| {
            rank < 2000 || (k + 1 < b && gaz.surnames.contains_key(ctx.word(k + 1)))
        });
        let left_kind = if let Some((class, s, _)) = left_match {
            match sure_kind(class) {
                Some(kind) if s == a => kind,
                _ if m.kind == EntityKind::Organization => m.kind,
                _ => continue,
            }
        } else if gazetteer::is_org_head(left_end)
            || (m.kind == EntityKind::Organization && right_given && b - k <= 3)
        {
            EntityKind::Organization
        } else {
            continue;
        };
        let right_words = b - k;
        let right_first = ctx.word(k);
        if right_words < 2 || !ctx.tokens[k].capitalised || ctx.tokens[k].kind != TokenKind::Word {
            continue;
        }
        // Only a person is split off: "Colorado State University" and
        // "Massachusetts Institute of Technology" are single names.
        let right_has_head = (k..b).any(|j| {
            let w = ctx.word(j);
            gazetteer::is_org_head(w) || gazetteer::is_place_head(w) || !ctx.tokens[j].capitalised
        });
        if right_has_head
            || (ctx.is_common_word(right_first) && !right_given)
            || (ctx.gazetteer_match(k).is_some() && !right_given)
        {
            continue;
        }
        let right_kind = EntityKind::Person;
        let mut left = mention(ctx, a, k, left_kind, m.margin);
        left.reason = m.reason.clone();
        let mut right = mention(ctx, k, b, right_kind, m.margin);
        right.reason = Some("two names side by side".to_string());
        return vec![left, right];
    }
    vec![m]
}

/// Adds runs the model left untagged whose name the gazetteer knows for
/// sure ("Twitter", "Kremlin"), when nothing but a determiner or common
/// word precedes it in its run.
fn add_known_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let mut added = Vec::new();
    let mut next = 0;
    for &i in &ctx.capitalised {
        if i < next {
            continue;
        }
        let Some((class, s, e)) = ctx.gazetteer_match(i) else {
            continue;
        };
        next = e.max(i + 1);
        let Some(kind) = sure_kind(class) else {
            continue;
        };
        if (s..e).any(|k| covered[k]) {
            continue;
        }
        let (run_start, run_end) = ctx.run_of(s);
        if e != run_end {
            continue;
        }
        let lead_ok = (run_start..s).all(|k| {
            let w = ctx.word(k);
            ctx.is_common_word(w) || gazetteer::is_title(w) || is_demonym_form(w)
        });
        if !lead_ok || is_demonym_form(ctx.word(e - 1)) {
            continue;
        }
        let mut m = mention(ctx, s, e, kind, 0.0);
        m.reason = Some(format!("gazetteer: {}", class.label()));
        // "Count Rostov": an honorific outweighs the place's name.
        if let Some(title) = honorific_before(ctx, s) {
            m.kind = EntityKind::Person;
            m.reason = Some(format!("title cue: {title}"));
        }
        added.push(m);
    }
    out.extend(added);
}

/// "Union of Rationalist Atheists and Agnostics (UAAR)": the abbreviation in
/// brackets gets the kind of the name before it.
fn add_abbreviations(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let mut added = Vec::new();
    for m in out.iter() {
        let k = m.end_token;
        if ctx.word(k) != "(" || ctx.word(k + 2) != ")" {
            continue;
        }
        let abbr = ctx.word(k + 1);
        let letters = abbr.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2
            || !abbr
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.')
        {
            continue;
        }
        let mut a = mention(ctx, k + 1, k + 2, m.kind, m.margin);
        a.reason = Some(format!("abbreviation of {}", m.span.text(ctx.text)));
        added.push(a);
    }
    // An abbreviation the model tagged already takes the kind of its long form.
    for a in added {
        if let Some(existing) = out.iter_mut().find(|m| m.span == a.span) {
            existing.kind = a.kind;
            existing.reason = a.reason;
        } else if !out.iter().any(|m| m.span.overlaps(a.span)) {
            out.push(a);
        }
    }
}

/// "the Primorsky region": an untagged name before a lower-case place word.
fn add_context_places(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let mut added = Vec::new();
    for &i in &ctx.candidates {
        if i + 1 >= ctx.tokens.len() || !ctx.tokens[i].capitalised {
            continue;
        }
        let next = ctx.word(i + 1);
        if !listed(PLACE_CONTEXT_AFTER, next) {
            continue;
        }
        if covered[i] {
            // A lone name tagged otherwise becomes a place.
            if let Some(m) = out
                .iter_mut()
                .find(|m| m.first_token == i && m.end_token == i + 1)
                && m.kind != EntityKind::Place
            {
                m.kind = EntityKind::Place;
                m.reason = Some(format!("context: {next}"));
            }
            continue;
        }
        let (run_start, run_end) = ctx.run_of(i);
        if run_end != i + 1 {
            continue;
        }
        let mut first = run_start;
        while first < i && ctx.is_common_word(ctx.word(first)) {
            first += 1;
        }
        let w = ctx.word(i);
        if is_demonym_form(w) || is_generic(w) || (first..=i).any(|k| covered[k]) {
            continue;
        }
        let mut m = mention(ctx, first, i + 1, EntityKind::Place, 0.0);
        m.reason = Some(format!("context: {next}"));
        added.push(m);
    }
    out.extend(added);
}

/// Lower-case words before a name that make it an organisation.
const ORG_CONTEXT_BEFORE: &[&str] = &[
    "journal",
    "magazine",
    "newspaper",
    "tabloid",
    "broadsheet",
    "company",
    "firm",
    "startup",
    "broadcaster",
    "publisher",
    "airline",
    "carmaker",
    "retailer",
    "charity",
    "club",
    "team",
    "organisation",
    "organization",
    "school",
];

/// "the journal Nature Climate Change", "magazine MicroMega": a name right
/// after a lower-case word for an organisation.
fn add_context_organisations(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let mut added = Vec::new();
    for &i in &ctx.capitalised {
        if i == 0 || ctx.tokens[i].sentence_start {
            continue;
        }
        let before = ctx.word(i - 1);
        let plural = listed(ORG_CONTEXT_BEFORE_PLURAL, before);
        if !plural && !listed(ORG_CONTEXT_BEFORE, before) {
            continue;
        }
        let (run_start, run_end) = ctx.run_of(i);
        if run_start != i {
            continue;
        }
        // "the schools Santo Spirito and Immacolata": after a plural, each
        // name joined by "and" is one.
        let mut parts = vec![(i, run_end)];
        if plural {
            parts.clear();
            let mut a = i;
            for k in i..run_end {
                if matches!(ctx.word(k), "and" | "&") {
                    parts.push((a, k));
                    a = k + 1;
                }
            }
            parts.push((a, run_end));
        }
        for (a, b) in parts {
            if a >= b || !ctx.tokens[a].capitalised {
                continue;
            }
            let span = Span::new(ctx.tokens[a].span.start, ctx.tokens[b - 1].span.end);
            if let Some(m) = out.iter_mut().find(|m| m.span.overlaps(span)) {
                if m.kind == EntityKind::Person && m.reason.is_none() && m.first_token == a {
                    m.kind = EntityKind::Organization;
                    m.reason = Some(format!("context: {before}"));
                }
                continue;
            }
            if Gazetteer::get().place(span.text(ctx.text)).is_some() {
                continue;
            }
            let mut m = mention(ctx, a, b, EntityKind::Organization, 0.0);
            m.reason = Some(format!("context: {before}"));
            added.push(m);
        }
    }
    out.extend(added);
}

/// Plural words for organisations before the names of several ("the
/// schools Santo Spirito and Immacolata").
const ORG_CONTEXT_BEFORE_PLURAL: &[&str] = &[
    "schools",
    "universities",
    "colleges",
    "companies",
    "firms",
    "newspapers",
    "broadcasters",
    "airlines",
    "charities",
    "clubs",
    "organisations",
    "organizations",
];

/// Upper-case words that are not organisations.
const NOT_ACRONYMS: &[&str] = &[
    "TV", "CEO", "CFO", "GDP", "DNA", "RNA", "OK", "AM", "PM", "II", "III", "IV", "VI", "VII",
    "VIII", "IX", "XI", "XII", "VR", "AI", "IT", "PC", "ID", "CD", "DVD", "USB", "GPS", "HIV",
    "AIDS", "COVID", "UFO", "IQ", "PhD", "MP", "MPs", "VIP", "FAQ", "PDF", "URL", "HTML", "SMS",
    "BC", "AD", "CE", "BCE", "GMT", "UTC", "MVP", "RIP", "DIY", "NB", "PS", "LOL", "CPU", "GPU",
    "RAM", "SSD", "API", "OS", "LED", "LCD", "CCTV", "ATM", "SUV", "ASAP", "HD", "HDR", "HDMI",
    "UHD", "OLED", "FPS", "IR", "LTE", "NFC", "VPN", "DNS", "HTTP", "HTTPS", "XML", "JSON", "SQL",
    "RSS", "SDK", "IDE", "AR", "XR", "EV", "GIF", "JPEG", "PNG", "SIM", "PIN", "QR", "IP", "AA",
    "AAA", "PR", "HR", "IoT", "JS", "CSS", "GET", "POST", "XHR", "MD", "MBA", "RN", "CEOs", "UI",
    "UX", "GUI", "KB", "MB", "TB",
];

/// Lower-case words that may join the words of a spelled-out abbreviation
/// ("Recognition of Science and Technology").
const EXPANSION_JOINERS: &[&str] = &["and", "of", "for", "the", "in", "on", "&"];

/// Abbreviations the document spells out in lower case, which name a thing,
/// not a body: "iodine deficiency disorder (IDD)".
fn abbreviated_terms<'a>(ctx: &DocContext<'a>) -> Vec<&'a str> {
    let mut terms = Vec::new();
    for i in 1..ctx.tokens.len().saturating_sub(1) {
        if ctx.word(i - 1) != "(" || ctx.word(i + 1) != ")" {
            continue;
        }
        let abbr = ctx.word(i);
        let n = abbr.chars().count();
        if !(2..=6).contains(&n) || !abbr.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let open = i - 1;
        let Some(first) = open.checked_sub(n) else {
            continue;
        };
        let words = &ctx.tokens[first..open];
        let spelled = words.iter().zip(abbr.chars()).all(|(t, c)| {
            t.kind == TokenKind::Word
                && t.text(ctx.text)
                    .chars()
                    .next()
                    .is_some_and(|f| f.to_ascii_uppercase() == c)
        });
        if spelled && words.iter().any(|t| !t.capitalised) {
            terms.push(abbr);
        }
    }
    terms
}

/// "The FIRST Global competition (For Inspiration and Recognition of
/// Science and Technology)": capitalised words in brackets whose initials
/// spell an upper-case word just before them name a body, and so does that
/// word with the capitalised words after it, wherever they recur.
fn add_spelled_out_acronyms(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let n = ctx.tokens.len();
    let mut found: Vec<RawMention> = Vec::new();
    // Each abbreviation's name in the text, its kind and its expansion.
    let mut names: Vec<(usize, usize, EntityKind, Span)> = Vec::new();
    for i in 0..n {
        if ctx.word(i) != "(" || !ctx.tokens.get(i + 1).is_some_and(|t| t.capitalised) {
            continue;
        }
        let mut initials = String::new();
        let mut j = i + 1;
        while j < n && j < i + 20 {
            let t = &ctx.tokens[j];
            let w = ctx.word(j);
            if t.kind != TokenKind::Word && w != "&" {
                break;
            }
            if t.capitalised {
                initials.extend(w.chars().next());
            } else if !listed(EXPANSION_JOINERS, w) {
                break;
            }
            j += 1;
        }
        if ctx.word(j) != ")" || initials.chars().count() < 3 || !ctx.tokens[j - 1].capitalised {
            continue;
        }
        let Some(k) = (i.saturating_sub(6)..i)
            .rev()
            .find(|&k| ctx.word(k) == initials && ctx.tokens[k].capitalised)
            .filter(|_| !listed(NOT_ACRONYMS, &initials))
        else {
            continue;
        };
        let kind = head_kind(ctx, i + 1, j).unwrap_or(EntityKind::Organization);
        let mut m = mention(ctx, i + 1, j, kind, 1.0);
        m.reason = Some(format!("spelled out: {initials}"));
        let expansion = m.span;
        found.push(m);
        let mut e = k + 1;
        while e < i && ctx.tokens[e].capitalised && ctx.tokens[e].kind == TokenKind::Word {
            e += 1;
        }
        names.push((k, e, kind, expansion));
    }
    for &(k, e, kind, expansion) in &names {
        let pattern: Vec<&str> = (k..e).map(|t| ctx.word(t)).collect();
        for &i in &ctx.capitalised {
            if ctx.word(i) != pattern[0]
                || i + pattern.len() > n
                || !(0..pattern.len()).all(|d| ctx.word(i + d) == pattern[d])
            {
                continue;
            }
            let mut m = mention(ctx, i, i + pattern.len(), kind, 1.0);
            m.reason = Some(format!(
                "abbreviation spelled out as {}",
                expansion.text(ctx.text)
            ));
            found.push(m);
        }
    }
    if found.is_empty() {
        return;
    }
    out.retain(|m| !found.iter().any(|f| f.span.overlaps(m.span)));
    out.extend(found);
    out.sort_by_key(|m| m.span.start);
}

/// "a paper by AS Heagle": upper-case initials before a capitalised word
/// are a person's, when the document never uses the letters on their own.
fn add_initialled_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let gaz = Gazetteer::get();
    let mut added = Vec::new();
    for &i in &ctx.capitalised {
        let t = &ctx.tokens[i];
        let w = ctx.word(i);
        if i == 0
            || t.sentence_start
            || t.kind != TokenKind::Word
            || !(1..=2).contains(&w.len())
            || matches!(w, "A" | "I" | "O")
            || !w.bytes().all(|b| b.is_ascii_uppercase())
            || listed(NOT_ACRONYMS, w)
            || gaz.place(w).is_some()
            || ctx.tokens[i - 1].capitalised
        {
            continue;
        }
        let Some(next) = ctx.tokens.get(i + 1) else {
            continue;
        };
        let surname = ctx.word(i + 1);
        let after = ctx.tokens.get(i + 2);
        if next.kind != TokenKind::Word
            || !next.capitalised
            || !surname.chars().nth(1).is_some_and(char::is_lowercase)
            || after.is_some_and(|a| a.capitalised && a.kind == TokenKind::Word)
            || ctx.gazetteer_match(i + 1).is_some()
            || gazetteer::word_flags(surname) != 0
            || surname.chars().count() < 3
            || (ctx.is_common_word(surname)
                && gaz.surnames.get(surname).is_none_or(|&rank| rank >= 2000))
        {
            continue;
        }
        // The letters never stand alone in the document.
        let alone = ctx
            .capitalised
            .iter()
            .any(|&j| ctx.word(j) == w && !ctx.tokens.get(j + 1).is_some_and(|n| n.capitalised));
        if alone {
            continue;
        }
        // A surname read as a person grows its initials, and a known
        // surname outweighs the model's reading of the pair ("JT Pellow"
        // as an organisation); a rule's reading of them stands.
        let span = Span::new(t.span.start, next.span.end);
        let known_surname = gaz.surnames.contains_key(surname);
        let taken = out.iter().any(|m| {
            let surname_alone = m.kind == EntityKind::Person && m.first_token == i + 1;
            let model_pair = m.reason.is_none() && m.first_token == i && m.end_token == i + 2;
            m.span.overlaps(span) && !surname_alone && !(model_pair && known_surname)
        });
        if taken {
            continue;
        }
        let mut m = mention(ctx, i, i + 2, EntityKind::Person, 0.0);
        m.reason = Some("initials and a surname".to_string());
        added.push(m);
    }
    if added.is_empty() {
        return;
    }
    out.retain(|m| !added.iter().any(|a| a.span.overlaps(m.span)));
    out.extend(added);
}

/// An upper-case abbreviation nobody tagged ("NCLAN", "CEI") is most often
/// an organisation, unless the gazetteer says otherwise or the document
/// spells it out in lower case.
fn add_acronyms(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let gaz = Gazetteer::get();
    let terms = abbreviated_terms(ctx);
    let mut added = Vec::new();
    for &i in &ctx.capitalised {
        let t = &ctx.tokens[i];
        if covered[i] || t.kind != TokenKind::Word || t.span.len() > 12 {
            continue;
        }
        let w = t.text(ctx.text);
        if w.chars().nth(1).is_none_or(char::is_lowercase) {
            continue;
        }
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let upper = w.chars().filter(|c| c.is_uppercase()).count();
        let marked = i > 0 && matches!(ctx.word(i - 1), "@" | "#");
        if !(2..=6).contains(&letters)
            || upper < letters
            || marked
            || w.contains('.')
            || listed(NOT_ACRONYMS, w)
            || terms.contains(&w)
            || (letters >= 4 && ctx.is_common_word(w))
            || (ctx.is_common_word(w) && ctx.used_in_lower_case(w))
            || gaz.place(w).is_some()
            || gazetteer::is_title(w)
        {
            continue;
        }
        // Skip headings in capitals and initials before a surname ("AS Heagle").
        let shouting = |k: usize| {
            let n = ctx.word(k);
            n.len() > 1
                && n.chars().all(|c| !c.is_lowercase())
                && n.chars().any(char::is_alphabetic)
        };
        if (i > 0 && shouting(i - 1)) || shouting(i + 1) {
            continue;
        }
        // Alone, or joined only by a connector ("Results of NCLAN studies").
        let name_word = |k: usize| {
            ctx.candidate[k]
                && ctx.tokens[k].capitalised
                && !(ctx.tokens[k].sentence_start && ctx.is_common_word(ctx.word(k)))
        };
        let (run_start, run_end) = ctx.run_of(i);
        if (i > run_start && name_word(i - 1)) || (i + 1 < run_end && name_word(i + 1)) {
            continue;
        }
        if listed(NOT_ORG_AFTER, ctx.word(i + 1)) {
            continue;
        }
        // "MOSCOW (AP) —": a known place written in capitals.
        let mut title_case: String = w.chars().take(1).collect();
        title_case.extend(w.chars().skip(1).flat_map(char::to_lowercase));
        if letters >= 4
            && let Some(class) = gaz.place(&title_case)
            && sure_kind(class) == Some(EntityKind::Place)
        {
            let mut m = mention(ctx, i, i + 1, EntityKind::Place, 0.0);
            m.reason = Some(format!("gazetteer: {}", class.label()));
            added.push(m);
            continue;
        }
        let mut m = mention(ctx, i, i + 1, EntityKind::Organization, 0.0);
        m.reason = Some("acronym".to_string());
        added.push(m);
    }
    out.extend(added);
}

/// Honorifics after which an untagged capitalised word is a person.
const HONORIFICS: &[&str] = &[
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "President",
    "Senator",
    "Governor",
    "General",
    "Colonel",
    "Captain",
    "Judge",
    "Justice",
    "Minister",
    "Secretary",
    "Ambassador",
    "Mayor",
    "Pope",
    "Rabbi",
    "Imam",
    "Father",
];

/// "Mr. Toccafondi", "Dr Heald": names the model missed after an honorific.
fn add_titled_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let mut added = Vec::new();
    for &i in &ctx.capitalised {
        let t = &ctx.tokens[i];
        if i == 0 || covered[i] || t.kind != TokenKind::Word {
            continue;
        }
        let Some(title) = ctx.title_before(i) else {
            continue;
        };
        if !listed(HONORIFICS, title) {
            continue;
        }
        let mut end = i + 1;
        while end < ctx.tokens.len()
            && end < i + 3
            && ctx.tokens[end].capitalised
            && !covered[end]
            && !ctx.tokens[end].sentence_start
        {
            end += 1;
        }
        let words_ok = (i..end).all(|k| {
            let w = ctx.word(k);
            !ctx.is_common_word(w) && !is_generic(w) && !is_demonym_form(w)
        });
        if !words_ok {
            continue;
        }
        let mut m = mention(ctx, i, end, EntityKind::Person, 0.0);
        m.reason = Some(format!("title cue: {title}"));
        added.push(m);
    }
    out.extend(added);
}

/// "New South Wales, Victoria, Western Australia and Queensland": in a list
/// of names, at least two of them places and none a person or an
/// organisation, the untagged names are places too; in a list with two
/// organisations or more and no place, the untagged names and those the
/// model alone read as people are organisations.
fn add_listed_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let n = ctx.tokens.len();
    let name_word = |k: usize| {
        let t = &ctx.tokens[k];
        t.capitalised && t.kind == TokenKind::Word && !t.sentence_start
    };
    // Maximal runs of capitalised words, grouped into lists joined by
    // ",", "and", "or" or ", and".
    let mut lists: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut current: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < n {
        if !(name_word(k) || (ctx.tokens[k].capitalised && ctx.tokens[k].sentence_start)) {
            k += 1;
            continue;
        }
        let a = k;
        k += 1;
        while k < n && name_word(k) {
            k += 1;
        }
        current.push((a, k));
        let joiner = |j: usize| matches!(ctx.word(j), "," | "and" | "or");
        let mut j = k;
        while j < n && j < k + 2 && joiner(j) {
            j += 1;
        }
        let joined = j > k && j < n && name_word(j) && !(j == k + 2 && ctx.word(k) != ",");
        if !joined {
            lists.push(std::mem::take(&mut current));
        }
        k = j.max(k);
    }
    lists.push(current);
    let covered = covered_tokens(ctx, out);
    // The mention covering each token, by index.
    let mut owner = vec![usize::MAX; ctx.tokens.len()];
    for (k, m) in out.iter().enumerate() {
        for o in &mut owner[m.first_token..m.end_token] {
            if *o == usize::MAX {
                *o = k;
            }
        }
    }
    let gaz = Gazetteer::get();
    let mut added = Vec::new();
    let mut retyped = Vec::new();
    for list in lists.iter().filter(|l| l.len() >= 3) {
        let kind_in = |&(a, b): &(usize, usize)| {
            (a..b)
                .map(|t| owner[t])
                .find(|&k| k != usize::MAX)
                .map(|k| (k, out[k].kind))
        };
        let found: Vec<Option<(usize, EntityKind)>> = list.iter().map(kind_in).collect();
        let count = |kind| {
            found
                .iter()
                .filter(|f| f.is_some_and(|(_, k)| k == kind))
                .count()
        };
        // A member the model alone read as a person, with no given name
        // and no title, may be one of a list of organisations ("iTunes,
        // Vudu, YouTube and Google Play").
        let loose_person = |k: usize| {
            let m = &out[k];
            m.kind == EntityKind::Person
                && m.reason.is_none()
                && ctx.title_before(m.first_token).is_none()
                && (m.first_token..m.end_token).all(|t| gaz.given_rank(ctx.word(t)).is_none())
        };
        let kind = if count(EntityKind::Place) >= 2
            && count(EntityKind::Place) + found.iter().filter(|f| f.is_none()).count() == list.len()
        {
            EntityKind::Place
        } else if count(EntityKind::Organization) >= 2
            && found.iter().all(|f| match f {
                None => true,
                Some((_, EntityKind::Organization)) => true,
                Some((k, EntityKind::Person)) => loose_person(*k),
                Some(_) => false,
            })
        {
            EntityKind::Organization
        } else {
            continue;
        };
        let reason = match kind {
            EntityKind::Place => "listed with places",
            _ => "listed with organisations",
        };
        for (&(a, b), f) in list.iter().zip(&found) {
            if let Some((k, EntityKind::Person)) = *f {
                if kind == EntityKind::Organization {
                    retyped.push(k);
                }
                continue;
            }
            if (a..b).any(|t| covered[t]) || ctx.tokens[a].sentence_start {
                continue;
            }
            let words_ok = (a..b).all(|t| {
                let w = ctx.word(t);
                (!ctx.is_common_word(w) || gazetteer::is_demonym(w)) && !gazetteer::is_title(w)
            }) && !is_demonym_form(ctx.word(b - 1));
            if !words_ok {
                continue;
            }
            let mut m = mention(ctx, a, b, kind, 0.0);
            m.reason = Some(reason.to_string());
            added.push(m);
        }
    }
    for k in retyped {
        out[k].kind = EntityKind::Organization;
        out[k].reason = Some("listed with organisations".to_string());
    }
    out.extend(added);
}

/// Words after a name (or its possessive) that speak of it as a body of
/// people or a business ("Scientology officials", "Uber drivers", "Acme's
/// shareholders").
const ORG_COMPANY_AFTER: &[&str] = &[
    "officials",
    "organization",
    "organisation",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "headquarters",
    "executives",
    "executive",
    "employees",
    "staff",
    "leadership",
    "subsidiary",
    "shareholders",
    "investors",
    "customers",
    "shoppers",
    "subscribers",
    "users",
    "drivers",
    "workers",
    "stores",
    "shares",
    "stock",
    "app",
    "apps",
    "website",
    "platform",
    "brand",
    "products",
    "founder",
    "cofounder",
    "co-founder",
    "CEO",
    "chairman",
    "boss",
    "board",
    "parent",
    "deal",
    "merger",
];

/// Lower-case words before "of" and a name that make it a body of people
/// ("members of Scientology", "shares of Verizon").
const ORG_COMPANY_BEFORE_OF: &[&str] = &[
    "members",
    "member",
    "employees",
    "employee",
    "officials",
    "leaders",
    "leadership",
    "headquarters",
    "subsidiary",
    "shareholders",
    "shares",
    "customers",
    "founder",
    "co-founder",
    "cofounder",
    "CEO",
    "owner",
    "acquisition",
    "takeover",
];

/// A name the model read as a person or a place that the document speaks
/// of as a body of people or a business ("Scientology officials", "members
/// of Scientology", "Uber drivers", "Uber and its drivers") is an
/// organisation, everywhere in the document. A person's name must never be
/// part of a longer person name nor follow a title, and start with no
/// given name; a place's must be unknown to the gazetteer. It takes two
/// such cues, or for a person one "its".
fn organisations_by_company(ctx: &DocContext<'_>, out: &mut [RawMention]) {
    let gaz = Gazetteer::get();
    let mut in_long_person: FastSet<&str> = FastSet::default();
    for m in out.iter() {
        if m.kind == EntityKind::Person && m.end_token - m.first_token > 1 {
            in_long_person.extend((m.first_token..m.end_token).map(|k| ctx.word(k)));
        }
    }
    // Candidate names by their text: an id, and whether they may change.
    let mut ids: FastMap<&str, usize> = FastMap::default();
    let mut names: Vec<(Vec<&str>, bool)> = Vec::new();
    let mut name_of: Vec<Option<usize>> = vec![None; out.len()];
    for (k, m) in out.iter().enumerate() {
        if !matches!(m.kind, EntityKind::Person | EntityKind::Place) {
            continue;
        }
        let words = m.first_token..m.end_token;
        let name = m.span.text(ctx.text);
        let eligible = m.reason.is_none()
            && ctx.title_before(m.first_token).is_none()
            && ctx.gazetteer_match(m.first_token).is_none()
            && words.clone().all(|t| gaz.given_rank(ctx.word(t)).is_none())
            && (m.kind == EntityKind::Place || words.len() > 1 || !in_long_person.contains(name))
            && gaz.place(name).is_none();
        let id = *ids.entry(name).or_insert_with(|| {
            names.push((words.map(|t| ctx.word(t)).collect(), true));
            names.len() - 1
        });
        names[id].1 &= eligible;
        name_of[k] = Some(id);
    }
    let mut by_first: FastMap<&str, Vec<usize>> = FastMap::default();
    for (id, (words, ok)) in names.iter().enumerate() {
        if *ok {
            by_first.entry(words[0]).or_default().push(id);
        }
    }
    if by_first.is_empty() {
        return;
    }
    // (company cues, "its" cues) per name.
    let mut cues = vec![(0usize, 0usize); names.len()];
    let n = ctx.tokens.len();
    for &i in &ctx.capitalised {
        let Some(candidates) = by_first.get(ctx.word(i)) else {
            continue;
        };
        for &id in candidates {
            let words = &names[id].0;
            let end = i + words.len();
            if end > n || !(1..words.len()).all(|d| ctx.word(i + d) == words[d]) {
                continue;
            }
            let mut after = end;
            if ctx
                .tokens
                .get(after)
                .is_some_and(|t| t.kind == TokenKind::Possessive)
            {
                after += 1;
            }
            let company = (after < n && listed(ORG_COMPANY_AFTER, ctx.word(after)))
                || (i >= 2
                    && ctx.word(i - 1) == "of"
                    && listed(ORG_COMPANY_BEFORE_OF, ctx.word(i - 2)));
            // "Netanyahu's Likud party": a party is a body on its own word.
            let party = after == end && after < n && ctx.word(after) == "party";
            // "Uber and its drivers", "Uber, its parent …", "Uber published
            // its analysis".
            let its = (end..(end + 3).min(n)).any(|k| ctx.word(k) == "its")
                && (end..(end + 3).min(n))
                    .take_while(|&k| ctx.word(k) != "its")
                    .all(|k| {
                        let t = &ctx.tokens[k];
                        ctx.word(k) == "," || (t.kind == TokenKind::Word && !t.capitalised)
                    });
            cues[id].0 += usize::from(company) + 2 * usize::from(party);
            cues[id].1 += usize::from(its);
        }
    }
    for (m, id) in out.iter_mut().zip(name_of) {
        let Some(id) = id.filter(|&id| names[id].1) else {
            continue;
        };
        let (company, its) = cues[id];
        let person_its = m.kind == EntityKind::Person && its >= 1;
        if company >= 2 || person_its {
            m.kind = EntityKind::Organization;
            m.reason = Some("spoken of as an organisation".to_string());
        }
    }
}

/// "said Vladimir Putin", "Florence Pugh told": a town's name followed by
/// a word that is no place, no head word and no common word, next to a
/// reporting verb or with a known given name or surname in it, is a person,
/// though the model read the town ("Vladimir" is a Russian city).
fn person_named_like_a_town(ctx: &DocContext<'_>, out: &mut [RawMention]) {
    let gaz = Gazetteer::get();
    let reporting = |i: usize| {
        i < ctx.tokens.len() && {
            let w = ctx.word(i);
            w.chars().all(|c| c.is_ascii_lowercase()) && quotes::words::is_reporting_verb(w)
        }
    };
    let taken: std::collections::HashSet<usize> = out
        .iter()
        .flat_map(|m| m.first_token..m.end_token)
        .collect();
    for m in out.iter_mut() {
        let a = m.first_token;
        // The town alone ("said Vladimir Putin" with only "Vladimir" tagged)
        // takes the name after it.
        let b = match m.end_token - a {
            1 if a + 1 < ctx.tokens.len() && !taken.contains(&(a + 1)) => a + 2,
            2 => m.end_token,
            _ => continue,
        };
        if m.kind != EntityKind::Place {
            continue;
        }
        let (given, surname) = (ctx.word(a), ctx.word(a + 1));
        let town_first = ctx
            .gazetteer_match(a)
            .is_some_and(|(_, s, e)| s == a && e == a + 1);
        let surname_is_name = ctx.tokens[a + 1].capitalised
            && ctx.tokens[a + 1].kind == TokenKind::Word
            && ctx.gazetteer_match(a + 1).is_none()
            && !gazetteer::is_place_head(surname)
            && !gazetteer::is_org_head(surname)
            && !gazetteer::is_title(surname)
            && !is_demonym_form(surname)
            && !ctx.is_common_word(surname);
        let cue = (a > 0 && reporting(a - 1))
            || reporting(b)
            || gaz.given_rank(given).is_some()
            || gaz.surnames.contains_key(surname);
        if town_first && surname_is_name && cue {
            if m.end_token != b {
                m.span = Span::new(m.span.start, ctx.tokens[b - 1].span.end);
                m.end_token = b;
            }
            m.kind = EntityKind::Person;
            m.reason = Some(format!("person cue: {given} {surname}"));
        }
    }
}

/// "Park Joo-Ho", "Kim Min-woo": a short family name and a hyphenated
/// given name read as a Korean personal name, whatever the model said.
fn korean_names(ctx: &DocContext<'_>, out: &mut [RawMention]) {
    for m in out.iter_mut() {
        if m.kind == EntityKind::Person || m.end_token - m.first_token != 2 {
            continue;
        }
        let family = ctx.word(m.first_token);
        let given = ctx.word(m.first_token + 1);
        let hyphenated = given.split_once('-').is_some_and(|(a, b)| {
            a.len() >= 2
                && b.len() >= 2
                && a.chars().next().is_some_and(char::is_uppercase)
                && a.chars().skip(1).all(char::is_lowercase)
                && b.chars().skip(1).all(char::is_lowercase)
        });
        if hyphenated
            && (2..=5).contains(&family.len())
            && family.chars().skip(1).all(char::is_lowercase)
        {
            m.kind = EntityKind::Person;
            m.reason = Some("looks like a Korean name".to_string());
        }
    }
}

/// Two or three capitalised words that are no common word, no known place
/// and no organisation, away from a sentence start, are most often a
/// person's name ("Alireza Mehraban", "Romelu Lukaku").
fn add_unknown_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let gaz = Gazetteer::get();
    let mut added = Vec::new();
    for (run_start, run_end) in ctx.runs() {
        if !ctx.candidate[run_start] || !(2..=3).contains(&(run_end - run_start)) {
            continue;
        }
        if ctx.tokens[run_start].sentence_start || (run_start..run_end).any(|k| covered[k]) {
            continue;
        }
        let all_names = (run_start..run_end).all(|k| {
            let t = &ctx.tokens[k];
            let w = t.text(ctx.text);
            let mut chars = w.chars();
            t.kind == TokenKind::Word
                && chars.next().is_some_and(char::is_uppercase)
                && chars.any(char::is_lowercase)
                && w.chars().count() > 1
                && !ctx.is_common_word(w)
                && gazetteer::word_flags(w) == 0
                && ctx.gazetteer_match(k).is_none()
        });
        if !all_names {
            continue;
        }
        let mut m = mention(ctx, run_start, run_end, EntityKind::Person, 0.0);
        m.reason = Some("looks like a personal name".to_string());
        let _ = gaz;
        added.push(m);
    }
    out.extend(added);
}

/// Names built on a head word: "New York Times", "Ministry of Defence" and
/// "Refugee Council" are organisations; "Constitution Hall" is a place. The
/// whole run becomes one name, replacing the model's pieces.
fn head_runs(ctx: &DocContext<'_>, raw: Vec<RawMention>) -> Vec<RawMention> {
    let mut found: Vec<RawMention> = Vec::new();
    for (mut run_start, run_end) in ctx.runs() {
        // "Matthew Ingram of The Globe and Mail": a person, "of", a body.
        if let Some((person, body_start)) = person_of_body(ctx, run_start, run_end) {
            found.push(person);
            run_start = body_start;
        }
        // Parts separated by "and" are separate names when each has a head.
        let mut parts = Vec::new();
        let mut s = run_start;
        for k in run_start..run_end {
            if matches!(ctx.word(k), "and" | "&") {
                parts.push((s, k));
                s = k + 1;
            }
        }
        parts.push((s, run_end));
        let kinds: Vec<Option<EntityKind>> =
            parts.iter().map(|&(a, b)| head_kind(ctx, a, b)).collect();
        // "Emily V. Gordon and Silicon Valley": a person's full name is no
        // part of the other name.
        let personal = |&(a, b): &(usize, usize)| {
            b - a >= 2
                && Gazetteer::get()
                    .given_rank(ctx.word(a))
                    .is_some_and(|r| r < 2000)
        };
        let unheaded_are_people = parts
            .iter()
            .zip(&kinds)
            .all(|(p, k)| k.is_some() || personal(p));
        if parts.len() > 1 && kinds.iter().any(Option::is_none) && !unheaded_are_people {
            parts = vec![(run_start, run_end)];
        }
        for (a, b) in parts {
            let Some(kind) = head_kind(ctx, a, b) else {
                continue;
            };
            let mut first = a;
            while first < b && (is_leading_filler(ctx, first) || is_demonym_form(ctx.word(first))) {
                first += 1;
            }
            if b - first < 2 {
                continue;
            }
            let mut m = mention(ctx, first, b, kind, 1.0);
            let head = if kind == EntityKind::Place {
                ctx.word(b - 1)
            } else {
                head_word(ctx, first, b)
            };
            let head = if listed(PLACE_FIRSTS, ctx.word(first)) {
                ctx.word(first)
            } else {
                head
            };
            m.reason = Some(match kind {
                EntityKind::Place => format!("place word: {head}"),
                _ => format!("organisation word: {head}"),
            });
            found.push(m);
        }
    }
    if found.is_empty() {
        return raw;
    }
    let covered = covered_tokens(ctx, &found);
    let mut out: Vec<RawMention> = raw
        .into_iter()
        .filter(|m| !covered[m.first_token..m.end_token].iter().any(|&c| c))
        .collect();
    out.extend(found);
    out.sort_by_key(|m| m.span.start);
    out
}

/// A personal name, "of" and an organisation in one run of capitalised
/// words ("Ann Reid of the Water Board"): the person, and where the
/// organisation's name starts.
fn person_of_body(ctx: &DocContext<'_>, a: usize, b: usize) -> Option<(RawMention, usize)> {
    let of = (a + 2..b.saturating_sub(1)).find(|&k| ctx.word(k) == "of")?;
    let mut first = a;
    while first < of && is_leading_filler(ctx, first) {
        first += 1;
    }
    if of < first + 2 {
        return None;
    }
    let plain_name = (first..of).all(|k| {
        let w = ctx.word(k);
        ctx.tokens[k].capitalised
            && ctx.tokens[k].kind == TokenKind::Word
            && ctx.gazetteer_match(k).is_none()
            && gazetteer::word_flags(w) == 0
    });
    let given = Gazetteer::get()
        .given_rank(ctx.word(first))
        .is_some_and(|r| r < 2000);
    if !plain_name || !given || of - first > 3 {
        return None;
    }
    let mut body = of + 1;
    if matches!(ctx.word(body), "the" | "The") {
        body += 1;
    }
    if head_kind(ctx, body, b) != Some(EntityKind::Organization) {
        return None;
    }
    let mut person = mention(ctx, first, of, EntityKind::Person, 1.0);
    person.reason = Some(format!("given name: {}", ctx.word(first)));
    Some((person, body))
}

/// A word before a name that is not part of it: a determiner, or a common
/// word starting the sentence ("Yesterday").
fn is_leading_filler(ctx: &DocContext<'_>, i: usize) -> bool {
    let w = ctx.word(i);
    matches!(w, "The" | "the" | "A" | "An")
        || (ctx.tokens[i].sentence_start && ctx.is_common_word(w) && !gazetteer::is_org_head(w))
}

/// The organisation head in tokens `a..b`, for reasons.
fn head_word<'a>(ctx: &DocContext<'a>, a: usize, b: usize) -> &'a str {
    (a..b)
        .map(|k| ctx.word(k))
        .find(|w| gazetteer::is_org_head(w) || listed(ORG_HEADS_FIRST, w))
        .unwrap_or_else(|| ctx.word(b - 1))
}

/// Words for bodies that open their names in French, Italian, Spanish,
/// Portuguese and German ("Instituto Gonzaga", "Banca d'Italia").
const ORG_HEADS_FIRST: &[&str] = &[
    "Instituto",
    "Istituto",
    "Institut",
    "Universidad",
    "Universidade",
    "Università",
    "Université",
    "Universität",
    "Banco",
    "Banca",
    "Banque",
    "Partido",
    "Partito",
    "Parti",
    "Movimento",
    "Movimiento",
    "Mouvement",
    "Ministerio",
    "Ministero",
    "Ministère",
    "Ministerium",
    "Comune",
    "Liceo",
    "Colegio",
    "Collegio",
    "Escuela",
    "Scuola",
    "École",
    "Hochschule",
    "Sociedad",
    "Società",
    "Société",
    "Fundación",
    "Fondazione",
    "Fondation",
    "Stiftung",
    "Associazione",
    "Asociación",
    "Associação",
    "Consiglio",
    "Consejo",
    "Conseil",
    "Tribunale",
    "Agenzia",
    "Agencia",
    "Compagnie",
    "Compañía",
    "Polizia",
    "Policía",
];

/// Place words for buildings and structures, which stay places whatever
/// body they are named after ("University Station", "Parliament Square").
const FACILITY_HEADS: &[&str] = &[
    "Station", "Airport", "Stadium", "Arena", "Bridge", "Square", "Tower", "Towers", "Memorial",
];

/// The kind that a head word gives tokens `a..b`, if any.
fn head_kind(ctx: &DocContext<'_>, a: usize, b: usize) -> Option<EntityKind> {
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
    if first + 1 < b && listed(ORG_HEADS_FIRST, ctx.word(first)) {
        return Some(EntityKind::Organization);
    }
    let last = ctx.word(b - 1);
    if gazetteer::is_org_head(last) {
        return Some(EntityKind::Organization);
    }
    if matches!(last, "Center" | "Centre")
        && (first..b - 1).any(|k| listed(CENTRE_PURPOSES, ctx.word(k)))
        && !(first..b - 1).any(|k| listed(CENTRE_VISITS, ctx.word(k)))
    {
        return Some(EntityKind::Organization);
    }
    if listed(PLACE_FIRSTS, ctx.word(first))
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
        if !listed(FACILITY_HEADS, last) && (a..b - 1).any(|k| gazetteer::is_org_head(ctx.word(k)))
        {
            return Some(EntityKind::Organization);
        }
        return Some(EntityKind::Place);
    }
    None
}

fn covered_tokens(ctx: &DocContext<'_>, out: &[RawMention]) -> Vec<bool> {
    let mut covered = vec![false; ctx.tokens.len()];
    for m in out {
        for c in &mut covered[m.first_token..m.end_token] {
            *c = true;
        }
    }
    covered
}

/// Adjectives that start organisation names but name nothing alone
/// ("National" cut from "the National Iodine Nutrition study").
const LONE_ADJECTIVES: &[&str] = &[
    "National",
    "International",
    "Federal",
    "Royal",
    "Central",
    "Global",
    "Regional",
    "Municipal",
    "Provincial",
    "Imperial",
    "Supreme",
];

/// Number words, which name nothing alone ("Three were hurt").
const NUMBER_WORDS: &[&str] = &[
    "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
    "Twelve", "Twenty", "Thirty", "Forty", "Fifty", "Hundred", "Thousand", "Million", "Billion",
    "Dozen", "Half",
];

/// One-word names that are no names: a Roman numeral ("part XVII"), a
/// number word, an adjective left from a longer name, and a word the
/// document capitalises only to start sentences or inside longer names and
/// otherwise writes in lower case ("Iodine deficiency can …" beside
/// "iodine" and "the National Iodine Study").
fn drop_lone_words(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let gaz = Gazetteer::get();
    out.retain(|m| {
        if m.end_token - m.first_token != 1 {
            return true;
        }
        let w = ctx.word(m.first_token);
        if gaz.place(w).is_some() {
            return true;
        }
        let numeral = w.len() >= 2 && group::is_roman_numeral(w);
        let only_opens_sentences = ctx.tokens[m.first_token].sentence_start
            && !ctx.capitalised_alone(w)
            && ctx.used_in_lower_case(w)
            && gaz.given_rank(w).is_none()
            && !gaz.surnames.contains_key(w);
        let not_a_body = m.kind == EntityKind::Organization && listed(NOT_ACRONYMS, w);
        !(numeral
            || not_a_body
            || listed(NUMBER_WORDS, w)
            || listed(LONE_ADJECTIVES, w)
            || only_opens_sentences)
    });
}

/// "Minister of Transport Marta Kowalczyk", "Secretary of State John
/// Kerry": a post named as a title, "of" and capitalised words, then a
/// given name and a surname at the end of the run. The post is no name;
/// the person at the end is.
fn names_after_a_post(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let gaz = Gazetteer::get();
    let mut people = Vec::new();
    for (a, b) in ctx.runs() {
        // The run holds "of" and what follows; the title opening a
        // sentence may have been left out of it.
        let of = if ctx.word(a) == "of" { a } else { a + 1 };
        let post = of.checked_sub(1).map(|t| ctx.word(t)).unwrap_or_default();
        if b < of + 3 || ctx.word(of) != "of" || !gazetteer::is_title(post) {
            continue;
        }
        // The given name: the last one with at least one capitalised word
        // after it, and one capitalised word or more before it after "of".
        let person = (of + 2..b.saturating_sub(1)).rev().find(|&k| {
            let w = ctx.word(k);
            gaz.given_rank(w).is_some()
                && !ctx.is_common_word(w)
                && (k..b).all(|j| {
                    let t = &ctx.tokens[j];
                    let w = ctx.word(j);
                    t.capitalised
                        && t.kind == TokenKind::Word
                        && !gazetteer::is_org_head(w)
                        && !gazetteer::is_place_head(w)
                        && !is_demonym_form(w)
                })
        });
        if let Some(k) = person {
            let mut m = mention(ctx, k, b, EntityKind::Person, 0.0);
            m.reason = Some(format!("person after the post {post}"));
            people.push(m);
        }
    }
    if people.is_empty() {
        return;
    }
    // Whatever the model made of the run gives way.
    out.retain(|m| {
        !people.iter().any(|p| {
            let (a, _) = ctx.run_of(p.first_token);
            m.first_token < p.end_token && m.end_token > a
        })
    });
    out.extend(people);
}
