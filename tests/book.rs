//! The book view's figures: who speaks with whom, and where the main
//! characters sit in the graph.

#[path = "support/cast.rs"]
mod cast;

use cast::analysis_of;
use dramatis::analysis::book::BookFigures;
use dramatis::span::Span;

fn paragraphs(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    for part in text.split("\n\n") {
        spans.push(Span::new(start, start + part.len()));
        start += part.len() + 2;
    }
    spans
}

/// `(name, name, exchanges, together)` for every link in `text`, each
/// name also named once more on its own at the end (a main character
/// is named twice).
fn links_of(text: &str, names: &[&str]) -> Vec<(String, String, usize, usize)> {
    let mut text = text.to_owned();
    for name in names {
        text.push_str(&format!("\n\n{name}."));
    }
    let text = text.as_str();
    let analysis = analysis_of(text, names);
    let figures = BookFigures::new(&analysis, &paragraphs(text));
    let name = |k: usize| analysis.entities[figures.characters[k].entity].name.clone();
    figures
        .links
        .iter()
        .map(|l| {
            let (x, y) = (name(l.a), name(l.b));
            let (x, y) = if x < y { (x, y) } else { (y, x) };
            (x, y, l.exchanges, l.together)
        })
        .collect()
}

#[test]
fn links_table() {
    let row = |a: &str, b: &str, e, t| (a.to_owned(), b.to_owned(), e, t);
    let cases = [
        // A reply is an exchange; the attributions name both in no
        // shared paragraph.
        (
            "“Tea?” Ada asked.\n\n“Please,” Bo said.",
            vec![row("Ada", "Bo", 1, 0)],
        ),
        // Two lines by the same speaker are no exchange.
        (
            "“Tea?” Ada asked.\n\n“Now?” Ada said.\n\nBo waited.",
            vec![],
        ),
        // A paragraph naming both is a scene together.
        (
            "Ada saw Bo. Ada waved.\n\nBo and Cy left.",
            vec![row("Ada", "Bo", 0, 1), row("Bo", "Cy", 0, 1)],
        ),
    ];
    for (text, expected) in cases {
        let mut got = links_of(text, &["Ada", "Bo", "Cy"]);
        got.sort();
        assert_eq!(got, expected, "{text:?}");
    }
}

#[test]
fn a_reply_far_away_is_no_exchange() {
    let filler = "The rain went on. ".repeat(60);
    let text = format!("“Tea?” Ada asked.\n\n{filler}\n\n“Please,” Bo said.");
    assert_eq!(links_of(&text, &["Ada", "Bo"]), vec![]);
}

#[test]
fn the_layout_is_a_circle_from_the_top_most_mentioned_first() {
    let text = "Ada Ada Ada Bo Bo Cy Cy Cy Cy Dee";
    let analysis = analysis_of(text, &["Ada", "Bo", "Cy", "Dee"]);
    let figures = BookFigures::new(&analysis, &paragraphs(text));
    // Dee, named once, is not a main character.
    let names: Vec<&str> = figures
        .characters
        .iter()
        .map(|c| analysis.entities[c.entity].name.as_str())
        .collect();
    assert_eq!(names, ["Cy", "Ada", "Bo"]);
    let top = figures.characters[0].position;
    assert!(
        top[0].abs() < 1e-6 && (top[1] + 1.0).abs() < 1e-6,
        "{top:?}"
    );
    assert_eq!(figures, BookFigures::new(&analysis, &paragraphs(text)));
}
