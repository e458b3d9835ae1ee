//! Keys of the first-start form and what happens when the shop is made:
//! Tab, Enter and ↓ go to the next answer (Enter on the last one makes the
//! shop), ↑ back, Esc leaves galla with nothing made; the typing keys edit
//! the answer. See `ui::setup` for the form.

use ratatui::crossterm::event::KeyEvent;

use super::App;
use super::action::Effect;
use super::command::Command;
use crate::ui::billing::Tone;
use crate::ui::keymap::Scope;
use crate::ui::popup::Popup;

/// A key while the set-up form is on top; `None` when it is not.
pub fn setup_key(app: &mut App, key: KeyEvent, typed: Option<char>) -> Option<Vec<Effect>> {
    let at = app.key_at;
    let Some(Popup::Setup(form)) = app.popups.last_mut() else {
        return None;
    };
    if let Some(c) = typed {
        form.type_char(c, at);
        return Some(Vec::new());
    }
    if let Some(request) = crate::ui::pane::edit_request(&key) {
        form.edit(request);
        return Some(Vec::new());
    }
    let command = app.keymap.lookup(Scope::Form, &key).or_else(|| {
        (app.keymap.lookup(Scope::Global, &key) == Some(Command::Quit)).then_some(Command::Close)
    });
    let Some(Popup::Setup(form)) = app.popups.last_mut() else {
        return None;
    };
    Some(match command {
        Some(Command::NextField | Command::Down) => {
            form.step(true);
            Vec::new()
        }
        Some(Command::Up) => {
            form.step(false);
            Vec::new()
        }
        Some(Command::Submit) if !form.on_last() => {
            form.step(true);
            Vec::new()
        }
        Some(Command::Submit) => match form.submit() {
            Some(setup) => vec![Effect::SetUpShop(Box::new(setup))],
            None => Vec::new(),
        },
        Some(Command::Close) => {
            app.quit = true;
            vec![Effect::Quit]
        }
        _ => Vec::new(),
    })
}

/// The shop was made (or not): Billing opens on it.
pub fn shop_set_up(
    app: &mut App,
    result: Result<Box<super::action::ShopMade>, String>,
) -> Vec<Effect> {
    match result {
        Ok(made) => {
            let name = made.name.clone();
            app.popups.retain(|p| !matches!(p, Popup::Setup(_)));
            app.status.shop = name.clone();
            app.status.counter = made.counter.clone();
            app.shop.name = name.clone();
            app.shop.upi_vpa = made.upi_vpa.clone();
            // Billing bills as the shop was registered, from its state.
            let bill = &mut app.panes.billing;
            bill.draft.regime = made.regime;
            bill.shop_state = made.state_code.clone();
            bill.place_again();
            app.active = super::PaneId::Billing;
            app.panes.billing.say(
                Tone::Info,
                format!(
                    "{name} is set up. Add your items with `galla import catalogue` and stock \
                     with `galla receive` (see the README), then scan to sell"
                ),
            );
            vec![Effect::LoadLocations]
        }
        Err(why) => {
            if let Some(Popup::Setup(form)) = app.popups.last_mut() {
                form.error = Some(why);
            }
            Vec::new()
        }
    }
}
