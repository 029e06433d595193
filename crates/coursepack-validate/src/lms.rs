//! LMS traps: things the standards allow (or only warn about) that make real
//! LMS imports or tracking fail. Warnings by default; `--lms <profile>` turns
//! the traps of that LMS into errors.

use crate::detect::Standard;
use crate::rules::Rule;
use crate::schema::{cmi5 as cmi5ns, scorm12, scorm2004, tincan as tincanns, types};
use crate::xml::{Document, Element};
use crate::{LmsProfile, Options};
use coursepack_diagnostics::{Diagnostic, Severity, SourceFile};
use std::collections::HashMap;

/// Which profiles turn a trap code into an error.
fn profiles_for(code: &str) -> &'static [LmsProfile] {
    match code {
        "lms/moodle-identifier" | "lms/mastery-score-range" | "lms/cmi-timespan" | "lms/unload-handler" => {
            &[LmsProfile::Moodle, LmsProfile::Totara]
        }
        "lms/moodle-needs-plugin" => &[LmsProfile::Moodle],
        "lms/sequencing-defaults" | "lms/successfactors-id-prefix" => &[LmsProfile::SuccessFactors],
        "schema/invalid-id" => &[LmsProfile::SuccessFactors],
        c if crate::moodle_import::ERROR_UNDER_MOODLE.contains(&c) => &[LmsProfile::Moodle, LmsProfile::Totara],
        c if crate::moodle_traps::CODES.contains(&c) => &[LmsProfile::Moodle, LmsProfile::Totara],
        _ => &[],
    }
}

/// Raise traps to errors for the selected profiles, naming the profile.
pub(crate) fn apply_profiles(diags: &mut [Diagnostic], options: &Options) {
    if options.lms.is_empty() {
        return;
    }
    for d in diags.iter_mut() {
        if d.severity == Severity::Error {
            continue;
        }
        if let Some(p) = profiles_for(&d.code).iter().find(|p| options.lms.contains(p)) {
            d.severity = Severity::Error;
            d.message = format!("{} (error under --lms {})", d.message, p.name());
        }
    }
}

fn moodle_id_ok(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

/// Find the traps a manifest shows.
pub(crate) fn check(standard: Standard, doc: &Document, options: &Options) -> Vec<Diagnostic> {
    let f = &doc.source;
    let root = &doc.root;
    let mut out = crate::findings::Findings::default();
    let d = |sev: Severity, code: &str, msg: String, hint: &str, rule: &str, span: &std::ops::Range<usize>| {
        Diagnostic::new(sev, code, msg).with_hint(hint).with_rule(rule).at(f.location(span.clone()))
    };
    match standard {
        Standard::Scorm12 | Standard::Scorm2004(_) => {
            let cp = if standard == Standard::Scorm12 { scorm12::CP } else { scorm2004::CP };
            root.walk(&mut |e, _| {
                if e.ns == cp && matches!(e.local.as_str(), "manifest" | "organization" | "item" | "resource") && let Some(a) = e.attr_full("identifier") && !moodle_id_ok(a.value.trim()) {
                    out.push(d(Severity::Warning, "lms/moodle-identifier", format!("identifier `{}` uses characters outside [A-Za-z0-9_.-]", a.value),
                        "Moodle and Totara clean identifiers to a small character set, which can break tracking; use letters, digits, `_`, `.` and `-`",
                        Rule::LMS_MOODLE_ID, &a.span));
                }
                if e.ns == cp && e.local == "title" && standard != Standard::Scorm12 && e.text.chars().count() > 200 {
                    out.push(d(Severity::Warning, "lms/title-too-long", format!("title is {} characters long", e.text.chars().count()),
                        "LMSs truncate or reject titles over 200 characters", Rule::LMS_TITLE, &e.span));
                }
            });
            if standard == Standard::Scorm12 {
                root.walk(&mut |e, _| {
                    if e.ns == scorm12::ADLCP && e.local == "masteryscore" {
                        let v = types::collapse(&e.text);
                        let ok = types::Simple::Decimal { min: Some("0"), max: Some("100") }.check(&v).is_ok();
                        if !ok {
                            out.push(d(Severity::Warning, "lms/mastery-score-range", format!("adlcp:masteryscore `{v}` is not a number from 0 to 100"),
                                "Moodle and the ADL test suite expect 0-100; Moodle recalculates passed/failed from it", Rule::LMS_MASTERY, &e.span));
                        }
                    }
                    if e.ns == scorm12::IMSMD && e.local == "description" {
                        let len: usize = e.text.chars().count() + e.children.iter().map(|c| c.text.chars().count()).sum::<usize>();
                        if len > 1000 {
                            out.push(d(Severity::Warning, "lms/lom-description-too-long", format!("LOM description is {len} characters long"),
                                "keep SCORM 1.2 metadata descriptions under 1000 characters; longer ones fail some imports", Rule::LMS_LOM_DESC, &e.span));
                        }
                    }
                });
            } else {
                sequencing_traps(root, f, &mut out, options);
            }
            crate::traps::scorm(standard, doc, options, &mut out);
            out.extend(crate::moodle_import::check(standard, doc, options));
            out.extend(crate::moodle_traps::manifest(standard, doc));
        }
        Standard::Web => {}
        Standard::Cmi5 | Standard::TinCan => {
            if options.lms.contains(&LmsProfile::Moodle) {
                out.push(d(
                    Severity::Warning,
                    "lms/moodle-needs-plugin",
                    format!("Moodle imports {standard} packages only through a plugin"),
                    "install mod_tincanlaunch (xAPI) or mod_cmi5launch (cmi5), or build SCORM 1.2 for Moodle",
                    Rule::LMS_MOODLE_PLUGIN,
                    &root.span,
                ));
            }
            let (ns, names): (&str, &[&str]) =
                if standard == Standard::Cmi5 { (cmi5ns::NS, &["title"]) } else { (tincanns::NS, &["name"]) };
            root.walk(&mut |e, _| {
                if e.ns == ns && names.contains(&e.local.as_str()) {
                    for s in std::iter::once(e).chain(e.children.iter()) {
                        let n = s.text.trim().chars().count();
                        if n > 200 {
                            out.push(d(
                                Severity::Warning,
                                "lms/title-too-long",
                                format!("title is {n} characters long"),
                                "LMSs truncate or reject titles over 200 characters",
                                Rule::LMS_TITLE,
                                &s.span,
                            ));
                        }
                    }
                }
            });
        }
    }
    out.finish(|| f.location(0..0))
}

fn sequencing_traps(root: &Element, f: &SourceFile, out: &mut crate::findings::Findings, options: &Options) {
    let cp = scorm2004::CP;
    let ss = scorm2004::IMSSS;
    let mut collection: HashMap<&str, &Element> = HashMap::new();
    if let Some(c) = root.kid(ss, "sequencingCollection") {
        for s in c.kids(ss, "sequencing") {
            if let Some(id) = s.attr("ID") {
                collection.insert(id.trim(), s);
            }
        }
    }
    // Moodle and Totara: sequencing; Totara also rejects the other ADL
    // extensions (navigation, ADL sequencing, shared data).
    let totara = options.lms.contains(&LmsProfile::Totara);
    let mut first: Option<(std::ops::Range<usize>, String)> = None;
    root.walk(&mut |e, _| {
        let extension = (e.ns == ss && e.local == "sequencing")
            || (totara
                && (e.ns == scorm2004::ADLNAV
                    || e.ns == scorm2004::ADLSEQ
                    || (e.ns == scorm2004::ADLCP && e.local == "data")));
        if extension && first.is_none() {
            first = Some((e.span.clone(), e.qname.to_string()));
        }
    });
    if let Some((span, qname)) = first
        && options.lms.iter().any(|p| matches!(p, LmsProfile::Moodle | LmsProfile::Totara))
    {
        out.push(
            Diagnostic::info(
                "lms/scorm2004-sequencing",
                format!("the manifest uses SCORM 2004 sequencing or navigation extensions (`<{qname}>`), which Moodle and Totara do not fully support"),
            )
            .with_hint("for Moodle/Totara prefer SCORM 1.2 or a single SCO without sequencing rules")
            .with_rule(Rule::LMS_MOODLE_2004)
            .at(f.location(span)),
        );
    }
    let resources: HashMap<&str, &Element> = root
        .kid(cp, "resources")
        .map(|r| r.kids(cp, "resource").filter_map(|x| x.attr("identifier").map(|i| (i.trim(), x))).collect())
        .unwrap_or_default();
    let mut items = Vec::new();
    fn collect<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
        for c in e.kids(scorm2004::CP, "item") {
            out.push(c);
            collect(c, out);
        }
    }
    for org in root.kid(cp, "organizations").into_iter().flat_map(|o| o.kids(cp, "organization")) {
        collect(org, &mut items);
    }
    for item in items {
        let Some(r) = item.attr("identifierref").and_then(|r| resources.get(r.trim())) else { continue };
        if r.attr_ns(scorm2004::ADLCP, "scormType").map(|a| a.value.trim()) != Some("sco") {
            continue;
        }
        let seq = item.kid(ss, "sequencing");
        let delivery = seq.and_then(|s| s.kid(ss, "deliveryControls")).or_else(|| {
            seq.and_then(|s| s.attr("IDRef"))
                .and_then(|id| collection.get(id.trim()))
                .and_then(|s| s.kid(ss, "deliveryControls"))
        });
        let set = |name: &str| delivery.and_then(|dc| dc.attr(name)).is_some_and(|v| matches!(v.trim(), "true" | "1"));
        if !set("completionSetByContent") || !set("objectiveSetByContent") {
            out.push(Diagnostic::warning("lms/sequencing-defaults", format!("SCO item `{}` leaves completionSetByContent/objectiveSetByContent at their default (false)", item.attr("identifier").unwrap_or("?")))
                .with_hint("add <imsss:sequencing><imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/></imsss:sequencing>; strict LMSs (SuccessFactors) otherwise mark the SCO complete on exit")
                .with_rule(Rule::LMS_SEQ_DEFAULTS).at(f.location(item.span.clone())));
        }
    }
}

/// SuccessFactors derives content-object ids from the first 15 characters of
/// `manifest@identifier` and the item's `identifierref`: two different
/// packages validated together whose identifiers share those 15 characters
/// and that launch a resource with the same identifier would overwrite each
/// other's tracking.
pub(crate) fn identifier_prefixes(reports: &mut [&mut crate::PackageReport], options: &Options) {
    let mut found: Vec<(usize, String, String)> = Vec::new();
    for i in 0..reports.len() {
        for j in 0..reports.len() {
            let (Some((a, _)), Some((b, _))) = (&reports[i].identifier, &reports[j].identifier) else { continue };
            let prefix: String = a.chars().take(15).collect();
            if i == j || a == b || b.chars().take(15).collect::<String>() != prefix {
                continue;
            }
            if let Some(shared) = reports[i].item_refs.iter().find(|r| reports[j].item_refs.contains(r)) {
                found.push((i, reports[j].path.clone(), format!("`{prefix}` + `{shared}`")));
            }
        }
    }
    for (i, other, key) in found {
        let r = &mut *reports[i];
        let Some((id, loc)) = r.identifier.clone() else { continue };
        let mut d = vec![
            Diagnostic::warning(
                "lms/successfactors-id-prefix",
                format!("manifest identifier `{id}` and {other} give SuccessFactors the same content-object id ({key})"),
            )
            .with_hint("SuccessFactors builds content-object ids from the first 15 characters of manifest@identifier and the item's identifierref: make the identifiers differ in their first 15 characters")
            .with_rule(Rule::LMS_SF_ID_PREFIX)
            .at(loc),
        ];
        apply_profiles(&mut d, options);
        r.diagnostics.extend(d);
        crate::sort(&mut r.diagnostics);
    }
}
