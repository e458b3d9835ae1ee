//! One line in words for each kind of event ("cancelled bill C1-42 —
//! reason: wrong item"), for the audit pane and `galla audit`. Pure: the
//! names it needs come through [`Names`], which the store answers.

use galla_domain::payload::{AttendanceMark, KhataEntry, PayMode, PurchaseLine, QtyLine};
use galla_domain::{
    BillId, Event, EventPayload, LocationId, Money, PartyId, PartyKind, StaffId, VariantId,
};

/// Names of the things events point at.
pub trait Names {
    /// An item ("KUR-M-RED Cotton Kurta M Red").
    fn item(&self, id: VariantId) -> Option<String>;
    /// A customer or supplier.
    fn party(&self, id: PartyId) -> Option<String>;
    /// A bill's number.
    fn bill(&self, id: BillId) -> Option<String>;
    /// A person on the staff list.
    fn person(&self, id: StaffId) -> Option<String>;
    /// A location.
    fn place(&self, id: LocationId) -> Option<String>;
}

fn or_unknown(name: Option<String>, what: &str) -> String {
    name.unwrap_or_else(|| format!("an unknown {what}"))
}

fn mode(m: PayMode) -> &'static str {
    match m {
        PayMode::Cash => "cash",
        PayMode::Upi => "UPI",
        PayMode::Card => "card",
        PayMode::Khata => "khata",
    }
}

fn items(lines: &[QtyLine], names: &dyn Names) -> String {
    match lines {
        [one] => format!(
            "{} × {}",
            one.qty,
            or_unknown(names.item(one.variant_id), "item")
        ),
        many => crate::text::count(many.len(), "item", "items"),
    }
}

/// Goods in or out: "received 3 items into Godown from Mehta".
fn goods(
    names: &dyn Names,
    (verb, lines, at, location): (&str, &[PurchaseLine], &str, LocationId),
    (to, supplier): (&str, Option<PartyId>),
) -> String {
    let qty: Vec<QtyLine> = lines
        .iter()
        .map(|l| QtyLine {
            variant_id: l.variant_id,
            qty: l.qty,
        })
        .collect();
    let mut text = format!(
        "{verb} {} {at} {}",
        items(&qty, names),
        or_unknown(names.place(location), "location")
    );
    if let Some(s) = supplier {
        text.push_str(&format!(" {to} {}", or_unknown(names.party(s), "supplier")));
    }
    text
}

fn with_note(text: String, note: Option<&str>) -> String {
    match note.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => format!("{text} — {n}"),
        None => text,
    }
}

fn khata(k: &KhataEntry, got: bool, names: &dyn Names) -> String {
    let party = or_unknown(names.party(k.party_id), "party");
    let text = if k.opening {
        format!("opening balance of {party}: {}", k.amount)
    } else if k.mode == PayMode::Khata {
        let way = if got { "credit from" } else { "credit to" };
        format!("{way} {party} of {} (no money moved)", k.amount)
    } else {
        let way = if got { "got" } else { "gave" };
        let to = if got { "from" } else { "to" };
        format!("{way} {} {to} {party} by {}", k.amount, mode(k.mode))
    };
    let text = match &k.reference {
        Some(r) => format!("{text}, ref {r}"),
        None => text,
    };
    with_note(text, k.note.as_deref())
}

fn mark(m: AttendanceMark) -> &'static str {
    match m {
        AttendanceMark::CheckIn => "checked in",
        AttendanceMark::CheckOut => "checked out",
        AttendanceMark::Absent => "marked absent",
        AttendanceMark::HalfDay => "marked half day",
        AttendanceMark::Leave => "marked on paid leave",
        AttendanceMark::Holiday => "marked holiday",
        AttendanceMark::Present => "marked present",
        AttendanceMark::UnpaidLeave => "marked on unpaid leave",
        AttendanceMark::WeekOff => "marked week off",
    }
}

fn kind_word(kind: PartyKind) -> &'static str {
    match kind {
        PartyKind::Customer => "customer",
        PartyKind::Supplier => "supplier",
    }
}

/// What `event` did, in one line.
pub fn summary(event: &Event, names: &dyn Names) -> String {
    use EventPayload as P;
    let bill = |id: BillId| names.bill(id).unwrap_or_else(|| "an unknown bill".into());
    match &event.payload {
        P::ProductCreated(p) => format!("added product {} (HSN {})", p.name, p.hsn),
        P::VariantCreated(v) => format!("added item {} at {} (MRP {})", v.sku, v.price, v.mrp),
        P::PriceChanged(c) => format!(
            "changed the price of {} to {} (MRP {})",
            or_unknown(names.item(c.variant_id), "item"),
            c.price,
            c.mrp
        ),
        P::LocationCreated(l) => format!("added location {}", l.name),
        P::Purchase(p) => {
            let mut text = goods(
                names,
                ("received", &p.lines, "into", p.location_id),
                ("from", p.supplier_id),
            );
            if let Some(no) = &p.invoice_no {
                text.push_str(&format!(", invoice {no}"));
            }
            if p.paid_cash > Money::ZERO {
                text.push_str(&format!(", {} paid in cash", p.paid_cash));
            }
            text
        }
        P::Sale(s) => {
            let paid: Vec<String> = s
                .payments
                .iter()
                .map(|p| format!("{} {}", mode(p.mode), p.amount))
                .collect();
            let mut text = format!(
                "bill {}: {}, {} ({})",
                s.bill_no,
                crate::text::count(s.lines.len(), "line", "lines"),
                s.total,
                paid.join(" + ")
            );
            if let Some(c) = s.customer_id {
                text.push_str(&format!(" for {}", or_unknown(names.party(c), "customer")));
            }
            let discount: Money =
                s.lines.iter().map(|l| l.discount).sum::<Money>() + s.bill_discount;
            if discount > Money::ZERO {
                text.push_str(&format!(", discount {discount}"));
            }
            text
        }
        P::SaleReturn(r) => format!(
            "took back {} on bill {}, refunded {} by {}",
            items(&r.lines, names),
            bill(r.bill_id),
            r.refund,
            mode(r.refund_mode)
        ),
        P::BillCancelled(c) => format!("cancelled bill {} — reason: {}", bill(c.bill_id), c.reason),
        P::Transfer(t) => with_note(
            format!(
                "moved {} from {} to {}",
                items(&t.lines, names),
                or_unknown(names.place(t.from), "location"),
                or_unknown(names.place(t.to), "location")
            ),
            t.note.as_deref(),
        ),
        P::Adjustment(a) => with_note(
            format!(
                "corrected {} at {} by {}{} ({})",
                or_unknown(names.item(a.variant_id), "item"),
                or_unknown(names.place(a.location_id), "location"),
                if a.qty_delta.milli() > 0 { "+" } else { "" },
                a.qty_delta,
                a.reason.label()
            ),
            a.note.as_deref(),
        ),
        P::ProductChanged(p) => format!("changed product {} (HSN {})", p.name, p.hsn),
        P::VariantChanged(v) => format!("changed item {}'s details", v.sku),
        P::VariantStatusChanged(v) => with_note(
            format!(
                "{} {}",
                if v.active {
                    "sells again"
                } else {
                    "stopped selling"
                },
                or_unknown(names.item(v.variant_id), "item")
            ),
            v.note.as_deref(),
        ),
        P::LocationChanged(l) => format!("renamed a location to {}", l.name),
        P::PurchaseReturn(r) => {
            let text = goods(
                names,
                ("sent back", &r.lines, "from", r.location_id),
                ("to", r.supplier_id),
            );
            with_note(text, r.note.as_deref())
        }
        P::PartyCreated(p) => format!("added {} {}", kind_word(p.kind), p.name),
        P::PartyChanged(p) => format!("changed {} {}'s details", kind_word(p.kind), p.name),
        P::KhataCredit(k) => khata(k, false, names),
        P::KhataPayment(k) => khata(k, true, names),
        P::CashbookIn(c) | P::CashbookOut(c) => {
            let way = if matches!(event.payload, P::CashbookIn(_)) {
                "cash in"
            } else {
                "cash out"
            };
            let mut text = format!("{way} {} ({})", c.amount, c.head);
            if let Some(s) = c.staff_id {
                text.push_str(&format!(" to {}", or_unknown(names.person(s), "person")));
            }
            with_note(text, c.note.as_deref())
        }
        P::StaffCreated(s) => format!("added {} to the staff as {}", s.name, s.role),
        P::StaffChanged(s) => format!("changed {}'s details (role {})", s.name, s.role),
        P::StaffStatusChanged(s) => {
            let status = match (s.active, s.on_leave) {
                (false, _) => "inactive",
                (true, true) => "on leave",
                (true, false) => "active",
            };
            with_note(
                format!(
                    "{} is now {status}",
                    or_unknown(names.person(s.staff_id), "person")
                ),
                s.note.as_deref(),
            )
        }
        P::Attendance(a) => with_note(
            format!(
                "{} {} ({})",
                or_unknown(names.person(a.staff_id), "person"),
                mark(a.mark),
                a.date
            ),
            a.note.as_deref(),
        ),
        P::SettingsChanged(s) => format!("set {} to {}", s.key, setting_words(&s.value)),
        P::UserChanged(u) => format!(
            "made {} a user ({})",
            or_unknown(names.person(u.staff_id), "person"),
            u.role
        ),
        P::RoleChanged(r) => format!("set what a {} may do: {}", r.role, r.permissions.join(", ")),
        P::DayClosed(d) => {
            let diff = d.counted - d.expected;
            let off = if diff.is_zero() {
                String::new()
            } else if diff > Money::ZERO {
                format!(", {} over", diff)
            } else {
                format!(", {} short", -diff)
            };
            with_note(
                format!(
                    "closed {}: counted {}, expected {}{off}",
                    d.date, d.counted, d.expected
                ),
                d.note.as_deref(),
            )
        }
        P::ReminderSent(r) => format!(
            "reminded {} of {} ({})",
            or_unknown(names.party(r.party_id), "party"),
            r.amount,
            r.channel
        ),
    }
}

fn setting_words(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) if items.is_empty() => "none".into(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// The event's type in words ("bill cancelled", "cash out").
pub fn kind_words(kind: galla_domain::EventKind) -> &'static str {
    use galla_domain::EventKind as K;
    match kind {
        K::ProductCreated => "product added",
        K::VariantCreated => "item added",
        K::PriceChanged => "price changed",
        K::LocationCreated => "location added",
        K::Purchase => "goods received (purchase)",
        K::Sale => "sale (bill)",
        K::SaleReturn => "goods returned",
        K::BillCancelled => "bill cancelled",
        K::Transfer => "stock moved (transfer)",
        K::Adjustment => "stock corrected (adjustment)",
        K::PartyCreated => "party added",
        K::PartyChanged => "party changed",
        K::KhataCredit => "khata gave",
        K::KhataPayment => "khata got",
        K::CashbookIn => "cash in",
        K::CashbookOut => "cash out",
        K::StaffCreated => "staff added",
        K::StaffChanged => "staff changed",
        K::StaffStatusChanged => "staff status changed",
        K::Attendance => "attendance",
        K::SettingsChanged => "setting changed",
        K::UserChanged => "user changed",
        K::RoleChanged => "role changed",
        K::DayClosed => "day closed",
        K::ReminderSent => "reminder sent",
        K::ProductChanged => "product changed",
        K::VariantChanged => "item changed",
        K::VariantStatusChanged => "item stopped or sold again",
        K::LocationChanged => "location renamed",
        K::PurchaseReturn => "goods back to a supplier",
    }
}
