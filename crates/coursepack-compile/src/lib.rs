//! Compiles a parsed coursepack module into a [`CompiledModule`]: pages of
//! safe HTML, quiz data and an asset list, reporting every authoring and
//! accessibility problem as a located diagnostic.

mod model;

pub use model::*;
