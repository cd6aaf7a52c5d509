//! Two or three capitalised words that are no common word, no known place
//! and no organisation, away from a sentence start, are most often a
//! person's name ("Alireza Mehraban", "Romelu Lukaku").

use super::common::*;

/// Two or three capitalised words that are no common word, no known place
/// and no organisation, away from a sentence start, are most often a
/// person's name ("Alireza Mehraban", "Romelu Lukaku").
pub(super) fn add_unknown_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let gaz = Gazetteer::get();
    let mut added = Vec::new();
    for (run_start, run_end) in ctx.runs() {
        if !ctx.candidate[run_start] || !(2..=3).contains(&(run_end - run_start)) {
            continue;
        }
        if ctx.tokens[run_start].sentence_start || (run_start..run_end).any(|k| covered[k]) {
            continue;
        }
        let all_names = (run_start..run_end).all(|k| {
            let t = &ctx.tokens[k];
            let w = t.text(ctx.text);
            let mut chars = w.chars();
            t.kind == TokenKind::Word
                && chars.next().is_some_and(char::is_uppercase)
                && chars.any(char::is_lowercase)
                && w.chars().count() > 1
                && !ctx.is_common_word(w)
                && gazetteer::word_flags(w) == 0
                && ctx.gazetteer_match(k).is_none()
        });
        if !all_names {
            continue;
        }
        let mut m = mention(ctx, run_start, run_end, EntityKind::Person, 0.0);
        m.reason = Reason::by(
            RuleId::UnknownNames,
            "looks like a personal name".to_string(),
        );
        let _ = gaz;
        added.push(m);
    }
    out.extend(added);
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "The prize went to Alireza Mehraban after a long wait.",
            "",
            "Alireza Mehraban:person",
        );
    }
}
