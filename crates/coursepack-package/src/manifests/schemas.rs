//! The official XML Schema files named in the SCORM manifests'
//! `xsi:schemaLocation`, shipped at the package root.
//!
//! The ADL conformance test suite requires every schema a manifest names to be
//! at the root of the package (standards.md §1.4), and coursepack's validator
//! warns (`cts/schema-file-missing`) when one is absent. The files are the
//! unmodified official copies (see `xsd/README.md` for where each comes from
//! and its licence); a test checks each against the SHA-256 recorded in
//! `xsd/OFFICIAL.sha256`.

/// SCORM 1.2: IMS CP 1.1.2, ADL CP 1.2, IMS Metadata 1.2.1 and the `xml:` namespace.
pub(crate) const SCORM12: &[(&str, &[u8])] = &[
    ("adlcp_rootv1p2.xsd", include_bytes!("../../xsd/scorm12/adlcp_rootv1p2.xsd")),
    ("ims_xml.xsd", include_bytes!("../../xsd/scorm12/ims_xml.xsd")),
    ("imscp_rootv1p1p2.xsd", include_bytes!("../../xsd/scorm12/imscp_rootv1p1p2.xsd")),
    ("imsmd_rootv1p2p1.xsd", include_bytes!("../../xsd/scorm12/imsmd_rootv1p2p1.xsd")),
];

/// SCORM 2004 4th edition: IMS CP 1.1.4 (with the local `xml.xsd` import),
/// ADL CP/SEQ/NAV 1.3, IMS SS 1.0 and its parts, the `xml:` namespace schema
/// and the DTDs it names, and IEEE LOM (strict) with the folders it includes.
pub(crate) const SCORM2004: &[(&str, &[u8])] = &[
    ("XMLSchema.dtd", include_bytes!("../../xsd/scorm2004/XMLSchema.dtd")),
    ("adlcp_v1p3.xsd", include_bytes!("../../xsd/scorm2004/adlcp_v1p3.xsd")),
    ("adlnav_v1p3.xsd", include_bytes!("../../xsd/scorm2004/adlnav_v1p3.xsd")),
    ("adlseq_v1p3.xsd", include_bytes!("../../xsd/scorm2004/adlseq_v1p3.xsd")),
    ("common/anyElement.xsd", include_bytes!("../../xsd/scorm2004/common/anyElement.xsd")),
    ("common/dataTypes.xsd", include_bytes!("../../xsd/scorm2004/common/dataTypes.xsd")),
    ("common/elementNames.xsd", include_bytes!("../../xsd/scorm2004/common/elementNames.xsd")),
    ("common/elementTypes.xsd", include_bytes!("../../xsd/scorm2004/common/elementTypes.xsd")),
    ("common/rootElement.xsd", include_bytes!("../../xsd/scorm2004/common/rootElement.xsd")),
    ("common/vocabTypes.xsd", include_bytes!("../../xsd/scorm2004/common/vocabTypes.xsd")),
    ("common/vocabValues.xsd", include_bytes!("../../xsd/scorm2004/common/vocabValues.xsd")),
    ("datatypes.dtd", include_bytes!("../../xsd/scorm2004/datatypes.dtd")),
    ("extend/strict.xsd", include_bytes!("../../xsd/scorm2004/extend/strict.xsd")),
    ("imscp_v1p1.xsd", include_bytes!("../../xsd/scorm2004/imscp_v1p1.xsd")),
    ("imsss_v1p0.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0.xsd")),
    ("imsss_v1p0auxresource.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0auxresource.xsd")),
    ("imsss_v1p0control.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0control.xsd")),
    ("imsss_v1p0delivery.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0delivery.xsd")),
    ("imsss_v1p0limit.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0limit.xsd")),
    ("imsss_v1p0objective.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0objective.xsd")),
    ("imsss_v1p0random.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0random.xsd")),
    ("imsss_v1p0rollup.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0rollup.xsd")),
    ("imsss_v1p0seqrule.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0seqrule.xsd")),
    ("imsss_v1p0util.xsd", include_bytes!("../../xsd/scorm2004/imsss_v1p0util.xsd")),
    ("lom.xsd", include_bytes!("../../xsd/scorm2004/lom.xsd")),
    ("unique/strict.xsd", include_bytes!("../../xsd/scorm2004/unique/strict.xsd")),
    ("vocab/strict.xsd", include_bytes!("../../xsd/scorm2004/vocab/strict.xsd")),
    ("xml.xsd", include_bytes!("../../xsd/scorm2004/xml.xsd")),
];

/// The files of one set, as (package path, bytes).
pub(crate) fn files(
    set: &'static [(&'static str, &'static [u8])],
) -> impl Iterator<Item = (&'static str, &'static [u8])> {
    set.iter().copied()
}
