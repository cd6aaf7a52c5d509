//! Adds runs the model left untagged whose name the gazetteer knows for
//! sure ("Twitter", "Kremlin"), when nothing but a determiner or common
//! word precedes it in its run.

use super::common::*;

/// Adds runs the model left untagged whose name the gazetteer knows for
/// sure ("Twitter", "Kremlin"), when nothing but a determiner or common
/// word precedes it in its run.
pub(super) fn add_known_names(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let covered = covered_tokens(ctx, out);
    let mut added = Vec::new();
    let mut next = 0;
    for &i in &ctx.capitalised {
        if i < next {
            continue;
        }
        let Some((class, s, e)) = ctx.gazetteer_match(i) else {
            continue;
        };
        next = e.max(i + 1);
        let Some(kind) = sure_kind(class) else {
            continue;
        };
        if (s..e).any(|k| covered[k]) {
            continue;
        }
        let (run_start, run_end) = ctx.run_of(s);
        if e != run_end {
            continue;
        }
        let lead_ok = (run_start..s).all(|k| {
            let w = ctx.word(k);
            ctx.is_common_word(w) || gazetteer::is_title(w) || is_demonym_form(w)
        });
        if !lead_ok || is_demonym_form(ctx.word(e - 1)) {
            continue;
        }
        let mut m = mention(ctx, s, e, kind, 0.0);
        m.reason = Reason::by(RuleId::KnownNames, format!("gazetteer: {}", class.label()));
        // "Count Rostov": an honorific outweighs the place's name.
        if let Some(title) = honorific_before(ctx, s) {
            m.kind = EntityKind::Person;
            m.reason = Reason::by(RuleId::KnownNames, format!("title cue: {title}"));
        }
        added.push(m);
    }
    out.extend(added);
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "Officials at the Kremlin declined to comment.",
            "",
            "Kremlin:organization",
        );
    }
}
