//! Build benchmarks: `coursepack build` of each generated module for each
//! target, against Info-ZIP `zip` of the same module folder, measured in
//! turns (zip, then every target, repeated) so that a noisy neighbour slows
//! both sides alike. Then many small modules at once, on one thread and on
//! every core, and whether two builds give identical bytes.

use super::Bench;
use super::generate::{self, ModuleSpec};
use super::measure::{Run, settle_disk};
use super::plan::BuildCase;
use super::report::{BuildResult, CountRun, ManyResult, Reproducible, ThreadRun, median_ratio};
use super::stats::{Summary, ratio};
use anyhow::{Context, Result, bail, ensure};
use std::fs;
use std::path::{Path, PathBuf};

/// How many module folders of the "many" case are zipped for the baseline.
const ZIP_SAMPLE: usize = 50;

/// The `-n` suffixes Info-ZIP stores without compressing (as the issue names them).
pub const ZIP_STORE_SUFFIXES: &str = ".jpg:.png:.mp4:.webm:.mp3:.woff2";

/// The targets `coursepack build --target all` writes, read from the names
/// of the zips it prints (`<id>-<version>-<target>.zip`), in its order.
pub fn targets_from_paths(stdout: &str, id: &str, version: &str) -> Result<Vec<String>> {
    let prefix = format!("{id}-{version}-");
    let mut targets = Vec::new();
    for line in stdout.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let name = Path::new(line).file_name().and_then(|n| n.to_str()).unwrap_or(line);
        let target = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".zip"))
            .with_context(|| format!("`{line}` is not a package of {id} {version}"))?;
        ensure!(!target.is_empty() && !targets.iter().any(|t| t == target), "unexpected package `{line}`");
        targets.push(target.to_string());
    }
    ensure!(!targets.is_empty(), "coursepack build --target all printed no package");
    Ok(targets)
}

/// Build every case for every target and for `all`, against zip.
pub fn build_cases(bench: &Bench, cases: &[BuildCase]) -> Result<Vec<BuildResult>> {
    let mut results = Vec::new();
    for case in cases {
        let dir = bench.work.join("modules").join(case.label);
        eprintln!(
            "bench: generating the {} module ({} of media)",
            case.label,
            super::report::fmt_bytes(case.spec.media_bytes())
        );
        let started = std::time::Instant::now();
        generate::write_module(&dir, &case.spec, bench.seed)
            .with_context(|| format!("generating {}", dir.display()))?;
        settle_disk();
        eprintln!("bench: generated in {:.1} s", started.elapsed().as_secs_f64());
        // Writing five 1 GB packages at once measures the disk, not coursepack: `all` only for the smaller ones.
        let mut kinds: Vec<String> = bench.targets.clone();
        if case.label != "large" {
            kinds.push("all".into());
        }
        results.extend(build_against_zip(bench, case, &dir, &kinds)?);
        if !bench.keep && case.label == "large" {
            fs::remove_dir_all(&dir).ok();
        }
    }
    Ok(results)
}

fn build_against_zip(bench: &Bench, case: &BuildCase, dir: &Path, kinds: &[String]) -> Result<Vec<BuildResult>> {
    let out = bench.work.join("out").join(case.label);
    let mut zip_runs: Vec<Run> = Vec::new();
    let mut cp_runs: Vec<Vec<Run>> = vec![Vec::new(); kinds.len()];
    let mut zip_bytes = 0;
    let mut package_bytes = vec![0u64; kinds.len()];
    for rep in 0..case.repeats {
        eprintln!("bench: build {} run {}/{}: zip, then {}", case.label, rep + 1, case.repeats, kinds.join(", "));
        let (run, bytes) = zip_folder(bench, dir, &out, true)?;
        zip_runs.push(run);
        zip_bytes = bytes;
        for (k, kind) in kinds.iter().enumerate() {
            empty_dir(&out)?;
            let run = bench.meter.run_ok(
                &bench.cli,
                &["build", path_str(dir)?, "--target", kind, "--out", path_str(&out)?],
                &bench.root,
                &[],
            )?;
            package_bytes[k] = written_bytes(&run.stdout, &bench.root)?;
            cp_runs[k].push(run);
            empty_dir(&out)?;
            settle_disk();
        }
    }
    fs::remove_dir_all(&out).ok();
    let zip_one = summary_ms(&zip_runs)?;
    let mut rows = Vec::new();
    for (k, kind) in kinds.iter().enumerate() {
        let packages = if kind == "all" { bench.targets.len() } else { 1 };
        let zip_ms = scale(&zip_one, packages as f64);
        let coursepack_ms = summary_ms(&cp_runs[k])?;
        rows.push(BuildResult {
            module: case.label.into(),
            pages: case.spec.pages,
            questions: case.spec.questions,
            media_bytes: case.spec.media_bytes(),
            target: kind.clone(),
            packages,
            ratio: median_ratio(&coursepack_ms, &zip_ms),
            coursepack_ms,
            coursepack_cpu_ms: cpu_summary_ms(&cp_runs[k])?,
            coursepack_rss_kib: peak_rss(&cp_runs[k]),
            package_bytes: package_bytes[k],
            zip_ms,
            zip_bytes: zip_bytes * packages as u64,
        });
    }
    Ok(rows)
}

/// `zip -r -q -n <media> <out>/zip-baseline.zip .` in the module folder; the
/// archive is removed afterwards (and flushed to disk when `settle`). Returns
/// the run and the archive's size.
fn zip_folder(bench: &Bench, dir: &Path, out: &Path, settle: bool) -> Result<(Run, u64)> {
    empty_dir(out)?;
    let archive = out.join("zip-baseline.zip");
    let run = bench.meter.run_ok(
        Path::new("/usr/bin/zip"),
        &["-r", "-q", "-n", ZIP_STORE_SUFFIXES, path_str(&archive)?, "."],
        dir,
        &[],
    )?;
    let bytes = fs::metadata(&archive).with_context(|| format!("zip wrote no {}", archive.display()))?.len();
    empty_dir(out)?;
    if settle {
        settle_disk();
    }
    Ok((run, bytes))
}

/// Many copies of a small module (each generated from its own seed) built
/// to every target in one `coursepack build`, with 1 thread and with all.
pub fn many(bench: &Bench, spec: &ModuleSpec, count: usize, repeats: usize) -> Result<ManyResult> {
    let root = bench.work.join("modules").join("many");
    eprintln!("bench: generating {count} small modules");
    let started = std::time::Instant::now();
    generate::write_many(&root, &spec.id, count, spec, bench.seed)
        .with_context(|| format!("generating {}", root.display()))?;
    settle_disk();
    eprintln!("bench: generated in {:.1} s", started.elapsed().as_secs_f64());
    let packages = count * bench.targets.len();
    // 2,500 packages of 2 MB: on disk, write-back would make this measure the
    // disk; in RAM (when there is room) it measures coursepack's own scaling.
    let needed = packages as u64 * (spec.media_bytes() + 512 * 1024);
    let scratch = ScratchDir::for_bytes(&bench.work.join("out").join("many"), needed)?;
    let out = scratch.path.clone();
    let output_kind = scratch.kind.to_string();
    eprintln!("bench: packages of the many case go to {} ({output_kind})", out.display());
    let mut thread_counts = vec![1];
    if bench.machine_cores > 1 {
        thread_counts.push(bench.machine_cores);
    }
    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); thread_counts.len()];
    for rep in 0..repeats {
        for (i, threads) in thread_counts.iter().enumerate() {
            eprintln!(
                "bench: {count} modules × {} targets, {threads} thread(s), run {}/{repeats}",
                bench.targets.len(),
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
    let mut modules: Vec<PathBuf> =
        fs::read_dir(&root)?.map(|e| e.map(|e| e.path())).collect::<std::io::Result<_>>()?;
    modules.sort();
    // Scaling with the module count: the first eighth, quarter and half of
    // the modules, named on the command line, on all threads.
    let all_threads = thread_counts.last().copied().unwrap_or(1).to_string();
    let mut by_count = Vec::new();
    for part in partial_counts(count) {
        let mut count_runs = Vec::new();
        for rep in 0..repeats {
            eprintln!("bench: {part} of the {count} modules, all threads, run {}/{repeats}", rep + 1);
            empty_dir(&out)?;
            let mut args = vec!["build".to_string()];
            for m in &modules[..part] {
                args.push(path_str(m)?.to_string());
            }
            args.extend(["--target".into(), "all".into(), "--out".into(), path_str(&out)?.to_string()]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let run = bench.meter.run_ok(&bench.cli, &args, &bench.root, &[("RAYON_NUM_THREADS", &all_threads)])?;
            let written = run.stdout.lines().filter(|l| !l.trim().is_empty()).count();
            ensure!(
                written == part * bench.targets.len(),
                "coursepack build wrote {written} packages, expected {}",
                part * bench.targets.len()
            );
            count_runs.push(run);
            empty_dir(&out)?;
            settle_disk();
        }
        let ms = summary_ms(&count_runs)?;
        by_count.push(CountRun { modules: part, per_package_ms: ms.median / (part * bench.targets.len()) as f64, ms });
    }
    // The baseline: zip module folders one after another, as a script would;
    // an evenly spread sample of at most ZIP_SAMPLE of them is enough for a median.
    let step = modules.len().div_ceil(ZIP_SAMPLE).max(1);
    let sample: Vec<&PathBuf> = modules.iter().step_by(step).collect();
    eprintln!("bench: zip of {} of the {count} module folders", sample.len());
    let mut zip_runs = Vec::new();
    for module in &sample {
        zip_runs.push(zip_folder(bench, module, &out, false)?.0);
    }
    let zip_per_module = summary_ms(&zip_runs)?;
    drop(scratch);
    if !bench.keep {
        fs::remove_dir_all(&root).ok();
    }
    let (thread_runs, speedup) = thread_runs(&thread_counts, &runs, packages)?;
    if let Some(all) = thread_runs.last() {
        by_count.push(CountRun { modules: count, ms: all.ms.clone(), per_package_ms: all.per_package_ms });
    }
    let fastest_per_package = thread_runs.last().map_or(f64::NAN, |t| t.per_package_ms);
    Ok(ManyResult {
        output: output_kind,
        modules: count,
        packages,
        media_bytes: spec.media_bytes() * count as u64,
        runs: thread_runs,
        speedup,
        zip_per_module_ms: zip_per_module.median,
        zip_modules_sampled: zip_runs.len(),
        ratio_per_package: ratio(fastest_per_package, zip_per_module.median),
        by_count,
    })
}

/// The smaller module counts measured for scaling: an eighth, a quarter and
/// a half of `count`, each at least one, without repeats or `count` itself.
fn partial_counts(count: usize) -> Vec<usize> {
    let mut parts: Vec<usize> = [8, 4, 2].iter().map(|d| (count / d).max(1)).filter(|p| *p < count).collect();
    parts.dedup();
    parts
}

/// A scratch folder in RAM (tmpfs `/dev/shm`) when it and the machine's
/// available memory have room for `bytes` with a margin, else on disk at
/// `fallback`; removed when dropped.
pub struct ScratchDir {
    /// The folder.
    pub path: PathBuf,
    /// "RAM (tmpfs)" or "disk".
    pub kind: &'static str,
}

/// Memory left free for everything else on the machine when choosing RAM.
const RAM_MARGIN: u64 = 4 << 30;

impl ScratchDir {
    /// See [`ScratchDir`].
    pub fn for_bytes(fallback: &Path, bytes: u64) -> Result<ScratchDir> {
        let shm = Path::new("/dev/shm");
        let room = tmpfs_available(shm).zip(mem_available());
        let (path, kind) = match room {
            Some((tmpfs, memory)) if tmpfs > bytes + RAM_MARGIN && memory > bytes + RAM_MARGIN => {
                (shm.join(format!("coursepack-bench-{}", std::process::id())), "RAM (tmpfs)")
            }
            _ => (fallback.to_path_buf(), "disk"),
        };
        empty_dir(&path)?;
        Ok(ScratchDir { path, kind })
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Bytes free in a tmpfs mount (`df -k`), or `None` if it is not one.
fn tmpfs_available(dir: &Path) -> Option<u64> {
    let out = std::process::Command::new("df").args(["-k", "--output=fstype,avail"]).arg(dir).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let line = text.lines().nth(1)?;
    let mut fields = line.split_whitespace();
    (fields.next()? == "tmpfs").then_some(())?;
    fields.next()?.parse::<u64>().ok().map(|kib| kib * 1024)
}

/// `MemAvailable` of /proc/meminfo in bytes.
fn mem_available() -> Option<u64> {
    parse_mem_available(&fs::read_to_string("/proc/meminfo").ok()?)
}

fn parse_mem_available(meminfo: &str) -> Option<u64> {
    meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
        .map(|kib| kib * 1024)
}

/// Build `dir` for every target twice, at least 2.1 s apart (zip times have
/// a 2 s resolution), and compare each package's bytes.
pub fn reproducible(bench: &Bench, dir: &Path) -> Result<Vec<Reproducible>> {
    let mut runs: Vec<Vec<(String, Vec<u8>)>> = Vec::new();
    for n in 0..2 {
        if n == 1 {
            std::thread::sleep(std::time::Duration::from_millis(2100));
        }
        let out = bench.work.join("out").join(format!("repro-{n}"));
        empty_dir(&out)?;
        let run = bench.meter.run_ok(
            &bench.cli,
            &["build", path_str(dir)?, "--target", "all", "--out", path_str(&out)?],
            &bench.root,
            &[],
        )?;
        let mut packages = Vec::new();
        for line in run.stdout.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let path = bench.root.join(line);
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            packages.push((name, fs::read(&path).with_context(|| format!("reading {}", path.display()))?));
        }
        packages.sort();
        runs.push(packages);
        fs::remove_dir_all(&out).ok();
    }
    ensure!(runs[0].len() == runs[1].len(), "two builds wrote different numbers of packages");
    let mut result = Vec::new();
    for ((name, first), (_, second)) in runs[0].iter().zip(&runs[1]) {
        let target = name.rsplit_once('-').map_or(name.as_str(), |(_, t)| t).trim_end_matches(".zip");
        result.push(Reproducible { tool: "coursepack".into(), target: target.into(), identical: first == second });
    }
    Ok(result)
}

/// The one package path a build printed.
pub fn single_path(stdout: &str, cwd: &Path) -> Result<PathBuf> {
    let paths: Vec<PathBuf> = stdout.lines().map(str::trim).filter(|l| !l.is_empty()).map(|l| cwd.join(l)).collect();
    match paths.as_slice() {
        [one] => Ok(one.clone()),
        _ => bail!("expected one package path, coursepack printed:\n{stdout}"),
    }
}

/// The total size of the packages a build printed.
fn written_bytes(stdout: &str, cwd: &Path) -> Result<u64> {
    let mut total = 0;
    for line in stdout.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let path = cwd.join(line);
        total += fs::metadata(&path)
            .with_context(|| format!("coursepack printed {}, which does not exist", path.display()))?
            .len();
    }
    Ok(total)
}

/// Wall times of runs in ms.
/// The runs of one build with each thread count (`runs[i]` with
/// `thread_counts[i]` threads, `packages` packages each) summarised, and the
/// speedup of the second count over the first (median wall times).
pub fn thread_runs(
    thread_counts: &[usize],
    runs: &[Vec<Run>],
    packages: usize,
) -> Result<(Vec<ThreadRun>, Option<f64>)> {
    let mut summaries = Vec::new();
    for (threads, runs) in thread_counts.iter().zip(runs) {
        let ms = summary_ms(runs)?;
        let wall: f64 = runs.iter().map(|r| r.seconds).sum();
        let cpu: f64 = runs.iter().map(|r| r.cpu_seconds).sum();
        summaries.push(ThreadRun {
            threads: *threads,
            per_package_ms: ms.median / packages as f64,
            rss_kib: peak_rss(runs),
            cores_used: ratio(cpu, wall).unwrap_or(0.0),
            ms,
        });
    }
    let speedup = match (summaries.first(), summaries.get(1)) {
        (Some(first), Some(second)) => median_ratio(&first.ms, &second.ms),
        _ => None,
    };
    Ok((summaries, speedup))
}

pub fn summary_ms(runs: &[Run]) -> Result<Summary> {
    let ms: Vec<f64> = runs.iter().map(|r| r.seconds * 1000.0).collect();
    Summary::of(&ms).context("no measured runs")
}

/// CPU times (user + system) of runs in ms.
pub fn cpu_summary_ms(runs: &[Run]) -> Result<Summary> {
    let ms: Vec<f64> = runs.iter().map(|r| r.cpu_seconds * 1000.0).collect();
    Summary::of(&ms).context("no measured runs")
}

/// The largest peak memory of runs, KiB.
pub fn peak_rss(runs: &[Run]) -> u64 {
    runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(0)
}

/// Every figure of a summary times `factor`.
fn scale(s: &Summary, factor: f64) -> Summary {
    Summary {
        n: s.n,
        median: s.median * factor,
        min: s.min * factor,
        max: s.max * factor,
        q1: s.q1 * factor,
        q3: s.q3 * factor,
    }
}

/// Remove and recreate a folder.
pub fn empty_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("cannot empty {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

/// A path as UTF-8 (the bench's own paths always are).
pub fn path_str(path: &Path) -> Result<&str> {
    path.to_str().with_context(|| format!("{} is not UTF-8", path.display()))
}

#[cfg(test)]
mod tests {

    /// The many-module and course benches summarise their thread runs the same way.
    #[test]
    fn thread_runs_give_the_medians_cores_used_and_speedup() {
        let run = |seconds: f64, cpu_seconds: f64, max_rss_kib: u64| Run {
            seconds,
            max_rss_kib,
            cpu_seconds,
            code: Some(0),
            stdout: String::new(),
            stderr: String::new(),
        };
        let runs = vec![
            vec![run(2.0, 2.0, 100), run(4.0, 2.0, 120), run(3.0, 3.0, 90)],
            vec![run(1.5, 3.0, 150), run(2.5, 2.5, 140), run(1.0, 2.0, 160)],
        ];
        let (summaries, speedup) = super::thread_runs(&[1, 2], &runs, 10).unwrap();
        assert_eq!(summaries.iter().map(|t| t.threads).collect::<Vec<_>>(), [1, 2]);
        assert_eq!((summaries[0].ms.median, summaries[1].ms.median), (3000.0, 1500.0));
        assert_eq!((summaries[0].per_package_ms, summaries[1].per_package_ms), (300.0, 150.0));
        assert_eq!((summaries[0].rss_kib, summaries[1].rss_kib), (120, 160));
        assert!((summaries[0].cores_used - 7.0 / 9.0).abs() < 1e-9);
        assert!((summaries[1].cores_used - 7.5 / 5.0).abs() < 1e-9);
        assert_eq!(speedup, Some(2.0));
        assert_eq!(super::thread_runs(&[1], &runs[..1], 10).unwrap().1, None, "no speedup of one count");
    }

    #[test]
    fn partial_counts_are_smaller_parts_without_repeats() {
        assert_eq!(super::partial_counts(500), vec![62, 125, 250]);
        assert_eq!(super::partial_counts(4), vec![1, 2]);
        assert_eq!(super::partial_counts(2), vec![1]);
        assert_eq!(super::partial_counts(1), Vec::<usize>::new());
    }

    use super::*;

    #[test]
    fn reads_targets_from_the_printed_package_names() {
        let out = "/w/out/bench-small-1.0.0-web.zip\n/w/out/bench-small-1.0.0-scorm12.zip\n\nout/bench-small-1.0.0-cmi5.zip\n";
        assert_eq!(targets_from_paths(out, "bench-small", "1.0.0").unwrap(), ["web", "scorm12", "cmi5"]);
    }

    #[test]
    fn refuses_foreign_duplicate_or_missing_packages() {
        assert!(targets_from_paths("/w/other-1.0.0-web.zip\n", "bench-small", "1.0.0").is_err());
        assert!(
            targets_from_paths("a/bench-small-1.0.0-web.zip\nb/bench-small-1.0.0-web.zip\n", "bench-small", "1.0.0")
                .is_err()
        );
        assert!(targets_from_paths("\n", "bench-small", "1.0.0").is_err());
        assert!(targets_from_paths("bench-small-1.0.0-.zip", "bench-small", "1.0.0").is_err());
    }

    #[test]
    fn reads_available_memory() {
        let meminfo = "MemTotal:       24000000 kB\nMemFree:        1000 kB\nMemAvailable:   20000000 kB\n";
        assert_eq!(parse_mem_available(meminfo), Some(20_000_000 * 1024));
        assert_eq!(parse_mem_available("MemTotal: 1 kB\n"), None);
    }

    #[test]
    fn scratch_space_falls_back_to_disk_and_is_removed() {
        let fallback = std::env::temp_dir().join(format!("xtask-bench-scratch-{}", std::process::id()));
        // More than any machine has: never RAM.
        let scratch = ScratchDir::for_bytes(&fallback, u64::MAX / 4).unwrap();
        assert_eq!((scratch.kind, scratch.path.as_path()), ("disk", fallback.as_path()));
        fs::write(scratch.path.join("x"), "x").unwrap();
        drop(scratch);
        assert!(!fallback.exists());
        // A little: RAM when /dev/shm is a tmpfs with room, else disk; either way usable and removed.
        let small = ScratchDir::for_bytes(&fallback, 1024).unwrap();
        assert!(small.path.is_dir());
        let path = small.path.clone();
        drop(small);
        assert!(!path.exists());
    }

    #[test]
    fn scales_every_figure() {
        let s = Summary::of(&[1.0, 2.0, 3.0]).unwrap();
        let five = scale(&s, 5.0);
        assert_eq!((five.median, five.min, five.max, five.n), (10.0, 5.0, 15.0, 3));
    }

    #[test]
    fn one_printed_path_or_an_error() {
        assert_eq!(single_path("out/a.zip\n", Path::new("/r")).unwrap(), PathBuf::from("/r/out/a.zip"));
        assert!(single_path("a.zip\nb.zip\n", Path::new("/r")).is_err());
        assert!(single_path("", Path::new("/r")).is_err());
    }
}
