//! A generated library for the benchmarks: the saved web pages' expected
//! text (`../shared/corpora/webpages/*/expected.txt`) and War and Peace's
//! chapters (`../shared/corpora/war_and_peace.txt`), repeated with a line
//! of variation at the top of each copy, in 50 folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The texts the library is made of: each chapter of the book and each page.
pub fn base_texts() -> Vec<(String, String)> {
    let corpora = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut texts = Vec::new();
    if let Ok(book) = std::fs::read_to_string(corpora.join("war_and_peace.txt")) {
        let mut chapter = String::new();
        let mut number = 0;
        for line in book.lines() {
            if line.starts_with("CHAPTER ") && !chapter.trim().is_empty() {
                texts.push((
                    format!("war-and-peace-{number:03}"),
                    std::mem::take(&mut chapter),
                ));
                number += 1;
            }
            chapter.push_str(line);
            chapter.push('\n');
        }
        texts.push((format!("war-and-peace-{number:03}"), chapter));
    }
    if let Ok(pages) = std::fs::read_dir(corpora.join("webpages")) {
        let mut pages: Vec<PathBuf> = pages.filter_map(|e| e.ok().map(|e| e.path())).collect();
        pages.sort();
        for page in pages {
            if let Ok(text) = std::fs::read_to_string(page.join("expected.txt")) {
                let name = page
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                texts.push((format!("page-{name}"), text));
            }
        }
    }
    texts
}

/// Writes `count` documents made of `texts` into 50 folders under `docs`;
/// returns how many bytes of text they hold.
pub fn write_documents(docs: &Path, texts: &[(String, String)], count: usize) -> usize {
    std::fs::create_dir_all(docs).expect("scratch folder");
    let mut text_bytes = 0;
    for i in 0..count {
        let (name, text) = &texts[i % texts.len()];
        let copy = i / texts.len();
        // A line of variation, so copies are distinct documents.
        let text = format!(
            "Copy {copy} of {name}, kept by reader {}.\n\n{text}",
            i % 97
        );
        text_bytes += text.len();
        let folder = docs.join(format!("{:02}", i % 50));
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::write(folder.join(format!("{name}-{copy}.txt")), text).expect("write");
    }
    text_bytes
}
