//! `cargo xtask lint-js`: the gates of the JavaScript that packages ship
//! (`crates/*/assets/**/*.js`: the player, the adapters, the course page, the
//! quiz and every widget), also run by `cargo xtask test`:
//!
//! 1. every shipped script starts with `// @ts-check`;
//! 2. `tsc --noEmit -p tsconfig.json` (TypeScript checking the JSDoc types,
//!    `strict`; the shared shapes are in `crates/coursepack-render/assets/types.d.ts`);
//! 3. `eslint --max-warnings 0 .` (`eslint.config.mjs`).
//!
//! TypeScript and ESLint are pinned in the root `package.json` /
//! `package-lock.json` and installed by `scripts/install-test-deps.sh`.

use anyhow::{Context, Result, bail, ensure};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The first line every shipped script must have.
const TS_CHECK: &str = "// @ts-check";

/// Run the three gates; fail at the first that fails.
pub fn run(root: &Path) -> Result<()> {
    let scripts = shipped_scripts(root)?;
    ensure!(!scripts.is_empty(), "no shipped script under crates/*/assets: is this the repository root?");
    let unchecked: Vec<String> = scripts
        .iter()
        .filter(|path| std::fs::read_to_string(path).map_or(true, |text| !starts_with_ts_check(&text)))
        .map(|path| path.strip_prefix(root).unwrap_or(path).display().to_string())
        .collect();
    if !unchecked.is_empty() {
        bail!("these shipped scripts do not start with `{TS_CHECK}`: {}", unchecked.join(", "));
    }
    eprintln!("xtask: {} shipped scripts start with `{TS_CHECK}`", scripts.len());
    node_tool(root, "typescript/bin/tsc", &["--noEmit", "-p", "tsconfig.json"], "tsc --noEmit (JSDoc types)")?;
    node_tool(root, "eslint/bin/eslint.js", &["--max-warnings", "0", "."], "eslint")?;
    Ok(())
}

/// Whether a script's first line is `// @ts-check` (a byte-order mark aside).
fn starts_with_ts_check(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').lines().next().is_some_and(|line| line.trim_end() == TS_CHECK)
}

/// `crates/*/assets/**/*.js`, sorted.
fn shipped_scripts(root: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let crates = root.join("crates");
    for entry in std::fs::read_dir(&crates).with_context(|| format!("reading {}", crates.display()))? {
        let assets = entry?.path().join("assets");
        if assets.is_dir() {
            collect_js(&assets, &mut found)?;
        }
    }
    found.sort();
    Ok(found)
}

fn collect_js(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            collect_js(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "js") {
            found.push(path);
        }
    }
    Ok(())
}

/// `node node_modules/<bin> <args>` at the repository root.
fn node_tool(root: &Path, bin: &str, args: &[&str], what: &str) -> Result<()> {
    let script = root.join("node_modules").join(bin);
    ensure!(
        script.is_file(),
        "{} is missing: run `bash scripts/install-test-deps.sh` (it installs the pinned TypeScript and ESLint)",
        script.display()
    );
    crate::run(Command::new("node").arg(&script).args(args).current_dir(root), what)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_must_be_ts_check() {
        assert!(starts_with_ts_check("// @ts-check\n/* player */\n"));
        assert!(starts_with_ts_check("\u{feff}// @ts-check\r\nvar a;\n"));
        assert!(!starts_with_ts_check("/* player */\n// @ts-check\n"));
        assert!(!starts_with_ts_check("// @ts-nocheck\n"));
        assert!(!starts_with_ts_check(""));
    }

    #[test]
    fn every_shipped_script_of_this_repository_is_found() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("repository root");
        let scripts = shipped_scripts(root).expect("assets readable");
        let names: Vec<String> =
            scripts.iter().map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/")).collect();
        for expected in [
            "crates/coursepack-render/assets/player.js",
            "crates/coursepack-render/assets/adapters/xapi-core.js",
            "crates/coursepack-quiz/assets/quiz.js",
        ] {
            assert!(names.iter().any(|n| n == expected), "{expected} not in {names:?}");
        }
        for path in &scripts {
            let text = std::fs::read_to_string(path).unwrap();
            assert!(starts_with_ts_check(&text), "{} does not start with {TS_CHECK}", path.display());
        }
    }
}
