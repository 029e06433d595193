//! Metadata files named by `adlcp:location` (SCORM 1.2 and 2004): each
//! must exist and be a LOM document valid against the same schema as inline
//! `<lom>` (IMS MD 1.2.1 for SCORM 1.2, IEEE LOM for SCORM 2004), with
//! diagnostics located in the metadata file itself.

use crate::Context;
use crate::content::{self, Reference};
use crate::detect::Standard;
use crate::rules::Rule;
use crate::schema::{lom, scorm12, scorm2004};
use crate::xml::{self, Document};
use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};

/// Every `adlcp:location` of a SCORM manifest, as a file reference.
pub(crate) fn references(standard: Standard, doc: &Document) -> Vec<Reference> {
    let adlcp = if standard == Standard::Scorm12 { scorm12::ADLCP } else { scorm2004::ADLCP };
    let mut out = Vec::new();
    doc.root.walk(&mut |e, _| {
        if e.ns == adlcp && e.local == "location" && e.children.is_empty() {
            let value = e.text.trim();
            if !value.is_empty() && !content::is_external(value) {
                out.push(Reference { value: value.to_string(), span: e.span.clone(), launch: false, metadata: true });
            }
        }
    });
    out
}

/// Validate the metadata files that exist; missing ones are reported by the
/// content checks (`content/missing-file`). Returns the diagnostics and the
/// parsed files' texts (for snippets).
pub(crate) fn check_files(standard: Standard, doc: &Document, ctx: &Context) -> (Vec<Diagnostic>, Vec<SourceFile>) {
    let (schema, root): (&crate::schema::Schema, (&'static str, &'static str)) = match standard {
        Standard::Scorm12 => (&scorm12::SCHEMA, (lom::IMSMD, "lom")),
        Standard::Scorm2004(_) => (&scorm2004::SCHEMA, (lom::LOM, "lom")),
        Standard::Cmi5 | Standard::TinCan | Standard::Web => return (Vec::new(), Vec::new()),
    };
    let mut names: Vec<String> = references(standard, doc)
        .iter()
        .filter_map(|r| content::resolve(ctx.root, &r.value).ok())
        .filter(|name| ctx.pkg.has(name))
        .collect();
    names.sort();
    names.dedup();
    let results = ctx.pkg.read_each(&names, ctx.options.limits.max_manifest_bytes, |name, bytes| match bytes {
        Err(d) => (vec![*d], None),
        Ok(bytes) => {
            let parsed = xml::parse_owned(name, bytes, &ctx.options.limits);
            let mut out = parsed.diagnostics;
            let mut source = parsed.source;
            if let Some(meta) = parsed.doc {
                let mut found = schema.validate_as(&meta.root, &meta.source, !ctx.options.strict, &[root]);
                for d in &mut found {
                    if d.code == "schema/unexpected-root" {
                        d.hint = Some(
                            "a metadata file named by adlcp:location must be a LOM record: <lom xmlns=\"...\">".into(),
                        );
                        d.rule = Some(Rule::CP_METADATA_FILE.into());
                    }
                }
                out.extend(found);
                source = Some(meta.source);
            }
            if !ctx.options.strict {
                tolerate(&mut out);
            }
            (out, source)
        }
    });
    let mut diagnostics = Vec::new();
    let mut sources = Vec::new();
    for (d, src) in results {
        diagnostics.extend(d);
        sources.extend(src);
    }
    (diagnostics, sources)
}

/// Errors about LOM metadata become warnings: LMSs never read it, so a
/// vendor extension the LOM XSD rejects (or a broken metadata file) does not
/// stop an import; `--strict` keeps them errors.
fn tolerate(found: &mut [Diagnostic]) {
    for d in found.iter_mut().filter(|d| d.severity == Severity::Error) {
        d.severity = Severity::Warning;
        d.message.push_str(" (in LOM metadata, which LMSs do not read: an error with --strict)");
    }
}

/// The schema errors found inside an inline `<lom>` of the manifest become
/// warnings, as for metadata files ([`tolerate`]), unless `strict`.
pub(crate) fn tolerate_inline_lom(standard: Standard, doc: &Document, found: &mut [Diagnostic], strict: bool) {
    let ns = match standard {
        Standard::Scorm12 => lom::IMSMD,
        Standard::Scorm2004(_) => lom::LOM,
        _ => return,
    };
    if strict {
        return;
    }
    // Each `<lom>`'s extent: its start tag to the end of its last
    // descendant's start tag or attribute.
    let mut ranges = Vec::new();
    doc.root.walk(&mut |e, _| {
        if e.ns == ns && e.local == "lom" {
            let mut end = e.span.end;
            e.walk(&mut |d, _| {
                end = end.max(d.span.end);
                for a in &d.attrs {
                    end = end.max(a.span.end);
                }
            });
            ranges.push(e.span.start..end);
        }
    });
    if ranges.is_empty() {
        return;
    }
    let inside = |d: &Diagnostic| {
        d.location.as_ref().and_then(|l| l.span.as_ref()).is_some_and(|s| ranges.iter().any(|r| r.contains(&s.start)))
    };
    let mut lom_errors: Vec<&mut Diagnostic> =
        found.iter_mut().filter(|d| d.code.starts_with("schema/") && inside(d)).collect();
    for d in lom_errors.iter_mut() {
        tolerate(std::slice::from_mut(*d));
    }
}
