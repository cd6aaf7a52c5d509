//! "New South Wales, Victoria, Western Australia and Queensland": in a list
//! of names, at least two of them places and none a person or an
//! organisation, the untagged names are places too; in a list with two
//! organisations or more and no place, the untagged names and those the
//! model alone read as people are organisations.

use super::common::*;

/// "New South Wales, Victoria, Western Australia and Queensland": in a list
/// of names, at least two of them places and none a person or an
/// organisation, the untagged names are places too; in a list with two
/// organisations or more and no place, the untagged names and those the
/// model alone read as people are organisations.
pub(super) fn add_listed_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let n = ctx.tokens.len();
    let name_word = |k: usize| {
        let t = &ctx.tokens[k];
        t.capitalised && t.kind == TokenKind::Word && !t.sentence_start
    };
    // Maximal runs of capitalised words, grouped into lists joined by
    // ",", "and", "or" or ", and".
    let mut lists: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut current: Vec<(usize, usize)> = Vec::new();
    let mut k = 0;
    while k < n {
        if !(name_word(k) || (ctx.tokens[k].capitalised && ctx.tokens[k].sentence_start)) {
            k += 1;
            continue;
        }
        let a = k;
        k += 1;
        while k < n && name_word(k) {
            k += 1;
        }
        current.push((a, k));
        let joiner = |j: usize| matches!(ctx.word(j), "," | "and" | "or");
        let mut j = k;
        while j < n && j < k + 2 && joiner(j) {
            j += 1;
        }
        let joined = j > k && j < n && name_word(j) && !(j == k + 2 && ctx.word(k) != ",");
        if !joined {
            lists.push(std::mem::take(&mut current));
        }
        k = j.max(k);
    }
    lists.push(current);
    let covered = covered_tokens(ctx, out);
    // The mention covering each token, by index.
    let mut owner = vec![usize::MAX; ctx.tokens.len()];
    for (k, m) in out.iter().enumerate() {
        for o in &mut owner[m.first_token..m.end_token] {
            if *o == usize::MAX {
                *o = k;
            }
        }
    }
    let gaz = Gazetteer::get();
    let mut added = Vec::new();
    let mut retyped = Vec::new();
    for list in lists.iter().filter(|l| l.len() >= 3) {
        let kind_in = |&(a, b): &(usize, usize)| {
            (a..b)
                .map(|t| owner[t])
                .find(|&k| k != usize::MAX)
                .map(|k| (k, out[k].kind))
        };
        let found: Vec<Option<(usize, EntityKind)>> = list.iter().map(kind_in).collect();
        let count = |kind| {
            found
                .iter()
                .filter(|f| f.is_some_and(|(_, k)| k == kind))
                .count()
        };
        // A member the model alone read as a person, with no given name
        // and no title, may be one of a list of organisations ("iTunes,
        // Vudu, YouTube and Google Play").
        let loose_person = |k: usize| {
            let m = &out[k];
            m.kind == EntityKind::Person
                && m.reason.is_none()
                && ctx.title_before(m.first_token).is_none()
                && (m.first_token..m.end_token).all(|t| gaz.given_rank(ctx.word(t)).is_none())
        };
        let kind = if count(EntityKind::Place) >= 2
            && count(EntityKind::Place) + found.iter().filter(|f| f.is_none()).count() == list.len()
        {
            EntityKind::Place
        } else if count(EntityKind::Organization) >= 2
            && found.iter().all(|f| match f {
                None => true,
                Some((_, EntityKind::Organization)) => true,
                Some((k, EntityKind::Person)) => loose_person(*k),
                Some(_) => false,
            })
        {
            EntityKind::Organization
        } else {
            continue;
        };
        let reason = match kind {
            EntityKind::Place => "listed with places",
            _ => "listed with organisations",
        };
        for (&(a, b), f) in list.iter().zip(&found) {
            if let Some((k, EntityKind::Person)) = *f {
                if kind == EntityKind::Organization {
                    retyped.push(k);
                }
                continue;
            }
            if (a..b).any(|t| covered[t]) || ctx.tokens[a].sentence_start {
                continue;
            }
            let words_ok = (a..b).all(|t| {
                let w = ctx.word(t);
                (!ctx.is_common_word(w) || gazetteer::is_demonym(w)) && !gazetteer::is_title(w)
            }) && !is_demonym_form(ctx.word(b - 1));
            if !words_ok {
                continue;
            }
            let mut m = mention(ctx, a, b, kind, 0.0);
            m.reason = Reason::by(RuleId::ListedNames, reason.to_string());
            added.push(m);
        }
    }
    for k in retyped {
        out[k].kind = EntityKind::Organization;
        out[k].reason = Reason::by(RuleId::ListedNames, "listed with organisations".to_string());
    }
    out.extend(added);
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "Apps such as iTunes, Vudu, YouTube and Google Play sold it.",
            "Vudu:organization",
        );
    }
}
