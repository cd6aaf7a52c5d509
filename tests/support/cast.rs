//! A made-up analysis for tests that need one without running the tagger:
//! every occurrence of a name is a mention of it, and every `“…”` is a
//! quotation by the name written right after it.

#![allow(dead_code)]

use dramatis::analysis::{Analysis, Entity, EntityKind, Mention, Quote, Speaker};
use dramatis::span::Span;

/// The entities `cast` (kind and name, ids in order) and their mentions
/// `found` (span and entity id, in any order), as an analysis holds them.
pub fn cast_of(
    mut found: Vec<(Span, usize)>,
    cast: &[(EntityKind, &str)],
) -> (Vec<Entity>, Vec<Mention>) {
    found.sort();
    let mentions: Vec<Mention> = found
        .iter()
        .map(|&(span, entity)| Mention {
            span,
            entity,
            reason: "test".into(),
        })
        .collect();
    let entities = cast
        .iter()
        .enumerate()
        .map(|(id, &(kind, name))| Entity {
            id,
            kind,
            name: name.to_owned(),
            mentions: (0..mentions.len())
                .filter(|&m| mentions[m].entity == id)
                .collect(),
        })
        .collect();
    (entities, mentions)
}

/// An analysis of `text` where every occurrence of a name is a mention
/// of it, and every `“…”` is a quotation by the name written right
/// after it ("“Yes,” Ada").
pub fn analysis_of(text: &str, names: &[&str]) -> Analysis {
    let mut found: Vec<(Span, usize)> = Vec::new();
    for (id, name) in names.iter().enumerate() {
        for (start, _) in text.match_indices(name) {
            found.push((Span::new(start, start + name.len()), id));
        }
    }
    let kinds: Vec<(EntityKind, &str)> = names.iter().map(|&n| (EntityKind::Person, n)).collect();
    let (entities, mentions) = cast_of(found, &kinds);
    let mut quotes = Vec::new();
    for (open, _) in text.match_indices('“') {
        let start = open + '“'.len_utf8();
        let end = start + text[start..].find('”').expect("closed");
        let after = text[end + '”'.len_utf8()..].trim_start();
        let speaker = names
            .iter()
            .position(|n| after.starts_with(n))
            .map_or(Speaker::Unknown, Speaker::Entity);
        quotes.push(Quote {
            span: Span::new(start, end),
            speaker,
            step: Default::default(),
        });
    }
    Analysis {
        entities,
        mentions,
        quotes,
        warnings: Vec::new(),
    }
}
