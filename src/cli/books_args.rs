//! The arguments of `galla parties`, `party`, `khata`, `cashbook` and
//! `remind`, as clap reads them; what they do is in `books_cmds`.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

/// `galla parties`.
#[derive(Args, Debug)]
pub struct PartiesArgs {
    /// Only customers or only suppliers.
    #[arg(long, value_parser = ["customer", "supplier"])]
    pub kind: Option<String>,
    /// Age the dues as of this day, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// One JSON object per party, a line each.
    #[arg(long)]
    pub json: bool,
}

/// The details of a party, for `party add` and `party edit`.
#[derive(Args, Debug, Default)]
pub struct PartyFields {
    /// Name (for edit: the new name).
    #[arg(long)]
    pub name: Option<String>,
    /// Phone, any Indian format (+91 98290-12345).
    #[arg(long)]
    pub phone: Option<String>,
    /// Address.
    #[arg(long)]
    pub address: Option<String>,
    /// Two-digit GST state code (from the GSTIN when not given).
    #[arg(long)]
    pub state: Option<String>,
    /// GSTIN (its check character is checked).
    #[arg(long)]
    pub gstin: Option<String>,
    /// Credit limit in rupees.
    #[arg(long)]
    pub credit_limit: Option<String>,
    /// Days after a bill on khata that it falls due (default: the shop's).
    #[arg(long)]
    pub terms: Option<String>,
    /// Notes.
    #[arg(long)]
    pub notes: Option<String>,
    /// Agreed to WhatsApp reminders: yes or no.
    #[arg(long, value_parser = ["yes", "no"])]
    pub whatsapp: Option<String>,
}

/// `galla party ...`.
#[derive(Subcommand, Debug)]
pub enum PartyCmd {
    /// Add a customer or supplier (with an opening balance, if any).
    Add {
        /// Customer or supplier.
        #[arg(long, value_parser = ["customer", "supplier"])]
        kind: String,
        /// The details.
        #[command(flatten)]
        fields: PartyFields,
        /// Opening balance in rupees: what a customer owes the shop, or
        /// what the shop owes a supplier.
        #[arg(long)]
        opening: Option<String>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Change a party's details (what is not given stays).
    Edit {
        /// The party: name or phone.
        #[arg(long)]
        party: String,
        /// The new details.
        #[command(flatten)]
        fields: PartyFields,
    },
}

/// `galla khata`.
#[derive(Args, Debug)]
pub struct KhataArgs {
    /// Record money got or given instead of listing.
    #[command(subcommand)]
    pub cmd: Option<KhataCmd>,
    /// The party: name or phone.
    #[arg(long)]
    pub party: Option<String>,
    /// One JSON object per entry, a line each.
    #[arg(long)]
    pub json: bool,
}

/// `galla khata got|gave`.
#[derive(Subcommand, Debug)]
pub enum KhataCmd {
    /// The party paid (or gave you credit): they owe less.
    Got(EntryArgs),
    /// You gave money or goods on credit: they owe more.
    Gave(EntryArgs),
}

/// One khata entry.
#[derive(Args, Debug)]
pub struct EntryArgs {
    /// The party: name or phone.
    #[arg(long)]
    pub party: String,
    /// Amount in rupees.
    #[arg(long)]
    pub amount: String,
    /// cash, upi, card, or none (no money moved; needs a note).
    #[arg(long, default_value = "cash")]
    pub mode: String,
    /// UPI or card reference.
    #[arg(long)]
    pub reference: Option<String>,
    /// Note.
    #[arg(long)]
    pub note: Option<String>,
}

/// `galla cashbook`.
#[derive(Args, Debug)]
pub struct CashbookArgs {
    /// Record cash in or out, or close the day.
    #[command(subcommand)]
    pub cmd: Option<CashbookCmd>,
    /// The shop-local day, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Every counter's drawer and bank for the day, with the shop's total.
    #[arg(long)]
    pub all_counters: bool,
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `galla cashbook in|out|close`.
#[derive(Subcommand, Debug)]
pub enum CashbookCmd {
    /// Cash put into the drawer (capital, other income).
    In(CashArgs),
    /// Cash taken out (rent, salary, tea and snacks, transport, …).
    Out(CashArgs),
    /// Count the drawer and close the day.
    Close {
        /// The cash counted, in rupees.
        #[arg(long, conflicts_with = "notes", required_unless_present = "notes")]
        counted: Option<String>,
        /// Or the count by denomination: 500x3,200x1,10x4 (1 for coins in rupees).
        #[arg(long)]
        notes: Option<String>,
        /// Why counted and expected differ.
        #[arg(long)]
        note: Option<String>,
        /// The day to close (default: today).
        #[arg(long)]
        date: Option<NaiveDate>,
        /// Print one JSON object.
        #[arg(long)]
        json: bool,
    },
}

/// One cash entry.
#[derive(Args, Debug)]
pub struct CashArgs {
    /// Amount in rupees.
    #[arg(long)]
    pub amount: String,
    /// The head (`galla cashbook out --category x` lists them).
    #[arg(long)]
    pub category: String,
    /// Note.
    #[arg(long)]
    pub note: Option<String>,
    /// The person a salary or salary advance was paid to (an advance is
    /// taken off their pay due for the month).
    #[arg(long)]
    pub staff: Option<String>,
}

/// `galla remind`.
#[derive(Args, Debug)]
pub struct RemindArgs {
    /// The customer: name or phone.
    #[arg(long, required_unless_present = "overdue", conflicts_with = "overdue")]
    pub party: Option<String>,
    /// Every customer with an overdue amount in turn, oldest dues first.
    #[arg(long)]
    pub overdue: bool,
    /// Age the dues as of this day, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// Record that it was sent (shown as "reminded … ago").
    #[arg(long)]
    pub sent: bool,
    /// One JSON object per reminder, a line each.
    #[arg(long)]
    pub json: bool,
}

/// `galla statement`.
#[derive(Args, Debug)]
pub struct StatementArgs {
    /// The party: a name, part of one, or a phone number.
    #[arg(long)]
    pub party: String,
    /// First day, YYYY-MM-DD (default: the first entry).
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Last day, YYYY-MM-DD (default: today).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// text (for a terminal or printer), csv or pdf.
    #[arg(long, default_value = "text", value_parser = ["text", "csv", "pdf"])]
    pub format: String,
    /// Write to this file (needed for pdf; default: standard output).
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}
