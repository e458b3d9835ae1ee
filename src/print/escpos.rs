//! ESC/POS bytes for a laid-out receipt: ESC @ to initialise, ESC a for
//! alignment, ESC E for bold, GS ( k for the UPI link as a printer-made QR
//! code (model 2), ESC d to feed, GS V to cut and, when asked, ESC p to kick
//! the cash drawer. Only commands every Epson-compatible thermal printer
//! knows, no code-page switching: a line the code page cannot print
//! (Devanagari) goes as a `GS v 0` raster image of the shaped text
//! (`raster`), unless the printer takes UTF-8.

use unicode_width::UnicodeWidthChar;

use super::doc::{Align, Block, Doc};

/// ESC.
pub const ESC: u8 = 0x1B;
/// GS.
pub const GS: u8 = 0x1D;
/// Line feed.
pub const LF: u8 = 0x0A;

/// Printer options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EscPos {
    /// Pulse the cash drawer after the cut.
    pub drawer_kick: bool,
    /// QR module size in printer dots, 1 to 16 (6 scans well on 80 mm).
    pub qr_module: u8,
    /// Send text as UTF-8 (printers switched to UTF-8); otherwise ASCII,
    /// with a line holding anything else drawn as an image (`raster`), or
    /// printed as '?' per column it takes.
    pub utf8: bool,
    /// Draw lines the code page cannot print as raster images.
    pub raster: bool,
}

impl EscPos {
    /// Whether `text` would print illegibly ('?' marks): not ASCII, the
    /// printer not on UTF-8 and no raster image for it.
    pub fn garbles(&self, text: &str) -> bool {
        needs_image(text) && !self.utf8 && !(self.raster && super::raster::covers(text))
    }
}

/// Whether a line holds characters no code page prints (₹ prints as Rs,
/// dashes as '-').
fn needs_image(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_ascii() && !matches!(c, '₹' | '—' | '–'))
}

impl Default for EscPos {
    fn default() -> EscPos {
        EscPos {
            drawer_kick: false,
            qr_module: 6,
            utf8: false,
            raster: true,
        }
    }
}

/// The receipt as ESC/POS bytes.
pub fn encode(doc: &Doc, opts: &EscPos) -> Vec<u8> {
    let mut out = vec![ESC, b'@'];
    let (mut align, mut bold) = (Align::Left, false);
    for block in &doc.blocks {
        match block {
            Block::Line(line)
                if opts.raster
                    && !opts.utf8
                    && needs_image(&line.text)
                    && super::raster::covers(&line.text) =>
            {
                let dots = doc.width * super::raster::DOTS_PER_COLUMN;
                let centre = line.align == Align::Center;
                match super::raster::render(&line.text, dots, centre) {
                    Some(image) => {
                        set_align(&mut out, &mut align, Align::Left);
                        super::raster::gs_v_0(&mut out, &image);
                    }
                    None => {
                        text(&mut out, &line.text, false);
                        out.push(LF);
                    }
                }
            }
            Block::Line(line) => {
                set_align(&mut out, &mut align, line.align);
                if line.bold != bold {
                    out.extend([ESC, b'E', u8::from(line.bold)]);
                    bold = line.bold;
                }
                text(&mut out, &line.text, opts.utf8);
                out.push(LF);
            }
            Block::Qr(data) => {
                set_align(&mut out, &mut align, Align::Center);
                qr(&mut out, data.as_bytes(), opts.qr_module.clamp(1, 16));
                out.push(LF);
            }
        }
    }
    if bold {
        out.extend([ESC, b'E', 0]);
    }
    set_align(&mut out, &mut align, Align::Left);
    // Feed past the cutter, then a partial cut (function B: feed 3 more).
    out.extend([ESC, b'd', 3, GS, b'V', 66, 3]);
    if opts.drawer_kick {
        // Pin 2, 50 ms on, 500 ms off.
        out.extend([ESC, b'p', 0, 25, 250]);
    }
    out
}

fn set_align(out: &mut Vec<u8>, current: &mut Align, want: Align) {
    if *current != want {
        let n = match want {
            Align::Left => 0,
            Align::Center => 1,
        };
        out.extend([ESC, b'a', n]);
        *current = want;
    }
}

fn text(out: &mut Vec<u8>, s: &str, utf8: bool) {
    for c in s.chars() {
        if c.is_ascii_graphic() || c == ' ' {
            out.push(c as u8);
        } else if c == '₹' {
            out.extend(b"Rs");
        } else if matches!(c, '—' | '–') && !utf8 {
            out.push(b'-');
        } else if utf8 && !c.is_control() {
            let mut buf = [0u8; 4];
            out.extend(c.encode_utf8(&mut buf).as_bytes());
        } else {
            // Keep the columns: one '?' per column the character takes.
            let w = UnicodeWidthChar::width(c).unwrap_or(0);
            out.extend(std::iter::repeat_n(b'?', w));
        }
    }
}

/// GS ( k: select model 2, module size, error correction M, store, print.
fn qr(out: &mut Vec<u8>, data: &[u8], module: u8) {
    out.extend([GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
    out.extend([GS, b'(', b'k', 3, 0, 49, 67, module]);
    out.extend([GS, b'(', b'k', 3, 0, 49, 69, 49]);
    // A QR code holds at most 2,953 bytes (7,089 digits), far under u16.
    let len = data.len().min(7089) + 3;
    let [p_l, p_h] = u16::try_from(len).unwrap_or(u16::MAX).to_le_bytes();
    out.extend([GS, b'(', b'k', p_l, p_h, 49, 80, 48]);
    out.extend(&data[..len - 3]);
    out.extend([GS, b'(', b'k', 3, 0, 49, 81, 48]);
}
