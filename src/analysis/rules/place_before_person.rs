//! "From Vienna Kutúzov wrote", "in Petersburg Berg proposed": after a
//! preposition, a place the document knows and a surname it knows are two
//! names, though no comma parts them.

use super::common::*;

/// "From Vienna Kutúzov wrote", "in Petersburg Berg proposed": after a
/// preposition, a place the document knows and a surname it knows are two
/// names, though no comma parts them.
pub(super) fn split_place_before_person(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let gaz = Gazetteer::get();
    let after_preposition = |a: usize| {
        a > 0
            && matches!(
                ctx.word(a - 1),
                "in" | "at"
                    | "from"
                    | "to"
                    | "near"
                    | "into"
                    | "approaching"
                    | "In"
                    | "At"
                    | "From"
            )
    };
    let mut places: FastSet<&str> = FastSet::default();
    let mut surnames: FastSet<&str> = FastSet::default();
    // Full names also written where no place could open them ("Eden Hazard
    // scored" beside "from Eden Hazard's assist").
    let mut people: FastSet<&str> = FastSet::default();
    for m in out.iter() {
        match m.kind {
            EntityKind::Place => {
                places.insert(m.span.text(ctx.text));
            }
            EntityKind::Person if m.end_token - m.first_token >= 2 => {
                surnames.insert(ctx.word(m.end_token - 1));
                if !after_preposition(m.first_token) {
                    people.insert(m.span.text(ctx.text));
                }
            }
            _ => {}
        }
    }
    let mut pieces = Vec::new();
    out.retain(|m| {
        let (a, b) = (m.first_token, m.end_token);
        if b - a < 2 || !after_preposition(a) || ctx.tokens[a].sentence_start {
            return true;
        }
        let last = ctx.word(b - 1);
        let place = Span::new(ctx.tokens[a].span.start, ctx.tokens[b - 2].span.end);
        let place_text = place.text(ctx.text);
        let known_place = places.contains(place_text)
            || gaz.place(place_text).and_then(sure_kind) == Some(EntityKind::Place);
        let full_name = m.kind == EntityKind::Person
            && (people.contains(m.span.text(ctx.text))
                || gaz.given_rank(ctx.word(a)).is_some_and(|r| r < 2000));
        if !known_place || full_name || !surnames.contains(last) || gaz.place(last).is_some() {
            return true;
        }
        let mut left = mention(ctx, a, b - 1, EntityKind::Place, m.margin);
        left.reason = Reason::by(
            RuleId::PlaceBeforePerson,
            format!("context: {}", ctx.word(a - 1)),
        );
        let mut right = mention(ctx, b - 1, b, EntityKind::Person, m.margin);
        right.reason = Reason::by(
            RuleId::PlaceBeforePerson,
            "two names side by side".to_string(),
        );
        pieces.push(left);
        pieces.push(right);
        false
    });
    out.extend(pieces);
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "Kutuzov Smith wrote often. From Vienna Kutuzov wrote to the tsar.",
            "Vienna:place",
        );
    }
}
