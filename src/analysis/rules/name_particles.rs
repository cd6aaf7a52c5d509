//! "Kevin" and "Bruyne" on either side of "De" are one person, "Kevin De
//! Bruyne".

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    *out = join_name_particles(ctx, std::mem::take(out));
}

/// "Kevin" and "Bruyne" on either side of "De" are one person, "Kevin De
/// Bruyne".
fn join_name_particles(ctx: &DocContext<'_>, mut joined: Vec<RawMention>) -> Vec<RawMention> {
    // Joined in place: the list of names is among the largest the analysis
    // holds, and a second one as long would double it.
    joined.dedup_by(|m, prev| {
        let join = prev.kind == EntityKind::Person
            && m.kind == EntityKind::Person
            && m.first_token == prev.end_token + 1
            && NAME_PARTICLES.contains(ctx.word(prev.end_token));
        if join {
            prev.end_token = m.end_token;
            prev.span = Span::new(prev.span.start, m.span.end);
        }
        join
    });
    // "Luuk De Jong" read whole as something else: a given name, a
    // surname particle and a name make a person.
    for m in &mut joined {
        if m.kind != EntityKind::Person
            && m.end_token - m.first_token == 3
            && SURNAME_PARTICLES.contains(ctx.word(m.first_token + 1))
            && Gazetteer::get().place(m.span.text(ctx.text)).is_none()
            && !(m.first_token..m.end_token).any(|k| {
                let w = ctx.word(k);
                gazetteer::is_org_head(w) || gazetteer::is_place_head(w)
            })
        {
            m.kind = EntityKind::Person;
            m.reason = Reason::by(
                RuleId::NameParticles,
                format!(
                    "person cue: surname particle {}",
                    ctx.word(m.first_token + 1)
                ),
            );
        }
    }
    // "Luuk De Jong" with the surname untagged.
    let covered = covered_tokens(ctx, &joined);
    for m in joined.iter_mut().filter(|m| m.kind == EntityKind::Person) {
        let (p, s) = (m.end_token, m.end_token + 1);
        if s < ctx.tokens.len()
            && NAME_PARTICLES.contains(ctx.word(p))
            && !covered[p]
            && !covered[s]
            && ctx.tokens[s].capitalised()
            && ctx.tokens[s].kind() == TokenKind::Word
            && !ctx.tokens[s].sentence_start()
            && !is_generic(ctx.word(s))
        {
            m.end_token = s + 1;
            m.span = Span::new(m.span.start, ctx.tokens[s].span().end);
        }
    }
    joined
}

/// Capitalised particles inside surnames ("Kevin De Bruyne").
static NAME_PARTICLES: WordList =
    WordList::new(include_str!("../../../assets/data/name_particles.txt"));

/// The particles of NAME_PARTICLES found only inside surnames (unlike "La"
/// or "El", which start place names too).
static SURNAME_PARTICLES: WordList =
    WordList::new(include_str!("../../../assets/data/surname_particles.txt"));

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "The goal came from Marten De Vliet in the last minute.",
            "Marten:person, Vliet:person",
            "Marten De Vliet:person",
        );
    }
}
