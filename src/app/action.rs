//! `Action`: everything `update` handles (keys, and the results of work,
//! named in the past tense), with the plain data it carries; `Effect`, what
//! `update` asks the runner to do, is in `effect.rs` and re-exported here.
//! Plain data only: no I/O and no terminal here.

use chrono::{DateTime, Utc};
use galla_domain::payload::Sale;
use galla_domain::{Location, LocationId, Money, Product, Qty, Variant, VariantId};
use ratatui::crossterm::event::KeyEvent;

use super::command::Command;
use crate::store::{AttentionRow, DayBook, HistoryRow, KhataLine, PartyRow, StockRow};

/// Everything that can change the app's state.
#[derive(Debug)]
pub enum Action {
    /// A key from the terminal (or a script).
    Key(KeyEvent),
    /// A key from the terminal with the millisecond it was read, so billing
    /// can tell a scanner's burst from typing.
    KeyAt(KeyEvent, u64),
    /// A command, already resolved (from a key or a test).
    Command(Command),
    /// The clock moved on.
    Tick(DateTime<Utc>),
    /// The terminal changed size.
    Resized {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// The locations were read.
    LocationsLoaded(Vec<Location>),
    /// The search index was read: every variant id, in index order.
    IndexLoaded(std::sync::Arc<[VariantId]>),
    /// The search matched these index positions, best first.
    Filtered {
        /// Which pane asked.
        target: SearchTarget,
        /// The request this answers; older answers are ignored.
        generation: u64,
        /// Positions in the index.
        rows: Vec<u32>,
    },
    /// Stock rows for the visible window were read.
    StockRowsLoaded {
        /// The request this answers; older answers are ignored.
        generation: u64,
        /// The rows, in the order asked.
        rows: Vec<StockRow>,
    },
    /// Ids of the first page, before the search index is loaded.
    FirstPageLoaded(Vec<VariantId>),
    /// A variant's history was read.
    HistoryLoaded {
        /// Title for the popup ("KUR00000-01 Cotton Kurta").
        title: String,
        /// The movements, oldest first.
        rows: Vec<HistoryRow>,
    },
    /// Another process (or this one) committed to the database.
    StoreChanged {
        /// How many variants the catalogue has now.
        variants: usize,
    },
    /// Something the runner tried failed; shown in a popup.
    EffectFailed(String),
    /// The sync task published a new state (or the clock moved its wording).
    SyncProgressed(Box<crate::sync::SyncSnapshot>),
    /// Rows for the billing pane's pick list.
    CandidatesLoaded {
        /// The filter they answer.
        generation: u64,
        /// The rows, best first.
        rows: Vec<StockRow>,
    },
    /// An item asked for by billing was found.
    ItemFound {
        /// Its product.
        product: Box<Product>,
        /// The variant.
        variant: Box<Variant>,
        /// How many to add.
        qty: Qty,
        /// How many the billing location holds now.
        on_hand: Qty,
    },
    /// No item has that barcode or SKU.
    ItemNotFound(String),
    /// The first-start form's shop was made (its name and counter code), or why not.
    ShopSetUp(Result<Box<ShopMade>, String>),
    /// Several items share the barcode: the cashier picks one.
    ItemAmbiguous {
        /// The barcode.
        code: String,
        /// How many to add.
        qty: Qty,
        /// The items that have it.
        ids: Vec<VariantId>,
    },
    /// A bill was saved durably.
    BillSaved {
        /// The SALE as stored (with its number).
        sale: Box<Sale>,
        /// Names, HSN and units of its lines, for the receipt.
        items: Vec<ReceiptItem>,
        /// When it was saved.
        at: DateTime<Utc>,
        /// Cash to hand back.
        change: Money,
    },
    /// Saving a bill failed: nothing was saved.
    SaveFailed(String),
    /// The receipt went to the printer.
    Printed(String),
    /// The receipt could not be printed (the bill is saved).
    PrintFailed(String),
    /// The number the next bill will get.
    NextBillNo(String),
    /// The Sync pane's "needs attention" list was read.
    AttentionLoaded(Vec<AttentionRow>),
    /// The bill was set aside under this id.
    BillHeld(i64),
    /// The held bills were read.
    HeldLoaded(Vec<crate::store::HeldBill>),
    /// A held bill was taken back out, with its customer as they are now.
    HeldRecalled {
        /// The bill.
        held: Box<crate::store::HeldBill>,
        /// Its customer, if one was attached.
        customer: Option<Box<crate::ui::billing::Customer>>,
    },
    /// The bill being made when galla last stopped, with its customer.
    OpenBillLoaded {
        /// The bill.
        bill: Box<crate::store::OpenBill>,
        /// Its customer, if one was attached.
        customer: Option<Box<crate::ui::billing::Customer>>,
    },
    /// SIGTERM or SIGHUP: leave now (the bill on screen is already kept).
    Stop,
    /// Customers matching the search, best first.
    CustomersFound(Vec<crate::ui::billing::Customer>),
    /// A customer was added (PARTY_CREATED) and is attached to the bill.
    CustomerAdded(Box<crate::ui::billing::Customer>),
    /// Today's bills were read, newest first.
    BillsLoaded(Vec<crate::store::BillRecord>),
    /// A cancellation or return was saved; says what happened.
    BillChanged(String),
    /// A return was saved as a credit note (the message); its paper is the
    /// last receipt, to print.
    CreditNoteSaved(String),
    /// A cancellation, return or reprint was refused; says why.
    BillChangeRefused(String),
    /// Every party with balance and ageing was read.
    PartiesLoaded(Vec<PartyRow>),
    /// One party's khata was read.
    KhataLoaded {
        /// The party with balance and ageing.
        row: Box<PartyRow>,
        /// Every line, oldest first.
        lines: Vec<KhataLine>,
    },
    /// A bill's lines named, to pick what comes back: (name, sold loose).
    ReturnLinesLoaded {
        /// The bill.
        bill_no: String,
        /// Each line's name with size and colour, and whether it is sold
        /// by weight or length.
        names: Vec<(String, bool)>,
    },
    /// A khata entry or a new party was saved (what happened), or refused (why).
    KhataWritten(Result<String, String>),
    /// A reminder was made (its link is being copied), or why not.
    ReminderMade(Result<Box<ReminderShown>, String>),
    /// A day's cash book was read.
    DayBookLoaded(Box<DayBook>),
    /// Cash in or out or a close was saved (what happened), or refused (why).
    CashWritten(Result<String, String>),
    /// Every counter's book for a day, this counter first.
    ShopDayLoaded(Vec<(String, DayBook)>),
    /// Every active person's month was read.
    AttendanceLoaded(Box<AttendanceView>),
    /// A clock-in or -out by PIN: what it said, or why not.
    Clocked(Result<String, String>),
    /// A person added or changed, a status, a mark or the month printed:
    /// what happened, or why it was refused.
    StaffWritten(Result<String, String>),
    /// A report was read (or why not), for the question `generation`.
    ReportLoaded {
        /// The question it answers.
        generation: u64,
        /// The report and what was asked, or why it could not be read.
        result: Result<Box<crate::ui::reports::Shown>, String>,
    },
    /// A report was printed or written to a file (where), or why not.
    ReportDone(Result<String, String>),
    /// A text to read in a popup (a bill's receipt, a slip).
    NoticeReady {
        /// Its title.
        title: String,
        /// The text.
        text: String,
    },
    /// Whether users are set up, the idle time and the last good backup,
    /// read at start.
    SessionLoaded(super::session::SessionInfo),
    /// Someone signed in (who, and what their role may do), or why not.
    SignedIn(Result<Box<super::session::UserView>, String>),
    /// The store refused a write the person may not make alone: a manager's
    /// PIN may let `effect` through. `original` is what the work said.
    ApprovalNeeded {
        /// Why, with the permission needed.
        refusal: crate::store::Refusal,
        /// The refused work, to do again once approved.
        effect: Box<Effect>,
        /// The work's own answer (its message, its pane's state).
        original: Option<Box<Action>>,
    },
    /// A manager approved; `result` is what the approved work said.
    Approved {
        /// Who approved.
        by: String,
        /// The work's answer.
        result: Option<Box<Action>>,
    },
    /// The approving PIN was wrong or its person may not approve this.
    ApprovalRefused(String),
    /// A manager let the person see something once (until the next sign-in).
    ViewApproved {
        /// Who approved.
        by: String,
        /// What may be seen.
        permission: galla_domain::access::Permission,
        /// The command to run now.
        command: Command,
    },
    /// The daily backup was made (when), or why not.
    BackupDone(Result<DateTime<Utc>, String>),
    /// The Audit pane's page was read.
    AuditLoaded(Box<super::audit_work::AuditPage>),
    /// The shared settings were read.
    SettingsLoaded(Vec<crate::ui::settings::SettingRow>),
    /// A setting was changed (what it is now), or refused (why).
    SettingWritten(Result<Box<SettingSaved>, String>),
    /// The catalogue and stock work of the Stock pane answered.
    StockWorkDone(Box<crate::app::stock_work::StockDone>),
}

/// A setting changed: what to say, and every setting as it now is.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingSaved {
    /// "shop.name is now Gupta Cloth".
    pub text: String,
    /// Every stored setting.
    pub settings: std::collections::BTreeMap<String, serde_json::Value>,
}

/// A report asked for by the Reports pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportAsk {
    /// Matches `Action::ReportLoaded::generation`.
    pub generation: u64,
    /// Which report.
    pub kind: crate::report::Kind,
    /// The days.
    pub period: crate::report::Period,
    /// One location (id and name), or all.
    pub location: Option<(LocationId, String)>,
    /// Size demand for one product.
    pub product: Option<galla_domain::ProductId>,
}

/// Where a report shown goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportOut {
    /// To the till's printer (the daily sales; for one day, the day close).
    Print,
    /// To a file beside the database (PDF for daily sales, outstanding and
    /// GST, else CSV).
    Export,
}

/// A new shop as the first-start form made it: what billing needs at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShopMade {
    /// The shop's name.
    pub name: String,
    /// This counter's code.
    pub counter: String,
    /// Regular, composition or unregistered.
    pub regime: galla_domain::Regime,
    /// The shop's state code, for the place of supply.
    pub state_code: Option<String>,
    /// The shop's UPI ID.
    pub upi_vpa: Option<String>,
}

/// Every active person's month, for the Staff pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendanceView {
    /// The year shown.
    pub year: i32,
    /// The month shown.
    pub month: u32,
    /// Today, in the shop's time zone.
    pub today: chrono::NaiveDate,
    /// Each person, by name.
    pub people: Vec<PersonMonth>,
}

/// One person's month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonMonth {
    /// The person, with their status.
    pub row: crate::store::StaffRow,
    /// Days, hours and pay.
    pub month: galla_domain::attendance::Month,
}

/// A change the Staff pane asks for, as typed (checked by `crate::staff`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaffWrite {
    /// A new person.
    Add(Box<crate::staff::StaffForm>),
    /// A person's details; blank fields are kept.
    Edit {
        /// Who.
        staff: galla_domain::StaffId,
        /// What changes.
        form: Box<crate::staff::StaffForm>,
    },
    /// A person's status: active, on_leave or inactive, with a note.
    Status {
        /// Who.
        staff: galla_domain::StaffId,
        /// The status.
        status: String,
        /// Why.
        note: Option<String>,
    },
    /// The owner's mark for a day: one person, or everyone (`None`).
    Mark {
        /// Who (`None`: everyone still working here).
        staff: Option<galla_domain::StaffId>,
        /// The day, as typed (YYYY-MM-DD, or a day of this month).
        date: String,
        /// present, absent, half_day, leave, unpaid_leave, holiday, week_off.
        status: String,
        /// Why.
        note: Option<String>,
    },
}

/// A reminder to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderShown {
    /// To whom.
    pub name: String,
    /// The message and its links.
    pub reminder: crate::books::remind::Reminder,
}

/// A khata write asked for by the Khata pane; the runner checks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KhataWrite {
    /// Money or credit got from or given to a party.
    Entry {
        /// The party.
        party: galla_domain::PartyId,
        /// Got or gave.
        direction: crate::books::khata::Direction,
        /// As typed.
        amount: String,
        /// How the money moved (`Khata`: none did).
        mode: galla_domain::payload::PayMode,
        /// UPI or card reference.
        reference: Option<String>,
        /// Note.
        note: Option<String>,
    },
    /// A party's details changed.
    EditParty {
        /// The party.
        party: galla_domain::PartyId,
        /// The fields as typed.
        form: Box<crate::books::khata::PartyForm>,
    },
    /// A new party.
    AddParty {
        /// Customer or supplier.
        kind: galla_domain::PartyKind,
        /// The fields as typed.
        form: Box<crate::books::khata::PartyForm>,
    },
}

/// A cash book write asked for by the Cashbook pane; the runner checks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CashWrite {
    /// Cash into or out of the drawer.
    Entry {
        /// In or out.
        flow: crate::books::cashbook::Flow,
        /// As typed.
        amount: String,
        /// The head.
        head: String,
        /// Note.
        note: Option<String>,
        /// The person a salary or salary advance was paid to, as typed.
        staff: Option<String>,
    },
    /// The day's close.
    Close {
        /// The day (`None`: today).
        date: Option<chrono::NaiveDate>,
        /// A total, or notes as `500x3,100x2`.
        counted: String,
        /// Why there is a difference.
        note: Option<String>,
    },
}

/// Which pane a search is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchTarget {
    /// The Stock pane's list.
    Stock,
    /// The Billing pane's pick list.
    Billing,
    /// The pick list of a goods document in the Stock pane.
    Goods,
}

pub use super::effect::{BillToSave, Effect, ReceiptItem};
