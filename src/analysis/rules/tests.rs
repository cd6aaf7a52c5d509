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
/// `expectations` holds for `text`, and that with the calling file's rule
/// switched off one of them does not: the row shows what the rule does.
#[track_caller]
pub(crate) fn check(text: &str, expectations: &str) {
    let rule = rule_of(std::panic::Location::caller().file());
    let expectations: Vec<&str> = expectations.split(", ").collect();
    let on = analyse(text, RuleSet::EMPTY);
    let cast = |a: &Analysis| {
        a.mentions
            .iter()
            .map(|m| {
                format!(
                    "{}:{}",
                    m.span.text(text),
                    a.entities[m.entity].kind.json_name()
                )
            })
            .collect::<Vec<_>>()
    };
    for e in &expectations {
        assert!(
            holds(text, &on, e),
            "{rule}: {e:?} does not hold in {text:?}: {:?}",
            cast(&on)
        );
    }
    let off = analyse(text, RuleSet::EMPTY.with(rule));
    assert!(
        expectations.iter().any(|e| !holds(text, &off, e)),
        "{rule}: {text:?} is the same without the rule: {:?}",
        cast(&off)
    );
}
