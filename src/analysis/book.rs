//! The figures of a book's cast, computed once per analysis for the book
//! view: the main characters with where each is mentioned, and who speaks
//! with whom.
//!
//! Two characters are linked by **exchanges**, two quotations in a row by
//! the two of them with at most [`EXCHANGE_GAP_BYTES`] between them (a
//! reply), and by **scenes together**, paragraphs that name both. The
//! layout places the characters on a circle, the most mentioned at the top
//! and the others clockwise by mentions: the same analysis always gives the
//! same picture, and computing it costs a walk over the mentions, quotations
//! and paragraphs.

use std::collections::HashMap;

use crate::span::Span;

use super::{Analysis, EntityId, EntityKind, Speaker};

/// How many characters the book view shows at most.
pub const MAIN_CHARACTERS: usize = 16;

/// Fewest mentions for a character to be among the main ones.
const MIN_MENTIONS: usize = 2;

/// Most bytes between two quotations for the second to answer the first:
/// about three short paragraphs.
pub const EXCHANGE_GAP_BYTES: usize = 600;

/// One of the main characters.
#[derive(Clone, Debug, PartialEq)]
pub struct Character {
    /// The entity.
    pub entity: EntityId,
    /// Its mentions' spans, sorted.
    pub mentions: Vec<Span>,
    /// How many quotations are attributed to it.
    pub quotes: usize,
    /// Its place in the graph, in a square from -1 to 1 on both axes (y
    /// down).
    pub position: [f32; 2],
}

/// A link between two main characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    /// Index of one character in [`BookFigures::characters`].
    pub a: usize,
    /// Index of the other (greater than `a`).
    pub b: usize,
    /// Quotations of one answered by the other.
    pub exchanges: usize,
    /// Paragraphs naming both.
    pub together: usize,
}

impl Link {
    /// How strong the link is drawn: an exchange counts for two
    /// paragraphs together.
    pub fn weight(&self) -> usize {
        2 * self.exchanges + self.together
    }
}

/// The cast of a book, ready to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BookFigures {
    /// The main characters, most mentioned first.
    pub characters: Vec<Character>,
    /// The links between them, sorted by `(a, b)`; pairs never linked are
    /// left out.
    pub links: Vec<Link>,
}

impl BookFigures {
    /// The figures of `analysis` over a text whose paragraphs are
    /// `paragraphs` (sorted spans).
    pub fn new(analysis: &Analysis, paragraphs: &[Span]) -> Self {
        let mut people: Vec<_> = analysis
            .entities
            .iter()
            .filter(|e| e.kind == EntityKind::Person && e.mentions.len() >= MIN_MENTIONS)
            .collect();
        people.sort_by(|a, b| {
            b.mentions
                .len()
                .cmp(&a.mentions.len())
                .then_with(|| a.id.cmp(&b.id))
        });
        people.truncate(MAIN_CHARACTERS);
        let index: HashMap<EntityId, usize> =
            people.iter().enumerate().map(|(k, e)| (e.id, k)).collect();
        let n = people.len();
        let mut characters: Vec<Character> = people
            .iter()
            .enumerate()
            .map(|(k, e)| {
                // Clockwise from the top.
                let angle = std::f32::consts::TAU * k as f32 / n.max(1) as f32;
                let position = if n == 1 {
                    [0.0, 0.0]
                } else {
                    [angle.sin(), -angle.cos()]
                };
                Character {
                    entity: e.id,
                    mentions: analysis.mention_spans(e.id).collect(),
                    quotes: 0,
                    position,
                }
            })
            .collect();

        let mut links: HashMap<(usize, usize), Link> = HashMap::new();
        // Exchanges: a quotation answered by another speaker nearby.
        let mut previous: Option<(usize, Span)> = None;
        for quote in &analysis.quotes {
            let speaker = match quote.speaker {
                Speaker::Entity(id) => index.get(&id).copied(),
                _ => None,
            };
            let Some(speaker) = speaker else {
                previous = None;
                continue;
            };
            characters[speaker].quotes += 1;
            if let Some((last, span)) = previous
                && last != speaker
                && quote.span.start.saturating_sub(span.end) <= EXCHANGE_GAP_BYTES
            {
                link(&mut links, last, speaker).exchanges += 1;
            }
            previous = Some((speaker, quote.span));
        }
        // Scenes together: paragraphs naming both.
        let mut k = 0;
        let mentions = &analysis.mentions;
        let mut present: Vec<usize> = Vec::new();
        for paragraph in paragraphs {
            present.clear();
            while k < mentions.len() && mentions[k].span.start < paragraph.start {
                k += 1;
            }
            while k < mentions.len() && mentions[k].span.end <= paragraph.end {
                if let Some(&c) = index.get(&mentions[k].entity)
                    && !present.contains(&c)
                {
                    present.push(c);
                }
                k += 1;
            }
            for (i, &x) in present.iter().enumerate() {
                for &y in &present[i + 1..] {
                    link(&mut links, x, y).together += 1;
                }
            }
        }
        let mut links: Vec<Link> = links.into_values().collect();
        links.sort_by_key(|l| (l.a, l.b));
        Self { characters, links }
    }
}

/// The link between characters `x` and `y` (in either order), made on
/// first use.
fn link(links: &mut HashMap<(usize, usize), Link>, x: usize, y: usize) -> &mut Link {
    let (a, b) = (x.min(y), x.max(y));
    links.entry((a, b)).or_insert(Link {
        a,
        b,
        exchanges: 0,
        together: 0,
    })
}
