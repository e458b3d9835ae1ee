//! The runner: owns the store and the terminal loop. One biased
//! `tokio::select!` over terminal input, results of background work, and a
//! tick; it drains what is queued, performs the effects `update` asked for,
//! and draws once. Generic over the input stream so tests can script keys.

use chrono::{DateTime, Utc};
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;
use std::collections::VecDeque;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

use super::action::{Action, Effect};
use super::books_work;
use super::searcher::Searcher;
use super::till::{self, TillSetup};
use super::till_bills;
use super::{App, update};
use crate::store::Store;
use crate::sync::{SyncNudge, SyncSnapshot};
use crate::ui::{self, theme::Theme};
use galla_domain::Location;

/// Rows asked for before the search index is ready: enough for any screen.
const FIRST_PAGE: usize = 200;

/// At most this many "needs attention" rows are read for the Sync pane.
const ATTENTION_LIMIT: usize = 500;

/// Performs effects against the store.
pub struct Runner {
    store: Store,
    searcher: Searcher,
    locations: Vec<Location>,
    data_version: i64,
    background: mpsc::UnboundedSender<Action>,
    results: mpsc::UnboundedReceiver<Action>,
    /// Load the search index on a thread (true in the app; scripted tests
    /// set false so every key sees the index).
    pub background_index: bool,
    /// Bill numbering and the printer.
    pub till: TillSetup,
    /// The last receipt, for a reprint.
    last_receipt: Option<(String, Vec<u8>)>,
    /// The sync task's snapshots, when one runs.
    pub sync: Option<watch::Receiver<SyncSnapshot>>,
    /// Wakes the sync task for "sync now", when one runs.
    pub sync_nudge: Option<SyncNudge>,
    /// Write clipboard copies to the terminal (OSC 52); off in tests.
    pub osc52: bool,
    /// The last text put on the clipboard.
    pub copied: Option<String>,
    /// The bill on screen as last kept; `None` until `start` has read it
    /// back (nothing is written before, so a start never clears it).
    kept: Option<crate::store::OpenBill>,
    /// The Audit pane's names between pages.
    audit: super::audit_work::AuditWork,
    /// Daily backups, when the app makes them (off in tests).
    pub backups: Option<super::backup_work::Daily>,
}

impl Runner {
    /// A runner on an open store.
    pub fn new(store: Store) -> Runner {
        let (background, results) = mpsc::unbounded_channel();
        let store_path = &store.path().to_path_buf();
        Runner {
            store,
            searcher: Searcher::None,
            locations: Vec::new(),
            data_version: 0,
            background,
            results,
            background_index: true,
            till: TillSetup::for_db(store_path),
            last_receipt: None,
            sync: None,
            sync_nudge: None,
            osc52: false,
            copied: None,
            kept: None,
            audit: super::audit_work::AuditWork::default(),
            backups: None,
        }
    }

    /// The store, for tests that check what was written.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, for the work of `update`'s effects.
    pub(super) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// The store and the Audit pane's names, together.
    pub(super) fn audit_parts(&mut self) -> (&Store, &mut super::audit_work::AuditWork) {
        (&self.store, &mut self.audit)
    }

    /// The actions that load the first screen, read synchronously (fast: one
    /// page), while the full search index loads in the background.
    pub fn start(&mut self, index_in_background: bool) -> Vec<Action> {
        let mut out = vec![self.load_locations()];
        out.push(match self.store.variant_ids_page(0, FIRST_PAGE) {
            Ok(ids) => Action::FirstPageLoaded(ids),
            Err(e) => Action::EffectFailed(e.to_string()),
        });
        out.extend(self.load_index(index_in_background));
        out.extend(self.load_open_bill());
        self.store.set_time_zone(self.till.tz);
        out.push(super::session_work::session_info(&self.store));
        self.data_version = self.store.data_version().unwrap_or(0);
        out
    }

    /// Reads back the bill that was being made when galla last stopped.
    fn load_open_bill(&mut self) -> Option<Action> {
        if self.store.is_read_only() {
            return None;
        }
        let bill = match self.store.open_bill() {
            Ok(b) => b,
            Err(e) => return Some(Action::EffectFailed(e.to_string())),
        };
        self.kept = Some(bill.clone().unwrap_or_else(|| crate::store::OpenBill {
            draft: galla_domain::bill::Draft::new(
                galla_domain::Supply::IntraState,
                galla_domain::Regime::Regular,
            ),
            customer_id: None,
            payments: Vec::new(),
        }));
        let bill = bill?;
        let customer = match bill
            .customer_id
            .map(|c| till_bills::customer(&self.store, c))
        {
            Some(Ok(c)) => c.map(Box::new),
            Some(Err(e)) => return Some(Action::EffectFailed(e.to_string())),
            None => None,
        };
        Some(Action::OpenBillLoaded {
            bill: Box::new(bill),
            customer,
        })
    }

    /// Writes the bill on screen if it changed since it was last kept.
    fn keep_open_bill(&mut self, app: &mut App) {
        let Some(kept) = &self.kept else {
            return;
        };
        let now = app.panes.billing.open_bill();
        // A bill being saved is cleared by the save's own transaction.
        if *kept == now || app.panes.billing.saving {
            return;
        }
        if let Err(e) = self.store.keep_open_bill(&now, Utc::now()) {
            tracing::warn!(error = %e, "the bill on screen could not be kept");
            app.popups.push(crate::ui::popup::Popup::Error(format!(
                "The bill on screen could not be kept on disk ({e}) — finish it before closing galla"
            )));
        }
        self.kept = Some(now);
    }

    /// A sender for actions from outside the loop (signals).
    pub fn actions(&self) -> mpsc::UnboundedSender<Action> {
        self.background.clone()
    }

    fn load_locations(&mut self) -> Action {
        match self.store.locations() {
            Ok(locations) => {
                self.locations = locations.clone();
                Action::LocationsLoaded(locations)
            }
            Err(e) => Action::EffectFailed(e.to_string()),
        }
    }

    /// (Re)loads the search index: on a worker thread, whose `IndexLoaded`
    /// arrives on the results channel, or here, returned at once.
    fn load_index(&mut self, background: bool) -> Option<Action> {
        if background {
            self.searcher =
                Searcher::spawn(self.store.path().to_path_buf(), self.background.clone());
            None
        } else {
            let (searcher, action) = Searcher::load_inline(&self.store);
            self.searcher = searcher;
            Some(action)
        }
    }

    /// Waits for the next result of background work (benchmarks and tests).
    pub fn next_background_result(&mut self) -> Option<Action> {
        self.results.blocking_recv()
    }

    /// Performs one effect; returns the action that carries its result.
    /// A write the store refused because the person may not make it alone
    /// comes back as [`Action::ApprovalNeeded`] with the effect, so a
    /// manager's PIN can let it through — for every pane's writes alike.
    pub fn perform(&mut self, effect: Effect, background: bool) -> Option<Action> {
        let _ = self.store.take_refusal();
        let retry = effect.clone();
        let action = self.perform_effect(effect, background);
        match self.store.take_refusal() {
            Some(refusal) if refusal.permission.is_some() => Some(Action::ApprovalNeeded {
                refusal,
                effect: Box::new(retry),
                original: action.map(Box::new),
            }),
            _ => action,
        }
    }

    fn perform_effect(&mut self, effect: Effect, background: bool) -> Option<Action> {
        let failed = |e: crate::store::StoreError| Some(Action::EffectFailed(e.to_string()));
        match effect {
            Effect::LoadStockRows { generation, ids } => {
                match self.store.stock_rows(&ids, &self.locations) {
                    Ok(rows) => Some(Action::StockRowsLoaded { generation, rows }),
                    Err(e) => failed(e),
                }
            }
            Effect::LoadFirstPage { limit } => match self.store.variant_ids_page(0, limit) {
                Ok(ids) => Some(Action::FirstPageLoaded(ids)),
                Err(e) => failed(e),
            },
            Effect::ReloadIndex => self.load_index(background),
            Effect::Filter {
                target,
                query,
                generation,
            } => self.searcher.filter(target, query, generation),
            Effect::LoadHistory {
                variant,
                location,
                title,
            } => match self.store.history(variant, location) {
                Ok(rows) => Some(Action::HistoryLoaded { title, rows }),
                Err(e) => failed(e),
            },
            Effect::Quit => None,
            Effect::LoadLocations => Some(self.load_locations()),
            Effect::SetUpShop(setup) => Some(Action::ShopSetUp(
                match crate::settings::init_shop(&mut self.store, &setup) {
                    Ok(()) => {
                        let mut config = crate::config::Config::default();
                        if let Ok(stored) = self.store.shop_settings() {
                            crate::settings::apply(&stored, &mut config);
                        }
                        self.till.counter = setup.counter.clone();
                        self.till.shop.name = config.shop.name.clone();
                        self.till.shop.gstin = config.shop.gstin.clone();
                        self.till.shop.state_code = config.shop.state_code.clone();
                        self.till.shop.regime = config.billing.registration;
                        Ok(Box::new(super::action::ShopMade {
                            name: config.shop.name,
                            counter: setup.counter.clone(),
                            regime: config.billing.registration,
                            state_code: config.shop.state_code,
                            upi_vpa: config.shop.upi_vpa,
                        }))
                    }
                    Err(e) => Err(e.to_string()),
                },
            )),
            Effect::LoadCandidates { generation, ids } => {
                match self.store.stock_rows(&ids, &self.locations) {
                    Ok(rows) => Some(Action::CandidatesLoaded { generation, rows }),
                    Err(e) => failed(e),
                }
            }
            Effect::LookupItem {
                code,
                variant,
                qty,
                location,
            } => Some(till::lookup(&self.store, code, variant, qty, location)),
            Effect::SaveBill(bill) => Some(till::save(&mut self.store, &self.till, *bill)),
            Effect::PeekBillNo => Some(till::peek_bill_no(&self.store, &self.till)),
            Effect::PrintReceipt {
                sale,
                at,
                items,
                change,
            } => {
                let bytes = till::receipt_bytes(&self.till, &sale, at, &items, change);
                self.last_receipt = Some((format!("bill {}", sale.bill_no), bytes));
                self.print_last(background)
            }
            Effect::RetryPrint => self.print_last(background),
            Effect::LoadAttention => match self.store.attention_list(ATTENTION_LIMIT) {
                Ok(rows) => Some(Action::AttentionLoaded(rows)),
                Err(e) => failed(e),
            },
            Effect::HoldBill { draft, customer } => {
                Some(till_bills::hold(&self.store, &draft, customer))
            }
            Effect::LoadHeld => Some(till_bills::load_held(&self.store)),
            Effect::RecallHeld(id) => Some(till_bills::recall(&mut self.store, id)),
            Effect::SearchCustomers(q) => Some(till_bills::search_customers(&self.store, &q)),
            Effect::AddCustomer { name, phone } => {
                Some(till_bills::add_customer(&mut self.store, name, phone))
            }
            Effect::LoadBills => Some(till_bills::load_bills(&self.store, self.till.tz)),
            Effect::ReprintBill(no) => {
                match till_bills::reprint_bytes(&self.store, &self.till, &no) {
                    Ok(receipt) => {
                        self.last_receipt = Some(receipt);
                        self.print_last(background)
                    }
                    Err(action) => Some(action),
                }
            }
            Effect::CancelBill { bill_no, reason } => {
                Some(till_bills::cancel(&mut self.store, &bill_no, reason))
            }
            Effect::LoadReturnLines(bill_no) => Some(till_bills::line_names(&self.store, &bill_no)),
            Effect::ReturnBill {
                bill_no,
                lines,
                mode,
            } => {
                match till_bills::return_lines(&mut self.store, &self.till, &bill_no, &lines, mode)
                {
                    Ok((done, what, bytes)) => {
                        // The credit note prints next, like a bill (RetryPrint
                        // prints the last paper).
                        self.last_receipt = Some((what, bytes));
                        Some(Action::CreditNoteSaved(done))
                    }
                    Err(action) => Some(action),
                }
            }
            Effect::CopyToClipboard(text) => {
                if self.osc52 {
                    use std::io::Write;
                    let mut out = std::io::stdout();
                    let _ = out.write_all(super::share::osc52(&text).as_bytes());
                    let _ = out.flush();
                }
                self.copied = Some(text);
                None
            }
            Effect::SyncNow => {
                if let Some(nudge) = &self.sync_nudge {
                    nudge.sync_now();
                }
                None
            }
            effect @ (Effect::SignIn(_)
            | Effect::SignOut
            | Effect::Approve { .. }
            | Effect::LoadAudit(_)) => super::session_work::perform(self, effect, background),
            effect => self.perform_books(effect),
        }
    }

    /// The Khata and Cashbook panes' effects.
    fn perform_books(&mut self, effect: Effect) -> Option<Action> {
        let tz = self.till.tz;
        let read_only = self.store.is_read_only();
        let store = &mut self.store;
        Some(match effect {
            Effect::LoadParties => books_work::load_parties(store, tz),
            Effect::LoadKhata(party) => books_work::load_khata(store, tz, party),
            Effect::WriteKhata(write) => books_work::write_khata(store, write, read_only),
            Effect::MakeReminder(party) => {
                books_work::make_reminder(store, tz, party, &self.till.shop.name, read_only)
            }
            Effect::LoadDayBook(date) => books_work::load_day_book(store, tz, date),
            Effect::WriteCash(write) => books_work::write_cash(store, tz, write, read_only),
            Effect::LoadAttendance(month) => super::staff_work::load(store, tz, month),
            Effect::ClockPin(pin) => super::staff_work::clock(store, tz, &pin, read_only),
            Effect::WriteStaff(write) => super::staff_work::write(store, tz, write, read_only),
            Effect::PrintMonthSheet(month) => {
                super::staff_work::print_sheet(store, &self.till, month)
            }
            Effect::LoadShopDay(date) => books_work::load_shop_day(store, tz, date),
            Effect::ShowBill(no) => till_bills::bill_text(store, &self.till, &no),
            Effect::PrintDaySlip(date) => books_work::print_day_slip(store, &self.till, date),
            Effect::PrintStatement(party) => books_work::print_statement(store, &self.till, party),
            Effect::LoadSettings => super::settings_work::load(store),
            Effect::WriteSetting { key, value } => {
                super::settings_work::write(store, &mut self.till, key, &value, read_only)
            }
            Effect::StockWork(work) => {
                super::stock_work::perform(store, &self.till, work, read_only)
            }
            Effect::LoadReport(ask) => super::report_work::load(store, tz, &ask),
            Effect::ReportOut(shown, out) => {
                let shop = self.till.shop.name.clone();
                super::report_work::output(store, &self.till, &shop, &shown, out)
            }
            other => Action::EffectFailed(format!("nothing performs {other:?}")),
        })
    }

    /// Sends the last receipt to the printer (on a thread in the app).
    fn print_last(&mut self, background: bool) -> Option<Action> {
        let Some((bill_no, bytes)) = &self.last_receipt else {
            return Some(Action::PrintFailed(
                "no bill has been saved yet in this session".into(),
            ));
        };
        if background {
            till::print_in_background(
                bytes.clone(),
                self.till.printer.clone(),
                bill_no.clone(),
                self.background.clone(),
            );
            None
        } else {
            Some(till::print_now(bytes, &self.till.printer, bill_no.clone()))
        }
    }

    /// Applies `action` and every follow-up synchronously until nothing is left.
    pub fn settle(&mut self, app: &mut App, action: Action, background: bool) {
        let mut queue = VecDeque::from([action]);
        while let Some(action) = queue.pop_front() {
            for effect in update(app, action) {
                if let Some(next) = self.perform(effect, background) {
                    queue.push_back(next);
                }
            }
        }
        self.keep_open_bill(app);
    }

    /// Checks whether another process committed; returns the actions to refresh.
    pub fn poll_changes(&mut self) -> Vec<Action> {
        let Ok(version) = self.store.data_version() else {
            return Vec::new();
        };
        if version == self.data_version {
            return Vec::new();
        }
        self.data_version = version;
        let variants = self.store.variant_count().unwrap_or(0);
        // Users set up elsewhere (another process, or a sync) count here too.
        let session = super::session_work::session_info(&self.store);
        vec![
            self.load_locations(),
            Action::StoreChanged { variants },
            session,
        ]
    }

    /// The terminal loop: returns when the user quits or input ends.
    pub async fn run<B, S>(
        &mut self,
        terminal: &mut Terminal<B>,
        app: &mut App,
        theme: &Theme,
        mut input: S,
        clock: impl Fn() -> DateTime<Utc>,
    ) -> anyhow::Result<()>
    where
        B: Backend,
        B::Error: Send + Sync + 'static,
        S: Stream<Item = std::io::Result<Event>> + Unpin,
    {
        let background = self.background_index;
        for action in self.start(background) {
            self.settle(app, action, background);
        }
        terminal.draw(|f| ui::draw(f, app, theme))?;
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        let mut shown_minute = app.now.timestamp() / 60;
        let mut shown_layer = (app.active, app.popups.len());
        while !app.quit {
            let mut batch = Vec::new();
            tokio::select! {
                biased;
                event = input.next() => match event {
                    Some(Ok(e)) => batch.extend(to_action(e)),
                    Some(Err(e)) => return Err(e.into()),
                    None => break,
                },
                Some(action) = self.results.recv() => batch.push(action),
                Some(snapshot) = sync_changed(&mut self.sync) => {
                    batch.push(Action::SyncProgressed(Box::new(snapshot)));
                }
                _ = tick.tick() => {
                    let now = clock();
                    batch.push(Action::Tick(now));
                    batch.extend(self.poll_changes());
                    if let Some(daily) = &mut self.backups {
                        daily.due(self.store.path(), now, &self.background);
                    }
                    // "last synced 12 s ago" ages with the clock.
                    if let Some(rx) = &self.sync {
                        let snapshot = rx.borrow().clone();
                        if snapshot.describe(now) != app.status.sync {
                            batch.push(Action::SyncProgressed(Box::new(snapshot)));
                        }
                    }
                }
            }
            // Drain whatever else is already queued, then draw once.
            let (waiting, ended) = ready_now(&mut input).await;
            for event in waiting {
                batch.extend(to_action(event?));
            }
            if ended {
                break;
            }
            while let Ok(action) = self.results.try_recv() {
                batch.push(action);
            }
            let mut dirty = false;
            for action in batch {
                if let Action::Tick(now) = &action {
                    let minute = now.timestamp() / 60;
                    dirty |= minute != shown_minute;
                    shown_minute = minute;
                } else {
                    dirty = true;
                }
                self.settle(app, action, background);
            }
            if dirty && !app.quit {
                // Switching panes or popups repaints everything, so no cell
                // of the old screen survives where a terminal measured a
                // character differently (some Devanagari vowel signs).
                let layer = (app.active, app.popups.len());
                if layer != shown_layer {
                    // Not `Terminal::clear`: it asks the terminal where the
                    // cursor is, which can time out over a slow SSH link.
                    terminal
                        .backend_mut()
                        .clear_region(ratatui::backend::ClearType::All)?;
                    terminal.swap_buffers();
                    shown_layer = layer;
                }
                terminal.draw(|f| ui::draw(f, app, theme))?;
            }
        }
        Ok(())
    }
}

/// The input events already waiting, and whether the input has ended.
///
/// Read with this task's own waker, never with a no-op one (`now_or_never`):
/// crossterm's `EventStream` keeps the waker of the poll that found no event
/// until an event comes, so a no-op waker there meant the next key woke no
/// one and waited for the 250 ms tick (`tests/tui_wake.rs`).
async fn ready_now<S>(input: &mut S) -> (Vec<S::Item>, bool)
where
    S: Stream + Unpin,
{
    std::future::poll_fn(|cx| {
        let mut events = Vec::new();
        loop {
            match input.poll_next_unpin(cx) {
                std::task::Poll::Ready(Some(event)) => events.push(event),
                std::task::Poll::Ready(None) => {
                    return std::task::Poll::Ready((std::mem::take(&mut events), true));
                }
                std::task::Poll::Pending => {
                    return std::task::Poll::Ready((std::mem::take(&mut events), false));
                }
            }
        }
    })
    .await
}

/// The next snapshot of the sync task; never resolves when none runs.
async fn sync_changed(rx: &mut Option<watch::Receiver<SyncSnapshot>>) -> Option<SyncSnapshot> {
    let Some(r) = rx.as_mut() else {
        return std::future::pending().await;
    };
    if r.changed().await.is_err() {
        // The task ended; its last word stays on screen.
        *rx = None;
        return None;
    }
    rx.as_mut().map(|r| r.borrow_and_update().clone())
}

/// The action for a terminal event, if it matters. Keys carry the
/// millisecond they were read, so billing can tell a scanner from a person.
fn to_action(event: Event) -> Option<Action> {
    match event {
        Event::Key(key) => Some(Action::KeyAt(key, key_clock())),
        Event::Resize(width, height) => Some(Action::Resized { width, height }),
        _ => None,
    }
}

/// Milliseconds since the first key was read.
fn key_clock() -> u64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let start = START.get_or_init(std::time::Instant::now);
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}
