//! "President Jonas Ekberg" → "Jonas Ekberg", "Chairman of the
//! Halvern Water Board" → "Halvern Water Board", "Tellmark Spokesperson" →
//! "Tellmark": titles and roles are no part of the name they stand by.

use super::common::*;

/// Role words that follow the name of what they serve ("Tellmark
/// Spokesperson"); unlike "King" or "Major" they never end a name.
static TRAILING_ROLES: WordList =
    WordList::new(include_str!("../../../assets/data/trailing_roles.txt"));

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    let word = |i: usize| ctx.word(i);
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
            "The Tellmark Spokesperson said no more.",
            "Tellmark Spokesperson:organization",
            "Tellmark:organization",
        );
    }
}
