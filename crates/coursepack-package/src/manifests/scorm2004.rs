//! `imsmanifest.xml` for SCORM 2004 4th edition (IMS CP 1.1.4, ADL CP/SEQ/NAV
//! 1.3, IMS Simple Sequencing), with inline IEEE LOM.
//!
//! Every SCO item says that the content sets completion and success
//! (`completionSetByContent`/`objectiveSetByContent`, which strict LMSs
//! otherwise decide themselves on exit). A pass mark becomes the primary
//! objective's `minNormalizedMeasure` with `satisfiedByMeasure`; a module
//! completed by viewing every page gets `adlcp:completionThreshold`
//! (completed when `progress_measure` reaches 1).
//!
//! A course is one organisation with an item per module and this sequencing:
//! - flow and choice navigation between modules;
//! - each module writes its completion and progress to a global objective
//!   (`adlseq:mapInfo`; scoped to the course, and not shared with other
//!   packages: `objectivesGlobalToSystem="false"`); every module after the
//!   first reads the previous module's completion and is `disabled` by a
//!   precondition rule until that module is completed;
//! - rollup: the course is completed when every module is, satisfied when
//!   every assessed module is satisfied (modules without a pass mark do not
//!   count towards satisfaction or the course's score).
//!
//! No objective carries an `imsss:mapInfo`, in any profile: Moodle's
//! manifest parser (`mod/scorm/datamodels/scormlib.php`, 4.5) throws on one
//! and the package cannot be added at all, and nothing in the course reads
//! the satisfaction or score such a map would share.
//!
//! Under the Moodle and Totara profiles, which apply no SCORM 2004 sequencing
//! ([`LmsProfile::applies_sequencing`](crate::LmsProfile::applies_sequencing)),
//! a course gets none of the course sequencing above: its items are in course
//! order, each with the same sequencing as a module on its own (delivery
//! controls and the pass mark; see `docs/lms-profiles.md`).

use super::ids::{
    global_objective, item_id, manifest_id, organization_id, prerequisite_objective_id, primary_objective_id,
    resource_id,
};
use super::xml::{El, el, text_el};
use super::{Layout, PlacedModule, lom, resources, scaled, schemas};
use coursepack_compile::CompletionRule;

const CP_NS: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const ADLCP_NS: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
const ADLSEQ_NS: &str = "http://www.adlnet.org/xsd/adlseq_v1p3";
const ADLNAV_NS: &str = "http://www.adlnet.org/xsd/adlnav_v1p3";
const IMSSS_NS: &str = "http://www.imsglobal.org/xsd/imsss";
const LOM_NS: &str = "http://ltsc.ieee.org/xsd/LOM";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The conventional `xsi:schemaLocation` (standards.md §1.3), with LOM for the inline metadata.
const SCHEMA_LOCATION: &str = "http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd http://ltsc.ieee.org/xsd/LOM lom.xsd";

/// The manifest document.
pub(crate) fn manifest(layout: &Layout<'_>) -> Vec<u8> {
    let meta = &layout.meta;
    let org = organization_id(&meta.info.id);
    // The course IRI when the course's order and rollup are written: only for
    // LMSs that apply sequencing.
    let course = (meta.is_course && layout.profile.applies_sequencing()).then_some(meta.activity_iri);
    let metadata = el("metadata")
        .child(text_el("schema", "ADL SCORM"))
        .child(text_el("schemaversion", "2004 4th Edition"))
        .child(lom::ieee_lom(meta));
    let items = layout.modules.iter().enumerate().map(|(i, placed)| {
        let previous = i.checked_sub(1).map(|p| layout.modules[p].module.meta.id.as_str());
        item(layout, placed, course, previous)
    });
    let mut organization = el("organization").attr("identifier", &org);
    if course.is_some() {
        organization = organization.attr("adlseq:objectivesGlobalToSystem", "false");
    }
    organization = organization.child(text_el("title", &meta.info.title)).children(items);
    if course.is_some() {
        organization = organization.child(course_sequencing());
    }
    let resources = el("resources")
        .children(layout.modules.iter().map(|placed| resources::sco_resource(placed, "adlcp:scormType")))
        .child(resources::schemas_resource("adlcp:scormType", schemas::SCORM2004));
    el("manifest")
        .attr("identifier", manifest_id(&meta.info.id))
        .attr("version", meta.info.version.as_str())
        .attr("xmlns", CP_NS)
        .attr("xmlns:adlcp", ADLCP_NS)
        .attr("xmlns:adlseq", ADLSEQ_NS)
        .attr("xmlns:adlnav", ADLNAV_NS)
        .attr("xmlns:imsss", IMSSS_NS)
        .attr("xmlns:lom", LOM_NS)
        .attr("xmlns:xsi", XSI_NS)
        .attr("xsi:schemaLocation", SCHEMA_LOCATION)
        .child(metadata)
        .child(el("organizations").attr("default", &org).child(organization))
        .child(resources)
        .to_document()
}

/// One module's item. `course` is the course IRI in a course package whose
/// sequencing is written; `previous` the id of the module that must be
/// completed first.
fn item(layout: &Layout<'_>, placed: &PlacedModule<'_>, course: Option<&str>, previous: Option<&str>) -> El {
    let module = placed.module;
    let threshold = (module.completion == CompletionRule::AllPages)
        .then(|| el("adlcp:completionThreshold").attr("completedByMeasure", "true").attr("minProgressMeasure", "1"));
    let presentation = (!layout.meta.is_course && layout.profile.hide_lms_flow_buttons()).then(|| {
        el("adlnav:presentation").child(
            el("adlnav:navigationInterface")
                .child(text_el("adlnav:hideLMSUI", "previous"))
                .child(text_el("adlnav:hideLMSUI", "continue")),
        )
    });
    el("item")
        .attr("identifier", item_id(&module.meta.id))
        .attr("identifierref", resource_id(&module.meta.id))
        .child(text_el("title", &module.meta.title))
        .child_opt(threshold)
        .child(item_sequencing(placed, course, previous))
        .child_opt(presentation)
}

fn item_sequencing(placed: &PlacedModule<'_>, course: Option<&str>, previous: Option<&str>) -> El {
    let module = placed.module;
    let own_global = course.map(|c| global_objective(c, &module.meta.id));
    let prerequisite =
        course.zip(previous).map(|(c, prev)| (prerequisite_objective_id(prev), global_objective(c, prev)));
    let rules = prerequisite.as_ref().map(|(local, _)| {
        let condition = |name: &str| {
            el("imsss:ruleCondition").attr("referencedObjective", local).attr("operator", "not").attr("condition", name)
        };
        el("imsss:sequencingRules").child(
            el("imsss:preConditionRule")
                .child(
                    el("imsss:ruleConditions")
                        .attr("conditionCombination", "any")
                        .child(condition("completed"))
                        .child(condition("activityProgressKnown")),
                )
                .child(el("imsss:ruleAction").attr("action", "disabled")),
        )
    });
    // A module without a pass mark has no score: it does not count towards
    // the course's satisfaction or score.
    let rollup = (course.is_some() && module.pass_mark.is_none())
        .then(|| el("imsss:rollupRules").attr("rollupObjectiveSatisfied", "false").attr("objectiveMeasureWeight", "0"));
    let mut primary = el("imsss:primaryObjective");
    if module.pass_mark.is_some() || own_global.is_some() {
        primary = primary.attr("objectiveID", primary_objective_id(&module.meta.id));
    }
    if let Some(mark) = module.pass_mark {
        primary =
            primary.attr("satisfiedByMeasure", "true").child(text_el("imsss:minNormalizedMeasure", &scaled(mark)));
    }
    // The prerequisite objective only carries the previous module's
    // completion (it is not satisfied by measure, so its measure means
    // nothing to a conformant LMS). It repeats the pass mark because Moodle
    // gives a SCO the measure of its last objective as
    // cmi.scaled_passing_score, 1.0 when that objective has none.
    let prerequisite_objective = prerequisite.as_ref().map(|(local, _)| {
        el("imsss:objective")
            .attr("objectiveID", local)
            .child_opt(module.pass_mark.map(|mark| text_el("imsss:minNormalizedMeasure", &scaled(mark))))
    });
    let objectives = (module.pass_mark.is_some() || own_global.is_some())
        .then(|| el("imsss:objectives").child(primary).child_opt(prerequisite_objective));
    let delivery =
        el("imsss:deliveryControls").attr("completionSetByContent", "true").attr("objectiveSetByContent", "true");
    let shared_completion = own_global.as_ref().map(|global| {
        let no_reads = |e: El| {
            e.attr("readRawScore", "false")
                .attr("readMinScore", "false")
                .attr("readMaxScore", "false")
                .attr("readProgressMeasure", "false")
        };
        el("adlseq:objectives")
            .child(
                el("adlseq:objective").attr("objectiveID", primary_objective_id(&module.meta.id)).child(
                    no_reads(
                        el("adlseq:mapInfo").attr("targetObjectiveID", global).attr("readCompletionStatus", "false"),
                    )
                    .attr("writeCompletionStatus", "true")
                    .attr("writeProgressMeasure", "true"),
                ),
            )
            .child_opt(prerequisite.as_ref().map(|(local, prev_global)| {
                el("adlseq:objective").attr("objectiveID", local).child(no_reads(
                    el("adlseq:mapInfo").attr("targetObjectiveID", prev_global).attr("readCompletionStatus", "true"),
                ))
            }))
    });
    el("imsss:sequencing")
        .child_opt(rules)
        .child_opt(rollup)
        .child_opt(objectives)
        .child(delivery)
        .child_opt(shared_completion)
}

/// The organisation's sequencing in a course: navigation and rollup.
fn course_sequencing() -> El {
    let rule = |set: &str, conditions: &[(&str, bool)], action: &str| {
        let mut cs = el("imsss:rollupConditions");
        if conditions.len() > 1 {
            cs = cs.attr("conditionCombination", "all");
        }
        for (condition, negated) in conditions {
            let mut c = el("imsss:rollupCondition");
            if *negated {
                c = c.attr("operator", "not");
            }
            cs = cs.child(c.attr("condition", *condition));
        }
        el("imsss:rollupRule")
            .attr("childActivitySet", set)
            .child(cs)
            .child(el("imsss:rollupAction").attr("action", action))
    };
    el("imsss:sequencing").child(el("imsss:controlMode").attr("choice", "true").attr("flow", "true")).child(
        el("imsss:rollupRules")
            .child(rule("all", &[("satisfied", false)], "satisfied"))
            .child(rule("any", &[("objectiveStatusKnown", false), ("satisfied", true)], "notSatisfied"))
            .child(rule("all", &[("completed", false)], "completed"))
            .child(rule("any", &[("activityProgressKnown", false), ("completed", true)], "incomplete")),
    )
}
