//! cmi5 course structure grammar: `v1/CourseStructure.xsd`.

use super::types::{STRING, Simple, URI};
use super::{AttrDecl, Content, Particle, Process, Schema, TypeDef, TypeRef, UNBOUNDED, Wild, any_other, attr, el};
use std::sync::LazyLock;

/// cmi5 course structure namespace.
pub const NS: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// The compiled grammar.
pub static SCHEMA: LazyLock<Schema> = LazyLock::new(build);

fn t(content: Content, attrs: Vec<AttrDecl>) -> TypeDef {
    TypeDef { content, attrs, any_attr: Some(Wild { other_than: NS, process: Process::Lax }) }
}

fn local(name: &'static str, ty: &'static str, min: u32, max: u32) -> Particle {
    el(NS, name, TypeRef::Named(ty), min, max)
}

fn build() -> Schema {
    let mut sc = Schema::default();
    let any = || any_other(NS, Process::Lax);
    let au_or_block = || Particle::Choice {
        alts: vec![local("au", "auType", 1, 1), local("block", "blockType", 1, 1)],
        min: 1,
        max: UNBOUNDED,
    };
    sc.types.insert(
        "courseType",
        t(
            Content::Seq(vec![
                local("course", "courseInfoType", 1, 1),
                local("objectives", "objectivesType", 0, 1),
                au_or_block(),
                any(),
            ]),
            vec![],
        ),
    );
    sc.types.insert(
        "courseInfoType",
        t(
            Content::Seq(vec![local("title", "textType", 1, 1), local("description", "textType", 1, 1), any()]),
            vec![attr("id", URI, true)],
        ),
    );
    sc.types.insert(
        "blockType",
        t(
            Content::Seq(vec![
                local("title", "textType", 1, 1),
                local("description", "textType", 1, 1),
                local("objectives", "referencesObjectivesType", 0, 1),
                au_or_block(),
                any(),
            ]),
            vec![attr("id", URI, true)],
        ),
    );
    sc.types.insert(
        "auType",
        t(
            Content::Seq(vec![
                local("title", "textType", 1, 1),
                local("description", "textType", 1, 1),
                local("objectives", "referencesObjectivesType", 0, 1),
                el(NS, "url", TypeRef::Simple(Simple::AnyUri { min: 1, max: usize::MAX }), 1, 1),
                el(NS, "launchParameters", TypeRef::Any, 0, 1),
                el(NS, "entitlementKey", TypeRef::Any, 0, 1),
                any(),
            ]),
            vec![
                attr("id", URI, true),
                attr(
                    "moveOn",
                    Simple::StrEnum(&[
                        "NotApplicable",
                        "Passed",
                        "Completed",
                        "CompletedAndPassed",
                        "CompletedOrPassed",
                    ]),
                    false,
                ),
                attr("masteryScore", Simple::Decimal { min: Some("0"), max: Some("1") }, false),
                attr("launchMethod", Simple::StrEnum(&["AnyWindow", "OwnWindow"]), false),
                attr("activityType", STRING, false),
            ],
        ),
    );
    sc.types.insert(
        "objectivesType",
        t(Content::Seq(vec![local("objective", "objectiveType", 1, UNBOUNDED), any()]), vec![]),
    );
    sc.types.insert(
        "objectiveType",
        TypeDef {
            content: Content::All(vec![local("title", "textType", 1, 1), local("description", "textType", 1, 1)]),
            attrs: vec![attr("id", URI, true)],
            any_attr: None,
        },
    );
    sc.types.insert(
        "referencesObjectivesType",
        t(Content::Seq(vec![local("objective", "objectiveRefType", 1, UNBOUNDED), any()]), vec![]),
    );
    sc.types.insert(
        "objectiveRefType",
        TypeDef { content: Content::Empty, attrs: vec![attr("idref", URI, false)], any_attr: None },
    );
    sc.types
        .insert("textType", t(Content::Seq(vec![local("langstring", "langstringType", 1, UNBOUNDED), any()]), vec![]));
    sc.types.insert("langstringType", t(Content::Simple(STRING), vec![attr("lang", Simple::Language, false)]));
    sc.elements.insert((NS, "courseStructure"), (TypeRef::Named("courseType"), None));
    sc.roots.push((NS, "courseStructure"));
    sc
}
