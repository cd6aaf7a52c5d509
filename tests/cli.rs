//! The command line: `dramatis analyze FILE --json` keeps its contract
//! (character offsets that map to the right text, order, speakers), and bad
//! input gives a message naming the file and a non-zero exit status.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dramatis::analysis::{Analysis, Entity, EntityKind, Mention, Quote, Speaker, SpeakerStep};
use dramatis::cli::AnalyzeOutput;
use dramatis::document::{self, Format};
use dramatis::span::Span;
use serde_json::Value;

fn dramatis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dramatis"))
        .args(args)
        .output()
        .expect("run dramatis")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir.join(name)
}

fn sample_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample_article.txt")
}

/// Runs `analyze --json` on `path` and checks the whole contract against
/// `text`, the document text (the file without a byte-order mark). Returns
/// the parsed JSON.
fn analyze_and_check(path: &Path, text: &str) -> Value {
    let output = dramatis(&["analyze", path.to_str().expect("utf-8 path"), "--json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{path:?}: {stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("stdout is one JSON object");
    check_contract(&json, text);
    // Every mention the analyser makes says why it was tagged.
    for entity in json["entities"].as_array().expect("entities") {
        for mention in entity["mentions"].as_array().expect("mentions") {
            let reason = mention["reason"].as_str().unwrap_or_default();
            assert!(!reason.is_empty(), "a mention without a reason: {mention}");
        }
    }
    json
}

/// Checks the JSON shape and that every offset is a character range of
/// `text` whose slice is the text the JSON reports.
fn check_contract(json: &Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let slice = |start: u64, end: u64| -> String {
        let (start, end) = (start as usize, end as usize);
        assert!(
            start < end && end <= chars.len(),
            "offsets {start}..{end} out of range {}",
            chars.len()
        );
        chars[start..end].iter().collect()
    };
    assert!(json["title"].is_string(), "title: {json}");
    let entities = json["entities"].as_array().expect("entities is an array");
    let mut previous_first = 0;
    for (i, entity) in entities.iter().enumerate() {
        assert_eq!(
            entity["id"].as_u64(),
            Some(i as u64),
            "ids count up: {entity}"
        );
        let kind = entity["kind"].as_str().expect("kind");
        assert!(
            ["person", "place", "organization"].contains(&kind),
            "{kind}"
        );
        assert!(!entity["name"].as_str().expect("name").is_empty());
        let mentions = entity["mentions"].as_array().expect("mentions");
        assert!(!mentions.is_empty(), "an entity without mentions: {entity}");
        let mut previous = 0;
        for mention in mentions {
            let start = mention["start"].as_u64().expect("start");
            let end = mention["end"].as_u64().expect("end");
            assert!(start >= previous, "mentions out of order: {entity}");
            previous = start;
            let written = slice(start, end);
            assert_eq!(
                mention["text"].as_str(),
                Some(written.as_str()),
                "{mention}"
            );
            assert_eq!(
                written.trim(),
                written,
                "mention with space at an edge: {written:?}"
            );
        }
        let first = mentions[0]["start"].as_u64().expect("start");
        assert!(
            first >= previous_first,
            "entities not ordered by first mention"
        );
        previous_first = first;
    }
    let quotes = json["quotes"].as_array().expect("quotes is an array");
    let mut previous = 0;
    for quote in quotes {
        let start = quote["start"].as_u64().expect("start");
        let end = quote["end"].as_u64().expect("end");
        assert!(start >= previous, "quotes out of order");
        previous = start;
        assert_eq!(
            quote["text"].as_str(),
            Some(slice(start, end).as_str()),
            "{quote}"
        );
        match &quote["speaker"] {
            Value::Null => {}
            Value::Number(id) => {
                let entity = &entities[id.as_u64().expect("id") as usize];
                assert_eq!(quote["speaker_name"], entity["name"], "{quote}");
            }
            other => panic!("speaker is {other}"),
        }
        assert!(quote["speaker_name"].is_null() || quote["speaker_name"].is_string());
        // Every quotation says how its speaker was chosen, "id: sentence".
        let reason = quote["reason"].as_str().unwrap_or_default();
        let (step, why) = reason.split_once(": ").unwrap_or_default();
        assert!(!step.is_empty() && !why.is_empty(), "{quote}");
        assert_eq!(
            step == "unknown",
            quote["speaker_name"].is_null(),
            "{quote}"
        );
    }
}

#[test]
fn sample_article_json_keeps_the_contract() {
    let path = sample_path();
    let text = std::fs::read_to_string(&path).expect("read sample");
    let json = analyze_and_check(&path, &text);
    // The title the window shows, not the file's name.
    assert_eq!(json["title"], dramatis::document::SAMPLE_TITLE);
}

#[test]
fn offsets_are_characters_in_awkward_files() {
    // (file name, bytes, the document text the offsets index)
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "multibyte.txt",
            "Ünïcödé “prefix” — 日本語 🎉 first. Vladimir Putin met Kim Jong-un in Russia.\n“We will talk,” Putin said.\n".as_bytes(),
            "Ünïcödé “prefix” — 日本語 🎉 first. Vladimir Putin met Kim Jong-un in Russia.\n“We will talk,” Putin said.\n",
        ),
        (
            "crlf.txt",
            b"Kim meets Putin\r\nVladimir Putin met Kim Jong-un in Russia.\r\n\"We will talk,\" Putin said.\r\n",
            "Kim meets Putin\r\nVladimir Putin met Kim Jong-un in Russia.\r\n\"We will talk,\" Putin said.\r\n",
        ),
        (
            "bom.txt",
            "\u{feff}Café owner Vladimir Putin met Kim Jong-un in Russia’s Far East.\n".as_bytes(),
            "Café owner Vladimir Putin met Kim Jong-un in Russia’s Far East.\n",
        ),
        (
            "wrapped.txt",
            "“Well, Prince,” said Anna Pávlovna Schérer to Prince Vasíli\nKurágin in St. Petersburg.\n\nThe prince, Vasíli, smiled at\nAnna Pávlovna.\n".as_bytes(),
            "“Well, Prince,” said Anna Pávlovna Schérer to Prince Vasíli\nKurágin in St. Petersburg.\n\nThe prince, Vasíli, smiled at\nAnna Pávlovna.\n",
        ),
        (
            "story.md",
            "# Kim in Russia\n\n*Vladimir Putin* met **Kim Jong-un** in [Russia](https://example.org).\n".as_bytes(),
            "Kim in Russia\n\nVladimir Putin met Kim Jong-un in Russia.",
        ),
    ];
    for (name, bytes, text) in cases {
        let path = scratch(name);
        std::fs::write(&path, bytes).expect("write scratch file");
        analyze_and_check(&path, text);
    }
}

/// The JSON conversion itself, on an analysis made by hand: byte spans after
/// multi-byte characters become the right character offsets, entities are
/// ordered by first mention and renumbered, speakers follow the renumbering.
#[test]
fn output_converts_bytes_to_characters_and_orders_entities() {
    let text = "Ünïcödé — “We will talk,” said Vladimir Putin. Kim Jong-un nodded; Putin smiled in Russia.";
    let doc = document::from_text(text.to_owned(), Format::PlainText, None, "Talks");
    let span_of = |needle: &str, nth: usize| {
        let start = text.match_indices(needle).nth(nth).expect(needle).0;
        Span::new(start, start + needle.len())
    };
    let mention = |needle, nth, entity| Mention {
        span: span_of(needle, nth),
        entity,
        reason: Default::default(),
    };
    // Entity 0 (Kim) is first in the analysis but mentioned after Putin.
    let mentions = vec![
        mention("Vladimir Putin", 0, 1),
        mention("Kim Jong-un", 0, 0),
        mention("Putin", 1, 1),
        mention("Russia", 0, 2),
    ];
    let entity = |id, kind, name: &str, mentions: Vec<usize>| Entity {
        id,
        kind,
        name: name.to_owned(),
        mentions,
    };
    let analysis = Analysis {
        entities: vec![
            entity(0, EntityKind::Person, "Kim Jong-un", vec![1]),
            entity(1, EntityKind::Person, "Vladimir Putin", vec![0, 2]),
            entity(2, EntityKind::Place, "Russia", vec![3]),
            entity(3, EntityKind::Organization, "Unmentioned", vec![]),
        ],
        mentions,
        quotes: vec![Quote {
            span: span_of("We will talk,", 0),
            speaker: Speaker::Entity(1),
            step: SpeakerStep::Named,
        }],
        warnings: Vec::new(),
    };
    let output = AnalyzeOutput::new(&doc, &analysis);
    let json = serde_json::to_value(&output).expect("serialize");
    check_contract(&json, text);
    let chars: Vec<char> = text.chars().collect();
    let names: Vec<&str> = output.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Vladimir Putin", "Kim Jong-un", "Russia"]);
    let putin: Vec<String> = output.entities[0]
        .mentions
        .iter()
        .map(|m| chars[m.start..m.end].iter().collect())
        .collect();
    assert_eq!(putin, ["Vladimir Putin", "Putin"]);
    let first = &output.entities[0].mentions[0];
    assert_eq!(
        (first.start, first.end),
        (31, 45),
        "character, not byte, offsets"
    );
    assert_eq!(output.quotes[0].speaker, Some(0));
    assert_eq!(
        output.quotes[0].speaker_name.as_deref(),
        Some("Vladimir Putin")
    );
    assert_eq!(output.quotes[0].text, "We will talk,");
    assert_eq!(output.quotes[0].reason, "named: named beside the quotation");
    // The other names used for Putin, and no alias repeating the name.
    assert_eq!(output.entities[0].aliases, ["Putin"]);
    assert!(output.entities[1].aliases.is_empty());
    assert_eq!(output.title, "Talks");
    let table = dramatis::cli::cast_table(&doc, &analysis);
    for line in [
        "person",
        "Vladimir Putin",
        "place",
        "Quotes (1)",
        "“We will talk,”",
    ] {
        assert!(table.contains(line), "{line:?} missing from\n{table}");
    }
}

#[test]
fn table_output_names_the_title_cast_and_quotes() {
    let path = sample_path();
    let output = dramatis(&["analyze", path.to_str().expect("utf-8 path")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("utf-8 output");
    let first_line = format!("{}\n", dramatis::document::SAMPLE_TITLE);
    assert!(stdout.starts_with(&first_line), "{stdout}");
    assert!(
        stdout.contains("Cast") && stdout.contains("Quotes"),
        "{stdout}"
    );
}

#[test]
fn bad_files_exit_non_zero_naming_the_path() {
    let empty = scratch("empty.txt");
    std::fs::write(&empty, b"").expect("write");
    let binary = scratch("picture.txt");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00").expect("write");
    let folder = scratch("folder");
    std::fs::create_dir_all(&folder).expect("create folder");
    let missing = scratch("missing.txt");
    let _ = std::fs::remove_file(&missing);
    // (path, words in the message)
    let cases = [
        (&missing, "does not exist"),
        (&empty, "empty"),
        (&binary, "not a text file"),
        (&folder, "folder"),
    ];
    for (path, words) in cases {
        let shown = path.to_str().expect("utf-8 path");
        for args in [vec!["analyze", shown, "--json"], vec!["analyze", shown]] {
            let output = dramatis(&args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{args:?} succeeded");
            assert!(stderr.contains(words), "{stderr:?} lacks {words:?}");
            assert!(
                stderr.trim_end().ends_with(shown),
                "{stderr:?} does not end with the path"
            );
            assert!(output.stdout.is_empty(), "{args:?} printed to stdout");
        }
    }
}

#[test]
fn usage_table() {
    // (arguments, exit code, text on stdout, text on stderr)
    let version = format!("dramatis {}", env!("CARGO_PKG_VERSION"));
    let cases: [(&[&str], i32, &str, &str); 6] = [
        (&["--help"], 0, "Usage:", ""),
        (&["-h"], 0, "dramatis analyze FILE", ""),
        (&["--version"], 0, &version, ""),
        (&["--frobnicate"], 2, "", "unknown option --frobnicate"),
        (&["analyze"], 2, "", "analyze needs a FILE"),
        (
            &["analyze", "a.txt", "b.txt"],
            2,
            "",
            "unexpected argument b.txt",
        ),
    ];
    for (args, code, stdout, stderr) in cases {
        let output = dramatis(args);
        assert_eq!(output.status.code(), Some(code), "{args:?}");
        let out = String::from_utf8_lossy(&output.stdout);
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(out.contains(stdout), "{args:?}: stdout {out:?}");
        assert!(err.contains(stderr), "{args:?}: stderr {err:?}");
        if code != 0 {
            assert!(
                err.contains("Usage:"),
                "{args:?}: usage missing from {err:?}"
            );
        }
    }
}

/// Every article of the shared evaluation folders, when they sit beside the
/// project: the contract holds on real news text, not just on fixtures.
#[test]
fn shared_evaluation_articles_keep_the_contract() {
    let eval = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval");
    let mut checked = 0;
    for folder in ["seed", "wikinews-dev", "gum-dev"] {
        let Ok(entries) = std::fs::read_dir(eval.join(folder)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).expect("read article");
            let text = String::from_utf8(bytes).expect("articles are UTF-8");
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            analyze_and_check(&path, text);
            checked += 1;
        }
    }
    if checked == 0 {
        eprintln!(
            "skipped: no shared evaluation folders at {}",
            eval.display()
        );
    }
}
