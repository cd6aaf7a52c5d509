//! "said Vladimir Putin", "Florence Pugh told": a town's name followed by
//! a word that is no place, no head word and no common word, next to a
//! reporting verb or with a known given name or surname in it, is a person,
//! though the model read the town ("Vladimir" is a Russian city).

use super::common::*;

// Every whole-document rule has the registry's signature, though this one
// only changes names in place.
#[allow(clippy::ptr_arg)]
pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    person_named_like_a_town(ctx, out);
}

/// "said Vladimir Putin", "Florence Pugh told": a town's name followed by
/// a word that is no place, no head word and no common word, next to a
/// reporting verb or with a known given name or surname in it, is a person,
/// though the model read the town ("Vladimir" is a Russian city).
fn person_named_like_a_town(ctx: &DocContext<'_>, out: &mut [RawMention]) {
    let gaz = Gazetteer::get();
    let reporting = |i: usize| {
        i < ctx.tokens.len() && {
            let w = ctx.word(i);
            w.chars().all(|c| c.is_ascii_lowercase()) && quotes::words::is_reporting_verb(w)
        }
    };
    let taken: std::collections::HashSet<usize> = out
        .iter()
        .flat_map(|m| m.first_token..m.end_token)
        .collect();
    for m in out.iter_mut() {
        let a = m.first_token;
        // The town alone ("said Vladimir Putin" with only "Vladimir" tagged)
        // takes the name after it.
        let b = match m.end_token - a {
            1 if a + 1 < ctx.tokens.len() && !taken.contains(&(a + 1)) => a + 2,
            2 => m.end_token,
            _ => continue,
        };
        if m.kind != EntityKind::Place {
            continue;
        }
        let (given, surname) = (ctx.word(a), ctx.word(a + 1));
        let town_first = ctx
            .gazetteer_match(a)
            .is_some_and(|(_, s, e)| s == a && e == a + 1);
        let surname_is_name = ctx.tokens[a + 1].capitalised
            && ctx.tokens[a + 1].kind == TokenKind::Word
            && ctx.gazetteer_match(a + 1).is_none()
            && !gazetteer::is_place_head(surname)
            && !gazetteer::is_org_head(surname)
            && !gazetteer::is_title(surname)
            && !is_demonym_form(surname)
            && !ctx.is_common_word(surname);
        let cue = (a > 0 && reporting(a - 1))
            || reporting(b)
            || gaz.given_rank(given).is_some()
            || gaz.surnames.contains_key(surname);
        if town_first && surname_is_name && cue {
            if m.end_token != b {
                m.span = Span::new(m.span.start, ctx.tokens[b - 1].span.end);
                m.end_token = b;
            }
            m.kind = EntityKind::Person;
            m.reason = Reason::by(
                RuleId::TownNamedPeople,
                format!("person cue: {given} {surname}"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "\"We will see,\" said Vladimir Putin on Tuesday.",
            "Vladimir Putin:person",
        );
    }
}
