//! The sequence tagger: candidate names, their features, and Viterbi
//! decoding of each candidate run into person, place and organisation spans,
//! in two passes (the second reads document-level evidence from the first).
//!
//! Only capitalised tokens (and connectors such as "of" between them) are
//! scored; every other token is outside a name. That keeps the tagger fast on
//! books, where most tokens are lower-case words.

use super::EntityKind;
use super::clusters::{Cluster, Clusters};
use super::gazetteer::{self, Gazetteer, NameClass};
use super::model::{
    FastMap, FastSet, LABELS, Model, O, Scores, Trainer, combine, feature, feature_ascii_lowercase,
};
use super::token_set::{Bits, TokenSet};
use super::tokenize::{Token, TokenKind, listed};
use crate::span::Span;

/// Lower-case words that may join capitalised words into one name.
const CONNECTORS: &[&str] = &[
    "of", "de", "del", "della", "di", "da", "du", "la", "le", "van", "von", "der", "den", "al",
    "bin", "ibn", "y", "and", "for", "the", "on", "upon", "&", "-", "du", "des", "el",
];

/// Capitalised function words that start sentences.
const FUNCTION_WORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "Your",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "Here",
    "Then",
    "But",
    "And",
    "Or",
    "Nor",
    "So",
    "Yet",
    "For",
    "If",
    "When",
    "While",
    "As",
    "At",
    "In",
    "On",
    "Of",
    "To",
    "From",
    "With",
    "Without",
    "By",
    "After",
    "Before",
    "During",
    "Since",
    "Until",
    "Though",
    "Although",
    "Because",
    "What",
    "Which",
    "Who",
    "Whom",
    "Whose",
    "Where",
    "Why",
    "How",
    "Not",
    "No",
    "Yes",
    "All",
    "Some",
    "Any",
    "Each",
    "Every",
    "Both",
    "Either",
    "Neither",
    "Such",
    "Only",
    "Even",
    "Also",
    "Still",
    "Now",
    "Well",
    "Oh",
    "Ah",
    "Was",
    "Were",
    "Is",
    "Are",
    "Be",
    "Been",
    "Had",
    "Has",
    "Have",
    "Do",
    "Does",
    "Did",
    "Would",
    "Shall",
    "Should",
    "Can",
    "Could",
    "Might",
    "Must",
    "Let",
    "Just",
    "Yesterday",
    "Today",
    "However",
    "Meanwhile",
    "Moreover",
    "Perhaps",
    "Again",
    "Once",
    "Never",
    "Always",
    "Thus",
    "Therefore",
    "Besides",
    "Indeed",
    "Instead",
    "Later",
    "Earlier",
    "Into",
    "Upon",
    "Over",
    "Under",
    "Through",
    "Between",
    "Among",
    "Against",
    "About",
    "Around",
    "Like",
    "Unlike",
    "Whether",
    "Whatever",
    "Everyone",
    "Everything",
    "Nothing",
    "Something",
    "Someone",
    "Nobody",
    "Very",
    "Too",
    "Much",
    "Many",
    "More",
    "Most",
    "Other",
    "Another",
    "Same",
    "Own",
    "Than",
    "Out",
    "Up",
    "Down",
    "Off",
    "Why",
    "Am",
    "Being",
    "Having",
    "Ever",
    "Soon",
    "Already",
    "Almost",
    "Him",
    "Thy",
    "Thee",
    "Thou",
    "Thine",
    "Himself",
    "Herself",
    "Me",
    "Us",
    "Them",
];

/// Personal pronouns, capitalised: never part of a name, wherever they
/// stand ("God Himself", "Why He Left").
const PRONOUNS: &[&str] = &[
    "He",
    "She",
    "It",
    "We",
    "They",
    "You",
    "Him",
    "Her",
    "Us",
    "Them",
    "Me",
    "His",
    "Its",
    "Our",
    "Their",
    "My",
    "Your",
    "Himself",
    "Herself",
    "Itself",
    "Themselves",
    "Thee",
    "Thou",
    "Thy",
    "Thine",
    "Ye",
];

/// True for a capitalised personal pronoun ("Himself").
fn is_pronoun(word: &str) -> bool {
    word.len() <= 10 && PRONOUNS.contains(&word)
}

/// True for a capitalised function word or pronoun ("The", "Besides", "Him").
pub fn is_function_word(word: &str) -> bool {
    static SET: std::sync::OnceLock<FastSet<&'static str>> = std::sync::OnceLock::new();
    SET.get_or_init(|| FUNCTION_WORDS.iter().copied().collect())
        .contains(word)
}

/// The kind a B/I label stands for.
pub fn label_kind(label: u8) -> Option<EntityKind> {
    match label {
        1 | 2 => Some(EntityKind::Person),
        3 | 4 => Some(EntityKind::Place),
        5 | 6 => Some(EntityKind::Organization),
        _ => None,
    }
}

/// The B label of a kind.
pub fn begin_label(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Person => 1,
        EntityKind::Place => 3,
        EntityKind::Organization => 5,
    }
}

fn is_inside(label: u8) -> bool {
    label == 2 || label == 4 || label == 6
}

/// A name the tagger found.
#[derive(Clone, Debug, PartialEq)]
pub struct RawMention {
    /// The name's bytes.
    pub span: Span,
    /// Its kind.
    pub kind: EntityKind,
    /// Index of its first token.
    pub first_token: usize,
    /// One past its last token.
    pub end_token: usize,
    /// Margin of the chosen label over "outside", summed over its tokens,
    /// divided by the token count.
    pub margin: f32,
    /// The rule that made this mention or set its kind, with what it saw;
    /// `None` when the model alone did, as it does for most (boxed, so
    /// that those take a pointer's room, not a reason's).
    pub reason: Option<Box<super::rules::Reason>>,
}

/// A gazetteer place name found in a candidate run.
#[derive(Clone, Copy, Debug)]
struct PlaceMatch {
    /// Its first token.
    first: u32,
    /// One past its last token.
    end: u32,
    /// What the gazetteer calls it.
    class: NameClass,
}

/// Per-document facts the features read.
///
/// Only candidate tokens are ever tagged, and a book has few of them (one
/// token in twenty), so what is known about them alone is kept per
/// candidate (indexed by its place among [`DocContext::candidates`]) or per
/// name found, never per token.
pub struct DocContext<'a> {
    /// The text.
    pub text: &'a str,
    /// Its tokens.
    pub tokens: &'a [Token],
    /// The tokens that may be part of a name.
    candidate: TokenSet,
    /// Indices of the candidate tokens, in order.
    candidates: Vec<u32>,
    /// Indices of the capitalised tokens, in order.
    capitalised: Vec<u32>,
    /// Per candidate: the first token of its candidate run, and one past
    /// its last.
    runs: Vec<(u32, u32)>,
    /// The longest gazetteer place names inside the candidate runs, in
    /// order.
    places: Vec<PlaceMatch>,
    /// Words used in lower case somewhere in the document.
    /// Lower-case forms of the capitalised words, each with whether the
    /// document also uses it in lower case.
    doc_lower: FastMap<String, bool>,
    /// Words used capitalised away from a sentence start.
    doc_mid_caps: FastSet<&'a str>,
    /// Words used capitalised away from a sentence start with no
    /// capitalised word beside them (a name of one word).
    doc_lone_caps: FastSet<&'a str>,
    /// Words common in lower case (from the model's training text).
    common_words: &'a FastSet<&'static str>,
    /// The clusters of the words the features ask about (candidates and
    /// their neighbours), looked up once per distinct word: the exact form,
    /// then the lower-case form.
    word_clusters: FastMap<&'a str, (Option<Cluster>, Option<Cluster>)>,
}

impl<'a> DocContext<'a> {
    /// Computes the document facts. `common_words` are words known to be
    /// common in lower case (normally [`Model::lowercase_words`]).
    pub fn new(
        text: &'a str,
        tokens: &'a [Token],
        common_words: &'a FastSet<&'static str>,
    ) -> Self {
        let n = tokens.len();
        // Only capitalised words are ever asked about, so collect their
        // lower-case forms first and then mark those used in lower case:
        // lookups, not inserts, for the bulk of a book's words.
        let mut doc_lower: FastMap<String, bool> = FastMap::default();
        let mut doc_mid_caps = FastSet::default();
        let mut doc_lone_caps = FastSet::default();
        let mut buf = String::new();
        // A cheap filter (length, first and last byte) in front of the map.
        let mut signatures = vec![0u64; (1 << 20) / 64];
        for (i, t) in tokens.iter().enumerate() {
            if t.kind() != TokenKind::Word || !t.capitalised() {
                continue;
            }
            let w = t.text(text);
            if !t.sentence_start() {
                doc_mid_caps.insert(w);
                let beside = |k: Option<usize>| {
                    k.and_then(|k| tokens.get(k))
                        .is_some_and(|n| n.capitalised() && n.kind() == TokenKind::Word)
                };
                if !beside(i.checked_sub(1)) && !beside(Some(i + 1)) {
                    doc_lone_caps.insert(w);
                }
            }
            // Function words would make "the" and "he" hit the map below
            // a hundred thousand times in a novel, for nothing.
            if is_function_word(w) {
                continue;
            }
            buf.clear();
            push_lowercase(&mut buf, w);
            if !doc_lower.contains_key(buf.as_str()) {
                let s = signature(&buf);
                signatures[s / 64] |= 1 << (s % 64);
                doc_lower.insert(buf.clone(), false);
            }
        }
        for t in tokens {
            if t.kind() != TokenKind::Word || t.capitalised() {
                continue;
            }
            let w = t.text(text);
            let s = signature(w);
            if signatures[s / 64] & (1 << (s % 64)) != 0
                && let Some(seen) = doc_lower.get_mut(w)
            {
                *seen = true;
            }
        }
        let mut candidate = Bits::new(n);
        for (i, t) in tokens.iter().enumerate() {
            // A function word starting a sentence ("The", "He", "But") is
            // never a name unless a capitalised word follows it, and nor is
            // a common word this document also uses in lower case ("Yes",
            // "Having") or the word vectors read as a word ("Suddenly");
            // skipping these halves the work on novels.
            candidate.set(i, t.capitalised() && !is_pronoun(t.text(text)));
            if t.capitalised()
                && t.sentence_start()
                && !tokens.get(i + 1).is_some_and(|n| n.capitalised())
            {
                let w = t.text(text);
                let mut plain_common = || {
                    buf.clear();
                    push_lowercase(&mut buf, w);
                    // "Hella and Tobin went out", "Minister of Education
                    // Ada Byrne": a word joined to a name after it may be
                    // part of a name, or one itself.
                    let joined = tokens.get(i + 1).is_some_and(|n| {
                        let c = n.text(text);
                        listed(CONNECTORS, c) || matches!(c, "and" | "&" | "or" | "for")
                    }) && tokens
                        .get(i + 2)
                        .is_some_and(|n| n.capitalised() || n.text(text) == "the");
                    (common_words.contains(buf.as_str())
                        && doc_lower.get(buf.as_str()).copied().unwrap_or(false))
                        || (!joined && own_word(w, &buf))
                };
                // "WHO say …": a known name in capitals is no common word.
                let known_caps = w.len() >= 2
                    && w.bytes().all(|b| b.is_ascii_uppercase())
                    && Gazetteer::get().place(w).is_some();
                if !known_caps && (is_function_word(w) || plain_common()) {
                    candidate.set(i, false);
                }
            }
            // "Image: Nick Moreau": a caption's label; "Fax 555-0199": a
            // contact line's; "T-shirt", "X-ray": a letter joined to a common
            // noun.
            if t.capitalised() {
                let w = t.text(text);
                let next = tokens.get(i + 1);
                let label = (listed(CAPTION_LABELS, w)
                    && next.is_some_and(|n| n.text(text) == ":"))
                    || (listed(CONTACT_LABELS, w)
                        && next
                            .is_some_and(|n| n.text(text) == ":" || n.kind() == TokenKind::Number));
                if label || is_letter_compound(w) {
                    candidate.set(i, false);
                }
            }
        }
        // Connectors between two capitalised tokens of one sentence.
        for i in 1..n.saturating_sub(1) {
            if candidate.get(i) || !tokens[i - 1].capitalised() || !tokens[i + 1].capitalised() {
                continue;
            }
            if tokens[i + 1].sentence_start() || gazetteer::is_calendar(tokens[i + 1].text(text)) {
                continue;
            }
            let w = tokens[i].text(text);
            if listed(CONNECTORS, w) {
                candidate.set(i, true);
            }
        }
        // "Daughters of the American Revolution", "Bank of the West".
        for i in 1..n.saturating_sub(2) {
            if candidate.get(i) || !tokens[i - 1].capitalised() || !tokens[i + 2].capitalised() {
                continue;
            }
            if tokens[i + 2].sentence_start() || tokens[i + 1].capitalised() {
                continue;
            }
            let (w, next) = (tokens[i].text(text), tokens[i + 1].text(text));
            if !matches!(w, "of" | "for") || next != "the" {
                continue;
            }
            // Not before a country: "University of Sheffield of the UK".
            let country = Gazetteer::get()
                .place(tokens[i + 2].text(text))
                .is_some_and(|c| matches!(c, NameClass::Country | NameClass::Region));
            if !country {
                candidate.set(i, true);
                candidate.set(i + 1, true);
            }
        }
        let candidates = indices_where(n, |i| candidate.get(i));
        let runs = runs_of(&candidates, tokens);
        let capitalised = indices_where(n, |i| tokens[i].capitalised());
        let mut ctx = DocContext {
            text,
            tokens,
            candidate: TokenSet::new(candidate),
            candidates,
            capitalised,
            runs,
            places: Vec::new(),
            doc_lower,
            doc_mid_caps,
            doc_lone_caps,
            common_words,
            word_clusters: FastMap::default(),
        };
        ctx.match_places();
        ctx.look_up_clusters();
        ctx
    }

    /// Fills `word_clusters` for every candidate and the words beside it.
    fn look_up_clusters(&mut self) {
        let table = Clusters::get();
        let mut clusters = std::mem::take(&mut self.word_clusters);
        let mut lower = String::new();
        for i in self.candidates() {
            for k in [i.wrapping_sub(1), i, i + 1] {
                let Some(t) = self.tokens.get(k) else {
                    continue;
                };
                let w = t.text(self.text);
                if clusters.contains_key(w) {
                    continue;
                }
                lower.clear();
                push_lowercase(&mut lower, w);
                let lower_cluster = if lower == w {
                    None
                } else {
                    table.lookup(&lower)
                };
                clusters.insert(w, (table.lookup(w), lower_cluster));
            }
        }
        self.word_clusters = clusters;
    }

    /// The clusters of `word` as written and in lower case (when that
    /// differs).
    fn clusters_of(&self, word: &str) -> (Option<Cluster>, Option<Cluster>) {
        match self.word_clusters.get(word) {
            Some(&c) => c,
            None => {
                let table = Clusters::get();
                let lower = word.to_lowercase();
                let lower_cluster = if lower == word {
                    None
                } else {
                    table.lookup(&lower)
                };
                (table.lookup(word), lower_cluster)
            }
        }
    }

    /// Finds the longest gazetteer place names inside each candidate run.
    fn match_places(&mut self) {
        let gaz = Gazetteer::get();
        let n = self.tokens.len();
        let mut buf = String::new();
        let mut i = 0;
        while i < n {
            if !self.is_candidate(i) || !self.tokens[i].capitalised() {
                i += 1;
                continue;
            }
            let (start, end) = self.run_of(i);
            let max_len = gaz.max_place_words.min(end - i);
            let mut matched = 0;
            for len in (1..=max_len).rev() {
                buf.clear();
                for k in i..i + len {
                    if k > i {
                        buf.push(' ');
                    }
                    buf.push_str(self.tokens[k].text(self.text));
                }
                // A one-word company name opening a longer run is more
                // likely a person's given name ("Hella Voss") than the
                // company: only the whole run counts.
                if len == 1 && end - start > 1 && gaz.one_word_companies.contains(buf.as_str()) {
                    continue;
                }
                if let Some(class) = gaz.place(&buf) {
                    self.places.push(PlaceMatch {
                        first: i as u32,
                        end: (i + len) as u32,
                        class,
                    });
                    matched = len;
                    break;
                }
            }
            i += matched.max(1);
        }
    }

    /// True when `word` is known as a common lower-case word, from the
    /// training text or from this document.
    pub fn is_common_word(&self, word: &str) -> bool {
        with_lowercase(word, |lower| {
            self.common_words.contains(lower) || self.doc_lower.get(lower).copied().unwrap_or(false)
        })
    }

    /// True when the model's training text uses the lower-case `word` (as
    /// it is written) as a common word.
    pub fn is_trained_word(&self, word: &str) -> bool {
        self.common_words.contains(word)
    }

    /// True when the document writes `word` in lower case somewhere.
    pub fn used_in_lower_case(&self, word: &str) -> bool {
        with_lowercase(word, |lower| {
            self.doc_lower.get(lower).copied().unwrap_or(false)
        })
    }

    /// True when the document writes `word` capitalised away from a
    /// sentence start as a name of its own, not inside a longer name.
    pub fn capitalised_alone(&self, word: &str) -> bool {
        self.doc_lone_caps.contains(word)
    }

    /// The gazetteer name covering token `i`: its class and token range.
    pub fn gazetteer_match(&self, i: usize) -> Option<(NameClass, usize, usize)> {
        let k = self.places.partition_point(|m| (m.end as usize) <= i);
        self.places
            .get(k)
            .filter(|m| m.first as usize <= i)
            .map(|m| (m.class, m.first as usize, m.end as usize))
    }

    /// The indices of the tokens that may be part of a name, in order.
    pub fn candidates(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.candidates.iter().map(|&i| i as usize)
    }

    /// The indices of the capitalised tokens, in order.
    pub fn capitalised(&self) -> impl Iterator<Item = usize> + '_ {
        self.capitalised.iter().map(|&i| i as usize)
    }

    /// True when token `i` may be part of a name.
    pub fn is_candidate(&self, i: usize) -> bool {
        self.candidate.contains(i)
    }

    /// The index in [`DocContext::candidates`] of token `i`, if it is a
    /// candidate: where the tables about candidates alone keep it.
    pub fn candidate_index(&self, i: usize) -> Option<usize> {
        self.candidate.rank(i)
    }

    /// The first token of the candidate run holding token `i`, and its end;
    /// (0, 0) for a token in no run.
    pub fn run_of(&self, i: usize) -> (usize, usize) {
        self.candidate_index(i)
            .and_then(|c| self.runs.get(c))
            .map_or((0, 0), |&(a, b)| (a as usize, b as usize))
    }

    /// Every candidate run once, in order, as (first token, one past the
    /// last, the first token's index in [`DocContext::candidates`]): the
    /// run's tokens are the candidates from that index on.
    pub fn runs(&self) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        self.runs
            .iter()
            .zip(&self.candidates)
            .enumerate()
            .filter(|&(_, (&(a, _), &i))| a == i)
            .map(|(c, (&(a, b), _))| (a as usize, b as usize, c))
    }

    /// The title word right before token `i` ("President", or "Mr" in
    /// "Mr. Smith"), if any.
    pub fn title_before(&self, i: usize) -> Option<&'a str> {
        let p1 = self.word(i.checked_sub(1)?);
        if gazetteer::is_title(p1) {
            return Some(p1);
        }
        let p2 = self.word(i.checked_sub(2)?);
        (p1 == "." && gazetteer::is_title(p2)).then_some(p2)
    }

    /// The word at token `i`, or "" past the end.
    pub fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    /// Appends the features of token `i` that do not depend on the
    /// previous label (see [`DocContext::transition_features`] for those).
    pub fn features(&self, i: usize, evidence: Option<&DocEvidence>, out: &mut Vec<u64>) {
        let gaz = Gazetteer::get();
        let t = &self.tokens[i];
        let w = self.word(i);
        // Lower-case on the stack for the usual short ASCII word.
        let mut stack = [0u8; 48];
        let heap;
        let lw: &str = if w.is_ascii() && w.len() <= stack.len() {
            for (d, s) in stack.iter_mut().zip(w.bytes()) {
                *d = s.to_ascii_lowercase();
            }
            // ASCII lower-casing keeps the bytes valid UTF-8.
            std::str::from_utf8(&stack[..w.len()]).unwrap_or("")
        } else {
            heap = w.to_lowercase();
            &heap
        };
        let lwb = lw.as_bytes();
        let shape_buf = shape(w);
        let shape = shape_buf.as_str();
        let p1 = if i > 0 { self.word(i - 1) } else { "<s>" };
        let p2 = if i > 1 { self.word(i - 2) } else { "<s>" };
        let n1 = self.word(i + 1);
        let n2 = self.word(i + 2);

        out.push(feature(0, b""));
        out.push(feature(1, w.as_bytes()));
        out.push(feature(2, lwb));
        out.push(feature(3, shape.as_bytes()));
        // Suffixes of 2 to 4 characters and a 3-character prefix.
        let mut starts = [usize::MAX; 5];
        for (k, (b, _)) in lw.char_indices().rev().take(5).enumerate() {
            starts[k] = b;
        }
        for (tpl, k) in [(4u8, 2usize), (5, 3), (6, 4)] {
            if starts[k] != usize::MAX {
                out.push(feature(tpl, &lwb[starts[k - 1]..]));
            }
        }
        if let Some((b, _)) = lw.char_indices().nth(3) {
            out.push(feature(7, &lwb[..b]));
        }
        let common = self.common_words.contains(lw);
        let in_doc_lower = self.doc_lower.get(lw).copied().unwrap_or(false);
        let mid_caps = self.doc_mid_caps.contains(w);
        let facts = [
            t.sentence_start(),
            common,
            in_doc_lower,
            mid_caps,
            t.capitalised(),
        ];
        let mut fact_bits = 0u8;
        for (k, &f) in facts.iter().enumerate() {
            if f {
                fact_bits |= 1 << k;
            }
        }
        out.push(feature(8, &[fact_bits]));
        out.push(combine(
            feature(9, &[fact_bits]),
            feature(3, shape.as_bytes()),
        ));
        if t.sentence_start() {
            out.push(feature(10, lwb));
        }
        out.push(feature_lower(11, p1));
        out.push(feature_lower(12, p2));
        out.push(feature_lower(13, n1));
        out.push(feature_lower(14, n2));
        out.push(combine(
            feature(15, p1.as_bytes()),
            feature(0, w.as_bytes()),
        ));
        out.push(combine(
            feature(16, w.as_bytes()),
            feature(0, n1.as_bytes()),
        ));
        // Neighbouring token kinds (possessive clitic after, etc.).
        let kind_byte = |k: usize| -> u8 {
            match self.tokens.get(k).map(|t| t.kind()) {
                Some(TokenKind::Word) => {
                    if self.tokens[k].capitalised() && self.is_candidate(k) {
                        b'C'
                    } else {
                        b'w'
                    }
                }
                Some(TokenKind::Number) => b'9',
                Some(TokenKind::Possessive) => b's',
                Some(TokenKind::Punct) => b'.',
                None => b'_',
            }
        };
        let pk = if i > 0 { kind_byte(i - 1) } else { b'_' };
        out.push(feature(21, &[pk, kind_byte(i + 1)]));
        // Gazetteers.
        let given = gaz.given_rank(w);
        if let Some(rank) = given {
            out.push(feature(22, &[rank_bucket(rank)]));
        }
        if let Some(&rank) = gaz.surnames.get(w) {
            out.push(feature(23, &[rank_bucket(rank)]));
        }
        if let Some((class, first, _)) = self.gazetteer_match(i) {
            out.push(feature(24, &[class as u8, u8::from(first == i)]));
        }
        let fw = gazetteer::word_flags(w);
        let fp1 = gazetteer::word_flags(p1);
        let fn1 = gazetteer::word_flags(n1);
        out.push(feature(26, &[fw, fp1, fn1]));
        // `title_before`, reusing the flags of the word before.
        let title = if i == 0 {
            None
        } else if fp1 & gazetteer::flags::TITLE != 0 {
            Some(p1)
        } else {
            (i >= 2 && p1 == "." && gazetteer::is_title(p2)).then_some(p2)
        };
        if let Some(title) = title {
            out.push(feature(27, title.as_bytes()));
            out.push(feature(36, &[]));
        }
        // The candidate run the token sits in.
        let (rs, re) = self.run_of(i);
        let len = (re - rs).min(5) as u8;
        let pos = if i == rs {
            0u8
        } else if i + 1 == re {
            2
        } else {
            1
        };
        out.push(feature(28, &[len, pos]));
        let last = self.word(re - 1);
        let first = self.word(rs);
        out.push(feature(29, last.as_bytes()));
        out.push(feature(30, first.as_bytes()));
        // The token itself is often the run's last or first word: reuse
        // what was looked up for it.
        let flags_last = if re - 1 == i {
            fw
        } else {
            gazetteer::word_flags(last)
        };
        out.push(feature(31, &[flags_last, pos]));
        let first_given = if rs == i {
            given.is_some()
        } else {
            gaz.given_rank(first).is_some()
        };
        let run_given = first_given && re - rs >= 2;
        out.push(feature(32, &[u8::from(run_given), pos, len]));
        // What follows and precedes the whole run.
        let after = self.word(re);
        let before = if rs > 0 { self.word(rs - 1) } else { "" };
        out.push(feature_lower(33, after));
        let before_hash = feature_lower(34, before);
        out.push(before_hash);
        out.push(combine(before_hash ^ 35, feature(0, &[len])));
        // Word clusters: the token's at three granularities (the finest, the
        // vector row, fits the training names too closely), its neighbours'
        // and the run's edges' at one.
        let (exact, lower) = self.clusters_of(w);
        match exact {
            Some(c) => {
                out.push(feature(41, &c.c1024.to_le_bytes()));
                out.push(feature(42, &[c.c256]));
                out.push(feature(43, &[c.c64]));
                out.push(feature(44, &[c.c256, u8::from(t.sentence_start())]));
            }
            None => {
                out.push(feature(45, &[u8::from(t.capitalised())]));
            }
        }
        if !t.sentence_start()
            && let Some(c) = if lw == w { exact } else { lower }
        {
            out.push(feature(46, &[c.c256]));
        }
        let c256 = |word: &str| self.clusters_of(word).0.map_or(255, |c| c.c256);
        out.push(feature(47, &[c256(p1)]));
        out.push(feature(48, &[c256(n1)]));
        if re - rs > 1 {
            out.push(feature(49, &[c256(last), pos]));
            out.push(feature(50, &[c256(first), pos]));
        }
        if let Some(e) = evidence
            .zip(self.candidate_index(i))
            .and_then(|(e, c)| e.of(c))
        {
            out.push(feature(60, &[e.own]));
            out.push(feature(61, &[e.major, e.share]));
            out.push(feature(62, &[e.outside, e.count]));
            out.push(feature(63, &[e.within, e.within_pos]));
            out.push(feature(64, &[e.own, e.major, e.share]));
        }
    }

    /// Appends the features of token `i` that pair the previous label with
    /// what the token is.
    pub fn transition_features(&self, i: usize, prev: u8, out: &mut Vec<u64>) {
        self.transition_keys(i).features(prev, out);
    }

    /// What the transition features of token `i` pair with the previous
    /// label, hashed once for all seven labels.
    fn transition_keys(&self, i: usize) -> TransitionKeys {
        let w = self.word(i);
        let p1 = if i > 0 { self.word(i - 1) } else { "<s>" };
        TransitionKeys {
            word: feature(0, w.as_bytes()),
            shape: feature(0, shape(w).as_str().as_bytes()),
            before: feature(0, p1.as_bytes()),
            class: self.gazetteer_match(i).map(|(class, _, _)| class as u8),
        }
    }
}

/// The parts of a token's transition features that do not depend on the
/// previous label.
struct TransitionKeys {
    word: u64,
    shape: u64,
    before: u64,
    class: Option<u8>,
}

impl TransitionKeys {
    fn features(&self, prev: u8, out: &mut Vec<u64>) {
        let prevb = [prev];
        out.push(feature(17, &prevb));
        out.push(combine(feature(18, &prevb), self.word));
        out.push(combine(feature(19, &prevb), self.shape));
        out.push(combine(feature(20, &prevb), self.before));
        if let Some(class) = self.class {
            out.push(combine(feature(25, &[class]), feature(0, &prevb)));
        }
    }
}

/// True when the capitalised `word` (lower case: `lower`) is, by the word
/// vectors, a word of its own ("Suddenly", "Hackers", "Humph"): they know
/// its lower-case spelling and read it otherwise than the capitalised one
/// (unlike "mahmoud" and "Mahmoud"); never a listed name or title.
fn own_word(word: &str, lower: &str) -> bool {
    let table = Clusters::get();
    let Some(low) = table.lookup(lower) else {
        return false;
    };
    if table.lookup(word).is_some_and(|c| c.row == low.row) {
        return false;
    }
    let gaz = Gazetteer::get();
    gaz.given_rank(word).is_none()
        && !gaz.surnames.contains_key(word)
        && gaz.place(word).is_none()
        && gazetteer::word_flags(word) == 0
}

/// Appends the lower-case form of `word` to `buf`, as
/// `char::to_lowercase` gives it, with a fast path for ASCII.
fn push_lowercase(buf: &mut String, word: &str) {
    if word.is_ascii() {
        let start = buf.len();
        buf.push_str(word);
        buf[start..].make_ascii_lowercase();
    } else {
        // ASCII letters of an accented name skip the Unicode tables.
        for c in word.chars() {
            if c.is_ascii() {
                buf.push(c.to_ascii_lowercase());
            } else {
                buf.extend(c.to_lowercase());
            }
        }
    }
}

/// Calls `f` with `word.to_lowercase()`, lower-cased on the stack for the
/// usual short ASCII word rather than in a new string.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut stack = [0u8; 32];
    if word.is_ascii() && word.len() <= stack.len() {
        for (d, s) in stack.iter_mut().zip(word.bytes()) {
            *d = s.to_ascii_lowercase();
        }
        // ASCII lower-casing keeps the bytes valid UTF-8.
        f(std::str::from_utf8(&stack[..word.len()]).unwrap_or_default())
    } else {
        f(&word.to_lowercase())
    }
}

fn rank_bucket(rank: u32) -> u8 {
    match rank {
        0..100 => 0,
        100..1000 => 1,
        1000..5000 => 2,
        _ => 3,
    }
}

/// A 20-bit signature of a word: its length, first two and last bytes.
fn signature(word: &str) -> usize {
    let b = word.as_bytes();
    let byte = |k: usize| b.get(k).copied().unwrap_or(0) as usize;
    let last = b.last().copied().unwrap_or(0) as usize;
    ((b.len() & 15) << 16) | ((byte(0) & 31) << 11) | ((byte(1) & 31) << 6) | (last & 63)
}

/// Hashes a feature over the lower-case form of `value`.
fn feature_lower(template: u8, value: &str) -> u64 {
    if value.is_ascii() {
        return feature_ascii_lowercase(template, value.as_bytes());
    }
    feature(template, value.to_lowercase().as_bytes())
}

/// A small inline string for word shapes.
struct Shape {
    bytes: [u8; 24],
    len: usize,
}

impl Shape {
    fn push(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        let enc = c.encode_utf8(&mut tmp).as_bytes();
        if self.len + enc.len() <= self.bytes.len() {
            self.bytes[self.len..self.len + enc.len()].copy_from_slice(enc);
            self.len += enc.len();
        }
    }

    fn as_str(&self) -> &str {
        // Only whole UTF-8 encodings are ever pushed, so this cannot fail.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// A compact word shape: "Xx", "X", "X.X.", "Xx-x", "d" and so on.
fn shape(w: &str) -> Shape {
    let mut out = Shape {
        bytes: [0; 24],
        len: 0,
    };
    let mut last = '\0';
    let mut count = 0;
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s == last {
            count += 1;
            if count > 1 {
                continue;
            }
        } else {
            count = 0;
        }
        out.push(s);
        last = s;
    }
    out
}

/// Labels that open a picture's caption or credit line ("Image: Nick
/// Moreau").
const CAPTION_LABELS: &[&str] = &[
    "Image",
    "Images",
    "Photo",
    "Photos",
    "Photograph",
    "Picture",
    "Credit",
    "Credits",
    "Caption",
    "Source",
    "Video",
    "Map",
    "Illustration",
];

/// Labels of a signature's or an address's lines ("Fax 555-0199",
/// "Phone: …"), before a colon or a number.
const CONTACT_LABELS: &[&str] = &[
    "Phone",
    "Telephone",
    "Tel",
    "Fax",
    "Mobile",
    "Cell",
    "Email",
    "E-mail",
    "Pager",
];

/// True for one capital letter joined by a hyphen to a lower-case word
/// ("T-shirt", "X-ray", "U-turn"): a common noun, not a name.
fn is_letter_compound(word: &str) -> bool {
    let mut parts = word.splitn(2, '-');
    let (Some(head), Some(rest)) = (parts.next(), parts.next()) else {
        return false;
    };
    head.len() == 1
        && head.bytes().all(|b| b.is_ascii_uppercase())
        && rest.chars().count() >= 2
        && rest.chars().all(|c| c.is_lowercase())
}

/// Per candidate (`candidates` in order): the candidate run holding it,
/// as (first token, one past the last). A run is the candidates that
/// follow each other within one sentence.
fn runs_of(candidates: &[u32], tokens: &[Token]) -> Vec<(u32, u32)> {
    let mut runs = Vec::with_capacity(candidates.len());
    let mut k = 0;
    while k < candidates.len() {
        let mut end = k + 1;
        while end < candidates.len()
            && candidates[end] == candidates[end - 1] + 1
            && !tokens[candidates[end] as usize].sentence_start()
        {
            end += 1;
        }
        runs.resize(end, (candidates[k], candidates[end - 1] + 1));
        k = end;
    }
    runs
}

/// The indices below `n` for which `keep` holds, in order, in a list no
/// longer than it needs to be. Token indices fit in `u32`: no text has more
/// tokens than bytes (see [`super::tokenize::MAX_TEXT_BYTES`]).
fn indices_where(n: usize, keep: impl Fn(usize) -> bool) -> Vec<u32> {
    let mut out: Vec<u32> = (0..n).filter(|&i| keep(i)).map(|i| i as u32).collect();
    out.shrink_to_fit();
    out
}

/// True for tokens that are never names on their own.
fn is_noise(ctx: &DocContext<'_>, i: usize) -> bool {
    let w = ctx.word(i);
    gazetteer::is_calendar(w) || (w.chars().count() == 1 && !w.ends_with('.'))
}

/// Tags the document, returning names in text order.
///
/// Each candidate run (capitalised words and the connectors between them,
/// within one sentence) is decoded whole: the best label sequence under the
/// model's scores and the B/I/O constraints (Viterbi).
pub fn tag(ctx: &DocContext<'_>) -> Vec<RawMention> {
    let (mut labels, mut margins) = decode(ctx, Model::first(), None);
    let evidence = DocEvidence::new(ctx, &labels, &margins);
    // The second pass reads how the document uses each word elsewhere; a
    // run whose words occur nowhere else keeps the first pass's labels.
    let model = Model::get();
    let mut lattice = Lattice::default();
    for (a, b, c) in ctx.runs() {
        let run = c..c + (b - a);
        if !run
            .clone()
            .any(|k| evidence.of(k).is_some_and(|e| e.informative()))
        {
            continue;
        }
        lattice.fill(ctx, a, b, Some(&evidence), |feats, scores| {
            model.score(feats, scores)
        });
        lattice.decode(&mut labels[run.clone()], &mut margins[run]);
    }
    spans_of_labels(ctx, &labels, &margins)
}

/// Labels and margins from one model for the candidates, in the order of
/// [`DocContext::candidates`]; every other token is outside any name.
pub fn decode(
    ctx: &DocContext<'_>,
    model: &Model,
    evidence: Option<&DocEvidence>,
) -> (Vec<u8>, Vec<f32>) {
    let mut labels = vec![O; ctx.candidates.len()];
    let mut margins = vec![0f32; ctx.candidates.len()];
    let mut lattice = Lattice::default();
    for (a, b, c) in ctx.runs() {
        lattice.fill(ctx, a, b, evidence, |feats, scores| {
            model.score(feats, scores)
        });
        let run = c..c + (b - a);
        lattice.decode(&mut labels[run.clone()], &mut margins[run]);
    }
    (labels, margins)
}

/// What a first pass over the document said about each candidate word's
/// other occurrences: the second pass reads it as features, so one strong
/// context can carry a name's kind to its other mentions, weighted by how
/// sure each was, and a single wrong call is outvoted rather than spread.
pub struct DocEvidence {
    /// Per candidate (in the order of [`DocContext::candidates`]): its
    /// evidence, if it is capitalised.
    per_candidate: Vec<Option<Evidence>>,
}

/// The first pass's view of one token, bucketed for features.
#[derive(Clone, Copy, Debug, Default)]
pub struct Evidence {
    /// The first pass's own label for the token.
    pub own: u8,
    /// The kind (1-3, 0 for none) most of the word's other occurrences got.
    pub major: u8,
    /// That kind's weighted share of the other occurrences, bucketed (0-3).
    pub share: u8,
    /// The share of other occurrences left outside any name, bucketed.
    pub outside: u8,
    /// How many other occurrences there are, bucketed (0-3).
    pub count: u8,
    /// The kind of a longer name elsewhere that holds this word (0: none).
    pub within: u8,
    /// The word's place in that name: 1 first, 2 last, 3 inside.
    pub within_pos: u8,
}

impl Evidence {
    /// True when the word occurs elsewhere in the document, alone or
    /// inside a longer name.
    pub fn informative(&self) -> bool {
        self.count > 0 || self.within > 0
    }
}

/// Votes of a word's occurrences: outside, person, place, organisation;
/// then, as part of a longer name, per kind and position.
#[derive(Clone, Copy, Default)]
struct Votes {
    kinds: [f32; 4],
    within: [[u16; 3]; 3],
}

fn kind_slot(label: u8) -> usize {
    match label_kind(label) {
        None => 0,
        Some(EntityKind::Person) => 1,
        Some(EntityKind::Place) => 2,
        Some(EntityKind::Organization) => 3,
    }
}

fn bucket(share: f32) -> u8 {
    if share <= 0.0 {
        0
    } else if share < 0.34 {
        1
    } else if share < 0.67 {
        2
    } else {
        3
    }
}

impl DocEvidence {
    /// Gathers the evidence from the first pass's labels and margins (per
    /// candidate, as [`decode`] gives them).
    ///
    /// A name never spans two runs, so the candidates' labels read in a
    /// row, as if they were the whole text, give the same names.
    pub fn new(ctx: &DocContext<'_>, labels: &[u8], margins: &[f32]) -> DocEvidence {
        let n = labels.len();
        // Where each candidate sits in the first pass's name: (kind slot, pos).
        let mut place_in_name = vec![(0u8, 0u8); n];
        let mut i = 0;
        while i < n {
            if labels[i] == O || is_inside(labels[i]) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < n && is_inside(labels[j]) {
                j += 1;
            }
            if j - i > 1 {
                let slot = kind_slot(labels[i]) as u8;
                for (k, place) in place_in_name.iter_mut().enumerate().take(j).skip(i) {
                    let pos = if k == i {
                        1
                    } else if k + 1 == j {
                        2
                    } else {
                        3
                    };
                    *place = (slot, pos);
                }
            }
            i = j;
        }
        let weight = |k: usize| (margins[k].abs() / 20.0).clamp(0.25, 1.0);
        let mut votes: FastMap<&str, Votes> = FastMap::default();
        for (c, k) in ctx.candidates().enumerate() {
            if !ctx.tokens[k].capitalised() {
                continue;
            }
            let v = votes.entry(ctx.word(k)).or_default();
            v.kinds[kind_slot(labels[c])] += weight(c);
            let (slot, pos) = place_in_name[c];
            if slot > 0 {
                let w = &mut v.within[slot as usize - 1][pos as usize - 1];
                *w = w.saturating_add(1);
            }
        }
        let mut per_candidate = vec![None; n];
        for (c, k) in ctx.candidates().enumerate() {
            if !ctx.tokens[k].capitalised() {
                continue;
            }
            let Some(all) = votes.get(ctx.word(k)) else {
                continue;
            };
            let mut v = *all;
            v.kinds[kind_slot(labels[c])] -= weight(c);
            let (slot, pos) = place_in_name[c];
            if slot > 0 {
                let w = &mut v.within[slot as usize - 1][pos as usize - 1];
                *w = w.saturating_sub(1);
            }
            let total: f32 = v.kinds.iter().sum();
            let mut e = Evidence {
                own: labels[c],
                ..Evidence::default()
            };
            if total > 0.01 {
                let (major, &most) = v.kinds[1..]
                    .iter()
                    .enumerate()
                    .max_by(|a, b| a.1.total_cmp(b.1))
                    .unwrap_or((0, &0.0));
                if most > 0.01 {
                    e.major = major as u8 + 1;
                    e.share = bucket(most / total);
                }
                e.outside = bucket(v.kinds[0] / total);
                let others = v.kinds.iter().filter(|&&x| x > 0.0).count();
                e.count = bucket(others as f32 / 3.0).max(1);
            }
            let mut best = (0u16, 0u8, 0u8);
            for (slot, row) in v.within.iter().enumerate() {
                for (pos, &c) in row.iter().enumerate() {
                    if c > best.0 {
                        best = (c, slot as u8 + 1, pos as u8 + 1);
                    }
                }
            }
            e.within = best.1;
            e.within_pos = best.2;
            per_candidate[c] = Some(e);
        }
        DocEvidence { per_candidate }
    }

    /// The evidence for the candidate at index `c` of
    /// [`DocContext::candidates`], if it is capitalised.
    pub fn of(&self, c: usize) -> Option<Evidence> {
        self.per_candidate.get(c).copied().flatten()
    }
}

/// Scores of one candidate run: per token, the label scores from its own
/// features, and per previous label, those from the transition features.
#[derive(Default)]
struct Lattice {
    own: Vec<Scores>,
    transition: Vec<[Scores; LABELS]>,
    noise: Vec<bool>,
    feats: Vec<u64>,
    best: Vec<Scores>,
    back: Vec<[u8; LABELS]>,
}

impl Lattice {
    fn fill(
        &mut self,
        ctx: &DocContext<'_>,
        a: usize,
        b: usize,
        evidence: Option<&DocEvidence>,
        mut score: impl FnMut(&[u64], &mut Scores),
    ) {
        self.own.clear();
        self.transition.clear();
        self.noise.clear();
        for i in a..b {
            self.feats.clear();
            ctx.features(i, evidence, &mut self.feats);
            let mut own = [0f32; LABELS];
            score(&self.feats, &mut own);
            self.own.push(own);
            let mut row = [[0f32; LABELS]; LABELS];
            let keys = ctx.transition_keys(i);
            for (prev, r) in row.iter_mut().enumerate() {
                // The first token of a run follows "outside" only.
                if i == a && prev != O as usize {
                    continue;
                }
                self.feats.clear();
                keys.features(prev as u8, &mut self.feats);
                score(&self.feats, r);
            }
            self.transition.push(row);
            self.noise.push(is_noise(ctx, i));
        }
    }

    /// The best labels for the run, and each token's margin over "outside".
    fn decode(&mut self, labels: &mut [u8], margins: &mut [f32]) {
        let n = self.own.len();
        if n == 0 {
            return;
        }
        let allowed = |k: usize, prev: u8, l: u8| -> bool {
            if is_inside(l) {
                k > 0 && (prev == l || prev + 1 == l)
            } else {
                l == O || !self.noise[k]
            }
        };
        let (best, back) = (&mut self.best, &mut self.back);
        best.clear();
        best.resize(n, [f32::NEG_INFINITY; LABELS]);
        back.clear();
        back.resize(n, [O; LABELS]);
        for l in 0..LABELS as u8 {
            if allowed(0, O, l) {
                best[0][l as usize] =
                    self.own[0][l as usize] + self.transition[0][O as usize][l as usize];
            }
        }
        for k in 1..n {
            for l in 0..LABELS as u8 {
                for p in 0..LABELS as u8 {
                    let before = best[k - 1][p as usize];
                    if before == f32::NEG_INFINITY || !allowed(k, p, l) {
                        continue;
                    }
                    let s = before
                        + self.own[k][l as usize]
                        + self.transition[k][p as usize][l as usize];
                    if s > best[k][l as usize] {
                        best[k][l as usize] = s;
                        back[k][l as usize] = p;
                    }
                }
            }
        }
        let mut l = (0..LABELS as u8)
            .max_by(|&x, &y| best[n - 1][x as usize].total_cmp(&best[n - 1][y as usize]))
            .unwrap_or(O);
        for k in (0..n).rev() {
            labels[k] = l;
            l = back[k][l as usize];
        }
        for k in 0..n {
            let prev = if k == 0 { O } else { labels[k - 1] } as usize;
            let at = |x: u8| self.own[k][x as usize] + self.transition[k][prev][x as usize];
            margins[k] = at(labels[k]) - at(O);
        }
    }
}

/// Trains on one document: decodes each candidate run with the current
/// weights and, where the run is wrong, moves the weights towards the gold
/// labels and away from the guess (the structured perceptron).
pub fn train_document(
    ctx: &DocContext<'_>,
    evidence: Option<&DocEvidence>,
    gold: &[u8],
    trainer: &mut Trainer,
) -> (usize, usize) {
    let (mut correct, mut total) = (0, 0);
    let mut lattice = Lattice::default();
    let mut guess = Vec::new();
    let mut margins = Vec::new();
    let mut feats = Vec::with_capacity(64);
    for (a, b, _) in ctx.runs() {
        lattice.fill(ctx, a, b, evidence, |f, scores| *scores = trainer.score(f));
        guess.clear();
        guess.resize(b - a, O);
        margins.clear();
        margins.resize(b - a, 0.0);
        lattice.decode(&mut guess, &mut margins);
        for k in 0..b - a {
            let i = a + k;
            trainer.tick();
            total += 1;
            let (g, p) = (gold[i], guess[k]);
            if g == p {
                correct += 1;
            }
            let gold_prev = if k == 0 { O } else { gold[i - 1] };
            let guess_prev = if k == 0 { O } else { guess[k - 1] };
            if g != p {
                feats.clear();
                ctx.features(i, evidence, &mut feats);
                trainer.update(&feats, g, p);
            }
            if g != p || gold_prev != guess_prev {
                feats.clear();
                ctx.transition_features(i, gold_prev, &mut feats);
                trainer.adjust(&feats, g, 1.0);
                feats.clear();
                ctx.transition_features(i, guess_prev, &mut feats);
                trainer.adjust(&feats, p, -1.0);
            }
        }
    }
    (correct, total)
}

/// Gold labels for the tokens of `ctx` from name spans (outermost names
/// only).
pub fn gold_labels(ctx: &DocContext<'_>, names: &[(Span, EntityKind)]) -> Vec<u8> {
    let tokens = ctx.tokens;
    let mut labels = vec![O; tokens.len()];
    for &(span, kind) in names {
        let mut began = false;
        let mut last_idx: Option<usize> = None;
        for (i, t) in tokens.iter().enumerate() {
            if !span.contains_span(t.span()) {
                continue;
            }
            if !ctx.is_candidate(i) {
                began = false;
                continue;
            }
            let contiguous = last_idx == Some(i.wrapping_sub(1)) && !t.sentence_start();
            labels[i] = if began && contiguous {
                begin_label(kind) + 1
            } else {
                begin_label(kind)
            };
            began = true;
            last_idx = Some(i);
        }
    }
    labels
}

/// The names the candidates' labels and margins (as [`decode`] gives them)
/// spell. A name's candidates are tokens in a row, since a name never spans
/// two runs.
fn spans_of_labels(ctx: &DocContext<'_>, labels: &[u8], margins: &[f32]) -> Vec<RawMention> {
    let mut out = Vec::new();
    let token = |c: usize| ctx.candidates[c] as usize;
    let mut i = 0;
    let n = labels.len();
    while i < n {
        let Some(kind) = label_kind(labels[i]).filter(|_| !is_inside(labels[i])) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < n && is_inside(labels[j]) && label_kind(labels[j]) == Some(kind) {
            j += 1;
        }
        // Connectors never end a name ("Bank of" → "Bank").
        let mut end = j;
        while end > i + 1 && !ctx.tokens[token(end - 1)].capitalised() {
            end -= 1;
        }
        let margin = margins[i..end].iter().sum::<f32>() / (end - i) as f32;
        let (first, last) = (token(i), token(end - 1));
        out.push(RawMention {
            span: Span::new(ctx.tokens[first].span().start, ctx.tokens[last].span().end),
            kind,
            first_token: first,
            end_token: last + 1,
            margin,
            reason: None,
        });
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A feature over a lower-cased word hashes what `str::to_lowercase`
    /// gives, ASCII or not.
    #[test]
    fn feature_lower_hashes_the_lower_case_form() {
        let long = "Pneumonoultramicroscopicsilicovolcanoconiosis".repeat(2);
        let words = [
            "",
            "Pierre",
            "NATO",
            "Natásha",
            "BALASHËV",
            "ΟΔΥΣΣΕΥΣ",
            long.as_str(),
        ];
        for w in words {
            assert_eq!(
                feature_lower(13, w),
                feature(13, w.to_lowercase().as_bytes()),
                "{w}"
            );
        }
    }
}
