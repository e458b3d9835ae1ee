//! The part of `update` for billing's list popups: hold and recall, the
//! customer form, and today's bills (reprint, cancel, return), plus share.
//! Pure like the rest of `update`: it changes state and returns effects; the
//! runner (`till_bills`) does the reading and the saving.

use galla_domain::bill::changes::{ChangeRefused, may_cancel, may_return};
use tui_input::InputRequest;

use super::App;
use super::action::{Action, Effect};
use super::command::Command;
use super::popups::PopupKey;
use crate::ui::billing::Tone;
use crate::ui::billing::lists::{BillAsk, BillsList, CustomerForm, CustomerMode, HeldList, step};
use crate::ui::billing::return_pick::ReturnPick;
use crate::ui::keymap::Scope;
use crate::ui::popup::Popup;

/// Handles a result of the list popups' work; gives it back if it is not one.
pub fn counter_action(app: &mut App, action: Action) -> Result<Vec<Effect>, Action> {
    let bill = &mut app.panes.billing;
    match action {
        Action::BillHeld(id) => bill.bill_held(id),
        Action::HeldLoaded(rows) => {
            if rows.is_empty() {
                bill.say(Tone::Info, "no bills are held");
            } else {
                app.popups.push(Popup::Held(HeldList { rows, selected: 0 }));
            }
        }
        Action::OpenBillLoaded { bill, customer } => {
            app.panes.billing.restore(*bill, customer.map(|c| *c));
        }
        Action::HeldRecalled { held, customer } => {
            if matches!(app.popups.last(), Some(Popup::Held(_))) {
                app.popups.pop();
            }
            app.panes.billing.recalled(*held, customer.map(|c| *c));
        }
        Action::CustomersFound(rows) => {
            if let Some(Popup::Customer(f)) = app.popups.last_mut() {
                f.rows = rows;
                f.selected = 0;
            }
        }
        Action::CustomerAdded(customer) => {
            if matches!(app.popups.last(), Some(Popup::Customer(_))) {
                app.popups.pop();
            }
            app.panes.billing.attach(*customer);
        }
        Action::BillsLoaded(rows) => match app.popups.last_mut() {
            Some(Popup::Bills(b)) => {
                b.rows = rows;
                b.selected = b.selected.min(b.visible().len().saturating_sub(1));
            }
            _ => app.popups.push(Popup::Bills(Box::new(BillsList {
                rows,
                ..BillsList::default()
            }))),
        },
        Action::ReturnLinesLoaded { bill_no, names } => {
            if let Some(Popup::Bills(b)) = app.popups.last_mut()
                && let Some(bill) = b.rows.iter().find(|r| r.sale.bill_no == bill_no)
            {
                b.pick = Some(ReturnPick::new(bill, names));
                b.error = None;
            }
        }
        Action::CreditNoteSaved(message) => {
            let mut effects = counter_action(app, Action::BillChanged(message))?;
            effects.push(Effect::RetryPrint);
            return Ok(effects);
        }
        Action::BillChanged(message) => {
            if let Some(Popup::Bills(b)) = app.popups.last_mut() {
                b.ask = None;
                b.pick = None;
                b.error = None;
            }
            app.panes.billing.say(Tone::Info, message);
            let mut effects = vec![Effect::LoadBills];
            effects.extend(app.panes.stock.store_changed(usize::MAX));
            return Ok(effects);
        }
        Action::BillChangeRefused(why) => match app.popups.last_mut() {
            Some(Popup::Bills(b)) => b.error = Some(why),
            _ => app.popups.push(Popup::Error(why)),
        },
        other => return Err(other),
    }
    Ok(Vec::new())
}

/// Billing-pane commands that open the list popups; `None` if not one.
pub fn counter_command(app: &mut App, command: Command) -> Option<Vec<Effect>> {
    let bill = &mut app.panes.billing;
    Some(match command {
        Command::Hold => bill.hold(),
        Command::Held => vec![Effect::LoadHeld],
        Command::Customer => {
            app.popups.push(Popup::Customer(Box::default()));
            vec![Effect::SearchCustomers(String::new())]
        }
        Command::Bills => vec![Effect::LoadBills],
        Command::Share => super::share::share(app),
        _ => return None,
    })
}

/// A character or editing key for a list popup's text field: the customer
/// search (which searches again), the bills filter, or the quantity of the
/// line being taken back.
pub fn list_field(app: &mut App, input: PopupKey) -> Vec<Effect> {
    match (input, app.popups.last_mut()) {
        (input, Some(Popup::Customer(f))) => {
            let changed = match input {
                PopupKey::Char(c) => f.input_mut().handle(InputRequest::InsertChar(c)).is_some(),
                PopupKey::Edit(request) => f.input_mut().handle(request).is_some_and(|c| c.value),
                PopupKey::Command(_) => false,
            };
            if changed {
                return search_again(f);
            }
        }
        (input, Some(Popup::Bills(b))) => {
            match (input, b.pick.as_mut()) {
                (PopupKey::Char(c), Some(pick)) => pick.type_char(c),
                (PopupKey::Edit(request), Some(pick)) => pick.edit(request),
                (PopupKey::Char(c), None) => b.type_char(c),
                (PopupKey::Edit(request), None) => {
                    b.input_mut().handle(request);
                }
                (PopupKey::Command(_), _) => {}
            }
            if b.pick.is_some() {
                b.error = None;
            }
        }
        _ => {}
    }
    Vec::new()
}

/// A command while goods are being picked to come back: ↑↓ between lines,
/// ←/→ the refund's mode, Enter takes them back, Esc returns to the list.
pub fn pick_command(app: &mut App, command: Command) -> Vec<Effect> {
    let Some(Popup::Bills(b)) = app.popups.last_mut() else {
        return Vec::new();
    };
    let Some(pick) = b.pick.as_mut() else {
        return Vec::new();
    };
    match command {
        Command::Up | Command::Down => pick.step(command == Command::Down),
        Command::NextMode | Command::PrevMode => pick.cycle(command == Command::NextMode),
        Command::Close => {
            b.pick = None;
            b.error = None;
        }
        Command::Submit => {
            return match pick.back() {
                Ok(lines) => vec![Effect::ReturnBill {
                    bill_no: pick.bill_no.clone(),
                    lines,
                    mode: pick.chosen_mode(),
                }],
                Err(e) => {
                    b.error = Some(e);
                    Vec::new()
                }
            };
        }
        _ => {}
    }
    Vec::new()
}

fn search_again(f: &mut CustomerForm) -> Vec<Effect> {
    f.error = None;
    match f.mode {
        CustomerMode::Search => vec![Effect::SearchCustomers(f.query.value().trim().to_string())],
        CustomerMode::Add => Vec::new(),
    }
}

/// A command on held bills, the customer box or today's bills.
pub fn list_command(app: &mut App, command: Command) -> Vec<Effect> {
    let Some(top) = app.popups.last_mut() else {
        return Vec::new();
    };
    match (command, top) {
        (Command::Close, Popup::Bills(b)) if b.ask.is_some() => {
            b.ask = None;
            b.error = None;
        }
        (Command::Close, _) => {
            app.popups.pop();
        }
        (Command::Up | Command::Down, top) => {
            let down = command == Command::Down;
            match top {
                Popup::Held(h) => h.selected = step(h.selected, h.rows.len(), down),
                Popup::Customer(f) => f.selected = step(f.selected, f.rows.len(), down),
                Popup::Bills(b) => b.selected = step(b.selected, b.visible().len(), down),
                _ => {}
            }
        }
        (Command::Submit, Popup::Held(h)) => {
            let Some(id) = h.rows.get(h.selected).map(|r| r.id) else {
                return Vec::new();
            };
            // The open bill, if any, is held first so nothing is lost; if it
            // cannot be held (part paid), nothing is recalled over it.
            let mut effects = if app.panes.billing.draft.is_empty() {
                Vec::new()
            } else {
                let held = app.panes.billing.hold();
                if held.is_empty() {
                    app.popups.pop();
                    return held;
                }
                held
            };
            effects.push(Effect::RecallHeld(id));
            return effects;
        }
        (Command::NextField, Popup::Customer(f)) => f.next_field(),
        (Command::Submit, Popup::Customer(f)) => match f.mode {
            CustomerMode::Search => match f.rows.get(f.selected).cloned() {
                Some(c) => {
                    app.popups.pop();
                    app.panes.billing.attach(c);
                }
                None => f.error = Some("no customer matches — Tab adds a new one".into()),
            },
            CustomerMode::Add => match f.new_customer() {
                Ok((name, phone)) => return vec![Effect::AddCustomer { name, phone }],
                Err(e) => f.error = Some(e),
            },
        },
        (Command::Submit | Command::ReprintBill, Popup::Bills(b)) if b.ask.is_none() => {
            let no = match b.chosen() {
                Some(r) => r.sale.bill_no.clone(),
                None => b.filter.value().trim().to_string(),
            };
            if no.is_empty() {
                b.error = Some("no bill is chosen — type a bill number".into());
                return Vec::new();
            }
            app.popups.pop();
            let text = format!("reprinting bill {no}");
            app.panes.billing.say(Tone::Info, text);
            return vec![Effect::ReprintBill(no)];
        }
        (Command::Submit, Popup::Bills(b)) => return answer(b),
        (Command::CancelBill | Command::ReturnBill, Popup::Bills(b)) => {
            b.error = match b.chosen() {
                None => Some("no bill is chosen".into()),
                Some(r) => {
                    let (cancelled, returned) = (r.cancelled.is_some(), !r.returns.is_empty());
                    let rule = if command == Command::CancelBill {
                        may_cancel(cancelled, returned)
                    } else {
                        may_return(cancelled)
                    };
                    rule.err().map(|no| match no {
                        ChangeRefused::HasReturns => format!(
                            "goods came back on bill {} — take the rest back ({}) instead",
                            r.sale.bill_no,
                            app.keymap.key_name(Scope::Bills, Command::ReturnBill)
                        ),
                        other => other.words(&r.sale.bill_no),
                    })
                }
            };
            if b.error.is_none() {
                if command == Command::CancelBill {
                    b.ask = Some((BillAsk::CancelReason, tui_input::Input::default()));
                } else if let Some(r) = b.chosen() {
                    // The lines are named from the store, then picked.
                    return vec![Effect::LoadReturnLines(r.sale.bill_no.clone())];
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Enter on the question below the bills list.
fn answer(b: &mut BillsList) -> Vec<Effect> {
    let Some((ask, input)) = &b.ask else {
        return Vec::new();
    };
    let Some(bill) = b.chosen() else {
        b.error = Some("no bill is chosen".into());
        return Vec::new();
    };
    let text = input.value().trim().to_string();
    let bill_no = bill.sale.bill_no.clone();
    match ask {
        BillAsk::CancelReason if text.is_empty() => {
            b.error = Some("type why the bill is cancelled".into());
            Vec::new()
        }
        BillAsk::CancelReason => vec![Effect::CancelBill {
            bill_no,
            reason: text,
        }],
    }
}
