//! Three-way merge of a document's notes, so that two writers at once (two
//! windows, a window and `dramatis import`, two imports) lose nothing.
//!
//! A writer remembers a [`Base`]: what it read from the notes file. When it
//! saves, [`Store::save_merged`](super::store::Store::save_merged) reads the
//! file again under a lock and calls [`merge`] with the writer's copy as
//! `ours` and the file as `theirs`:
//!
//! - A highlight is known by its id and the time it was made (two writers
//!   that both hand out the next free id make different highlights with the
//!   same id; the one being saved is given a fresh id).
//! - One in the file that the writer never read was added elsewhere: kept.
//! - One the writer read and no longer has was deleted by it: dropped
//!   (unless it was changed elsewhere since, then it is kept).
//! - One the writer read that is gone from the file was deleted elsewhere:
//!   dropped, unless the writer changed it since.
//! - One both have: the copy with the later `modified` time wins.
//! - Notes on entities: the writer's when it changed them, else the file's.
//! - Corrections: the file's, less those the writer removed, plus those it
//!   added.

use std::collections::{BTreeMap, BTreeSet};

use super::{Annotations, Correction, EntityNote, Highlight};

/// What a writer read from the notes file: enough to tell its own changes
/// from changes made elsewhere since.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Base {
    /// Each highlight read (placed or orphaned): id → (created, modified).
    highlights: BTreeMap<u64, (jiff::Timestamp, jiff::Timestamp)>,
    /// The notes on entities read.
    entity_notes: Vec<EntityNote>,
    /// The corrections read.
    corrections: Vec<Correction>,
}

impl Base {
    /// The base of notes just read from (or written to) the file. The
    /// default, empty base means "nothing read": everything in the file is
    /// kept.
    pub fn of(annotations: &Annotations) -> Self {
        Self {
            highlights: annotations
                .highlights
                .iter()
                .chain(&annotations.orphans)
                .map(|h| (h.id, (h.created, h.modified)))
                .collect(),
            entity_notes: annotations.entity_notes.clone(),
            corrections: annotations.corrections.clone(),
        }
    }

    /// The time `highlight` was last changed when it was read, if it was.
    fn read_modified(&self, highlight: &Highlight) -> Option<jiff::Timestamp> {
        self.highlights
            .get(&highlight.id)
            .filter(|(created, _)| *created == highlight.created)
            .map(|&(_, modified)| modified)
    }
}

/// `ours` (a writer's copy, read as `base`) merged with `theirs` (the file
/// as it is now). Path, title and fingerprint are taken from `ours`.
pub fn merge(base: &Base, ours: &Annotations, theirs: &Annotations) -> Annotations {
    let mut merged = ours.clone();
    let (highlights, orphans) = merge_highlights(base, ours, theirs);
    merged.highlights = highlights;
    merged.orphans = orphans;
    merged.entity_notes = merge_entity_notes(base, ours, theirs);
    merged.corrections = merge_corrections(base, ours, theirs);
    let max_used = merged
        .highlights
        .iter()
        .chain(&merged.orphans)
        .map(|h| h.id)
        .max()
        .unwrap_or(0);
    merged.next_id = ours.next_id.max(theirs.next_id).max(max_used + 1);
    merged
}

/// Placed highlights (sorted by span) and orphans.
fn merge_highlights(
    base: &Base,
    ours: &Annotations,
    theirs: &Annotations,
) -> (Vec<Highlight>, Vec<Highlight>) {
    let tagged = |a: &Annotations| -> Vec<(Highlight, bool)> {
        let placed = a.highlights.iter().map(|h| (h.clone(), false));
        placed
            .chain(a.orphans.iter().map(|h| (h.clone(), true)))
            .collect()
    };
    let theirs_by_id: BTreeMap<u64, (Highlight, bool)> = tagged(theirs)
        .into_iter()
        .map(|(h, orphan)| (h.id, (h, orphan)))
        .collect();
    let mut kept: Vec<(Highlight, bool)> = Vec::new();
    let mut renumber: Vec<(Highlight, bool)> = Vec::new();
    let mut matched = BTreeSet::new();
    for (mine, orphan) in tagged(ours) {
        let changed_since_read = base
            .read_modified(&mine)
            .is_none_or(|read| mine.modified > read);
        match theirs_by_id.get(&mine.id) {
            Some((other, other_orphan)) if same_highlight(base, &mine, other) => {
                matched.insert(mine.id);
                if other.modified > mine.modified {
                    kept.push((other.clone(), *other_orphan));
                } else {
                    kept.push((mine, orphan));
                }
            }
            // Another highlight took this id in the file: ours was made here
            // (or changed since read) and needs a fresh id; one read and
            // untouched here was deleted elsewhere.
            Some(_) if changed_since_read => renumber.push((mine, orphan)),
            Some(_) => {}
            None if changed_since_read => kept.push((mine, orphan)),
            None => {}
        }
    }
    for (id, (other, orphan)) in theirs_by_id {
        if matched.contains(&id) {
            continue;
        }
        let deleted_here = base
            .read_modified(&other)
            .is_some_and(|read| other.modified <= read);
        if !deleted_here {
            kept.push((other, orphan));
        }
    }
    let mut next = kept.iter().map(|(h, _)| h.id).max().unwrap_or(0);
    next = next.max(ours.next_id.max(theirs.next_id).saturating_sub(1));
    for (mut highlight, orphan) in renumber {
        next += 1;
        highlight.id = next;
        kept.push((highlight, orphan));
    }
    let (mut orphans, mut placed): (Vec<_>, Vec<_>) = kept.into_iter().partition(|(_, o)| *o);
    placed.sort_by_key(|(h, _)| (h.span, h.id));
    orphans.sort_by_key(|(h, _)| h.id);
    (
        placed.into_iter().map(|(h, _)| h).collect(),
        orphans.into_iter().map(|(h, _)| h).collect(),
    )
}

/// True when two highlights with the same id are one highlight: made at
/// the same time, and, when neither was read (both are new), on the same
/// passage too, so two writers' new highlights never pass for one.
fn same_highlight(base: &Base, mine: &Highlight, other: &Highlight) -> bool {
    mine.id == other.id
        && mine.created == other.created
        && (base.read_modified(mine).is_some()
            || (mine.position == other.position && mine.quote.exact == other.quote.exact))
}

/// Notes on entities by name and kind: a note this writer changed (or
/// removed) since reading is the latest change; otherwise the file's.
fn merge_entity_notes(base: &Base, ours: &Annotations, theirs: &Annotations) -> Vec<EntityNote> {
    let find = |notes: &[EntityNote], key: &EntityNote| {
        notes
            .iter()
            .find(|n| n.name == key.name && n.kind == key.kind)
            .map(|n| n.note.clone())
    };
    let mut merged: Vec<EntityNote> = Vec::new();
    let keys = theirs
        .entity_notes
        .iter()
        .chain(&ours.entity_notes)
        .chain(&base.entity_notes);
    for key in keys {
        if merged
            .iter()
            .any(|n| n.name == key.name && n.kind == key.kind)
        {
            continue;
        }
        let mine = find(&ours.entity_notes, key);
        let read = find(&base.entity_notes, key);
        let chosen = if mine == read {
            find(&theirs.entity_notes, key)
        } else {
            mine
        };
        if let Some(note) = chosen {
            merged.push(EntityNote {
                name: key.name.clone(),
                kind: key.kind,
                note,
            });
        }
    }
    merged
}

/// The file's corrections, less those this writer removed, then those it
/// added, in order.
fn merge_corrections(base: &Base, ours: &Annotations, theirs: &Annotations) -> Vec<Correction> {
    let removed_here =
        |c: &Correction| base.corrections.contains(c) && !ours.corrections.contains(c);
    let mut merged: Vec<Correction> = theirs
        .corrections
        .iter()
        .filter(|c| !removed_here(c))
        .cloned()
        .collect();
    for correction in &ours.corrections {
        if !base.corrections.contains(correction) && !merged.contains(correction) {
            merged.push(correction.clone());
        }
    }
    merged
}
