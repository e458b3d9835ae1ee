//! Catalogue and people records: products, variants, locations, parties,
//! staff. These are both the v1 event payloads that create them and the rows
//! of the projections they fold into. Pure data with intrinsic validation only.

use serde::{Deserialize, Serialize};

use crate::gst::{GstRate, PriceMode};
use crate::ids::{LocationId, PartyId, ProductId, StaffId, VariantId};
use crate::money::Money;
use crate::qty::Qty;

/// How an item is counted: whole pieces, or loose goods sold by weight or volume.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Whole pieces (shirts, soap bars).
    Piece,
    /// Kilograms, sold in grams.
    Kg,
    /// Litres, sold in millilitres.
    Litre,
    /// Metres of cloth, sold in millimetres.
    Metre,
}

impl Unit {
    /// Whether a fractional quantity (1.25 kg) may be sold.
    pub fn allows_fraction(self) -> bool {
        !matches!(self, Unit::Piece)
    }

    /// The short label shown beside a quantity ("pc", "kg").
    pub fn label(self) -> &'static str {
        match self {
            Unit::Piece => "pc",
            Unit::Kg => "kg",
            Unit::Litre => "l",
            Unit::Metre => "m",
        }
    }
}

/// A product: the article; its sizes and colours are variants.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// The product's id.
    pub product_id: ProductId,
    /// The name shown and printed (any script, e.g. Devanagari).
    pub name: String,
    /// HSN code (4 to 8 digits).
    pub hsn: String,
    /// GST rate of every variant of this product.
    pub gst_rate: GstRate,
    /// Whether selling prices include GST.
    pub price_mode: PriceMode,
    /// How it is counted.
    pub unit: Unit,
    /// The shelf or group it belongs to ("Kurtas", "Sarees"), for stock
    /// counts of one category (v2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
}

/// One sellable variant: own SKU, barcode, size, colour and prices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// The variant's id.
    pub variant_id: VariantId,
    /// The product it belongs to.
    pub product_id: ProductId,
    /// Stock-keeping unit code, unique in the shop.
    pub sku: String,
    /// EAN-13 or other barcode, unique when present.
    pub barcode: Option<String>,
    /// Size label ("M", "32", "1 kg").
    pub size: Option<String>,
    /// Colour label.
    pub colour: Option<String>,
    /// Maximum retail price printed on the item.
    pub mrp: Money,
    /// Selling price (inclusive or exclusive of GST as the product says).
    pub price: Money,
    /// Purchase cost, for the below-cost warning and margins.
    pub cost: Money,
    /// Stock below this level is low.
    pub reorder_level: Qty,
}

/// A place where stock is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// The location's id.
    pub location_id: LocationId,
    /// Its name ("Shop floor", "Godown").
    pub name: String,
}

/// Customer or supplier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// Buys from the shop; may owe it money.
    Customer,
    /// Sells to the shop; the shop may owe it money.
    Supplier,
}

/// A customer or supplier with a khata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// The party's id.
    pub party_id: PartyId,
    /// Customer or supplier.
    pub kind: PartyKind,
    /// Name.
    pub name: String,
    /// Mobile number (10 digits), if known.
    pub phone: Option<String>,
    /// GSTIN of a registered buyer or supplier.
    pub gstin: Option<String>,
    /// Two-digit state code, for CGST+SGST vs IGST.
    pub state_code: Option<String>,
    /// Most credit the shop allows this customer.
    pub credit_limit: Money,
    /// Postal address (v2; empty in v1 events).
    #[serde(default)]
    pub address: Option<String>,
    /// Days after a bill on khata that it falls due (v2; `None`: the shop's
    /// default from settings).
    #[serde(default)]
    pub terms_days: Option<u16>,
    /// Free notes (v2).
    #[serde(default)]
    pub notes: Option<String>,
    /// Agreed to reminders on WhatsApp (v2).
    #[serde(default)]
    pub whatsapp: bool,
}

impl Party {
    /// A party with a name and nothing else.
    pub fn new(kind: PartyKind, name: impl Into<String>) -> Party {
        Party {
            party_id: PartyId::new(),
            kind,
            name: name.into(),
            phone: None,
            gstin: None,
            state_code: None,
            credit_limit: Money::ZERO,
            address: None,
            terms_days: None,
            notes: None,
            whatsapp: false,
        }
    }
}

/// A member of staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// The staff member's id.
    pub staff_id: StaffId,
    /// Name.
    pub name: String,
    /// Mobile number.
    pub phone: Option<String>,
    /// Role ("owner", "cashier", "helper").
    pub role: String,
    /// What they do here ("tailor", "salesman"); v2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<String>,
    /// The day they joined; v2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined: Option<chrono::NaiveDate>,
    /// Monthly salary, when paid by the month; v2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salary: Option<crate::Money>,
    /// Daily wage, when paid by the day; v2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wage: Option<crate::Money>,
    /// The shift as "10:00-20:00"; v2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<String>,
    /// Unpaid break in the shift, minutes; v2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_minutes: Option<u16>,
    /// Weekly day off ("sun"); v2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_off: Option<String>,
    /// The clock-in PIN as an argon2 hash (never the PIN); v2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_hash: Option<String>,
}

impl Staff {
    /// A person with a name and a role, the rest unset.
    pub fn new(staff_id: StaffId, name: impl Into<String>, role: impl Into<String>) -> Staff {
        Staff {
            staff_id,
            name: name.into(),
            phone: None,
            role: role.into(),
            job: None,
            joined: None,
            salary: None,
            wage: None,
            shift: None,
            break_minutes: None,
            weekly_off: None,
            pin_hash: None,
        }
    }
}

/// Why a stock count changed outside a purchase, sale or transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustReason {
    /// Physical count differed.
    Count,
    /// Damaged goods written off.
    Damage,
    /// Lost or stolen.
    Theft,
    /// Opening stock entered on day one.
    Opening,
    /// Anything else (see the note).
    Other,
    /// Lost, missing from the shelf (v2).
    Lost,
    /// Found: more on the shelf than the books said (v2).
    Found,
    /// Given away as a sample (v2).
    Sample,
    /// A mistake in an earlier entry put right (v2).
    Correction,
}

impl AdjustReason {
    /// Label for screens.
    pub fn label(self) -> &'static str {
        match self {
            AdjustReason::Count => "count",
            AdjustReason::Damage => "damage",
            AdjustReason::Theft => "theft",
            AdjustReason::Opening => "opening",
            AdjustReason::Other => "other",
            AdjustReason::Lost => "lost",
            AdjustReason::Found => "found",
            AdjustReason::Sample => "sample",
            AdjustReason::Correction => "correction",
        }
    }

    /// The reasons a person may choose for a correction, in the order
    /// forms offer them (count and opening come from their own screens;
    /// theft is read from older events, and new ones say lost).
    pub const CHOICES: [AdjustReason; 6] = [
        AdjustReason::Damage,
        AdjustReason::Lost,
        AdjustReason::Found,
        AdjustReason::Sample,
        AdjustReason::Correction,
        AdjustReason::Other,
    ];

    /// Reads a reason as typed ("damaged", "lost", "found", "sample",
    /// "correction", "count", "opening", "other"); `None` when unknown.
    pub fn parse(text: &str) -> Option<AdjustReason> {
        Some(match text.trim().to_lowercase().as_str() {
            "count" => AdjustReason::Count,
            "damage" | "damaged" => AdjustReason::Damage,
            "theft" | "stolen" => AdjustReason::Theft,
            "lost" | "missing" => AdjustReason::Lost,
            "found" => AdjustReason::Found,
            "sample" => AdjustReason::Sample,
            "correction" | "correct" => AdjustReason::Correction,
            "opening" => AdjustReason::Opening,
            "other" => AdjustReason::Other,
            _ => return None,
        })
    }

    /// Whether this reason needs a note saying why.
    pub fn needs_note(self) -> bool {
        matches!(self, AdjustReason::Other | AdjustReason::Correction)
    }
}
