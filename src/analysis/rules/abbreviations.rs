//! "Union of Rationalist Atheists and Agnostics (UAAR)": the abbreviation in
//! brackets gets the kind of the name before it.

use super::common::*;

/// "Union of Rationalist Atheists and Agnostics (UAAR)": the abbreviation in
/// brackets gets the kind of the name before it.
pub(super) fn add_abbreviations(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let mut added = Vec::new();
    for m in out.iter() {
        let k = m.end_token;
        if ctx.word(k) != "(" || ctx.word(k + 2) != ")" {
            continue;
        }
        let abbr = ctx.word(k + 1);
        let letters = abbr.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2
            || !abbr
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.')
        {
            continue;
        }
        let mut a = mention(ctx, k + 1, k + 2, m.kind, m.margin);
        a.reason = Reason::by(
            RuleId::Abbreviations,
            format!("abbreviation of {}", m.span.text(ctx.text)),
        );
        added.push(a);
    }
    // An abbreviation the model tagged already takes the kind of its long form.
    // The first name in list order with the abbreviation's span takes its
    // kind; one added earlier counts after those listed before. An
    // abbreviation is one token, so an added one overlaps another only
    // where the two are the same.
    if added.is_empty() {
        return;
    }
    let index = SpanIndex::new(out);
    let mut pushed: FastMap<(usize, usize), usize> = FastMap::default();
    for a in added {
        let hits: Vec<usize> = index.overlapping(a.span).collect();
        let same = hits
            .iter()
            .copied()
            .filter(|&k| out[k].span == a.span)
            .min();
        let key = (a.span.start, a.span.end);
        if let Some(k) = same.or_else(|| pushed.get(&key).copied()) {
            out[k].kind = a.kind;
            out[k].reason = a.reason;
        } else if hits.is_empty() {
            pushed.insert(key, out.len());
            out.push(a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "The Union of Rationalist Atheists and Agnostics (UAAR) sued. UAAR won.",
            "UAAR:organization",
        );
    }
}
