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
use coursepack_diagnostics::{Diagnostic, SourceFile};

/// Every `adlcp:location` of a SCORM manifest, as a file reference.
pub(crate) fn references(standard: Standard, doc: &Document) -> Vec<Reference> {
    let adlcp = if standard == Standard::Scorm12 { scorm12::ADLCP } else { scorm2004::ADLCP };
    let mut out = Vec::new();
    doc.root.walk(&mut |e, _| {
        if e.ns == adlcp && e.local == "location" && e.children.is_empty() {
            let value = e.text.trim();
            if !value.is_empty() && !content::is_external(value) {
                out.push(Reference { value: value.to_string(), span: e.span.clone(), launch: false });
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
        Standard::Cmi5 | Standard::TinCan => return (Vec::new(), Vec::new()),
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
            let parsed = xml::parse(name, &bytes, &ctx.options.limits);
            let mut out = parsed.diagnostics;
            let mut source = parsed.source;
            if let Some(meta) = parsed.doc {
                let mut found = schema.validate_as(&meta.root, &meta.source, !ctx.options.strict_schema, &[root]);
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
