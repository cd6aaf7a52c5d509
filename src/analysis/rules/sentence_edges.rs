//! "When Pierre came in", "God Himself": a sentence opener before a name
//! and a reflexive pronoun after it belong to the sentence, not the name.

use super::common::*;

/// Pronouns that never end a name ("God Himself").
static TRAILING_PRONOUNS: WordList =
    WordList::new(include_str!("../../../assets/data/trailing_pronouns.txt"));

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    while m.end_token - m.first_token > 1 && is_sentence_opener(ctx, m.first_token, m.kind) {
        m.first_token += 1;
    }
    while m.end_token - m.first_token > 1 && TRAILING_PRONOUNS.contains(ctx.word(m.end_token - 1)) {
        m.end_token -= 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "When Pierre Bezukhov came in, nobody rose.",
            "When Pierre Bezukhov:person",
            "Pierre Bezukhov:person",
        );
        check_given(
            "Then God Himself spoke.",
            "God Himself:person",
            "God:person",
        );
    }
}
