//! EAN-13 barcodes: the check digit, and whether a scanned code is one.
//! Used by the demo generator and the catalogue import; no I/O.

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

#[cfg(test)]
mod tests {
    use super::*;

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
