//! "Team Estonia" at a sentence start: a determiner or common word before
//! a name the gazetteer knows for sure is no part of it.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    while m.end_token - m.first_token > 1 && is_leading_filler(ctx, m.first_token) {
        let rest = Span::new(ctx.tokens[m.first_token + 1].span.start, m.span.end);
        let known = Gazetteer::get()
            .place(rest.text(ctx.text))
            .and_then(sure_kind)
            .is_some();
        if !known {
            break;
        }
        m.first_token += 1;
        m.span = rest;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "Team Estonia won the relay.",
            "Team Estonia:place",
            "Estonia:place",
        );
    }
}
