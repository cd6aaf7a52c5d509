//! Deciding whether a line of plain text reads as a title.

/// Longest line, in characters, still taken for a title.
const MAX_TITLE_CHARS: usize = 150;

/// Most words a title may have.
const MAX_TITLE_WORDS: usize = 25;

/// True when `line` reads as a title: one short line with letters in it that
/// does not end like a sentence or a clause (full stop, comma, colon,
/// semicolon). Closing quotation marks and brackets are looked through, so
/// `…arms deal.”` still ends with a full stop. An ellipsis, a question mark or
/// an exclamation mark may end a headline and is allowed.
pub fn reads_as_title(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.contains('\n') || line.contains('\r') {
        return false;
    }
    if line.chars().count() > MAX_TITLE_CHARS || line.split_whitespace().count() > MAX_TITLE_WORDS {
        return false;
    }
    if !line.chars().any(char::is_alphabetic) {
        return false;
    }
    let last = line
        .trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*', '_'])
        .chars()
        .next_back();
    !matches!(last, Some('.' | ',' | ';' | ':') | None)
}

#[cfg(test)]
mod tests {
    use super::reads_as_title;

    #[test]
    fn title_table() {
        let cases = [
            ("Texas student Ahmed Mohamed inspires social movement", true),
            ("Is this the end of the line?", true),
            ("Chapter I", true),
            ("Kim arrives in Russia…", true),
            (
                "North Korean leader Kim Jong-un arrived in Russia to discuss a deal.",
                false,
            ),
            ("“It will be a fully fledged visit.”", false),
            ("He said:", false),
            ("1805", false),
            ("", false),
            ("two\nlines", false),
        ];
        for (line, expected) in cases {
            assert_eq!(reads_as_title(line), expected, "{line:?}");
        }
    }
}
