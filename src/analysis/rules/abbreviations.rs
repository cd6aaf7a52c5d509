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
    for a in added {
        if let Some(existing) = out.iter_mut().find(|m| m.span == a.span) {
            existing.kind = a.kind;
            existing.reason = a.reason;
        } else if !out.iter().any(|m| m.span.overlaps(a.span)) {
            out.push(a);
        }
    }
}
