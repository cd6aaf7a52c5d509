//! Single-file web archives (`.mhtml`, `.mht`): a MIME multipart message
//! whose first `text/html` part is the page, the other parts its images and
//! styles.
//!
//! The message is parsed with `mailparse`, which undoes the part's
//! quoted-printable or base64 transfer encoding; the part's declared charset
//! then decodes the page as [`html::read`] does.

use super::html::{self, Page, Problem};

/// Reads the page inside an MHTML archive.
pub(super) fn read(bytes: &[u8]) -> Result<Page, Problem> {
    let message = match mailparse::parse_mail(bytes) {
        Ok(message) => message,
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
