//! `coursepack new`: a starter module that builds and passes its own checks.

use crate::DriverError;
use std::path::{Path, PathBuf};

/// What `coursepack new` is asked to create.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewModule {
    /// Folder to create (must not exist or be empty).
    pub dir: PathBuf,
    /// Module id (default: from the folder name).
    pub id: Option<String>,
    /// Module title (default: from the folder name).
    pub title: Option<String>,
    /// Language of the content, as a BCP 47 tag (`en-GB`, `cy`).
    pub language: String,
}

fn usage(message: impl Into<String>) -> DriverError {
    DriverError::Usage(message.into())
}

/// The starter module's text in one language.
struct Starter {
    summary: &'static str,
    welcome: &'static str,
    try_it: &'static str,
    summary_page: &'static str,
    picture: &'static str,
}

/// English, used for every language without its own starter text.
const ENGLISH: Starter = Starter {
    summary: "A short module made with coursepack.",
    welcome: include_str!("../templates/new/01-welcome.md"),
    try_it: include_str!("../templates/new/02-try-it.md"),
    summary_page: include_str!("../templates/new/03-summary.md"),
    picture: include_str!("../templates/new/media/pipeline.svg"),
};

/// Welsh (`cy`, `cy-GB`), so a Welsh module starts with Welsh text to match
/// its Welsh interface strings.
const WELSH: Starter = Starter {
    summary: "Modiwl byr wedi'i wneud gyda coursepack.",
    welcome: include_str!("../templates/new/cy/01-welcome.md"),
    try_it: include_str!("../templates/new/cy/02-try-it.md"),
    summary_page: include_str!("../templates/new/cy/03-summary.md"),
    picture: include_str!("../templates/new/cy/pipeline.svg"),
};

/// The new module's `.gitignore`: `coursepack build` run in the module
/// folder writes its packages to `dist/`, which is output, not source.
const GITIGNORE: &str = "# Packages built by `coursepack build` (output, not source)\n/dist/\n";

/// The starter text for a BCP 47 language tag, by its primary subtag.
fn starter_for(language: &str) -> &'static Starter {
    match language.split('-').next().map(str::to_ascii_lowercase).as_deref() {
        Some("cy") => &WELSH,
        _ => &ENGLISH,
    }
}

/// Create the module folder described by `args` and return its path: a
/// `module.toml`, three pages (a question among them), a picture, and a
/// `.gitignore` that keeps the `dist/` folder of its builds out of git.
/// Refuses to touch a folder that already has files in it.
pub fn new_module(args: &NewModule) -> Result<PathBuf, DriverError> {
    let dir = &args.dir;
    if dir.exists()
        && std::fs::read_dir(dir)
            .map_err(|e| DriverError::io(format!("cannot read {}", dir.display()), e))?
            .next()
            .is_some()
    {
        return Err(usage(format!("{} already exists and is not empty; choose a new folder", dir.display())));
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| usage("give the new module a folder name, e.g. `coursepack new data-basics`"))?;
    let id = match &args.id {
        Some(id) => id.clone(),
        None => coursepack_source::page_id_from_file(&format!("{name}.md")),
    };
    if id.is_empty() {
        return Err(usage(format!("cannot derive a module id from `{name}`; pass one with --id")));
    }
    if !coursepack_source::is_valid_id(&id) {
        return Err(usage(format!(
            "`{id}` is not a valid module id: use lowercase letters, digits and hyphens (pass one with --id)"
        )));
    }
    if !coursepack_source::is_valid_bcp47(&args.language) {
        return Err(usage(format!(
            "`{}` is not a BCP 47 language tag; use one such as `en-GB` or `cy`",
            args.language
        )));
    }
    let title = args.title.clone().unwrap_or_else(|| title_from(&name));
    if title.trim().is_empty() || title.chars().count() > 200 {
        return Err(usage("the title must be 1 to 200 characters"));
    }
    let starter = starter_for(&args.language);
    std::fs::create_dir_all(dir.join("media"))
        .map_err(|e| DriverError::io(format!("cannot create {}", dir.display()), e))?;
    let manifest = format!(
        r#"# The module's metadata and settings. See the authoring guide (docs/authoring.md).
id = {id}               # stable: LMSs track learners by it, never change it
# The start of its xAPI and cmi5 activity ids, made for this module alone so that a learning
# record store never mixes its learners' records with another publisher's module of the same
# id. Keep it, or put an address your organisation owns, e.g. "https://learning.example.org/xapi/".
activity_base_iri = {base}
title = {title}
version = "0.1.0"
language = {language}
summary = {summary}
licence = "CC-BY-4.0"
authors = []
keywords = []
duration_minutes = 10
completion = "all-pages-and-quiz"
pass_mark = 80
pages = ["01-welcome.md", "02-try-it.md", "03-summary.md"]

[quiz]
pages = ["02-try-it.md"]
"#,
        id = toml_string(&id),
        base = toml_string(&publisher_base()),
        title = toml_string(&title),
        language = toml_string(&args.language),
        summary = toml_string(starter.summary),
    );
    write(dir, "module.toml", &manifest)?;
    write(dir, "01-welcome.md", &starter.welcome.replace("{title}", &title))?;
    write(dir, "02-try-it.md", starter.try_it)?;
    write(dir, "03-summary.md", starter.summary_page)?;
    write(dir, "media/pipeline.svg", starter.picture)?;
    write(dir, ".gitignore", GITIGNORE)?;
    Ok(dir.clone())
}

/// An activity base IRI no other module shares: the default `urn:coursepack:`
/// followed by a random (version 4) UUID, made once when the module is created.
fn publisher_base() -> String {
    format!("{}{}:", coursepack_source::DEFAULT_ACTIVITY_BASE_IRI, uuid::Uuid::new_v4())
}

/// A TOML basic string with every character that needs it escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), DriverError> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| DriverError::io(format!("cannot write {}", path.display()), e))
}

fn title_from(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map(|f| f.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn titles_come_from_folder_names() {
        assert_eq!(super::title_from("data-basics"), "Data Basics");
    }
}
