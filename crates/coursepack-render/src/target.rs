//! The five kinds of package coursepack builds. One type for the whole
//! pipeline: the player picks its adapter by it, the packaging crate its
//! manifest, the driver its jobs and the command line its `--target` values.

use std::fmt;
use std::str::FromStr;

/// A kind of package, and the learning-technology runtime its player talks
/// to: it selects the adapter that keeps the learner's state and reports
/// progress, and the manifest the package carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// A plain offline web site (works from `file://`); state is kept in the browser's local storage.
    Web,
    /// SCORM 1.2.
    Scorm12,
    /// SCORM 2004 4th edition.
    Scorm2004,
    /// xAPI with a TinCan `tincan.xml` package and TinCan launch.
    Xapi,
    /// cmi5.
    Cmi5,
}

impl Target {
    /// Every target, in a stable order (the order `--target all` builds them in).
    pub const ALL: [Target; 5] = [Target::Web, Target::Scorm12, Target::Scorm2004, Target::Xapi, Target::Cmi5];

    /// The name used on the command line, in zip file names and by the
    /// player to look up its adapter (`web`, `scorm12`, `scorm2004`, `xapi`, `cmi5`).
    pub fn name(self) -> &'static str {
        match self {
            Target::Web => "web",
            Target::Scorm12 => "scorm12",
            Target::Scorm2004 => "scorm2004",
            Target::Xapi => "xapi",
            Target::Cmi5 => "cmi5",
        }
    }

    /// The standard's name as people write it, for messages and help
    /// (`SCORM 1.2`, `xAPI`, `the web target`).
    pub fn label(self) -> &'static str {
        match self {
            Target::Web => "the web target",
            Target::Scorm12 => "SCORM 1.2",
            Target::Scorm2004 => "SCORM 2004",
            Target::Xapi => "xAPI",
            Target::Cmi5 => "cmi5",
        }
    }

    /// One line saying what the package is, for `--help`.
    pub fn description(self) -> &'static str {
        match self {
            Target::Web => "an offline web site that works from disk",
            Target::Scorm12 => "SCORM 1.2 (imsmanifest.xml)",
            Target::Scorm2004 => "SCORM 2004 4th edition (imsmanifest.xml with sequencing)",
            Target::Xapi => "xAPI with TinCan launch (tincan.xml)",
            Target::Cmi5 => "cmi5 (cmi5.xml)",
        }
    }

    /// True for the targets an LMS imports (all but `web`).
    pub fn is_lms(self) -> bool {
        self != Target::Web
    }

    /// The adapter script for this target, appended to `player.js`: its
    /// [`Target::adapter_sources`] joined by `;` lines.
    pub fn adapter_js(self) -> &'static str {
        match self {
            Target::Web => "",
            Target::Scorm12 => concat!(
                include_str!("../assets/adapters/scorm-core.js"),
                ";\n",
                include_str!("../assets/adapters/scorm12.js")
            ),
            Target::Scorm2004 => concat!(
                include_str!("../assets/adapters/scorm-core.js"),
                ";\n",
                include_str!("../assets/adapters/scorm2004.js")
            ),
            Target::Xapi => concat!(
                include_str!("../assets/adapters/xapi-core.js"),
                "\n;\n",
                include_str!("../assets/adapters/tincan-launch.js"),
                "\n;\n",
                include_str!("../assets/adapters/xapi.js")
            ),
            Target::Cmi5 => concat!(
                include_str!("../assets/adapters/xapi-core.js"),
                "\n;\n",
                include_str!("../assets/adapters/cmi5.js")
            ),
        }
    }

    /// The source files of this target's adapter, in load order, each as
    /// `(path under assets/, text)`. Minified packages minify each file on
    /// its own, so a shipped `player.js` is made of exactly the minified
    /// files the JS unit tests can load one by one.
    pub fn adapter_sources(self) -> &'static [(&'static str, &'static str)] {
        const SCORM_CORE: (&str, &str) = ("adapters/scorm-core.js", include_str!("../assets/adapters/scorm-core.js"));
        const XAPI_CORE: (&str, &str) = ("adapters/xapi-core.js", include_str!("../assets/adapters/xapi-core.js"));
        match self {
            // The web adapter is built into the core runtime: it is also the
            // fallback of every LMS adapter when no LMS is found.
            Target::Web => &[],
            // Both SCORM adapters are built on one shared core.
            Target::Scorm12 => &[SCORM_CORE, ("adapters/scorm12.js", include_str!("../assets/adapters/scorm12.js"))],
            Target::Scorm2004 => {
                &[SCORM_CORE, ("adapters/scorm2004.js", include_str!("../assets/adapters/scorm2004.js"))]
            }
            // Both xAPI runtimes share the LRS client, queue and tracker.
            // The TinCan launch only where it is read (cmi5 has its own launch).
            Target::Xapi => &[
                XAPI_CORE,
                ("adapters/tincan-launch.js", include_str!("../assets/adapters/tincan-launch.js")),
                ("adapters/xapi.js", include_str!("../assets/adapters/xapi.js")),
            ],
            Target::Cmi5 => &[XAPI_CORE, ("adapters/cmi5.js", include_str!("../assets/adapters/cmi5.js"))],
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Target::ALL.into_iter().find(|t| t.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Target::ALL.iter().map(|t| t.name()).collect();
            format!("unknown target `{s}`; expected one of: {}", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_every_target() {
        for target in Target::ALL {
            assert_eq!(target.name().parse::<Target>(), Ok(target));
        }
        let error = "scorm".parse::<Target>().unwrap_err();
        assert!(error.contains("web, scorm12, scorm2004, xapi, cmi5"), "{error}");
    }
}
