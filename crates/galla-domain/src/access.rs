//! Who may do what: the roles a person on the staff list can have, the
//! permissions an owner hands out, and [`needs`] — the one function that
//! says which permissions an event asks for. The store calls it before it
//! appends an event; the app asks [`Policy::allows`] before it shows costs,
//! reports or the audit trail. Pure: the prices and costs a sale is checked
//! against come through the [`PriceBook`] trait.
//!
//! Owners may do everything, always (so a shop can never lock its owner
//! out); what the other roles may do starts from [`Role::defaults`] and is
//! changed per role by the owner (the `role.<name>` settings).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::event::EventPayload;
use crate::ids::VariantId;
use crate::money::Money;
use crate::payload::{PayMode, Sale};

/// Something a person may or may not be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Permission {
    /// Give a discount above the shop's limit (`users.discount_percent`).
    Discount,
    /// Sell an item for less than it cost.
    BelowCost,
    /// Change an item's selling price or MRP.
    ChangePrice,
    /// Cancel a bill or take goods back.
    CancelReturn,
    /// Pay cash out of the drawer (expenses, a supplier, a khata refund).
    PayOut,
    /// See what items cost and the margins.
    SeeCosts,
    /// See the shop's reports.
    SeeReports,
    /// See the audit trail (who did what).
    SeeAudit,
    /// Change the shop's settings.
    ChangeSettings,
    /// Add or change staff, their roles and PINs, and what roles may do.
    ManageUsers,
}

impl Permission {
    /// Every permission, in the order lists show them.
    pub const ALL: [Permission; 10] = [
        Permission::Discount,
        Permission::BelowCost,
        Permission::ChangePrice,
        Permission::CancelReturn,
        Permission::PayOut,
        Permission::SeeCosts,
        Permission::SeeReports,
        Permission::SeeAudit,
        Permission::ChangeSettings,
        Permission::ManageUsers,
    ];

    /// The name used in settings and on the command line (`cancel-return`).
    pub fn name(self) -> &'static str {
        match self {
            Permission::Discount => "discount",
            Permission::BelowCost => "below-cost",
            Permission::ChangePrice => "change-price",
            Permission::CancelReturn => "cancel-return",
            Permission::PayOut => "pay-out",
            Permission::SeeCosts => "see-costs",
            Permission::SeeReports => "see-reports",
            Permission::SeeAudit => "see-audit",
            Permission::ChangeSettings => "change-settings",
            Permission::ManageUsers => "manage-users",
        }
    }

    /// What it allows, in words that follow "may not" ("cancel or return a bill").
    pub fn words(self) -> &'static str {
        match self {
            Permission::Discount => "give a discount above the shop's limit",
            Permission::BelowCost => "sell below cost",
            Permission::ChangePrice => "change a price",
            Permission::CancelReturn => "cancel or return a bill",
            Permission::PayOut => "pay cash out",
            Permission::SeeCosts => "see costs and margins",
            Permission::SeeReports => "see reports",
            Permission::SeeAudit => "see the audit trail",
            Permission::ChangeSettings => "change settings",
            Permission::ManageUsers => "manage users",
        }
    }

    /// Reads a name (`pay-out`, `pay_out`, `PAY OUT`).
    pub fn parse(raw: &str) -> Option<Permission> {
        let name = raw.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Permission::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// What a person on the staff list is, for signing in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, always.
    Owner,
    /// Runs the shop floor: approves what cashiers may not do.
    Manager,
    /// Bills and takes money.
    Cashier,
    /// Looks up stock; changes nothing.
    Stock,
    /// Clocks in and out; does not sign in.
    Helper,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Manager,
        Role::Cashier,
        Role::Stock,
        Role::Helper,
    ];

    /// The stored name (`cashier`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Manager => "manager",
            Role::Cashier => "cashier",
            Role::Stock => "stock",
            Role::Helper => "helper",
        }
    }

    /// Reads a stored role; anything unknown is a helper (no sign-in, no
    /// permission), so a role from a newer galla grants nothing here.
    pub fn of(stored: &str) -> Role {
        Role::parse(stored).unwrap_or(Role::Helper)
    }

    /// Reads a typed role, if it is one.
    pub fn parse(raw: &str) -> Option<Role> {
        let name = raw.trim().to_ascii_lowercase();
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// Whether this role signs in to galla (helpers only clock in).
    pub fn signs_in(self) -> bool {
        self != Role::Helper
    }

    /// Whether this role may record anything beyond its own attendance
    /// (the stock role only looks).
    pub fn writes(self) -> bool {
        matches!(self, Role::Owner | Role::Manager | Role::Cashier)
    }

    /// The roles whose permissions the owner may change.
    pub fn adjustable(self) -> bool {
        matches!(self, Role::Manager | Role::Cashier | Role::Stock)
    }

    /// What the role may do until the owner says otherwise.
    pub fn defaults(self) -> BTreeSet<Permission> {
        use Permission as P;
        match self {
            Role::Owner => Permission::ALL.into_iter().collect(),
            Role::Manager => [
                P::Discount,
                P::BelowCost,
                P::ChangePrice,
                P::CancelReturn,
                P::PayOut,
                P::SeeCosts,
                P::SeeReports,
                P::SeeAudit,
            ]
            .into_iter()
            .collect(),
            Role::Cashier | Role::Stock | Role::Helper => BTreeSet::new(),
        }
    }
}

/// The default discount a cashier may give without approval, in percent.
pub const DEFAULT_DISCOUNT_PERCENT: u8 = 10;

/// What every role may do in this shop, and the discount limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    grants: BTreeMap<Role, BTreeSet<Permission>>,
    /// Discounts up to this percent of the list price need no permission.
    pub discount_percent: u8,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            grants: Role::ALL.into_iter().map(|r| (r, r.defaults())).collect(),
            discount_percent: DEFAULT_DISCOUNT_PERCENT,
        }
    }
}

impl Policy {
    /// Sets what `role` may do (ignored for the owner, who may do all).
    pub fn grant(&mut self, role: Role, permissions: BTreeSet<Permission>) {
        if role.adjustable() {
            self.grants.insert(role, permissions);
        }
    }

    /// Whether `role` may do `permission`.
    pub fn allows(&self, role: Role, permission: Permission) -> bool {
        role == Role::Owner
            || self
                .grants
                .get(&role)
                .is_some_and(|set| set.contains(&permission))
    }

    /// What `role` may do.
    pub fn granted(&self, role: Role) -> BTreeSet<Permission> {
        if role == Role::Owner {
            return Permission::ALL.into_iter().collect();
        }
        self.grants.get(&role).cloned().unwrap_or_default()
    }
}

/// An item's list price and what it cost, for checking a sale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listed {
    /// The selling price in the catalogue.
    pub price: Money,
    /// The purchase cost (zero when unknown).
    pub cost: Money,
}

/// Where a sale's items' list prices and costs come from.
pub trait PriceBook {
    /// The variant's list price and cost, when it is known.
    fn listed(&self, variant: VariantId) -> Option<Listed>;
}

impl PriceBook for BTreeMap<VariantId, Listed> {
    fn listed(&self, variant: VariantId) -> Option<Listed> {
        self.get(&variant).copied()
    }
}

/// The permissions recording `payload` asks for (empty: anyone who may
/// write may record it). A sale asks for [`Permission::Discount`] when a
/// line, or the whole bill, is below its list price by more than the
/// policy's percent, and for [`Permission::BelowCost`] when a line brings
/// in less than it cost.
pub fn needs(payload: &EventPayload, policy: &Policy, prices: &dyn PriceBook) -> Vec<Permission> {
    use EventPayload as P;
    use Permission as N;
    let one = |p| vec![p];
    match payload {
        P::Sale(s) => sale_needs(s, policy.discount_percent, prices),
        P::PriceChanged(_) => one(N::ChangePrice),
        P::BillCancelled(_) | P::SaleReturn(_) => one(N::CancelReturn),
        P::CashbookOut(_) => one(N::PayOut),
        P::KhataCredit(k) if k.mode == PayMode::Cash && !k.opening => one(N::PayOut),
        P::Purchase(p) if p.paid_cash > Money::ZERO => one(N::PayOut),
        P::SettingsChanged(s) if settings_key_for_users(&s.key) => one(N::ManageUsers),
        P::SettingsChanged(_) => one(N::ChangeSettings),
        P::StaffCreated(_)
        | P::StaffChanged(_)
        | P::StaffStatusChanged(_)
        | P::UserChanged(_)
        | P::RoleChanged(_) => one(N::ManageUsers),
        P::ProductCreated(_)
        | P::VariantCreated(_)
        | P::LocationCreated(_)
        | P::Purchase(_)
        | P::Transfer(_)
        | P::Adjustment(_)
        | P::PartyCreated(_)
        | P::PartyChanged(_)
        | P::KhataCredit(_)
        | P::KhataPayment(_)
        | P::CashbookIn(_)
        | P::Attendance(_)
        | P::DayClosed(_)
        | P::ReminderSent(_)
        | P::ProductChanged(_)
        | P::VariantChanged(_)
        | P::VariantStatusChanged(_)
        | P::LocationChanged(_)
        | P::PurchaseReturn(_) => Vec::new(),
    }
}

/// Settings that decide who may do what (`role.cashier`,
/// `users.discount_percent`) are changed by those who manage users.
pub fn settings_key_for_users(key: &str) -> bool {
    key.starts_with("role.") || key.starts_with("users.")
}

/// `qty × price` for a line, in paise (i128: no overflow).
fn line_value(price: Money, qty: crate::Qty) -> i128 {
    i128::from(price.paise()) * i128::from(qty.milli()) / 1000
}

fn sale_needs(sale: &Sale, percent: u8, prices: &dyn PriceBook) -> Vec<Permission> {
    let over =
        |charged: i128, list: i128| list > 0 && (list - charged) * 100 > list * i128::from(percent);
    let mut out = Vec::new();
    let (mut list_total, mut charged_total) = (0i128, 0i128);
    let mut below_cost = false;
    for line in &sale.lines {
        let Some(listed) = prices.listed(line.variant_id) else {
            continue;
        };
        let charged = line_value(line.rate, line.qty) - i128::from(line.discount.paise());
        let list = line_value(listed.price, line.qty);
        if over(charged, list) && !out.contains(&Permission::Discount) {
            out.push(Permission::Discount);
        }
        list_total += list;
        charged_total += charged;
        below_cost |= listed.cost > Money::ZERO && charged < line_value(listed.cost, line.qty);
    }
    charged_total -= i128::from(sale.bill_discount.paise());
    if over(charged_total, list_total) && !out.contains(&Permission::Discount) {
        out.push(Permission::Discount);
    }
    if below_cost {
        out.push(Permission::BelowCost);
    }
    out
}

/// The shop-local day an entry is *about*, when its payload names one
/// besides when it was recorded (an attendance mark, a day's close).
pub fn dated(payload: &EventPayload) -> Option<NaiveDate> {
    match payload {
        EventPayload::Attendance(a) => Some(a.date),
        EventPayload::DayClosed(d) => Some(d.date),
        _ => None,
    }
}

/// Whether a day is too far back for the back-date lock: more than `days`
/// days before `today`.
pub fn too_far_back(day: NaiveDate, today: NaiveDate, days: u32) -> bool {
    (today - day).num_days() > i64::from(days)
}

#[cfg(test)]
#[path = "access/tests.rs"]
mod tests;
