//! Events are not tagged: "FIFA World Cup", "Google Science Fair",
//! "Hurricane Sandy"; nor are awards ("the Budweiser Man of the Match
//! award").

use super::common::*;

/// Last words of event names, which are not entities.
static EVENT_HEADS: WordList = WordList::new(include_str!("../../../assets/data/event_heads.txt"));

/// First words of the names of storms, which are events ("Hurricane
/// Sandy").
static EVENT_FIRSTS: WordList =
    WordList::new(include_str!("../../../assets/data/event_firsts.txt"));

/// Lower-case words after a name that make it the name of an award.
static AWARD_WORDS: WordList = WordList::new(include_str!("../../../assets/data/award_words.txt"));

pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    out.retain(|m| {
        let (run_start, run_end) = ctx.run_of(m.first_token);
        let award = run_end < ctx.tokens.len() && AWARD_WORDS.contains(ctx.word(run_end));
        let storm = EVENT_FIRSTS.contains(ctx.word(run_start.max(m.first_token)));
        !EVENT_HEADS.contains(ctx.word(run_end - 1)) && !award && !storm
    });
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check(
            "Crowds filled the Harrowgate Summer Festival grounds.",
            "!Harrowgate",
        );
        check("Hurricane Delphine reached the coast.", "!Delphine");
    }
}
