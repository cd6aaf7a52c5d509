//! Word lists kept as data: `assets/data/*.txt`, one entry a line, lines
//! starting with `#` naming the list's source and purpose.
//!
//! A list is embedded with `include_str!` and parsed once, on first use, into
//! a set (for membership) beside the entries in file order (for lists whose
//! order means something, such as the months).

use std::sync::OnceLock;

use super::model::FastSet;

/// A word list embedded in the binary and parsed on first use.
pub struct WordList {
    text: &'static str,
    parsed: OnceLock<Parsed>,
}

struct Parsed {
    words: Vec<&'static str>,
    set: FastSet<&'static str>,
}

impl WordList {
    /// A list over `text`, the contents of its data file.
    pub const fn new(text: &'static str) -> Self {
        Self {
            text,
            parsed: OnceLock::new(),
        }
    }

    fn parsed(&self) -> &Parsed {
        self.parsed.get_or_init(|| {
            let words: Vec<&'static str> = entries(self.text).collect();
            let set = words.iter().copied().collect();
            Parsed { words, set }
        })
    }

    /// True when `word` is listed, exactly as written.
    pub fn contains(&self, word: &str) -> bool {
        self.parsed().set.contains(word)
    }

    /// The entries in file order.
    pub fn words(&self) -> &[&'static str] {
        &self.parsed().words
    }
}

/// The entries of a data file: its lines, without comment and blank lines.
pub fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_blank_lines_are_no_entries() {
        let list = WordList::new("# a header\nMr\n\nDr\n");
        assert_eq!(list.words(), ["Mr", "Dr"]);
        assert!(list.contains("Dr") && !list.contains("# a header") && !list.contains(""));
    }
}
