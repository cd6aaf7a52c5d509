//! Names built on a head word: "New York Times", "Ministry of Defence" and
//! "Refugee Council" are organisations; "Constitution Hall" is a place. The
//! whole run becomes one name, replacing the model's pieces.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    *out = head_runs(ctx, std::mem::take(out));
}

/// Names built on a head word: "New York Times", "Ministry of Defence" and
/// "Refugee Council" are organisations; "Constitution Hall" is a place. The
/// whole run becomes one name, replacing the model's pieces.
fn head_runs(ctx: &DocContext<'_>, raw: Vec<RawMention>) -> Vec<RawMention> {
    let mut found: Vec<RawMention> = Vec::new();
    for (mut run_start, run_end) in ctx.runs() {
        // "Matthew Ingram of The Globe and Mail": a person, "of", a body.
        if let Some((person, body_start)) = person_of_body(ctx, run_start, run_end) {
            found.push(person);
            run_start = body_start;
        }
        // Parts separated by "and" are separate names when each has a head.
        let mut parts = Vec::new();
        let mut s = run_start;
        for k in run_start..run_end {
            if matches!(ctx.word(k), "and" | "&") {
                parts.push((s, k));
                s = k + 1;
            }
        }
        parts.push((s, run_end));
        let kinds: Vec<Option<EntityKind>> =
            parts.iter().map(|&(a, b)| head_kind(ctx, a, b)).collect();
        // "Emily V. Gordon and Silicon Valley": a person's full name is no
        // part of the other name.
        let personal = |&(a, b): &(usize, usize)| {
            b - a >= 2
                && Gazetteer::get()
                    .given_rank(ctx.word(a))
                    .is_some_and(|r| r < 2000)
        };
        let unheaded_are_people = parts
            .iter()
            .zip(&kinds)
            .all(|(p, k)| k.is_some() || personal(p));
        if parts.len() > 1 && kinds.iter().any(Option::is_none) && !unheaded_are_people {
            parts = vec![(run_start, run_end)];
        }
        for (a, b) in parts {
            let Some(kind) = head_kind(ctx, a, b) else {
                continue;
            };
            let mut first = a;
            while first < b && (is_leading_filler(ctx, first) || is_demonym_form(ctx.word(first))) {
                first += 1;
            }
            if b - first < 2 {
                continue;
            }
            let mut m = mention(ctx, first, b, kind, 1.0);
            let head = if kind == EntityKind::Place {
                ctx.word(b - 1)
            } else {
                head_word(ctx, first, b)
            };
            let head = if PLACE_FIRSTS.contains(ctx.word(first)) {
                ctx.word(first)
            } else {
                head
            };
            m.reason = Reason::by(
                RuleId::HeadRuns,
                match kind {
                    EntityKind::Place => format!("place word: {head}"),
                    _ => format!("organisation word: {head}"),
                },
            );
            found.push(m);
        }
    }
    if found.is_empty() {
        return raw;
    }
    let covered = covered_tokens(ctx, &found);
    let mut out: Vec<RawMention> = raw
        .into_iter()
        .filter(|m| !covered[m.first_token..m.end_token].iter().any(|&c| c))
        .collect();
    out.extend(found);
    out.sort_by_key(|m| m.span.start);
    out
}

/// A personal name, "of" and an organisation in one run of capitalised
/// words ("Ann Reid of the Water Board"): the person, and where the
/// organisation's name starts.
fn person_of_body(ctx: &DocContext<'_>, a: usize, b: usize) -> Option<(RawMention, usize)> {
    let of = (a + 2..b.saturating_sub(1)).find(|&k| ctx.word(k) == "of")?;
    let mut first = a;
    while first < of && is_leading_filler(ctx, first) {
        first += 1;
    }
    if of < first + 2 {
        return None;
    }
    let plain_name = (first..of).all(|k| {
        let w = ctx.word(k);
        ctx.tokens[k].capitalised
            && ctx.tokens[k].kind == TokenKind::Word
            && ctx.gazetteer_match(k).is_none()
            && gazetteer::word_flags(w) == 0
    });
    let given = Gazetteer::get()
        .given_rank(ctx.word(first))
        .is_some_and(|r| r < 2000);
    if !plain_name || !given || of - first > 3 {
        return None;
    }
    let mut body = of + 1;
    if matches!(ctx.word(body), "the" | "The") {
        body += 1;
    }
    if head_kind(ctx, body, b) != Some(EntityKind::Organization) {
        return None;
    }
    let mut person = mention(ctx, first, of, EntityKind::Person, 1.0);
    person.reason = Reason::by(RuleId::HeadRuns, format!("given name: {}", ctx.word(first)));
    Some((person, body))
}

/// The organisation head in tokens `a..b`, for reasons.
fn head_word<'a>(ctx: &DocContext<'a>, a: usize, b: usize) -> &'a str {
    (a..b)
        .map(|k| ctx.word(k))
        .find(|w| gazetteer::is_org_head(w) || ORG_HEADS_FIRST.contains(w))
        .unwrap_or_else(|| ctx.word(b - 1))
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "Talks at the Halvorsen Refugee Council ran late.",
            "Halvorsen:person",
            "Halvorsen Refugee Council:organization",
        );
    }
}
