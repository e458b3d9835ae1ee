//! A goods document being made in the Stock pane: a purchase from a
//! supplier, a return to one, a transfer between locations, corrections
//! with a reason, or a stock count. A few header fields (supplier, invoice,
//! date, locations, payment, reason, category: Tab between them, ←/→
//! through a choice), then items scanned or picked from a list that filters
//! as you type (`3*` before a code for three), each merged into its line.
//! Posting asks first, then the runner checks and writes it as one event or
//! one batch. Pure: lookups and the post leave as effects.

use galla_domain::catalogue::AdjustReason;
use galla_domain::{GstRate, Location, LocationId, Money, Party, PartyId, Qty};
use tui_input::InputRequest;

use crate::app::action::{Effect, SearchTarget};
use crate::app::stock_work::{FoundItem, StockWork};
use crate::stockops::Payment;
use crate::store::{HeldItem, StockRow};
use crate::ui::entry_form::EntryForm;
use crate::ui::field::Field;

/// Which document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GoodsKind {
    /// Goods in from a supplier.
    Purchase,
    /// Goods back to a supplier (a debit note).
    Return,
    /// Goods moved between two locations.
    Transfer,
    /// Corrections with a reason.
    Adjust,
    /// A shelf counted.
    Count,
}

impl GoodsKind {
    /// The title.
    pub fn title(self) -> &'static str {
        match self {
            GoodsKind::Purchase => "Goods in from a supplier",
            GoodsKind::Return => "Goods back to a supplier (debit note)",
            GoodsKind::Transfer => "Move goods between locations",
            GoodsKind::Adjust => "Correct stock",
            GoodsKind::Count => "Count a shelf",
        }
    }

    fn slots(self) -> &'static [Slot] {
        use Slot::*;
        match self {
            GoodsKind::Purchase => &[Supplier, Invoice, Date, Place, Pay, Reference, Item],
            GoodsKind::Return => &[Supplier, Invoice, Place, Pay, Note, Item],
            GoodsKind::Transfer => &[Place, To, Note, Item],
            GoodsKind::Adjust => &[Place, Reason, Note, Item],
            GoodsKind::Count => &[Place, Category, Item],
        }
    }
}

/// A header field or the item field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Slot {
    /// The supplier (typed; a list of matches).
    Supplier,
    /// Their invoice number.
    Invoice,
    /// Its date.
    Date,
    /// The location (from, for a transfer): a choice.
    Place,
    /// The location to: a choice.
    To,
    /// How it is paid: a choice.
    Pay,
    /// UPI or bank reference.
    Reference,
    /// A note.
    Note,
    /// The reason of corrections: a choice.
    Reason,
    /// The category counted: a choice.
    Category,
    /// Scan or search.
    Item,
}

impl Slot {
    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            Slot::Supplier => "Supplier",
            Slot::Invoice => "Invoice",
            Slot::Date => "Date",
            Slot::Place => "Location",
            Slot::To => "To",
            Slot::Pay => "Pay",
            Slot::Reference => "Ref",
            Slot::Note => "Note",
            Slot::Reason => "Reason",
            Slot::Category => "Category",
            Slot::Item => "Item",
        }
    }

    /// Whether it is cycled with ←/→ rather than typed.
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            Slot::Place | Slot::To | Slot::Pay | Slot::Reason | Slot::Category
        )
    }
}

/// One line of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLine {
    /// The item.
    pub item: FoundItem,
    /// How many (for a correction: the signed change; for a count: counted).
    pub qty: Qty,
    /// Cost per unit before GST (purchases and returns).
    pub cost: Money,
    /// Input GST rate (purchases and returns).
    pub gst_rate: GstRate,
}

/// What the small form over the document is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineForm {
    /// The selected line's quantity.
    Qty,
    /// The selected line's cost.
    Cost,
    /// "Post this?"
    Confirm,
}

/// The document.
#[derive(Clone, Debug)]
pub struct GoodsDoc {
    /// Which.
    pub kind: GoodsKind,
    /// The field with the cursor (an index into the kind's slots).
    pub focus: usize,
    /// Typed fields.
    pub supplier: Field,
    /// The supplier chosen.
    pub supplier_id: Option<PartyId>,
    /// Their state, for IGST.
    pub supplier_state: Option<String>,
    /// The shop's state.
    pub shop_state: Option<String>,
    /// Invoice number.
    pub invoice: Field,
    /// Invoice date as typed (empty: today).
    pub date: Field,
    /// Payment reference.
    pub reference: Field,
    /// Note.
    pub note: Field,
    /// Scan or search.
    pub item: Field,
    /// Every location.
    pub locations: Vec<Location>,
    /// Chosen location (from).
    pub place: usize,
    /// Chosen location to.
    pub to: usize,
    /// Chosen payment in [`Payment::CHOICES`].
    pub pay: usize,
    /// Chosen reason in [`AdjustReason::CHOICES`].
    pub reason: usize,
    /// Categories; 0 is "all".
    pub categories: Vec<String>,
    /// Chosen category (0: all).
    pub category: usize,
    /// The lines.
    pub lines: Vec<DocLine>,
    /// The selected line.
    pub selected: usize,
    /// Items matching what is typed.
    pub picks: Vec<StockRow>,
    /// The highlighted pick.
    pub pick: usize,
    /// The newest search asked for.
    pub generation: u64,
    /// Suppliers matching what is typed.
    pub suppliers: Vec<Party>,
    /// The highlighted supplier.
    pub supplier_pick: usize,
    /// What the location holds, for a count.
    pub sheet: Vec<HeldItem>,
    /// The form over the document.
    pub form: Option<(LineForm, EntryForm)>,
    /// What the last key did.
    pub message: Option<String>,
    /// Esc was pressed once with lines on it.
    pub discard_asked: bool,
}

fn place_like(locations: &[Location], words: &[&str]) -> Option<usize> {
    locations.iter().position(|l| {
        let n = l.name.to_lowercase();
        words.iter().any(|w| n.contains(w))
    })
}

impl GoodsDoc {
    /// A new document over `locations` (goods come into the godown, a
    /// transfer goes from it to the first other location).
    pub fn new(kind: GoodsKind, locations: Vec<Location>) -> GoodsDoc {
        let godown = place_like(&locations, &["godown", "store", "back"]);
        let place = match kind {
            GoodsKind::Purchase | GoodsKind::Return | GoodsKind::Transfer => godown.unwrap_or(0),
            GoodsKind::Adjust | GoodsKind::Count => 0,
        };
        let to = (0..locations.len()).find(|&i| i != place).unwrap_or(0);
        GoodsDoc {
            kind,
            focus: 0,
            supplier: Field::default(),
            supplier_id: None,
            supplier_state: None,
            shop_state: None,
            invoice: Field::default(),
            date: Field::default(),
            reference: Field::default(),
            note: Field::default(),
            item: Field::default(),
            locations,
            place,
            to,
            pay: 0,
            reason: 0,
            categories: Vec::new(),
            category: 0,
            lines: Vec::new(),
            selected: 0,
            picks: Vec::new(),
            pick: 0,
            generation: 0,
            suppliers: Vec::new(),
            supplier_pick: 0,
            sheet: Vec::new(),
            form: None,
            message: None,
            discard_asked: false,
        }
    }

    /// What a new document asks for at once (a count's sheet and categories).
    pub fn opening_effects(&self) -> Vec<Effect> {
        let work = match self.kind {
            GoodsKind::Count => vec![StockWork::Categories, self.sheet_request()],
            GoodsKind::Purchase | GoodsKind::Return => {
                vec![StockWork::FindSuppliers(String::new())]
            }
            _ => Vec::new(),
        };
        work.into_iter().map(Effect::StockWork).collect()
    }

    /// The fields in Tab order.
    pub fn slots(&self) -> &'static [Slot] {
        self.kind.slots()
    }

    /// The field with the cursor.
    pub fn slot(&self) -> Slot {
        self.slots().get(self.focus).copied().unwrap_or(Slot::Item)
    }

    /// The typed field of `slot`, if it is one.
    pub fn text(&self, slot: Slot) -> Option<&Field> {
        Some(match slot {
            Slot::Supplier => &self.supplier,
            Slot::Invoice => &self.invoice,
            Slot::Date => &self.date,
            Slot::Reference => &self.reference,
            Slot::Note => &self.note,
            Slot::Item => &self.item,
            _ => return None,
        })
    }

    fn text_mut(&mut self, slot: Slot) -> Option<&mut Field> {
        Some(match slot {
            Slot::Supplier => &mut self.supplier,
            Slot::Invoice => &mut self.invoice,
            Slot::Date => &mut self.date,
            Slot::Reference => &mut self.reference,
            Slot::Note => &mut self.note,
            Slot::Item => &mut self.item,
            _ => return None,
        })
    }

    /// A choice field's value in words.
    pub fn choice(&self, slot: Slot) -> String {
        let loc = |i: usize| {
            self.locations
                .get(i)
                .map_or("(none)".into(), |l| l.name.clone())
        };
        match slot {
            Slot::Place => loc(self.place),
            Slot::To => loc(self.to),
            Slot::Pay => Payment::CHOICES[self.pay % 3].words().into(),
            Slot::Reason => self.reason().label().into(),
            Slot::Category => match self.category {
                0 => "all".into(),
                i => self.categories.get(i - 1).cloned().unwrap_or_default(),
            },
            _ => String::new(),
        }
    }

    /// The reason chosen.
    pub fn reason(&self) -> AdjustReason {
        AdjustReason::CHOICES[self.reason % AdjustReason::CHOICES.len()]
    }

    pub(super) fn reason_sign(&self) -> i64 {
        match self.reason() {
            AdjustReason::Damage | AdjustReason::Lost | AdjustReason::Sample => -1,
            _ => 1,
        }
    }

    /// Whether typed characters go to a field now.
    pub fn typing(&self) -> bool {
        self.form.is_some() || !self.slot().is_choice()
    }

    /// Types a character; a search or supplier lookup may follow.
    pub fn type_char(&mut self, c: char, at: Option<u64>) -> Vec<Effect> {
        self.discard_asked = false;
        if let Some((_, f)) = &mut self.form {
            f.type_char(c, at);
            return Vec::new();
        }
        let slot = self.slot();
        if let Some(f) = self.text_mut(slot) {
            f.type_char(c, at);
        }
        self.after_typing(slot)
    }

    /// An editing key for the focused field.
    pub fn edit(&mut self, request: InputRequest) -> Vec<Effect> {
        if let Some((_, f)) = &mut self.form {
            f.edit(request);
            return Vec::new();
        }
        let slot = self.slot();
        if let Some(f) = self.text_mut(slot) {
            f.edit(request);
        }
        self.after_typing(slot)
    }

    fn after_typing(&mut self, slot: Slot) -> Vec<Effect> {
        match slot {
            Slot::Supplier => {
                self.supplier_id = None;
                vec![Effect::StockWork(StockWork::FindSuppliers(
                    self.supplier.value().trim().to_string(),
                ))]
            }
            Slot::Item => {
                self.generation += 1;
                self.pick = 0;
                let (_, text) = self.entry();
                if text.is_empty() {
                    self.picks.clear();
                    return Vec::new();
                }
                vec![Effect::Filter {
                    target: SearchTarget::Goods,
                    query: text,
                    generation: self.generation,
                }]
            }
            _ => Vec::new(),
        }
    }

    /// The quantity typed before `*` and the code or name after it.
    fn entry(&self) -> (Option<Qty>, String) {
        match crate::ui::billing::parse_entry(self.item.value(), &[]) {
            Ok(e) => (e.qty, e.text),
            Err(_) => (None, self.item.value().trim().to_string()),
        }
    }

    /// The search answered: the rows to read for the pick list (the
    /// newest search only).
    pub fn filtered(&self, generation: u64, ids: Vec<galla_domain::VariantId>) -> Vec<Effect> {
        if generation != self.generation {
            return Vec::new();
        }
        vec![Effect::StockWork(StockWork::LoadPicks { generation, ids })]
    }

    /// Rows for the pick list arrived; older answers are dropped.
    pub fn picks_loaded(&mut self, generation: u64, rows: Vec<StockRow>) {
        if generation == self.generation && !self.item.value().trim().is_empty() {
            self.picks = rows;
            self.pick = 0;
        }
    }

    /// Suppliers matching the typed name arrived.
    pub fn suppliers_loaded(&mut self, parties: Vec<Party>, shop_state: Option<String>) {
        self.suppliers = parties;
        self.supplier_pick = 0;
        self.shop_state = shop_state;
    }

    /// A supplier chosen or just added.
    pub fn choose_supplier(&mut self, p: &Party) {
        self.supplier = Field::with_value(&p.name);
        self.supplier_id = Some(p.party_id);
        self.supplier_state = p
            .state_code
            .clone()
            .or_else(|| p.gstin.as_ref().map(|g| g.chars().take(2).collect()));
        self.suppliers.clear();
        self.message = Some(format!("supplier: {}", p.name));
        self.next_field();
    }

    /// What the location holds arrived (a count).
    pub fn sheet_loaded(&mut self, held: Vec<HeldItem>) {
        self.sheet = held;
    }

    /// The count's sheet request for the location and category chosen.
    pub fn sheet_request(&self) -> StockWork {
        StockWork::CountSheet {
            location: self.location_id(),
            category: self.category_name(),
        }
    }

    /// The category chosen, if one.
    pub fn category_name(&self) -> Option<String> {
        self.category
            .checked_sub(1)
            .and_then(|i| self.categories.get(i).cloned())
    }

    /// The location chosen (from).
    pub fn location_id(&self) -> LocationId {
        self.locations
            .get(self.place)
            .map_or(LocationId(uuid::Uuid::nil()), |l| l.location_id)
    }

    pub(super) fn to_id(&self) -> LocationId {
        self.locations
            .get(self.to)
            .map_or(LocationId(uuid::Uuid::nil()), |l| l.location_id)
    }

    /// Moves to the next field.
    pub fn next_field(&mut self) {
        self.focus = (self.focus + 1) % self.slots().len();
    }

    /// Moves to the previous field.
    pub fn prev_field(&mut self) {
        let n = self.slots().len();
        self.focus = (self.focus + n - 1) % n;
    }

    /// ←/→ on a choice; what the change asks for.
    pub fn cycle(&mut self, forward: bool) -> Vec<Effect> {
        let step = |i: usize, n: usize| {
            let n = n.max(1);
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        let n = self.locations.len();
        match self.slot() {
            Slot::Place => {
                self.place = step(self.place, n);
                if self.kind == GoodsKind::Count {
                    return vec![Effect::StockWork(self.sheet_request())];
                }
            }
            Slot::To => self.to = step(self.to, n),
            Slot::Pay => self.pay = step(self.pay, Payment::CHOICES.len()),
            Slot::Reason => {
                self.reason = step(self.reason, AdjustReason::CHOICES.len());
                let sign = self.reason_sign();
                for l in &mut self.lines {
                    l.qty = Qty::from_milli(l.qty.milli().abs() * sign);
                }
            }
            Slot::Category => {
                self.category = step(self.category, self.categories.len() + 1);
                return vec![Effect::StockWork(self.sheet_request())];
            }
            _ => {}
        }
        Vec::new()
    }

    /// Enter: choose a supplier, go to the next field, or add the item.
    pub fn enter(&mut self) -> Vec<Effect> {
        match self.slot() {
            Slot::Supplier => {
                if let Some(p) = self.suppliers.get(self.supplier_pick).cloned() {
                    self.choose_supplier(&p);
                } else if self.supplier.value().trim().is_empty() || self.supplier_id.is_some() {
                    self.next_field();
                } else {
                    self.message = Some(format!(
                        "no supplier is called \"{}\" — add them with the new-supplier key",
                        self.supplier.value().trim()
                    ));
                }
                Vec::new()
            }
            Slot::Item => self.add_item(),
            _ => {
                self.next_field();
                Vec::new()
            }
        }
    }

    fn add_item(&mut self) -> Vec<Effect> {
        let (qty, text) = self.entry();
        if text.is_empty() {
            self.message = Some("scan an item, or type its name, SKU or barcode".into());
            return Vec::new();
        }
        // The exact code first (a scan, a typed SKU), else the item
        // highlighted in the list; cleared, so the next scan starts afresh.
        let picked = self.picks.get(self.pick).map(|r| r.variant_id);
        let at = Some(self.location_id());
        self.item.reset();
        self.picks.clear();
        vec![Effect::StockWork(StockWork::FindItem {
            code: Some(text),
            variant: picked,
            qty: qty.unwrap_or(Qty::units(1)),
            at,
        })]
    }
}
