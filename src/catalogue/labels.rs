//! Which labels to print: items named by SKU or barcode with how many of
//! each (`KUR-M-RED:3`), or the lines of a purchase (one label a unit
//! received), turned into [`Label`]s. An item without an EAN-13 barcode is
//! refused by name, with how to give it one. Printing (a PDF sheet or the
//! thermal printer) is `print::labels`.

use anyhow::{Result, anyhow, bail};
use galla_domain::{VariantId, ean};

use crate::print::labels::Label;
use crate::store::Store;

/// The most labels one request makes.
pub const MAX_LABELS: u32 = 5_000;

/// Reads `SKU` or `SKU:3` items (a barcode in place of a SKU);
/// `copies` labels of each unless the item says how many.
pub fn items(store: &Store, specs: &[String], copies: u32) -> Result<Vec<(VariantId, u32)>> {
    let mut out = Vec::new();
    for spec in specs {
        let (code, n) = match spec.rsplit_once(':') {
            Some((code, n)) if !code.is_empty() && n.parse::<u32>().is_ok() => {
                (code, n.parse::<u32>().unwrap_or(1))
            }
            _ => (spec.as_str(), copies),
        };
        let id = store
            .exact_item(code.trim())?
            .ok_or_else(|| anyhow!("no item has the SKU or barcode {code:?}"))?;
        out.push((id, n));
    }
    Ok(out)
}

/// One label a unit of every line of the purchase with invoice `invoice`
/// (a line of loose goods: one label).
pub fn from_purchase(store: &Store, invoice: &str) -> Result<Vec<(VariantId, u32)>> {
    let mut found = store.purchase_lines(invoice.trim())?;
    let lines = match found.len() {
        0 => bail!("no purchase has the invoice number {invoice:?}"),
        1 => found.remove(0),
        n => bail!("{n} purchases have the invoice number {invoice:?}: name the items instead"),
    };
    Ok(lines
        .into_iter()
        .map(|l| {
            let n = if l.qty.is_whole() {
                u32::try_from(l.qty.milli() / 1000).unwrap_or(MAX_LABELS)
            } else {
                1
            };
            (l.variant_id, n)
        })
        .collect())
}

/// The labels for `items`, each repeated as asked.
pub fn labels(store: &Store, items: &[(VariantId, u32)]) -> Result<Vec<Label>> {
    let total: u64 = items.iter().map(|(_, n)| u64::from(*n)).sum();
    if total == 0 {
        bail!("no labels asked for: give at least one item and a number above zero");
    }
    if total > u64::from(MAX_LABELS) {
        bail!("{total} labels is more than one go prints ({MAX_LABELS})");
    }
    let mut out = Vec::new();
    for (id, n) in items {
        let (product, v) = store
            .sale_item(*id)?
            .ok_or_else(|| anyhow!("an item asked for is not in the catalogue"))?;
        let Some(code) = v.barcode.clone().filter(|c| ean::is_valid_ean13(c)) else {
            bail!(
                "{} has no EAN-13 barcode to print — give it one: `galla product edit --item {} --barcode new`",
                v.sku,
                v.sku
            );
        };
        let detail: Vec<&str> = [v.size.as_deref(), v.colour.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        let label = Label {
            name: product.name.clone(),
            detail: detail.join(" / "),
            sku: v.sku.clone(),
            barcode: code,
            price: v.price,
            mrp: v.mrp,
        };
        out.extend(std::iter::repeat_n(label, *n as usize));
    }
    Ok(out)
}
