//! "QUELLTON 2001-03-04", "Toronto, March 4": a line that holds only a
//! place the gazetteer knows and a date is a news dateline, and the place
//! is a place. The model, which learned from running text, often misses a
//! name standing alone before a number.

use super::common::*;

/// The most words a dateline's place has.
const MAX_WORDS: usize = 4;

/// Tags the place of each dateline.
pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let n = ctx.tokens.len();
    let gaz = Gazetteer::get();
    let mut added: Vec<RawMention> = Vec::new();
    let mut name = String::new();
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && !line_break_before(ctx, end) {
            end += 1;
        }
        let line = start..end;
        start = end;
        let words = line
            .clone()
            .take_while(|&k| ctx.tokens[k].kind() == TokenKind::Word && ctx.tokens[k].capitalised())
            .count();
        if words == 0 || words > MAX_WORDS || words == line.len() {
            continue;
        }
        let rest = line.start + words..line.end;
        let date_only = rest.clone().all(|k| match ctx.tokens[k].kind() {
            TokenKind::Number | TokenKind::Punct => true,
            TokenKind::Word => gazetteer::is_calendar(ctx.word(k)),
            TokenKind::Possessive => false,
        });
        let has_number = rest
            .clone()
            .any(|k| ctx.tokens[k].kind() == TokenKind::Number);
        if !date_only || !has_number {
            continue;
        }
        join_words(ctx, line.start, line.start + words, &mut name);
        let place = gaz
            .place(&name)
            .filter(|&class| class != NameClass::Organization);
        let Some(class) = place else {
            continue;
        };
        let mut m = mention(ctx, line.start, line.start + words, EntityKind::Place, 0.0);
        m.reason = Reason::by(
            RuleId::Datelines,
            format!("dateline, {}: {name}", class.label()),
        );
        added.push(m);
    }
    if added.is_empty() {
        return;
    }
    // A dateline's place replaces what the model made of its words, unless
    // the model already read it so.
    added.retain(|a| {
        !out.iter()
            .any(|m| m.span == a.span && m.kind == EntityKind::Place)
    });
    out.retain(|m| {
        let k = added.partition_point(|a| a.span.end <= m.span.start);
        !added.get(k).is_some_and(|a| a.span.overlaps(m.span))
    });
    out.extend(added);
}

/// True when a line ends between token `k - 1` and token `k`.
fn line_break_before(ctx: &DocContext<'_>, k: usize) -> bool {
    let gap = ctx.tokens[k - 1].span().end..ctx.tokens[k].span().start;
    ctx.text.as_bytes()[gap].contains(&b'\n')
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check_given, check_silent};

    #[test]
    fn rows() {
        // What the model said is given: here, nothing.
        check_given(
            "MARKETS SLIDE\n\nMadrid 2003-05-06\n\nShares fell on Tuesday.",
            "",
            "Madrid:place",
        );
        check_given(
            "Toronto, March 4\n\nThe council met on Monday.",
            "Toronto:organization",
            "Toronto:place",
        );
        // A heading with a number is no dateline when no place is named.
        check_silent("Chapter 12\n\nThe rain had stopped.");
    }
}
