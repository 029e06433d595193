use super::*;
use crate::view::{fill, script_json};

#[test]
fn fill_replaces_known_placeholders_once_and_keeps_unknown() {
    let vars = [("current", "2".to_string()), ("total", "{current}".to_string())];
    assert_eq!(fill("Page {current} of {total}", &vars), "Page 2 of {current}");
    assert_eq!(fill("{missing} {current", &vars), "{missing} {current");
}

#[test]
fn script_json_cannot_close_the_script_element() {
    let json = serde_json::to_string("</script><!-- & \u{2028}").unwrap();
    let safe = script_json(&json);
    assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
    let back: String = serde_json::from_str(&safe).unwrap();
    assert_eq!(back, "</script><!-- & \u{2028}");
}

/// `script_json` is the character-by-character escape it replaced, on
/// text with every escaped character at the start, the end, side by side,
/// and beside other multi-byte characters (E2 80 A7 and E2 80 AA are the
/// neighbours of the two line separators).
#[test]
fn script_json_escapes_exactly_the_characters_it_names() {
    let reference = |json: &str| -> String {
        json.chars()
            .map(|c| match c {
                '<' => "\\u003c".to_string(),
                '>' => "\\u003e".to_string(),
                '&' => "\\u0026".to_string(),
                '\u{2028}' => "\\u2028".to_string(),
                '\u{2029}' => "\\u2029".to_string(),
                c => c.to_string(),
            })
            .collect()
    };
    let pieces = ["<", ">", "&", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202a}", "é", "€", "a", "\"", "😀", ""];
    for a in pieces {
        for b in pieces {
            for c in pieces {
                let text = format!("{a}{b}x{c}{a}");
                assert_eq!(script_json(&text), reference(&text), "{text:?}");
            }
        }
    }
}

/// After `prepare`, the templates are compiled: a render only looks them up.
#[test]
fn prepared_templates_are_compiled_before_any_render() {
    prepare();
    let compiled = TEMPLATES.get().expect("compiled by prepare_templates");
    for name in ["index", "toc", "page", "controls", "course"] {
        assert!(compiled.has_template(name), "{name}");
    }
    assert!(std::ptr::eq(compiled, templates()), "the same templates, not compiled again");
}

#[test]
fn player_js_appends_plugins_after_core_with_separators() {
    let js = player_js(PLAYER_JS, "", &["window.a = 1", "window.b = 2;"]);
    assert!(js.starts_with(PLAYER_JS));
    let tail = &js[PLAYER_JS.len()..];
    assert_eq!(tail, ";\nwindow.a = 1\n;\nwindow.b = 2;\n");
}

/// The templates folder and the registry agree, and every template is
/// reached: `index` and `course` are rendered by the code (`render` and
/// `course::render_course_page`), every other one is a partial that a
/// reached template includes. A template file added but not registered, a
/// registration without its file, or a partial nobody includes fails here;
/// a syntax error or an unresolved placeholder fails the render tests
/// (strict mode) in `tests/render.rs` and the course page tests.
#[test]
fn every_template_file_is_registered_and_reached() {
    let hb = templates();
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .expect("templates folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "hbs"))
        .map(|p| p.file_stem().expect("name").to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut registered: Vec<String> = hb.get_templates().keys().cloned().collect();
    registered.sort();
    assert_eq!(files, registered, "templates/*.hbs and the registered templates differ");
    let rendered_by_code = ["index", "course"];
    let code = [include_str!("lib.rs"), include_str!("course.rs")].concat();
    for name in rendered_by_code {
        assert!(code.contains(&format!("render(\"{name}\"")), "`{name}` is not rendered by the code");
    }
    for name in &registered {
        if rendered_by_code.contains(&name.as_str()) {
            continue;
        }
        let source = |t: &str| std::fs::read_to_string(folder.join(format!("{t}.hbs"))).expect("template");
        let included = registered.iter().any(|t| source(t).contains(&format!("{{{{> {name}}}}}")));
        assert!(included, "the partial `{name}` is included by no template");
    }
}

#[test]
fn adapter_js_is_the_adapter_sources_in_order() {
    for runtime in [Target::Web, Target::Scorm12, Target::Scorm2004, Target::Xapi, Target::Cmi5] {
        let mut rest = runtime.adapter_js();
        for (path, source) in runtime.adapter_sources() {
            let at = rest.find(source).unwrap_or_else(|| panic!("{runtime}: {path} missing or out of order"));
            assert!(
                rest[..at].trim_matches(|c: char| c == ';' || c.is_whitespace()).is_empty(),
                "{runtime}: text before {path}"
            );
            rest = &rest[at + source.len()..];
        }
        assert!(rest.trim().is_empty(), "{runtime}: adapter_js has more than its sources");
    }
}

thread_local! {
    /// How many times [`minified`] ran (or looked up) the minifier at run
    /// time on this thread, instead of taking `build.rs`'s text.
    pub(crate) static RUNTIME_MINIFIED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A source that is not shipped (a plug-in) is minified once per process: a
/// second render gets the same minified text (the same allocation), equal to
/// minifying it afresh.
#[test]
fn a_plugin_is_minified_once_per_process() {
    let plugin = "(function () {\n  var longName = 1;\n  window.plugin = longName;\n})();\n";
    let first = minified(plugin, Kind::Js).unwrap();
    let again = minified(plugin, Kind::Js).unwrap();
    assert!(Arc::ptr_eq(&first, &again), "minified twice");
    assert_eq!(&*first, minify_js(plugin).unwrap());
    // The minifier is part of the key: the same text minified as CSS is another entry.
    let text = "a { color: red; }\n";
    let css = minified(text, Kind::Css).unwrap();
    assert_eq!(&*css, minify_css(text).unwrap());
    assert!(Arc::ptr_eq(&css, &minified(text, Kind::Css).unwrap()));
}

/// `build.rs` embedded, for every shipped source, exactly what minifying it
/// now gives: the packages' bytes do not depend on where it was minified.
#[test]
fn the_sources_minified_at_build_time_are_what_minifying_them_gives() {
    assert!(SHIPPED_MINIFIED.len() >= 20, "{} sources", SHIPPED_MINIFIED.len());
    for shipped in SHIPPED_MINIFIED {
        assert_eq!(shipped.minified, shipped.kind.minify(shipped.source).unwrap(), "{:?}", shipped.kind);
    }
    let sources = |kind: Kind| SHIPPED_MINIFIED.iter().filter(|p| p.kind == kind).count();
    assert!(sources(Kind::Js) > 10 && sources(Kind::Css) > 5);
}

/// Rendering every target with every widget, and the course page, takes
/// every minified script and stylesheet from `build.rs`: no package build
/// runs the minifier on the player's own sources. The player as shipped is
/// still each source minified (same bytes as minifying at run time).
#[test]
fn shipped_players_are_minified_when_the_crate_is_built() {
    use coursepack_compile::Widget;
    RUNTIME_MINIFIED.with(|n| n.set(0));
    for target in Target::ALL {
        for (_, source) in target.adapter_sources() {
            let shipped = minified(source, Kind::Js).unwrap();
            assert_eq!(&*shipped, minify_js(source).unwrap());
        }
    }
    // every widget, so a widget added later is checked without editing this test
    for widget in Widget::ALL {
        let (js, css) = widget_sources(widget);
        if !js.is_empty() {
            assert_eq!(&*minified(js, Kind::Js).unwrap(), minify_js(js).unwrap());
        }
        if !css.is_empty() {
            assert_eq!(&*minified(css, Kind::Css).unwrap(), minify_css(css).unwrap());
        }
    }
    let core = minified(PLAYER_JS, Kind::Js).unwrap();
    assert!(Arc::ptr_eq(&core, &minified(PLAYER_JS, Kind::Js).unwrap()), "one text per process");
    assert_eq!(&*minified(PLAYER_CSS, Kind::Css).unwrap(), minify_css(PLAYER_CSS).unwrap());
    course::course_script(false).unwrap();
    course::course_stylesheet(false).unwrap();
    RUNTIME_MINIFIED.with(|n| assert_eq!(n.get(), 0, "sources minified at run time"));
}

#[test]
fn only_the_xapi_target_ships_the_tincan_launch_reader() {
    // cmi5 reads its own launch: the TinCan reader would only cost it payload.
    let ships = |t: Target| t.adapter_sources().iter().any(|(path, _)| *path == "adapters/tincan-launch.js");
    assert!(ships(Target::Xapi));
    assert!(!ships(Target::Cmi5));
    assert!(!Target::Cmi5.adapter_js().contains("readTinCanLaunch"));
}

/// A player's usage, read script by script and joined, is the usage of the
/// player as shipped (its scripts joined by `player_js`) with the course page.
#[test]
fn a_players_usage_read_script_by_script_is_the_usage_of_the_whole_player() {
    for target in [Target::Web, Target::Scorm12, Target::Scorm2004, Target::Xapi, Target::Cmi5] {
        let sources = target.adapter_sources().iter().map(|(_, s)| *s);
        let scenario = [coursepack_quiz::PLAYER_JS, coursepack_scenario::PLAYER_JS];
        let parts: Vec<Arc<str>> = sources.chain(scenario).map(|s| minified(s, Kind::Js).unwrap()).collect();
        let core = minified(PLAYER_JS, Kind::Js).unwrap();
        let by_script = scripts_usage(&core, &parts);
        let texts: Vec<&str> = parts.iter().map(|p| &**p).collect();
        let whole = stylesheet::Usage::new(&[COURSE_TEMPLATE], &[&player_js(&core, "", &texts), COURSE_JS]);
        assert!(by_script.same_as(&whole), "{target}");
    }
}
