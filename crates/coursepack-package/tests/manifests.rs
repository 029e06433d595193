//! The manifests of the LMS targets: snapshots of the fixture module and
//! course, xmllint validation against the official schemas of every manifest
//! these tests build (the fixtures and all of `modules-src`, under every LMS
//! profile), stable identifiers, every file listed, reproducible zips.

mod common;

use common::*;
use coursepack_compile::CompiledModule;
use coursepack_driver::build_package;
use coursepack_package::{BuildOptions, LmsProfile, PackageContent, PackageFile, Target, ZipTime};
use std::collections::BTreeSet;
use std::path::Path;

/// The targets that have a manifest.
const LMS_TARGETS: [Target; 4] = [Target::Scorm12, Target::Scorm2004, Target::Xapi, Target::Cmi5];

fn generic() -> BuildOptions {
    BuildOptions::default()
}

fn course_refs(modules: &[CompiledModule]) -> Vec<&CompiledModule> {
    modules.iter().collect()
}

#[test]
fn manifest_snapshots_of_the_fixture_module_and_course() {
    let (info, modules) = compile_course(&fixture_course());
    let refs = course_refs(&modules);
    for target in LMS_TARGETS {
        let name = manifest_name(target);
        let course = package(&PackageContent::Course(&info, &refs), target, &generic());
        insta::assert_snapshot!(format!("{target}-course"), text(&course, name));
        for module in &modules {
            let alone = package(&PackageContent::Module(module), target, &generic());
            insta::assert_snapshot!(format!("{target}-module-{}", module.meta.id), text(&alone, name));
        }
    }
}

#[test]
fn lms_profiles_change_only_what_they_document() {
    let (_, modules) = compile_course(&fixture_course());
    let check = &modules[1];
    assert_eq!(check.meta.id, "2-check");
    let manifest = |target, lms| {
        text(
            &package(&PackageContent::Module(check), target, &BuildOptions { lms, ..BuildOptions::default() }),
            manifest_name(target),
        )
    };
    // Moodle recalculates lesson_status from the mastery score: a module that
    // also needs every page gets none there.
    assert!(manifest(Target::Scorm12, LmsProfile::Generic).contains("<adlcp:masteryscore>75</adlcp:masteryscore>"));
    assert!(!manifest(Target::Scorm12, LmsProfile::Moodle).contains("masteryscore"));
    assert!(!manifest(Target::Scorm12, LmsProfile::Totara).contains("masteryscore"));
    // SuccessFactors shows its own flow buttons unless told not to.
    let sf = manifest(Target::Scorm2004, LmsProfile::SuccessFactors);
    assert!(
        sf.contains("<adlnav:hideLMSUI>previous</adlnav:hideLMSUI>")
            && sf.contains("<adlnav:hideLMSUI>continue</adlnav:hideLMSUI>"),
        "{sf}"
    );
    assert!(!manifest(Target::Scorm2004, LmsProfile::Generic).contains("hideLMSUI"));
    assert_eq!(manifest(Target::Scorm2004, LmsProfile::Moodle), manifest(Target::Scorm2004, LmsProfile::Generic));
}

/// What Moodle's manifest parser (`mod/scorm/datamodels/scormlib.php`, 4.5)
/// cannot read, in any manifest of any profile: an `imsss:mapInfo` in an
/// objective makes the import throw. Under the Moodle and Totara profiles a
/// SCORM 2004 course carries none of the course sequencing they do not apply:
/// its items are in course order, each sequenced like a module on its own.
#[test]
fn scorm2004_courses_for_moodle_and_totara_carry_only_what_moodle_reads() {
    let (info, modules) = compile_course(&fixture_course());
    let refs = course_refs(&modules);
    let course = |lms| {
        let options = BuildOptions { lms, ..BuildOptions::default() };
        text(&package(&PackageContent::Course(&info, &refs), Target::Scorm2004, &options), "imsmanifest.xml")
    };
    for lms in LmsProfile::ALL {
        let xml = course(lms);
        assert!(!xml.contains("<imsss:mapInfo"), "{lms}: an imsss:mapInfo stops Moodle's import:\n{xml}");
        let items: Vec<&str> =
            xml.split("<item identifier=\"").skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
        assert_eq!(items, ["item.intro", "item.2-check"], "{lms}: one item per module, in course order");
    }
    let generic = course(LmsProfile::Generic);
    for kept in ["<imsss:preConditionRule>", "<adlseq:mapInfo", "<imsss:controlMode", "<imsss:rollupRule "] {
        assert!(generic.contains(kept), "the generic course keeps its sequencing ({kept}):\n{generic}");
    }
    for lms in [LmsProfile::Moodle, LmsProfile::Totara] {
        let xml = course(lms);
        for gone in [
            "sequencingRules",
            "rollupRule",
            "controlMode",
            "adlseq:objectives",
            "objectivesGlobalToSystem",
            "prereq.",
            "adlnav:",
        ] {
            assert!(!xml.contains(gone), "{lms}: `{gone}` is sequencing Moodle does not apply:\n{xml}");
        }
        // each item as a module on its own gets it: completion and success set by the content, the pass mark
        assert_eq!(
            xml.matches("<imsss:deliveryControls completionSetByContent=\"true\" objectiveSetByContent=\"true\"/>")
                .count(),
            2,
            "{xml}"
        );
        assert!(
            xml.contains("<imsss:primaryObjective objectiveID=\"obj.2-check\" satisfiedByMeasure=\"true\">"),
            "{xml}"
        );
        assert!(xml.contains("<imsss:minNormalizedMeasure>0.75</imsss:minNormalizedMeasure>"), "{xml}");
        for module in &modules {
            let alone = text(
                &package(
                    &PackageContent::Module(module),
                    Target::Scorm2004,
                    &BuildOptions { lms, ..BuildOptions::default() },
                ),
                "imsmanifest.xml",
            );
            let item = |xml: &str| {
                let start = xml.find(&format!("<item identifier=\"item.{}\"", module.meta.id)).unwrap();
                xml[start..start + xml[start..].find("</item>").unwrap()].to_string()
            };
            assert_eq!(item(&xml), item(&alone), "{lms}: {} in the course is the module on its own", module.meta.id);
        }
    }
    assert_eq!(course(LmsProfile::Moodle), course(LmsProfile::Totara));
    insta::assert_snapshot!("scorm2004-course-moodle", course(LmsProfile::Moodle));
}

/// Every manifest of the fixtures and of `modules-src`, for every LMS target
/// and profile, validates against the official schemas.
#[test]
fn every_manifest_validates_against_the_official_schemas() {
    require_xmllint();
    let dir = tempfile::tempdir().unwrap();
    let mut sources = Sources::load(&repo().join("modules-src"));
    let fixture = Sources::load(&fixture_course());
    sources.courses.extend(fixture.courses);
    sources.modules.extend(fixture.modules);
    assert!(
        sources.courses.len() >= 2 && sources.modules.len() >= 10,
        "modules-src and the fixture were not all found"
    );
    let refs: Vec<Vec<&CompiledModule>> = sources.courses.iter().map(|(_, m)| course_refs(m)).collect();
    let mut contents: Vec<PackageContent<'_>> =
        sources.courses.iter().zip(&refs).map(|((info, _), r)| PackageContent::Course(info, r)).collect();
    contents.extend(sources.modules.iter().map(PackageContent::Module));
    let mut written = 0;
    for target in LMS_TARGETS {
        let mut files = Vec::new();
        for lms in LmsProfile::ALL {
            for content in &contents {
                // Assembled directly: the manifests are validated below in one xmllint run per target.
                let package = coursepack_driver::assemble_package(
                    content,
                    target,
                    &BuildOptions { lms, ..BuildOptions::default() },
                )
                .unwrap();
                let path = dir.path().join(format!("{}-{lms}-{target}-{}", content.id(), manifest_name(target)));
                std::fs::write(&path, text(&package, manifest_name(target))).unwrap();
                files.push(path);
            }
        }
        written += files.len();
        let failures = xmllint_failures(&wrapper_schema(target), &files);
        assert!(failures.is_empty(), "{target}: manifests that do not validate:\n{}", failures.join("\n\n"));
    }
    assert_eq!(written, LMS_TARGETS.len() * LmsProfile::ALL.len() * contents.len());
}

/// The identifiers LMSs track learners by, in document order.
fn identifiers(files: &[PackageFile], target: Target) -> Vec<(String, String)> {
    let names =
        ["identifier", "identifierref", "default", "objectiveID", "targetObjectiveID", "referencedObjective", "id"];
    attribute_values(&text(files, manifest_name(target)), &names)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), dest).unwrap();
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// LMSs drop learner tracking when identifiers change: editing titles,
/// versions, summaries, page text and questions must keep every identifier.
#[test]
fn identifiers_survive_content_edits() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    copy_dir(&fixture_course(), &course);
    let before = compile_course(&course);
    edit(
        &course.join("course.toml"),
        "title = \"Fixture course: handling & <care>\"",
        "title = \"Caring for photographs\"",
    );
    edit(&course.join("course.toml"), "version = \"2.1.0\"", "version = \"3.0.0\"");
    edit(&course.join("intro/module.toml"), "title = \"Introduction\"", "title = \"Start here\"");
    edit(&course.join("intro/module.toml"), "summary = \"What the course covers.\"", "summary = \"An overview.\"");
    edit(&course.join("intro/01-welcome.md"), "This course shows", "This short course shows");
    edit(&course.join("2-check/module.toml"), "pass_mark = 75", "pass_mark = 80");
    edit(&course.join("2-check/02-quiz.md"), "Which gloves should you wear", "Which gloves are best");
    let after = compile_course(&course);
    for target in LMS_TARGETS {
        let ids = |(info, modules): &(coursepack_package::CourseInfo, Vec<CompiledModule>)| {
            let refs = course_refs(modules);
            let mut all = identifiers(&package(&PackageContent::Course(info, &refs), target, &generic()), target);
            for m in modules {
                all.extend(identifiers(&package(&PackageContent::Module(m), target, &generic()), target));
            }
            all
        };
        let (old, new) = (ids(&before), ids(&after));
        assert!(old.len() > 4, "{target}: too few identifiers found: {old:?}");
        assert_eq!(old, new, "{target}: identifiers changed after editing content");
    }
}

#[test]
fn identifiers_are_unique_ncnames() {
    let (info, modules) = compile_course(&fixture_course());
    let refs = course_refs(&modules);
    for target in [Target::Scorm12, Target::Scorm2004] {
        for content in [PackageContent::Course(&info, &refs), PackageContent::Module(&modules[1])] {
            let files = package(&content, target, &generic());
            let ids: Vec<String> = attribute_values(&text(&files, "imsmanifest.xml"), &["identifier"])
                .into_iter()
                .map(|(_, v)| v)
                .collect();
            let unique: BTreeSet<&String> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "{target}: duplicate identifiers in {ids:?}");
            for id in &ids {
                assert!(
                    id.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')),
                    "{target}: `{id}` is not an NCName"
                );
            }
            // The manifest identifier: `cp-`, a hash, then the id (an NCName even for an id starting with a digit).
            assert!(
                ids[0].starts_with("cp-")
                    && ids[0].ends_with(&format!("-{}", content.id()))
                    && ids[0].len() == content.id().len() + 12,
                "{}",
                ids[0]
            );
        }
    }
}

/// The SCORM manifest lists every file of the package (some LMSs drop unlisted files).
#[test]
fn scorm_manifests_list_every_file() {
    let (info, modules) = compile_course(&fixture_course());
    let refs = course_refs(&modules);
    for target in [Target::Scorm12, Target::Scorm2004] {
        for content in [PackageContent::Course(&info, &refs), PackageContent::Module(&modules[0])] {
            let files = package(&content, target, &generic());
            let listed: BTreeSet<String> =
                attribute_values(&text(&files, "imsmanifest.xml"), &["href"]).into_iter().map(|(_, v)| v).collect();
            let shipped: BTreeSet<String> =
                files.iter().map(|f| f.path.clone()).filter(|p| p != "imsmanifest.xml").collect();
            assert_eq!(listed, shipped, "{target} {}: listed files differ from the package's", content.id());
            assert!(shipped.iter().any(|p| p.ends_with("media/gloves.svg")), "the module's media is in the package");
        }
    }
}

/// The course package holds each module's player in its own folder, launched by its own item.
#[test]
fn course_packages_have_a_folder_per_module() {
    let (info, modules) = compile_course(&fixture_course());
    let refs = course_refs(&modules);
    let files = package(&PackageContent::Course(&info, &refs), Target::Scorm2004, &generic());
    for m in &modules {
        for part in ["index.html", "player/player.js", "player/player.css"] {
            assert!(files.iter().any(|f| f.path == format!("{}/{part}", m.meta.id)), "{}/{part} missing", m.meta.id);
        }
    }
    assert!(!files.iter().any(|f| f.path == "index.html"), "no player at the root of a course package");
    let data = text(&files, "2-check/index.html");
    assert!(data.contains("\"course\":{\"id\":\"fixture-course\",\"title\":\"Fixture course: handling \\u0026 \\u003ccare\\u003e\",\"position\":1,\"count\":2}"), "{data}");
    assert!(data.contains("\"lms\":{\"profile\":\"generic\",\"maxStateLength\":64000,\"navRequest\":true}"), "{data}");
}

/// The same sources give byte-identical zips for every target.
#[test]
fn builds_are_byte_identical() {
    let (info, modules) = compile_course(&fixture_course());
    let refs = course_refs(&modules);
    let time = ZipTime { year: 2025, month: 3, day: 4, hour: 5, minute: 6, second: 8 };
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for target in Target::ALL {
        for content in [PackageContent::Course(&info, &refs), PackageContent::Module(&modules[1])] {
            let first = build_package(&content, target, &generic(), a.path(), time).unwrap();
            let second = build_package(&content, target, &generic(), b.path(), time).unwrap();
            assert_eq!(first.file_name(), second.file_name());
            assert_eq!(
                std::fs::read(&first).unwrap(),
                std::fs::read(&second).unwrap(),
                "{} differs between builds",
                first.display()
            );
        }
    }
}

/// Every schema file in `xsd/` (those shipped in SCORM packages, and the
/// tincan and cmi5 schemas the tests validate with) is the official copy:
/// its SHA-256 is the one `xsd/OFFICIAL.sha256` records, every recorded file
/// is there, and nothing else is (but the README, the list itself and
/// coursepack's own `validation/` entry points). When the reference copies
/// in `../shared/schemas` are beside the repository, each is also compared
/// with them byte for byte; without them that second check says loudly that
/// it skipped.
#[test]
fn bundled_schema_files_are_the_official_ones() {
    use sha2::Digest;
    let ours = xsd();
    let listed: std::collections::BTreeMap<String, String> = std::fs::read_to_string(ours.join("OFFICIAL.sha256"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (hash, path) = l.split_once("  ").expect("`<sha256>  <path>` lines");
            (path.to_string(), hash.to_string())
        })
        .collect();
    let mut found = std::collections::BTreeMap::new();
    for entry in walk(&ours) {
        let relative = entry.strip_prefix(&ours).unwrap().to_string_lossy().replace('\\', "/");
        if relative == "README.md" || relative == "OFFICIAL.sha256" || relative == ".gitattributes" {
            continue;
        }
        if relative.starts_with("validation/") {
            assert!(
                std::path::Path::new(&relative).extension().is_some_and(|e| e.eq_ignore_ascii_case("xsd")),
                "only xmllint entry points belong in validation/: {relative}"
            );
            continue;
        }
        let hash: String =
            sha2::Sha256::digest(std::fs::read(&entry).unwrap()).iter().map(|b| format!("{b:02x}")).collect();
        found.insert(relative, hash);
    }
    assert_eq!(found, listed, "xsd/ differs from xsd/OFFICIAL.sha256");
    assert_eq!(found.len(), 4 + 28 + 2, "SCORM 1.2, SCORM 2004, tincan and cmi5 schemas");
    // Everything shipped in packages comes from this folder.
    for (path, _) in found.iter().filter(|(p, _)| p.starts_with("scorm")) {
        assert!(ours.join(path).is_file());
    }
    let official = std::env::var_os("COURSEPACK_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"))
        .join("schemas");
    if !official.join("SOURCES.md").is_file() {
        eprintln!(
            "SKIPPED: the byte-for-byte comparison with the reference schemas: {} is absent \
             (the SHA-256 check against xsd/OFFICIAL.sha256 ran)",
            official.display()
        );
        return;
    }
    let sources = std::fs::read_to_string(official.join("SOURCES.md")).unwrap();
    for (path, hash) in &found {
        assert!(
            sources.contains(hash.as_str()),
            "{path}: its SHA-256 is not among those ../shared/schemas/SOURCES.md records"
        );
        let theirs = ["", "lom/"]
            .iter()
            .map(|sub| {
                let (dir, rest) = path.split_once('/').unwrap();
                let dir = if dir == "scorm2004" { "scorm2004-4th" } else { dir };
                official.join(dir).join(sub).join(rest)
            })
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("{path} has no reference copy"));
        assert_eq!(
            std::fs::read(ours.join(path)).unwrap(),
            std::fs::read(&theirs).unwrap(),
            "{path} differs from {}",
            theirs.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// tincan.xml: one launchable root activity, the course's modules, and every
/// question with the interaction definition the quiz compiler gives for xAPI.
#[test]
fn tincan_lists_the_root_the_modules_and_every_question() {
    let (info, modules) = compile_course(&fixture_course());
    let refs = course_refs(&modules);
    let files = package(&PackageContent::Course(&info, &refs), Target::Xapi, &generic());
    let xml = text(&files, "tincan.xml");
    let ids: Vec<String> = attribute_values(&xml, &["id"]).into_iter().map(|(_, v)| v).collect();
    let mut expected = vec![
        "urn:coursepack:course/fixture-course".to_string(),
        "urn:coursepack:module/intro".to_string(),
        "urn:coursepack:module/2-check".to_string(),
    ];
    let quiz = &modules[1].quiz;
    assert_eq!(quiz.questions.len(), 3);
    for q in &quiz.questions {
        expected.push(format!("urn:coursepack:module/2-check/question/{}", q.interactions.xapi.id));
        assert!(xml.contains(&format!("<interactionType>{}</interactionType>", q.interactions.xapi.kind)));
        for pattern in &q.interactions.xapi.patterns {
            assert!(xml.contains(&format!("<correctResponsePattern>{pattern}</correctResponsePattern>")), "{pattern}");
        }
    }
    assert_eq!(ids, expected);
    assert_eq!(xml.matches("<launch").count(), 1, "only the root activity launches");
    // The course opens on a page linking to each module, which passes the launch parameters on.
    let page = text(&files, "index.html");
    assert!(page.contains("<a href=\"intro/index.html\" data-module-link=\"\">Introduction</a>"), "{page}");
    assert!(
        page.contains("<a href=\"2-check/index.html\" data-module-link=\"\">Check your understanding</a>"),
        "{page}"
    );
    assert!(page.contains("<script src=\"course.js\" defer></script>"));
    assert_eq!(text(&files, "course.js"), coursepack_render::course_script(false).unwrap());
    // ...and tracks the course: its activity and every module's, in course order, and which are assessed.
    let data = page.split("id=\"cp-course-data\">").nth(1).and_then(|rest| rest.split("</script>").next()).unwrap();
    let data: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(data["course"]["activityId"].as_str(), Some(ids[0].as_str()), "the root activity is the course");
    let listed: Vec<&str> = data["modules"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(listed, ["intro", "2-check"]);
    assert_eq!(data["modules"][1]["assessed"], true, "the check module has a pass mark");
    // Each module's player knows its own activity and the course's.
    let player = text(&files, "2-check/index.html");
    assert!(player.contains("\"activity\":{\"id\":\"urn:coursepack:module/2-check\",\"questionPrefix\":\"urn:coursepack:module/2-check/question/\",\"courseId\":\"urn:coursepack:course/fixture-course\"}"), "{player}");
    // A module alone launches its own player; no course page.
    let alone = package(&PackageContent::Module(&modules[0]), Target::Xapi, &generic());
    assert!(text(&alone, "tincan.xml").contains("<launch lang=\"en-GB\">index.html</launch>"));
    assert!(!alone.iter().any(|f| f.path == "course.js"));
}

/// cmi5.xml: moveOn always explicit and following the completion rule, masteryScore from the pass mark.
#[test]
fn cmi5_sets_move_on_and_mastery_from_the_module() {
    let (info, modules) = compile_course(&fixture_course());
    let refs = course_refs(&modules);
    let xml = text(&package(&PackageContent::Course(&info, &refs), Target::Cmi5, &generic()), "cmi5.xml");
    let attrs = attribute_values(&xml, &["id", "moveOn", "masteryScore", "launchMethod"]);
    let pairs: Vec<(&str, &str)> = attrs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        pairs,
        [
            ("id", "urn:coursepack:course/fixture-course"),
            ("id", "urn:coursepack:module/intro"),
            ("moveOn", "Completed"),
            ("launchMethod", "AnyWindow"),
            ("id", "urn:coursepack:module/2-check"),
            ("moveOn", "CompletedAndPassed"),
            ("masteryScore", "0.75"),
            ("launchMethod", "AnyWindow"),
        ]
    );
    assert!(xml.contains("<url>intro/index.html</url>") && xml.contains("<url>2-check/index.html</url>"));
    let alone = text(&package(&PackageContent::Module(&modules[0]), Target::Cmi5, &generic()), "cmi5.xml");
    assert!(
        alone.contains("<course id=\"urn:coursepack:module/intro/course\">") && alone.contains("<url>index.html</url>"),
        "{alone}"
    );
}

/// The fixture modules grouped in two `[[sections]]`: `fixtures/sectioned-course/course.toml`
/// over a copy of the fixture course's modules (a course's modules must be inside its folder).
/// The folder lives as long as the returned `TempDir`.
fn sectioned_course() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("sectioned-course");
    copy_dir(&fixture_course(), &course);
    std::fs::copy(fixture_course().with_file_name("sectioned-course").join("course.toml"), course.join("course.toml"))
        .unwrap();
    (dir, course)
}

/// cmi5.xml of a course with sections: a block per section (id from the course
/// and section ids, langstring title and description) holding its AUs in order,
/// valid against CourseStructure.xsd (checked by `package`).
#[test]
fn cmi5_makes_each_section_a_block_of_its_aus() {
    let (_dir, sectioned) = sectioned_course();
    let (info, modules) = compile_course(&sectioned);
    let refs = course_refs(&modules);
    let xml = text(&package(&PackageContent::Course(&info, &refs), Target::Cmi5, &generic()), "cmi5.xml");
    insta::assert_snapshot!("cmi5-sectioned-course", xml);
    let ids: Vec<String> = attribute_values(&xml, &["id"]).into_iter().map(|(_, v)| v).collect();
    assert_eq!(
        ids,
        [
            "urn:coursepack:course/sectioned-course",
            "urn:coursepack:course/sectioned-course/section/start",
            "urn:coursepack:module/intro",
            "urn:coursepack:course/sectioned-course/section/check",
            "urn:coursepack:module/2-check",
        ]
    );
    // The section without a summary is described by its title; the other by its summary.
    assert_eq!(
        xml.matches(">Getting started &amp; &lt;set up&gt;</langstring>").count(),
        2,
        "title and description: {xml}"
    );
    assert_eq!(xml.matches(">A short scored quiz.</langstring>").count(), 1, "{xml}");
    // A course without sections keeps its AUs directly under the course.
    let (flat_info, flat_modules) = compile_course(&fixture_course());
    let flat = text(
        &package(&PackageContent::Course(&flat_info, &course_refs(&flat_modules)), Target::Cmi5, &generic()),
        "cmi5.xml",
    );
    assert!(!flat.contains("<block"), "{flat}");
}

/// Block ids come from the section ids: retitling or re-describing a section keeps them.
#[test]
fn block_ids_survive_section_edits() {
    let (_dir, sectioned) = sectioned_course();
    let ids = |dir: &Path| {
        let (info, modules) = compile_course(dir);
        identifiers(
            &package(&PackageContent::Course(&info, &course_refs(&modules)), Target::Cmi5, &generic()),
            Target::Cmi5,
        )
    };
    let before = ids(&sectioned);
    edit(&sectioned.join("course.toml"), "title = \"Checking what you know\"", "title = \"Check your knowledge\"");
    edit(&sectioned.join("course.toml"), "summary = \"A short scored quiz.\"", "summary = \"Five questions.\"");
    assert_eq!(before, ids(&sectioned));
    edit(&sectioned.join("course.toml"), "id = \"check\"", "id = \"quiz\"");
    assert_ne!(before, ids(&sectioned), "the block id follows the section id");
}

/// The xAPI course page of a course with sections: a heading per section over
/// an ordered list of its modules' links.
#[test]
fn xapi_course_page_lists_modules_under_section_headings() {
    let (_dir, sectioned) = sectioned_course();
    let (info, modules) = compile_course(&sectioned);
    let refs = course_refs(&modules);
    let files = package(&PackageContent::Course(&info, &refs), Target::Xapi, &generic());
    let page = text(&files, "index.html");
    let start = page
        .find("<h3 id=\"cp-section-start\">Getting started &amp; &lt;set up&gt;</h3>")
        .expect("first section heading");
    let intro = page.find("<a href=\"intro/index.html\" data-module-link=\"\">").expect("first module link");
    let check = page.find("<h3 id=\"cp-section-check\">Checking what you know</h3>").expect("second section heading");
    let quiz = page.find("<a href=\"2-check/index.html\" data-module-link=\"\">").expect("second module link");
    assert!(start < intro && intro < check && check < quiz, "{page}");
    assert_eq!(page.matches("<ol class=\"cp-course-modules\"").count(), 2, "{page}");
}

/// Sections that do not add up to the modules given are refused, not guessed at.
#[test]
fn sections_must_cover_the_modules() {
    let (_dir, sectioned) = sectioned_course();
    let (mut info, modules) = compile_course(&sectioned);
    info.sections[1].module_count = 2;
    let refs = course_refs(&modules);
    let error = coursepack_driver::assemble_package(&PackageContent::Course(&info, &refs), Target::Cmi5, &generic())
        .unwrap_err();
    assert_eq!(error.to_string(), "the sections of course `sectioned-course` hold 3 modules but the course has 2");
}

/// A base IRI in module.toml or course.toml moves every activity id under it.
#[test]
fn activity_ids_follow_the_configured_base() {
    let dir = tempfile::tempdir().unwrap();
    let course = dir.path().join("course");
    copy_dir(&fixture_course(), &course);
    edit(
        &course.join("course.toml"),
        "modules = [",
        "activity_base_iri = \"https://learning.example.org/xapi\"\nmodules = [",
    );
    edit(&course.join("intro/module.toml"), "pages = [", "activity_base_iri = \"tag:example.org,2025:\"\npages = [");
    let (info, modules) = compile_course(&course);
    let refs = course_refs(&modules);
    let xml = text(&package(&PackageContent::Course(&info, &refs), Target::Cmi5, &generic()), "cmi5.xml");
    let ids: Vec<String> = attribute_values(&xml, &["id"]).into_iter().map(|(_, v)| v).collect();
    // The course's base is used by modules without their own.
    assert_eq!(
        ids,
        [
            "https://learning.example.org/xapi/course/fixture-course",
            "tag:example.org,2025:module/intro",
            "https://learning.example.org/xapi/module/2-check"
        ]
    );
}
