//! `cargo xtask`: project automation for coursepack, in Rust so it runs
//! wherever cargo does (the rust-analyzer convention).
//!
//! * `cargo xtask test`: the gates (`cargo fmt --check`, clippy with warnings
//!   denied), then install what the tests need and run every test:
//!   the Rust suites, the JavaScript unit tests, the browser tests and the
//!   content checks. This is the command CI runs.
//! * `cargo xtask e2e`: only the browser tests of built packages.
//! * `cargo xtask lint-js`: the type-check (`tsc`) and lint (`eslint`) of the
//!   JavaScript packages ship (see `lint_js.rs`).
//! * `cargo xtask screenshots [--update] [screen...]`: only the screenshot
//!   tests (`tests/e2e/screenshots.test.mjs`); `--update` writes new reference
//!   images for the screens that changed, to review before committing.
//! * `cargo xtask schemas`: regenerate the JSON Schemas in `schemas/`.
//! * `cargo xtask readability [--pages]`: reading age per module (and per
//!   page); fails if an English module is outside reading age 12-14 or if
//!   placeholder text is found.
//! * `cargo xtask bench [--quick]`: build, validate and runtime benchmarks
//!   against `zip`, `unzip -tq` and peer tools (see `bench/mod.rs`).

mod bench;
mod e2e;
mod lint_js;
mod readability;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  test          the fmt and clippy gates, then install test dependencies and run all tests
                (Rust, JS, browser, content)
  e2e           build every module for every target and run the browser tests
  lint-js       type-check (tsc, JSDoc) and lint (eslint) the JavaScript packages ship
  screenshots   only the screenshot tests; --update writes new references (review them), screen names
                limit it to those screens
  schemas       regenerate schemas/*.json from the Rust types
  readability   report reading age per module (--pages: per page too); fail if an English module is
                outside reading age 12-14 or placeholder text is found
  bench         benchmarks against zip, unzip -tq and peers; --quick for a one-minute check";

fn main() -> Result<()> {
    let root = repo_root()?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") => test(&root),
        Some("e2e") => e2e::run(&root),
        Some("lint-js") => lint_js::run(&root),
        Some("screenshots") => e2e::screenshots(&root, &args[1..]),
        Some("schemas") => schemas(&root),
        Some("readability") => readability_check(&root, args.iter().any(|a| a == "--pages")),
        Some("bench") => bench::run(&root, &args[1..]),
        Some("-h" | "--help" | "help") | None => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command `{other}`\n\n{USAGE}"),
    }
}

/// The repository root: the parent of this crate's folder.
fn repo_root() -> Result<PathBuf> {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(Path::to_path_buf).context("xtask is not inside the repository")
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn run(command: &mut Command, what: &str) -> Result<()> {
    eprintln!("xtask: {what}");
    let status = command.status().with_context(|| format!("cannot start {what}"))?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

/// Everything CI checks, in order of speed: the format and lint gates
/// first (seconds, and they fail fast), then the suites.
fn test(root: &Path) -> Result<()> {
    gates(root)?;
    run(
        Command::new("bash").arg(root.join("scripts/install-test-deps.sh")).arg("--bench").current_dir(root),
        "install test dependencies",
    )?;
    readability_check(root, false)?;
    lint_js::run(root)?;
    run(cargo().args(["test", "--workspace", "--all-targets"]).current_dir(root), "cargo test --workspace")?;
    let js_suites: Vec<PathBuf> = [
        "crates/coursepack-render/js-tests",
        "crates/coursepack-quiz/js-tests",
        "crates/coursepack-preview/js-tests",
        "xtask/bench-js",
    ]
    .iter()
    .map(|p| root.join(p))
    .filter(|p| p.is_dir())
    .collect();
    if !js_suites.is_empty() {
        run(
            Command::new("node").arg("--test").args(&js_suites).current_dir(root),
            "JavaScript unit tests (node --test)",
        )?;
    }
    // SAFETY of the environment change: single-threaded here, before any child runs.
    #[allow(unsafe_code)] // The workspace denies unsafe code; this is its one use (see Cargo.toml).
    unsafe {
        std::env::set_var("COURSEPACK_SKIP_INSTALL", "1")
    };
    e2e::run(root)?;
    // The quick bench proves the benchmark code still runs (its figures are not checked).
    bench::run(root, &["--quick".to_string()])?;
    eprintln!("xtask: all tests passed");
    Ok(())
}

/// The gates every change passes: `cargo fmt --check` (rustfmt.toml at the
/// root) and clippy with warnings denied, the workspace's lints included
/// (`[workspace.lints]` in Cargo.toml).
fn gates(root: &Path) -> Result<()> {
    ensure_component(root, "rustfmt", &["fmt", "--version"])?;
    ensure_component(root, "clippy", &["clippy", "--version"])?;
    run(cargo().args(["fmt", "--all", "--", "--check"]).current_dir(root), "cargo fmt --all -- --check")?;
    run(
        cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]).current_dir(root),
        "cargo clippy --workspace --all-targets -- -D warnings",
    )
}

/// Make sure a toolchain component (`rustfmt`, `clippy`) is installed:
/// through rustup when cargo was installed by it, otherwise fail saying how.
fn ensure_component(root: &Path, component: &str, probe: &[&str]) -> Result<()> {
    let present = |root: &Path| {
        cargo()
            .args(probe)
            .current_dir(root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if present(root) {
        return Ok(());
    }
    let added = Command::new("rustup").args(["component", "add", component]).current_dir(root).status();
    if added.is_ok_and(|s| s.success()) && present(root) {
        return Ok(());
    }
    bail!(
        "the Rust component `{component}` is missing and rustup could not add it: install it (`rustup component add {component}`)"
    )
}

/// Regenerate `schemas/*.json` from the Rust types (a test fails when the
/// checked-in files drift from them).
fn schemas(root: &Path) -> Result<()> {
    let dir = root.join("schemas");
    std::fs::create_dir_all(&dir)?;
    for (name, text) in coursepack_source::schema::all() {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("xtask: wrote {}", path.display());
    }
    Ok(())
}

/// Reading age per module; fails when an English module is outside the target reading age or
/// placeholder text is found in content (both problems are listed before failing).
fn readability_check(root: &Path, per_page: bool) -> Result<()> {
    let modules_src = root.join("modules-src");
    let report = readability::report(&modules_src)?;
    println!("{}", readability::render_table(&report));
    if per_page {
        for module in &report {
            println!("{}", readability::render_pages(module));
        }
    }
    let mut problems = Vec::new();
    let placeholders = readability::find_placeholders(&modules_src);
    if placeholders.is_empty() {
        eprintln!("xtask: no placeholder text in modules-src");
    } else {
        for (path, line, text) in &placeholders {
            eprintln!("{}:{line}: placeholder text: {text}", path.display());
        }
        problems.push(format!("{} placeholder(s) found in modules-src", placeholders.len()));
    }
    let outside = readability::outside_target(&report);
    if outside.is_empty() {
        eprintln!("xtask: every English module is within the target reading age");
    } else {
        for module in &outside {
            eprintln!(
                "{}: reading age {:.1} (grade {:.1}): {}; `cargo xtask readability --pages` shows each page",
                module.dir.display(),
                module.reading_age(),
                module.fk_grade(),
                module.status()
            );
        }
        problems.push(format!("{} English module(s) outside the target reading age", outside.len()));
    }
    if !problems.is_empty() {
        bail!("{}", problems.join("; "));
    }
    Ok(())
}
