//! "the Tellmark Housing Trust (THT) said … THT tenants": an organisation's
//! name spelled out right before its acronym in brackets is one name,
//! whatever pieces the model cut it into, and the acronym is that
//! organisation wherever the text uses it.
//!
//! The spelled-out name is the shortest run of capitalised words (with
//! "of", "the", "and" between them) ending at the bracket whose capitals'
//! initials are the acronym's letters. The rule decides only for
//! organisations: a name that holds an organisation's head word ("Trust",
//! "Council") or that the model read mostly as one. People seldom get
//! bracketed acronyms, and places that do ("Greater Tellmark Area (GTA)")
//! sit beside centres, airports and file formats whose kind the model
//! often gets wrong; spreading such a mistake to every use would multiply
//! it.

use super::common::*;

/// Words a spelled-out name may hold between its capitalised words.
const CONNECTORS: &[&str] = &["of", "the", "and", "for", "on", "in", "&", "de", "du", "la"];

/// How many words back from the bracket a spelled-out name may begin.
const MAX_WORDS: usize = 12;

/// Joins a spelled-out organisation's name and tags its acronym's uses.
pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let n = ctx.tokens.len();
    let mut defined: Vec<&str> = Vec::new();
    let mut names = Vec::new();
    for k in 1..n.saturating_sub(2) {
        let bracket = |k: usize, b: &str| {
            ctx.tokens[k].kind() == TokenKind::Punct
                && ctx.tokens[k].span().len() == 1
                && ctx.word(k) == b
        };
        if !bracket(k, "(") || !bracket(k + 2, ")") {
            continue;
        }
        let acronym = ctx.word(k + 1);
        if !is_acronym(acronym) || defined.contains(&acronym) {
            continue;
        }
        let Some(first) = spelled_out(ctx, k, acronym) else {
            continue;
        };
        if !is_organisation(ctx, out, first, k) {
            continue;
        }
        defined.push(acronym);
        // "AWS Simple Queue Service (SQS)": a longer organisation holding
        // it stays as the model read it.
        let held = out.iter().any(|m| {
            m.kind == EntityKind::Organization && m.first_token <= first && k <= m.end_token
        });
        if held {
            continue;
        }
        let mut m = mention(ctx, first, k, EntityKind::Organization, 0.0);
        m.reason = Reason::by(
            RuleId::AcronymDefinitions,
            format!("spelled out before ({acronym})"),
        );
        names.push(m);
    }
    if defined.is_empty() {
        return;
    }
    // The spelled-out names replace what they overlap.
    names.sort_by_key(|m| m.span.start);
    out.retain(|m| {
        let k = names.partition_point(|d| d.span.end <= m.span.start);
        !names.get(k).is_some_and(|d| d.span.overlaps(m.span))
    });
    out.extend(names);
    // Every use of an acronym: the organisation, as a name of its own.
    let kind = EntityKind::Organization;
    let covered = covered_tokens(ctx, out);
    let mut alone: FastMap<usize, usize> = FastMap::default();
    for (idx, m) in out.iter().enumerate() {
        if m.end_token == m.first_token + 1 && defined.contains(&ctx.word(m.first_token)) {
            alone.insert(m.first_token, idx);
        }
    }
    for i in ctx.capitalised() {
        if !defined.contains(&ctx.word(i)) {
            continue;
        }
        let reason = || {
            Reason::by(
                RuleId::AcronymDefinitions,
                "acronym of an organisation spelled out",
            )
        };
        if let Some(&idx) = alone.get(&i) {
            if out[idx].kind != kind {
                out[idx].kind = kind;
                out[idx].reason = reason();
            }
        } else if !covered[i] {
            let mut m = mention(ctx, i, i + 1, kind, 0.0);
            m.reason = reason();
            out.push(m);
        }
    }
}

/// Two to eight capital letters ("THT", "R&D" is no acronym here).
fn is_acronym(word: &str) -> bool {
    (2..=8).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_uppercase())
}

/// The first token of the name spelled out before the bracket at `open`,
/// if the initials of its capitalised words are `acronym`.
fn spelled_out(ctx: &DocContext<'_>, open: usize, acronym: &str) -> Option<usize> {
    let letters = acronym.as_bytes();
    let mut matched = 0;
    let mut k = open;
    while k > 0 && open - k < MAX_WORDS {
        k -= 1;
        let t = &ctx.tokens[k];
        let w = ctx.word(k);
        if t.capitalised() && t.kind() == TokenKind::Word {
            let initial = w.as_bytes()[0];
            if matched == letters.len() || letters[letters.len() - 1 - matched] != initial {
                return None;
            }
            matched += 1;
            if matched == letters.len() {
                return Some(k);
            }
        } else if !CONNECTORS.contains(&w) || k + 1 == open {
            return None;
        }
        if t.sentence_start() {
            return None;
        }
    }
    None
}

/// True when the spelled-out name on tokens `first..end` holds an
/// organisation's head word, or the model read most of it as one.
fn is_organisation(ctx: &DocContext<'_>, out: &[RawMention], first: usize, end: usize) -> bool {
    if (first..end).any(|k| gazetteer::is_org_head(ctx.word(k))) {
        return true;
    }
    let organisation: usize = out
        .iter()
        .filter(|m| m.kind == EntityKind::Organization)
        .map(|m| {
            m.end_token
                .min(end)
                .saturating_sub(m.first_token.max(first))
        })
        .sum();
    organisation * 2 >= end - first
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_silent};

    #[test]
    fn rows() {
        check(
            "The Marsh Valley Water Authority (MVWA) raised its rates. Critics say MVWA ignored them.",
            "Marsh Valley Water Authority:organization, MVWA:organization",
        );
        check(
            "Residents sued the Office of Coastal Planning (OCP) last year. The OCP denied the claim.",
            "Office of Coastal Planning:organization, OCP:organization",
        );
        // Initials that do not spell the bracket are left to the model.
        check_silent("She joined the Harbour Rowing Club (HBC) in spring.");
    }
}
