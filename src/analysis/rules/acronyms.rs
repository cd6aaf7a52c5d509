//! An upper-case abbreviation nobody tagged ("NCLAN", "CEI") is most often
//! an organisation, unless the gazetteer says otherwise or the document
//! spells it out in lower case.

use super::common::*;

/// An upper-case abbreviation nobody tagged ("NCLAN", "CEI") is most often
/// an organisation, unless the gazetteer says otherwise or the document
/// spells it out in lower case.
pub(super) fn add_acronyms(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let gaz = Gazetteer::get();
    let terms = abbreviated_terms(ctx);
    let mut added = Vec::new();
    for &i in &ctx.capitalised {
        let t = &ctx.tokens[i];
        if covered[i] || t.kind != TokenKind::Word || t.span.len() > 12 {
            continue;
        }
        let w = t.text(ctx.text);
        if w.chars().nth(1).is_none_or(char::is_lowercase) {
            continue;
        }
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        let upper = w.chars().filter(|c| c.is_uppercase()).count();
        let marked = i > 0 && matches!(ctx.word(i - 1), "@" | "#");
        if !(2..=6).contains(&letters)
            || upper < letters
            || marked
            || w.contains('.')
            || NOT_ACRONYMS.contains(w)
            || terms.contains(w)
            || (letters >= 4 && ctx.is_common_word(w))
            || (ctx.is_common_word(w) && ctx.used_in_lower_case(w))
            || gaz.place(w).is_some()
            || gazetteer::is_title(w)
        {
            continue;
        }
        // Skip headings in capitals and initials before a surname ("AS Heagle").
        let shouting = |k: usize| {
            let n = ctx.word(k);
            n.len() > 1
                && n.chars().all(|c| !c.is_lowercase())
                && n.chars().any(char::is_alphabetic)
        };
        if (i > 0 && shouting(i - 1)) || shouting(i + 1) {
            continue;
        }
        // Alone, or joined only by a connector ("Results of NCLAN studies").
        let name_word = |k: usize| {
            ctx.candidate[k]
                && ctx.tokens[k].capitalised
                && !(ctx.tokens[k].sentence_start && ctx.is_common_word(ctx.word(k)))
        };
        let (run_start, run_end) = ctx.run_of(i);
        if (i > run_start && name_word(i - 1)) || (i + 1 < run_end && name_word(i + 1)) {
            continue;
        }
        if NOT_ORG_AFTER.contains(ctx.word(i + 1)) {
            continue;
        }
        // "MOSCOW (AP) —": a known place written in capitals.
        let mut title_case: String = w.chars().take(1).collect();
        title_case.extend(w.chars().skip(1).flat_map(char::to_lowercase));
        if letters >= 4
            && let Some(class) = gaz.place(&title_case)
            && sure_kind(class) == Some(EntityKind::Place)
        {
            let mut m = mention(ctx, i, i + 1, EntityKind::Place, 0.0);
            m.reason = Reason::by(RuleId::Acronyms, format!("gazetteer: {}", class.label()));
            added.push(m);
            continue;
        }
        let mut m = mention(ctx, i, i + 1, EntityKind::Organization, 0.0);
        m.reason = Reason::by(RuleId::Acronyms, "acronym".to_string());
        added.push(m);
    }
    out.extend(added);
}

/// Abbreviations the document spells out in lower case, which name a thing,
/// not a body: "iodine deficiency disorder (IDD)".
fn abbreviated_terms<'a>(ctx: &DocContext<'a>) -> FastSet<&'a str> {
    let mut terms = FastSet::default();
    for i in 1..ctx.tokens.len().saturating_sub(1) {
        if ctx.word(i - 1) != "(" || ctx.word(i + 1) != ")" {
            continue;
        }
        let abbr = ctx.word(i);
        let n = abbr.chars().count();
        if !(2..=6).contains(&n) || !abbr.chars().all(|c| c.is_ascii_uppercase()) {
            continue;
        }
        let open = i - 1;
        let Some(first) = open.checked_sub(n) else {
            continue;
        };
        let words = &ctx.tokens[first..open];
        let spelled = words.iter().zip(abbr.chars()).all(|(t, c)| {
            t.kind == TokenKind::Word
                && t.text(ctx.text)
                    .chars()
                    .next()
                    .is_some_and(|f| f.to_ascii_uppercase() == c)
        });
        if spelled && words.iter().any(|t| !t.capitalised) {
            terms.insert(abbr);
        }
    }
    terms
}

/// Lower-case words after an upper-case word that make it a thing, not an
/// organisation ("the ICI system").
static NOT_ORG_AFTER: WordList =
    WordList::new(include_str!("../../../assets/data/not_org_after.txt"));

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "Results of NCLAN studies were shared with the panel.",
            "NCLAN:organization",
        );
    }
}
