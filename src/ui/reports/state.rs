//! The Reports pane's state: which report, each report's own period (it
//! opens on the report's default: today, this month, last month for GST),
//! the location, one product's sizes when drilled into, the report last
//! read and its lines laid out for the pane's width. Pure: a report is
//! asked for with an effect and arrives as an action; answers to older
//! questions are dropped.

use chrono::NaiveDate;
use galla_domain::{Location, PartyId, ProductId};

use crate::app::action::{Effect, ReportAsk, ReportOut};
use crate::app::command::Command;
use crate::report::{Kind, Period, PeriodKind, Query, Report, period};
use crate::ui::entry_form::{EntryForm, Routed};

/// What a laid-out line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// A table's title.
    Title,
    /// A table's column names.
    Head,
    /// Row `row` of table `table`; `flag` when it needs attention (below
    /// demand, overdue, 90+).
    Row {
        /// Which table.
        table: usize,
        /// Which row of it.
        row: usize,
        /// Marked.
        flag: bool,
    },
    /// Space between tables.
    Blank,
}

/// A report read, with what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// What was asked (period, location, time zone).
    pub query: Query,
    /// The figures.
    pub report: Report,
}

/// The Reports pane.
pub struct ReportsPane {
    /// The report shown, as an index of [`Kind::ALL`].
    pub kind: usize,
    /// Each report's period once changed (else its default).
    pub periods: [Option<Period>; 8],
    /// Today in the shop (set from the app's clock).
    pub today: Option<NaiveDate>,
    /// The locations there are.
    pub locations: Vec<Location>,
    /// The location chosen (an index of `locations`), or all.
    pub location: Option<usize>,
    /// Size demand for one product (from the Products report).
    pub product: Option<(ProductId, String)>,
    /// The report last read.
    pub shown: Option<Box<Shown>>,
    /// The question last asked (answers to older ones are dropped).
    pub generation: u64,
    /// Whether an answer is awaited.
    pub loading: bool,
    /// The selected data line.
    pub selected: usize,
    /// The lines of the tables, laid out for `width`.
    pub lines: Vec<(String, LineKind)>,
    /// The width they are laid out for.
    pub width: u16,
    /// Daily sales chart by day (else by hour); `None`: by hour for one day.
    pub by_day: Option<bool>,
    /// The custom period form.
    pub form: Option<((), EntryForm)>,
    /// What the last action did.
    pub message: Option<String>,
    /// Whether cost and margin may be shown (the "see costs" permission of
    /// whoever is signed in; everyone when no users are set up).
    pub costs: bool,
}

impl Default for ReportsPane {
    fn default() -> Self {
        ReportsPane {
            kind: 0,
            periods: [None; 8],
            today: None,
            locations: Vec::new(),
            location: None,
            product: None,
            shown: None,
            generation: 0,
            loading: false,
            selected: 0,
            lines: Vec::new(),
            width: 80,
            by_day: None,
            form: None,
            message: None,
            costs: true,
        }
    }
}

/// Reads a typed day: 2026-11-20, 20-11-2026 or 20/11/2026.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    for f in ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(t, f) {
            return Ok(d);
        }
    }
    Err(format!(
        "{t:?} is not a day — write it as 2026-11-20 or 20-11-2026"
    ))
}

impl ReportsPane {
    /// The report shown.
    pub fn kind(&self) -> Kind {
        Kind::ALL[self.kind % Kind::ALL.len()]
    }

    /// The period of the report shown.
    pub fn period(&self) -> Period {
        let today = self.today.unwrap_or_default();
        self.periods[self.kind % 8].unwrap_or_else(|| self.kind().default_period(today))
    }

    fn set_period(&mut self, p: Period) -> Vec<Effect> {
        self.periods[self.kind % 8] = Some(p);
        self.load()
    }

    /// The location chosen.
    pub fn location(&self) -> Option<&Location> {
        self.location.and_then(|i| self.locations.get(i))
    }

    /// Takes the locations just read.
    pub fn locations_loaded(&mut self, locations: Vec<Location>) {
        let keep = self.location().map(|l| l.location_id);
        self.locations = locations;
        self.location = keep.and_then(|id| self.locations.iter().position(|l| l.location_id == id));
    }

    /// Sets today (the pane's clock) and asks for the report shown.
    pub fn open(&mut self, today: NaiveDate) -> Vec<Effect> {
        self.today = Some(today);
        self.load()
    }

    /// The effect that reads the report shown for its period and place.
    pub fn load(&mut self) -> Vec<Effect> {
        self.generation += 1;
        self.loading = true;
        let kind = self.kind();
        vec![Effect::LoadReport(Box::new(ReportAsk {
            generation: self.generation,
            kind,
            period: self.period(),
            location: self.location().map(|l| (l.location_id, l.name.clone())),
            product: if kind == Kind::Sizes {
                self.product.as_ref().map(|p| p.0)
            } else {
                None
            },
        }))]
    }

    /// Takes a report just read (or why it could not be), if it answers
    /// the question last asked.
    pub fn loaded(&mut self, generation: u64, result: Result<Box<Shown>, String>) {
        if generation != self.generation || !self.loading {
            return;
        }
        self.loading = false;
        match result {
            Ok(shown) => {
                self.shown = Some(shown);
                self.layout(self.width);
            }
            Err(e) => self.message = Some(e),
        }
    }

    /// The report shown, if it is the one selected.
    pub fn report(&self) -> Option<&Report> {
        self.shown
            .as_ref()
            .map(|s| &s.report)
            .filter(|r| r.kind() == self.kind())
    }

    /// Lays the report's tables out for `width` columns.
    pub fn layout(&mut self, width: u16) {
        self.width = width;
        self.lines.clear();
        let Some(report) = self.report() else {
            return;
        };
        let mut lines = Vec::new();
        for (t, table) in pane_tables(report, self.costs).iter().enumerate() {
            if t > 0 {
                lines.push((String::new(), LineKind::Blank));
            }
            let mut text = table.text(usize::from(width).saturating_sub(1)).into_iter();
            if !table.title.is_empty() {
                lines.extend(text.next().map(|l| (l, LineKind::Title)));
            }
            lines.extend(text.next().map(|l| (l, LineKind::Head)));
            for (row, l) in text.enumerate() {
                if table.rows.is_empty() {
                    // "none": nothing to select.
                    lines.push((l, LineKind::Blank));
                    continue;
                }
                let flag = flagged(report, t, row);
                lines.push((
                    l,
                    LineKind::Row {
                        table: t,
                        row,
                        flag,
                    },
                ));
            }
        }
        self.lines = lines;
        self.selected = self.selected.min(self.rows().saturating_sub(1));
    }

    /// How many data lines there are.
    pub fn rows(&self) -> usize {
        self.lines
            .iter()
            .filter(|(_, k)| matches!(k, LineKind::Row { .. }))
            .count()
    }

    /// The selected data line's (table, row).
    pub fn selected_row(&self) -> Option<(usize, usize)> {
        self.lines
            .iter()
            .filter_map(|(_, k)| match k {
                LineKind::Row { table, row, .. } => Some((*table, *row)),
                _ => None,
            })
            .nth(self.selected)
    }

    fn step(&mut self, by: isize) {
        let last = self.rows().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + by).clamp(0, last.max(0)) as usize;
    }

    fn switch(&mut self, by: isize) -> Vec<Effect> {
        let n = Kind::ALL.len() as isize;
        self.kind = (self.kind as isize + by).rem_euclid(n) as usize;
        self.selected = 0;
        self.message = None;
        self.product = None;
        self.lines.clear();
        self.load()
    }

    fn next_choice(&mut self) -> Vec<Effect> {
        let today = self.today.unwrap_or_default();
        let now = self.period();
        let at = (0..period::CHOICES.len()).find(|&i| Period::choice(i, today) == now);
        let next = at.map_or(0, |i| i + 1) % period::CHOICES.len();
        self.set_period(Period::choice(next, today))
    }

    fn next_location(&mut self) -> Vec<Effect> {
        self.location = match self.location {
            None if !self.locations.is_empty() => Some(0),
            Some(i) if i + 1 < self.locations.len() => Some(i + 1),
            _ => None,
        };
        self.load()
    }

    fn open_dates(&mut self) {
        let p = self.period();
        let mut form = EntryForm::new("Period")
            .about("from and to, both days included (2026-11-01 or 01-11-2026)")
            .filled("From", false, &p.from.to_string())
            .filled("To", false, &p.to.to_string());
        form.keys = "Enter show · Tab next field · Esc cancel".into();
        self.form = Some(((), form));
    }

    fn submit_dates(&mut self) -> Vec<Effect> {
        let Some((_, form)) = &mut self.form else {
            return Vec::new();
        };
        let parsed = parse_day(form.value(0))
            .and_then(|f| parse_day(form.value(1)).map(|t| (f, t)))
            .and_then(|(f, t)| Period::range(f, t));
        match parsed {
            Ok(p) => {
                self.form = None;
                self.set_period(p)
            }
            Err(e) => {
                form.error = Some(e);
                Vec::new()
            }
        }
    }

    /// The party on the selected line of the Outstanding report.
    pub fn selected_party(&self) -> Option<PartyId> {
        let Some(Report::Outstanding(o)) = self.report() else {
            return None;
        };
        let (_, row) = self.selected_row()?;
        o.party_id_at(row)
    }

    /// The product on the selected line of the Products report.
    pub fn selected_product(&self) -> Option<(ProductId, String)> {
        let Some(Report::Products(p)) = self.report() else {
            return None;
        };
        let (table, row) = self.selected_row()?;
        let named = match table {
            0 => p.top().get(row).copied(),
            1 => p.bottom().get(row).copied(),
            _ => None,
        }?;
        named.product_id.map(|id| (id, named.name.clone()))
    }

    fn enter(&mut self) -> Vec<Effect> {
        if let Some(product) = self.selected_product() {
            self.product = Some(product);
            self.kind = Kind::ALL
                .iter()
                .position(|k| *k == Kind::Sizes)
                .unwrap_or(0);
            self.periods[self.kind] = self.periods[1].or(self.periods[self.kind]);
            self.selected = 0;
            self.lines.clear();
            return self.load();
        }
        self.message = Some(match self.kind() {
            Kind::Products => "pick a product in the top or bottom 20 to see its sizes".into(),
            _ => "nothing opens from this line".into(),
        });
        Vec::new()
    }

    /// Runs a command; `None` for commands the pane does not use.
    pub fn command(&mut self, command: Command) -> Option<Vec<Effect>> {
        match crate::ui::entry_form::route(&mut self.form, command) {
            Some(Routed::Submit) => return Some(self.submit_dates()),
            Some(Routed::Done) => return Some(Vec::new()),
            Some(Routed::Ignored) => return None,
            None => {}
        }
        let effects = match command {
            Command::Up => {
                self.step(-1);
                Vec::new()
            }
            Command::Down => {
                self.step(1);
                Vec::new()
            }
            Command::PageUp => {
                self.step(-10);
                Vec::new()
            }
            Command::PageDown => {
                self.step(10);
                Vec::new()
            }
            Command::First => {
                self.selected = 0;
                Vec::new()
            }
            Command::Last => {
                self.selected = self.rows().saturating_sub(1);
                Vec::new()
            }
            Command::NextReport => self.switch(1),
            Command::PrevReport => self.switch(-1),
            Command::NextPeriod => self.next_choice(),
            Command::PrevDay => self.set_period(self.period().step(-1)),
            Command::NextDay => self.set_period(self.period().step(1)),
            Command::NextLocation => self.next_location(),
            Command::PickDates => {
                self.open_dates();
                Vec::new()
            }
            Command::ChartBy => {
                let day = self.period().kind == PeriodKind::Day;
                self.by_day = Some(!self.by_day.unwrap_or(!day));
                Vec::new()
            }
            Command::Submit => self.enter(),
            Command::Close => {
                if self.product.take().is_some() {
                    self.kind = 1;
                    self.lines.clear();
                    return Some(self.load());
                }
                self.message = None;
                Vec::new()
            }
            Command::Remind => match self.selected_party() {
                Some(party) => vec![Effect::MakeReminder(party)],
                None => {
                    self.message = Some(
                        "reminders are sent from the Outstanding report: pick a party who owes"
                            .into(),
                    );
                    Vec::new()
                }
            },
            Command::PrintSlip => self.ask_out(ReportOut::Print),
            Command::ExportReport => self.ask_out(ReportOut::Export),
            _ => return None,
        };
        Some(effects)
    }

    fn ask_out(&mut self, out: ReportOut) -> Vec<Effect> {
        if out == ReportOut::Print && self.kind() != Kind::Daily {
            self.message = Some(
                "the printer takes the daily sales (and the day close); export this report instead"
                    .into(),
            );
            return Vec::new();
        }
        match &self.shown {
            Some(s) if s.report.kind() == self.kind() => {
                vec![Effect::ReportOut(Box::new((**s).clone()), out)]
            }
            _ => {
                self.message = Some("the report is still being read".into());
                Vec::new()
            }
        }
    }

    /// What a print or an export did.
    pub fn done(&mut self, result: Result<String, String>) {
        self.message = Some(result.unwrap_or_else(|e| e));
    }
}

/// The tables the pane lists: the report's own, without cost and margin
/// unless costs may be seen.
pub fn pane_tables(report: &Report, costs: bool) -> Vec<crate::report::Table> {
    let mut tables = report.tables();
    if !costs {
        for t in &mut tables {
            let hide: Vec<usize> = t
                .head
                .iter()
                .enumerate()
                .filter(|(_, h)| matches!(h.as_str(), "cost" | "margin" | "margin %" | "at cost"))
                .map(|(i, _)| i)
                .collect();
            for &i in hide.iter().rev() {
                t.head.remove(i);
                for row in &mut t.rows {
                    if i < row.len() {
                        row.remove(i);
                    }
                }
            }
        }
    }
    tables
}

/// Whether row `row` of table `table` needs attention.
fn flagged(report: &Report, table: usize, row: usize) -> bool {
    match report {
        Report::Sizes(s) if table == 0 => s.rows.get(row).is_some_and(|r| r.below_demand()),
        Report::Outstanding(o) => o
            .party_at(row)
            .is_some_and(|r| !r.ageing.overdue.is_zero() || !r.ageing.buckets[3].is_zero()),
        _ => false,
    }
}
