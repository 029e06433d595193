//! XML Schema simple types used by the manifest schemas, with lexical rules
//! chosen to agree with libxml2 (the engine behind `xmllint --schema`).

use std::cmp::Ordering;

/// A simple type (attribute value or simple element content).
#[derive(Clone, Debug)]
pub enum Simple {
    /// `xs:string` with optional length facets (in characters).
    Str {
        /// minLength.
        min: usize,
        /// maxLength.
        max: usize,
    },
    /// `xs:string` restricted to an enumeration (compared as written).
    StrEnum(&'static [&'static str]),
    /// `xs:token` restricted to an enumeration (whitespace collapsed first).
    TokenEnum(&'static [&'static str]),
    /// `xs:boolean`.
    Bool,
    /// `xs:decimal` with optional inclusive bounds.
    Decimal {
        /// minInclusive.
        min: Option<&'static str>,
        /// maxInclusive.
        max: Option<&'static str>,
    },
    /// `xs:nonNegativeInteger`.
    NonNegInt,
    /// `xs:duration`.
    Duration,
    /// `xs:dateTime`.
    DateTime,
    /// `xs:ID` (registered for uniqueness).
    Id,
    /// `xs:IDREF` (lexical check only, like libxml2: the target is not resolved here).
    IdRef,
    /// `xs:anyURI` with optional length facets.
    AnyUri {
        /// minLength.
        min: usize,
        /// maxLength.
        max: usize,
    },
    /// `xs:language`.
    Language,
    /// `xs:int` (32-bit signed integer), as libxml2 checks the IMS MD
    /// `sizeType` derived from it: surrounding whitespace is not allowed.
    Int,
    /// An attribute with a `fixed` value (no declared type: compared as written).
    Fixed(&'static str),
    /// LOM `DateTimeString`: a pattern on `xs:string` (no whitespace
    /// normalisation) for `YYYY[-MM[-DD[Thh[:mm[:ss[.s+[TZD]]]]]]]`.
    LomDateTime,
    /// LOM `DurationString`: a pattern on `xs:string` for
    /// `P[nY][nM][nD][T[nH][nM][n[.n]S]]` (a bare `P` or `PT` matches).
    LomDuration,
}

/// Any string.
pub const STRING: Simple = Simple::Str { min: 0, max: usize::MAX };
/// Any URI.
pub const URI: Simple = Simple::AnyUri { min: 0, max: usize::MAX };

/// Whitespace `collapse` facet.
pub fn collapse(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r']).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

impl Simple {
    /// Check `value`; `Err` carries a short reason.
    pub fn check(&self, value: &str) -> Result<(), String> {
        match self {
            Simple::Str { min, max } => {
                let n = value.chars().count();
                if n > *max {
                    Err(format!("is {n} characters long, the maximum is {max}"))
                } else if n < *min {
                    Err(format!("is {n} characters long, the minimum is {min}"))
                } else {
                    Ok(())
                }
            }
            Simple::StrEnum(list) => {
                if list.contains(&value) {
                    Ok(())
                } else {
                    Err(format!("is not one of {}", quoted(list)))
                }
            }
            Simple::TokenEnum(list) => {
                if list.contains(&collapse(value).as_str()) {
                    Ok(())
                } else {
                    Err(format!("is not one of {}", quoted(list)))
                }
            }
            Simple::Bool => match collapse(value).as_str() {
                "true" | "false" | "1" | "0" => Ok(()),
                _ => Err("is not a boolean (true, false, 1 or 0)".into()),
            },
            Simple::Decimal { min, max } => {
                let v = collapse(value);
                let Some(d) = Dec::parse(&v) else {
                    return Err("is not a decimal number".into());
                };
                if let Some(m) = min.and_then(Dec::parse)
                    && d.cmp(&m) == Ordering::Less
                {
                    return Err(format!("is less than the minimum {}", min.unwrap_or_default()));
                }
                if let Some(m) = max.and_then(Dec::parse)
                    && d.cmp(&m) == Ordering::Greater
                {
                    return Err(format!("is greater than the maximum {}", max.unwrap_or_default()));
                }
                Ok(())
            }
            Simple::NonNegInt => {
                let v = collapse(value);
                let digits = v
                    .strip_prefix('+')
                    .or_else(|| v.strip_prefix('-').filter(|d| d.bytes().all(|b| b == b'0')))
                    .unwrap_or(&v);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && digits.len() <= 24 {
                    Ok(())
                } else {
                    Err("is not a non-negative integer".into())
                }
            }
            Simple::Duration => {
                if duration(&collapse(value)) {
                    Ok(())
                } else {
                    Err("is not an xs:duration (e.g. PT1H30M)".into())
                }
            }
            Simple::DateTime => {
                if date_time(&collapse(value)) {
                    Ok(())
                } else {
                    Err("is not an xs:dateTime (e.g. 2024-01-31T12:00:00Z)".into())
                }
            }
            Simple::Id | Simple::IdRef => {
                if is_ncname(&collapse(value)) {
                    Ok(())
                } else {
                    Err("is not an NCName (must start with a letter or `_`, no `:` or spaces)".into())
                }
            }
            Simple::AnyUri { min, max } => {
                let v = collapse(value);
                let n = v.chars().count();
                if n > *max {
                    return Err(format!("is {n} characters long, the maximum is {max}"));
                }
                if n < *min {
                    return Err(format!("is {n} characters long, the minimum is {min}"));
                }
                if any_uri(&v) { Ok(()) } else { Err("is not a valid URI reference".into()) }
            }
            Simple::Language => {
                if language(&collapse(value)) {
                    Ok(())
                } else {
                    Err("is not a language tag (e.g. en-GB)".into())
                }
            }
            Simple::Int => {
                // No whitespace collapsing: libxml2 rejects " 12" for the IMS MD
                // sizeType (a restriction of xs:int), and we agree with it.
                let v = value;
                let digits = v.strip_prefix(['+', '-']).unwrap_or(v);
                let in_range = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && {
                    let magnitude = digits.trim_start_matches('0');
                    magnitude.len() < 10
                        || (magnitude.len() == 10
                            && magnitude <= if v.starts_with('-') { "2147483648" } else { "2147483647" })
                };
                if in_range { Ok(()) } else { Err("is not a 32-bit integer (xs:int)".into()) }
            }
            Simple::Fixed(fixed) => {
                if value == *fixed {
                    Ok(())
                } else {
                    Err(format!("must be `{fixed}` (fixed value)"))
                }
            }
            Simple::LomDateTime => {
                if lom_date_time(value) {
                    Ok(())
                } else {
                    Err("is not a LOM date and time (YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], e.g. 2024-05-01T10:00:00.0Z)".into())
                }
            }
            Simple::LomDuration => {
                if lom_duration(value) {
                    Ok(())
                } else {
                    Err("is not a LOM duration (P[nY][nM][nD][T[nH][nM][n[.n]S]], e.g. PT1H30M)".into())
                }
            }
        }
    }

    /// The XSD name of the type, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            Simple::Str { .. } | Simple::StrEnum(_) => "xs:string",
            Simple::TokenEnum(_) => "xs:token",
            Simple::Bool => "xs:boolean",
            Simple::Decimal { .. } => "xs:decimal",
            Simple::NonNegInt => "xs:nonNegativeInteger",
            Simple::Duration => "xs:duration",
            Simple::DateTime => "xs:dateTime",
            Simple::Id => "xs:ID",
            Simple::IdRef => "xs:IDREF",
            Simple::AnyUri { .. } => "xs:anyURI",
            Simple::Language => "xs:language",
            Simple::Int => "xs:int",
            Simple::Fixed(_) => "fixed attribute",
            Simple::LomDateTime => "LOM DateTimeString",
            Simple::LomDuration => "LOM DurationString",
        }
    }
}

fn quoted(list: &[&str]) -> String {
    list.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

/// XML Names NCName (ASCII exact; non-ASCII letters accepted broadly).
pub fn is_ncname(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else { return false };
    let start = |c: char| c.is_ascii_alphabetic() || c == '_' || (!c.is_ascii() && c.is_alphabetic());
    start(first)
        && chars.all(|c| {
            start(c)
                || c.is_ascii_digit()
                || c == '-'
                || c == '.'
                || c == '\u{B7}'
                || (!c.is_ascii() && (c.is_alphanumeric() || is_combining(c)))
        })
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x203F..=0x2040)
}

fn language(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    (1..=8).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// An exact decimal: sign, integer digits (no leading zeros), fraction digits (no trailing zeros).
#[derive(Debug, PartialEq, Eq)]
struct Dec {
    neg: bool,
    int: String,
    frac: String,
}

impl Dec {
    fn parse(s: &str) -> Option<Dec> {
        let (neg, rest) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // libxml2 stores decimals in 24 significant digits and rejects longer ones.
        let int = int.trim_start_matches('0').to_string();
        let frac = frac.trim_end_matches('0').to_string();
        if int.len() + frac.len() > 24 {
            return None;
        }
        let zero = int.is_empty() && frac.is_empty();
        Some(Dec { neg: neg && !zero, int, frac })
    }

    fn cmp(&self, other: &Dec) -> Ordering {
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_abs(other),
            (true, true) => other.cmp_abs(self),
        }
    }

    fn cmp_abs(&self, other: &Dec) -> Ordering {
        self.int
            .len()
            .cmp(&other.int.len())
            .then_with(|| self.int.cmp(&other.int))
            .then_with(|| self.frac.cmp(&other.frac))
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn duration(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some(s) = s.strip_prefix('P') else { return false };
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut any = false;
    let mut rest = date;
    for unit in ['Y', 'M', 'D'] {
        if let Some(i) = rest.find(unit) {
            if !digits(&rest[..i]) {
                return false;
            }
            rest = &rest[i + 1..];
            any = true;
        }
    }
    if !rest.is_empty() {
        return false;
    }
    if let Some(t) = time {
        let mut rest = t;
        let mut any_t = false;
        for unit in ['H', 'M'] {
            if let Some(i) = rest.find(unit) {
                if !digits(&rest[..i]) {
                    return false;
                }
                rest = &rest[i + 1..];
                any_t = true;
            }
        }
        if let Some(num) = rest.strip_suffix('S') {
            let (a, b) = num.split_once('.').unwrap_or((num, "0"));
            if !digits(a) || !digits(b) {
                return false;
            }
            any_t = true;
            rest = "";
        }
        if !rest.is_empty() || !any_t {
            return false;
        }
        any = true;
    }
    any
}

fn num(s: &str, len: usize) -> Option<u32> {
    if s.len() == len && digits(s) { s.parse().ok() } else { None }
}

fn date_time(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let Some((date, time)) = s.split_once('T') else { return false };
    let mut d = date.rsplitn(3, '-');
    let (Some(day), Some(month), Some(year)) = (d.next(), d.next(), d.next()) else { return false };
    if year.len() < 4 || !digits(year) || (year.len() > 4 && year.starts_with('0')) {
        return false;
    }
    let (Some(month), Some(day)) = (num(month, 2), num(day, 2)) else { return false };
    let y: u64 = year.parse().unwrap_or(0);
    if y == 0 {
        return false;
    }
    let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
    let dim = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > dim {
        return false;
    }
    let (clock, tz) = if let Some(c) = time.strip_suffix('Z') {
        (c, None)
    } else if time.len() > 6 && matches!(time.as_bytes()[time.len() - 6], b'+' | b'-') {
        (&time[..time.len() - 6], Some(&time[time.len() - 5..]))
    } else {
        (time, None)
    };
    if let Some(tz) = tz {
        let Some((h, m)) = tz.split_once(':') else { return false };
        let (Some(h), Some(m)) = (num(h, 2), num(m, 2)) else { return false };
        if h > 14 || m > 59 || (h == 14 && m != 0) {
            return false;
        }
    }
    let mut c = clock.splitn(3, ':');
    let (Some(h), Some(m), Some(sec)) = (c.next(), c.next(), c.next()) else { return false };
    let (Some(h), Some(m)) = (num(h, 2), num(m, 2)) else { return false };
    let (si, sf) = sec.split_once('.').unwrap_or((sec, "0"));
    let (Some(si), true) = (num(si, 2), digits(sf)) else { return false };
    let zero_fraction = sf.bytes().all(|b| b == b'0');
    if h == 24 {
        return m == 0 && si == 0 && zero_fraction;
    }
    h < 24 && m < 60 && si < 60
}

/// Consume `n` ASCII digits from the front of `s`, returning their value.
fn take_digits(s: &mut &str, n: usize) -> Option<u32> {
    let head = s.get(..n)?;
    if !digits(head) {
        return None;
    }
    *s = &s[n..];
    head.parse().ok()
}

/// Consume `sep` followed by two digits in `range`.
fn take_part(s: &mut &str, sep: char, range: std::ops::RangeInclusive<u32>) -> Option<bool> {
    match s.strip_prefix(sep) {
        None => Some(false),
        Some(rest) => {
            let mut rest = rest;
            let v = take_digits(&mut rest, 2)?;
            if !range.contains(&v) {
                return None;
            }
            *s = rest;
            Some(true)
        }
    }
}

/// The IEEE LOM `DateTimeString` pattern (common/dataTypes.xsd), anchored:
/// a year other than 0000, then optional month, day, hour, minutes,
/// seconds, fraction and, only after a fraction, a time zone.
fn lom_date_time(s: &str) -> bool {
    fn go(mut s: &str) -> Option<()> {
        let year = take_digits(&mut s, 4)?;
        if year == 0 {
            return None;
        }
        if s.is_empty() || !take_part(&mut s, '-', 1..=12)? {
            return s.is_empty().then_some(());
        }
        if s.is_empty() || !take_part(&mut s, '-', 1..=31)? {
            return s.is_empty().then_some(());
        }
        if s.is_empty() || !take_part(&mut s, 'T', 0..=23)? {
            return s.is_empty().then_some(());
        }
        if s.is_empty() || !take_part(&mut s, ':', 0..=59)? {
            return s.is_empty().then_some(());
        }
        if s.is_empty() || !take_part(&mut s, ':', 0..=59)? {
            return s.is_empty().then_some(());
        }
        if s.is_empty() {
            return Some(());
        }
        let frac = s.strip_prefix('.')?;
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let mut tz = &frac[n..];
        if tz.is_empty() || tz == "Z" {
            return Some(());
        }
        tz = tz.strip_prefix(['+', '-'])?;
        let h = take_digits(&mut tz, 2)?;
        let rest = tz.strip_prefix(':')?;
        let mut rest = rest;
        let m = take_digits(&mut rest, 2)?;
        (h <= 23 && m <= 59 && rest.is_empty()).then_some(())
    }
    go(s).is_some()
}

/// The IEEE LOM `DurationString` pattern, anchored.
fn lom_duration(s: &str) -> bool {
    fn units<'a>(mut s: &'a str, names: &[char]) -> &'a str {
        for unit in names {
            let n = s.bytes().take_while(u8::is_ascii_digit).count();
            if n > 0 && s[n..].starts_with(*unit) {
                s = &s[n + 1..];
            }
        }
        s
    }
    let Some(rest) = s.strip_prefix('P') else { return false };
    let rest = units(rest, &['Y', 'M', 'D']);
    if rest.is_empty() {
        return true;
    }
    let Some(time) = rest.strip_prefix('T') else { return false };
    let mut rest = units(time, &['H', 'M']);
    if rest.is_empty() {
        return true;
    }
    let int = rest.bytes().take_while(u8::is_ascii_digit).count();
    if int == 0 {
        return false;
    }
    rest = &rest[int..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    rest == "S"
}

/// `xs:anyURI` as libxml2 checks it: characters that are not allowed in a URI
/// are replaced, then the result must parse as an RFC 3986 URI reference.
pub fn any_uri(s: &str) -> bool {
    let cleaned: String = s
        .bytes()
        .map(|b| {
            if !(32..127).contains(&b)
                || matches!(b, b' ' | b'<' | b'>' | b'"' | b'{' | b'}' | b'|' | b'\\' | b'^' | b'`')
            {
                '_'
            } else {
                b as char
            }
        })
        .collect();
    uri_reference(&cleaned)
}

fn pct_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 >= b.len() {
                return false;
            }
            if !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')
}
fn is_sub_delim(c: char) -> bool {
    matches!(c, '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '=')
}
fn is_pchar(c: char) -> bool {
    is_unreserved(c) || is_sub_delim(c) || matches!(c, ':' | '@' | '%')
}

fn uri_reference(s: &str) -> bool {
    if !pct_ok(s) {
        return false;
    }
    let (rest, fragment) = match s.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (s, None),
    };
    if let Some(f) = fragment
        && !f.chars().all(|c| is_pchar(c) || c == '/' || c == '?')
    {
        return false;
    }
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    if let Some(q) = query
        && !q.chars().all(|c| is_pchar(c) || c == '/' || c == '?')
    {
        return false;
    }
    // Scheme?
    let mut hier = rest;
    if let Some(colon) = rest.find(':') {
        let before = &rest[..colon];
        if !before.contains('/') {
            let mut cs = before.chars();
            let scheme_ok = cs.next().is_some_and(|c| c.is_ascii_alphabetic())
                && cs.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
            if !scheme_ok {
                return false;
            }
            hier = &rest[colon + 1..];
        }
    }
    let path = if let Some(after) = hier.strip_prefix("//") {
        let end = after.find('/').unwrap_or(after.len());
        let authority = &after[..end];
        if !authority_ok(authority) {
            return false;
        }
        &after[end..]
    } else {
        hier
    };
    path.chars().all(|c| is_pchar(c) || c == '/')
}

fn authority_ok(a: &str) -> bool {
    let host_port = match a.rsplit_once('@') {
        Some((user, hp)) => {
            if !user.chars().all(|c| is_unreserved(c) || is_sub_delim(c) || c == ':' || c == '%') {
                return false;
            }
            hp
        }
        None => a,
    };
    if let Some(lit) = host_port.strip_prefix('[') {
        let Some(end) = lit.find(']') else { return false };
        let inner = &lit[..end];
        let after = &lit[end + 1..];
        return inner.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
            && (after.is_empty() || after.strip_prefix(':').is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit())));
    }
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (host_port, None),
    };
    if let Some(p) = port
        && !p.bytes().all(|b| b.is_ascii_digit())
    {
        return false;
    }
    host.chars().all(|c| is_unreserved(c) || is_sub_delim(c) || c == '%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_compare_exactly() {
        let t = Simple::Decimal { min: Some("-1"), max: Some("1") };
        assert!(t.check("1.000").is_ok());
        assert!(t.check(" -1 ").is_ok());
        assert!(t.check("1.0000000000000000001").is_err());
        assert!(t.check("1.").is_ok());
        assert!(t.check(".5").is_ok());
        assert!(t.check(".").is_err());
        assert!(t.check("1e3").is_err());
    }

    #[test]
    fn durations_and_datetimes() {
        assert!(duration("PT1H30M"));
        assert!(duration("P1D"));
        assert!(!duration("PT"));
        assert!(!duration("P"));
        assert!(duration("PT0.5S"));
        assert!(date_time("2024-02-29T10:00:00Z"));
        assert!(!date_time("2023-02-29T10:00:00Z"));
        assert!(date_time("2024-01-01T10:00:00+01:00"));
        assert!(!date_time("2024-01-01"));
    }

    #[test]
    fn lom_patterns() {
        for ok in [
            "2004",
            "2004-05",
            "2004-05-31",
            "2004-05-31T23",
            "2004-05-31T23:59:59",
            "2004-05-31T23:59:59.5",
            "2004-05-31T23:59:59.25Z",
            "2004-05-31T10:00:00.0+01:00",
        ] {
            assert!(lom_date_time(ok), "{ok}");
        }
        for bad in [
            "0000",
            "204",
            "2004-13",
            "2004-05-32",
            "2004-05-31T24",
            "2004-05-31T10:00:00Z",
            "2004-05-31T10:00:00.",
            " 2004",
            "2004-5",
            "2004-05-31T10:00:00.0+1:00",
        ] {
            assert!(!lom_date_time(bad), "{bad}");
        }
        for ok in ["P", "PT", "P1Y2M3D", "PT1H", "PT0H0M0S", "P1DT2.5S", "PT10M"] {
            assert!(lom_duration(ok), "{ok}");
        }
        for bad in ["", "T1H", "P1H", "PT1.S", "PT.5S", "P1D2Y", "PT1H ", "P-1D"] {
            assert!(!lom_duration(bad), "{bad}");
        }
        assert!(Simple::Int.check("2147483647").is_ok());
        assert!(Simple::Int.check("-2147483648").is_ok());
        assert!(Simple::Int.check("2147483648").is_err());
        assert!(Simple::Int.check("007").is_ok());
        assert!(Simple::Int.check(" 7").is_err());
        assert!(Simple::Int.check("1.0").is_err());
    }

    #[test]
    fn uris() {
        assert!(any_uri("index.html?x=1#top"));
        assert!(any_uri("http://example.com/a b"));
        assert!(any_uri(""));
        assert!(!any_uri("%zz"));
        assert!(!any_uri("1a:b"));
        assert!(!any_uri("a#b#c"));
    }

    #[test]
    fn ncnames() {
        assert!(is_ncname("_a.b-c1"));
        assert!(!is_ncname("5-Why"));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname("a b"));
        assert!(!is_ncname(""));
    }
}
