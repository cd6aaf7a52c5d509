//! The test helper of the rule files: one-line checks over invented
//! sentences.

use super::{RuleId, RuleSet};
use crate::analysis::{Analysis, AnalyzeOptions, analyze_with};

/// The analysis of `text` as one paragraph, with `disabled` off.
pub(crate) fn analyse(text: &str, disabled: RuleSet) -> Analysis {
    let options = AnalyzeOptions { disabled };
    analyze_with(text, &[], &options, &mut |_| {})
}

/// True when `expectation` ("Amelia Quist:person", or "!Afghans" for no
/// mention with that text) holds in `analysis`.
fn holds(text: &str, analysis: &Analysis, expectation: &str) -> bool {
    let found = |name: &str| {
        analysis
            .mentions
            .iter()
            .filter(move |m| m.span.text(text) == name)
            .map(|m| analysis.entities[m.entity].kind.json_name())
            .collect::<Vec<_>>()
    };
    if let Some(name) = expectation.strip_prefix('!') {
        return found(name).is_empty();
    }
    let (name, kind) = expectation.rsplit_once(':').unwrap_or((expectation, ""));
    found(name).contains(&kind)
}

/// The rule whose file calls: `rules/titled_names.rs` is `titled-names`.
fn rule_of(file: &str) -> RuleId {
    let stem = file
        .rsplit(['/', '\\'])
        .next()
        .and_then(|f| f.strip_suffix(".rs"))
        .unwrap_or_default()
        .replace('_', "-");
    RuleId::from_name(&stem).unwrap_or_else(|| panic!("no rule for {file}"))
}

/// Checks that with every rule on, each of the comma-separated
/// `expectations` holds for `text`, and that the calling file's rule made
/// a decision in it: the row shows the rule at work. (The rules back each
/// other and the model up, so switching one off often changes nothing.)
#[track_caller]
pub(crate) fn check(text: &str, expectations: &str) {
    let rule = rule_of(std::panic::Location::caller().file());
    let (on, trace) = crate::analysis::analyze_traced(text, &[], &AnalyzeOptions::default());
    let cast: Vec<String> = on
        .mentions
        .iter()
        .map(|m| {
            format!(
                "{}:{}",
                m.span.text(text),
                on.entities[m.entity].kind.json_name()
            )
        })
        .collect();
    for e in expectations.split(", ") {
        assert!(
            holds(text, &on, e),
            "{rule}: {e:?} does not hold in {text:?}: {cast:?}"
        );
    }
    assert!(
        trace.iter().any(|d| d.rule == rule),
        "{rule} decides nothing in {text:?}: {cast:?}"
    );
}

#[test]
fn the_registry_lists_every_rule_once_in_order_with_a_doc() {
    use super::RULES;
    assert_eq!(RULES.len(), RuleId::ALL.len());
    for (k, (rule, &id)) in RULES.iter().zip(RuleId::ALL).enumerate() {
        assert_eq!(rule.id, id, "RULES[{k}] is out of order");
        assert_eq!(id as usize, k);
        assert_eq!(RuleId::from_name(id.name()), Some(id));
        assert!(
            id.name()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id} is not kebab-case"
        );
        assert!(
            rule.doc.ends_with('.') && rule.doc.len() > 20,
            "{id} is undocumented"
        );
    }
    for pair in RULES.windows(2) {
        assert!(
            pair[0].stage <= pair[1].stage,
            "{} runs out of its stage",
            pair[1].id
        );
    }
    let mut names: Vec<&str> = RuleId::ALL.iter().map(|id| id.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), RuleId::ALL.len(), "rule ids are not unique");
    assert_eq!(RuleSet::parse("all"), Ok(RuleSet::all()));
    assert!(RuleSet::parse("titled-names,nope").is_err());
}

/// Invented texts on which every rule has something to do or not.
const TEXTS: &[&str] = &[
    "Dr. Amelia Quist met the board of the Tarrow Harbour Authority in Portsmouth on Monday. \
     Quist said the Authority would publish its plan in March.",
    "The Kelby Folk Festival opened in Norwich, England, with a concert by the Marlow Quartet. \
     Its director, Prof. Ingrid Salo of the University of East Anglia, spoke first. Tickets \
     sold out, according to NRFA, the regional arts fund.",
    "Captain Oskar Lindqvist led the expedition from Tromsø to Svalbard. The Norwegian Polar \
     Institute (NPI) later bought his diaries. Kevin De Bruyne and Park Joo-Ho were not there.",
    "Secretary of State Marta Kowalczyk met Brightwell drivers and members of Brightwell in the \
     Vessany region. A Leeds-based firm, the journal Coastal Ecology and AS Heagle wrote on QX6.",
];

#[test]
fn a_rule_switched_off_changes_only_what_it_decided() {
    use crate::analysis::analyze_traced;
    for text in TEXTS {
        let options = AnalyzeOptions::default();
        let (on, trace) = analyze_traced(text, &[], &options);
        let cast = |a: &Analysis| {
            let mut v: Vec<_> = a
                .mentions
                .iter()
                .map(|m| (m.span, a.entities[m.entity].kind))
                .collect();
            v.sort_by_key(|(s, k)| (s.start, s.end, *k));
            v
        };
        let on_cast = cast(&on);
        for &id in RuleId::ALL {
            let off = analyse(text, RuleSet::EMPTY.with(id));
            let off_cast = cast(&off);
            // What the rule decided, by span and by the text of the span
            // (one name keeps one kind across the document).
            let decided: Vec<crate::span::Span> = trace
                .iter()
                .filter(|d| d.rule == id)
                .flat_map(|d| d.before.into_iter().chain(d.after).map(|(s, _)| s))
                .collect();
            let explained = |span: crate::span::Span| {
                decided
                    .iter()
                    .any(|d| d.overlaps(span) || d.text(text) == span.text(text))
            };
            let changed = on_cast
                .iter()
                .filter(|m| !off_cast.contains(m))
                .chain(off_cast.iter().filter(|m| !on_cast.contains(m)));
            for (span, kind) in changed {
                assert!(
                    explained(*span),
                    "without {id}, {:?} ({kind:?}) changed in {text:?}, though {id} decided nothing there",
                    span.text(text)
                );
            }
        }
    }
}

/// The kind named in JSON ("person").
fn kind_named(name: &str) -> crate::analysis::EntityKind {
    crate::analysis::EntityKind::ALL
        .into_iter()
        .find(|k| k.json_name() == name)
        .unwrap_or_else(|| panic!("no kind {name:?}"))
}

/// Checks a rule on what the model is given to have said, so the row holds
/// whatever the model learns: `model` lists the model's names
/// ("Kenya:place, Weather Bureau:organization", each the first occurrence
/// of its text), the rules run on them, and each of `expectations` must
/// hold in the rules' output, with the calling file's rule deciding
/// something.
#[track_caller]
pub(crate) fn check_given(text: &str, model: &str, expectations: &str) {
    let rule = rule_of(std::panic::Location::caller().file());
    let (cast, trace) = run_given(text, model);
    for e in expectations.split(", ") {
        let ok = match e.strip_prefix('!') {
            Some(name) => !cast
                .iter()
                .any(|c| c.rsplit_once(':').is_some_and(|(n, _)| n == name)),
            None => cast.iter().any(|c| c == e),
        };
        assert!(ok, "{rule}: {e:?} does not hold in {text:?}: {cast:?}");
    }
    assert!(
        trace.iter().any(|d| d.rule == rule),
        "{rule} decides nothing in {text:?}: {cast:?}"
    );
}

/// Checks that the calling file's rule decides nothing in `text`, with
/// every rule on: the row shows a case the rule must leave alone.
#[track_caller]
pub(crate) fn check_silent(text: &str) {
    let rule = rule_of(std::panic::Location::caller().file());
    let (_, trace) = crate::analysis::analyze_traced(text, &[], &AnalyzeOptions::default());
    let decided: Vec<_> = trace.iter().filter(|d| d.rule == rule).collect();
    assert!(
        decided.is_empty(),
        "{rule} decides in {text:?}: {decided:?}"
    );
}

/// The rules' output ("name:kind", in order) on what the model is given to
/// have said (`model` as for [`check_given`]), and what each rule decided.
pub(crate) fn run_given(text: &str, model: &str) -> (Vec<String>, Vec<super::Decision>) {
    use crate::analysis::{model::Model, ner, tokenize};
    use crate::span::Span;
    let paragraphs = [Span::new(0, text.len())];
    let mut tokens = tokenize::tokenize(text, &paragraphs);
    tokenize::mark_sentence_ends_after_abbreviations(text, &mut tokens);
    let ctx = ner::DocContext::new(text, &tokens, &Model::get().lowercase_words);
    let mut raw: Vec<ner::RawMention> = model
        .split(", ")
        .filter(|e| !e.is_empty())
        .map(|e| {
            let (name, kind) = e.rsplit_once(':').unwrap_or((e, "person"));
            let start = text.find(name).unwrap_or_else(|| panic!("no {name:?}"));
            let end = start + name.len();
            ner::RawMention {
                span: Span::new(start, end),
                kind: kind_named(kind),
                first_token: tokens.partition_point(|t| t.span().start < start),
                end_token: tokens.partition_point(|t| t.span().start < end),
                margin: 1.0,
                reason: None,
            }
        })
        .collect();
    raw.sort_by_key(|m| m.span.start);
    let mut trace = Vec::new();
    let out = super::apply_traced(&ctx, raw, RuleSet::EMPTY, Some(&mut trace));
    let cast = out
        .iter()
        .map(|m| format!("{}:{}", m.span.text(text), m.kind.json_name()))
        .collect();
    (cast, trace)
}
