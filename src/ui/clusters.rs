//! Devanagari on a real terminal. ratatui keeps a grapheme cluster such as
//! `मि` (two code points, each a cell wide) in one cell and hides the cell
//! after it; tmux and VTE-style terminals keep one code point per cell (the
//! same total width, so columns agree). The difference bites when a frame
//! changes: writing `P` over `म` leaves the terminal's `ि` behind (stray
//! marks), and a popup border drawn in the hidden cell is never sent (a box
//! that loses its left edge). The policy here: after each layer is drawn,
//! every cluster that spans several cells is split into one cell per
//! spacing code point, each carrying the zero-width marks that follow it —
//! the terminal's own model — so ratatui's diff sends what the terminal
//! holds. A genuinely wide character (CJK, emoji) stays whole.

use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthChar;

/// The pieces a terminal puts in cells: each code point with a width
/// starts one, zero-width marks join the one before. `None` when the
/// cluster is not one cell per piece (a wide character).
fn pieces(cluster: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for c in cluster.chars() {
        match c.width().unwrap_or(0) {
            0 => match out.last_mut() {
                Some(p) => p.push(c),
                None => out.push(c.to_string()),
            },
            1 => out.push(c.to_string()),
            _ => return None,
        }
    }
    Some(out)
}

/// Splits every multi-cell cluster in `buf` into the cells the terminal
/// gives it. A cluster whose hidden cells were drawn over since (a popup's
/// border) keeps only its first piece, so what covers it shows.
pub fn split(buf: &mut Buffer) {
    let area = buf.area;
    for y in area.top()..area.bottom() {
        let mut x = area.left();
        while x < area.right() {
            let symbol = buf[(x, y)].symbol().to_string();
            let Some(parts) = pieces(&symbol).filter(|p| p.len() > 1) else {
                x += 1;
                continue;
            };
            let width = parts.len() as u16;
            let covered =
                (1..width).any(|i| x + i >= area.right() || buf[(x + i, y)].symbol() != " ");
            let template = buf[(x, y)].clone();
            for (i, part) in parts.iter().enumerate() {
                let at = x + i as u16;
                if at >= area.right() || (covered && i > 0) {
                    break;
                }
                let mut cell = template.clone();
                cell.set_symbol(part);
                buf[(at, y)] = cell;
            }
            x += if covered { 1 } else { width };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    fn row(buf: &Buffer, y: u16) -> Vec<String> {
        (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect()
    }

    #[test]
    fn a_cluster_becomes_one_cell_per_spacing_code_point() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        buf.set_string(0, 0, "दुपट्टा|", Style::default().fg(Color::Red));
        // ratatui: "दु" "प" "ट्टा" (3 wide) then two hidden cells.
        assert_eq!(buf[(2, 0)].symbol(), "ट\u{94d}टा");
        split(&mut buf);
        assert_eq!(
            row(&buf, 0)[..6],
            ["द\u{941}", "प", "ट\u{94d}", "ट", "ा", "|"]
        );
        assert_eq!(buf[(4, 0)].fg, Color::Red, "the style goes with each piece");
        let again = buf.clone();
        split(&mut buf);
        assert_eq!(buf, again, "splitting twice changes nothing");
    }

    #[test]
    fn a_border_drawn_in_a_hidden_cell_stays_and_wide_characters_stay_whole() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 8, 1));
        buf.set_string(0, 0, "मि कि", Style::default());
        buf.set_string(1, 0, "│", Style::default());
        split(&mut buf);
        assert_eq!(row(&buf, 0)[..4], ["म", "│", " ", "क"]);
        let mut wide = Buffer::empty(Rect::new(0, 0, 4, 1));
        wide.set_string(0, 0, "コa", Style::default());
        let before = wide.clone();
        split(&mut wide);
        assert_eq!(wide, before);
    }
}
