//! `imsmanifest.xml` for SCORM 1.2 (IMS CP 1.1.2 with the ADL 1.2 extensions).
//!
//! One organisation with one item per module, in course order; each item
//! launches its module's `sco` resource, which lists every file the module
//! ships. In a course, each item after the first has
//! `adlcp:prerequisites` naming the previous item, so the LMS opens modules
//! in order. The pass mark becomes `adlcp:masteryscore`. The schema files
//! named in `xsi:schemaLocation` sit at the root and are listed in an asset
//! resource every SCO depends on, so every file of the package is listed.

use super::ids::{item_id, manifest_id, organization_id, resource_id};
use super::xml::{El, el, text_el};
use super::{Layout, PlacedModule, lom, resources, schemas};
use coursepack_compile::CompletionRule;

const CP_NS: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const ADLCP_NS: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
const IMSMD_NS: &str = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1";
const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The conventional `xsi:schemaLocation` (standards.md §1.2).
const SCHEMA_LOCATION: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd";

/// The manifest document.
pub(crate) fn manifest(layout: &Layout<'_>) -> Vec<u8> {
    let meta = &layout.meta;
    let org = organization_id(&meta.info.id);
    let metadata = el("metadata")
        .child(text_el("schema", "ADL SCORM"))
        .child(text_el("schemaversion", "1.2"))
        .child(lom::imsmd(meta));
    let items = layout
        .modules
        .iter()
        .enumerate()
        .map(|(i, placed)| item(layout, placed, i.checked_sub(1).map(|p| &layout.modules[p])));
    let organization =
        el("organization").attr("identifier", &org).child(text_el("title", &meta.info.title)).children(items);
    let resources = el("resources")
        .children(layout.modules.iter().map(|placed| resources::sco_resource(placed, "adlcp:scormtype")))
        .child(resources::schemas_resource("adlcp:scormtype", schemas::SCORM12));
    el("manifest")
        .attr("identifier", manifest_id(&meta.info.id))
        .attr("version", meta.info.version.as_str())
        .attr("xmlns", CP_NS)
        .attr("xmlns:adlcp", ADLCP_NS)
        .attr("xmlns:imsmd", IMSMD_NS)
        .attr("xmlns:xsi", XSI_NS)
        .attr("xsi:schemaLocation", SCHEMA_LOCATION)
        .child(metadata)
        .child(el("organizations").attr("default", &org).child(organization))
        .child(resources)
        .to_document()
}

fn item(layout: &Layout<'_>, placed: &PlacedModule<'_>, previous: Option<&PlacedModule<'_>>) -> El {
    let module = placed.module;
    let mastery = module.pass_mark.filter(|_| {
        module.completion != CompletionRule::AllPagesAndQuiz || layout.profile.mastery_score_with_pages_rule()
    });
    el("item")
        .attr("identifier", item_id(&module.meta.id))
        .attr("identifierref", resource_id(&module.meta.id))
        .child(text_el("title", &module.meta.title))
        .child_opt(
            previous.map(|p| el("adlcp:prerequisites").attr("type", "aicc_script").text(&item_id(&p.module.meta.id))),
        )
        .child_opt(mastery.map(|m| text_el("adlcp:masteryscore", &m.to_string())))
}
