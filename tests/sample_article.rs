//! Scores the tagger on the bundled sample article against its hand-made
//! gold annotations (`tests/data/kim_putin_train.gold.json`, offsets in
//! code points), with the lenient measure: a predicted mention matches a gold
//! one of the same kind that it overlaps, one to one.

use dramatis::analysis::analyze;
use dramatis::span::{CharIndex, Span};

const ARTICLE: &str = include_str!("../assets/sample_article.txt");
const GOLD: &str = include_str!("data/kim_putin_train.gold.json");

/// A mention as (kind, start, end) in code points.
type Item = (String, usize, usize);

fn gold_mentions() -> Vec<Item> {
    let gold: serde_json::Value = serde_json::from_str(GOLD).expect("gold parses");
    gold["entities"]
        .as_array()
        .expect("entities array")
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().expect("kind").to_string(),
                e["start"].as_u64().expect("start") as usize,
                e["end"].as_u64().expect("end") as usize,
            )
        })
        .collect()
}

fn predicted_mentions() -> Vec<Item> {
    let paragraphs: Vec<Span> = {
        let mut out = Vec::new();
        let mut start = 0;
        for line in ARTICLE.split_inclusive('\n') {
            let end = start + line.trim_end_matches('\n').len();
            if end > start {
                out.push(Span::new(start, end));
            }
            start += line.len();
        }
        out
    };
    let analysis = analyze(ARTICLE, &paragraphs, &mut |_| {});
    let index = CharIndex::new(ARTICLE);
    analysis
        .mentions
        .iter()
        .map(|m| {
            let (start, end) = index.chars_of_span(m.span);
            let kind = analysis.entities[m.entity].kind.json_name().to_string();
            (kind, start, end)
        })
        .collect()
}

/// Number of one-to-one lenient matches, pairing the largest overlaps first.
fn lenient_matches(gold: &[Item], pred: &[Item]) -> usize {
    let mut pairs = Vec::new();
    for (g, (gk, gs, ge)) in gold.iter().enumerate() {
        for (p, (pk, ps, pe)) in pred.iter().enumerate() {
            let overlap = (*ge).min(*pe).saturating_sub(*gs.max(ps));
            if gk == pk && overlap > 0 {
                pairs.push((overlap, g, p));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut used_gold = vec![false; gold.len()];
    let mut used_pred = vec![false; pred.len()];
    let mut matched = 0;
    for (_, g, p) in pairs {
        if !used_gold[g] && !used_pred[p] {
            used_gold[g] = true;
            used_pred[p] = true;
            matched += 1;
        }
    }
    matched
}

#[test]
fn sample_article_entities_reach_the_bar() {
    let gold = gold_mentions();
    let pred = predicted_mentions();
    assert_eq!(gold.len(), 65, "the gold file holds 65 mentions");
    let matched = lenient_matches(&gold, &pred) as f64;
    let precision = matched / pred.len().max(1) as f64;
    let recall = matched / gold.len() as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    println!("precision {precision:.3} recall {recall:.3} F1 {f1:.3}");
    assert!(f1 >= 0.95, "lenient micro F1 {f1:.3} is below 0.95");
}

#[test]
fn lenient_matcher_pairs_one_to_one() {
    let item = |k: &str, s, e| (k.to_string(), s, e);
    let cases: &[(&[Item], &[Item], usize)] = &[
        (&[item("place", 0, 6)], &[item("place", 2, 8)], 1),
        (&[item("place", 0, 6)], &[item("person", 0, 6)], 0),
        (
            &[item("place", 0, 4), item("place", 5, 9)],
            &[item("place", 0, 9)],
            1,
        ),
        (&[item("person", 0, 3)], &[item("person", 3, 6)], 0),
    ];
    for (gold, pred, want) in cases {
        assert_eq!(lenient_matches(gold, pred), *want, "{gold:?} vs {pred:?}");
    }
}
