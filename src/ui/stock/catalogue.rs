//! The Stock pane's catalogue and goods keys: a new product (a form, then
//! its size × colour grid to confirm), an item changed, stopped or sold
//! again, locations added and renamed, labels, and the goods documents
//! (purchase, return, transfer, corrections, count). Keys go to the form
//! open, else the goods document, else the list. Pure: the runner's
//! answers arrive through [`StockPane::work_done`].

use galla_domain::{Product, Variant, VariantId};

use super::goods::{GoodsDoc, GoodsKind, LineForm};
use super::state::StockPane;
use crate::app::action::Effect;
use crate::app::command::Command;
use crate::app::stock_work::{LabelOrder, StockDone, StockWork};
use crate::catalogue::{ItemEdit, ProductForm};
use crate::ui::entry_form::{EntryForm, Routed, route};

/// What the form over the Stock pane is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StockForm {
    /// A new product and its grid.
    NewProduct,
    /// An item's fields.
    EditItem(VariantId),
    /// Stop (`false`) or start selling an item.
    Active(VariantId, bool),
    /// Add or rename a location.
    Locations,
    /// Labels of an item (or of a purchase).
    Labels(VariantId),
}

/// The choices a form offers for a price mode.
const MODES: [&str; 2] = ["inclusive", "exclusive"];

fn work(w: StockWork) -> Vec<Effect> {
    vec![Effect::StockWork(w)]
}

fn keys(form: &mut EntryForm, text: &str) {
    form.keys = text.to_string();
}

impl StockPane {
    fn open_new_product(&mut self, name: &str) {
        let mut f = EntryForm::new("New product: every size with every colour")
            .about("sizes and colours with commas (S, M, L); barcodes scanned in that order, the rest made")
            .choice("Prices", MODES.iter().map(|m| format!("GST {m}")).collect())
            .filled("Name", false, name)
            .field("Category", false)
            .field("HSN", true)
            .field("GST %", true)
            .filled("Unit", false, "piece")
            .field("Sizes", false)
            .field("Colours", false)
            .filled("SKU pattern", false, crate::catalogue::DEFAULT_PATTERN)
            .field("MRP ₹", true)
            .field("Price ₹", true)
            .field("Cost ₹", true)
            .field("Reorder at", true)
            .field("Barcodes", false);
        keys(
            &mut f,
            "Tab next field · ←/→ prices · Enter check · Esc cancel",
        );
        self.form = Some((StockForm::NewProduct, f));
    }

    fn product_form(f: &EntryForm) -> ProductForm {
        ProductForm {
            name: f.value(0).into(),
            category: f.value(1).into(),
            hsn: f.value(2).into(),
            gst_rate: f.value(3).into(),
            price_mode: MODES[f.chosen() % 2].into(),
            unit: f.value(4).into(),
            sizes: f.value(5).into(),
            colours: f.value(6).into(),
            sku_pattern: f.value(7).into(),
            mrp: f.value(8).into(),
            price: f.value(9).into(),
            cost: f.value(10).into(),
            reorder: f.value(11).into(),
            barcodes: f.value(12).into(),
        }
    }

    fn open_edit(&mut self, v: VariantId, p: &Product, x: &Variant) {
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        let plain = |m: galla_domain::Money| m.format_plain().replace(',', "");
        let mut f = EntryForm::new(format!("Change {}", x.sku))
            .about("name to unit: every size and colour · barcode `new` makes one · prices kept in history")
            .choice("Prices", MODES.iter().map(|m| format!("GST {m}")).collect())
            .filled("Name", false, &p.name)
            .filled("Category", false, &text(&p.category))
            .filled("HSN", true, &p.hsn)
            .filled("GST %", true, p.gst_rate.to_string().trim_end_matches('%'))
            .filled("Unit", false, &crate::store::enum_text(&p.unit))
            .filled("SKU", false, &x.sku)
            .filled("Barcode", false, &text(&x.barcode))
            .filled("Size", false, &text(&x.size))
            .filled("Colour", false, &text(&x.colour))
            .filled("MRP ₹", true, &plain(x.mrp))
            .filled("Price ₹", true, &plain(x.price))
            .filled("Cost ₹", true, &plain(x.cost))
            .filled("Reorder at", true, &x.reorder_level.to_string());
        if p.price_mode == galla_domain::PriceMode::Exclusive {
            f.cycle(true);
        }
        keys(
            &mut f,
            "Tab next field · ←/→ prices · Enter save · Esc cancel",
        );
        self.form = Some((StockForm::EditItem(v), f));
    }

    fn item_edit(f: &EntryForm) -> ItemEdit {
        let some = |i: usize| Some(f.value(i).to_string());
        ItemEdit {
            name: some(0),
            category: some(1),
            hsn: some(2),
            gst_rate: some(3),
            price_mode: Some(MODES[f.chosen() % 2].into()),
            unit: some(4),
            sku: some(5),
            barcode: some(6),
            size: some(7),
            colour: some(8),
            mrp: some(9),
            price: some(10),
            cost: some(11),
            reorder: some(12),
        }
    }

    fn open_active(&mut self) {
        let Some(row) = self.selected_row() else {
            self.message = Some("no item is selected".into());
            return;
        };
        let (title, about) = if row.active {
            (
                format!("Stop selling {}?", row.sku),
                format!(
                    "{} will not scan or be bought any more; its stock ({}) and history stay, \
                     and it can be sold again with the same key",
                    row.name,
                    row.total()
                ),
            )
        } else {
            (format!("Sell {} again?", row.sku), row.name.clone())
        };
        let mut f = EntryForm::new(title).about(about);
        keys(&mut f, "Enter yes · Esc no");
        self.form = Some((StockForm::Active(row.variant_id, !row.active), f));
    }

    fn open_locations(&mut self) {
        let mut options: Vec<String> = self.locations.iter().map(|l| l.name.clone()).collect();
        options.push("+ a new location".into());
        let mut f = EntryForm::new("Locations")
            .about("←/→ picks a location to rename, or a new one to add")
            .choice("Location", options)
            .field("Name", false);
        keys(
            &mut f,
            "←/→ choose · type the name · Enter save · Esc cancel",
        );
        self.form = Some((StockForm::Locations, f));
    }

    fn open_labels(&mut self) {
        let Some(row) = self.selected_row() else {
            self.message = Some("no item is selected".into());
            return;
        };
        let mut f = EntryForm::new(format!("Labels: {} {}", row.sku, row.name))
            .about("a purchase's invoice number instead prints a label for each unit bought")
            .choice("To", vec!["PDF sheet".into(), "thermal printer".into()])
            .filled("Labels", true, "1")
            .field("Purchase no.", false)
            .filled("PDF file", false, "labels.pdf");
        keys(&mut f, "←/→ PDF or printer · Enter print · Esc cancel");
        self.form = Some((StockForm::Labels(row.variant_id), f));
    }

    fn submit_form(&mut self) -> Vec<Effect> {
        let Some((what, f)) = &mut self.form else {
            return Vec::new();
        };
        if f.refuse_scans() {
            return Vec::new();
        }
        match what.clone() {
            StockForm::NewProduct => work(StockWork::PlanProduct(Box::new(Self::product_form(f)))),
            StockForm::EditItem(v) => work(StockWork::EditItem(v, Box::new(Self::item_edit(f)))),
            StockForm::Active(v, active) => work(StockWork::SetActive(v, active)),
            StockForm::Locations => {
                let name = f.value(0).trim().to_string();
                match self.locations.get(f.chosen()) {
                    Some(l) => work(StockWork::RenameLocation(l.location_id, name)),
                    None => work(StockWork::AddLocation(name)),
                }
            }
            StockForm::Labels(v) => {
                let copies = match f.value(0).trim().parse::<u32>() {
                    Ok(n) => n,
                    Err(_) => {
                        f.error = Some(format!("\"{}\" is not a number of labels", f.value(0)));
                        return Vec::new();
                    }
                };
                let pdf = (f.chosen() == 0).then(|| std::path::PathBuf::from(f.value(2).trim()));
                work(StockWork::Labels(Box::new(LabelOrder {
                    items: vec![(v, copies)],
                    invoice: f.optional(1),
                    pdf,
                })))
            }
        }
    }

    /// Opens a goods document of `kind`.
    fn open_goods(&mut self, kind: GoodsKind) -> Vec<Effect> {
        if self.locations.is_empty() {
            self.message = Some("there is no location yet: add one first (Locations)".into());
            return Vec::new();
        }
        let doc = GoodsDoc::new(kind, self.locations.clone());
        let effects = doc.opening_effects();
        self.goods = Some(doc);
        effects
    }

    /// A catalogue or stock command on the list; `None` when not one.
    pub(super) fn list_work(&mut self, command: Command) -> Option<Vec<Effect>> {
        let selected = self.selected_row().map(|r| r.variant_id);
        Some(match command {
            Command::AddProduct => {
                let name = self.search.value().to_string();
                self.open_new_product(&name);
                Vec::new()
            }
            Command::EditItem => match selected {
                Some(v) => work(StockWork::LoadItem(v)),
                None => Vec::new(),
            },
            Command::ToggleActive => {
                self.open_active();
                Vec::new()
            }
            Command::Locations => {
                self.open_locations();
                Vec::new()
            }
            Command::Labels => {
                self.open_labels();
                Vec::new()
            }
            Command::GoodsIn => self.open_goods(GoodsKind::Purchase),
            Command::GoodsBack => self.open_goods(GoodsKind::Return),
            Command::Transfer => self.open_goods(GoodsKind::Transfer),
            Command::Adjust => self.open_goods(GoodsKind::Adjust),
            Command::Count => self.open_goods(GoodsKind::Count),
            _ => return None,
        })
    }

    /// A command while a form, a grid to confirm or a goods document is
    /// open; `None` when none is, or the command is not theirs.
    pub(super) fn work_command(&mut self, command: Command) -> Option<Vec<Effect>> {
        if let Some(plan) = &self.plan {
            return match command {
                Command::Submit => Some(work(StockWork::AddProduct(Box::new(plan.clone())))),
                Command::Close => {
                    self.plan = None;
                    Some(Vec::new())
                }
                _ => None,
            };
        }
        match route(&mut self.form, command) {
            Some(Routed::Submit) => return Some(self.submit_form()),
            Some(Routed::Done) => return Some(Vec::new()),
            Some(Routed::Ignored) => return None,
            None => {}
        }
        let doc = self.goods.as_mut()?;
        match route(&mut doc.form, command) {
            Some(Routed::Submit) => return Some(doc.submit_form()),
            Some(Routed::Done) => return Some(Vec::new()),
            Some(Routed::Ignored) => return None,
            None => {}
        }
        Some(match command {
            Command::AddItem => doc.enter(),
            Command::NextField => {
                doc.next_field();
                Vec::new()
            }
            Command::PrevField => {
                doc.prev_field();
                Vec::new()
            }
            Command::NextMode => doc.cycle(true),
            Command::PrevMode => doc.cycle(false),
            Command::Up => {
                doc.step(false);
                Vec::new()
            }
            Command::Down => {
                doc.step(true);
                Vec::new()
            }
            Command::RemoveLine if doc.item.value().is_empty() => {
                doc.remove_line();
                Vec::new()
            }
            Command::EditQty => {
                doc.open_line_form(LineForm::Qty);
                Vec::new()
            }
            Command::EditRate => {
                doc.open_line_form(LineForm::Cost);
                Vec::new()
            }
            Command::Post => {
                doc.ask_post();
                Vec::new()
            }
            Command::AddParty => {
                let name = doc.supplier.value().trim().to_string();
                if name.is_empty() {
                    doc.message = Some("type the new supplier's name first".into());
                    Vec::new()
                } else {
                    work(StockWork::AddSupplier(name))
                }
            }
            Command::AddProduct => {
                let name = doc.item.value().trim().to_string();
                self.open_new_product(&name);
                Vec::new()
            }
            Command::Close => {
                if !doc.item.value().is_empty() {
                    doc.item.reset();
                    doc.picks.clear();
                } else if doc.lines.is_empty() || doc.discard_asked {
                    let words = doc.kind.title();
                    self.goods = None;
                    self.message = Some(format!("{words}: closed, nothing posted"));
                } else {
                    doc.discard_asked = true;
                    doc.message = Some(format!(
                        "Esc again throws away these {} lines; post them first to keep them",
                        doc.lines.len()
                    ));
                }
                Vec::new()
            }
            _ => return None,
        })
    }

    /// The runner's answer to catalogue or goods work.
    pub fn work_done(&mut self, d: StockDone) -> Vec<Effect> {
        match d {
            StockDone::Planned(Ok(plan)) => self.plan = Some(*plan),
            StockDone::Planned(Err(e)) => self.refused(e),
            StockDone::ItemLoaded(Ok(item)) => {
                let (p, v, _) = *item;
                self.open_edit(v.variant_id, &p, &v);
            }
            StockDone::ItemLoaded(Err(e)) => self.message = Some(e),
            StockDone::Written(Ok(text)) => {
                let new_item = self.plan.as_ref().map(|p| p.product.name.clone());
                self.form = None;
                self.plan = None;
                let mut effects = vec![Effect::LoadLocations];
                effects.extend(self.store_changed(usize::MAX));
                match (&mut self.goods, new_item) {
                    (Some(doc), Some(name)) => {
                        // A new item from the goods screen: it is listed
                        // at once, to pick.
                        doc.item = crate::ui::field::Field::with_value(&name);
                        doc.focus = doc.slots().len() - 1;
                        doc.message = Some(text);
                        effects.extend(doc.edit(tui_input::InputRequest::GoToEnd));
                    }
                    (Some(doc), None) => doc.message = Some(text),
                    (None, _) => self.message = Some(text),
                }
                return effects;
            }
            StockDone::Written(Err(e)) => self.refused(e),
            StockDone::Found(result) => {
                if let Some(doc) = &mut self.goods {
                    match result {
                        Ok((item, qty)) => doc.item_found(*item, qty),
                        Err(e) => doc.message = Some(e),
                    }
                }
            }
            StockDone::Picks { generation, rows } => {
                if let Some(doc) = &mut self.goods {
                    doc.picks_loaded(generation, rows);
                }
            }
            StockDone::Suppliers(parties, state) => {
                if let Some(doc) = &mut self.goods {
                    doc.suppliers_loaded(parties, state);
                }
            }
            StockDone::SupplierAdded(result) => {
                if let Some(doc) = &mut self.goods {
                    match result {
                        Ok(p) => doc.choose_supplier(&p),
                        Err(e) => doc.message = Some(e),
                    }
                }
            }
            StockDone::Categories(c) => {
                if let Some(doc) = &mut self.goods {
                    doc.categories = c;
                }
            }
            StockDone::Sheet(held) => {
                if let Some(doc) = &mut self.goods {
                    doc.sheet_loaded(held);
                }
            }
            StockDone::Posted(Ok(text)) => {
                self.goods = None;
                self.message = Some(text);
                return self.store_changed(usize::MAX);
            }
            StockDone::Posted(Err(e)) => {
                if let Some(doc) = &mut self.goods {
                    doc.form = None;
                    doc.message = Some(e);
                }
            }
        }
        Vec::new()
    }

    /// A refusal: into the open form, else the message line.
    fn refused(&mut self, e: String) {
        match (&mut self.form, &mut self.goods) {
            (Some((_, f)), _) => f.error = Some(e),
            (None, Some(doc)) => doc.message = Some(e),
            (None, None) => self.message = Some(e),
        }
    }
}
