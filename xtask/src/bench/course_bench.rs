//! The build-performance goals of issue 14, each against a baseline measured
//! in the same run: a course of many modules to every target on one thread
//! and on every core (speedup, CPU per module, peak memory), and a module of
//! large media against Info-ZIP `zip -0` and `cat` of its files.

use super::Bench;
use super::build_bench::{ScratchDir, cpu_summary_ms, empty_dir, path_str, peak_rss, summary_ms, thread_runs};
use super::generate::{self, ModuleSpec};
use super::measure::{Run, settle_disk};
use super::report::{CourseResult, MediaResult, median_ratio};
use anyhow::{Context, Result, ensure};
use std::fs;
use std::path::{Path, PathBuf};

/// `count` modules of `spec` in one course (`course.toml` listing them),
/// built to every target in one `coursepack build`, with one thread and with
/// every core (`RAYON_NUM_THREADS`), runs interleaved.
pub fn course(bench: &Bench, spec: &ModuleSpec, count: usize, repeats: usize) -> Result<CourseResult> {
    let root = bench.work.join("modules").join("course");
    eprintln!("bench: generating a course of {count} modules");
    generate::write_many(&root, &spec.id, count, spec, bench.seed)
        .with_context(|| format!("generating {}", root.display()))?;
    fs::write(root.join("course.toml"), course_toml(&spec.id, count))?;
    settle_disk();
    // A course package per LMS target and a web site per module.
    let lms_targets = bench.targets.iter().filter(|t| *t != "web").count();
    let packages = lms_targets + if bench.targets.iter().any(|t| t == "web") { count } else { 0 };
    let needed = (bench.targets.len() as u64) * count as u64 * (spec.media_bytes() + 512 * 1024);
    let scratch = ScratchDir::for_bytes(&bench.work.join("out").join("course"), needed)?;
    let out = scratch.path.clone();
    let mut thread_counts = vec![1];
    if bench.machine_cores > 1 {
        thread_counts.push(2);
    }
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); thread_counts.len()];
    for rep in 0..repeats {
        for (i, threads) in thread_counts.iter().enumerate() {
            eprintln!(
                "bench: course of {count} modules to all targets, {threads} thread(s), run {}/{repeats}",
                rep + 1
            );
            empty_dir(&out)?;
            let threads = threads.to_string();
            let run = bench.meter.run_ok(
                &bench.cli,
                &["build", path_str(&root)?, "--target", "all", "--out", path_str(&out)?],
                &bench.root,
                &[("RAYON_NUM_THREADS", &threads)],
            )?;
            let written = run.stdout.lines().filter(|l| !l.trim().is_empty()).count();
            ensure!(written == packages, "coursepack build wrote {written} packages, expected {packages}");
            runs[i].push(run);
            empty_dir(&out)?;
            settle_disk();
        }
    }
    let output = scratch.kind.to_string();
    drop(scratch);
    if !bench.keep {
        fs::remove_dir_all(&root).ok();
    }
    let (thread_runs, speedup) = thread_runs(&thread_counts, &runs, packages)?;
    let one_thread_cpu = cpu_summary_ms(&runs[0])?;
    Ok(CourseResult {
        output,
        modules: count,
        packages,
        media_bytes: spec.media_bytes() * count as u64,
        speedup,
        cpu_per_module_ms: one_thread_cpu.median / count as f64,
        peak_rss_kib: runs.iter().map(|r| peak_rss(r)).max().unwrap_or(0),
        runs: thread_runs,
    })
}

/// The `course.toml` of the generated course: every module `<prefix>-NNN` in order.
fn course_toml(prefix: &str, count: usize) -> String {
    let modules = (0..count).map(|i| format!("\"{prefix}-{i:03}\"")).collect::<Vec<_>>().join(", ");
    format!(
        "id = \"{prefix}-course\"\ntitle = \"Benchmark course\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"A generated course for the benchmark.\"\nmodules = [{modules}]\n"
    )
}

/// A module of large media built to one LMS target, against Info-ZIP
/// `zip -r -q -0` of its folder and `cat` of its files into one file, runs
/// interleaved, all three writing to the same place.
pub fn media(bench: &Bench, spec: &ModuleSpec, repeats: usize) -> Result<MediaResult> {
    let dir = bench.work.join("modules").join("media");
    eprintln!("bench: generating the media module ({})", super::report::fmt_bytes(spec.media_bytes()));
    let generated =
        generate::write_module(&dir, spec, bench.seed).with_context(|| format!("generating {}", dir.display()))?;
    settle_disk();
    let target =
        ["scorm12", "scorm2004", "cmi5", "xapi", "web"].into_iter().find(|t| bench.targets.iter().any(|o| o == t));
    let target = target.context("coursepack offers none of the known targets")?;
    let files = files_of(&dir)?;
    let scratch = ScratchDir::for_bytes(&bench.work.join("out").join("media"), 2 * generated.bytes + (64 << 20))?;
    let out = scratch.path.clone();
    let (mut cp_runs, mut zip_runs, mut cat_runs) = (Vec::new(), Vec::new(), Vec::new());
    for rep in 0..repeats {
        eprintln!("bench: media module run {}/{repeats}: zip -0, cat, coursepack ({target})", rep + 1);
        empty_dir(&out)?;
        let archive = out.join("zip0.zip");
        zip_runs.push(bench.meter.run_ok(
            Path::new("/usr/bin/zip"),
            &["-r", "-q", "-0", path_str(&archive)?, "."],
            &dir,
            &[],
        )?);
        empty_dir(&out)?;
        settle_disk();
        let joined = out.join("cat.bin");
        let mut args = vec!["-c", "exec cat -- \"$@\" > \"$0\"", path_str(&joined)?];
        args.extend(files.iter().map(String::as_str));
        cat_runs.push(bench.meter.run_ok(Path::new("/bin/sh"), &args, &dir, &[])?);
        let joined_bytes = fs::metadata(&joined)?.len();
        ensure!(joined_bytes == generated.bytes, "cat wrote {joined_bytes} bytes, the files hold {}", generated.bytes);
        empty_dir(&out)?;
        settle_disk();
        cp_runs.push(bench.meter.run_ok(
            &bench.cli,
            &["build", path_str(&dir)?, "--target", target, "--out", path_str(&out)?],
            &bench.root,
            &[],
        )?);
        empty_dir(&out)?;
        settle_disk();
    }
    let output = scratch.kind.to_string();
    drop(scratch);
    if !bench.keep {
        fs::remove_dir_all(&dir).ok();
    }
    let coursepack_ms = summary_ms(&cp_runs)?;
    let zip0_ms = summary_ms(&zip_runs)?;
    let cat_ms = summary_ms(&cat_runs)?;
    Ok(MediaResult {
        output,
        target: target.into(),
        media_bytes: spec.media_bytes(),
        vs_zip0: median_ratio(&coursepack_ms, &zip0_ms),
        vs_cat: median_ratio(&coursepack_ms, &cat_ms),
        coursepack_rss_kib: peak_rss(&cp_runs),
        coursepack_ms,
        zip0_ms,
        cat_ms,
    })
}

/// Every file under `dir`, relative, sorted.
fn files_of(dir: &Path) -> Result<Vec<String>> {
    let mut found = Vec::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                stack.push(entry.path());
            } else {
                let rel = entry.path().strip_prefix(dir)?.to_path_buf();
                found.push(path_str(&rel)?.to_string());
            }
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_lists_every_module_in_order() {
        let toml = course_toml("bench-course", 3);
        assert!(
            toml.contains("modules = [\"bench-course-000\", \"bench-course-001\", \"bench-course-002\"]"),
            "{toml}"
        );
        assert!(toml.starts_with("id = \"bench-course-course\""));
    }

    #[test]
    fn lists_every_file_relative_and_sorted() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-files-{}", std::process::id()));
        fs::create_dir_all(dir.join("media/sub")).unwrap();
        for f in ["b.md", "a.md", "media/x.mp4", "media/sub/y.png"] {
            fs::write(dir.join(f), "x").unwrap();
        }
        let found = files_of(&dir);
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.unwrap(), ["a.md", "b.md", "media/sub/y.png", "media/x.mp4"]);
    }
}
