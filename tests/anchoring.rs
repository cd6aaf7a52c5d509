//! Finding highlights again after the text changed: one row a kind of edit,
//! over the bundled sample article.

use dramatis::annotations::anchor::{self, Found, Reanchored};
use dramatis::annotations::{
    Annotations, HighlightColor, Passage, TextPositionSelector, TextQuoteSelector,
};
use dramatis::span::{CharIndex, Span};
use proptest::prelude::*;

const ARTICLE: &str = include_str!("../assets/sample_article.txt");

/// What a row expects: the passage found by `how`, covering `text` (compared
/// with whitespace runs as one space) at its `nth` literal occurrence when
/// it occurs literally; or the passage lost.
enum Expect {
    Placed {
        how: Found,
        text: &'static str,
        nth: usize,
    },
    Orphan,
}

struct Row {
    name: &'static str,
    /// The highlighted passage: its first occurrence in the article.
    passage: &'static str,
    edit: fn(&str) -> String,
    expect: Expect,
}

fn unchanged(text: &str) -> String {
    text.to_owned()
}

fn insert_before(text: &str) -> String {
    format!("Editor’s note: this article was updated with new reporting.\n{text}")
}

fn edit_inside(text: &str) -> String {
    text.replacen(
        "made the private train journey",
        "made the secret train journey",
        1,
    )
}

fn delete_passage(text: &str) -> String {
    text.replacen(
        "The pair are set to have bilateral talks, amid warnings from Washington that they should not trade weapons.\n",
        "",
        1,
    )
}

fn duplicate_paragraph(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains("dark green luxury"))
        .unwrap_or_default();
    format!("Updated.\n{text}\n{line}\n")
}

fn duplicate_paragraph_before(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.contains("dark green luxury"))
        .unwrap_or_default();
    format!(
        "{line}\n{}",
        text.replacen("Kremlin spokesman", "The Kremlin’s spokesman", 1)
    )
}

/// Wraps every line at 48 columns, as a plain-text e-mail would.
fn hard_wrap(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut width = 0;
        for (k, word) in line.split(' ').enumerate() {
            if k > 0 {
                if width + 1 + word.chars().count() > 48 {
                    out.push('\n');
                    width = 0;
                } else {
                    out.push(' ');
                    width += 1;
                }
            }
            out.push_str(word);
            width += word.chars().count();
        }
        out.push_str("\n\n");
    }
    out
}

fn edit_long_passage(text: &str) -> String {
    text.replacen("a rare trip outside", "an unusual journey outside", 1)
}

fn edit_non_ascii(text: &str) -> String {
    format!(
        "Résumé — 日本語の記事 🎉\n{}",
        text.replacen(
            "Russia’s Minister for natural",
            "Russia’s minister of natural",
            1
        )
    )
}

fn insert_non_ascii(text: &str) -> String {
    format!("« Prélude » — 北朝鮮 ✈\n{text}")
}

fn rows() -> Vec<Row> {
    vec![
        Row {
            name: "unchanged text keeps the position",
            passage: "arrived in Russia in an armoured train",
            edit: unchanged,
            expect: Expect::Placed {
                how: Found::Position,
                text: "arrived in Russia in an armoured train",
                nth: 0,
            },
        },
        Row {
            name: "text inserted before moves the passage",
            passage: "Kremlin spokesman Dmitry Peskov said",
            edit: insert_before,
            expect: Expect::Placed {
                how: Found::Exact,
                text: "Kremlin spokesman Dmitry Peskov said",
                nth: 0,
            },
        },
        Row {
            name: "a short name after an insertion follows its context",
            passage: "Putin",
            edit: insert_before,
            expect: Expect::Placed {
                how: Found::Exact,
                text: "Putin",
                nth: 0,
            },
        },
        Row {
            name: "a word changed inside is a fuzzy match",
            passage: "The North Korean dictator made the private train journey during the night",
            edit: edit_inside,
            expect: Expect::Placed {
                how: Found::Fuzzy,
                text: "The North Korean dictator made the secret train journey during the night",
                nth: 0,
            },
        },
        Row {
            name: "a deleted passage is an orphan",
            passage: "amid warnings from Washington that they should not trade weapons",
            edit: delete_passage,
            expect: Expect::Orphan,
        },
        Row {
            name: "a duplicated passage: the nearest copy wins",
            passage: "getting out of his dark green luxury 21-carriage train",
            edit: duplicate_paragraph,
            expect: Expect::Placed {
                how: Found::Exact,
                text: "getting out of his dark green luxury 21-carriage train",
                nth: 0,
            },
        },
        Row {
            name: "a copy inserted before: the nearest copy wins",
            passage: "getting out of his dark green luxury 21-carriage train",
            edit: duplicate_paragraph_before,
            expect: Expect::Placed {
                how: Found::Exact,
                text: "getting out of his dark green luxury 21-carriage train",
                nth: 1,
            },
        },
        Row {
            name: "one line hard-wrapped",
            passage: "Russian state media confirmed that Kim’s train had reached the Primorsky region of the country on Tuesday",
            edit: hard_wrap,
            expect: Expect::Placed {
                how: Found::Fuzzy,
                text: "Russian state media confirmed that Kim’s train had reached the Primorsky region of the country on Tuesday",
                nth: 0,
            },
        },
        Row {
            name: "a long passage over two paragraphs with words changed",
            passage: "Russian state media confirmed that Kim’s train had reached the Primorsky region of the country on Tuesday, with Kim expected to meet Putin in the Far East this week, according to Kremlin Spokesperson, Dmitry Peskov – with the meeting set to include a lunch in Kim’s honour.\nLast week, a report claimed that Kim and Putin would be meeting to discuss supplying weapons to support the war in Ukraine. The visit is a rare trip outside his own country",
            edit: edit_long_passage,
            expect: Expect::Placed {
                how: Found::Fuzzy,
                text: "Russian state media confirmed that Kim’s train had reached the Primorsky region of the country on Tuesday, with Kim expected to meet Putin in the Far East this week, according to Kremlin Spokesperson, Dmitry Peskov – with the meeting set to include a lunch in Kim’s honour.\nLast week, a report claimed that Kim and Putin would be meeting to discuss supplying weapons to support the war in Ukraine. The visit is an unusual journey outside his own country",
                nth: 0,
            },
        },
        Row {
            name: "a word changed in non-ASCII text",
            passage: "welcomed by Alexander Koslov, Russia’s Minister for natural resources",
            edit: edit_non_ascii,
            expect: Expect::Placed {
                how: Found::Fuzzy,
                text: "welcomed by Alexander Koslov, Russia’s minister of natural resources",
                nth: 0,
            },
        },
        Row {
            name: "non-ASCII text inserted before",
            passage: "Moscow’s war in Ukraine",
            edit: insert_non_ascii,
            expect: Expect::Placed {
                how: Found::Exact,
                text: "Moscow’s war in Ukraine",
                nth: 0,
            },
        },
    ]
}

fn normalized(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn check(original: &str, row: &Row) {
    let start = original
        .find(row.passage)
        .unwrap_or_else(|| panic!("{}: passage not in the article", row.name));
    let span = Span::new(start, start + row.passage.len());
    let (quote, position) = anchor::selectors(original, span);
    let changed = (row.edit)(original);
    let index = CharIndex::new(&changed);
    let found = anchor::find(&changed, &index, &quote, position);
    match (&row.expect, found) {
        (Expect::Orphan, None) => {}
        (Expect::Orphan, Some((span, how))) => panic!(
            "{}: expected an orphan, found {how:?} {:?}",
            row.name,
            span.text(&changed)
        ),
        (Expect::Placed { .. }, None) => panic!("{}: not found", row.name),
        (Expect::Placed { how, text, nth }, Some((span, found_how))) => {
            assert!(
                changed.is_char_boundary(span.start) && changed.is_char_boundary(span.end),
                "{}: span off char boundaries",
                row.name
            );
            assert_eq!(found_how, *how, "{}: how it was found", row.name);
            assert_eq!(
                normalized(span.text(&changed)),
                normalized(text),
                "{}: found text",
                row.name
            );
            if let Some((at, _)) = changed.match_indices(text).nth(*nth) {
                assert_eq!(
                    span,
                    Span::new(at, at + text.len()),
                    "{}: which copy",
                    row.name
                );
            }
        }
    }
}

#[test]
fn passages_are_found_again_after_each_kind_of_edit() {
    for row in rows() {
        check(ARTICLE, &row);
    }
}

#[test]
fn a_hard_wrapped_passage_is_found_on_one_line() {
    let wrapped = hard_wrap(ARTICLE);
    let passage = "Russian state media confirmed that Kim’s train had reached the Primorsky region";
    let start = wrapped
        .find("Russian state media")
        .expect("in the wrapped text");
    let mut end = start;
    let mut words = 0;
    while words < passage.split(' ').count() {
        let rest = &wrapped[end..];
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        end += word_end;
        words += 1;
        if words < passage.split(' ').count() {
            end += 1;
        }
    }
    let span = Span::new(start, end);
    assert_eq!(normalized(span.text(&wrapped)), passage);
    assert!(
        span.text(&wrapped).contains('\n'),
        "the passage spans a line break"
    );
    let (quote, position) = anchor::selectors(&wrapped, span);
    let index = CharIndex::new(ARTICLE);
    let (found, how) = anchor::find(ARTICLE, &index, &quote, position).expect("found");
    assert_eq!(how, Found::Fuzzy);
    assert_eq!(found.text(ARTICLE), passage);
}

#[test]
fn reanchor_refreshes_selectors_and_keeps_the_readers_work() {
    let t0 = jiff::Timestamp::from_second(1_700_000_000).expect("valid time");
    let mut notes = Annotations::new(ARTICLE, None, "Sample");
    let mut ids = Vec::new();
    for (passage, color) in [
        (
            "arrived in Russia in an armoured train",
            HighlightColor::Yellow,
        ),
        (
            "made the private train journey during the night",
            HighlightColor::Green,
        ),
        (
            "amid warnings from Washington that they should not trade weapons",
            HighlightColor::Blue,
        ),
        ("Kremlin spokesman Dmitry Peskov", HighlightColor::Pink),
    ] {
        let at = ARTICLE.find(passage).expect("in the article");
        let id = notes
            .add_highlight(ARTICLE, Span::new(at, at + passage.len()), color, t0)
            .expect("a highlight");
        ids.push(id);
    }
    let note_id = ids[3];
    if let Some(h) = notes.highlight_mut(note_id) {
        h.note = "Peskov speaks for the Kremlin.\nSee also the lunch.".to_owned();
        h.tags = vec!["kremlin".to_owned()];
    }
    // Edit after the first highlight, inside the second, and delete the third.
    let changed = delete_passage(&edit_inside(ARTICLE));
    let (placed, orphans, counts) = anchor::reanchor(&changed, notes.highlights.clone());
    assert_eq!(
        counts,
        Reanchored {
            kept: 1,
            moved: 1,
            fuzzy: 1,
            orphaned: 1
        }
    );
    assert_eq!(orphans.len(), 1);
    assert_eq!(orphans[0].id, ids[2]);
    assert!(
        placed.windows(2).all(|w| w[0].span <= w[1].span),
        "sorted by span"
    );
    let index = CharIndex::new(&changed);
    for h in &placed {
        assert_eq!(h.quote.exact, h.span.text(&changed), "exact refreshed");
        assert_eq!(
            index.chars_of_span(h.span),
            (h.position.start, h.position.end)
        );
        assert_eq!(h.modified, t0, "re-anchoring is not an edit");
    }
    let peskov = placed.iter().find(|h| h.id == note_id).expect("placed");
    assert_eq!(peskov.color, HighlightColor::Pink);
    assert_eq!(peskov.tags, ["kremlin"]);
    assert!(peskov.note.contains("lunch"));
    assert_eq!(peskov.quote.exact, "Kremlin spokesman Dmitry Peskov");
}

#[test]
fn reanchor_follows_hundreds_of_highlights_in_a_long_text() {
    let book: String = (0..30)
        .map(|k| format!("Chapter {k}\n{ARTICLE}\n"))
        .collect();
    let mut highlights = Vec::new();
    let mut notes = Annotations::new(&book, None, "Long");
    let t0 = jiff::Timestamp::from_second(1_700_000_000).expect("valid time");
    for (at, name) in book.match_indices("Kim") {
        let span = Span::new(at, at + name.len() + 20);
        if let Some(span) = anchor::trim(&book, span)
            && book.is_char_boundary(span.end)
        {
            notes.add_highlight(&book, span, HighlightColor::Yellow, t0);
        }
    }
    highlights.extend(notes.highlights.iter().cloned());
    assert!(highlights.len() > 300);
    let changed = format!("A new preface, with a few lines.\n\n{book}");
    let (placed, orphans, counts) = anchor::reanchor(&changed, highlights.clone());
    assert!(orphans.is_empty());
    assert_eq!(counts.moved, highlights.len());
    for (before, after) in highlights.iter().zip(&placed) {
        assert_eq!(before.id, after.id, "order kept");
        assert_eq!(after.span.start, before.span.start + 34);
    }
}

#[test]
fn reanchor_passage_moves_a_corrections_passage() {
    let at = ARTICLE.find("Sergei Shoigu").expect("in the article");
    let span = Span::new(at, at + "Sergei Shoigu".len());
    let (quote, position) = anchor::selectors(ARTICLE, span);
    let passage = Passage {
        span,
        quote,
        position,
    };
    let changed = insert_non_ascii(ARTICLE);
    let index = CharIndex::new(&changed);
    let moved = anchor::reanchor_passage(&changed, &index, &passage).expect("found");
    assert_eq!(moved.span.text(&changed), "Sergei Shoigu");
    assert_eq!(moved.quote.exact, "Sergei Shoigu");
    let gone = changed.replace("Sergei Shoigu", "the minister");
    let index = CharIndex::new(&gone);
    assert_eq!(anchor::reanchor_passage(&gone, &index, &passage), None);
}

#[test]
fn find_never_panics_and_stays_on_char_boundaries() {
    let texts = [
        insert_non_ascii(ARTICLE),
        edit_non_ascii(ARTICLE),
        hard_wrap(ARTICLE),
        String::new(),
        "🎉".repeat(50),
    ];
    let boundaries: Vec<usize> = ARTICLE.char_indices().map(|(b, _)| b).step_by(97).collect();
    for pair in boundaries.windows(2) {
        let (quote, position) = anchor::selectors(ARTICLE, Span::new(pair[0], pair[1]));
        for text in &texts {
            let index = CharIndex::new(text);
            if let Some((span, _)) = anchor::find(text, &index, &quote, position) {
                assert!(span.start <= span.end && span.end <= text.len());
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
            }
        }
    }
}

/// Short words of few letters, one of them two bytes long: quotes that
/// overlap themselves and their contexts, found more than once.
fn letters(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(prop::sample::select(vec!['a', 'b', 'é']), len)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    /// Many quotes with no position are found in one pass over the text;
    /// each must be found where a search for it alone finds it.
    #[test]
    fn quotes_with_no_position_are_found_where_each_alone_is(
        text in letters(0..120),
        quotes in proptest::collection::vec((letters(1..5), letters(0..3), letters(0..3)), 16..40),
    ) {
        let t0 = jiff::Timestamp::from_second(1_700_000_000).expect("valid time");
        let mut notes = Annotations::new("ab", None, "Quotes");
        for _ in &quotes {
            notes.add_highlight("ab", Span::new(0, 2), HighlightColor::Yellow, t0);
        }
        let mut highlights = notes.highlights.clone();
        for (h, (exact, prefix, suffix)) in highlights.iter_mut().zip(&quotes) {
            h.quote = TextQuoteSelector {
                exact: exact.clone(),
                prefix: prefix.clone(),
                suffix: suffix.clone(),
            };
            h.position = TextPositionSelector::default();
        }
        let index = CharIndex::new(&text);
        let (placed, orphans, _) = anchor::reanchor(&text, highlights.clone());
        for h in &highlights {
            let alone = anchor::find(&text, &index, &h.quote, h.position).map(|(span, _)| span);
            let together = placed.iter().find(|p| p.id == h.id).map(|p| p.span);
            prop_assert_eq!(together, alone, "{:?} in {:?}", &h.quote, &text);
            prop_assert_eq!(together.is_none(), orphans.iter().any(|o| o.id == h.id));
        }
    }
}
