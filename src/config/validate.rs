//! Checks for single config values (GSTIN, state code, counter code, UPI ID,
//! server URL, time zone). Each takes the text as written and returns the
//! cleaned value or a sentence saying what was expected; the caller adds
//! the file, line and column. No I/O.

use chrono_tz::Tz;

use crate::ui::keymap::near_matches;

/// An example GSTIN that passes every check, for messages.
const GSTIN_EXAMPLE: &str = "27AAPFU0939F1ZV";
const BASE36: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// A GSTIN: 15 characters, `\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]`, a
/// state code 01–38 and a correct check character. Lowercase is accepted
/// and returned in capitals.
pub fn gstin(raw: &str) -> Result<String, String> {
    let g = raw.trim().to_ascii_uppercase();
    let bad = |why: String| Err(format!("GSTIN \"{raw}\" is not valid — {why}"));
    let n = g.chars().count();
    if n != 15 {
        return bad(format!(
            "it has {n} characters, expected 15, e.g. \"{GSTIN_EXAMPLE}\""
        ));
    }
    let b = g.as_bytes();
    let shape = b[..2].iter().all(u8::is_ascii_digit)
        && b[2..7].iter().all(u8::is_ascii_uppercase)
        && b[7..11].iter().all(u8::is_ascii_digit)
        && b[11].is_ascii_uppercase()
        && (b[12].is_ascii_uppercase() || matches!(b[12], b'1'..=b'9'))
        && b[13] == b'Z'
        && b[14].is_ascii_alphanumeric();
    if !shape {
        return bad(format!(
            "expected a 2-digit state code, the 10-character PAN, an entity number, \
             \"Z\" and a check character, e.g. \"{GSTIN_EXAMPLE}\""
        ));
    }
    if state_code(&g[..2]).is_err() {
        return bad(format!(
            "it starts with \"{}\", which is not a state code (01 to 38)",
            &g[..2]
        ));
    }
    let expected = gstin_check_char(&b[..14]);
    if b[14] != expected {
        return bad(format!(
            "its last character should be \"{}\" — check it for a typing mistake",
            char::from(expected)
        ));
    }
    Ok(g)
}

/// The GSTIN check character: base-36 Luhn (mod 36) over the first 14.
fn gstin_check_char(first14: &[u8]) -> u8 {
    let mut sum = 0;
    for (i, c) in first14.iter().enumerate() {
        let value = BASE36.iter().position(|x| x == c).unwrap_or(0);
        let product = value * if i % 2 == 0 { 1 } else { 2 };
        sum += product / 36 + product % 36;
    }
    BASE36[(36 - sum % 36) % 36]
}

/// A GST state code: one or two digits, 01 to 38, returned as two digits.
pub fn state_code(raw: &str) -> Result<String, String> {
    let t = raw.trim();
    match t.parse::<u8>() {
        Ok(n @ 1..=38) if t.len() <= 2 => Ok(format!("{n:02}")),
        _ => Err(format!(
            "state code \"{raw}\" is not valid — expected two digits from 01 to 38, \
             e.g. \"27\" for Maharashtra"
        )),
    }
}

/// A counter code: 1 to 4 capital letters or digits.
pub fn counter_code(raw: &str) -> Result<String, String> {
    let ok = (1..=4).contains(&raw.len())
        && raw
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if ok {
        Ok(raw.to_string())
    } else {
        Err(format!(
            "counter code \"{raw}\" is not valid — expected 1 to 4 capital letters or digits, \
             e.g. \"C1\""
        ))
    }
}

/// A UPI ID (VPA): `name@bank`, letters, digits, dots, hyphens, underscores.
pub fn upi_vpa(raw: &str) -> Result<String, String> {
    let t = raw.trim();
    let part_ok = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    };
    match t.split_once('@') {
        Some((name, bank)) if part_ok(name) && part_ok(bank) => Ok(t.to_string()),
        _ => Err(format!(
            "UPI ID \"{raw}\" is not valid — expected something like \"myshop@okaxis\""
        )),
    }
}

/// A sync server address: `http://` or `https://` and a host.
pub fn server_url(raw: &str) -> Result<String, String> {
    let t = raw.trim();
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"));
    match rest {
        Some(r) if !r.is_empty() && !r.starts_with('/') && !r.contains(char::is_whitespace) => {
            Ok(t.trim_end_matches('/').to_string())
        }
        _ => Err(format!(
            "server url \"{raw}\" is not valid — expected an address starting with http:// \
             or https://, e.g. \"https://sync.example.in\""
        )),
    }
}

/// An IANA time zone name such as "Asia/Kolkata".
pub fn timezone(raw: &str) -> Result<Tz, String> {
    if let Ok(tz) = raw.trim().parse::<Tz>() {
        return Ok(tz);
    }
    let names = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name());
    let mut near = near_matches(raw, names);
    if raw.trim().eq_ignore_ascii_case("IST") {
        near = vec!["Asia/Kolkata"];
    }
    let hint = match near.first() {
        Some(n) => format!("did you mean \"{n}\"?"),
        None => "expected an IANA name like \"Asia/Kolkata\"".to_string(),
    };
    Err(format!("time zone \"{raw}\" is not known — {hint}"))
}

/// A bill-number prefix: up to 6 capital letters, digits, '-' or '/', so
/// that prefix + counter + number stays within the 16 characters of Rule 46.
pub fn bill_prefix(raw: &str) -> Result<String, String> {
    let p = raw.trim();
    if p.len() <= 6
        && p.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '/')
    {
        Ok(p.to_string())
    } else {
        Err(format!(
            "bill prefix \"{raw}\" is not valid — expected up to 6 capital letters, digits, '-' or '/', e.g. \"INV/\""
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_gstins_pass_and_are_capitalised() {
        for g in ["27AAPFU0939F1ZV", "24AAACC1206D1ZM", "33AAACH7409R1Z8"] {
            assert_eq!(gstin(g), Ok(g.to_string()));
        }
        assert_eq!(
            gstin(" 27aapfu0939f1zv "),
            Ok("27AAPFU0939F1ZV".to_string())
        );
    }

    #[test]
    fn bad_gstins_say_why() {
        let why = |g: &str| gstin(g).err().unwrap_or_default();
        assert!(why("27AAPFU0939F1Z").contains("has 14 characters, expected 15"));
        assert!(why("27AAPFU0939F1XV").contains("PAN"));
        assert!(why("99AAPFU0939F1ZV").contains("not a state code"));
        assert!(why("00AAPFU0939F1ZV").contains("not a state code"));
        assert!(why("27AAPFU0939F1ZW").contains("last character should be \"V\""));
        assert!(why("27AAPFU0939F0ZV").contains("PAN"), "entity number 0");
        assert!(
            why("२७AAPFU0939F1Z").contains("characters"),
            "non-ASCII never panics"
        );
        assert!(!why("27AAPFU0939F1ZVééé").is_empty());
    }

    #[test]
    fn state_codes() {
        assert_eq!(state_code("27"), Ok("27".into()));
        assert_eq!(state_code("7"), Ok("07".into()));
        for bad in ["0", "39", "00", "27a", "", "027", "-1"] {
            assert!(state_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counter_codes() {
        for good in ["C1", "A", "ABCD", "1234"] {
            assert_eq!(counter_code(good), Ok(good.into()));
        }
        for bad in ["", "c1", "C-1", "ABCDE", "Ç1"] {
            assert!(counter_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn upi_ids_and_urls() {
        assert!(upi_vpa("my.shop-1@okaxis").is_ok());
        for bad in ["myshop", "@okaxis", "myshop@", "my shop@ybl", "a@b@c"] {
            assert!(upi_vpa(bad).is_err(), "{bad}");
        }
        assert_eq!(
            server_url("https://sync.example.in/"),
            Ok("https://sync.example.in".into())
        );
        assert!(server_url("http://10.0.0.2:8080").is_ok());
        for bad in [
            "ftp://x",
            "sync.example.in",
            "https://",
            "https:///x",
            "http://a b",
        ] {
            assert!(server_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn time_zones_suggest_a_fix() {
        assert_eq!(timezone("Asia/Kolkata"), Ok(chrono_tz::Asia::Kolkata));
        let why = timezone("Asia/Kolkatta").err().unwrap_or_default();
        assert!(why.contains("did you mean \"Asia/Kolkata\""), "{why}");
        let why = timezone("IST").err().unwrap_or_default();
        assert!(why.contains("Asia/Kolkata"), "{why}");
    }
}
