//! Content checks shared by every standard: referenced files exist with the
//! exact case, launch files exist, references to other origins.

use crate::Context;
use crate::rules::{Rule, shown};
use coursepack_diagnostics::{Diagnostic, SourceFile};
use std::ops::Range;

/// A file reference made by a manifest.
pub struct Reference {
    /// The URL as resolved against its base chain (still relative to the package root).
    pub value: String,
    /// Where it is written.
    pub span: Range<usize>,
    /// True for launch URLs.
    pub launch: bool,
    /// True for a LOM metadata file (`adlcp:location`): LMSs never read
    /// it, so its absence is a warning (an error with `--strict`).
    pub metadata: bool,
}

/// True for URLs with a scheme or a network path (`//host`).
pub fn is_external(v: &str) -> bool {
    let v = v.trim();
    if v.starts_with("//") {
        return true;
    }
    match v.find(':') {
        Some(i) => {
            let scheme = &v[..i];
            !scheme.is_empty()
                && !scheme.contains(['/', '?', '#'])
                && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Percent-decode a URL path (RFC 3986 §2.1) with the `percent-encoding`
/// crate: bytes, never string slices, so a `%` before a multi-byte
/// character cannot split it; a `%` not followed by two hex digits is kept
/// as written, and decoded bytes that are not UTF-8 become U+FFFD.
pub(crate) fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Resolve a relative URL to a package file name under `root` ("" or "dir/").
/// `Err` when it climbs above the package root.
pub fn resolve(root: &str, url: &str) -> Result<String, ()> {
    resolve_in(root, root, url)
}

/// Resolve a relative URL written in a file of folder `base` (under `root`,
/// both "" or "dir/") to a package file name; `Err` when it climbs above
/// `root`.
pub fn resolve_in(root: &str, base: &str, url: &str) -> Result<String, ()> {
    let path = url.trim().split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    let floor = root.split('/').filter(|s| !s.is_empty()).count();
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.len() == floor {
                    return Err(());
                }
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

/// Check every reference against the package's files.
pub fn check_references(ctx: &Context, file: &SourceFile, refs: &[Reference]) -> Vec<Diagnostic> {
    let mut out = crate::findings::Findings::default();
    for r in refs {
        if is_external(&r.value) {
            continue; // reported by the standard's own href rules
        }
        let what = if r.launch { "launch file" } else { "file" };
        let code = if r.launch { "content/missing-launch-file" } else { "content/missing-file" };
        match resolve(ctx.root, &r.value) {
            Err(()) => out.push(
                Diagnostic::error("content/outside-package", format!("{what} `{}` points above the package root", r.value))
                    .with_hint("keep every file the package needs inside it and refer to it without `..` past the root")
                    .with_rule(Rule::CP_HREF)
                    .at(file.location(r.span.clone())),
            ),
            Ok(name) if name.is_empty() => {}
            Ok(name) if ctx.pkg.has(&name) => {}
            Ok(name) if r.metadata => {
                let stored = ctx.pkg.find_ignoring_case(&name).map(|a| format!(" (a file `{}` differs in case)", shown(a)));
                out.push(
                    Diagnostic::warning(
                        "content/missing-metadata-file",
                        format!("metadata file `{}` is not in the package{}", shown(&name), stored.unwrap_or_default()),
                    )
                    .with_hint("add the LOM record or remove the adlcp:location; LMSs do not read metadata files, so the package still imports and runs")
                    .with_rule(Rule::CP_METADATA_FILE)
                    .at(file.location(r.span.clone())),
                );
            }
            Ok(name) => match ctx.pkg.find_ignoring_case(&name) {
                Some(actual) => out.push(
                    Diagnostic::error("content/case-mismatch", format!("{what} `{name}` is stored as `{actual}`"))
                        .with_hint("web servers on Linux are case-sensitive: make the reference and the file name match exactly")
                        .with_rule(Rule::CONTENT_CASE)
                        .at(file.location(r.span.clone())),
                ),
                None => out.push(
                    Diagnostic::error(code, format!("{what} `{name}` is not in the package"))
                        .with_hint("add the file or fix the reference")
                        .with_rule(if r.launch { Rule::CONTENT_MISSING } else { Rule::CP_FILES_EXIST })
                        .at(file.location(r.span.clone())),
                ),
            },
        }
    }
    out.finish(|| file.location(0..0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_urls() {
        assert_eq!(resolve("", "a/./b/../c.html?x=1#y"), Ok("a/c.html".into()));
        assert_eq!(resolve("", "a%20b.html"), Ok("a b.html".into()));
        assert_eq!(resolve("", "../x"), Err(()));
        assert_eq!(resolve("pkg/", "x.html"), Ok("pkg/x.html".into()));
        assert!(is_external("https://cdn.example.com/x.js"));
        assert!(is_external("//cdn.example.com/x.js"));
        assert!(!is_external("index.html?a=b:c"));
    }

    /// A `%` before a multi-byte character, at the end, or before one hex
    /// digit is kept as written; nothing panics (it once sliced inside `é`).
    #[test]
    fn percent_decoding_never_splits_a_character() {
        assert_eq!(resolve("", "a%é.html"), Ok("a%é.html".into()));
        assert_eq!(resolve("", "%éé"), Ok("%éé".into()));
        assert_eq!(resolve("", "a%"), Ok("a%".into()));
        assert_eq!(resolve("", "a%4"), Ok("a%4".into()));
        assert_eq!(resolve("", "caf%C3%A9.html"), Ok("café.html".into()));
        assert_eq!(resolve("", "bad%FF.html"), Ok("bad\u{FFFD}.html".into()));
    }
}
