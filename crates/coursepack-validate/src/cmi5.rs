//! cmi5 course-structure rules beyond the XSD (CATAPULT import checks).

use crate::Context;
use crate::content::{self, Reference};
use crate::rules::Rule;
use crate::schema::cmi5::NS;
use crate::urls::{self, Expect};
use crate::xml::{Document, Element};
use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
use std::collections::{HashMap, HashSet};

/// True for a fully qualified IRI (scheme, `:`, something after it); the
/// rest of its syntax is [`urls::syntax`]'s.
pub fn is_absolute_iri(v: &str) -> bool {
    let v = v.trim();
    match v.find(':') {
        Some(i) if i > 0 => {
            let scheme = &v[..i];
            scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && v.len() > i + 1
        }
        _ => false,
    }
}

const RESERVED: [&str; 5] = ["endpoint", "fetch", "actor", "registration", "activityId"];

/// Run the cmi5 rules.
pub(crate) fn check(doc: &Document, ctx: &Context) -> Vec<Diagnostic> {
    let f = &doc.source;
    let mut out = crate::findings::Findings::default();
    let root = &doc.root;
    if root.ns != NS || root.local != "courseStructure" {
        return Vec::new();
    }
    let mut ids: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    let mut course_objectives = HashSet::new();
    let mut aus = Vec::new();
    let mut refs = Vec::new();
    let mut stack: Vec<&Element> = vec![root];
    while let Some(e) = stack.pop() {
        if e.ns == NS {
            let kind = e.local.as_str();
            if (matches!(kind, "course" | "block" | "au") || (kind == "objective" && e.attr("id").is_some()))
                && let Some(a) = e.attr_full("id")
            {
                let id = a.value.trim().to_string();
                if !is_absolute_iri(&id) {
                    out.push(diag(
                        f,
                        &a.span,
                        Diagnostic::error("cmi5/id-not-iri", format!("{kind} id `{id}` is not a fully qualified IRI"))
                            .with_hint(
                                "use an absolute IRI such as https://example.com/course/1 (not a relative reference)",
                            )
                            .with_rule(Rule::CMI5_IRI),
                    ));
                } else if let Some(bad) = urls::syntax(&id, Expect::Iri) {
                    let lead = a.value.len() - a.value.trim_start().len();
                    out.push(
                        Diagnostic::error("cmi5/id-not-iri", format!("{kind} id `{id}` is not a valid IRI: {}", bad.what))
                            .with_hint("an IRI has no spaces, quotes, angle brackets or `|`; percent-encode them (a space is `%20`)")
                            .with_rule(Rule::IRI_SYNTAX)
                            .at(urls::in_attribute(f, a, lead + bad.at)),
                    );
                }
                if let Some(first) = ids.get(&id) {
                    let (l, c) = f.line_col(first.start);
                    out.push(diag(
                        f,
                        &a.span,
                        Diagnostic::error("cmi5/duplicate-id", format!("id `{id}` is already used at {l}:{c}"))
                            .with_hint("course, block, AU and objective ids must be unique within the course structure")
                            .with_rule(Rule::CMI5_UNIQUE),
                    ));
                } else {
                    ids.insert(id.clone(), a.span.clone());
                }
                if kind == "objective" {
                    course_objectives.insert(id);
                }
            }
            if kind == "au" {
                aus.push(e);
            }
        }
        for c in e.children.iter().rev() {
            stack.push(c);
        }
    }
    // A bare cmi5.xml is a standalone course structure (spec §14.2), unless
    // the caller says it is the manifest of a package whose other files are
    // absent (`manifest_only`): then its URLs follow the zip rules (§14.1).
    let standalone = ctx.pkg.bare && !ctx.options.manifest_only;
    let mut any_move_on = false;
    for au in &aus {
        if let Some(m) = au.attr("moveOn")
            && m != "NotApplicable"
        {
            any_move_on = true;
        }
        if let Some(ms) = au.attr_full("masteryScore") {
            let v = ms.value.trim();
            let decimals = v.split_once('.').map_or(0, |(_, d)| d.trim_end_matches('0').len());
            if decimals > 4 {
                out.push(diag(
                    f,
                    &ms.span,
                    Diagnostic::warning(
                        "cmi5/mastery-score-precision",
                        format!("masteryScore `{v}` has more than 4 decimal places"),
                    )
                    .with_hint("LMSs may round it; use at most 4 decimals")
                    .with_rule(Rule::CMI5_MASTERY),
                ));
            }
        }
        if let Some(t) = au.attr_full("activityType")
            && (!is_absolute_iri(&t.value) || urls::syntax(t.value.trim(), Expect::Iri).is_some())
        {
            out.push(diag(f, &t.span, Diagnostic::warning("cmi5/activity-type-not-iri", format!("activityType `{}` is not an absolute IRI", t.value))
                .with_hint("use a fully qualified IRI such as http://adlnet.gov/expapi/activities/lesson, or leave activityType out").with_rule(Rule::CMI5_IRI)));
        }
        for o in au.kids(NS, "objectives").flat_map(|os| os.kids(NS, "objective")) {
            if let Some(r) = o.attr_full("idref")
                && !course_objectives.contains(r.value.trim())
            {
                out.push(diag(
                    f,
                    &r.span,
                    Diagnostic::error(
                        "cmi5/objective-unresolved",
                        format!("objective idref `{}` matches no course objective", r.value),
                    )
                    .with_hint("declare the objective under <course><objectives> with this id, or correct the idref")
                    .with_rule(Rule::CMI5_OBJREF),
                ));
            }
        }
        if let Some(u) = au.kid(NS, "url") {
            let url = u.text.trim();
            if url.is_empty() {
                continue;
            }
            if let Some(bad) = urls::syntax(url, Expect::IriRef) {
                // An absolute URL the browser cannot open stops the launch;
                // a relative one with, say, a space is mended by browsers.
                let absolute = content::is_external(url);
                let message = format!("AU url `{url}` is not a valid IRI reference: {}", bad.what);
                let severity = if absolute || bad.bad_escape { Severity::Error } else { Severity::Warning };
                out.push(
                    Diagnostic::new(severity, "cmi5/url-syntax", message)
                        .with_hint("percent-encode the character (a space is `%20`), or rename the file so its URL needs no encoding")
                        .with_rule(Rule::IRI_SYNTAX)
                        .at(urls::in_text(f, u, url, bad.at)),
                );
            }
            if content::is_external(url) {
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    out.push(diag(f, &u.span, Diagnostic::error("cmi5/url-scheme", format!("AU url `{url}` is neither relative nor http(s)"))
                        .with_hint("give a path relative to the package root for content in the zip, or an http(s) URL for content elsewhere").with_rule(Rule::CMI5_URL)));
                } else if !standalone {
                    out.push(diag(
                        f,
                        &u.span,
                        Diagnostic::warning(
                            "content/external-reference",
                            format!("AU url `{url}` points to another origin"),
                        )
                        .with_hint("the package is not self-contained (privacy, offline use)")
                        .with_rule(Rule::CONTENT_EXTERNAL),
                    ));
                }
            } else {
                if url.starts_with('/') || url.contains('\\') {
                    out.push(diag(
                        f,
                        &u.span,
                        Diagnostic::error(
                            "cmi5/url-relative-form",
                            format!("AU url `{url}` must be relative to the package root (no leading `/`, no `\\`)"),
                        )
                        .with_hint("write the path from the package root with `/` separators, e.g. `au1/index.html`")
                        .with_rule(Rule::CMI5_URL),
                    ));
                }
                if standalone {
                    out.push(diag(f, &u.span, Diagnostic::error("cmi5/relative-url-standalone", format!("AU url `{url}` is relative, but a standalone cmi5.xml has no package to resolve it in"))
                        .with_hint("use fully qualified URLs, or ship cmi5.xml in a zip with the content; if this file was taken out of a zip package, validate it with --manifest-only").with_rule(Rule::CMI5_BARE_URL)));
                } else {
                    refs.push(Reference {
                        value: url.to_string(),
                        span: u.span.clone(),
                        launch: true,
                        metadata: false,
                    });
                }
            }
            if let Some(q) = url.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or("")) {
                for pair in q.split('&') {
                    let key = pair.split('=').next().unwrap_or("");
                    if RESERVED.contains(&key) {
                        out.push(diag(
                            f,
                            &u.span,
                            Diagnostic::error(
                                "cmi5/reserved-launch-parameter",
                                format!("AU url sets `{key}`, a parameter the LMS adds at launch"),
                            )
                            .with_hint("rename the parameter, or pass the value through <launchParameters>")
                            .with_rule(Rule::CMI5_URL),
                        ));
                    }
                }
            }
        }
    }
    if !aus.is_empty() && !any_move_on {
        out.push(diag(
            f,
            &root.span,
            Diagnostic::warning(
                "cmi5/no-move-on",
                "no AU sets moveOn: the course is satisfied as soon as the learner registers",
            )
            .with_hint("set moveOn=\"Completed\", \"Passed\" or \"CompletedOrPassed\" on the AUs that matter")
            .with_rule(Rule::CMI5_MOVEON),
        ));
    }
    if !ctx.options.manifest_only && !ctx.pkg.bare {
        out.extend(content::check_references(ctx, f, &refs));
    }
    out.finish(|| f.location(0..0))
}

fn diag(f: &SourceFile, span: &std::ops::Range<usize>, d: Diagnostic) -> Diagnostic {
    d.at(f.location(span.clone()))
}
