//! "of the", "and": a connector never starts or ends a name.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    while m.end_token - m.first_token > 1 && !ctx.tokens[m.end_token - 1].capitalised {
        m.end_token -= 1;
    }
    while m.end_token - m.first_token > 1 && !ctx.tokens[m.first_token].capitalised {
        m.first_token += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "Tamsin Okafor of Leeds wrote to us.",
            "Tamsin Okafor of:person",
            "Tamsin Okafor:person",
        );
    }
}
