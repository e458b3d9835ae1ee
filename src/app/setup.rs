//! Keys of the first-start form and what happens when the shop is made:
//! Tab, Enter and ↓ go to the next answer (Enter on the last one makes the
//! shop), ↑ back, Esc leaves galla with nothing made; the typing keys edit
//! the answer. See `ui::setup` for the form.

use super::App;
use super::action::Effect;
use super::command::Command;
use super::popups::PopupKey;
use crate::ui::billing::Tone;
use crate::ui::keymap::Scope;
use crate::ui::popup::Popup;

/// A key for the set-up form on top (see `app::popups`).
pub fn setup_key(app: &mut App, input: PopupKey) -> Vec<Effect> {
    let at = app.key_at;
    let Some(Popup::Setup(form)) = app.popups.last_mut() else {
        return Vec::new();
    };
    let command = match input {
        PopupKey::Char(c) => {
            form.type_char(c, at);
            return Vec::new();
        }
        PopupKey::Edit(request) => {
            form.edit(request);
            return Vec::new();
        }
        PopupKey::Command(command) => command,
    };
    match command {
        Command::NextField | Command::Down => form.step(true),
        Command::Up => form.step(false),
        Command::Submit if !form.on_last() => form.step(true),
        Command::Submit => {
            return match form.submit() {
                Some(setup) => vec![Effect::SetUpShop(Box::new(setup))],
                None => Vec::new(),
            };
        }
        Command::Close => {
            app.quit = true;
            return vec![Effect::Quit];
        }
        _ => {}
    }
    Vec::new()
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
            let key = |command| {
                app.keymap
                    .hint(Scope::Stock, command)
                    .unwrap_or_else(|| command.name().to_string())
            };
            let stock = app
                .keymap
                .hint(Scope::Global, Command::GoStock)
                .unwrap_or_else(|| "the Stock pane".into());
            let text = format!(
                "{name} is set up. In Stock ({stock}) add your items ({}) and the goods you \
                 have ({}), then scan to sell",
                key(Command::AddProduct),
                key(Command::GoodsIn)
            );
            app.panes.billing.say(Tone::Info, text);
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
