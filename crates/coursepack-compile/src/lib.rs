//! Compiles a parsed coursepack module into pages of safe HTML, quiz data and an asset list, with authoring and accessibility checks.
