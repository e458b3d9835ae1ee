//! Devanagari written in Latin letters, for search: a cashier who types
//! "ghee", "dupatta" or "kurta" finds देसी घी, दुपट्टा and सूती कुर्ता. Each
//! consonant carries its inherent "a" unless a vowel sign or virama
//! follows, and drops it at the end of a word, as Hindi is spoken; long
//! vowels are given both ways ("desi ghi desee ghee"), since shops spell
//! them either way. Not a scholarly transliteration: only what makes a
//! typed search land.

fn consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'क' => "k",
        'ख' => "kh",
        'ग' => "g",
        'घ' => "gh",
        'ङ' | 'ञ' | 'ण' | 'न' => "n",
        'च' => "ch",
        'छ' => "chh",
        'ज' => "j",
        'झ' => "jh",
        'ट' | 'त' => "t",
        'ठ' | 'थ' => "th",
        'ड' | 'द' => "d",
        'ढ' | 'ध' => "dh",
        'प' => "p",
        'फ' => "ph",
        'ब' => "b",
        'भ' => "bh",
        'म' => "m",
        'य' | '\u{95f}' => "y",
        'र' | '\u{95c}' => "r",
        '\u{95d}' => "rh",
        'ल' | 'ळ' => "l",
        'व' => "v",
        'श' | 'ष' => "sh",
        'स' => "s",
        'ह' => "h",
        '\u{958}' => "q",
        '\u{959}' => "kh",
        '\u{95a}' => "g",
        '\u{95b}' => "z",
        '\u{95e}' => "f",
        _ => return None,
    })
}

/// A vowel (independent, or as a sign after a consonant): (short, long).
fn vowel(c: char) -> Option<(&'static str, &'static str)> {
    Some(match c {
        'अ' => ("a", "a"),
        'आ' | 'ा' => ("a", "aa"),
        'इ' | 'ि' => ("i", "i"),
        'ई' | 'ी' => ("i", "ee"),
        'उ' | 'ु' => ("u", "u"),
        'ऊ' | 'ू' => ("u", "oo"),
        'ऋ' | 'ृ' => ("ri", "ri"),
        'ए' | 'े' => ("e", "e"),
        'ऐ' | 'ै' => ("ai", "ai"),
        'ओ' | 'ो' | 'ऑ' | 'ॉ' => ("o", "o"),
        'औ' | 'ौ' => ("au", "au"),
        _ => return None,
    })
}

/// One spelling of `word`; `long` picks "aa ee oo" over "a i u".
fn word(word: &str, long: bool) -> String {
    let mut out = String::new();
    // Whether the last consonant still owes its inherent "a", and how many
    // syllables the word has so far.
    let mut owed = false;
    let mut syllables = 0;
    let chars: Vec<char> = word.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let mut c = chars[i];
        // A nukta makes ड़, ज़ … of the letter before it.
        if chars.get(i + 1) == Some(&'\u{93c}') {
            c = match c {
                'ड' => '\u{95c}',
                'ढ' => '\u{95d}',
                'ज' => '\u{95b}',
                'फ' => '\u{95e}',
                'क' => '\u{958}',
                'ख' => '\u{959}',
                'ग' => '\u{95a}',
                'य' => '\u{95f}',
                other => other,
            };
            i += 1;
        }
        if let Some(k) = consonant(c) {
            if owed {
                out.push('a');
            }
            out.push_str(k);
            owed = true;
            syllables += 1;
        } else if let Some((short, long_form)) = vowel(c) {
            owed = false;
            let independent = !('\u{93e}'..='\u{94c}').contains(&c);
            if independent {
                syllables += 1;
            }
            out.push_str(if long { long_form } else { short });
        } else {
            match c {
                '\u{94d}' => owed = false, // virama: no vowel
                'ं' | 'ँ' => {
                    if owed {
                        out.push('a');
                        owed = false;
                    }
                    out.push('n');
                }
                'ः' => out.push('h'),
                '०'..='९' => {
                    if owed {
                        out.push('a');
                        owed = false;
                    }
                    out.push(char::from(b'0' + (c as u32 - '०' as u32) as u8));
                }
                other if other.is_ascii() => {
                    if owed {
                        out.push('a');
                        owed = false;
                    }
                    out.push(other.to_ascii_lowercase());
                }
                _ => {}
            }
        }
        i += 1;
    }
    // A lone consonant keeps its "a" (न is "na"); longer words drop it.
    if owed && syllables < 2 {
        out.push('a');
    }
    out
}

/// `text` in Latin letters when it has Devanagari in it: the short
/// spelling, then the long one when it differs ("desi ghi desee ghee").
pub fn roman(text: &str) -> Option<String> {
    if !text.chars().any(|c| ('\u{900}'..='\u{97f}').contains(&c)) {
        return None;
    }
    let spell = |long: bool| {
        text.split_whitespace()
            .map(|w| word(w, long))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (short, long) = (spell(false), spell(true));
    Some(if short == long {
        short
    } else {
        format!("{short} {long}")
    })
}

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn shop_words_come_out_as_shops_spell_them() {
        for (hindi, want) in [
            ("देसी घी", "desi ghi desee ghee"),
            ("दुपट्टा", "dupatta dupattaa"),
            ("सूती कुर्ता", "suti kurta sootee kurtaa"),
            ("तूर दाल", "tur dal toor daal"),
            ("चावल", "chaval chaaval"),
            ("बनारसी साड़ी", "banarasi sari banaarasee saaree"),
            ("अमित कुमार", "amit kumar amit kumaar"),
            ("मूंग", "mung moong"),
            ("न", "na"),
            ("चावल D2", "chaval d2 chaaval d2"),
        ] {
            assert_eq!(roman(hindi).as_deref(), Some(want), "{hindi}");
        }
        assert_eq!(roman("Cotton Kurta"), None, "Latin text needs none");
    }
}
