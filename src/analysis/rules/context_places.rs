//! "the Primorsky region": an untagged name before a lower-case place word.

use super::common::*;

/// "the Primorsky region": an untagged name before a lower-case place word.
pub(super) fn add_context_places(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let mut added = Vec::new();
    for &i in &ctx.candidates {
        if i + 1 >= ctx.tokens.len() || !ctx.tokens[i].capitalised {
            continue;
        }
        let next = ctx.word(i + 1);
        if !PLACE_CONTEXT_AFTER.contains(next) {
            continue;
        }
        if covered[i] {
            // A lone name tagged otherwise becomes a place.
            if let Some(m) = out
                .iter_mut()
                .find(|m| m.first_token == i && m.end_token == i + 1)
                && m.kind != EntityKind::Place
            {
                m.kind = EntityKind::Place;
                m.reason = Reason::by(RuleId::ContextPlaces, format!("context: {next}"));
            }
            continue;
        }
        let (run_start, run_end) = ctx.run_of(i);
        if run_end != i + 1 {
            continue;
        }
        let mut first = run_start;
        while first < i && ctx.is_common_word(ctx.word(first)) {
            first += 1;
        }
        let w = ctx.word(i);
        if is_demonym_form(w) || is_generic(w) || (first..=i).any(|k| covered[k]) {
            continue;
        }
        let mut m = mention(ctx, first, i + 1, EntityKind::Place, 0.0);
        m.reason = Reason::by(RuleId::ContextPlaces, format!("context: {next}"));
        added.push(m);
    }
    out.extend(added);
}

/// Lower-case words after a name that make it a place ("the Primorsky region").
static PLACE_CONTEXT_AFTER: WordList =
    WordList::new(include_str!("../../../assets/data/place_context_after.txt"));

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "Storms battered the Primorsky region overnight.",
            "Primorsky:place",
        );
    }
}
