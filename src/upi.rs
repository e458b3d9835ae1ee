//! UPI payment links (`upi://pay?...`, NPCI's deep-link form) and their QR
//! code drawn in a terminal with half-block characters, two modules to a
//! character cell, so a phone can scan it off an 80x24 screen. Owns the
//! percent-encoding and the matrix-to-text drawing; no terminal I/O here (the
//! payment popup styles and places the lines).

use galla_domain::Money;
use qrcode::{Color, EcLevel, QrCode};

/// Light modules drawn around the code: two (the standard asks for four,
/// but phones read two easily and four would not fit an 80x24 popup).
pub const QUIET_ZONE: usize = 2;

/// Why a UPI QR code cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpiError {
    /// The shop's UPI ID is missing its handle.
    #[error("UPI ID \"{0}\" is not valid — it looks like name@bank")]
    BadVpa(String),
    /// Nothing to collect.
    #[error("a UPI payment must be more than zero")]
    NotPositive,
    /// The link cannot be encoded in a QR code.
    #[error("the UPI link is too long for a QR code")]
    TooLong,
    /// Encodable, but larger than the space given.
    #[error("the UPI QR code needs {cols}x{rows} characters; the window is too small")]
    DoesNotFit {
        /// Columns the smallest code needs.
        cols: usize,
        /// Rows it needs.
        rows: usize,
    },
}

/// `upi://pay?pa=<vpa>&pn=<name>&am=<amount>&cu=INR&tn=<bill no>`, every
/// value percent-encoded (a space as `%20`, never `+`).
pub fn upi_uri(vpa: &str, payee: &str, amount: Money, bill_no: &str) -> Result<String, UpiError> {
    let vpa = vpa.trim();
    let valid_vpa = vpa.split_once('@').is_some_and(|(name, handle)| {
        !name.is_empty() && !handle.is_empty() && !handle.contains('@')
    });
    if !valid_vpa {
        return Err(UpiError::BadVpa(vpa.to_string()));
    }
    if amount <= Money::ZERO {
        return Err(UpiError::NotPositive);
    }
    let paise = amount.paise();
    Ok(format!(
        "upi://pay?pa={}&pn={}&am={}.{:02}&cu=INR&tn={}",
        encode(vpa),
        encode(payee.trim()),
        paise / 100,
        paise % 100,
        encode(bill_no)
    ))
}

/// Percent-encodes everything but RFC 3986's unreserved characters and '@'
/// (which UPI apps expect bare in a VPA).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// How much damage a code survives; more costs modules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ecc {
    /// About 7%: the smallest code; fine on a clean screen.
    Low,
    /// About 15%.
    Medium,
}

/// Which modules the block characters draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ink {
    /// Glyphs are the dark modules: style the lines black on white.
    Dark,
    /// Glyphs are the light modules: for light text on a dark terminal
    /// with no colours set.
    Light,
}

/// A QR code as a square of modules, ready to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermQr {
    width: usize,
    dark: Vec<bool>,
    ecc: Ecc,
}

impl TermQr {
    /// The smallest code for `data` at this level.
    pub fn new(data: &str, ecc: Ecc) -> Result<TermQr, UpiError> {
        let level = match ecc {
            Ecc::Low => EcLevel::L,
            Ecc::Medium => EcLevel::M,
        };
        let code =
            QrCode::with_error_correction_level(data, level).map_err(|_| UpiError::TooLong)?;
        Ok(TermQr {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
            ecc,
        })
    }

    /// The sturdiest code that fits `max_cols` x `max_rows` characters:
    /// medium error correction if it fits, else low.
    pub fn fit(data: &str, max_cols: usize, max_rows: usize) -> Result<TermQr, UpiError> {
        let mut smallest = None;
        for ecc in [Ecc::Medium, Ecc::Low] {
            let qr = TermQr::new(data, ecc)?;
            let (cols, rows) = qr.size();
            if cols <= max_cols && rows <= max_rows {
                return Ok(qr);
            }
            smallest = Some((cols, rows));
        }
        let (cols, rows) = smallest.unwrap_or((0, 0));
        Err(UpiError::DoesNotFit { cols, rows })
    }

    /// Modules per side, without the quiet zone.
    pub fn modules(&self) -> usize {
        self.width
    }

    /// Its error-correction level.
    pub fn ecc(&self) -> Ecc {
        self.ecc
    }

    /// Whether the module at column `x`, row `y` is dark (false outside).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// Characters needed, quiet zone included: (columns, rows).
    pub fn size(&self) -> (usize, usize) {
        let side = self.width + 2 * QUIET_ZONE;
        (side, side.div_ceil(2))
    }

    /// The code as lines of `▀ ▄ █` and spaces, quiet zone included, each
    /// character one module wide and two modules tall.
    pub fn lines(&self, ink: Ink) -> Vec<String> {
        let side = self.width + 2 * QUIET_ZONE;
        let inked = |x: usize, y: usize| {
            let dark =
                x >= QUIET_ZONE && y >= QUIET_ZONE && self.is_dark(x - QUIET_ZONE, y - QUIET_ZONE);
            // Below the last row is outside the code: light.
            let dark = dark && y < side;
            match ink {
                Ink::Dark => dark,
                Ink::Light => !dark && y < side,
            }
        };
        (0..side.div_ceil(2))
            .map(|row| {
                (0..side)
                    .map(|x| match (inked(x, 2 * row), inked(x, 2 * row + 1)) {
                        (true, true) => '█',
                        (true, false) => '▀',
                        (false, true) => '▄',
                        (false, false) => ' ',
                    })
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHOP_VPA: &str = "sharmastores@okaxis";
    const SHOP: &str = "Sharma General Stores";

    fn typical() -> String {
        upi_uri(SHOP_VPA, SHOP, Money(12_345_650), "GS/C1-123456").expect("uri")
    }

    #[test]
    fn uri_is_exact_and_percent_encoded() {
        assert_eq!(
            typical(),
            "upi://pay?pa=sharmastores@okaxis&pn=Sharma%20General%20Stores&am=123456.50\
             &cu=INR&tn=GS%2FC1-123456"
        );
        assert_eq!(
            upi_uri("a@b", "R&K शर्मा", Money(5), "C1-1").expect("uri"),
            "upi://pay?pa=a@b&pn=R%26K%20%E0%A4%B6%E0%A4%B0%E0%A5%8D%E0%A4%AE%E0%A4%BE\
             &am=0.05&cu=INR&tn=C1-1"
        );
        assert_eq!(
            upi_uri("shop", SHOP, Money(100), "1"),
            Err(UpiError::BadVpa("shop".into()))
        );
        assert_eq!(
            upi_uri("a@b@c", SHOP, Money(100), "1"),
            Err(UpiError::BadVpa("a@b@c".into()))
        );
        assert_eq!(
            upi_uri(SHOP_VPA, SHOP, Money::ZERO, "1"),
            Err(UpiError::NotPositive)
        );
    }

    /// Rebuilds a greyscale picture from the drawn lines (4 pixels a module,
    /// a white margin) and reads it with a real QR decoder.
    fn decode(lines: &[String], ink: Ink) -> String {
        let cols = lines[0].chars().count();
        let rows = lines.len() * 2;
        let (scale, margin) = (4, 8);
        let mut dark = vec![false; cols * rows];
        for (r, line) in lines.iter().enumerate() {
            assert_eq!(line.chars().count(), cols, "ragged line");
            for (x, c) in line.chars().enumerate() {
                let (top, bottom) = match c {
                    '█' => (true, true),
                    '▀' => (true, false),
                    '▄' => (false, true),
                    ' ' => (false, false),
                    other => panic!("unexpected {other:?}"),
                };
                let inked = |v: bool| if ink == Ink::Dark { v } else { !v };
                dark[2 * r * cols + x] = inked(top);
                dark[(2 * r + 1) * cols + x] = inked(bottom);
            }
        }
        if ink == Ink::Light {
            // The half row below an odd-sized code is outside it: light.
            for x in 0..cols {
                dark[(rows - 1) * cols + x] = false;
            }
        }
        let (w, h) = (cols * scale + 2 * margin, rows * scale + 2 * margin);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
            let inside = x >= margin && y >= margin && x < w - margin && y < h - margin;
            let on = inside && dark[((y - margin) / scale) * cols + (x - margin) / scale];
            if on { 0 } else { 255 }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code in the picture");
        grids[0].decode().expect("decodes").1
    }

    #[test]
    fn the_drawn_matrix_decodes_to_the_exact_uri() {
        let uri = typical();
        for ecc in [Ecc::Low, Ecc::Medium] {
            let qr = TermQr::new(&uri, ecc).expect("qr");
            for ink in [Ink::Dark, Ink::Light] {
                let lines = qr.lines(ink);
                assert_eq!((lines[0].chars().count(), lines.len()), qr.size());
                assert_eq!(decode(&lines, ink), uri, "{ecc:?} {ink:?}");
            }
        }
    }

    #[test]
    fn a_typical_code_fits_an_80x24_popup_beside_the_amount() {
        let uri = typical();
        let medium = TermQr::new(&uri, Ecc::Medium).expect("M");
        let low = TermQr::new(&uri, Ecc::Low).expect("L");
        eprintln!(
            "URI {} bytes: M {} modules → {:?} chars; L {} modules → {:?} chars",
            uri.len(),
            medium.modules(),
            medium.size(),
            low.modules(),
            low.size()
        );
        // An 80x24 screen less the popup border and title leaves 78x21;
        // the amount and bill number need about 30 columns beside the code.
        let qr = TermQr::fit(&uri, 46, 21).expect("fits");
        assert_eq!(qr.ecc(), Ecc::Low);
        assert_eq!(qr.size(), (41, 21));
        assert!(matches!(
            TermQr::fit(&uri, 30, 10),
            Err(UpiError::DoesNotFit { .. })
        ));
        let short = upi_uri("ab@upi", "AB", Money(100), "C1-1").expect("uri");
        assert_eq!(
            TermQr::fit(&short, 46, 21).map(|q| q.ecc()),
            Ok(Ecc::Medium)
        );
        assert_eq!(
            TermQr::new(&"x".repeat(4000), Ecc::Low),
            Err(UpiError::TooLong)
        );
    }
}
