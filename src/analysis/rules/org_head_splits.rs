//! "the Tellmark Housing Council Jonas Ekberg": a run the model read as one
//! person that opens with an organisation's name (ending in a head word
//! such as "Council") and ends in a person's name of two or more words is
//! two names, as news writes a body's officer after it.

use super::common::*;

/// Splits "Tellmark Housing Council Jonas Ekberg" into the organisation
/// "Tellmark Housing Council" and the person "Jonas Ekberg".
pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let gaz = Gazetteer::get();
    let mut pieces = Vec::new();
    out.retain(|m| {
        if m.kind != EntityKind::Person || m.end_token - m.first_token < 4 {
            return true;
        }
        // The organisation needs two words or more, the person two.
        let head = (m.first_token + 1..m.end_token - 2)
            .rev()
            .find(|&k| gazetteer::is_org_head(ctx.word(k)));
        let Some(head) = head else {
            return true;
        };
        let all_capitalised = (m.first_token..m.end_token).all(|k| ctx.tokens[k].capitalised());
        // "Margaret Court Ellison" is a person whose name holds a head word.
        let opens_with_given = gaz.given_rank(ctx.word(m.first_token)).is_some();
        if !all_capitalised || opens_with_given {
            return true;
        }
        let mut org = mention(ctx, m.first_token, head + 1, EntityKind::Organization, 0.0);
        org.reason = Reason::by(
            RuleId::OrgHeadSplits,
            format!("organisation head: {}", ctx.word(head)),
        );
        let mut person = mention(ctx, head + 1, m.end_token, EntityKind::Person, m.margin);
        person.reason = m.reason.clone();
        pieces.push(org);
        pieces.push(person);
        false
    });
    out.extend(pieces);
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "The chief executive of the Tellmark Housing Council Jonas Ekberg said it was late.",
            "Tellmark Housing Council Jonas Ekberg:person",
            "Tellmark Housing Council:organization, Jonas Ekberg:person",
        );
        check_given(
            "Observers from the Baltic Sea Observatory Marta Olsen and two others came.",
            "Baltic Sea Observatory Marta Olsen:person",
            "Baltic Sea Observatory:organization, Marta Olsen:person",
        );
    }

    #[test]
    fn a_person_whose_name_holds_a_head_word_stays_whole() {
        // A given name opens a person's name, whatever words follow.
        let (cast, _) = super::super::tests::run_given(
            "Harriet Church Bank Ellison won the final.",
            "Harriet Church Bank Ellison:person",
        );
        assert_eq!(cast, ["Harriet Church Bank Ellison:person"]);
    }
}
