//! Median and spread of repeated measurements.
//!
//! The machines the bench runs on are shared and noisy, so every figure is
//! the median of several runs, with the quartiles and the extremes beside it
//! to show how much the runs disagreed.

use serde::Serialize;

/// The summary of a set of samples (all in the same unit).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// How many samples.
    pub n: usize,
    /// The median (the mean of the two middle values for an even count).
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
    /// The first quartile (25th percentile, linear interpolation).
    pub q1: f64,
    /// The third quartile (75th percentile, linear interpolation).
    pub q3: f64,
}

impl Summary {
    /// Summarise `samples`; `None` when there are none, or when one is not
    /// a finite number (a failed measurement must not look like a figure).
    pub fn of(samples: &[f64]) -> Option<Summary> {
        if samples.is_empty() || samples.iter().any(|s| !s.is_finite()) {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        Some(Summary {
            n: sorted.len(),
            median: percentile(&sorted, 0.5),
            min: sorted[0],
            max: sorted[sorted.len() - 1],
            q1: percentile(&sorted, 0.25),
            q3: percentile(&sorted, 0.75),
        })
    }
}

/// The `p`-th quantile (0..=1) of sorted, non-empty samples, interpolating
/// linearly between the two nearest ranks.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = p * (sorted.len() - 1) as f64;
    let low = rank.floor() as usize;
    let high = rank.ceil() as usize;
    let weight = rank - low as f64;
    sorted[low] + (sorted[high] - sorted[low]) * weight
}

/// `numerator / denominator`, or `None` when the denominator is not a
/// positive number (a ratio against nothing is not a figure).
pub fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator > 0.0 && numerator.is_finite() && denominator.is_finite()).then(|| numerator / denominator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_count_is_the_middle_value() {
        let s = Summary::of(&[5.0, 1.0, 3.0]).unwrap();
        assert_eq!(s.median, 3.0);
        assert_eq!((s.min, s.max, s.n), (1.0, 5.0, 3));
    }

    #[test]
    fn median_of_even_count_is_the_mean_of_the_middle_two() {
        let s = Summary::of(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(s.median, 2.5);
    }

    #[test]
    fn quartiles_interpolate_between_ranks() {
        // Ranks 0..=4: q1 at rank 1, q3 at rank 3.
        let s = Summary::of(&[10.0, 20.0, 30.0, 40.0, 50.0]).unwrap();
        assert_eq!((s.q1, s.q3), (20.0, 40.0));
        // Ranks 0..=3: q1 at rank 0.75, q3 at rank 2.25.
        let s = Summary::of(&[0.0, 4.0, 8.0, 12.0]).unwrap();
        assert_eq!((s.q1, s.q3), (3.0, 9.0));
    }

    #[test]
    fn one_sample_is_its_own_summary() {
        let s = Summary::of(&[7.5]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.q1, s.q3), (7.5, 7.5, 7.5, 7.5, 7.5));
    }

    #[test]
    fn an_outlier_moves_the_max_but_not_the_median() {
        let s = Summary::of(&[10.0, 11.0, 10.5, 10.2, 500.0]).unwrap();
        assert_eq!(s.median, 10.5);
        assert_eq!(s.max, 500.0);
    }

    #[test]
    fn no_samples_or_a_non_finite_one_give_no_summary() {
        assert_eq!(Summary::of(&[]), None);
        assert_eq!(Summary::of(&[1.0, f64::NAN]), None);
        assert_eq!(Summary::of(&[f64::INFINITY]), None);
    }

    #[test]
    fn ratio_refuses_a_zero_or_negative_denominator() {
        assert_eq!(ratio(3.0, 2.0), Some(1.5));
        assert_eq!(ratio(3.0, 0.0), None);
        assert_eq!(ratio(3.0, -1.0), None);
        assert_eq!(ratio(f64::NAN, 1.0), None);
    }
}
