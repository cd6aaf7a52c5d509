//! The EPUB package: the container's pointer to the package file, the
//! package's metadata, manifest and spine, and the table of contents (an
//! EPUB 3 navigation document or an EPUB 2 NCX file).

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::escape::{resolve_html5_entity, resolve_xml_entity};
use quick_xml::events::{BytesStart, Event};

/// What the package file says about the book.
#[derive(Debug, Default)]
pub(super) struct Package {
    /// The first `dc:title`.
    pub title: Option<String>,
    /// Every `dc:creator`, in order.
    pub authors: Vec<String>,
    /// Archive paths of the spine's chapters, in reading order.
    pub spine: Vec<String>,
    /// Archive path of the table of contents, if there is one.
    pub toc: Option<String>,
    /// The cover image the package declares or names, if any.
    pub cover: Option<CoverItem>,
}

/// The manifest item that holds the book's cover image.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct CoverItem {
    /// Archive path of the image.
    pub path: String,
    /// Its declared media type (may be empty).
    pub media_type: String,
}

/// One manifest item.
struct Item {
    path: String,
    media_type: String,
    is_nav: bool,
    is_cover_image: bool,
}

/// The value of attribute `name` (by local name), unescaped.
fn attribute(start: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    start
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            let raw = std::str::from_utf8(&a.value).ok()?;
            Some(
                quick_xml::escape::unescape_with(raw, |e| {
                    resolve_xml_entity(e).or_else(|| resolve_html5_entity(e))
                })
                .map_or_else(|_| raw.to_owned(), |v| v.into_owned()),
            )
        })
}

/// A reader that tolerates sloppy markup.
fn lenient_reader(xml: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    reader
}

/// Text of a text or entity event, for collecting element content.
fn event_text(event: &Event<'_>) -> Option<String> {
    match event {
        Event::Text(t) => t.decode().ok().map(|s| s.into_owned()),
        Event::CData(t) => t.decode().ok().map(|s| s.into_owned()),
        Event::GeneralRef(r) => match r.resolve_char_ref() {
            Ok(Some(c)) => Some(c.to_string()),
            _ => r.decode().ok().and_then(|name| {
                resolve_xml_entity(&name)
                    .or_else(|| resolve_html5_entity(&name))
                    .map(str::to_owned)
            }),
        },
        _ => None,
    }
}

/// Collapses runs of whitespace to one space and trims.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The package file's path from `META-INF/container.xml`.
pub(super) fn rootfile(container: &str) -> Option<String> {
    let mut reader = lenient_reader(container);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"rootfile" => {
                let path = attribute(&e, b"full-path")?;
                return resolve("", &path);
            }
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

impl Package {
    /// Reads the package file found at `opf_path` in the archive.
    pub fn parse(opf: &str, opf_path: &str) -> Self {
        let mut package = Package::default();
        let mut items: HashMap<String, Item> = HashMap::new();
        let mut spine_ids: Vec<String> = Vec::new();
        let mut ncx_id: Option<String> = None;
        // Manifest ids in document order, so the guessed cover is the first
        // that fits rather than whichever the map yields.
        let mut manifest_order: Vec<String> = Vec::new();
        let mut cover_meta_id: Option<String> = None;
        // The metadata element whose text is being collected.
        let mut collecting: Option<(&'static str, String)> = None;
        let mut reader = lenient_reader(opf);
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(event) => event,
            };
            match &event {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"title" if matches!(event, Event::Start(_)) => {
                        collecting = Some(("title", String::new()));
                    }
                    b"creator" if matches!(event, Event::Start(_)) => {
                        collecting = Some(("creator", String::new()));
                    }
                    b"item" => {
                        if let (Some(id), Some(href)) = (attribute(e, b"id"), attribute(e, b"href"))
                            && let Some(path) = resolve(opf_path, &href)
                        {
                            let properties = attribute(e, b"properties").unwrap_or_default();
                            let has = |name: &str| properties.split_whitespace().any(|p| p == name);
                            manifest_order.push(id.clone());
                            items.insert(
                                id,
                                Item {
                                    path,
                                    media_type: attribute(e, b"media-type").unwrap_or_default(),
                                    is_nav: has("nav"),
                                    is_cover_image: has("cover-image"),
                                },
                            );
                        }
                    }
                    b"meta" if attribute(e, b"name").as_deref() == Some("cover") => {
                        cover_meta_id = cover_meta_id.or_else(|| attribute(e, b"content"));
                    }
                    b"spine" => ncx_id = attribute(e, b"toc"),
                    b"itemref" => {
                        if let Some(id) = attribute(e, b"idref") {
                            spine_ids.push(id);
                        }
                    }
                    _ => {}
                },
                Event::End(e) => {
                    let name = e.local_name();
                    if let Some((field, text)) =
                        collecting.take_if(|(field, _)| field.as_bytes() == name.as_ref())
                    {
                        let text = collapse(&text);
                        if text.is_empty() {
                        } else if field == "title" {
                            package.title.get_or_insert(text);
                        } else {
                            package.authors.push(text);
                        }
                    }
                }
                other => {
                    if let (Some((_, buffer)), Some(text)) = (&mut collecting, event_text(other)) {
                        buffer.push_str(&text);
                    }
                }
            }
        }
        package.spine = spine_ids
            .iter()
            .filter_map(|id| items.get(id))
            .filter(|item| {
                item.media_type.is_empty()
                    || item.media_type.contains("html")
                    || item.media_type.contains("xml")
            })
            .map(|item| item.path.clone())
            .collect();
        package.toc = items
            .values()
            .find(|item| item.is_nav)
            .or_else(|| ncx_id.as_ref().and_then(|id| items.get(id)))
            .or_else(|| {
                items
                    .values()
                    .find(|item| item.media_type == "application/x-dtbncx+xml")
            })
            .map(|item| item.path.clone());
        // EPUB 3 declares the cover by a property, EPUB 2 by a <meta>;
        // failing both, an image named for it is taken.
        let declared = manifest_order
            .iter()
            .filter_map(|id| items.get(id))
            .find(|item| item.is_cover_image)
            .or_else(|| {
                cover_meta_id
                    .as_ref()
                    .and_then(|id| items.get(id))
                    .filter(|item| is_image(item))
            });
        let guessed = || {
            manifest_order
                .iter()
                .filter_map(|id| Some((id, items.get(id)?)))
                .find(|(id, item)| {
                    is_image(item)
                        && (id.to_ascii_lowercase().contains("cover")
                            || item.path.to_ascii_lowercase().contains("cover"))
                })
                .map(|(_, item)| item)
        };
        package.cover = declared.or_else(guessed).map(|item| CoverItem {
            path: item.path.clone(),
            media_type: item.media_type.clone(),
        });
        package
    }
}

/// Whether a manifest item is a raster image (not SVG, which is a
/// document that Dramatis does not draw), by media type or, when that is
/// missing, by file extension.
fn is_image(item: &Item) -> bool {
    let media_type = item.media_type.to_ascii_lowercase();
    if !media_type.is_empty() {
        return media_type.starts_with("image/") && !media_type.contains("svg");
    }
    let path = item.path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|extension| path.ends_with(extension))
}

/// Chapter titles from a table of contents (EPUB 3 `<nav>` document or
/// EPUB 2 NCX) at `toc_path`: pairs of chapter path and title, in order.
pub(super) fn toc_titles(toc: &str, toc_path: &str) -> Vec<(String, String)> {
    let mut titles = Vec::new();
    let mut reader = lenient_reader(toc);
    // The link whose text is being collected: its target and text so far.
    let mut link: Option<(Option<String>, String)> = None;
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => event,
        };
        match &event {
            // EPUB 3: <a href="chapter.xhtml#x">Title</a>.
            // EPUB 2: <navLabel><text>Title</text></navLabel><content src=".."/>.
            Event::Start(e) if matches!(e.local_name().as_ref(), b"a" | b"navLabel") => {
                let target = attribute(e, b"href").and_then(|h| resolve(toc_path, &h));
                link = Some((target, String::new()));
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"content" => {
                if let (Some(src), Some((title_target, title))) =
                    (attribute(e, b"src"), link.take())
                {
                    let target = title_target.or_else(|| resolve(toc_path, &src));
                    push_title(&mut titles, target, &title);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"a" => {
                if let Some((target, title)) = link.take() {
                    push_title(&mut titles, target, &title);
                }
            }
            Event::End(e) if e.local_name().as_ref() == b"navLabel" => {
                // Keep the label until its <content> names the chapter.
                if let Some((_, title)) = &mut link {
                    *title = collapse(title);
                }
            }
            other => {
                if let (Some((_, buffer)), Some(text)) = (&mut link, event_text(other)) {
                    buffer.push_str(&text);
                }
            }
        }
    }
    titles
}

fn push_title(titles: &mut Vec<(String, String)>, target: Option<String>, title: &str) {
    let title = collapse(title);
    if let Some(target) = target
        && !title.is_empty()
    {
        titles.push((target, title));
    }
}

/// The archive path `href` names, relative to the file at `base`: without
/// fragment or query, percent-decoded, with `.` and `..` resolved. `None`
/// for links to other sites and paths that climb out of the archive.
pub(super) fn resolve(base: &str, href: &str) -> Option<String> {
    let href = href.split(['#', '?']).next().unwrap_or("");
    if href.is_empty() || href.contains(':') {
        return None;
    }
    let href = percent_decode(href);
    let mut parts: Vec<&str> = if href.starts_with('/') {
        Vec::new()
    } else {
        let mut dir: Vec<&str> = base.split('/').collect();
        dir.pop();
        dir
    };
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    parts.retain(|p| !p.is_empty());
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Decodes `%20`-style escapes; invalid escapes stay as they are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            )
        {
            // Two hex digits make at most 255, so the cast cannot truncate.
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_inside_the_archive() {
        let cases = [
            (
                "OEBPS/content.opf",
                "text/ch1.xhtml#top",
                Some("OEBPS/text/ch1.xhtml"),
            ),
            ("OEBPS/content.opf", "../ch%201.xhtml", Some("ch 1.xhtml")),
            ("OEBPS/nav.xhtml", "./a/../b.xhtml", Some("OEBPS/b.xhtml")),
            ("content.opf", "../../etc/passwd", None),
            ("content.opf", "http://example.com/x.html", None),
            ("", "OEBPS/content.opf", Some("OEBPS/content.opf")),
        ];
        for (base, href, expected) in cases {
            assert_eq!(resolve(base, href).as_deref(), expected, "{base} {href}");
        }
    }

    #[test]
    fn package_gives_metadata_spine_and_toc() {
        let opf = r#"<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:title> The  Visit </dc:title><dc:creator>Ann Lee</dc:creator><dc:creator>Bo Kim</dc:creator>
 </metadata>
 <manifest>
  <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>
  <item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/>
  <item id="img" href="cover.png" media-type="image/png"/>
 </manifest>
 <spine><itemref idref="c1"/><itemref idref="img"/><itemref idref="c2"/></spine>
</package>"#;
        let package = Package::parse(opf, "OEBPS/content.opf");
        assert_eq!(package.title.as_deref(), Some("The Visit"));
        assert_eq!(package.authors, ["Ann Lee", "Bo Kim"]);
        assert_eq!(
            package.spine,
            ["OEBPS/text/one.xhtml", "OEBPS/text/two.xhtml"]
        );
        assert_eq!(package.toc.as_deref(), Some("OEBPS/nav.xhtml"));
    }

    #[test]
    fn toc_titles_from_nav_and_ncx() {
        let nav = r#"<html><body><nav epub:type="toc"><ol>
<li><a href="text/one.xhtml">One: <em>the arrival</em></a></li>
<li><a href="text/two.xhtml#s">Two</a></li></ol></nav></body></html>"#;
        assert_eq!(
            toc_titles(nav, "OEBPS/nav.xhtml"),
            [
                (
                    "OEBPS/text/one.xhtml".to_owned(),
                    "One: the arrival".to_owned()
                ),
                ("OEBPS/text/two.xhtml".to_owned(), "Two".to_owned()),
            ]
        );
        let ncx = r#"<ncx><navMap><navPoint id="a"><navLabel><text>First
 chapter</text></navLabel><content src="one.html"/></navPoint></navMap></ncx>"#;
        assert_eq!(
            toc_titles(ncx, "toc.ncx"),
            [("one.html".to_owned(), "First chapter".to_owned())]
        );
    }

    /// Which manifest item is the cover: (metadata, manifest, expected path).
    #[test]
    fn cover_is_declared_or_guessed_from_a_name() {
        let cases = [
            (
                "",
                r#"<item id="cover-a" href="a.png" media-type="image/png"/>
                   <item id="pic" href="images/front.jpg" media-type="image/jpeg" properties="cover-image"/>"#,
                Some("OEBPS/images/front.jpg"),
            ),
            (
                r#"<meta name="cover" content="front"/>"#,
                r#"<item id="cover-page" href="cover.xhtml" media-type="application/xhtml+xml"/>
                   <item id="cover-a" href="cover-a.png" media-type="image/png"/>
                   <item id="front" href="f.png" media-type="image/png"/>"#,
                Some("OEBPS/f.png"),
            ),
            (
                "",
                r#"<item id="x1" href="img/one.png" media-type="image/png"/>
                   <item id="x2" href="img/Cover.JPG" media-type="image/jpeg"/>"#,
                Some("OEBPS/img/Cover.JPG"),
            ),
            (
                "",
                r#"<item id="cover" href="img/front" media-type="image/gif"/>"#,
                Some("OEBPS/img/front"),
            ),
            (
                "",
                r#"<item id="x" href="img/cover.webp"/>"#,
                Some("OEBPS/img/cover.webp"),
            ),
            (
                r#"<meta name="cover" content="cover-page"/>"#,
                r#"<item id="cover-page" href="cover.xhtml" media-type="application/xhtml+xml"/>"#,
                None,
            ),
            (
                "",
                r#"<item id="cover" href="cover.svg" media-type="image/svg+xml"/>"#,
                None,
            ),
            (
                "",
                r#"<item id="a" href="a.png" media-type="image/png"/>"#,
                None,
            ),
            (
                "",
                r#"<item id="cover" href="../../cover.png" media-type="image/png"/>"#,
                None,
            ),
        ];
        for (metadata, manifest, expected) in cases {
            let opf = format!(
                r#"<package version="3.0"><metadata>{metadata}</metadata><manifest>{manifest}</manifest><spine/></package>"#
            );
            let cover = Package::parse(&opf, "OEBPS/content.opf").cover;
            assert_eq!(
                cover.as_ref().map(|c| c.path.as_str()),
                expected,
                "{metadata} {manifest}"
            );
        }
    }
}
