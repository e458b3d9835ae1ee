//! A goods document's lines: an item found joins its line (or starts
//! one), lines are moved through, taken off and changed (quantity, cost),
//! the purchase's sums, and the post — asked first in a small form, then
//! handed to the runner as a [`GoodsPost`]. Also the count's sheet (books
//! beside counted) and dates as a shopkeeper types them.

use chrono::NaiveDate;
use galla_domain::purchase::{PurchaseTotals, totals};
use galla_domain::{Money, Qty, Supply};

use super::goods::{DocLine, GoodsDoc, GoodsKind, LineForm, Slot};
use crate::app::action::Effect;
use crate::app::stock_work::{FoundItem, GoodsPost, StockWork};
use crate::stockops::Payment;
use crate::ui::entry_form::EntryForm;
use crate::ui::field::Field;

impl GoodsDoc {
    /// An item was found: added to its line (or a new line).
    pub fn item_found(&mut self, item: FoundItem, qty: Qty) {
        self.item.reset();
        self.picks.clear();
        let signed = match self.kind {
            GoodsKind::Adjust => Qty::from_milli(qty.milli() * self.reason_sign()),
            _ => qty,
        };
        self.message = Some(format!("{} {}", item.sku, item.name));
        match self
            .lines
            .iter()
            .position(|l| l.item.variant_id == item.variant_id)
        {
            Some(i) => {
                let l = &mut self.lines[i];
                l.qty = Qty::from_milli(l.qty.milli().saturating_add(signed.milli()));
                self.selected = i;
            }
            None => {
                self.lines.push(DocLine {
                    cost: item.cost,
                    gst_rate: item.gst_rate,
                    item,
                    qty: signed,
                });
                self.selected = self.lines.len() - 1;
            }
        }
    }

    /// Up or down: in the open list, else between lines.
    pub fn step(&mut self, down: bool) {
        let mv = |i: usize, n: usize| -> usize {
            if down {
                (i + 1).min(n.saturating_sub(1))
            } else {
                i.saturating_sub(1)
            }
        };
        match self.slot() {
            Slot::Item if !self.picks.is_empty() => self.pick = mv(self.pick, self.picks.len()),
            Slot::Supplier if !self.suppliers.is_empty() => {
                self.supplier_pick = mv(self.supplier_pick, self.suppliers.len())
            }
            _ => self.selected = mv(self.selected, self.lines.len()),
        }
    }

    /// Removes the selected line.
    pub fn remove_line(&mut self) {
        if self.selected < self.lines.len() {
            let l = self.lines.remove(self.selected);
            self.message = Some(format!("took {} off", l.item.sku));
            self.selected = self.selected.min(self.lines.len().saturating_sub(1));
        }
    }

    /// Opens the form for the selected line's quantity or cost.
    pub fn open_line_form(&mut self, what: LineForm) {
        let Some(l) = self.lines.get(self.selected) else {
            self.message = Some("no line is selected".into());
            return;
        };
        let (label, value) = match what {
            LineForm::Cost => ("Cost ₹ before GST", l.cost.format_plain().replace(',', "")),
            _ => ("Quantity", l.qty.to_string()),
        };
        let mut form =
            EntryForm::new(format!("{} {}", l.item.sku, l.item.name)).filled(label, true, &value);
        form.keys = "Enter save · Esc cancel".into();
        self.form = Some((what, form));
    }

    /// Saves the line form's value, or shows in the form why not.
    fn save_line_form(&mut self, what: LineForm) {
        let Some((_, form)) = &mut self.form else {
            return;
        };
        if form.refuse_scans() {
            return;
        }
        let raw = form.value(0).to_string();
        let kind = self.kind;
        let Some(line) = self.lines.get_mut(self.selected) else {
            self.form = None;
            return;
        };
        let result = match what {
            LineForm::Cost => match Money::parse(&raw) {
                Ok(m) if m >= Money::ZERO && m <= crate::books::MAX_ENTRY => {
                    line.cost = m;
                    Ok(())
                }
                Ok(m) => Err(format!("{m} is not a cost per unit")),
                Err(e) => Err(e.to_string()),
            },
            _ => match Qty::parse(&raw, line.item.fraction) {
                Ok(q)
                    if match kind {
                        GoodsKind::Adjust => q.milli() != 0,
                        GoodsKind::Count => q.milli() >= 0,
                        _ => q.milli() > 0,
                    } =>
                {
                    line.qty = q;
                    Ok(())
                }
                Ok(q) => Err(format!("{q} is not a quantity here")),
                Err(e) => Err(e.to_string()),
            },
        };
        match (result, &mut self.form) {
            (Ok(()), _) => self.form = None,
            (Err(e), Some((_, form))) => form.error = Some(e),
            (Err(_), None) => {}
        }
    }

    /// The sums of a purchase or a return.
    pub fn totals(&self) -> PurchaseTotals {
        let supply = match (&self.shop_state, &self.supplier_state) {
            (Some(a), Some(b)) if a != b => Supply::InterState,
            _ => Supply::IntraState,
        };
        let lines: Vec<_> = self.lines.iter().map(|l| l.purchase_line()).collect();
        totals(&lines, supply).unwrap_or_default()
    }

    /// "Post this?": a summary in a confirm form.
    pub fn ask_post(&mut self) {
        if self.lines.is_empty() && self.kind != GoodsKind::Count {
            self.message = Some("nothing to post yet: scan or type an item".into());
            return;
        }
        let lines = crate::text::count(self.lines.len(), "line", "lines");
        let place = self.choice(Slot::Place);
        let about = match self.kind {
            GoodsKind::Purchase | GoodsKind::Return => {
                let who = if self.supplier_id.is_some() {
                    self.supplier.value().trim()
                } else {
                    "no supplier"
                };
                format!(
                    "{lines} · {who} · {place} · total {} {}",
                    self.totals().total,
                    self.choice(Slot::Pay)
                )
            }
            GoodsKind::Transfer => format!("{lines} from {place} to {}", self.choice(Slot::To)),
            GoodsKind::Adjust => format!("{lines} at {place} · {}", self.reason().label()),
            GoodsKind::Count => format!(
                "{} counted at {place}: each difference is posted as a count correction",
                crate::text::count(self.lines.len(), "item", "items")
            ),
        };
        let mut form = EntryForm::new(format!("Post? {}", self.kind.title())).about(about);
        form.keys = "Enter post · Esc back".into();
        self.form = Some((LineForm::Confirm, form));
    }

    /// The document as the runner posts it.
    pub fn post(&self) -> Result<GoodsPost, String> {
        let date = match self.date.value().trim() {
            "" => None,
            t => Some(parse_date(t)?),
        };
        let text = |f: &Field| Some(f.value().trim().to_string()).filter(|t| !t.is_empty());
        Ok(GoodsPost {
            kind: self.kind,
            location: self.location_id(),
            to: self.to_id(),
            supplier: self.supplier_id,
            invoice: text(&self.invoice),
            date,
            payment: Payment::CHOICES[self.pay % 3],
            reference: text(&self.reference),
            note: text(&self.note),
            reason: self.reason(),
            category: self.category_name(),
            lines: self.lines.iter().map(|l| l.purchase_line()).collect(),
        })
    }

    /// The small form's Enter: save a line's value, or post.
    pub fn submit_form(&mut self) -> Vec<Effect> {
        let Some((what, _)) = &self.form else {
            return Vec::new();
        };
        match what {
            LineForm::Confirm => match self.post() {
                Ok(p) => vec![Effect::StockWork(StockWork::Post(Box::new(p)))],
                Err(e) => {
                    self.form = None;
                    self.message = Some(e);
                    Vec::new()
                }
            },
            other => {
                let other = *other;
                self.save_line_form(other);
                Vec::new()
            }
        }
    }
}

impl DocLine {
    /// The line as a purchase line (quantity, cost, rate).
    pub fn purchase_line(&self) -> galla_domain::payload::PurchaseLine {
        galla_domain::payload::PurchaseLine {
            variant_id: self.item.variant_id,
            qty: self.qty,
            cost: self.cost,
            gst_rate: Some(self.gst_rate),
        }
    }
}

/// A date as typed: 2026-11-20, 20-11-2026 or 20/11/2026.
pub fn parse_date(t: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .map_err(|_| format!("\"{t}\" is not a date — type it as 20-11-2026"))
}

/// Which variants a count's sheet lists: the location's and those counted.
pub fn count_view(doc: &GoodsDoc) -> Vec<(String, String, Qty, Qty)> {
    let mut out: Vec<(String, String, Qty, Qty)> = doc
        .sheet
        .iter()
        .map(|h| {
            let counted = doc
                .lines
                .iter()
                .find(|l| l.item.variant_id == h.variant_id)
                .map_or(Qty::ZERO, |l| l.qty);
            (h.sku.clone(), h.name.clone(), h.qty, counted)
        })
        .collect();
    for l in &doc.lines {
        if !doc.sheet.iter().any(|h| h.variant_id == l.item.variant_id) {
            out.push((
                l.item.sku.clone(),
                l.item.name.clone(),
                l.item.on_hand,
                l.qty,
            ));
        }
    }
    out
}
