//! The Billing pane's state and its reaction to keys and loaded data. Pure:
//! it edits the draft bill in memory, asks the runner (through effects) to
//! search, look items up, save and print, and never waits on any of it.

use galla_domain::bill::{BillDiscount, Draft, DraftLine, LineDiscount};
use galla_domain::{LocationId, Money, Product, Qty, Regime, Supply, Variant, VariantId};
use ratatui::crossterm::event::KeyEvent;
use std::sync::Arc;
use tui_input::{Input, InputRequest};

use super::PICK_ROWS;
use super::entry::parse_entry;
use super::forms::{Prompt, PromptKind, amount_or_percent};
use crate::app::action::{BillToSave, Effect, SearchTarget};
use crate::app::command::Command;
use crate::store::StockRow;
use crate::ui::keymap::Scope;

/// How a message under the item field reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Done.
    Info,
    /// Allowed, but look.
    Warning,
    /// Refused: nothing changed.
    Error,
}

/// The Billing pane.
pub struct BillingPane {
    /// The item field.
    pub item: Input,
    /// When each character of the item field was typed (ms), for scans.
    times: Vec<Option<u64>>,
    /// The bill being made.
    pub draft: Draft,
    /// The selected line.
    pub selected: usize,
    /// Every variant in index order, once the search index has loaded.
    ids: Option<Arc<[VariantId]>>,
    filter_generation: u64,
    /// The pick list for a typed name, best first.
    pub picks: Vec<StockRow>,
    /// The highlighted pick.
    pub pick: usize,
    /// A message about the last thing done.
    pub message: Option<(Tone, String)>,
    /// Where sales take stock from (the first location).
    pub location: Option<LocationId>,
    /// Refuse to sell more than the location holds.
    pub block_negative_stock: bool,
    /// Refuse khata above a customer's credit limit (else ask to confirm).
    pub refuse_above_limit: bool,
    /// The number of the last bill saved and what it came to.
    pub last_bill: Option<(String, Money)>,
    /// Saving is under way (keys that change the bill wait).
    pub saving: bool,
    /// The customer attached to this bill.
    pub customer: Option<super::Customer>,
    /// The keymap in force, to name keys in messages.
    pub keys: crate::ui::keymap::Keymap,
    /// The shop's two-digit GST state code, for IGST on sales to other states.
    pub shop_state: Option<String>,
    /// The customer of the last bill saved (for sharing it).
    pub last_customer: Option<super::Customer>,
    /// Change to hand back after the last save, shown large until the next key.
    pub change_due: Option<Money>,
    /// Payments already entered for this bill (kept when the form closes).
    pub payments: Vec<galla_domain::bill::PlanEntry>,
    /// The receipt printer's options, to warn of a name it cannot print.
    pub printer: crate::print::EscPos,
}

impl Default for BillingPane {
    /// A regular (GST-registered) shop's billing, selling below stock allowed.
    fn default() -> Self {
        BillingPane::new(Regime::Regular, false)
    }
}

impl BillingPane {
    /// An empty bill.
    pub fn new(regime: Regime, block_negative_stock: bool) -> BillingPane {
        BillingPane {
            item: Input::default(),
            times: Vec::new(),
            draft: Draft::new(Supply::IntraState, regime),
            selected: 0,
            ids: None,
            filter_generation: 0,
            picks: Vec::new(),
            pick: 0,
            message: None,
            location: None,
            block_negative_stock,
            keys: crate::ui::keymap::Keymap::defaults(),
            refuse_above_limit: false,
            last_bill: None,
            saving: false,
            customer: None,
            shop_state: None,
            last_customer: None,
            payments: Vec::new(),
            change_due: None,
            printer: crate::print::EscPos::default(),
        }
    }

    /// The search index arrived.
    pub fn index_loaded(&mut self, ids: Arc<[VariantId]>) {
        self.ids = Some(ids);
    }

    /// The first location is where bills take stock from.
    pub fn set_location(&mut self, location: Option<LocationId>) {
        self.location = location;
    }

    /// Shows a message under the item field.
    pub fn say(&mut self, tone: Tone, text: impl Into<String>) {
        self.message = Some((tone, text.into()));
    }

    pub(super) fn clear_item(&mut self) {
        self.item.reset();
        self.times.clear();
        self.picks.clear();
        self.pick = 0;
        self.filter_generation += 1;
    }

    /// Whether the pick list is showing.
    pub fn picking(&self) -> bool {
        !self.picks.is_empty()
    }

    /// Types into the item field; `at` is when the key was read, if known.
    pub fn type_char(&mut self, c: char, at: Option<u64>) -> Vec<Effect> {
        self.item.handle(InputRequest::InsertChar(c));
        self.times.push(at);
        if self.times.len() != self.item.value().chars().count() {
            self.times = vec![None; self.item.value().chars().count()];
        }
        self.refilter()
    }

    /// Editing keys of the item field.
    pub fn edit_key(&mut self, key: KeyEvent) -> Option<Vec<Effect>> {
        let request = crate::ui::pane::edit_request(&key)?;
        let changed = self.item.handle(request);
        self.times = vec![None; self.item.value().chars().count()];
        Some(match changed {
            Some(c) if c.value => self.refilter(),
            _ => Vec::new(),
        })
    }

    /// Asks for the pick list of a typed name (not for codes or quantities alone).
    fn refilter(&mut self) -> Vec<Effect> {
        self.filter_generation += 1;
        let Ok(entry) = parse_entry(self.item.value(), &[]) else {
            self.picks.clear();
            return Vec::new();
        };
        let text = entry.text;
        if text.chars().count() < 2
            || text.bytes().all(|b| b.is_ascii_digit())
            || self.ids.is_none()
        {
            self.picks.clear();
            return Vec::new();
        }
        vec![Effect::Filter {
            target: SearchTarget::Billing,
            query: text,
            generation: self.filter_generation,
        }]
    }

    /// Matches for the pick list arrived.
    pub fn filtered(&mut self, generation: u64, rows: Vec<u32>) -> Vec<Effect> {
        if generation != self.filter_generation {
            return Vec::new();
        }
        let Some(ids) = &self.ids else {
            return Vec::new();
        };
        let ids: Vec<VariantId> = rows
            .iter()
            .take(PICK_ROWS)
            .filter_map(|&r| ids.get(r as usize).copied())
            .collect();
        vec![Effect::LoadCandidates { generation, ids }]
    }

    /// Rows for the pick list arrived.
    pub fn candidates_loaded(&mut self, generation: u64, rows: Vec<StockRow>) {
        if generation == self.filter_generation {
            self.picks = rows;
            self.pick = 0;
        }
    }

    /// Enter: add what the field names (a scan, a code, or the highlighted pick).
    fn add_item(&mut self) -> Vec<Effect> {
        let Some(location) = self.location else {
            self.say(
                Tone::Error,
                "there is no location to sell from — add one first",
            );
            return Vec::new();
        };
        let entry = match parse_entry(self.item.value(), &self.times) {
            Ok(e) => e,
            Err(e) => {
                // Cleared, so the next scan does not land on the bad text.
                let typed = self.item.value().to_string();
                self.clear_item();
                self.say(Tone::Error, format!("\"{typed}\": {e}"));
                return Vec::new();
            }
        };
        if entry.text.is_empty() {
            if entry.qty.is_some() {
                self.say(
                    Tone::Error,
                    "type or scan an item after the quantity, e.g. 3*kurta",
                );
            }
            return Vec::new();
        }
        let qty = entry.qty.unwrap_or(Qty::units(1));
        let variant = if entry.scanned {
            None
        } else {
            self.picks.get(self.pick).map(|p| p.variant_id)
        };
        let code = if variant.is_some() {
            None
        } else {
            Some(entry.text)
        };
        self.clear_item();
        vec![Effect::LookupItem {
            code,
            variant,
            qty,
            location,
        }]
    }

    /// An item was found: add it (or one more of it).
    pub fn item_found(&mut self, product: &Product, variant: &Variant, qty: Qty, on_hand: Qty) {
        let mut line = DraftLine::from_variant(product, variant);
        line.qty = qty;
        let already = self
            .draft
            .lines
            .iter()
            .find(|l| l.variant_id == variant.variant_id)
            .map_or(Qty::ZERO, |l| l.qty);
        let wanted = already + qty;
        if wanted > on_hand && self.block_negative_stock {
            self.say(
                Tone::Error,
                format!("{}: only {on_hand} in stock here — not added", line.name),
            );
            return;
        }
        match self.draft.add(line) {
            Ok(i) => {
                self.selected = i;
                let name = &self.draft.lines[i].name;
                if wanted > on_hand {
                    let text = format!("{name}: selling {wanted}, only {on_hand} in stock here");
                    self.say(Tone::Warning, text);
                } else if self.printer.garbles(name) {
                    let text = format!(
                        "added {name} — this printer will print its name as '?' (set [printer] raster = true or utf8 = true in config.toml)"
                    );
                    self.say(Tone::Warning, text);
                } else {
                    let text = format!("added {name} × {}", self.draft.lines[i].qty);
                    self.say(Tone::Info, text);
                }
            }
            Err(e) => self.say(Tone::Error, e.to_string()),
        }
    }

    /// Several items share the scanned barcode: they fill the pick list, the
    /// code stays in the field, and Enter adds the highlighted one.
    pub fn item_ambiguous(&mut self, code: &str, qty: Qty, ids: Vec<VariantId>) -> Vec<Effect> {
        let text = if qty == Qty::units(1) {
            code.to_string()
        } else {
            format!("{qty}*{code}")
        };
        self.item = Input::new(text);
        self.times = vec![None; self.item.value().chars().count()];
        self.filter_generation += 1;
        self.say(
            Tone::Warning,
            format!(
                "{} items share the barcode {code}: pick the one in hand from the list",
                ids.len()
            ),
        );
        vec![Effect::LoadCandidates {
            generation: self.filter_generation,
            ids,
        }]
    }

    /// No item has the code.
    pub fn item_not_found(&mut self, code: &str) {
        self.say(
            Tone::Error,
            format!("no item has the barcode or SKU \"{code}\""),
        );
    }

    /// Runs a Billing command; `None` if it is not one.
    pub fn command(&mut self, command: Command) -> Option<(Vec<Effect>, Option<Prompt>)> {
        let none = |effects| Some((effects, None));
        let line = self.selected;
        let current = self.draft.lines.get(line).cloned();
        match command {
            Command::AddItem => none(self.add_item()),
            Command::ClearItem => {
                self.clear_item();
                self.message = None;
                none(Vec::new())
            }
            Command::Up if self.picking() => {
                self.pick = self.pick.saturating_sub(1);
                none(Vec::new())
            }
            Command::Down if self.picking() => {
                self.pick = (self.pick + 1).min(self.picks.len() - 1);
                none(Vec::new())
            }
            Command::Up => {
                self.selected = self.selected.saturating_sub(1);
                none(Vec::new())
            }
            Command::Down => {
                self.selected = (self.selected + 1).min(self.draft.lines.len().saturating_sub(1));
                none(Vec::new())
            }
            Command::RemoveLine if self.item.value().is_empty() => {
                match self.draft.remove(line) {
                    Ok(l) => self.say(Tone::Info, format!("removed {}", l.name)),
                    Err(e) => self.say(Tone::Error, e.to_string()),
                }
                self.selected = self.selected.min(self.draft.lines.len().saturating_sub(1));
                none(Vec::new())
            }
            Command::EditQty | Command::EditRate | Command::EditDiscount => {
                let Some(l) = current else {
                    self.say(
                        Tone::Error,
                        "the bill has no lines yet — scan or type an item",
                    );
                    return none(Vec::new());
                };
                let prompt = match command {
                    Command::EditQty => Prompt::new(PromptKind::Qty(line), l.qty.to_string()),
                    Command::EditRate => Prompt::new(
                        PromptKind::Rate(line),
                        l.rate.format_plain().replace(',', ""),
                    ),
                    _ => Prompt::new(PromptKind::Discount(line), String::new()),
                };
                Some((Vec::new(), Some(prompt)))
            }
            Command::BillDiscount => Some((
                Vec::new(),
                Some(Prompt::new(PromptKind::BillDiscount, String::new())),
            )),
            Command::Deliver => {
                // The customer's state is offered; Enter takes it.
                let mut prompt = Prompt::new(PromptKind::Delivery, String::new());
                prompt.input = crate::ui::field::Field::with_value(&self.delivery_offer());
                Some((Vec::new(), Some(prompt)))
            }
            _ => None,
        }
    }

    /// Applies a prompt's value; `Err` keeps the prompt open with the reason.
    pub fn apply_prompt(&mut self, kind: PromptKind, text: &str) -> Result<(), String> {
        let result = match kind {
            PromptKind::Delivery => return self.deliver_to(text),
            PromptKind::Qty(i) => {
                let unit = self
                    .draft
                    .lines
                    .get(i)
                    .map(|l| l.unit.allows_fraction())
                    .unwrap_or(false);
                let qty = Qty::parse(text, unit).map_err(|e| e.to_string())?;
                self.draft.set_qty(i, qty).map(|_| None)
            }
            PromptKind::Rate(i) => {
                let rate = Money::parse(text).map_err(|e| e.to_string())?;
                self.draft.set_rate(i, rate)
            }
            PromptKind::Discount(i) => {
                let d = match amount_or_percent(text)? {
                    Ok(m) if m.is_zero() => LineDiscount::None,
                    Ok(m) => LineDiscount::Amount(m),
                    Err(bp) => LineDiscount::Percent(bp),
                };
                self.draft.set_discount(i, d).map(|_| None)
            }
            PromptKind::BillDiscount => {
                let d = match amount_or_percent(text)? {
                    Ok(m) if m.is_zero() => BillDiscount::None,
                    Ok(m) => BillDiscount::Amount(m),
                    Err(bp) => BillDiscount::Percent(bp),
                };
                self.draft.set_bill_discount(d).map(|_| None)
            }
        };
        match result {
            Ok(Some(warning)) => {
                self.say(Tone::Warning, warning.to_string());
                Ok(())
            }
            Ok(None) => {
                self.message = None;
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        }
    }

    /// The bill to save once payment is complete.
    pub fn to_save(
        &mut self,
        payments: Vec<galla_domain::payload::Payment>,
        change: Money,
    ) -> Option<Effect> {
        let location = self.location?;
        self.saving = true;
        Some(Effect::SaveBill(Box::new(BillToSave {
            draft: self.draft.clone(),
            payments,
            change,
            location,
            customer: self.customer.as_ref().map(|c| c.party.party_id),
        })))
    }

    /// The bill was saved: start the next one.
    pub fn bill_saved(&mut self, bill_no: &str, total: Money, change: Money) {
        self.saving = false;
        self.draft = Draft::new(Supply::IntraState, self.draft.regime);
        self.last_customer = self.customer.take();
        self.place_again();
        self.payments.clear();
        self.selected = 0;
        self.clear_item();
        self.last_bill = Some((bill_no.to_string(), total));
        self.change_due = (!change.is_zero()).then_some(change);
        let change = if change.is_zero() {
            String::new()
        } else {
            format!(" · change {change}")
        };
        self.say(
            Tone::Info,
            format!("saved bill {bill_no} for {total}{change}"),
        );
    }

    /// Saving failed: the bill stays on screen, nothing was saved.
    pub fn save_failed(&mut self, why: &str) {
        self.saving = false;
        self.say(Tone::Error, format!("the bill was NOT saved: {why}"));
    }

    /// Printing finished or failed.
    pub fn printed(&mut self, result: Result<String, String>) {
        match result {
            Ok(what) => {
                // Added to the "saved bill …" line of this bill only, once;
                // anything else (a reprint, a credit note) says so on its own.
                let saved = format!("saved {what} ");
                let made = format!("{what} ");
                match &mut self.message {
                    Some((Tone::Info, text))
                        if (text.starts_with(&saved) || text.starts_with(&made))
                            && !text.ends_with("printed") =>
                    {
                        text.push_str(" · printed");
                    }
                    _ => self.say(Tone::Info, format!("printed {what}")),
                }
            }
            Err(why) => {
                let again = self.keys.key_name(Scope::Billing, Command::RetryPrint);
                self.say(Tone::Error, format!("{why}; {again} prints it again"));
            }
        }
    }
}
