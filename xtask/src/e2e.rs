//! `cargo xtask e2e`: the browser tests of built packages.
//!
//! 1. installs what they need (`scripts/install-test-deps.sh`: Debian chromium,
//!    unzip..., and the pinned npm packages in `tests/e2e`), unless
//!    `COURSEPACK_SKIP_INSTALL=1`;
//! 2. builds the CLI (`cargo build -q -p coursepack-cli`);
//! 3. builds every module under `modules-src/` (a folder holding `module.toml`)
//!    for every target (`--target all`) into `<target dir>/e2e/packages`,
//!    emptied first, and every course (a folder holding `course.toml`) for the
//!    SCORM, xAPI and cmi5 targets (the course tests); each test file picks its
//!    target's zips by name (`<id>-<version>-<target>.zip`);
//! 4. runs `node --test tests/e2e/` with `COURSEPACK_E2E_PACKAGES` naming that
//!    folder, `COURSEPACK_BIN` the CLI (tests that build their own fixture
//!    modules use it) and `COURSEPACK_SANITISE_SVG` the build's SVG rewrite
//!    alone (`coursepack-compile`'s `sanitise_svg` example, for the browser
//!    proof of the active-content policy), its output streamed, and fails
//!    when it fails.
//!
//! The target dir is `$CARGO_TARGET_DIR` when set (relative to the repository
//! root when relative), else `<repo>/target`.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail, ensure};

/// The file that makes a folder a module.
const MODULE_MANIFEST: &str = "module.toml";

/// The file that makes a folder a course.
const COURSE_MANIFEST: &str = "course.toml";

/// The targets courses are built for: the SCORM course tests run them, and
/// the xAPI/cmi5 tests launch each module of a course package (the xAPI
/// course page, every AU of cmi5.xml).
const COURSE_TARGETS: [&str; 4] = ["scorm12", "scorm2004", "xapi", "cmi5"];

/// Run the browser tests; see the module documentation.
pub fn run(repo_root: &Path) -> Result<()> {
    if skip_install(env::var_os("COURSEPACK_SKIP_INSTALL").as_deref()) {
        eprintln!("e2e: COURSEPACK_SKIP_INSTALL=1, not installing test dependencies");
    } else {
        let script = repo_root.join("scripts/install-test-deps.sh");
        eprintln!("e2e: {}", script.display());
        run_status(Command::new("bash").arg(&script).current_dir(repo_root), "install-test-deps.sh")?;
    }

    eprintln!("e2e: cargo build -q -p coursepack-cli");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run_status(
        Command::new(cargo).args(["build", "-q", "-p", "coursepack-cli"]).current_dir(repo_root),
        "cargo build -p coursepack-cli",
    )?;
    let target = target_dir(repo_root, env::var_os("CARGO_TARGET_DIR"));
    let cli = target.join("debug").join(format!("coursepack{}", env::consts::EXE_SUFFIX));
    ensure!(cli.is_file(), "the CLI was built but {} is missing", cli.display());
    // The build's SVG rewrite on its own, for the browser proof that it is inert
    // (tests/e2e/active-content.test.mjs).
    eprintln!("e2e: cargo build -q -p coursepack-compile --example sanitise_svg");
    run_status(
        Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .args(["build", "-q", "-p", "coursepack-compile", "--example", "sanitise_svg"])
            .current_dir(repo_root),
        "cargo build -p coursepack-compile --example sanitise_svg",
    )?;
    let sanitise_svg = target.join("debug").join("examples").join(format!("sanitise_svg{}", env::consts::EXE_SUFFIX));
    ensure!(sanitise_svg.is_file(), "the example was built but {} is missing", sanitise_svg.display());

    let modules_src = repo_root.join("modules-src");
    let modules =
        find_modules(&modules_src).with_context(|| format!("looking for modules under {}", modules_src.display()))?;
    ensure!(
        !modules.is_empty(),
        "no module (folder with {MODULE_MANIFEST}) under {}: nothing to test",
        modules_src.display()
    );

    let out = target.join("e2e").join("packages");
    if out.exists() {
        fs::remove_dir_all(&out).with_context(|| format!("emptying {}", out.display()))?;
    }
    fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;

    let courses =
        find_courses(&modules_src).with_context(|| format!("looking for courses under {}", modules_src.display()))?;
    let builds = modules.iter().map(|m| (m, "all")).chain(courses.iter().flat_map(|c| COURSE_TARGETS.map(|t| (c, t))));
    let mut zips = Vec::new();
    for (folder, build_target) in builds {
        eprintln!("e2e: coursepack build {} --target {build_target}", folder.display());
        let output = Command::new(&cli)
            .arg("build")
            .arg(folder)
            .args(["--target", build_target, "--out"])
            .arg(&out)
            .current_dir(repo_root)
            .stderr(Stdio::inherit())
            .output()
            .with_context(|| format!("running {}", cli.display()))?;
        ensure!(
            output.status.success(),
            "coursepack build {} --target {build_target} failed ({})",
            folder.display(),
            output.status
        );
        let stdout = String::from_utf8(output.stdout).context("coursepack build printed non-UTF-8 paths")?;
        let written = parse_written_paths(&stdout, repo_root);
        ensure!(!written.is_empty(), "coursepack build {} printed no package path", folder.display());
        for zip in written {
            ensure!(zip.is_file(), "coursepack build printed {}, which does not exist", zip.display());
            ensure!(
                zip.extension().is_some_and(|e| e == "zip"),
                "coursepack build printed {}, which is not a .zip",
                zip.display()
            );
            let real = fs::canonicalize(&zip)?;
            ensure!(
                real.starts_with(fs::canonicalize(&out)?),
                "coursepack build wrote {} outside --out {}",
                zip.display(),
                out.display()
            );
            zips.push(zip);
        }
    }
    eprintln!("e2e: {} package(s) in {}", zips.len(), out.display());

    eprintln!("e2e: node --test tests/e2e/");
    run_status(
        Command::new("node")
            .args(["--test", "tests/e2e/"])
            .env("COURSEPACK_E2E_PACKAGES", &out)
            .env("COURSEPACK_BIN", &cli)
            .env("COURSEPACK_SANITISE_SVG", &sanitise_svg)
            .current_dir(repo_root),
        "node --test tests/e2e/ (the browser tests)",
    )
}

/// `cargo xtask screenshots [--update] [screen...]`: build the CLI and run
/// only the screenshot tests (`tests/e2e/screenshots.test.mjs`, which build
/// their own fixtures). `--update` sets `COURSEPACK_UPDATE_SCREENSHOTS=1`:
/// screenshots that no longer match become the new references, for review
/// before they are committed. Other arguments name the screens to take
/// (`COURSEPACK_SCREENS`), as in `tests/e2e/screens/list.mjs`.
pub fn screenshots(repo_root: &Path, args: &[String]) -> Result<()> {
    let update = args.iter().any(|a| a == "--update");
    let names: Vec<&str> = args.iter().map(String::as_str).filter(|a| *a != "--update").collect();
    if let Some(bad) = names.iter().find(|n| n.starts_with('-')) {
        bail!("unknown option `{bad}` (the only one is --update)");
    }
    eprintln!("screenshots: cargo build -q -p coursepack-cli");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run_status(
        Command::new(cargo).args(["build", "-q", "-p", "coursepack-cli"]).current_dir(repo_root),
        "cargo build -p coursepack-cli",
    )?;
    let target = target_dir(repo_root, env::var_os("CARGO_TARGET_DIR"));
    let cli = target.join("debug").join(format!("coursepack{}", env::consts::EXE_SUFFIX));
    let mut node = Command::new("node");
    node.args(["--test", "tests/e2e/screenshots.test.mjs"]).env("COURSEPACK_BIN", &cli).current_dir(repo_root);
    if update {
        node.env("COURSEPACK_UPDATE_SCREENSHOTS", "1");
    }
    if !names.is_empty() {
        node.env("COURSEPACK_SCREENS", names.join(","));
    }
    run_status(&mut node, "node --test tests/e2e/screenshots.test.mjs")?;
    if update {
        eprintln!(
            "screenshots: references updated where they differed; look at each changed file (git status) before committing"
        );
    }
    Ok(())
}

/// Run a command with inherited stdio; fail unless it exits with 0.
fn run_status(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd.status().with_context(|| format!("starting {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// Whether `COURSEPACK_SKIP_INSTALL` asks to skip the install step (only `1` does).
fn skip_install(value: Option<&std::ffi::OsStr>) -> bool {
    value.is_some_and(|v| v == "1")
}

/// Cargo's target directory: `CARGO_TARGET_DIR` (relative to the repository
/// root when relative, as cargo resolves it from there), else `<repo>/target`.
pub(crate) fn target_dir(repo_root: &Path, cargo_target_dir: Option<OsString>) -> PathBuf {
    match cargo_target_dir.filter(|v| !v.is_empty()) {
        Some(dir) => repo_root.join(dir),
        None => repo_root.join("target"),
    }
}

/// The package paths `coursepack build` printed on stdout, one per line;
/// relative ones are taken from `cwd`. Blank lines are ignored.
fn parse_written_paths(stdout: &str, cwd: &Path) -> Vec<PathBuf> {
    stdout.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| cwd.join(l)).collect()
}

/// Every module folder (one holding `module.toml`) under `root`, sorted. The
/// search does not go into a module (its media folders are its own), nor into
/// hidden folders, `target` or `node_modules`. A missing `root` has none.
pub fn find_modules(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if root.is_dir() {
        walk(root, &mut found)?;
    }
    found.sort();
    Ok(found)
}

/// Every course folder (one holding `course.toml`, and not itself a module)
/// under `root`, sorted, with the same rules as [`find_modules`].
pub fn find_courses(root: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if root.is_dir() {
        walk_for(root, COURSE_MANIFEST, &mut found)?;
    }
    found.sort();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> io::Result<()> {
    walk_for(dir, MODULE_MANIFEST, found)
}

/// Collect folders holding `manifest`; never look inside a module or a match.
fn walk_for(dir: &Path, manifest: &str, found: &mut Vec<PathBuf>) -> io::Result<()> {
    if dir.join(manifest).is_file() {
        found.push(dir.to_path_buf());
        return Ok(());
    }
    if dir.join(MODULE_MANIFEST).is_file() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let skipped = name.to_str().is_none_or(|n| n.starts_with('.') || n == "target" || n == "node_modules");
        if !skipped && entry.file_type()?.is_dir() {
            walk_for(&entry.path(), manifest, found)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(tag: &str) -> TempDir {
            let dir = env::temp_dir().join(format!("xtask-e2e-{tag}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }
        fn touch(&self, rel: &str) {
            let p = self.0.join(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "").unwrap();
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn finds_module_folders_sorted_at_any_depth() {
        let t = TempDir::new("find");
        t.touch("zeta/module.toml");
        t.touch("alpha/module.toml");
        t.touch("alpha/pages/01-intro.md");
        t.touch("courses/c1/course.toml");
        t.touch("courses/c1/m1/module.toml");
        t.touch("notes/readme.md");
        let found = find_modules(&t.0).unwrap();
        let rel: Vec<_> = found.iter().map(|p| p.strip_prefix(&t.0).unwrap().to_path_buf()).collect();
        assert_eq!(rel, [PathBuf::from("alpha"), PathBuf::from("courses/c1/m1"), PathBuf::from("zeta")]);
    }

    #[test]
    fn does_not_look_inside_modules_or_hidden_and_build_folders() {
        let t = TempDir::new("skip");
        t.touch("outer/module.toml");
        t.touch("outer/examples/inner/module.toml");
        t.touch(".hidden/module.toml");
        t.touch("target/m/module.toml");
        t.touch("x/node_modules/m/module.toml");
        let found = find_modules(&t.0).unwrap();
        assert_eq!(found, [t.0.join("outer")]);
    }

    #[test]
    fn root_that_is_a_module_is_found() {
        let t = TempDir::new("root");
        t.touch("module.toml");
        assert_eq!(find_modules(&t.0).unwrap(), std::slice::from_ref(&t.0));
    }

    #[test]
    fn finds_course_folders_but_not_modules_or_what_is_inside_them() {
        let t = TempDir::new("courses");
        t.touch("courses/c1/course.toml");
        t.touch("courses/c1/m1/module.toml");
        t.touch("c0/course.toml");
        t.touch("solo/module.toml");
        t.touch("solo/extra/course.toml");
        t.touch(".hidden/course.toml");
        let found = find_courses(&t.0).unwrap();
        assert_eq!(found, [t.0.join("c0"), t.0.join("courses/c1")]);
        assert!(find_courses(&t.0.join("nope")).unwrap().is_empty());
    }

    #[test]
    fn missing_root_has_no_modules() {
        let t = TempDir::new("missing");
        assert!(find_modules(&t.0.join("nope")).unwrap().is_empty());
    }

    #[test]
    fn a_folder_named_module_toml_is_not_a_manifest() {
        let t = TempDir::new("dirname");
        fs::create_dir_all(t.0.join("m/module.toml")).unwrap();
        assert!(find_modules(&t.0).unwrap().is_empty());
    }

    #[test]
    fn parses_printed_paths() {
        let cwd = Path::new("/repo");
        let out = "target/e2e/web/intro-web.zip\n\n  /abs/other-web.zip  \r\n";
        assert_eq!(
            parse_written_paths(out, cwd),
            [PathBuf::from("/repo/target/e2e/web/intro-web.zip"), PathBuf::from("/abs/other-web.zip")]
        );
        assert!(parse_written_paths("", cwd).is_empty());
    }

    #[test]
    fn target_dir_respects_cargo_target_dir() {
        let root = Path::new("/repo");
        assert_eq!(target_dir(root, None), PathBuf::from("/repo/target"));
        assert_eq!(target_dir(root, Some("".into())), PathBuf::from("/repo/target"));
        assert_eq!(target_dir(root, Some("/work/t".into())), PathBuf::from("/work/t"));
        assert_eq!(target_dir(root, Some("build/t".into())), PathBuf::from("/repo/build/t"));
    }

    #[test]
    fn only_one_skips_install() {
        assert!(skip_install(Some("1".as_ref())));
        assert!(!skip_install(Some("0".as_ref())));
        assert!(!skip_install(Some("".as_ref())));
        assert!(!skip_install(None));
    }
}
