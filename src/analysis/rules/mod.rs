//! Rules applied to the model's names before grouping, as a registry.
//!
//! [`RULES`] is one ordered table: every decision the tagger makes beyond
//! its model is one of these rules, each in a file of its own with its doc
//! comment, its code and its own test rows, and each can be switched off by
//! its id ([`RuleSet`], `dramatis analyze --without ID`). Word lists live in
//! `assets/data/`.
//!
//! The rules run in table order, stage by stage ([`Stage`]): whole runs on
//! head words, splits of one name into two, per-name trimming and checks,
//! additions over the whole document, drops and late splits, and last the
//! joining of surname particles. Between the trimming and the checks each
//! name's span is set from its tokens again; after the drops the names are
//! sorted and overlaps removed, keeping the first (and longest).
//!
//! A rule that sets a name's kind says so in the name's typed [`Reason`];
//! with a trace ([`apply_traced`]) every change a rule makes to the names
//! (an addition, a removal, a new span or kind) is logged as a [`Decision`].

use std::fmt;

use super::EntityKind;
use super::ner::{DocContext, RawMention};
use crate::span::Span;

mod common;

mod acronym_definitions;
mod context_organisations;
mod datelines;
mod demonyms;
mod hyphen_descriptors;
mod lone_words;
mod lowercase_names;
mod name_particles;
mod no_doctrines;
mod org_head_splits;
mod sports_results;
mod storm_names;
mod titled_names;
mod titles_off;

/// Declares [`RuleId`] with its kebab-case names, in table order.
macro_rules! rule_ids {
    ($($variant:ident = $name:literal,)*) => {
        /// The id of a rule: its kebab-case name is what `--without` takes
        /// and what reasons show.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )*
        }

        impl RuleId {
            /// Every rule id, in table order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The kebab-case name ("titled-names").
            pub fn name(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $name,)*
                }
            }
        }
    };
}

rule_ids! {
    TitlesOff = "titles-off",
    Demonyms = "demonyms",
    ContextOrganisations = "context-organisations",
    TitledNames = "titled-names",
    LowercaseNames = "lowercase-names",
    AcronymDefinitions = "acronym-definitions",
    Datelines = "datelines",
    SportsResults = "sports-results",
    NoDoctrines = "no-doctrines",
    StormNames = "storm-names",
    LoneWords = "lone-words",
    HyphenDescriptors = "hyphen-descriptors",
    OrgHeadSplits = "org-head-splits",
    NameParticles = "name-particles",
}

impl RuleId {
    /// The rule named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|id| id.name() == name)
    }

    /// The rule's entry in [`RULES`].
    pub fn rule(self) -> &'static Rule {
        // RULES lists every id once, in the order of RuleId::ALL (a test
        // checks it), so the index is always in range.
        &RULES[self as usize]
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of rules, such as those switched off.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RuleSet(u64);

impl RuleSet {
    /// No rule.
    pub const EMPTY: RuleSet = RuleSet(0);

    /// Every rule.
    pub fn all() -> RuleSet {
        RuleId::ALL.iter().fold(RuleSet::EMPTY, |s, &id| s.with(id))
    }

    /// This set with `id` in it.
    #[must_use]
    pub fn with(self, id: RuleId) -> RuleSet {
        RuleSet(self.0 | 1 << id as u32)
    }

    /// True when `id` is in the set.
    pub fn contains(self, id: RuleId) -> bool {
        self.0 & (1 << id as u32) != 0
    }

    /// True when the set holds no rule.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Parses a comma-separated list of rule ids, or `all`.
    pub fn parse(list: &str) -> Result<RuleSet, UnknownRule> {
        let mut set = RuleSet::EMPTY;
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if name == "all" {
                set = RuleSet::all();
                continue;
            }
            let id = RuleId::from_name(name).ok_or_else(|| UnknownRule(name.to_owned()))?;
            set = set.with(id);
        }
        Ok(set)
    }
}

/// A rule id that no rule has.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown rule {0:?} (the rules are all, {ids})", ids = rule_names())]
pub struct UnknownRule(pub String);

/// The rule ids, comma-separated, in table order.
pub fn rule_names() -> String {
    RuleId::ALL
        .iter()
        .map(|id| id.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a mention has its kind, when not (only) because the model said so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// The rule that decided; `None` for the document-level consistency of
    /// [`super::group`].
    pub rule: Option<RuleId>,
    /// What the rule saw ("title cue: Dr").
    pub detail: String,
}

impl Reason {
    /// The reason `rule` gives, ready to store in [`RawMention::reason`].
    pub fn by(rule: RuleId, detail: impl Into<String>) -> Option<Box<Reason>> {
        Some(Box::new(Reason {
            rule: Some(rule),
            detail: detail.into(),
        }))
    }

    /// A reason of the document-level consistency in [`super::group`].
    pub fn document(detail: impl Into<String>) -> Option<Box<Reason>> {
        Some(Box::new(Reason {
            rule: None,
            detail: detail.into(),
        }))
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rule {
            Some(id) => write!(f, "rule {id}: {}", self.detail),
            None => write!(f, "document: {}", self.detail),
        }
    }
}

/// When a rule runs; stages run in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Trimming one name's edges (its span is set from its tokens after).
    Trim,
    /// Checking one trimmed name: dropping it or setting its kind.
    Check,
    /// Adding and relabelling names over the whole document.
    Add,
    /// Dropping non-names and splitting late, over the whole document.
    Drop,
    /// Joining sorted, non-overlapping names.
    Join,
}

/// How a rule is called.
#[derive(Clone, Copy)]
pub enum Run {
    /// Once over all the names of the document.
    Doc(fn(&DocContext<'_>, &mut Vec<RawMention>)),
    /// On one name, in place; false drops it.
    Name(fn(&DocContext<'_>, &mut RawMention) -> bool),
}

/// One rule of the registry.
pub struct Rule {
    /// Its id.
    pub id: RuleId,
    /// When it runs.
    pub stage: Stage,
    /// Its code.
    pub run: Run,
    /// What it does, in one sentence with an example.
    pub doc: &'static str,
}

/// Every rule, in the order they run.
pub static RULES: &[Rule] = &[
    Rule {
        id: RuleId::TitlesOff,
        stage: Stage::Trim,
        run: Run::Name(titles_off::run),
        doc: "Titles and roles at a name's edges (\"President Jonas Ekberg\", \"Tellmark Spokesperson\") are no part of it.",
    },
    Rule {
        id: RuleId::Demonyms,
        stage: Stage::Check,
        run: Run::Name(demonyms::run),
        doc: "A nationality word, or a word the model cut from one (\"North\" of \"North Korean\"), is no person or place.",
    },
    Rule {
        id: RuleId::ContextOrganisations,
        stage: Stage::Add,
        run: Run::Doc(context_organisations::add_context_organisations),
        doc: "A name after a lower-case word for a body (\"the journal Nature\") is an organisation.",
    },
    Rule {
        id: RuleId::TitledNames,
        stage: Stage::Add,
        run: Run::Doc(titled_names::add_titled_names),
        doc: "An untagged capitalised word after an honorific (\"Dr Heald\") is a person.",
    },
    Rule {
        id: RuleId::LowercaseNames,
        stage: Stage::Add,
        run: Run::Doc(lowercase_names::run),
        doc: "In a text written in lower case (\"i grew up in ohio\"), a known place or well-known organisation whose lower-case spelling reads as the name is that name.",
    },
    Rule {
        id: RuleId::AcronymDefinitions,
        stage: Stage::Add,
        run: Run::Doc(acronym_definitions::run),
        doc: "A name spelled out before its acronym (\"Tellmark Housing Trust (THT)\") is one name, and the acronym is of its kind wherever it stands.",
    },
    Rule {
        id: RuleId::Datelines,
        stage: Stage::Add,
        run: Run::Doc(datelines::run),
        doc: "A line holding only a known place and a date (\"QUELLTON 2001-03-04\") is a dateline, and the place is a place.",
    },
    Rule {
        id: RuleId::SportsResults,
        stage: Stage::Add,
        run: Run::Doc(sports_results::run),
        doc: "A town's name in a game's result or a league table (\"Leicester 1 Southampton 0\", \"Leeds beat Bolton 2-1\") is the club, an organisation.",
    },
    Rule {
        id: RuleId::NoDoctrines,
        stage: Stage::Drop,
        run: Run::Doc(no_doctrines::run),
        doc: "A doctrine or attitude (\"Buddhism\", \"Islamophobia\") is no entity.",
    },
    Rule {
        id: RuleId::StormNames,
        stage: Stage::Drop,
        run: Run::Doc(storm_names::run),
        doc: "A storm's name (\"Hurricane Katrina\", and \"Katrina\" once the text has called it a storm) is no entity.",
    },
    Rule {
        id: RuleId::LoneWords,
        stage: Stage::Drop,
        run: Run::Doc(lone_words::drop_lone_words),
        doc: "A lone numeral, number word, adjective or sentence-initial common word (\"Three\", \"National\") is no name.",
    },
    Rule {
        id: RuleId::HyphenDescriptors,
        stage: Stage::Drop,
        run: Run::Doc(hyphen_descriptors::split_hyphen_descriptors),
        doc: "The name before a hyphenated descriptor (\"Leeds-based\", \"Tellmark-backed\") is a name of its own.",
    },
    Rule {
        id: RuleId::OrgHeadSplits,
        stage: Stage::Drop,
        run: Run::Doc(org_head_splits::run),
        doc: "A person run that opens with an organisation's name (\"Tellmark Housing Council Jonas Ekberg\") is the organisation and the person.",
    },
    Rule {
        id: RuleId::NameParticles,
        stage: Stage::Join,
        run: Run::Doc(name_particles::run),
        doc: "A surname particle between two names (\"Kevin De Bruyne\") joins them into one person.",
    },
];

/// What a rule did to one name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The rule.
    pub rule: RuleId,
    /// The name before (`None`: the rule added it).
    pub before: Option<(Span, EntityKind)>,
    /// The name after (`None`: the rule removed it).
    pub after: Option<(Span, EntityKind)>,
}

/// Applies every rule, returning names sorted and non-overlapping.
pub fn apply(ctx: &DocContext<'_>, raw: Vec<RawMention>) -> Vec<RawMention> {
    apply_traced(ctx, raw, RuleSet::EMPTY, None)
}

/// Applies the rules not in `disabled`, returning names sorted and
/// non-overlapping; with `trace`, logs every decision a rule makes.
pub fn apply_traced(
    ctx: &DocContext<'_>,
    raw: Vec<RawMention>,
    disabled: RuleSet,
    mut trace: Option<&mut Vec<Decision>>,
) -> Vec<RawMention> {
    let on = |stage: Stage| {
        RULES
            .iter()
            .filter(move |r| r.stage == stage && !disabled.contains(r.id))
    };
    let mut out: Vec<RawMention> = raw
        .into_iter()
        .filter_map(|m| tidy(ctx, disabled, m, trace.as_deref_mut()))
        .collect();
    for rule in on(Stage::Add) {
        run_doc(ctx, rule, &mut out, trace.as_deref_mut());
    }
    for rule in on(Stage::Drop) {
        run_doc(ctx, rule, &mut out, trace.as_deref_mut());
    }
    out.sort_by_key(|m| m.span.start);
    out.dedup_by(|b, a| a.span.overlaps(b.span));
    for rule in on(Stage::Join) {
        run_doc(ctx, rule, &mut out, trace.as_deref_mut());
    }
    out
}

/// Runs a whole-document rule, logging what changed.
fn run_doc(
    ctx: &DocContext<'_>,
    rule: &Rule,
    out: &mut Vec<RawMention>,
    trace: Option<&mut Vec<Decision>>,
) {
    let Run::Doc(run) = rule.run else {
        return;
    };
    match trace {
        None => run(ctx, out),
        Some(log) => {
            let before = named(out);
            run(ctx, out);
            diff(rule.id, before, named(out), log);
        }
    }
}

/// Trims and checks one name with the enabled per-name rules; `None` when a
/// rule drops it.
fn tidy(
    ctx: &DocContext<'_>,
    disabled: RuleSet,
    mut m: RawMention,
    mut trace: Option<&mut Vec<Decision>>,
) -> Option<RawMention> {
    for stage in [Stage::Trim, Stage::Check] {
        for rule in RULES
            .iter()
            .filter(|r| r.stage == stage && !disabled.contains(r.id))
        {
            let Run::Name(run) = rule.run else { continue };
            let before = by_tokens(ctx, &m);
            let keep = run(ctx, &mut m);
            if let Some(log) = trace.as_deref_mut() {
                let after = keep.then(|| by_tokens(ctx, &m));
                if after != Some(before) {
                    log.push(Decision {
                        rule: rule.id,
                        before: Some(before),
                        after,
                    });
                }
            }
            if !keep {
                return None;
            }
        }
        if stage == Stage::Trim {
            m.span = Span::new(
                ctx.tokens[m.first_token].span().start,
                ctx.tokens[m.end_token - 1].span().end,
            );
        }
    }
    Some(m)
}

/// A name's span from its tokens (trimming rules move only the tokens) and
/// its kind.
fn by_tokens(ctx: &DocContext<'_>, m: &RawMention) -> (Span, EntityKind) {
    let span = Span::new(
        ctx.tokens[m.first_token].span().start,
        ctx.tokens[m.end_token - 1].span().end,
    );
    (span, m.kind)
}

fn named(list: &[RawMention]) -> Vec<(Span, EntityKind)> {
    list.iter().map(|m| (m.span, m.kind)).collect()
}

/// Logs the difference between two lists of names: names only before are
/// removed, names only after are added, and a removed and an added name
/// that overlap are one change (several removed names that overlap one
/// added name are that one change: a merge).
fn diff(
    rule: RuleId,
    mut before: Vec<(Span, EntityKind)>,
    mut after: Vec<(Span, EntityKind)>,
    log: &mut Vec<Decision>,
) {
    let key = |n: &(Span, EntityKind)| (n.0.start, n.0.end, n.1);
    before.sort_unstable_by_key(key);
    after.sort_unstable_by_key(key);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < before.len() || j < after.len() {
        match (before.get(i), after.get(j)) {
            (Some(b), Some(a)) if key(b) == key(a) => {
                i += 1;
                j += 1;
            }
            (Some(b), Some(a)) if key(b) < key(a) => {
                removed.push(*b);
                i += 1;
            }
            (Some(b), None) => {
                removed.push(*b);
                i += 1;
            }
            (_, Some(a)) => {
                added.push(*a);
                j += 1;
            }
            (None, None) => break,
        }
    }
    // Pair each added name with an unpaired removed one it overlaps: the
    // removed are sorted, so only those starting before its end can.
    let mut paired = vec![false; removed.len()];
    for &a in &added {
        let upto = removed.partition_point(|r: &(Span, EntityKind)| r.0.start < a.0.end);
        let hit = (0..upto)
            .rev()
            .take(16)
            .find(|&k| !paired[k] && removed[k].0.overlaps(a.0));
        if let Some(k) = hit {
            paired[k] = true;
        }
        log.push(Decision {
            rule,
            before: hit.map(|k| removed[k]),
            after: Some(a),
        });
    }
    // A removed name that overlaps an added one was merged into it ("A"
    // and "B" into "A of B"): part of that change, not a removal of its own.
    for (r, _) in removed.into_iter().zip(&paired).filter(|(_, p)| !**p) {
        let upto = added.partition_point(|a| a.0.start < r.0.end);
        let merged = added[..upto]
            .iter()
            .rev()
            .take(16)
            .any(|a| a.0.overlaps(r.0));
        if merged {
            continue;
        }
        log.push(Decision {
            rule,
            before: Some(r),
            after: None,
        });
    }
}

#[cfg(test)]
pub(crate) mod tests;
