//! A linear look at a page's tags before it is parsed, so that a small
//! hostile page cannot make the parser work for minutes.
//!
//! Two things make the HTML parser's cost grow faster than the page: deep
//! nesting (its checks walk the stack of open elements) and many attributes
//! on one element (each new one is compared with all before it). [`scan`]
//! estimates the nesting the parser will build, counting an end tag only when
//! it closes an element that is open (the parser ignores the others, so
//! `<div></x>` nests deeper with every repeat), and finds the attributes past
//! [`MAX_ATTRIBUTES`] on an element, which [`Scan::trimmed`] removes. Every
//! byte is looked at a bounded number of times.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// Attributes an element keeps; the rest are dropped before parsing. Real
/// elements carry a few dozen at most.
pub(super) const MAX_ATTRIBUTES: usize = 256;

/// Elements that never nest (void elements) or whose end the parser infers
/// when a sibling starts, so that a page that leaves out their end tags
/// does not look deep; `html`, `head` and `body` are opened once however
/// often they appear.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "option", "optgroup", "dd", "dt", "tr", "td", "th", "thead", "tbody",
    "tfoot", "rb", "rt", "rp", "html", "head", "body", "param", "keygen", "frame",
];

/// Elements whose content is raw text: tags inside them are not tags.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// What [`scan`] found.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// True when the nesting went past the limit given to [`scan`].
    pub too_deep: bool,
    /// Byte ranges of attributes past [`MAX_ATTRIBUTES`], sorted.
    pub dropped_attributes: Vec<Range<usize>>,
}

impl Scan {
    /// `html` without the dropped attributes.
    pub fn trimmed<'h>(&self, html: &'h str) -> Cow<'h, str> {
        if self.dropped_attributes.is_empty() {
            return Cow::Borrowed(html);
        }
        let mut kept = String::with_capacity(html.len());
        let mut from = 0;
        for range in &self.dropped_attributes {
            kept.push_str(&html[from..range.start]);
            from = range.end;
        }
        kept.push_str(&html[from..]);
        Cow::Owned(kept)
    }
}

/// Looks at the tags of `html` once, stopping when they nest deeper than
/// `depth_limit`.
pub(super) fn scan(html: &str, depth_limit: usize) -> Scan {
    let bytes = html.as_bytes();
    let mut scan = Scan::default();
    // The open elements, and how many of each name, so that an end tag is
    // matched in constant time.
    let mut stack: Vec<String> = Vec::new();
    let mut open: HashMap<String, usize> = HashMap::new();
    let mut at = 0;
    while let Some(found) = find_byte(bytes, at, b'<') {
        at = found + 1;
        if bytes[at..].starts_with(b"!--") {
            at = find(bytes, at + 3, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        let closing = bytes.get(at) == Some(&b'/');
        let name_start = at + usize::from(closing);
        // Checked before the name is read: a `<` that opens no tag must not
        // cost a look at what follows, or `<1<1<1…` would be quadratic.
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = name_start
            + bytes[name_start..]
                .iter()
                .take_while(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>'))
                .count();
        let name = html[name_start..name_end].to_ascii_lowercase();
        if closing {
            at = find_byte(bytes, name_end, b'>').map_or(bytes.len(), |end| end + 1);
            if open.get(&name).is_some_and(|&n| n > 0) {
                while let Some(top) = stack.pop() {
                    if let Some(n) = open.get_mut(&top) {
                        *n -= 1;
                    }
                    if top == name {
                        break;
                    }
                }
            }
            continue;
        }
        let (end, self_closing) = attributes(bytes, name_end, &mut scan.dropped_attributes);
        at = end;
        if RAW_TEXT.contains(&name.as_str()) {
            at = raw_text_end(bytes, at, name.as_bytes());
            continue;
        }
        if self_closing || NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        *open.entry(name.clone()).or_default() += 1;
        stack.push(name);
        if stack.len() > depth_limit {
            scan.too_deep = true;
            return scan;
        }
    }
    scan
}

/// Reads a start tag's attributes from `at` to the tag's `>`, recording
/// in `dropped` the bytes of those past [`MAX_ATTRIBUTES`]. Returns where
/// the tag ends (past its `>`) and whether it closes itself (`/>`).
fn attributes(bytes: &[u8], mut at: usize, dropped: &mut Vec<Range<usize>>) -> (usize, bool) {
    let mut count = 0;
    let mut drop_from = None;
    let mut self_closing = false;
    loop {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        match bytes.get(at) {
            None => return (bytes.len(), false),
            Some(b'>') => {
                if let Some(from) = drop_from {
                    // Keep a closing `/` so a self-closing tag stays one.
                    let to = if self_closing { at - 1 } else { at };
                    dropped.push(from..to.max(from));
                }
                return (at + 1, self_closing);
            }
            Some(b'/') => {
                self_closing = true;
                at += 1;
                continue;
            }
            Some(_) => {}
        }
        self_closing = false;
        let start = at;
        // The name runs to white space, `=`, `/` or `>` (a first `=` is part of it).
        at += 1;
        while bytes
            .get(at)
            .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'/' | b'>'))
        {
            at += 1;
        }
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                at += 1;
            }
            match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    at = find_byte(bytes, at + 1, quote).map_or(bytes.len(), |end| end + 1);
                }
                _ => {
                    while bytes
                        .get(at)
                        .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                    {
                        at += 1;
                    }
                }
            }
        }
        count += 1;
        if count == MAX_ATTRIBUTES + 1 {
            drop_from = Some(start);
        }
    }
}

/// Where the raw text of a `name` element that starts at `at` ends: at its
/// end tag (matched without regard to case), or the end of the page.
fn raw_text_end(bytes: &[u8], mut at: usize, name: &[u8]) -> usize {
    while let Some(found) = find(bytes, at, b"</") {
        let after = found + 2;
        if bytes
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            return found;
        }
        at = after;
    }
    bytes.len()
}

fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == byte)
        .map(|i| from + i)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_what_the_parser_builds() {
        let cases: &[(&str, &str, bool)] = &[
            ("nested divs", &"<div>".repeat(11), true),
            ("closed divs", &"<div></div>".repeat(100), false),
            ("ignored end tags", &"<div></x>".repeat(11), true),
            ("void elements", &"<br><img src=a>".repeat(100), false),
            ("self-closing", &"<div/>".repeat(100), false),
            ("paragraphs", &"<p>a".repeat(100), false),
            (
                "script text",
                "<script>'<div><div><div><div><div><div><div><div><div><div><div>'</script>",
                false,
            ),
            (
                "comments",
                "<!--<div><div><div><div><div><div><div><div><div><div><div>-->",
                false,
            ),
            (
                "an end tag closes the ones inside",
                &"<div><span><b></div>".repeat(100),
                false,
            ),
        ];
        for (what, html, deep) in cases {
            assert_eq!(scan(html, 10).too_deep, *deep, "{what}");
        }
    }

    #[test]
    fn attributes_past_the_cap_are_dropped() {
        let many: String = (0..MAX_ATTRIBUTES + 5)
            .map(|i| format!(" a{i}=\"x>y\""))
            .collect();
        let html = format!("<p{many}/>text</p><i b=1>more</i>");
        let scan = scan(&html, 10);
        let trimmed = scan.trimmed(&html);
        assert!(trimmed.contains(&format!("a{}=", MAX_ATTRIBUTES - 1)));
        assert!(!trimmed.contains(&format!("a{}=", MAX_ATTRIBUTES)));
        assert!(trimmed.ends_with("/>text</p><i b=1>more</i>"), "{trimmed}");
        let few = "<p a=1 b='2' c>text</p>";
        assert!(matches!(
            super::scan(few, 10).trimmed(few),
            Cow::Borrowed(_)
        ));
    }
}
