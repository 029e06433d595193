//! Keeping every file a module reads inside its folder.
//!
//! A module folder is untrusted input: a colleague's folder, an unzipped
//! download. The rule, enforced for every file coursepack reads (pages,
//! media, linked files, captions, module folders of a course):
//!
//! - a reference is first resolved lexically (`..` may not climb above the
//!   folder; absolute paths are refused by the callers);
//! - then every component is looked at on disk: a symbolic link is followed
//!   only when its target resolves inside the same folder (the module folder,
//!   or the course folder for a course's files); a link leading anywhere else
//!   is refused, and never read through;
//! - what is read is the real path (with no links left in it), so the file
//!   that was checked is the file that is packaged.
//!
//! Links that stay inside the folder are allowed: authors use them to share
//! one image between two pages' folders, and they cannot bring in anything
//! the folder does not already hold.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Why a path inside a folder was not followed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// A symbolic link on the path points outside the folder.
    LinkOutside {
        /// The link, relative to the folder, with `/` separators, as the author sees it.
        link: String,
        /// Where it points, as far as it could be resolved.
        target: String,
    },
    /// The path climbs out of the folder (`..` above it, an absolute or drive path).
    PathOutside,
}

impl Refused {
    /// One sentence for a diagnostic. `written` is the reference as the
    /// author wrote it, `resolved` the same path relative to the folder, and
    /// `folder` names the folder (`module folder`, `course folder`).
    pub fn message(&self, written: &str, resolved: &str, folder: &str) -> String {
        match self {
            Refused::LinkOutside { link, target } if link == resolved.trim_start_matches("./") => {
                format!("`{link}` is a symbolic link to `{target}`, outside the {folder}")
            }
            Refused::LinkOutside { link, target } => {
                format!("`{written}` goes through `{link}`, a symbolic link to `{target}`, outside the {folder}")
            }
            Refused::PathOutside => format!("`{written}` points outside the {folder}"),
        }
    }

    /// The hint for every refused link.
    pub fn hint(&self, folder: &str) -> String {
        match self {
            Refused::LinkOutside { .. } => format!(
                "coursepack never reads through a link that leaves the {folder}; copy the file into the {folder} instead of linking to it"
            ),
            Refused::PathOutside => format!("give a path inside the {folder}, without `..` climbing above it"),
        }
    }
}

/// The real path of `root`, the folder references must stay inside.
pub fn real_root(root: &Path) -> io::Result<PathBuf> {
    root.canonicalize()
}

/// Resolve `relative` inside the folder whose real path is `root_real`,
/// following symbolic links only while they stay inside it.
///
/// Returns `Ok(Some(real path))` when every link on the way stays inside
/// (the path may still be a folder or a special file: callers check the
/// kind), `Ok(None)` when nothing exists there (a missing file, or a link
/// inside the folder to a missing file), and the refusal when a link leads
/// out of the folder or the path climbs out of it.
pub fn confine(root_real: &Path, relative: &Path) -> Result<Option<PathBuf>, Refused> {
    let mut current = root_real.to_path_buf();
    let mut shown: Vec<String> = Vec::new();
    for component in relative.components() {
        match component {
            Component::CurDir => {}
            Component::Normal(name) => {
                shown.push(name.to_string_lossy().into_owned());
                let next = current.join(name);
                let (next, meta) = match std::fs::symlink_metadata(&next) {
                    Ok(meta) => (next, meta),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => match same_name_normalised(&current, name) {
                        Some(found) => found,
                        None => return Ok(None),
                    },
                    // Unreadable folders: the caller's read reports the real reason.
                    Err(_) => return Ok(Some(next)),
                };
                if !meta.file_type().is_symlink() {
                    current = next;
                    continue;
                }
                let link = shown.join("/");
                match next.canonicalize() {
                    Ok(real) if real.starts_with(root_real) => current = real,
                    Ok(real) => return Err(Refused::LinkOutside { link, target: real.display().to_string() }),
                    Err(_) => {
                        // Dangling (or a loop): judge by where it says it points.
                        let target = std::fs::read_link(&next).unwrap_or_default();
                        let pointed = lexical_join(&current, &target);
                        return match pointed {
                            Some(p) if p.starts_with(root_real) => Ok(None),
                            _ => Err(Refused::LinkOutside { link, target: target.display().to_string() }),
                        };
                    }
                }
            }
            Component::ParentDir => {
                shown.push("..".into());
                if !current.pop() || !current.starts_with(root_real) {
                    return Err(Refused::PathOutside);
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err(Refused::PathOutside),
        }
    }
    Ok(Some(current))
}

/// The entry of `dir` whose name is `name` after Unicode normalisation (NFC),
/// with its metadata: `café.md` typed on one system (composed `é`) names the
/// file saved as `café.md` on another (`e` and a combining accent). They look
/// identical, so they are the same file to an author.
fn same_name_normalised(dir: &Path, name: &std::ffi::OsStr) -> Option<(PathBuf, std::fs::Metadata)> {
    let wanted = nfc(name.to_str()?);
    let entries = std::fs::read_dir(dir).ok()?;
    for entry in entries.filter_map(Result::ok) {
        let entry_name = entry.file_name();
        if entry_name.to_str().is_some_and(|n| nfc(n) == wanted) {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).ok()?;
            return Some((path, meta));
        }
    }
    None
}

/// The NFC form of `text`.
pub fn nfc(text: &str) -> String {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text).into_owned()
}

/// `base` joined with `target` and normalised without touching the disk
/// (`None` when `..` climbs above the file-system root).
fn lexical_join(base: &Path, target: &Path) -> Option<PathBuf> {
    let mut out = if target.is_absolute() { PathBuf::new() } else { base.to_path_buf() };
    for component in target.components() {
        match component {
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    Some(out)
}

/// What kind of thing a confined path is, for "not a file" messages.
pub fn describe_kind(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_file() { "a file" } else { "not an ordinary file" }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let module = dir.path().join("module");
        std::fs::create_dir_all(module.join("media")).unwrap();
        std::fs::write(module.join("media/inside.png"), b"png").unwrap();
        std::fs::write(dir.path().join("secret.txt"), b"secret").unwrap();
        std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
        std::fs::write(dir.path().join("elsewhere/x.png"), b"x").unwrap();
        let root = real_root(&module).unwrap();
        (dir, root)
    }

    #[test]
    fn plain_files_and_inside_links_resolve_to_real_paths() {
        let (_dir, root) = setup();
        assert_eq!(confine(&root, Path::new("media/inside.png")), Ok(Some(root.join("media/inside.png"))));
        symlink("inside.png", root.join("media/alias.png")).unwrap();
        symlink("media", root.join("pictures")).unwrap();
        assert_eq!(confine(&root, Path::new("media/alias.png")), Ok(Some(root.join("media/inside.png"))));
        assert_eq!(confine(&root, Path::new("pictures/alias.png")), Ok(Some(root.join("media/inside.png"))));
        assert_eq!(confine(&root, Path::new("media/missing.png")), Ok(None));
        symlink("missing.png", root.join("media/dangling.png")).unwrap();
        assert_eq!(confine(&root, Path::new("media/dangling.png")), Ok(None));
    }

    #[test]
    fn links_leaving_the_folder_are_refused_and_named() {
        let (dir, root) = setup();
        let outside = dir.path().join("secret.txt");
        symlink(&outside, root.join("media/file.png")).unwrap();
        symlink("../../secret.txt", root.join("media/relative.png")).unwrap();
        symlink(dir.path().join("elsewhere"), root.join("shared")).unwrap();
        symlink("/nonexistent/far/away.png", root.join("media/dangling.png")).unwrap();
        for (path, link) in [
            ("media/file.png", "media/file.png"),
            ("media/relative.png", "media/relative.png"),
            ("shared/x.png", "shared"),
            ("media/dangling.png", "media/dangling.png"),
        ] {
            match confine(&root, Path::new(path)) {
                Err(Refused::LinkOutside { link: named, .. }) => assert_eq!(named, link, "{path}"),
                other => panic!("{path}: {other:?}"),
            }
        }
        assert_eq!(confine(&root, Path::new("../secret.txt")), Err(Refused::PathOutside));
        assert_eq!(confine(&root, Path::new("/etc/passwd")), Err(Refused::PathOutside));
    }

    #[test]
    fn names_that_differ_only_in_unicode_normalisation_are_the_same_file() {
        let (_dir, root) = setup();
        // Saved decomposed (`e` + U+0301), typed composed (U+00E9).
        std::fs::write(root.join("media/cafe\u{301}.png"), b"png").unwrap();
        std::fs::create_dir(root.join("re\u{301}sume\u{301}")).unwrap();
        std::fs::write(root.join("re\u{301}sume\u{301}/01.md"), b"# R").unwrap();
        assert_eq!(confine(&root, Path::new("media/caf\u{e9}.png")), Ok(Some(root.join("media/cafe\u{301}.png"))));
        assert_eq!(
            confine(&root, Path::new("r\u{e9}sum\u{e9}/01.md")),
            Ok(Some(root.join("re\u{301}sume\u{301}/01.md")))
        );
        assert_eq!(confine(&root, Path::new("media/cafe.png")), Ok(None), "an accent is not optional");
    }

    #[test]
    fn a_link_to_a_sibling_folder_with_a_similar_name_is_outside() {
        let (dir, root) = setup();
        std::fs::create_dir(dir.path().join("module2")).unwrap();
        std::fs::write(dir.path().join("module2/p.md"), b"# P").unwrap();
        symlink("../module2/p.md", root.join("p.md")).unwrap();
        assert!(matches!(confine(&root, Path::new("p.md")), Err(Refused::LinkOutside { .. })));
    }
}
