//! "Did you mean" suggestions for misspelt keys and names.

/// The closest candidate to `input`, if one is close enough to be a likely
/// typo (Jaro-Winkler similarity of at least 0.8, or a case-only difference).
pub fn did_you_mean<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = input.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            let score =
                if c.to_lowercase() == lowered { 1.0 } else { strsim::jaro_winkler(&lowered, &c.to_lowercase()) };
            (c, score)
        })
        .filter(|(_, score)| *score >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "language", "licence", "pass_mark"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("license", keys), Some("licence"));
        assert_eq!(did_you_mean("passmark", keys), Some("pass_mark"));
        assert_eq!(did_you_mean("zebra", keys), None);
    }
}
