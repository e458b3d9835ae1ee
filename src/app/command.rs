//! `Command`: everything a key may be bound to. The keymap names these in
//! kebab-case (`next-location`), so keymaps are plain TOML and help text is
//! generated from the same list. No behaviour lives here — only names.

use serde::{Deserialize, Serialize};

/// A named thing a key can do. Bound through the keymap, never hard-wired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Command {
    /// Leave galla, restoring the terminal.
    Quit,
    /// Show every key of the current pane and the global ones.
    Help,
    /// Close the top popup.
    Close,
    /// Switch to the next pane in the tab bar.
    NextPane,
    /// Switch to the previous pane in the tab bar.
    PrevPane,
    /// Switch to the Stock pane.
    GoStock,
    /// Move the selection up one row.
    Up,
    /// Move the selection down one row.
    Down,
    /// Move the selection up one page.
    PageUp,
    /// Move the selection down one page.
    PageDown,
    /// Jump to the first row.
    First,
    /// Jump to the last row.
    Last,
    /// Show the selected variant's movement history.
    ShowHistory,
    /// Show the next location's stock (all → shop floor → godown → all).
    NextLocation,
    /// Show the previous location's stock.
    PrevLocation,
    /// Empty the search field.
    ClearSearch,
    /// Switch to the Billing pane.
    GoBilling,
    /// Add the typed or picked item to the bill.
    AddItem,
    /// Remove the selected bill line.
    RemoveLine,
    /// Change the selected line's quantity.
    EditQty,
    /// Change the selected line's rate.
    EditRate,
    /// Give the selected line a discount (amount or %).
    EditDiscount,
    /// Give the whole bill a discount (amount or %).
    BillDiscount,
    /// Deliver the bill's goods to another state (IGST), or back to the counter.
    Deliver,
    /// Open payment for the bill.
    Pay,
    /// Empty the item field.
    ClearItem,
    /// Confirm the form (save a value, add a payment).
    Submit,
    /// Next payment mode.
    NextMode,
    /// Previous payment mode.
    PrevMode,
    /// Next field of the form.
    NextField,
    /// Take back the last payment entered.
    UndoPayment,
    /// Print the last bill again.
    RetryPrint,
    /// Switch to the Sync pane.
    GoSync,
    /// Ask the sync task to push and pull now.
    SyncNow,
    /// Set the bill aside (hold) and start a new one.
    Hold,
    /// List held bills to recall one.
    Held,
    /// Attach a customer (search by name or phone, or add one).
    Customer,
    /// List today's bills to reprint, cancel or take a return.
    Bills,
    /// Cancel the selected saved bill (asks for a reason).
    CancelBill,
    /// Take goods back against the selected bill (whole or some lines).
    ReturnBill,
    /// Print the selected (or typed) bill again.
    ReprintBill,
    /// Show and copy a WhatsApp link with the last bill for its customer.
    Share,
    /// Switch to the Khata pane.
    GoKhata,
    /// Switch to the Cashbook pane.
    GoCashbook,
    /// Show suppliers instead of customers, or back.
    ToggleParties,
    /// Sort the parties by balance, then age, then name.
    SortParties,
    /// Record money (or credit) got from the selected party.
    MoneyGot,
    /// Record money (or credit) given to the selected party.
    MoneyGave,
    /// Add a customer or supplier.
    AddParty,
    /// Make a payment reminder for the selected customer (WhatsApp link copied).
    Remind,
    /// Put cash into the drawer (capital, other income).
    CashIn,
    /// Take cash out of the drawer (rent, tea, salary advance...).
    CashOut,
    /// Count the drawer and close the day.
    CloseDay,
    /// Show the day before.
    PrevDay,
    /// Show the day after.
    NextDay,
    /// Print the cash book slip of the day, or the party's statement.
    PrintSlip,
    /// Show every counter's drawer and the shop's total, or this counter's book.
    ToggleCounters,
    /// Change the selected party's details (name, phone, limit, terms...).
    EditParty,
    /// Switch to the Staff (attendance) pane.
    GoStaff,
    /// Clock in or out by PIN, from any pane (opens the Staff pane's PIN box).
    ClockIn,
    /// Mark the selected person's day (present, absent, leave...) with a note.
    MarkDay,
    /// Mark a day for everyone on the staff (a holiday for the shop).
    MarkEveryone,
    /// Set the selected person's status (active, on leave, inactive).
    StaffStatus,
    /// Switch to the Audit pane (who did what).
    GoAudit,
    /// Sign out and let the next person sign in with their PIN.
    SwitchUser,
    /// Choose which entries to show (days, person, type, counter).
    Filter,
    /// Switch to the Settings pane.
    GoSettings,
    /// Add a product with its sizes and colours.
    AddProduct,
    /// Change the selected item's details or price.
    EditItem,
    /// Stop selling the selected item, or sell it again.
    ToggleActive,
    /// Add or rename a location.
    Locations,
    /// Print barcode labels for the selected item or a purchase.
    Labels,
    /// Goods in from a supplier (a purchase).
    GoodsIn,
    /// Goods back to a supplier (a debit note).
    GoodsBack,
    /// Move goods between locations.
    Transfer,
    /// Correct stock with a reason (damaged, lost, found...).
    Adjust,
    /// Count a shelf and post the differences.
    Count,
    /// Post the goods document (asks first).
    Post,
    /// Previous field of the form.
    PrevField,
    /// Switch to the Reports pane.
    GoReports,
    /// Show the next report.
    NextReport,
    /// Show the previous report.
    PrevReport,
    /// Today, yesterday, this week, this month, last month in turn.
    NextPeriod,
    /// Type the first and last day of the period.
    PickDates,
    /// Daily sales chart by hour or by day.
    ChartBy,
    /// Write the report shown to a file (PDF or CSV) beside the database.
    ExportReport,
}

impl Command {
    /// Every command, in the order help lists them.
    pub const ALL: &'static [Command] = &[
        Command::Quit,
        Command::Help,
        Command::Close,
        Command::NextPane,
        Command::PrevPane,
        Command::GoStock,
        Command::Up,
        Command::Down,
        Command::PageUp,
        Command::PageDown,
        Command::First,
        Command::Last,
        Command::ShowHistory,
        Command::NextLocation,
        Command::PrevLocation,
        Command::ClearSearch,
        Command::GoBilling,
        Command::AddItem,
        Command::RemoveLine,
        Command::EditQty,
        Command::EditRate,
        Command::EditDiscount,
        Command::BillDiscount,
        Command::Deliver,
        Command::Pay,
        Command::ClearItem,
        Command::Submit,
        Command::NextMode,
        Command::PrevMode,
        Command::NextField,
        Command::UndoPayment,
        Command::RetryPrint,
        Command::GoSync,
        Command::SyncNow,
        Command::Hold,
        Command::Held,
        Command::Customer,
        Command::Bills,
        Command::CancelBill,
        Command::ReturnBill,
        Command::ReprintBill,
        Command::Share,
        Command::GoKhata,
        Command::GoCashbook,
        Command::ToggleParties,
        Command::SortParties,
        Command::MoneyGot,
        Command::MoneyGave,
        Command::AddParty,
        Command::Remind,
        Command::CashIn,
        Command::CashOut,
        Command::CloseDay,
        Command::PrevDay,
        Command::NextDay,
        Command::PrintSlip,
        Command::ToggleCounters,
        Command::EditParty,
        Command::GoStaff,
        Command::ClockIn,
        Command::MarkDay,
        Command::MarkEveryone,
        Command::StaffStatus,
        Command::GoAudit,
        Command::SwitchUser,
        Command::Filter,
        Command::GoSettings,
        Command::AddProduct,
        Command::EditItem,
        Command::ToggleActive,
        Command::Locations,
        Command::Labels,
        Command::GoodsIn,
        Command::GoodsBack,
        Command::Transfer,
        Command::Adjust,
        Command::Count,
        Command::Post,
        Command::PrevField,
        Command::GoReports,
        Command::NextReport,
        Command::PrevReport,
        Command::NextPeriod,
        Command::PickDates,
        Command::ChartBy,
        Command::ExportReport,
    ];

    /// The kebab-case name used in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Command::Quit => "quit",
            Command::Help => "help",
            Command::Close => "close",
            Command::NextPane => "next-pane",
            Command::PrevPane => "prev-pane",
            Command::GoStock => "go-stock",
            Command::Up => "up",
            Command::Down => "down",
            Command::PageUp => "page-up",
            Command::PageDown => "page-down",
            Command::First => "first",
            Command::Last => "last",
            Command::ShowHistory => "show-history",
            Command::NextLocation => "next-location",
            Command::PrevLocation => "prev-location",
            Command::ClearSearch => "clear-search",
            Command::GoBilling => "go-billing",
            Command::AddItem => "add-item",
            Command::RemoveLine => "remove-line",
            Command::EditQty => "edit-qty",
            Command::EditRate => "edit-rate",
            Command::EditDiscount => "edit-discount",
            Command::BillDiscount => "bill-discount",
            Command::Deliver => "deliver",
            Command::Pay => "pay",
            Command::ClearItem => "clear-item",
            Command::Submit => "submit",
            Command::NextMode => "next-mode",
            Command::PrevMode => "prev-mode",
            Command::NextField => "next-field",
            Command::UndoPayment => "undo-payment",
            Command::RetryPrint => "retry-print",
            Command::GoSync => "go-sync",
            Command::SyncNow => "sync-now",
            Command::Hold => "hold",
            Command::Held => "held",
            Command::Customer => "customer",
            Command::Bills => "bills",
            Command::CancelBill => "cancel-bill",
            Command::ReturnBill => "return-bill",
            Command::ReprintBill => "reprint-bill",
            Command::Share => "share",
            Command::GoKhata => "go-khata",
            Command::GoCashbook => "go-cashbook",
            Command::ToggleParties => "toggle-parties",
            Command::SortParties => "sort-parties",
            Command::MoneyGot => "money-got",
            Command::MoneyGave => "money-gave",
            Command::AddParty => "add-party",
            Command::Remind => "remind",
            Command::CashIn => "cash-in",
            Command::CashOut => "cash-out",
            Command::CloseDay => "close-day",
            Command::PrevDay => "prev-day",
            Command::NextDay => "next-day",
            Command::PrintSlip => "print-slip",
            Command::ToggleCounters => "toggle-counters",
            Command::ClockIn => "clock-in",
            Command::GoStaff => "go-staff",
            Command::EditParty => "edit-party",
            Command::MarkDay => "mark-day",
            Command::MarkEveryone => "mark-everyone",
            Command::StaffStatus => "staff-status",
            Command::GoAudit => "go-audit",
            Command::SwitchUser => "switch-user",
            Command::Filter => "filter",
            Command::GoSettings => "go-settings",
            Command::AddProduct => "add-product",
            Command::EditItem => "edit-item",
            Command::ToggleActive => "toggle-active",
            Command::Locations => "locations",
            Command::Labels => "labels",
            Command::GoodsIn => "goods-in",
            Command::GoodsBack => "goods-back",
            Command::Transfer => "transfer",
            Command::Adjust => "adjust",
            Command::Count => "count",
            Command::Post => "post",
            Command::PrevField => "prev-field",
            Command::GoReports => "go-reports",
            Command::NextReport => "next-report",
            Command::PrevReport => "prev-report",
            Command::NextPeriod => "next-period",
            Command::PickDates => "pick-dates",
            Command::ChartBy => "chart-by",
            Command::ExportReport => "export-report",
        }
    }

    /// A short help text, used when a keymap entry gives no `desc`.
    pub fn describe(self) -> &'static str {
        match self {
            Command::Quit => "Quit galla",
            Command::Help => "Show keys",
            Command::Close => "Close",
            Command::NextPane => "Next pane",
            Command::PrevPane => "Previous pane",
            Command::GoStock => "Go to Stock",
            Command::Up => "Up one row",
            Command::Down => "Down one row",
            Command::PageUp => "Page up",
            Command::PageDown => "Page down",
            Command::First => "First row",
            Command::Last => "Last row",
            Command::ShowHistory => "Movement history",
            Command::NextLocation => "Next location",
            Command::PrevLocation => "Previous location",
            Command::ClearSearch => "Clear search",
            Command::GoBilling => "Go to Billing",
            Command::AddItem => "Add item",
            Command::RemoveLine => "Remove line",
            Command::EditQty => "Change quantity",
            Command::EditRate => "Change rate",
            Command::EditDiscount => "Line discount",
            Command::BillDiscount => "Bill discount",
            Command::Deliver => "Deliver to another state",
            Command::Pay => "Payment",
            Command::ClearItem => "Clear item",
            Command::Submit => "Confirm",
            Command::NextMode => "Next mode",
            Command::PrevMode => "Previous mode",
            Command::NextField => "Next field",
            Command::UndoPayment => "Undo payment",
            Command::RetryPrint => "Reprint last bill",
            Command::GoSync => "Go to Sync",
            Command::SyncNow => "Sync now",
            Command::Hold => "Hold bill",
            Command::Held => "Held bills",
            Command::Customer => "Customer",
            Command::Bills => "Today's bills",
            Command::CancelBill => "Cancel bill",
            Command::ReturnBill => "Return goods",
            Command::ReprintBill => "Reprint bill",
            Command::Share => "Share on WhatsApp",
            Command::GoKhata => "Go to Khata",
            Command::GoCashbook => "Go to Cashbook",
            Command::ToggleParties => "Customers/suppliers",
            Command::SortParties => "Sort",
            Command::MoneyGot => "Got money",
            Command::MoneyGave => "Gave money",
            Command::AddParty => "New party",
            Command::Remind => "Remind",
            Command::CashIn => "Cash in",
            Command::CashOut => "Cash out",
            Command::CloseDay => "Close day",
            Command::PrevDay => "Day before",
            Command::NextDay => "Day after",
            Command::PrintSlip => "Print",
            Command::ToggleCounters => "This counter/all",
            Command::ClockIn => "Clock in/out",
            Command::GoStaff => "Go to Staff",
            Command::EditParty => "Change party",
            Command::MarkDay => "Mark a day",
            Command::MarkEveryone => "Mark everyone",
            Command::StaffStatus => "Staff status",
            Command::GoAudit => "Go to Audit",
            Command::SwitchUser => "Switch user",
            Command::Filter => "Filter",
            Command::GoSettings => "Go to Settings",
            Command::AddProduct => "New product",
            Command::EditItem => "Change item",
            Command::ToggleActive => "Stop/start selling",
            Command::Locations => "Locations",
            Command::Labels => "Labels",
            Command::GoodsIn => "Goods in",
            Command::GoodsBack => "Goods back",
            Command::Transfer => "Transfer",
            Command::Adjust => "Correct stock",
            Command::Count => "Count",
            Command::Post => "Post",
            Command::PrevField => "Previous field",
            Command::GoReports => "Go to Reports",
            Command::NextReport => "Next report",
            Command::PrevReport => "Previous report",
            Command::NextPeriod => "Period",
            Command::PickDates => "Dates",
            Command::ChartBy => "By hour/day",
            Command::ExportReport => "Export",
        }
    }

    /// Looks a command up by its keymap name.
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_serde() {
        for &c in Command::ALL {
            assert_eq!(Command::from_name(c.name()), Some(c));
            let json = serde_json::to_string(&c).expect("serialises");
            assert_eq!(json, format!("\"{}\"", c.name()));
        }
    }
}
