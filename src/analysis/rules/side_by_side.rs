//! Splits two names written side by side: a country or an organisation
//! followed by a person ("United States Hamdullah Mohib", "Refugee Council
//! Enver Solomon") or by another organisation ("United Kingdom Home Office").

use super::common::*;

/// Splits two names written side by side: a country or an organisation
/// followed by a person ("United States Hamdullah Mohib", "Refugee Council
/// Enver Solomon") or by another organisation ("United Kingdom Home Office").
pub(super) fn run(ctx: &DocContext<'_>, _: &Starters<'_>, m: RawMention) -> Vec<RawMention> {
    let (a, b) = (m.first_token, m.end_token);
    if b - a < 2 {
        return vec![m];
    }
    // "Australia New Zealand": two countries side by side are two places.
    if let Some((NameClass::Country, s, e)) = ctx.gazetteer_match(a)
        && s == a
        && e < b
        && let Some((NameClass::Country, s2, e2)) = ctx.gazetteer_match(e)
        && s2 == e
        && e2 == b
        && Gazetteer::get().place(m.span.text(ctx.text)).is_none()
    {
        return [(a, e), (e, b)]
            .into_iter()
            .map(|(x, y)| {
                let mut p = mention(ctx, x, y, EntityKind::Place, m.margin);
                p.reason = Reason::by(RuleId::SideBySide, "gazetteer: country".to_string());
                p
            })
            .collect();
    }
    if b - a < 3 {
        return vec![m];
    }
    // "Palestinian Authority President Mahmoud Abbas": a body, a title and
    // a person.
    let gaz = Gazetteer::get();
    if let Some(k) = (a + 1..b.saturating_sub(2))
        .find(|&k| gazetteer::is_title(ctx.word(k)) && gazetteer::is_org_head(ctx.word(k - 1)))
        && (gaz.given_rank(ctx.word(k + 1)).is_some()
            || (b - k > 2 && (k + 1..b).all(|j| !ctx.is_common_word(ctx.word(j)))))
        && (k + 1..b).all(|j| {
            let w = ctx.word(j);
            ctx.tokens[j].capitalised && !gazetteer::is_org_head(w) && !gazetteer::is_place_head(w)
        })
    {
        let mut body = mention(ctx, a, k, EntityKind::Organization, m.margin);
        body.reason = Reason::by(
            RuleId::SideBySide,
            format!("organisation word: {}", ctx.word(k - 1)),
        );
        let mut person = mention(ctx, k + 1, b, EntityKind::Person, m.margin);
        person.reason = Reason::by(RuleId::SideBySide, format!("title cue: {}", ctx.word(k)));
        return vec![body, person];
    }
    // "US National Science Foundation": a country before an organisation.
    if m.kind == EntityKind::Organization
        && let Some((NameClass::Country, s, e)) = ctx.gazetteer_match(a)
        && s == a
        && b - e >= 2
        && ctx.tokens[e].capitalised
    {
        let mut left = mention(ctx, a, e, EntityKind::Place, m.margin);
        left.reason = Reason::by(RuleId::SideBySide, "gazetteer: country".to_string());
        let mut right = mention(ctx, e, b, m.kind, m.margin);
        right.reason = m.reason.clone();
        return vec![left, right];
    }
    for k in a + 1..b - 1 {
        let left_end = ctx.word(k - 1);
        let left_match = ctx
            .gazetteer_match(k - 1)
            .filter(|&(_, s, e)| s >= a && e == k);
        // A common given name, or a rarer one before a known surname
        // ("Alia Moreno").
        let right_given = gaz.given_names.get(ctx.word(k)).is_some_and(|&rank| {
            rank < 2000 || (k + 1 < b && gaz.surnames.contains_key(ctx.word(k + 1)))
        });
        let left_kind = if let Some((class, s, _)) = left_match {
            match sure_kind(class) {
                Some(kind) if s == a => kind,
                _ if m.kind == EntityKind::Organization => m.kind,
                _ => continue,
            }
        } else if gazetteer::is_org_head(left_end)
            || (m.kind == EntityKind::Organization && right_given && b - k <= 3)
        {
            EntityKind::Organization
        } else {
            continue;
        };
        let right_words = b - k;
        let right_first = ctx.word(k);
        if right_words < 2 || !ctx.tokens[k].capitalised || ctx.tokens[k].kind != TokenKind::Word {
            continue;
        }
        // Only a person is split off: "Colorado State University" and
        // "Massachusetts Institute of Technology" are single names.
        let right_has_head = (k..b).any(|j| {
            let w = ctx.word(j);
            gazetteer::is_org_head(w) || gazetteer::is_place_head(w) || !ctx.tokens[j].capitalised
        });
        if right_has_head
            || (ctx.is_common_word(right_first) && !right_given)
            || (ctx.gazetteer_match(k).is_some() && !right_given)
        {
            continue;
        }
        let right_kind = EntityKind::Person;
        let mut left = mention(ctx, a, k, left_kind, m.margin);
        left.reason = m.reason.clone();
        let mut right = mention(ctx, k, b, right_kind, m.margin);
        right.reason = Reason::by(RuleId::SideBySide, "two names side by side".to_string());
        return vec![left, right];
    }
    vec![m]
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "The United States Hamdullah Mohib meeting was brief.",
            "Hamdullah Mohib:person",
        );
    }
}
