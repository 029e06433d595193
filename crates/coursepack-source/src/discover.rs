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
/// A path to a `module.toml` or `course.toml` file stands for its folder.
/// The error says, in words, whether the path does not exist (with the
/// nearest name in its folder) or is a file.
pub fn discover(path: &Path) -> io::Result<Vec<Discovered>> {
    let shown = path.display();
    match std::fs::metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let hint = match nearest_name(path) {
                Some(near) => format!("; did you mean `{near}`?"),
                None => String::new(),
            };
            Err(io::Error::new(io::ErrorKind::NotFound, format!("{shown} does not exist{hint}")))
        }
        Err(e) => Err(io::Error::new(e.kind(), format!("cannot read {shown}: {e}"))),
        Ok(meta) if meta.is_dir() => {
            let mut found = Vec::new();
            walk(path, 0, &mut found)?;
            Ok(found)
        }
        Ok(_) if path.file_name().is_some_and(|n| n == MODULE_FILE || n == COURSE_FILE) => {
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            discover(parent)
        }
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{shown} is a file, not a folder: give the folder that holds the module's module.toml (or the course's course.toml)"
            ),
        )),
    }
}

/// For a path that does not exist, the nearest name in its folder (shown as
/// the path with that name), for a "did you mean".
pub fn nearest_name(path: &Path) -> Option<String> {
    let name = path.file_name()?;
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let names: Vec<String> = std::fs::read_dir(parent)
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let near = coursepack_diagnostics::did_you_mean(&name.to_string_lossy(), names.iter().map(String::as_str))?;
    Some(path.with_file_name(near).display().to_string())
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

    #[test]
    fn a_missing_path_a_file_and_a_manifest_path_are_told_apart() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("data-stewardship")).unwrap();
        std::fs::write(root.path().join("data-stewardship/module.toml"), "").unwrap();
        std::fs::write(root.path().join("notes.txt"), "").unwrap();
        let missing = discover(&root.path().join("data-stewardshp")).unwrap_err().to_string();
        assert!(
            missing.ends_with("data-stewardshp does not exist; did you mean `")
                || missing.contains("does not exist; did you mean"),
            "{missing}"
        );
        assert!(missing.contains("data-stewardship`?"), "{missing}");
        let file = discover(&root.path().join("notes.txt")).unwrap_err().to_string();
        assert!(file.contains("notes.txt is a file, not a folder"), "{file}");
        assert_eq!(
            discover(&root.path().join("data-stewardship/module.toml")).unwrap(),
            [Discovered::Module(root.path().join("data-stewardship"))]
        );
    }
}
