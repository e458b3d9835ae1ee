//! `Scope`: where a binding applies. A pane has its scope, a form inside a
//! pane has `form`, and every popup owns a scope named after it (`payment`,
//! `bills`, `prompt`…), so a key can be rebound for one popup alone and
//! help and the hint line show exactly that popup's keys. `popup` serves
//! the popups that only show something (help, errors, notices, readers).

/// Where a binding applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everywhere, after the focused pane has had its chance.
    Global,
    /// The Stock pane.
    Stock,
    /// A popup that shows something to read (help, history, errors).
    Popup,
    /// The Billing pane.
    Billing,
    /// A form inside a pane (Khata, Cashbook, Staff, Stock, Settings…).
    Form,
    /// The Sync pane.
    Sync,
    /// The Khata pane.
    Khata,
    /// The Cashbook pane.
    Cashbook,
    /// The Staff (attendance) pane.
    Attendance,
    /// The Audit pane.
    Audit,
    /// The Settings pane.
    Settings,
    /// A goods document in the Stock pane (purchase, transfer, count...).
    Goods,
    /// The Reports pane.
    Reports,
    /// Billing's payment box.
    Payment,
    /// Billing's one-field prompts (a line's quantity, rate, discount).
    Prompt,
    /// Billing's customer box (search or quick-add).
    Customer,
    /// Billing's held bills.
    Held,
    /// Billing's list of today's bills (reprint, cancel, return).
    Bills,
    /// Picking the goods that come back on a bill.
    Return,
    /// The buyer's details asked before a large bill to an unregistered buyer.
    Recipient,
    /// The first-start form of a new shop.
    Setup,
    /// The sign-in PIN box.
    SignIn,
    /// A manager's PIN for a refused action.
    Approve,
}

impl Scope {
    /// Every scope, in the order help lists them.
    pub const ALL: [Scope; 23] = [
        Scope::Global,
        Scope::Stock,
        Scope::Popup,
        Scope::Billing,
        Scope::Form,
        Scope::Sync,
        Scope::Khata,
        Scope::Cashbook,
        Scope::Attendance,
        Scope::Audit,
        Scope::Settings,
        Scope::Goods,
        Scope::Reports,
        Scope::Payment,
        Scope::Prompt,
        Scope::Customer,
        Scope::Held,
        Scope::Bills,
        Scope::Return,
        Scope::Recipient,
        Scope::Setup,
        Scope::SignIn,
        Scope::Approve,
    ];

    /// The name used in keymap files (`[[stock]]`, `[keymap.stock]`).
    pub fn name(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Stock => "stock",
            Scope::Popup => "popup",
            Scope::Billing => "billing",
            Scope::Form => "form",
            Scope::Sync => "sync",
            Scope::Khata => "khata",
            Scope::Cashbook => "cashbook",
            Scope::Attendance => "staff",
            Scope::Audit => "audit",
            Scope::Settings => "settings",
            Scope::Goods => "goods",
            Scope::Reports => "reports",
            Scope::Payment => "payment",
            Scope::Prompt => "prompt",
            Scope::Customer => "customer",
            Scope::Held => "held",
            Scope::Bills => "bills",
            Scope::Return => "return",
            Scope::Recipient => "recipient",
            Scope::Setup => "setup",
            Scope::SignIn => "sign-in",
            Scope::Approve => "approve",
        }
    }

    /// What help calls a popup's scope ("In the payment box"); `None` for
    /// a pane's scope.
    pub fn popup_heading(self) -> Option<&'static str> {
        Some(match self {
            Scope::Popup => "In popups",
            Scope::Payment => "In the payment box",
            Scope::Prompt => "In a quantity, rate or discount prompt",
            Scope::Customer => "In the customer box",
            Scope::Held => "In held bills",
            Scope::Bills => "In today's bills",
            Scope::Return => "Taking goods back on a bill",
            Scope::Recipient => "In the buyer's details",
            Scope::Setup => "In the first-start form",
            Scope::SignIn => "Signing in",
            Scope::Approve => "In the manager's PIN box",
            Scope::Global
            | Scope::Stock
            | Scope::Billing
            | Scope::Form
            | Scope::Sync
            | Scope::Khata
            | Scope::Cashbook
            | Scope::Attendance
            | Scope::Audit
            | Scope::Settings
            | Scope::Goods
            | Scope::Reports => return None,
        })
    }

    /// Whether this is the scope of a popup with a text field: the ones
    /// the old shared `[keymap.form]` table served, which it still reaches
    /// (see `Keymap::apply`).
    pub fn is_text_popup(self) -> bool {
        self.popup_heading().is_some() && !matches!(self, Scope::Popup | Scope::Held)
    }

    /// Looks a scope up by its file name.
    pub fn from_name(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Every scope's file name, for "expected one of: …".
    pub fn names() -> String {
        let names: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
        names.join(", ")
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}
