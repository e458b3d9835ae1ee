//! `update`: the only place state changes. It does no I/O — it returns the
//! effects the runner must perform — so tests call it directly. Key routing
//! is structural: the top popup (its own scope, see `popups`), then the
//! focused text field (printable characters), then the pane's keymap, the
//! global keymap, and editing keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Effect, SearchTarget};
use super::billing::{billing_action, billing_command};
use super::command::Command;
use super::{App, PaneId};
use crate::ui::keymap::Scope;
use crate::ui::popup::Popup;

/// Applies one action; returns the work to do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let action = match super::session::session_action(app, action) {
        Ok(effects) => return effects,
        Err(other) => other,
    };
    let action = match billing_action(app, action) {
        Ok(effects) => return effects,
        Err(other) => other,
    };
    match action {
        Action::Key(key) => route_key(app, key),
        Action::KeyAt(key, at) => {
            app.key_at = Some(at);
            let effects = route_key(app, key);
            app.key_at = None;
            effects
        }
        Action::Command(command) => run_command(app, command),
        Action::Tick(now) => {
            app.now = now;
            super::session::tick(app)
        }
        Action::Resized { width, height } => {
            app.size = (width, height);
            app.panes.reports.layout(width);
            app.panes
                .stock
                .set_viewport(crate::ui::table_rows(height) as usize)
        }
        Action::ShopSetUp(result) => super::setup::shop_set_up(app, result),
        Action::LocationsLoaded(locations) => {
            app.panes
                .billing
                .set_location(locations.first().map(|l| l.location_id));
            app.panes.reports.locations_loaded(locations.clone());
            app.panes.stock.locations_loaded(locations);
            Vec::new()
        }
        Action::IndexLoaded(ids) => {
            app.panes.billing.index_loaded(ids.clone());
            app.panes.stock.index_loaded(ids)
        }
        Action::Filtered {
            target: SearchTarget::Billing,
            generation,
            rows,
        } => app.panes.billing.filtered(generation, rows),
        Action::Filtered {
            target: SearchTarget::Stock,
            generation,
            rows,
        } => app.panes.stock.filtered(generation, rows),
        Action::Filtered {
            target: SearchTarget::Goods,
            generation,
            rows,
        } => app.panes.stock.goods_filtered(generation, rows),
        Action::StockWorkDone(done) => app.panes.stock.work_done(*done),
        Action::SettingsLoaded(rows) => {
            app.panes.settings.rows_loaded(rows);
            Vec::new()
        }
        Action::SettingWritten(result) => setting_written(app, result),
        Action::FirstPageLoaded(ids) => app.panes.stock.first_page_loaded(ids),
        Action::StockRowsLoaded { generation, rows } => {
            app.panes.stock.rows_loaded(generation, rows);
            Vec::new()
        }
        Action::HistoryLoaded { title, rows } => {
            app.popups.push(Popup::History {
                title,
                rows,
                scroll: usize::MAX,
            });
            Vec::new()
        }
        Action::StoreChanged { variants } => {
            let mut effects = app.panes.stock.store_changed(variants);
            // Another counter's entries arrive by sync: the books shown follow.
            effects.extend(books_reload(app));
            if app.active == PaneId::Reports {
                effects.extend(app.panes.reports.load());
            }
            effects
        }
        Action::PartiesLoaded(rows) => {
            app.panes.khata.rows_loaded(rows);
            Vec::new()
        }
        Action::KhataLoaded { row, lines } => {
            app.panes.khata.ledger_loaded(*row, lines);
            Vec::new()
        }
        Action::KhataWritten(result) => app.panes.khata.written(result),
        Action::ReminderMade(result) => reminder_made(app, result),
        Action::ReportLoaded { generation, result } => {
            app.panes.reports.loaded(generation, result);
            Vec::new()
        }
        Action::ReportDone(result) => {
            app.panes.reports.done(result);
            Vec::new()
        }
        Action::DayBookLoaded(book) => {
            app.panes.cashbook.book_loaded(*book);
            Vec::new()
        }
        Action::CashWritten(result) => app.panes.cashbook.written(result),
        Action::AttendanceLoaded(view) => {
            app.panes.attendance.loaded(*view);
            Vec::new()
        }
        Action::Clocked(result) => app.panes.attendance.clocked(result),
        Action::StaffWritten(result) => app.panes.attendance.written(result),
        Action::AuditLoaded(page) => {
            app.panes.audit.loaded(*page);
            Vec::new()
        }
        Action::ShopDayLoaded(books) => {
            app.panes.cashbook.shop_loaded(books);
            Vec::new()
        }
        Action::NoticeReady { title, text } => {
            app.popups
                .push(Popup::Reader(Box::new(crate::ui::reader::Reader::new(
                    title, &text, None,
                ))));
            Vec::new()
        }
        Action::SyncProgressed(snapshot) => {
            app.status.sync = snapshot.describe(app.now);
            app.panes.sync.snapshot_changed(*snapshot)
        }
        Action::AttentionLoaded(rows) => {
            app.panes.sync.attention_loaded(rows);
            Vec::new()
        }
        Action::Stop => {
            app.quit = true;
            vec![Effect::Quit]
        }
        Action::EffectFailed(message) => {
            app.popups.push(Popup::Error(message));
            Vec::new()
        }
        // Billing's results, handled by `billing_action` above (named here,
        // not caught by `_`, so a new action cannot compile unhandled).
        Action::CandidatesLoaded { .. }
        | Action::ItemFound { .. }
        | Action::ItemNotFound(_)
        | Action::ItemAmbiguous { .. }
        | Action::BillSaved { .. }
        | Action::SaveFailed(_)
        | Action::Printed(_)
        | Action::PrintFailed(_)
        | Action::NextBillNo(_)
        | Action::BillHeld(_)
        | Action::HeldLoaded(_)
        | Action::HeldRecalled { .. }
        | Action::OpenBillLoaded { .. }
        | Action::CustomersFound(_)
        | Action::CustomerAdded(_)
        | Action::BillsLoaded(_)
        | Action::ReturnLinesLoaded { .. }
        | Action::BillChanged(_)
        | Action::CreditNoteSaved(_)
        | Action::BillChangeRefused(_) => Vec::new(),
        // Users' actions, handled by `session_action` above.
        Action::SessionLoaded(_)
        | Action::SignedIn(_)
        | Action::ApprovalNeeded { .. }
        | Action::Approved { .. }
        | Action::ApprovalRefused(_)
        | Action::ViewApproved { .. }
        | Action::BackupDone(_) => Vec::new(),
    }
}

/// The character a key types, if it is a plain (or shifted) character.
fn typed_char(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

fn route_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    // The big "RETURN ₹… CHANGE" of the last bill stays until the next key.
    app.panes.billing.change_due = None;
    app.session.last_key = Some(app.now);
    // The top popup gets every key first, from its own scope.
    if !app.popups.is_empty() {
        return super::popups::popup_key(app, key, typed_char(&key));
    }
    if let Some(c) = typed_char(&key)
        && app.pane().accepts_char(c)
    {
        let at = app.key_at;
        return app.pane_mut().on_char(c, at);
    }
    let scope = app.pane().scope();
    if let Some(command) = app.keymap.lookup(scope, &key) {
        if let Some(effects) = billing_command(app, command) {
            return effects;
        }
        if let Some(effects) = audit_details(app, command) {
            return effects;
        }
        if let Some(effects) = app.pane_mut().on_command(command) {
            return effects;
        }
    }
    // A form open over the pane is like a popup with a text field: its
    // field takes the editing keys (Ctrl+U, Ctrl+W, Home, End…) before the
    // global ones, so Ctrl+U clears the field there rather than switch user.
    // Quit still quits.
    // A goods document in the Stock pane is a form too.
    if matches!(scope, Scope::Form | Scope::Goods)
        && app.keymap.lookup(Scope::Global, &key) != Some(Command::Quit)
        && let Some(effects) = app.pane_mut().on_edit_key(key)
    {
        return effects;
    }
    if let Some(command) = app.keymap.lookup(Scope::Global, &key) {
        return run_command(app, command);
    }
    app.pane_mut().on_edit_key(key).unwrap_or_default()
}

/// Quits, asking first while a bill is being made (it is kept either way:
/// the question is so that a slip of the fingers does not close the till).
pub(super) fn quit(app: &mut App) -> Vec<Effect> {
    let bill = app.panes.billing.open_bill();
    let asked = matches!(app.popups.last(), Some(Popup::ConfirmQuit(_)));
    if bill.is_empty() || asked || app.status.read_only {
        app.quit = true;
        return vec![Effect::Quit];
    }
    let paid = bill.paid();
    let paid = if paid.is_zero() {
        String::new()
    } else {
        format!(", {paid} already paid")
    };
    let key = |scope, command| app.keymap.hint(scope, command).unwrap_or_default();
    let text = format!(
        "A bill is being made ({}, {}{paid}). It is kept and comes back when galla starts again.\n\n{}: quit · {}: stay",
        crate::text::count(bill.draft.lines.len(), "line", "lines"),
        bill.draft.totals().grand_total(),
        key(Scope::Global, Command::Quit),
        key(Scope::Popup, Command::Close),
    );
    app.popups.push(Popup::ConfirmQuit(text));
    Vec::new()
}

/// Enter on the Audit pane: the selected entry's details.
fn audit_details(app: &mut App, command: Command) -> Option<Vec<Effect>> {
    let pane = &app.panes.audit;
    if app.active != PaneId::Audit || command != Command::Submit || pane.form.is_some() {
        return None;
    }
    if let Some(entry) = pane.chosen() {
        let title = format!(
            "{} · {}",
            crate::audit::kind_words(entry.event.payload.kind()),
            entry.person
        );
        let text = entry.details(app.status.tz);
        app.popups
            .push(Popup::Reader(Box::new(crate::ui::reader::Reader::new(
                title, &text, None,
            ))));
    }
    Some(Vec::new())
}

/// Runs a command from a key or a script.
fn run_command(app: &mut App, command: Command) -> Vec<Effect> {
    match command {
        Command::Quit => quit(app),
        Command::Help => {
            app.popups.push(Popup::Help { scroll: 0 });
            Vec::new()
        }
        Command::ClockIn => {
            let pane = &mut app.panes.attendance;
            pane.view = crate::ui::attendance::View::Today;
            pane.month = None;
            pane.pin.reset();
            pane.message = None;
            show(app, PaneId::Attendance)
        }
        Command::NextPane | Command::PrevPane => {
            let all = reachable(app);
            let pos = all.iter().position(|p| *p == app.active).unwrap_or(0);
            let step = if command == Command::NextPane {
                1
            } else {
                all.len() - 1
            };
            match all.get((pos + step) % all.len().max(1)) {
                Some(&pane) => show(app, pane),
                None => Vec::new(),
            }
        }
        Command::SwitchUser => super::session::switch_user(app),
        go if PaneId::for_command(go).is_some() => match PaneId::for_command(go) {
            Some(pane) => show(app, pane),
            None => Vec::new(),
        },
        other => {
            if !app.popups.is_empty() {
                return super::popups::popup_command(app, other);
            }
            if let Some(effects) = billing_command(app, other) {
                return effects;
            }
            app.pane_mut().on_command(other).unwrap_or_default()
        }
    }
}

/// Shows `pane` and reads what it shows; a pane that writes is refused
/// when galla was started read-only.
fn show(app: &mut App, pane: PaneId) -> Vec<Effect> {
    if let Some(why) = refused(app, pane) {
        app.popups.push(Popup::Error(why));
        return Vec::new();
    }
    // A pane behind a permission asks for a manager's PIN instead.
    if let Some(permission) = permission_for(pane)
        && let Some(effects) = super::session::guard(app, permission, pane.go_command())
    {
        return effects;
    }
    if pane == PaneId::Reports {
        // It reads as of today in the shop, by the app's clock.
        return super::report_work::go(app);
    }
    app.active = pane;
    app.pane_mut().on_show()
}

/// Why `pane` may not be shown at all: galla started read-only, or the
/// person signed in only looks up stock.
fn refused(app: &App, pane: PaneId) -> Option<String> {
    let title = app.panes.get(pane).title();
    if app.status.read_only && !pane.read_only() {
        return Some(format!(
            "galla was started read-only (--read-only): {title} is not available"
        ));
    }
    if pane == PaneId::Billing && !app.session.writes() {
        return Some(format!(
            "{} signs in to look up stock: billing needs a cashier, manager or owner ({} switches user)",
            app.status.user,
            app.keymap.key_name(Scope::Global, Command::SwitchUser)
        ));
    }
    None
}

/// The permission a pane needs before it shows (a manager's PIN may lend it).
fn permission_for(pane: PaneId) -> Option<galla_domain::access::Permission> {
    use galla_domain::access::Permission;
    match pane {
        PaneId::Audit => Some(Permission::SeeAudit),
        PaneId::Reports => Some(Permission::SeeReports),
        _ => None,
    }
}

/// The panes next/previous pane goes through: those this person may show.
fn reachable(app: &App) -> Vec<PaneId> {
    PaneId::ALL
        .iter()
        .copied()
        .filter(|&p| refused(app, p).is_none())
        .filter(|&p| permission_for(p).is_none_or(|needed| app.may(needed)))
        .collect()
}

/// What the pane showing reads again (another counter's entries arrived);
/// the audit trail is read when it is opened, not on every change.
fn books_reload(app: &mut App) -> Vec<Effect> {
    if app.active == PaneId::Audit {
        return Vec::new();
    }
    app.pane_mut().on_show()
}

/// A setting was changed: the pane says so, and what the app shows from
/// the settings follows (the shop's name, its UPI ID, billing's policies).
fn setting_written(
    app: &mut App,
    result: Result<Box<super::action::SettingSaved>, String>,
) -> Vec<Effect> {
    let saved = match result {
        Ok(saved) => *saved,
        Err(e) => return app.panes.settings.written(Err(e)),
    };
    let mut config = crate::config::Config::default();
    config.shop.name = app.shop.name.clone();
    config.shop.upi_vpa = app.shop.upi_vpa.clone();
    config.shop.state_code = app.panes.billing.shop_state.clone();
    config.billing.block_negative_stock = app.panes.billing.block_negative_stock;
    config.billing.refuse_above_limit = app.panes.billing.refuse_above_limit;
    crate::settings::apply(&saved.settings, &mut config);
    app.shop.name = config.shop.name.clone();
    app.status.shop = config.shop.name;
    app.shop.upi_vpa = config.shop.upi_vpa;
    app.panes.billing.shop_state = config.shop.state_code;
    app.panes.billing.block_negative_stock = config.billing.block_negative_stock;
    app.panes.billing.refuse_above_limit = config.billing.refuse_above_limit;
    app.panes.settings.written(Ok(saved.text))
}

/// Shows a reminder with its WhatsApp link, and copies the link.
fn reminder_made(
    app: &mut App,
    result: Result<Box<super::action::ReminderShown>, String>,
) -> Vec<Effect> {
    match result {
        Ok(shown) => {
            let r = shown.reminder;
            let mut text = r.text.clone();
            let mut effects = Vec::new();
            match &r.whatsapp {
                Some(link) => {
                    text.push_str(&format!(
                        "\n\n{link}\n\nThe WhatsApp link is copied: paste it in a chat or a browser, or scan the code with the shop's phone."
                    ));
                    effects.push(Effect::CopyToClipboard(link.clone()));
                    effects.push(Effect::LoadParties);
                }
                None => {
                    text.push_str("\n\nNo phone number: read it out or add a phone to send it.")
                }
            }
            app.popups
                .push(Popup::Reader(Box::new(crate::ui::reader::Reader::new(
                    format!("Reminder to {} for {}", shown.name, r.amount),
                    &text,
                    r.qr.clone(),
                ))));
            effects
        }
        Err(e) => {
            if app.active == PaneId::Reports {
                app.panes.reports.message = Some(e);
            } else {
                app.panes.khata.message = Some(e);
            }
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests;
