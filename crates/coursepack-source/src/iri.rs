//! The optional `activity_base_iri` of `module.toml` and `course.toml`: the
//! start of every xAPI and cmi5 activity id a package uses. LRSs reject
//! statements whose ids are not absolute IRIs, so a bad base is an authoring
//! error, reported where it is written.

use coursepack_diagnostics::{Diagnostic, SourceFile};
use std::collections::BTreeMap;
use std::ops::Range;

/// The base used when a module or course sets none. A URN claims no web
/// domain the author may not own, and stays the same wherever the package is
/// hosted, so LRS records keep matching across rebuilds.
pub const DEFAULT_ACTIVITY_BASE_IRI: &str = "urn:coursepack:";

/// Checks `value` as an activity base IRI and returns it ready for ids to be
/// appended: an absolute IRI (a scheme such as `https:` or `urn:`), with no
/// spaces or characters IRIs forbid, no `?` or `#` (ids are appended to it),
/// and ending with `/` or `:` (a `/` is added otherwise). The error says what
/// is wrong, in words for authors.
pub fn normalise_activity_base_iri(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("it is empty".into());
    }
    let Some((scheme, rest)) = value.split_once(':') else {
        return Err("it has no scheme such as `https:` or `urn:`, so it is not an absolute IRI".into());
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(format!("`{scheme}` is not a valid IRI scheme"));
    }
    if let Some(c) = value.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
    }) {
        return Err(format!("it contains {}, which IRIs do not allow", describe(c)));
    }
    if value.contains(['?', '#']) {
        return Err("it contains `?` or `#`; activity ids are appended to the base, so it must end in a path".into());
    }
    let bytes = value.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err("`%` must be followed by two hexadecimal digits".into());
        }
    }
    let lower = scheme.to_ascii_lowercase();
    if (lower == "http" || lower == "https")
        && !rest.strip_prefix("//").is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
    {
        return Err(format!("an {lower} IRI needs a host, as in `{lower}://learning.example.org/xapi/`"));
    }
    if rest.is_empty() && lower != "urn" {
        return Err("nothing follows the scheme".into());
    }
    let mut base = value.to_string();
    if !base.ends_with('/') && !base.ends_with(':') {
        base.push('/');
    }
    Ok(base)
}

fn describe(c: char) -> String {
    if c == ' ' {
        "a space".into()
    } else if c.is_whitespace() || c.is_control() {
        format!("the control or space character U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

/// Reports `manifest/invalid-activity-iri` at the value of `activity_base_iri` when it is set and not valid.
pub(crate) fn check_activity_base_iri(
    file: &SourceFile,
    spans: &BTreeMap<String, Range<usize>>,
    value: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(value) = value else { return };
    if let Err(reason) = normalise_activity_base_iri(value) {
        let span = spans.get("activity_base_iri").cloned().unwrap_or(0..0);
        diagnostics.push(
            Diagnostic::error("manifest/invalid-activity-iri", format!("`{value}` is not a usable activity base IRI: {reason}"))
                .at_span(file, span)
                .with_hint("use an absolute IRI you control, such as `https://learning.example.org/xapi/`, or remove the line to use `urn:coursepack:`"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_bases_are_kept_or_given_a_slash() {
        assert_eq!(
            normalise_activity_base_iri("https://learning.example.org/xapi/").unwrap(),
            "https://learning.example.org/xapi/"
        );
        assert_eq!(
            normalise_activity_base_iri("https://learning.example.org/xapi").unwrap(),
            "https://learning.example.org/xapi/"
        );
        assert_eq!(normalise_activity_base_iri("urn:coursepack:").unwrap(), "urn:coursepack:");
        assert_eq!(normalise_activity_base_iri("tag:example.org,2025:").unwrap(), "tag:example.org,2025:");
        assert_eq!(
            normalise_activity_base_iri("https://bibliothèque.example/cours/").unwrap(),
            "https://bibliothèque.example/cours/"
        );
    }

    #[test]
    fn bad_bases_are_refused_with_a_reason() {
        for bad in [
            "",
            "learning.example.org/xapi",
            "/xapi/",
            "1http://x/",
            "https://x/a b/",
            "https://x/?a=1",
            "https://x/#top",
            "https:///path",
            "https:x",
            "https://x/%zz",
            "https://x/<y>",
        ] {
            assert!(normalise_activity_base_iri(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
