//! "Leeds-based Halvern Water Board", "a
//! Tellmark-backed group", "Halvern Prize-winner Marta Olsen": the name
//! before a hyphenated descriptor is a name of its own (a place, or a body
//! or state acting; an award is none), and whatever follows it in the run
//! is another.

use super::common::*;

/// "Leeds-based Halvern Water Board", "a
/// Tellmark-backed group", "Halvern Prize-winner Marta Olsen": the name
/// before a hyphenated descriptor is a name of its own (a place, or a body
/// or state acting; an award is none), and whatever follows it in the run
/// is another.
pub(super) fn split_hyphen_descriptors(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let with_descriptor: Vec<usize> = ctx
        .capitalised()
        .filter(|&k| descriptor(ctx.word(k)).is_some())
        .collect();
    if with_descriptor.is_empty() {
        return;
    }
    let gaz = Gazetteer::get();
    let covered = covered_tokens(ctx, out);
    let tagged: FastMap<&str, EntityKind> = out
        .iter()
        .map(|m| (m.span.text(ctx.text), m.kind))
        .collect();
    let mut pieces = Vec::new();
    let stem_of = |mut first: usize, k: usize| -> Option<RawMention> {
        let (kind_of, cut) = descriptor(ctx.word(k))?;
        // "New York-born", "South Korea-based".
        while first > 0
            && ctx.tokens[first - 1].capitalised()
            && !ctx.tokens[first].sentence_start()
            && (PLACE_PREFIXES.contains(ctx.word(first - 1))
                || COMPASS_WORDS.contains(ctx.word(first - 1)))
        {
            first -= 1;
        }
        let t = &ctx.tokens[k];
        let starts_upper = ctx
            .word(first)
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        let span = Span::new(ctx.tokens[first].span().start, t.span().end - cut);
        let stem = span.text(ctx.text);
        let lone_word = first == k;
        if !starts_upper
            || (lone_word && ctx.is_common_word(stem))
            || is_demonym_form(stem)
            || kind_of == Descriptor::Award
        {
            return None;
        }
        let known = gaz
            .place(stem)
            .and_then(sure_kind)
            .or(tagged.get(stem).copied());
        let kind = match kind_of {
            Descriptor::Place => EntityKind::Place,
            _ => known.unwrap_or(EntityKind::Organization),
        };
        let mut m = mention(ctx, first, k + 1, kind, 0.0);
        m.span = span;
        m.reason = Reason::by(
            RuleId::HyphenDescriptors,
            format!("context: -{}", &ctx.word(k)[ctx.word(k).len() - cut + 1..]),
        );
        Some(m)
    };
    out.retain(|m| {
        let from = with_descriptor.partition_point(|&t| t < m.first_token);
        let Some(&k) = with_descriptor.get(from).filter(|&&t| t < m.end_token) else {
            return true;
        };
        pieces.extend(stem_of(m.first_token, k));
        if k + 1 < m.end_token {
            let mut rest = mention(ctx, k + 1, m.end_token, m.kind, m.margin);
            rest.reason = m.reason.clone();
            pieces.push(rest);
        }
        false
    });
    let mut stems = Vec::new();
    for &k in &with_descriptor {
        if !covered[k] {
            stems.extend(stem_of(k, k));
        }
    }
    // A stem grown back over "New" replaces the model's "New".
    retain_clear_of(out, &stems);
    out.extend(pieces);
    out.extend(stems);
}

/// What a hyphenated descriptor says of the name before it.
#[derive(Clone, Copy, PartialEq)]
enum Descriptor {
    /// "Leeds-based", "Oslo-born": a place.
    Place,
    /// "Tellmark-backed", "council-run": a body or a state acting.
    Agent,
    /// "Oscar-winning", "Booker Prize-winner": an award, no name.
    Award,
}

/// Lower-case endings after a hyphen that describe by the name before them,
/// with what they make of it.
fn descriptors() -> &'static FastMap<&'static str, Descriptor> {
    static TABLE: std::sync::OnceLock<FastMap<&'static str, Descriptor>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        crate::analysis::word_list::entries(include_str!(
            "../../../assets/data/hyphen_descriptors.tsv"
        ))
        .filter_map(|line| {
            let (ending, class) = line.split_once('\t')?;
            let d = match class {
                "place" => Descriptor::Place,
                "agent" => Descriptor::Agent,
                _ => Descriptor::Award,
            };
            Some((ending, d))
        })
        .collect()
    })
}

/// The descriptor ending `word`, with the length of "-ending".
fn descriptor(word: &str) -> Option<(Descriptor, usize)> {
    // Every ending is lower case: most words are ruled out by their last
    // byte without a search for the hyphen.
    if !word.as_bytes().last().is_some_and(u8::is_ascii_lowercase) || word.len() < 5 {
        return None;
    }
    let (stem, ending) = word.rsplit_once('-')?;
    if stem.is_empty() {
        return None;
    }
    descriptors().get(ending).map(|&d| (d, ending.len() + 1))
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given(
            "A Tellmark-backed group bought the paper.",
            "Tellmark-backed:organization",
            "Tellmark:organization",
        );
    }
}
