//! "a paper by AS Heagle": upper-case initials before a capitalised word
//! are a person's, when the document never uses the letters on their own.

use super::common::*;

/// "a paper by AS Heagle": upper-case initials before a capitalised word
/// are a person's, when the document never uses the letters on their own.
pub(super) fn add_initialled_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let gaz = Gazetteer::get();
    let mut added = Vec::new();
    // Built on first need (most documents have no candidate): the words
    // that stand alone, and the names by span.
    let mut alone: Option<FastSet<&str>> = None;
    let mut index: Option<SpanIndex> = None;
    for &i in &ctx.capitalised {
        let t = &ctx.tokens[i];
        let w = ctx.word(i);
        if i == 0
            || t.sentence_start
            || t.kind != TokenKind::Word
            || !(1..=2).contains(&w.len())
            || matches!(w, "A" | "I" | "O")
            || !w.bytes().all(|b| b.is_ascii_uppercase())
            || NOT_ACRONYMS.contains(w)
            || gaz.place(w).is_some()
            || ctx.tokens[i - 1].capitalised
        {
            continue;
        }
        let Some(next) = ctx.tokens.get(i + 1) else {
            continue;
        };
        let surname = ctx.word(i + 1);
        let after = ctx.tokens.get(i + 2);
        if next.kind != TokenKind::Word
            || !next.capitalised
            || !surname.chars().nth(1).is_some_and(char::is_lowercase)
            || after.is_some_and(|a| a.capitalised && a.kind == TokenKind::Word)
            || ctx.gazetteer_match(i + 1).is_some()
            || gazetteer::word_flags(surname) != 0
            || surname.chars().count() < 3
            || (ctx.is_common_word(surname)
                && gaz.surnames.get(surname).is_none_or(|&rank| rank >= 2000))
        {
            continue;
        }
        // The letters never stand alone in the document.
        let alone = alone.get_or_insert_with(|| {
            ctx.capitalised
                .iter()
                .filter(|&&j| !ctx.tokens.get(j + 1).is_some_and(|n| n.capitalised))
                .map(|&j| ctx.word(j))
                .collect()
        });
        if alone.contains(w) {
            continue;
        }
        // A surname read as a person grows its initials, and a known
        // surname outweighs the model's reading of the pair ("JT Pellow"
        // as an organisation); a rule's reading of them stands.
        let span = Span::new(t.span.start, next.span.end);
        let known_surname = gaz.surnames.contains_key(surname);
        let index = index.get_or_insert_with(|| SpanIndex::new(out));
        let taken = index.overlapping(span).any(|k| {
            let m = &out[k];
            let surname_alone = m.kind == EntityKind::Person && m.first_token == i + 1;
            let model_pair = m.reason.is_none() && m.first_token == i && m.end_token == i + 2;
            !(surname_alone || (model_pair && known_surname))
        });
        if taken {
            continue;
        }
        let mut m = mention(ctx, i, i + 2, EntityKind::Person, 0.0);
        m.reason = Reason::by(
            RuleId::InitialledNames,
            "initials and a surname".to_string(),
        );
        added.push(m);
    }
    if added.is_empty() {
        return;
    }
    retain_clear_of(out, &added);
    out.extend(added);
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "A paper by AS Heagle described the ozone trials.",
            "AS Heagle:person",
        );
    }
}
