//! Bounded lists of diagnostics. A hostile manifest can hold 100,000
//! elements that are all wrong the same way; nobody reads 100,000 copies of
//! one finding, and holding them would cost more memory than the package.
//! A [`Findings`] keeps the first [`PER_CODE`] diagnostics of each code and
//! counts the rest, which [`Findings::finish`] reports in one more.

use coursepack_diagnostics::{Diagnostic, Location};
use std::collections::HashMap;

/// Most diagnostics of one code a list keeps.
pub(crate) const PER_CODE: usize = 100;

/// A list of diagnostics that keeps at most [`PER_CODE`] of each code.
#[derive(Default)]
pub(crate) struct Findings {
    list: Vec<Diagnostic>,
    counts: HashMap<String, usize>,
}

impl Findings {
    /// Keep `d` unless its code has [`PER_CODE`] already (then count it).
    pub(crate) fn push(&mut self, d: Diagnostic) {
        let n = match self.counts.get_mut(&d.code) {
            Some(n) => n,
            None => self.counts.entry(d.code.clone()).or_default(),
        };
        *n += 1;
        if *n <= PER_CODE {
            self.list.push(d);
        }
    }

    /// [`Findings::push`] each of `ds`.
    pub(crate) fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        for d in ds {
            self.push(d);
        }
    }

    /// The kept diagnostics, and for each code past the limit one more that
    /// says how many were left out, located at `at` (the file they are in,
    /// or the package).
    pub(crate) fn finish(self, at: impl Fn() -> Location) -> Vec<Diagnostic> {
        let Findings { mut list, counts } = self;
        let mut over: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n > PER_CODE).collect();
        over.sort();
        for (code, n) in over {
            let Some(first) = list.iter().find(|d| d.code == code) else { continue };
            let more = Diagnostic::new(
                first.severity,
                code.clone(),
                format!("{} more `{code}` findings like the {PER_CODE} above are not listed", n - PER_CODE),
            )
            .with_hint("fix the ones listed (they usually share one cause), then validate again to see the rest")
            .with_rule(first.rule.clone().unwrap_or_default())
            .at(at());
            list.push(more);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_of_each_code_and_counts_the_rest() {
        let mut f = Findings::default();
        for i in 0..250 {
            f.push(Diagnostic::error("a/b", format!("{i}")).with_hint("h").with_rule("r"));
        }
        f.push(Diagnostic::warning("c/d", "x").with_hint("h").with_rule("r"));
        let out = f.finish(|| Location::file("pkg"));
        assert_eq!(out.len(), PER_CODE + 2);
        let last = out.last().unwrap();
        assert_eq!(
            (last.code.as_str(), last.message.as_str()),
            ("a/b", "150 more `a/b` findings like the 100 above are not listed")
        );
        assert_eq!(last.rule.as_deref(), Some("r"));
    }
}
