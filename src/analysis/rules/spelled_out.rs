//! "The FIRST Global competition (For Inspiration and Recognition of
//! Science and Technology)": capitalised words in brackets whose initials
//! spell an upper-case word just before them name a body, and so does that
//! word with the capitalised words after it, wherever they recur.

use super::common::*;

/// "The FIRST Global competition (For Inspiration and Recognition of
/// Science and Technology)": capitalised words in brackets whose initials
/// spell an upper-case word just before them name a body, and so does that
/// word with the capitalised words after it, wherever they recur.
pub(super) fn add_spelled_out_acronyms(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let n = ctx.tokens.len();
    let mut found: Vec<RawMention> = Vec::new();
    // Each abbreviation's name in the text, its kind and its expansion.
    let mut names: Vec<(usize, usize, EntityKind, Span)> = Vec::new();
    for i in 0..n {
        if ctx.word(i) != "(" || !ctx.tokens.get(i + 1).is_some_and(|t| t.capitalised) {
            continue;
        }
        let mut initials = String::new();
        let mut j = i + 1;
        while j < n && j < i + 20 {
            let t = &ctx.tokens[j];
            let w = ctx.word(j);
            if t.kind != TokenKind::Word && w != "&" {
                break;
            }
            if t.capitalised {
                initials.extend(w.chars().next());
            } else if !EXPANSION_JOINERS.contains(w) {
                break;
            }
            j += 1;
        }
        if ctx.word(j) != ")" || initials.chars().count() < 3 || !ctx.tokens[j - 1].capitalised {
            continue;
        }
        let Some(k) = (i.saturating_sub(6)..i)
            .rev()
            .find(|&k| ctx.word(k) == initials && ctx.tokens[k].capitalised)
            .filter(|_| !NOT_ACRONYMS.contains(&initials))
        else {
            continue;
        };
        let kind = head_kind(ctx, i + 1, j).unwrap_or(EntityKind::Organization);
        let mut m = mention(ctx, i + 1, j, kind, 1.0);
        m.reason = Reason::by(RuleId::SpelledOut, format!("spelled out: {initials}"));
        let expansion = m.span;
        found.push(m);
        let mut e = k + 1;
        while e < i && ctx.tokens[e].capitalised && ctx.tokens[e].kind == TokenKind::Word {
            e += 1;
        }
        names.push((k, e, kind, expansion));
    }
    // One walk over the capitalised words finds every recurrence of every
    // name, looked up by its first word; the recurrences are then put in
    // the order of their names (stably, so by position within a name).
    let mut by_first: FastMap<&str, Vec<usize>> = FastMap::default();
    for (id, &(k, _, _, _)) in names.iter().enumerate() {
        by_first.entry(ctx.word(k)).or_default().push(id);
    }
    let mut recurrences: Vec<(usize, RawMention)> = Vec::new();
    for &i in &ctx.capitalised {
        let Some(ids) = by_first.get(ctx.word(i)) else {
            continue;
        };
        for &id in ids {
            let (k, e, kind, expansion) = names[id];
            let len = e - k;
            if i + len > n || !(0..len).all(|d| ctx.word(i + d) == ctx.word(k + d)) {
                continue;
            }
            let mut m = mention(ctx, i, i + len, kind, 1.0);
            m.reason = Reason::by(
                RuleId::SpelledOut,
                format!("abbreviation spelled out as {}", expansion.text(ctx.text)),
            );
            recurrences.push((id, m));
        }
    }
    recurrences.sort_by_key(|(id, _)| *id);
    found.extend(recurrences.into_iter().map(|(_, m)| m));
    if found.is_empty() {
        return;
    }
    retain_clear_of(out, &found);
    out.extend(found);
    out.sort_by_key(|m| m.span.start);
}

/// Lower-case words that may join the words of a spelled-out abbreviation
/// ("Recognition of Science and Technology").
static EXPANSION_JOINERS: WordList =
    WordList::new(include_str!("../../../assets/data/expansion_joiners.txt"));

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "The FIRST Global competition (For Inspiration and Recognition of Science and Technology) began.",
            "For Inspiration and Recognition of Science and Technology:organization",
        );
    }
}
