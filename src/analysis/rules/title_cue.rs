//! "Prince Andrew", "Count Rostóv", "spokesman Dmitry Peskov": a title
//! opening a name, or right before it, makes a person, whatever kind the
//! model chose, unless a head word says otherwise ("General Motors",
//! "Prince Edward Island").

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    let word = |i: usize| ctx.word(i);
    let headed = |a: usize, b: usize| {
        (a..b).any(|k| {
            let w = word(k);
            gazetteer::is_org_head(w) || gazetteer::is_place_head(w)
        })
    };
    if m.end_token - m.first_token > 1
        && gazetteer::is_title(word(m.first_token))
        && !headed(m.first_token + 1, m.end_token)
    {
        m.first_token += 1;
        m.kind = EntityKind::Person;
        m.reason = Reason::by(
            RuleId::TitleCue,
            format!("title cue: {}", word(m.first_token - 1)),
        );
    }
    if m.kind != EntityKind::Person
        && let Some(title) = ctx.title_before(m.first_token)
    {
        // The span is not yet trimmed to the tokens: the name as the model
        // (or an earlier split) wrote it.
        let known = Gazetteer::get()
            .place(m.span.text(ctx.text))
            .and_then(sure_kind)
            .is_some();
        // "Count Rostov", "Mrs Georgia": an honorific outweighs a place name.
        let honorific = PERSONAL_HONORIFICS.contains(title);
        if !headed(m.first_token, m.end_token)
            && (!known || honorific)
            && (m.first_token..m.end_token).all(|k| ctx.tokens[k].capitalised)
        {
            m.kind = EntityKind::Person;
            m.reason = Reason::by(RuleId::TitleCue, format!("title cue: {title}"));
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "Count Rostov rode out at dawn.",
            "Count Rostov:place",
            "Rostov:person",
        );
        check_given(
            "Then spokesman Bram Oduya spoke.",
            "Bram Oduya:organization",
            "Bram Oduya:person",
        );
    }
}
