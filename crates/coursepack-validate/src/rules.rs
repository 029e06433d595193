//! Where each check comes from (the `rule` field of a diagnostic), and small
//! helpers shared by the checkers.

use coursepack_diagnostics::{Diagnostic, Location};

/// Rule sources, quoted in every diagnostic's `rule` field.
pub struct Rule;

#[allow(missing_docs)]
impl Rule {
    pub const APPNOTE_NAMES: &'static str = "PKWARE APPNOTE 6.3.10 §4.4.17 (file name: relative, `/` separators)";
    pub const APPNOTE_ZIP64: &'static str = "PKWARE APPNOTE 6.3.10 §4.3.14-4.3.15 (zip64)";
    pub const APPNOTE_ENCRYPTION: &'static str = "PKWARE APPNOTE 6.3.10 §4.4.4 bit 0 (encryption)";
    pub const APPNOTE_METHODS: &'static str = "PKWARE APPNOTE 6.3.10 §4.4.5 (compression method); IMS CP 1.1.4 PIF";
    pub const APPNOTE_CRC: &'static str = "PKWARE APPNOTE 6.3.10 §4.4.7 (CRC-32)";
    pub const APPNOTE_CD: &'static str = "PKWARE APPNOTE 6.3.10 §4.3.12-4.3.16 (central directory)";
    pub const APPNOTE_EOCD: &'static str = "PKWARE APPNOTE 6.3.10 §4.3.16 (one end of central directory record, at the end of the file, then only its comment)";
    pub const APPNOTE_LOCAL: &'static str = "PKWARE APPNOTE 6.3.10 §4.3.7 and §4.4 (a local header repeats its central-directory record; streaming extractors read only the local headers)";
    pub const APPNOTE_LAYOUT: &'static str = "PKWARE APPNOTE 6.3.10 §4.3.6 (local headers, data and descriptors back to back from byte 0, then the central directory)";
    pub const UNICODE_NFC: &'static str = "Unicode UAX #15 normalisation forms; macOS and Moodle (lib/filestorage/zip_archive.php, Normalizer::FORM_C) store file names in NFC";
    pub const BOMB: &'static str = "coursepack safety limit (zip-bomb defence)";
    pub const XML_WF: &'static str = "XML 1.0 (5th ed.) §2 well-formedness";
    pub const XML_ENC: &'static str = "XML 1.0 (5th ed.) §4.3.3 character encoding";
    pub const XML_NS: &'static str = "Namespaces in XML 1.0 §5";
    pub const XML_LIMIT: &'static str = "coursepack safety limit (XML size and depth)";
    pub const XML_DTD: &'static str = "coursepack safety policy: DTDs and entities are never processed";
    pub const PACKAGE_KIND: &'static str =
        "IMS CP 1.1.4, cmi5 spec §14.1, TinCan packaging: one manifest at the root names the package's standard";
    pub const PACKAGE_READ: &'static str = "coursepack: every file the checks need can be read";
    pub const CP_ROOT: &'static str = "[CTS] IMS CP 1.1.4 / SCORM CAM: imsmanifest.xml at the package root";
    pub const CP_ID: &'static str = "[CTS] SCORM CAM: identifiers are xs:ID, unique in the manifest";
    pub const CP_DEFAULT_ORG: &'static str = "[CTS] SCORM CAM: organizations@default must reference an organization";
    pub const CP_IDREF: &'static str = "[CTS] SCORM CAM: item@identifierref must reference a resource";
    pub const CP_LEAF: &'static str = "[CTS] SCORM CAM: a leaf item references a resource, a parent item does not";
    pub const CP_HREF_FILE: &'static str = "[CTS] SCORM CAM: resource@href must also be listed as a <file>";
    pub const CP_FILES_EXIST: &'static str = "[CTS] SCORM CAM: every <file href> must exist in the package";
    pub const CP_XML_BASE: &'static str = "[CTS] SCORM CAM: xml:base relative, no `\\`, ends with `/`";
    pub const CP_HREF: &'static str = "[CTS] SCORM CAM: href relative, no `\\`, no leading `/`, no file:";
    pub const CP_SCHEMA_FILES: &'static str = "[CTS] SCORM CAM: directly referenced XSD/DTD files at the package root";
    pub const CP_BAGGAGE: &'static str = "[CTS] ADL validator: excess baggage (files not referenced by the manifest)";
    pub const CP_UNUSED_RES: &'static str = "[CTS] ADL validator: resource referenced by no item or dependency";
    pub const CP_DEPENDENCY: &'static str = "[CTS] SCORM CAM: dependency@identifierref must reference a resource";
    pub const CP_METADATA_2004: &'static str =
        "[CTS] SCORM 2004 CAM: manifest metadata schema `ADL SCORM`, schemaversion `2004 4th Edition`";
    pub const CP_METADATA_FILE: &'static str = "SCORM CAM: adlcp:location names an XML metadata file (a LOM record: IMS MD 1.2.1 in SCORM 1.2, IEEE LOM in SCORM 2004)";
    pub const CP_SPM: &'static str = "[CTS] SCORM 2004 CAM smallest permitted maximums (standards §1.1): version 20, structure 200, href/identifierref 2000, parameters/type 1000, dataFromLMS 4000, location 2000";
    pub const CP_SCORMTYPE: &'static str = "[CTS] SCORM CAM: resource adlcp:scormType is required (sco|asset)";
    pub const CP_SUBMANIFEST: &'static str = "[CTS] ADL validator: sub-manifests are not supported by most LMSs";
    pub const CP_TITLE: &'static str = "[CTS] SCORM 2004 CAM: organization and item have exactly one <title>";
    pub const CP_ORG: &'static str = "[CTS] SCORM CAM: at least one organization to launch";
    pub const CP_PERSIST: &'static str = "[CTS] SCORM 2004 4th ed. CAM: adlcp:persistState is not allowed";
    pub const CP_SCO_ONLY: &'static str =
        "[CTS] SCORM 2004 CAM: timeLimitAction, dataFromLMS, completionThreshold only on items that launch a SCO";
    pub const CP_COMPLETION_THRESHOLD: &'static str =
        "[CTS] SCORM 2004 4th ed. CAM: completionThreshold text value is deprecated";
    pub const CP_PARAMS: &'static str = "[CTS] SCORM CAM: parameters without identifierref";
    pub const SS_MAPINFO: &'static str = "[CTS] SCORM 2004 SN: one writer per global objective value";
    pub const SS_OBJECTIVE_ID: &'static str = "[CTS] SCORM 2004 SN: primaryObjective with mapInfo needs objectiveID";
    pub const SS_GLOBAL_TO_SYSTEM: &'static str =
        "[CTS] SCORM 2004 CAM: objectivesGlobalToSystem / sharedDataGlobalToSystem only on <organization>";
    pub const SS_SEQ_ID: &'static str =
        "[CTS] SCORM 2004 SN: sequencing@ID only in sequencingCollection; @IDRef must resolve";
    pub const IRI_SYNTAX: &'static str = "RFC 3987 (IRI) and RFC 3986 (URI) syntax, checked with the fluent-uri crate";
    pub const CMI5_IRI: &'static str =
        "cmi5 spec (CATAPULT 3.0.0.0-1): course/block/AU/objective ids are fully qualified IRIs";
    pub const CMI5_UNIQUE: &'static str = "cmi5 spec (CATAPULT 13.1.2.0-1): ids unique within the course structure";
    pub const CMI5_URL: &'static str = "cmi5 spec, AU url: relative to the package root or fully qualified";
    pub const CMI5_MASTERY: &'static str = "cmi5 spec (AU masteryScore decimal 0..1)";
    pub const CMI5_MOVEON: &'static str = "cmi5 best practices: set moveOn on at least one AU";
    pub const CMI5_OBJREF: &'static str = "cmi5 spec: objective idref must reference a course objective";
    pub const CMI5_ROOT: &'static str = "cmi5 spec: cmi5.xml at the zip root";
    pub const CMI5_BARE_URL: &'static str = "cmi5 spec §14.2 (cmi5_14_2_1): a course structure XML provided without a zip package has only fully qualified URLs";
    pub const TINCAN_ONE_LAUNCH: &'static str =
        "TinCan packaging (RusticiSoftware/launch): exactly one activity with <launch>";
    pub const TINCAN_ROOT: &'static str = "TinCan packaging: one tincan.xml at the package root";
    pub const WEB_PACKAGE: &'static str =
        "coursepack: an offline web package is index.html and the files it uses, opened from disk (issue 12 §3)";
    pub const CONTENT_MISSING: &'static str = "SCORM CAM / cmi5 spec: launch and referenced files exist";
    pub const CONTENT_CASE: &'static str =
        "coursepack: references must match file names exactly (LMS servers are case-sensitive)";
    pub const CONTENT_EXTERNAL: &'static str = "coursepack: self-contained packages (privacy, offline use)";
    pub const CONTENT_UNREFERENCED: &'static str =
        "coursepack: files present but never referenced (xAPI and cmi5 manifests list no files)";
    pub const LMS_MOODLE_ID: &'static str = "field-notes: Moodle identifier character set";
    pub const LMS_SEQ_DEFAULTS: &'static str =
        "standards §1.3 (SAP KBA 3403728): completionSetByContent/objectiveSetByContent defaults";
    pub const LMS_LOM_DESC: &'static str = "field-notes: SCORM 1.2 LOM description over 1000 characters";
    pub const LMS_MASTERY: &'static str = "standards §2.4: mastery score 0-100 (Moodle, ADL CTS)";
    pub const LMS_TITLE: &'static str = "standards §1.1: title length 200";
    pub const LMS_UNLOAD: &'static str = "field notes #2 (exelearning #1831, adapt_framework #3481, pipwerks #45), standards §5: unload is blocked in Moodle's iframe and during page dismissal";
    pub const LMS_SYNC_XHR: &'static str =
        "standards §5: Chromium 80+ blocks synchronous XHR during page dismissal (Rustici KB)";
    pub const LMS_STABLE_ID: &'static str =
        "field notes #9, standards §1.1: Totara/Moodle clear tracking when SCO identifiers change between versions";
    pub const LMS_SUSPEND_DATA: &'static str =
        "standards §5: suspend_data is 4000 characters in SCORM 2004 2nd edition (64000 in 3rd/4th)";
    pub const LMS_TIMESPAN: &'static str = "standards §2.6: CMITimespan HH[HH]:MM:SS[.SS] (Moodle regex)";
    pub const LMS_MOODLE_MASTERY: &'static str =
        "standards §5: Moodle recalculates passed/failed from mastery_score on LMSFinish";
    pub const LMS_STATUS_BY_MEASURE: &'static str =
        "standards §2.5: with completion_threshold or scaled_passing_score the LMS computes the status";
    pub const LMS_SF_NAVIGATION: &'static str =
        "standards §5: SuccessFactors shows its navigation for SCORM 2004 unless adlnav:hideLMSUI";
    pub const LMS_MOODLE_PLUGIN: &'static str =
        "standards §5: Moodle imports xAPI and cmi5 only through plugins (mod_tincanlaunch, mod_cmi5launch)";
    pub const LMS_SF_ID_PREFIX: &'static str = "standards §1.1, SAP KBA 2316909: SuccessFactors content-object ids use the first 15 characters of manifest@identifier and the identifierref";
    pub const LMS_MOODLE_NAMES: &'static str = "Moodle 4.5 lib/filestorage/zip_archive.php:710-714 (every extracted name cleaned as PARAM_PATH, then normalised to NFC), lib/classes/param.php:975-1015 (PARAM_FILE drops control characters and & < > \" ` | ' : \\ /), lib/filestorage/zip_packer.php:465 (a name extracted already is skipped), zip_archive.php:345-346 (__MACOSX and .DS_Store are not extracted)";
    pub const LMS_MOODLE_PATH_LENGTH: &'static str =
        "Moodle 4.5 lib/db/install.xml:2632-2633 (files.filepath and files.filename: 255 characters each)";
    pub const LMS_MOODLE_PREFIX: &'static str = "Moodle 4.5 mod/scorm/datamodels/scormlib.php:918 (xml_parser_create: no namespaces, names case-folded) and :46-520 (names matched as written: MANIFEST, ITEM, ADLCP:SCORMTYPE, IMSSS:SEQUENCING, ADLNAV:HIDELMSUI, XML:BASE)";
    pub const LMS_MOODLE_VERSION: &'static str = "Moodle 4.5 mod/scorm/datamodels/scormlib.php:56-66 (<schemaversion> must match ^(1\\.2)$|^(CAM )?(1\\.3)$ or ^2004 (3rd|4th) Edition$, else the package runs as SCORM_1.2)";
    pub const LMS_MOODLE_BASE: &'static str = "Moodle 4.5 mod/scorm/datamodels/scormlib.php:144-151 (launch = the resource's own XML:BASE + HREF) and :85 (with no organization, HREF alone)";
    pub const LMS_MOODLE_AS_WRITTEN: &'static str = "Moodle 4.5 mod/scorm/datamodels/scormlib.php:31 and :142-151 (resources keyed by IDENTIFIER as written, IDENTIFIERREF and HREF used as written) and :236-254 (hideLMSUI compared exactly)";
    pub const LMS_MOODLE_BOOLEAN: &'static str = "Moodle 4.5 mod/scorm/datamodels/scormlib.php:271-315, :330 and :400-404 (== 'true'), mod/scorm/locallib.php:1601 and :1794 (isvisible === 'true' / === 'false')";
    pub const LMS_MOODLE_2004: &'static str = "standards §5: Moodle has no full SCORM 2004 sequencing";
}

/// Attach a file-only location.
pub fn diag_file(d: Diagnostic, file: &str) -> Diagnostic {
    d.at(Location::file(file.to_string()))
}

/// Most characters of a value from the input that a message quotes.
pub const SHOWN_CHARS: usize = 200;

/// `value` as a message quotes it: whole up to [`SHOWN_CHARS`] characters;
/// longer, its first ones, an ellipsis and its length, so a hostile value
/// of megabytes never reaches the report whole. Cut on a character
/// boundary.
pub fn shown(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(SHOWN_CHARS) {
        None => std::borrow::Cow::Borrowed(value),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}… ({} characters)", &value[..cut], value.chars().count())),
    }
}

/// Longest message or hint a report carries, in characters.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// Keep a message (or hint) short whatever the input held: every
/// backtick-quoted part longer than [`SHOWN_CHARS`] is cut as [`shown`]
/// cuts it, and the whole is cut at [`MAX_MESSAGE_CHARS`]. The net under
/// the checks, which quote values through [`shown`] already.
pub fn cut_message(text: &mut String) {
    if text.len() <= SHOWN_CHARS {
        return;
    }
    let parts: Vec<&str> = text.split('`').collect();
    if parts.iter().skip(1).step_by(2).any(|p| p.chars().nth(SHOWN_CHARS).is_some()) {
        let mut out = String::new();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                out.push('`');
            }
            if i % 2 == 1 { out.push_str(&shown(part)) } else { out.push_str(part) }
        }
        *text = out;
    }
    if let Some((cut, _)) = text.char_indices().nth(MAX_MESSAGE_CHARS) {
        text.truncate(cut);
        text.push('…');
    }
}

/// Codes of findings that the ADL conformance test suite, an XSD or the
/// cmi5 spec call non-conformant but that the main LMSs import and run:
/// warnings by default, errors with `--strict` (docs/validator.md, "Errors
/// and warnings: the rule"). Every `schema/*` warning is raised too. Where
/// the same code is an error because nothing can be launched, it is an
/// error already.
pub const CONFORMANCE_ONLY: &[&str] = &[
    "cts/default-org-unresolved",
    "cts/no-organization",
    "cts/default-org-missing",
    "cts/leaf-without-resource",
    "cts/parent-with-resource",
    "cts/metadata-missing",
    "cts/metadata-schema",
    "cts/metadata-schemaversion",
    "cts/title",
    "cts/href-not-listed",
    "cts/persist-state",
    "cts/sco-only-element",
    "cts/repeated-element",
    "cts/dependency-unresolved",
    "cts/schema-file-missing",
    "content/missing-metadata-file",
    "cts/href-syntax",
    "cmi5/url-syntax",
    "tincan/url-syntax",
    "cmi5/mastery-score-precision",
    "cmi5/activity-type-not-iri",
];

/// True when `--strict` turns a warning with this code into an error.
pub fn raised_by_strict(code: &str) -> bool {
    code.starts_with("schema/") || CONFORMANCE_ONLY.contains(&code)
}
