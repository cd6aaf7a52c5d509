//! Names that are no names: a common word shouted in a heading
//! ("NEWSLETTER"), a common word and a letter ("Group G"), a nationality
//! word ("Afghans"), the first word of an adjective or a title ("North" in
//! "North Korean", "Home" in "Home Secretary"), and a lone generic word,
//! lower-case word or function word.

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    let word = |i: usize| ctx.word(i);
    if m.end_token - m.first_token == 1 {
        let w = word(m.first_token);
        if w.chars().count() >= 4
            && w.chars().all(|c| c.is_uppercase())
            && ctx.is_common_word(w)
            && Gazetteer::get().place(w).is_none()
        {
            return false;
        }
    }
    if m.end_token - m.first_token == 2
        && ctx.is_common_word(word(m.first_token))
        && word(m.end_token - 1).chars().count() == 1
    {
        return false;
    }
    let last = word(m.end_token - 1);
    if is_demonym_form(last) && m.kind != EntityKind::Organization {
        return false;
    }
    let (_, run_end) = ctx.run_of(m.first_token);
    if m.end_token < run_end {
        let next = word(m.end_token);
        let sure = Gazetteer::get()
            .place(m.span.text(ctx.text))
            .and_then(sure_kind)
            .is_some();
        if is_demonym_form(next)
            || (m.end_token - m.first_token == 1 && gazetteer::is_title(next) && !sure)
        {
            return false;
        }
    }
    !(m.end_token - m.first_token == 1
        && (is_generic(last)
            || !ctx.tokens[m.first_token].capitalised
            || ner::is_function_word(last)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;

    #[test]
    fn rows() {
        check("The Afghans met Lorna Fitch in Kabul.", "!Afghans");
        check("Talks with North Korean envoys stalled.", "!North");
    }
}
