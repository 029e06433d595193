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

/// Issue 16: each module's case study gains a branching scenario of at least
/// 8 nodes and 3 endings, every ending reachable and scored, placed on the
/// case-study page; the Welsh module's scenario is in Welsh (its choices and
/// headings use the module's language: checked by the absence of the English
/// scenario wording the other modules share, and by Welsh function words).
#[test]
fn every_module_plays_a_branching_scenario_on_its_case_study() {
    for (dir, compiled) in compiled_modules() {
        assert_eq!(compiled.scenarios.len(), 1, "{}: one scenario", dir.display());
        let s = &compiled.scenarios[0];
        let page = compiled.pages.iter().find(|p| p.id == s.page_id).unwrap();
        assert!(
            page.id.contains("case-study") || page.id.contains("astudiaeth-achos"),
            "{}: the scenario is on the case-study page, not {}",
            dir.display(),
            page.id
        );
        let data = s.data_value();
        let nodes = data["nodes"].as_array().unwrap();
        let endings: Vec<&serde_json::Value> = nodes.iter().filter(|n| !n["end"].is_null()).collect();
        assert!(nodes.len() >= 8, "{}: {} nodes", dir.display(), nodes.len());
        assert!(endings.len() >= 3, "{}: {} endings", dir.display(), endings.len());
        assert!(endings.iter().all(|e| e["end"]["score"].is_u64()), "{}: every ending scored", dir.display());
        assert!(
            endings.iter().any(|e| e["end"]["success"] == true) && endings.iter().any(|e| e["end"]["success"] == false),
            "{}: good and poor endings",
            dir.display()
        );
        assert!(s.longest_path >= 4, "{}: a real route to play ({} choices)", dir.display(), s.longest_path);
        if compiled.meta.language.starts_with("cy") {
            let text: String = page.html.to_lowercase();
            for welsh in ["dewis", "beth", "eich", "tîm"] {
                assert!(text.contains(welsh), "{}: Welsh scenario text has `{welsh}`", dir.display());
            }
            for english in ["you chose", "what happens", "what do you do", "start again"] {
                assert!(!text.contains(english), "{}: no English interface text `{english}`", dir.display());
            }
        }
    }
}

#[test]
fn every_module_reads_true_when_it_is_played_on_its_own() {
    // Each module is also packaged on its own: its pages may not speak of
    // "the next module in this course" (there is none, and no link to it),
    // and its footer credits people, not the tool ("coursepack contributors,
    // coursepack").
    let mut dirs = Vec::new();
    module_dirs(&modules_src(), &mut dirs);
    let mut faults = Vec::new();
    for (dir, module) in compiled_modules() {
        if module.meta.organisation.as_deref() == Some("coursepack") {
            faults.push(format!("{}: organisation = \"coursepack\"", dir.display()));
        }
        for page in &module.pages {
            if page.html.to_lowercase().contains("next module in this course") {
                faults.push(format!("{}: page {} names \"the next module in this course\"", dir.display(), page.id));
            }
        }
    }
    assert!(!dirs.is_empty());
    assert!(faults.is_empty(), "{faults:#?}");
}
