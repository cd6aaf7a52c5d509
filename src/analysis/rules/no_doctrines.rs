//! "Islamophobia", "Buddhism": a doctrine or an attitude is no entity.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    out.retain(|m| {
        let w = ctx.word(m.first_token);
        m.end_token - m.first_token != 1
            || !(w.ends_with("ism") || w.ends_with("isms") || w.ends_with("phobia"))
    });
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "He wrote a book on Zoroastrianism last year.",
            "Zoroastrianism:place",
            "!Zoroastrianism",
        );
    }
}
