//! A nationality word is no name ("Afghans", "the North Korean envoy"),
//! nor is the first word of one cut off by the model ("North" of "North
//! Korean"). A body whose name ends in one ("Royal Norwegian") is the
//! model's to judge, unless the nationality is all there is.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    let only_nationality = (m.first_token..m.end_token).all(|k| {
        let w = ctx.word(k);
        is_demonym_form(w) || COMPASS_WORDS.contains(w)
    });
    if only_nationality {
        return false;
    }
    if m.kind == EntityKind::Organization {
        return true;
    }
    let last = ctx.word(m.end_token - 1);
    if is_demonym_form(last) {
        return false;
    }
    let (_, run_end) = ctx.run_of(m.first_token);
    !(m.end_token < run_end && is_demonym_form(ctx.word(m.end_token)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "The Afghans met Lorna Fitch in Kabul.",
            "Afghans:person",
            "!Afghans",
        );
        check_given(
            "Talks with North Korean envoys stalled.",
            "North Korean:person",
            "!North Korean",
        );
        check_given(
            "Talks with North Korean envoys stalled.",
            "North:place",
            "!North",
        );
        check_given(
            "The South Sudanese delegation left early.",
            "South Sudanese:organization",
            "!South Sudanese",
        );
    }
}
