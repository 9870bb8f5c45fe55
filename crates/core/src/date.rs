//! Dates of news and pages: `2026-10-01`, optionally with a time and an offset.
//!
//! Small on purpose: we need to parse what editors write, sort, print the date in Russian
//! and in RFC 3339 for feeds, and count days for the freshness rule — nothing more.

use std::fmt;
use std::str::FromStr;

/// A calendar date with an optional time of day and UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
    /// Hour, minute and second, when given.
    pub time: Option<(u32, u32, u32)>,
    /// Offset from UTC in minutes, when given.
    pub offset_minutes: Option<i32>,
}

const MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

impl Date {
    /// `1 октября 2026 г.`
    pub fn human_ru(&self) -> String {
        format!(
            "{} {} {} г.",
            self.day,
            MONTHS_GENITIVE[(self.month - 1) as usize],
            self.year
        )
    }

    /// `2026-10-01`
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// RFC 3339, as Atom feeds want it; a date without a time is midnight, without an
    /// offset it is UTC.
    pub fn rfc3339(&self) -> String {
        let (h, m, s) = self.time.unwrap_or((0, 0, 0));
        let offset = match self.offset_minutes {
            None | Some(0) => "Z".to_string(),
            Some(o) => format!(
                "{}{:02}:{:02}",
                if o < 0 { '-' } else { '+' },
                o.abs() / 60,
                o.abs() % 60
            ),
        };
        format!("{}T{h:02}:{m:02}:{s:02}{offset}", self.iso_date())
    }

    /// Days since 1970-01-01 of the calendar date (time and offset ignored).
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// Today's date in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
        Date {
            year,
            month,
            day,
            time: None,
            offset_minutes: None,
        }
    }
}

/// Howard Hinnant's `days_from_civil`.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Dates written in running text as people and CMSs write them: `02.04.2024`, `2.4.2024`,
/// `14 марта 2024` (any case, `г.` or not). Only real calendar dates are returned, in the
/// order they appear.
pub fn find_in_text(text: &str) -> Vec<Date> {
    let lower = text.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit());
        if !starts_number {
            i += 1;
            continue;
        }
        let digits = |from: usize| -> (u32, usize) {
            let mut j = from;
            let mut v: u32 = 0;
            while j < chars.len() && chars[j].is_ascii_digit() && j - from < 4 {
                v = v * 10 + chars[j].to_digit(10).unwrap_or(0);
                j += 1;
            }
            (v, j)
        };
        let (day, j) = digits(i);
        let found = if j - i <= 2 && chars.get(j) == Some(&'.') {
            // dd.mm.yyyy
            let (month, k) = digits(j + 1);
            if k > j + 1 && k - (j + 1) <= 2 && chars.get(k) == Some(&'.') {
                let (year, l) = digits(k + 1);
                (l == k + 5 && !chars.get(l).is_some_and(char::is_ascii_digit)).then_some((
                    year as i32,
                    month,
                    day,
                ))
            } else {
                None
            }
        } else if j - i <= 2 && chars.get(j) == Some(&' ') {
            // d месяца yyyy
            let word: String = chars[j + 1..]
                .iter()
                .take_while(|c| c.is_alphabetic())
                .collect();
            let after = j + 1 + word.chars().count();
            MONTHS_GENITIVE
                .iter()
                .position(|m| *m == word)
                .and_then(|m| {
                    let mut k = after;
                    while chars.get(k) == Some(&' ') {
                        k += 1;
                    }
                    let (year, l) = digits(k);
                    (l - k == 4).then_some((year as i32, m as u32 + 1, day))
                })
        } else {
            None
        };
        if let Some((year, month, day)) = found
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month)
            && (1990..=2100).contains(&year)
        {
            out.push(Date {
                year,
                month,
                day,
                time: None,
                offset_minutes: None,
            });
        }
        i = j.max(i + 1);
    }
    out
}

fn num(s: &str, len: usize) -> Option<u32> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
}

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a date: write it as YYYY-MM-DD, e.g. 2026-10-01");
        let s = s.trim();
        if s.len() < 10 || !s.is_char_boundary(10) {
            return Err(bad());
        }
        let (date, rest) = s.split_at(10);
        let mut parts = date.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let (year, month, day) = (
            num(y, 4).ok_or_else(bad)? as i32,
            num(m, 2).ok_or_else(bad)?,
            num(d, 2).ok_or_else(bad)?,
        );
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!("`{s}` is not a real calendar date"));
        }
        let mut out = Date {
            year,
            month,
            day,
            time: None,
            offset_minutes: None,
        };
        let rest = rest.trim_start_matches(['T', ' ']);
        if rest.is_empty() {
            return Ok(out);
        }
        let (clock, offset) = match rest.find(['Z', '+', '-']) {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let mut hms = clock.split(':');
        let h = hms.next().and_then(|x| num(x, 2)).ok_or_else(bad)?;
        let mi = hms.next().and_then(|x| num(x, 2)).ok_or_else(bad)?;
        let sec = match hms.next() {
            Some(x) => num(x.split('.').next().unwrap_or(x), 2).ok_or_else(bad)?,
            None => 0,
        };
        if h > 23 || mi > 59 || sec > 60 {
            return Err(format!("`{s}` has an impossible time of day"));
        }
        out.time = Some((h, mi, sec));
        out.offset_minutes = match offset {
            "" => None,
            "Z" => Some(0),
            o => {
                let sign = if o.starts_with('-') { -1 } else { 1 };
                let (oh, om) = o[1..].split_once(':').unwrap_or((&o[1..], "00"));
                let (oh, om) = (num(oh, 2).ok_or_else(bad)?, num(om, 2).ok_or_else(bad)?);
                Some(sign * (oh * 60 + om) as i32)
            }
        };
        Ok(out)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.time.is_some() {
            f.write_str(&self.rfc3339())
        } else {
            f.write_str(&self.iso_date())
        }
    }
}

serde_via_str!(Date);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms_editors_write() {
        let d: Date = "2026-10-01".parse().unwrap();
        assert_eq!((d.year, d.month, d.day, d.time), (2026, 10, 1, None));
        assert_eq!(d.human_ru(), "1 октября 2026 г.");
        assert_eq!(d.rfc3339(), "2026-10-01T00:00:00Z");
        let t: Date = "2026-10-01 09:30".parse().unwrap();
        assert_eq!(t.time, Some((9, 30, 0)));
        let z: Date = "2026-10-01T09:30:15+03:00".parse().unwrap();
        assert_eq!(z.rfc3339(), "2026-10-01T09:30:15+03:00");
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "01.10.2026",
            "2026-1-1",
            "2026-10-01T25:00",
            "вчера",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let d: Date = "2024-02-29".parse().unwrap();
        let n = d.days_since_epoch();
        assert_eq!(civil_from_days(n), (2024, 2, 29));
        assert_eq!("1970-01-01".parse::<Date>().unwrap().days_since_epoch(), 0);
    }

    #[test]
    fn dates_in_running_text() {
        let d = |y, m, dd| Date {
            year: y,
            month: m,
            day: dd,
            time: None,
            offset_minutes: None,
        };
        assert_eq!(
            find_in_text("Опубликовано 02.04.2024 в 10:15"),
            vec![d(2024, 4, 2)]
        );
        assert_eq!(find_in_text("14 марта 2024 г."), vec![d(2024, 3, 14)]);
        assert_eq!(find_in_text("1 Сентября 2025"), vec![d(2025, 9, 1)]);
        assert!(find_in_text("31.02.2024, 12.2024, 1.2.24, тел. 8 800 2000 2000").is_empty());
        assert!(find_in_text("13 мартышек 2024").is_empty());
        assert_eq!(
            find_in_text("с 5.6.2023 по 10 июля 2023"),
            vec![d(2023, 6, 5), d(2023, 7, 10)]
        );
    }
}
