//! "Northern Vorlandia", "New Halmsby": a capitalised compass word (or
//! "New", "Great", "Greater" away from a sentence start) before a place is
//! part of its name.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    let word = |i: usize| ctx.word(i);
    if m.kind == EntityKind::Place
        && m.first_token > 0
        && ctx.tokens[m.first_token - 1].capitalised
        && !ctx.tokens[m.first_token].sentence_start
        && (COMPASS_WORDS.contains(word(m.first_token - 1))
            || (PLACE_PREFIXES.contains(word(m.first_token - 1))
                && !ctx.tokens[m.first_token - 1].sentence_start))
    {
        m.first_token -= 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "Floods hit Northern Vorlandia last week.",
            "Vorlandia:place",
            "Northern Vorlandia:place",
        );
    }
}
