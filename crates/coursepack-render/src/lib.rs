//! The player inside every coursepack package: handlebars templates, interface strings, and the small JS/CSS runtime.
