//! Single-file web archives (`.mhtml`, `.mht`): a MIME multipart message
//! whose first `text/html` part is the page, the other parts its images and
//! styles.
//!
//! The message is parsed with `mailparse`, which undoes the part's
//! quoted-printable or base64 transfer encoding; the part's declared charset
//! then decodes the page as [`html::read`] does.

use super::html::{self, Page, Problem};

/// How deeply an archive's parts may nest inside one another. This is the
/// limit `mailparse` enforces (its parser recurses once per level, so the
/// limit also bounds its stack and makes its cost at most this many passes
/// over the bytes); it is named here so the sentence a reader sees can
/// state it. Real archives nest two or three levels.
pub(super) const MAX_MIME_DEPTH: usize = 100;

/// The error `mailparse` gives for a message nested past its limit.
const MAILPARSE_DEPTH_ERROR: &str = "Recursion limit reached";

/// Reads the page inside an MHTML archive.
pub(super) fn read(bytes: &[u8]) -> Result<Page, Problem> {
    let message = match mailparse::parse_mail(bytes) {
        Ok(message) => message,
        // Falling back to reading the bytes as a page would show the
        // archive's raw headers and boundaries as the article.
        Err(mailparse::MailParseError::Generic(MAILPARSE_DEPTH_ERROR)) => {
            return Err(Problem::ArchiveTooDeep);
        }
        // Not a MIME message at all: a page saved under the wrong extension
        // is still read as a page.
        Err(_) => return html::read(bytes, None),
    };
    let Some(part) = message
        .parts()
        .find(|part| part.ctype.mimetype.eq_ignore_ascii_case("text/html"))
    else {
        if message.subparts.is_empty() && looks_like_html(bytes) {
            return html::read(bytes, None);
        }
        return Err(Problem::NoText);
    };
    let body = part.get_body_raw().map_err(|_| Problem::NoText)?;
    // `ctype.charset` defaults to US-ASCII when none is declared; only a
    // declared charset should override the page's own `<meta charset>`.
    let charset = part.ctype.params.get("charset").map(String::as_str);
    html::read(&body, charset)
}

/// True when `bytes` start like an HTML page rather than a MIME message.
fn looks_like_html(bytes: &[u8]) -> bool {
    let start = String::from_utf8_lossy(bytes.get(..1024).unwrap_or(bytes)).to_ascii_lowercase();
    let start = start.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An archive whose page sits `depth` multipart levels down, each level
    /// with its own boundary.
    fn nested(depth: usize) -> Vec<u8> {
        let mut archive = String::new();
        for level in 0..depth {
            archive.push_str(&format!(
                "Content-Type: multipart/related; boundary=\"b{level}x\"\n\n--b{level}x\n"
            ));
        }
        archive.push_str("Content-Type: text/html\n\n<p>Natasha read the letter.</p>\n");
        archive.into_bytes()
    }

    #[test]
    fn nesting_within_the_limit_is_read() {
        let page = read(&nested(MAX_MIME_DEPTH / 2)).expect("read");
        assert_eq!(page.text.trim(), "Natasha read the letter.");
    }

    #[test]
    fn nesting_past_the_limit_is_refused_not_shown_raw() {
        for depth in [MAX_MIME_DEPTH + 1, 5_000] {
            assert_eq!(
                read(&nested(depth)).map(|page| page.text),
                Err(Problem::ArchiveTooDeep),
                "{depth}"
            );
        }
    }
}
