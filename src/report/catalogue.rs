//! The catalogue as the reports name and value it: the store's shared
//! catalogue and its groups — each item's category, product and HSN code
//! as a place in a list, worked out once per catalogue (`Groups::of`, the
//! one place that decides categories: a product's own category when it
//! has one, else its HSN heading named after the first product in it).

use galla_domain::{ProductId, Unit, VariantId};
use std::collections::HashMap;
use std::sync::Arc;

use crate::store::{CatalogueItem, ReportCatalogue, Store};

/// The catalogue as the reports name and value it.
pub struct Catalogue {
    /// Every variant.
    pub items: crate::store::SharedCatalogue,
    /// How its items group, worked out once per catalogue.
    pub groups: Arc<Groups>,
}

/// How the catalogue's items group — by category, product and HSN code —
/// each item's group a place in a list, so a report adds up into arrays.
/// Indexed by an item's place in the catalogue.
pub struct Groups {
    /// Each item's category, a place in `categories`.
    pub category: Vec<u32>,
    /// Each category's label.
    pub categories: Vec<Arc<str>>,
    /// Each category's place among the labels in order (sorting by it
    /// sorts by label).
    pub category_rank: Vec<u32>,
    /// Each item's product, a place in `products`.
    pub product: Vec<u32>,
    /// Each product: its id and the place of its first item (the lowest
    /// variant id), whose name and category it is shown with.
    pub products: Vec<(ProductId, u32)>,
    /// Each item's HSN code and unit, a place in `hsns`.
    pub hsn: Vec<u32>,
    /// Each HSN code and unit, with what it is: the first product name
    /// with that code.
    pub hsns: Vec<(String, Unit, String)>,
}

impl Groups {
    fn of(items: &ReportCatalogue) -> Groups {
        // Each heading's first name (categories named by HSN heading), and
        // each HSN code's (what the HSN summary says it is).
        let mut first: HashMap<&str, &str> = HashMap::new();
        let mut described: HashMap<&str, &str> = HashMap::new();
        for item in items.values() {
            if item.category.is_none() {
                keep_lowest(&mut first, heading(&item.hsn), &item.name);
            }
            keep_lowest(&mut described, &item.hsn, &item.name);
        }
        let mut g = Groups {
            category: Vec::with_capacity(items.len()),
            categories: Vec::new(),
            category_rank: Vec::new(),
            product: Vec::with_capacity(items.len()),
            products: Vec::new(),
            hsn: Vec::with_capacity(items.len()),
            hsns: Vec::new(),
        };
        // A category is found by its own name or its heading (labelled on
        // first sight; two that read the same are one).
        let mut keyed: HashMap<(bool, &str), u32> = HashMap::new();
        let mut labels: HashMap<String, u32> = HashMap::new();
        let mut products: HashMap<ProductId, u32> = HashMap::new();
        let mut hsns: HashMap<(&str, Unit), u32> = HashMap::new();
        for (at, item) in items.items().iter().enumerate() {
            let key = match &item.category {
                Some(category) => (true, &**category),
                None => (false, heading(&item.hsn)),
            };
            let c = *keyed.entry(key).or_insert_with(|| {
                let label = match key {
                    (true, own) => own.to_string(),
                    (false, h) => format!("{h} {}", first.get(h).copied().unwrap_or_default()),
                };
                let next = g.categories.len() as u32;
                *labels.entry(label).or_insert_with_key(|l| {
                    g.categories.push(Arc::from(l.as_str()));
                    next
                })
            });
            g.category.push(c);
            let next = g.products.len() as u32;
            let p = *products.entry(item.product_id).or_insert_with(|| {
                g.products.push((item.product_id, at as u32));
                next
            });
            let lowest = &mut g.products[p as usize].1;
            if item.variant_id < items.items()[*lowest as usize].variant_id {
                *lowest = at as u32;
            }
            g.product.push(p);
            let next = g.hsns.len() as u32;
            let h = *hsns.entry((&item.hsn, item.unit)).or_insert_with(|| {
                let name = described.get(&*item.hsn).copied().unwrap_or_default();
                g.hsns
                    .push((item.hsn.to_string(), item.unit, name.to_string()));
                next
            });
            g.hsn.push(h);
        }
        let mut order: Vec<usize> = (0..g.categories.len()).collect();
        order.sort_by(|a, b| g.categories[*a].cmp(&g.categories[*b]));
        g.category_rank = vec![0; order.len()];
        for (rank, c) in order.into_iter().enumerate() {
            g.category_rank[c] = rank as u32;
        }
        g
    }
}

/// Keeps the lowest `name` seen for `key`.
fn keep_lowest<'a>(map: &mut HashMap<&'a str, &'a str>, key: &'a str, name: &'a str) {
    map.entry(key)
        .and_modify(|l| *l = name.min(*l))
        .or_insert(name);
}

/// The label of a variant not in the catalogue yet.
pub const UNKNOWN_CATEGORY: &str = "? (not in the catalogue yet)";

impl Catalogue {
    /// Reads it (the catalogue and its groups are kept until it changes).
    pub fn load(store: &Store) -> anyhow::Result<Catalogue> {
        let items = store.report_catalogue()?;
        let groups = items.memo(Groups::of);
        Ok(Catalogue { items, groups })
    }

    /// The category of a variant: the product's own category when it has
    /// one ("Kurtas"), else its HSN heading named after the first product
    /// in it ("6211 Cotton Kurta").
    pub fn category_of(&self, variant: VariantId) -> &str {
        match self.items.place(&variant) {
            Some(at) => self.category_at(at),
            None => UNKNOWN_CATEGORY,
        }
    }

    /// The category of the item at `at`.
    pub fn category_at(&self, at: usize) -> &str {
        &self.groups.categories[self.groups.category[at] as usize]
    }

    /// The category of the item at `at`, shared.
    pub fn category_shared(&self, at: usize) -> Arc<str> {
        self.groups.categories[self.groups.category[at] as usize].clone()
    }

    /// Where the item at `at` goes when items are sorted by category,
    /// then by `then`, then by SKU: the order of `places` after.
    pub fn sort_by_category<K: Ord>(&self, places: &mut [(usize, K)]) {
        let g = &self.groups;
        let items = self.items.items();
        places.sort_unstable_by(|(a, ka), (b, kb)| {
            let rank = |at: usize| g.category_rank[g.category[at] as usize];
            rank(*a)
                .cmp(&rank(*b))
                .then_with(|| ka.cmp(kb))
                .then_with(|| items[*a].sku.cmp(&items[*b].sku))
                .then_with(|| a.cmp(b))
        });
    }

    /// A variant's name with size and colour, or its id when unknown.
    pub fn name_of(&self, variant: VariantId) -> String {
        match self.items.get(&variant) {
            Some(i) => full_name(i),
            None => format!("item {variant}"),
        }
    }
}

/// An item's name with size and colour.
pub fn full_name(i: &CatalogueItem) -> String {
    let more = [&i.size, &i.colour]
        .into_iter()
        .flatten()
        .map(|p| p.len() + 1)
        .sum::<usize>();
    let mut s = String::with_capacity(i.name.len() + more);
    s.push_str(&i.name);
    for part in [&i.size, &i.colour].into_iter().flatten() {
        s.push(' ');
        s.push_str(part);
    }
    s
}

/// The HSN heading: the first four digits (characters).
fn heading(hsn: &str) -> &str {
    match hsn.char_indices().nth(4) {
        Some((at, _)) => &hsn[..at],
        None => hsn,
    }
}
