//! A fast tokenizer over byte spans, built for name tagging.
//!
//! Words keep inner hyphens and apostrophes ("Jong-un", "O'Brien", "don't")
//! but a possessive clitic is split off ("Kim’s" gives "Kim" and "’s"), so a
//! name's span never includes it. Dotted abbreviations ("U.S.", "D.C.") and
//! initials ("F.") are one token. Every other non-space character is a token
//! of its own.

use crate::span::Span;

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (and inner hyphens, apostrophes, digits).
    Word,
    /// Starts with a digit.
    Number,
    /// A possessive clitic: `'s`, `’s` or a bare trailing apostrophe.
    Possessive,
    /// Any other single character.
    Punct,
}

/// The longest text the tokenizer reads (1 GiB, far more than any file
/// Dramatis loads): a token keeps its offsets in 30 bits, and its kind and
/// flags in the two bits left of each. Text past it is not tokenized.
pub const MAX_TEXT_BYTES: usize = OFFSET_MASK as usize;

/// The bits of a [`Token`]'s packed words that hold an offset.
const OFFSET_MASK: u32 = (1 << 30) - 1;
/// The flag bits of [`Token::end_flags`].
const SENTENCE_START: u32 = 1 << 30;
const CAPITALISED: u32 = 1 << 31;

/// One token of the text, in eight bytes: a book has a token every five
/// bytes or so, which makes the token list the analysis's largest table.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Its first byte in the text, below its kind (the top two bits).
    start_kind: u32,
    /// One past its last byte, below the `SENTENCE_START` and
    /// `CAPITALISED` flags.
    end_flags: u32,
}

impl Token {
    /// A token over `span`, which must end within [`MAX_TEXT_BYTES`].
    fn new(span: Span, kind: TokenKind, sentence_start: bool, capitalised: bool) -> Self {
        let kind_bits = match kind {
            TokenKind::Word => 0,
            TokenKind::Number => 1,
            TokenKind::Possessive => 2,
            TokenKind::Punct => 3,
        };
        let mut end_flags = span.end as u32 & OFFSET_MASK;
        if sentence_start {
            end_flags |= SENTENCE_START;
        }
        if capitalised {
            end_flags |= CAPITALISED;
        }
        Self {
            start_kind: (span.start as u32 & OFFSET_MASK) | kind_bits << 30,
            end_flags,
        }
    }

    /// Its bytes in the text.
    pub fn span(&self) -> Span {
        Span::new(
            (self.start_kind & OFFSET_MASK) as usize,
            (self.end_flags & OFFSET_MASK) as usize,
        )
    }

    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        self.span().text(text)
    }

    /// What it is made of.
    pub fn kind(&self) -> TokenKind {
        match self.start_kind >> 30 {
            0 => TokenKind::Word,
            1 => TokenKind::Number,
            2 => TokenKind::Possessive,
            _ => TokenKind::Punct,
        }
    }

    /// True when the token starts a sentence (first of a paragraph, after a
    /// full stop, or right after an opening quotation mark).
    pub fn sentence_start(&self) -> bool {
        self.end_flags & SENTENCE_START != 0
    }

    /// Marks the token as starting a sentence.
    pub fn set_sentence_start(&mut self) {
        self.end_flags |= SENTENCE_START;
    }

    /// True when its first letter is upper case, or it holds an upper-case
    /// letter after a short lower-case prefix ("al-Assad", "iPhone").
    pub fn capitalised(&self) -> bool {
        self.end_flags & CAPITALISED != 0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("span", &self.span())
            .field("kind", &self.kind())
            .field("sentence_start", &self.sentence_start())
            .field("capitalised", &self.capitalised())
            .finish()
    }
}

/// True when `word` is in the short `list`; compares lengths and first
/// bytes before whole strings, which keeps per-token checks cheap.
pub fn listed(list: &[&str], word: &str) -> bool {
    let first = word.as_bytes().first();
    list.iter()
        .any(|x| x.len() == word.len() && x.as_bytes().first() == first && *x == word)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '“' | '"' | '‘' | '«' | '„')
}

/// True for an abbreviation after which a full stop does not end the
/// sentence. A `match` on strings compiles to a switch on length and a few
/// compares, which matters at every full stop of a book.
fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Mr" | "Mrs"
            | "Ms"
            | "Dr"
            | "St"
            | "Jr"
            | "Sr"
            | "Gen"
            | "Col"
            | "Lt"
            | "Sgt"
            | "Capt"
            | "Prof"
            | "Rev"
            | "Gov"
            | "Sen"
            | "Rep"
            | "Maj"
            | "Cpl"
            | "Adm"
            | "Hon"
            | "Mt"
            | "Ft"
            | "No"
            | "vs"
            | "etc"
            | "e.g"
            | "i.e"
            | "Inc"
            | "Ltd"
            | "Co"
            | "Corp"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
    )
}

/// True for a character that is surely neither a letter, a digit nor white
/// space: the dashes, quotation marks and ellipsis of U+2010 to U+2027,
/// which fill novels and would otherwise each go through the Unicode
/// tables twice.
fn is_plain_punctuation(c: char) -> bool {
    ('\u{2010}'..='\u{2027}').contains(&c)
}

/// Tokenizes `text[span]`, appending to `out`. The first token is marked as
/// a sentence start. A span reaching past [`MAX_TEXT_BYTES`] gives no tokens.
pub fn tokenize_into(text: &str, span: Span, out: &mut Vec<Token>) {
    if span.end > MAX_TEXT_BYTES {
        return;
    }
    let Some(slice) = text.get(span.start..span.end) else {
        return;
    };
    let base = span.start;
    let bytes = slice.as_bytes();
    let mut i = 0;
    let mut sentence_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' || b == b'\n' || b == b'\r' || b == b'\t' {
            i += 1;
            continue;
        }
        // Decode the char at i (i is always on a boundary here).
        let c = if b.is_ascii() {
            char::from(b)
        } else {
            match slice[i..].chars().next() {
                Some(c) => c,
                None => break,
            }
        };
        let plain_punctuation = is_plain_punctuation(c);
        if !plain_punctuation && c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let kind;
        if !plain_punctuation && c.is_alphanumeric() {
            let end = scan_word(slice, i);
            kind = if c.is_ascii_digit() {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            i = end;
        } else if is_apostrophe(c) {
            let after = i + c.len_utf8();
            let next = slice[after..].chars().next();
            let next2 = next.and_then(|n| slice[after + n.len_utf8()..].chars().next());
            let prev_is_word = out
                .last()
                .is_some_and(|t| t.span().end == base + i && t.kind() == TokenKind::Word);
            if prev_is_word
                && matches!(next, Some('s') | Some('S'))
                && !next2.is_some_and(|n| n.is_alphanumeric())
            {
                i = after + 1;
                kind = TokenKind::Possessive;
            } else if prev_is_word
                && out.last().is_some_and(|t| {
                    let w = t.text(text);
                    w.ends_with('s') && w.chars().next().is_some_and(char::is_uppercase)
                })
                && !next.is_some_and(|n| n.is_alphanumeric())
            {
                i = after;
                kind = TokenKind::Possessive;
            } else {
                i = after;
                kind = TokenKind::Punct;
            }
        } else {
            i += c.len_utf8();
            kind = TokenKind::Punct;
        }
        let tspan = Span::new(base + start, base + i);
        let word = &slice[start..i];
        let capitalised = kind == TokenKind::Word && is_capitalised(word);
        // The span ends within `MAX_TEXT_BYTES`, checked above.
        out.push(Token::new(tspan, kind, sentence_start, capitalised));
        // Decide whether the next token starts a sentence.
        sentence_start = match kind {
            TokenKind::Punct => {
                if matches!(c, '.' | '!' | '?') {
                    let prev = out.len().checked_sub(2).map(|k| out[k]);
                    !prev.is_some_and(|p| {
                        let w = p.text(text);
                        p.span().end == tspan.start && (is_abbreviation(w) || w.ends_with('.'))
                    })
                } else if is_opening_quote(c) || c == ':' || c == '—' || c == '(' {
                    // An opening mark keeps a pending sentence start and
                    // starts one when it opens quoted speech.
                    sentence_start || is_opening_quote(c)
                } else if matches!(c, '”' | '’' | ')' | '\'') {
                    sentence_start
                } else {
                    false
                }
            }
            _ => false,
        };
    }
}

/// Words that start sentences and are never part of a name.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "In",
    "On",
    "At",
    "But",
    "And",
    "This",
    "That",
    "These",
    "Those",
    "A",
    "An",
    "There",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "After",
    "When",
    "While",
    "If",
    "As",
    "However",
    "Meanwhile",
    "Some",
    "Many",
    "According",
    "Yesterday",
    "Today",
    "Last",
    "Earlier",
    "Later",
    "Since",
    "Although",
    "Officials",
];

/// Marks a sentence start after a dotted abbreviation that ends a sentence
/// ("…to the U.S. The President…"): when the next word is one that starts
/// sentences and never names.
pub fn mark_sentence_ends_after_abbreviations(text: &str, tokens: &mut [Token]) {
    for i in 1..tokens.len() {
        let prev = tokens[i - 1];
        let t = tokens[i];
        if t.sentence_start() || !t.capitalised() || prev.kind() != TokenKind::Word {
            continue;
        }
        if prev.text(text).ends_with('.') && listed(SENTENCE_STARTERS, t.text(text)) {
            tokens[i].set_sentence_start();
        }
    }
}

/// Tokenizes each paragraph of `text`.
///
/// The list is sized for one token every four bytes, more than prose
/// needs (a book has one every five), so that it is seldom grown, and is
/// then cut to its length: the tokens are the analysis's largest table.
pub fn tokenize(text: &str, paragraphs: &[Span]) -> Vec<Token> {
    let bytes: usize = paragraphs.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(bytes.min(text.len()) / 4);
    for &p in paragraphs {
        tokenize_into(text, p, &mut out);
    }
    out.shrink_to_fit();
    out
}

/// Scans a word or number starting at `i`, returning its end.
fn scan_word(s: &str, i: usize) -> usize {
    let bytes = s.as_bytes();
    // Fast path: a plain ASCII word ending at a space or simple punctuation.
    let mut j = i;
    while j < bytes.len() && bytes[j].is_ascii_alphanumeric() {
        j += 1;
    }
    let plain_word = j > i + 1 && !bytes[i].is_ascii_digit();
    let next_is_alnum = bytes.get(j + 1).is_some_and(u8::is_ascii_alphanumeric);
    // "St. Petersburg", "Mt. Kenya": an abbreviation that opens a name keeps
    // its full stop, so the name reads as one run of capitalised words.
    if j < bytes.len()
        && bytes[j] == b'.'
        && matches!(&s[i..j], "St" | "Ste" | "Mt" | "Ft")
        && matches!(bytes.get(j + 1), Some(b' ' | b'\n'))
        && bytes.get(j + 2).is_some_and(u8::is_ascii_uppercase)
    {
        return j + 1;
    }
    if j == bytes.len()
        || (plain_word && (bytes[j] == b',' || (bytes[j] == b'.' && !next_is_alnum)))
        || matches!(
            bytes[j],
            b' ' | b'\n' | b'\r' | b'\t' | b';' | b':' | b'!' | b'?' | b'"' | b'(' | b')'
        )
    {
        return j;
    }
    let mut letters = 0usize;
    let mut chars = s[i..].char_indices().peekable();
    let mut last_end = i;
    while let Some((off, c)) = chars.next() {
        let pos = i + off;
        if c.is_alphanumeric() {
            letters += 1;
            last_end = pos + c.len_utf8();
            continue;
        }
        if (c == '-' || c == '.' || c == ',' || is_apostrophe(c) || c == '‐')
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            let next = chars.peek().map(|&(_, n)| n).unwrap_or(' ');
            match c {
                '-' | '‐' => continue,
                '.' => {
                    // "U.S", "D.C", "3.5": keep dotted letters and decimals.
                    let first = s[i..].chars().next().unwrap_or(' ');
                    if (letters == 1 && next.is_alphabetic())
                        || (first.is_ascii_digit() && next.is_ascii_digit())
                    {
                        letters = 0;
                        continue;
                    }
                    break;
                }
                ',' => {
                    let first = s[i..].chars().next().unwrap_or(' ');
                    if first.is_ascii_digit() && next.is_ascii_digit() {
                        continue;
                    }
                    break;
                }
                _ => {
                    // Apostrophe: split a possessive "’s" off, keep "don't", "O'Brien".
                    let after = pos + c.len_utf8();
                    let rest = &s[after..];
                    let mut rc = rest.chars();
                    let n1 = rc.next();
                    let n2 = rc.next();
                    if matches!(n1, Some('s') | Some('S'))
                        && !n2.is_some_and(|n| n.is_alphanumeric())
                    {
                        break;
                    }
                    continue;
                }
            }
        }
        break;
    }
    let mut j = last_end;
    // Dotted abbreviations: "U.S." or an initial "F." keep their final stop
    // when every part is a single letter.
    if j < bytes.len() && bytes[j] == b'.' {
        let word = &s[i..j];
        let single_letters = word
            .split('.')
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
        if single_letters {
            j += 1;
        }
    }
    j
}

/// True for a word that reads as a proper-name candidate.
pub fn is_capitalised(word: &str) -> bool {
    // Fast path for ASCII letters, the bulk of most texts; anything else
    // goes the general way, which gives the same answer.
    let bytes = word.as_bytes();
    match bytes.first() {
        Some(b'I') if !matches!(bytes.get(1), Some(b'\'') | Some(0x80..)) => true,
        Some(c) if c.is_ascii_uppercase() && *c != b'I' => true,
        Some(c) if c.is_ascii_lowercase() => {
            let mut prefix = 1;
            let mut joined = false;
            for &c in &bytes[1..] {
                if c.is_ascii_uppercase() {
                    return prefix == 1 || (joined && prefix <= 3);
                }
                if !c.is_ascii() {
                    return is_capitalised_general(word);
                }
                if c == b'-' || c == b'\'' {
                    joined = true;
                    continue;
                }
                prefix += 1;
                if prefix > 3 {
                    return false;
                }
            }
            false
        }
        _ => is_capitalised_general(word),
    }
}

/// [`is_capitalised`] for any text.
fn is_capitalised_general(word: &str) -> bool {
    // "I’ll", "I'm", "I’d": the pronoun, not a name.
    if word.starts_with("I’") || word.starts_with("I'") {
        return false;
    }
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        Some(c) if c.is_lowercase() => {
            // "al-Assad", "d'Alembert", "iPhone", "eBay"; not code such as
            // "reqHeaders" or "apiCall".
            let mut prefix = 1;
            let mut joined = false;
            for c in chars {
                if c.is_uppercase() {
                    return prefix == 1 || (joined && prefix <= 3);
                }
                if c == '-' || is_apostrophe(c) {
                    joined = true;
                    continue;
                }
                prefix += 1;
                if prefix > 3 {
                    return false;
                }
            }
            false
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text, &[Span::new(0, text.len())])
            .iter()
            .map(|t| {
                let s = t.text(text).to_string();
                if t.sentence_start() {
                    format!("^{s}")
                } else {
                    s
                }
            })
            .collect()
    }

    #[test]
    fn tokenizes_names_possessives_and_abbreviations() {
        let cases: &[(&str, &str)] = &[
            ("Kim’s train", "^Kim ’s train"),
            ("Kim Jong-un arrived.", "^Kim Jong-un arrived ."),
            ("the U.S. and D.C. met", "^the U.S. and D.C. met"),
            ("John F. Kennedy said", "^John F. Kennedy said"),
            ("don't O'Brien's", "^don't O'Brien 's"),
            ("Mr. Smith. He left", "^Mr . Smith . ^He left"),
            ("said: “It will", "^said : “ ^It will"),
            ("3,500 people, 2.5 m", "^3,500 people , 2.5 m"),
            ("Jesus' words", "^Jesus ' words"),
            // An abbreviated "Saint" or "Mount" before a name keeps its stop.
            (
                "the road to St. Albans and Mt. Elgon",
                "^the road to St. Albans and Mt. Elgon",
            ),
            ("on Kent St. the end", "^on Kent St . the end"),
        ];
        for (text, expected) in cases {
            assert_eq!(words(text).join(" "), *expected, "{text}");
        }
    }

    /// A book has a token every five bytes or so: the token list is the
    /// largest table of an analysis, and stays at 8 bytes a token.
    #[test]
    fn a_token_takes_eight_bytes() {
        assert!(std::mem::size_of::<Token>() <= 8);
    }

    /// Offsets, kind and flags all survive the packing, up to the last
    /// offset a token can hold.
    #[test]
    fn tokens_keep_what_they_are_given() {
        let kinds = [
            TokenKind::Word,
            TokenKind::Number,
            TokenKind::Possessive,
            TokenKind::Punct,
        ];
        for kind in kinds {
            for (start, end) in [(0, 1), (7, 12), (MAX_TEXT_BYTES - 3, MAX_TEXT_BYTES)] {
                for (sentence_start, capitalised) in
                    [(false, false), (true, false), (false, true), (true, true)]
                {
                    let span = Span::new(start, end);
                    let mut t = Token::new(span, kind, sentence_start, capitalised);
                    assert_eq!(t.span(), span);
                    assert_eq!(t.kind(), kind);
                    assert_eq!(t.sentence_start(), sentence_start);
                    assert_eq!(t.capitalised(), capitalised);
                    t.set_sentence_start();
                    assert!(t.sentence_start());
                    assert_eq!(
                        (t.span(), t.kind(), t.capitalised()),
                        (span, kind, capitalised)
                    );
                }
            }
        }
    }

    #[test]
    fn capitalised_words_include_prefixed_names_but_not_code() {
        let cases: &[(&str, bool)] = &[
            ("Putin", true),
            ("iPhone", true),
            ("eBay", true),
            ("al-Assad", true),
            ("d'Alembert", true),
            ("d’Alembert", true),
            ("Ñuñoa", true),
            ("said", false),
            ("I’ll", false),
            ("I'm", false),
            ("reqHeaders", false),
            ("apiCall", false),
            ("getÉlément", false),
            ("", false),
        ];
        for &(word, expected) in cases {
            assert_eq!(is_capitalised(word), expected, "{word}");
        }
    }
}
