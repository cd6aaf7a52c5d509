//! "a US National Security spokesperson": a country before words that name
//! no place is the place; the rest is no name of its own.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    let word = |i: usize| ctx.word(i);
    if m.kind == EntityKind::Place
        && let Some((NameClass::Country, s, e)) = ctx.gazetteer_match(m.first_token)
        && s == m.first_token
        && e < m.end_token
        && Gazetteer::get().place(m.span.text(ctx.text)).is_none()
        && (e..m.end_token).all(|k| {
            let w = word(k);
            ctx.tokens[k].capitalised
                && ctx.gazetteer_match(k).is_none()
                && !gazetteer::is_place_head(w)
                && !gazetteer::is_org_head(w)
                && !COMPASS_WORDS.contains(w)
        })
    {
        m.end_token = e;
        m.span = Span::new(m.span.start, ctx.tokens[e - 1].span.end);
        m.reason = Reason::by(RuleId::CountryPrefix, "gazetteer: country");
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "A US National Security spokesperson spoke.",
            "US National Security:place",
            "US:place",
        );
    }
}
