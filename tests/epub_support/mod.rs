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
    zip(&[
        ("mimetype", b"application/epub+zip"),
        (
            "META-INF/container.xml",
            br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
        ),
        (
            "OEBPS/content.opf",
            br#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>The Long Visit</dc:title><dc:creator>Ann Lee</dc:creator></metadata><manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/><item id="c1" href="text/one.xhtml" media-type="application/xhtml+xml"/><item id="c2" href="text/two.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/><itemref idref="c2"/></spine></package>"#,
        ),
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
    ])
}
