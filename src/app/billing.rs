//! The part of `update` that belongs to billing: the results of billing's
//! work (items found, bills saved and printed), the commands that open its
//! popups, and the keys of its popups (the prompts, the payment box and the
//! buyer's details here; the lists in `counter`). Pure, like the rest of
//! `update`.

use super::action::{Action, Effect};
use super::command::Command;
use super::popups::PopupKey;
use super::{App, PaneId};
use crate::ui::billing::Tone;
use crate::ui::billing::payment::{PaySubmit, PaymentForm};
use crate::ui::field::scanned_refusal;
use crate::ui::keymap::Scope;
use crate::ui::popup::Popup;

/// Handles a billing result action; gives it back if it is not one.
pub fn billing_action(app: &mut App, action: Action) -> Result<Vec<Effect>, Action> {
    let bill = &mut app.panes.billing;
    Ok(match action {
        Action::CandidatesLoaded { generation, rows } => {
            bill.candidates_loaded(generation, rows);
            Vec::new()
        }
        Action::ItemFound {
            product,
            variant,
            qty,
            on_hand,
        } => {
            bill.item_found(&product, &variant, qty, on_hand);
            Vec::new()
        }
        Action::ItemNotFound(code) => {
            bill.item_not_found(&code);
            Vec::new()
        }
        Action::ItemAmbiguous { code, qty, ids } => bill.item_ambiguous(&code, qty, ids),
        Action::BillSaved {
            sale,
            items,
            at,
            change,
        } => {
            bill.bill_saved(&sale.bill_no, sale.total, change);
            app.next_bill_no = None;
            // The bill is durable: only now does anything print.
            let mut effects = vec![Effect::PrintReceipt {
                sale,
                at,
                items,
                change,
            }];
            effects.extend(app.panes.stock.store_changed(usize::MAX));
            effects
        }
        Action::SaveFailed(why) => {
            bill.save_failed(&why);
            app.popups
                .push(Popup::Error(format!("The bill was NOT saved: {why}")));
            Vec::new()
        }
        Action::Printed(bill_no) => {
            bill.printed(Ok(bill_no));
            Vec::new()
        }
        Action::PrintFailed(why) => {
            bill.printed(Err(why.clone()));
            app.popups.push(Popup::Error(why));
            Vec::new()
        }
        Action::NextBillNo(no) => {
            app.next_bill_no = Some(no);
            Vec::new()
        }
        other => return super::counter::counter_action(app, other),
    })
}

/// Billing commands that open forms or need the whole app; `None` if not one.
pub fn billing_command(app: &mut App, command: Command) -> Option<Vec<Effect>> {
    if app.active != PaneId::Billing {
        return None;
    }
    match command {
        Command::Pay => {
            let bill = &mut app.panes.billing;
            if bill.draft.is_empty() {
                bill.command(Command::ClearItem);
                return Some(Vec::new());
            }
            if bill.recipient_needed() {
                let mut form = bill.recipient_form();
                form.keys = app.keymap.hint_line(
                    Scope::Recipient,
                    &[
                        (Command::Submit, "go on to payment"),
                        (Command::NextField, "next"),
                        (Command::Close, "back"),
                    ],
                );
                app.popups.push(Popup::Recipient(Box::new(form)));
                return Some(Vec::new());
            }
            let total = bill.draft.totals().grand_total();
            let mut form = PaymentForm::new(total, &bill.payments);
            form.khata = bill.customer.as_ref().map(|c| c.khata());
            if let Some(k) = &mut form.khata {
                k.refuse_above_limit = bill.refuse_above_limit;
            }
            app.popups.push(Popup::Payment(Box::new(form)));
            Some(vec![Effect::PeekBillNo])
        }
        Command::RetryPrint => Some(vec![Effect::RetryPrint]),
        Command::EditQty
        | Command::EditRate
        | Command::EditDiscount
        | Command::BillDiscount
        | Command::Deliver => {
            let (effects, prompt) = app.panes.billing.command(command)?;
            if let Some(p) = prompt {
                app.popups.push(Popup::Prompt(p));
            }
            Some(effects)
        }
        _ => super::counter::counter_command(app, command),
    }
}

/// A key for one of billing's popups on top (its scope's command, or a
/// character or editing key for its text field; see `app::popups`).
pub fn popup_key(app: &mut App, input: PopupKey) -> Vec<Effect> {
    let at = app.key_at;
    match (input, app.popups.last_mut()) {
        (PopupKey::Command(c), Some(Popup::Bills(b))) if b.pick.is_some() => {
            return super::counter::pick_command(app, c);
        }
        (PopupKey::Command(c), Some(Popup::Held(_) | Popup::Customer(_) | Popup::Bills(_))) => {
            return super::counter::list_command(app, c);
        }
        (PopupKey::Command(c), _) => return form_command(app, c),
        (PopupKey::Char(c), Some(Popup::Prompt(p))) => p.input.type_char(c, at),
        (PopupKey::Edit(request), Some(Popup::Prompt(p))) => p.input.edit(request),
        (PopupKey::Char(c), Some(Popup::Recipient(f))) => f.type_char(c, at),
        (PopupKey::Edit(request), Some(Popup::Recipient(f))) => f.edit(request),
        (PopupKey::Char(c), Some(Popup::Payment(f))) => {
            f.type_char(c, at);
            f.ask = None;
        }
        (PopupKey::Edit(request), Some(Popup::Payment(f))) => {
            f.input_mut().edit(request);
            f.ask = None;
        }
        (input, _) => return super::counter::list_field(app, input),
    }
    Vec::new()
}

fn form_command(app: &mut App, command: Command) -> Vec<Effect> {
    match (command, app.popups.last_mut()) {
        (Command::Close, Some(Popup::Payment(f))) => {
            let kept = f.plan.entries().to_vec();
            app.popups.pop();
            let bill = &mut app.panes.billing;
            if !kept.is_empty() {
                let paid: galla_domain::Money = kept.iter().map(|e| e.amount).sum();
                let pay = app
                    .keymap
                    .hint(Scope::Billing, Command::Pay)
                    .unwrap_or_else(|| "the pay key".into());
                bill.say(
                    Tone::Warning,
                    format!("{paid} already paid is kept with the bill — {pay} to go on"),
                );
            }
            bill.payments = kept;
            Vec::new()
        }
        (Command::Close, _) => {
            app.popups.pop();
            Vec::new()
        }
        (Command::Submit, Some(Popup::Recipient(f))) => {
            let form = (**f).clone();
            match app.panes.billing.take_recipient(&form) {
                Ok(()) => {
                    app.popups.pop();
                    // On to payment, with the buyer named.
                    billing_command(app, Command::Pay).unwrap_or_default()
                }
                Err(e) => {
                    if let Some(Popup::Recipient(f)) = app.popups.last_mut() {
                        f.error = Some(e);
                    }
                    Vec::new()
                }
            }
        }
        (other, Some(Popup::Recipient(f))) => {
            f.navigate(other);
            Vec::new()
        }
        (Command::Submit, Some(Popup::Prompt(p))) if p.input.scanned() => {
            p.input.reset();
            p.error = Some(scanned_refusal(p.what()));
            Vec::new()
        }
        (Command::Submit, Some(Popup::Prompt(p))) => {
            let (kind, text) = (p.kind, p.input.value().to_string());
            match app.panes.billing.apply_prompt(kind, &text) {
                Ok(()) => {
                    app.popups.pop();
                }
                Err(e) => {
                    if let Some(Popup::Prompt(p)) = app.popups.last_mut() {
                        p.error = Some(e);
                    }
                }
            }
            Vec::new()
        }
        (Command::Submit, Some(Popup::Payment(f))) => {
            let done = f.submit() == PaySubmit::Done;
            let (change, payments) = (f.plan.change(), f.plan.payments());
            app.panes.billing.payments = f.plan.entries().to_vec();
            if !done {
                return Vec::new();
            }
            app.popups.pop();
            match payments {
                Ok(p) => app.panes.billing.to_save(p, change).into_iter().collect(),
                Err(e) => {
                    app.popups.push(Popup::Error(e.to_string()));
                    Vec::new()
                }
            }
        }
        (Command::NextMode, Some(Popup::Payment(f))) => {
            f.step_mode(true);
            Vec::new()
        }
        (Command::PrevMode, Some(Popup::Payment(f))) => {
            f.step_mode(false);
            Vec::new()
        }
        (Command::NextField, Some(Popup::Payment(f))) => {
            f.field = 1 - f.field.min(1);
            Vec::new()
        }
        (Command::UndoPayment, Some(Popup::Payment(f))) => {
            f.plan.undo();
            f.ask = None;
            app.panes.billing.payments = f.plan.entries().to_vec();
            Vec::new()
        }
        _ => Vec::new(),
    }
}
