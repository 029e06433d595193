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

/// How a licence is shown to learners: its usual short name and the page
/// that explains it. `LicenseRef-` licences show their name with hyphens as
/// spaces, and no link.
pub fn display(licence: &str) -> (String, Option<&'static str>) {
    let known = match licence {
        "CC-BY-4.0" => ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
        "CC-BY-SA-4.0" => ("CC BY-SA 4.0", "https://creativecommons.org/licenses/by-sa/4.0/"),
        "CC-BY-NC-4.0" => ("CC BY-NC 4.0", "https://creativecommons.org/licenses/by-nc/4.0/"),
        "CC-BY-NC-SA-4.0" => ("CC BY-NC-SA 4.0", "https://creativecommons.org/licenses/by-nc-sa/4.0/"),
        "CC-BY-ND-4.0" => ("CC BY-ND 4.0", "https://creativecommons.org/licenses/by-nd/4.0/"),
        "CC-BY-NC-ND-4.0" => ("CC BY-NC-ND 4.0", "https://creativecommons.org/licenses/by-nc-nd/4.0/"),
        "CC-BY-3.0" => ("CC BY 3.0", "https://creativecommons.org/licenses/by/3.0/"),
        "CC-BY-SA-3.0" => ("CC BY-SA 3.0", "https://creativecommons.org/licenses/by-sa/3.0/"),
        "CC0-1.0" => ("CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/"),
        "OGL-UK-3.0" => (
            "Open Government Licence v3.0",
            "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        ),
        "MIT" => ("MIT", "https://opensource.org/license/mit"),
        "Apache-2.0" => ("Apache 2.0", "https://www.apache.org/licenses/LICENSE-2.0"),
        "GFDL-1.3-or-later" => ("GNU FDL 1.3 or later", "https://www.gnu.org/licenses/fdl-1.3.html"),
        other => return (other.strip_prefix("LicenseRef-").unwrap_or(other).replace('-', " "), None),
    };
    (known.0.to_string(), Some(known.1))
}

/// True when `licence` is a known SPDX id or an SPDX `LicenseRef-` reference.
pub(crate) fn is_known(licence: &str) -> bool {
    KNOWN_LICENCES.contains(&licence)
        || licence.strip_prefix("LicenseRef-").is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        })
}

#[cfg(test)]
mod tests {
    use super::{KNOWN_LICENCES, display, is_known};

    #[test]
    fn every_known_licence_has_a_name_and_a_page() {
        for id in KNOWN_LICENCES {
            let (name, url) = display(id);
            assert!(!name.is_empty() && url.is_some_and(|u| u.starts_with("https://")), "{id}");
        }
        assert_eq!(display("LicenseRef-Museum-Internal"), ("Museum Internal".to_string(), None));
    }

    #[test]
    fn known_and_reference_licences() {
        assert!(is_known("CC-BY-4.0"));
        assert!(is_known("LicenseRef-Museum-Internal"));
        assert!(!is_known("cc-by"));
        assert!(!is_known("LicenseRef-"));
    }
}
