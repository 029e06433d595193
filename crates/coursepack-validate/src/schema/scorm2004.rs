//! SCORM 2004 grammar (4th edition schemas, which also accept 2nd and 3rd
//! edition manifests): `imscp_v1p1.xsd`, `adlcp_v1p3.xsd`, `adlseq_v1p3.xsd`,
//! `adlnav_v1p3.xsd`, `imsss_v1p0*.xsd`, `xml.xsd`, and `lom/lom.xsd` for
//! IEEE LOM metadata ([`super::lom`]).

use super::types::{STRING, Simple, URI};
use super::{
    AttrDecl, Content, Particle, Process, Schema, TypeDef, TypeRef, UNBOUNDED, Wild, any_other, attr, el,
    xml_attributes_2004,
};
use crate::xml::XML_NS;
use std::sync::LazyLock;

/// IMS CP 1.1.4 namespace.
pub const CP: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
/// ADL CP 1.3 namespace.
pub const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
/// ADL sequencing namespace.
pub const ADLSEQ: &str = "http://www.adlnet.org/xsd/adlseq_v1p3";
/// ADL navigation namespace.
pub const ADLNAV: &str = "http://www.adlnet.org/xsd/adlnav_v1p3";
/// IMS Simple Sequencing namespace.
pub const IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";
/// IEEE LOM namespace.
pub const LOM: &str = super::lom::LOM;

/// The compiled grammar.
pub static SCHEMA: LazyLock<Schema> = LazyLock::new(build);

const BOOL: Simple = Simple::Bool;

fn t(content: Content, attrs: Vec<AttrDecl>, any_attr: Option<Wild>) -> TypeDef {
    TypeDef { content, attrs, any_attr }
}

fn opt(name: &'static str, ty: Simple) -> AttrDecl {
    attr(name, ty, false)
}

fn local(ns: &'static str, name: &'static str, ty: &'static str, min: u32, max: u32) -> Particle {
    el(ns, name, TypeRef::Named(ty), min, max)
}

fn build() -> Schema {
    let mut sc = Schema::default();
    cp(&mut sc);
    adl(&mut sc);
    imsss(&mut sc);
    xml_attributes_2004(&mut sc);
    super::lom::ieee(&mut sc);
    sc.roots.push((CP, "manifest"));
    sc
}

fn cp(sc: &mut Schema) {
    let any = || any_other(CP, Process::Lax);
    let lax = Some(Wild { other_than: CP, process: Process::Lax });
    let g = |n: &'static str, min: u32, max: u32| el(CP, n, TypeRef::Global, min, max);
    let base = AttrDecl { ns: XML_NS, name: "base", ty: URI, required: false };
    sc.types.insert(
        "dependencyType",
        t(
            Content::Seq(vec![any()]),
            vec![attr("identifierref", STRING, true)],
            Some(Wild { other_than: CP, process: Process::Strict }),
        ),
    );
    sc.types.insert("fileType", t(Content::Seq(vec![g("metadata", 0, 1), any()]), vec![attr("href", URI, true)], lax));
    sc.types.insert(
        "itemType",
        t(
            Content::Seq(vec![g("title", 0, 1), g("item", 0, UNBOUNDED), g("metadata", 0, 1), any()]),
            vec![
                attr("identifier", Simple::Id, true),
                opt("identifierref", STRING),
                opt("isvisible", BOOL),
                opt("parameters", STRING),
            ],
            lax,
        ),
    );
    sc.types.insert(
        "manifestType",
        t(
            Content::Seq(vec![
                g("metadata", 0, 1),
                g("organizations", 1, 1),
                g("resources", 1, 1),
                g("manifest", 0, UNBOUNDED),
                any(),
            ]),
            vec![attr("identifier", Simple::Id, true), opt("version", STRING), base.clone()],
            lax,
        ),
    );
    sc.types
        .insert("metadataType", t(Content::Seq(vec![g("schema", 0, 1), g("schemaversion", 0, 1), any()]), vec![], lax));
    sc.types.insert(
        "organizationsType",
        t(Content::Seq(vec![g("organization", 0, UNBOUNDED), any()]), vec![opt("default", Simple::IdRef)], lax),
    );
    sc.types.insert(
        "organizationType",
        t(
            Content::Seq(vec![g("title", 0, 1), g("item", 1, UNBOUNDED), g("metadata", 0, 1), any()]),
            vec![attr("identifier", Simple::Id, true), opt("structure", STRING)],
            lax,
        ),
    );
    sc.types
        .insert("resourcesType", t(Content::Seq(vec![g("resource", 0, UNBOUNDED), any()]), vec![base.clone()], lax));
    sc.types.insert(
        "resourceType",
        t(
            Content::Seq(vec![g("metadata", 0, 1), g("file", 0, UNBOUNDED), g("dependency", 0, UNBOUNDED), any()]),
            vec![attr("identifier", Simple::Id, true), attr("type", STRING, true), base, opt("href", URI)],
            lax,
        ),
    );
    for (n, ty) in [
        ("dependency", "dependencyType"),
        ("file", "fileType"),
        ("item", "itemType"),
        ("manifest", "manifestType"),
        ("metadata", "metadataType"),
        ("organization", "organizationType"),
        ("organizations", "organizationsType"),
        ("resource", "resourceType"),
        ("resources", "resourcesType"),
    ] {
        sc.elements.insert((CP, n), (TypeRef::Named(ty), None));
    }
    for n in ["schema", "schemaversion", "title"] {
        sc.elements.insert((CP, n), (TypeRef::Simple(STRING), None));
    }
}

fn adl(sc: &mut Schema) {
    let unit = Simple::Decimal { min: Some("0.0"), max: Some("1.0") };
    // adlcp_v1p3.xsd
    sc.elements.insert((ADLCP, "location"), (TypeRef::Simple(URI), None));
    sc.elements.insert((ADLCP, "dataFromLMS"), (TypeRef::Simple(STRING), None));
    sc.elements.insert(
        (ADLCP, "timeLimitAction"),
        (
            TypeRef::Simple(Simple::StrEnum(&[
                "exit,message",
                "exit,no message",
                "continue,message",
                "continue,no message",
            ])),
            None,
        ),
    );
    sc.types.insert(
        "completionThresholdType",
        t(
            Content::Simple(STRING),
            vec![opt("completedByMeasure", BOOL), opt("minProgressMeasure", unit.clone()), opt("progressWeight", unit)],
            None,
        ),
    );
    sc.elements.insert((ADLCP, "completionThreshold"), (TypeRef::Named("completionThresholdType"), None));
    sc.types
        .insert("adlcpDataType", t(Content::Seq(vec![el(ADLCP, "map", TypeRef::Global, 1, UNBOUNDED)]), vec![], None));
    sc.elements.insert((ADLCP, "data"), (TypeRef::Named("adlcpDataType"), None));
    sc.types.insert(
        "mapType",
        t(
            Content::Empty,
            vec![attr("targetID", URI, true), opt("readSharedData", BOOL), opt("writeSharedData", BOOL)],
            None,
        ),
    );
    sc.elements.insert((ADLCP, "map"), (TypeRef::Named("mapType"), None));
    sc.attributes.insert((ADLCP, "scormType"), Simple::StrEnum(&["sco", "asset"]));
    sc.attributes.insert((ADLCP, "sharedDataGlobalToSystem"), BOOL);

    // adlseq_v1p3.xsd
    let consideration = Simple::TokenEnum(&["always", "ifAttempted", "ifNotSkipped", "ifNotSuspended"]);
    sc.types.insert(
        "rollupConsiderationsType",
        t(
            Content::Empty,
            vec![
                opt("requiredForSatisfied", consideration.clone()),
                opt("requiredForNotSatisfied", consideration.clone()),
                opt("requiredForCompleted", consideration.clone()),
                opt("requiredForIncomplete", consideration),
                opt("measureSatisfactionIfActive", BOOL),
            ],
            None,
        ),
    );
    sc.elements.insert((ADLSEQ, "rollupConsiderations"), (TypeRef::Named("rollupConsiderationsType"), None));
    sc.types.insert(
        "constrainChoiceConsiderationsType",
        t(Content::Empty, vec![opt("preventActivation", BOOL), opt("constrainChoice", BOOL)], None),
    );
    sc.elements.insert(
        (ADLSEQ, "constrainedChoiceConsiderations"),
        (TypeRef::Named("constrainChoiceConsiderationsType"), None),
    );
    sc.types.insert(
        "adlseqObjectivesType",
        t(Content::Seq(vec![el(ADLSEQ, "objective", TypeRef::Global, 1, UNBOUNDED)]), vec![], None),
    );
    sc.elements.insert((ADLSEQ, "objectives"), (TypeRef::Named("adlseqObjectivesType"), None));
    sc.types.insert(
        "adlseqObjectiveType",
        t(
            Content::Seq(vec![el(ADLSEQ, "mapInfo", TypeRef::Global, 1, UNBOUNDED)]),
            vec![attr("objectiveID", URI, true)],
            None,
        ),
    );
    sc.elements.insert((ADLSEQ, "objective"), (TypeRef::Named("adlseqObjectiveType"), None));
    let mut map_attrs = vec![attr("targetObjectiveID", URI, true)];
    for n in [
        "readRawScore",
        "readMinScore",
        "readMaxScore",
        "readCompletionStatus",
        "readProgressMeasure",
        "writeRawScore",
        "writeMinScore",
        "writeMaxScore",
        "writeCompletionStatus",
        "writeProgressMeasure",
    ] {
        map_attrs.push(opt(n, BOOL));
    }
    sc.types.insert("adlseqMapInfoType", t(Content::Empty, map_attrs, None));
    sc.elements.insert((ADLSEQ, "mapInfo"), (TypeRef::Named("adlseqMapInfoType"), None));
    sc.attributes.insert((ADLSEQ, "objectivesGlobalToSystem"), BOOL);

    // adlnav_v1p3.xsd
    sc.types.insert(
        "presentationType",
        t(Content::Seq(vec![el(ADLNAV, "navigationInterface", TypeRef::Global, 0, 1)]), vec![], None),
    );
    sc.elements.insert((ADLNAV, "presentation"), (TypeRef::Named("presentationType"), None));
    sc.types.insert(
        "navigationInterfaceType",
        t(Content::Seq(vec![el(ADLNAV, "hideLMSUI", TypeRef::Global, 0, UNBOUNDED)]), vec![], None),
    );
    sc.elements.insert((ADLNAV, "navigationInterface"), (TypeRef::Named("navigationInterfaceType"), None));
    sc.elements.insert(
        (ADLNAV, "hideLMSUI"),
        (
            TypeRef::Simple(Simple::TokenEnum(&[
                "abandon",
                "continue",
                "exit",
                "previous",
                "suspendAll",
                "exitAll",
                "abandonAll",
            ])),
            None,
        ),
    );
}

fn imsss(sc: &mut Schema) {
    let ss = IMSSS;
    let measure = Simple::Decimal { min: Some("-1"), max: Some("1") };
    let unit = Simple::Decimal { min: Some("0"), max: Some("1") };
    let op = Simple::TokenEnum(&["not", "noOp"]);
    let combination = Simple::TokenEnum(&["all", "any"]);
    let timing = Simple::TokenEnum(&["never", "once", "onEachNewAttempt"]);
    sc.types.insert(
        "sequencingType",
        t(
            Content::Seq(vec![
                local(ss, "controlMode", "controlModeType", 0, 1),
                local(ss, "sequencingRules", "sequencingRulesType", 0, 1),
                local(ss, "limitConditions", "limitConditionsType", 0, 1),
                local(ss, "auxiliaryResources", "auxiliaryResourcesType", 0, 1),
                local(ss, "rollupRules", "rollupRulesType", 0, 1),
                local(ss, "objectives", "objectivesType", 0, 1),
                local(ss, "randomizationControls", "randomizationType", 0, 1),
                local(ss, "deliveryControls", "deliveryControlsType", 0, 1),
                any_other(ss, Process::Strict),
            ]),
            vec![opt("ID", Simple::Id), opt("IDRef", Simple::IdRef)],
            None,
        ),
    );
    sc.elements.insert((ss, "sequencing"), (TypeRef::Named("sequencingType"), None));
    sc.types.insert(
        "sequencingCollectionType",
        t(Content::Seq(vec![el(ss, "sequencing", TypeRef::Global, 1, UNBOUNDED)]), vec![], None),
    );
    sc.elements.insert((ss, "sequencingCollection"), (TypeRef::Named("sequencingCollectionType"), None));
    sc.types.insert(
        "controlModeType",
        t(
            Content::Empty,
            [
                "choice",
                "choiceExit",
                "flow",
                "forwardOnly",
                "useCurrentAttemptObjectiveInfo",
                "useCurrentAttemptProgressInfo",
            ]
            .into_iter()
            .map(|n| opt(n, BOOL))
            .collect(),
            None,
        ),
    );
    sc.types.insert(
        "deliveryControlsType",
        t(
            Content::Empty,
            ["tracked", "completionSetByContent", "objectiveSetByContent"].into_iter().map(|n| opt(n, BOOL)).collect(),
            None,
        ),
    );
    sc.types.insert(
        "limitConditionsType",
        t(
            Content::Empty,
            vec![
                opt("attemptLimit", Simple::NonNegInt),
                opt("attemptAbsoluteDurationLimit", Simple::Duration),
                opt("attemptExperiencedDurationLimit", Simple::Duration),
                opt("activityAbsoluteDurationLimit", Simple::Duration),
                opt("activityExperiencedDurationLimit", Simple::Duration),
                opt("beginTimeLimit", Simple::DateTime),
                opt("endTimeLimit", Simple::DateTime),
            ],
            None,
        ),
    );
    sc.types.insert(
        "auxiliaryResourcesType",
        t(Content::Seq(vec![local(ss, "auxiliaryResource", "auxiliaryResourceType", 0, UNBOUNDED)]), vec![], None),
    );
    sc.types.insert(
        "auxiliaryResourceType",
        t(Content::Empty, vec![attr("auxiliaryResourceID", URI, true), attr("purpose", STRING, true)], None),
    );
    // Objectives.
    let objective_content = || {
        Content::Seq(vec![
            Particle::El {
                ns: ss,
                name: "minNormalizedMeasure",
                ty: TypeRef::Simple(Simple::Decimal { min: Some("-1"), max: Some("1") }),
                min: 0,
                max: 1,
                default: Some("1.00000"),
            },
            local(ss, "mapInfo", "objectiveMappingType", 0, UNBOUNDED),
        ])
    };
    sc.types.insert(
        "primaryObjectiveType",
        t(objective_content(), vec![opt("satisfiedByMeasure", BOOL), opt("objectiveID", URI)], None),
    );
    sc.types.insert(
        "objectiveType",
        t(objective_content(), vec![opt("satisfiedByMeasure", BOOL), attr("objectiveID", URI, true)], None),
    );
    sc.types.insert(
        "objectivesType",
        t(
            Content::Seq(vec![
                local(ss, "primaryObjective", "primaryObjectiveType", 1, 1),
                local(ss, "objective", "objectiveType", 0, UNBOUNDED),
            ]),
            vec![],
            None,
        ),
    );
    sc.types.insert(
        "objectiveMappingType",
        t(
            Content::Empty,
            vec![
                attr("targetObjectiveID", URI, true),
                opt("readSatisfiedStatus", BOOL),
                opt("readNormalizedMeasure", BOOL),
                opt("writeSatisfiedStatus", BOOL),
                opt("writeNormalizedMeasure", BOOL),
            ],
            None,
        ),
    );
    sc.types.insert(
        "randomizationType",
        t(
            Content::Empty,
            vec![
                opt("randomizationTiming", timing.clone()),
                opt("selectCount", Simple::NonNegInt),
                opt("reorderChildren", BOOL),
                opt("selectionTiming", timing),
            ],
            None,
        ),
    );
    // Rollup.
    sc.types.insert(
        "rollupRulesType",
        t(
            Content::Seq(vec![local(ss, "rollupRule", "rollupRuleType", 0, UNBOUNDED)]),
            vec![
                opt("rollupObjectiveSatisfied", BOOL),
                opt("rollupProgressCompletion", BOOL),
                opt("objectiveMeasureWeight", unit.clone()),
            ],
            None,
        ),
    );
    sc.types.insert(
        "rollupRuleType",
        t(
            Content::Seq(vec![
                local(ss, "rollupConditions", "rollupConditionsType", 1, 1),
                local(ss, "rollupAction", "rollupActionType", 1, 1),
            ]),
            vec![
                opt("childActivitySet", Simple::TokenEnum(&["all", "any", "none", "atLeastCount", "atLeastPercent"])),
                opt("minimumCount", Simple::NonNegInt),
                opt("minimumPercent", unit),
            ],
            None,
        ),
    );
    sc.types.insert(
        "rollupConditionsType",
        t(
            Content::Seq(vec![local(ss, "rollupCondition", "rollupConditionType", 1, UNBOUNDED)]),
            vec![opt("conditionCombination", combination.clone())],
            None,
        ),
    );
    const ROLLUP_CONDITIONS: &[&str] = &[
        "satisfied",
        "objectiveStatusKnown",
        "objectiveMeasureKnown",
        "completed",
        "activityProgressKnown",
        "attempted",
        "attemptLimitExceeded",
        "timeLimitExceeded",
        "outsideAvailableTimeRange",
    ];
    sc.types.insert(
        "rollupConditionType",
        t(
            Content::Empty,
            vec![opt("operator", op.clone()), attr("condition", Simple::TokenEnum(ROLLUP_CONDITIONS), true)],
            None,
        ),
    );
    sc.types.insert(
        "rollupActionType",
        t(
            Content::Empty,
            vec![attr("action", Simple::TokenEnum(&["satisfied", "notSatisfied", "completed", "incomplete"]), true)],
            None,
        ),
    );
    // Sequencing rules.
    sc.types.insert(
        "sequencingRulesType",
        t(
            Content::Seq(vec![
                local(ss, "preConditionRule", "preConditionRuleType", 0, UNBOUNDED),
                local(ss, "exitConditionRule", "exitConditionRuleType", 0, UNBOUNDED),
                local(ss, "postConditionRule", "postConditionRuleType", 0, UNBOUNDED),
            ]),
            vec![],
            None,
        ),
    );
    for (rule, action, actions) in [
        (
            "preConditionRuleType",
            "preRuleActionType",
            &["skip", "disabled", "hiddenFromChoice", "stopForwardTraversal"][..],
        ),
        ("exitConditionRuleType", "exitRuleActionType", &["exit"][..]),
        (
            "postConditionRuleType",
            "postRuleActionType",
            &["exitParent", "exitAll", "retry", "retryAll", "continue", "previous"][..],
        ),
    ] {
        sc.types.insert(
            rule,
            t(
                Content::Seq(vec![
                    local(ss, "ruleConditions", "ruleConditionsType", 0, 1),
                    local(ss, "ruleAction", action, 1, 1),
                ]),
                vec![],
                None,
            ),
        );
        sc.types.insert(action, t(Content::Empty, vec![attr("action", Simple::TokenEnum(actions), true)], None));
    }
    sc.types.insert(
        "ruleConditionsType",
        t(
            Content::Seq(vec![local(ss, "ruleCondition", "ruleConditionType", 1, UNBOUNDED)]),
            vec![opt("conditionCombination", combination)],
            None,
        ),
    );
    const SEQ_CONDITIONS: &[&str] = &[
        "satisfied",
        "objectiveStatusKnown",
        "objectiveMeasureKnown",
        "objectiveMeasureGreaterThan",
        "objectiveMeasureLessThan",
        "completed",
        "activityProgressKnown",
        "attempted",
        "attemptLimitExceeded",
        "timeLimitExceeded",
        "outsideAvailableTimeRange",
        "always",
    ];
    sc.types.insert(
        "ruleConditionType",
        t(
            Content::Empty,
            vec![
                opt("referencedObjective", URI),
                opt("measureThreshold", measure),
                opt("operator", op),
                attr("condition", Simple::TokenEnum(SEQ_CONDITIONS), true),
            ],
            None,
        ),
    );
}
