//! "Mr. Quillfeather", "Dr Heald": names the model missed after an honorific.

use super::common::*;

/// "Mr. Quillfeather", "Dr Heald": names the model missed after an honorific.
pub(super) fn add_titled_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let mut added = Vec::new();
    for i in ctx.capitalised() {
        let t = &ctx.tokens[i];
        if i == 0 || covered[i] || t.kind() != TokenKind::Word {
            continue;
        }
        let Some(title) = ctx.title_before(i) else {
            continue;
        };
        if !HONORIFICS.contains(title) {
            continue;
        }
        let mut end = i + 1;
        while end < ctx.tokens.len()
            && end < i + 3
            && ctx.tokens[end].capitalised()
            && !covered[end]
            && !ctx.tokens[end].sentence_start()
        {
            end += 1;
        }
        let words_ok = (i..end).all(|k| {
            let w = ctx.word(k);
            !ctx.is_common_word(w) && !is_generic(w) && !is_demonym_form(w)
        });
        if !words_ok {
            continue;
        }
        let mut m = mention(ctx, i, end, EntityKind::Person, 0.0);
        m.reason = Reason::by(RuleId::TitledNames, format!("title cue: {title}"));
        added.push(m);
    }
    out.extend(added);
}

/// Honorifics after which an untagged capitalised word is a person.
static HONORIFICS: WordList = WordList::new(include_str!("../../../assets/data/honorifics.txt"));

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given("Dr. Quist met the board.", "", "Quist:person");
        check_given(
            "Reporters asked Mr Quillfeather about it.",
            "",
            "Quillfeather:person",
        );
    }
}
