//! Reading a TOML file into a typed value while reporting *every* problem
//! with its location, not only the first one serde meets.
//!
//! The file is parsed into a spanned tree. Deserialisation is then retried:
//! each time it fails, the failing key is reported (unknown keys get a "did
//! you mean"), removed from the tree, and the rest is tried again. Required
//! keys are checked against the tree up front, so a missing key never hides
//! other problems.

use crate::manifest::Metadata;
use crate::schema::top_level_keys;
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
pub(crate) fn read_toml<T: DeserializeOwned + JsonSchema>(
    file: &SourceFile,
    required: &[&str],
) -> (Option<T>, Vec<Diagnostic>) {
    let top_level = top_level_keys::<T>();
    let mut diagnostics = Vec::new();
    let Some(mut table) = parse(file, required, &mut diagnostics) else { return (None, diagnostics) };
    let value = retry::<T>(&mut table, file, &top_level, &mut diagnostics);
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
    let _ = retry::<Metadata>(&mut table, file, &known, &mut diagnostics);
    let value = retry::<T>(&mut table, file, &known, &mut diagnostics);
    (value, diagnostics)
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
            let (message, hint) = plain_syntax_error(first_line(error.message()));
            diagnostics.push(Diagnostic::error("toml/syntax", message).at_span(file, span).with_hint(hint));
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
    top_level: &[String],
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
                diagnostics.push(describe(file, &removed, &message, top_level));
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

fn describe(file: &SourceFile, removed: &RemovedKey, message: &str, top_level: &[String]) -> Diagnostic {
    if let Some(hint) = misplaced_top_level_key(&removed.path, top_level, file_name(file)) {
        let (table, key) = removed.path.rsplit_once('.').unwrap_or(("", &removed.path));
        return Diagnostic::error(
            "toml/unknown-key",
            format!("`{key}` is read as part of the `{}` table, which has no such key", heading(table)),
        )
        .at_span(file, removed.key_span.clone())
        .with_hint(hint);
    }
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
        let (text, hint) = plain_value_error(&removed.path, first_line(message));
        Diagnostic::error("toml/invalid-value", text).at_span(file, removed.value_span.clone()).with_hint(hint)
    }
}

/// A TOML parser's message in words for authors, with a hint: the message and the hint.
fn plain_syntax_error(message: &str) -> (String, String) {
    let (text, hint) = if message.contains("invalid basic string") || message.contains("invalid literal string") {
        ("this text is missing its closing quote", "end the text with a straight double quote `\"`")
    } else if message.contains("string values must be quoted") {
        (
            "text must be in double quotes",
            "write, for example, `language = \"en-GB\"`; curly quotes (“ ”) pasted from a word processor do not count",
        )
    } else if message.contains("missing comma between array elements") {
        (
            "a comma is missing between two items of this list",
            "separate the items with commas: `[\"01-a.md\", \"02-b.md\"]`",
        )
    } else if message.contains("unclosed array") {
        ("this list is not closed", "end the list with `]`")
    } else if message.contains("unclosed table") {
        ("this table heading is not closed", "write the heading as `[quiz]`, with its closing `]`")
    } else if message.contains("duplicate key") {
        ("this key is written twice", "a key may appear only once in a file (or in one table): remove one of them")
    } else if message.contains("expected newline") {
        (
            "there is more on this line after its value",
            "put each `key = value` on a line of its own; start a comment with `#`",
        )
    } else {
        return (
            format!("this line is not valid TOML ({message})"),
            "check the quotes, brackets and `key = value` pairs around this point".to_string(),
        );
    };
    (text.to_string(), hint.to_string())
}

/// A serde type error (`invalid type: string "25", expected u32`) in words
/// for authors, with a hint: the message and the hint.
fn plain_value_error(path: &str, message: &str) -> (String, String) {
    let default_hint = || "see the authoring guide for what this key takes".to_string();
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let given = rest.split('`').nth(1).unwrap_or("");
        let choices = backticked_after(rest, "expected");
        return (
            format!("`{path}` cannot be `{given}`"),
            match coursepack_diagnostics::did_you_mean(given, choices.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`? The choices are {}", quoted_list(&choices)),
                None => format!("write one of {}", quoted_list(&choices)),
            },
        );
    }
    let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .and_then(|m| m.rsplit_once(", expected "))
    else {
        return (format!("`{path}` has a value it cannot take: {message}"), default_hint());
    };
    let wanted = match expected.trim() {
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65535",
        "u32" | "u64" | "usize" => "a whole number (0 or more)",
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number",
        "f32" | "f64" | "a float" => "a number",
        "a string" | "a borrowed string" | "a character" => "text in double quotes",
        "a boolean" => "`true` or `false`, without quotes",
        "a sequence" => "a list in square brackets, such as `[\"a\", \"b\"]`",
        other if other.starts_with("struct ") || other.starts_with("a map") => "a table of keys",
        other => other,
    };
    let (kind, value) = match found.split_once(' ') {
        Some((kind, value)) => (kind, value.trim_matches(|c| c == '`' || c == '"')),
        None => (found, ""),
    };
    let given = match kind {
        "string" => format!("the text \"{value}\""),
        "integer" | "floating" => format!("the number {}", value.trim_start_matches("point ").trim_matches('`')),
        "boolean" => format!("`{value}`"),
        "sequence" => "a list".into(),
        "map" => "a table".into(),
        _ => found.to_string(),
    };
    let numeric_wanted = wanted.contains("number");
    let hint = if kind == "string" && numeric_wanted && value.trim().parse::<f64>().is_ok() {
        format!("remove the quotes: `{} = {}`", path.rsplit('.').next().unwrap_or(path), value.trim())
    } else if kind == "integer" && numeric_wanted {
        format!("give {wanted}")
    } else if wanted == "text in double quotes" && kind != "string" {
        format!("put the value in double quotes: `{} = \"{value}\"`", path.rsplit('.').next().unwrap_or(path))
    } else {
        default_hint()
    };
    (format!("`{path}` must be {wanted}, not {given}"), hint)
}

fn quoted_list(items: &[String]) -> String {
    items.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

/// When `path` (`quiz.duration_minutes`, `sections[1].activity_base_iri`)
/// ends in a key that belongs at the top of the file, the author almost
/// certainly wrote it below a table heading, where TOML makes it part of that
/// table: the hint says so and how to fix it.
pub(crate) fn misplaced_top_level_key(path: &str, top_level: &[String], file: &str) -> Option<String> {
    let (table, key) = path.rsplit_once('.')?;
    if !top_level.iter().any(|k| k == key) {
        return None;
    }
    let heading = heading(table);
    Some(format!(
        "`{key}` belongs at the top of {file}, but it comes after the `{heading}` heading, so TOML reads it as part of that table: move the line above `{heading}` (every key after a `[table]` heading belongs to that table, so put tables last)"
    ))
}

/// The heading that opens a table at a key path: `quiz` is `[quiz]`,
/// `sections[1]` is `[[sections]]`, `quiz.draw` is `[quiz.draw]`.
fn heading(table: &str) -> String {
    match table.strip_suffix(']').and_then(|t| t.rsplit_once('[')) {
        Some((array, _)) => format!("[[{array}]]"),
        None => format!("[{table}]"),
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

    #[derive(Debug, Deserialize, schemars::JsonSchema)]
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

    #[derive(Debug, Deserialize, schemars::JsonSchema)]
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
        assert_eq!(found[2].1, "`version` must be text in double quotes, not the number 3", "{found:#?}");
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
    fn a_top_level_key_under_a_table_heading_says_to_move_it() {
        let file = SourceFile::new("module.toml", "name = \"x\"\n[inner]\nflag = true\ncount = 3\n");
        let (value, diagnostics) = read_toml::<Sample>(&file, &[]);
        assert!(value.is_some());
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        assert_eq!(diagnostics[0].message, "`count` is read as part of the `[inner]` table, which has no such key");
        let hint = diagnostics[0].hint.as_deref().unwrap_or("");
        assert!(hint.contains("move the line above `[inner]`"), "{hint}");
        assert_eq!(diagnostics[0].location.as_ref().map(|l| l.line), Some(4));
    }

    #[test]
    fn type_errors_are_in_words() {
        let cases = [
            (
                "count = \"25\"\n",
                "`count` must be a whole number from 0 to 255, not the text \"25\"",
                "remove the quotes: `count = 25`",
            ),
            (
                "count = 300\n",
                "`count` must be a whole number from 0 to 255, not the number 300",
                "give a whole number from 0 to 255",
            ),
            (
                "name = 5\n",
                "`name` must be text in double quotes, not the number 5",
                "put the value in double quotes: `name = \"5\"`",
            ),
            (
                "[inner]\nflag = \"yes\"\n",
                "`inner.flag` must be `true` or `false`, without quotes, not the text \"yes\"",
                "see the authoring guide for what this key takes",
            ),
        ];
        for (text, message, hint) in cases {
            let file = SourceFile::new("t.toml", text);
            let (_, diagnostics) = read_toml::<Sample>(&file, &[]);
            assert_eq!(diagnostics.len(), 1, "{text}: {diagnostics:#?}");
            assert_eq!(diagnostics[0].message, message, "{text}");
            assert_eq!(diagnostics[0].hint.as_deref(), Some(hint), "{text}");
        }
    }

    #[test]
    fn syntax_errors_are_in_words() {
        for (text, message) in [
            ("name = \"x\n", "this text is missing its closing quote"),
            ("name = “x”\n", "text must be in double quotes"),
            ("name = x\n", "text must be in double quotes"),
            ("name = \"a\"\nname = \"b\"\n", "this key is written twice"),
            ("name = \"a\" count = 3\n", "there is more on this line after its value"),
        ] {
            let file = SourceFile::new("t.toml", text);
            let (_, diagnostics) = read_toml::<Sample>(&file, &[]);
            assert_eq!(diagnostics[0].code, "toml/syntax", "{text}");
            assert_eq!(diagnostics[0].message, message, "{text}");
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
