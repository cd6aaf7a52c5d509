//! Splits a person name ending in a given name that starts other names in
//! the document: "Natásha Pierre" (two people), "Kiev Pierre" (a place and
//! a person), "Germans Pierre" (a common word and a person).

use super::common::*;

/// Splits a person name ending in a given name that starts other names in
/// the document: "Natásha Pierre" (two people), "Kiev Pierre" (a place and
/// a person), "Germans Pierre" (a common word and a person).
pub(super) fn split_given_name_pair(
    ctx: &DocContext<'_>,
    starters: &Starters<'_>,
    m: RawMention,
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
    right.reason = Reason::by(RuleId::GivenNamePair, "two names side by side".to_string());
    let left_text = Span::new(ctx.tokens[a].span.start, ctx.tokens[b - 2].span.end);
    let place = Gazetteer::get()
        .place(left_text.text(ctx.text))
        .and_then(sure_kind);
    if let Some(kind) = place {
        let mut left = mention(ctx, a, b - 1, kind, m.margin);
        left.reason = Reason::by(RuleId::GivenNamePair, "gazetteer: place".to_string());
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

/// Given names that start a longer person name somewhere in the document
/// ("Pierre" of "Pierre Bezúkhov"): such a word ending a name ("Natásha
/// Pierre", "Kiev Pierre") is a second person side by side.
pub(super) fn given_name_starters<'a>(ctx: &DocContext<'a>, raw: &[RawMention]) -> Starters<'a> {
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
pub(crate) type Starters<'a> = FastMap<&'a str, Vec<&'a str>>;

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "John Bezukhov and Mary Smith smiled. Later Mary John left.",
            "John Bezukhov:person, Mary Smith:person, Mary John:person",
            "Mary:person, John:person",
        );
    }
}
