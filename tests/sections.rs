//! Mentions counted per chapter: a merge walk over sorted mentions and
//! sorted sections.

use dramatis::analysis::{Analysis, Entity, EntityKind, Mention, mentions_per_section};
use dramatis::document::Section;
use dramatis::span::Span;

/// An analysis of `text` where every occurrence of each name is a mention
/// of its own entity (entity ids follow `names`).
fn analysis_of(text: &str, names: &[&str]) -> Analysis {
    let mut found: Vec<(Span, usize)> = Vec::new();
    for (id, name) in names.iter().enumerate() {
        for (start, _) in text.match_indices(name) {
            found.push((Span::new(start, start + name.len()), id));
        }
    }
    found.sort();
    let mentions: Vec<Mention> = found
        .iter()
        .map(|&(span, entity)| Mention {
            span,
            entity,
            reason: "test".to_owned(),
        })
        .collect();
    let entities = names
        .iter()
        .enumerate()
        .map(|(id, name)| Entity {
            id,
            kind: EntityKind::Person,
            name: (*name).to_owned(),
            mentions: (0..mentions.len())
                .filter(|&m| mentions[m].entity == id)
                .collect(),
        })
        .collect();
    Analysis {
        entities,
        mentions,
        ..Analysis::default()
    }
}

/// Sections as the chapters of `text` split at each "# " line; the text
/// before the first one belongs to no section.
fn chapters(text: &str) -> Vec<Section> {
    let starts: Vec<usize> = text.match_indices("# ").map(|(i, _)| i).collect();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| {
            let end = starts.get(k + 1).map_or(text.len(), |&next| next - 1);
            Section {
                title: format!("Chapter {}", k + 1),
                span: Span::new(start, end),
            }
        })
        .collect()
}

#[test]
fn mentions_are_counted_in_their_chapters() {
    let names = ["Anna", "Vronsky", "Levin"];
    // (text, name, counts a chapter)
    let cases: &[(&str, &str, &[usize])] = &[
        (
            "# One\nAnna met Vronsky. Anna smiled.\n# Two\nLevin mowed.\n# Three\nAnna left.",
            "Anna",
            &[2, 0, 1],
        ),
        (
            "# One\nAnna met Vronsky. Anna smiled.\n# Two\nLevin mowed.\n# Three\nAnna left.",
            "Vronsky",
            &[1, 0, 0],
        ),
        (
            "# One\nAnna met Vronsky. Anna smiled.\n# Two\nLevin mowed.\n# Three\nAnna left.",
            "Levin",
            &[0, 1, 0],
        ),
        // A mention before the first chapter is in none.
        (
            "Levin, a preface.\n# One\nLevin.\n# Two\nNo one.",
            "Levin",
            &[1, 0],
        ),
        // No mentions at all.
        ("# One\nNo one.\n# Two\nStill no one.", "Anna", &[0, 0]),
        // Every mention in the last chapter.
        (
            "# One\n\n# Two\n\n# Three\nVronsky, Vronsky, Vronsky.",
            "Vronsky",
            &[0, 0, 3],
        ),
    ];
    for &(text, name, expected) in cases {
        let analysis = analysis_of(text, &names);
        let sections = chapters(text);
        let id = names
            .iter()
            .position(|n| *n == name)
            .expect("a listed name");
        assert_eq!(
            mentions_per_section(&analysis, id, &sections),
            expected,
            "{name} in {text:?}"
        );
    }
}

#[test]
fn no_sections_means_no_counts_and_an_unknown_entity_counts_nothing() {
    let text = "# One\nAnna.\n# Two\nAnna.";
    let analysis = analysis_of(text, &["Anna"]);
    assert_eq!(mentions_per_section(&analysis, 0, &[]), Vec::<usize>::new());
    assert_eq!(mentions_per_section(&analysis, 7, &chapters(text)), [0, 0]);
}
