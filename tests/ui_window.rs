//! The window at any size: F9 (or the View menu, or the button in the menu
//! bar) hides and shows the side panel, a narrow window starts without it
//! so the text has room, and Ctrl+Plus, Ctrl+Minus and Ctrl+0 zoom the
//! whole window (menus and panels too), remembered across a restart.

use dramatis::app::{DramatisApp, Preferences, sample_document};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The label of the sample's people group, in the cast panel.
const PEOPLE: &str = "People (7)";

fn sample_app() -> DramatisApp {
    DramatisApp::with_sample()
}

fn harness(app: DramatisApp, width: f32) -> Harness<'static, DramatisApp> {
    let mut harness = Harness::builder()
        .with_size([width, 600.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut DramatisApp| app.show(ui), app);
    harness.run_steps(3);
    harness
}

fn panel_shown(harness: &Harness<'_, DramatisApp>) -> bool {
    harness.query_by_label(PEOPLE).is_some()
}

#[test]
fn f9_and_the_menu_hide_and_show_the_side_panel() {
    let mut harness = harness(sample_app(), 1000.0);
    assert!(panel_shown(&harness));
    let text_width = harness.state().reader_viewport().width();

    harness.key_press(Key::F9);
    harness.run_steps(2);
    assert!(!panel_shown(&harness), "F9 hides the panel");
    assert!(
        harness.state().reader_viewport().width() > text_width + 150.0,
        "the text takes the room"
    );
    assert_eq!(harness.state().preferences().side_panel, Some(false));

    harness.key_press(Key::F9);
    harness.run_steps(2);
    assert!(panel_shown(&harness), "F9 shows it again");

    // The View menu's item does the same, and so does the menu bar's button.
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness
        .get_all_by_label("Side panel")
        .last()
        .expect("the menu item")
        .click();
    harness.run_steps(2);
    assert!(!panel_shown(&harness), "the menu hides the panel");
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    harness
        .get_all_by_label("Side panel")
        .next()
        .expect("the menu bar's button")
        .click();
    harness.run_steps(2);
    assert!(panel_shown(&harness), "the button shows it");
}

#[test]
fn a_narrow_window_starts_without_the_panel_and_f9_brings_a_narrow_one() {
    let mut harness = harness(sample_app(), 520.0);
    assert!(!panel_shown(&harness), "no panel at 520 points");
    let text_width = harness.state().reader_viewport().width();
    assert!(text_width > 480.0, "the text has the window: {text_width}");

    harness.key_press(Key::F9);
    harness.run_steps(2);
    assert!(panel_shown(&harness), "F9 shows it anyway");
    let text_width = harness.state().reader_viewport().width();
    assert!(
        text_width >= 0.5 * 520.0,
        "the panel leaves the text half the window: {text_width}"
    );

    // Once chosen, the choice holds at any width.
    harness.set_size(egui::vec2(1000.0, 600.0));
    harness.key_press(Key::F9);
    harness.run_steps(2);
    assert!(!panel_shown(&harness));
}

#[test]
fn zoom_keys_scale_the_whole_window_and_are_remembered() {
    let mut harness = harness(sample_app(), 1000.0);
    let text_size = harness.state().state().text_size;
    let steps = [
        (Key::Plus, 1.1),
        (Key::Equals, 1.2),
        (Key::Minus, 1.1),
        (Key::Num0, 1.0),
        (Key::Plus, 1.1),
    ];
    for (key, expected) in steps {
        harness.key_press_modifiers(Modifiers::COMMAND, key);
        harness.run_steps(2);
        assert_eq!(harness.state().state().ui_scale, expected, "{key:?}");
        assert!(
            (harness.ctx.zoom_factor() - expected).abs() < 1e-6,
            "{key:?}: egui zooms to {}",
            harness.ctx.zoom_factor()
        );
    }
    assert_eq!(
        harness.state().state().text_size,
        text_size,
        "the reading size is its own setting"
    );

    // The scale is a preference, restored on the next start.
    let preferences: Preferences = harness.state().preferences().clone();
    assert_eq!(preferences.ui_scale, 1.1);
    let app = DramatisApp::from_parts_with_preferences(
        sample_document(),
        dramatis::analysis::Analysis::default(),
        preferences,
    );
    let harness = self::harness(app, 1000.0);
    assert!((harness.ctx.zoom_factor() - 1.1).abs() < 1e-6);
}
