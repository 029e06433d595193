//! Reading a TOML file into a typed value while reporting *every* problem
//! with its location, not only the first one serde meets.
//!
//! The file is parsed into a spanned tree. Deserialisation is then retried:
//! each time it fails, the failing key is reported (unknown keys get a "did
//! you mean"), removed from the tree, and the rest is tried again. Required
//! keys are checked against the tree up front, so a missing key never hides
//! other problems.

use coursepack_diagnostics::{Diagnostic, SourceFile, did_you_mean};
use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue, Deserializer};

/// Upper bound on retries; each retry removes one key, so this is only a guard.
const MAX_ROUNDS: usize = 200;

/// Parse `file` as TOML into `T`. Returns the value (with defaults where keys
/// were missing or wrong) unless the file is not valid TOML, plus every
/// problem found. `required` lists top-level keys that must be present.
pub(crate) fn read_toml<T: DeserializeOwned>(file: &SourceFile, required: &[&str]) -> (Option<T>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let (mut table, errors) = DeTable::parse_recoverable(file.text());
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            diagnostics.push(
                Diagnostic::error("toml/syntax", format!("invalid TOML: {}", first_line(error.message())))
                    .at_span(file, span)
                    .with_hint("check quotes, brackets and `key = value` pairs around this point"),
            );
        }
        return (None, diagnostics);
    }
    for key in required {
        if !table.get_ref().keys().any(|k| k.get_ref().as_ref() == *key) {
            diagnostics.push(
                Diagnostic::error("toml/missing-key", format!("`{}` is missing required key `{key}`", file_name(file)))
                    .at_span(file, 0..0)
                    .with_hint(format!("add a line `{key} = ...` (see the authoring guide)")),
            );
        }
    }
    for _ in 0..MAX_ROUNDS {
        match T::deserialize(Deserializer::from(table.clone())) {
            Ok(value) => return (Some(value), diagnostics),
            Err(error) => {
                let message = error.message().to_string();
                let Some(span) = error.span() else {
                    diagnostics.push(Diagnostic::error("toml/invalid-value", message).at_span(file, 0..0));
                    return (None, diagnostics);
                };
                let Some(removed) = remove_key_at(&mut table, &span) else {
                    diagnostics.push(Diagnostic::error("toml/invalid-value", message).at_span(file, span));
                    return (None, diagnostics);
                };
                diagnostics.push(describe(file, &removed, &message));
            }
        }
    }
    (None, diagnostics)
}

/// The key removed after a failure: its dotted path and spans.
struct RemovedKey {
    path: String,
    key_span: Range<usize>,
    value_span: Range<usize>,
}

fn describe(file: &SourceFile, removed: &RemovedKey, message: &str) -> Diagnostic {
    if message.starts_with("unknown field") {
        let expected = backticked_after(message, "expected");
        let key = removed.path.rsplit('.').next().unwrap_or(&removed.path);
        let mut diagnostic = Diagnostic::error("toml/unknown-key", format!("unknown key `{}`", removed.path))
            .at_span(file, removed.key_span.clone());
        diagnostic = match did_you_mean(key, expected.iter().map(String::as_str)) {
            Some(suggestion) => diagnostic.with_hint(format!("did you mean `{suggestion}`?")),
            None if !expected.is_empty() => diagnostic.with_hint(format!("expected one of: {}", expected.join(", "))),
            None => diagnostic.with_hint("remove this key"),
        };
        diagnostic
    } else {
        Diagnostic::error(
            "toml/invalid-value",
            format!("invalid value for `{}`: {}", removed.path, first_line(message)),
        )
        .at_span(file, removed.value_span.clone())
        .with_hint("see the authoring guide or schemas/ for the expected type")
    }
}

/// Remove the deepest key whose key or value span contains `span`.
fn remove_key_at(table: &mut Spanned<DeTable<'_>>, span: &Range<usize>) -> Option<RemovedKey> {
    remove_in_table(table.get_mut(), span, "")
}

fn remove_in_table(table: &mut DeTable<'_>, span: &Range<usize>, prefix: &str) -> Option<RemovedKey> {
    // Tables opened with a `[header]` have a value span that does not cover
    // their keys, so look inside every sub-table before matching spans here.
    // Arrays of tables (`[[sections]]`) are searched item by item, so a bad
    // key inside one item is removed alone, as `sections[1].titel`.
    let keys: Vec<_> = table.keys().cloned().collect();
    for key in &keys {
        let path = join(prefix, key.get_ref());
        let Some(value) = table.get_mut(key) else { continue };
        match value.get_mut() {
            DeValue::Table(inner) => {
                if let Some(found) = remove_in_table(inner, span, &path) {
                    return Some(found);
                }
            }
            DeValue::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    if let DeValue::Table(inner) = item.get_mut()
                        && let Some(found) = remove_in_table(inner, span, &format!("{path}[{index}]"))
                    {
                        return Some(found);
                    }
                }
            }
            _ => {}
        }
    }
    let key =
        table.iter().find(|(k, v)| contains(&k.span(), span) || contains(&v.span(), span)).map(|(k, _)| k.clone())?;
    let value = table.remove(&key)?;
    Some(RemovedKey { path: join(prefix, key.get_ref()), key_span: key.span(), value_span: value.span() })
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") }
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start
        && inner.end <= outer.end.max(outer.start + 1)
        && inner.start < outer.end.max(outer.start + 1)
}

fn backticked_after(message: &str, marker: &str) -> Vec<String> {
    let Some(index) = message.find(marker) else { return Vec::new() };
    message[index..].split('`').skip(1).step_by(2).map(str::to_string).collect()
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

fn file_name(file: &SourceFile) -> &str {
    file.path().rsplit('/').next().unwrap_or(file.path())
}

/// The byte span of the value at a dotted key path (`id`, `pages[2]`,
/// `quiz.pages`) in a TOML file, for locating problems found after parsing.
pub fn value_span(file: &SourceFile, key: &str) -> Option<Range<usize>> {
    value_spans(file).remove(key)
}

/// Byte spans of the values in a TOML file, by dotted key path; array items
/// are indexed as `key[0]`. Used to locate semantic problems found after
/// deserialisation. Returns an empty index for files that do not parse.
pub(crate) fn value_spans(file: &SourceFile) -> std::collections::BTreeMap<String, Range<usize>> {
    let mut spans = std::collections::BTreeMap::new();
    if let Ok(table) = DeTable::parse(file.text()) {
        index_table(table.get_ref(), "", &mut spans);
    }
    spans
}

fn index_table(table: &DeTable<'_>, prefix: &str, spans: &mut std::collections::BTreeMap<String, Range<usize>>) {
    for (key, value) in table {
        let path = if prefix.is_empty() { key.get_ref().to_string() } else { format!("{prefix}.{}", key.get_ref()) };
        spans.insert(format!("{path}#key"), key.span());
        index_value(value, &path, spans);
    }
}

fn index_value(value: &Spanned<DeValue<'_>>, path: &str, spans: &mut std::collections::BTreeMap<String, Range<usize>>) {
    spans.insert(path.to_string(), value.span());
    match value.get_ref() {
        DeValue::Table(inner) => index_table(inner, path, spans),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                index_value(item, &format!("{path}[{i}]"), spans);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        #[serde(default)]
        name: String,
        #[serde(default)]
        count: Option<u8>,
        #[serde(default)]
        inner: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        #[serde(default)]
        flag: bool,
    }

    #[test]
    fn reports_every_problem_with_locations() {
        let text = "nmae = \"x\"\ncount = \"many\"\n[inner]\nflg = true\n";
        let file = SourceFile::new("t.toml", text);
        let (value, diagnostics) = read_toml::<Sample>(&file, &["name"]);
        let mut diagnostics = diagnostics;
        diagnostics.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
        let codes: Vec<_> = diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            ["toml/missing-key", "toml/unknown-key", "toml/invalid-value", "toml/unknown-key"],
            "{diagnostics:#?}"
        );
        assert_eq!(diagnostics[1].hint.as_deref(), Some("did you mean `name`?"));
        assert_eq!(diagnostics[1].location.as_ref().map(|l| (l.line, l.column)), Some((1, 1)));
        assert_eq!(diagnostics[2].location.as_ref().map(|l| (l.line, l.column)), Some((2, 9)));
        assert_eq!(diagnostics[3].message, "unknown key `inner.flg`");
        assert_eq!(diagnostics[3].hint.as_deref(), Some("did you mean `flag`?"));
        let value = value.expect("value despite the problems");
        assert_eq!(value.count, None);
    }

    #[test]
    fn syntax_errors_are_located() {
        let file = SourceFile::new("t.toml", "name = \"x\"\ncount = = 3\n");
        let (value, diagnostics) = read_toml::<Sample>(&file, &[]);
        assert!(value.is_none());
        assert_eq!(diagnostics[0].code, "toml/syntax");
        assert_eq!(diagnostics[0].location.as_ref().map(|l| l.line), Some(2));
    }
}
