//! Text a receipt printer cannot print from its code page (Devanagari above
//! all) drawn as a raster image: shaped with rustybuzz (conjuncts, the
//! reordered ि), its glyphs filled with ab_glyph from Noto Sans Devanagari
//! and a Latin subset of Noto Sans (both OFL, `assets/fonts/`), and sent as ESC/POS `GS v 0` — 8 dots a byte,
//! most significant bit leftmost, one bit per dot, 1 = black. One printed
//! line is one image 24 dots high (the height of the standard font), never
//! wider than the paper.

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};

use super::escpos::GS;

/// The fonts, compiled in: Devanagari, and the Latin letters (a subset of
/// Noto Sans: printable ASCII, Latin-1 and ₹) that font lacks.
const DEVANAGARI: &[u8] = include_bytes!("../../assets/fonts/NotoSansDevanagari-Regular.ttf");
const LATIN: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Latin-Regular.ttf");

/// Dots per character column of the standard font (12 × 24).
pub const DOTS_PER_COLUMN: usize = 12;
/// The height of one raster line, in dots.
pub const LINE_DOTS: usize = 24;

/// A 1-bit image, rows top to bottom, each `width / 8` bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bitmap {
    /// Width in dots (a multiple of 8).
    pub width: usize,
    /// Height in dots.
    pub height: usize,
    /// The rows, MSB leftmost, 1 = black.
    pub bits: Vec<u8>,
}

impl Bitmap {
    /// Whether the dot at (x, y) is black.
    pub fn get(&self, x: usize, y: usize) -> bool {
        let byte = self.bits[y * self.width / 8 + x / 8];
        byte & (0x80 >> (x % 8)) != 0
    }

    /// How many dots are black.
    pub fn ink(&self) -> usize {
        self.bits.iter().map(|b| b.count_ones() as usize).sum()
    }
}

/// Which font draws `c`: Latin for ASCII and Latin-1, else Devanagari.
fn latin(c: char) -> bool {
    (c as u32) < 0x100 || c == '₹'
}

/// Whether the fonts have a glyph for every character of `text`.
pub fn covers(text: &str) -> bool {
    let (Ok(deva), Ok(lat)) = (
        FontRef::try_from_slice(DEVANAGARI),
        FontRef::try_from_slice(LATIN),
    ) else {
        return false;
    };
    text.chars().filter(|c| !c.is_whitespace()).all(|c| {
        let font = if latin(c) { &lat } else { &deva };
        font.glyph_id(c).0 != 0
    })
}

/// `text` drawn as one line `width` dots wide (left-aligned, or centred),
/// `LINE_DOTS` high; `None` if a font cannot be read. Each run of Latin or
/// Devanagari characters is shaped with its own font.
pub fn render(text: &str, width: usize, centre: bool) -> Option<Bitmap> {
    let width = width.div_ceil(8).max(1) * 8;
    let faces = [
        (
            rustybuzz::Face::from_slice(LATIN, 0)?,
            FontRef::try_from_slice(LATIN).ok()?,
        ),
        (
            rustybuzz::Face::from_slice(DEVANAGARI, 0)?,
            FontRef::try_from_slice(DEVANAGARI).ok()?,
        ),
    ];
    // The glyphs are as tall as the line: ascender to descender in 24 dots.
    let scale = PxScale::from(LINE_DOTS as f32);
    let baseline = faces[1].1.as_scaled(scale).ascent();
    let mut runs: Vec<(usize, String)> = Vec::new();
    for c in text.chars() {
        let which = usize::from(!latin(c));
        match runs.last_mut() {
            Some((w, run)) if *w == which => run.push(c),
            _ => runs.push((which, c.to_string())),
        }
    }
    let mut placed = Vec::new();
    let mut pen = 0.0f32;
    for (which, run) in runs {
        let (face, font) = &faces[which];
        let per_unit = font.as_scaled(scale).h_scale_factor();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&run);
        let shaped = rustybuzz::shape(face, &[], buffer);
        for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
            let x = pen + pos.x_offset as f32 * per_unit;
            let y = -(pos.y_offset as f32) * per_unit;
            let id = u16::try_from(info.glyph_id).unwrap_or(0);
            placed.push((which, GlyphId(id), x, y));
            pen += pos.x_advance as f32 * per_unit;
        }
    }
    let used = (pen.ceil() as usize).min(width);
    let left = if centre { (width - used) / 2 } else { 0 } as f32;
    let mut bits = vec![0u8; width / 8 * LINE_DOTS];
    for (which, id, x, y) in placed {
        let glyph = id.with_scale_and_position(scale, point(left + x, baseline + y));
        let Some(outline) = faces[which].1.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let (px, py) = (
                bounds.min.x as i64 + i64::from(gx),
                bounds.min.y as i64 + i64::from(gy),
            );
            if coverage >= 0.5
                && (0..width as i64).contains(&px)
                && (0..LINE_DOTS as i64).contains(&py)
            {
                let (px, py) = (px as usize, py as usize);
                bits[py * width / 8 + px / 8] |= 0x80 >> (px % 8);
            }
        });
    }
    Some(Bitmap {
        width,
        height: LINE_DOTS,
        bits,
    })
}

/// `GS v 0`: print `bitmap` as a raster image at normal density.
pub fn gs_v_0(out: &mut Vec<u8>, bitmap: &Bitmap) {
    let bytes_wide = bitmap.width / 8;
    let [xl, xh] = u16::try_from(bytes_wide).unwrap_or(u16::MAX).to_le_bytes();
    let [yl, yh] = u16::try_from(bitmap.height)
        .unwrap_or(u16::MAX)
        .to_le_bytes();
    out.extend([GS, b'v', b'0', 0, xl, xh, yl, yh]);
    out.extend(&bitmap.bits);
}

/// Reads a `GS v 0` image back (tests, and anyone checking the bytes):
/// the bitmap and how many bytes the command took.
pub fn read_gs_v_0(bytes: &[u8]) -> Option<(Bitmap, usize)> {
    let [a, b, c, _mode, xl, xh, yl, yh, ..] = *bytes else {
        return None;
    };
    if [a, b, c] != [GS, b'v', b'0'] {
        return None;
    }
    let bytes_wide = usize::from(u16::from_le_bytes([xl, xh]));
    let height = usize::from(u16::from_le_bytes([yl, yh]));
    let len = bytes_wide * height;
    let bits = bytes.get(8..8 + len)?.to_vec();
    Some((
        Bitmap {
            width: bytes_wide * 8,
            height,
            bits,
        },
        8 + len,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_devanagari_name_becomes_a_line_of_ink() {
        assert!(covers("साबुन नीम"), "the font has Devanagari");
        assert!(covers("सूती कुर्ता M Blue ₹499"), "and Latin beside it");
        let b = render("साबुन नीम", 576, false).expect("font");
        assert_eq!((b.width, b.height, b.bits.len()), (576, 24, 72 * 24));
        assert!(b.ink() > 100, "ink: {}", b.ink());
        // Left-aligned: nothing drawn in the right half of 80 mm paper.
        assert!((300..576).all(|x| (0..24).all(|y| !b.get(x, y))));
        let mut out = Vec::new();
        gs_v_0(&mut out, &b);
        let (back, used) = read_gs_v_0(&out).expect("reads back");
        assert_eq!((back, used), (b, out.len()));
    }
}
