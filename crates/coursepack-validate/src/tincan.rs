//! tincan.xml rules beyond the XSD: exactly one launchable activity.

use crate::Context;
use crate::cmi5::is_absolute_iri;
use crate::content::{self, Reference};
use crate::rules::Rule;
use crate::schema::tincan::NS;
use crate::urls::{self, Expect};
use crate::xml::{Document, Element};
use coursepack_diagnostics::{Diagnostic, Severity};

/// Run the tincan.xml rules.
pub(crate) fn check(doc: &Document, ctx: &Context) -> Vec<Diagnostic> {
    let f = &doc.source;
    let mut out = crate::findings::Findings::default();
    if doc.root.ns != NS || doc.root.local != "tincan" {
        return Vec::new();
    }
    let activities: Vec<&Element> = doc.root.kids(NS, "activities").flat_map(|a| a.kids(NS, "activity")).collect();
    let launchable: Vec<&&Element> = activities.iter().filter(|a| a.kid(NS, "launch").is_some()).collect();
    match launchable.len() {
        0 => out.push(
            Diagnostic::error("tincan/no-launch", "no activity has a <launch> element: there is nothing to start")
                .with_hint("add <launch lang=\"und\">index.html</launch> to the course activity")
                .with_rule(Rule::TINCAN_ONE_LAUNCH)
                .at(f.location(doc.root.span.clone())),
        ),
        1 => {}
        n => {
            for a in launchable.iter().skip(1) {
                out.push(
                    Diagnostic::error(
                        "tincan/several-launch",
                        format!("{n} activities have <launch>; exactly one may"),
                    )
                    .with_hint("keep <launch> on the root (course) activity only")
                    .with_rule(Rule::TINCAN_ONE_LAUNCH)
                    .at(f.location(a.span.clone())),
                );
            }
        }
    }
    let mut refs = Vec::new();
    for a in &launchable {
        match a.attr_full("id") {
            None => out.push(
                Diagnostic::error("tincan/launch-activity-id", "the launchable activity has no id")
                    .with_hint("give the activity with <launch> an id: the absolute IRI LMSs record statements against")
                    .with_rule(Rule::TINCAN_ONE_LAUNCH)
                    .at(f.location(a.span.clone())),
            ),
            Some(id) if !is_absolute_iri(&id.value) => out.push(
                Diagnostic::error("tincan/id-not-iri", format!("activity id `{}` is not an absolute IRI", id.value))
                    .with_hint("use an absolute IRI such as https://example.com/course/1")
                    .with_rule(Rule::TINCAN_ONE_LAUNCH)
                    .at(f.location(id.span.clone())),
            ),
            Some(id) if let Some(bad) = urls::syntax(id.value.trim(), Expect::Iri) => out.push(
                Diagnostic::error(
                    "tincan/id-not-iri",
                    format!("activity id `{}` is not a valid IRI: {}", id.value.trim(), bad.what),
                )
                .with_hint("percent-encode the character (a space is `%20`): LRSs refuse statements about an activity whose id is not an IRI")
                .with_rule(Rule::IRI_SYNTAX)
                .at(urls::in_attribute(f, id, id.value.len() - id.value.trim_start().len() + bad.at)),
            ),
            _ => {}
        }
        for l in a.kids(NS, "launch") {
            let url = l.text.trim();
            if let Some(bad) = urls::syntax(url, Expect::IriRef) {
                let message = format!("launch URL `{url}` is not a valid IRI reference: {}", bad.what);
                let severity =
                    if content::is_external(url) || bad.bad_escape { Severity::Error } else { Severity::Warning };
                out.push(
                    Diagnostic::new(severity, "tincan/url-syntax", message)
                        .with_hint("percent-encode the character (a space is `%20`), or rename the file so its URL needs no encoding")
                        .with_rule(Rule::IRI_SYNTAX)
                        .at(urls::in_text(f, l, url, bad.at)),
                );
            }
            if content::is_external(url) {
                out.push(
                    Diagnostic::warning(
                        "content/external-reference",
                        format!("launch URL `{url}` points to another origin"),
                    )
                    .with_hint("the package is not self-contained (privacy, offline use)")
                    .with_rule(Rule::CONTENT_EXTERNAL)
                    .at(f.location(l.span.clone())),
                );
            } else if !url.is_empty() {
                refs.push(Reference { value: url.to_string(), span: l.span.clone(), launch: true, metadata: false });
            }
        }
    }
    for a in &activities {
        if let Some(t) = a.attr_full("type")
            && !is_absolute_iri(&t.value)
        {
            out.push(
                Diagnostic::info("tincan/short-activity-type", format!("activity type `{}` is not an IRI", t.value))
                    .with_hint("use the ADL type IRI, e.g. http://adlnet.gov/expapi/activities/course")
                    .with_rule(Rule::TINCAN_ONE_LAUNCH)
                    .at(f.location(t.span.clone())),
            );
        }
    }
    if !ctx.options.manifest_only && !ctx.pkg.bare {
        out.extend(content::check_references(ctx, f, &refs));
    }
    out.finish(|| f.location(0..0))
}
