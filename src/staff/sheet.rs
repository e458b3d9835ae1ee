//! The month sheet: every person's grid of days (one letter a day), their
//! days by status, hours, overtime and pay due — as text lines for the
//! thermal printer or a terminal, as CSV (one row per person, one column
//! per day) and as an A4 PDF. Pure: the caller gives the months.

use galla_domain::Money;
use galla_domain::attendance::Month;

use crate::print::doc::row;
use crate::print::pdf::{self, latin1, rs};

/// One person's month on the sheet.
#[derive(Clone, Debug)]
pub struct Person {
    /// As written (Devanagari fine).
    pub name: String,
    /// Their phone, for the PDF when the name is not Latin.
    pub phone: Option<String>,
    /// What the domain worked out.
    pub month: Month,
}

/// A month sheet ready to print or write.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// The shop's name.
    pub shop: String,
    /// The year.
    pub year: i32,
    /// The month, 1–12.
    pub month: u32,
    /// Everyone on it, in list order.
    pub people: Vec<Person>,
}

/// A person's grid: one character a day, `·` where nothing counts yet.
pub fn grid(m: &Month) -> String {
    m.days
        .iter()
        .map(|d| d.status.map_or('·', |s| s.grid()))
        .collect()
}

fn hours(minutes: i64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

impl Sheet {
    fn title(&self) -> String {
        let first = chrono::NaiveDate::from_ymd_opt(self.year, self.month, 1);
        format!(
            "ATTENDANCE — {}",
            first.map_or_else(
                || format!("{}-{:02}", self.year, self.month),
                |d| d.format("%B %Y").to_string()
            )
        )
    }

    /// The total pay due for the month.
    pub fn total_due(&self) -> Money {
        self.people.iter().map(|p| p.month.pay_due).sum()
    }

    /// Text lines `width` characters wide (32 on 58 mm paper, 48 on 80 mm).
    pub fn text(&self, width: usize) -> Vec<String> {
        let mut out = vec![self.title(), "-".repeat(width)];
        for p in &self.people {
            let m = &p.month;
            out.push(p.name.clone());
            // 31 days fit 32 columns; narrower paper wraps the grid.
            let g: Vec<char> = grid(m).chars().collect();
            for chunk in g.chunks(width.max(1)) {
                out.push(chunk.iter().collect());
            }
            out.push(format!(
                "P {} H {} L {} A {} · {} h · OT {} h",
                m.present,
                m.half_days,
                m.leaves,
                m.absent,
                hours(m.worked),
                hours(m.overtime)
            ));
            if m.advances > Money::ZERO {
                out.extend(row("Advances", &format!("-{}", m.advances), width));
            }
            out.extend(row("Pay due", &m.pay_due.to_string(), width));
            out.push("-".repeat(width));
        }
        out.extend(row("Total pay due", &self.total_due().to_string(), width));
        out.push("P present H half day L leave A absent".into());
        out.push("W week off O holiday".into());
        out
    }

    /// Prints the sheet on the till's printer: the shop's name, then the
    /// text lines at the paper's width.
    pub fn print(&self, till: &crate::app::till::TillSetup) -> anyhow::Result<()> {
        let width = till.paper.columns();
        let mut doc = crate::print::Doc::new(width);
        doc.push(&self.shop, crate::print::Align::Center, true);
        for line in self.text(width) {
            doc.push(&line, crate::print::Align::Left, false);
        }
        let bytes = crate::print::encode(&doc, &till.escpos);
        crate::print::print(&bytes, &till.printer)
            .map_err(|e| anyhow::anyhow!("the month sheet did not print: {e}"))
    }

    /// CSV: one row per person — name, each day's letter, days by status,
    /// hours and overtime in minutes, pay in rupees.
    pub fn csv(&self) -> String {
        let q = |s: &str| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let plain = |m: Money| m.format_plain().replace(',', "");
        let days = self.people.first().map_or(0, |p| p.month.days.len());
        let mut out = String::from("name");
        for d in 1..=days {
            out.push_str(&format!(",{d}"));
        }
        out.push_str(
            ",present,half_days,leaves,absent,offs,worked_minutes,overtime_minutes,\
             base_pay,overtime_pay,advances,pay_due\n",
        );
        for p in &self.people {
            let m = &p.month;
            out.push_str(&q(&p.name));
            for d in &m.days {
                out.push(',');
                out.push_str(d.status.map_or("", |s| s.letter()));
            }
            out.push_str(&format!(
                ",{},{},{},{},{},{},{},{},{},{},{}\n",
                m.present,
                m.half_days,
                m.leaves,
                m.absent,
                m.offs,
                m.worked,
                m.overtime,
                plain(m.base_pay),
                plain(m.overtime_pay),
                plain(m.advances),
                plain(m.pay_due)
            ));
        }
        out
    }

    /// An A4 PDF: the shop, the month, a row per person, the total.
    pub fn pdf(&self) -> Vec<u8> {
        let head = format!(
            "{:<18} {:<31} {:>3} {:>3} {:>3} {:>3} {:>7} {:>6} {:>16}",
            "Name", "Days", "P", "H", "L", "A", "Hours", "OT", "Pay due"
        );
        let mut rows: Vec<(f32, String)> = vec![
            (14.0, latin1(&self.shop)),
            (11.0, latin1(&self.title())),
            (8.0, String::new()),
            (8.0, head),
        ];
        let mut notes = Vec::new();
        for p in &self.people {
            let m = &p.month;
            let mut name: String = latin1(&p.name).chars().take(18).collect();
            if name.contains('?') {
                // The font has no Devanagari: the phone says who it is.
                notes.push(format!(
                    "{}: name in Devanagari, see the CSV or the printed sheet",
                    p.phone.as_deref().unwrap_or(&name)
                ));
                name = p.phone.clone().unwrap_or(name);
            }
            let g: String = grid(m).replace('·', ".");
            rows.push((
                8.0,
                format!(
                    "{:<18} {:<31} {:>3} {:>3} {:>3} {:>3} {:>7} {:>6} {:>16}",
                    name,
                    g,
                    m.present,
                    m.half_days,
                    m.leaves,
                    m.absent,
                    hours(m.worked),
                    hours(m.overtime),
                    rs(m.pay_due)
                ),
            ));
            if m.advances > Money::ZERO {
                rows.push((8.0, format!("{:<18} less advances {}", "", rs(m.advances))));
            }
        }
        rows.push((8.0, String::new()));
        rows.push((10.0, format!("Total pay due: {}", rs(self.total_due()))));
        rows.push((
            8.0,
            "P present  H half day  L leave  A absent  W week off  O holiday".into(),
        ));
        for n in notes {
            rows.push((8.0, latin1(&n)));
        }
        pdf::document(&rows)
    }
}
