//! Images in questions: `![alt](path)` in a prompt, an option or feedback is the
//! module's file, checked and packaged as a page's image is (inside the module,
//! never remote, alt text required, each mistake located), and shown in the
//! question's markup (so also without JavaScript) and in its feedback.

use coursepack_compile::{CompiledModule, compile_module};
use coursepack_diagnostics::Diagnostic;
use coursepack_source::load_module;
use std::path::Path;

const SVG: &str =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 64 40\"><rect width=\"64\" height=\"40\"/></svg>\n";

/// Compile a module of `pages` (path, text), with `media/plan.svg` and `secret.svg` beside the module.
fn compile(pages: &[(&str, &str)]) -> (CompiledModule, Vec<Diagnostic>) {
    let outer = tempfile::tempdir().unwrap();
    std::fs::write(outer.path().join("secret.svg"), SVG).unwrap();
    let dir = outer.path().join("m");
    std::fs::create_dir_all(dir.join("media")).unwrap();
    std::fs::write(dir.join("media/plan.svg"), SVG).unwrap();
    let list: Vec<String> = pages.iter().map(|(name, _)| format!("\"{name}\"")).collect();
    std::fs::write(
        dir.join("module.toml"),
        format!(
            "id = \"media-q\"\ntitle = \"Media\"\nversion = \"1.0.0\"\nlanguage = \"en-GB\"\nsummary = \"Media.\"\npages = [{}]\n",
            list.join(", ")
        ),
    )
    .unwrap();
    for (name, text) in pages {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let (parsed, mut diagnostics) = load_module(Path::new(&dir)).unwrap();
    let (module, more) = compile_module(&parsed.expect("module.toml parses"));
    diagnostics.extend(more);
    (module, diagnostics)
}

const IMG: &str = "<img src=\"media/plan.svg\" alt=\"A floor plan of the branch\" loading=\"lazy\">";

#[test]
fn images_in_the_prompt_options_and_feedback_are_the_modules_files() {
    let page = "# Plan\n\n```check\nid: exit\nWhere is the fire exit? ![A floor plan of the branch](../media/plan.svg)\n\n\
                - [x] By the study room ![A floor plan of the branch](../media/plan.svg)\n  feedback: Yes: ![decorative](../media/plan.svg)\n\
                - [ ] By the front desk\nexplanation: See ![A floor plan of the branch](../media/plan.svg) again.\n```\n";
    let (module, diagnostics) = compile(&[("pages/01-plan.md", page)]);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let q = &module.quiz.questions[0].question;
    assert_eq!(q.prompt_html, format!("Where is the fire exit? {IMG}"));
    let coursepack_quiz::QuestionKind::Single { options } = &q.kind else { panic!("{:?}", q.kind) };
    assert_eq!(options[0].html, format!("By the study room {IMG}"));
    assert_eq!(
        options[0].feedback_html.as_deref(),
        Some("Yes: <img src=\"media/plan.svg\" alt=\"\" loading=\"lazy\">")
    );
    assert_eq!(q.explanation_html.as_deref(), Some(format!("See {IMG} again.").as_str()));
    // The prompt and options are in the page's markup, so they show without JavaScript.
    let html = &module.pages[0].html;
    assert!(html.contains(&format!("Where is the fire exit? {IMG}</legend>")), "{html}");
    assert!(html.contains(&format!("<label for=\"cpq-exit-o0\">By the study room {IMG}</label>")), "{html}");
    // The LMS gets the alt text in the question's description.
    assert_eq!(q.prompt_text, "Where is the fire exit? A floor plan of the branch");
    let assets: Vec<&str> = module.assets.iter().map(|a| a.package_path.as_str()).collect();
    assert_eq!(assets, ["media/plan.svg"]);
}

#[test]
fn every_image_mistake_in_a_question_is_located_and_nothing_outside_the_module_is_read() {
    let cases = [
        ("![](media/plan.svg)", "a11y/missing-alt"),
        ("![A plan](../secret.svg)", "page/link-outside-module"),
        ("![A plan](https://example.org/plan.png)", "page/remote-media"),
        ("![A plan](media/plna.svg)", "page/missing-file"),
        ("![A plan](/etc/passwd)", "page/link-outside-module"),
    ];
    for (image, code) in cases {
        let page = format!("# Q\n\n```check\nWhich?\n\n- [x] A\n  feedback: Look: {image}\n- [ ] B\n```\n");
        let (module, diagnostics) = compile(&[("01-q.md", &page)]);
        let found: Vec<(&str, usize, usize)> = diagnostics
            .iter()
            .map(|d| {
                (
                    d.code.as_str(),
                    d.location.as_ref().map_or(0, |l| l.line),
                    d.location.as_ref().map_or(0, |l| l.column),
                )
            })
            .collect();
        assert_eq!(found, [(code, 7, 19)], "{image}");
        // An error stops the build; a file that is not the module's is never even taken in.
        if code != "a11y/missing-alt" {
            assert!(module.assets.is_empty(), "{image}: nothing packaged");
        }
    }
}
