//! Writing the packages of a plan, on every core, to a folder or into memory.

use crate::plan::{Job, Plan};
use crate::{BuildError, DriverError, assemble_package, assemble_package_for_zip};
use coursepack_package::{PackageFile, PartialZip, ZipTime, write_partial_zip, write_zip_to};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Where [`Plan::build`] puts the packages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// Zips in this folder (created if missing), each written atomically.
    Folder(PathBuf),
    /// Each package as a zip in memory ([`Written::Zip`]), byte for byte the
    /// zip [`Output::Folder`] would write.
    MemoryZip,
    /// Each package as its list of files ([`Written::Files`]), not zipped:
    /// generated files in memory, media still on disk. For serving a build
    /// straight from memory (a preview).
    Files,
}

/// One package written.
#[derive(Clone, Debug)]
pub enum Written {
    /// The zip's path ([`Output::Folder`]).
    File(PathBuf),
    /// The zip's bytes ([`Output::MemoryZip`]).
    Zip(Vec<u8>),
    /// The package's files ([`Output::Files`]), paths `/`-separated.
    Files(Vec<PackageFile>),
}

impl Written {
    /// The zip's path, when the package was written to a folder.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Written::File(path) => Some(path),
            _ => None,
        }
    }
}

/// Built packages, each with its place in the plan's job list.
type Numbered = Vec<(usize, Built)>;

/// The outcome of one package of a build.
#[derive(Debug)]
pub struct Built {
    /// The package.
    pub job: Job,
    /// Its file name, `<id>-<version>-<target>.zip`.
    pub name: String,
    /// What was written, or why it failed. Each package fails on its own.
    pub result: Result<Written, BuildError>,
}

impl Plan<'_> {
    /// Render, assemble and write every package of the plan, on every core
    /// (rayon's pool: `RAYON_NUM_THREADS` limits it). `on_done` is called as
    /// each package finishes (from any thread), for progress. Returns one
    /// [`Built`] per job, in the order of [`Plan::jobs`].
    ///
    /// Refuses to write anything when the plan has errors (see
    /// [`Plan::has_errors`]), and fails only when the output folder cannot be
    /// created; a package that fails is reported in its [`Built::result`]
    /// and the others are still written.
    pub fn build(
        &self,
        output: &Output,
        time: ZipTime,
        on_done: &(dyn Fn(&Built) + Sync),
    ) -> Result<Vec<Built>, DriverError> {
        let errors = self.diagnostics().iter().filter(|d| d.severity == crate::Severity::Error).count();
        if errors > 0 {
            return Err(DriverError::HasErrors(errors));
        }
        if let Output::Folder(dir) = output {
            std::fs::create_dir_all(dir)
                .map_err(|e| DriverError::io(format!("cannot create output folder {}", dir.display()), e))?;
            // Partial zips of an earlier build that was killed or lost power
            // (live ones of a build running now are locked and kept).
            coursepack_package::remove_stale_partial_files(dir)
                .map_err(|e| DriverError::io(format!("cannot read output folder {}", dir.display()), e))?;
        }
        // Large jobs first (a course package before single modules), so the
        // last package to start is a short one and no core idles at the end;
        // each thread takes the next job in that order when it is free.
        let mut order: Vec<usize> = (0..self.jobs().len()).collect();
        order.sort_by_key(|i| std::cmp::Reverse(self.weight(&self.jobs()[*i])));
        let done: Mutex<Numbered> = Mutex::new(Vec::new());
        let finish = |i: usize, result: Result<Written, BuildError>| {
            let job = &self.jobs()[i];
            let built = Built { job: *job, name: self.package_name(job), result };
            on_done(&built);
            done.lock().unwrap_or_else(PoisonError::into_inner).push((i, built));
        };
        let commit = |i: usize, partial: PartialZip| {
            let dest = partial.dest().to_path_buf();
            finish(i, partial.commit().map(|()| Written::File(dest)).map_err(BuildError::from));
        };
        // A zip written to its partial file is put in place (fsync, rename,
        // fsync of the folder) by a thread of its own: that waits on the
        // disk, not the CPU, so the pool goes on with the next package
        // meanwhile and the commits overlap each other. The sender is
        // dropped when the last package is written, which ends the committers.
        let (sender, receiver) = std::sync::mpsc::channel::<(usize, PartialZip)>();
        let sender = Mutex::new(Some(sender));
        let receiver = Mutex::new(receiver);
        let committer = || {
            loop {
                let next = receiver.lock().unwrap_or_else(PoisonError::into_inner).recv();
                let Ok((i, partial)) = next else { break };
                commit(i, partial);
            }
        };
        std::thread::scope(|scope| {
            let settle = |i: usize, pending: Result<Pending, BuildError>| match pending {
                Ok(Pending::Commit(partial)) => {
                    let sent = match &*sender.lock().unwrap_or_else(PoisonError::into_inner) {
                        Some(sender) => sender.send((i, partial)).map_err(|std::sync::mpsc::SendError(sent)| sent),
                        None => Err((i, partial)),
                    };
                    if let Err((i, partial)) = sent {
                        commit(i, partial);
                    }
                }
                Ok(Pending::Done(written)) => finish(i, Ok(written)),
                Err(error) => finish(i, Err(error)),
            };
            let run = |i: usize| settle(i, self.write(&self.jobs()[i], output, time));
            // Course packages in two lanes, each lane one package after another
            // (each renders its modules on every core), beside the other
            // packages on every core. A course package holds all its modules
            // until its zip is written, so the lanes bound memory to two of
            // them at once; and while one lane writes its zip (one thread
            // copying every module's media) the other renders or writes too,
            // where one lane left a core idle (issue 14).
            let (courses, rest): (Vec<usize>, Vec<usize>) =
                order.into_iter().partition(|i| matches!(self.jobs()[*i].content, crate::JobContent::Course(_)));
            let [first, second] = course_lanes(courses);
            let lane = |jobs: Vec<usize>| jobs.into_iter().for_each(run);
            rayon::in_place_scope(|pool| {
                pool.spawn(|_| {
                    // Once every zip is written (or writing them panicked), the
                    // committers end as soon as every package is in place.
                    let _hang_up = HangUp(&sender);
                    rayon::join(
                        || rayon::join(|| lane(first), || lane(second)),
                        || rest.into_iter().par_bridge().for_each(run),
                    );
                });
                // The packages are under way on the pool; this thread starts
                // the committers now (starting a thread takes a while: before,
                // the pool waited for them). Outside the pool it is idle until
                // every package is in place, so it commits too; a thread of
                // the pool must not block, it takes part in the work instead.
                let on_pool = rayon::current_thread_index().is_some();
                if matches!(output, Output::Folder(_)) {
                    for _ in usize::from(!on_pool)..COMMITTERS {
                        let _ =
                            std::thread::Builder::new().name("coursepack-commit".into()).spawn_scoped(scope, committer);
                    }
                }
                if !on_pool {
                    committer();
                }
            });
            // Every zip is written; any not taken (no committer could be started) is put in place here.
            committer();
        });
        let mut built = done.into_inner().unwrap_or_else(PoisonError::into_inner);
        built.sort_by_key(|(i, _)| *i);
        Ok(built.into_iter().map(|(_, built)| built).collect())
    }

    /// How much work a job is, roughly: the pages and asset files of its modules.
    fn weight(&self, job: &Job) -> usize {
        let size = |m: &coursepack_compile::CompiledModule| m.pages.len() + m.assets.len();
        match self.content(job) {
            coursepack_package::PackageContent::Module(m) => size(m),
            coursepack_package::PackageContent::Course(_, members) => members.iter().map(|m| size(m)).sum(),
        }
    }

    fn write(&self, job: &Job, output: &Output, time: ZipTime) -> Result<Pending, BuildError> {
        let files = self.assemble(job, output, time)?;
        self.write_files(job, files, output, time)
    }

    /// A job's package files, as `output` takes them.
    fn assemble(&self, job: &Job, output: &Output, time: ZipTime) -> Result<Vec<PackageFile>, BuildError> {
        let (content, target, options) = (&self.content(job), job.target, self.options());
        // Into a zip: each module's files deflated as soon as they are rendered (see assemble_package_for_zip).
        Ok(match output {
            Output::Files => assemble_package(content, target, options)?,
            Output::Folder(_) | Output::MemoryZip => assemble_package_for_zip(content, target, options, time)?,
        })
    }

    /// Write a job's assembled files to `output`.
    fn write_files(
        &self,
        job: &Job,
        files: Vec<PackageFile>,
        output: &Output,
        time: ZipTime,
    ) -> Result<Pending, BuildError> {
        Ok(match output {
            Output::Folder(dir) => Pending::Commit(write_partial_zip(&files, &dir.join(self.package_name(job)), time)?),
            Output::MemoryZip => {
                Pending::Done(Written::Zip(write_zip_to(&files, std::io::Cursor::new(Vec::new()), time)?.into_inner()))
            }
            Output::Files => Pending::Done(Written::Files(files)),
        })
    }
}

/// Drops the committers' sender when dropped: their `recv` then ends once
/// every zip sent has been taken.
struct HangUp<'a, T>(&'a Mutex<Option<std::sync::mpsc::Sender<T>>>);

impl<T> Drop for HangUp<'_, T> {
    fn drop(&mut self) {
        drop(self.0.lock().unwrap_or_else(PoisonError::into_inner).take());
    }
}

/// A package written, or written to its partial file and still to be put in place.
enum Pending {
    Done(Written),
    Commit(PartialZip),
}

/// How many threads put written zips in place at once (each mostly waits
/// for the disk to flush).
const COMMITTERS: usize = 4;

/// The course packages, largest first, dealt into two lanes in turn (the
/// first, third, ... into one, the second, fourth, ... into the other), each
/// keeping that order: [`Plan::build`] runs each lane one package after
/// another and the two lanes side by side, so at most two course packages
/// are held at once, and on one thread the largest still starts first.
fn course_lanes(courses: Vec<usize>) -> [Vec<usize>; 2] {
    let mut lanes = [Vec::new(), Vec::new()];
    for (n, job) in courses.into_iter().enumerate() {
        lanes[n % 2].push(job);
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::{HangUp, course_lanes};
    use std::sync::Mutex;

    /// The committers (here one receiving thread) end once the writing of
    /// the packages is over, also when it panicked: the build's thread,
    /// committing too, never waits for a zip that will not come.
    #[test]
    fn the_committers_end_when_writing_ends_even_by_a_panic() {
        for panics in [false, true] {
            let (sender, receiver) = std::sync::mpsc::channel::<usize>();
            let sender = Mutex::new(Some(sender));
            let received = std::thread::scope(|scope| {
                let committer = scope.spawn(move || receiver.iter().collect::<Vec<_>>());
                let writer = scope.spawn(|| {
                    let _hang_up = HangUp(&sender);
                    for n in 0..3 {
                        if let Some(sender) = &*sender.lock().unwrap() {
                            sender.send(n).unwrap();
                        }
                    }
                    assert!(!panics, "a package failed to write");
                });
                assert_eq!(writer.join().is_err(), panics);
                committer.join().unwrap()
            });
            assert_eq!(received, [0, 1, 2]);
        }
    }

    #[test]
    fn course_packages_go_in_two_lanes_in_turn_keeping_their_order() {
        assert_eq!(course_lanes(vec![]), [Vec::<usize>::new(), Vec::new()]);
        assert_eq!(course_lanes(vec![7]), [vec![7], vec![]]);
        // Largest first in, first in each lane; never more than two lanes.
        assert_eq!(course_lanes(vec![3, 0, 2, 1, 5]), [vec![3, 2, 5], vec![0, 1]]);
    }
}
