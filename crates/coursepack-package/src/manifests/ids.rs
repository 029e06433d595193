//! Identifiers and activity IRIs in the manifests.
//!
//! LMSs key learner tracking on them (Moodle and Totara clear it when a SCO
//! identifier changes), so every one derives only from author-given ids
//! (course and module ids, question ids): never from titles, versions, the
//! clock or randomness. Editing content, titles or the version keeps them.
//!
//! SCORM identifiers are `xs:ID`s (NCNames), unique in the manifest. Module and
//! course ids are `[a-z0-9][a-z0-9-]*`, so:
//! - the manifest's identifier is `cp-`, a hash of the package's id and the id
//!   (SuccessFactors keys content on its first 15 characters, which must
//!   therefore differ between packages even when ids share a long prefix);
//! - per-module identifiers are a prefix, a `.` and the module id (`item.data-stewardship`),
//!   and the course organisation is `org.` and the course id: ids hold no `.`,
//!   so no two of these can be equal;
//! - the fixed identifiers contain `_` ([`SCHEMAS_RESOURCE`]), which no id holds.

/// `manifest@identifier` for a package whose module or course id is `id`:
/// `cp-<8 hex digits>-<id>`. SuccessFactors builds content-object ids from the
/// first 15 characters of this identifier, so packages whose ids share a long
/// prefix (`digital-leadership-cy`, `digital-leadership-for-libraries`) would
/// overwrite each other's tracking there; the hash of the id makes those
/// characters differ, and depends on the id alone.
pub(crate) fn manifest_id(id: &str) -> String {
    format!("cp-{:08x}-{id}", fnv1a(id))
}

/// 32-bit FNV-1a: a fixed, documented hash, so identifiers never change with the compiler or platform.
fn fnv1a(text: &str) -> u32 {
    text.bytes().fold(0x811c_9dc5, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193))
}

/// `organization@identifier` of the package's only organisation.
pub(crate) fn organization_id(id: &str) -> String {
    format!("org.{id}")
}

/// `item@identifier` of a module's SCO (the identifier LMSs track learners by).
pub(crate) fn item_id(module_id: &str) -> String {
    format!("item.{module_id}")
}

/// `resource@identifier` of a module's SCO resource.
pub(crate) fn resource_id(module_id: &str) -> String {
    format!("res.{module_id}")
}

/// `resource@identifier` of the asset resource listing the bundled schema files.
pub(crate) const SCHEMAS_RESOURCE: &str = "res_xsd";

/// The module's activity IRI: `<base>module/<id>`.
pub(crate) fn module_iri(base: &str, module_id: &str) -> String {
    format!("{base}module/{module_id}")
}

/// The course's activity IRI: `<base>course/<id>`.
pub(crate) fn course_iri(base: &str, course_id: &str) -> String {
    format!("{base}course/{course_id}")
}

/// The activity IRI of a course section (the cmi5 block id):
/// `<course IRI>/section/<section id>`. Course IRIs end in the course id, which
/// holds no `/`, so a section IRI never equals a course or module IRI.
pub(crate) fn section_iri(course_iri: &str, section_id: &str) -> String {
    format!("{course_iri}/section/{section_id}")
}

/// The prefix of a module's question activity IRIs (followed by the question's xAPI interaction id).
pub(crate) fn question_prefix(module_iri: &str) -> String {
    format!("{module_iri}/question/")
}

/// The SCORM 2004 global objective a module's SCO writes its completion and
/// satisfaction to, inside a course package. Scoped by the course's IRI so
/// two courses sharing a module never share its objective.
pub(crate) fn global_objective(course_iri: &str, module_id: &str) -> String {
    format!("{course_iri}/objective/{module_id}")
}

/// The `objectiveID` of a module's primary objective.
pub(crate) fn primary_objective_id(module_id: &str) -> String {
    format!("obj.{module_id}")
}

/// The `objectiveID` of the local objective that reads a prerequisite module's status.
pub(crate) fn prerequisite_objective_id(module_id: &str) -> String {
    format!("prereq.{module_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_ncname(s: &str) -> bool {
        s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    }

    #[test]
    fn identifiers_are_ncnames_even_for_digit_ids() {
        for id in ["data-stewardship", "2024-induction", "a", "9"] {
            for made in
                [manifest_id(id), organization_id(id), item_id(id), resource_id(id), SCHEMAS_RESOURCE.to_string()]
            {
                assert!(is_ncname(&made), "{made}");
            }
        }
    }

    #[test]
    fn identifiers_of_different_kinds_never_collide() {
        // Ids that look like other kinds' prefixes still give distinct identifiers.
        let ids = ["org", "item", "res", "res-xsd", "xsd", "1"];
        let mut all = std::collections::BTreeSet::new();
        for id in ids {
            for made in [organization_id(id), item_id(id), resource_id(id)] {
                assert!(all.insert(made.clone()), "{made} made twice");
            }
        }
        for id in ids {
            assert!(all.insert(manifest_id(id)), "{id}");
        }
        assert!(all.insert(SCHEMAS_RESOURCE.to_string()));
    }

    #[test]
    fn manifest_identifiers_differ_in_their_first_15_characters() {
        // The published FNV-1a test vector keeps the hash from drifting.
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(manifest_id("1"), format!("cp-{:08x}-1", fnv1a("1")));
        let ids = [
            "digital-leadership",
            "digital-leadership-cy",
            "digital-leadership-for-libraries",
            "data-stewardship",
            "digital-creativity",
        ];
        let prefixes: std::collections::BTreeSet<String> =
            ids.iter().map(|id| manifest_id(id).chars().take(15).collect()).collect();
        assert_eq!(prefixes.len(), ids.len());
    }

    #[test]
    fn iris_follow_the_base() {
        assert_eq!(module_iri("urn:coursepack:", "m"), "urn:coursepack:module/m");
        assert_eq!(course_iri("https://x.org/xapi/", "c"), "https://x.org/xapi/course/c");
        assert_eq!(question_prefix("https://x.org/xapi/module/m"), "https://x.org/xapi/module/m/question/");
        assert_eq!(section_iri("https://x.org/xapi/course/c", "s"), "https://x.org/xapi/course/c/section/s");
    }
}
