//! Learning Object Metadata grammars, for inline `<lom>` in manifests and
//! for metadata files named by `adlcp:location`:
//!
//! - SCORM 1.2: IMS Meta-data 1.2.1 (`imsmd_rootv1p2p1.xsd`). Every element
//!   is global, most content models are mixed and end in a strict `##any`
//!   wildcard, so any declared element is accepted after the ordered part.
//! - SCORM 2004: IEEE LOM (`lom/lom.xsd` as wired by the ADL schema set:
//!   `unique/strict.xsd`, `vocab/strict.xsd`, `extend/strict.xsd`). Every
//!   element is a repeatable choice; the "at most once" rules are identity
//!   constraints on the fixed attribute `uniqueElementName`
//!   ([`Schema::unique_children`]); vocabulary values must be the LOMv1.0
//!   tokens; no extension elements or attributes are allowed.

use super::types::{STRING, Simple};
use super::{
    ANY_NAMESPACE, AttrDecl, Content, Particle, Process, Schema, TypeDef, TypeRef, UNBOUNDED, UNIQUE_ELEMENT_NAME,
    Wild, attr, el,
};
use crate::xml::XML_NS;

/// IMS Meta-data 1.2.1 namespace (SCORM 1.2 LOM).
pub const IMSMD: &str = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1";
/// IEEE LOM namespace (SCORM 2004).
pub const LOM: &str = "http://ltsc.ieee.org/xsd/LOM";

/// `("name", "md.name")`: an IMS MD element name and the grammar's name for
/// its type (prefixed, as IMS CP has types of the same names).
macro_rules! md {
    ($n:literal) => {
        ($n, concat!("md.", $n))
    };
}

fn ty(content: Content, attrs: Vec<AttrDecl>) -> TypeDef {
    TypeDef { content, attrs, any_attr: None }
}

/// Add the IMS MD 1.2.1 grammar (global elements and their types).
pub fn imsmd(sc: &mut Schema) {
    let g = |n: &'static str, min: u32, max: u32| el(IMSMD, n, TypeRef::Global, min, max);
    let any =
        || Particle::Any { wild: Wild { other_than: ANY_NAMESPACE, process: Process::Strict }, min: 0, max: UNBOUNDED };
    let seq = |mut items: Vec<Particle>, mixed: bool, open: bool| {
        if open {
            items.push(any());
        }
        ty(if mixed { Content::Mixed(items) } else { Content::Seq(items) }, vec![])
    };
    // source + value pairs (vocabularies are not restricted in 1.2).
    for (_, t) in [
        md!("aggregationlevel"),
        md!("context"),
        md!("copyrightandotherrestrictions"),
        md!("cost"),
        md!("difficulty"),
        md!("intendedenduserrole"),
        md!("interactivitylevel"),
        md!("interactivitytype"),
        md!("kind"),
        md!("learningresourcetype"),
        md!("name"),
        md!("purpose"),
        md!("role"),
        md!("semanticdensity"),
        md!("status"),
        md!("structure"),
        md!("type"),
    ] {
        sc.types.insert(t, seq(vec![g("source", 1, 1), g("value", 1, 1)], false, false));
    }
    for (_, t) in [
        md!("coverage"),
        md!("description"),
        md!("entry"),
        md!("installationremarks"),
        md!("keyword"),
        md!("otherplatformrequirements"),
        md!("title"),
        md!("typicalagerange"),
        md!("version"),
    ] {
        sc.types.insert(t, seq(vec![g("langstring", 1, UNBOUNDED)], false, false));
    }
    for (_, t) in [md!("date"), md!("duration"), md!("typicallearningtime")] {
        sc.types.insert(t, seq(vec![g("datetime", 0, 1), g("description", 0, 1)], false, false));
    }
    for (_, t) in [md!("centity"), md!("person")] {
        sc.types.insert(t, seq(vec![g("vcard", 1, 1)], false, false));
    }
    sc.types.insert(md!("source").1, seq(vec![g("langstring", 1, 1)], false, false));
    sc.types.insert(md!("value").1, seq(vec![g("langstring", 1, 1)], false, false));
    sc.types
        .insert(md!("annotation").1, seq(vec![g("person", 0, 1), g("date", 0, 1), g("description", 0, 1)], true, true));
    sc.types.insert(md!("catalogentry").1, seq(vec![g("catalog", 1, 1), g("entry", 1, 1)], true, true));
    sc.types.insert(
        md!("classification").1,
        seq(
            vec![g("purpose", 0, 1), g("taxonpath", 0, UNBOUNDED), g("description", 0, 1), g("keyword", 0, UNBOUNDED)],
            true,
            true,
        ),
    );
    sc.types.insert(
        md!("contribute").1,
        seq(vec![g("role", 1, 1), g("centity", 0, UNBOUNDED), g("date", 0, 1)], true, true),
    );
    sc.types.insert(
        md!("educational").1,
        seq(
            vec![
                g("interactivitytype", 0, 1),
                g("learningresourcetype", 0, UNBOUNDED),
                g("interactivitylevel", 0, 1),
                g("semanticdensity", 0, 1),
                g("intendedenduserrole", 0, UNBOUNDED),
                g("context", 0, UNBOUNDED),
                g("typicalagerange", 0, UNBOUNDED),
                g("difficulty", 0, 1),
                g("typicallearningtime", 0, 1),
                g("description", 0, 1),
                g("language", 0, UNBOUNDED),
            ],
            true,
            true,
        ),
    );
    sc.types.insert(
        md!("general").1,
        seq(
            vec![
                g("identifier", 0, 1),
                g("title", 0, 1),
                g("catalogentry", 0, UNBOUNDED),
                g("language", 0, UNBOUNDED),
                g("description", 0, UNBOUNDED),
                g("keyword", 0, UNBOUNDED),
                g("coverage", 0, UNBOUNDED),
                g("structure", 0, 1),
                g("aggregationlevel", 0, 1),
            ],
            true,
            true,
        ),
    );
    sc.types.insert(
        md!("lifecycle").1,
        seq(vec![g("version", 0, 1), g("status", 0, 1), g("contribute", 0, UNBOUNDED)], true, true),
    );
    sc.types.insert(
        md!("lom").1,
        seq(
            vec![
                g("general", 0, 1),
                g("lifecycle", 0, 1),
                g("metametadata", 0, 1),
                g("technical", 0, 1),
                g("educational", 0, 1),
                g("rights", 0, 1),
                g("relation", 0, UNBOUNDED),
                g("annotation", 0, UNBOUNDED),
                g("classification", 0, UNBOUNDED),
            ],
            false,
            false,
        ),
    );
    sc.types.insert(
        md!("metametadata").1,
        seq(
            vec![
                g("identifier", 0, 1),
                g("catalogentry", 0, UNBOUNDED),
                g("contribute", 0, UNBOUNDED),
                g("metadatascheme", 0, UNBOUNDED),
                g("language", 0, 1),
            ],
            true,
            true,
        ),
    );
    sc.types.insert(md!("relation").1, seq(vec![g("kind", 0, 1), g("resource", 0, 1)], true, true));
    sc.types.insert(
        md!("requirement").1,
        seq(vec![g("type", 0, 1), g("name", 0, 1), g("minimumversion", 0, 1), g("maximumversion", 0, 1)], true, true),
    );
    sc.types.insert(
        md!("resource").1,
        seq(vec![g("identifier", 0, 1), g("description", 0, 1), g("catalogentry", 0, UNBOUNDED)], true, true),
    );
    sc.types.insert(
        md!("rights").1,
        seq(vec![g("cost", 0, 1), g("copyrightandotherrestrictions", 0, 1), g("description", 0, 1)], true, true),
    );
    sc.types.insert(md!("taxonpath").1, seq(vec![g("source", 0, 1), g("taxon", 0, 1)], false, false));
    sc.types.insert(md!("taxon").1, seq(vec![g("id", 0, 1), g("entry", 0, 1), g("taxon", 0, 1)], false, false));
    sc.types.insert(
        md!("technical").1,
        seq(
            vec![
                g("format", 0, UNBOUNDED),
                g("size", 0, 1),
                g("location", 0, UNBOUNDED),
                g("requirement", 0, UNBOUNDED),
                g("installationremarks", 0, 1),
                g("otherplatformrequirements", 0, 1),
                g("duration", 0, 1),
            ],
            true,
            true,
        ),
    );
    let lang = AttrDecl { ns: XML_NS, name: "lang", ty: Simple::Language, required: false };
    sc.types.insert(md!("langstring").1, ty(Content::Simple(STRING), vec![lang]));
    sc.types.insert(
        md!("location").1,
        ty(Content::Simple(STRING), vec![attr("type", Simple::StrEnum(&["URI", "TEXT"]), false)]),
    );

    for (n, t) in [
        md!("aggregationlevel"),
        md!("annotation"),
        md!("catalogentry"),
        md!("centity"),
        md!("classification"),
        md!("context"),
        md!("contribute"),
        md!("copyrightandotherrestrictions"),
        md!("cost"),
        md!("coverage"),
        md!("date"),
        md!("description"),
        md!("difficulty"),
        md!("duration"),
        md!("educational"),
        md!("entry"),
        md!("general"),
        md!("installationremarks"),
        md!("intendedenduserrole"),
        md!("interactivitylevel"),
        md!("interactivitytype"),
        md!("keyword"),
        md!("kind"),
        md!("langstring"),
        md!("learningresourcetype"),
        md!("lifecycle"),
        md!("location"),
        md!("lom"),
        md!("metametadata"),
        md!("name"),
        md!("otherplatformrequirements"),
        md!("person"),
        md!("purpose"),
        md!("relation"),
        md!("requirement"),
        md!("resource"),
        md!("rights"),
        md!("role"),
        md!("semanticdensity"),
        md!("source"),
        md!("status"),
        md!("structure"),
        md!("taxon"),
        md!("taxonpath"),
        md!("technical"),
        md!("title"),
        md!("type"),
        md!("typicalagerange"),
        md!("typicallearningtime"),
        md!("value"),
        md!("version"),
    ] {
        sc.elements.insert((IMSMD, n), (TypeRef::Named(t), None));
    }
    for n in [
        "catalog",
        "datetime",
        "format",
        "id",
        "identifier",
        "language",
        "maximumversion",
        "metadatascheme",
        "minimumversion",
        "vcard",
    ] {
        sc.elements.insert((IMSMD, n), (TypeRef::Simple(STRING), None));
    }
    sc.elements.insert((IMSMD, "size"), (TypeRef::Simple(Simple::Int), None));
}

/// One element of an IEEE LOM choice.
fn l(name: &'static str, ty: &'static str) -> Particle {
    el(LOM, name, TypeRef::Named(ty), 1, 1)
}

/// A simple-typed element of an IEEE LOM choice (no attributes).
fn ls(name: &'static str, s: Simple) -> Particle {
    el(LOM, name, TypeRef::Simple(s), 1, 1)
}

fn fixed(value: &'static str) -> Vec<AttrDecl> {
    vec![attr(UNIQUE_ELEMENT_NAME, Simple::Fixed(value), false)]
}

/// `xs:choice minOccurs="0" maxOccurs="unbounded"` of `alts` (the shape of
/// every IEEE LOM complex type; the strict `ex:customElements` group is an
/// empty choice and adds nothing).
fn choice(alts: Vec<Particle>) -> Content {
    Content::Seq(vec![Particle::Choice { alts, min: 0, max: UNBOUNDED }])
}

/// (type, value type, fixed unique name, LOMv1.0 tokens) of each vocabulary.
const VOCABULARIES: [(&str, &str, Option<&str>, &[&str]); 18] = [
    (
        "lom.structure",
        "lom.structureValue",
        Some("structure"),
        &["atomic", "collection", "networked", "hierarchical", "linear"],
    ),
    ("lom.aggregationLevel", "lom.aggregationLevelValue", Some("aggregationLevel"), &["1", "2", "3", "4"]),
    ("lom.status", "lom.statusValue", Some("status"), &["draft", "final", "revised", "unavailable"]),
    (
        "lom.role",
        "lom.roleValue",
        Some("role"),
        &[
            "author",
            "publisher",
            "unknown",
            "initiator",
            "terminator",
            "validator",
            "editor",
            "graphical designer",
            "technical implementer",
            "content provider",
            "technical validator",
            "educational validator",
            "script writer",
            "instructional designer",
            "subject matter expert",
        ],
    ),
    ("lom.roleMeta", "lom.roleMetaValue", Some("role"), &["creator", "validator"]),
    ("lom.type", "lom.typeValue", Some("type"), &["operating system", "browser"]),
    (
        "lom.name",
        "lom.nameValue",
        Some("name"),
        &[
            "pc-dos",
            "ms-windows",
            "macos",
            "unix",
            "multi-os",
            "none",
            "any",
            "netscape communicator",
            "ms-internet explorer",
            "opera",
            "amaya",
        ],
    ),
    (
        "lom.interactivityType",
        "lom.interactivityTypeValue",
        Some("interactivityType"),
        &["active", "expositive", "mixed"],
    ),
    (
        "lom.learningResourceType",
        "lom.learningResourceTypeValue",
        None,
        &[
            "exercise",
            "simulation",
            "questionnaire",
            "diagram",
            "figure",
            "graph",
            "index",
            "slide",
            "table",
            "narrative text",
            "exam",
            "experiment",
            "problem statement",
            "self assessment",
            "lecture",
        ],
    ),
    (
        "lom.interactivityLevel",
        "lom.interactivityLevelValue",
        Some("interactivityLevel"),
        &["very low", "low", "medium", "high", "very high"],
    ),
    (
        "lom.semanticDensity",
        "lom.semanticDensityValue",
        Some("semanticDensity"),
        &["very low", "low", "medium", "high", "very high"],
    ),
    ("lom.intendedEndUserRole", "lom.intendedEndUserRoleValue", None, &["teacher", "author", "learner", "manager"]),
    ("lom.context", "lom.contextValue", None, &["school", "higher education", "training", "other"]),
    (
        "lom.difficulty",
        "lom.difficultyValue",
        Some("difficulty"),
        &["very easy", "easy", "medium", "difficult", "very difficult"],
    ),
    ("lom.cost", "lom.costValue", Some("cost"), &["yes", "no"]),
    (
        "lom.copyrightAndOtherRestrictions",
        "lom.copyrightAndOtherRestrictionsValue",
        Some("copyrightAndOtherRestrictions"),
        &["yes", "no"],
    ),
    (
        "lom.kind",
        "lom.kindValue",
        Some("kind"),
        &[
            "ispartof",
            "haspart",
            "isversionof",
            "hasversion",
            "isformatof",
            "hasformat",
            "references",
            "isreferencedby",
            "isbasedon",
            "isbasisfor",
            "requires",
            "isrequiredby",
        ],
    ),
    (
        "lom.purpose",
        "lom.purposeValue",
        Some("purpose"),
        &[
            "discipline",
            "idea",
            "prerequisite",
            "educational objective",
            "accessibility restrictions",
            "educational level",
            "skill level",
            "security level",
            "competency",
        ],
    ),
];

/// Add the IEEE LOM grammar (strict uniqueness, strict vocabularies, no
/// extensions). Type names carry a `lom.` prefix.
pub fn ieee(sc: &mut Schema) {
    let mut add = |name: &'static str, content: Content, attrs: Vec<AttrDecl>, unique: bool| {
        sc.types.insert(name, ty(content, attrs));
        if unique {
            sc.unique_children.insert(name);
        }
    };
    // Data types (common/dataTypes.xsd).
    add("lom.LangString", choice(vec![l("string", "lom.langString")]), vec![], false);
    add("lom.langString", Content::Simple(STRING), vec![attr("language", Simple::Language, false)], false);
    add("lom.DateTimeValue", Content::Simple(Simple::LomDateTime), fixed("dateTime"), false);
    add("lom.DurationValue", Content::Simple(Simple::LomDuration), fixed("duration"), false);
    let date_time = || choice(vec![l("dateTime", "lom.DateTimeValue"), l("description", "lom.description")]);
    let duration = || choice(vec![l("duration", "lom.DurationValue"), l("description", "lom.description")]);
    let lang_string = || choice(vec![l("string", "lom.langString")]);
    // Strings with a fixed unique name.
    for (t, f) in [
        ("lom.catalog", Some("catalog")),
        ("lom.entry", Some("entry")),
        ("lom.metadataSchema", None),
        ("lom.format", None),
        ("lom.location", None),
        ("lom.minimumVersion", Some("minimumVersion")),
        ("lom.maximumVersion", Some("maximumVersion")),
        ("lom.entity", Some("entity")),
        ("lom.id", Some("id")),
    ] {
        add(t, Content::Simple(STRING), f.map(fixed).unwrap_or_default(), false);
    }
    add("lom.language", Content::Simple(Simple::Language), fixed("language"), false);
    add("lom.size", Content::Simple(Simple::NonNegInt), fixed("size"), false);
    // LangString extensions.
    for (t, f) in [
        ("lom.title", Some("title")),
        ("lom.keyword", None),
        ("lom.coverage", None),
        ("lom.version", Some("version")),
        ("lom.installationRemarks", Some("installationRemarks")),
        ("lom.otherPlatformRequirements", None),
        ("lom.typicalAgeRange", None),
        ("lom.description", Some("description")),
        ("lom.source", Some("source")),
        ("lom.entryTaxon", Some("entry")),
    ] {
        add(t, lang_string(), f.map(fixed).unwrap_or_default(), false);
    }
    add("lom.date", date_time(), fixed("date"), true);
    add("lom.duration", duration(), fixed("duration"), true);
    add("lom.typicalLearningTime", duration(), fixed("typicalLearningTime"), true);
    // Vocabularies (common/vocabTypes.xsd + vocab/strict.xsd): a choice of
    // `source` (LOMv1.0) and `value` (the vocabulary's tokens).
    add("lom.sourceValue", Content::Simple(Simple::TokenEnum(&["LOMv1.0"])), fixed("source"), false);
    for (type_name, value_type, fixed_name, values) in VOCABULARIES {
        add(value_type, Content::Simple(Simple::TokenEnum(values)), fixed("value"), false);
        add(
            type_name,
            choice(vec![l("source", "lom.sourceValue"), l("value", value_type)]),
            fixed_name.map(fixed).unwrap_or_default(),
            true,
        );
    }
    // Categories and containers (common/elementTypes.xsd, uniqueness from common/elementNames.xsd).
    add(
        "lom.lom",
        choice(vec![
            l("general", "lom.general"),
            l("lifeCycle", "lom.lifeCycle"),
            l("metaMetadata", "lom.metaMetadata"),
            l("technical", "lom.technical"),
            l("educational", "lom.educational"),
            l("rights", "lom.rights"),
            l("relation", "lom.relation"),
            l("annotation", "lom.annotation"),
            l("classification", "lom.classification"),
        ]),
        vec![],
        true,
    );
    add(
        "lom.general",
        choice(vec![
            l("identifier", "lom.identifier"),
            l("title", "lom.title"),
            ls("language", Simple::Language),
            l("description", "lom.LangString"),
            l("keyword", "lom.keyword"),
            l("coverage", "lom.coverage"),
            l("structure", "lom.structure"),
            l("aggregationLevel", "lom.aggregationLevel"),
        ]),
        fixed("general"),
        true,
    );
    add("lom.identifier", choice(vec![l("catalog", "lom.catalog"), l("entry", "lom.entry")]), vec![], true);
    add(
        "lom.lifeCycle",
        choice(vec![l("version", "lom.version"), l("status", "lom.status"), l("contribute", "lom.contribute")]),
        fixed("lifeCycle"),
        true,
    );
    add(
        "lom.contribute",
        choice(vec![l("role", "lom.role"), ls("entity", STRING), l("date", "lom.date")]),
        vec![],
        true,
    );
    add(
        "lom.metaMetadata",
        choice(vec![
            l("identifier", "lom.identifier"),
            l("contribute", "lom.contributeMeta"),
            l("metadataSchema", "lom.metadataSchema"),
            l("language", "lom.language"),
        ]),
        fixed("metaMetadata"),
        true,
    );
    add(
        "lom.contributeMeta",
        choice(vec![l("role", "lom.roleMeta"), ls("entity", STRING), l("date", "lom.date")]),
        vec![],
        true,
    );
    add(
        "lom.technical",
        choice(vec![
            l("format", "lom.format"),
            l("size", "lom.size"),
            l("location", "lom.location"),
            l("requirement", "lom.requirement"),
            l("installationRemarks", "lom.installationRemarks"),
            l("otherPlatformRequirements", "lom.otherPlatformRequirements"),
            l("duration", "lom.duration"),
        ]),
        fixed("technical"),
        true,
    );
    add("lom.requirement", choice(vec![l("orComposite", "lom.orComposite")]), vec![], false);
    add(
        "lom.orComposite",
        choice(vec![
            l("type", "lom.type"),
            l("name", "lom.name"),
            l("minimumVersion", "lom.minimumVersion"),
            l("maximumVersion", "lom.maximumVersion"),
        ]),
        vec![],
        true,
    );
    add(
        "lom.educational",
        choice(vec![
            l("interactivityType", "lom.interactivityType"),
            l("learningResourceType", "lom.learningResourceType"),
            l("interactivityLevel", "lom.interactivityLevel"),
            l("semanticDensity", "lom.semanticDensity"),
            l("intendedEndUserRole", "lom.intendedEndUserRole"),
            l("context", "lom.context"),
            l("typicalAgeRange", "lom.typicalAgeRange"),
            l("difficulty", "lom.difficulty"),
            l("typicalLearningTime", "lom.typicalLearningTime"),
            l("description", "lom.LangString"),
            ls("language", Simple::Language),
        ]),
        vec![],
        true,
    );
    add(
        "lom.rights",
        choice(vec![
            l("cost", "lom.cost"),
            l("copyrightAndOtherRestrictions", "lom.copyrightAndOtherRestrictions"),
            l("description", "lom.description"),
        ]),
        fixed("rights"),
        true,
    );
    add("lom.relation", choice(vec![l("kind", "lom.kind"), l("resource", "lom.resource")]), vec![], true);
    add(
        "lom.resource",
        choice(vec![l("identifier", "lom.identifier"), l("description", "lom.description")]),
        fixed("resource"),
        false,
    );
    add(
        "lom.annotation",
        choice(vec![l("entity", "lom.entity"), l("date", "lom.date"), l("description", "lom.description")]),
        vec![],
        true,
    );
    add(
        "lom.classification",
        choice(vec![
            l("purpose", "lom.purpose"),
            l("taxonPath", "lom.taxonPath"),
            l("description", "lom.description"),
            l("keyword", "lom.keyword"),
        ]),
        vec![],
        true,
    );
    add("lom.taxonPath", choice(vec![l("source", "lom.source"), l("taxon", "lom.taxon")]), vec![], true);
    add("lom.taxon", choice(vec![l("id", "lom.id"), l("entry", "lom.entryTaxon")]), vec![], true);
    sc.elements.insert((LOM, "lom"), (TypeRef::Named("lom.lom"), None));
}
