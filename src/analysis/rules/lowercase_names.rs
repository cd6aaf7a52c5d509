//! "i grew up in ohio": in a text whose writer does not capitalise, a
//! lower-case word the gazetteer knows as a place (or as one of its
//! well-known organisations) is that name, when the word vectors read its
//! lower-case spelling as the name (they give "ohio" the row of "Ohio",
//! but "turkey" a row of its own). So is a common given name that is no
//! word ("me and carla"), with a surname after it.
//!
//! Edited text capitalises its names, so there a lower-case "boston" is
//! the card game and "panama" the hat: the rule runs only where the writer
//! leaves "i" or sentence openings in lower case.

use super::super::clusters::Clusters;
use super::super::ner::is_function_word;
use super::super::quotes::gender::name_gender;
use super::common::*;

/// The longest place name, in words, looked for.
const MAX_WORDS: usize = 3;

/// Adds lower-case known names in texts written in lower case.
pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    if !writes_in_lower_case(ctx) {
        return;
    }
    let gaz = Gazetteer::get();
    let covered = covered_tokens(ctx, out);
    let bytes = ctx.text.as_bytes();
    let plain = |k: usize| {
        let t = &ctx.tokens[k];
        let w = ctx.word(k);
        // Not a piece of an address: "houston.rr.com", "en.wikipedia.org/".
        let span = t.span();
        let glued = |b: Option<&u8>| b.is_some_and(|&b| matches!(b, b'.' | b'@' | b'/' | b'_'));
        let address = (span.start > 0 && glued(bytes.get(span.start - 1)))
            || (glued(bytes.get(span.end))
                && bytes
                    .get(span.end + 1)
                    .is_some_and(u8::is_ascii_alphanumeric));
        t.kind() == TokenKind::Word
            && !covered[k]
            && !address
            && w.chars().all(|c| c.is_lowercase() || c == '-')
            && !is_function_word(w)
    };
    let n = ctx.tokens.len();
    let mut name = String::new();
    let mut i = 0;
    while i < n {
        let mut matched = 0;
        for len in (1..=MAX_WORDS.min(n - i)).rev() {
            let end = i + len;
            // One line, one space apart: "san francisco", not "san,\nfrancisco".
            let joined = (i + 1..end).all(|k| {
                ctx.tokens[k - 1].span().end + 1 == ctx.tokens[k].span().start
                    && ctx.text.as_bytes()[ctx.tokens[k].span().start - 1] == b' '
            });
            if !joined || !(i..end).all(plain) {
                continue;
            }
            name.clear();
            for k in i..end {
                if k > i {
                    name.push(' ');
                }
                push_capitalised(&mut name, ctx.word(k));
            }
            let Some(class) = gaz.place(&name) else {
                if len == 1 && is_person(ctx, i, &name) {
                    // "shanna and i", "ask jill allen": a surname may follow.
                    let end = if i + 1 < n
                        && plain(i + 1)
                        && ctx.tokens[i].span().end + 1 == ctx.tokens[i + 1].span().start
                        && is_surname(ctx.word(i + 1))
                    {
                        i + 2
                    } else {
                        i + 1
                    };
                    let mut m = mention(ctx, i, end, EntityKind::Person, 0.0);
                    m.reason =
                        Reason::by(RuleId::LowercaseNames, format!("known given name: {name}"));
                    out.push(m);
                    matched = end - i;
                    break;
                }
                continue;
            };
            if !read_as_name(ctx.word(end - 1)) {
                continue;
            }
            let kind = match class {
                NameClass::Organization => EntityKind::Organization,
                _ => EntityKind::Place,
            };
            let mut m = mention(ctx, i, end, kind, 0.0);
            m.reason = Reason::by(
                RuleId::LowercaseNames,
                format!("known {}: {name}", class.label()),
            );
            out.push(m);
            matched = len;
            break;
        }
        i += matched.max(1);
    }
}

/// True when the writer leaves the pronoun "i" in lower case (with no
/// "I", or twice or more and at least one time in ten), or opens a fifth
/// of the sentences in lower case.
fn writes_in_lower_case(ctx: &DocContext<'_>) -> bool {
    let (mut i_lower, mut i_upper, mut openings, mut lower_openings) = (0usize, 0usize, 0, 0);
    for (k, t) in ctx.tokens.iter().enumerate() {
        if t.kind() != TokenKind::Word {
            continue;
        }
        let w = ctx.word(k);
        let before = k.checked_sub(1).map_or("", |p| ctx.word(p));
        if w.len() == 1 {
            // Not a list's "(i)".
            let pronoun = before != "(" && ctx.word(k + 1) != ")";
            match w {
                "i" if pronoun => i_lower += 1,
                "I" => i_upper += 1,
                _ => {}
            }
        }
        // The text's first word, or one after a sentence's end: "word. next".
        let opening = k == 0
            || (before.len() == 1
                && matches!(before, "." | "?" | "!")
                && ctx.tokens[k - 1].span().end < t.span().start
                && k >= 2
                && ctx.tokens[k - 2].kind() == TokenKind::Word);
        if opening {
            openings += 1;
            if w.starts_with(|c: char| c.is_lowercase()) {
                lower_openings += 1;
            }
        }
    }
    let lower_i = i_lower > 0 && (i_upper == 0 || (i_lower >= 2 && i_lower * 10 >= i_upper));
    lower_i || (lower_openings > 0 && lower_openings * 5 >= openings)
}

/// True when the lower-case word at `i` (`name` capitalised) is a common
/// given name (one the Census lists for men or for women) and no word: no nationality, day or title ("german", "sunday"),
/// the training text never uses it in lower case, and the word vectors
/// read it as the name ("lisa", not "will" or "max").
fn is_person(ctx: &DocContext<'_>, i: usize, name: &str) -> bool {
    let w = ctx.word(i);
    let listed = gazetteer::flags::DEMONYM | gazetteer::flags::CALENDAR | gazetteer::flags::TITLE;
    name_gender(name).is_some()
        && gazetteer::word_flags(name) & listed == 0
        && w.chars().count() >= 3
        && !ctx.is_trained_word(w)
        && read_as_name(w)
}

/// True for a lower-case surname the vectors read as a name ("allen").
fn is_surname(word: &str) -> bool {
    let mut name = String::with_capacity(word.len());
    push_capitalised(&mut name, word);
    Gazetteer::get().surnames.contains_key(name.as_str()) && read_as_name(word)
}

/// True when the word vectors give the lower-case `word` the same row as
/// its capitalised form: writers use it in lower case for the name.
fn read_as_name(word: &str) -> bool {
    let mut capitalised = String::with_capacity(word.len());
    push_capitalised(&mut capitalised, word);
    let table = Clusters::get();
    match (table.lookup(word), table.lookup(&capitalised)) {
        (Some(lower), Some(upper)) => lower.row == upper.row,
        _ => false,
    }
}

fn push_capitalised(buf: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        buf.extend(first.to_uppercase());
        buf.push_str(chars.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_silent};

    #[test]
    fn rows() {
        check(
            "we drove down to florida last week and i loved it. the beaches were great.",
            "florida:place",
        );
        check(
            "anyone know a good hotel in san francisco? i am going there in may.",
            "san francisco:place",
        );
        // A common given name, where the writer does not capitalise.
        check(
            "me and carla went to the lake yesterday and i got sunburnt.",
            "carla:person",
        );
        // A word of its own in lower case stays a word.
        check_silent("i roasted a turkey for the whole family. then i went to bed.");
        // Nationalities, days and given names that are words stay words.
        check_silent("i bought a german car last year. it broke down twice.");
        check_silent("see you on sunday, i will bring the cake.");
        check_silent("i will ask max if he can come.");
        // Edited text: "morocco" is the leather.
        check_silent("He sat in a chair of red morocco. She laughed at him. They left.");
    }
}
