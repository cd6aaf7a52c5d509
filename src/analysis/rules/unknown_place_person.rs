//! "Dries Mertens": two or three unknown words tagged as a place, with no
//! place word and nothing in the gazetteer, are far more often a person.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    let word = |i: usize| ctx.word(i);
    if m.kind == EntityKind::Place
        && (2..=3).contains(&(m.end_token - m.first_token))
        && !PLACE_FIRSTS.contains(word(m.first_token))
        && (m.first_token..m.end_token).all(|k| {
            let w = word(k);
            ctx.tokens[k].capitalised
                && ctx.gazetteer_match(k).is_none()
                && gazetteer::word_flags(w) == 0
                && !ctx.is_common_word(w)
        })
    {
        m.kind = EntityKind::Person;
        m.reason = Reason::by(
            RuleId::UnknownPlacePerson,
            "unknown name, not a known place",
        );
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "The goal came from Dries Mertens late on.",
            "Dries Mertens:person",
        );
    }
}
