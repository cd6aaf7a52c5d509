//! A name the model read as a person or a place that the document speaks
//! of as a body of people or a business ("Scientology officials", "members
//! of Scientology", "Uber drivers", "Uber and its drivers") is an
//! organisation, everywhere in the document. A person's name must never be
//! part of a longer person name nor follow a title, and start with no
//! given name; a place's must be unknown to the gazetteer. It takes two
//! such cues, or for a person one "its".

use super::common::*;

// Every whole-document rule has the registry's signature, though this one
// only changes names in place.
#[allow(clippy::ptr_arg)]
pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    organisations_by_company(ctx, out);
}

/// A name the model read as a person or a place that the document speaks
/// of as a body of people or a business ("Scientology officials", "members
/// of Scientology", "Uber drivers", "Uber and its drivers") is an
/// organisation, everywhere in the document. A person's name must never be
/// part of a longer person name nor follow a title, and start with no
/// given name; a place's must be unknown to the gazetteer. It takes two
/// such cues, or for a person one "its".
fn organisations_by_company(ctx: &DocContext<'_>, out: &mut [RawMention]) {
    let gaz = Gazetteer::get();
    let mut in_long_person: FastSet<&str> = FastSet::default();
    for m in out.iter() {
        if m.kind == EntityKind::Person && m.end_token - m.first_token > 1 {
            in_long_person.extend((m.first_token..m.end_token).map(|k| ctx.word(k)));
        }
    }
    // Candidate names by their text: an id, and whether they may change.
    let mut ids: FastMap<&str, usize> = FastMap::default();
    let mut names: Vec<(Vec<&str>, bool)> = Vec::new();
    let mut name_of: Vec<Option<usize>> = vec![None; out.len()];
    for (k, m) in out.iter().enumerate() {
        if !matches!(m.kind, EntityKind::Person | EntityKind::Place) {
            continue;
        }
        let words = m.first_token..m.end_token;
        let name = m.span.text(ctx.text);
        let eligible = m.reason.is_none()
            && ctx.title_before(m.first_token).is_none()
            && ctx.gazetteer_match(m.first_token).is_none()
            && words.clone().all(|t| gaz.given_rank(ctx.word(t)).is_none())
            && (m.kind == EntityKind::Place || words.len() > 1 || !in_long_person.contains(name))
            && gaz.place(name).is_none();
        let id = *ids.entry(name).or_insert_with(|| {
            names.push((words.map(|t| ctx.word(t)).collect(), true));
            names.len() - 1
        });
        names[id].1 &= eligible;
        name_of[k] = Some(id);
    }
    let mut by_first: FastMap<&str, Vec<usize>> = FastMap::default();
    for (id, (words, ok)) in names.iter().enumerate() {
        if *ok {
            by_first.entry(words[0]).or_default().push(id);
        }
    }
    if by_first.is_empty() {
        return;
    }
    // (company cues, "its" cues) per name.
    let mut cues = vec![(0usize, 0usize); names.len()];
    let n = ctx.tokens.len();
    for &i in &ctx.capitalised {
        let Some(candidates) = by_first.get(ctx.word(i)) else {
            continue;
        };
        for &id in candidates {
            let words = &names[id].0;
            let end = i + words.len();
            if end > n || !(1..words.len()).all(|d| ctx.word(i + d) == words[d]) {
                continue;
            }
            let mut after = end;
            if ctx
                .tokens
                .get(after)
                .is_some_and(|t| t.kind == TokenKind::Possessive)
            {
                after += 1;
            }
            let company = (after < n && ORG_COMPANY_AFTER.contains(ctx.word(after)))
                || (i >= 2
                    && ctx.word(i - 1) == "of"
                    && ORG_COMPANY_BEFORE_OF.contains(ctx.word(i - 2)));
            // "Netanyahu's Likud party": a party is a body on its own word.
            let party = after == end && after < n && ctx.word(after) == "party";
            // "Uber and its drivers", "Uber, its parent …", "Uber published
            // its analysis".
            let its = (end..(end + 3).min(n)).any(|k| ctx.word(k) == "its")
                && (end..(end + 3).min(n))
                    .take_while(|&k| ctx.word(k) != "its")
                    .all(|k| {
                        let t = &ctx.tokens[k];
                        ctx.word(k) == "," || (t.kind == TokenKind::Word && !t.capitalised)
                    });
            cues[id].0 += usize::from(company) + 2 * usize::from(party);
            cues[id].1 += usize::from(its);
        }
    }
    for (m, id) in out.iter_mut().zip(name_of) {
        let Some(id) = id.filter(|&id| names[id].1) else {
            continue;
        };
        let (company, its) = cues[id];
        let person_its = m.kind == EntityKind::Person && its >= 1;
        if company >= 2 || person_its {
            m.kind = EntityKind::Organization;
            m.reason = Reason::by(
                RuleId::CompanyCues,
                "spoken of as an organisation".to_string(),
            );
        }
    }
}

/// Words after a name (or its possessive) that speak of it as a body of
/// people or a business ("Scientology officials", "Uber drivers", "Acme's
/// shareholders").
static ORG_COMPANY_AFTER: WordList =
    WordList::new(include_str!("../../../assets/data/org_company_after.txt"));

/// Lower-case words before "of" and a name that make it a body of people
/// ("members of Scientology", "shares of Verizon").
static ORG_COMPANY_BEFORE_OF: WordList = WordList::new(include_str!(
    "../../../assets/data/org_company_before_of.txt"
));

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "Zolva drivers protested. Zolva officials said Zolva shareholders agreed.",
            "Zolva:organization",
        );
    }
}
