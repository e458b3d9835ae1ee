//! A till for billing tests: a demo shop, a runner on it (receipts to a
//! file, the search index loaded inline) and the app on the Billing pane,
//! plus helpers to press keys and sell a bill as a cashier would.

use chrono::{TimeZone, Utc};
use galla::app::action::Action;
use galla::app::runner::Runner;
use galla::app::{App, Status};
use galla::print::PrintTarget;
use galla::store::{Access, Store};
use galla::ui::keymap::Keymap;
use galla_domain::Qty;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;

/// A running till on a demo shop.
pub struct Till {
    /// Keeps the shop's directory alive.
    pub dir: tempfile::TempDir,
    /// The database file.
    pub db: PathBuf,
    /// The runner (owns the store).
    pub runner: Runner,
    /// The app.
    pub app: App,
    /// Barcodes of items the shop floor holds at least 5 of.
    pub codes: Vec<String>,
    /// The last number of C1's series when the till opened (the demo's).
    pub base: u64,
}

/// A plain key.
pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// An Alt+letter key.
pub fn alt(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)
}

/// Opens the runner and the app on `db` and goes to Billing.
pub fn open(dir: tempfile::TempDir, db: PathBuf, codes: Vec<String>) -> Till {
    let store = Store::open(&db, Access::ReadWrite).expect("open");
    let base = store.last_bill_seq("", "C1").expect("series");
    let mut runner = Runner::new(store);
    runner.background_index = false;
    runner.till.printer = PrintTarget::File(dir.path().join("receipts.escpos"));
    let status = Status {
        shop: "Sharma Garments".into(),
        counter: "C1".into(),
        user: "Owner".into(),
        tz: chrono_tz::Asia::Kolkata,
        read_only: false,
        sync: "offline".into(),
    };
    let now = Utc
        .with_ymd_and_hms(2026, 11, 20, 12, 0, 0)
        .single()
        .expect("time");
    let mut app = App::new(Keymap::defaults(), status, now, (80, 24));
    app.shop.name = "Sharma Garments".into();
    // The demo shop's state, as galla's start reads it from the settings.
    app.panes.billing.shop_state = Some("08".into());
    app.panes.billing.place_again();
    runner.till.shop.state_code = Some("08".into());
    for action in runner.start(false) {
        runner.settle(&mut app, action, false);
    }
    let mut t = Till {
        dir,
        db,
        runner,
        app,
        codes,
        base,
    };
    t.press(key(KeyCode::F(1)));
    t
}

/// A fresh demo shop with a till on it.
pub fn till() -> Till {
    let (dir, db) = super::demo_shop(120, 5);
    let store = Store::open(&db, Access::ReadWrite).expect("open");
    let floor = store.locations().expect("locations")[0].location_id;
    let codes: Vec<String> = store
        .search_entries()
        .expect("entries")
        .into_iter()
        .filter(|e| {
            store.qty_at(e.variant_id, floor).expect("qty") >= Qty::units(5)
                && store
                    .sale_item(e.variant_id)
                    .expect("item")
                    .is_some_and(|(p, _)| p.unit == galla_domain::Unit::Piece)
        })
        .filter_map(|e| e.barcode)
        .take(3)
        .collect();
    assert_eq!(codes.len(), 3, "the demo shop has stocked items");
    drop(store);
    open(dir, db, codes)
}

impl Till {
    /// The number of the `k`th bill this test makes (1: the first).
    pub fn no(&self, k: u64) -> String {
        format!("C1-{}", self.base + k)
    }

    /// Presses one key and lets every effect finish.
    pub fn press(&mut self, k: KeyEvent) {
        self.runner.settle(&mut self.app, Action::Key(k), false);
    }

    /// Presses one key read at `ms` (the runner's key clock).
    pub fn press_at(&mut self, k: KeyEvent, ms: u64) {
        self.runner
            .settle(&mut self.app, Action::KeyAt(k, ms), false);
    }

    /// A USB scanner: `code` and Enter, 3 ms apart, from `ms` on.
    pub fn burst(&mut self, code: &str, ms: u64) {
        let mut at = ms;
        for c in code.chars() {
            self.press_at(key(KeyCode::Char(c)), at);
            at += 3;
        }
        self.press_at(key(KeyCode::Enter), at);
    }

    /// Types text, one key a character.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(key(KeyCode::Char(c)));
        }
    }

    /// Scans a code (typed, then Enter).
    pub fn scan(&mut self, code: &str) {
        self.type_text(code);
        self.press(key(KeyCode::Enter));
    }

    /// The pane's message.
    pub fn message(&self) -> String {
        self.app
            .panes
            .billing
            .message
            .clone()
            .map(|(_, m)| m)
            .unwrap_or_default()
    }

    /// Scans `codes` and pays the whole bill in cash.
    pub fn sell(&mut self, codes: &[&str]) {
        for code in codes {
            self.scan(code);
        }
        self.press(key(KeyCode::F(10)));
        self.press(key(KeyCode::Enter));
        assert!(
            self.app.panes.billing.draft.is_empty(),
            "the bill was saved: {}",
            self.message()
        );
    }

    /// The dearest item sold by the piece: its SKU and price.
    pub fn dearest(&self) -> (String, galla_domain::Money) {
        let store = self.store();
        store
            .search_entries()
            .expect("entries")
            .into_iter()
            .filter_map(|e| {
                let (p, v) = store.sale_item(e.variant_id).expect("item")?;
                (p.unit == galla_domain::Unit::Piece).then_some((v.sku, v.price))
            })
            .max_by_key(|(_, price)| *price)
            .expect("items")
    }

    /// The store.
    pub fn store(&self) -> &Store {
        self.runner.store()
    }

    /// The whole screen drawn at `w` x `h` in the mono theme, as text.
    pub fn screen(&self, w: u16, h: u16) -> String {
        let backend = ratatui::backend::TestBackend::new(w, h);
        let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
        terminal
            .draw(|f| galla::ui::draw(f, &self.app, &galla::ui::theme::Theme::mono()))
            .expect("draw");
        terminal.backend().to_string()
    }
}
