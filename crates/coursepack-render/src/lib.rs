//! The player inside every coursepack package: handlebars templates, interface
//! strings, and the small JS/CSS runtime.
//!
//! [`render`] turns a [`CompiledModule`] into the three files of the player:
//! `index.html` (one document holding every page, so a SCORM session never
//! leaves it), `player/player.js` and `player/player.css`. Packaging targets
//! add the module's assets and their manifests around these files.
//!
//! [`render_course_page`] writes the page an xAPI course package opens on.
//!
//! The DOM contract the runtime, the quiz widgets and the browser tests rely on
//! is described in `ADAPTERS.md` next to this crate's manifest, together with
//! the adapter interface the LMS targets implement.

mod course;
mod minify;
mod player_js;
mod stylesheet;
mod target;
mod view;

pub use course::{
    COURSE_CSS, COURSE_JS, CourseActivity, CourseModuleActivity, CoursePage, CoursePageModule, CoursePageSection,
    CourseTracking, course_script, render_course_page,
};
pub use minify::{MinifyError, SHIPPED_HEADER, minify_css, minify_js};
pub use target::Target;

use coursepack_compile::{CompiledModule, Widget};
use handlebars::Handlebars;
use player_js::{player_js, shipped_player_js};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// The runtime script of the player, before plug-in scripts are appended.
pub const PLAYER_JS: &str = include_str!("../assets/player.js");

/// The course page's template (`render_course_page`).
const COURSE_TEMPLATE: &str = include_str!("../templates/course.hbs");

/// The player's stylesheet.
pub const PLAYER_CSS: &str = include_str!("../assets/player.css");

/// The script and stylesheet of a widget, as written: appended to the
/// package's `player.js` and `player.css` when the module uses the widget
/// (`CompiledModule::widgets`), so a module ships only the widgets it uses.
/// Either may be empty.
pub fn widget_sources(widget: Widget) -> (&'static str, &'static str) {
    match widget {
        Widget::Quiz => (coursepack_quiz::PLAYER_JS, ""),
        Widget::Sorting => {
            (include_str!("../assets/widgets/sorting.js"), include_str!("../assets/widgets/sorting.css"))
        }
        Widget::Accordion => {
            (include_str!("../assets/widgets/accordion.js"), include_str!("../assets/widgets/accordion.css"))
        }
        Widget::Tabs => (include_str!("../assets/widgets/tabs.js"), include_str!("../assets/widgets/tabs.css")),
        Widget::Flashcards => {
            (include_str!("../assets/widgets/flashcards.js"), include_str!("../assets/widgets/flashcards.css"))
        }
        Widget::LabelledGraphic => (
            include_str!("../assets/widgets/labelled-graphic.js"),
            include_str!("../assets/widgets/labelled-graphic.css"),
        ),
        Widget::Process => {
            (include_str!("../assets/widgets/process.js"), include_str!("../assets/widgets/process.css"))
        }
        Widget::Timeline => ("", include_str!("../assets/widgets/timeline.css")),
        Widget::Scenario => (coursepack_scenario::PLAYER_JS, coursepack_scenario::PLAYER_CSS),
    }
}

/// Interface string keys the templates and the runtime use; every one must be
/// present in [`CompiledModule::strings`].
pub const REQUIRED_STRINGS: &[&str] = &[
    "skip_to_content",
    "contents",
    "page_navigation",
    "next",
    "previous",
    "finish",
    "progress",
    "progress_label",
    "page_visited",
    "completed",
    "finish_incomplete",
    "reflection_saved",
    "reflection_limit",
    "characters_left",
    "licence",
    "licence_line",
    "credit_by",
    "credit_by_for",
    "credit_for",
    "no_lms",
    "save_failed",
    "storage_unavailable",
];

/// One file of the rendered player, relative to the package root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path inside the package, with `/` separators (for example `player/player.js`).
    pub path: String,
    /// File contents.
    pub bytes: Vec<u8>,
}

/// Why a module could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The module's resolved strings lack keys the player needs.
    #[error("interface strings missing from the module: {}", .0.join(", "))]
    MissingStrings(Vec<String>),
    /// The module has no pages.
    #[error("module `{0}` has no pages")]
    NoPages(String),
    /// A template failed to render (a bug in this crate).
    #[error("player template failed: {0}")]
    Template(#[from] handlebars::RenderError),
    /// The module data could not be serialised for the player.
    #[error("module data could not be serialised: {0}")]
    Json(#[from] serde_json::Error),
    /// A player script could not be minified (a bug in this crate or a plug-in).
    #[error(transparent)]
    Minify(#[from] MinifyError),
}

/// Renders the player files for `module` and `target`.
///
/// Same as [`render_with`] with no plug-in scripts.
pub fn render(module: &CompiledModule, target: Target) -> Result<Vec<OutputFile>, RenderError> {
    render_with(module, target, &[])
}

/// What a packaging target tells the player beyond the module itself. Each
/// part is written into `#cp-data` only when set, so adapters must (and do)
/// work without them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RenderOptions<'a> {
    /// Plug-in scripts appended to `player/player.js` (see [`render_with`]).
    pub extra_js: &'a [&'a str],
    /// The LMS quirk profile the package is built for: `#cp-data.lms`.
    pub lms: Option<LmsData>,
    /// The xAPI/cmi5 activity ids the package's manifest declares: `#cp-data.activity`.
    pub activity: Option<ActivityData>,
    /// The course the module is packaged in, when it is one SCO/AU of a course package: `#cp-data.course`.
    pub course: Option<CourseData>,
    /// The longest text each reflection may hold in this package, proved by the
    /// build to keep the learner's state within the target's limit
    /// (`coursepack_package::reflection_limit`): `#cp-data.module.reflectionMaxChars`,
    /// set as every reflection box's `maxlength`. `None` means
    /// [`coursepack_compile::REFLECTION_MAX_CHARS`].
    pub reflection_max_chars: Option<usize>,
    /// Ship `player.js` and `player.css` exactly as written (comments and
    /// indentation kept, no header) instead of minified: for reading the
    /// player in an LMS's browser tools (`coursepack build --no-minify`).
    pub readable_player: bool,
}

/// `#cp-data.lms`: the quirk profile chosen with `coursepack build --lms`,
/// read by the LMS adapters (documented in `docs/lms-profiles.md`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LmsData {
    /// Profile name (`generic`, `moodle`, `totara`, `successfactors`).
    pub profile: String,
    /// Longest learner-state string the LMS keeps for this target (SCORM
    /// `suspend_data`, or the xAPI/cmi5 state document); the build has proved
    /// that the whole state fits in it, reflections at their cap included.
    pub max_state_length: usize,
    /// Whether the SCORM 2004 adapter may set `adl.nav.request` before
    /// `Terminate` (false where the LMS does not implement SCORM navigation).
    pub nav_request: bool,
}

/// `#cp-data.activity`: the activity ids written in `tincan.xml` / `cmi5.xml`,
/// so statements the player makes use the same ids.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityData {
    /// The module's activity IRI (the TinCan root activity, or the cmi5 AU's publisher id).
    pub id: String,
    /// Question activities are this prefix followed by the question's xAPI interaction id.
    pub question_prefix: String,
    /// The course's activity IRI when the module is part of a course package.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub course_id: Option<String>,
}

/// `#cp-data.course`: where the module sits in its course package.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CourseData {
    /// Course id from `course.toml`.
    pub id: String,
    /// Course title.
    pub title: String,
    /// 0-based position of this module in the course.
    pub position: usize,
    /// Number of modules in the course.
    pub count: usize,
}

/// Renders the player files for `module` and `target`, appending each of
/// `extra_js` (plug-in scripts such as the quiz widgets) to `player/player.js`
/// after the core runtime and the runtime's adapter. Plug-ins run once
/// `window.coursepack` exists and before the player starts.
///
/// Returns `index.html`, `player/player.js` and `player/player.css`, in that order.
pub fn render_with(module: &CompiledModule, target: Target, extra_js: &[&str]) -> Result<Vec<OutputFile>, RenderError> {
    render_with_options(module, target, &RenderOptions { extra_js, ..RenderOptions::default() })
}

/// Renders the player files for `module` and `target` with everything a
/// packaging target adds: plug-in scripts, the LMS profile, the activity ids
/// and the course position (see [`RenderOptions`]).
///
/// Returns `index.html`, `player/player.js` and `player/player.css`, in that order.
pub fn render_with_options(
    module: &CompiledModule,
    target: Target,
    options: &RenderOptions<'_>,
) -> Result<Vec<OutputFile>, RenderError> {
    let extra_js = options.extra_js;
    let adapter = target.adapter_js();
    if module.pages.is_empty() {
        return Err(RenderError::NoPages(module.meta.id.clone()));
    }
    let missing: Vec<String> =
        REQUIRED_STRINGS.iter().filter(|key| !module.strings.contains_key(**key)).map(|key| key.to_string()).collect();
    if !missing.is_empty() {
        return Err(RenderError::MissingStrings(missing));
    }
    let view = view::View::new(module, target, options)?;
    let html = templates().render("index", &view)?;
    // Plug-ins, then the module's widgets in shipping order.
    let widgets: Vec<(&str, &str)> = module.widgets.iter().map(|w| widget_sources(*w)).collect();
    let plugins: Vec<&str> = extra_js.iter().copied().chain(widgets.iter().map(|(js, _)| *js)).collect();
    let (js, css) = if options.readable_player {
        let mut css = PLAYER_CSS.to_string();
        for (_, widget_css) in &widgets {
            css.push_str(widget_css);
        }
        (player_js(PLAYER_JS, adapter, &plugins), css)
    } else {
        let parts = target.adapter_sources().iter().map(|(_, source)| *source).chain(plugins.iter().copied());
        let parts: Vec<Arc<str>> =
            parts.filter(|p| !p.trim().is_empty()).map(|p| minified(p, Kind::Js)).collect::<Result<_, _>>()?;
        let core = minified(PLAYER_JS, Kind::Js)?;
        let shared = scripts_usage(&core, &parts);
        let parts: Vec<&str> = parts.iter().map(|p| &**p).collect();
        let js = shipped_player_js(&core, &parts);
        let mut css = minified(PLAYER_CSS, Kind::Css)?.to_string();
        for (_, widget_css) in &widgets {
            if !widget_css.trim().is_empty() {
                css.push_str(&minified(widget_css, Kind::Css)?);
            }
        }
        // Only the rules this module's pages can use; the course page's
        // markup and script count too, as it reads the first module's stylesheet.
        let own = stylesheet::Usage::new(&[&html], &[]);
        let css = stylesheet::prune(&css, stylesheet::Usages(&[&own, &shared]));
        (js, format!("{SHIPPED_HEADER}{css}"))
    };
    Ok(vec![
        OutputFile { path: "index.html".into(), bytes: html.into_bytes() },
        OutputFile { path: "player/player.js".into(), bytes: js.into_bytes() },
        OutputFile { path: "player/player.css".into(), bytes: css.into_bytes() },
    ])
}

/// Which minifier a source goes through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    /// [`minify_js`].
    Js,
    /// [`minify_css`].
    Css,
}

impl Kind {
    fn minify(self, source: &str) -> Result<String, MinifyError> {
        match self {
            Kind::Js => minify_js(source),
            Kind::Css => minify_css(source),
        }
    }
}

/// A shipped source and its minified text, computed by `build.rs`.
struct Precomputed {
    kind: Kind,
    source: &'static str,
    minified: &'static str,
}

// `SHIPPED_MINIFIED`: every `.js` and `.css` of `assets/` and the quiz's and
// scenario's assets, minified when this crate was built (`build.rs`).
include!(concat!(env!("OUT_DIR"), "/shipped_minified.rs"));

/// `source` minified as `kind`. The player's own sources were minified when
/// this crate was built (`build.rs`, with the same functions), so a build
/// of packages never runs the minifier for them: minifying them was about a
/// sixth of the CPU of a small module's build, and a third of a large
/// course's before they were cached (issue 14). Any other source (a
/// plug-in a caller passes) is minified once per process and kept.
fn minified(source: &str, kind: Kind) -> Result<Arc<str>, MinifyError> {
    if let Some(done) = precomputed(source, kind) {
        return Ok(done);
    }
    #[cfg(test)]
    tests::RUNTIME_MINIFIED.with(|n| n.set(n.get() + 1));
    type Cache = Mutex<HashMap<(String, Kind), Arc<str>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    // The minifier is part of the key (JS and CSS of the same text differ).
    let key = (source.to_string(), kind);
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(hit) = cache.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return Ok(hit.clone());
    }
    // Minified outside the lock, so threads minifying different sources do not wait on each other.
    let done: Arc<str> = kind.minify(source)?.into();
    Ok(cache.lock().unwrap_or_else(PoisonError::into_inner).entry(key).or_insert(done).clone())
}

/// The minified text `build.rs` embedded for `source`, if it is a shipped
/// source, as one `Arc` per entry for the life of the process (so that
/// [`scripts_usage`] can key players by the parts' addresses).
fn precomputed(source: &str, kind: Kind) -> Option<Arc<str>> {
    static ARCS: OnceLock<Vec<OnceLock<Arc<str>>>> = OnceLock::new();
    let at = SHIPPED_MINIFIED.iter().position(|p| {
        p.kind == kind
            && p.source.len() == source.len()
            && (std::ptr::eq(p.source.as_ptr(), source.as_ptr()) || p.source == source)
    })?;
    let arcs = ARCS.get_or_init(|| SHIPPED_MINIFIED.iter().map(|_| OnceLock::new()).collect());
    Some(arcs[at].get_or_init(|| Arc::from(SHIPPED_MINIFIED[at].minified)).clone())
}

/// What the course page's template and the scripts of a player (its
/// minified `core` and `parts`, joined as [`player_js`] joins them, with the
/// course page's script) can produce, read once per process for each
/// distinct player: it is the same for every module with that player, and
/// reading it again for each module was a third of the CPU of a 200-module
/// course build. Keyed by the parts' addresses: each comes from
/// [`minified`], which holds one `Arc` per distinct source for the
/// life of the process, so equal addresses mean equal texts (hashing and
/// comparing the whole player for every module and target cost ~5% of a
/// course build's CPU).
fn scripts_usage(core: &Arc<str>, parts: &[Arc<str>]) -> Arc<stylesheet::Usage> {
    type Cache = Mutex<HashMap<Vec<usize>, Arc<stylesheet::Usage>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key: Vec<usize> = std::iter::once(core).chain(parts).map(|p| Arc::as_ptr(p).cast::<u8>() as usize).collect();
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(hit) = cache.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return hit.clone();
    }
    // The usage of the course page and of each script, joined: the same as
    // reading them joined by `player_js` (each text is read on its own, and
    // the separators hold no word), but the core runtime and an adapter
    // shared by several targets are read once, not once per target.
    let read = std::iter::once(core)
        .chain(parts)
        .fold(stylesheet::Usage::empty().join(course_page_usage()), |usage, part| usage.join(&script_usage(part)));
    cache.lock().unwrap_or_else(PoisonError::into_inner).entry(key).or_insert(Arc::new(read)).clone()
}

/// What one minified script can produce ([`stylesheet::Usage`]), read once
/// per process; keyed by its address, as [`scripts_usage`] keys players.
fn script_usage(script: &Arc<str>) -> Arc<stylesheet::Usage> {
    type Cache = Mutex<HashMap<usize, Arc<stylesheet::Usage>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let key = Arc::as_ptr(script).cast::<u8>() as usize;
    let cache = CACHE.get_or_init(Cache::default);
    if let Some(hit) = cache.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
        return hit.clone();
    }
    let read = Arc::new(stylesheet::Usage::new(&[], &[script]));
    cache.lock().unwrap_or_else(PoisonError::into_inner).entry(key).or_insert(read).clone()
}

/// The embedded templates, compiled once per process ([`templates`]).
static TEMPLATES: std::sync::OnceLock<Handlebars<'static>> = std::sync::OnceLock::new();

/// Do now, once per process, what the first renders of a process would
/// otherwise do while the other threads of a build wait for them or do it
/// again: compile the embedded templates (about half a millisecond) and read
/// the stylesheet usage of the core runtime and of the course page. A front
/// end calls this on another thread while it loads the modules
/// (`coursepack_driver::warm_up_rendering`).
pub fn prepare() {
    templates();
    course_page_usage();
    if let Ok(core) = minified(PLAYER_JS, Kind::Js) {
        script_usage(&core);
    }
}

/// What the course page's markup and script can produce, read once per process.
fn course_page_usage() -> &'static stylesheet::Usage {
    static USAGE: OnceLock<stylesheet::Usage> = OnceLock::new();
    USAGE.get_or_init(|| stylesheet::Usage::new(&[COURSE_TEMPLATE], &[COURSE_JS]))
}

/// The embedded templates, registered in strict mode with HTML escaping.
fn templates() -> &'static Handlebars<'static> {
    TEMPLATES.get_or_init(|| {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.set_prevent_indent(true);
        let sources = [
            ("index", include_str!("../templates/index.hbs")),
            ("toc", include_str!("../templates/toc.hbs")),
            ("page", include_str!("../templates/page.hbs")),
            ("controls", include_str!("../templates/controls.hbs")),
            ("course", COURSE_TEMPLATE),
        ];
        for (name, source) in sources {
            // The templates are part of this crate and covered by its tests,
            // so a syntax error is a bug caught before release.
            hb.register_template_string(name, source).expect("embedded template parses");
        }
        hb
    })
}

#[cfg(test)]
mod tests;
