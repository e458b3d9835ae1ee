//! The business payload of each event type. A shipped field never changes
//! its meaning. A new version may only add fields that have a default
//! (`#[serde(default)]`, marked "v2"): reading an older version fills the
//! default, which is the upcast; anything else is a new `...V2` struct that
//! `event::EventPayload::decode` upcasts by hand. `EventKind::current_version`
//! says which version each kind is written at.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::catalogue::AdjustReason;
use crate::gst::{Document, GstRate, PriceMode, Regime, Supply};
use crate::ids::{BillId, LocationId, PartyId, StaffId, VariantId};
use crate::money::Money;
use crate::qty::Qty;

fn is_nothing(m: &Money) -> bool {
    m.is_zero()
}

/// A price change of one variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceChanged {
    /// The variant.
    pub variant_id: VariantId,
    /// New selling price.
    pub price: Money,
    /// New MRP.
    pub mrp: Money,
}

/// One line of a purchase, transfer or return: a variant and a quantity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QtyLine {
    /// The variant.
    pub variant_id: VariantId,
    /// How many (always positive; the event type says which way it moves).
    pub qty: Qty,
}

/// One line of a purchase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseLine {
    /// The variant.
    pub variant_id: VariantId,
    /// How many received (positive).
    pub qty: Qty,
    /// Cost per unit.
    pub cost: Money,
}

/// Goods received from a supplier into a location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Purchase {
    /// Where the goods went.
    pub location_id: LocationId,
    /// Who supplied them, when known.
    pub supplier_id: Option<PartyId>,
    /// The supplier's invoice number.
    pub invoice_no: Option<String>,
    /// What was received.
    pub lines: Vec<PurchaseLine>,
    /// Amount owed to the supplier for this purchase (0 when paid in cash).
    pub on_credit: Money,
    /// Amount paid in cash from the drawer.
    pub paid_cash: Money,
}

/// One line of a bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLine {
    /// The variant sold.
    pub variant_id: VariantId,
    /// Quantity sold (positive).
    pub qty: Qty,
    /// Rate per unit as charged.
    pub rate: Money,
    /// Discount on the line (amount).
    pub discount: Money,
    /// GST rate of the line.
    pub gst_rate: GstRate,
    /// Whether `rate` includes GST.
    pub price_mode: PriceMode,
    /// Taxable value.
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
}

/// How a bill was paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayMode {
    /// Cash into the drawer.
    Cash,
    /// UPI to the shop's VPA.
    Upi,
    /// Card on a terminal.
    Card,
    /// On the customer's khata (credit).
    Khata,
}

/// One payment of a (possibly split) bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// The mode.
    pub mode: PayMode,
    /// Amount applied to the bill (not the cash tendered).
    pub amount: Money,
    /// Card or UPI reference.
    pub reference: Option<String>,
}

/// A bill: a counter sale.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    /// The bill's id.
    pub bill_id: BillId,
    /// Its number in this counter's gapless series.
    pub bill_no: String,
    /// Where the stock left from.
    pub location_id: LocationId,
    /// The customer, if attached.
    pub customer_id: Option<PartyId>,
    /// Intra-state (CGST+SGST) or inter-state (IGST).
    pub supply: Supply,
    /// The lines.
    pub lines: Vec<SaleLine>,
    /// Bill-level discount, already spread into the lines' taxable values.
    pub bill_discount: Money,
    /// Round-off to the rupee.
    pub round_off: Money,
    /// Grand total payable.
    pub total: Money,
    /// Payments; they sum to `total`.
    pub payments: Vec<Payment>,
    /// v2: the document the bill is. A v1 bill is read as what galla then
    /// printed (see [`Sale::v1_document`]).
    #[serde(default)]
    pub document: Document,
    /// v2: the state the supply is made in (two digits): the shop's, or the
    /// state goods were delivered to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_supply: Option<String>,
    /// v2: the shop as the bill was made under, so a reprint is headed the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<ShopHeader>,
    /// v2: the buyer as the bill names them (a registered buyer's GSTIN; an
    /// unregistered buyer's details on a bill of ₹50,000 or more).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Recipient>,
}

impl Sale {
    /// The document a v1 bill (written before bills said) was printed as:
    /// a bill of supply when its taxed-rate lines carry no tax (composition),
    /// else a tax invoice.
    pub fn v1_document(&self) -> Document {
        let taxed: Vec<&SaleLine> = self
            .lines
            .iter()
            .filter(|l| l.gst_rate.basis_points() > 0 && l.taxable.paise() > 0)
            .collect();
        let untaxed = taxed.iter().all(|l| (l.cgst + l.sgst + l.igst).is_zero());
        if !taxed.is_empty() && untaxed {
            Document::BillOfSupply
        } else {
            Document::TaxInvoice
        }
    }

    /// The GSTIN of a registered buyer, when the bill names one (B2B).
    pub fn buyer_gstin(&self) -> Option<&str> {
        self.recipient.as_ref().and_then(|r| r.gstin.as_deref())
    }
}

/// The shop as a bill or credit note was made under (v2 of SALE and
/// SALE_RETURN): what its reprint is headed with, whatever the settings say
/// later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopHeader {
    /// Name.
    pub name: String,
    /// Address lines.
    #[serde(default)]
    pub address: Vec<String>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// GSTIN.
    #[serde(default)]
    pub gstin: Option<String>,
    /// Two-digit state code.
    #[serde(default)]
    pub state_code: Option<String>,
    /// GST registration.
    pub registration: Regime,
}

/// The buyer as a bill names them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    /// Name.
    pub name: String,
    /// Address (lines joined by ", ").
    #[serde(default)]
    pub address: Option<String>,
    /// Two-digit state code.
    #[serde(default)]
    pub state_code: Option<String>,
    /// GSTIN of a registered buyer.
    #[serde(default)]
    pub gstin: Option<String>,
}

/// Taxable value and tax at one rate, as a credit note carries it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateTax {
    /// The rate.
    pub gst_rate: GstRate,
    /// Taxable value.
    pub taxable: Money,
    /// Central tax.
    pub cgst: Money,
    /// State tax.
    pub sgst: Money,
    /// Integrated tax.
    pub igst: Money,
}

impl RateTax {
    /// All tax at this rate.
    pub fn tax(&self) -> Money {
        self.cgst + self.sgst + self.igst
    }
}

/// Goods returned against a bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleReturn {
    /// The bill returned against.
    pub bill_id: BillId,
    /// Where the goods go back to.
    pub location_id: LocationId,
    /// The customer, if any.
    pub customer_id: Option<PartyId>,
    /// What came back.
    pub lines: Vec<QtyLine>,
    /// Amount refunded.
    pub refund: Money,
    /// Cash out of the drawer, or credit to the khata.
    pub refund_mode: PayMode,
    /// v2: the credit note's number, in this counter's own gapless series
    /// (empty on a v1 return, which had none).
    #[serde(default)]
    pub note_no: String,
    /// v2: the original bill's number.
    #[serde(default)]
    pub bill_no: String,
    /// v2: when the original bill was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_at: Option<DateTime<Utc>>,
    /// v2: taxable value and tax credited, by rate (lowest first).
    #[serde(default)]
    pub taxes: Vec<RateTax>,
    /// v2: the shop as the credit note was made under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<ShopHeader>,
}

/// A saved bill cancelled. Carries what it reverses, so folding needs no lookup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillCancelled {
    /// The bill.
    pub bill_id: BillId,
    /// Why.
    pub reason: String,
    /// Where its stock goes back to.
    pub location_id: LocationId,
    /// The lines to put back.
    pub lines: Vec<QtyLine>,
    /// The customer whose khata is reversed.
    pub customer_id: Option<PartyId>,
    /// The amount that had gone on the khata.
    pub khata_reversed: Money,
    /// The cash that goes back out of the drawer.
    pub cash_reversed: Money,
    /// v2: the UPI paid that goes back out of the bank.
    #[serde(default, skip_serializing_if = "is_nothing")]
    pub upi_reversed: Money,
    /// v2: the card payment that goes back out of the bank.
    #[serde(default, skip_serializing_if = "is_nothing")]
    pub card_reversed: Money,
}

/// Stock moved between two locations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transfer {
    /// From.
    pub from: LocationId,
    /// To.
    pub to: LocationId,
    /// What moved.
    pub lines: Vec<QtyLine>,
    /// Note.
    pub note: Option<String>,
}

/// A stock correction with a reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// Where.
    pub location_id: LocationId,
    /// Which variant.
    pub variant_id: VariantId,
    /// Change in quantity (negative for a loss).
    pub qty_delta: Qty,
    /// Why.
    pub reason: AdjustReason,
    /// Free text.
    pub note: Option<String>,
}

/// Khata credit given (customer owes more) or payment received (owes less).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KhataEntry {
    /// Whose khata.
    pub party_id: PartyId,
    /// Amount (positive).
    pub amount: Money,
    /// How the money moved: cash, UPI or card; `Khata` when no money moved
    /// (a manual entry: goods given on credit without a bill, a correction).
    pub mode: PayMode,
    /// Note.
    pub note: Option<String>,
    /// The UPI or card reference of a payment (v2).
    #[serde(default)]
    pub reference: Option<String>,
    /// The party's opening balance when the khata moved to galla (v2).
    #[serde(default)]
    pub opening: bool,
}

/// A counter's cash drawer counted and the day closed. The difference
/// between what was counted and what the book expected moves the drawer, so
/// the next day opens with what was counted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayClosed {
    /// The shop-local day closed.
    pub date: NaiveDate,
    /// What the cash book said the drawer held.
    pub expected: Money,
    /// What was counted.
    pub counted: Money,
    /// The count by denomination: (face value, how many).
    pub denominations: Vec<(Money, u32)>,
    /// Why counted and expected differ, if they do.
    pub note: Option<String>,
}

/// A payment reminder was sent to a party.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSent {
    /// To whom.
    pub party_id: PartyId,
    /// The amount asked for.
    pub amount: Money,
    /// How ("whatsapp", "copied", "qr").
    pub channel: String,
}

/// Money into or out of the cash drawer outside a bill.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashEntry {
    /// Amount (positive).
    pub amount: Money,
    /// Account head ("rent", "tea", "opening balance").
    pub head: String,
    /// Note.
    pub note: Option<String>,
    /// v2: the person a salary advance was paid to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_id: Option<StaffId>,
}

/// A staff member's status changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffStatus {
    /// Who.
    pub staff_id: StaffId,
    /// Still working here.
    pub active: bool,
    /// v2: away for a while but still on the staff (shown as on leave, not
    /// absent).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_leave: bool,
    /// v2: why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What an attendance mark says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceMark {
    /// Arrived.
    CheckIn,
    /// Left.
    CheckOut,
    /// Absent.
    Absent,
    /// Half day.
    HalfDay,
    /// On leave (paid).
    Leave,
    /// Shop holiday.
    Holiday,
    /// Present all day, by the owner's word (v2).
    Present,
    /// On leave that is not paid (v2).
    UnpaidLeave,
    /// The person's weekly day off (v2).
    WeekOff,
}

/// One attendance mark for one staff member on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendance {
    /// Who.
    pub staff_id: StaffId,
    /// The shop-local date it counts for.
    pub date: NaiveDate,
    /// The mark.
    pub mark: AttendanceMark,
    /// v3: the owner's note ("came late: bus strike").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A shop setting changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingChanged {
    /// The setting's key.
    pub key: String,
    /// Its new value.
    pub value: serde_json::Value,
}

/// A user's role or PIN changed (PINs arrive with the users issue).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserChanged {
    /// The staff member who is the user.
    pub staff_id: StaffId,
    /// Role name.
    pub role: String,
    /// Hash of the PIN, if one is set.
    pub pin_hash: Option<String>,
}

/// A role's permissions changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChanged {
    /// Role name.
    pub role: String,
    /// Permission names granted.
    pub permissions: Vec<String>,
}
