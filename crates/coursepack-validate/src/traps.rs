//! LMS traps a manifest shows, beyond the basic ones in [`crate::lms`]:
//! the field notes and standards §5 items that can be seen without running
//! the content (the runtime ones are in [`crate::scan`]).

use crate::detect::{Edition, Standard};
use crate::rules::Rule;
use crate::schema::{scorm12, scorm2004};
use crate::xml::{Document, Element};
use crate::{LmsProfile, Options};
use coursepack_diagnostics::{Diagnostic, SourceFile};
use std::collections::HashMap;

/// Why an identifier looks generated rather than derived from a stable
/// name: it holds a UUID, or a run of 10 or more digits (a Unix time).
pub fn looks_generated(id: &str) -> Option<&'static str> {
    let b = id.as_bytes();
    let hex = |s: &[u8]| s.iter().all(u8::is_ascii_hexdigit);
    for start in 0..b.len() {
        let rest = &b[start..];
        if rest.len() >= 36
            && [8, 13, 18, 23].iter().all(|&i| rest[i] == b'-')
            && hex(&rest[..8])
            && hex(&rest[9..13])
            && hex(&rest[14..18])
            && hex(&rest[19..23])
            && hex(&rest[24..36])
        {
            return Some("a UUID");
        }
        if rest.len() >= 32
            && hex(&rest[..32])
            && rest[..32].iter().any(u8::is_ascii_digit)
            && rest[..32].iter().any(u8::is_ascii_alphabetic)
        {
            return Some("a UUID");
        }
    }
    let mut run = 0;
    for c in b {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 10 {
            return Some("a timestamp");
        }
    }
    None
}

fn at(f: &SourceFile, d: Diagnostic, span: &std::ops::Range<usize>) -> Diagnostic {
    d.at(f.location(span.clone()))
}

/// Traps common to SCORM 1.2 and 2004.
pub(crate) fn scorm(standard: Standard, doc: &Document, options: &Options, out: &mut crate::findings::Findings) {
    let f = &doc.source;
    let cp = if standard == Standard::Scorm12 { scorm12::CP } else { scorm2004::CP };
    doc.root.walk(&mut |e, _| {
        if e.ns == cp && matches!(e.local.as_str(), "manifest" | "organization" | "item" | "resource")
            && let Some(a) = e.attr_full("identifier")
            && let Some(why) = looks_generated(&a.value)
        {
            out.push(at(
                f,
                Diagnostic::info("lms/unstable-identifier", format!("{} identifier `{}` looks generated (it contains {why})", e.local, a.value))
                    .with_hint("if it changes when the package is rebuilt, Moodle and Totara clear learners' tracking data when the package is updated; derive identifiers from stable names")
                    .with_rule(Rule::LMS_STABLE_ID),
                &a.span,
            ));
        }
    });
    if let Standard::Scorm2004(Edition::Second) = standard
        && let Some(v) = doc.root.kid(cp, "metadata").and_then(|m| m.kid(cp, "schemaversion"))
    {
        out.push(at(
            f,
            Diagnostic::info("lms/suspend-data-4000", "SCORM 2004 2nd Edition (`CAM 1.3`) LMSs limit cmi.suspend_data to 4000 characters")
                .with_hint("content that saves more is cut off or rejected, so resume breaks; declare `2004 4th Edition` (64000 characters) if the content conforms to it")
                .with_rule(Rule::LMS_SUSPEND_DATA),
            &v.span,
        ));
    }
    if standard == Standard::Scorm12 {
        scorm12_traps(doc, options, out);
    } else {
        scorm2004_traps(doc, options, out);
    }
}

/// `HH[HH]:MM:SS[.SS]`, as Moodle checks CMITimespan.
pub(crate) fn cmi_timespan(v: &str) -> bool {
    let mut parts = v.split(':');
    let (Some(h), Some(m), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let digits =
        |x: &str, n: std::ops::RangeInclusive<usize>| n.contains(&x.len()) && x.bytes().all(|b| b.is_ascii_digit());
    let (sec, frac) = s.split_once('.').unwrap_or((s, "00"));
    digits(h, 2..=4) && digits(m, 2..=2) && digits(sec, 2..=2) && digits(frac, 1..=2)
}

fn scorm12_traps(doc: &Document, options: &Options, out: &mut crate::findings::Findings) {
    let f = &doc.source;
    let moodle = options.lms.iter().any(|p| matches!(p, LmsProfile::Moodle | LmsProfile::Totara));
    doc.root.walk(&mut |e, _| {
        if e.ns != scorm12::ADLCP {
            return;
        }
        if e.local == "maxtimeallowed" && !cmi_timespan(e.text.trim()) {
            out.push(at(
                f,
                Diagnostic::warning("lms/cmi-timespan", format!("adlcp:maxtimeallowed `{}` is not a CMITimespan (HH:MM:SS or HHHH:MM:SS.SS)", e.text.trim()))
                    .with_hint("write two to four hour digits, two minute and two second digits, e.g. 00:30:00; Moodle rejects other forms of cmi.student_data.max_time_allowed")
                    .with_rule(Rule::LMS_TIMESPAN),
                &e.span,
            ));
        }
        if e.local == "masteryscore" && moodle {
            out.push(at(
                f,
                Diagnostic::info("lms/moodle-mastery-override", "Moodle recalculates passed/failed from adlcp:masteryscore when the SCO finishes")
                    .with_hint("with a mastery score and a raw score, Moodle sets lesson_status from score.raw >= masteryscore, whatever the SCO reported (the activity's masteryoverride setting)")
                    .with_rule(Rule::LMS_MOODLE_MASTERY),
                &e.span,
            ));
        }
    });
}

/// The items of a SCORM 2004 manifest that launch a SCO.
fn sco_items(root: &Element) -> Vec<&Element> {
    let cp = scorm2004::CP;
    let resources: HashMap<&str, &Element> = root
        .kid(cp, "resources")
        .map(|r| r.kids(cp, "resource").filter_map(|x| x.attr("identifier").map(|i| (i.trim(), x))).collect())
        .unwrap_or_default();
    fn collect<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
        for c in e.kids(scorm2004::CP, "item") {
            out.push(c);
            collect(c, out);
        }
    }
    let mut items = Vec::new();
    for org in root.kid(cp, "organizations").into_iter().flat_map(|o| o.kids(cp, "organization")) {
        collect(org, &mut items);
    }
    items.retain(|item| {
        item.attr("identifierref")
            .and_then(|r| resources.get(r.trim()))
            .and_then(|r| r.attr_ns(scorm2004::ADLCP, "scormType"))
            .is_some_and(|t| t.value.trim() == "sco")
    });
    items
}

fn is_true(v: Option<&str>) -> bool {
    v.is_some_and(|v| matches!(v.trim(), "true" | "1"))
}

fn scorm2004_traps(doc: &Document, options: &Options, out: &mut crate::findings::Findings) {
    let f = &doc.source;
    let (ss, adlcp, adlnav) = (scorm2004::IMSSS, scorm2004::ADLCP, scorm2004::ADLNAV);
    // The LMS, not the content, decides completion or success.
    doc.root.walk(&mut |e, _| {
        if e.ns == adlcp && e.local == "completionThreshold" && is_true(e.attr("completedByMeasure")) {
            out.push(at(
                f,
                Diagnostic::info("lms/status-by-measure", "completedByMeasure=\"true\": the LMS sets completion from cmi.progress_measure and overrides what the SCO reports")
                    .with_hint("the SCO must report cmi.progress_measure, or it is never completed")
                    .with_rule(Rule::LMS_STATUS_BY_MEASURE),
                &e.span,
            ));
        }
        if e.ns == ss && e.local == "primaryObjective" && is_true(e.attr("satisfiedByMeasure")) {
            out.push(at(
                f,
                Diagnostic::info("lms/status-by-measure", "satisfiedByMeasure=\"true\": the LMS sets passed/failed from cmi.score.scaled and cmi.scaled_passing_score, overriding cmi.success_status")
                    .with_hint("the SCO must report cmi.score.scaled, or it is never passed")
                    .with_rule(Rule::LMS_STATUS_BY_MEASURE),
                &e.span,
            ));
        }
    });
    // With one SCO, the content's own navigation is all the learner needs;
    // with several, the LMS's buttons are how they move between SCOs.
    let scos = sco_items(&doc.root);
    if options.lms.contains(&LmsProfile::SuccessFactors) && scos.len() == 1 {
        for item in scos {
            let hidden: Vec<&str> = item
                .kids(adlnav, "presentation")
                .flat_map(|p| p.kids(adlnav, "navigationInterface"))
                .flat_map(|n| n.kids(adlnav, "hideLMSUI"))
                .map(|h| h.text.trim())
                .collect();
            if !(hidden.contains(&"continue") && hidden.contains(&"previous")) {
                out.push(at(
                    f,
                    Diagnostic::info("lms/lms-navigation", format!("the single SCO item `{}` does not hide the LMS's Previous/Continue buttons", item.attr("identifier").unwrap_or("?")))
                        .with_hint("SuccessFactors shows its own navigation next to the content's unless adlnav:presentation/navigationInterface/hideLMSUI lists `previous` and `continue` (with one SCO there is nowhere for them to go)")
                        .with_rule(Rule::LMS_SF_NAVIGATION),
                    &item.span,
                ));
            }
        }
    }
}
