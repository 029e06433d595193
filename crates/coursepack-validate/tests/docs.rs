//! Every diagnostic code in the source is documented in docs/validator.md, and
//! the JSON report only uses properties its JSON Schema declares.

use std::path::Path;

fn codes_in_source() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            for part in text.split('"').skip(1).step_by(2) {
                let areas = ["zip/", "xml/", "schema/", "cts/", "cmi5/", "tincan/", "content/", "lms/", "package/"];
                if areas.iter().any(|a| part.starts_with(a))
                    && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'/' || b == b'-')
                    && part.matches('/').count() == 1
                    && !part.ends_with('/')
                {
                    out.push(part.to_string());
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/validator.md"))
        .expect("docs/validator.md");
    let codes = codes_in_source();
    assert!(codes.len() > 80, "found {} codes", codes.len());
    let missing: Vec<&String> = codes.iter().filter(|c| !doc.contains(&format!("`{c}`"))).collect();
    assert!(missing.is_empty(), "undocumented codes: {missing:?}");
}

fn check_object(value: &serde_json::Value, schema: &serde_json::Value, defs: &serde_json::Value, path: &str) {
    let props = schema["properties"].as_object().expect("properties");
    let obj = value.as_object().unwrap_or_else(|| panic!("{path} is not an object"));
    for key in obj.keys() {
        assert!(props.contains_key(key), "{path}.{key} is not in the JSON Schema");
    }
    for req in schema["required"].as_array().into_iter().flatten() {
        assert!(obj.contains_key(req.as_str().unwrap_or_default()), "{path} lacks required {req}");
    }
    for (key, sub) in obj {
        let s = &props[key];
        let target = match s.get("$ref").and_then(|r| r.as_str()) {
            Some(r) => &defs[r.trim_start_matches("#/$defs/")],
            None => s,
        };
        if sub.is_object() && target.get("properties").is_some() {
            check_object(sub, target, defs, &format!("{path}.{key}"));
        }
        // lines and columns are 1-based: a whole file is line 1, column 1, never 0
        if let (Some(n), Some(min)) = (sub.as_f64(), target.get("minimum").and_then(serde_json::Value::as_f64)) {
            assert!(n >= min, "{path}.{key} is {n}, below the schema's minimum {min}");
        }
        if let (Some(items), Some(arr)) = (target.get("items"), sub.as_array()) {
            let item_schema = &defs[items["$ref"].as_str().unwrap_or_default().trim_start_matches("#/$defs/")];
            for (i, it) in arr.iter().enumerate() {
                check_object(it, item_schema, defs, &format!("{path}.{key}[{i}]"));
            }
        }
    }
}

#[test]
fn golden_json_matches_its_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("../../schemas/validate-report.schema.json")).expect("schema"),
    )
    .expect("json");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("tests/golden/report.json")).expect("golden"))
            .expect("json");
    check_object(&report, &schema, &schema["$defs"], "report");
}

/// The source files of the crate, with their text.
fn sources() -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = std::fs::read_to_string(&path).expect("read");
                out.push((path, text));
            }
        }
    }
    out
}

/// The index just past the parenthesised group that opens at `open`,
/// skipping string and character literals.
fn group_end(s: &[u8], open: usize) -> usize {
    let mut depth = 0;
    let mut i = open;
    while i < s.len() {
        match s[i] {
            b'"' => {
                i += 1;
                while i < s.len() && s[i] != b'"' {
                    i += if s[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'\'' if s.get(i + 2) == Some(&b'\'') => i += 2,
            b'\'' if s.get(i + 1) == Some(&b'\\') => i += 3,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    s.len()
}

/// The methods chained onto the expression that ends at `at`
/// (`.with_hint(..).with_rule(..).at(..)`).
fn chained_methods(s: &[u8], mut at: usize) -> Vec<String> {
    let mut methods = Vec::new();
    loop {
        let mut k = at;
        while k < s.len() && s[k].is_ascii_whitespace() {
            k += 1;
        }
        if s.get(k) != Some(&b'.') {
            return methods;
        }
        k += 1;
        let start = k;
        while k < s.len() && (s[k].is_ascii_alphanumeric() || s[k] == b'_') {
            k += 1;
        }
        methods.push(String::from_utf8_lossy(&s[start..k]).into_owned());
        if s.get(k) == Some(&b'(') {
            k = group_end(s, k);
        }
        at = k;
    }
}

/// Issue 6: every diagnostic carries a hint and the rule's source. Each
/// `Diagnostic::error/warning/info/new(..)` in the crate is built in one
/// expression that chains `.with_hint(..)` and `.with_rule(..)`, so none can
/// be created without them (the validation runs over the corpus, the hostile
/// zips and the mutated manifests check the same at run time, with locations).
#[test]
fn every_diagnostic_is_built_with_a_hint_and_a_rule() {
    let mut missing = Vec::new();
    let mut seen = 0;
    for (path, text) in sources() {
        let bytes = text.as_bytes();
        for ctor in ["Diagnostic::error(", "Diagnostic::warning(", "Diagnostic::info(", "Diagnostic::new("] {
            for (at, _) in text.match_indices(ctor) {
                seen += 1;
                let end = group_end(bytes, at + ctor.len() - 1);
                let methods = chained_methods(bytes, end);
                for needed in ["with_hint", "with_rule"] {
                    if !methods.iter().any(|m| m == needed) {
                        let line = text[..at].lines().count();
                        missing.push(format!("{}:{line}: {ctor}..) without .{needed}(..)", path.display()));
                    }
                }
            }
        }
    }
    assert!(seen > 80, "found only {seen} diagnostic constructors");
    assert!(missing.is_empty(), "diagnostics built without a hint or rule:\n{}", missing.join("\n"));
}
