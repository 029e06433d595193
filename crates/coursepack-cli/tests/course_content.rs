//! The course shipped in `modules-src/` is the project's test corpus: together
//! its modules must use every question type the quiz compiler supports, so
//! every type is built, packaged and played by the tests that run on it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn modules_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../modules-src")
}

/// Every module folder under `dir` (courses' member folders included).
fn module_dirs(dir: &Path, found: &mut Vec<PathBuf>) {
    if dir.join("module.toml").is_file() {
        found.push(dir.to_path_buf());
        return;
    }
    let mut children: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    children.sort();
    for child in children {
        module_dirs(&child, found);
    }
}

#[test]
fn the_modules_together_use_every_question_type() {
    let mut dirs = Vec::new();
    module_dirs(&modules_src(), &mut dirs);
    assert!(dirs.len() >= 7, "expected the seven modules and the Welsh one: {dirs:?}");
    let mut used = BTreeSet::new();
    for dir in &dirs {
        let (parsed, diagnostics) = coursepack_source::load_module(dir).expect("module.toml is readable");
        let parsed = parsed.unwrap_or_else(|| panic!("{} did not load: {diagnostics:#?}", dir.display()));
        let (compiled, diagnostics) = coursepack_compile::compile_module(&parsed);
        let quiz = compiled.quiz;
        assert!(diagnostics.is_empty(), "{}: {diagnostics:#?}", dir.display());
        used.extend(quiz.questions.iter().map(|q| q.question.kind.name()));
    }
    let missing: Vec<&str> = coursepack_quiz::TYPES.iter().copied().filter(|t| !used.contains(t)).collect();
    assert!(missing.is_empty(), "no module in modules-src uses these question types: {missing:?} (used: {used:?})");
}
