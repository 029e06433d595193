//! Licences a module may declare. SPDX identifiers that suit learning
//! content; anything else must use the SPDX `LicenseRef-` form.

/// SPDX identifiers accepted in `licence`.
pub const KNOWN_LICENCES: &[&str] = &[
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-NC-SA-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-ND-4.0",
    "CC-BY-3.0",
    "CC-BY-SA-3.0",
    "CC0-1.0",
    "OGL-UK-3.0",
    "MIT",
    "Apache-2.0",
    "GFDL-1.3-or-later",
];

/// True when `licence` is a known SPDX id or an SPDX `LicenseRef-` reference.
pub(crate) fn is_known(licence: &str) -> bool {
    KNOWN_LICENCES.contains(&licence)
        || licence.strip_prefix("LicenseRef-").is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        })
}

#[cfg(test)]
mod tests {
    use super::is_known;

    #[test]
    fn known_and_reference_licences() {
        assert!(is_known("CC-BY-4.0"));
        assert!(is_known("LicenseRef-Museum-Internal"));
        assert!(!is_known("cc-by"));
        assert!(!is_known("LicenseRef-"));
    }
}
