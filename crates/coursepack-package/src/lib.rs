//! Packaging targets for coursepack and the deterministic, atomic zip writer.
