//! One-word names that are no names: a Roman numeral ("part XVII"), a
//! number word, an adjective left from a longer name, and a word the
//! document capitalises only to start sentences or inside longer names and
//! otherwise writes in lower case ("Iodine deficiency can …" beside
//! "iodine" and "the National Iodine Study").

use super::common::*;

/// One-word names that are no names: a Roman numeral ("part XVII"), a
/// number word, an adjective left from a longer name, and a word the
/// document capitalises only to start sentences or inside longer names and
/// otherwise writes in lower case ("Iodine deficiency can …" beside
/// "iodine" and "the National Iodine Study").
pub(super) fn drop_lone_words(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let gaz = Gazetteer::get();
    out.retain(|m| {
        if m.end_token - m.first_token != 1 {
            return true;
        }
        let w = ctx.word(m.first_token);
        if gaz.place(w).is_some() {
            return true;
        }
        let numeral = w.len() >= 2 && group::is_roman_numeral(w);
        let only_opens_sentences = ctx.tokens[m.first_token].sentence_start()
            && !ctx.capitalised_alone(w)
            && ctx.used_in_lower_case(w)
            && gaz.given_rank(w).is_none()
            && !gaz.surnames.contains_key(w);
        let not_a_body = m.kind == EntityKind::Organization && NOT_ACRONYMS.contains(w);
        !(numeral
            || not_a_body
            || NUMBER_WORDS.contains(w)
            || LONE_ADJECTIVES.contains(w)
            || only_opens_sentences)
    });
}

/// Adjectives that start organisation names but name nothing alone
/// ("National" cut from "the National Iodine Nutrition study").
static LONE_ADJECTIVES: WordList =
    WordList::new(include_str!("../../../assets/data/lone_adjectives.txt"));

/// Number words, which name nothing alone ("Three were hurt").
static NUMBER_WORDS: WordList =
    WordList::new(include_str!("../../../assets/data/number_words.txt"));

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given("He read part XVII aloud.", "XVII:person", "!XVII");
        check_given("Three were hurt near the quay.", "Three:person", "!Three");
    }
}
