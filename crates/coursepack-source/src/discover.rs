//! Finding modules and courses under a folder, for commands such as
//! `coursepack build modules-src`.

use crate::{COURSE_FILE, MODULE_FILE};
use std::io;
use std::path::{Path, PathBuf};

/// How deep [`discover`] looks below the folder it is given.
const MAX_DEPTH: usize = 6;

/// A module or course folder found by [`discover`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Discovered {
    /// A folder with `module.toml`.
    Module(PathBuf),
    /// A folder with `course.toml` (its modules are reached through it).
    Course(PathBuf),
}

/// Find what `path` holds: itself if it is a module or course folder,
/// otherwise every module and course folder below it (sorted; hidden folders,
/// `node_modules` and `target` skipped; courses and modules are not searched
/// further). Fails when `path` is not a folder or cannot be read.
pub fn discover(path: &Path) -> io::Result<Vec<Discovered>> {
    if !path.is_dir() {
        return Err(io::Error::new(io::ErrorKind::NotFound, format!("{} is not a folder", path.display())));
    }
    let mut found = Vec::new();
    walk(path, 0, &mut found)?;
    Ok(found)
}

fn walk(dir: &Path, depth: usize, found: &mut Vec<Discovered>) -> io::Result<()> {
    if dir.join(COURSE_FILE).is_file() {
        found.push(Discovered::Course(dir.to_path_buf()));
        return Ok(());
    }
    if dir.join(MODULE_FILE).is_file() {
        found.push(Discovered::Module(dir.to_path_buf()));
        return Ok(());
    }
    if depth >= MAX_DEPTH {
        return Ok(());
    }
    let mut children: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && name != "node_modules" && name != "target"
        })
        .map(|e| e.path())
        .collect();
    children.sort();
    for child in children {
        walk(&child, depth + 1, found)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_modules_and_courses_sorted_without_descending_into_them() {
        let root = tempfile::tempdir().unwrap();
        let make = |rel: &str, file: &str| {
            let dir = root.path().join(rel);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(file), "").unwrap();
        };
        make("b-module", MODULE_FILE);
        make("a-course", COURSE_FILE);
        make("a-course/inner", MODULE_FILE);
        make(".hidden/m", MODULE_FILE);
        make("group/c-module", MODULE_FILE);
        let found = discover(root.path()).unwrap();
        assert_eq!(
            found,
            vec![
                Discovered::Course(root.path().join("a-course")),
                Discovered::Module(root.path().join("b-module")),
                Discovered::Module(root.path().join("group/c-module")),
            ]
        );
        assert_eq!(
            discover(&root.path().join("b-module")).unwrap(),
            vec![Discovered::Module(root.path().join("b-module"))]
        );
        assert!(discover(&root.path().join("missing")).is_err());
    }
}
