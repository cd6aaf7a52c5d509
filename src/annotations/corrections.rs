//! Applying the reader's corrections to an analysis.
//!
//! [`apply`] takes the tagger's [`Analysis`] and returns a corrected one:
//! the personal dictionary first, then the document's corrections in the
//! order they were made. The result keeps every invariant of an analysis
//! (mentions sorted and non-overlapping, entity ids equal to their index,
//! entities ordered by first mention, no entity without mentions), so the
//! rest of the app cannot tell a corrected analysis from a tagged one.
//!
//! Quotations follow their speaker: to the entity it was merged into, to the
//! entity split off when the speaker kept no mention of its own, and to
//! [`Speaker::Unknown`] when the reader said the speaker is not an entity
//! (the tagger's attribution rested on a name that is not one).

use std::collections::{BTreeMap, HashSet};

use super::{Correction, Dictionary, DictionaryRule, anchor};
use crate::analysis::{
    Analysis, Entity, EntityKind, Mention, MentionReason, Quote, Speaker, SpeakerStep,
};
use crate::span::Span;

/// `analysis` of `text` with the `dictionary` and then `corrections` applied.
///
/// Costs one pass over the mentions per correction that concerns a name, and
/// one search of the text per dictionary rule that adds a name.
pub fn apply(
    text: &str,
    analysis: &Analysis,
    corrections: &[Correction],
    dictionary: &Dictionary,
) -> Analysis {
    let mut work = Work::new(text, analysis);
    work.dictionary(dictionary);
    for correction in corrections {
        work.correction(correction);
    }
    work.finish(analysis)
}

/// "a person", "a place", "an organisation": a kind in a reason.
fn a_kind(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "a person",
        EntityKind::Place => "a place",
        EntityKind::Organization => "an organisation",
    }
}

/// An entity while corrections are applied.
struct WorkEntity {
    name: String,
    kind: EntityKind,
    /// Names it had before the reader renamed it.
    aliases: Vec<String>,
    /// What became of it.
    fate: Fate,
    /// The reader changed its kind.
    kind_changed: bool,
    /// The entity split off from it, which takes its quotations if it keeps
    /// no mention of its own.
    split_into: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Fate {
    Alive,
    /// Merged into another entity.
    Merged(usize),
    /// Not an entity.
    Removed,
}

/// A mention while corrections are applied (its start is the map key).
struct WorkMention {
    end: usize,
    entity: usize,
    /// The tagger's reason.
    reason: MentionReason,
    /// The reader's correction that made it, which says why instead.
    corrected: Option<MentionReason>,
}

struct Work<'t> {
    text: &'t str,
    entities: Vec<WorkEntity>,
    /// Mentions by start: sorted and non-overlapping at every step.
    mentions: BTreeMap<usize, WorkMention>,
}

impl<'t> Work<'t> {
    fn new(text: &'t str, analysis: &Analysis) -> Self {
        let entities = analysis
            .entities
            .iter()
            .map(|e| WorkEntity {
                name: e.name.clone(),
                kind: e.kind,
                aliases: Vec::new(),
                fate: Fate::Alive,
                kind_changed: false,
                split_into: None,
            })
            .collect();
        let mentions = analysis
            .mentions
            .iter()
            .filter(|m| m.entity < analysis.entities.len() && !m.span.is_empty())
            .map(|m| {
                (
                    m.span.start,
                    WorkMention {
                        end: m.span.end,
                        entity: m.entity,
                        reason: m.reason.clone(),
                        corrected: None,
                    },
                )
            })
            .collect();
        Self {
            text,
            entities,
            mentions,
        }
    }

    /// The living entity with this name (its current one first, then one it
    /// had before a rename) and kind.
    fn find(&self, name: &str, kind: EntityKind) -> Option<usize> {
        let alive = |e: &&WorkEntity| e.fate == Fate::Alive && e.kind == kind;
        let by_name = self
            .entities
            .iter()
            .position(|e| alive(&e) && e.name == name);
        by_name.or_else(|| {
            self.entities
                .iter()
                .position(|e| alive(&e) && e.aliases.iter().any(|a| a == name))
        })
    }

    fn find_or_create(&mut self, name: &str, kind: EntityKind) -> usize {
        self.find(name, kind)
            .unwrap_or_else(|| self.create(name, kind))
    }

    fn create(&mut self, name: &str, kind: EntityKind) -> usize {
        self.entities.push(WorkEntity {
            name: name.to_owned(),
            kind,
            aliases: Vec::new(),
            fate: Fate::Alive,
            kind_changed: false,
            split_into: None,
        });
        self.entities.len() - 1
    }

    /// Starts of the mentions that share a byte with `span`.
    fn overlapping(&self, span: Span) -> Vec<usize> {
        let mut starts = Vec::new();
        for (&start, m) in self.mentions.range(..span.end).rev() {
            if m.end <= span.start {
                break;
            }
            starts.push(start);
        }
        starts.reverse();
        starts
    }

    /// Makes `span` a mention of `entity`, replacing the mentions it overlaps.
    fn put(&mut self, span: Span, entity: usize, reason: MentionReason) {
        for start in self.overlapping(span) {
            self.mentions.remove(&start);
        }
        self.mentions.insert(
            span.start,
            WorkMention {
                end: span.end,
                entity,
                reason: reason.clone(),
                corrected: Some(reason),
            },
        );
    }

    /// `passage` if it still covers its quoted text in this text.
    fn checked(&self, span: Span, exact: &str) -> Option<Span> {
        let span = anchor::trim(self.text, span)?;
        (span.text(self.text) == exact.trim()).then_some(span)
    }

    fn dictionary(&mut self, dictionary: &Dictionary) {
        let never: HashSet<&str> = dictionary
            .entries
            .iter()
            .filter(|e| e.rule == DictionaryRule::Never)
            .map(|e| e.name.as_str())
            .collect();
        if !never.is_empty() {
            let text = self.text;
            self.mentions
                .retain(|&start, m| !never.contains(text.get(start..m.end).unwrap_or("")));
            for entity in &mut self.entities {
                if never.contains(entity.name.as_str()) {
                    entity.fate = Fate::Removed;
                }
            }
        }
        for entry in &dictionary.entries {
            if let DictionaryRule::Always(kind) = entry.rule {
                self.always(&entry.name, kind);
            }
        }
    }

    /// Every whole-word occurrence of `name` becomes a mention of `kind`.
    fn always(&mut self, name: &str, kind: EntityKind) {
        if name.trim().is_empty() {
            return;
        }
        let text = self.text;
        let reason = MentionReason::from(format!("your dictionary: always {}", a_kind(kind)));
        let mut entity = None;
        for (at, found) in text.match_indices(name) {
            let end = at + found.len();
            let before = text[..at].chars().next_back();
            let after = text[end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let id = *entity.get_or_insert_with(|| self.find_or_create(name, kind));
            self.put(Span::new(at, end), id, reason.clone());
        }
    }

    fn correction(&mut self, correction: &Correction) {
        match correction {
            Correction::Rename { name, kind, to } => {
                if let Some(id) = self.find(name, *kind) {
                    let entity = &mut self.entities[id];
                    let old = std::mem::replace(&mut entity.name, to.clone());
                    entity.aliases.push(old);
                }
            }
            Correction::ChangeKind { name, from, to } => {
                if from != to
                    && let Some(id) = self.find(name, *from)
                {
                    self.entities[id].kind = *to;
                    self.entities[id].kind_changed = true;
                }
            }
            Correction::Merge {
                name,
                kind,
                into,
                into_kind,
            } => {
                if let (Some(id), Some(target)) =
                    (self.find(name, *kind), self.find(into, *into_kind))
                    && id != target
                {
                    self.entities[id].fate = Fate::Merged(target);
                }
            }
            Correction::Split { mention, kind } => {
                let Some(span) = self.checked(mention.span, &mention.quote.exact) else {
                    return;
                };
                let overlapping = self.overlapping(span);
                let Some(&start) = overlapping
                    .iter()
                    .find(|&&s| s == span.start)
                    .or(overlapping.first())
                else {
                    return;
                };
                let (old, end) = match self.mentions.get(&start) {
                    Some(m) => (m.entity, m.end),
                    None => return,
                };
                let kind = kind.unwrap_or(self.entities[old].kind);
                let name = self.text.get(start..end).unwrap_or("").to_owned();
                let new = self.create(&name, kind);
                self.entities[old].split_into.get_or_insert(new);
                let reason = format!("your correction: a different {}", kind_word(kind));
                if let Some(m) = self.mentions.get_mut(&start) {
                    m.entity = new;
                    m.corrected = Some(reason.into());
                }
            }
            Correction::NotAnEntity { name, kind } => {
                if let Some(id) = self.find(name, *kind) {
                    self.entities[id].fate = Fate::Removed;
                }
            }
            Correction::Tag { passage, kind } => {
                let Some(span) = self.checked(passage.span, &passage.quote.exact) else {
                    return;
                };
                let name = span.text(self.text).to_owned();
                let id = self.find_or_create(&name, *kind);
                self.put(
                    span,
                    id,
                    format!("your correction: {}", a_kind(*kind)).into(),
                );
            }
        }
    }

    /// Where an entity's mentions end up: the living entity at the end of
    /// its merges (and whether a merge led there), or `None` when removed.
    fn resolve(&self, mut id: usize) -> Option<(usize, bool)> {
        let mut merged = false;
        // Merges only ever point at living entities, so chains end; the
        // bound is a guard, not a limit met in practice.
        for _ in 0..=self.entities.len() {
            match self.entities.get(id)?.fate {
                Fate::Alive => return Some((id, merged)),
                Fate::Removed => return None,
                Fate::Merged(into) => {
                    merged = true;
                    id = into;
                }
            }
        }
        None
    }

    fn finish(self, analysis: &Analysis) -> Analysis {
        let mut new_id: Vec<Option<usize>> = vec![None; self.entities.len()];
        let mut entities: Vec<Entity> = Vec::new();
        let mut mentions: Vec<Mention> = Vec::with_capacity(self.mentions.len());
        for (&start, m) in &self.mentions {
            let Some((id, merged)) = self.resolve(m.entity) else {
                continue;
            };
            let entity = &self.entities[id];
            let reason = if let Some(reason) = &m.corrected {
                reason.clone()
            } else if merged {
                format!("merged into {} by you", entity.name).into()
            } else if entity.kind_changed {
                format!("your correction: {}", a_kind(entity.kind)).into()
            } else {
                m.reason.clone()
            };
            let out = *new_id[id].get_or_insert_with(|| {
                entities.push(Entity {
                    id: entities.len(),
                    kind: entity.kind,
                    name: entity.name.clone(),
                    mentions: Vec::new(),
                });
                entities.len() - 1
            });
            entities[out].mentions.push(mentions.len());
            mentions.push(Mention {
                span: Span::new(start, m.end),
                entity: out,
                reason,
            });
        }
        let quotes = analysis
            .quotes
            .iter()
            .map(|q| {
                let speaker = match &q.speaker {
                    Speaker::Entity(id) => self
                        .speaker(*id, &new_id)
                        .map_or(Speaker::Unknown, Speaker::Entity),
                    other => other.clone(),
                };
                Quote {
                    span: q.span,
                    step: if speaker == Speaker::Unknown {
                        SpeakerStep::Unknown
                    } else {
                        q.step
                    },
                    speaker,
                }
            })
            .collect();
        Analysis {
            entities,
            mentions,
            quotes,
            warnings: analysis.warnings.clone(),
        }
    }

    /// The new id of a quotation's speaker: followed through merges, and to
    /// the entity split off when the speaker kept no mention.
    fn speaker(&self, mut id: usize, new_id: &[Option<usize>]) -> Option<usize> {
        for _ in 0..=self.entities.len() {
            let (alive, _) = self.resolve(id)?;
            if let Some(out) = new_id.get(alive).copied().flatten() {
                return Some(out);
            }
            id = self.entities[alive].split_into?;
        }
        None
    }
}

/// "person", "place", "organisation".
fn kind_word(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Place => "place",
        EntityKind::Organization => "organisation",
    }
}
