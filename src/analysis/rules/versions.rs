//! "IE6", "CO2", "MP3": upper-case letters with a number after them name a
//! product version, a model or a substance, not an organisation; nor do
//! the bare letters in a document that writes them with a number ("a newer
//! IE" beside "IE6").

use super::common::*;

/// "IE6", "CO2", "MP3": upper-case letters with a number after them name a
/// product version, a model or a substance, not an organisation; nor do
/// the bare letters in a document that writes them with a number ("a newer
/// IE" beside "IE6").
pub(super) fn drop_versions(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let versioned: FastSet<&str> = ctx
        .capitalised
        .iter()
        .filter_map(|&i| versioned_letters(ctx.word(i)))
        .collect();
    if versioned.is_empty() {
        return;
    }
    out.retain(|m| {
        if m.kind != EntityKind::Organization || m.end_token - m.first_token != 1 {
            return true;
        }
        let w = ctx.word(m.first_token);
        versioned_letters(w).is_none() && !versioned.contains(w)
    });
}

/// The letters of an upper-case word with a number after them ("IE6"
/// gives "IE"), if it is one.
fn versioned_letters(word: &str) -> Option<&str> {
    let letters = word.trim_end_matches(|c: char| c.is_ascii_digit());
    let upper = letters.chars().all(|c| c.is_ascii_uppercase());
    (letters.len() >= 2 && letters.len() < word.len() && upper).then_some(letters)
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "Users of QX6 complained; a newer QX fixed it.",
            "QX6:organization, QX:organization",
            "!QX",
        );
    }
}
