//! Analysis: tagging people, places, organisations and quotations in text.
//!
//! The entry point is [`analyze`]. It never fails on text: odd input yields a
//! result plus [`Analysis::warnings`]. It knows nothing of files or egui.
//!
//! The pipeline, one module a step:
//!
//! - [`tokenize`]: byte-span tokens, sentence starts, possessives split off.
//! - [`ner`]: candidate name runs (capitalised words and connectors), their
//!   features (with the word [`clusters`] and the lists of [`gazetteer`]),
//!   and Viterbi decoding of each run with the perceptrons in [`model`], in
//!   two passes: the second reads what the first said about each word
//!   elsewhere in the document. Trained by [`train`] from GUM and LitBank
//!   (`cargo run --release --bin train_tagger`).
//! - [`rules`]: the few corrections that earn their place (measured by
//!   `tagger_report`): titles off a name's edges, nationality words, a
//!   name after "the journal", a name after a title, doctrines, lone
//!   generic words, hyphenated descriptors, surname particles. One registry,
//!   each rule with its id and switchable ([`AnalyzeOptions`]); their word
//!   lists are data ([`word_list`]).
//! - [`group`]: one kind per name across the document, recovered repeats,
//!   and grouping into entities (a lone surname joins the nearest full
//!   name), each mention with its reason.
//! - [`quotes`]: quotations and their speakers.
//!
//! Memory: the peak comes while names are grouped, and each byte more of
//! text adds under five bytes to it. Tokens take eight bytes (a book has one
//! every five bytes or so); what the tagger knows about the few candidate
//! tokens is kept per candidate ([`token_set`]), never per token; and the
//! tokens are dropped before quotations are attributed. `cargo bench
//! --bench bench_memory` measures it.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::span::Span;

pub mod book;
pub mod clusters;
pub mod gazetteer;
pub mod group;
pub mod model;
pub mod ner;
pub mod quotes;
pub mod rules;
pub mod token_set;
pub mod tokenize;
pub mod train;
pub mod truecase;
pub mod word_list;

pub use quotes::gender::Gender;
pub use rules::{RuleId, RuleSet};

/// What kind of thing an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    /// A named individual.
    Person,
    /// A country, city, region, geographic area or facility.
    Place,
    /// A named organisation, institution or media outlet.
    Organization,
}

impl EntityKind {
    /// All kinds, in display order.
    pub const ALL: [EntityKind; 3] = [Self::Person, Self::Place, Self::Organization];

    /// The lowercase name used in JSON (`person`, `place`, `organization`).
    pub fn json_name(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Place => "place",
            Self::Organization => "organization",
        }
    }
}

/// Index of an entity in [`Analysis::entities`].
pub type EntityId = usize;

/// One occurrence of an entity's name in the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// The name as written, titles, determiners and possessives excluded.
    pub span: Span,
    /// The entity this mention belongs to.
    pub entity: EntityId,
    /// A short, human-readable reason the tagger chose this kind, naming
    /// what decided: "rule ID: …" for a rule of [`rules::RULES`]
    /// ("rule titled-names: title cue: Dr"), "model: …" for the model
    /// ("model: gazetteer: country"), "document: …" for the document-level
    /// consistency of [`group`] ("document: alias of Vladimir Putin").
    pub reason: MentionReason,
}

/// A mention's reason: one shared string for every mention with the same
/// reason, so a text of many mentions keeps a pointer per mention rather
/// than a string (a name-dense text has a mention every dozen bytes). One
/// pointer, not two: an `Arc<str>` would carry the length in each mention.
/// Reads as a `str`; serialized as one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct MentionReason(Arc<String>);

impl MentionReason {
    /// The reason as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for MentionReason {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for MentionReason {
    fn from(reason: &str) -> Self {
        Self(Arc::new(reason.to_owned()))
    }
}

impl From<String> for MentionReason {
    fn from(reason: String) -> Self {
        Self(Arc::new(reason))
    }
}

impl fmt::Display for MentionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for MentionReason {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for MentionReason {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

/// A person, place or organisation with all its mentions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Its index in [`Analysis::entities`].
    pub id: EntityId,
    /// Its kind.
    pub kind: EntityKind,
    /// Display name: the fullest form used in the text.
    pub name: String,
    /// Indices into [`Analysis::mentions`], sorted by position.
    pub mentions: Vec<usize>,
}

/// Who said a quotation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Speaker {
    /// A named entity of the document.
    Entity(EntityId),
    /// An unnamed speaker, kept as written ("a US National Security spokesperson").
    Described(String),
    /// Attributed to no one.
    Unknown,
}

/// A direct quotation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, inside the quotation marks.
    pub span: Span,
    /// Who said them.
    pub speaker: Speaker,
    /// The step of the speaker sieve that chose [`Quote::speaker`].
    #[serde(default)]
    pub step: SpeakerStep,
}

/// Why a quotation's speaker was chosen: the step of the speaker sieve
/// that decided, in the order the sieve tries them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpeakerStep {
    /// A speech verb with a named subject or object ("said Jo", "Jo
    /// replied"), an apposition or title before the verb, "according to
    /// X", a name before a colon.
    Named,
    /// A speech verb with "he" or "she", resolved by gender and nearness.
    Pronoun,
    /// A relation or rank naming a character: "said his wife", "said the count".
    Relation,
    /// An unnamed speaker, described as the text describes them.
    Described,
    /// The person the narration of the same passage is about.
    Narration,
    /// The speaker of an earlier quotation of the same sentence or paragraph.
    SameTurn,
    /// The previous paragraph's speaker, going on.
    Carried,
    /// The turn-taking of a conversation: unattributed lines alternate
    /// between its two speakers.
    TurnTaking,
    /// The person the previous line addressed by name, answering.
    Addressed,
    /// The person of an action beat just before the line ("Ann shrugged.").
    ActionBeat,
    /// "I said": the narrator.
    Narrator,
    /// No speaker found.
    #[default]
    Unknown,
}

impl SpeakerStep {
    /// A short id, as `analyze --json` gives it in `reason`.
    pub fn id(self) -> &'static str {
        match self {
            SpeakerStep::Named => "named",
            SpeakerStep::Pronoun => "pronoun",
            SpeakerStep::Relation => "relation",
            SpeakerStep::Described => "described",
            SpeakerStep::Narration => "narration",
            SpeakerStep::SameTurn => "same-turn",
            SpeakerStep::Carried => "carried",
            SpeakerStep::TurnTaking => "turn-taking",
            SpeakerStep::Addressed => "addressed",
            SpeakerStep::ActionBeat => "action-beat",
            SpeakerStep::Narrator => "narrator",
            SpeakerStep::Unknown => "unknown",
        }
    }

    /// A sentence for the reader, shown on hover.
    pub fn explain(self) -> &'static str {
        match self {
            SpeakerStep::Named => "named beside the quotation",
            SpeakerStep::Pronoun => {
                "\"he\" or \"she\" beside the quotation, read by gender and nearness"
            }
            SpeakerStep::Relation => "called by relation or rank (\"his wife\", \"the count\")",
            SpeakerStep::Described => "described, not named, beside the quotation",
            SpeakerStep::Narration => "the person the surrounding narration is about",
            SpeakerStep::SameTurn => "the same speaker as the quotation before it",
            SpeakerStep::Carried => "the previous paragraph's speaker, going on",
            SpeakerStep::TurnTaking => "the turns of the conversation",
            SpeakerStep::Addressed => "the one the previous line addressed, answering",
            SpeakerStep::ActionBeat => "the person acting just before the line",
            SpeakerStep::Narrator => "the narrator (\"I said\")",
            SpeakerStep::Unknown => "no speaker found",
        }
    }
}

/// The result of analysing a text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// Entities ordered by first mention.
    pub entities: Vec<Entity>,
    /// All mentions, sorted by position, non-overlapping.
    pub mentions: Vec<Mention>,
    /// Quotations sorted by position.
    pub quotes: Vec<Quote>,
    /// Problems met on the way (never fatal).
    pub warnings: Vec<String>,
}

impl Analysis {
    /// The display name of a quotation's speaker, if any.
    pub fn speaker_name<'a>(&'a self, quote: &'a Quote) -> Option<&'a str> {
        match &quote.speaker {
            Speaker::Entity(id) => self.entities.get(*id).map(|e| e.name.as_str()),
            Speaker::Described(s) => Some(s.as_str()),
            Speaker::Unknown => None,
        }
    }

    /// The other names `text` uses for an entity: its mentions' distinct
    /// forms other than its display name, most used first.
    pub fn aliases(&self, text: &str, entity: EntityId) -> Vec<String> {
        let Some(e) = self.entities.get(entity) else {
            return Vec::new();
        };
        let mut forms: Vec<(String, usize)> = Vec::new();
        for span in self.mention_spans(entity) {
            let form = span
                .text(text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if form.is_empty() || form == e.name {
                continue;
            }
            match forms.iter_mut().find(|(f, _)| *f == form) {
                Some((_, n)) => *n += 1,
                None => forms.push((form, 1)),
            }
        }
        // Stable: equally used forms keep the order the text first uses them.
        forms.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        forms.into_iter().map(|(f, _)| f).collect()
    }

    /// The gender the text shows for each person (by entity id) from the
    /// titles before its mentions and its given name, where they agree.
    pub fn genders(&self, text: &str) -> Vec<Option<Gender>> {
        quotes::gender::entity_genders(text, &self.mentions, &self.entities)
    }

    /// The spans of an entity's mentions, in order.
    pub fn mention_spans(&self, entity: EntityId) -> impl Iterator<Item = Span> + '_ {
        self.entities
            .get(entity)
            .into_iter()
            .flat_map(|e| e.mentions.iter())
            .filter_map(|&m| self.mentions.get(m).map(|m| m.span))
    }
}

/// How many of `entity`'s mentions lie in each of `sections` (sorted,
/// non-overlapping spans, such as an e-book's chapters): one count a section.
///
/// Mentions and sections are both sorted, so this is one merge walk.
pub fn mentions_per_section(
    analysis: &Analysis,
    entity: EntityId,
    sections: &[crate::document::Section],
) -> Vec<usize> {
    let mut counts = vec![0; sections.len()];
    let mut k = 0;
    for span in analysis.mention_spans(entity) {
        while k < sections.len() && sections[k].span.end <= span.start {
            k += 1;
        }
        let Some(section) = sections.get(k) else {
            break;
        };
        if section.span.contains_span(span) {
            counts[k] += 1;
        }
    }
    counts
}

/// How to analyse: which rules to leave out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AnalyzeOptions {
    /// The rules switched off ([`RuleSet::all`]: the model alone).
    pub disabled: RuleSet,
}

/// Analyses `text`, whose paragraphs (sentence and quotation boundaries that
/// the tagger must respect) are `paragraphs`: sorted, non-overlapping spans.
///
/// `progress` is called now and then with the fraction done (0.0 to 1.0).
/// Every rule is on; see [`analyze_with`] to switch some off.
pub fn analyze(text: &str, paragraphs: &[Span], progress: &mut dyn FnMut(f32)) -> Analysis {
    analyze_with(text, paragraphs, &AnalyzeOptions::default(), progress)
}

/// [`analyze`] with options.
pub fn analyze_with(
    text: &str,
    paragraphs: &[Span],
    options: &AnalyzeOptions,
    progress: &mut dyn FnMut(f32),
) -> Analysis {
    analyze_inner(text, paragraphs, options, None, progress)
}

/// [`analyze_with`], also returning every decision the rules made, in the
/// order they made them (for the rule report).
pub fn analyze_traced(
    text: &str,
    paragraphs: &[Span],
    options: &AnalyzeOptions,
) -> (Analysis, Vec<rules::Decision>) {
    let mut trace = Vec::new();
    let analysis = analyze_inner(text, paragraphs, options, Some(&mut trace), &mut |_| {});
    (analysis, trace)
}

/// [`analyze_with`] for a caller that owns the text: lines in capitals are
/// recased in place while the tagger reads them and restored after (see
/// [`truecase`]), so no copy of the text is made. `text` is as it was on
/// return.
pub fn analyze_in_place(
    text: &mut String,
    paragraphs: &[Span],
    options: &AnalyzeOptions,
    progress: &mut dyn FnMut(f32),
) -> Analysis {
    let owned = std::mem::take(text);
    let (analysis, back) = analyze_text(Cow::Owned(owned), paragraphs, options, None, progress);
    *text = back.into_owned();
    analysis
}

/// [`analyze_in_place`] over a loaded document's text and blocks: how the
/// window, the command line and the library analyse what they opened.
pub fn analyze_document(
    document: &mut crate::document::Document,
    options: &AnalyzeOptions,
    progress: &mut dyn FnMut(f32),
) -> Analysis {
    let paragraphs = document.block_spans();
    analyze_in_place(&mut document.text, &paragraphs, options, progress)
}

fn analyze_inner(
    text: &str,
    paragraphs: &[Span],
    options: &AnalyzeOptions,
    trace: Option<&mut Vec<rules::Decision>>,
    progress: &mut dyn FnMut(f32),
) -> Analysis {
    analyze_text(Cow::Borrowed(text), paragraphs, options, trace, progress).0
}

/// The analysis of `text`, and the text as it came (a borrowed text is
/// recased in a copy, an owned one in place and restored).
fn analyze_text<'t>(
    mut text: Cow<'t, str>,
    paragraphs: &[Span],
    options: &AnalyzeOptions,
    trace: Option<&mut Vec<rules::Decision>>,
    progress: &mut dyn FnMut(f32),
) -> (Analysis, Cow<'t, str>) {
    let mut warnings = Vec::new();
    if text.len() > tokenize::MAX_TEXT_BYTES {
        warnings.push("names are tagged in the first GiB of the text only".to_string());
    }
    let whole;
    let paragraphs = if paragraphs.is_empty() && !text.is_empty() {
        whole = [Span::new(0, text.len())];
        &whole[..]
    } else {
        paragraphs
    };
    let quote_spans = quotes::find_quotes(&text, paragraphs);
    progress(0.1);
    // Lines in capitals are tagged as the words they stand for; offsets
    // are the original's.
    let recasings = truecase::recasings(&text, paragraphs, &model::Model::get().lowercase_words);
    let original = match &text {
        Cow::Borrowed(original) if !recasings.is_empty() => Some(*original),
        _ => None,
    };
    if !recasings.is_empty() {
        truecase::apply(text.to_mut(), &recasings);
    }
    let (entities, mentions) = tag_names(
        &text,
        paragraphs,
        &quote_spans,
        options,
        trace,
        &mut warnings,
        progress,
    );
    let text = match original {
        // The recased copy goes; the caller's text is read from here on.
        Some(original) => {
            drop(text);
            Cow::Borrowed(original)
        }
        None => {
            if !recasings.is_empty() {
                truecase::restore(text.to_mut(), &recasings);
            }
            text
        }
    };
    progress(0.9);
    let quotes = quotes::attribute(&text, paragraphs, &quote_spans, &mentions, &entities);
    progress(1.0);
    let analysis = Analysis {
        entities,
        mentions,
        quotes,
        warnings,
    };
    (analysis, text)
}

/// Tags the names of `text` and groups them into entities. The analysis's
/// largest tables (the tokens, the tagger's facts about them) live only
/// while this runs.
fn tag_names(
    text: &str,
    paragraphs: &[Span],
    quote_spans: &[Span],
    options: &AnalyzeOptions,
    trace: Option<&mut Vec<rules::Decision>>,
    warnings: &mut Vec<String>,
    progress: &mut dyn FnMut(f32),
) -> (Vec<Entity>, Vec<Mention>) {
    let model = model::Model::get();
    let mut tokens = tokenize::tokenize(text, paragraphs);
    mark_quote_starts(&mut tokens, quote_spans);
    progress(0.3);
    if model.is_empty() {
        warnings.push("the tagger model could not be read; names are not tagged".to_string());
    }
    tokenize::mark_sentence_ends_after_abbreviations(text, &mut tokens);
    let ctx = ner::DocContext::new(text, &tokens, &model.lowercase_words);
    let mut tagged = ner::tag(&ctx);
    // The rules copy the tagger's list: sized exactly first, so that the
    // room left over from growing it is not held while they run.
    tagged.shrink_to_fit();
    let raw = rules::apply_traced(&ctx, tagged, options.disabled, trace);
    progress(0.8);
    group::group(&ctx, raw)
}

/// Marks the first token inside each quotation as a sentence start.
pub(crate) fn mark_quote_starts(tokens: &mut [tokenize::Token], quotes: &[Span]) {
    for q in quotes {
        let k = tokens.partition_point(|t| t.span().start < q.start);
        if let Some(t) = tokens.get_mut(k)
            && t.span().start < q.end
        {
            t.set_sentence_start();
        }
    }
}
