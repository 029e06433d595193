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

#[test]
fn player_js_appends_plugins_after_core_with_separators() {
    let js = player_js(PLAYER_JS, "", &["window.a = 1", "window.b = 2;"]);
    assert!(js.starts_with(PLAYER_JS));
    let tail = &js[PLAYER_JS.len()..];
    assert_eq!(tail, ";\nwindow.a = 1\n;\nwindow.b = 2;\n");
}

#[test]
fn runtime_names_match_adapter_names() {
    let names: Vec<_> = [Target::Web, Target::Scorm12, Target::Scorm2004, Target::Xapi, Target::Cmi5]
        .iter()
        .map(|r| r.name())
        .collect();
    assert_eq!(names, ["web", "scorm12", "scorm2004", "xapi", "cmi5"]);
    for name in names {
        assert!(PLAYER_JS.contains(&format!("'{name}'")), "{name} is not documented in player.js");
    }
}

#[test]
fn templates_parse() {
    let hb = templates();
    for name in ["index", "toc", "page", "controls"] {
        assert!(hb.has_template(name), "{name} missing");
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
