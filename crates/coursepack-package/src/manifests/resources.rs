//! The two `<resource>`s every SCORM manifest holds, written once for both
//! versions: they differ only in how the version spells the SCORM type
//! attribute and in which schema files the package bundles.

use super::ids::{SCHEMAS_RESOURCE, resource_id};
use super::xml::{El, el};
use super::{PlacedModule, schemas};

/// A module's SCO resource: its launch file, every file it ships, and a
/// dependency on the schema files. `scorm_type` is the version's attribute
/// name (`adlcp:scormtype` in 1.2, `adlcp:scormType` in 2004).
pub(super) fn sco_resource(placed: &PlacedModule<'_>, scorm_type: &str) -> El {
    el("resource")
        .attr("identifier", resource_id(&placed.module.meta.id))
        .attr("type", "webcontent")
        .attr(scorm_type, "sco")
        .attr("href", placed.launch())
        .children(placed.files.iter().map(|f| el("file").attr("href", f)))
        .child(el("dependency").attr("identifierref", SCHEMAS_RESOURCE))
}

/// The asset resource listing the bundled schema files of `set`, so the
/// manifest lists every file of the package.
pub(super) fn schemas_resource(scorm_type: &str, set: &'static [(&'static str, &'static [u8])]) -> El {
    el("resource")
        .attr("identifier", SCHEMAS_RESOURCE)
        .attr("type", "webcontent")
        .attr(scorm_type, "asset")
        .children(schemas::files(set).map(|(path, _)| el("file").attr("href", path)))
}
