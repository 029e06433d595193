//! Reading a TOML file into a typed value while reporting *every* problem
//! with its location, not only the first one serde meets.
//!
//! The file is parsed into a spanned tree. Deserialisation is then retried:
//! each time it fails, the failing key is reported (unknown keys get a "did
//! you mean"), removed from the tree, and the rest is tried again. Required
//! keys are checked against the tree up front, so a missing key never hides
//! other problems.

use crate::manifest::Metadata;
use coursepack_diagnostics::{Diagnostic, SourceFile, did_you_mean};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue, Deserializer};

/// Upper bound on retries; each retry removes one key, so this is only a guard.
const MAX_ROUNDS: usize = 200;

/// Parse `file` as TOML into `T`. Returns the value (with defaults where keys
/// were missing or wrong) unless the file is not valid TOML, plus every
/// problem found. `required` lists top-level keys that must be present.
/// (The manifests use [`read_manifest_toml`]; this is its core, on its own.)
#[cfg(test)]
pub(crate) fn read_toml<T: DeserializeOwned>(file: &SourceFile, required: &[&str]) -> (Option<T>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let Some(mut table) = parse(file, required, &mut diagnostics) else { return (None, diagnostics) };
    let value = retry::<T>(&mut table, file, &mut diagnostics);
    (value, diagnostics)
}

/// [`read_toml`] for `module.toml` and `course.toml`, whose types flatten the
/// shared [`Metadata`] in. serde's `deny_unknown_fields` does not combine with
/// `flatten`, and a flattened field reaches serde without its span, so two
/// things happen first: every top-level key that is not a key of `T` (read
/// from its schema: its own fields and the shared field list) is reported
/// where it is, with a "did you mean"; then the metadata is read on its own,
/// so a wrong value there is located like any other.
pub(crate) fn read_manifest_toml<T: DeserializeOwned + JsonSchema>(
    file: &SourceFile,
    required: &[&str],
) -> (Option<T>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let Some(mut table) = parse(file, required, &mut diagnostics) else { return (None, diagnostics) };
    let known = top_level_keys::<T>();
    let unknown: Vec<_> =
        table.get_ref().keys().filter(|k| !known.iter().any(|n| n == k.get_ref().as_ref())).cloned().collect();
    for key in unknown {
        let name = key.get_ref().to_string();
        let mut diagnostic =
            Diagnostic::error("toml/unknown-key", format!("unknown key `{name}`")).at_span(file, key.span());
        diagnostic = match did_you_mean(&name, known.iter().map(String::as_str)) {
            Some(suggestion) => diagnostic.with_hint(format!("did you mean `{suggestion}`?")),
            None => diagnostic.with_hint(format!("expected one of: {}", known.join(", "))),
        };
        diagnostics.push(diagnostic);
        table.get_mut().remove(&key);
    }
    // Dropped: `T` reads the same keys again below, as defaults where they were wrong.
    let _ = retry::<Metadata>(&mut table, file, &mut diagnostics);
    let value = retry::<T>(&mut table, file, &mut diagnostics);
    (value, diagnostics)
}

/// The top-level keys of `T`, from its JSON Schema (flattened fields included).
fn top_level_keys<T: JsonSchema>() -> Vec<String> {
    let schema = schemars::schema_for!(T);
    schema.get("properties").and_then(|p| p.as_object()).map(|p| p.keys().cloned().collect()).unwrap_or_default()
}

/// The spanned tree of `file`, after reporting every syntax error (then
/// `None`) and every missing `required` key.
fn parse<'a>(
    file: &'a SourceFile,
    required: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<DeTable<'a>>> {
    let (table, errors) = DeTable::parse_recoverable(file.text());
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            diagnostics.push(
                Diagnostic::error("toml/syntax", format!("invalid TOML: {}", first_line(error.message())))
                    .at_span(file, span)
                    .with_hint("check quotes, brackets and `key = value` pairs around this point"),
            );
        }
        return None;
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
    Some(table)
}

/// Deserialise `T` from `table`, removing and reporting the failing key
/// until it succeeds; `None` when a failure cannot be pinned on a key.
fn retry<T: DeserializeOwned>(
    table: &mut Spanned<DeTable<'_>>,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<T> {
    for _ in 0..MAX_ROUNDS {
        match T::deserialize(Deserializer::from(table.clone())) {
            Ok(value) => return Some(value),
            Err(error) => {
                let message = error.message().to_string();
                let Some(span) = error.span() else {
                    diagnostics.push(Diagnostic::error("toml/invalid-value", message).at_span(file, 0..0));
                    return None;
                };
                let Some(removed) = remove_key_at(table, &span) else {
                    diagnostics.push(Diagnostic::error("toml/invalid-value", message).at_span(file, span));
                    return None;
                };
                diagnostics.push(describe(file, &removed, &message));
            }
        }
    }
    None
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

    /// `module.toml` flattens the shared metadata in: unknown keys (top level
    /// and nested), wrong metadata values and wrong module values are all
    /// reported where they are, with a "did you mean", and the rest is read.
    #[test]
    fn manifests_with_flattened_metadata_report_every_problem_located() {
        use crate::manifest::ModuleManifest;
        let text = "titel = \"T\"\nid = \"m\"\nversion = 3\nlanguage = \"en\"\nsummary = \"S.\"\npages = [\"a.md\"]\nduration_minutes = \"long\"\nkeywords = [\"a\", 2]\n[quiz]\npagez = []\n";
        let file = SourceFile::new("module.toml", text);
        let (value, diagnostics) = read_manifest_toml::<ModuleManifest>(&file, &["id", "title"]);
        // (code, message, (line, column), hint)
        type Found = (String, String, (usize, usize), Option<String>);
        let mut found: Vec<Found> = diagnostics
            .iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (d.code.clone(), d.message.clone(), (l.line, l.column), d.hint.clone())
            })
            .collect();
        found.sort_by_key(|f| f.2);
        let codes: Vec<(&str, (usize, usize))> = found.iter().map(|f| (f.0.as_str(), f.2)).collect();
        assert_eq!(
            codes,
            [
                ("toml/missing-key", (1, 1)),
                ("toml/unknown-key", (1, 1)),
                ("toml/invalid-value", (3, 11)),
                ("toml/invalid-value", (7, 20)),
                ("toml/invalid-value", (8, 12)),
                ("toml/unknown-key", (10, 1)),
            ],
            "{found:#?}"
        );
        assert_eq!(found[1].1, "unknown key `titel`");
        assert_eq!(found[1].3.as_deref(), Some("did you mean `title`?"));
        assert!(found[2].1.starts_with("invalid value for `version`"), "{found:#?}");
        assert_eq!(found[5].1, "unknown key `quiz.pagez`");
        assert_eq!(found[5].3.as_deref(), Some("did you mean `pages`?"));
        let value = value.expect("read despite the problems");
        assert_eq!((value.meta.id.as_str(), value.meta.summary.as_str()), ("m", "S."));
        assert_eq!(value.meta.version, "", "a wrong value becomes the default");
        assert_eq!(value.pages, ["a.md"]);
        assert_eq!(value.meta.licence, "CC-BY-4.0", "metadata defaults apply through the flatten");
    }

    #[test]
    fn the_shared_field_list_is_the_metadata_type() {
        let mut keys = top_level_keys::<Metadata>();
        keys.sort();
        let mut listed: Vec<String> = crate::METADATA_KEYS.iter().map(|k| k.to_string()).collect();
        listed.sort();
        assert_eq!(keys, listed);
        let module = top_level_keys::<crate::ModuleManifest>();
        let course = top_level_keys::<crate::CourseManifest>();
        for key in crate::METADATA_KEYS {
            assert!(module.iter().any(|k| k == key) && course.iter().any(|k| k == key), "{key}");
        }
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
