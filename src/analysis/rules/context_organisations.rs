//! "the journal Nature Climate Change", "magazine MicroMega": a name right
//! after a lower-case word for an organisation.

use super::common::*;

/// "the journal Nature Climate Change", "magazine MicroMega": a name right
/// after a lower-case word for an organisation.
pub(super) fn add_context_organisations(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let mut added = Vec::new();
    // Built on first need: names change kind below, never span.
    let mut index: Option<SpanIndex> = None;
    for i in ctx.capitalised() {
        if i == 0 || ctx.tokens[i].sentence_start() {
            continue;
        }
        let before = ctx.word(i - 1);
        let plural = ORG_CONTEXT_BEFORE_PLURAL.contains(before);
        if !plural && !ORG_CONTEXT_BEFORE.contains(before) {
            continue;
        }
        let (run_start, run_end) = ctx.run_of(i);
        if run_start != i {
            continue;
        }
        // "the schools Santo Spirito and Immacolata": after a plural, each
        // name joined by "and" is one.
        let mut parts = vec![(i, run_end)];
        if plural {
            parts.clear();
            let mut a = i;
            for k in i..run_end {
                if matches!(ctx.word(k), "and" | "&") {
                    parts.push((a, k));
                    a = k + 1;
                }
            }
            parts.push((a, run_end));
        }
        for (a, b) in parts {
            if a >= b || !ctx.tokens[a].capitalised() {
                continue;
            }
            let span = Span::new(ctx.tokens[a].span().start, ctx.tokens[b - 1].span().end);
            let index = index.get_or_insert_with(|| SpanIndex::new(out));
            if let Some(m) = index.first_overlapping(span).map(|k| &mut out[k]) {
                if m.kind == EntityKind::Person && m.reason.is_none() && m.first_token == a {
                    m.kind = EntityKind::Organization;
                    m.reason =
                        Reason::by(RuleId::ContextOrganisations, format!("context: {before}"));
                }
                continue;
            }
            if Gazetteer::get().place(span.text(ctx.text)).is_some() {
                continue;
            }
            let mut m = mention(ctx, a, b, EntityKind::Organization, 0.0);
            m.reason = Reason::by(RuleId::ContextOrganisations, format!("context: {before}"));
            added.push(m);
        }
    }
    out.extend(added);
}

/// Lower-case words before a name that make it an organisation.
static ORG_CONTEXT_BEFORE: WordList =
    WordList::new(include_str!("../../../assets/data/org_context_before.txt"));

/// Plural words for organisations before the names of several ("the
/// schools Santo Spirito and Immacolata").
static ORG_CONTEXT_BEFORE_PLURAL: WordList = WordList::new(include_str!(
    "../../../assets/data/org_context_before_plural.txt"
));

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "A study in the journal Nature Climate Change drew praise.",
            "Nature Climate Change:organization",
        );
    }
}
