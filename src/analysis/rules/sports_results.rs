//! "Holt United 2 Carrow 1", "Marlow beat Dunmore 3-0", "Carrow 10 6 2 2
//! 19 9 20": where a result or a league table names a team by its town,
//! the name is the club, an organisation, not the town. Only names the
//! model read as places, and towns the gazetteer knows (untagged or read as
//! people), change, and never a country or a region, whose teams are read
//! as the place they stand for; other people (a tennis score) stay people.

use super::common::*;

/// The verbs of a result (`assets/data/result_verbs.txt`).
static RESULT_VERBS: WordList =
    WordList::new(include_str!("../../../assets/data/result_verbs.txt"));

/// The most words a team's name has.
const MAX_WORDS: usize = 4;

/// The highest number read as a game's score.
const MAX_SCORE: u32 = 30;

/// How many numbers in a row after a name make a league table's row.
const TABLE_NUMBERS: usize = 5;

/// Finds the teams of results and tables, and makes them organisations.
pub(super) fn run(ctx: &DocContext<'_>, out: &mut Vec<RawMention>) {
    let mut teams: Vec<(usize, usize, &'static str)> = Vec::new();
    let n = ctx.tokens.len();
    for k in 0..n {
        let t = &ctx.tokens[k];
        match t.kind() {
            // "Holt United 2 Carrow 1" and a table's row.
            TokenKind::Number if k > 0 && team_word(ctx, k - 1) && small_score(ctx, k) => {
                let Some(a) = name_before(ctx, k) else {
                    continue;
                };
                // Counted to the most the tests need, each number against
                // the one before it: linear however long the line.
                let numbers = (k..n)
                    .take_while(|&j| {
                        ctx.tokens[j].kind() == TokenKind::Number
                            && (j == k || same_line(ctx, j - 1, j))
                    })
                    .take(TABLE_NUMBERS)
                    .count();
                if numbers >= TABLE_NUMBERS && line_starts_at(ctx, a) {
                    teams.push((a, k, "league table"));
                    continue;
                }
                let mut b = k + 1;
                if ctx.tokens.get(b).is_some_and(|t| {
                    t.kind() == TokenKind::Punct && matches!(ctx.word(b), "," | ";")
                }) {
                    b += 1;
                }
                let Some(end) = name_from(ctx, b) else {
                    continue;
                };
                if end < n
                    && ctx.tokens[end].kind() == TokenKind::Number
                    && small_score(ctx, end)
                    && numbers == 1
                {
                    teams.push((a, k, "score"));
                    teams.push((b, end, "score"));
                }
            }
            // "Marlow beat Dunmore 3-0", "Marlow drew 1-1 with Dunmore".
            TokenKind::Word if !t.capitalised() && k > 0 && team_word(ctx, k - 1) => {
                let verb_end = match result_verb(ctx, k) {
                    Some(e) => Some(e),
                    None => score_verb(ctx, k),
                };
                let Some(verb_end) = verb_end else {
                    continue;
                };
                if verb_end > k + 1 && ctx.tokens[verb_end - 2].kind() == TokenKind::Number {
                    // The score stood between the verb and its preposition.
                    let (Some(a), Some(end)) = (name_before(ctx, k), name_from(ctx, verb_end))
                    else {
                        continue;
                    };
                    teams.push((a, k, "result"));
                    teams.push((verb_end, end, "result"));
                    continue;
                }
                let (Some(a), Some(end)) = (name_before(ctx, k), name_from(ctx, verb_end)) else {
                    continue;
                };
                if score_within(ctx, end, 3) {
                    teams.push((a, k, "result"));
                    teams.push((verb_end, end, "result"));
                }
            }
            _ => {}
        }
    }
    if teams.is_empty() {
        return;
    }
    let gaz = Gazetteer::get();
    // The names by first token (the names are not sorted at this stage).
    let mut by_first: Vec<usize> = (0..out.len()).collect();
    by_first.sort_by_key(|&i| out[i].first_token);
    let mut name = String::new();
    let mut added = Vec::new();
    for (first, end, what) in teams {
        join_words(ctx, first, end, &mut name);
        let class = gaz.place(&name);
        if matches!(
            class,
            Some(NameClass::Country | NameClass::Region | NameClass::Organization)
        ) {
            continue;
        }
        let reason = || Reason::by(RuleId::SportsResults, format!("team in a {what}: {name}"));
        // A name starts inside the team's words, or one before holds them.
        let at = by_first.partition_point(|&i| out[i].first_token < first);
        let inside = by_first[at..]
            .iter()
            .take_while(|&&i| out[i].first_token < end);
        let before = by_first[..at]
            .iter()
            .rev()
            .take(1)
            .filter(|&&i| out[i].end_token > first);
        let overlapping: Vec<usize> = before.chain(inside).copied().collect();
        match overlapping.as_slice() {
            &[i] if out[i].first_token == first && out[i].end_token == end => {
                let m = &mut out[i];
                // A town the model took for a person ("Bolton") is a team
                // too; a person the gazetteer does not know stays one.
                if m.kind == EntityKind::Place || (m.kind == EntityKind::Person && class.is_some())
                {
                    m.kind = EntityKind::Organization;
                    m.margin = m.margin.max(TEAM_MARGIN);
                    m.reason = reason();
                }
            }
            [] if class.is_some() => {
                let mut m = mention(ctx, first, end, EntityKind::Organization, TEAM_MARGIN);
                m.reason = reason();
                added.push(m);
            }
            _ => {}
        }
    }
    if !added.is_empty() {
        out.extend(added);
        out.sort_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end)));
        out.dedup_by(|b, a| a.span.overlaps(b.span));
    }
}

/// The margin a team's name gets, so that the document's vote on the
/// name's kind counts it as a sure reading.
const TEAM_MARGIN: f32 = 10.0;

/// True for a number that reads as a game's score: "2", or "2-1".
fn small_score(ctx: &DocContext<'_>, k: usize) -> bool {
    let w = ctx.word(k);
    let mut parts = w.splitn(2, '-');
    let small = |p: Option<&str>| {
        p.and_then(|p| p.parse::<u32>().ok())
            .is_some_and(|x| x <= MAX_SCORE)
    };
    match (parts.next(), parts.next()) {
        (a, None) => small(a),
        (a, b) => small(a) && small(b),
    }
}

/// True when a score ("2-1", "2 - 1") starts within `reach` tokens of `k`.
fn score_within(ctx: &DocContext<'_>, k: usize, reach: usize) -> bool {
    (k..(k + reach).min(ctx.tokens.len())).any(|j| {
        ctx.tokens[j].kind() == TokenKind::Number
            && small_score(ctx, j)
            && (ctx.word(j).contains('-')
                || (ctx.tokens.get(j + 1).is_some_and(|t| {
                    t.kind() == TokenKind::Punct && matches!(ctx.word(j + 1), "-" | "–")
                }) && ctx
                    .tokens
                    .get(j + 2)
                    .is_some_and(|t| t.kind() == TokenKind::Number)
                    && small_score(ctx, j + 2)))
    })
}

/// The verb of a result at `k` ("beat", "drew with"): one past its words.
fn result_verb(ctx: &DocContext<'_>, k: usize) -> Option<usize> {
    let w = ctx.word(k);
    if RESULT_VERBS.contains(w) {
        return Some(k + 1);
    }
    let next = ctx.tokens.get(k + 1)?;
    // Two-word forms end with "with" or "to" (checked first: this runs on
    // every lower-case word).
    if next.kind() != TokenKind::Word || !matches!(ctx.word(k + 1), "with" | "to") {
        return None;
    }
    let two = format!("{w} {}", ctx.word(k + 1));
    RESULT_VERBS.contains(two.as_str()).then_some(k + 2)
}

/// "drew 1-1 with", "won 2-0 at", "lost 3-1 to": a result's verb, its
/// score and a preposition from token `k`; one past the preposition.
fn score_verb(ctx: &DocContext<'_>, k: usize) -> Option<usize> {
    if !matches!(ctx.word(k), "drew" | "won" | "lost" | "tied") {
        return None;
    }
    let score = k + 1;
    let t = ctx.tokens.get(score)?;
    if t.kind() != TokenKind::Number || !ctx.word(score).contains('-') || !small_score(ctx, score) {
        return None;
    }
    let prep = score + 1;
    (ctx.tokens
        .get(prep)
        .is_some_and(|t| t.kind() == TokenKind::Word)
        && matches!(ctx.word(prep), "with" | "to" | "at" | "against"))
    .then_some(prep + 1)
}

/// A name right before token `k`: capitalised words of the same line, up
/// to [`MAX_WORDS`]; its first token.
fn name_before(ctx: &DocContext<'_>, k: usize) -> Option<usize> {
    let mut first = k;
    while first > 0
        && k - first < MAX_WORDS
        && team_word(ctx, first - 1)
        && same_line(ctx, first - 1, k)
        && !(first < k && ctx.tokens[first].sentence_start())
    {
        first -= 1;
    }
    (first < k).then_some(first)
}

/// A name starting at token `k`: one past its last word.
fn name_from(ctx: &DocContext<'_>, k: usize) -> Option<usize> {
    let mut end = k;
    while end < ctx.tokens.len()
        && end - k < MAX_WORDS
        && team_word(ctx, end)
        && same_line(ctx, k, end)
        && !(end > k && ctx.tokens[end].sentence_start())
    {
        end += 1;
    }
    (end > k).then_some(end)
}

/// A word that may be part of a team's name.
fn team_word(ctx: &DocContext<'_>, k: usize) -> bool {
    let t = &ctx.tokens[k];
    t.kind() == TokenKind::Word && t.capitalised() && !gazetteer::is_calendar(ctx.word(k))
}

/// True when tokens `a` and `b` (a before b) are on one line.
fn same_line(ctx: &DocContext<'_>, a: usize, b: usize) -> bool {
    let gap = ctx.tokens[a].span().start..ctx.tokens[b].span().start;
    !ctx.text.as_bytes()[gap].contains(&b'\n')
}

/// True when token `k` opens its line: a line break lies between it and
/// the token before (only the gap is read, so the cost is the gap's).
fn line_starts_at(ctx: &DocContext<'_>, k: usize) -> bool {
    k == 0 || !same_line(ctx, k - 1, k)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{check, check_silent};

    #[test]
    fn rows() {
        check(
            "Saturday's results:\nLeicester 1 Southampton 0\nNewcastle 3 Tottenham 2",
            "Leicester:organization, Newcastle:organization",
        );
        check(
            "Leeds beat Bolton 2-1 on Saturday and stay top.",
            "Leeds:organization",
        );
        check(
            "Holt drew 1-1 with Bolton, and Leeds lost 3-1 to Carrow.",
            "Bolton:organization, Leeds:organization",
        );
        check("Standings:\nLeeds 10 6 2 2 19 9 20", "Leeds:organization");
        // A country's team stays the country; people stay people.
        check_silent("Japan beat Syria 2-1 in the opening match.");
        check_silent("Mara Quist beat Hella Voss 6-3 in the final.");
        // Numbers after places that are no result.
        check_silent("The road from Leeds 2 miles north of Bolton was closed.");
    }
}
