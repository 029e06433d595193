//! Validate benchmarks: `coursepack validate`, the default (every entry's
//! local header and CRC-32) and `--quick` (the central directory), against
//! `unzip -tq` on the same package, in turns, with peak memory; and the
//! hostile packages of issue 13 ([`super::hostile`]).

use super::Bench;
use super::build_bench::{empty_dir, path_str, peak_rss, single_path, summary_ms};
use super::generate;
use super::hostile;
use super::measure::{Run, settle_disk};
use super::plan::{HostilePlan, ValidateCase};
use super::report::{HostileKind, HostileResult, ValidateResult, median_ratio};
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
    let (mut default, mut quick, mut tested) = (Vec::new(), Vec::new(), Vec::new());
    let mut verdict_text = String::new();
    for rep in 0..case.repeats {
        eprintln!(
            "bench: validate {} run {}/{}: unzip -tq, validate, validate --quick",
            case.label,
            rep + 1,
            case.repeats
        );
        tested.push(bench.meter.run_ok(unzip, &["-tq", pkg], &bench.root, &[])?);
        let run = bench.meter.run(&bench.cli, &["validate", pkg], &bench.root, &[])?;
        ensure!(matches!(run.code, Some(0 | 1)), "coursepack validate {pkg} could not run:\n{}", run.stderr);
        verdict_text = verdict(&run);
        default.push(run);
        let run = bench.meter.run(&bench.cli, &["validate", "--quick", pkg], &bench.root, &[])?;
        ensure!(matches!(run.code, Some(0 | 1)), "coursepack validate --quick {pkg} could not run:\n{}", run.stderr);
        quick.push(run);
    }
    let (default_ms, quick_ms, unzip_ms) = (summary_ms(&default)?, summary_ms(&quick)?, summary_ms(&tested)?);
    Ok(ValidateResult {
        label: case.label.into(),
        target: target.into(),
        package_bytes: fs::metadata(package)?.len(),
        entries,
        verdict: verdict_text,
        default_ratio: median_ratio(&default_ms, &unzip_ms),
        default_ms,
        quick_ms,
        unzip_ms,
        default_rss_kib: peak_rss(&default),
        quick_rss_kib: peak_rss(&quick),
        unzip_rss_kib: peak_rss(&tested),
    })
}

/// Generate and validate (default mode) the hostile packages of `plan`.
pub fn hostile_cases(bench: &Bench, plan: &HostilePlan) -> Result<Vec<HostileResult>> {
    let dir = bench.work.join("validate").join("hostile");
    empty_dir(&dir)?;
    let scan = dir.join("bounded-scan.zip");
    hostile::bounded_scan_package(&scan, plan.scan_files, plan.page_bytes)?;
    let value = dir.join("huge-value.zip");
    hostile::huge_value_package(&value, plan.value_bytes)?;
    let cases = [
        (
            HostileKind::BoundedScan,
            format!("bounded scan: {} pages of {} (deflated 220:1)", plan.scan_files, fmt_mib(plan.page_bytes)),
            scan,
        ),
        (HostileKind::HugeValue, format!("huge value: a {} href", fmt_mib(plan.value_bytes)), value),
    ];
    let mut results = Vec::new();
    for (kind, label, package) in cases {
        let pkg = path_str(&package)?;
        let mut runs = Vec::new();
        for rep in 0..plan.repeats {
            eprintln!("bench: validate {label} run {}/{}", rep + 1, plan.repeats);
            let run = bench.meter.run(&bench.cli, &["validate", pkg], &bench.root, &[])?;
            ensure!(matches!(run.code, Some(0 | 1)), "coursepack validate {pkg} could not run:\n{}", run.stderr);
            runs.push(run);
        }
        let last = runs.last().context("no run")?;
        results.push(HostileResult {
            kind,
            label,
            package_bytes: fs::metadata(&package)?.len(),
            verdict: verdict(last),
            report_bytes: last.stdout.len(),
            not_scanned_noted: last.stdout.contains("content/not-scanned"),
            ms: summary_ms(&runs)?,
            rss_kib: peak_rss(&runs),
        });
    }
    if !bench.keep {
        fs::remove_dir_all(&dir).ok();
    }
    Ok(results)
}

fn fmt_mib(bytes: usize) -> String {
    format!("{} MiB", bytes / (1024 * 1024))
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
