//! "Minister of Transport Marta Kowalczyk", "Secretary of State John
//! Kerry": a post named as a title, "of" and capitalised words, then a
//! given name and a surname at the end of the run. The post is no name;
//! the person at the end is.

use super::common::*;

/// "Minister of Transport Marta Kowalczyk", "Secretary of State John
/// Kerry": a post named as a title, "of" and capitalised words, then a
/// given name and a surname at the end of the run. The post is no name;
/// the person at the end is.
pub(super) fn names_after_a_post(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let gaz = Gazetteer::get();
    let mut people = Vec::new();
    for (a, b) in ctx.runs() {
        // The run holds "of" and what follows; the title opening a
        // sentence may have been left out of it.
        let of = if ctx.word(a) == "of" { a } else { a + 1 };
        let post = of.checked_sub(1).map(|t| ctx.word(t)).unwrap_or_default();
        if b < of + 3 || ctx.word(of) != "of" || !gazetteer::is_title(post) {
            continue;
        }
        // The given name: the last one with at least one capitalised word
        // after it, and one capitalised word or more before it after "of".
        let person = (of + 2..b.saturating_sub(1)).rev().find(|&k| {
            let w = ctx.word(k);
            gaz.given_rank(w).is_some()
                && !ctx.is_common_word(w)
                && (k..b).all(|j| {
                    let t = &ctx.tokens[j];
                    let w = ctx.word(j);
                    t.capitalised
                        && t.kind == TokenKind::Word
                        && !gazetteer::is_org_head(w)
                        && !gazetteer::is_place_head(w)
                        && !is_demonym_form(w)
                })
        });
        if let Some(k) = person {
            let mut m = mention(ctx, k, b, EntityKind::Person, 0.0);
            m.reason = Reason::by(RuleId::PostTitles, format!("person after the post {post}"));
            people.push(m);
        }
    }
    if people.is_empty() {
        return;
    }
    // Whatever the model made of the run gives way.
    let runs = Intervals::new(
        people
            .iter()
            .map(|p| (ctx.run_of(p.first_token).0, p.end_token)),
    );
    out.retain(|m| !runs.overlaps(m.first_token, m.end_token));
    out.extend(people);
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "Minister of Transport Marta Kowalczyk opened it.",
            "Transport Marta Kowalczyk:organization",
            "Marta Kowalczyk:person",
        );
    }
}
