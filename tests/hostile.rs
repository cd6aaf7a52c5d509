//! Hostile and careless inputs, one row each: what the input stands for, the
//! input built in a scratch folder, and the clean result or the clean
//! sentence expected. Every row runs the built `dramatis` with its notes in
//! the row's own folder and kills it after [`LIMIT`], so an input that hangs
//! fails the row instead of the test run; and under a memory limit in
//! proportion to its input ([`memory_limit`]), so an input that makes memory
//! grow out of proportion fails it too. Times are printed, never asserted
//! (`cargo test --test hostile -- --nocapture` shows them).

#![cfg(unix)]

mod epub_support;

use std::ffi::OsString;
use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// How long a row may run before it counts as hanging: far beyond what any
/// row needs, so a slow machine does not fail it.
const LIMIT: Duration = Duration::from_secs(60);

/// The memory `dramatis analyze` may take: this many times its input...
const ANALYZE_PER_BYTE: u64 = 10;
/// ...plus this many bytes (issue 11's bound).
const ANALYZE_BASE: u64 = 100 << 20;
/// The memory any other command may take, as the window may: this many
/// times its input...
const OTHER_PER_BYTE: u64 = 20;
/// ...plus this many bytes.
const OTHER_BASE: u64 = 200 << 20;

const ARTICLE: &str = "Natasha Rostova met Pierre Bezukhov in Moscow.\n\n\
                       \"We shall dance,\" said Natasha.\n";

/// What a row prepares: the arguments, and a check to run after the
/// command (a reader thread to join, a node to look at).
struct Prepared {
    args: Vec<OsString>,
    after: Box<dyn FnOnce(&Output)>,
}

/// What the command must do.
enum Expect {
    /// Succeed, printing this on stdout.
    Out(&'static str),
    /// Fail, saying this on stderr.
    Err(&'static str),
}

struct Row {
    /// The attack or mistake the input stands for.
    stands_for: &'static str,
    /// Builds the input in the row's folder.
    prepare: fn(&Path) -> Option<Prepared>,
    expect: Expect,
}

const ROWS: &[Row] = &[
    Row {
        stands_for: "export -o onto a symbolic link: the link stays, its target gets the export",
        prepare: export_onto_symlink,
        expect: Expect::Out("Exported 0 highlights"),
    },
    Row {
        stands_for: "export -o onto a FIFO: a reader receives the export, the FIFO stays one",
        prepare: export_onto_fifo,
        expect: Expect::Out("Exported 0 highlights"),
    },
    Row {
        stands_for: "export -o onto an existing file: replaced atomically, as before",
        prepare: export_onto_file,
        expect: Expect::Out("Exported 0 highlights"),
    },
    Row {
        stands_for: "export -o /dev/null: the device stays a device",
        prepare: export_onto_dev_null,
        expect: Expect::Out("Exported 0 highlights"),
    },
    Row {
        stands_for: "export -o onto a folder: refused, the folder untouched",
        prepare: export_onto_folder,
        expect: Expect::Err("could not write the export (it is a folder, not a file): "),
    },
    Row {
        stands_for: "import --from /dev/zero: refused before reading, no memory exhausted",
        prepare: import_from_dev_zero,
        expect: Expect::Err(
            "could not read the annotations to import (it is not a regular file): /dev/zero",
        ),
    },
    Row {
        stands_for: "import --from a FIFO nobody writes to: refused before opening",
        prepare: import_from_fifo,
        expect: Expect::Err("could not read the annotations to import (it is not a regular file)"),
    },
    Row {
        stands_for: "a FIFO as the article: refused before opening, no hang",
        prepare: fifo_article,
        expect: Expect::Err("this is not a regular file (it is a pipe, device or socket)"),
    },
    Row {
        stands_for: "a stray FIFO named *.ron in the notes folder: other documents still open",
        prepare: fifo_in_store,
        expect: Expect::Out("# article"),
    },
    Row {
        stands_for: "a FIFO where the document's own notes go: an import moves it aside with a sentence",
        prepare: fifo_as_own_notes,
        expect: Expect::Out("Imported 1 highlight"),
    },
    Row {
        stands_for: "'<div></x>' 100,000 times: end tags the parser ignores do not hide the nesting",
        prepare: ignored_end_tags,
        expect: Expect::Err("the page nests its elements too deeply to read (over 10000 levels)"),
    },
    Row {
        stands_for: "one <p> with 200,000 attributes: those past 256 are dropped before parsing",
        prepare: many_attributes,
        expect: Expect::Out("Natasha read the letter aloud."),
    },
    Row {
        stands_for: "500,000 '<' that open no tag and no '>': the tag scan stays linear",
        prepare: lone_angle_brackets,
        expect: Expect::Out("<1<1<1"),
    },
    Row {
        stands_for: "MIME parts nested 50,000 deep: refused with a sentence, raw headers never shown",
        prepare: deep_mime,
        expect: Expect::Err(
            "the web archive nests its parts too deeply to read (over 100 levels): deep.mhtml",
        ),
    },
    Row {
        stands_for: "a text of one 4 MB line: split into paragraphs, with a sentence",
        prepare: one_long_line,
        expect: Expect::Out("Natasha danced with Pierre."),
    },
    Row {
        stands_for: "an EPUB whose one paragraph is 1 MB: split for display and analysis",
        prepare: ebook_of_one_paragraph,
        expect: Expect::Out("\"mentions\""),
    },
    Row {
        stands_for: "a 300 MB file: refused before it is read, with the limit",
        prepare: over_the_size_cap,
        expect: Expect::Err(
            "the file is too large to open (287 MB, the limit is 256 MB): huge.txt",
        ),
    },
    Row {
        stands_for: "export with a newer Dramatis's notes file: left where it is",
        prepare: export_beside_newer_notes,
        expect: Expect::Out("# article"),
    },
    Row {
        stands_for: "import after a killed run left a temporary notes file: swept",
        prepare: import_after_a_killed_run,
        expect: Expect::Out("Imported 1 highlight"),
    },
    Row {
        stands_for: "UTF-32 little-endian with a byte-order mark: read as UTF-32, not UTF-16",
        prepare: |dir| utf32(dir, true),
        expect: Expect::Out("Natasha said: «Ça va?»"),
    },
    Row {
        stands_for: "UTF-32 big-endian with a byte-order mark",
        prepare: |dir| utf32(dir, false),
        expect: Expect::Out("Natasha said: «Ça va?»"),
    },
    Row {
        stands_for: "a data folder that is a file: named as such, not as an unreadable notes file",
        prepare: data_folder_is_a_file,
        expect: Expect::Err(
            "the folder for Dramatis's notes is a file, or inside one, not a folder: ",
        ),
    },
    Row {
        stands_for: "a data folder inside a file: named as such too",
        prepare: data_folder_under_a_file,
        expect: Expect::Err(
            "the folder for Dramatis's notes is a file, or inside one, not a folder: ",
        ),
    },
    Row {
        stands_for: "an article path through a file: the OS message is said once, not twice",
        prepare: path_through_a_file,
        expect: Expect::Err(
            "could not read the file (Not a directory (os error 20)): article.txt/x",
        ),
    },
    Row {
        stands_for: "one annotation whose 20 MB quote is nowhere in a 1 MB text: kept as an orphan",
        prepare: quote_longer_than_the_text,
        expect: Expect::Out("1 could not be placed and is kept as an orphan"),
    },
    Row {
        stands_for: "one annotation quoting a whole 2 MB text with one word changed: kept as an orphan",
        prepare: quote_of_the_whole_text_changed,
        expect: Expect::Out("1 could not be placed and is kept as an orphan"),
    },
    Row {
        stands_for: "100,000 annotations imported onto 100,000 already there: merged in linear time",
        prepare: many_annotations_twice,
        expect: Expect::Out("Imported 100000 highlights"),
    },
    Row {
        stands_for: "100,000 quotes with no position on a 2.8 MB text: found in one pass, not one search each",
        prepare: |dir| many_quotes_without_position(dir, "Pierre"),
        expect: Expect::Out("Imported 100000 highlights into notes for article."),
    },
    Row {
        stands_for: "100,000 quotes with no position, none in the text: orphans once the search budget is spent",
        prepare: |dir| many_quotes_without_position(dir, "Marya"),
        expect: Expect::Out("(100000 could not be placed and are kept as orphans)"),
    },
];

#[test]
fn hostile_inputs_end_promptly_and_cleanly() {
    for (i, row) in ROWS.iter().enumerate() {
        let dir = scratch(i);
        let Some(prepared) = (row.prepare)(&dir) else {
            eprintln!("skipped: {}", row.stands_for);
            continue;
        };
        let limit_mb = memory_limit(&dir, &prepared.args) >> 20;
        let started = Instant::now();
        let output = run(&dir, &prepared.args, row.stands_for);
        eprintln!(
            "{:>6} ms  {limit_mb:>5} MB limit  {}",
            started.elapsed().as_millis(),
            row.stands_for
        );
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        match row.expect {
            Expect::Out(expected) => {
                assert!(output.status.success(), "{}: {stderr}", row.stands_for);
                assert!(
                    stdout.contains(expected),
                    "{}: {expected:?} not in {stdout:.400}",
                    row.stands_for
                );
            }
            Expect::Err(expected) => {
                assert_eq!(output.status.code(), Some(1), "{}", row.stands_for);
                assert!(
                    stderr.contains(expected),
                    "{}: {expected:?} not in {stderr}",
                    row.stands_for
                );
                assert!(!stderr.contains("panicked"), "{}", row.stands_for);
            }
        }
        (prepared.after)(&output);
    }
}

/// The memory a row's command may allocate: in proportion to the bytes of
/// the files in its folder (its input and notes), as issue 11 bounds
/// `dramatis analyze` and the window. It limits the data segment (the heap
/// and other private memory, what grows with the input), not the address
/// space, which also holds the program's code: larger in a debug build.
fn memory_limit(dir: &Path, args: &[OsString]) -> u64 {
    let input = folder_bytes(dir);
    if args.first().is_some_and(|a| a == "analyze") {
        ANALYZE_PER_BYTE * input + ANALYZE_BASE
    } else {
        OTHER_PER_BYTE * input + OTHER_BASE
    }
}

/// The bytes of the regular files in `dir` and its folders.
fn folder_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(kind) if kind.is_dir() => folder_bytes(&entry.path()),
            Ok(kind) if kind.is_file() => entry.metadata().map_or(0, |m| m.len()),
            _ => 0,
        })
        .sum()
}

/// Whether `prlimit` (util-linux) is here to limit a command's memory.
fn has_prlimit() -> bool {
    static FOUND: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FOUND.get_or_init(|| {
        let found = Command::new("prlimit")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            eprintln!("prlimit not found: rows run without a memory limit");
        }
        found
    })
}

/// Runs `dramatis` in `dir` with its notes in `dir/data`, killing it after
/// [`LIMIT`], its memory limited by [`memory_limit`].
fn run(dir: &Path, args: &[OsString], what: &str) -> Output {
    let limit = memory_limit(dir, args);
    let mut command = if has_prlimit() {
        let mut command = Command::new("prlimit");
        command
            .arg(format!("--data={limit}"))
            .arg("--")
            .arg(env!("CARGO_BIN_EXE_dramatis"));
        command
    } else {
        Command::new(env!("CARGO_BIN_EXE_dramatis"))
    };
    let mut child = command
        .args(args)
        .current_dir(dir)
        .env("DRAMATIS_DATA_DIR", dir.join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dramatis");
    // Drain the pipes on threads so a large output cannot stall the child.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).map(|_| bytes)
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stderr.read_to_end(&mut bytes).map(|_| bytes)
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for dramatis") {
            break status;
        }
        if started.elapsed() > LIMIT {
            child.kill().ok();
            child.wait().ok();
            panic!("{what}: still running after {} s", LIMIT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let output = Output {
        status,
        stdout: out.join().expect("stdout thread").expect("read stdout"),
        stderr: err.join().expect("stderr thread").expect("read stderr"),
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("memory allocation of"),
        "{what}: over its memory limit of {} MB: {stderr:.400}",
        limit >> 20
    );
    output
}

/// An empty scratch folder for row `i`.
fn scratch(i: usize) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{i}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

fn args(list: &[&str]) -> Vec<OsString> {
    list.iter().map(OsString::from).collect()
}

fn nothing_after() -> Box<dyn FnOnce(&Output)> {
    Box::new(|_| {})
}

fn article(dir: &Path) -> PathBuf {
    let path = dir.join("article.txt");
    std::fs::write(&path, ARTICLE).expect("write article");
    path
}

fn mkfifo(path: &Path) -> bool {
    let made = Command::new("mkfifo").arg(path).status();
    made.is_ok_and(|s| s.success())
}

fn is_fifo(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

fn export_onto_symlink(dir: &Path) -> Option<Prepared> {
    article(dir);
    let target = dir.join("notes.md");
    std::fs::write(&target, "old").expect("write target");
    std::os::unix::fs::symlink("notes.md", dir.join("link.md")).expect("symlink");
    let link = dir.join("link.md");
    Some(Prepared {
        args: args(&["export", "article.txt", "-o", "link.md"]),
        after: Box::new(move |_| {
            let node = std::fs::symlink_metadata(&link).expect("link");
            assert!(node.file_type().is_symlink(), "the link is still a link");
            let written = std::fs::read_to_string(&target).expect("target");
            assert!(written.contains("# article"), "{written}");
        }),
    })
}

fn export_onto_fifo(dir: &Path) -> Option<Prepared> {
    article(dir);
    let fifo = dir.join("pipe.md");
    if !mkfifo(&fifo) {
        return None;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo))
    };
    Some(Prepared {
        args: args(&["export", "article.txt", "-o", "pipe.md"]),
        after: Box::new(move |_| {
            let received = reader.join().expect("reader").expect("read the pipe");
            assert!(received.contains("# article"), "{received}");
            assert!(is_fifo(&fifo), "the FIFO is still a FIFO");
        }),
    })
}

fn export_onto_file(dir: &Path) -> Option<Prepared> {
    article(dir);
    let out = dir.join("notes.md");
    std::fs::write(
        &out,
        "an older export that is much longer than the new one ".repeat(100),
    )
    .expect("write");
    let dir = dir.to_owned();
    Some(Prepared {
        args: args(&["export", "article.txt", "-o", "notes.md"]),
        after: Box::new(move |_| {
            let written = std::fs::read_to_string(&out).expect("export");
            assert!(written.contains("# article") && !written.contains("older"));
            let leftovers = std::fs::read_dir(&dir)
                .expect("list")
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
                .count();
            assert_eq!(leftovers, 0, "no temporary file is left");
        }),
    })
}

fn export_onto_dev_null(dir: &Path) -> Option<Prepared> {
    article(dir);
    let null = Path::new("/dev/null");
    std::fs::OpenOptions::new().write(true).open(null).ok()?;
    Some(Prepared {
        args: args(&["export", "article.txt", "-o", "/dev/null"]),
        after: Box::new(move |_| {
            let node = std::fs::symlink_metadata(null).expect("/dev/null");
            assert!(node.file_type().is_char_device(), "still a device");
        }),
    })
}

fn export_onto_folder(dir: &Path) -> Option<Prepared> {
    article(dir);
    let folder = dir.join("out");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(folder.join("kept.txt"), "kept").expect("write");
    Some(Prepared {
        args: args(&["export", "article.txt", "-o", "out"]),
        after: Box::new(move |_| {
            assert!(folder.is_dir());
            assert!(folder.join("kept.txt").is_file());
        }),
    })
}

fn import_from_dev_zero(dir: &Path) -> Option<Prepared> {
    article(dir);
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "/dev/zero"]),
        after: nothing_after(),
    })
}

fn import_from_fifo(dir: &Path) -> Option<Prepared> {
    article(dir);
    if !mkfifo(&dir.join("notes.json")) {
        return None;
    }
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "notes.json"]),
        after: nothing_after(),
    })
}

fn fifo_article(dir: &Path) -> Option<Prepared> {
    if !mkfifo(&dir.join("article.txt")) {
        return None;
    }
    Some(Prepared {
        args: args(&["export", "article.txt"]),
        after: nothing_after(),
    })
}

fn fifo_in_store(dir: &Path) -> Option<Prepared> {
    article(dir);
    let notes = dir.join("data/annotations");
    std::fs::create_dir_all(&notes).expect("notes folder");
    let stray = notes.join("0000stray.ron");
    if !mkfifo(&stray) {
        return None;
    }
    Some(Prepared {
        args: args(&["export", "article.txt"]),
        after: Box::new(move |_| assert!(is_fifo(&stray), "a stray file is left alone")),
    })
}

fn fifo_as_own_notes(dir: &Path) -> Option<Prepared> {
    article(dir);
    let notes = dir.join("data/annotations");
    std::fs::create_dir_all(&notes).expect("notes folder");
    let own = notes.join(format!(
        "{}.ron",
        dramatis::annotations::fingerprint(ARTICLE)
    ));
    if !mkfifo(&own) {
        return None;
    }
    std::fs::write(dir.join("notes.json"), w3c_notes()).expect("write notes");
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "notes.json"]),
        after: Box::new(move |output| {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                stderr.contains("could not be read (it is not a regular file)")
                    && stderr.contains("moved aside"),
                "{stderr}"
            );
            assert!(
                !is_fifo(&own) && own.is_file(),
                "the FIFO was moved out of the way and the notes written"
            );
        }),
    })
}

fn ignored_end_tags(dir: &Path) -> Option<Prepared> {
    let page = format!("<html><body>{}", "<div></x>".repeat(100_000));
    std::fs::write(dir.join("divs.html"), page).expect("write page");
    Some(Prepared {
        args: args(&["text", "divs.html"]),
        after: nothing_after(),
    })
}

fn many_attributes(dir: &Path) -> Option<Prepared> {
    let attributes: String = (0..200_000).map(|i| format!(" a{i}=1")).collect();
    let page =
        format!("<html><body><p{attributes}>Natasha read the letter aloud.</p></body></html>");
    std::fs::write(dir.join("attributes.html"), page).expect("write page");
    Some(Prepared {
        args: args(&["text", "attributes.html"]),
        after: Box::new(|output| {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains("more than 256 attributes"), "{stderr}");
        }),
    })
}

fn lone_angle_brackets(dir: &Path) -> Option<Prepared> {
    let page = format!("<html><body>{}", "<1".repeat(500_000));
    std::fs::write(dir.join("brackets.html"), page).expect("write page");
    Some(Prepared {
        args: args(&["text", "brackets.html"]),
        after: nothing_after(),
    })
}

fn deep_mime(dir: &Path) -> Option<Prepared> {
    let mut archive = String::new();
    for level in 0..50_000 {
        archive.push_str(&format!(
            "Content-Type: multipart/related; boundary=\"level{level}\"\n\n--level{level}\n"
        ));
    }
    archive.push_str("Content-Type: text/html\n\n<p>Natasha read the letter aloud.</p>\n");
    std::fs::write(dir.join("deep.mhtml"), archive).expect("write archive");
    Some(Prepared {
        args: args(&["text", "deep.mhtml"]),
        after: Box::new(|output| {
            assert!(output.stdout.is_empty(), "nothing shown as the article");
        }),
    })
}

/// The sentence a load gives when it splits long paragraphs.
fn says_split(output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("split into parts for display and analysis"),
        "{stderr}"
    );
}

fn one_long_line(dir: &Path) -> Option<Prepared> {
    let line = "Natasha danced with Pierre. ".repeat(4_000_000 / 28);
    std::fs::write(dir.join("line.txt"), line.trim_end()).expect("write text");
    Some(Prepared {
        args: args(&["text", "line.txt"]),
        after: Box::new(says_split),
    })
}

fn ebook_of_one_paragraph(dir: &Path) -> Option<Prepared> {
    let paragraph = "Natasha danced with Pierre in Moscow. ".repeat(1_000_000 / 38);
    let chapter = format!(
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>{paragraph}</p></body></html>"
    );
    let book = epub_support::zip(&[
        ("mimetype", b"application/epub+zip"),
        (
            "META-INF/container.xml",
            br#"<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"#,
        ),
        (
            "content.opf",
            br#"<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>One Paragraph</dc:title></metadata><manifest><item id="c1" href="one.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine></package>"#,
        ),
        ("one.xhtml", chapter.as_bytes()),
    ]);
    std::fs::write(dir.join("paragraph.epub"), book).expect("write book");
    Some(Prepared {
        args: args(&["analyze", "paragraph.epub", "--json"]),
        after: Box::new(says_split),
    })
}

fn over_the_size_cap(dir: &Path) -> Option<Prepared> {
    // Sparse: the size is there, the bytes take no room on disk.
    let file = std::fs::File::create(dir.join("huge.txt")).expect("create");
    file.set_len(300_000_000).expect("set the size");
    Some(Prepared {
        args: args(&["analyze", "huge.txt"]),
        after: nothing_after(),
    })
}

/// The notes file of [`ARTICLE`] in `dir`'s store, its folder made.
fn own_notes_file(dir: &Path) -> PathBuf {
    let notes = dir.join("data/annotations");
    std::fs::create_dir_all(&notes).expect("notes folder");
    notes.join(format!(
        "{}.ron",
        dramatis::annotations::fingerprint(ARTICLE)
    ))
}

fn export_beside_newer_notes(dir: &Path) -> Option<Prepared> {
    article(dir);
    let own = own_notes_file(dir);
    std::fs::write(&own, "(version: 99, shelves: [])").expect("write notes");
    Some(Prepared {
        args: args(&["export", "article.txt"]),
        after: Box::new(move |output| {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains("left as it is"), "{stderr}");
            let kept = std::fs::read_to_string(&own).expect("the notes file stays");
            assert_eq!(kept, "(version: 99, shelves: [])");
        }),
    })
}

fn import_after_a_killed_run(dir: &Path) -> Option<Prepared> {
    article(dir);
    let own = own_notes_file(dir);
    let leftover = own.with_file_name(format!(
        ".{}.tmp-4242-0",
        own.file_name()?.to_string_lossy()
    ));
    std::fs::write(&leftover, "(version: 1, half").expect("write leftover");
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&leftover)
        .and_then(|f| f.set_modified(an_hour_ago))
        .expect("age the leftover");
    std::fs::write(dir.join("notes.json"), w3c_notes()).expect("write notes");
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "notes.json"]),
        after: Box::new(move |_| assert!(!leftover.exists(), "the leftover is swept")),
    })
}

fn utf32(dir: &Path, little_endian: bool) -> Option<Prepared> {
    let text = "Natasha said: «Ça va?» 🎭\n";
    let mut bytes: Vec<u8> = if little_endian {
        vec![0xFF, 0xFE, 0, 0]
    } else {
        vec![0, 0, 0xFE, 0xFF]
    };
    for c in text.chars() {
        let unit = u32::from(c);
        bytes.extend(if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        });
    }
    std::fs::write(dir.join("utf32.txt"), bytes).expect("write");
    Some(Prepared {
        args: args(&["text", "utf32.txt"]),
        after: Box::new(|output| {
            assert!(output.stderr.is_empty(), "no warning for valid UTF-32");
        }),
    })
}

fn data_folder_is_a_file(dir: &Path) -> Option<Prepared> {
    article(dir);
    std::fs::write(dir.join("data"), "not a folder").expect("write");
    std::fs::write(dir.join("notes.json"), w3c_notes()).expect("write notes");
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "notes.json"]),
        after: Box::new(|output| {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!stderr.contains("unreadable"), "{stderr}");
        }),
    })
}

fn data_folder_under_a_file(dir: &Path) -> Option<Prepared> {
    article(dir);
    std::fs::write(dir.join("notes.json"), w3c_notes()).expect("write notes");
    // The store is `dir/data`: a link to a folder that would be inside the
    // article file.
    std::os::unix::fs::symlink("article.txt/store", dir.join("data")).expect("symlink");
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "notes.json"]),
        after: Box::new(|output| {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!stderr.contains("unreadable"), "{stderr}");
        }),
    })
}

fn path_through_a_file(dir: &Path) -> Option<Prepared> {
    article(dir);
    Some(Prepared {
        args: args(&["text", "article.txt/x"]),
        after: Box::new(|output| {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(stderr.matches("os error").count(), 1, "{stderr}");
        }),
    })
}

/// One W3C annotation on [`ARTICLE`].
fn w3c_notes() -> String {
    serde_json::json!([{
        "type": "Annotation",
        "target": { "selector": { "type": "TextQuoteSelector", "exact": "Pierre Bezukhov" } }
    }])
    .to_string()
}

/// One W3C annotation quoting `exact`.
fn w3c_quote(exact: &str) -> String {
    serde_json::json!([{
        "type": "Annotation",
        "target": { "selector": { "type": "TextQuoteSelector", "exact": exact } }
    }])
    .to_string()
}

fn quote_longer_than_the_text(dir: &Path) -> Option<Prepared> {
    let text = "Natasha danced with Pierre. ".repeat(1_000_000 / 28);
    std::fs::write(dir.join("article.txt"), &text).expect("write article");
    let quote = "Pierre read the letter aloud to Natasha. ".repeat(20_000_000 / 41);
    std::fs::write(dir.join("notes.json"), w3c_quote(&quote)).expect("write notes");
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "notes.json"]),
        after: nothing_after(),
    })
}

fn quote_of_the_whole_text_changed(dir: &Path) -> Option<Prepared> {
    let text: String = (0..2_000_000 / 40)
        .map(|i| format!("Natasha danced with Pierre, {i:>8}. "))
        .collect();
    std::fs::write(dir.join("article.txt"), &text).expect("write article");
    let quote = text.replacen("danced", "talked", 1);
    std::fs::write(dir.join("notes.json"), w3c_quote(&quote)).expect("write notes");
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "notes.json"]),
        after: nothing_after(),
    })
}

fn many_annotations_twice(dir: &Path) -> Option<Prepared> {
    let text: String = (0..100_000)
        .map(|i| format!("Natasha met Pierre, {i:>6}.\n"))
        .collect();
    std::fs::write(dir.join("article.txt"), &text).expect("write article");
    let notes = |note: &str| {
        let annotations: Vec<serde_json::Value> = (0..100_000)
            .map(|i| {
                serde_json::json!({
                    "type": "Annotation",
                    "body": { "type": "TextualBody", "value": note },
                    "target": { "selector": [
                        { "type": "TextQuoteSelector", "exact": format!("Pierre, {i:>6}.") },
                        { "type": "TextPositionSelector", "start": i * 28 + 12, "end": i * 28 + 27 }
                    ] }
                })
            })
            .collect();
        serde_json::Value::Array(annotations).to_string()
    };
    std::fs::write(dir.join("first.json"), notes("first")).expect("write notes");
    std::fs::write(dir.join("notes.json"), notes("second")).expect("write notes");
    let first = run(
        dir,
        &args(&["import", "article.txt", "--from", "first.json"]),
        "the first import",
    );
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "notes.json"]),
        after: nothing_after(),
    })
}

/// 100,000 annotations quoting `who` and a number, with no position, on a
/// text of 100,000 lines naming Pierre and a number.
fn many_quotes_without_position(dir: &Path, who: &str) -> Option<Prepared> {
    let text: String = (0..100_000)
        .map(|i| format!("Natasha met Pierre, {i:>6}.\n"))
        .collect();
    std::fs::write(dir.join("article.txt"), &text).expect("write article");
    let annotations: Vec<serde_json::Value> = (0..100_000)
        .map(|i| {
            serde_json::json!({
                "type": "Annotation",
                "target": { "selector":
                    { "type": "TextQuoteSelector", "exact": format!("{who}, {i:>6}.") }
                }
            })
        })
        .collect();
    let notes = serde_json::Value::Array(annotations).to_string();
    std::fs::write(dir.join("notes.json"), notes).expect("write notes");
    Some(Prepared {
        args: args(&["import", "article.txt", "--from", "notes.json"]),
        after: nothing_after(),
    })
}
