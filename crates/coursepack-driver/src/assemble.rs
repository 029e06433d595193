//! One package: place its modules, render their players, list its files.

use crate::BuildError;
use coursepack_package::{
    BuildOptions, PackageContent, PackageFile, PackagePlan, Target, ZipTime, package_name, player_files,
};
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
    assemble(content, target, options, None)
}

/// The files of [`assemble_package`] as the zip writer takes them for a zip
/// written at `time`: each module's generated files are deflated on the
/// thread that rendered them, as soon as they are rendered, and their text
/// released ([`PackageFile::deflated`]). A course package then holds its
/// modules compressed until the zip is written (about a fifth of their
/// text), never every module's rendered text at once. The zip is the same,
/// byte for byte.
pub fn assemble_package_for_zip(
    content: &PackageContent<'_>,
    target: Target,
    options: &BuildOptions,
    time: ZipTime,
) -> Result<Vec<PackageFile>, BuildError> {
    assemble(content, target, options, Some(time))
}

fn assemble(
    content: &PackageContent<'_>,
    target: Target,
    options: &BuildOptions,
    deflate_at: Option<ZipTime>,
) -> Result<Vec<PackageFile>, BuildError> {
    let plan = PackagePlan::new(*content, target, options)?;
    // Modules on every core (rayon; collected in course order).
    let players = plan
        .modules()
        .par_iter()
        .map(|slot| {
            let files = player_files(render_with_options(slot.module, plan.target(), &slot.player)?);
            Ok(match deflate_at {
                // The page, the player's script and its stylesheet deflated side by side (the
                // player once per process): a core left idle at the end of a build takes some.
                Some(time) => files.into_par_iter().map(|f| f.deflated(time)).collect::<Result<_, _>>()?,
                None => files,
            })
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    let files = plan.assemble(players, course_page(&plan)?)?;
    Ok(match (deflate_at, content) {
        // A course package's own files (its manifest lists every module:
        // `tincan.xml` is megabytes for a large course) deflated too, on
        // every core, so that it holds them compressed while its zip is
        // written, as it holds its modules.
        (Some(time), PackageContent::Course(..)) => {
            files.into_par_iter().map(|f| f.deflated(time)).collect::<Result<Vec<_>, _>>()?
        }
        _ => files,
    })
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
    Ok((players, course_page(plan)?))
}

/// The rendered page an xAPI course package opens on; nothing for every other package.
fn course_page(plan: &PackagePlan<'_>) -> Result<Vec<coursepack_render::OutputFile>, BuildError> {
    Ok(match plan.course_page()? {
        Some(page) => render_course_page(&page)?,
        None => Vec::new(),
    })
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
    let files = assemble_package_for_zip(content, target, options, time)?;
    std::fs::create_dir_all(out_dir).map_err(|source| coursepack_package::PackageError::Io {
        context: format!("cannot create output folder {}", out_dir.display()),
        source,
    })?;
    let dest = out_dir.join(package_name(content, target));
    coursepack_package::write_zip(&files, &dest, time)?;
    Ok(dest)
}
