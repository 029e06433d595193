//! A small BCP 47 (RFC 5646) well-formedness check for language tags.

/// True when `tag` is a well-formed BCP 47 language tag of the common shape
/// `language[-script][-region][-variant]*[-extension]*[-x-private]`, e.g.
/// `en`, `en-GB`, `cy`, `zh-Hant-TW`, `sr-Latn`, `es-419`.
pub fn is_valid_bcp47(tag: &str) -> bool {
    let mut parts = tag.split('-').peekable();
    let Some(language) = parts.next() else { return false };
    // Registered 5-8 letter language subtags do not exist in practice; a word
    // such as `english` is far more likely a mistake than a valid tag.
    let language_ok = (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_alphabetic());
    if !language_ok {
        return false;
    }
    let mut stage: u8 = 0; // 0: script next, 1: region next, 2: variants/extensions
    while let Some(part) = parts.next() {
        let alpha = part.chars().all(|c| c.is_ascii_alphabetic());
        let digit = part.chars().all(|c| c.is_ascii_digit());
        let alnum = part.chars().all(|c| c.is_ascii_alphanumeric());
        if part.is_empty() || !alnum {
            return false;
        }
        if part.len() == 1 {
            // Extension or private use: at least one subtag of 1-8 (2-8 for extensions) follows.
            let private = part.eq_ignore_ascii_case("x");
            let mut count = 0;
            while let Some(next) = parts.peek() {
                if next.len() == 1 && !private {
                    break;
                }
                let min = if private { 1 } else { 2 };
                if !(min..=8).contains(&next.len()) || !next.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return false;
                }
                parts.next();
                count += 1;
            }
            if count == 0 {
                return false;
            }
            stage = 2;
            continue;
        }
        if stage == 0 && part.len() == 4 && alpha {
            stage = 1;
        } else if is_region(part, stage, alpha, digit) || is_variant(part) {
            stage = 2;
        } else {
            return false;
        }
    }
    true
}

/// A region subtag (two letters or three digits), allowed before any variant.
fn is_region(part: &str, stage: u8, alpha: bool, digit: bool) -> bool {
    stage <= 1 && ((part.len() == 2 && alpha) || (part.len() == 3 && digit))
}

/// A variant subtag: five to eight characters, or four starting with a digit.
fn is_variant(part: &str) -> bool {
    (5..=8).contains(&part.len()) || (part.len() == 4 && part.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::is_valid_bcp47;

    #[test]
    fn accepts_common_tags() {
        for tag in ["en", "en-GB", "cy", "cy-GB", "zh-Hant-TW", "sr-Latn", "es-419", "de-CH-1996", "en-x-plain", "gsw"]
        {
            assert!(is_valid_bcp47(tag), "{tag}");
        }
    }

    #[test]
    fn rejects_malformed_tags() {
        for tag in ["", "e", "english", "en_GB", "en-", "en--GB", "en-GB-", "12", "en-x", "en-GB-a"] {
            assert!(!is_valid_bcp47(tag), "{tag}");
        }
    }
}
