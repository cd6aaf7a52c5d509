//! Small text helpers for attribution: words, sentence breaks and word lists.

use crate::span::Span;

/// A word or a punctuation character in the text around a quotation.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    /// Its bytes in the text.
    pub span: Span,
    /// True for a word (letters, digits, inner apostrophes, hyphens and dots).
    pub word: bool,
}

impl Tok {
    /// The token's text.
    pub fn text(self, text: &str) -> &str {
        self.span.text(text)
    }

    /// True when this token is the punctuation character `c`.
    pub fn is(self, text: &str, c: char) -> bool {
        !self.word && self.text(text).starts_with(c)
    }

    /// True when the word starts with an upper-case letter.
    pub fn capitalised(self, text: &str) -> bool {
        self.word
            && self
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
    }

    /// The word in lower case, without a possessive clitic.
    pub fn lower(self, text: &str) -> Lower {
        let t = self.text(text);
        let t = t
            .strip_suffix("'s")
            .or_else(|| t.strip_suffix("’s"))
            .unwrap_or(t);
        Lower::new(t)
    }

    /// The word in lower case, as written (a possessive clitic kept).
    pub fn lower_raw(self, text: &str) -> Lower {
        Lower::new(self.text(text))
    }
}

/// A short ASCII word in lower case, kept on the stack. Every word list
/// here is ASCII, so longer or non-ASCII words become `""`, which matches none.
#[derive(Clone, Copy)]
pub(super) struct Lower {
    buf: [u8; 24],
    len: usize,
}

impl Lower {
    /// Lower-cases `word`.
    pub fn new(word: &str) -> Self {
        let mut buf = [0u8; 24];
        let len = if word.is_ascii() && word.len() <= buf.len() {
            buf[..word.len()].copy_from_slice(word.as_bytes());
            buf[..word.len()].make_ascii_lowercase();
            word.len()
        } else {
            0
        };
        Self { buf, len }
    }
}

impl Lower {
    /// The lower-case word.
    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever stored, so this never fails.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl std::ops::Deref for Lower {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<&str> for Lower {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '‐')
}

/// Splits `text[span]` into words and punctuation; spaces are dropped.
pub(super) fn tokens(text: &str, span: Span) -> Vec<Tok> {
    let body = span.text(text);
    let mut out = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_alphanumeric() || c == '@' || c == '#' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    chars.next();
                } else if is_inner_joiner(d) {
                    // Keep the joiner only when a letter or digit follows it.
                    let next = body[j + d.len_utf8()..].chars().next();
                    if next.is_some_and(char::is_alphanumeric) {
                        end = j + d.len_utf8();
                        chars.next();
                    } else if (d == '\'' || d == '’')
                        && body[i..j].ends_with('s')
                        && next.is_none_or(char::is_whitespace)
                    {
                        // A plural possessive: "the players' union".
                        end = j + d.len_utf8();
                        chars.next();
                        break;
                    } else if d == '.'
                        && (is_initial_dot(&body[i..j])
                            || is_initial(&body[i..j])
                            || is_title_abbreviation(&body[i..j]))
                    {
                        // "U.S." and "D.C." keep their final dot.
                        end = j + 1;
                        chars.next();
                        break;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Tok {
                span: Span::new(span.start + i, span.start + end),
                word: true,
            });
        } else {
            let end = i + c.len_utf8();
            out.push(Tok {
                span: Span::new(span.start + i, span.start + end),
                word: false,
            });
        }
    }
    out
}

/// Titles written with a full stop ("Mr.", "Dr."), which keep it.
fn is_title_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "Prof"
            | "St"
            | "Gen"
            | "Sen"
            | "Rep"
            | "Gov"
            | "Lt"
            | "Col"
            | "Capt"
            | "Sgt"
            | "Rev"
            | "Hon"
            | "Jr"
            | "Sr"
            | "Mme"
            | "Mlle"
            | "Messrs"
    )
}

/// The last `max` bytes or so of `span`, starting after a space so that no
/// word is cut. Attribution reads only this much before a quotation, which
/// keeps its cost per quotation bounded.
pub(super) fn tail(text: &str, span: Span, max: usize) -> Span {
    if span.len() <= max {
        return span;
    }
    let mut start = span.end - max;
    while start < span.end && !text.is_char_boundary(start) {
        start += 1;
    }
    let cut = text[start..span.end]
        .find(char::is_whitespace)
        .map_or(span.end, |k| start + k);
    Span::new(cut, span.end)
}

/// The first `max` bytes or so of `span`, ending before a space.
pub(super) fn head(text: &str, span: Span, max: usize) -> Span {
    if span.len() <= max {
        return span;
    }
    let mut end = span.start + max;
    while end > span.start && !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[span.start..end]
        .rfind(char::is_whitespace)
        .map_or(span.start, |k| span.start + k);
    Span::new(span.start, cut)
}

/// Titles and roles written before a name ("Minister", "Professor").
pub(super) fn is_title(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.'),
        "Minister"
            | "President"
            | "Prime"
            | "Secretary"
            | "Senator"
            | "Sen"
            | "Governor"
            | "Gov"
            | "Mayor"
            | "Chancellor"
            | "Ambassador"
            | "Professor"
            | "Prof"
            | "Dr"
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Judge"
            | "Justice"
            | "General"
            | "Gen"
            | "King"
            | "Queen"
            | "Prince"
            | "Princess"
            | "Pope"
            | "Chairman"
            | "Chairwoman"
            | "Director"
            | "Spokesman"
            | "Spokeswoman"
            | "Spokesperson"
            | "Coach"
            | "Captain"
            | "Capt"
            | "Sheriff"
            | "Representative"
            | "Rep"
            | "Undersecretary"
            | "Commissioner"
            | "Chief"
            | "Deputy"
            | "Vice"
            | "Foreign"
            | "Home"
            | "Defence"
            | "Defense"
            | "Interior"
            | "Health"
            | "Finance"
            | "Education"
            | "State"
            | "Shadow"
            | "Lord"
            | "Lady"
            | "Sir"
            | "Dame"
            | "Reverend"
            | "Rev"
            | "Bishop"
            | "Archbishop"
            | "Cardinal"
            | "Father"
            | "Sister"
            | "Brother"
            | "Detective"
            | "Inspector"
            | "Officer"
            | "Sergeant"
            | "Sgt"
            | "Lieutenant"
            | "Colonel"
            | "Major"
            | "Admiral"
            | "Councillor"
            | "Councilman"
            | "Councilwoman"
            | "Congressman"
            | "Congresswoman"
            | "MP"
            | "CEO"
            | "Ambassadors"
    )
}

/// True for a single capital letter, a middle initial ("Robert M. Danin").
fn is_initial(word: &str) -> bool {
    let mut cs = word.chars();
    matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase())
}

/// True for dotted initials before a final dot ("U.S", "D.C", "J").
fn is_initial_dot(word: &str) -> bool {
    let mut n = 0;
    for part in word.split('.') {
        let mut cs = part.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) if c.is_uppercase() => n += 1,
            _ => return false,
        }
    }
    n >= 2
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
    "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "etc", "mt", "ft", "rev", "hon", "pres",
    "messrs", "mme", "mlle", "esq", "u.s", "u.k", "d.c", "st", "jan", "feb", "aug", "sept", "oct",
    "nov", "dec",
];

/// True when the `.`, `!` or `?` at byte `at` ends a sentence.
fn ends_sentence(text: &str, at: usize) -> bool {
    let Some(c) = text[at..].chars().next() else {
        return false;
    };
    if !matches!(c, '.' | '!' | '?' | '…') {
        return false;
    }
    let rest = &text[at + c.len_utf8()..];
    // Closing marks and brackets may sit between the stop and the space.
    let rest = rest.trim_start_matches(['"', '”', '’', '\'', ')', ']']);
    let mut after = rest.chars();
    match after.next() {
        None => return true,
        Some(s) if s.is_whitespace() => {}
        _ => return false,
    }
    let next = rest.trim_start().chars().next();
    if next.is_some_and(char::is_lowercase) {
        return false;
    }
    if c == '.' {
        // The word before the stop: an initial or a known abbreviation?
        let head = &text[..at];
        let word_start = head
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
            .last()
            .map_or(at, |(i, _)| i);
        let word = &head[word_start..];
        let single = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
        if single || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
            return false;
        }
    }
    true
}

/// Byte offsets in `text[lo..hi]` where a `.`, `!`, `?` or `…` starts.
fn stop_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'.' | b'!' | b'?' => true,
        // '…' is E2 80 A6.
        0xE2 => bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA6),
        _ => false,
    }
}

/// The start of the sentence that holds byte `pos`, searching no further back than `lo`.
pub(super) fn sentence_start(text: &str, lo: usize, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = pos;
    while i > lo {
        i -= 1;
        if stop_at(bytes, i) && ends_sentence(text, i) {
            let len = if bytes[i] == 0xE2 { 3 } else { 1 };
            let after = i + len;
            let skip = text[after..pos].len() - text[after..pos].trim_start().len();
            return after + skip;
        }
    }
    lo
}

/// The end of the sentence that holds byte `pos`, searching no further than `hi`.
pub(super) fn sentence_end(text: &str, pos: usize, hi: usize) -> usize {
    let bytes = text.as_bytes();
    for i in pos..hi {
        if stop_at(bytes, i) && ends_sentence(text, i) {
            return i + if bytes[i] == 0xE2 { 3 } else { 1 };
        }
    }
    hi
}

/// True for a reporting verb ("said", "told", "warned", …).
pub(crate) fn is_reporting_verb(lower: &str) -> bool {
    matches!(
        lower,
        "acknowledge"
            | "acknowledged"
            | "acknowledges"
            | "add"
            | "added"
            | "adding"
            | "adds"
            | "admit"
            | "admits"
            | "admitted"
            | "agreed"
            | "announce"
            | "announced"
            | "announces"
            | "answer"
            | "answered"
            | "answers"
            | "argue"
            | "argued"
            | "argues"
            | "arguing"
            | "ask"
            | "asked"
            | "asks"
            | "assert"
            | "asserted"
            | "asserting"
            | "asserts"
            | "begged"
            | "blogged"
            | "call"
            | "called"
            | "calling"
            | "calls"
            | "cautioned"
            | "characterised"
            | "characterises"
            | "characterized"
            | "characterizes"
            | "charged"
            | "cite"
            | "cited"
            | "cites"
            | "claim"
            | "claimed"
            | "claiming"
            | "claims"
            | "comment"
            | "commented"
            | "comments"
            | "conceded"
            | "conclude"
            | "concluded"
            | "concludes"
            | "confirmed"
            | "continued"
            | "continues"
            | "cried"
            | "declare"
            | "declared"
            | "declares"
            | "demanded"
            | "describe"
            | "described"
            | "describes"
            | "describing"
            | "exclaimed"
            | "exclaims"
            | "explain"
            | "explained"
            | "explaining"
            | "explains"
            | "grumbled"
            | "insist"
            | "insisted"
            | "insists"
            | "interrupted"
            | "joked"
            | "laughed"
            | "murmured"
            | "mutter"
            | "muttered"
            | "note"
            | "noted"
            | "notes"
            | "noting"
            | "objected"
            | "observed"
            | "pleaded"
            | "posted"
            | "predicted"
            | "promised"
            | "promising"
            | "protested"
            | "quipped"
            | "quoted"
            | "read"
            | "reads"
            | "reasoned"
            | "recalled"
            | "recalls"
            | "recommended"
            | "recommending"
            | "recommends"
            | "remarked"
            | "remarks"
            | "repeated"
            | "replied"
            | "replies"
            | "reply"
            | "report"
            | "reported"
            | "reporting"
            | "reports"
            | "responded"
            | "responds"
            | "retorted"
            | "said"
            | "say"
            | "saying"
            | "says"
            | "screamed"
            | "shouted"
            | "sighed"
            | "snapped"
            | "stated"
            | "states"
            | "stating"
            | "stressed"
            | "suggested"
            | "suggests"
            | "tell"
            | "telling"
            | "tells"
            | "testified"
            | "thought"
            | "told"
            | "tweeted"
            | "tweeting"
            | "tweets"
            | "urged"
            | "vowed"
            | "warn"
            | "warned"
            | "warning"
            | "warns"
            | "whispered"
            | "wondered"
            | "write"
            | "writes"
            | "writing"
            | "wrote"
    )
}

/// True for a verb that introduces speech: a reporting verb, or one of the
/// verbs of fiction in `assets/data/speech_verbs.txt` ("returned",
/// "rejoined", "cried"), which are read only right beside a quotation.
pub(super) fn is_speech_verb(lower: &str) -> bool {
    is_reporting_verb(lower) || speech_verbs().contains(lower)
}

/// The list in `assets/data/speech_verbs.txt`, read once; `#` lines are its header.
fn speech_verbs() -> &'static std::collections::HashSet<&'static str> {
    static LIST: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../../../assets/data/speech_verbs.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// Verbs that name a thing ("a train dubbed “…”") rather than report speech.
pub(super) fn is_naming_verb(lower: &str) -> bool {
    matches!(
        lower,
        "called"
            | "named"
            | "dubbed"
            | "labelled"
            | "labeled"
            | "titled"
            | "entitled"
            | "nicknamed"
    )
}

/// Words that may stand between a subject and its verb ("Putin has also said").
pub(super) fn is_auxiliary(lower: &str) -> bool {
    matches!(
        lower,
        "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "also"
            | "then"
            | "later"
            | "once"
            | "again"
            | "further"
            | "previously"
            | "earlier"
            | "reportedly"
            | "recently"
            | "not"
            | "did"
            | "does"
            | "do"
            | "is"
            | "was"
            | "were"
            | "are"
            | "been"
            | "just"
            | "now"
            | "still"
            | "even"
            | "first"
    ) || (lower.len() > 4 && lower.ends_with("ly"))
}

/// Determiners that start a described speaker ("a spokesperson", "the city").
pub(super) fn is_determiner(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "an"
            | "the"
            | "one"
            | "this"
            | "that"
            | "these"
            | "those"
            | "some"
            | "many"
            | "several"
            | "two"
            | "three"
            | "another"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
    )
}

/// Subject pronouns, which are resolved to an earlier speaker.
pub(super) fn is_pronoun(lower: &str) -> bool {
    matches!(lower, "he" | "she" | "they" | "it" | "we" | "i")
}

/// True when the word `word` (as written) is a function word that cannot
/// belong to a speaker's noun phrase; acronyms such as "US" are names.
pub(super) fn is_stop(word: &str) -> bool {
    let acronym = word.chars().filter(|c| c.is_alphabetic()).count() > 1
        && !word.chars().any(char::is_lowercase);
    !acronym && is_stop_word(&Lower::new(word))
}

/// Reporting verbs that are also nouns ("a claim", "his reports"): as verbs
/// their subject must agree, so "the asylum claim" is no speech.
pub(super) fn is_noun_like_verb(lower: &str) -> bool {
    matches!(
        lower,
        "claim"
            | "claims"
            | "call"
            | "calls"
            | "report"
            | "reports"
            | "note"
            | "notes"
            | "comment"
            | "comments"
            | "answer"
            | "answers"
            | "reply"
            | "replies"
            | "states"
            | "warning"
            | "read"
            | "reads"
            | "tweets"
            | "cite"
            | "cites"
            | "say"
            | "says"
            | "write"
            | "writes"
            | "tell"
            | "tells"
            | "warn"
            | "warns"
            | "add"
            | "adds"
            | "ask"
            | "asks"
            | "describe"
            | "describes"
            | "explain"
            | "explains"
            | "insist"
            | "insists"
            | "argue"
            | "argues"
            | "conclude"
            | "concludes"
            | "declare"
            | "declares"
            | "announce"
            | "announces"
            | "acknowledge"
            | "admit"
            | "admits"
            | "assert"
            | "asserts"
            | "suggests"
            | "recommends"
    )
}

/// Past participles that introduce an agent ("a letter seen by Sky News").
pub(super) fn is_participle(lower: &str) -> bool {
    matches!(
        lower,
        "seen" | "written" | "given" | "held" | "made" | "sent" | "shown" | "quoted"
    ) || (lower.len() > 4 && lower.ends_with("ed"))
}

/// Function words that cannot belong to a speaker's noun phrase.
fn is_stop_word(lower: &str) -> bool {
    matches!(
        lower,
        "and"
            | "or"
            | "but"
            | "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "when"
            | "while"
            | "whilst"
            | "as"
            | "after"
            | "before"
            | "because"
            | "if"
            | "than"
            | "to"
            | "in"
            | "on"
            | "at"
            | "for"
            | "with"
            | "from"
            | "by"
            | "into"
            | "about"
            | "so"
            | "though"
            | "although"
            | "where"
            | "what"
            | "how"
            | "why"
            | "not"
            | "no"
            | "yes"
            | "also"
            | "there"
            | "here"
            | "it"
            | "him"
            | "her"
            | "them"
            | "me"
            | "us"
            | "you"
            | "be"
            | "is"
            | "was"
            | "were"
            | "are"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "during"
            | "over"
            | "under"
            | "since"
            | "until"
            | "without"
            | "within"
            | "upon"
            | "then"
            | "said"
            | "says"
            | "told"
            | "like"
            | "of"
            | "via"
            | "per"
            | "against"
    )
}

#[cfg(test)]
mod speech_verb_tests {
    use super::*;

    #[test]
    fn speech_verbs_of_fiction() {
        let cases = [
            ("said", true),
            ("returned", true),
            ("rejoined", true),
            ("cried", true),
            // The header line and ordinary verbs are no speech verbs.
            ("# verbs that introduce speech in fiction", false),
            ("walked", false),
            ("", false),
        ];
        for (word, expected) in cases {
            assert_eq!(is_speech_verb(word), expected, "{word}");
        }
        // The fiction list does not widen the news reporting verbs that
        // other modules read.
        assert!(!is_reporting_verb("returned"));
    }
}
