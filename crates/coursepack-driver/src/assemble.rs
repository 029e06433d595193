//! One package: place its modules, render their players, list its files.

use crate::BuildError;
use coursepack_package::{BuildOptions, PackageContent, PackageFile, PackagePlan, Target, ZipTime, package_name};
use coursepack_render::{render_course_page, render_with_options};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The files of a module or course package for `target`: each module's
/// rendered player and exactly the assets its pages use (in a folder named
/// after its id in a course package), and the target's manifest files.
pub fn assemble_package(
    content: &PackageContent<'_>,
    target: Target,
    options: &BuildOptions,
) -> Result<Vec<PackageFile>, BuildError> {
    let plan = PackagePlan::new(*content, target, options)?;
    let (players, course_page) = render_package(&plan)?;
    Ok(plan.assemble(players, course_page)?)
}

/// Render every player of a planned package on every core (one list of
/// files per module, in order) and, for an xAPI course, the page it opens on.
pub fn render_package(
    plan: &PackagePlan<'_>,
) -> Result<(Vec<Vec<coursepack_render::OutputFile>>, Vec<coursepack_render::OutputFile>), BuildError> {
    // Modules on every core (rayon; collected in course order).
    let players = plan
        .modules()
        .par_iter()
        .map(|slot| render_with_options(slot.module, plan.target(), &slot.player))
        .collect::<Result<Vec<_>, _>>()?;
    let course_page = match plan.course_page()? {
        Some(page) => render_course_page(&page)?,
        None => Vec::new(),
    };
    Ok((players, course_page))
}

/// Build a module or course package for `target` into `out_dir` as
/// `<id>-<version>-<target>.zip`, returning its path. The zip appears
/// complete or not at all (see `coursepack_package::write_zip`).
pub fn build_package(
    content: &PackageContent<'_>,
    target: Target,
    options: &BuildOptions,
    out_dir: &Path,
    time: ZipTime,
) -> Result<PathBuf, BuildError> {
    let files = assemble_package(content, target, options)?;
    std::fs::create_dir_all(out_dir).map_err(|source| coursepack_package::PackageError::Io {
        context: format!("cannot create output folder {}", out_dir.display()),
        source,
    })?;
    let dest = out_dir.join(package_name(content, target));
    coursepack_package::write_zip(&files, &dest, time)?;
    Ok(dest)
}
