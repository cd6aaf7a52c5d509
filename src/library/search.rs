//! Full-text search over the library: the reader's query turned into an
//! FTS5 query, and each match placed in its document by character offsets.

use std::path::PathBuf;

use rusqlite::params;

use super::{Library, LibraryError};
use crate::span::Span;

/// Marks the start of a match in FTS5's `highlight()` output: a
/// private-use character, which a document's text almost never holds (and
/// when it does, the walk in [`marked_spans`] keeps the offsets right but
/// for a match next to one).
pub(super) const OPEN: char = '\u{E000}';

/// Marks the end of a match.
pub(super) const CLOSE: char = '\u{E001}';

/// Characters of context kept on each side of a match in [`Hit::snippet`].
const CONTEXT_CHARS: usize = 60;

/// One place a query matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The document's file.
    pub path: PathBuf,
    /// The document's title.
    pub title: String,
    /// The match's first character in the document's text.
    pub start_char: usize,
    /// One past its last character.
    pub end_char: usize,
    /// The match's byte span in the document's text.
    pub span: Span,
    /// The text matched, as written.
    pub text: String,
    /// The match with some words either side, on one line, with `…` where
    /// the context was cut.
    pub snippet: String,
    /// Where the match is in [`Hit::snippet`], in bytes.
    pub snippet_mark: std::ops::Range<usize>,
}

/// A search that could not be run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query holds no words.
    #[error("the search is empty; give a word, \"a phrase\" or a prefix* to search for")]
    Empty,
    /// A phrase's quotation mark is not closed.
    #[error("the quotation mark that starts a phrase is not closed in the search {0:?}")]
    UnclosedQuote(String),
    /// FTS5 could not read the query (an operator without its terms).
    #[error(
        "the search {query:?} could not be understood ({message}); search for words, \"a phrase\" or a prefix*, joined by AND, OR or NOT"
    )]
    Syntax {
        /// The query as given.
        query: String,
        /// SQLite's message.
        message: String,
    },
    /// The database failed.
    #[error(transparent)]
    Library(#[from] LibraryError),
}

impl Library {
    /// The matches of `query` in the library's text, the best-ranked chunks
    /// first (BM25) and the matches in a chunk in order, at most `limit` of
    /// them.
    ///
    /// A query is words (all must be present), `"phrases"` and `prefixes*`,
    /// which `AND`, `OR` and `NOT` may join; letters match without regard
    /// to case or accents. Everything else is taken as words, so a query
    /// with punctuation (`Jong-un`) is not an error.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        let fts = fts_query(query)?;
        // FTS5 ranks and limits by itself when the query is on its table
        // alone and ordered by `rank` with a LIMIT, and then highlights
        // only the rows it returns; a join or another order would highlight
        // every matching chunk first. Every returned chunk has at least one
        // match, so `limit` chunks are enough.
        let mut best = self
            .conn
            .prepare_cached(
                "SELECT rowid, text, highlight(chunks, 0, ?2, ?3) FROM chunks
                 WHERE chunks MATCH ?1 ORDER BY rank LIMIT ?4",
            )
            .map_err(|e| self.db_error(e))?;
        let mut place = self
            .conn
            .prepare_cached(
                "SELECT d.path, d.title, o.start_byte, o.start_char
                 FROM chunk_offsets o JOIN documents d ON d.id = o.document_id
                 WHERE o.rowid = ?1",
            )
            .map_err(|e| self.db_error(e))?;
        let syntax = |error: rusqlite::Error| match &error {
            rusqlite::Error::SqliteFailure(_, Some(message))
                if message.starts_with("fts5:")
                    || message.contains("syntax error")
                    || message.starts_with("unknown special query") =>
            {
                SearchError::Syntax {
                    query: query.to_owned(),
                    message: message.clone(),
                }
            }
            _ => SearchError::Library(self.db_error(error)),
        };
        let chunk_limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut rows = best
            .query(params![
                fts,
                OPEN.to_string(),
                CLOSE.to_string(),
                chunk_limit
            ])
            .map_err(syntax)?;
        let mut hits = Vec::new();
        while hits.len() < limit {
            let Some(row) = rows.next().map_err(syntax)? else {
                break;
            };
            let get = |error| SearchError::Library(self.db_error(error));
            let rowid: i64 = row.get(0).map_err(get)?;
            let text: String = row.get(1).map_err(get)?;
            let marked: String = row.get(2).map_err(get)?;
            let (path, title, start_byte, start_char) = place
                .query_row([rowid], |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        super::unsigned::<usize>(row, 2)?,
                        super::unsigned::<usize>(row, 3)?,
                    ))
                })
                .map_err(get)?;
            for span in marked_spans(&text, &marked) {
                if hits.len() == limit {
                    break;
                }
                let chars_before = text[..span.start].chars().count();
                let matched = span.text(&text);
                let (snippet, snippet_mark) = snippet_marked(&text, span);
                hits.push(Hit {
                    path: PathBuf::from(&path),
                    title: title.clone(),
                    start_char: start_char + chars_before,
                    end_char: start_char + chars_before + matched.chars().count(),
                    span: Span::new(start_byte + span.start, start_byte + span.end),
                    text: matched.to_owned(),
                    snippet,
                    snippet_mark,
                });
            }
        }
        Ok(hits)
    }
}

/// Turns the reader's query into FTS5's syntax: every word and phrase
/// quoted (so punctuation in it is no operator), `*` after a word or
/// phrase kept as a prefix search, and `AND`, `OR`, `NOT` and parentheses
/// kept as operators.
pub fn fts_query(query: &str) -> Result<String, SearchError> {
    let mut terms: Vec<String> = Vec::new();
    let mut chars = query.chars().peekable();
    let mut has_term = false;
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '(' || c == ')' {
            chars.next();
            terms.push(c.to_string());
            continue;
        }
        let mut term = String::new();
        if c == '"' {
            chars.next();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                term.push(c);
            }
            if !closed {
                return Err(SearchError::UnclosedQuote(query.to_owned()));
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' || c == '(' || c == ')' || c == '*' {
                    break;
                }
                term.push(c);
                chars.next();
            }
            if matches!(term.as_str(), "AND" | "OR" | "NOT") {
                terms.push(term);
                continue;
            }
        }
        let mut prefix = false;
        while chars.peek() == Some(&'*') {
            chars.next();
            prefix = true;
        }
        if term.chars().any(char::is_alphanumeric) {
            has_term = true;
        }
        let quoted = format!("\"{}\"", term.replace('"', "\"\""));
        terms.push(if prefix { format!("{quoted}*") } else { quoted });
    }
    if !has_term {
        return Err(SearchError::Empty);
    }
    Ok(terms.join(" "))
}

/// The byte spans in `original` that `marked` (the same text with
/// [`OPEN`] and [`CLOSE`] around the matches) marks.
fn marked_spans(original: &str, marked: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut at = 0;
    let mut open: Option<usize> = None;
    for c in marked.chars() {
        let next = original.get(at..).and_then(|rest| rest.chars().next());
        if c == OPEN && next != Some(OPEN) {
            open = Some(at);
        } else if c == CLOSE && next != Some(CLOSE) {
            if let Some(start) = open.take() {
                spans.push(Span::new(start, at));
            }
        } else {
            at += c.len_utf8();
        }
    }
    // Only spans that lie in the text, on its char boundaries.
    spans.retain(|s| original.get(s.start..s.end).is_some());
    spans
}

/// The match at `span` in `text` with up to [`CONTEXT_CHARS`] characters
/// either side, cut at a space, on one line.
pub(super) fn snippet(text: &str, span: Span) -> String {
    snippet_marked(text, span).0
}

/// [`snippet`], with where the match is in it (in bytes).
pub(super) fn snippet_marked(text: &str, span: Span) -> (String, std::ops::Range<usize>) {
    let before = &text[..span.start];
    let after = &text[span.end..];
    let mut start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    if start > 0 {
        // Start at a word.
        start = before[start..]
            .find(char::is_whitespace)
            .map_or(start, |i| start + i);
    }
    let mut end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    if end < after.len() {
        end = after[..end].rfind(char::is_whitespace).unwrap_or(end);
    }
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let head = one_line(&before[start..]);
    out.push_str(&head);
    if before.ends_with(char::is_whitespace) && !head.is_empty() {
        out.push(' ');
    }
    let mark_start = out.len();
    out.push_str(&one_line(span.text(text)));
    let mark = mark_start..out.len();
    let tail = one_line(&after[..end]);
    if after.starts_with(char::is_whitespace) && !tail.is_empty() {
        out.push(' ');
    }
    out.push_str(&tail);
    if end < after.len() {
        out.push('…');
    }
    (out, mark)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_quoted_and_keep_prefixes_and_operators() {
        let check = |query: &str, expected: &str| {
            assert_eq!(fts_query(query).ok().as_deref(), Some(expected), "{query}");
        };
        check("fox", "\"fox\"");
        check("red fox", "\"red\" \"fox\"");
        check("\"red fox\"", "\"red fox\"");
        check("Jong-un", "\"Jong-un\"");
        check("nat*", "\"nat\"*");
        check("moscow OR petersburg", "\"moscow\" OR \"petersburg\"");
        check("(a OR b) NOT c", "( \"a\" OR \"b\" ) NOT \"c\"");
    }

    #[test]
    fn empty_and_unclosed_queries_are_errors() {
        assert!(matches!(fts_query("   "), Err(SearchError::Empty)));
        assert!(matches!(fts_query("— *"), Err(SearchError::Empty)));
        assert!(matches!(
            fts_query("\"red fox"),
            Err(SearchError::UnclosedQuote(_))
        ));
    }

    #[test]
    fn marked_spans_find_the_marks() {
        let original = "The red fox ran.";
        let marked = format!("The {OPEN}red fox{CLOSE} {OPEN}ran{CLOSE}.");
        assert_eq!(
            marked_spans(original, &marked),
            vec![Span::new(4, 11), Span::new(12, 15)]
        );
    }

    #[test]
    fn snippets_cut_at_spaces_on_one_line() {
        let text = "one two\nthree four five";
        assert_eq!(snippet(text, Span::new(8, 13)), "one two three four five");
        let long = format!("{} needle {}", "word ".repeat(40), "word ".repeat(40));
        let at = long.find("needle").unwrap_or(0);
        let s = snippet(&long, Span::new(at, at + 6));
        assert!(
            s.starts_with('…') && s.ends_with('…') && s.contains(" needle "),
            "{s}"
        );
    }
}
