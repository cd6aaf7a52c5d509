//! "Irving, Texas": a one-word name followed by a comma and a known state
//! or country is a place.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    if ctx.word(m.end_token) == ","
        && let Some((class, s, _)) = ctx.gazetteer_match(m.end_token + 1)
        && s == m.end_token + 1
        && matches!(class, NameClass::Country | NameClass::Region)
        && m.kind != EntityKind::Place
        && m.end_token - m.first_token == 1
    {
        m.kind = EntityKind::Place;
        m.reason = Reason::by(RuleId::CommaRegion, format!("context: , {}", ctx.word(s)));
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "She moved to Brackwell, Texas, in May.",
            "Brackwell:person, Texas:place",
            "Brackwell:place",
        );
    }
}
