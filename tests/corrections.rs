//! The reader's corrections and personal dictionary applied to the tagger's
//! analysis of the bundled sample article: one row a kind of correction.

use dramatis::analysis::{Analysis, EntityKind, Speaker, analyze};
use dramatis::annotations::corrections::apply;
use dramatis::annotations::{Correction, Dictionary, DictionaryRule, Passage, anchor};
use dramatis::span::{CharIndex, Span};

use EntityKind::{Organization, Person, Place};

fn sample() -> (String, Analysis) {
    let document = dramatis::app::sample_document();
    let analysis = analyze(&document.text, &document.block_spans(), &mut |_| {});
    (document.text, analysis)
}

/// The `nth` occurrence of `exact` in `text` as a passage.
fn passage(text: &str, exact: &str, nth: usize) -> Passage {
    let (at, _) = text
        .match_indices(exact)
        .nth(nth)
        .unwrap_or_else(|| panic!("{exact:?} #{nth} not in the text"));
    let span = Span::new(at, at + exact.len());
    let (quote, position) = anchor::selectors(text, span);
    Passage {
        span,
        quote,
        position,
    }
}

/// One line an entity: "Place Russia ×8".
fn cast(analysis: &Analysis) -> Vec<String> {
    analysis
        .entities
        .iter()
        .map(|e| format!("{:?} {} ×{}", e.kind, e.name, e.mentions.len()))
        .collect()
}

/// The reason given for the mention covering the `nth` occurrence of `exact`.
fn reason_at(text: &str, analysis: &Analysis, exact: &str, nth: usize) -> Option<String> {
    let (at, _) = text.match_indices(exact).nth(nth)?;
    analysis
        .mentions
        .iter()
        .find(|m| m.span == Span::new(at, at + exact.len()))
        .map(|m| m.reason.to_string())
}

/// Every invariant an analysis promises.
fn check_invariants(text: &str, analysis: &Analysis, row: &str) {
    let mentions = &analysis.mentions;
    for m in mentions {
        assert!(
            m.span.start < m.span.end && m.span.end <= text.len(),
            "{row}: span in text"
        );
        assert!(
            text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end),
            "{row}: char boundaries"
        );
        assert!(
            m.entity < analysis.entities.len(),
            "{row}: mention's entity exists"
        );
    }
    assert!(
        mentions
            .windows(2)
            .all(|w| w[0].span.end <= w[1].span.start),
        "{row}: mentions sorted and non-overlapping"
    );
    let mut owned = vec![0; mentions.len()];
    let mut first_mentions = Vec::new();
    for (i, entity) in analysis.entities.iter().enumerate() {
        assert_eq!(entity.id, i, "{row}: entity id is its index");
        assert!(
            !entity.mentions.is_empty(),
            "{row}: {} has mentions",
            entity.name
        );
        assert!(
            entity.mentions.windows(2).all(|w| w[0] < w[1]),
            "{row}: sorted mention list"
        );
        for &m in &entity.mentions {
            assert_eq!(mentions[m].entity, i, "{row}: mention points back");
            owned[m] += 1;
        }
        first_mentions.push(entity.mentions[0]);
    }
    assert!(
        owned.iter().all(|&n| n == 1),
        "{row}: each mention in one entity"
    );
    assert!(
        first_mentions.windows(2).all(|w| w[0] < w[1]),
        "{row}: entities ordered by first mention"
    );
    for quote in &analysis.quotes {
        if let Speaker::Entity(id) = quote.speaker {
            assert!(id < analysis.entities.len(), "{row}: speaker exists");
        }
    }
}

#[derive(Default)]
struct Row {
    name: &'static str,
    corrections: Vec<Correction>,
    dictionary: Vec<(&'static str, DictionaryRule)>,
    /// Lines of [`cast`] that must be there.
    present: Vec<&'static str>,
    /// Entity names (any kind) that must be gone.
    absent: Vec<&'static str>,
    /// (text, nth occurrence, the reason its mention gives).
    reasons: Vec<(&'static str, usize, &'static str)>,
}

fn s(text: &str) -> String {
    text.to_owned()
}

fn rows(text: &str) -> Vec<Row> {
    vec![
        Row {
            name: "rename",
            corrections: vec![Correction::Rename {
                name: s("Kim Jong-un"),
                kind: Person,
                to: s("Kim Jong Un"),
            }],
            present: vec!["Person Kim Jong Un ×13"],
            absent: vec!["Kim Jong-un"],
            ..Row::default()
        },
        Row {
            name: "a later correction names a renamed entity by its old name",
            corrections: vec![
                Correction::Rename {
                    name: s("Kremlin"),
                    kind: Organization,
                    to: s("The Kremlin"),
                },
                Correction::ChangeKind {
                    name: s("Kremlin"),
                    from: Organization,
                    to: Place,
                },
            ],
            present: vec!["Place The Kremlin ×3"],
            absent: vec!["Kremlin"],
            reasons: vec![("Kremlin", 0, "your correction: a place")],
            ..Row::default()
        },
        Row {
            name: "change kind",
            corrections: vec![Correction::ChangeKind {
                name: s("DPRK"),
                from: Place,
                to: Organization,
            }],
            present: vec!["Organization DPRK ×1"],
            reasons: vec![("DPRK", 0, "your correction: an organisation")],
            ..Row::default()
        },
        Row {
            name: "merge",
            corrections: vec![Correction::Merge {
                name: s("Moscow"),
                kind: Place,
                into: s("Russia"),
                into_kind: Place,
            }],
            present: vec!["Place Russia ×9"],
            absent: vec!["Moscow"],
            reasons: vec![("Moscow", 0, "merged into Russia by you")],
            ..Row::default()
        },
        Row {
            name: "merge into a missing entity does nothing",
            corrections: vec![Correction::Merge {
                name: s("Moscow"),
                kind: Place,
                into: s("Muscovy"),
                into_kind: Place,
            }],
            present: vec!["Place Moscow ×1", "Place Russia ×8"],
            ..Row::default()
        },
        Row {
            name: "split",
            corrections: vec![Correction::Split {
                mention: passage(text, "Kim Jong-Un", 0),
                kind: None,
            }],
            present: vec!["Person Kim Jong-un ×12", "Person Kim Jong-Un ×1"],
            reasons: vec![("Kim Jong-Un", 0, "your correction: a different person")],
            ..Row::default()
        },
        Row {
            name: "split to another kind",
            corrections: vec![Correction::Split {
                mention: passage(text, "Kremlin", 1),
                kind: Some(Place),
            }],
            present: vec!["Organization Kremlin ×2", "Place Kremlin ×1"],
            ..Row::default()
        },
        Row {
            name: "not an entity",
            corrections: vec![Correction::NotAnEntity {
                name: s("Vladivostok"),
                kind: Place,
            }],
            absent: vec!["Vladivostok"],
            present: vec!["Place Pyongyang ×1"],
            ..Row::default()
        },
        Row {
            name: "tag a missed passage",
            corrections: vec![Correction::Tag {
                passage: passage(text, "Primorsky region", 0),
                kind: Place,
            }],
            present: vec!["Place Primorsky region ×1"],
            absent: vec!["Primorsky"],
            reasons: vec![("Primorsky region", 0, "your correction: a place")],
            ..Row::default()
        },
        Row {
            name: "a second tag joins the first",
            corrections: vec![
                Correction::Tag {
                    passage: passage(text, "North Korean", 0),
                    kind: Organization,
                },
                Correction::Tag {
                    passage: passage(text, "North Korean", 1),
                    kind: Organization,
                },
            ],
            present: vec!["Organization North Korean ×2"],
            ..Row::default()
        },
        Row {
            name: "dictionary: always a kind, creating an entity",
            dictionary: vec![("Russian", DictionaryRule::Always(Place))],
            present: vec!["Place Russian ×6"],
            reasons: vec![("Russian", 3, "your dictionary: always a place")],
            ..Row::default()
        },
        Row {
            name: "dictionary: always a kind, replacing a mention",
            dictionary: vec![("Far East", DictionaryRule::Always(Organization))],
            present: vec!["Organization Far East ×1"],
            reasons: vec![("Far East", 0, "your dictionary: always an organisation")],
            ..Row::default()
        },
        Row {
            name: "dictionary: always a shorter name inside longer mentions",
            dictionary: vec![("Korea", DictionaryRule::Always(Place))],
            present: vec!["Place Korea ×4"],
            absent: vec!["North Korea"],
            ..Row::default()
        },
        Row {
            name: "dictionary: never an entity",
            dictionary: vec![("Kremlin", DictionaryRule::Never)],
            absent: vec!["Kremlin"],
            ..Row::default()
        },
        Row {
            name: "dictionary: never removes mentions of that text only",
            dictionary: vec![("Kim", DictionaryRule::Never)],
            present: vec!["Person Kim Jong-un ×2"],
            ..Row::default()
        },
        Row {
            name: "dictionary first, then corrections",
            dictionary: vec![("Moscow", DictionaryRule::Always(Organization))],
            corrections: vec![Correction::ChangeKind {
                name: s("Moscow"),
                from: Organization,
                to: Place,
            }],
            present: vec!["Place Moscow ×1"],
            ..Row::default()
        },
    ]
}

#[test]
fn each_kind_of_correction_changes_the_cast_as_the_reader_asked() {
    let (text, analysis) = sample();
    check_invariants(&text, &analysis, "tagger");
    for row in rows(&text) {
        let mut dictionary = Dictionary::default();
        for (name, rule) in &row.dictionary {
            dictionary.set(name, rule.clone());
        }
        let corrected = apply(&text, &analysis, &row.corrections, &dictionary);
        check_invariants(&text, &corrected, row.name);
        let lines = cast(&corrected);
        for line in &row.present {
            assert!(
                lines.iter().any(|l| l == line),
                "{}: no {line:?} in {lines:#?}",
                row.name
            );
        }
        for name in &row.absent {
            assert!(
                corrected.entities.iter().all(|e| e.name != *name),
                "{}: {name:?} still in {lines:#?}",
                row.name
            );
        }
        for (exact, nth, reason) in &row.reasons {
            assert_eq!(
                reason_at(&text, &corrected, exact, *nth).as_deref(),
                Some(*reason),
                "{}: reason for {exact:?}",
                row.name
            );
        }
    }
}

#[test]
fn no_corrections_change_nothing() {
    let (text, analysis) = sample();
    let same = apply(&text, &analysis, &[], &Dictionary::default());
    assert_eq!(same, analysis);
}

#[test]
fn quotations_follow_their_speaker() {
    let (text, analysis) = sample();
    let speaker_names = |a: &Analysis| -> Vec<Option<String>> {
        a.quotes
            .iter()
            .map(|q| a.speaker_name(q).map(str::to_owned))
            .collect()
    };
    let putin_quotes = speaker_names(&analysis)
        .iter()
        .filter(|n| n.as_deref() == Some("Vladimir Putin"))
        .count();
    assert!(putin_quotes >= 3);

    let merged = apply(
        &text,
        &analysis,
        &[
            Correction::Rename {
                name: s("Vladimir Putin"),
                kind: Person,
                to: s("President Putin"),
            },
            Correction::Merge {
                name: s("Dmitry Peskov"),
                kind: Person,
                into: s("Kremlin"),
                into_kind: Organization,
            },
        ],
        &Dictionary::default(),
    );
    let names = speaker_names(&merged);
    assert_eq!(
        names
            .iter()
            .filter(|n| n.as_deref() == Some("President Putin"))
            .count(),
        putin_quotes
    );
    assert_eq!(
        names[0].as_deref(),
        Some("Kremlin"),
        "Peskov's quote goes with him"
    );

    let removed = apply(
        &text,
        &analysis,
        &[Correction::NotAnEntity {
            name: s("Vladimir Putin"),
            kind: Person,
        }],
        &Dictionary::default(),
    );
    let unknown = removed
        .quotes
        .iter()
        .filter(|q| q.speaker == Speaker::Unknown)
        .count();
    let was_unknown = analysis
        .quotes
        .iter()
        .filter(|q| q.speaker == Speaker::Unknown)
        .count();
    assert_eq!(unknown, was_unknown + putin_quotes);
    // A described speaker is kept as written.
    let described = analysis
        .quotes
        .iter()
        .position(|q| matches!(q.speaker, Speaker::Described(_)))
        .expect("the sample has a described speaker");
    assert_eq!(
        removed.quotes[described].speaker,
        analysis.quotes[described].speaker
    );
}

/// All the rows' corrections at once, in order.
fn everything(text: &str) -> (Vec<Correction>, Dictionary) {
    let mut corrections = Vec::new();
    let mut dictionary = Dictionary::default();
    for row in rows(text) {
        corrections.extend(row.corrections);
        for (name, rule) in row.dictionary {
            dictionary.set(name, rule);
        }
    }
    (corrections, dictionary)
}

#[test]
fn corrections_survive_re_analysis() {
    let (text, analysis) = sample();
    let (corrections, dictionary) = everything(&text);
    let first = apply(&text, &analysis, &corrections, &dictionary);
    check_invariants(&text, &first, "all at once");
    let (_, fresh) = sample();
    assert_eq!(apply(&text, &fresh, &corrections, &dictionary), first);
}

#[test]
fn corrections_survive_an_edit_before_them() {
    let (text, analysis) = sample();
    let (corrections, dictionary) = everything(&text);
    let before = apply(&text, &analysis, &corrections, &dictionary);

    let edited = format!("Updated with new reporting.\n{text}");
    let paragraphs: Vec<Span> = {
        let mut out = Vec::new();
        let mut start = 0;
        for line in edited.split_inclusive('\n') {
            let end = start + line.trim_end().len();
            if end > start {
                out.push(Span::new(start, end));
            }
            start += line.len();
        }
        out
    };
    let index = CharIndex::new(&edited);
    let moved: Vec<Correction> = corrections
        .iter()
        .map(|c| match c {
            Correction::Split { mention, kind } => Correction::Split {
                mention: anchor::reanchor_passage(&edited, &index, mention).expect("found"),
                kind: *kind,
            },
            Correction::Tag { passage, kind } => Correction::Tag {
                passage: anchor::reanchor_passage(&edited, &index, passage).expect("found"),
                kind: *kind,
            },
            other => other.clone(),
        })
        .collect();
    let reanalysed = analyze(&edited, &paragraphs, &mut |_| {});
    let after = apply(&edited, &reanalysed, &moved, &dictionary);
    check_invariants(&edited, &after, "after the edit");
    assert_eq!(cast(&after), cast(&before));
}
