//! SCORM 1.2 grammar: `imscp_rootv1p1p2.xsd`, `adlcp_rootv1p2.xsd`,
//! `ims_xml.xsd`, and `imsmd_rootv1p2p1.xsd` for LOM metadata ([`super::lom`]).

use super::types::{STRING, Simple};
use super::{AttrDecl, Content, Process, Schema, TypeDef, TypeRef, UNBOUNDED, Wild, any_other, attr, el};
use crate::xml::XML_NS;
use std::sync::LazyLock;

/// IMS CP 1.1.2 namespace (SCORM 1.2).
pub const CP: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
/// ADL CP namespace (SCORM 1.2).
pub const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
/// IMS metadata 1.2.1 namespace.
pub const IMSMD: &str = super::lom::IMSMD;

fn s(max: usize) -> Simple {
    Simple::Str { min: 0, max }
}

/// The compiled grammar.
pub static SCHEMA: LazyLock<Schema> = LazyLock::new(build);

fn build() -> Schema {
    let mut sc = Schema::default();
    let any = || any_other(CP, Process::Strict);
    let wild = Some(Wild { other_than: CP, process: Process::Strict });
    let g = |n: &'static str, min: u32, max: u32| el(CP, n, TypeRef::Global, min, max);
    let t = |content: Content, attrs: Vec<AttrDecl>, any_attr: Option<Wild>| TypeDef { content, attrs, any_attr };
    let href = |req: bool| attr("href", Simple::AnyUri { min: 0, max: 2000 }, req);
    let base = AttrDecl { ns: XML_NS, name: "base", ty: STRING, required: false };

    sc.types.insert("dependencyType", t(Content::Seq(vec![any()]), vec![attr("identifierref", s(2000), true)], wild));
    sc.types.insert("fileType", t(Content::Seq(vec![g("metadata", 0, 1), any()]), vec![href(true)], wild));
    sc.types.insert(
        "itemType",
        t(
            Content::Seq(vec![g("title", 0, 1), g("item", 0, UNBOUNDED), g("metadata", 0, 1), any()]),
            vec![
                attr("identifier", Simple::Id, true),
                attr("identifierref", s(2000), false),
                attr("isvisible", Simple::Bool, false),
                attr("parameters", s(1000), false),
            ],
            wild,
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
            vec![attr("identifier", Simple::Id, true), attr("version", s(20), false), base.clone()],
            wild,
        ),
    );
    sc.types.insert(
        "metadataType",
        t(Content::Seq(vec![g("schema", 0, 1), g("schemaversion", 0, 1), any()]), vec![], None),
    );
    sc.types.insert(
        "organizationsType",
        t(
            Content::Seq(vec![g("organization", 0, UNBOUNDED), any()]),
            vec![attr("default", Simple::IdRef, false)],
            wild,
        ),
    );
    sc.types.insert(
        "organizationType",
        t(
            Content::Seq(vec![g("title", 0, 1), g("item", 0, UNBOUNDED), g("metadata", 0, 1), any()]),
            vec![attr("identifier", Simple::Id, true), attr("structure", s(200), false)],
            wild,
        ),
    );
    sc.types
        .insert("resourcesType", t(Content::Seq(vec![g("resource", 0, UNBOUNDED), any()]), vec![base.clone()], wild));
    sc.types.insert(
        "resourceType",
        t(
            Content::Seq(vec![g("metadata", 0, 1), g("file", 0, UNBOUNDED), g("dependency", 0, UNBOUNDED), any()]),
            vec![attr("identifier", Simple::Id, true), attr("type", s(1000), true), base, href(false)],
            wild,
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
    sc.elements.insert((CP, "schema"), (TypeRef::Simple(s(100)), None));
    sc.elements.insert((CP, "schemaversion"), (TypeRef::Simple(s(20)), None));
    sc.elements.insert((CP, "title"), (TypeRef::Simple(s(200)), None));

    // adlcp_rootv1p2.xsd
    let tla = &["exit,no message", "exit,message", "continue,no message", "continue,message"];
    sc.elements.insert((ADLCP, "location"), (TypeRef::Simple(s(2000)), None));
    sc.types.insert(
        "prerequisitesType",
        t(Content::Simple(s(200)), vec![attr("type", Simple::StrEnum(&["aicc_script"]), true)], None),
    );
    sc.elements.insert((ADLCP, "prerequisites"), (TypeRef::Named("prerequisitesType"), None));
    sc.elements.insert((ADLCP, "maxtimeallowed"), (TypeRef::Simple(s(13)), None));
    sc.elements.insert((ADLCP, "timelimitaction"), (TypeRef::Simple(Simple::StrEnum(tla)), None));
    sc.elements.insert((ADLCP, "datafromlms"), (TypeRef::Simple(s(255)), None));
    sc.elements.insert((ADLCP, "masteryscore"), (TypeRef::Simple(s(200)), None));
    sc.elements.insert((ADLCP, "schema"), (TypeRef::Simple(Simple::StrEnum(&["ADL SCORM"])), None));
    sc.elements.insert((ADLCP, "schemaversion"), (TypeRef::Simple(Simple::StrEnum(&["1.2"])), None));
    sc.attributes.insert((ADLCP, "scormtype"), Simple::StrEnum(&["asset", "sco"]));

    // ims_xml.xsd
    sc.attributes.insert((XML_NS, "lang"), Simple::Language);
    sc.attributes.insert((XML_NS, "base"), STRING);
    sc.attributes.insert((XML_NS, "link"), STRING);

    // imsmd_rootv1p2p1.xsd
    super::lom::imsmd(&mut sc);

    sc.roots.push((CP, "manifest"));
    sc
}
