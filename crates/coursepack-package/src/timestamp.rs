//! The one timestamp every zip entry gets, so that builds are reproducible.

/// A date and time for zip entries (MS-DOS resolution: even seconds, 1980-2107).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZipTime {
    /// Year, 1980-2107.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day, 1-31.
    pub day: u8,
    /// Hour, 0-23.
    pub hour: u8,
    /// Minute, 0-59.
    pub minute: u8,
    /// Second, 0-58 (even).
    pub second: u8,
}

impl ZipTime {
    /// 1980-01-01 00:00:00, the earliest zip time; used when no
    /// `SOURCE_DATE_EPOCH` is set.
    pub const EPOCH_1980: ZipTime = ZipTime { year: 1980, month: 1, day: 1, hour: 0, minute: 0, second: 0 };

    /// The zip time of a Unix timestamp, clamped to the zip range and rounded
    /// down to an even second.
    pub fn from_unix(seconds: i64) -> ZipTime {
        const MIN: i64 = 315_532_800; // 1980-01-01T00:00:00Z
        const MAX: i64 = 4_354_819_198; // 2107-12-31T23:59:58Z
        let t = seconds.clamp(MIN, MAX);
        let days = t.div_euclid(86_400);
        let secs = t.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        ZipTime {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: (secs / 3600) as u8,
            minute: (secs % 3600 / 60) as u8,
            second: (secs % 60 / 2 * 2) as u8,
        }
    }
}

/// The timestamp for this build: `SOURCE_DATE_EPOCH` when set to an integer
/// (the reproducible-builds convention), otherwise 1980-01-01. Never the clock.
pub fn zip_timestamp() -> ZipTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map(ZipTime::from_unix)
        .unwrap_or(ZipTime::EPOCH_1980)
}

/// Convert days since 1970-01-01 to a proleptic Gregorian (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_and_clamps_unix_times() {
        assert_eq!(ZipTime::from_unix(0), ZipTime::EPOCH_1980);
        // 2024-02-29T13:45:31Z rounds down to an even second.
        assert_eq!(
            ZipTime::from_unix(1_709_214_331),
            ZipTime { year: 2024, month: 2, day: 29, hour: 13, minute: 45, second: 30 }
        );
        assert_eq!(ZipTime::from_unix(i64::MAX).year, 2107);
    }
}
