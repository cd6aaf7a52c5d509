//! Builds small EPUB files in memory for tests, so no third-party book is
//! ever committed.

#![allow(dead_code)]

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// Zips `entries` (name, content) into archive bytes, deflated.
pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in entries {
        writer.start_file(*name, options).expect("start entry");
        writer.write_all(content).expect("write entry");
    }
    writer.finish().expect("finish zip").into_inner()
}

/// An EPUB 3 book with a navigation document, two chapters and metadata.
pub fn book() -> Vec<u8> {
    book_with("", "", &[])
}

/// How a test book names its cover image.
#[derive(Clone, Copy, Debug)]
pub enum CoverDeclaration {
    /// EPUB 3: the manifest item has `properties="cover-image"`.
    Property,
    /// EPUB 2: `<meta name="cover" content="…"/>` names the item's id.
    Meta,
    /// Neither: only the item's file name says "cover".
    FileName,
}

/// The colours of a test cover: its top half and its bottom half.
pub const COVER_TOP: [u8; 4] = [200, 30, 40, 255];
pub const COVER_BOTTOM: [u8; 4] = [20, 60, 180, 255];

/// A PNG of `width` × `height` pixels, [`COVER_TOP`] above
/// [`COVER_BOTTOM`], encoded here so no image file is committed.
pub fn cover_png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |_, y| {
        image::Rgba(if y < height / 2 {
            COVER_TOP
        } else {
            COVER_BOTTOM
        })
    });
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
        .expect("encode the cover");
    bytes
}

/// The fixture book with `cover` (any bytes: a PNG, or garbage) as its
/// cover image, named as `declaration` says.
pub fn book_with_cover(declaration: CoverDeclaration, cover: &[u8]) -> Vec<u8> {
    let (meta, item) = match declaration {
        CoverDeclaration::Property => (
            "",
            r#"<item id="art" href="images/art.png" media-type="image/png" properties="cover-image"/>"#,
        ),
        CoverDeclaration::Meta => (
            r#"<meta name="cover" content="art"/>"#,
            r#"<item id="art" href="images/art.png" media-type="image/png"/>"#,
        ),
        CoverDeclaration::FileName => (
            "",
            r#"<item id="i1" href="images/cover.png" media-type="image/png"/>"#,
        ),
    };
    let path = match declaration {
        CoverDeclaration::FileName => "OEBPS/images/cover.png",
        _ => "OEBPS/images/art.png",
    };
    // A second image that is not the cover, listed first.
    let other = r#"<item id="map" href="images/map.png" media-type="image/png"/>"#;
    let map = cover_png(8, 8);
    book_with(
        meta,
        &format!("{other}{item}"),
        &[(path, cover), ("OEBPS/images/map.png", &map)],
    )
}

/// The fixture book with `meta` added to its metadata, `items` to its
/// manifest and `entries` to its archive.
pub fn book_with(meta: &str, items: &str, entries: &[(&str, &[u8])]) -> Vec<u8> {
    let opf = format!(
        r#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Long Visit</dc:title><dc:creator>Ann Lee</dc:creator>{meta}</metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/>{items}</manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#
    );
    let mut all: Vec<(&str, &[u8])> = vec![
        ("mimetype", b"application/epub+zip"),
        (
            "META-INF/container.xml",
            br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
        ),
        ("OEBPS/content.opf", opf.as_bytes()),
        (
            "OEBPS/nav.xhtml",
            br#"<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="toc"><ol><li><a href="text/one.xhtml">I. The Train</a></li><li><a href="text/two.xhtml">II. Moscow</a></li></ol></nav></body></html>"#,
        ),
        (
            "OEBPS/text/one.xhtml",
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>One</title></head><body><h1>The Train</h1><p>Kim Jong-un arrived in <em>Vladivostok</em> by train.</p><p>\u{201c}We are glad,\u{201d} said Putin.</p></body></html>".as_bytes(),
        ),
        (
            "OEBPS/text/two.xhtml",
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><h1>Moscow</h1><p>They talked for hours&#8212;and then left.</p></body></html>".as_bytes(),
        ),
    ];
    all.extend_from_slice(entries);
    zip(&all)
}
