//! Taking goods back, picked from the bill's lines: each line with what was
//! sold and what is still with the customer, a quantity typed against the
//! selected line, the refund worked out as it is typed (the domain's
//! `refund`, so parts add up to the bill), and the mode it goes back in —
//! cash, UPI or card, or the khata when the bill has a customer. Pure
//! state; `lists_view` draws it and `app::counter` routes its keys.

use galla_domain::bill::changes::refund;
use galla_domain::payload::{PayMode, QtyLine};
use galla_domain::{Money, Qty};
use tui_input::{Input, InputRequest};

use crate::store::BillRecord;

/// One line of the bill, as the picker shows it.
#[derive(Clone, Debug)]
pub struct PickLine {
    /// Its index on the bill.
    pub index: usize,
    /// Item name with size and colour.
    pub name: String,
    /// Sold on the bill.
    pub sold: Qty,
    /// Still with the customer.
    pub left: Qty,
    /// Sold by weight or length (a fraction may come back).
    pub loose: bool,
    /// How many come back, as typed.
    pub back: Input,
}

/// The return being picked.
#[derive(Clone, Debug)]
pub struct ReturnPick {
    /// The bill's number.
    pub bill_no: String,
    /// Its lines.
    pub lines: Vec<PickLine>,
    /// The line the cursor is on.
    pub selected: usize,
    /// The modes the refund may go in.
    pub modes: Vec<PayMode>,
    /// The one chosen.
    pub mode: usize,
}

/// The mode in words.
pub fn mode_word(mode: PayMode) -> &'static str {
    match mode {
        PayMode::Cash => "cash",
        PayMode::Upi => "UPI",
        PayMode::Card => "card",
        PayMode::Khata => "khata",
    }
}

impl ReturnPick {
    /// The picker for `bill`, whose lines are named by `names` (in order).
    /// The refund goes back the way most of the bill was paid, by default.
    pub fn new(bill: &BillRecord, names: Vec<(String, bool)>) -> ReturnPick {
        let lines = bill
            .sale
            .lines
            .iter()
            .zip(names)
            .enumerate()
            .map(|(index, (l, (name, loose)))| PickLine {
                index,
                name,
                sold: l.qty,
                left: bill.returnable(l.variant_id).min(l.qty),
                loose,
                back: Input::default(),
            })
            .collect();
        let mut modes = vec![PayMode::Cash, PayMode::Upi, PayMode::Card];
        if bill.sale.customer_id.is_some() {
            modes.push(PayMode::Khata);
        }
        let paid = |m: PayMode| -> Money {
            bill.sale
                .payments
                .iter()
                .filter(|p| p.mode == m)
                .map(|p| p.amount)
                .sum()
        };
        let mode = (0..modes.len())
            .max_by_key(|&i| (paid(modes[i]), std::cmp::Reverse(i)))
            .unwrap_or(0);
        ReturnPick {
            bill_no: bill.sale.bill_no.clone(),
            lines,
            selected: 0,
            modes,
            mode,
        }
    }

    /// Types into the selected line's quantity (digits and a point only).
    pub fn type_char(&mut self, c: char) {
        if (c.is_ascii_digit() || c == '.')
            && let Some(l) = self.lines.get_mut(self.selected)
        {
            l.back.handle(InputRequest::InsertChar(c));
        }
    }

    /// An editing key for the selected line's quantity.
    pub fn edit(&mut self, request: InputRequest) {
        if let Some(l) = self.lines.get_mut(self.selected) {
            l.back.handle(request);
        }
    }

    /// Moves the cursor a line up or down.
    pub fn step(&mut self, down: bool) {
        self.selected = super::lists::step(self.selected, self.lines.len(), down);
    }

    /// The next (or previous) refund mode.
    pub fn cycle(&mut self, forward: bool) {
        let n = self.modes.len().max(1);
        self.mode = if forward {
            (self.mode + 1) % n
        } else {
            (self.mode + n - 1) % n
        };
    }

    /// The refund mode chosen.
    pub fn chosen_mode(&self) -> PayMode {
        self.modes.get(self.mode).copied().unwrap_or(PayMode::Cash)
    }

    /// What comes back: (line index, quantity) for every line with a
    /// quantity, each checked against what is still with the customer.
    pub fn back(&self) -> Result<Vec<(usize, Qty)>, String> {
        let mut out = Vec::new();
        for l in &self.lines {
            let typed = l.back.value().trim();
            if typed.is_empty() {
                continue;
            }
            let qty =
                Qty::parse(typed, l.loose).map_err(|e| format!("line {}: {e}", l.index + 1))?;
            if qty == Qty::ZERO {
                continue;
            }
            if qty > l.left {
                return Err(format!(
                    "line {}: {qty} cannot come back — {} is still with the customer",
                    l.index + 1,
                    l.left
                ));
            }
            out.push((l.index, qty));
        }
        if out.is_empty() {
            return Err(if self.lines.iter().all(|l| l.left == Qty::ZERO) {
                "everything on this bill has already come back".into()
            } else {
                "type how many of a line come back".into()
            });
        }
        Ok(out)
    }

    /// The refund for what is typed so far (nothing when a quantity is bad).
    pub fn refund(&self, bill: &BillRecord) -> Option<Money> {
        let back = self.back().ok()?;
        let now: Vec<QtyLine> = back
            .iter()
            .filter_map(|&(i, qty)| {
                bill.sale.lines.get(i).map(|l| QtyLine {
                    variant_id: l.variant_id,
                    qty,
                })
            })
            .collect();
        Some(refund(&bill.sale, &bill.returned(), &now))
    }
}
