//! `Effect`: the work `update` asks the runner to do (read, write, print,
//! share), with what a bill to save and a receipt line carry. Plain data
//! only: no I/O here; the runner performs each and answers with an
//! `Action`.

use chrono::{DateTime, Utc};
use galla_domain::bill::Draft;
use galla_domain::payload::{Payment, Sale};
use galla_domain::{LocationId, Money, Qty, VariantId};

use super::action::{CashWrite, KhataWrite, ReportAsk, ReportOut, SearchTarget, StaffWrite};

/// Everything needed to save a bill.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillToSave {
    /// The bill being saved.
    pub draft: Draft,
    /// How it was paid.
    pub payments: Vec<Payment>,
    /// Change handed back.
    pub change: Money,
    /// The location stock leaves from.
    pub location: LocationId,
    /// The customer attached, if any.
    pub customer: Option<galla_domain::PartyId>,
}

/// Work `update` asks the runner to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Read full rows for these variants.
    LoadStockRows {
        /// Matches `Action::StockRowsLoaded::generation`.
        generation: u64,
        /// Which variants, in display order.
        ids: Vec<VariantId>,
    },
    /// Read the ids of the first `limit` variants in SKU order.
    LoadFirstPage {
        /// How many.
        limit: usize,
    },
    /// Read the search index again (the catalogue changed).
    ReloadIndex,
    /// Filter the index for a query (off the UI thread in the app).
    Filter {
        /// Which pane asked.
        target: SearchTarget,
        /// What was typed.
        query: String,
        /// Matches `Action::Filtered::generation`.
        generation: u64,
    },
    /// Read a variant's movement history.
    LoadHistory {
        /// Which variant.
        variant: VariantId,
        /// At one location, or all.
        location: Option<LocationId>,
        /// Popup title.
        title: String,
    },
    /// Leave the loop and restore the terminal.
    Quit,
    /// Make the shop in the new, empty database (the first-start form).
    SetUpShop(Box<crate::settings::ShopSetup>),
    /// Read the locations again.
    LoadLocations,
    /// Read rows for the billing pick list.
    LoadCandidates {
        /// Matches `Action::CandidatesLoaded::generation`.
        generation: u64,
        /// Which variants.
        ids: Vec<VariantId>,
    },
    /// Find an item by exact barcode/SKU or by id, with its stock.
    LookupItem {
        /// A scanned or typed code.
        code: Option<String>,
        /// Or a picked variant.
        variant: Option<VariantId>,
        /// How many to add.
        qty: Qty,
        /// Where its stock is counted.
        location: LocationId,
    },
    /// Save a bill (the SALE event), durably, before anything prints.
    SaveBill(Box<BillToSave>),
    /// Print a saved bill's receipt.
    PrintReceipt {
        /// The saved SALE.
        sale: Box<Sale>,
        /// When it was saved.
        at: DateTime<Utc>,
        /// Names, HSN and units of its lines, for the receipt.
        items: Vec<ReceiptItem>,
        /// Change handed back.
        change: Money,
    },
    /// Send the last receipt to the printer again.
    RetryPrint,
    /// Work out the number the next bill will get (for the UPI note).
    PeekBillNo,
    /// Read the flagged and rejected events for the Sync pane.
    LoadAttention,
    /// Wake the sync task now (skips its wait or back-off).
    SyncNow,
    /// Set a bill aside (not a business event).
    HoldBill {
        /// The bill.
        draft: Box<Draft>,
        /// Its customer.
        customer: Option<galla_domain::PartyId>,
    },
    /// Read the held bills.
    LoadHeld,
    /// Take a held bill back out.
    RecallHeld(i64),
    /// Find customers by name or phone.
    SearchCustomers(String),
    /// Add a customer (PARTY_CREATED) and attach them.
    AddCustomer {
        /// Name.
        name: String,
        /// Mobile number.
        phone: Option<String>,
    },
    /// Read today's bills.
    LoadBills,
    /// Print a saved bill again, by number.
    ReprintBill(String),
    /// Cancel a saved bill (BILL_CANCELLED).
    CancelBill {
        /// Its number.
        bill_no: String,
        /// Why.
        reason: String,
    },
    /// Put text on the clipboard (OSC 52 to the terminal).
    CopyToClipboard(String),
    /// Take goods back against a bill (SALE_RETURN, a credit note).
    ReturnBill {
        /// Its number.
        bill_no: String,
        /// (line index, quantity) pairs.
        lines: Vec<(usize, Qty)>,
        /// How the refund goes back.
        mode: galla_domain::payload::PayMode,
    },
    /// Name a bill's lines, to pick what comes back.
    LoadReturnLines(String),
    /// Read every party with balance and ageing.
    LoadParties,
    /// Read one party's khata.
    LoadKhata(galla_domain::PartyId),
    /// Record a khata entry or add a party.
    WriteKhata(KhataWrite),
    /// Make a reminder for a customer and copy its WhatsApp link.
    MakeReminder(galla_domain::PartyId),
    /// Read this counter's cash book for a day (`None`: today).
    LoadDayBook(Option<chrono::NaiveDate>),
    /// Cash in or out, or close the day.
    WriteCash(CashWrite),
    /// Read every active person's month (`None`: this month).
    LoadAttendance(Option<(i32, u32)>),
    /// Clock the person with this PIN in or out.
    ClockPin(String),
    /// Add or change a person, their status, or a day's mark.
    WriteStaff(StaffWrite),
    /// Print the month sheet of everyone on the till's printer (`None`:
    /// this month).
    PrintMonthSheet(Option<(i32, u32)>),
    /// Read every counter's book for a day (`None`: today).
    LoadShopDay(Option<chrono::NaiveDate>),
    /// Show a saved bill's receipt as text, by number.
    ShowBill(String),
    /// Print this counter's cash book slip for a day (`None`: today).
    PrintDaySlip(Option<chrono::NaiveDate>),
    /// Print a party's statement on the till's printer.
    PrintStatement(galla_domain::PartyId),
    /// Sign in with this PIN.
    SignIn(String),
    /// Sign out (the counter is locked until someone signs in).
    SignOut,
    /// Check a manager's PIN and, if they may, let `then` through.
    Approve {
        /// The PIN typed.
        pin: String,
        /// What the approver must be allowed.
        permission: Option<galla_domain::access::Permission>,
        /// What approval lets through.
        then: crate::ui::signin::Then,
    },
    /// Read a page of the audit trail.
    LoadAudit(Box<super::audit_work::AuditAsk>),
    /// Read the shared settings.
    LoadSettings,
    /// Change one shared setting (checked by the runner).
    WriteSetting {
        /// Its key.
        key: &'static str,
        /// The value as typed.
        value: String,
    },
    /// Catalogue and stock work asked for by the Stock pane.
    StockWork(crate::app::stock_work::StockWork),
    /// Read a report.
    LoadReport(Box<ReportAsk>),
    /// Print or export the report shown.
    ReportOut(Box<crate::ui::reports::Shown>, ReportOut),
}

/// What a receipt line needs to name its item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptItem {
    /// The variant.
    pub variant_id: VariantId,
    /// Its name with size and colour.
    pub name: String,
    /// HSN code.
    pub hsn: String,
    /// How it is counted.
    pub unit: galla_domain::Unit,
}
