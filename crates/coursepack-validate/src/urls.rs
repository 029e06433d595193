//! URL and IRI syntax (RFC 3986 and RFC 3987), checked with the
//! `fluent-uri` crate: where a value breaks the grammar, which character it
//! is, and where in the manifest that character sits.

use coursepack_diagnostics::{Location, SourceFile};
use fluent_uri::{Iri, IriRef, ParseErrorKind};

/// What a value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// An absolute IRI (with a scheme): ids of cmi5 and TinCan activities.
    Iri,
    /// An IRI reference (relative or absolute): hrefs, launch URLs, `xml:base`.
    IriRef,
}

/// Where and why a value breaks the grammar.
pub(crate) struct SyntaxError {
    /// Byte offset in the value.
    pub at: usize,
    /// What is wrong, naming the character and its position (in characters, from 1).
    pub what: String,
    /// True for a `%` that starts no `%XX` escape (servers answer 400 Bad Request).
    pub bad_escape: bool,
}

/// The first syntax error of `value` read as `expect`, if any.
pub(crate) fn syntax(value: &str, expect: Expect) -> Option<SyntaxError> {
    let err = match expect {
        Expect::Iri => Iri::parse(value).err()?,
        Expect::IriRef => IriRef::parse(value).err()?,
    };
    let at = err.index().min(value.len());
    let column = value[..at].chars().count() + 1;
    let (what, bad_escape) = match err.kind() {
        ParseErrorKind::InvalidPctEncodedOctet => (
            format!("the `%` at character {column} does not start a %XX escape (write `%25` for a percent sign)"),
            true,
        ),
        ParseErrorKind::InvalidIpv6Addr => (format!("the IPv6 address at character {column} is not valid"), false),
        _ => match value[at..].chars().next() {
            Some(c) => (format!("{} at character {column} is not allowed there", describe(c)), false),
            None => ("it ends where more is needed".to_string(), false),
        },
    };
    Some(SyntaxError { at, what, bad_escape })
}

/// A character as a message names it.
fn describe(c: char) -> String {
    match c {
        ' ' => "the space".to_string(),
        '\t' => "a tab".to_string(),
        '\u{a0}' => "a no-break space (U+00A0)".to_string(),
        c if c.is_control() || c.is_whitespace() => format!("the character U+{:04X}", c as u32),
        c => format!("`{c}`"),
    }
}

/// Where the character at byte `at` of an attribute's value is in the
/// source, when the value is written as is (no entity or character
/// reference before it); else the attribute itself.
pub(crate) fn in_attribute(f: &SourceFile, attr: &crate::xml::Attr, at: usize) -> Location {
    let text = f.text();
    let start = text[attr.span.end..].find(['"', '\'']).map(|q| attr.span.end + q + 1);
    match start {
        Some(s) if text[s..].starts_with(&attr.value[..at]) && !attr.value[..at].contains('&') => {
            let len = attr.value[at..].chars().next().map_or(0, char::len_utf8);
            f.location(s + at..s + at + len)
        }
        _ => f.location(attr.span.clone()),
    }
}

/// The same for the trimmed text `value` of element `e`.
pub(crate) fn in_text(f: &SourceFile, e: &crate::xml::Element, value: &str, at: usize) -> Location {
    let text = f.text();
    let after = &text[e.span.end..];
    let before_next_tag = &after[..after.find('<').unwrap_or(after.len())];
    match before_next_tag.find(value) {
        Some(p) if !value[..at].contains('&') => {
            let s = e.span.end + p + at;
            let len = value[at..].chars().next().map_or(0, char::len_utf8);
            f.location(s..s + len)
        }
        _ => f.location(e.span.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_character() {
        let e = syntax("http://example.com index.html", Expect::Iri).unwrap();
        assert_eq!((e.at, e.what.as_str()), (18, "the space at character 19 is not allowed there"));
        let e = syntax("100%.html", Expect::IriRef).unwrap();
        assert!(e.bad_escape && e.what.contains("`%` at character 4"), "{}", e.what);
        assert!(syntax("a|b.html", Expect::IriRef).unwrap().what.contains("`|`"));
        assert!(syntax("https://example.com/café?a=1#b", Expect::Iri).is_none());
        assert!(syntax("media/caf%C3%A9.png", Expect::IriRef).is_none());
        assert!(syntax("index.html?x=1&y=2", Expect::IriRef).is_none());
        assert!(syntax("urn:x:1", Expect::Iri).is_none());
        assert!(syntax("relative/path", Expect::Iri).is_some());
    }
}
