//! Validate benchmarks: `coursepack validate`, default and `--deep`, against
//! `unzip -tq` on the same package, in turns, with peak memory.

use super::Bench;
use super::build_bench::{empty_dir, path_str, peak_rss, single_path, summary_ms};
use super::generate;
use super::measure::{Run, settle_disk};
use super::plan::ValidateCase;
use super::report::{ValidateResult, median_ratio};
use anyhow::{Context, Result, ensure};
use std::fs;
use std::path::Path;

/// The target whose packages are validated: the richest manifest on offer
/// (SCORM 2004), else the first target with a manifest, else the first.
pub fn validation_target(targets: &[String]) -> Option<String> {
    ["scorm2004", "scorm12", "cmi5", "xapi"]
        .iter()
        .find(|t| targets.iter().any(|x| x == *t))
        .map(|t| (*t).to_string())
        .or_else(|| targets.first().cloned())
}

/// The verdict of a `coursepack validate` run: "valid", or "invalid: " and
/// its summary line (such as "validated 1 package: 1 error, 0 warnings").
pub fn verdict(run: &Run) -> String {
    if run.code == Some(0) {
        return "valid".into();
    }
    let summary = run
        .stdout
        .lines()
        .rev()
        .find(|l| l.starts_with("validated "))
        .map(|l| l.trim().to_string())
        .unwrap_or_else(|| format!("exit code {:?}", run.code));
    format!("invalid: {summary}")
}

/// Generate, build and validate every case.
pub fn validate_cases(bench: &Bench, cases: &[ValidateCase]) -> Result<Vec<ValidateResult>> {
    let target = validation_target(&bench.targets).context("coursepack offers no target")?;
    let mut results = Vec::new();
    for case in cases {
        let module = bench.work.join("modules").join(&case.spec.id);
        eprintln!("bench: generating the {} package's module", case.label);
        let started = std::time::Instant::now();
        generate::write_module(&module, &case.spec, bench.seed)
            .with_context(|| format!("generating {}", module.display()))?;
        eprintln!("bench: generated in {:.1} s", started.elapsed().as_secs_f64());
        let out = bench.work.join("validate").join(&case.spec.id);
        empty_dir(&out)?;
        let built = bench.meter.run_ok(
            &bench.cli,
            &["build", path_str(&module)?, "--target", &target, "--out", path_str(&out)?],
            &bench.root,
            &[],
        )?;
        let package = single_path(&built.stdout, &bench.root)?;
        if !bench.keep {
            fs::remove_dir_all(&module).ok();
        }
        settle_disk();
        results.push(validate_one(bench, case, &target, &package)?);
        if !bench.keep {
            fs::remove_dir_all(&out).ok();
        }
    }
    Ok(results)
}

fn validate_one(bench: &Bench, case: &ValidateCase, target: &str, package: &Path) -> Result<ValidateResult> {
    let pkg = path_str(package)?;
    let unzip = Path::new("/usr/bin/unzip");
    let listing = bench.meter.run_ok(unzip, &["-Z1", pkg], &bench.root, &[])?;
    let entries = listing.stdout.lines().filter(|l| !l.is_empty()).count();
    let (mut default, mut deep, mut tested) = (Vec::new(), Vec::new(), Vec::new());
    let mut verdict_text = String::new();
    for rep in 0..case.repeats {
        eprintln!(
            "bench: validate {} run {}/{}: unzip -tq, validate, validate --deep",
            case.label,
            rep + 1,
            case.repeats
        );
        tested.push(bench.meter.run_ok(unzip, &["-tq", pkg], &bench.root, &[])?);
        let run = bench.meter.run(&bench.cli, &["validate", pkg], &bench.root, &[])?;
        ensure!(matches!(run.code, Some(0 | 1)), "coursepack validate {pkg} could not run:\n{}", run.stderr);
        verdict_text = verdict(&run);
        default.push(run);
        let run = bench.meter.run(&bench.cli, &["validate", "--deep", pkg], &bench.root, &[])?;
        ensure!(matches!(run.code, Some(0 | 1)), "coursepack validate --deep {pkg} could not run:\n{}", run.stderr);
        deep.push(run);
    }
    let (default_ms, deep_ms, unzip_ms) = (summary_ms(&default)?, summary_ms(&deep)?, summary_ms(&tested)?);
    Ok(ValidateResult {
        label: case.label.into(),
        target: target.into(),
        package_bytes: fs::metadata(package)?.len(),
        entries,
        verdict: verdict_text,
        deep_ratio: median_ratio(&deep_ms, &unzip_ms),
        default_ms,
        deep_ms,
        unzip_ms,
        default_rss_kib: peak_rss(&default),
        deep_rss_kib: peak_rss(&deep),
        unzip_rss_kib: peak_rss(&tested),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run whose report (on stdout, where `validate` prints it) is `stdout`.
    fn run(code: i32, stdout: &str) -> Run {
        Run {
            seconds: 0.1,
            max_rss_kib: 1,
            cpu_seconds: 0.1,
            code: Some(code),
            stdout: stdout.into(),
            stderr: String::new(),
        }
    }

    #[test]
    fn picks_the_richest_manifest() {
        let all: Vec<String> = ["web", "scorm12", "scorm2004", "xapi", "cmi5"].map(String::from).to_vec();
        assert_eq!(validation_target(&all).as_deref(), Some("scorm2004"));
        assert_eq!(validation_target(&["web".into(), "xapi".into()]).as_deref(), Some("xapi"));
        assert_eq!(validation_target(&["web".into()]).as_deref(), Some("web"));
        assert_eq!(validation_target(&[]), None);
    }

    #[test]
    fn reports_the_validator_verdict() {
        assert_eq!(verdict(&run(0, "validated 1 package: 0 errors, 0 warnings\n")), "valid");
        assert_eq!(
            verdict(&run(1, "error[package/no-manifest]: ...\n\nvalidated 1 package: 1 error, 0 warnings\n")),
            "invalid: validated 1 package: 1 error, 0 warnings"
        );
        assert_eq!(verdict(&run(1, "")), "invalid: exit code Some(1)");
    }
}
