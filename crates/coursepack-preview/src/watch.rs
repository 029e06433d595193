//! Watching the source folder: notify's recommended watcher for the
//! platform (inotify here), debounced by notify-debouncer-full so that an
//! editor's save (write, rename, metadata) is one change.

use crate::PreviewError;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use std::path::{Component, Path};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the watcher waits for a burst of file events to end.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    _debouncer: notify_debouncer_full::Debouncer<notify::RecommendedWatcher, notify_debouncer_full::RecommendedCache>,
}

/// True when a change at `path` (under the watched folder) can change a
/// build: not editors' swap and backup files, not build output (`dist/`),
/// version control or dependency folders.
pub fn relevant(path: &Path) -> bool {
    let ignored_dir = |c: Component<'_>| {
        matches!(c.as_os_str().to_str(), Some(".git" | "dist" | "target" | "node_modules" | ".hg" | ".svn"))
    };
    if path.components().any(ignored_dir) {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let scratch = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["swp", "swx", "tmp"].iter().any(|s| e.eq_ignore_ascii_case(s)));
    !(scratch || name.starts_with(".#") || name.ends_with('~') || name == "4913" || name == ".DS_Store")
}

/// Watch `dir` recursively; send on `changed` after each burst of relevant changes.
pub fn watch(dir: &Path, changed: Sender<()>) -> Result<Watcher, PreviewError> {
    let mut debouncer = new_debouncer(DEBOUNCE, Some(Duration::from_millis(10)), move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let any = events
                .iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .any(|e| e.paths.iter().any(|p| relevant(p)));
            if any {
                let _ = changed.send(());
            }
        }
    })
    .map_err(|e| PreviewError::Watch(e.to_string()))?;
    debouncer.watch(dir, RecursiveMode::Recursive).map_err(|e| PreviewError::Watch(e.to_string()))?;
    Ok(Watcher { _debouncer: debouncer })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_and_output_are_ignored() {
        assert!(relevant(Path::new("/m/01-welcome.md")));
        assert!(relevant(Path::new("/m/media/photo.JPG")));
        for ignored in
            ["/m/.01-welcome.md.swp", "/m/01-welcome.md~", "/m/.#01.md", "/m/dist/x.zip", "/m/.git/index", "/m/4913"]
        {
            assert!(!relevant(Path::new(ignored)), "{ignored}");
        }
    }
}
