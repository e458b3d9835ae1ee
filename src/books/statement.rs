//! A party's statement for a date range: the balance brought forward, every
//! khata line in the range with its running balance, and the closing
//! balance — as text lines for the thermal printer or a terminal, as CSV,
//! and as a one-or-more-page A4 PDF. Pure: the caller gives the lines.
//!
//! The PDF is written by hand (a few hundred bytes of structure around
//! plain text in the standard Helvetica font), so no font file ships with
//! galla. Helvetica covers Latin-1 only: `₹` is written `Rs.` and a name in
//! Devanagari is given with its phone number and a note (the CSV and the
//! printed slip keep the name as written).

use chrono::NaiveDate;
use chrono_tz::Tz;
use galla_domain::{Money, Party};

use crate::print::pdf::{latin1, rs};
use crate::store::KhataLine;

/// A statement ready to print or write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// The shop's name.
    pub shop: String,
    /// The party.
    pub party: Party,
    /// First day (inclusive), if limited.
    pub from: Option<NaiveDate>,
    /// Last day (inclusive), if limited.
    pub to: Option<NaiveDate>,
    /// The balance before `from`.
    pub opening: Money,
    /// The lines in the range, oldest first.
    pub lines: Vec<KhataLine>,
    /// The balance at the end of the range.
    pub closing: Money,
    /// Time zone the days are read in.
    pub tz: Tz,
}

impl Statement {
    /// The statement of `all` (a party's whole khata, oldest first) between
    /// `from` and `to`.
    pub fn new(
        shop: &str,
        party: Party,
        all: Vec<KhataLine>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        tz: Tz,
    ) -> Statement {
        let day = |l: &KhataLine| l.at.with_timezone(&tz).date_naive();
        let before = |l: &KhataLine| from.is_some_and(|f| day(l) < f);
        let after = |l: &KhataLine| to.is_some_and(|t| day(l) > t);
        let opening = all
            .iter()
            .filter(|l| before(l))
            .map(|l| l.amount)
            .sum::<Money>();
        let lines: Vec<KhataLine> = all
            .into_iter()
            .filter(|l| !before(l) && !after(l))
            .collect();
        let closing = opening + lines.iter().map(|l| l.amount).sum::<Money>();
        Statement {
            shop: shop.to_string(),
            party,
            from,
            to,
            opening,
            lines,
            closing,
            tz,
        }
    }

    fn period(&self) -> String {
        let d = |x: Option<NaiveDate>, none: &str| {
            x.map_or(none.to_string(), |d| d.format("%d %b %Y").to_string())
        };
        format!(
            "{} to {}",
            d(self.from, "the first entry"),
            d(self.to, "today")
        )
    }

    fn when(&self, l: &KhataLine) -> String {
        l.at.with_timezone(&self.tz).format("%d-%m-%Y").to_string()
    }

    /// Who owes whom at the end, in words.
    pub fn closing_words(&self) -> String {
        match self.closing {
            m if m > Money::ZERO => format!("{} owes {m}", self.party.name),
            m if m < Money::ZERO => format!("the shop owes {} {}", self.party.name, -m),
            _ => "settled: nothing is owed".to_string(),
        }
    }

    /// Text lines `width` characters wide (a thermal slip or a terminal).
    pub fn text(&self, width: usize) -> Vec<String> {
        use crate::print::doc::row;
        let mut out = vec![
            format!("STATEMENT — {}", self.party.name),
            self.party.phone.clone().unwrap_or_default(),
            self.period(),
            "-".repeat(width),
        ];
        out.extend(row("Brought forward", &self.opening.to_string(), width));
        for l in &self.lines {
            let what = format!("{} {}", self.when(l), super::khata::describe(l));
            out.extend(row(&what, &l.amount.to_string(), width));
            out.extend(row("", &format!("= {}", l.balance), width));
        }
        out.push("-".repeat(width));
        out.extend(row("Closing balance", &self.closing.to_string(), width));
        out.push(self.closing_words());
        out
    }

    /// CSV: one row per line with date, what, bill, mode, reference, note,
    /// amount and balance in rupees; the opening and closing as rows too.
    pub fn csv(&self) -> String {
        let q = |s: &str| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut out = String::from("date,what,bill,mode,reference,note,amount,balance\n");
        let from = self.from.map(|d| d.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "{from},brought forward,,,,,,{}\n",
            self.opening.format_plain().replace(',', "")
        ));
        for l in &self.lines {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{}\n",
                l.at.with_timezone(&self.tz).format("%Y-%m-%d"),
                q(l.why.as_str()),
                q(l.bill_no.as_deref().unwrap_or("")),
                l.mode
                    .map(|m| crate::store::enum_name(&m))
                    .unwrap_or_default(),
                q(l.reference.as_deref().unwrap_or("")),
                q(l.note.as_deref().unwrap_or("")),
                l.amount.format_plain().replace(',', ""),
                l.balance.format_plain().replace(',', ""),
            ));
        }
        let to = self.to.map(|d| d.to_string()).unwrap_or_default();
        out.push_str(&format!(
            "{to},closing balance,,,,,,{}\n",
            self.closing.format_plain().replace(',', "")
        ));
        out
    }

    /// An A4 PDF: shop header, party, period, the lines, the closing balance.
    pub fn pdf(&self) -> Vec<u8> {
        let mut rows: Vec<(f32, String)> = vec![
            (16.0, latin1(&self.shop)),
            (12.0, format!("Statement of account: {}", self.party_line())),
            (10.0, latin1(&self.period())),
            (10.0, String::new()),
            (
                10.0,
                format!(
                    "{:<12} {:<40} {:>14} {:>14}",
                    "Date", "Entry", "Amount", "Balance"
                ),
            ),
            (
                10.0,
                format!(
                    "{:<12} {:<40} {:>14} {:>14}",
                    "",
                    "Brought forward",
                    "",
                    rs(self.opening)
                ),
            ),
        ];
        for l in &self.lines {
            let what: String = latin1(&super::khata::describe(l))
                .chars()
                .take(40)
                .collect();
            rows.push((
                10.0,
                format!(
                    "{:<12} {:<40} {:>14} {:>14}",
                    self.when(l),
                    what,
                    rs(l.amount),
                    rs(l.balance)
                ),
            ));
        }
        rows.push((10.0, String::new()));
        rows.push((12.0, format!("Closing balance: {}", rs(self.closing))));
        rows.push((10.0, latin1(&self.closing_words())));
        crate::print::pdf::document(&rows)
    }

    fn party_line(&self) -> String {
        let name = latin1(&self.party.name);
        let phone = self.party.phone.clone().unwrap_or_default();
        if name.contains('?') {
            format!("{phone} (name in Devanagari: see the CSV or the printed slip)")
        } else if phone.is_empty() {
            name
        } else {
            format!("{name}, {phone}")
        }
    }
}
