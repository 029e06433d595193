//! A module folder is untrusted input (issue 12 §1): nothing outside the
//! module (or the course, for a course's files) may be read or packaged,
//! whichever way it is reached: symbolic links to files or folders, from
//! pages, media, linked files, captions, `module.toml`, `course.toml` and a
//! course's module folders, and paths that climb out after normalisation.

#![cfg(unix)]

use assert_cmd::Command;
use serde_json::Value;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

/// Bytes that only the files outside the module hold.
const SECRET: &str = "TOP-SECRET-OUTSIDE-THE-MODULE";

fn coursepack(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("coursepack").unwrap();
    cmd.current_dir(dir).env_remove("SOURCE_DATE_EPOCH").env("NO_COLOR", "1");
    cmd
}

fn manifest(id: &str, pages: &[&str]) -> String {
    let list: Vec<String> = pages.iter().map(|p| format!("\"{p}\"")).collect();
    format!(
        "id = \"{id}\"\ntitle = \"Module {id}\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"A test module.\"\npages = [{}]\n",
        list.join(", ")
    )
}

fn png(tag: &str) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend_from_slice(tag.as_bytes());
    bytes
}

/// `root/outside/`: files and a folder that no module may reach, each holding [`SECRET`].
fn outside(root: &Path) -> PathBuf {
    let dir = root.join("outside");
    std::fs::create_dir_all(dir.join("folder")).unwrap();
    std::fs::write(dir.join("secret.md"), format!("# Secret\n\n{SECRET}\n")).unwrap();
    std::fs::write(dir.join("secret.png"), png(SECRET)).unwrap();
    std::fs::write(dir.join("secret.pdf"), format!("%PDF-1.4 {SECRET}")).unwrap();
    std::fs::write(dir.join("secret.vtt"), format!("WEBVTT\n\n00:00.000 --> 00:01.000\n{SECRET}\n")).unwrap();
    std::fs::write(dir.join("folder/secret.png"), png(SECRET)).unwrap();
    std::fs::write(dir.join("folder/secret.pdf"), format!("%PDF-1.4 {SECRET}")).unwrap();
    std::fs::write(dir.join("folder/03-page.md"), format!("# Page\n\n{SECRET}\n")).unwrap();
    std::fs::write(dir.join("module.toml"), manifest("stolen", &["01-a.md"])).unwrap();
    dir
}

fn check_json(root: &Path, path: &str) -> (Option<i32>, Value) {
    let output = coursepack(root).args(["check", path, "--format", "json"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|_| panic!("no JSON report: {stdout}\n{}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code(), report)
}

/// The diagnostic whose message names `needle`, as (code, file, line).
fn finding(report: &Value, needle: &str) -> Option<(String, String, u64)> {
    report["diagnostics"].as_array()?.iter().find(|d| d["message"].as_str().unwrap_or("").contains(needle)).map(|d| {
        (
            d["code"].as_str().unwrap_or("").to_string(),
            d["location"]["file"].as_str().unwrap_or("").to_string(),
            d["location"]["line"].as_u64().unwrap_or(0),
        )
    })
}

/// Every zip under `dir`, unpacked, must not hold [`SECRET`].
fn assert_no_secret_in_zips(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries {
        let path = entry.unwrap().path();
        let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains(SECRET),
                "{} holds {} with bytes from outside the module",
                path.display(),
                file.name().unwrap_or_default()
            );
        }
    }
}

#[test]
fn links_out_of_a_module_are_located_errors_and_never_packaged() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let out = outside(root);
    let m = root.join("m");
    std::fs::create_dir_all(m.join("media")).unwrap();
    std::fs::write(
        m.join("module.toml"),
        manifest("m", &["01-a.md", "02-secret.md", "linked/03-page.md", "04-dangling.md"]),
    )
    .unwrap();
    std::fs::write(
        m.join("01-a.md"),
        "# A\n\n\
         ![A photo of the reading room](media/photo.png)\n\n\
         Read [the handout](media/handout.pdf).\n\n\
         ![A map of the stores](shared/secret.png)\n\n\
         Read [the shared notes](shared/secret.pdf).\n\n\
         ![Video: a talk about the archive](media/talk.mp4)\n\n\
         ![A photo seen through a relative link](media/relative.png)\n\n\
         Read [the escaped file](media/%2e%2e/%2e%2e/outside/secret.pdf).\n",
    )
    .unwrap();
    std::fs::write(m.join("media/talk.mp4"), b"\0\0\0\x18ftypmp42").unwrap();
    symlink(out.join("secret.md"), m.join("02-secret.md")).unwrap();
    symlink(out.join("folder"), m.join("linked")).unwrap();
    symlink("/nonexistent/coursepack/secret.md", m.join("04-dangling.md")).unwrap();
    symlink(out.join("secret.png"), m.join("media/photo.png")).unwrap();
    symlink(out.join("secret.pdf"), m.join("media/handout.pdf")).unwrap();
    symlink(out.join("folder"), m.join("shared")).unwrap();
    symlink(out.join("secret.vtt"), m.join("media/talk.vtt")).unwrap();
    symlink("../../outside/secret.png", m.join("media/relative.png")).unwrap();
    let before = std::fs::read(m.join("01-a.md")).unwrap();

    let (status, report) = check_json(root, "m");
    assert_eq!(status, Some(1), "{report}");
    let module_toml = "m/module.toml";
    let page = "m/01-a.md";
    for (needle, code, file, line) in [
        ("`02-secret.md` is a symbolic link", "module/page-outside-module", module_toml, 6),
        ("`linked/03-page.md` goes through `linked`", "module/page-outside-module", module_toml, 6),
        ("`04-dangling.md` is a symbolic link", "module/page-outside-module", module_toml, 6),
        ("`media/photo.png` is a symbolic link", "page/link-outside-module", page, 3),
        ("`media/handout.pdf` is a symbolic link", "page/link-outside-module", page, 5),
        ("`shared/secret.png` goes through `shared`", "page/link-outside-module", page, 7),
        ("`shared/secret.pdf` goes through `shared`", "page/link-outside-module", page, 9),
        ("`media/talk.vtt` is a symbolic link", "page/link-outside-module", page, 11),
        ("`media/relative.png` is a symbolic link", "page/link-outside-module", page, 13),
        ("`media/%2e%2e/%2e%2e/outside/secret.pdf` points outside", "page/link-outside-module", page, 15),
    ] {
        let found = finding(&report, needle).unwrap_or_else(|| panic!("no diagnostic naming {needle}: {report:#}"));
        assert_eq!(found, (code.to_string(), file.to_string(), line), "{needle}");
    }
    assert!(!report.to_string().contains(SECRET), "the report shows text from outside the module: {report}");

    let dist = root.join("dist");
    let output = coursepack(root).args(["build", "m", "--target", "all", "--out", "dist"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!dist.exists() || std::fs::read_dir(&dist).unwrap().next().is_none(), "a refused build wrote files");
    let output = coursepack(root).args(["export", "gift", "m"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "export reads the same pages");
    assert!(!String::from_utf8_lossy(&output.stdout).contains(SECRET));
    assert_eq!(std::fs::read(m.join("01-a.md")).unwrap(), before, "the source changed");
    assert!(std::fs::read_link(m.join("media/photo.png")).is_ok(), "the link itself is left alone");
}

#[test]
fn links_that_stay_inside_the_module_are_followed() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    outside(root);
    let m = root.join("m");
    std::fs::create_dir_all(m.join("media")).unwrap();
    std::fs::create_dir_all(m.join("pages")).unwrap();
    std::fs::write(m.join("module.toml"), manifest("m", &["01-a.md", "02-b.md"])).unwrap();
    std::fs::write(m.join("pages/01-a.md"), "# A\n\n![A photo of the reading room](media/alias.png)\n").unwrap();
    symlink("pages/01-a.md", m.join("01-a.md")).unwrap();
    std::fs::write(m.join("02-b.md"), "# B\n\n![The same photo again](pictures/photo.png)\n").unwrap();
    std::fs::write(m.join("media/photo.png"), png("inside")).unwrap();
    symlink("photo.png", m.join("media/alias.png")).unwrap();
    symlink("media", m.join("pictures")).unwrap();
    let output = coursepack(root).args(["build", "m", "--out", "dist"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let zip = root.join(String::from_utf8(output.stdout).unwrap().trim());
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    for name in ["media/alias.png", "pictures/photo.png"] {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name(name).unwrap(), &mut bytes).unwrap();
        assert_eq!(bytes, png("inside"), "{name}");
    }
    assert_no_secret_in_zips(&root.join("dist"));
}

#[test]
fn a_manifest_linked_from_outside_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let out = outside(root);
    let m = root.join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("01-a.md"), "# A\n").unwrap();
    symlink(out.join("module.toml"), m.join("module.toml")).unwrap();
    let (status, report) = check_json(root, "m");
    assert_eq!(status, Some(1), "{report}");
    let (code, file, _) = finding(&report, "`module.toml` is a symbolic link").expect("named");
    assert_eq!((code.as_str(), file.as_str()), ("manifest/link-outside-folder", "m/module.toml"));
}

#[test]
fn course_files_stay_inside_the_course_folder() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let out = outside(root);
    // A real module outside the course, and one inside it.
    for dir in [root.join("elsewhere"), root.join("course/inside")] {
        std::fs::create_dir_all(&dir).unwrap();
        let id = dir.file_name().unwrap().to_string_lossy().into_owned();
        std::fs::write(dir.join("module.toml"), manifest(&id, &["01-a.md"])).unwrap();
        std::fs::write(dir.join("01-a.md"), format!("# A\n\n{SECRET}\n")).unwrap();
    }
    let course = root.join("course");
    symlink(root.join("elsewhere"), course.join("linked")).unwrap();
    symlink("inside", course.join("alias")).unwrap();
    std::fs::write(
        course.join("course.toml"),
        "id = \"c\"\ntitle = \"Course\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"A course.\"\n\
         modules = [\"alias\", \"linked\", \"../elsewhere\"]\n",
    )
    .unwrap();
    let (status, report) = check_json(root, "course");
    assert_eq!(status, Some(1), "{report}");
    for needle in ["`linked` is a symbolic link", "`../elsewhere` points outside the course folder"] {
        let (code, file, line) = finding(&report, needle).unwrap_or_else(|| panic!("{needle}: {report:#}"));
        assert_eq!((code.as_str(), file.as_str(), line), ("course/module-outside-course", "course/course.toml", 6));
    }
    let dist = root.join("dist");
    coursepack(root).args(["build", "course", "--target", "all", "--out", "dist"]).assert().code(1);
    assert!(!dist.exists() || std::fs::read_dir(&dist).unwrap().next().is_none());

    // A course.toml that is itself a link out of the course folder.
    let other = root.join("other-course");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(out.join("course.toml"), "id = \"c\"\n").unwrap();
    symlink(out.join("course.toml"), other.join("course.toml")).unwrap();
    let (status, report) = check_json(root, "other-course");
    assert_eq!(status, Some(1), "{report}");
    let (code, _, _) = finding(&report, "`course.toml` is a symbolic link").expect("named");
    assert_eq!(code, "manifest/link-outside-folder");
}

#[test]
fn import_and_export_never_write_through_a_link() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let out = outside(root);
    std::fs::write(root.join("bank.gift"), "::Q1:: Is the sky blue? {T}\n").unwrap();
    // A dangling link: `exists()` says no, and a plain write would create its target.
    let target = out.join("created-through-a-link.md");
    symlink(&target, root.join("page.md")).unwrap();
    let output = coursepack(root).args(["import", "gift", "bank.gift", "--out", "page.md"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!target.exists(), "import wrote through a symbolic link");

    let m = root.join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("module.toml"), manifest("m", &["01-a.md"])).unwrap();
    std::fs::write(m.join("01-a.md"), "# A\n\n```question\nIs it?\n- [x] Yes\n- [ ] No\n```\n").unwrap();
    let bank_target = out.join("bank-through-a-link.gift");
    symlink(&bank_target, root.join("bank-out.gift")).unwrap();
    let output = coursepack(root).args(["export", "gift", "m", "--out", "bank-out.gift"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(!bank_target.exists(), "export wrote through a symbolic link");
}

#[test]
fn a_scenario_file_linked_from_outside_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let out = outside(root);
    std::fs::write(out.join("folder/case.md"), format!("# Case\nid: case\n\n## Start {{#start}}\n\n{SECRET}\n"))
        .unwrap();
    let m = root.join("m");
    std::fs::create_dir_all(&m).unwrap();
    std::fs::write(m.join("module.toml"), manifest("m", &["01-a.md"])).unwrap();
    std::fs::write(m.join("01-a.md"), "# A\n\n```scenario\nfile: scenarios/case.md\n```\n").unwrap();
    symlink(out.join("folder"), m.join("scenarios")).unwrap();
    let (status, report) = check_json(root, "m");
    assert_eq!(status, Some(1), "{report}");
    let (code, file, line) = finding(&report, "goes through `scenarios`").unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!((code.as_str(), file.as_str()), ("scenario/file-outside-module", "m/01-a.md"));
    assert!(line >= 3, "{line}");
    assert!(!report.to_string().contains(SECRET));
}
