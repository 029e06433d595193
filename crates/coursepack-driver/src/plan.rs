//! Which packages a build yields, and the problems only a build finds: the
//! learner-state proof per target, the course rules that depend on the LMS,
//! and xAPI/cmi5 activity ids on the shared default base.

use crate::project::{Project, sorted};
use coursepack_compile::CompiledModule;
use coursepack_diagnostics::{Diagnostic, SourceFile};
use coursepack_package::{BuildOptions, LmsProfile, PackageContent, Target, check_state_limits, package_name};
use coursepack_source::DEFAULT_ACTIVITY_BASE_IRI;
use rayon::prelude::*;
use std::collections::BTreeSet;

/// What one package holds: a module of the project on its own, or a course
/// (indices into [`Project::modules`] and [`Project::courses`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum JobContent {
    /// A module on its own: `Project::modules()[i]`.
    Module(usize),
    /// A course, one SCO or AU per module: `Project::courses()[i]`.
    Course(usize),
}

/// One package a build writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Job {
    /// What it holds.
    pub content: JobContent,
    /// Its target.
    pub target: Target,
}

/// A build worked out before anything is written: the packages it yields
/// ([`Plan::jobs`]) and every problem, those of the project and those only a
/// build finds ([`Plan::diagnostics`]). [`Plan::build`] writes the packages.
#[derive(Clone, Debug)]
pub struct Plan<'p> {
    pub(crate) project: &'p Project,
    pub(crate) jobs: Vec<Job>,
    pub(crate) options: BuildOptions,
    diagnostics: Vec<Diagnostic>,
    /// Each course's modules in course order.
    members: Vec<Vec<&'p CompiledModule>>,
}

impl<'p> Plan<'p> {
    /// The packages of `project` for `targets` (duplicates ignored): the web
    /// target gives one site per module; an LMS target one package per
    /// course (one SCO/AU per module) and one per module given on its own.
    pub(crate) fn new(project: &'p Project, targets: &[Target], options: &BuildOptions) -> Plan<'p> {
        let mut unique: Vec<Target> = Vec::new();
        for target in targets {
            if !unique.contains(target) {
                unique.push(*target);
            }
        }
        let mut jobs = Vec::new();
        for target in unique {
            jobs.extend(jobs_for(project, target).into_iter().map(|content| Job { content, target }));
        }
        let mut found = state_limits(project, &jobs, options);
        found.extend(course_order_warnings(project, &jobs, options.lms));
        found.extend(activity_iri_warnings(project, &jobs));
        let diagnostics = if found.is_empty() {
            project.diagnostics().to_vec()
        } else {
            sorted(project.diagnostics().iter().cloned().chain(found).collect())
        };
        let members = project
            .courses()
            .iter()
            .map(|c| c.modules.iter().map(|m| &project.modules()[*m].compiled).collect())
            .collect();
        Plan { project, jobs, options: *options, diagnostics, members }
    }

    /// The packages, target by target in the order asked for; courses before
    /// modules within a target.
    pub fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// The project planned.
    pub fn project(&self) -> &'p Project {
        self.project
    }

    /// The options every package is built with.
    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Every problem: the project's, the learner-state proof's, the course
    /// rules' and the default activity base's, sorted by location.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// True when the plan has an error: [`Plan::build`] then refuses to write.
    pub fn has_errors(&self) -> bool {
        crate::fails(&self.diagnostics, false)
    }

    /// What a job's package holds.
    pub fn content(&self, job: &Job) -> PackageContent<'_> {
        match job.content {
            JobContent::Module(m) => PackageContent::Module(&self.project.modules()[m].compiled),
            JobContent::Course(c) => PackageContent::Course(&self.project.courses()[c].info, &self.members[c]),
        }
    }

    /// The file name of a job's package: `<module or course id>-<version>-<target>.zip`.
    pub fn package_name(&self, job: &Job) -> String {
        package_name(&self.content(job), job.target)
    }
}

fn jobs_for(project: &Project, target: Target) -> Vec<JobContent> {
    if target == Target::Web {
        return (0..project.modules().len()).map(JobContent::Module).collect();
    }
    let courses = (0..project.courses().len()).map(JobContent::Course);
    let alone = (0..project.modules().len()).filter(|m| project.modules()[*m].standalone).map(JobContent::Module);
    courses.chain(alone).collect()
}

/// Proves, before anything is written, that the learner's saved state of
/// every module fits every LMS target it is built for (once per module and target).
fn state_limits(project: &Project, jobs: &[Job], options: &BuildOptions) -> Vec<Diagnostic> {
    let mut checked = BTreeSet::new();
    let mut pairs = Vec::new();
    for job in jobs {
        let members = match job.content {
            JobContent::Module(m) => vec![m],
            JobContent::Course(c) => project.courses()[c].modules.clone(),
        };
        for m in members {
            if checked.insert((m, job.target)) {
                pairs.push((m, job.target));
            }
        }
    }
    // On every core (rayon), the problems in the same order.
    pairs
        .par_iter()
        .map(|(m, target)| check_state_limits(&project.modules()[*m].compiled, *target, options))
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect()
}

/// Moodle and Totara run SCORM 2004 content but not its sequencing: a course
/// package's order (each module unlocked by the one before) is not enforced
/// there. SCORM 1.2's `adlcp:prerequisites`, which they do evaluate, is.
fn course_order_warnings(project: &Project, jobs: &[Job], lms: LmsProfile) -> Vec<Diagnostic> {
    if lms.applies_sequencing() {
        return Vec::new();
    }
    jobs.iter()
        .filter_map(|job| match (job.content, job.target) {
            (JobContent::Course(c), Target::Scorm2004) => Some(&project.courses()[c]),
            _ => None,
        })
        .map(|course| {
            let file = &course.manifest;
            // At the module list: `modules`, or the first `[[sections]]` of a course in sections.
            let span = coursepack_source::value_span(file, "modules")
                .or_else(|| coursepack_source::value_span(file, "sections#key"))
                .unwrap_or(0..0);
            Diagnostic::warning(
                "package/course-order-not-enforced",
                format!(
                    "course `{}`: {} does not apply SCORM 2004 sequencing, so learners can open its modules in any order",
                    course.info.meta.id,
                    lms.display_name()
                ),
            )
            .at_span(file, span)
            .with_hint("build the course for scorm12, whose adlcp:prerequisites Moodle and Totara evaluate, or tell learners the order in the course description")
        })
        .collect()
}

/// Without an `activity_base_iri`, every publisher's module `intro` has the
/// activity id `urn:coursepack:module/intro`: two organisations using
/// coursepack would mix their learners' records in one LRS. An xAPI or cmi5
/// build warns once per package content at the `id` of the manifest that
/// lacks the base: a module built on its own without one, or a course
/// without one (its modules without a base of their own take the course's,
/// so a course that sets one covers them).
fn activity_iri_warnings(project: &Project, jobs: &[Job]) -> Vec<Diagnostic> {
    // A base that is set but invalid was already reported (`manifest/invalid-activity-iri`).
    let has_base = |base: &Option<String>, file: &SourceFile| {
        base.is_some() || coursepack_source::value_span(file, "activity_base_iri").is_some()
    };
    let mut warned = BTreeSet::new();
    let mut found = Vec::new();
    for job in jobs.iter().filter(|j| matches!(j.target, Target::Xapi | Target::Cmi5)) {
        if !warned.insert(job.content) {
            continue;
        }
        let (file, what, id) = match job.content {
            JobContent::Module(m) => {
                let module = &project.modules()[m];
                if has_base(&module.compiled.meta.activity_base_iri, &module.manifest) {
                    continue;
                }
                (&module.manifest, "module", &module.compiled.meta.id)
            }
            JobContent::Course(c) => {
                let course = &project.courses()[c];
                if has_base(&course.info.meta.activity_base_iri, &course.manifest) {
                    continue;
                }
                (&course.manifest, "course", &course.info.meta.id)
            }
        };
        let span = coursepack_source::value_span(file, "id").unwrap_or(0..0);
        let covers =
            if what == "course" { " (it also covers the course's modules that have none of their own)" } else { "" };
        found.push(
            Diagnostic::warning(
                "package/default-activity-iri",
                format!(
                    "{what} `{id}` has no `activity_base_iri`, so its xAPI and cmi5 activity ids use the shared base \
                     `{DEFAULT_ACTIVITY_BASE_IRI}` (`{DEFAULT_ACTIVITY_BASE_IRI}{what}/{id}`): another organisation's {what} \
                     with the same id would get the same ids, and one learning record store would mix their learners' records"
                ),
            )
            .at_span(file, span)
            .with_hint(format!(
                "add a base of your own to this file, made once and never changed{covers}: your organisation's web \
                 address such as `activity_base_iri = \"https://learning.example.org/xapi/\"`, or a unique URN such as \
                 `activity_base_iri = \"{DEFAULT_ACTIVITY_BASE_IRI}<a new UUID>:\"` (`coursepack new` writes one)"
            )),
        );
    }
    found
}
