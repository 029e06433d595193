//! tincan.xml grammar: `tincan.xsd` (as served by ADL_LRS).

use super::types::{STRING, Simple, URI};
use super::{AttrDecl, Content, Particle, Schema, TypeDef, TypeRef, UNBOUNDED, attr, el};
use std::sync::LazyLock;

/// TinCan namespace.
pub const NS: &str = "http://projecttincan.com/tincan.xsd";

/// The compiled grammar.
pub static SCHEMA: LazyLock<Schema> = LazyLock::new(build);

fn t(content: Content, attrs: Vec<AttrDecl>) -> TypeDef {
    TypeDef { content, attrs, any_attr: None }
}

fn local(name: &'static str, ty: &'static str, min: u32, max: u32) -> Particle {
    el(NS, name, TypeRef::Named(ty), min, max)
}

fn text(name: &'static str, min: u32) -> Particle {
    el(NS, name, TypeRef::Simple(STRING), min, 1)
}

fn build() -> Schema {
    let mut sc = Schema::default();
    sc.types.insert("tincan", t(Content::Seq(vec![local("activities", "activities", 1, UNBOUNDED)]), vec![]));
    sc.types.insert(
        "activities",
        t(Content::Seq(vec![local("activity", "activity", 1, UNBOUNDED), local("provider", "provider", 0, 1)]), vec![]),
    );
    sc.types.insert(
        "activity",
        t(
            Content::Seq(vec![
                local("name", "langstring", 1, UNBOUNDED),
                local("description", "langstring", 1, UNBOUNDED),
                local("launch", "langURI", 0, UNBOUNDED),
                local("resource", "langURI", 0, UNBOUNDED),
                text("interactionType", 0),
                local("correctResponsePatterns", "correctResponsePatternList", 0, 1),
                local("choices", "interactionComponentList", 0, 1),
                local("scale", "interactionComponentList", 0, 1),
                local("source", "interactionComponentList", 0, 1),
                local("target", "interactionComponentList", 0, 1),
                local("steps", "interactionComponentList", 0, 1),
                local("extensions", "extensions", 0, 1),
            ]),
            vec![attr("id", URI, false), attr("type", STRING, false)],
        ),
    );
    sc.types.insert(
        "provider",
        t(
            Content::All(vec![
                local("name", "langstring", 1, 1),
                text("id", 1),
                text("secret", 0),
                text("public_key", 0),
                el(NS, "info", TypeRef::Simple(URI), 0, 1),
            ]),
            vec![],
        ),
    );
    sc.types.insert(
        "correctResponsePatternList",
        t(Content::Seq(vec![el(NS, "correctResponsePattern", TypeRef::Simple(STRING), 1, UNBOUNDED)]), vec![]),
    );
    sc.types.insert(
        "interactionComponentList",
        t(Content::Seq(vec![local("component", "interactionComponentType", 1, UNBOUNDED)]), vec![]),
    );
    sc.types.insert(
        "interactionComponentType",
        t(Content::Seq(vec![text("id", 1), local("description", "langstring", 1, UNBOUNDED)]), vec![]),
    );
    sc.types.insert("langstring", t(Content::Simple(STRING), vec![attr("lang", Simple::Language, false)]));
    sc.types.insert("extensions", t(Content::Seq(vec![local("extension", "extension", 1, UNBOUNDED)]), vec![]));
    sc.types.insert("extension", t(Content::Simple(STRING), vec![attr("key", STRING, true)]));
    sc.types.insert("langURI", t(Content::Simple(URI), vec![attr("lang", Simple::Language, false)]));
    sc.elements.insert((NS, "tincan"), (TypeRef::Named("tincan"), None));
    sc.roots.push((NS, "tincan"));
    sc
}
