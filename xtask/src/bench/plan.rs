//! What the bench measures and how often: the full plan (the sizes the issue
//! names) and the quick plan (tiny sizes, every code path, for CI).

use super::generate::{FileSet, ModuleSpec};

const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

/// Which plan to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The real figures: sizes from the issue, repeated runs.
    Full,
    /// Tiny sizes and few repeats: proves the code runs, not the figures.
    Quick,
}

impl Mode {
    /// The name written in the report.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Full => "full",
            Mode::Quick => "quick",
        }
    }
}

/// A module to build, and how many times to measure it.
#[derive(Clone, Debug)]
pub struct BuildCase {
    /// The label in the report: small, medium, large.
    pub label: &'static str,
    /// What to generate.
    pub spec: ModuleSpec,
    /// Measured runs per target (the median is reported).
    pub repeats: usize,
}

/// A package size to validate.
#[derive(Clone, Debug)]
pub struct ValidateCase {
    /// The label in the report: "10 MB", "1 GB", "2 GB".
    pub label: &'static str,
    /// The module whose package is validated.
    pub spec: ModuleSpec,
    /// Measured runs of each command.
    pub repeats: usize,
}

/// The hostile packages the validator's bounded-work rows measure.
#[derive(Clone, Debug)]
pub struct HostilePlan {
    /// Pages of the bounded-scan package.
    pub scan_files: usize,
    /// Bytes of each page (they deflate about 220:1).
    pub page_bytes: usize,
    /// Length of the huge manifest value.
    pub value_bytes: usize,
    /// Measured runs of each.
    pub repeats: usize,
}

/// Everything one run of the bench does.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Builds measured one module at a time.
    pub builds: Vec<BuildCase>,
    /// The module the "many" case repeats, and how many copies.
    pub many: (ModuleSpec, usize),
    /// Measured runs of the "many" case per thread count.
    pub many_repeats: usize,
    /// The module a course repeats, and how many modules the course has (issue 14).
    pub course: (ModuleSpec, usize),
    /// Measured runs of the course per thread count.
    pub course_repeats: usize,
    /// The large-media module built against `zip -0` and `cat` (issue 14).
    pub media: ModuleSpec,
    /// Measured runs of it and of each baseline.
    pub media_repeats: usize,
    /// Packages validated.
    pub validates: Vec<ValidateCase>,
    /// Hostile packages validated (bounded scan, huge value).
    pub hostile: HostilePlan,
    /// Samples of time to first rendered page, and of page-to-page navigation.
    pub browser_samples: usize,
    /// Runs of the peer packager (and of the coursepack build compared with it).
    pub peer_runs: usize,
}

fn module(id: &str, pages: usize, questions: usize, images: FileSet, videos: FileSet) -> ModuleSpec {
    ModuleSpec { id: id.into(), pages, questions, images, videos }
}

fn set(count: usize, bytes_each: u64) -> FileSet {
    FileSet { count, bytes_each }
}

impl Plan {
    /// The plan for `mode`.
    pub fn new(mode: Mode) -> Plan {
        match mode {
            Mode::Full => Plan {
                builds: vec![
                    // 10 pages, 10 questions, 2 MB of images.
                    BuildCase {
                        label: "small",
                        spec: module("bench-small", 10, 10, set(4, 512 * KIB), FileSet::NONE),
                        repeats: 10,
                    },
                    // 100 pages, 200 questions, 50 MB.
                    BuildCase {
                        label: "medium",
                        spec: module("bench-medium", 100, 200, set(25, 2 * MIB), FileSet::NONE),
                        repeats: 5,
                    },
                    // 1 GB of mostly incompressible media: 256 MB of images, 768 MB of video.
                    BuildCase {
                        label: "large",
                        spec: module("bench-large", 10, 10, set(32, 8 * MIB), set(6, 128 * MIB)),
                        repeats: 3,
                    },
                ],
                many: (module("bench-many", 10, 10, set(4, 512 * KIB), FileSet::NONE), 500),
                many_repeats: 1,
                // Issue 14: a 200-module course; 500 MB of media.
                course: (module("bench-course", 10, 10, set(4, 512 * KIB), FileSet::NONE), 200),
                course_repeats: 2,
                media: module("bench-media", 2, 2, FileSet::NONE, set(4, 125 * MIB)),
                media_repeats: 3,
                validates: vec![
                    ValidateCase {
                        label: "10 MB",
                        spec: module("bench-val-10mb", 2, 2, set(5, 2 * MIB), FileSet::NONE),
                        repeats: 10,
                    },
                    ValidateCase {
                        label: "1 GB",
                        spec: module("bench-val-1gb", 2, 2, set(8, 16 * MIB), set(7, 128 * MIB)),
                        repeats: 3,
                    },
                    ValidateCase {
                        label: "2 GB",
                        spec: module("bench-val-2gb", 2, 2, FileSet::NONE, set(16, 128 * MIB)),
                        repeats: 2,
                    },
                ],
                // Issue 13: a 72 MB zip of 1,900 highly compressible 8 MiB pages; a 15 MiB value.
                hostile: HostilePlan {
                    scan_files: 1900,
                    page_bytes: 8 * MIB as usize,
                    value_bytes: 15 * MIB as usize,
                    repeats: 3,
                },
                browser_samples: 20,
                peer_runs: 5,
            },
            Mode::Quick => Plan {
                builds: vec![
                    BuildCase {
                        label: "small",
                        spec: module("bench-small", 3, 3, set(2, 16 * KIB), FileSet::NONE),
                        repeats: 1,
                    },
                    BuildCase {
                        label: "medium",
                        spec: module("bench-medium", 6, 12, set(4, 64 * KIB), FileSet::NONE),
                        repeats: 1,
                    },
                    BuildCase {
                        label: "large",
                        spec: module("bench-large", 2, 2, set(2, 512 * KIB), set(1, MIB)),
                        repeats: 1,
                    },
                ],
                many: (module("bench-many", 3, 3, set(2, 16 * KIB), FileSet::NONE), 6),
                many_repeats: 1,
                course: (module("bench-course", 3, 3, set(2, 16 * KIB), FileSet::NONE), 6),
                course_repeats: 1,
                media: module("bench-media", 2, 2, FileSet::NONE, set(2, MIB)),
                media_repeats: 1,
                validates: vec![
                    ValidateCase {
                        label: "256 KB",
                        spec: module("bench-val-256k", 2, 2, set(2, 128 * KIB), FileSet::NONE),
                        repeats: 1,
                    },
                    ValidateCase {
                        label: "1 MB",
                        spec: module("bench-val-1mb", 2, 2, FileSet::NONE, set(2, 512 * KIB)),
                        repeats: 1,
                    },
                    ValidateCase {
                        label: "2 MB",
                        spec: module("bench-val-2mb", 2, 2, FileSet::NONE, set(2, MIB)),
                        repeats: 1,
                    },
                ],
                hostile: HostilePlan {
                    scan_files: 12,
                    page_bytes: MIB as usize,
                    value_bytes: MIB as usize,
                    repeats: 1,
                },
                browser_samples: 1,
                peer_runs: 2,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_plan_has_the_sizes_the_issue_names() {
        let plan = Plan::new(Mode::Full);
        let by = |label: &str| plan.builds.iter().find(|b| b.label == label).unwrap().spec.clone();
        let small = by("small");
        assert_eq!((small.pages, small.questions, small.media_bytes()), (10, 10, 2 * MIB));
        let medium = by("medium");
        assert_eq!((medium.pages, medium.questions, medium.media_bytes()), (100, 200, 50 * MIB));
        assert_eq!(by("large").media_bytes(), 1024 * MIB);
        assert_eq!(plan.many.1, 500);
        assert_eq!(plan.many.0.media_bytes(), small.media_bytes());
        assert_eq!(plan.course.1, 200, "issue 14: a 200-module course");
        assert_eq!(plan.media.media_bytes(), 500 * MIB, "issue 14: a 500 MB media module");
        let sizes: Vec<u64> = plan.validates.iter().map(|v| v.spec.media_bytes()).collect();
        assert_eq!(sizes, [10 * MIB, 1024 * MIB, 2048 * MIB]);
        assert!(plan.browser_samples >= 20);
    }

    #[test]
    fn the_quick_plan_has_every_case_of_the_full_one() {
        let (full, quick) = (Plan::new(Mode::Full), Plan::new(Mode::Quick));
        let labels = |p: &Plan| p.builds.iter().map(|b| b.label).collect::<Vec<_>>();
        assert_eq!(labels(&full), labels(&quick));
        assert_eq!(full.validates.len(), quick.validates.len());
        assert!(quick.many.1 >= 2 && quick.browser_samples >= 1 && quick.peer_runs >= 2);
        assert!(quick.course.1 >= 2 && quick.media.media_bytes() > 0);
        let quick_bytes: u64 = quick.builds.iter().map(|b| b.spec.media_bytes()).sum::<u64>()
            + quick.validates.iter().map(|v| v.spec.media_bytes()).sum::<u64>()
            + quick.course.0.media_bytes() * quick.course.1 as u64
            + quick.media.media_bytes();
        assert!(quick_bytes < 64 * MIB, "quick must stay quick: {quick_bytes} bytes of media");
        // Every media kind the full plan uses is exercised by the quick one.
        assert!(quick.builds.iter().any(|b| b.spec.videos.count > 0 && b.spec.images.count > 0));
    }
}
