//! [`Now`]: the moment a command runs, read once by the binary and handed down.
//!
//! Everything that asks for «today» — the date `init` gives the first news item, news
//! freshness in `check` and `audit`, banner schedules — takes it from one [`Now`], in the
//! site's own zone: a school in Vladivostok is a day ahead of Moscow for seven hours of every
//! day. `--today` replaces the day everywhere, and `SOURCE_DATE_EPOCH` the instant, so that
//! two builds of one site are byte-identical.

use jiff::Timestamp;

use crate::date::{Date, Zone};

/// The instant a command runs, and the day `--today` puts in place of its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    instant: Timestamp,
    day: Option<Date>,
}

impl Now {
    /// The moment `instant`.
    pub fn at(instant: Timestamp) -> Now {
        Now { instant, day: None }
    }

    /// The moment `secs` seconds after 1970-01-01 UTC, as `SOURCE_DATE_EPOCH` gives it;
    /// `None` when that is not a moment jiff can hold.
    pub fn from_unix_seconds(secs: i64) -> Option<Now> {
        Timestamp::from_second(secs).ok().map(Now::at)
    }

    /// The same moment, but «today» is `day` in every zone (`--today`); `None` keeps the
    /// instant's own date.
    pub fn with_day(self, day: Option<Date>) -> Now {
        Now { day, ..self }
    }

    /// The instant.
    pub fn instant(&self) -> Timestamp {
        self.instant
    }

    /// Today's date in `zone`: the `--today` day when there is one.
    pub fn today(&self, zone: &Zone) -> Date {
        self.day
            .unwrap_or_else(|| Date::from_day(zone.tz().to_datetime(self.instant).date()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_zones_date() {
        // 2026-03-09 20:30 UTC: 23:30 on the 9th in Moscow, 06:30 on the 10th in Vladivostok.
        let now = Now::at("2026-03-09T20:30:00Z".parse().unwrap());
        assert_eq!(now.today(&Zone::moscow()).iso_date(), "2026-03-09");
        let far = Zone::named("Asia/Vladivostok").unwrap();
        assert_eq!(now.today(&far).iso_date(), "2026-03-10");
        let fixed = now.with_day("2026-01-15".parse().ok());
        assert_eq!(fixed.today(&far).iso_date(), "2026-01-15");
        assert_eq!(
            Now::from_unix_seconds(0)
                .unwrap()
                .today(&Zone::named("UTC").unwrap())
                .iso_date(),
            "1970-01-01"
        );
    }
}
