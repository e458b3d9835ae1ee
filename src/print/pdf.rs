//! A minimal PDF writer for text documents (khata statements, the staff
//! month sheet): A4 pages of lines in the standard Courier font (monospaced, so padded columns line up; every PDF
//! reader has it, so nothing is embedded), a new page when one is full, and
//! a correct cross-reference table so any reader opens it.

const PAGE_W: f32 = 595.0;
const PAGE_H: f32 = 842.0;
const MARGIN: f32 = 50.0;

/// Escapes a string for a PDF literal and encodes it as Latin-1 bytes
/// (the caller keeps to Latin-1).
fn literal(text: &str, out: &mut Vec<u8>) {
    out.push(b'(');
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                out.push(c as u8);
            }
            c if (c as u32) < 256 => out.push(c as u32 as u8),
            _ => out.push(b'?'),
        }
    }
    out.push(b')');
}

/// The content streams, one per page, for `rows` of (font size, text).
fn pages(rows: &[(f32, String)]) -> Vec<Vec<u8>> {
    let mut pages = Vec::new();
    let mut page: Vec<u8> = Vec::new();
    let mut y = PAGE_H - MARGIN;
    for (size, text) in rows {
        let step = size * 1.4;
        if y - step < MARGIN {
            pages.push(std::mem::take(&mut page));
            y = PAGE_H - MARGIN;
        }
        y -= step;
        page.extend_from_slice(format!("BT /F1 {size} Tf {MARGIN} {y:.1} Td ").as_bytes());
        literal(text, &mut page);
        page.extend_from_slice(b" Tj ET\n");
    }
    pages.push(page);
    pages
}

/// A complete PDF file of `rows`.
pub fn document(rows: &[(f32, String)]) -> Vec<u8> {
    let contents = pages(rows);
    let n = contents.len();
    // Objects: 1 catalog, 2 pages, 3 font, then (page, content) per page.
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>".to_vec(),
    );
    for (i, c) in contents.into_iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", c.len()).into_bytes();
        stream.extend_from_slice(&c);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Money for the PDF's font: `Rs. 1,234.50`.
pub fn rs(m: galla_domain::Money) -> String {
    let sign = if m < galla_domain::Money::ZERO {
        "-"
    } else {
        ""
    };
    format!("{sign}Rs. {}", m.abs().format_plain())
}

/// `text` in Latin-1 for the PDF's font: `₹` as `Rs.`, dashes plain,
/// anything else outside Latin-1 as `?`.
pub fn latin1(text: &str) -> String {
    text.replace('₹', "Rs. ")
        .replace(['—', '–'], "-")
        .chars()
        .map(|c| if (c as u32) < 256 { c } else { '?' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let rows: Vec<(f32, String)> = (0..120).map(|i| (10.0, format!("line (x) {i}"))).collect();
        let pdf = document(&rows);
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.contains("/Count 3"), "120 lines need three pages");
        assert!(text.contains("(line \\(x\\) 0)"), "parentheses escaped");
        let start = pdf
            .windows(10)
            .rposition(|w| w == b"startxref\n")
            .map(|i| i + 10)
            .expect("startxref");
        let at: usize = text_of(&pdf[start..])
            .lines()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("offset");
        assert!(pdf[at..].starts_with(b"xref"));
        let table = text_of(&pdf[at..]);
        for (k, line) in table
            .lines()
            .skip(3)
            .take_while(|l| l.ends_with(" n "))
            .enumerate()
        {
            let o: usize = line[..10].parse().expect("offset");
            assert!(
                pdf[o..].starts_with(format!("{} 0 obj", k + 1).as_bytes()),
                "{line}"
            );
        }
    }
}
