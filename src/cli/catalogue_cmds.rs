//! `galla product` (add a product with its size × colour grid, change an
//! item, stop or start selling it, show it with its price history) and
//! `galla labels` (a PDF sheet or the thermal printer). Arguments and the
//! lines printed, or one JSON object with `--json`; the work is in
//! `crate::catalogue`, as for the Stock pane.

use anyhow::{Result, bail};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

use super::stock_cmds::print_json;
use crate::catalogue::{self, ItemEdit, ProductForm};
use crate::config::Config;
use crate::store::{Access, Store};
use crate::text::printable;

/// `galla product`.
#[derive(Subcommand, Debug)]
pub enum ProductCmd {
    /// Add a product and its variants (every size with every colour).
    Add(ProductAddArgs),
    /// Change an item: its product's fields (all its variants) or its own.
    Edit(ProductEditArgs),
    /// Stop selling an item (or every variant of its product); stock and history stay.
    Deactivate(StatusArgs),
    /// Sell an item again.
    Activate(StatusArgs),
    /// An item's details, stock and price history.
    Show {
        /// Its SKU or barcode.
        item: String,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// `galla product add`.
#[derive(Args, Debug)]
pub struct ProductAddArgs {
    /// The product's name.
    #[arg(long)]
    pub name: String,
    /// Its category (a shelf or group: "Kurtas").
    #[arg(long, default_value = "")]
    pub category: String,
    /// HSN code, 4 to 8 digits.
    #[arg(long)]
    pub hsn: String,
    /// GST rate: 0, 5, 12, 18, 28...
    #[arg(long)]
    pub gst: String,
    /// inclusive or exclusive (default: the shop's gst.price_mode setting).
    #[arg(long, default_value = "")]
    pub price_mode: String,
    /// piece, kg, litre or metre.
    #[arg(long, default_value = "piece")]
    pub unit: String,
    /// Sizes, separated by commas: S,M,L.
    #[arg(long, default_value = "")]
    pub sizes: String,
    /// Colours, separated by commas: Red,Blue.
    #[arg(long, default_value = "")]
    pub colours: String,
    /// How SKUs are made: {product}, {size}, {colour}, {n}.
    #[arg(long, default_value = catalogue::DEFAULT_PATTERN)]
    pub sku_pattern: String,
    /// MRP in rupees.
    #[arg(long)]
    pub mrp: String,
    /// Selling price in rupees (default: the MRP).
    #[arg(long, default_value = "")]
    pub price: String,
    /// Cost per unit before GST, in rupees.
    #[arg(long, default_value = "")]
    pub cost: String,
    /// Reorder level.
    #[arg(long, default_value = "")]
    pub reorder: String,
    /// Barcodes in grid order, separated by commas (the rest are made: in-store EAN-13).
    #[arg(long, default_value = "")]
    pub barcodes: String,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `galla product edit`.
#[derive(Args, Debug)]
pub struct ProductEditArgs {
    /// The item: its SKU or barcode.
    #[arg(long)]
    pub item: String,
    /// New product name (every variant).
    #[arg(long)]
    pub name: Option<String>,
    /// New category (empty: none).
    #[arg(long)]
    pub category: Option<String>,
    /// New HSN.
    #[arg(long)]
    pub hsn: Option<String>,
    /// New GST rate.
    #[arg(long)]
    pub gst: Option<String>,
    /// inclusive or exclusive.
    #[arg(long)]
    pub price_mode: Option<String>,
    /// piece, kg, litre or metre.
    #[arg(long)]
    pub unit: Option<String>,
    /// New SKU.
    #[arg(long)]
    pub sku: Option<String>,
    /// New barcode (`new`: make an in-store EAN-13; empty: none).
    #[arg(long)]
    pub barcode: Option<String>,
    /// New size.
    #[arg(long)]
    pub size: Option<String>,
    /// New colour.
    #[arg(long)]
    pub colour: Option<String>,
    /// New MRP (a price change, kept in the history).
    #[arg(long)]
    pub mrp: Option<String>,
    /// New selling price (a price change, kept in the history).
    #[arg(long)]
    pub price: Option<String>,
    /// New cost before GST.
    #[arg(long)]
    pub cost: Option<String>,
    /// New reorder level.
    #[arg(long)]
    pub reorder: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `galla product deactivate|activate`.
#[derive(Args, Debug)]
pub struct StatusArgs {
    /// The item: its SKU or barcode.
    #[arg(long)]
    pub item: String,
    /// Every size and colour of its product.
    #[arg(long)]
    pub whole_product: bool,
    /// Why.
    #[arg(long)]
    pub note: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `galla labels`.
#[derive(Args, Debug)]
pub struct LabelArgs {
    /// Items by SKU or barcode, `SKU:3` for three labels.
    pub items: Vec<String>,
    /// One label a unit of every line of this purchase (its invoice number).
    #[arg(long)]
    pub purchase: Option<String>,
    /// Labels of each item that does not say (default 1).
    #[arg(long, default_value_t = 1)]
    pub copies: u32,
    /// Write an A4 PDF sheet of labels here.
    #[arg(long, value_name = "FILE", required_unless_present = "print")]
    pub pdf: Option<PathBuf>,
    /// Print on the thermal printer (config.toml [printer]).
    #[arg(long, conflicts_with = "pdf")]
    pub print: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

fn open(db: &Path, access: Access) -> Result<Store> {
    if !db.exists() {
        bail!("there is no shop database at {}", db.display());
    }
    let store = Store::open(db, access)?;
    match access {
        // Who acts (--sign-in PIN): each change carries their name, and
        // what they may not do asks for an approval.
        Access::ReadWrite => super::signed(store),
        Access::ReadOnly => Ok(store),
    }
}

fn item_id(store: &Store, code: &str) -> Result<galla_domain::VariantId> {
    store
        .exact_item(code.trim())?
        .ok_or_else(|| anyhow::anyhow!("no item has the SKU or barcode {code:?}"))
}

/// The shop's default price mode for new products.
pub(crate) fn default_mode(store: &Store) -> Result<galla_domain::PriceMode> {
    Ok(crate::settings::price_mode(&store.shop_settings()?))
}

/// Runs `galla product ...`.
pub fn product(db: &Path, cmd: &ProductCmd) -> Result<()> {
    match cmd {
        ProductCmd::Add(a) => {
            let mut store = open(db, Access::ReadWrite)?;
            let form = ProductForm {
                name: a.name.clone(),
                category: a.category.clone(),
                hsn: a.hsn.clone(),
                gst_rate: a.gst.clone(),
                price_mode: a.price_mode.clone(),
                unit: a.unit.clone(),
                sizes: a.sizes.clone(),
                colours: a.colours.clone(),
                sku_pattern: a.sku_pattern.clone(),
                mrp: a.mrp.clone(),
                price: a.price.clone(),
                cost: a.cost.clone(),
                reorder: a.reorder.clone(),
                barcodes: a.barcodes.clone(),
            };
            let plan = catalogue::plan(&store, &form, default_mode(&store)?)?;
            catalogue::add(&mut store, &plan)?;
            if a.json {
                let variants: Vec<_> = plan
                    .variants
                    .iter()
                    .map(|v| {
                        serde_json::json!({
                            "sku": v.sku, "barcode": v.barcode, "size": v.size,
                            "colour": v.colour, "mrp_paise": v.mrp.paise(),
                            "price_paise": v.price.paise(),
                        })
                    })
                    .collect();
                return print_json(&serde_json::json!({
                    "product": plan.product.name, "variants": variants,
                }));
            }
            println!(
                "added {} with {}:",
                printable(&plan.product.name),
                crate::text::count(plan.variants.len(), "variant", "variants")
            );
            for v in &plan.variants {
                println!(
                    "  {:<24} {}",
                    printable(&v.sku),
                    v.barcode.as_deref().unwrap_or("")
                );
            }
        }
        ProductCmd::Edit(a) => {
            let mut store = open(db, Access::ReadWrite)?;
            let id = item_id(&store, &a.item)?;
            let change = ItemEdit {
                name: a.name.clone(),
                category: a.category.clone(),
                hsn: a.hsn.clone(),
                gst_rate: a.gst.clone(),
                price_mode: a.price_mode.clone(),
                unit: a.unit.clone(),
                sku: a.sku.clone(),
                barcode: a.barcode.clone(),
                size: a.size.clone(),
                colour: a.colour.clone(),
                mrp: a.mrp.clone(),
                price: a.price.clone(),
                cost: a.cost.clone(),
                reorder: a.reorder.clone(),
            };
            let said = catalogue::edit(&mut store, id, &change)?;
            if a.json {
                return print_json(&catalogue::info(&store, id)?);
            }
            if said.is_empty() {
                println!("nothing changed");
            } else {
                println!("changed {}", printable(&said.join("; ")));
            }
        }
        ProductCmd::Deactivate(a) | ProductCmd::Activate(a) => {
            let active = matches!(cmd, ProductCmd::Activate(_));
            let mut store = open(db, Access::ReadWrite)?;
            let id = item_id(&store, &a.item)?;
            let ids = if a.whole_product {
                let (p, _) = store
                    .sale_item(id)?
                    .ok_or_else(|| anyhow::anyhow!("that item is not in the catalogue"))?;
                store.product_variants(p.product_id)?
            } else {
                vec![id]
            };
            let mut changed = Vec::new();
            for v in ids {
                if catalogue::set_active(&mut store, v, active, a.note.as_deref())? {
                    changed.push(catalogue::info(&store, v)?.sku);
                }
            }
            if a.json {
                return print_json(&serde_json::json!({ "active": active, "changed": changed }));
            }
            let word = if active {
                "sold again"
            } else {
                "no longer sold"
            };
            if changed.is_empty() {
                println!("nothing changed: already {word}");
            } else {
                println!("{word}: {}", printable(&changed.join(", ")));
            }
        }
        ProductCmd::Show { item, json } => {
            let store = open(db, Access::ReadOnly)?;
            let info = catalogue::info(&store, item_id(&store, item)?)?;
            if *json {
                return print_json(&info);
            }
            println!(
                "{} {} ({})",
                printable(&info.sku),
                printable(&info.name),
                if info.active {
                    "sold"
                } else {
                    "no longer sold"
                }
            );
            for p in &info.prices {
                println!(
                    "  {}  price {}  MRP {}",
                    p.at.format("%Y-%m-%d %H:%M"),
                    galla_domain::Money::from_paise(p.price_paise),
                    galla_domain::Money::from_paise(p.mrp_paise)
                );
            }
        }
    }
    Ok(())
}

/// Runs `galla labels`.
pub fn labels(db: &Path, config: &Config, args: &LabelArgs) -> Result<()> {
    use catalogue::labels as pick;
    let store = open(db, Access::ReadOnly)?;
    let mut items = pick::items(&store, &args.items, args.copies)?;
    if let Some(invoice) = &args.purchase {
        items.extend(pick::from_purchase(&store, invoice)?);
    }
    if items.is_empty() {
        bail!("name the items (`KUR-M-RED:3`) or a purchase (--purchase INVOICE)");
    }
    let labels = pick::labels(&store, &items)?;
    let wrote = match &args.pdf {
        Some(path) => {
            let bytes = crate::print::labels::pdf(&labels);
            std::fs::write(path, bytes)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
            path.display().to_string()
        }
        None => {
            let till = crate::tui::till_setup(config, db);
            let bytes = crate::print::labels::escpos(&labels, till.paper.columns(), &till.escpos);
            crate::print::print(&bytes, &till.printer)
                .map_err(|e| anyhow::anyhow!("the labels did not print: {e}"))?;
            "the printer".to_string()
        }
    };
    if args.json {
        return print_json(&serde_json::json!({ "labels": labels.len(), "to": wrote }));
    }
    println!(
        "{} to {}",
        crate::text::count(labels.len(), "label", "labels"),
        printable(&wrote)
    );
    Ok(())
}
