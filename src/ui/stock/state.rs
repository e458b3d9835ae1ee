//! The Stock pane's list: its state and its reaction to keys and loaded
//! data. Pure: it filters the in-memory search index and asks for rows
//! through effects. The catalogue and goods screens over it are in
//! `catalogue` and `goods`.

use galla_domain::{Location, LocationId, VariantId};
use ratatui::crossterm::event::KeyEvent;
use std::sync::Arc;
use tui_input::{Input, InputRequest};

use crate::app::action::Effect;
use crate::app::command::Command;
use crate::store::StockRow;

/// The Stock pane.
pub struct StockPane {
    /// The search field.
    pub search: Input,
    /// Every variant in index order, once the index has loaded.
    pub(super) ids: Option<Arc<[VariantId]>>,
    /// Index positions matching the search, best first.
    pub(super) matches: Vec<u32>,
    /// The newest filter asked for; older answers are dropped.
    filter_generation: u64,
    /// Whether an answer to the newest filter is still to come.
    pub(super) filtering: bool,
    pub(super) first_page: Vec<VariantId>,
    /// The selected position in the filtered list.
    pub selected: usize,
    /// The first filtered position shown.
    pub offset: usize,
    pub(super) viewport: usize,
    /// Rows for the visible window, from `offset`.
    pub rows: Vec<StockRow>,
    generation: u64,
    /// Every location.
    pub locations: Vec<Location>,
    /// Which location is shown (`None`: all, with a total).
    pub location: Option<usize>,
    /// The catalogue form open over the list, if any.
    pub form: Option<(
        super::catalogue::StockForm,
        crate::ui::entry_form::EntryForm,
    )>,
    /// A new product's grid, to confirm before it is written.
    pub plan: Option<crate::catalogue::ProductPlan>,
    /// The goods document being made, if any.
    pub goods: Option<super::goods::GoodsDoc>,
    /// What the last catalogue or goods work did.
    pub message: Option<String>,
    /// The keys in force, to name them in words.
    pub keys: crate::ui::keymap::Keymap,
}

impl Default for StockPane {
    fn default() -> Self {
        StockPane::new()
    }
}

impl StockPane {
    /// An empty pane waiting for data.
    pub fn new() -> StockPane {
        StockPane {
            search: Input::default(),
            ids: None,
            matches: Vec::new(),
            filter_generation: 0,
            filtering: false,
            first_page: Vec::new(),
            selected: 0,
            offset: 0,
            viewport: 10,
            rows: Vec::new(),
            generation: 0,
            locations: Vec::new(),
            location: None,
            form: None,
            plan: None,
            goods: None,
            message: None,
            keys: crate::ui::keymap::Keymap::defaults(),
        }
    }

    /// How many variants match the search (before the index loads: those known).
    pub fn match_count(&self) -> usize {
        if self.ids.is_some() {
            self.matches.len()
        } else {
            self.first_page.len()
        }
    }

    /// Whether the search index has loaded.
    pub fn index_ready(&self) -> bool {
        self.ids.is_some()
    }

    /// The location shown, if one is chosen.
    pub fn location_id(&self) -> Option<LocationId> {
        self.location
            .and_then(|i| self.locations.get(i))
            .map(|l| l.location_id)
    }

    /// The selected row, when loaded.
    pub fn selected_row(&self) -> Option<&StockRow> {
        self.rows.get(self.selected.checked_sub(self.offset)?)
    }

    fn id_at(&self, pos: usize) -> Option<VariantId> {
        match &self.ids {
            Some(ids) => self
                .matches
                .get(pos)
                .and_then(|&r| ids.get(r as usize).copied()),
            None => self.first_page.get(pos).copied(),
        }
    }

    /// Asks for the rows of the visible window.
    fn load_window(&mut self) -> Vec<Effect> {
        self.generation += 1;
        let end = (self.offset + self.viewport).min(self.match_count());
        let ids = (self.offset..end).filter_map(|p| self.id_at(p)).collect();
        vec![Effect::LoadStockRows {
            generation: self.generation,
            ids,
        }]
    }

    /// Moves the selection to `pos` (clamped), scrolling as needed.
    fn select(&mut self, pos: usize) -> Vec<Effect> {
        let count = self.match_count();
        self.selected = if count == 0 { 0 } else { pos.min(count - 1) };
        let old = self.offset;
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + self.viewport {
            self.offset = self.selected + 1 - self.viewport;
        }
        if self.offset != old {
            self.load_window()
        } else {
            Vec::new()
        }
    }

    /// Asks for the matches of the current search; an empty search shows
    /// everything at once.
    fn refilter(&mut self) -> Vec<Effect> {
        let Some(ids) = &self.ids else {
            // The index is still loading: it filters what was typed when it arrives.
            return Vec::new();
        };
        self.filter_generation += 1;
        if self.search.value().trim().is_empty() {
            self.matches = (0..ids.len() as u32).collect();
            self.filtering = false;
            self.selected = 0;
            self.offset = 0;
            return self.load_window();
        }
        self.filtering = true;
        vec![Effect::Filter {
            target: crate::app::action::SearchTarget::Stock,
            query: self.search.value().to_string(),
            generation: self.filter_generation,
        }]
    }

    /// Matches arrived for a filter; stale answers are dropped.
    pub fn filtered(&mut self, generation: u64, rows: Vec<u32>) -> Vec<Effect> {
        if generation != self.filter_generation {
            return Vec::new();
        }
        self.matches = rows;
        self.filtering = false;
        self.selected = 0;
        self.offset = 0;
        self.load_window()
    }

    /// Sets how many table rows fit on screen.
    pub fn set_viewport(&mut self, rows: usize) -> Vec<Effect> {
        let rows = rows.max(1);
        if rows == self.viewport {
            return Vec::new();
        }
        self.viewport = rows;
        if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        self.load_window()
    }

    /// The locations were read.
    pub fn locations_loaded(&mut self, locations: Vec<Location>) {
        if let Some(doc) = &mut self.goods {
            doc.locations = locations.clone();
        }
        self.locations = locations;
        if self.location.is_some_and(|i| i >= self.locations.len()) {
            self.location = None;
        }
    }

    /// The ids of the first page arrived (shown until the index loads).
    pub fn first_page_loaded(&mut self, ids: Vec<VariantId>) -> Vec<Effect> {
        self.first_page = ids;
        self.load_window()
    }

    /// The search index arrived: show everything, or filter whatever was
    /// typed meanwhile. The selection is kept when nothing was typed.
    pub fn index_loaded(&mut self, ids: Arc<[VariantId]>) -> Vec<Effect> {
        let count = ids.len();
        self.ids = Some(ids);
        if self.search.value().trim().is_empty() {
            self.filter_generation += 1;
            self.filtering = false;
            self.matches = (0..count as u32).collect();
            self.selected = self.selected.min(count.saturating_sub(1));
            self.offset = self.offset.min(self.selected);
            self.load_window()
        } else {
            self.refilter()
        }
    }

    /// The search index matched these positions for the goods document's
    /// pick list: the items to read.
    pub fn goods_filtered(&mut self, generation: u64, rows: Vec<u32>) -> Vec<Effect> {
        let (Some(doc), Some(ids)) = (&self.goods, &self.ids) else {
            return Vec::new();
        };
        let ids = rows
            .iter()
            .take(crate::ui::billing::PICK_ROWS)
            .filter_map(|&r| ids.get(r as usize).copied())
            .collect();
        doc.filtered(generation, ids)
    }

    /// Rows arrived; stale answers are dropped.
    pub fn rows_loaded(&mut self, generation: u64, rows: Vec<StockRow>) {
        if generation == self.generation {
            self.rows = rows;
        }
    }

    /// The database changed: reload what is shown, and the index if the
    /// catalogue grew or shrank.
    pub fn store_changed(&mut self, variants: usize) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.ids.as_ref().is_some_and(|i| i.len() != variants) {
            effects.push(Effect::ReloadIndex);
        }
        effects.extend(self.load_window());
        effects
    }

    /// Whether the search field takes `c`: anything but ASCII punctuation
    /// that never appears in a name, SKU or barcode (so `?` still opens help).
    pub fn accepts(c: char) -> bool {
        !c.is_control() && (!c.is_ascii_punctuation() || "-/._&'()+,#".contains(c))
    }

    /// Types into the search field.
    pub fn type_char(&mut self, c: char) -> Vec<Effect> {
        self.search.handle(InputRequest::InsertChar(c));
        self.refilter()
    }

    /// Editing keys of the search field.
    pub fn edit_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        let request = crate::ui::pane::edit_request(&key)?;
        let changed = self.search.handle(request);
        Some(match changed {
            Some(c) if c.value => self.refilter(),
            _ => Vec::new(),
        })
    }

    /// Runs a Stock command; `None` if it is not one.
    pub fn command(&mut self, command: Command) -> Option<Vec<Effect>> {
        let page = self.viewport.saturating_sub(1).max(1);
        Some(match command {
            Command::Up => self.select(self.selected.saturating_sub(1)),
            Command::Down => self.select(self.selected + 1),
            Command::PageUp => self.select(self.selected.saturating_sub(page)),
            Command::PageDown => self.select(self.selected + page),
            Command::First => self.select(0),
            Command::Last => self.select(self.match_count().saturating_sub(1)),
            Command::NextLocation | Command::PrevLocation => {
                let n = self.locations.len();
                if n > 0 {
                    // Cycle through: all, 0, 1, ..., n-1, all.
                    let pos = self.location.map_or(0, |i| i + 1);
                    let step = if command == Command::NextLocation {
                        1
                    } else {
                        n
                    };
                    let next = (pos + step) % (n + 1);
                    self.location = next.checked_sub(1);
                }
                Vec::new()
            }
            Command::ClearSearch => {
                if self.search.value().is_empty() {
                    Vec::new()
                } else {
                    self.search.reset();
                    self.refilter()
                }
            }
            Command::ShowHistory => match self.selected_row() {
                Some(row) => vec![Effect::LoadHistory {
                    variant: row.variant_id,
                    location: self.location_id(),
                    title: format!("{} {}", row.sku, row.name),
                }],
                None => Vec::new(),
            },
            _ => return None,
        })
    }
}
