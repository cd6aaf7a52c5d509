//! The library view, driven like a person would: Ctrl+L, Add folder… by a
//! typed path (a file that cannot be read is listed with its reason), the
//! table sorted by a header and filtered, a document opened with the
//! arrows and Enter, a search result and a quotation opened at their
//! passage.

use std::path::{Path, PathBuf};

use dramatis::analysis::EntityKind;
use dramatis::annotations::Correction;
use dramatis::annotations::store::Store;
use dramatis::app::{DramatisApp, FileChooser, sample_document};
use dramatis::library::Identities;
use dramatis::ui::Command;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};

const HARBOUR: &str = "The Harbour at Dawn

Maria Okonkwo walked along the harbour in Lisbon before sunrise. \"The boats are late again,\" Maria Okonkwo said to the fishermen.

The old lighthouse keeper, Tomas Ferreira, waved from the pier while the gulls circled.
";

const COUNCIL: &str = "# Council notes

Maria Okonkwo spoke at the Lisbon city council on Tuesday. The council approved the new ferry timetable after a long debate, and many more words followed it so that this document is the longest of the three by some way.

Later the timetable was printed and the ferry left on time.
";

const ORCHARD: &str = "Café Ærøskøbing — an orchard diary

Ingrid Solberg planted three orchards behind the café in Ærøskøbing. The apples ripened late that year.
";

/// A fresh folder for one test, with `docs` (three documents and an
/// e-book that is not one) and `data` (the notes and the library).
fn scratch(name: &str) -> (PathBuf, PathBuf) {
    let dir =
        std::env::temp_dir().join(format!("dramatis-ui-library-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let docs = dir.join("docs");
    std::fs::create_dir_all(docs.join("nested")).expect("a folder");
    std::fs::write(docs.join("harbour.txt"), HARBOUR).expect("write");
    std::fs::write(docs.join("council.md"), COUNCIL).expect("write");
    std::fs::write(docs.join("nested/orchard.txt"), ORCHARD).expect("write");
    std::fs::write(docs.join("broken.epub"), "this is not a zip archive").expect("write");
    (docs, dir.join("data"))
}

fn harness(data: &Path) -> Harness<'static, DramatisApp> {
    let mut app = DramatisApp::with_store(sample_document(), Store::at(data));
    app.set_file_chooser(FileChooser::Fallback { documents: None });
    let mut harness = Harness::builder()
        .with_size([1200.0, 800.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut DramatisApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

/// Lets the library's threads answer, then draws what they said.
fn settle(harness: &mut Harness<'static, DramatisApp>) {
    harness.run_steps(1);
    harness.state_mut().finish_library_work();
    harness.run_steps(3);
}

/// Opens the library and adds `docs` through the path window.
fn add_folder(harness: &mut Harness<'static, DramatisApp>, docs: &Path) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    settle(harness);
    harness.get_by_label("Add folder…").click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label("Add a folder to the library")
            .is_some()
    );
    harness.get_by_label("Path").focus();
    harness.run_steps(1);
    harness
        .get_by_label("Path")
        .type_text(&docs.display().to_string());
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    settle(harness);
}

/// The titles of the documents shown, in their order.
fn shown_titles(harness: &Harness<'static, DramatisApp>) -> Vec<String> {
    let app = harness.state();
    let shelf = &app.library_model().shelf;
    app.library_view()
        .order()
        .iter()
        .map(|&i| shelf[i].document.title.clone())
        .collect()
}

/// The text the reader marks as the current passage.
fn marked_text(harness: &Harness<'static, DramatisApp>) -> Option<String> {
    let app = harness.state();
    let span = app.state().marked?;
    Some(span.text(&app.document().text).to_owned())
}

#[test]
fn a_folder_added_by_its_path_fills_the_table_and_lists_the_file_it_could_not_read() {
    let (docs, data) = scratch("add");
    let mut harness = harness(&data);
    add_folder(&mut harness, &docs);

    assert_eq!(
        shown_titles(&harness),
        [
            "Café Ærøskøbing — an orchard diary",
            "Council notes",
            "The Harbour at Dawn"
        ]
    );
    for title in shown_titles(&harness) {
        assert!(harness.query_by_label(&title).is_some(), "{title} is a row");
    }
    assert!(
        harness
            .query_by_label_contains("3 documents added")
            .is_some()
    );
    let broken = docs.join("broken.epub");
    assert!(
        harness
            .query_by_label_contains(&format!(
                "not a ZIP archive (invalid Zip archive: Could not find EOCD): {}",
                broken.display()
            ))
            .is_some(),
        "the file that could not be read is listed with its reason, its path last"
    );

    // A path with no folder says so and keeps the window open.
    harness.get_by_label("Add folder…").click();
    harness.run_steps(3);
    let missing = docs.join("no such folder");
    harness.get_by_label("Path").focus();
    harness.run_steps(1);
    harness
        .get_by_label("Path")
        .type_text(&missing.display().to_string());
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    let expected = format!("There is no folder at this path: {}", missing.display());
    assert_eq!(
        harness.state().path_window_problem(),
        Some(expected.as_str())
    );
}

#[test]
fn headers_sort_and_the_filter_narrows_the_table() {
    let (docs, data) = scratch("sort");
    let mut harness = harness(&data);
    add_folder(&mut harness, &docs);

    // Length sorts longest first, a second click shortest first.
    harness.get_by_label("Length").click();
    harness.run_steps(2);
    assert_eq!(shown_titles(&harness)[0], "Council notes");
    harness.get_by_label_contains("Length").click();
    harness.run_steps(2);
    assert_eq!(shown_titles(&harness)[2], "Council notes");
    // Title, descending on the second click.
    harness.get_by_label_contains("Title").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Title").click();
    harness.run_steps(2);
    assert_eq!(shown_titles(&harness)[0], "The Harbour at Dawn");

    // Words narrow the table, in title, path or format.
    harness.get_by_label("Filter").focus();
    harness.run_steps(1);
    harness.get_by_label("Filter").type_text("nested");
    harness.run_steps(2);
    assert_eq!(
        shown_titles(&harness),
        ["Café Ærøskøbing — an orchard diary"]
    );
    // Enter in the filter opens the one document left.
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    harness.state_mut().finish_loading();
    harness.run_steps(2);
    assert_eq!(
        harness.state().document().title,
        "Café Ærøskøbing — an orchard diary"
    );
}

#[test]
fn the_arrows_choose_a_document_and_enter_opens_it() {
    let (docs, data) = scratch("keys");
    let mut harness = harness(&data);
    add_folder(&mut harness, &docs);

    harness.key_press(Key::ArrowDown);
    harness.run_steps(1);
    harness.key_press(Key::ArrowDown);
    harness.run_steps(1);
    let chosen = harness.state().library_view().selected();
    assert_eq!(chosen, Some(harness.state().library_view().order()[1]));
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    harness.state_mut().finish_loading();
    harness.run_steps(2);
    assert_eq!(harness.state().document().title, "Council notes");
    // Opened documents show when they were opened.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    settle(&mut harness);
    let app = harness.state();
    let council = app
        .library_model()
        .shelf
        .iter()
        .find(|e| e.document.title == "Council notes")
        .expect("in the library");
    assert!(council.document.opened_s.is_some());
}

#[test]
fn a_search_result_opens_the_document_at_its_passage() {
    let (docs, data) = scratch("search");
    let mut harness = harness(&data);
    add_folder(&mut harness, &docs);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run_steps(2);
    harness
        .get_by_label("Search the library")
        .type_text("timetable");
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("2 matches in 1 document")
            .is_some()
    );
    // The second match, in the last paragraph.
    harness
        .get_by_label_contains("Later the timetable was printed")
        .click();
    harness.run_steps(2);
    harness.state_mut().finish_loading();
    harness.run_steps(4);
    assert_eq!(harness.state().document().title, "Council notes");
    assert_eq!(marked_text(&harness).as_deref(), Some("timetable"));
    let marked = harness.state().state().marked.expect("marked");
    let text = &harness.state().document().text;
    assert!(text[..marked.start].contains("timetable"), "the second one");

    // A query that cannot be read says why.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    settle(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run_steps(2);
    harness
        .get_by_label("Search the library")
        .type_text(" \"ferry");
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("quotation mark that starts a phrase is not closed")
            .is_some()
    );
}

#[test]
fn an_entity_page_lists_documents_and_quotations_that_open_at_their_passage() {
    let (docs, data) = scratch("entity");
    let mut harness = harness(&data);
    add_folder(&mut harness, &docs);

    harness.get_by_label("Cast").click();
    settle(&mut harness);
    harness.get_by_label_contains("Maria Okonkwo").click();
    settle(&mut harness);
    assert!(harness.query_by_label("What Maria Okonkwo said").is_some());
    assert!(harness.query_by_label_contains("2 documents").is_some());
    harness
        .get_by_label_contains("The boats are late again")
        .click();
    harness.run_steps(2);
    harness.state_mut().finish_loading();
    harness.run_steps(4);
    assert_eq!(harness.state().document().title, "The Harbour at Dawn");
    assert_eq!(
        marked_text(&harness).as_deref(),
        Some("The boats are late again,")
    );
}

#[test]
fn a_passage_far_into_a_long_document_stays_in_view_once_opened() {
    // A long text opened after the short sample: the reader's scroll area
    // still has the sample's height on the first frame, and a jump made
    // then sprang back to the top.
    let (docs, data) = scratch("long");
    let long = docs.join("long.txt");
    let mut text = String::from("A long account\n\n");
    for k in 0..3000 {
        text.push_str(&format!(
            "Paragraph {k} tells of the river and the mill by the road.\n\n"
        ));
    }
    text.push_str("At the very end the lighthouse keeper waved.\n");
    std::fs::write(&long, &text).expect("write");
    let mut harness = harness(&data);
    let start_char = text.find("lighthouse").expect("there");
    harness.state_mut().apply(dramatis::ui::Command::OpenAt {
        path: long,
        start_char,
        end_char: start_char + "lighthouse".len(),
    });
    for _ in 0..5 {
        harness.run_steps(1);
        harness.state_mut().finish_loading();
    }
    harness.run_steps(20);
    assert_eq!(marked_text(&harness).as_deref(), Some("lighthouse"));
    let position = harness.state().reading_position().expect("shown");
    assert!(
        position.top_offset > text.len() / 2,
        "still near the end: {position:?} of {}",
        text.len()
    );
}

/// The cast the library view shows: name, kind and document count.
fn shown_cast(harness: &Harness<'static, DramatisApp>) -> Vec<(String, String, u64)> {
    match &harness.state().library_model().cast {
        Some(Ok(cast)) => cast
            .iter()
            .map(|c| (c.name.clone(), c.kind.clone(), c.documents))
            .collect(),
        other => panic!("no cast shown: {other:?}"),
    }
}

/// The reader's identity choices still in force, as kept in the file:
/// the name chosen for, the document (for a split) and what it became.
fn kept_choices(data: &Path) -> Vec<(String, Option<PathBuf>, String)> {
    let path = Identities::path_in(data);
    let identities = Identities::read(&path).expect("the identities file reads");
    let mut kept: Vec<_> = identities
        .choices
        .iter()
        .filter(|c| c.is_active())
        .filter_map(|c| {
            let becomes = c.becomes.as_ref()?;
            Some((
                c.tagged.name.clone(),
                c.document.as_ref().map(|d| d.path.clone()),
                becomes.name.clone(),
            ))
        })
        .collect();
    kept.sort();
    kept
}

#[test]
fn an_entity_is_merged_and_split_from_its_page_and_the_choice_is_kept() {
    let (docs, data) = scratch("identity");
    let mut harness = harness(&data);
    add_folder(&mut harness, &docs);
    harness.get_by_label("Cast").click();
    settle(&mut harness);
    assert!(shown_cast(&harness).contains(&("Ingrid Solberg".into(), "person".into(), 1)));

    // Merge into…: the picker lists people only, narrowed by what is typed.
    harness.get_by_label_contains("Ingrid Solberg").click();
    settle(&mut harness);
    harness.get_by_label("Merge into…").click();
    harness.run_steps(2);
    assert!(harness.query_by_label("Tomas Ferreira").is_some());
    assert!(
        harness.query_by_label("Lisbon").is_none(),
        "a place is no choice"
    );
    harness.get_by_label("Find a name").type_text("okon");
    harness.run_steps(2);
    assert!(harness.query_by_label("Tomas Ferreira").is_none());
    harness.get_by_label("Merge into Maria Okonkwo").click();
    settle(&mut harness);

    let cast = shown_cast(&harness);
    assert!(
        cast.contains(&("Maria Okonkwo".into(), "person".into(), 3)),
        "{cast:?}"
    );
    assert!(!cast.iter().any(|c| c.0 == "Ingrid Solberg"), "{cast:?}");
    assert!(
        harness
            .query_by_label_contains("mentions in 3 documents")
            .is_some(),
        "the page of the merged entity is shown"
    );
    assert_eq!(
        kept_choices(&data),
        [("Ingrid Solberg".into(), None, "Maria Okonkwo".into())]
    );

    // Split…: the council's Maria is someone else.
    harness.get_by_label("Split…").click();
    harness.run_steps(2);
    assert!(
        harness.get_by_label("Split").accesskit_node().is_disabled(),
        "nothing ticked, no name: nothing to split"
    );
    harness
        .get(
            By::new()
                .role(egui::accesskit::Role::CheckBox)
                .label_contains("Council notes"),
        )
        .click();
    harness.run_steps(1);
    harness.get_by_label("Their name for it").focus();
    harness.run_steps(1);
    harness
        .get_by_label("Their name for it")
        .type_text("Maria Okonkwo-Reyes");
    harness.run_steps(2);
    harness.get_by_label("Split").click();
    settle(&mut harness);

    let council = docs.join("council.md");
    let expected_cast = [
        ("Maria Okonkwo".to_owned(), "person".to_owned(), 2),
        ("Maria Okonkwo-Reyes".to_owned(), "person".to_owned(), 1),
    ];
    let cast = shown_cast(&harness);
    for entry in &expected_cast {
        assert!(cast.contains(entry), "{entry:?} in {cast:?}");
    }
    assert_eq!(
        kept_choices(&data),
        [
            ("Ingrid Solberg".into(), None, "Maria Okonkwo".into()),
            (
                "Maria Okonkwo".into(),
                Some(council),
                "Maria Okonkwo-Reyes".into()
            ),
        ]
    );

    // A new window on the same data folder shows the same cast.
    drop(harness);
    let mut harness = self::harness(&data);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    settle(&mut harness);
    harness.get_by_label("Cast").click();
    settle(&mut harness);
    let cast = shown_cast(&harness);
    for entry in &expected_cast {
        assert!(
            cast.contains(entry),
            "{entry:?} after a restart, in {cast:?}"
        );
    }
    assert!(!cast.iter().any(|c| c.0 == "Ingrid Solberg"), "{cast:?}");
}

#[test]
fn a_correction_in_the_window_reaches_the_library_cast_once_written() {
    let (docs, data) = scratch("corrected");
    let mut harness = harness(&data);
    add_folder(&mut harness, &docs);
    harness.get_by_label("Cast").click();
    settle(&mut harness);
    assert!(shown_cast(&harness).contains(&("Tomas Ferreira".into(), "person".into(), 1)));

    harness
        .state_mut()
        .apply(Command::Open(docs.join("harbour.txt")));
    harness.run_steps(2);
    harness.state_mut().finish_loading();
    harness.run_steps(2);
    assert_eq!(harness.state().document().title, "The Harbour at Dawn");
    harness
        .state_mut()
        .apply(Command::Correct(Correction::Rename {
            name: "Tomas Ferreira".into(),
            kind: EntityKind::Person,
            to: "Tomás Ferreira".into(),
        }));
    harness.state_mut().flush_notes();
    // The written notes are heard of on a frame and the library told; its
    // news of the documents analysed again asks for the cast.
    harness.run_steps(2);
    settle(&mut harness);
    settle(&mut harness);

    let cast = shown_cast(&harness);
    assert!(
        cast.contains(&("Tomás Ferreira".into(), "person".into(), 1)),
        "{cast:?}"
    );
    assert!(!cast.iter().any(|c| c.0 == "Tomas Ferreira"), "{cast:?}");
}
