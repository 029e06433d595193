//! Running a command and measuring it: wall-clock time around the process,
//! and its peak resident memory from Debian's `/usr/bin/time -v`.
//!
//! Every command of a comparison (coursepack and its baseline) goes through
//! the same wrapper, so the wrapper's own cost is on both sides.

use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

/// GNU time, which reports the peak resident set size of a child.
pub const GNU_TIME: &str = "/usr/bin/time";

/// One measured run of a command.
#[derive(Clone, Debug)]
pub struct Run {
    /// Wall-clock seconds from spawn to exit.
    pub seconds: f64,
    /// Peak resident set size in KiB, as `time -v` reports it.
    pub max_rss_kib: u64,
    /// CPU seconds (user + system) the command used.
    pub cpu_seconds: f64,
    /// The exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// What the command printed on stdout.
    pub stdout: String,
    /// What the command printed on stderr (without `time`'s report).
    pub stderr: String,
}

/// Measures commands, writing `time`'s reports to a scratch file.
pub struct Meter {
    report: PathBuf,
}

impl Meter {
    /// A meter writing its scratch file into `scratch_dir`. Fails when GNU
    /// time is missing (scripts/install-test-deps.sh installs Debian `time`).
    pub fn new(scratch_dir: &Path) -> Result<Meter> {
        if !Path::new(GNU_TIME).is_file() {
            bail!("{GNU_TIME} not found: run scripts/install-test-deps.sh (Debian package `time`)");
        }
        fs::create_dir_all(scratch_dir)?;
        Ok(Meter { report: scratch_dir.join("time-v.txt") })
    }

    /// Run `program args...` in `cwd` with extra `env`, measured. Fails only
    /// when it cannot be started or measured; the exit code is in the result.
    pub fn run(&self, program: &Path, args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Result<Run> {
        let mut cmd = Command::new(GNU_TIME);
        cmd.arg("-v").arg("-o").arg(&self.report).arg(program).args(args).current_dir(cwd);
        cmd.stdin(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let what = format!("{} {}", program.display(), args.join(" "));
        let start = Instant::now();
        let output: Output = cmd.output().with_context(|| format!("cannot start {what}"))?;
        let seconds = start.elapsed().as_secs_f64();
        let report = fs::read_to_string(&self.report).with_context(|| format!("no time -v report for {what}"))?;
        let max_rss_kib = parse_max_rss(&report)
            .with_context(|| format!("no peak memory in the time -v report for {what}:\n{report}"))?;
        Ok(Run {
            seconds,
            max_rss_kib,
            cpu_seconds: parse_seconds(&report, "User time (seconds):")
                + parse_seconds(&report, "System time (seconds):"),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }

    /// Like [`Meter::run`], but fails unless the command exits with 0.
    pub fn run_ok(&self, program: &Path, args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Result<Run> {
        let run = self.run(program, args, cwd, env)?;
        if run.code != Some(0) {
            bail!(
                "{} {} failed (exit {:?}):\n{}{}",
                program.display(),
                args.join(" "),
                run.code,
                run.stdout,
                run.stderr
            );
        }
        Ok(run)
    }
}

/// The "Maximum resident set size (kbytes): N" line of a `time -v` report.
pub fn parse_max_rss(report: &str) -> Option<u64> {
    report
        .lines()
        .find_map(|line| line.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
}

/// A "<label> N.NN" line of a `time -v` report, in seconds (0 when absent).
pub fn parse_seconds(report: &str, label: &str) -> f64 {
    report.lines().find_map(|line| line.trim().strip_prefix(label)).and_then(|v| v.trim().parse().ok()).unwrap_or(0.0)
}

/// Flush dirty pages to disk so that the write-back of one measurement does
/// not slow down the next (not timed).
pub fn settle_disk() {
    let _ = Command::new("sync").status();
}

/// The first line a program prints for `args` that contains `needle`
/// (case-insensitive; any non-empty line when `needle` is empty), or "unknown".
pub fn version_line(program: &str, args: &[&str], needle: &str) -> String {
    let needle = needle.to_lowercase();
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()
        .and_then(|o| {
            let text = format!("{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
            text.lines().map(str::trim).find(|l| !l.is_empty() && l.to_lowercase().contains(&needle)).map(String::from)
        })
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_peak_memory_from_a_time_report() {
        let report = "\tCommand being timed: \"true\"\n\tUser time (seconds): 0.00\n\tMaximum resident set size (kbytes): 1792\n\tAverage resident set size (kbytes): 0\n";
        assert_eq!(parse_max_rss(report), Some(1792));
        assert_eq!(
            parse_seconds("\tUser time (seconds): 1.25\n\tSystem time (seconds): 0.5\n", "System time (seconds):"),
            0.5
        );
        assert_eq!(parse_seconds(report, "System time (seconds):"), 0.0);
        assert_eq!(parse_max_rss("\tUser time (seconds): 0.00\n"), None);
        assert_eq!(parse_max_rss("Maximum resident set size (kbytes): lots\n"), None);
    }

    #[test]
    fn measures_a_real_command() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-meter-{}", std::process::id()));
        let meter = Meter::new(&dir).unwrap();
        let run =
            meter.run(Path::new("/bin/sh"), &["-c", "echo out; echo err >&2; exit 3"], &dir, &[("X", "1")]).unwrap();
        assert_eq!(run.code, Some(3));
        assert_eq!(run.stdout, "out\n");
        assert!(run.stderr.starts_with("err\n"), "{}", run.stderr);
        assert!(run.max_rss_kib > 0 && run.seconds > 0.0 && run.cpu_seconds >= 0.0);
        let busy = meter
            .run_ok(Path::new("/bin/sh"), &["-c", "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"], &dir, &[])
            .unwrap();
        assert!(busy.cpu_seconds > 0.0, "a busy loop uses CPU time");
        assert!(meter.run_ok(Path::new("/bin/sh"), &["-c", "exit 1"], &dir, &[]).is_err());
        let env = meter.run_ok(Path::new("/bin/sh"), &["-c", "printf %s \"$X\""], &dir, &[("X", "seen")]).unwrap();
        assert_eq!(env.stdout, "seen");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn finds_the_version_line() {
        assert_eq!(
            version_line("/bin/sh", &["-c", "echo Copyright; echo This is Tool 3.0"], "this is"),
            "This is Tool 3.0"
        );
        assert_eq!(version_line("/bin/sh", &["-c", "echo; echo v20.1 >&2"], ""), "v20.1");
        assert_eq!(version_line("/nonexistent/program", &[], ""), "unknown");
    }
}
