//! EAN-13 barcodes: the check digit, whether a scanned code is one, codes
//! for the shop's own items (the in-store prefixes 200–299, which no
//! manufacturer is given), and the 95 bars and spaces a label draws. Used
//! by the demo generator, the catalogue and labels; no I/O.

/// The check digit for the first 12 digits of an EAN-13.
pub fn ean13_check_digit(first12: &[u8; 12]) -> u8 {
    let sum: u32 = first12
        .iter()
        .enumerate()
        .map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Builds a full EAN-13 string from 12 digits given as a number below 10^12.
pub fn ean13_from_number(n: u64) -> String {
    let mut digits = [0u8; 12];
    let mut rest = n % 1_000_000_000_000;
    for d in digits.iter_mut().rev() {
        *d = (rest % 10) as u8;
        rest /= 10;
    }
    let check = ean13_check_digit(&digits);
    let mut s: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
    s.push(char::from(b'0' + check));
    s
}

/// Whether `code` is 13 digits with a correct check digit.
pub fn is_valid_ean13(code: &str) -> bool {
    let bytes = code.as_bytes();
    if bytes.len() != 13 || !bytes.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut first = [0u8; 12];
    for (d, b) in first.iter_mut().zip(bytes) {
        *d = b - b'0';
    }
    ean13_check_digit(&first) == bytes[12] - b'0'
}

/// An in-store EAN-13 (prefix 200 to 299) made from `seed`: the prefix
/// from its last two decimal digits, the next nine digits from the rest,
/// then the check digit. Counters make codes offline from random seeds, so
/// two counters almost never make the same one (10¹¹ codes).
pub fn in_store(seed: u64) -> String {
    let prefix = 200 + seed % 100;
    let body = (seed / 100) % 1_000_000_000;
    ean13_from_number(prefix * 1_000_000_000 + body)
}

/// Whether `code` is a valid EAN-13 from the in-store range.
pub fn is_in_store(code: &str) -> bool {
    is_valid_ean13(code) && code.starts_with('2')
}

/// Left-hand digits with odd parity (set A).
const L: [u8; 10] = [
    0b0001101, 0b0011001, 0b0010011, 0b0111101, 0b0100011, 0b0110001, 0b0101111, 0b0111011,
    0b0110111, 0b0001011,
];
/// Left-hand digits with even parity (set B): the right-hand codes reversed.
const G: [u8; 10] = [
    0b0100111, 0b0110011, 0b0011011, 0b0100001, 0b0011101, 0b0111001, 0b0000101, 0b0010001,
    0b0001001, 0b0010111,
];
/// Which of the six left digits use set B, by the first digit (bit 5: the
/// second digit of the code).
const PARITY: [u8; 10] = [
    0b000000, 0b001011, 0b001101, 0b001110, 0b010011, 0b011001, 0b011100, 0b010101, 0b010110,
    0b011010,
];

/// The 95 modules of a valid EAN-13, left to right (`true`: a bar): start
/// guard, six left digits, centre guard, six right digits, end guard. The
/// first digit is carried by the parity of the left six. `None` when
/// `code` is not a valid EAN-13.
pub fn modules(code: &str) -> Option<Vec<bool>> {
    if !is_valid_ean13(code) {
        return None;
    }
    let d: Vec<usize> = code.bytes().map(|b| usize::from(b - b'0')).collect();
    let mut out = Vec::with_capacity(95);
    let mut push = |bits: u8, n: u32| {
        for i in (0..n).rev() {
            out.push(bits >> i & 1 == 1);
        }
    };
    push(0b101, 3);
    for (i, &digit) in d[1..7].iter().enumerate() {
        let even = PARITY[d[0]] >> (5 - i) & 1 == 1;
        push(if even { G[digit] } else { L[digit] }, 7);
    }
    push(0b01010, 5);
    for &digit in &d[7..13] {
        // Right-hand codes are the left odd-parity codes inverted.
        push(!L[digit] & 0x7F, 7);
    }
    push(0b101, 3);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the digits back from modules, by the standard's tables written
    /// out again as text (so a slip in the encoder's tables shows).
    fn decode(m: &[bool]) -> String {
        let l = [
            "0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011",
            "0110111", "0001011",
        ];
        let parity = [
            "LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG",
            "LGLGGL", "LGGLGL",
        ];
        let text: String = m.iter().map(|&b| if b { '1' } else { '0' }).collect();
        let digit = |s: &str| -> (usize, char) {
            if let Some(i) = l.iter().position(|c| *c == s) {
                return (i, 'L');
            }
            let rev: String = s.chars().rev().collect();
            let inv: String = rev
                .chars()
                .map(|c| if c == '1' { '0' } else { '1' })
                .collect();
            (l.iter().position(|c| *c == inv).expect("a digit"), 'G')
        };
        let mut left = String::new();
        let mut pattern = String::new();
        for i in 0..6 {
            let (d, p) = digit(&text[3 + 7 * i..10 + 7 * i]);
            left.push(char::from(b'0' + d as u8));
            pattern.push(p);
        }
        let first = parity.iter().position(|p| *p == pattern).expect("parity");
        let mut right = String::new();
        for i in 0..6 {
            let s = &text[50 + 7 * i..57 + 7 * i];
            let inv: String = s
                .chars()
                .map(|c| if c == '1' { '0' } else { '1' })
                .collect();
            let d = l.iter().position(|c| *c == inv).expect("a right digit");
            right.push(char::from(b'0' + d as u8));
        }
        format!("{first}{left}{right}")
    }

    #[test]
    fn bars_read_back_as_the_code_with_their_guards() {
        for code in [
            "5901234123457",
            "4006381333931",
            "8901000000019",
            "2001234567893",
        ] {
            let m = modules(code).expect("valid");
            assert_eq!(m.len(), 95);
            assert_eq!(&m[..3], &[true, false, true]);
            assert_eq!(&m[45..50], &[false, true, false, true, false]);
            assert_eq!(&m[92..], &[true, false, true]);
            assert_eq!(decode(&m), code);
        }
        assert_eq!(modules("5901234123458"), None, "a wrong check digit");
    }

    #[test]
    fn in_store_codes_are_valid_and_in_the_200_to_299_range() {
        for seed in [0u64, 1, 99, 100, 12_345_678_901_234, u64::MAX] {
            let code = in_store(seed);
            assert!(is_in_store(&code), "{code}");
            let prefix: u32 = code[..3].parse().expect("digits");
            assert!((200..=299).contains(&prefix), "{code}");
        }
        assert_ne!(in_store(1), in_store(2));
        assert!(!is_in_store("8901000000019"));
    }

    #[test]
    fn known_codes_validate() {
        assert!(is_valid_ean13("5901234123457"));
        assert!(is_valid_ean13("4006381333931"));
        assert!(!is_valid_ean13("4006381333932"));
        assert!(!is_valid_ean13("400638133393"));
        assert!(!is_valid_ean13("40063813339a1"));
    }

    #[test]
    fn built_codes_are_valid() {
        for n in [0u64, 1, 890_123_456_789, 999_999_999_999, 123] {
            let code = ean13_from_number(n);
            assert_eq!(code.len(), 13);
            assert!(is_valid_ean13(&code), "{code}");
        }
    }
}
