//! How person mentions are grouped into entities and what the entity is
//! called. Invented sentences with invented people.

use dramatis::analysis::{Analysis, analyze};
use dramatis::span::Span;

fn run(text: &str) -> Analysis {
    analyze(text, &[Span::new(0, text.len())], &mut |_| {})
}

/// The display name of the entity of the `nth` mention written `word`.
#[track_caller]
fn name_of(a: &Analysis, text: &str, word: &str, nth: usize) -> String {
    let m = a
        .mentions
        .iter()
        .filter(|m| m.span.text(text) == word)
        .nth(nth)
        .unwrap_or_else(|| panic!("no mention {nth} of {word:?} in {text:?}"));
    a.entities[m.entity].name.clone()
}

#[test]
fn titles_of_one_family_stay_apart_and_name_them() {
    let text = "Mr. Dallow and Mrs. Dallow came to dinner at the house. \
                Mr. Dallow sat down by the fire. Mrs. Dallow smiled at the guests. \
                Dallow said nothing.";
    let a = run(text);
    assert_eq!(name_of(&a, text, "Dallow", 0), "Mr. Dallow");
    assert_eq!(name_of(&a, text, "Dallow", 1), "Mrs. Dallow");
    assert_eq!(name_of(&a, text, "Dallow", 2), "Mr. Dallow");
    assert_eq!(name_of(&a, text, "Dallow", 3), "Mrs. Dallow");
    // An untitled use goes with the nearest titled one before it.
    assert_eq!(name_of(&a, text, "Dallow", 4), "Mrs. Dallow");
}

#[test]
fn a_lone_title_is_no_part_of_the_name() {
    let text = "Mrs. Pellow opened the door of the shop. Later Mrs. Pellow smiled.";
    let a = run(text);
    assert_eq!(name_of(&a, text, "Pellow", 0), "Pellow");
    assert_eq!(name_of(&a, text, "Pellow", 1), "Pellow");
}

#[test]
fn a_given_name_joins_its_full_name_when_unambiguous() {
    let text = "Edwin Marlow came home late in the evening. Edwin sat down by the fire.";
    let a = run(text);
    assert_eq!(name_of(&a, text, "Edwin", 0), "Edwin Marlow");

    let text = "Harold Quince met Harold Vetch at the station. Later Harold laughed.";
    let a = run(text);
    assert_eq!(name_of(&a, text, "Harold", 0), "Harold");
}

#[test]
fn a_short_form_joins_the_one_full_name() {
    let text =
        "Thomas Fenwick walked into the garden with his sister. Then Tom laughed at the dog.";
    let a = run(text);
    assert_eq!(name_of(&a, text, "Tom", 0), "Thomas Fenwick");

    // "Kate" could be either.
    let text = "Catherine Dorley and Katherine Pask walked into the garden. Kate laughed.";
    let a = run(text);
    assert_eq!(name_of(&a, text, "Kate", 0), "Kate");
}

#[test]
fn a_title_joins_a_full_name_of_its_gender() {
    let text = "John Harrow and Mary Harrow lived by the river. Mrs. Harrow baked bread.";
    let a = run(text);
    assert_eq!(name_of(&a, text, "Harrow", 0), "Mary Harrow");
}

/// `n` sentences of narration about `who`, varied so the tagger reads each.
fn narration(who: &str, n: usize) -> String {
    const DOINGS: [&str; 6] = [
        "walked down to the river",
        "wrote a long letter home",
        "looked out at the rain",
        "laughed at the old dog",
        "rode out before dawn",
        "sat by the fire until late",
    ];
    (0..n)
        .map(|i| format!("{who} {}. ", DOINGS[i % DOINGS.len()]))
        .collect()
}

#[test]
fn a_shared_given_name_goes_with_the_one_named_far_more_often() {
    // Harold Quince is the hero; Harold Vetch passes through once.
    let text = format!(
        "Harold Quince came home. {}Harold Vetch called once. {}Harold smiled.",
        narration("Quince", 12),
        narration("Quince", 3),
    );
    let a = run(&text);
    assert_eq!(name_of(&a, &text, "Harold", 0), "Harold Quince");
}

#[test]
fn a_shared_given_name_goes_with_the_full_name_of_its_title() {
    // "Princess Ilse" is the princess written once in full, not Ilse Brandt.
    let text = format!(
        "Princess Ilse Varga arrived. Ilse Brandt met her. Ilse Brandt bowed. {}",
        narration("Princess Ilse", 6),
    );
    let a = run(&text);
    assert_eq!(name_of(&a, &text, "Ilse", 2), "Ilse Varga");
}

#[test]
fn a_surname_far_from_a_passing_full_name_means_the_main_bearer() {
    // Oskar Lindqvist is written once, in passing; the surname alone, pages
    // later, is still the hero's.
    let text = format!(
        "Greta Lindqvist took the ferry. {}Greta Lindqvist slept. The choir sang a hymn by Oskar Lindqvist. {}{}",
        narration("Lindqvist", 20),
        narration("Harold Quince", 200),
        narration("Lindqvist", 2),
    );
    let a = run(&text);
    let last = a
        .mentions
        .iter()
        .rev()
        .find(|m| m.span.text(&text) == "Lindqvist")
        .expect("a last Lindqvist");
    assert_eq!(a.entities[last.entity].name, "Greta Lindqvist");
}

#[test]
fn a_given_name_means_whose_given_name_it_is_before_a_nearer_name_holding_it() {
    // Anselm Varo is the hero; "Warden Anselm Kettering", read once as one
    // name with "Anselm" not first, is nearer. "Anselm" is still the hero.
    let text = format!(
        "Anselm Varo came home. {}The seal read Warden Anselm Kettering. Anselm smiled.",
        narration("Anselm Varo", 4),
    );
    let a = run(&text);
    let last = a
        .mentions
        .iter()
        .rev()
        .find(|m| m.span.text(&text) == "Anselm")
        .expect("a lone Anselm");
    assert_eq!(a.entities[last.entity].name, "Anselm Varo", "{text}");
}
