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

/// The (code, line, column) of each diagnostic.
fn located(diagnostics: &[Diagnostic]) -> Vec<(&str, usize, usize)> {
    diagnostics
        .iter()
        .map(|d| {
            (d.code.as_str(), d.location.as_ref().map_or(0, |l| l.line), d.location.as_ref().map_or(0, |l| l.column))
        })
        .collect()
}

#[test]
fn audio_and_video_in_a_question_or_its_feedback_are_located_errors() {
    // Wherever a recording is written in a question (prompt, option, feedback,
    // explanation), it is refused at the recording, and nothing is packaged.
    let places = [
        ("Listen: RECORDING\n\n- [x] A\n- [ ] B\n", 4, 9),
        ("Which?\n\n- [x] A RECORDING\n- [ ] B\n", 6, 9),
        ("Which?\n\n- [x] A\n  feedback: Listen: RECORDING\n- [ ] B\n", 7, 21),
        ("Which?\n\n- [x] A\n- [ ] B\nexplanation: Listen: RECORDING\n", 8, 22),
    ];
    for (file, kind) in [("media/talk.mp3", "audio"), ("media/lift.mp4", "video")] {
        for (body, line, column) in places {
            let recording = format!("![A curator on the collection]({file})");
            let page = format!("# Q\n\n```check\n{}```\n", body.replace("RECORDING", &recording));
            let (module, diagnostics) = compile(&[("01-q.md", &page)]);
            assert_eq!(located(&diagnostics), [("quiz/media-in-question", line, column)], "{kind}: {page}");
            let d = &diagnostics[0];
            assert!(d.message.contains(kind) && d.message.contains("images, not audio or video"), "{}", d.message);
            let hint = d.hint.as_deref().unwrap_or_default();
            assert!(hint.contains("on the page just before the question") && hint.contains(file), "{hint}");
            assert!(module.assets.is_empty(), "nothing packaged");
        }
    }
}

#[test]
fn images_in_lists_of_choices_are_located_errors() {
    // A dropdown's choices, a matching question's right-hand items (and extra ones) and a
    // sorting activity's categories are <select> options, which show text only.
    let image = "![A floor plan](media/plan.svg)";
    let cases = [
        (format!("```question\nThe exit is [[*{image}|by the desk]].\n```\n"), 4, 16, "a dropdown's choices"),
        (
            format!("```question\nMatch them.\n\n- Exit => {image}\n- Desk => The front\n```\n"),
            6,
            11,
            "a matching question's right-hand items",
        ),
        (
            format!("```question\nMatch them.\n\n- Exit => The back\n- Desk => The front\n- => {image}\n```\n"),
            8,
            6,
            "a matching question's right-hand items",
        ),
        (
            format!(
                "```sorting\ncategories: Keep | {image}\nSort them.\n\n- Minutes => Keep\n- Posters => Keep\n```\n"
            ),
            4,
            20,
            "a sorting activity's categories",
        ),
    ];
    for (block, line, column, what) in cases {
        let page = format!("# Q\n\n{block}");
        let (module, diagnostics) = compile(&[("01-q.md", &page)]);
        assert_eq!(located(&diagnostics), [("quiz/image-in-choice-list", line, column)], "{page}");
        let d = &diagnostics[0];
        assert!(
            d.message.starts_with(what) && d.message.contains("`media/plan.svg` would not be seen"),
            "{}",
            d.message
        );
        assert!(d.hint.as_deref().unwrap_or_default().contains("single-choice question"), "{:?}", d.hint);
        assert!(module.quiz.questions.is_empty(), "no question built: {page}");
    }
    // The same image in a matching question's left item or in the prompt is fine.
    let page =
        format!("# Q\n\n```question\nMatch them. {image}\n\n- Exit {image} => The back\n- Desk => The front\n```\n");
    let (_, diagnostics) = compile(&[("01-q.md", &page)]);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}
