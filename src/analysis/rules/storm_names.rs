//! "Hurricane Katrina", "Typhoon Haiyan": a storm's name is no person and
//! no place, and nor is the name alone once the text has called it a storm
//! ("Rita packed winds of 240 km/h").

use super::common::*;

/// Words that make the name after them a storm's.
const STORM_WORDS: &[&str] = &["Hurricane", "Typhoon", "Cyclone", "Storm"];

pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let is_storm_word = |k: usize| STORM_WORDS.contains(&ctx.word(k));
    // The storms' names, as written after the storm word.
    let mut storms: Vec<&str> = Vec::new();
    for m in out.iter() {
        let first = if is_storm_word(m.first_token) {
            m.first_token + 1
        } else if m.first_token > 0 && is_storm_word(m.first_token - 1) {
            m.first_token
        } else {
            continue;
        };
        if first < m.end_token {
            let span = Span::new(ctx.tokens[first].span().start, m.span.end);
            storms.push(span.text(ctx.text));
        }
    }
    if storms.is_empty() {
        return;
    }
    out.retain(|m| {
        let text = m.span.text(ctx.text);
        let name = if is_storm_word(m.first_token) && m.end_token - m.first_token > 1 {
            Span::new(ctx.tokens[m.first_token + 1].span().start, m.span.end).text(ctx.text)
        } else {
            text
        };
        !storms.contains(&name)
    });
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check_given, run_given};

    #[test]
    fn rows() {
        check_given(
            "Hurricane Odalys reached the coast on Monday.",
            "Odalys:person",
            "!Odalys",
        );
        // The name alone, once the text calls it a storm.
        check_given(
            "Odalys weakened after Hurricane Odalys reached the coast.",
            "Odalys:person, Hurricane Odalys:place",
            "!Odalys, !Hurricane Odalys",
        );
        check_given(
            "Typhoon Merel Vance hit the islands.",
            "Typhoon Merel Vance:place",
            "!Typhoon Merel Vance",
        );
    }

    #[test]
    fn a_person_of_that_name_stays_where_no_storm_is() {
        let (cast, _) = run_given("Odalys Ferrer reached the coast.", "Odalys Ferrer:person");
        assert_eq!(cast, ["Odalys Ferrer:person"]);
    }
}
