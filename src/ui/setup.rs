//! The first start on a new, empty shop file: one form asks what
//! `galla init` asks — the shop's name, state, GSTIN, registration, UPI ID,
//! this counter's code and the first location — checks every answer by the
//! same rules, and then Billing opens. Nothing else must be learned to
//! start. Esc leaves galla without making anything (the next start asks
//! again).

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use tui_input::InputRequest;

use crate::app::command::Command;
use crate::settings::{SetupAnswers, SetupRefused, ShopSetup};
use crate::ui::field::Field;
use crate::ui::keymap::Scope;
use crate::ui::popup::{PopupCtx, centred};

/// One question of the form.
#[derive(Clone, Debug)]
struct Question {
    /// Its `SetupAnswers` name, to point at a refused answer.
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    field: Field,
}

/// The set-up form.
#[derive(Clone, Debug)]
pub struct SetupForm {
    questions: Vec<Question>,
    /// The question being answered.
    pub focus: usize,
    /// Why the last try was refused.
    pub error: Option<String>,
}

impl Default for SetupForm {
    fn default() -> Self {
        let q = |name, label, hint, value: &str| Question {
            name,
            label,
            hint,
            field: Field::with_value(value),
        };
        SetupForm {
            questions: vec![
                q("shop", "Shop name", "as on your bills", ""),
                q(
                    "address",
                    "Address",
                    "on your bills, lines split by | (optional)",
                    "",
                ),
                q(
                    "state",
                    "State code",
                    "two digits: 27 Maharashtra, 08 Rajasthan",
                    "",
                ),
                q("gstin", "GSTIN", "leave empty if not registered", ""),
                q(
                    "registration",
                    "Registration",
                    "regular, composition or unregistered",
                    "regular",
                ),
                q(
                    "upi",
                    "UPI ID",
                    "for QR payments, e.g. myshop@okaxis (optional)",
                    "",
                ),
                q(
                    "counter",
                    "Counter code",
                    "this counter, in bill numbers",
                    "C1",
                ),
                q(
                    "location",
                    "First location",
                    "where you sell from",
                    "Shop floor",
                ),
            ],
            focus: 0,
            error: None,
        }
    }
}

impl SetupForm {
    /// The answer being typed.
    pub fn value(&self, name: &str) -> &str {
        self.questions
            .iter()
            .find(|q| q.name == name)
            .map_or("", |q| q.field.value())
    }

    /// Types a character into the current answer.
    pub fn type_char(&mut self, c: char, at: Option<u64>) {
        self.questions[self.focus].field.type_char(c, at);
        self.error = None;
    }

    /// An editing key on the current answer.
    pub fn edit(&mut self, request: InputRequest) {
        self.questions[self.focus].field.edit(request);
    }

    /// Moves to the next (or previous) question.
    pub fn step(&mut self, forward: bool) {
        let n = self.questions.len();
        self.focus = if forward {
            (self.focus + 1).min(n - 1)
        } else {
            self.focus.saturating_sub(1)
        };
    }

    /// Whether the last question is being answered.
    pub fn on_last(&self) -> bool {
        self.focus + 1 == self.questions.len()
    }

    /// Checks every answer; on a refusal, says why and goes to that answer.
    /// (No amount is asked here, so a fast typist or a scanner burst is
    /// taken as typed: every answer is on screen before the shop is made.)
    pub fn submit(&mut self) -> Option<ShopSetup> {
        let answers = SetupAnswers {
            shop: self.value("shop").into(),
            state: self.value("state").into(),
            gstin: self.value("gstin").into(),
            address: self.value("address").into(),
            registration: self.value("registration").into(),
            upi: self.value("upi").into(),
            counter: self.value("counter").into(),
            location: self.value("location").into(),
        };
        match answers.check() {
            Ok(setup) => Some(setup),
            Err(SetupRefused { field, why }) => {
                self.focus = self
                    .questions
                    .iter()
                    .position(|q| q.name == field)
                    .unwrap_or(0);
                self.error = Some(why);
                None
            }
        }
    }
}

/// Draws the form over the whole body.
pub fn draw_setup(form: &SetupForm, frame: &mut Frame<'_>, area: Rect, ctx: &PopupCtx<'_>) {
    let rect = centred(area, 76, area.height.saturating_sub(1).min(22));
    frame.render_widget(Clear, rect);
    let theme = ctx.theme;
    let mut lines = vec![
        Line::from(Span::styled(
            " A new shop: a few answers and you can sell.",
            theme.text,
        )),
        Line::from(""),
    ];
    for (i, q) in form.questions.iter().enumerate() {
        let focused = i == form.focus;
        let marker = if focused { "▶" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(format!(" {marker} {:<15}", q.label), theme.key),
            Span::styled(
                q.field.value().to_string(),
                if focused { theme.selected } else { theme.text },
            ),
        ]));
        if focused {
            lines.push(Line::from(Span::styled(
                format!("   {:<15}{}", "", q.hint),
                theme.dim,
            )));
        }
    }
    if let Some(e) = &form.error {
        lines.push(Line::from(""));
        // Wrapped here, each line indented like the rest of the form.
        let room = usize::from(rect.width).saturating_sub(4);
        for part in crate::ui::sync_pane::wrap(e, room) {
            lines.push(Line::from(Span::styled(format!(" {part}"), theme.error)));
        }
    }
    let keys = ctx.keymap.hint_line(
        Scope::Setup,
        &[
            (Command::NextField, "next"),
            (Command::Submit, "next / make the shop"),
            (Command::Close, "leave"),
        ],
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" Set up your shop ", theme.header))
        .title_bottom(Line::from(keys).alignment(Alignment::Right));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(form: &mut SetupForm, text: &str) {
        for c in text.chars() {
            form.type_char(c, None);
        }
    }

    #[test]
    fn a_wrong_answer_is_pointed_at_and_a_right_set_makes_the_shop() {
        let mut form = SetupForm::default();
        typed(&mut form, "Gupta Kirana");
        form.step(true);
        typed(&mut form, "12 MG Road|Pune");
        form.step(true);
        typed(&mut form, "99");
        assert!(form.submit().is_none());
        assert_eq!(form.focus, 2, "back at the state code");
        assert!(
            form.error
                .as_deref()
                .is_some_and(|e| e.contains("state code"))
        );
        form.edit(InputRequest::DeleteLine);
        typed(&mut form, "27");
        let setup = form.submit().expect("made");
        assert_eq!(setup.counter, "C1");
        assert_eq!(setup.location, "Shop floor");
        assert_eq!(setup.settings[0].1, serde_json::json!("Gupta Kirana"));
        assert!(
            setup
                .settings
                .contains(&("shop.address", serde_json::json!(["12 MG Road", "Pune"])))
        );
    }
}
