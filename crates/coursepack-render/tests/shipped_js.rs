//! The player as packages ship it (minified) still works: every target's
//! `player.js` parses (`node --check`), is made of exactly the minified
//! source files in order, and the whole JavaScript unit suite (player,
//! SCORM, xAPI and cmi5 adapters, quiz, scenarios) passes when run on those minified
//! files instead of the readable sources. Needs `node` (installed by
//! `scripts/install-test-deps.sh`).

mod common;

use coursepack_driver::{BuildOptions, FileContents, PackageContent, Target, assemble_package};
use coursepack_render::{SHIPPED_HEADER, minify_js};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn node() -> Command {
    let probe = Command::new("node").arg("--version").output();
    assert!(probe.is_ok_and(|o| o.status.success()), "node is missing: run scripts/install-test-deps.sh");
    Command::new("node")
}

/// The minified copy of every script the JS unit tests load, laid out as
/// `assets/` is (plus `quiz.js`), in a fresh temporary folder.
fn minified_assets() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let assets = repo_root().join("crates/coursepack-render/assets");
    let mut sources: Vec<(String, PathBuf)> =
        vec![("player.js".into(), assets.join("player.js")), ("course.js".into(), assets.join("course.js"))];
    for name in ["scorm-core", "scorm12", "scorm2004", "xapi-core", "tincan-launch", "xapi", "cmi5"] {
        sources.push((format!("adapters/{name}.js"), assets.join(format!("adapters/{name}.js"))));
    }
    sources.push(("quiz.js".into(), repo_root().join("crates/coursepack-quiz/assets/quiz.js")));
    sources.push(("scenario.js".into(), repo_root().join("crates/coursepack-scenario/assets/scenario.js")));
    sources.push(("widgets/sorting.js".into(), assets.join("widgets/sorting.js")));
    for (rel, source) in sources {
        let text = std::fs::read_to_string(&source).expect("asset source");
        let out = dir.path().join(rel);
        std::fs::create_dir_all(out.parent().expect("has a parent")).expect("create folder");
        std::fs::write(out, minify_js(&text).expect("asset minifies")).expect("write minified asset");
    }
    dir
}

/// `node --test` on both JS unit suites, reading the scripts from `assets`.
fn run_js_suites(assets: &Path) -> std::process::Output {
    let root = repo_root();
    node()
        .arg("--test")
        .arg(root.join("crates/coursepack-render/js-tests"))
        .arg(root.join("crates/coursepack-quiz/js-tests"))
        .arg(root.join("crates/coursepack-scenario/js-tests"))
        .env("COURSEPACK_MINIFIED_ASSETS", assets)
        .current_dir(&root)
        .output()
        .expect("node runs")
}

#[test]
fn every_shipped_player_parses_and_is_the_minified_sources_in_order() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut module = common::module("en-GB");
    // As a module with questions: the quiz widgets ship with it.
    module.widgets = vec![coursepack_compile::Widget::Quiz];
    for target in Target::ALL {
        let files = assemble_package(&PackageContent::Module(&module), target, &BuildOptions::default())
            .expect("fixture packages");
        let js = files.iter().find(|f| f.path == "player/player.js").expect("player.js");
        let FileContents::Shared(bytes) = &js.contents else { panic!("{target}: player.js is not generated") };
        let js = String::from_utf8(bytes.to_vec()).expect("UTF-8");
        // Exactly the header, then the minified core, adapter files and quiz plug-in, joined by `;` lines.
        let mut expected = format!("{SHIPPED_HEADER}{}", minify_js(coursepack_render::PLAYER_JS).unwrap());
        let quiz = std::fs::read_to_string(repo_root().join("crates/coursepack-quiz/assets/quiz.js")).unwrap();
        for source in target.adapter_sources().iter().map(|(_, s)| s.to_string()).chain([quiz]) {
            expected.push_str(";\n");
            expected.push_str(&minify_js(&source).unwrap());
        }
        assert_eq!(js, expected, "{target}: player.js is not the minified parts in order");
        let path = dir.path().join(format!("{target}.js"));
        std::fs::write(&path, &js).unwrap();
        let check = node().arg("--check").arg(&path).output().expect("node runs");
        assert!(
            check.status.success(),
            "{target}: shipped player.js does not parse:\n{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

#[test]
fn the_js_unit_tests_pass_on_the_minified_scripts() {
    let assets = minified_assets();
    let run = run_js_suites(assets.path());
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "JS unit tests fail on the minified scripts:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("# fail 0"), "{stdout}");

    // The suites really read the folder: a broken minified player fails them.
    std::fs::write(assets.path().join("player.js"), "window.coursepack = null;\n").unwrap();
    let broken = run_js_suites(assets.path());
    assert!(!broken.status.success(), "the JS unit tests ignored COURSEPACK_MINIFIED_ASSETS");
}

/// Runs a shipped `player.js` in a DOM-less node context and prints, as
/// JSON, the names of the adapters the bundle registers (in order) and the
/// name of the built-in web adapter. Code, not a text search: a name in a
/// comment or a string elsewhere does not count.
const REGISTERED_ADAPTERS_JS: &str = r#"
const vm = require('node:vm');
const source = require('node:fs').readFileSync(process.argv[1], 'utf8');
const registered = [];
const win = { console, setTimeout, clearTimeout };
win.window = win;
let cp;
Object.defineProperty(win, 'coursepack', {
  get: () => cp,
  set: (value) => {
    cp = value;
    const register = value.registerAdapter;
    value.registerAdapter = (a) => { registered.push(a && a.name); return register(a); };
  },
});
vm.createContext(win);
vm.runInContext(source, win, { filename: 'player.js' });
const store = { persistent: () => true, get: () => null, set: () => true };
console.log(JSON.stringify({ registered, web: cp.lib.webAdapter(store).name }));
"#;

/// Each target's player carries exactly one LMS adapter, registered under
/// the target's name (the runtime name written into `#cp-data`, by which
/// the player chooses its adapter); the web target carries none and its
/// built-in adapter is called `web`. A misspelt or missing registration
/// would leave the package on the offline fallback in every LMS.
#[test]
fn every_shipped_player_registers_the_adapter_of_its_target_under_its_name() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let module = common::module("en-GB");
    for target in Target::ALL {
        let files = assemble_package(&PackageContent::Module(&module), target, &BuildOptions::default())
            .expect("fixture packages");
        let js = files.iter().find(|f| f.path == "player/player.js").expect("player.js");
        let FileContents::Shared(bytes) = &js.contents else { panic!("{target}: player.js is not generated") };
        let path = dir.path().join(format!("{target}.js"));
        std::fs::write(&path, bytes).unwrap();
        let run = node().arg("-e").arg(REGISTERED_ADAPTERS_JS).arg(&path).output().expect("node runs");
        assert!(run.status.success(), "{target}: {}", String::from_utf8_lossy(&run.stderr));
        let found: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON from node");
        let expected: Vec<&str> = if target == Target::Web { vec![] } else { vec![target.name()] };
        assert_eq!(found["registered"], serde_json::json!(expected), "{target}: adapters registered");
        assert_eq!(found["web"], Target::Web.name(), "{target}: the built-in adapter's name");
        // The runtime name the player reads is the target's name.
        let index = files.iter().find(|f| f.path == "index.html").expect("index.html");
        let FileContents::Bytes(html) = &index.contents else { panic!("{target}: index.html is not generated") };
        let html = String::from_utf8_lossy(html);
        let runtime = format!("\"runtime\":\"{}\"", target.name());
        assert!(html.contains(&runtime), "{target}: #cp-data does not say {runtime}");
    }
}
