//! "President Jonas Ekberg" → "Jonas Ekberg", "Chairman of the
//! Halvern Water Board" → "Halvern Water Board", "Tellmark Spokesperson" →
//! "Tellmark": titles and roles are no part of the name they stand by, and
//! a title word the model cut from the title it opens ("Prime" of "Prime
//! Minister") is no name at all.

use super::common::*;

/// Role words that follow the name of what they serve ("Tellmark
/// Spokesperson"); unlike "King" or "Major" they never end a name.
static TRAILING_ROLES: WordList =
    WordList::new(include_str!("../../../assets/data/trailing_roles.txt"));

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    let word = |i: usize| ctx.word(i);
    // "Prime" of "Prime Minister Orla Vantreck", cut off by the model: a
    // lone title word before another is part of a title, no name. (A lone
    // "Major" or "King" before a verb may be a surname, and stays.)
    if m.end_token - m.first_token == 1
        && gazetteer::is_title(word(m.first_token))
        && gazetteer::is_title(word(m.end_token))
    {
        return false;
    }
    while m.end_token - m.first_token > 1
        && m.kind == EntityKind::Person
        && gazetteer::is_title(word(m.first_token))
    {
        m.first_token += 1;
    }
    if m.kind != EntityKind::Person
        && m.end_token - m.first_token > 3
        && (gazetteer::is_title(word(m.first_token))
            || TRAILING_ROLES.contains(word(m.first_token)))
        && word(m.first_token + 1) == "of"
    {
        m.first_token += 2;
        if matches!(word(m.first_token), "the" | "The") {
            m.first_token += 1;
        }
    }
    while m.end_token - m.first_token > 1 && TRAILING_ROLES.contains(word(m.end_token - 1)) {
        m.end_token -= 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "Yesterday President Orla Vantreck signed it.",
            "President Orla Vantreck:person",
            "Orla Vantreck:person",
        );
        check_given(
            "It was Prime Minister Orla Vantreck's plan.",
            "Prime:person, Orla Vantreck:person",
            "!Prime, Orla Vantreck:person",
        );
        check_given(
            "The Tellmark Spokesperson said no more.",
            "Tellmark Spokesperson:organization",
            "Tellmark:organization",
        );
    }
}
