//! "Park Joo-Ho", "Kim Min-woo": a short family name and a hyphenated
//! given name read as a Korean personal name, whatever the model said.

use super::common::*;

// Every whole-document rule has the registry's signature, though this one
// only changes names in place.
#[allow(clippy::ptr_arg)]
pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    korean_names(ctx, out);
}

/// "Park Joo-Ho", "Kim Min-woo": a short family name and a hyphenated
/// given name read as a Korean personal name, whatever the model said.
fn korean_names(ctx: &DocContext<'_>, out: &mut [RawMention]) {
    for m in out.iter_mut() {
        if m.kind == EntityKind::Person || m.end_token - m.first_token != 2 {
            continue;
        }
        let family = ctx.word(m.first_token);
        let given = ctx.word(m.first_token + 1);
        let hyphenated = given.split_once('-').is_some_and(|(a, b)| {
            a.len() >= 2
                && b.len() >= 2
                && a.chars().next().is_some_and(char::is_uppercase)
                && a.chars().skip(1).all(char::is_lowercase)
                && b.chars().skip(1).all(char::is_lowercase)
        });
        if hyphenated
            && (2..=5).contains(&family.len())
            && family.chars().skip(1).all(char::is_lowercase)
        {
            m.kind = EntityKind::Person;
            m.reason = Reason::by(RuleId::KoreanNames, "looks like a Korean name".to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check("The winner was Park Joo-Ho.", "Park Joo-Ho:person");
    }
}
