//! The runner's work for the Stock pane's catalogue and goods screens: a
//! new product planned and added, an item read, changed, stopped or
//! started; locations added and renamed; labels printed; and for a goods
//! document, items found, the pick list, suppliers, a count's sheet and
//! the post itself — each through `crate::catalogue` and
//! `crate::stockops`, the same functions the command line calls. A refusal
//! comes back in words and writes nothing.

use chrono::Utc;
use galla_domain::catalogue::AdjustReason;
use galla_domain::payload::PurchaseLine;
use galla_domain::{GstRate, LocationId, Money, Party, PartyId, PartyKind, Qty, VariantId};

use super::action::Action;
use super::till::TillSetup;
use crate::catalogue::{self, ItemEdit, ProductForm, ProductPlan};
use crate::stockops::{self, Payment, PurchaseDoc};
use crate::store::{HeldItem, StockRow, Store};
use crate::ui::stock::GoodsKind;

/// An item as a goods line needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundItem {
    /// The item.
    pub variant_id: VariantId,
    /// Its SKU.
    pub sku: String,
    /// Name with size and colour.
    pub name: String,
    /// Sold in fractions.
    pub fraction: bool,
    /// Its cost before GST.
    pub cost: Money,
    /// Its product's GST rate.
    pub gst_rate: GstRate,
    /// What the document's location holds.
    pub on_hand: Qty,
}

/// A goods document as the runner posts it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoodsPost {
    /// Which.
    pub kind: GoodsKind,
    /// The location (from).
    pub location: LocationId,
    /// The location to (a transfer).
    pub to: LocationId,
    /// The supplier.
    pub supplier: Option<PartyId>,
    /// Their invoice number.
    pub invoice: Option<String>,
    /// Its date (`None`: today).
    pub date: Option<chrono::NaiveDate>,
    /// How it is paid.
    pub payment: Payment,
    /// UPI or bank reference.
    pub reference: Option<String>,
    /// A note.
    pub note: Option<String>,
    /// The corrections' reason.
    pub reason: AdjustReason,
    /// The category counted.
    pub category: Option<String>,
    /// The lines.
    pub lines: Vec<PurchaseLine>,
}

/// Where labels go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelOrder {
    /// The items and how many labels of each.
    pub items: Vec<(VariantId, u32)>,
    /// A purchase whose lines get a label a unit.
    pub invoice: Option<String>,
    /// A PDF file, or the thermal printer (`None`).
    pub pdf: Option<std::path::PathBuf>,
}

/// What the Stock pane asks the runner for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StockWork {
    /// Check a new product and make its variants (nothing written).
    PlanProduct(Box<ProductForm>),
    /// Write a planned product.
    AddProduct(Box<ProductPlan>),
    /// Read an item to change it.
    LoadItem(VariantId),
    /// Change an item.
    EditItem(VariantId, Box<ItemEdit>),
    /// Stop or start selling an item.
    SetActive(VariantId, bool),
    /// Add a location.
    AddLocation(String),
    /// Rename a location.
    RenameLocation(LocationId, String),
    /// Print labels.
    Labels(Box<LabelOrder>),
    /// Find an item for a goods line: by exact barcode or SKU, else the
    /// item picked from the list.
    FindItem {
        /// A scanned or typed code.
        code: Option<String>,
        /// The item highlighted in the list, when the code is not exact.
        variant: Option<VariantId>,
        /// How many.
        qty: Qty,
        /// Where its stock is counted.
        at: Option<LocationId>,
    },
    /// Rows for the goods pick list (the search index found them).
    LoadPicks {
        /// Matches `StockDone::Picks::generation`.
        generation: u64,
        /// The items, best first.
        ids: Vec<VariantId>,
    },
    /// Suppliers whose name or phone holds this.
    FindSuppliers(String),
    /// Add a supplier by name.
    AddSupplier(String),
    /// The categories products are in.
    Categories,
    /// What a location holds (of a category), for a count.
    CountSheet {
        /// The location.
        location: LocationId,
        /// The category, if one.
        category: Option<String>,
    },
    /// Post a goods document.
    Post(Box<GoodsPost>),
}

/// The runner's answers to [`StockWork`].
#[derive(Debug)]
pub enum StockDone {
    /// A new product checked, or why not.
    Planned(Result<Box<ProductPlan>, String>),
    /// A catalogue write done (what happened), or refused (why).
    Written(Result<String, String>),
    /// An item to change: its product, its details and whether it is sold.
    ItemLoaded(Result<Box<(galla_domain::Product, galla_domain::Variant, bool)>, String>),
    /// An item for a goods line, with the quantity asked for.
    Found(Result<(Box<FoundItem>, Qty), String>),
    /// Rows for the pick list.
    Picks {
        /// The search they answer.
        generation: u64,
        /// Best first.
        rows: Vec<StockRow>,
    },
    /// Suppliers matching, with the shop's state.
    Suppliers(Vec<Party>, Option<String>),
    /// A supplier was added.
    SupplierAdded(Result<Party, String>),
    /// The categories in use.
    Categories(Vec<String>),
    /// What a location holds.
    Sheet(Vec<HeldItem>),
    /// A goods document posted (what happened), or refused (why).
    Posted(Result<String, String>),
}

const READ_ONLY: &str = "galla was started read-only (--read-only): nothing can be changed here";

fn done(d: StockDone) -> Action {
    Action::StockWorkDone(Box::new(d))
}

fn words<T>(r: anyhow::Result<T>) -> Result<T, String> {
    r.map_err(|e| crate::cli::describe(&e))
}

/// Performs one piece of Stock pane work.
pub fn perform(store: &mut Store, till: &TillSetup, work: StockWork, read_only: bool) -> Action {
    let writes = matches!(
        work,
        StockWork::AddProduct(_)
            | StockWork::EditItem(..)
            | StockWork::SetActive(..)
            | StockWork::AddLocation(_)
            | StockWork::RenameLocation(..)
            | StockWork::AddSupplier(_)
            | StockWork::Post(_)
    );
    if writes && read_only {
        return done(match work {
            StockWork::Post(_) => StockDone::Posted(Err(READ_ONLY.into())),
            StockWork::AddSupplier(_) => StockDone::SupplierAdded(Err(READ_ONLY.into())),
            _ => StockDone::Written(Err(READ_ONLY.into())),
        });
    }
    match work {
        StockWork::PlanProduct(form) => {
            let plan = store
                .shop_settings()
                .map_err(anyhow::Error::from)
                .and_then(|s| catalogue::plan(store, &form, crate::settings::price_mode(&s)));
            done(StockDone::Planned(words(plan).map(Box::new)))
        }
        StockWork::AddProduct(plan) => done(StockDone::Written(words(
            catalogue::add(store, &plan).map(|()| {
                format!(
                    "added {} with {}",
                    plan.product.name,
                    crate::text::count(plan.variants.len(), "variant", "variants")
                )
            }),
        ))),
        StockWork::LoadItem(v) => done(StockDone::ItemLoaded(words((|| {
            let (p, var) = store
                .sale_item(v)?
                .ok_or_else(|| anyhow::anyhow!("that item is not in the catalogue"))?;
            Ok(Box::new((p, var, store.variant_active(v)?)))
        })()))),
        StockWork::EditItem(v, change) => done(StockDone::Written(words(
            catalogue::edit(store, v, &change).map(|said| {
                if said.is_empty() {
                    "nothing changed".to_string()
                } else {
                    format!("changed {}", said.join("; "))
                }
            }),
        ))),
        StockWork::SetActive(v, active) => done(StockDone::Written(words((|| {
            let sku = store.sale_item(v)?.map(|(_, x)| x.sku).unwrap_or_default();
            catalogue::set_active(store, v, active, None)?;
            Ok(if active {
                format!("{sku} is sold again")
            } else {
                format!("{sku} is no longer sold — its stock and history stay")
            })
        })()))),
        StockWork::AddLocation(name) => done(StockDone::Written(words(
            stockops::add_location(store, &name).map(|l| format!("added the location {}", l.name)),
        ))),
        StockWork::RenameLocation(id, name) => done(StockDone::Written(words((|| {
            let old = stockops::location_by_id(store, id)?;
            let l = stockops::rename_location(store, &old.name, &name)?;
            Ok(format!("{} is now called {}", old.name, l.name))
        })()))),
        StockWork::Labels(mut order) => {
            // A file named without a folder goes beside the database.
            if let Some(path) = &order.pdf
                && path.is_relative()
                && let Some(dir) = store.path().parent()
            {
                order.pdf = Some(dir.join(path));
            }
            done(StockDone::Written(words(labels(store, till, &order))))
        }
        other => goods(store, till, other),
    }
}

/// The goods document's work.
fn goods(store: &mut Store, till: &TillSetup, work: StockWork) -> Action {
    match work {
        StockWork::FindItem {
            code,
            variant,
            qty,
            at,
        } => done(StockDone::Found(
            words(find(store, code, variant, at)).map(|f| (Box::new(f), qty)),
        )),
        StockWork::LoadPicks { generation, ids } => done(StockDone::Picks {
            generation,
            rows: store
                .locations()
                .and_then(|l| store.stock_rows(&ids, &l))
                .unwrap_or_default(),
        }),
        StockWork::FindSuppliers(q) => {
            let q = q.to_lowercase();
            let parties = store
                .parties_where("kind = ?1", "supplier", 10_000)
                .unwrap_or_default()
                .into_iter()
                .filter(|p| {
                    q.is_empty()
                        || p.name.to_lowercase().contains(&q)
                        || p.phone.as_deref().is_some_and(|ph| ph.contains(&q))
                })
                .take(crate::ui::billing::PICK_ROWS)
                .collect();
            let state = store
                .shop_settings()
                .ok()
                .and_then(|s| crate::settings::shop_state(&s));
            done(StockDone::Suppliers(parties, state))
        }
        StockWork::AddSupplier(name) => done(StockDone::SupplierAdded(words(
            crate::books::khata::add_party(
                store,
                PartyKind::Supplier,
                &crate::books::khata::PartyForm {
                    name,
                    ..Default::default()
                },
            ),
        ))),
        StockWork::Categories => done(StockDone::Categories(
            store.categories().unwrap_or_default(),
        )),
        StockWork::CountSheet { location, category } => done(StockDone::Sheet(
            store
                .stock_at(location, category.as_deref())
                .unwrap_or_default(),
        )),
        StockWork::Post(post) => done(StockDone::Posted(words(post_goods(store, till, &post)))),
        other => Action::EffectFailed(format!("nothing performs {other:?}")),
    }
}

fn find(
    store: &Store,
    code: Option<String>,
    variant: Option<VariantId>,
    at: Option<LocationId>,
) -> anyhow::Result<FoundItem> {
    let exact = match &code {
        Some(c) => store.exact_item(c.trim())?,
        None => None,
    };
    let id = match (exact, variant, code) {
        (Some(v), _, _) | (None, Some(v), _) => v,
        (None, None, Some(c)) => anyhow::bail!(
            "no item has the SKU or barcode \"{}\" — pick it from the list as you type, or add a new item",
            c.trim()
        ),
        (None, None, None) => anyhow::bail!("scan an item, or type its name, SKU or barcode"),
    };
    let (p, v) = store
        .sale_item(id)?
        .ok_or_else(|| anyhow::anyhow!("that item is not in the catalogue"))?;
    let on_hand = match at {
        Some(l) => store.qty_at(id, l)?,
        None => Qty::ZERO,
    };
    Ok(FoundItem {
        variant_id: id,
        name: store.item_name(id)?,
        sku: v.sku,
        fraction: p.unit.allows_fraction(),
        cost: v.cost,
        gst_rate: p.gst_rate,
        on_hand,
    })
}

fn post_goods(store: &mut Store, till: &TillSetup, p: &GoodsPost) -> anyhow::Result<String> {
    let moves: Vec<(VariantId, Qty)> = p.lines.iter().map(|l| (l.variant_id, l.qty)).collect();
    match p.kind {
        GoodsKind::Purchase | GoodsKind::Return => {
            let today = Utc::now().with_timezone(&till.tz).date_naive();
            let b = stockops::purchase(
                store,
                &PurchaseDoc {
                    returning: p.kind == GoodsKind::Return,
                    location: p.location,
                    supplier: p.supplier,
                    invoice_no: p.invoice.clone(),
                    invoice_date: Some(p.date.unwrap_or(today)),
                    lines: p.lines.clone(),
                    payment: p.payment,
                    reference: p.reference.clone(),
                    note: p.note.clone(),
                },
            )?;
            let verb = if p.kind == GoodsKind::Return {
                "sent back"
            } else {
                "bought"
            };
            Ok(format!(
                "{verb}: {} · total {} ({})",
                crate::text::count(b.lines, "line", "lines"),
                b.total(),
                b.payment
            ))
        }
        GoodsKind::Transfer => {
            let a = stockops::transfer_lines(store, p.location, p.to, &moves, p.note.as_deref())?;
            Ok(format!(
                "moved {}",
                crate::text::count(a.lines.len() / 2, "item", "items")
            ))
        }
        GoodsKind::Adjust => {
            let a = stockops::adjust_lines(store, p.location, &moves, p.reason, p.note.as_deref())?;
            Ok(format!(
                "corrected {} ({})",
                crate::text::count(a.lines.len(), "item", "items"),
                p.reason.label()
            ))
        }
        GoodsKind::Count => {
            let rows = stockops::count_rows(store, p.location, p.category.as_deref(), &moves)?;
            let a = stockops::post_count(store, p.location, &rows)?;
            Ok(if a.lines.is_empty() {
                "the count agrees with the books: nothing to correct".to_string()
            } else {
                format!(
                    "count posted: {} corrected",
                    crate::text::count(a.lines.len(), "item", "items")
                )
            })
        }
    }
}

fn labels(store: &Store, till: &TillSetup, order: &LabelOrder) -> anyhow::Result<String> {
    let mut items = order.items.clone();
    if let Some(invoice) = &order.invoice {
        items = catalogue::labels::from_purchase(store, invoice)?;
    }
    let labels = catalogue::labels::labels(store, &items)?;
    let n = crate::text::count(labels.len(), "label", "labels");
    match &order.pdf {
        Some(path) => {
            std::fs::write(path, crate::print::labels::pdf(&labels))
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            Ok(format!("{n} written to {}", path.display()))
        }
        None => {
            let bytes = crate::print::labels::escpos(&labels, till.paper.columns(), &till.escpos);
            crate::print::print(&bytes, &till.printer)
                .map_err(|e| anyhow::anyhow!("the labels did not print: {e}"))?;
            Ok(format!("{n} sent to the printer"))
        }
    }
}
