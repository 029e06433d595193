//! The course shipped in `modules-src/` is the project's test corpus: together
//! its modules must use every question type the quiz compiler supports, so
//! every type is built, packaged and played by the tests that run on it. And
//! each module is interactive between its sections (issue 15, "The course we
//! ship uses them"): knowledge checks on its content pages.

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

/// Each shipped module, loaded and compiled without a diagnostic.
fn compiled_modules() -> Vec<(PathBuf, coursepack_compile::CompiledModule)> {
    let mut dirs = Vec::new();
    module_dirs(&modules_src(), &mut dirs);
    assert!(dirs.len() >= 8, "expected the seven English modules and the Welsh one: {dirs:?}");
    dirs.into_iter()
        .map(|dir| {
            let (parsed, diagnostics) = coursepack_source::load_module(&dir).expect("module.toml is readable");
            let parsed = parsed.unwrap_or_else(|| panic!("{} did not load: {diagnostics:#?}", dir.display()));
            let (compiled, diagnostics) = coursepack_compile::compile_module(&parsed);
            assert!(diagnostics.is_empty(), "{}: {diagnostics:#?}", dir.display());
            (dir, compiled)
        })
        .collect()
}

#[test]
fn every_module_has_knowledge_checks_on_at_least_two_content_pages() {
    for (dir, module) in compiled_modules() {
        // Answerable and unscored: not the quiz, not a reflection or an opinion scale.
        let pages: BTreeSet<&str> = module
            .quiz
            .questions
            .iter()
            .filter(|q| !q.assessed && !matches!(q.question.kind.name(), "reflection" | "likert"))
            .map(|q| q.page.as_str())
            .collect();
        assert!(pages.len() >= 2, "{}: knowledge checks on {} page(s) only: {pages:?}", dir.display(), pages.len());
    }
}
