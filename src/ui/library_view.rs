//! The library view (Ctrl+L): every document in the library in a
//! virtualized table (only the rows in view are drawn), sorted by any
//! column and filtered by words, format or tag; the search box; the
//! library's cast; and an import's progress with its Cancel and the files
//! that could not be read.
//!
//! Like every panel it does no IO: the app fills a [`LibraryModel`] from
//! the library's threads and applies the [`Command`]s pushed here. The
//! table's cells ([`ShelfRows`]) are made on the library's thread with the
//! shelf, so a frame never formats thousands of rows; a frame only sorts
//! and filters indices, and only when the sort or filter changed.

use std::collections::HashMap;
use std::path::PathBuf;

use egui::{Align2, Key, ProgressBar, RichText, ScrollArea, Sense, TextEdit, Ui};

use crate::library::{CastEntry, Failure, ShelfEntry};
use crate::ui::library_cast::{EntityPage, LibraryCast};
use crate::ui::library_search::{LibrarySearch, SearchResults};
use crate::ui::{Command, chrome, theme};

/// How tall a row of the table is, in points.
pub const ROW_HEIGHT: f32 = 24.0;

/// Whether the library can be used.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum LibraryStatus {
    /// Not started yet (it starts with the window, or on first use).
    #[default]
    Closed,
    /// Opening (and rescanning).
    Starting,
    /// Open.
    Ready,
    /// It could not be opened; the sentence says why and names the file.
    Failed(String),
}

/// An add's progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddProgress {
    /// What is being added.
    pub label: String,
    /// Files read.
    pub done: usize,
    /// Files to read.
    pub total: usize,
    /// Whether the reader asked for it (and may cancel it), or it is the
    /// library keeping up with its folders.
    pub asked: bool,
}

/// How an add the reader asked for went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddOutcome {
    /// One sentence: what was added, updated, removed.
    pub summary: String,
    /// The files that could not be read, each with its reason.
    pub failed: Vec<Failure>,
}

/// What the library view shows, as the app last heard from the library.
#[derive(Debug, Default)]
pub struct LibraryModel {
    /// Whether the library can be used.
    pub status: LibraryStatus,
    /// Every document.
    pub shelf: Vec<ShelfEntry>,
    /// The table's cells of `shelf`, in its order.
    pub rows: ShelfRows,
    /// Counts the changes of `shelf`, so views know to redo their order.
    pub shelf_version: u64,
    /// An add under way.
    pub progress: Option<AddProgress>,
    /// The last add the reader asked for, until dismissed.
    pub outcome: Option<AddOutcome>,
    /// The search sent and not yet answered.
    pub searching: Option<String>,
    /// The last search's answer.
    pub results: Option<Result<SearchResults, String>>,
    /// The library's cast, once asked for.
    pub cast: Option<Result<Vec<CastEntry>, String>>,
    /// The entity page asked for last.
    pub entity: Option<Result<EntityPage, String>>,
    /// Where the reader was in each document: fingerprint to byte offset.
    pub positions: HashMap<String, usize>,
    /// Counts the changes of `positions`.
    pub positions_version: u64,
}

impl LibraryModel {
    /// Takes a new shelf and its cells, made together by
    /// [`ShelfRows::new`].
    pub fn set_shelf(&mut self, shelf: Vec<ShelfEntry>, rows: ShelfRows) {
        self.shelf = shelf;
        self.rows = rows;
        self.shelf_version += 1;
    }

    /// The status line under the library: how many documents and words.
    pub fn status_text(&self) -> String {
        let words: u64 = self.shelf.iter().map(|e| e.document.words).sum();
        let highlights: usize = self.shelf.iter().map(|e| e.highlights).sum();
        format!(
            "{} in the library · {} · {}",
            chrome::counted(self.shelf.len(), "document", "documents"),
            chrome::counted(words as usize, "word", "words"),
            chrome::counted(highlights, "highlight", "highlights"),
        )
    }
}

/// What the library view shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LibraryTab {
    /// The table of documents.
    #[default]
    Documents,
    /// The search box and its results.
    Search,
    /// The library's cast and entity pages.
    Cast,
}

/// A column of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// The title.
    Title,
    /// The byline.
    Author,
    /// The folder the file is in.
    Source,
    /// The date the document gives.
    Date,
    /// The file's format.
    Format,
    /// Its length in words.
    Length,
    /// How far the reader got.
    Progress,
    /// How many highlights the reader made.
    Highlights,
    /// When it was last opened here.
    Opened,
}

impl Column {
    /// Every column, left to right.
    pub const ALL: [Column; 9] = [
        Column::Title,
        Column::Author,
        Column::Source,
        Column::Date,
        Column::Format,
        Column::Length,
        Column::Progress,
        Column::Highlights,
        Column::Opened,
    ];

    /// The header's text.
    pub fn label(self) -> &'static str {
        match self {
            Column::Title => "Title",
            Column::Author => "Author",
            Column::Source => "Source",
            Column::Date => "Date",
            Column::Format => "Format",
            Column::Length => "Length",
            Column::Progress => "Progress",
            Column::Highlights => "Highlights",
            Column::Opened => "Last opened",
        }
    }

    /// The column's width in points; the title takes what is left.
    fn width(self) -> f32 {
        match self {
            Column::Title => 0.0,
            Column::Author => 150.0,
            Column::Source => 110.0,
            Column::Date => 96.0,
            Column::Format => 74.0,
            Column::Length => 96.0,
            Column::Progress => 76.0,
            Column::Highlights => 84.0,
            Column::Opened => 104.0,
        }
    }

    /// Whether numbers in it read right-aligned.
    fn numeric(self) -> bool {
        matches!(self, Column::Length | Column::Progress | Column::Highlights)
    }
}

/// One document's cells, made once per change of the shelf. The progress
/// cell is left empty: it follows the reading positions, and is made for
/// the rows in view.
#[derive(Clone, Debug)]
struct RowText {
    cells: [String; 9],
    /// Title, byline, path, format and tags in lower case, for the filter.
    haystack: String,
    title_key: String,
    author_key: String,
    source_key: String,
}

/// The table's cells of every document of a shelf, in the shelf's order,
/// the formats and tags of the filters' lists, and each document's place by
/// each column of text.
#[derive(Clone, Debug, Default)]
pub struct ShelfRows {
    rows: Vec<RowText>,
    formats: Vec<String>,
    tags: Vec<String>,
    places: Places,
}

/// Each document's place among the shelf's by a column of text, so that a
/// frame's sort compares numbers, not texts. Equal texts share a place;
/// places by title are told apart by path, and break every tie.
#[derive(Clone, Debug, Default)]
struct Places {
    title: Vec<u32>,
    author: Vec<u32>,
    source: Vec<u32>,
    date: Vec<u32>,
    format: Vec<u32>,
}

/// The place of each of `count` items in the order `compare` gives them,
/// items it holds equal sharing one.
fn places(count: usize, compare: impl Fn(usize, usize) -> std::cmp::Ordering) -> Vec<u32> {
    let mut sorted: Vec<usize> = (0..count).collect();
    sorted.sort_unstable_by(|&a, &b| compare(a, b));
    let mut place = vec![0; count];
    let mut at = 0u32;
    for (k, &i) in sorted.iter().enumerate() {
        if k > 0 && compare(sorted[k - 1], i).is_ne() {
            at += 1;
        }
        place[i] = at;
    }
    place
}

impl ShelfRows {
    /// The cells of `shelf`: made by the library's thread when it reads the
    /// shelf, a few milliseconds for thousands of documents.
    pub fn new(shelf: &[ShelfEntry]) -> Self {
        let zone = jiff::tz::TimeZone::system();
        let rows: Vec<RowText> = shelf.iter().map(|entry| row_text(entry, &zone)).collect();
        let mut formats: Vec<String> = shelf.iter().map(|e| e.document.format.clone()).collect();
        formats.sort_unstable();
        formats.dedup();
        let mut tags: Vec<String> = shelf.iter().flat_map(|e| e.tags.clone()).collect();
        tags.sort_unstable();
        tags.dedup();
        let n = rows.len();
        let date = |i: usize| shelf[i].published.as_deref().unwrap_or("");
        let places = Places {
            title: places(n, |a, b| {
                (rows[a].title_key.cmp(&rows[b].title_key))
                    .then_with(|| shelf[a].document.path.cmp(&shelf[b].document.path))
            }),
            author: places(n, |a, b| rows[a].author_key.cmp(&rows[b].author_key)),
            source: places(n, |a, b| rows[a].source_key.cmp(&rows[b].source_key)),
            date: places(n, |a, b| date(a).cmp(date(b))),
            format: places(n, |a, b| {
                shelf[a].document.format.cmp(&shelf[b].document.format)
            }),
        };
        Self {
            rows,
            formats,
            tags,
            places,
        }
    }

    /// How many documents it has the cells of.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// The library view's own state: tab, filters, sort, selection.
#[derive(Debug)]
pub struct LibraryView {
    /// What is shown.
    pub tab: LibraryTab,
    /// Words every shown document has in its title, author, path or tags.
    pub filter: String,
    /// The format shown, or all.
    pub format: Option<String>,
    /// The tag shown, or all.
    pub tag: Option<String>,
    /// The column sorted by, and whether ascending.
    pub sort: (Column, bool),
    /// The selected document, by its index in the shelf.
    selected: Option<usize>,
    /// The search box.
    pub search: LibrarySearch,
    /// The cast tab.
    pub cast: LibraryCast,
    /// Indices into the shelf, filtered and sorted.
    order: Vec<usize>,
    /// What `order` was made from.
    order_for: Option<OrderKey>,
    /// Scroll so the selected row is in view on the next frame.
    scroll_to_selected: bool,
    /// The table's scroll offset and height, as last drawn.
    scroll_y: f32,
    view_height: f32,
    /// Put the keyboard in the filter on the next frame.
    pub focus_filter: bool,
}

#[derive(Clone, Debug, PartialEq)]
struct OrderKey {
    rows: (u64, u64),
    filter: String,
    format: Option<String>,
    tag: Option<String>,
    sort: (Column, bool),
}

impl Default for LibraryView {
    fn default() -> Self {
        Self {
            tab: LibraryTab::Documents,
            filter: String::new(),
            format: None,
            tag: None,
            sort: (Column::Title, true),
            selected: None,
            search: LibrarySearch::default(),
            cast: LibraryCast::default(),
            order: Vec::new(),
            order_for: None,
            scroll_to_selected: false,
            scroll_y: 0.0,
            view_height: 0.0,
            focus_filter: false,
        }
    }
}

impl LibraryView {
    /// The shelf's indices of the documents shown, in their order, as last
    /// drawn.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The selected document's index in the shelf.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Shows the search tab with the keyboard in its box.
    pub fn show_search(&mut self) {
        self.tab = LibraryTab::Search;
        self.search.focus_requested = true;
    }

    /// Draws the view and pushes what the person asked for.
    pub fn ui(&mut self, ui: &mut Ui, model: &LibraryModel, commands: &mut Vec<Command>) {
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(12, 8))
            .show(ui, |ui| {
                self.header_ui(ui, model, commands);
                ui.separator();
                match &model.status {
                    LibraryStatus::Failed(message) => {
                        ui.colored_label(ui.visuals().error_fg_color, message.as_str());
                        return;
                    }
                    LibraryStatus::Closed | LibraryStatus::Starting if model.shelf.is_empty() => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label("Opening the library…");
                        });
                        return;
                    }
                    _ => {}
                }
                match self.tab {
                    LibraryTab::Documents => self.documents_ui(ui, model, commands),
                    LibraryTab::Search => self.search.ui(
                        ui,
                        model.results.as_ref(),
                        model.searching.as_deref(),
                        commands,
                    ),
                    LibraryTab::Cast => {
                        let dates: HashMap<PathBuf, String> = if self.cast.open.is_some() {
                            model
                                .shelf
                                .iter()
                                .filter_map(|e| {
                                    Some((e.document.path.clone(), e.published.clone()?))
                                })
                                .collect()
                        } else {
                            HashMap::new()
                        };
                        self.cast.ui(
                            ui,
                            model.cast.as_ref(),
                            model.entity.as_ref(),
                            &dates,
                            commands,
                        );
                    }
                }
            });
    }

    /// The tabs, Add folder…, an add's progress and its outcome.
    fn header_ui(&mut self, ui: &mut Ui, model: &LibraryModel, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.heading("Library");
            ui.add_space(12.0);
            let tabs = [
                (
                    LibraryTab::Documents,
                    format!("Documents ({})", model.shelf.len()),
                ),
                (LibraryTab::Search, "Search".to_owned()),
                (LibraryTab::Cast, "Cast".to_owned()),
            ];
            for (tab, label) in tabs {
                if ui.selectable_label(self.tab == tab, label).clicked() {
                    self.tab = tab;
                    match tab {
                        LibraryTab::Search => self.search.focus_requested = true,
                        LibraryTab::Cast => commands.push(Command::LoadLibraryCast),
                        LibraryTab::Documents => {}
                    }
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Back to the text").clicked() {
                    commands.push(Command::ToggleLibrary);
                }
                if ui.button("Add folder…").clicked() {
                    commands.push(Command::AddFolderDialog);
                }
            });
        });
        if let Some(progress) = &model.progress {
            ui.horizontal(|ui| {
                let fraction = if progress.total == 0 {
                    0.0
                } else {
                    progress.done as f32 / progress.total as f32
                };
                let text = format!(
                    "{}… {} of {}",
                    progress.label, progress.done, progress.total
                );
                ui.add(
                    ProgressBar::new(fraction)
                        .text(text)
                        .desired_width(ui.available_width().min(420.0)),
                );
                if progress.asked && ui.button("Cancel").clicked() {
                    commands.push(Command::CancelLibraryAdd);
                }
            });
        }
        if let Some(outcome) = &model.outcome {
            ui.horizontal_wrapped(|ui| {
                ui.label(outcome.summary.as_str());
                if ui.small_button("Dismiss").clicked() {
                    commands.push(Command::DismissLibraryOutcome);
                }
            });
            if !outcome.failed.is_empty() {
                let title = format!(
                    "{} could not be read",
                    chrome::counted(outcome.failed.len(), "file", "files")
                );
                egui::CollapsingHeader::new(RichText::new(title).color(ui.visuals().warn_fg_color))
                    .id_salt("library failures")
                    .default_open(outcome.failed.len() <= 5)
                    .show(ui, |ui| {
                        ScrollArea::vertical()
                            .max_height(120.0)
                            .id_salt("library failures list")
                            .show(ui, |ui| {
                                for failure in &outcome.failed {
                                    ui.label(capitalised(&failure.reason));
                                }
                            });
                    });
            }
        }
    }

    /// The filters and the table.
    fn documents_ui(&mut self, ui: &mut Ui, model: &LibraryModel, commands: &mut Vec<Command>) {
        if self.selected.is_some_and(|s| s >= model.shelf.len()) {
            self.selected = None;
        }
        if model.shelf.is_empty() {
            ui.add_space(12.0);
            ui.label(
                "The library is empty. Documents you open are added to it, and so is \
                 every document in a folder you add with Add folder… above.",
            );
            return;
        }
        let mut enter_in_filter = false;
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            let response = ui
                .add(
                    TextEdit::singleline(&mut self.filter)
                        .hint_text("words in the title, author, path or tags")
                        .desired_width(280.0),
                )
                .labelled_by(label.id);
            if self.focus_filter {
                response.request_focus();
                self.focus_filter = false;
            }
            enter_in_filter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            choice_ui(
                ui,
                "Format",
                "All formats",
                &model.rows.formats,
                &mut self.format,
            );
            choice_ui(ui, "Tag", "All tags", &model.rows.tags, &mut self.tag);
        });
        self.update_order(model);
        if self.order.len() != model.shelf.len() {
            ui.weak(format!(
                "{} of {} shown",
                self.order.len(),
                model.shelf.len()
            ));
        }
        self.keys(ui, enter_in_filter, model, commands);
        ui.add_space(4.0);
        self.table_ui(ui, model, commands);
    }

    /// Arrows, Page Up and Down, Home and End move the selection; Enter
    /// opens it. The arrows work from the filter field too.
    fn keys(
        &mut self,
        ui: &mut Ui,
        enter_in_filter: bool,
        model: &LibraryModel,
        commands: &mut Vec<Command>,
    ) {
        let typing = ui.ctx().text_edit_focused();
        let page = ((self.view_height / ROW_HEIGHT).floor() as isize - 1).max(1);
        let (down, up, page_down, page_up, home, end, enter) = ui.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, Key::ArrowDown),
                i.consume_key(egui::Modifiers::NONE, Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, Key::PageDown),
                i.consume_key(egui::Modifiers::NONE, Key::PageUp),
                !typing && i.consume_key(egui::Modifiers::NONE, Key::Home),
                !typing && i.consume_key(egui::Modifiers::NONE, Key::End),
                !typing && i.consume_key(egui::Modifiers::NONE, Key::Enter),
            )
        });
        let step = if down {
            1
        } else if up {
            -1
        } else if page_down {
            page
        } else if page_up {
            -page
        } else if home {
            isize::MIN / 2
        } else if end {
            isize::MAX / 2
        } else {
            0
        };
        if step != 0 && !self.order.is_empty() {
            let at = self
                .selected
                .and_then(|s| self.order.iter().position(|&i| i == s));
            let next = match at {
                None if step > 0 => 0,
                None => self.order.len() - 1,
                Some(at) => at.saturating_add_signed(step).min(self.order.len() - 1),
            };
            self.selected = Some(self.order[next]);
            self.scroll_to_selected = true;
        }
        if (enter || enter_in_filter)
            && let Some(entry) = self
                .selected
                .filter(|s| self.order.contains(s))
                .or_else(|| (self.order.len() == 1).then(|| self.order[0]))
                .and_then(|s| model.shelf.get(s))
        {
            commands.push(Command::Open(entry.document.path.clone()));
        }
    }

    /// The header and the rows in view.
    fn table_ui(&mut self, ui: &mut Ui, model: &LibraryModel, commands: &mut Vec<Command>) {
        let fixed: f32 = Column::ALL.iter().map(|c| c.width()).sum();
        let title_width = (ui.available_width() - fixed - 16.0).max(160.0);
        let width = |c: Column| {
            if c == Column::Title {
                title_width
            } else {
                c.width()
            }
        };
        let (header, _) =
            ui.allocate_exact_size(egui::vec2(ui.available_width(), ROW_HEIGHT), Sense::hover());
        let mut x = header.left();
        for column in Column::ALL {
            let rect = egui::Rect::from_min_size(
                egui::pos2(x, header.top()),
                egui::vec2(width(column), ROW_HEIGHT),
            );
            x += width(column);
            self.header_cell_ui(ui, rect, column);
        }
        ui.separator();
        let mut area = ScrollArea::vertical()
            .auto_shrink([false, false])
            .id_salt("library table");
        if self.scroll_to_selected {
            self.scroll_to_selected = false;
            if let Some(at) = self
                .selected
                .and_then(|s| self.order.iter().position(|&i| i == s))
            {
                // show_rows spaces rows by their height and the item spacing.
                let row = ROW_HEIGHT + ui.spacing().item_spacing.y;
                let top = at as f32 * row;
                if top < self.scroll_y {
                    area = area.vertical_scroll_offset(top);
                } else if top + row > self.scroll_y + self.view_height {
                    area = area.vertical_scroll_offset(top + row - self.view_height);
                }
            }
        }
        let dark = ui.visuals().dark_mode;
        let output = area.show_rows(ui, ROW_HEIGHT, self.order.len(), |ui, range| {
            for at in range {
                let Some(&index) = self.order.get(at) else {
                    continue;
                };
                let (Some(entry), Some(row)) = (model.shelf.get(index), model.rows.rows.get(index))
                else {
                    continue;
                };
                let progress = progress_of(entry, &model.positions);
                let (rect, response) = ui.allocate_exact_size(
                    egui::vec2(ui.available_width(), ROW_HEIGHT),
                    Sense::click(),
                );
                let title = &entry.document.title;
                response.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Button, true, title.as_str())
                });
                let painter = ui.painter_at(rect);
                let selected = self.selected == Some(index);
                if selected {
                    painter.rect_filled(rect, 2.0, theme::selection_color(dark));
                } else if response.hovered() {
                    painter.rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
                } else if at % 2 == 1 {
                    painter.rect_filled(rect, 0.0, ui.visuals().faint_bg_color);
                }
                let font = egui::TextStyle::Body.resolve(ui.style());
                let mut x = rect.left();
                for (k, column) in Column::ALL.into_iter().enumerate() {
                    let cell = egui::Rect::from_min_size(
                        egui::pos2(x, rect.top()),
                        egui::vec2(width(column), ROW_HEIGHT),
                    )
                    .shrink2(egui::vec2(6.0, 0.0));
                    x += width(column);
                    let color = if column == Column::Title {
                        ui.visuals().strong_text_color()
                    } else {
                        ui.visuals().text_color()
                    };
                    let clipped = painter.with_clip_rect(cell.intersect(rect));
                    let mut text = row.cells[k].as_str();
                    let progress_text;
                    if column == Column::Progress
                        && let Some(fraction) = progress
                    {
                        let bar = egui::Rect::from_min_size(
                            egui::pos2(cell.left(), cell.bottom() - 5.0),
                            egui::vec2(cell.width() * fraction.clamp(0.0, 1.0), 2.0),
                        );
                        clipped.rect_filled(bar, 1.0, theme::link_color(dark));
                        progress_text = progress_cell(fraction);
                        text = &progress_text;
                    }
                    let (anchor, pos) = if column.numeric() {
                        (Align2::RIGHT_CENTER, cell.right_center())
                    } else {
                        (Align2::LEFT_CENTER, cell.left_center())
                    };
                    clipped.text(pos, anchor, text, font.clone(), color);
                }
                if response.clicked() {
                    self.selected = Some(index);
                    commands.push(Command::Open(entry.document.path.clone()));
                }
                response.on_hover_text(entry.document.path.display().to_string());
            }
        });
        self.scroll_y = output.state.clamped_offset().y;
        self.view_height = output.inner_rect.height();
    }

    /// One header cell: its name, a triangle when the table is sorted by
    /// it, and a click that sorts (again: the other way).
    fn header_cell_ui(&mut self, ui: &mut Ui, rect: egui::Rect, column: Column) {
        let id = ui.make_persistent_id(egui::IdSalt::new(("library header", column.label())));
        let response = ui.interact(rect, id, Sense::click());
        let sorted = match self.sort {
            (c, ascending) if c == column => Some(ascending),
            _ => None,
        };
        let label = match sorted {
            Some(true) => format!("{} (sorted ascending)", column.label()),
            Some(false) => format!("{} (sorted descending)", column.label()),
            None => column.label().to_owned(),
        };
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let response = response.on_hover_text(format!("Sort by {}", column.label().to_lowercase()));
        let visuals = ui.visuals();
        if response.hovered() {
            ui.painter()
                .rect_filled(rect, 2.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let cell = rect.shrink2(egui::vec2(6.0, 0.0));
        let font = egui::TextStyle::Body.resolve(ui.style());
        let color = visuals.strong_text_color();
        let painter = ui.painter().with_clip_rect(rect);
        let galley = painter.layout_no_wrap(column.label().to_owned(), font, color);
        let arrow_width = 12.0;
        let text_left = if column.numeric() {
            cell.right() - galley.size().x - if sorted.is_some() { arrow_width } else { 0.0 }
        } else {
            cell.left()
        };
        let text_pos = egui::pos2(text_left, rect.center().y - galley.size().y / 2.0);
        let text_right = text_left + galley.size().x;
        painter.galley(text_pos, galley, color);
        if let Some(ascending) = sorted {
            // A small triangle, painted: the fonts lack a reliable one.
            let c = egui::pos2(text_right + arrow_width / 2.0 + 1.0, rect.center().y);
            let (tip, base) = if ascending { (-3.5, 3.0) } else { (3.5, -3.0) };
            let points = vec![
                egui::pos2(c.x, c.y + tip),
                egui::pos2(c.x - 4.0, c.y + base),
                egui::pos2(c.x + 4.0, c.y + base),
            ];
            painter.add(egui::Shape::convex_polygon(
                points,
                color,
                egui::Stroke::NONE,
            ));
        }
        if response.clicked() {
            self.sort = match sorted {
                Some(ascending) => (column, !ascending),
                // Numbers and dates read best largest and newest first.
                None => (column, !(column.numeric() || column == Column::Opened)),
            };
        }
    }

    /// Filters and sorts again when anything they depend on changed.
    fn update_order(&mut self, model: &LibraryModel) {
        let key = OrderKey {
            rows: (model.shelf_version, model.positions_version),
            filter: self.filter.to_lowercase(),
            format: self.format.clone(),
            tag: self.tag.clone(),
            sort: self.sort,
        };
        if self.order_for.as_ref() == Some(&key) {
            return;
        }
        let words: Vec<&str> = key.filter.split_whitespace().collect();
        let rows = &model.rows.rows;
        let mut order: Vec<usize> = (0..model.shelf.len().min(rows.len()))
            .filter(|&i| {
                let entry = &model.shelf[i];
                let row = &rows[i];
                key.format
                    .as_ref()
                    .is_none_or(|f| &entry.document.format == f)
                    && key.tag.as_ref().is_none_or(|t| entry.tags.contains(t))
                    && words.iter().all(|w| row.haystack.contains(w))
            })
            .collect();
        let (column, ascending) = key.sort;
        let shelf = &model.shelf;
        // Progress follows the reading positions: looked up only to sort by it.
        let progress: Vec<f32> = if column == Column::Progress {
            shelf
                .iter()
                .map(|e| progress_of(e, &model.positions).unwrap_or(-1.0))
                .collect()
        } else {
            Vec::new()
        };
        let places = &model.rows.places;
        let place = |column: &[u32], i: usize| column.get(i).copied().unwrap_or(u32::MAX);
        let no_date = |i: usize| shelf[i].published.as_deref().is_none_or(str::is_empty);
        // The places by title tell every document apart: the order is total.
        order.sort_unstable_by(|&a, &b| {
            let (ea, eb) = (&shelf[a], &shelf[b]);
            let (ra, rb) = (&rows[a], &rows[b]);
            let by = |column: &[u32]| place(column, a).cmp(&place(column, b));
            let primary = match column {
                Column::Title => by(&places.title),
                Column::Author => empty_last(
                    (ra.author_key.is_empty(), rb.author_key.is_empty()),
                    by(&places.author),
                    ascending,
                ),
                Column::Source => by(&places.source),
                Column::Date => empty_last((no_date(a), no_date(b)), by(&places.date), ascending),
                Column::Format => by(&places.format),
                Column::Length => ea.document.words.cmp(&eb.document.words),
                Column::Progress => progress[a].total_cmp(&progress[b]),
                Column::Highlights => ea.highlights.cmp(&eb.highlights),
                Column::Opened => ea
                    .document
                    .opened_s
                    .unwrap_or(i64::MIN)
                    .cmp(&eb.document.opened_s.unwrap_or(i64::MIN)),
            };
            let primary = if ascending {
                primary
            } else {
                primary.reverse()
            };
            primary.then_with(|| by(&places.title))
        });
        self.order = order;
        self.order_for = Some(key);
    }
}

/// Orders two cells by `order` (their places), an empty one after every
/// other whichever the direction (the reversal for descending is undone for
/// empties); `empty` says which of the two are.
fn empty_last(
    empty: (bool, bool),
    order: std::cmp::Ordering,
    ascending: bool,
) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match empty {
        (true, true) => Ordering::Equal,
        (true, false) if ascending => Ordering::Greater,
        (true, false) => Ordering::Less,
        (false, true) if ascending => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => order,
    }
}

/// A drop-down of `choices` with "all" first.
fn choice_ui(ui: &mut Ui, label: &str, all: &str, choices: &[String], chosen: &mut Option<String>) {
    if choices.is_empty() {
        return;
    }
    let shown = chosen.clone().unwrap_or_else(|| all.to_owned());
    egui::ComboBox::new(label, "")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(chosen, None, all);
            for choice in choices {
                ui.selectable_value(chosen, Some(choice.clone()), choice.as_str());
            }
        })
        .response
        .on_hover_text(format!(
            "Show only documents of one {}",
            label.to_lowercase()
        ));
}

/// How far the reader got in `entry`, from 0 to 1, if it was opened.
fn progress_of(entry: &ShelfEntry, positions: &HashMap<String, usize>) -> Option<f32> {
    let doc = &entry.document;
    positions
        .get(&doc.fingerprint)
        .filter(|_| doc.text_bytes > 0)
        .map(|&offset| offset as f32 / doc.text_bytes as f32)
}

/// The progress cell's text: `42 %`.
fn progress_cell(fraction: f32) -> String {
    format!("{} %", (fraction * 100.0).floor().clamp(0.0, 100.0))
}

/// The cells of one document, the progress cell left empty.
fn row_text(entry: &ShelfEntry, zone: &jiff::tz::TimeZone) -> RowText {
    let doc = &entry.document;
    let source = doc
        .path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let opened = doc
        .opened_s
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map(|t| {
            t.to_zoned_datetime(zone.clone())
                .strftime("%Y-%m-%d")
                .to_string()
        })
        .unwrap_or_default();
    let author = entry.byline.clone().unwrap_or_default();
    let date = entry
        .published
        .as_deref()
        .map(short_date)
        .unwrap_or_default();
    let cells = [
        doc.title.clone(),
        author.clone(),
        source.clone(),
        date,
        doc.format.clone(),
        chrome::counted(doc.words as usize, "word", "words"),
        String::new(),
        if entry.highlights == 0 {
            String::new()
        } else {
            entry.highlights.to_string()
        },
        opened,
    ];
    let mut haystack = format!(
        "{}\n{}\n{}\n{}",
        doc.title,
        author,
        doc.path.display(),
        doc.format
    );
    for tag in &entry.tags {
        haystack.push('\n');
        haystack.push_str(tag);
    }
    RowText {
        cells,
        haystack: haystack.to_lowercase(),
        title_key: doc.title.to_lowercase(),
        author_key: author.to_lowercase(),
        source_key: source.to_lowercase(),
    }
}

/// A date as documents give it, shortened to its day when it starts with
/// one (`2024-03-01T09:00:00Z` → `2024-03-01`).
fn short_date(date: &str) -> String {
    let date = date.trim();
    let day = date.get(..10).filter(|d| {
        d.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
    });
    day.unwrap_or(date).to_owned()
}

/// The sentence with its first letter in upper case.
fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_follow_the_order_and_equal_texts_share_one() {
        let keys = ["b", "a", "b", "", "c"];
        assert_eq!(
            places(keys.len(), |x, y| keys[x].cmp(keys[y])),
            [2, 1, 2, 0, 3]
        );
        assert!(places(0, |_, _| std::cmp::Ordering::Equal).is_empty());
    }

    #[test]
    fn dates_are_shortened_to_their_day() {
        let cases = [
            ("2024-03-01T09:00:00Z", "2024-03-01"),
            ("2024-03-01", "2024-03-01"),
            ("March 1, 2024", "March 1, 2024"),
            ("  2024-03-01 ", "2024-03-01"),
        ];
        for (date, expected) in cases {
            assert_eq!(short_date(date), expected, "{date}");
        }
    }
}
