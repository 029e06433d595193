//! The checked-in JSON Schemas must match the Rust types exactly.

use std::path::Path;

#[test]
fn checked_in_schemas_match_the_rust_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    for (name, generated) in coursepack_source::schema::all() {
        let path = dir.join(name);
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "{} is out of date with the Rust types: run `cargo xtask schemas` and commit the result",
            path.display()
        );
    }
}

#[test]
fn module_schema_rejects_unknown_keys_and_lists_required_ones() {
    let schema: serde_json::Value = serde_json::from_str(&coursepack_source::schema::module_schema()).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    let required: Vec<&str> = schema["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(required.contains(&"id") && required.contains(&"pages"), "{required:?}");
    assert!(schema["properties"]["quiz"].is_object());
}

#[test]
fn course_schema_needs_exactly_one_of_modules_and_sections() {
    let schema: serde_json::Value = serde_json::from_str(&coursepack_source::schema::course_schema()).unwrap();
    let required: Vec<&str> = schema["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(!required.contains(&"modules") && !required.contains(&"sections"), "{required:?}");
    let choices = schema["oneOf"].as_array().unwrap();
    assert_eq!(choices.len(), 2);
    assert_eq!(choices[0]["required"][0], "modules");
    assert_eq!(choices[1]["required"][0], "sections");
    let section = &schema["$defs"]["SectionManifest"];
    assert_eq!(section["additionalProperties"], false);
    assert_eq!(section["required"], serde_json::json!(["id", "title", "modules"]));
}
