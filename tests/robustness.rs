//! `dramatis analyze` over a folder of hostile files: every one ends with a
//! clean exit and, when it fails, one message naming the file; none panics.

mod epub_support;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A small fixed-seed generator (xorshift64*), so the random files are the
/// same on every run.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next().to_le_bytes()[3]).collect()
    }
}

/// Writes the hostile files into `dir` and returns the paths to analyse
/// (some of which are folders or do not exist).
fn hostile_files(dir: &Path) -> Vec<PathBuf> {
    let mut random = Random(0x5EED_D7A3_A715);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, extension) in ["txt", "md", "html", "mhtml", "epub", "txt"]
        .iter()
        .enumerate()
    {
        let len = 1 + (random.next() % 40_000) as usize;
        files.push((format!("random{i}.{extension}"), random.bytes(len)));
    }
    let book = epub_support::book();
    for cut in [10, book.len() / 3, book.len() - 30] {
        files.push((format!("truncated{cut}.epub"), book[..cut].to_vec()));
    }
    let mut corrupted = book.clone();
    for i in (200..corrupted.len()).step_by(97) {
        corrupted[i] ^= 0x5A;
    }
    files.push(("corrupted.epub".into(), corrupted));
    files.push((
        "bomb.epub".into(),
        epub_support::zip(&[("OEBPS/a.xhtml", &vec![b' '; 300 * 1024 * 1024])]),
    ));
    files.push((
        "traversal.epub".into(),
        epub_support::zip(&[("../../../tmp/evil.xhtml", b"<p>x</p>")]),
    ));
    files.push((
        "nested.html".into(),
        format!(
            "{}deep{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        )
        .into_bytes(),
    ));
    files.push((
        "nested.epub".into(),
        epub_nested(&format!(
            "<html><body>{}deep</body></html>",
            "<div><em>".repeat(50_000)
        )),
    ));
    files.push(("long_line.txt".into(), "word ".repeat(20_000).into_bytes()));
    files.push(("long_word.txt".into(), "x".repeat(100_000).into_bytes()));
    files.push(("empty.txt".into(), Vec::new()));
    files.push((
        "png.txt".into(),
        b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\0\x10".to_vec(),
    ));
    files.push((
        "program.txt".into(),
        b"\x7FELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0".to_vec(),
    ));
    files.push((
        "empty_page.html".into(),
        b"<html><body><script>x()</script></body></html>".to_vec(),
    ));
    let mut paths = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write hostile file");
        paths.push(path);
    }
    let folder = dir.join("folder.txt");
    std::fs::create_dir_all(&folder).expect("make folder");
    paths.push(folder);
    paths.push(dir.join("missing.txt"));
    paths
}

/// A one-chapter EPUB whose chapter is `xhtml`.
fn epub_nested(xhtml: &str) -> Vec<u8> {
    epub_support::zip(&[
        (
            "META-INF/container.xml",
            br#"<container><rootfiles><rootfile full-path="c.opf"/></rootfiles></container>"#,
        ),
        (
            "c.opf",
            br#"<package><manifest><item id="a" href="a.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="a"/></spine></package>"#,
        ),
        ("a.xhtml", xhtml.as_bytes()),
    ])
}

#[test]
fn analyze_survives_every_hostile_file() {
    let dir = std::env::temp_dir().join(format!("dramatis-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("make temp folder");
    for path in hostile_files(&dir) {
        let output = Command::new(env!("CARGO_BIN_EXE_dramatis"))
            .arg("analyze")
            .arg(&path)
            .output()
            .expect("run dramatis");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        match output.status.code() {
            Some(0) => {}
            Some(1 | 2) => assert!(
                stderr.trim().lines().count() == 1 && stderr.contains(&name),
                "{name}: the message should be one line naming the file: {stderr}"
            ),
            other => panic!("{name}: ended with {other:?}: {stderr}"),
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
