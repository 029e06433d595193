//! The bench's findings: the data model, the goals judged as met or not met,
//! and the two files written, `report.json` (for tools) and `report.md` (a
//! table a person reads).

use super::stats::{Summary, ratio};
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Everything one run of the bench found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    /// How, where and when it ran.
    pub meta: Meta,
    /// One module built for one target (or `all`), against `zip`.
    pub builds: Vec<BuildResult>,
    /// Many small modules at once, on one core and on all.
    pub many: Option<ManyResult>,
    /// A course of many modules to every target, on one thread and on two (issue 14).
    pub course: Option<CourseResult>,
    /// A module of large media against `zip -0` and `cat` (issue 14).
    pub media: Option<MediaResult>,
    /// Whether two builds at different times gave identical bytes.
    pub reproducible: Vec<Reproducible>,
    /// `coursepack validate` against `unzip -tq`.
    pub validate: Vec<ValidateResult>,
    /// `coursepack validate` on hostile packages (bounded work, issue 13).
    pub hostile: Vec<HostileResult>,
    /// The player's JS and CSS per target.
    pub payload: Vec<Payload>,
    /// The player in headless Chromium per target.
    pub browser: Vec<BrowserResult>,
    /// Peer tools packaging the same course.
    pub peers: Vec<PeerResult>,
    /// `coursepack preview`: a saved page to the reloaded page.
    pub preview: Option<PreviewResult>,
    /// The goals, each met or not.
    pub goals: Vec<Goal>,
}

/// How, where and when the bench ran.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Meta {
    /// `full` or `quick`.
    pub mode: String,
    /// The seed the modules were generated from.
    pub seed: u64,
    /// When the run started, UTC (ISO 8601).
    pub started_utc: String,
    /// How long the run took once the CLI was built, in seconds.
    pub duration_s: f64,
    /// The commit measured (`git describe --always --dirty`).
    pub commit: String,
    /// The cargo profile of the coursepack binary measured.
    pub profile: String,
    /// The machine.
    pub machine: Machine,
    /// Versions of the other programs involved, by name.
    pub tools: BTreeMap<String, String>,
}

/// The machine the figures come from.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Machine {
    /// CPU model name.
    pub cpu: String,
    /// Cores available to this process.
    pub cores: usize,
    /// Total memory in GiB.
    pub memory_gib: f64,
    /// Operating system (`PRETTY_NAME` of /etc/os-release).
    pub os: String,
    /// Kernel release.
    pub kernel: String,
    /// Load average over the last minute when the run started (other work on the machine).
    pub load_1m: f64,
}

/// One module built for one target (or all five at once), against `zip`.
#[derive(Clone, Debug, Serialize)]
pub struct BuildResult {
    /// small, medium, large.
    pub module: String,
    /// Pages, questions and media bytes of the module.
    pub pages: usize,
    /// Questions in the module.
    pub questions: usize,
    /// Media bytes in the module.
    pub media_bytes: u64,
    /// The target built, or `all`.
    pub target: String,
    /// How many packages one build writes (5 for `all`).
    pub packages: usize,
    /// `coursepack build` wall time, ms.
    pub coursepack_ms: Summary,
    /// Its CPU time (user + system), ms: far below the wall time when the
    /// machine is busy with other work.
    pub coursepack_cpu_ms: Summary,
    /// Its peak resident memory, KiB (largest of the runs).
    pub coursepack_rss_kib: u64,
    /// Bytes of the packages written.
    pub package_bytes: u64,
    /// `zip -r -q -n <media>` of the module folder, wall time in ms, times `packages`.
    pub zip_ms: Summary,
    /// Bytes of the zip written.
    pub zip_bytes: u64,
    /// coursepack median over zip median (below 1: faster than zip).
    pub ratio: Option<f64>,
}

/// Many small modules built at once, on one thread and on every core.
#[derive(Clone, Debug, Serialize)]
pub struct ManyResult {
    /// Where the packages were written: "RAM (tmpfs)" or "disk".
    pub output: String,
    /// Modules built.
    pub modules: usize,
    /// Packages written per build (modules × targets).
    pub packages: usize,
    /// Media bytes over all modules.
    pub media_bytes: u64,
    /// Build time with each thread count.
    pub runs: Vec<ThreadRun>,
    /// Time on 1 thread over time on all threads.
    pub speedup: Option<f64>,
    /// `zip` of module folders one after another: median per module, ms.
    pub zip_per_module_ms: f64,
    /// How many module folders were zipped for that median (an even sample).
    pub zip_modules_sampled: usize,
    /// coursepack (all threads) per package over zip per module.
    pub ratio_per_package: Option<f64>,
    /// Builds of the first part of the modules, all threads: how the time
    /// grows with the module count (the last entry is the whole set).
    pub by_count: Vec<CountRun>,
}

/// A course of many modules built to every target in one `coursepack build`,
/// on one thread and on two.
#[derive(Clone, Debug, Serialize)]
pub struct CourseResult {
    /// Where the packages were written: "RAM (tmpfs)" or "disk".
    pub output: String,
    /// Modules in the course.
    pub modules: usize,
    /// Packages written per build (a course package per LMS target, a site per module).
    pub packages: usize,
    /// Media bytes over all modules.
    pub media_bytes: u64,
    /// Build time with each thread count.
    pub runs: Vec<ThreadRun>,
    /// Time on one thread over time on two.
    pub speedup: Option<f64>,
    /// Median CPU time (user + system) of the one-thread build over the module count, ms.
    pub cpu_per_module_ms: f64,
    /// Peak resident memory of any of the builds, KiB.
    pub peak_rss_kib: u64,
}

/// A module of large media built to one target against `zip -0` and `cat`.
#[derive(Clone, Debug, Serialize)]
pub struct MediaResult {
    /// Where everything was written: "RAM (tmpfs)" or "disk".
    pub output: String,
    /// The target built.
    pub target: String,
    /// Media bytes of the module.
    pub media_bytes: u64,
    /// `coursepack build` wall time, ms.
    pub coursepack_ms: Summary,
    /// `zip -r -q -0` of the module folder, ms.
    pub zip0_ms: Summary,
    /// `cat` of every file of the folder into one file, ms.
    pub cat_ms: Summary,
    /// coursepack median over zip -0 median.
    pub vs_zip0: Option<f64>,
    /// coursepack median over cat median.
    pub vs_cat: Option<f64>,
    /// coursepack's peak resident memory, KiB.
    pub coursepack_rss_kib: u64,
}

/// A build of the first `modules` modules of the "many" case, all threads.
#[derive(Clone, Debug, Serialize)]
pub struct CountRun {
    /// Modules built.
    pub modules: usize,
    /// Wall time, ms.
    pub ms: Summary,
    /// Median per package, ms.
    pub per_package_ms: f64,
}

/// A build of the "many" case with a given number of threads.
#[derive(Clone, Debug, Serialize)]
pub struct ThreadRun {
    /// `RAYON_NUM_THREADS`.
    pub threads: usize,
    /// Wall time, ms.
    pub ms: Summary,
    /// Median per package, ms.
    pub per_package_ms: f64,
    /// Peak resident memory, KiB.
    pub rss_kib: u64,
    /// CPU time over wall time (median run): how many cores it kept busy.
    pub cores_used: f64,
}

/// Two runs of a tool on the same input, at least 2 s apart.
#[derive(Clone, Debug, Serialize)]
pub struct Reproducible {
    /// The tool.
    pub tool: String,
    /// The kind of package.
    pub target: String,
    /// Whether both runs wrote the same bytes.
    pub identical: bool,
}

/// One package validated by coursepack (the default, which checks every
/// entry's CRC, and `--quick`) and tested by `unzip -tq`.
#[derive(Clone, Debug, Serialize)]
pub struct ValidateResult {
    /// The size class: "10 MB", "1 GB", "2 GB".
    pub label: String,
    /// The package's target.
    pub target: String,
    /// The package's size in bytes.
    pub package_bytes: u64,
    /// Entries in the package.
    pub entries: usize,
    /// What the validator said (exit code 0 is valid).
    pub verdict: String,
    /// `coursepack validate` (every entry's CRC) wall time, ms.
    pub default_ms: Summary,
    /// `coursepack validate --quick` (central directory) wall time, ms.
    pub quick_ms: Summary,
    /// `unzip -tq` wall time, ms.
    pub unzip_ms: Summary,
    /// Peak resident memory of each, KiB (largest of the runs).
    pub default_rss_kib: u64,
    /// Peak resident memory of `--quick`, KiB.
    pub quick_rss_kib: u64,
    /// Peak resident memory of `unzip -tq`, KiB.
    pub unzip_rss_kib: u64,
    /// The default's median over `unzip -tq`'s median.
    pub default_ratio: Option<f64>,
}

/// Which hostile package.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HostileKind {
    /// Pages that inflate to gigabytes: the content scan's budget.
    BoundedScan,
    /// A manifest value of megabytes: echoed values and memory.
    HugeValue,
}

/// One hostile package validated in the default mode.
#[derive(Clone, Debug, Serialize)]
pub struct HostileResult {
    /// Which package.
    pub kind: HostileKind,
    /// What it holds, in words.
    pub label: String,
    /// The package's size in bytes.
    pub package_bytes: u64,
    /// What the validator said.
    pub verdict: String,
    /// Bytes of the human report.
    pub report_bytes: usize,
    /// True when the report notes files the scan did not read.
    pub not_scanned_noted: bool,
    /// Wall time, ms.
    pub ms: Summary,
    /// Peak resident memory, KiB.
    pub rss_kib: u64,
}

/// One file of the player, raw and gzipped (level 9).
#[derive(Clone, Debug, Serialize)]
pub struct PayloadFile {
    /// Path inside the package.
    pub path: String,
    /// Bytes.
    pub raw: u64,
    /// Bytes gzipped at level 9.
    pub gzip: u64,
}

/// The player's JS and CSS in one target's package.
#[derive(Clone, Debug, Serialize)]
pub struct Payload {
    /// The target.
    pub target: String,
    /// Every `.js` and `.css` file of the player.
    pub files: Vec<PayloadFile>,
    /// All JS, raw bytes.
    pub js_raw: u64,
    /// All CSS, raw bytes.
    pub css_raw: u64,
    /// All JS gzipped at level 9 plus all CSS gzipped at level 9 (the
    /// measure of the render crate's budget test).
    pub total_gzip: u64,
}

/// The player in headless Chromium, one target.
#[derive(Clone, Debug, Serialize)]
pub struct BrowserResult {
    /// The target.
    pub target: String,
    /// How the package was launched.
    pub launch: String,
    /// Navigation start to the first page shown and painted, ms.
    pub first_render_ms: Option<Summary>,
    /// The baseline measured in turns with it: the same first page saved as
    /// HTML without scripts, launched the same way, to parsed and painted, ms.
    pub static_page_ms: Option<Summary>,
    /// The floor: an empty page, launched and timed the same way, ms.
    pub empty_page_ms: Option<Summary>,
    /// Navigation start to the player's ready event (LMS state restored), ms.
    pub ready_ms: Option<Summary>,
    /// Next/Previous click to the other page painted, ms.
    pub navigation_ms: Option<Summary>,
    /// The LMS calls of one full run; `None` for a target with no LMS API.
    pub lms: Option<LmsCalls>,
    /// Messages the player showed the learner at launch (such as "no LMS found").
    pub notices: Vec<String>,
}

/// What one full run of a module asked of the LMS.
#[derive(Clone, Debug, Serialize)]
pub struct LmsCalls {
    /// The API or service talked to.
    pub api: String,
    /// Commits (SCORM `Commit` calls; xAPI/cmi5: write requests to the LRS).
    pub commits: u64,
    /// SCORM `SetValue` calls (`None` for xAPI/cmi5).
    pub set_values: Option<u64>,
    /// xAPI statements sent (`None` for SCORM).
    pub statements: Option<u64>,
    /// Every call or request, of any kind.
    pub calls: u64,
    /// Calls by name.
    pub detail: BTreeMap<String, u64>,
    /// Questions answered during the run.
    pub answered: u64,
}

/// `coursepack preview` with a shipped module open in headless Chromium.
#[derive(Clone, Debug, Serialize)]
pub struct PreviewResult {
    /// The module previewed.
    pub module: String,
    /// The page edited (the one shown).
    pub page: String,
    /// The target previewed.
    pub target: String,
    /// From just before the page is written to the reloaded package showing the edit, painted, ms.
    pub save_to_reload_ms: Option<Summary>,
    /// The in-memory rebuild, as the preview reports it, ms.
    pub build_ms: Option<Summary>,
}

/// A peer tool packaging the built course for one SCORM version, next to coursepack.
#[derive(Clone, Debug, Serialize)]
pub struct PeerResult {
    /// The tool and its version.
    pub tool: String,
    /// The target it produced.
    pub target: String,
    /// Its time to package the built folder (in-process), ms.
    pub peer_ms: Summary,
    /// Its package's size.
    pub peer_bytes: u64,
    /// Whether two of its runs gave identical bytes.
    pub peer_identical: bool,
    /// coursepack's time from Markdown to the same target, ms.
    pub coursepack_ms: Summary,
    /// coursepack's package size.
    pub coursepack_bytes: u64,
    /// coursepack over peer.
    pub ratio: Option<f64>,
}

/// A goal of the issue, judged on this run's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Goal {
    /// What is aimed for.
    pub goal: String,
    /// What was measured.
    pub measured: String,
    /// `Some(true)` met, `Some(false)` not met, `None` not measurable here (with the reason in `measured`).
    pub met: Option<bool>,
}

/// The largest first-page time that meets the goal, ms.
pub const FIRST_RENDER_GOAL_MS: f64 = 100.0;
/// The largest save-to-reload time of the preview that meets the goal, ms.
pub const SAVE_TO_RELOAD_GOAL_MS: f64 = 300.0;
/// The player budget, gzipped bytes (25 KiB, as the render crate's budget test).
pub const PAYLOAD_GOAL_BYTES: u64 = 25 * 1024;
/// The small module to all five targets, ms.
pub const SMALL_ALL_GOAL_MS: f64 = 150.0;
/// `--quick` validation of the 1 GB package, ms.
pub const VALIDATE_1GB_GOAL_MS: f64 = 500.0;
/// The default (every CRC) validation of the 1 GB package against `unzip -tq`.
pub const DEFAULT_RATIO_GOAL: f64 = 0.15;
/// Any package of 100 MB or less validates (default mode) in this time, ms.
pub const BOUNDED_SCAN_GOAL_MS: f64 = 5000.0;
/// Peak memory validating the 2 GB package, KiB (64 MiB).
pub const VALIDATE_RSS_GOAL_KIB: u64 = 64 * 1024;
/// "Near-linear" on two cores: at least 80 % parallel efficiency.
pub const SCALING_EFFICIENCY_GOAL: f64 = 0.8;
/// The share of a core the one-thread run must get for a scaling verdict.
pub const MIN_CORE_SHARE: f64 = 0.8;

/// A course to all targets on two threads against one (issue 14).
pub const COURSE_SPEEDUP_GOAL: f64 = 1.7;
/// CPU per module of that build, ms: 40 % below the 21 ms measured before (issue 14).
pub const COURSE_CPU_PER_MODULE_GOAL_MS: f64 = 21.0 * 0.6;
/// Peak memory of that build, KiB: 64 MB (10^6 bytes).
pub const COURSE_RSS_GOAL_KIB: u64 = 64_000_000 / 1024;
/// The small module to all five targets against one `zip -r` of its folder.
pub const SMALL_ALL_VS_ZIP_GOAL: f64 = 2.0;
/// The large-media module against `zip -0` of its folder.
pub const MEDIA_VS_ZIP0_GOAL: f64 = 0.2;
/// The large-media module against `cat` of its files.
pub const MEDIA_VS_CAT_GOAL: f64 = 1.3;

/// The six build-performance goals of issue 14.
fn build_performance_goals(report: &Report) -> Vec<Goal> {
    let mut goals = Vec::new();
    let not_measured = |goal: String| Goal { goal, measured: "not measured".into(), met: None };
    let speedup_goal =
        format!("course of many modules to all targets: two threads at least {COURSE_SPEEDUP_GOAL}× faster than one");
    let cpu_goal = format!(
        "course to all targets: CPU per module at most {COURSE_CPU_PER_MODULE_GOAL_MS:.1} ms (40% below 21 ms; one-thread build's median CPU time ÷ modules)"
    );
    let rss_goal = format!("course to all targets: peak memory at most 64 MB ({})", fmt_kib(COURSE_RSS_GOAL_KIB));
    match &report.course {
        Some(c) => {
            let share = c.runs.first().map_or(0.0, |one| one.cores_used);
            goals.push(match c.speedup {
                _ if report.meta.machine.cores < 2 => Goal { goal: speedup_goal, measured: "n/a: one core".into(), met: None },
                Some(s) if share < MIN_CORE_SHARE => Goal {
                    goal: speedup_goal,
                    measured: format!(
                        "{s:.2}× on {} modules; inconclusive: the one-thread run got {share:.2} of a core (the machine was busy)",
                        c.modules
                    ),
                    met: None,
                },
                Some(s) => Goal {
                    goal: speedup_goal,
                    measured: format!("{s:.2}× on {} modules ({} packages)", c.modules, c.packages),
                    met: Some(s >= COURSE_SPEEDUP_GOAL),
                },
                None => not_measured(speedup_goal),
            });
            goals.push(Goal {
                goal: cpu_goal,
                measured: format!("{:.2} ms on {} modules", c.cpu_per_module_ms, c.modules),
                met: Some(c.cpu_per_module_ms <= COURSE_CPU_PER_MODULE_GOAL_MS),
            });
            goals.push(Goal {
                goal: rss_goal,
                measured: fmt_kib(c.peak_rss_kib),
                met: Some(c.peak_rss_kib > 0 && c.peak_rss_kib <= COURSE_RSS_GOAL_KIB),
            });
        }
        None => goals.extend([not_measured(speedup_goal), not_measured(cpu_goal), not_measured(rss_goal)]),
    }
    let small_goal = format!(
        "small module to all five targets at most {SMALL_ALL_VS_ZIP_GOAL}× one `zip -r -6` of its folder (media stored)"
    );
    let small_all = report.builds.iter().find(|b| b.module == "small" && b.target == "all");
    goals.push(match small_all.and_then(|b| ratio(b.coursepack_ms.median, b.zip_ms.median / b.packages as f64)) {
        Some(r) => Goal { goal: small_goal, measured: format!("{r:.2}×"), met: Some(r <= SMALL_ALL_VS_ZIP_GOAL) },
        None => not_measured(small_goal),
    });
    let zip0_goal = format!("large-media module at most {MEDIA_VS_ZIP0_GOAL}× `zip -0` of its folder");
    let cat_goal = format!("large-media module at most {MEDIA_VS_CAT_GOAL}× `cat` of its files into one file");
    match &report.media {
        Some(m) => {
            let of = format!("on {} ({})", fmt_bytes(m.media_bytes), m.target);
            goals.push(match m.vs_zip0 {
                Some(r) => {
                    Goal { goal: zip0_goal, measured: format!("{r:.2}× {of}"), met: Some(r <= MEDIA_VS_ZIP0_GOAL) }
                }
                None => not_measured(zip0_goal),
            });
            goals.push(match m.vs_cat {
                Some(r) => {
                    Goal { goal: cat_goal, measured: format!("{r:.2}× {of}"), met: Some(r <= MEDIA_VS_CAT_GOAL) }
                }
                None => not_measured(cat_goal),
            });
        }
        None => goals.extend([not_measured(zip0_goal), not_measured(cat_goal)]),
    }
    goals
}

/// Judge every goal of the issue on `report`'s figures. Validation goals use
/// the second and third package sizes of the plan (1 GB and 2 GB in full mode).
pub fn judge(report: &Report) -> Vec<Goal> {
    let mut goals = Vec::new();

    let large: Vec<&BuildResult> = report.builds.iter().filter(|b| b.module == "large" && b.target != "all").collect();
    goals.push(if large.is_empty() {
        Goal { goal: "large module: build no slower than zip".into(), measured: "not measured".into(), met: None }
    } else {
        let ok = large.iter().all(|b| b.ratio.is_some_and(|r| r <= 1.0));
        let each = large.iter().map(|b| format!("{} {}", b.target, fmt_ratio(b.ratio))).collect::<Vec<_>>().join(", ");
        Goal {
            goal: "large module: build no slower than zip (every target, ratio ≤ 1)".into(),
            measured: each,
            met: Some(ok),
        }
    });

    let small_all = report.builds.iter().find(|b| b.module == "small" && b.target == "all");
    goals.push(match small_all {
        Some(b) => Goal {
            goal: format!("small module to all five targets under {SMALL_ALL_GOAL_MS} ms"),
            measured: format!("{} (median of {})", fmt_ms(b.coursepack_ms.median), b.coursepack_ms.n),
            met: Some(b.coursepack_ms.median < SMALL_ALL_GOAL_MS),
        },
        None => Goal {
            goal: format!("small module to all five targets under {SMALL_ALL_GOAL_MS} ms"),
            measured: "not measured".into(),
            met: None,
        },
    });

    let scaling_goal = format!(
        "many small modules scale near-linearly on both cores (speedup ≥ {:.1})",
        2.0 * SCALING_EFFICIENCY_GOAL
    );
    goals.push(match &report.many {
        _ if report.meta.machine.cores < 2 => Goal {
            goal: scaling_goal,
            measured: "n/a: one core".into(),
            met: None,
        },
        Some(ManyResult {
            speedup: Some(s),
            modules,
            runs,
            ..
        }) => match runs.first().map(|one| one.cores_used) {
            // A one-thread run that did not even get one core to itself
            // measured the machine's other work, not coursepack's scaling.
            Some(share) if share < MIN_CORE_SHARE => Goal {
                goal: scaling_goal,
                measured: format!(
                    "{s:.2}× on {modules} modules; inconclusive: the one-thread run got {share:.2} of a core (the machine was busy)"
                ),
                met: None,
            },
            _ => Goal {
                goal: scaling_goal,
                measured: format!("{s:.2}× on {modules} modules"),
                met: Some(*s >= 2.0 * SCALING_EFFICIENCY_GOAL),
            },
        },
        _ => Goal {
            goal: scaling_goal,
            measured: "not measured".into(),
            met: None,
        },
    });

    let second = report.validate.get(1);
    goals.push(match second {
        Some(v) => Goal {
            goal: format!("validate --quick the 1 GB package under {VALIDATE_1GB_GOAL_MS} ms"),
            measured: format!("{} on {}", fmt_ms(v.quick_ms.median), v.label),
            met: Some(v.quick_ms.median < VALIDATE_1GB_GOAL_MS),
        },
        None => Goal {
            goal: format!("validate --quick the 1 GB package under {VALIDATE_1GB_GOAL_MS} ms"),
            measured: "not measured".into(),
            met: None,
        },
    });

    goals.push(match second {
        Some(v) => Goal {
            goal: format!("validate (default: every CRC) the 1 GB package within {DEFAULT_RATIO_GOAL}× unzip -tq"),
            measured: format!(
                "{} on {} (every size: {})",
                fmt_ratio(v.default_ratio),
                v.label,
                report
                    .validate
                    .iter()
                    .map(|v| format!("{} {}", v.label, fmt_ratio(v.default_ratio)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            met: Some(v.default_ratio.is_some_and(|r| r <= DEFAULT_RATIO_GOAL)),
        },
        None => Goal {
            goal: format!("validate (default: every CRC) the 1 GB package within {DEFAULT_RATIO_GOAL}× unzip -tq"),
            measured: "not measured".into(),
            met: None,
        },
    });

    goals.push(match report.validate.get(2) {
        Some(v) => {
            let peak = v.default_rss_kib.max(v.quick_rss_kib);
            Goal {
                goal: "validate peak memory under 64 MiB on the 2 GB package".into(),
                measured: format!("{} on {} (default and --quick)", fmt_kib(peak), v.label),
                met: Some(peak < VALIDATE_RSS_GOAL_KIB),
            }
        }
        None => Goal {
            goal: "validate peak memory under 64 MiB on the 2 GB package".into(),
            measured: "not measured".into(),
            met: None,
        },
    });

    let scan_goal = format!("bounded scan: any package of 100 MB or less validates in under {BOUNDED_SCAN_GOAL_MS} ms");
    goals.push(match report.hostile.iter().find(|h| h.kind == HostileKind::BoundedScan) {
        Some(h) if h.package_bytes <= 100_000_000 => Goal {
            goal: scan_goal,
            measured: format!("{} on {} ({})", fmt_ms(h.ms.median), h.label, fmt_bytes(h.package_bytes)),
            met: Some(h.ms.median < BOUNDED_SCAN_GOAL_MS),
        },
        _ => Goal { goal: scan_goal, measured: "not measured".into(), met: None },
    });

    let value_goal = "validate peak memory under 64 MiB on a manifest with a huge value".to_string();
    goals.push(match report.hostile.iter().find(|h| h.kind == HostileKind::HugeValue) {
        Some(h) => Goal {
            goal: value_goal,
            measured: format!("{} on {} (report {})", fmt_kib(h.rss_kib), h.label, fmt_bytes(h.report_bytes as u64)),
            met: Some(h.rss_kib < VALIDATE_RSS_GOAL_KIB),
        },
        None => Goal { goal: value_goal, measured: "not measured".into(), met: None },
    });

    goals.push(if report.payload.is_empty() {
        Goal { goal: "player payload at most 25 KiB gzipped".into(), measured: "not measured".into(), met: None }
    } else {
        let ok = report.payload.iter().all(|p| p.total_gzip <= PAYLOAD_GOAL_BYTES);
        let each = report
            .payload
            .iter()
            .map(|p| format!("{} {}", p.target, fmt_bytes(p.total_gzip)))
            .collect::<Vec<_>>()
            .join(", ");
        Goal {
            goal: "player payload (JS + CSS) at most 25 KiB gzipped (every target)".into(),
            measured: each,
            met: Some(ok),
        }
    });

    let rendered: Vec<(&str, f64, Option<f64>)> = report
        .browser
        .iter()
        .filter_map(|b| {
            let base = b.static_page_ms.as_ref().map(|s| s.median);
            b.first_render_ms.as_ref().map(|s| (b.target.as_str(), s.median, base))
        })
        .collect();
    goals.push(if rendered.is_empty() {
        Goal {
            goal: format!("first page rendered under {FIRST_RENDER_GOAL_MS} ms in headless Chromium"),
            measured: "not measured".into(),
            met: None,
        }
    } else {
        let ok = rendered.len() == report.browser.len() && rendered.iter().all(|(_, ms, _)| *ms < FIRST_RENDER_GOAL_MS);
        // Beside each, the same page as static HTML measured in turns with it: what Chromium
        // itself needs for that page on this machine, and the ratio to it.
        let each = rendered
            .iter()
            .map(|(t, ms, base)| match base {
                Some(b) if *b > 0.0 => {
                    format!("{t} {} (static page {}, {})", fmt_ms(*ms), fmt_ms(*b), fmt_ratio(Some(ms / b)))
                }
                _ => format!("{t} {}", fmt_ms(*ms)),
            })
            .collect::<Vec<_>>()
            .join(", ");
        Goal {
            goal: format!("first page rendered under {FIRST_RENDER_GOAL_MS} ms in headless Chromium (every target)"),
            measured: each,
            met: Some(ok),
        }
    });

    let goal = format!("preview: a saved page of a shipped module reloaded under {SAVE_TO_RELOAD_GOAL_MS} ms");
    goals.push(match report.preview.as_ref().and_then(|p| p.save_to_reload_ms.as_ref().map(|s| (p, s))) {
        Some((p, s)) => Goal {
            goal,
            measured: format!(
                "{} (median of {}; rebuild {})",
                fmt_ms(s.median),
                s.n,
                p.build_ms.as_ref().map_or_else(|| "n/a".into(), |b| fmt_ms(b.median))
            ),
            met: Some(s.median < SAVE_TO_RELOAD_GOAL_MS),
        },
        None => Goal { goal, measured: "not measured".into(), met: None },
    });
    goals.extend(build_performance_goals(report));
    goals
}

/// Write `report.json` and `report.md` into `dir`.
pub fn write(report: &Report, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let json = serde_json::to_string_pretty(report).context("serialising the report")?;
    std::fs::write(dir.join("report.json"), json + "\n")
        .with_context(|| format!("cannot write {}", dir.join("report.json").display()))?;
    std::fs::write(dir.join("report.md"), markdown(report))
        .with_context(|| format!("cannot write {}", dir.join("report.md").display()))?;
    Ok(())
}

/// Milliseconds for people: 3 significant digits, switching to seconds at 10 s.
pub fn fmt_ms(ms: f64) -> String {
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

/// CPU time as `time -v` measures it, in steps of 10 ms: "< 10 ms" below that.
pub fn fmt_cpu_ms(ms: f64) -> String {
    if ms < 10.0 { "< 10 ms".into() } else { fmt_ms(ms) }
}

/// A median with its range, as "12.3 ms (11.9–13.0 ms, n=10)".
pub fn fmt_summary(s: &Summary) -> String {
    format!("{} ({}–{}, n={})", fmt_ms(s.median), fmt_ms(s.min), fmt_ms(s.max), s.n)
}

/// A ratio as "0.84×", or "n/a".
pub fn fmt_ratio(r: Option<f64>) -> String {
    r.map_or_else(|| "n/a".into(), |r| format!("{r:.2}×"))
}

/// Bytes for people, in binary units.
pub fn fmt_bytes(b: u64) -> String {
    const K: f64 = 1024.0;
    let f = b as f64;
    if f >= K * K * K {
        format!("{:.2} GiB", f / (K * K * K))
    } else if f >= K * K {
        format!("{:.1} MiB", f / (K * K))
    } else if f >= K {
        format!("{:.1} KiB", f / K)
    } else {
        format!("{b} B")
    }
}

/// KiB (as `time -v` reports memory) for people.
pub fn fmt_kib(kib: u64) -> String {
    fmt_bytes(kib * 1024)
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "**met**",
        Some(false) => "**not met**",
        None => "n/a",
    }
}

/// The report as Markdown.
pub fn markdown(r: &Report) -> String {
    let m = &r.meta;
    let mut o = String::new();
    let _ = writeln!(o, "# coursepack benchmark report\n");
    if m.mode == "quick" {
        let _ = writeln!(
            o,
            "> **Quick mode**: tiny sizes and few runs, to prove the bench works. These figures mean nothing; run `cargo xtask bench` for real ones.\n"
        );
    }
    let _ = writeln!(
        o,
        "Mode `{}`, seed {}, started {}, took {:.0} s (after installing and compiling). Commit `{}`, coursepack built with the `{}` profile.\n",
        m.mode, m.seed, m.started_utc, m.duration_s, m.commit, m.profile
    );
    let mc = &m.machine;
    let _ = writeln!(
        o,
        "Machine: {}, {} cores, {:.1} GiB, {}, kernel {}; load average {:.2} at the start (the machine may be shared: compare ratios, not absolute times).\n",
        mc.cpu, mc.cores, mc.memory_gib, mc.os, mc.kernel, mc.load_1m
    );
    if !m.tools.is_empty() {
        let _ = writeln!(o, "Tools:\n");
        for (k, v) in &m.tools {
            let _ = writeln!(o, "- {k}: {v}");
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## Goals\n\n| Goal | Measured | Verdict |\n|---|---|---|");
    for g in &r.goals {
        let _ = writeln!(o, "| {} | {} | {} |", g.goal, g.measured, verdict(g.met));
    }

    let _ = writeln!(
        o,
        "\n## Build\n\n`coursepack build` of a generated module against Info-ZIP `zip -r -q -n .jpg:.png:.mp4:.webm:.mp3:.woff2` of the module folder (the I/O and compression limit), runs interleaved. For `all`, zip's time counts once per package. Wall time, median (min–max, runs); CPU is coursepack's median CPU time (user + system), which shows how much of the wall time was spent waiting for a busy machine.\n"
    );
    let _ = writeln!(
        o,
        "| Module | Pages | Questions | Media | Target | coursepack | CPU | Peak RSS | Package | zip | zip size | Ratio |\n|---|---|---|---|---|---|---|---|---|---|---|---|"
    );
    for b in &r.builds {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            b.module,
            b.pages,
            b.questions,
            fmt_bytes(b.media_bytes),
            b.target,
            fmt_summary(&b.coursepack_ms),
            fmt_cpu_ms(b.coursepack_cpu_ms.median),
            fmt_kib(b.coursepack_rss_kib),
            fmt_bytes(b.package_bytes),
            fmt_summary(&b.zip_ms),
            fmt_bytes(b.zip_bytes),
            fmt_ratio(b.ratio)
        );
    }
    if let Some(c) = &r.course {
        let _ = writeln!(
            o,
            "\n### A course of many modules\n\nA course of {} modules ({} of media) to all targets in one `coursepack build`: {} packages (a course package per LMS target, a site per module), written to {}. Threads set with `RAYON_NUM_THREADS`, runs interleaved. CPU per module: the one-thread build's median CPU time (user + system) over the module count, {:.2} ms. Peak memory of any of these builds: {}.\n",
            c.modules,
            fmt_bytes(c.media_bytes),
            c.packages,
            c.output,
            c.cpu_per_module_ms,
            fmt_kib(c.peak_rss_kib)
        );
        let _ = writeln!(o, "| Threads | Wall time | Per package | Cores busy | Peak RSS |\n|---|---|---|---|---|");
        for t in &c.runs {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {:.2} | {} |",
                t.threads,
                fmt_summary(&t.ms),
                fmt_ms(t.per_package_ms),
                t.cores_used,
                fmt_kib(t.rss_kib)
            );
        }
        let _ = writeln!(o, "\nSpeedup (one thread over two): {}.", fmt_ratio(c.speedup));
    }
    if let Some(m) = &r.media {
        let _ = writeln!(
            o,
            "\n### Large media\n\nA module of {} of media built to {} against Info-ZIP `zip -r -q -0` of its folder and `cat` of its files into one file (`sh -c 'exec cat -- \"$@\" > out'`), runs interleaved, all written to {}.\n",
            fmt_bytes(m.media_bytes),
            m.target,
            m.output
        );
        let _ = writeln!(
            o,
            "| coursepack | Peak RSS | zip -0 | cat | vs zip -0 | vs cat |\n|---|---|---|---|---|---|\n| {} | {} | {} | {} | {} | {} |",
            fmt_summary(&m.coursepack_ms),
            fmt_kib(m.coursepack_rss_kib),
            fmt_summary(&m.zip0_ms),
            fmt_summary(&m.cat_ms),
            fmt_ratio(m.vs_zip0),
            fmt_ratio(m.vs_cat)
        );
    }
    if let Some(many) = &r.many {
        let _ = writeln!(
            o,
            "\n### Many modules\n\n{} modules ({} of media) to all targets in one `coursepack build`: {} packages, written to {} (the bench uses RAM when there is room, so that the figure is coursepack's scaling and not the disk's write-back). Threads set with `RAYON_NUM_THREADS`.\n",
            many.modules,
            fmt_bytes(many.media_bytes),
            many.packages,
            many.output
        );
        let _ = writeln!(
            o,
            "| Threads | Time | Per package | Cores kept busy (CPU time / wall time) | Peak RSS |\n|---|---|---|---|---|"
        );
        for t in &many.runs {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {:.2} | {} |",
                t.threads,
                fmt_summary(&t.ms),
                fmt_ms(t.per_package_ms),
                t.cores_used,
                fmt_kib(t.rss_kib)
            );
        }
        let _ = writeln!(
            o,
            "\nSpeedup {} (on a machine busy with other work the second core is not all ours: see the cores kept busy, and the load average above). zip of module folders one after another: {} per module (median of {}), so coursepack per package is {} of zip per module.",
            fmt_ratio(many.speedup),
            fmt_ms(many.zip_per_module_ms),
            many.zip_modules_sampled,
            fmt_ratio(many.ratio_per_package)
        );
        if many.by_count.len() > 1 {
            let _ = writeln!(
                o,
                "\nWith module count (all threads): a near-linear build keeps the time per package flat as the count grows.\n\n| Modules | Time | Per package | Per package / at the largest count |\n|---|---|---|---|"
            );
            let last = many.by_count.last().map_or(f64::NAN, |c| c.per_package_ms);
            for c in &many.by_count {
                let _ = writeln!(
                    o,
                    "| {} | {} | {} | {} |",
                    c.modules,
                    fmt_summary(&c.ms),
                    fmt_ms(c.per_package_ms),
                    fmt_ratio(ratio(c.per_package_ms, last))
                );
            }
        }
        if let Some(one) = r.builds.iter().find(|b| b.module == "small" && b.target == "all") {
            let single = one.coursepack_ms.median / one.packages as f64;
            let last = many.runs.last().map_or(f64::NAN, |t| t.per_package_ms);
            let _ = writeln!(
                o,
                "\nWith module count: one small module to all targets takes {} per package; {} of them in one build take {} per package ({} of the single module's).",
                fmt_ms(single),
                many.modules,
                fmt_ms(last),
                fmt_ratio(ratio(last, single))
            );
        }
    }
    if !r.reproducible.is_empty() {
        let _ = writeln!(
            o,
            "\n### Identical bytes\n\nTwo runs on the same input, at least 2 s apart (the zip time resolution).\n\n| Tool | Target | Identical |\n|---|---|---|"
        );
        for x in &r.reproducible {
            let _ = writeln!(o, "| {} | {} | {} |", x.tool, x.target, if x.identical { "yes" } else { "no" });
        }
    }

    let _ = writeln!(
        o,
        "\n## Validate\n\n`coursepack validate` (default: every entry's local header, size and CRC-32; `--quick`: the central directory and the files the checks read) against `unzip -tq` (reads and checks every entry) on the same package.\n"
    );
    let _ = writeln!(
        o,
        "| Package | Target | Entries | Verdict | Default | --quick | unzip -tq | default / unzip | Peak RSS (default, quick, unzip) |\n|---|---|---|---|---|---|---|---|---|"
    );
    for v in &r.validate {
        let _ = writeln!(
            o,
            "| {} ({}) | {} | {} | {} | {} | {} | {} | {} | {}, {}, {} |",
            v.label,
            fmt_bytes(v.package_bytes),
            v.target,
            v.entries,
            v.verdict,
            fmt_summary(&v.default_ms),
            fmt_summary(&v.quick_ms),
            fmt_summary(&v.unzip_ms),
            fmt_ratio(v.default_ratio),
            fmt_kib(v.default_rss_kib),
            fmt_kib(v.quick_rss_kib),
            fmt_kib(v.unzip_rss_kib)
        );
    }

    let _ = writeln!(
        o,
        "\n### Hostile packages (issue 13)\n\n`coursepack validate` in the default mode on packages built to make it work hard: pages that inflate to gigabytes (the content scan reads at most 256 MiB), and a manifest value of megabytes (values are echoed cut, memory stays bounded).\n"
    );
    let _ = writeln!(
        o,
        "| Package | Size | Verdict | Time | Peak RSS | Report | Scan budget noted |\n|---|---|---|---|---|---|---|"
    );
    for h in &r.hostile {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} |",
            h.label,
            fmt_bytes(h.package_bytes),
            h.verdict,
            fmt_summary(&h.ms),
            fmt_kib(h.rss_kib),
            fmt_bytes(h.report_bytes as u64),
            if h.not_scanned_noted { "yes" } else { "no" }
        );
    }

    let _ = writeln!(
        o,
        "\n## Runtime\n\n### Player payload\n\nEvery `.js` and `.css` file of the player in the small module's package; gzip level 9, the JS and the CSS each gzipped as one stream (as the render crate's budget test does).\n"
    );
    let _ = writeln!(o, "| Target | JS | CSS | JS + CSS gzipped | Files |\n|---|---|---|---|---|");
    for p in &r.payload {
        let files = p
            .files
            .iter()
            .map(|f| format!("`{}` {} ({} gz)", f.path, fmt_bytes(f.raw), fmt_bytes(f.gzip)))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            p.target,
            fmt_bytes(p.js_raw),
            fmt_bytes(p.css_raw),
            fmt_bytes(p.total_gzip),
            files
        );
    }
    let _ = writeln!(
        o,
        "\n### Headless Chromium\n\nThe small module, served on 127.0.0.1 and launched as each kind of LMS launches it. First page: navigation start to the first page shown and painted. Static page, the baseline measured in turns with it: the same first page as the player left it, saved as HTML without scripts (stylesheet and images kept), launched the same way, to parsed and painted; ÷ static is the ratio of the two. Empty page: the floor, an empty document timed the same way. Ready: to the player's ready event (learner state read from the LMS). Navigation: Next/Previous click to the other page painted. LMS calls: one full run (every page, every question answered, Finish).\n"
    );
    let _ = writeln!(
        o,
        "| Target | Launch | First page | Static page | ÷ static | Empty page | Ready | Navigation | LMS commits | SetValue / statements | All LMS calls |\n|---|---|---|---|---|---|---|---|---|---|---|"
    );
    for b in &r.browser {
        let opt = |s: &Option<Summary>| s.as_ref().map_or_else(|| "n/a".into(), fmt_summary);
        let (commits, sets, calls) = match &b.lms {
            Some(l) => (
                l.commits.to_string(),
                l.set_values.or(l.statements).map_or_else(|| "n/a".into(), |v| v.to_string()),
                format!(
                    "{} ({})",
                    l.calls,
                    l.detail.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
                ),
            ),
            None => ("n/a (no LMS API)".into(), "n/a".into(), "n/a".into()),
        };
        let ratio = match (&b.first_render_ms, &b.static_page_ms) {
            (Some(f), Some(s)) if s.median > 0.0 => Some(f.median / s.median),
            _ => None,
        };
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            b.target,
            b.launch,
            opt(&b.first_render_ms),
            opt(&b.static_page_ms),
            fmt_ratio(ratio),
            opt(&b.empty_page_ms),
            opt(&b.ready_ms),
            opt(&b.navigation_ms),
            commits,
            sets,
            calls
        );
    }
    let notes: Vec<String> = r
        .browser
        .iter()
        .filter(|b| !b.notices.is_empty())
        .map(|b| format!("{}: “{}”", b.target, b.notices.join(" / ")))
        .collect();
    if !notes.is_empty() {
        let _ = writeln!(o, "\nThe player told the learner at launch: {}.", notes.join("; "));
    }

    if let Some(p) = &r.preview {
        let _ = writeln!(
            o,
            "\n### Preview\n\n`coursepack preview` of the shipped module `{}` ({} target) open in headless Chromium on `{}`; each sample writes that page with a new sentence and measures, on the wall clock, from just before the write to the reloaded package showing the sentence, its player running and painted. The rebuild is the preview's own figure (\"Built in N ms\").\n",
            p.module, p.target, p.page
        );
        let opt = |s: &Option<Summary>| s.as_ref().map_or_else(|| "n/a".into(), fmt_summary);
        let _ = writeln!(
            o,
            "| Save to reloaded page | Rebuild |\n|---|---|\n| {} | {} |",
            opt(&p.save_to_reload_ms),
            opt(&p.build_ms)
        );
    }

    if !r.peers.is_empty() {
        let _ = writeln!(
            o,
            "\n## Peers\n\nThe peer packs the small module's built web folder (its time is in-process, Node start-up not counted); coursepack builds from the Markdown source (a whole process).\n"
        );
        let _ = writeln!(
            o,
            "| Tool | Target | Peer time | Peer size | Peer identical bytes | coursepack time | coursepack size | Ratio |\n|---|---|---|---|---|---|---|---|"
        );
        for p in &r.peers {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                p.tool,
                p.target,
                fmt_summary(&p.peer_ms),
                fmt_bytes(p.peer_bytes),
                if p.peer_identical { "yes" } else { "no" },
                fmt_summary(&p.coursepack_ms),
                fmt_bytes(p.coursepack_bytes),
                fmt_ratio(p.ratio)
            );
        }
    }
    o
}

/// The ratio of two summaries' medians.
pub fn median_ratio(a: &Summary, b: &Summary) -> Option<f64> {
    ratio(a.median, b.median)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(values: &[f64]) -> Summary {
        Summary::of(values).unwrap()
    }

    fn build(module: &str, target: &str, cp: f64, zip: f64) -> BuildResult {
        BuildResult {
            module: module.into(),
            pages: 10,
            questions: 10,
            media_bytes: 2 << 20,
            target: target.into(),
            packages: if target == "all" { 5 } else { 1 },
            coursepack_ms: s(&[cp]),
            coursepack_cpu_ms: s(&[cp / 2.0]),
            coursepack_rss_kib: 9000,
            package_bytes: 2 << 20,
            zip_ms: s(&[zip]),
            zip_bytes: 2 << 20,
            ratio: ratio(cp, zip),
        }
    }

    fn validated(label: &str, default: f64, quick: f64, unzip: f64, rss: u64) -> ValidateResult {
        ValidateResult {
            label: label.into(),
            target: "scorm2004".into(),
            package_bytes: 1 << 30,
            entries: 20,
            verdict: "valid".into(),
            default_ms: s(&[default]),
            quick_ms: s(&[quick]),
            unzip_ms: s(&[unzip]),
            default_rss_kib: rss,
            quick_rss_kib: rss,
            unzip_rss_kib: 2000,
            default_ratio: ratio(default, unzip),
        }
    }

    fn sample() -> Report {
        let mut r = Report::default();
        r.meta.mode = "full".into();
        r.meta.machine.cores = 2;
        r.builds = vec![
            build("small", "all", 120.0, 30.0),
            build("large", "web", 1800.0, 2000.0),
            build("large", "scorm12", 2100.0, 2000.0),
        ];
        r.many = Some(ManyResult {
            output: "RAM (tmpfs)".into(),
            modules: 500,
            packages: 2500,
            media_bytes: 1 << 30,
            runs: vec![
                ThreadRun { threads: 1, ms: s(&[20_000.0]), per_package_ms: 8.0, rss_kib: 50_000, cores_used: 0.98 },
                ThreadRun { threads: 2, ms: s(&[11_000.0]), per_package_ms: 4.4, rss_kib: 60_000, cores_used: 1.8 },
            ],
            speedup: ratio(20_000.0, 11_000.0),
            zip_per_module_ms: 20.0,
            zip_modules_sampled: 50,
            ratio_per_package: ratio(4.4, 20.0),
            by_count: vec![
                CountRun { modules: 125, ms: s(&[2_900.0]), per_package_ms: 4.64 },
                CountRun { modules: 500, ms: s(&[11_000.0]), per_package_ms: 4.4 },
            ],
        });
        r.course = Some(CourseResult {
            output: "RAM (tmpfs)".into(),
            modules: 200,
            packages: 204,
            media_bytes: 400 << 20,
            runs: vec![
                ThreadRun { threads: 1, ms: s(&[2_400.0]), per_package_ms: 11.8, rss_kib: 40_000, cores_used: 0.97 },
                ThreadRun { threads: 2, ms: s(&[1_300.0]), per_package_ms: 6.4, rss_kib: 52_000, cores_used: 1.85 },
            ],
            speedup: ratio(2_400.0, 1_300.0),
            cpu_per_module_ms: 11.5,
            peak_rss_kib: 52_000,
        });
        r.media = Some(MediaResult {
            output: "RAM (tmpfs)".into(),
            target: "scorm12".into(),
            media_bytes: 500 << 20,
            coursepack_ms: s(&[400.0]),
            zip0_ms: s(&[2_500.0]),
            cat_ms: s(&[300.0]),
            vs_zip0: ratio(400.0, 2_500.0),
            vs_cat: ratio(400.0, 300.0),
            coursepack_rss_kib: 9_000,
        });
        r.validate = vec![
            validated("10 MB", 10.0, 5.0, 12.0, 4000),
            validated("1 GB", 120.0, 300.0, 1000.0, 9000),
            validated("2 GB", 2500.0, 600.0, 2000.0, 70_000),
        ];
        let hostile = |kind, package_bytes, ms: f64, rss_kib| HostileResult {
            kind,
            label: "case".into(),
            package_bytes,
            verdict: "invalid".into(),
            report_bytes: 2000,
            not_scanned_noted: kind == HostileKind::BoundedScan,
            ms: s(&[ms]),
            rss_kib,
        };
        r.hostile = vec![
            hostile(HostileKind::BoundedScan, 72_000_000, 3000.0, 30_000),
            hostile(HostileKind::HugeValue, 16_000_000, 300.0, 40_000),
        ];
        r.payload = vec![Payload {
            target: "web".into(),
            files: vec![PayloadFile { path: "player/player.js".into(), raw: 50_000, gzip: 15_000 }],
            js_raw: 50_000,
            css_raw: 10_000,
            total_gzip: 18_000,
        }];
        r.browser = vec![BrowserResult {
            target: "web".into(),
            launch: "index.html".into(),
            first_render_ms: Some(s(&[40.0, 50.0, 60.0])),
            static_page_ms: Some(s(&[20.0, 25.0, 30.0])),
            empty_page_ms: Some(s(&[10.0])),
            ready_ms: Some(s(&[45.0])),
            navigation_ms: Some(s(&[5.0, 6.0])),
            lms: None,
            notices: vec![],
        }];
        r.preview = Some(PreviewResult {
            module: "digital-leadership".into(),
            page: "01-welcome.md".into(),
            target: "web".into(),
            save_to_reload_ms: Some(s(&[180.0, 200.0, 250.0])),
            build_ms: Some(s(&[20.0])),
        });
        r.goals = judge(&r);
        r
    }

    fn goal<'a>(goals: &'a [Goal], starts: &str) -> &'a Goal {
        goals.iter().find(|g| g.goal.starts_with(starts)).unwrap_or_else(|| panic!("no goal starting {starts:?}"))
    }

    #[test]
    fn goals_are_judged_on_the_figures() {
        let goals = sample().goals;
        assert_eq!(goals.len(), 17);
        let large = goal(&goals, "large module");
        assert_eq!(large.met, Some(false), "scorm12 is slower than zip");
        assert_eq!(large.measured, "web 0.90×, scorm12 1.05×");
        assert_eq!(goal(&goals, "small module").met, Some(true));
        assert_eq!(goal(&goals, "many small").met, Some(true), "1.82× ≥ 1.6");
        assert_eq!(goal(&goals, "many small").measured, "1.82× on 500 modules");
        assert_eq!(goal(&goals, "validate --quick").met, Some(true), "300 ms");
        let every_crc = goal(&goals, "validate (default: every CRC)");
        assert_eq!(every_crc.met, Some(true), "0.12× ≤ 0.15×");
        assert!(every_crc.measured.starts_with("0.12× on 1 GB"), "{}", every_crc.measured);
        assert_eq!(
            goal(&goals, "validate peak memory under 64 MiB on the 2 GB").met,
            Some(false),
            "70,000 KiB > 64 MiB"
        );
        assert_eq!(goal(&goals, "bounded scan").met, Some(true), "3 s on 72 MB");
        assert_eq!(goal(&goals, "validate peak memory under 64 MiB on a manifest").met, Some(true));
        assert_eq!(goal(&goals, "player payload").met, Some(true));
        assert_eq!(goal(&goals, "first page").met, Some(true));
        // the absolute goal, with the baseline measured in turns beside it
        assert_eq!(goal(&goals, "first page").measured, "web 50.0 ms (static page 25.0 ms, 2.00×)");
        assert_eq!(goal(&goals, "preview").met, Some(true));
        assert!(goal(&goals, "preview").measured.contains("median of 3"), "{}", goal(&goals, "preview").measured);
    }

    /// Issue 14's six build-performance rows, each against its own goal.
    #[test]
    fn the_build_performance_goals_are_judged_on_their_ratios() {
        let mut r = sample();
        let goals = judge(&r);
        let speedup = goal(&goals, "course of many modules to all targets: two threads");
        assert_eq!((speedup.met, speedup.measured.as_str()), (Some(true), "1.85× on 200 modules (204 packages)"));
        let cpu = goal(&goals, "course to all targets: CPU per module");
        assert_eq!((cpu.met, cpu.measured.as_str()), (Some(true), "11.50 ms on 200 modules"));
        assert_eq!(goal(&goals, "course to all targets: peak memory").met, Some(true), "52,000 KiB ≤ 64 MB");
        // The small module: 120 ms for all five against one zip of 6 ms (zip_ms, 30 ms, counts it five times).
        let small = goal(&goals, "small module to all five targets at most 2");
        assert_eq!((small.met, small.measured.as_str()), (Some(false), "20.00×"));
        let mut quick_small = r.clone();
        quick_small.builds[0].coursepack_ms = s(&[11.0]);
        assert_eq!(goal(&judge(&quick_small), "small module to all five targets at most 2").met, Some(true), "1.83×");
        let zip0 = goal(&goals, "large-media module at most 0.2");
        assert_eq!((zip0.met, zip0.measured.as_str()), (Some(true), "0.16× on 500.0 MiB (scorm12)"));
        let cat = goal(&goals, "large-media module at most 1.3");
        assert_eq!((cat.met, cat.measured.as_str()), (Some(false), "1.33× on 500.0 MiB (scorm12)"));

        let course = r.course.as_mut().unwrap();
        course.speedup = Some(1.5);
        course.cpu_per_module_ms = 12.7;
        course.peak_rss_kib = 62_501;
        let goals = judge(&r);
        assert_eq!(goal(&goals, "course of many modules").met, Some(false), "1.5× < 1.7×");
        assert_eq!(goal(&goals, "course to all targets: CPU").met, Some(false), "12.7 ms > 12.6 ms");
        assert_eq!(goal(&goals, "course to all targets: peak").met, Some(false), "62,501 KiB > 64 MB");
        r.course.as_mut().unwrap().runs[0].cores_used = 0.3;
        let busy = judge(&r);
        assert_eq!(goal(&busy, "course of many modules").met, None, "inconclusive on a busy machine");
        r.course = None;
        r.media = None;
        let none = judge(&r);
        assert_eq!(none.len(), 17, "the rows stay when not measured");
        for prefix in ["course of many", "course to all targets: CPU", "course to all targets: peak", "large-media"] {
            assert_eq!(goal(&none, prefix).met, None, "{prefix}");
            assert_eq!(goal(&none, prefix).measured, "not measured", "{prefix}");
        }
    }

    #[test]
    fn a_slow_reload_fails_the_preview_goal_and_none_is_not_applicable() {
        let mut r = sample();
        r.preview.as_mut().unwrap().save_to_reload_ms = Some(s(&[250.0, 320.0, 400.0]));
        assert_eq!(goal(&judge(&r), "preview").met, Some(false));
        r.preview = None;
        assert_eq!(goal(&judge(&r), "preview").met, None);
    }

    #[test]
    fn unmeasured_or_single_core_goals_are_not_applicable() {
        let mut r = sample();
        r.meta.machine.cores = 1;
        r.validate.truncate(1);
        r.browser.clear();
        let goals = judge(&r);
        assert_eq!(goal(&goals, "many small").met, None);
        assert_eq!(goal(&goals, "many small").measured, "n/a: one core");
        assert_eq!(goal(&goals, "validate --quick").met, None);
        assert_eq!(goal(&goals, "validate (default: every CRC)").met, None);
        assert_eq!(goal(&goals, "validate peak memory under 64 MiB on the 2 GB").met, None);
        assert_eq!(goal(&goals, "first page").met, None);
    }

    #[test]
    fn scaling_is_inconclusive_when_one_thread_did_not_get_a_core() {
        let mut r = sample();
        let many = r.many.as_mut().unwrap();
        many.runs[0].cores_used = 0.2;
        many.speedup = Some(1.1);
        let g = judge(&r);
        let scaling = goal(&g, "many small");
        assert_eq!(scaling.met, None);
        assert!(
            scaling.measured.contains("1.10×") && scaling.measured.contains("inconclusive"),
            "{}",
            scaling.measured
        );
        r.many.as_mut().unwrap().runs[0].cores_used = 0.95;
        assert_eq!(goal(&judge(&r), "many small").met, Some(false), "1.1× with a whole core is a real miss");
    }

    #[test]
    fn a_slow_first_page_on_one_target_fails_the_goal() {
        let mut r = sample();
        let mut slow = r.browser[0].clone();
        slow.target = "scorm12".into();
        slow.first_render_ms = Some(s(&[150.0]));
        r.browser.push(slow);
        assert_eq!(goal(&judge(&r), "first page").met, Some(false));
    }

    #[test]
    fn writes_json_and_markdown() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-report-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let report = sample();
        write(&report, &dir).unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("report.json")).unwrap()).unwrap();
        assert_eq!(json["meta"]["mode"], "full");
        assert_eq!(json["builds"][1]["target"], "web");
        assert_eq!(json["builds"][1]["coursepack_ms"]["median"], 1800.0);
        assert_eq!(json["validate"][2]["default_ratio"], 1.25);
        assert_eq!(json["hostile"][0]["kind"], "bounded-scan");
        assert_eq!(json["goals"][0]["met"], false);
        assert_eq!(json["browser"][0]["lms"], serde_json::Value::Null);
        let md = std::fs::read_to_string(dir.join("report.md")).unwrap();
        assert!(md.starts_with("# coursepack benchmark report\n"));
        assert!(md.contains("| large module: build no slower than zip (every target, ratio ≤ 1) | web 0.90×, scorm12 1.05× | **not met** |"), "{md}");
        assert!(
            md.contains("| small module to all five targets under 150 ms | 120 ms (median of 1) | **met** |"),
            "{md}"
        );
        assert!(md.contains("| large | 10 | 10 | 2.0 MiB | web | 1.80 s (1.80 s–1.80 s, n=1) | 900 ms |"), "{md}");
        assert!(
            md.contains("| web | index.html | 50.0 ms (40.0 ms–60.0 ms, n=3) | 25.0 ms (20.0 ms–30.0 ms, n=3) | 2.00× | 10.0 ms (10.0 ms–10.0 ms, n=1) | 45.0 ms"),
            "{md}"
        );
        assert_eq!(json["browser"][0]["static_page_ms"]["median"], 25.0);
        assert!(md.contains("n/a (no LMS API)"));
        assert!(
            md.contains("one small module to all targets takes 24.0 ms per package; 500 of them in one build take 4.40 ms per package (0.18× of the single module's)"),
            "{md}"
        );
        assert!(md.contains("| 125 | 2.90 s (2.90 s–2.90 s, n=1) | 4.64 ms | 1.05× |"), "{md}");
        assert!(md.contains("| 500 | 11.0 s (11.0 s–11.0 s, n=1) | 4.40 ms | 1.00× |"), "{md}");
        assert_eq!(json["many"]["by_count"][0]["modules"], 125);
        assert!(!md.contains("Quick mode"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn quick_reports_say_their_figures_mean_nothing() {
        let mut r = sample();
        r.meta.mode = "quick".into();
        assert!(markdown(&r).contains("**Quick mode**"));
    }

    #[test]
    fn formats_for_people() {
        assert_eq!(fmt_ms(0.5), "0.50 ms");
        assert_eq!(fmt_ms(42.0), "42.0 ms");
        assert_eq!(fmt_ms(420.4), "420 ms");
        assert_eq!(fmt_ms(4200.0), "4.20 s");
        assert_eq!(fmt_ms(42_000.0), "42.0 s");
        assert_eq!(fmt_bytes(999), "999 B");
        assert_eq!(fmt_bytes(25 * 1024), "25.0 KiB");
        assert_eq!(fmt_bytes(3 << 20), "3.0 MiB");
        assert_eq!(fmt_bytes(2 << 30), "2.00 GiB");
        assert_eq!(fmt_kib(65_536), "64.0 MiB");
        assert_eq!(fmt_ratio(Some(1.234)), "1.23×");
        assert_eq!(fmt_ratio(None), "n/a");
        assert_eq!(fmt_cpu_ms(0.0), "< 10 ms");
        assert_eq!(fmt_cpu_ms(20.0), "20.0 ms");
    }
}
