//! Share the last bill on WhatsApp: a `https://wa.me/<phone>?text=...` link
//! with the bill's summary for its customer, shown in a popup and copied to
//! the clipboard with OSC 52 (which also works over SSH). Pure: the copy is
//! an effect the runner performs.

use super::App;
use super::action::Effect;
use crate::app::command::Command;
use crate::ui::billing::Tone;
use crate::ui::keymap::Scope;
use crate::ui::popup::Popup;

/// Shows (and asks the runner to copy) the WhatsApp link for the last bill.
pub fn share(app: &mut App) -> Vec<Effect> {
    let shop = app.shop.name.clone();
    let bill = &mut app.panes.billing;
    let Some((no, total)) = bill.last_bill.clone() else {
        bill.say(
            Tone::Error,
            "no bill has been saved yet — share sends the last bill",
        );
        return Vec::new();
    };
    let Some(customer) = bill.last_customer.clone() else {
        bill.say(
            Tone::Error,
            format!(
                "bill {no} has no customer — attach one ({}) before saving to share it",
                bill.keys.key_name(Scope::Billing, Command::Customer)
            ),
        );
        return Vec::new();
    };
    let Some(phone) = customer.party.phone.filter(|p| !p.trim().is_empty()) else {
        bill.say(
            Tone::Error,
            format!("{} has no phone number to send to", customer.party.name),
        );
        return Vec::new();
    };
    let text = format!("{shop}\nBill {no}\nTotal {total}\nThank you for shopping with us!");
    let link = whatsapp_link(&phone, &text);
    app.popups.push(Popup::Notice {
        title: format!("WhatsApp bill {no} to {}", customer.party.name),
        text: format!("{link}\n\nCopied to the clipboard: paste it in a browser or send it."),
    });
    vec![Effect::CopyToClipboard(link)]
}

/// The wa.me link: Indian 10-digit numbers get the 91 country code.
pub fn whatsapp_link(phone: &str, text: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let number = if digits.len() == 10 {
        format!("91{digits}")
    } else {
        digits
    };
    format!("https://wa.me/{number}?text={}", crate::upi::encode(text))
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_clipboard_sequence() {
        let link = whatsapp_link("98765 43210", "Bill C1-7\nTotal ₹1,050.00");
        assert_eq!(
            link,
            "https://wa.me/919876543210?text=Bill%20C1-7%0ATotal%20%E2%82%B91%2C050.00"
        );
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
