//! The driver's API as a front end uses it: load, plan, build into a folder
//! and into memory, with every problem returned as data.

use coursepack_driver::{
    BuildOptions, DriverError, JobContent, LmsProfile, Output, Project, Target, Written, ZipTime, fails,
};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The fixture course of the package tests: two modules, one with a quiz.
fn fixture_course() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../coursepack-package/tests/fixtures/course")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A module folder with one page.
fn module(root: &Path, name: &str, id: &str, page: &str) -> PathBuf {
    let dir = root.join(name);
    write(
        &dir.join("module.toml"),
        &format!(
            "id = \"{id}\"\ntitle = \"T\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"S.\"\npages = [\"01-a.md\"]\n"
        ),
    );
    write(&dir.join("01-a.md"), page);
    dir
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().to_string()).collect()
}

#[test]
fn a_course_gives_one_package_per_lms_target_and_a_site_per_module() {
    let project = Project::load(&[fixture_course()]).unwrap();
    assert!(!project.has_errors(), "{:#?}", project.diagnostics());
    assert_eq!((project.modules().len(), project.courses().len(), project.module_count()), (2, 1, 2));
    // Modules reached only through the course get no package of their own.
    assert!(project.modules().iter().all(|m| !m.standalone));
    let plan = project.plan(&[Target::Scorm12, Target::Web, Target::Scorm12], &BuildOptions::default());
    let jobs: Vec<(JobContent, Target)> = plan.jobs().iter().map(|j| (j.content, j.target)).collect();
    assert_eq!(
        jobs,
        [
            (JobContent::Course(0), Target::Scorm12),
            (JobContent::Module(0), Target::Web),
            (JobContent::Module(1), Target::Web)
        ]
    );
    assert_eq!(plan.package_name(&plan.jobs()[0]), "fixture-course-2.1.0-scorm12.zip");
}

#[test]
fn building_into_memory_gives_the_bytes_a_folder_build_writes() {
    let project = Project::load(&[fixture_course()]).unwrap();
    let plan = project.plan(&Target::ALL, &BuildOptions::default());
    let time = ZipTime::EPOCH_1980;
    let out = tempfile::tempdir().unwrap();
    // Each package is reported once its zip is in place under its name
    // (committed after the build went on with the next package).
    let reported = std::sync::Mutex::new(Vec::new());
    let on_disk = plan
        .build(&Output::Folder(out.path().join("dist")), time, &|built| {
            let Ok(Written::File(path)) = &built.result else { panic!("{}: {:?}", built.name, built.result) };
            let in_place = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).is_ok();
            reported.lock().unwrap().push((built.name.clone(), in_place));
        })
        .unwrap();
    let reported = reported.into_inner().unwrap();
    assert_eq!(reported.len(), plan.jobs().len(), "on_done is called once per package");
    assert!(reported.iter().all(|(_, in_place)| *in_place), "reported before in place: {reported:?}");
    let leftovers: Vec<_> = std::fs::read_dir(out.path().join("dist"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| std::path::Path::new(name).extension().is_none_or(|ext| ext != "zip"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let in_memory = plan
        .build(&Output::MemoryZip, time, &|_| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        })
        .unwrap();
    assert_eq!(calls.into_inner(), plan.jobs().len(), "on_done is called once per package");
    assert_eq!(on_disk.len(), 4 + 2, "a course package per LMS target, a site per module");
    for (disk, memory) in on_disk.iter().zip(&in_memory) {
        assert_eq!(disk.job, memory.job);
        let Ok(Written::File(path)) = &disk.result else { panic!("{}: {:?}", disk.name, disk.result) };
        let Ok(Written::Zip(bytes)) = &memory.result else { panic!("{}: {:?}", memory.name, memory.result) };
        assert_eq!(path.file_name().unwrap().to_str(), Some(disk.name.as_str()));
        assert_eq!(&std::fs::read(path).unwrap(), bytes, "{}: memory and disk differ", disk.name);
    }
    // The file list of a package, unzipped: what a preview server serves.
    let course = plan.jobs().iter().position(|j| j.target == Target::Scorm12).unwrap();
    let files = plan.build(&Output::Files, time, &|_| {}).unwrap();
    let Ok(Written::Files(files)) = &files[course].result else { panic!("{:?}", files[course].result) };
    let Ok(Written::Zip(bytes)) = &in_memory[course].result else { unreachable!() };
    let mut listed: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    listed.sort();
    assert_eq!(listed, zip_names(bytes));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut manifest = String::new();
    archive.by_name("imsmanifest.xml").unwrap().read_to_string(&mut manifest).unwrap();
    assert!(manifest.contains("fixture-course"), "{manifest}");
}

#[test]
fn a_plan_with_errors_writes_nothing_and_says_why() {
    let root = tempfile::tempdir().unwrap();
    module(root.path(), "good", "good", "# A\n\nFine.\n");
    module(root.path(), "bad", "bad", "# A\n\n[Run](javascript:alert(1))\n");
    let project = Project::load(&[root.path()]).unwrap();
    assert_eq!(project.module_count(), 2);
    let codes: Vec<&str> = project.diagnostics().iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["page/unsafe-link"]);
    let plan = project.plan(&[Target::Web], &BuildOptions::default());
    assert!(plan.has_errors());
    let out = root.path().join("dist");
    let refused = plan.build(&Output::Folder(out.clone()), ZipTime::EPOCH_1980, &|_| {}).unwrap_err();
    assert!(matches!(refused, DriverError::HasErrors(1)), "{refused}");
    assert!(!out.exists(), "nothing may be written");
}

#[test]
fn build_time_problems_join_the_project_ones_in_location_order() {
    // Moodle does not apply SCORM 2004 sequencing: a course package for it gets a located warning.
    let project = Project::load(&[fixture_course()]).unwrap();
    let options = BuildOptions { lms: LmsProfile::Moodle, ..BuildOptions::default() };
    let plan = project.plan(&[Target::Scorm2004], &options);
    let warning = plan.diagnostics().iter().find(|d| d.code == "package/course-order-not-enforced").unwrap();
    let location = warning.location.as_ref().unwrap();
    assert!(location.file.ends_with("course/course.toml"), "{location:?}");
    assert_eq!(location.line, 11, "at the `modules` list");
    assert!(!fails(plan.diagnostics(), false) && fails(plan.diagnostics(), true));
    // The same course for SCORM 1.2 has no such warning, and the project's own problems are unchanged.
    assert!(project.plan(&[Target::Scorm12], &options).diagnostics().is_empty());
    assert!(project.diagnostics().is_empty());
}

#[test]
fn usage_problems_are_errors_not_diagnostics() {
    let root = tempfile::tempdir().unwrap();
    let missing = Project::load(&[root.path().join("nope")]).unwrap_err();
    assert!(matches!(missing, DriverError::NotFound(..)), "{missing}");
    assert!(missing.to_string().ends_with("nope does not exist"), "{missing}");
    write(&root.path().join("file.md"), "# x\n");
    assert!(matches!(Project::load(&[root.path().join("file.md")]), Err(DriverError::NotAFolder(_))));
    std::fs::create_dir(root.path().join("empty")).unwrap();
    let empty = Project::load(&[root.path().join("empty")]).unwrap_err();
    assert!(empty.to_string().contains("holds no module"), "{empty}");
}

#[test]
fn a_module_named_and_reached_through_its_course_is_loaded_once_and_packaged_alone_too() {
    let course = fixture_course();
    let project = Project::load(&[course.clone(), course.join("intro")]).unwrap();
    assert_eq!(project.modules().len(), 2);
    let intro = project.modules().iter().position(|m| m.compiled.meta.id == "intro").unwrap();
    assert!(project.modules()[intro].standalone);
    let plan = project.plan(&[Target::Cmi5], &BuildOptions::default());
    let names: Vec<String> = plan.jobs().iter().map(|j| plan.package_name(j)).collect();
    assert_eq!(names, ["fixture-course-2.1.0-cmi5.zip", "intro-1.0.0-cmi5.zip"]);
}

/// A course of `count` modules, each with a page and a check question (so
/// every module ships the same player), in `root`.
fn many_module_course(root: &Path, count: usize) -> PathBuf {
    let course = root.join("course");
    let mut names = Vec::new();
    for i in 0..count {
        let name = format!("m{i:02}");
        let page = format!(
            "# Module {i}\n\nText of module {i}. {}\n\n```check\nQ: Is {i} a number?\n- [x] Yes\n- [ ] No\n```\n",
            "More words. ".repeat(i * 3)
        );
        module(&course, &name, &format!("mod-{i:02}"), &page);
        names.push(format!("\"{name}\""));
    }
    write(
        &course.join("course.toml"),
        &format!(
            "id = \"big-course\"\ntitle = \"Big\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"S.\"\nmodules = [{}]\n",
            names.join(", ")
        ),
    );
    course
}

/// Modules inside a course package are rendered and deflated on every
/// core; the packages are byte for byte those of a build on one thread.
#[test]
fn a_course_build_gives_the_same_bytes_on_one_thread_and_on_many() {
    let root = tempfile::tempdir().unwrap();
    let project = Project::load(&[many_module_course(root.path(), 24)]).unwrap();
    assert!(!project.has_errors(), "{:#?}", project.diagnostics());
    let plan = project.plan(&Target::ALL, &BuildOptions::default());
    let build = |threads: usize| -> Vec<(String, Vec<u8>)> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        let built = pool.install(|| plan.build(&Output::MemoryZip, ZipTime::EPOCH_1980, &|_| {})).unwrap();
        built
            .into_iter()
            .map(|b| match b.result {
                Ok(Written::Zip(bytes)) => (b.name, bytes),
                other => panic!("{}: {other:?}", b.name),
            })
            .collect()
    };
    let one = build(1);
    assert_eq!(one.len(), 4 + 24);
    for threads in [2, 5] {
        let many = build(threads);
        assert_eq!(many.len(), one.len());
        for ((name, a), (_, b)) in one.iter().zip(&many) {
            assert!(a == b, "{name}: {threads} threads give other bytes than one");
        }
    }
}

/// Every module of a course with the same player holds the same bytes of
/// it (one allocation per process, not one per module).
#[test]
fn modules_with_the_same_player_share_one_copy_of_it() {
    let root = tempfile::tempdir().unwrap();
    let project = Project::load(&[many_module_course(root.path(), 3)]).unwrap();
    let plan = project.plan(&[Target::Scorm12], &BuildOptions::default());
    let built = plan.build(&Output::Files, ZipTime::EPOCH_1980, &|_| {}).unwrap();
    let Ok(Written::Files(files)) = &built[0].result else { panic!("{:?}", built[0].result) };
    let players: Vec<_> = files
        .iter()
        .filter(|f| f.path.ends_with("player/player.js"))
        .map(|f| match &f.contents {
            coursepack_package::FileContents::Shared(bytes) => bytes.clone(),
            other => panic!("{}: not shared: {other:?}", f.path),
        })
        .collect();
    assert_eq!(players.len(), 3);
    assert!(players.windows(2).all(|p| std::sync::Arc::ptr_eq(&p[0], &p[1])), "one copy per module");
}

/// The largest packages start first (a course before single modules),
/// whatever the order of the targets asked for.
#[test]
fn large_packages_start_first() {
    let root = tempfile::tempdir().unwrap();
    let project = Project::load(&[many_module_course(root.path(), 4)]).unwrap();
    let plan = project.plan(&[Target::Web, Target::Cmi5], &BuildOptions::default());
    assert_eq!(plan.jobs()[0].content, JobContent::Module(0), "the plan lists the web sites first");
    let started = std::sync::Mutex::new(Vec::new());
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
    let built = pool
        .install(|| {
            plan.build(&Output::MemoryZip, ZipTime::EPOCH_1980, &|b| started.lock().unwrap().push(b.job.content))
        })
        .unwrap();
    let order = started.into_inner().unwrap();
    assert_eq!(order[0], JobContent::Course(0), "{order:?}");
    // The result is still in the order of the plan.
    let jobs: Vec<_> = built.iter().map(|b| b.job).collect();
    assert_eq!(jobs, plan.jobs());
}

/// The bytes the modules' files (those in a folder `mod-*/`) of a package
/// hold in memory: text as it is, deflated files as their compressed entry
/// (the player, held once per process, and media on disk not counted).
fn held_bytes(files: &[coursepack_package::PackageFile]) -> usize {
    files
        .iter()
        .filter(|f| f.path.starts_with("mod-"))
        .map(|f| match &f.contents {
            coursepack_package::FileContents::Bytes(bytes) => bytes.len(),
            coursepack_package::FileContents::Deflated(deflated) => deflated.held_bytes(),
            _ => 0,
        })
        .sum()
}

/// A course package bound for a zip holds each module's rendered files
/// deflated from the moment the module is rendered, and its manifest
/// deflated once assembled, not every module's
/// text until the zip is written; the zip is byte for byte the one written
/// from the files as rendered, for every target, and at another zip time
/// than the files were deflated for.
#[test]
fn a_course_package_holds_its_modules_deflated_and_writes_the_same_bytes() {
    use coursepack_driver::{PackageContent, assemble_package, assemble_package_for_zip};
    use coursepack_package::{CourseInfo, FileContents, write_zip_to};
    let root = tempfile::tempdir().unwrap();
    let project = Project::load(&[many_module_course(root.path(), 24)]).unwrap();
    assert!(!project.has_errors(), "{:#?}", project.diagnostics());
    let course = &project.courses()[0];
    let members: Vec<_> = course.modules.iter().map(|m| &project.modules()[*m].compiled).collect();
    let info: &CourseInfo = &course.info;
    let content = PackageContent::Course(info, &members);
    let options = BuildOptions::default();
    let zip = |files: &[coursepack_package::PackageFile], time: ZipTime| {
        write_zip_to(files, std::io::Cursor::new(Vec::new()), time).unwrap().into_inner()
    };
    let later = ZipTime::from_unix(1_700_000_000);
    for target in [Target::Scorm12, Target::Scorm2004, Target::Xapi, Target::Cmi5] {
        let as_rendered = assemble_package(&content, target, &options).unwrap();
        let for_zip = assemble_package_for_zip(&content, target, &options, ZipTime::EPOCH_1980).unwrap();
        for file in for_zip.iter().filter(|f| f.path.ends_with("/index.html")) {
            assert!(matches!(file.contents, FileContents::Deflated(_)), "{target}: {} held as text", file.path);
        }
        // The course's own manifest, which lists every module, is held compressed too.
        let manifest = for_zip
            .iter()
            .find(|f| ["imsmanifest.xml", "tincan.xml", "cmi5.xml"].contains(&f.path.as_str()))
            .unwrap_or_else(|| panic!("{target}: no manifest"));
        assert!(matches!(manifest.contents, FileContents::Deflated(_)), "{target}: {} held as text", manifest.path);
        let (text, deflated) = (held_bytes(&as_rendered), held_bytes(&for_zip));
        assert!(deflated * 2 < text, "{target}: {deflated} bytes held deflated, {text} as text");
        assert!(zip(&for_zip, ZipTime::EPOCH_1980) == zip(&as_rendered, ZipTime::EPOCH_1980), "{target}: other bytes");
        assert!(zip(&for_zip, later) == zip(&as_rendered, later), "{target}: other bytes at another time");
    }
}
