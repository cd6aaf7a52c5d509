//! Gender of persons and pronouns, so that "she said" goes to a woman.
//!
//! A person's gender is read from the titles written before its mentions
//! ("Mr", "Lady") and from its given name (`assets/data/given_name_genders.tsv`),
//! by vote over all its mentions: one linear pass. A person whose votes
//! disagree (an entity that joins "Mr Smith" and "Mrs Smith") has none.

use crate::analysis::{Entity, EntityKind, Mention};

/// The grammatical gender of a person or pronoun.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    /// "he", "Mr", "John".
    Male,
    /// "she", "Mrs", "Mary".
    Female,
}

impl Gender {
    /// `male` or `female`, as `analyze --json` gives it.
    pub fn json_name(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

/// A subject pronoun that names a speaker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Pronoun {
    /// "he" or "she".
    Third(Gender),
    /// "I": the narrator.
    First,
}

/// The gender of a third-person pronoun ("he", "She").
pub(super) fn pronoun_gender(lower: &str) -> Option<Gender> {
    match lower {
        "he" | "him" | "his" | "himself" => Some(Gender::Male),
        "she" | "her" | "hers" | "herself" => Some(Gender::Female),
        _ => None,
    }
}

/// The gender a title before a name marks ("Mrs", "Sir", "Countess").
pub(in crate::analysis) fn title_gender(word: &str) -> Option<Gender> {
    match word.trim_end_matches('.') {
        "Mr" | "Mister" | "Sir" | "Lord" | "Master" | "King" | "Prince" | "Duke" | "Count"
        | "Baron" | "Earl" | "Marquis" | "Father" | "Brother" | "Uncle" | "Monsieur" | "M"
        | "Herr" | "Signor" | "Senor" | "Señor" | "Don" | "Squire" | "Emperor" | "Tsar" => {
            Some(Gender::Male)
        }
        "Mrs" | "Miss" | "Ms" | "Lady" | "Madam" | "Madame" | "Mme" | "Mlle" | "Mademoiselle"
        | "Queen" | "Princess" | "Duchess" | "Countess" | "Baroness" | "Marquise" | "Mother"
        | "Sister" | "Aunt" | "Dame" | "Mistress" | "Frau" | "Fräulein" | "Signora" | "Senora"
        | "Señora" | "Donna" | "Empress" => Some(Gender::Female),
        _ => None,
    }
}

/// The usual gender of a given name, from `assets/data/given_name_genders.tsv`.
pub(in crate::analysis) fn name_gender(word: &str) -> Option<Gender> {
    static LIST: std::sync::OnceLock<std::collections::HashMap<&'static str, Gender>> =
        std::sync::OnceLock::new();
    let list = LIST.get_or_init(|| {
        include_str!("../../../assets/data/given_name_genders.tsv")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (name, g) = l.split_once('\t')?;
                let g = match g.trim() {
                    "m" => Gender::Male,
                    "f" => Gender::Female,
                    _ => return None,
                };
                Some((name, g))
            })
            .collect()
    });
    list.get(word).copied()
}

/// The gender of each entity (by id), where its mentions agree on one.
pub(in crate::analysis) fn entity_genders(
    text: &str,
    mentions: &[Mention],
    entities: &[Entity],
) -> Vec<Option<Gender>> {
    // Votes for male and female, per entity.
    let mut votes = vec![(0u32, 0u32); entities.len()];
    for m in mentions {
        let Some(e) = entities.get(m.entity) else {
            continue;
        };
        if e.kind != EntityKind::Person {
            continue;
        }
        let before = text.get(..m.span.start).unwrap_or("").trim_end();
        let title = before
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .and_then(title_gender);
        let first = m
            .span
            .text(text)
            .split(|c: char| !c.is_alphabetic())
            .next()
            .and_then(name_gender);
        for g in [title, first].into_iter().flatten() {
            if let Some(v) = votes.get_mut(m.entity) {
                match g {
                    Gender::Male => v.0 += 1,
                    Gender::Female => v.1 += 1,
                }
            }
        }
    }
    votes
        .into_iter()
        .map(|(male, female)| {
            if male > 3 * female {
                Some(Gender::Male)
            } else if female > 3 * male {
                Some(Gender::Female)
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Persons in brackets; each distinct bracketed text is one entity.
    fn genders_of(annotated: &str) -> Vec<(String, Option<Gender>)> {
        let (text, mentions, entities) = super::super::bracketed_people(annotated);
        let genders = entity_genders(&text, &mentions, &entities);
        entities.into_iter().map(|e| e.name).zip(genders).collect()
    }

    #[test]
    fn genders_from_titles_and_given_names() {
        let cases: &[(&str, &[Option<Gender>])] = &[
            ("Mrs. [Quillby] sat down.", &[Some(Gender::Female)]),
            ("Sir [Oswin Tarrow] rode off.", &[Some(Gender::Male)]),
            (
                "[Margaret Vell] and [Thomas Vell] came.",
                &[Some(Gender::Female), Some(Gender::Male)],
            ),
            // An unknown name and no title: no gender.
            ("[Zarquon] waited.", &[None]),
            // Votes that disagree give none.
            ("Mr. [Pellow] and Mrs. [Pellow] came.", &[None]),
            // A title after the name does not count.
            ("[Zarquon], Lady of the house.", &[None]),
        ];
        for (input, expected) in cases {
            let got: Vec<Option<Gender>> = genders_of(input).into_iter().map(|(_, g)| g).collect();
            assert_eq!(&got, expected, "{input}");
        }
    }

    #[test]
    fn pronoun_genders() {
        let cases = [
            ("he", Some(Gender::Male)),
            ("she", Some(Gender::Female)),
            ("they", None),
            ("i", None),
        ];
        for (word, expected) in cases {
            assert_eq!(pronoun_gender(word), expected, "{word}");
        }
    }
}
