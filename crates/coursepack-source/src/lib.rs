//! Module and course source format for coursepack: module.toml, course.toml and page discovery, with located diagnostics.
