//! Dates of news and pages as editors and other sites write them, on top of `jiff`.
//!
//! A [`Date`] is a calendar day (`2026-10-01`), optionally with a time of day and a UTC offset
//! (`2026-10-01T09:30:00+03:00`). Calendar arithmetic, validation and time zones are jiff's;
//! what is ours is reading what people write — the ISO forms in front matter, and the Russian
//! forms in running text (`02.04.2024`, `14 марта 2024 г.`, [`find_in_text`]) — and printing the
//! date in Russian. A date without an offset means that day or time in the site's own zone
//! ([`Zone`]), so its instant ([`Date::instant`]) and its RFC 3339 form need the zone.

use std::fmt;
use std::str::FromStr;

use jiff::civil;
use jiff::tz::{Offset, TimeZone};

/// A time zone from the IANA database built into the binary, with its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    name: String,
    tz: TimeZone,
}

/// The zone a site is in unless `site.toml` says otherwise.
pub const DEFAULT_ZONE: &str = "Europe/Moscow";

impl Zone {
    /// The zone of an IANA name (`Asia/Vladivostok`), from the database built into the binary,
    /// so that the answer does not depend on the machine's own files.
    pub fn named(name: &str) -> Result<Zone, String> {
        let db = jiff::tz::TimeZoneDatabase::bundled();
        match db.get(name) {
            Ok(tz) => Ok(Zone {
                name: name.to_string(),
                tz,
            }),
            Err(_) => {
                let names: Vec<String> = db.available().map(|n| n.as_str().to_string()).collect();
                let known: Vec<&str> = names.iter().map(String::as_str).collect();
                let hint = crate::diagnostics::did_you_mean(name, known)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                Err(format!(
                    "unknown time zone `{name}`: write an IANA name such as Europe/Moscow or Asia/Vladivostok{hint}"
                ))
            }
        }
    }

    /// Moscow time, the default.
    pub fn moscow() -> Zone {
        Zone::named(DEFAULT_ZONE).expect("the built-in database has Europe/Moscow")
    }

    /// The IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// jiff's time zone.
    pub fn tz(&self) -> &TimeZone {
        &self.tz
    }
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::moscow()
    }
}

impl FromStr for Zone {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Zone::named(s.trim())
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

serde_via_str!(Zone);

/// A calendar date with an optional time of day and UTC offset.
///
/// Dates are not ordered among themselves: a date without an offset is a day in some zone,
/// so compare [`Date::day`] for calendar order and [`Date::instant`] for time order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    day: civil::Date,
    time: Option<civil::Time>,
    offset: Option<Offset>,
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
    /// A calendar day, when it exists (`2024-02-30` does not).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        let (y, m, d) = (
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        );
        civil::Date::new(y, m, d).ok().map(Date::from_day)
    }

    /// A calendar day without a time.
    pub fn from_day(day: civil::Date) -> Date {
        Date {
            day,
            time: None,
            offset: None,
        }
    }

    /// The calendar day (time and offset left aside): what freshness and schedules count.
    pub fn day(&self) -> civil::Date {
        self.day
    }

    /// The time of day, when one was written.
    pub fn time(&self) -> Option<civil::Time> {
        self.time
    }

    /// The UTC offset, when one was written.
    pub fn offset(&self) -> Option<Offset> {
        self.offset
    }

    /// Day of the month, 1–31.
    pub fn day_of_month(&self) -> u32 {
        self.day.day() as u32
    }

    /// `1 октября 2026 г.`
    pub fn human_ru(&self) -> String {
        format!(
            "{} {} {} г.",
            self.day.day(),
            MONTHS_GENITIVE[(self.day.month() - 1) as usize],
            self.day.year()
        )
    }

    /// `2026-10-01`
    pub fn iso_date(&self) -> String {
        self.day.to_string()
    }

    /// The instant this date stands for: its own offset when it has one, otherwise the
    /// time (midnight without one) in `zone`.
    pub fn instant(&self, zone: &Zone) -> jiff::Timestamp {
        let dt = self
            .day
            .to_datetime(self.time.unwrap_or(civil::Time::midnight()));
        let at = match self.offset {
            Some(o) => o.to_timestamp(dt),
            None => zone.tz().to_ambiguous_timestamp(dt).compatible(),
        };
        at.unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }

    /// RFC 3339, as Atom feeds want it: its own offset when it has one, otherwise the offset
    /// `zone` has on that day (a date without a time is midnight).
    pub fn rfc3339(&self, zone: &Zone) -> String {
        let offset = self
            .offset
            .unwrap_or_else(|| zone.tz().to_offset(self.instant(zone)));
        let (h, m, s) = match self.time {
            Some(t) => (t.hour(), t.minute(), t.second()),
            None => (0, 0, 0),
        };
        format!(
            "{}T{h:02}:{m:02}:{s:02}{}",
            self.iso_date(),
            offset_text(offset)
        )
    }

    /// Whole days from this date's day to `later`'s (negative when `later` is earlier).
    pub fn days_until(&self, later: &Date) -> i64 {
        self.day
            .until(later.day)
            .map_or(0, |span| i64::from(span.get_days()))
    }

    /// The calendar day that is `n` days before this one.
    pub fn days_before(&self, n: u32) -> Date {
        let back = jiff::Span::new().days(i64::from(n));
        Date::from_day(self.day.checked_sub(back).unwrap_or(civil::Date::MIN))
    }
}

/// `Z` for UTC, `+03:00` otherwise.
fn offset_text(offset: Offset) -> String {
    let secs = offset.seconds();
    if secs == 0 {
        return "Z".into();
    }
    let (sign, abs) = if secs < 0 { ('-', -secs) } else { ('+', secs) };
    format!("{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
}

/// Dates written in running text as people and CMSs write them: `02.04.2024`, `2.4.2024`,
/// `14 марта 2024` (any case, `г.` or not). Only real calendar dates between 1990 and 2100
/// are returned, in the order they appear.
pub fn find_in_text(text: &str) -> Vec<Date> {
    spans(&text.to_lowercase().chars().collect::<Vec<_>>())
        .into_iter()
        .map(|(d, _, _)| d)
        .collect()
}

/// The dates of [`find_in_text`] that may be a page's own — not the date of an act it cites
/// («приказ от 02.09.2020 № 458», «распоряжение от 5 ноября 2015 года № 644-р»): a date a
/// document number follows is the act's.
pub fn find_own_in_text(text: &str) -> Vec<Date> {
    let chars: Vec<char> = text.to_lowercase().chars().collect();
    spans(&chars)
        .into_iter()
        .filter(|&(_, _, end)| !numbered_after(&chars, end))
        .map(|(d, _, _)| d)
        .collect()
}

/// Whether a document number («№ 458», «N 644-р») follows position `at`, after «г.» or
/// «года».
fn numbered_after(chars: &[char], at: usize) -> bool {
    let rest: String = chars[at.min(chars.len())..].iter().take(16).collect();
    let mut rest = rest.trim_start();
    for word in ["года", "год", "г."] {
        if let Some(r) = rest.strip_prefix(word) {
            rest = r.trim_start();
            break;
        }
    }
    rest.starts_with('№') || rest.starts_with("n ") || rest.starts_with("n\u{a0}")
}

/// Every date in lower-cased `chars`, with where it starts and ends.
fn spans(chars: &[char]) -> Vec<(Date, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit());
        if !starts_number {
            i += 1;
            continue;
        }
        let (day, j) = digits(chars, i);
        let found = if j - i <= 2 && chars.get(j) == Some(&'.') {
            dotted(chars, j, day)
        } else if j - i <= 2 && chars.get(j) == Some(&' ') {
            in_words(chars, j, day)
        } else {
            None
        };
        if let Some((date, end)) = found.filter(|(d, _)| (1990..=2100).contains(&d.day.year())) {
            out.push((date, i, end));
        }
        i = j.max(i + 1);
    }
    out
}

/// Up to four digits from `from`: their value and where they end.
fn digits(chars: &[char], from: usize) -> (u32, usize) {
    let mut j = from;
    let mut v: u32 = 0;
    while j < chars.len() && chars[j].is_ascii_digit() && j - from < 4 {
        v = v * 10 + chars[j].to_digit(10).unwrap_or(0);
        j += 1;
    }
    (v, j)
}

/// `dd.mm.yyyy`, the day read and the first dot at `j`; the date and where it ends.
fn dotted(chars: &[char], j: usize, day: u32) -> Option<(Date, usize)> {
    let (month, k) = digits(chars, j + 1);
    if k == j + 1 || k - (j + 1) > 2 || chars.get(k) != Some(&'.') {
        return None;
    }
    let (year, l) = digits(chars, k + 1);
    if l != k + 5 || chars.get(l).is_some_and(char::is_ascii_digit) {
        return None;
    }
    Date::from_ymd(year as i32, month, day).map(|d| (d, l))
}

/// `d месяца yyyy`, the day read and the space at `j`; the date and where it ends.
fn in_words(chars: &[char], j: usize, day: u32) -> Option<(Date, usize)> {
    let word: String = chars[j + 1..]
        .iter()
        .take_while(|c| c.is_alphabetic())
        .collect();
    let month = MONTHS_GENITIVE.iter().position(|m| *m == word)? as u32 + 1;
    let mut k = j + 1 + word.chars().count();
    while chars.get(k) == Some(&' ') {
        k += 1;
    }
    let (year, l) = digits(chars, k);
    (l - k == 4).then(|| Date::from_ymd(year as i32, month, day).map(|d| (d, l)))?
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
        let mut out = Date::from_ymd(year, month, day)
            .ok_or_else(|| format!("`{s}` is not a real calendar date"))?;
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
        let impossible = || format!("`{s}` has an impossible time of day");
        if sec > 60 {
            return Err(impossible());
        }
        // A leap second is read as the last second of its minute.
        let time =
            civil::Time::new(h as i8, mi as i8, sec.min(59) as i8, 0).map_err(|_| impossible())?;
        out.time = Some(time);
        out.offset = match offset {
            "" => None,
            "Z" => Some(Offset::UTC),
            o => {
                let sign = if o.starts_with('-') { -1 } else { 1 };
                let (oh, om) = o[1..].split_once(':').unwrap_or((&o[1..], "00"));
                let (oh, om) = (num(oh, 2).ok_or_else(bad)?, num(om, 2).ok_or_else(bad)?);
                let secs = sign * (oh * 3600 + om * 60) as i32;
                Some(Offset::from_seconds(secs).map_err(|_| bad())?)
            }
        };
        Ok(out)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(t) = self.time else {
            return f.write_str(&self.iso_date());
        };
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            self.iso_date(),
            t.hour(),
            t.minute(),
            t.second()
        )?;
        if let Some(o) = self.offset {
            f.write_str(&offset_text(o))?;
        }
        Ok(())
    }
}

serde_via_str!(Date);

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> Date {
        Date::from_ymd(y, m, dd).unwrap()
    }

    #[test]
    fn parses_forms_editors_write() {
        let utc = Zone::named("UTC").unwrap();
        let moscow = Zone::moscow();
        let x: Date = "2026-10-01".parse().unwrap();
        assert_eq!((x.day(), x.time()), (civil::date(2026, 10, 1), None));
        assert_eq!(x.human_ru(), "1 октября 2026 г.");
        assert_eq!(x.rfc3339(&utc), "2026-10-01T00:00:00Z");
        assert_eq!(x.rfc3339(&moscow), "2026-10-01T00:00:00+03:00");
        let t: Date = "2026-10-01 09:30".parse().unwrap();
        assert_eq!(t.time(), Some(civil::time(9, 30, 0, 0)));
        let z: Date = "2026-10-01T09:30:15+03:00".parse().unwrap();
        assert_eq!(z.rfc3339(&utc), "2026-10-01T09:30:15+03:00");
        assert_eq!(z.to_string(), "2026-10-01T09:30:15+03:00");
        assert_eq!(t.to_string(), "2026-10-01T09:30:00");
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "01.10.2026",
            "2026-1-1",
            "2026-10-01T25:00",
            "2026-10-01T09:30+99:99",
            "вчера",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }

    /// The derived order of the old type compared fields and ignored the offset: 10:00 in
    /// Vladivostok came after 09:00 in Moscow, though it is seven hours earlier.
    #[test]
    fn instants_take_the_offset_and_the_zone() {
        let vladivostok: Date = "2026-10-01T10:00:00+10:00".parse().unwrap();
        let moscow: Date = "2026-10-01T09:00:00+03:00".parse().unwrap();
        let zone = Zone::moscow();
        assert!(vladivostok.instant(&zone) < moscow.instant(&zone));
        let naive: Date = "2026-10-01 09:00".parse().unwrap();
        assert_eq!(naive.instant(&zone), moscow.instant(&zone));
        let far = Zone::named("Asia/Vladivostok").unwrap();
        assert_eq!(naive.rfc3339(&far), "2026-10-01T09:00:00+10:00");
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(d(2024, 2, 28).days_until(&d(2024, 3, 1)), 2);
        assert_eq!(d(2024, 3, 1).days_until(&d(2024, 2, 28)), -2);
        assert_eq!(d(2025, 1, 10).days_before(180).iso_date(), "2024-07-14");
    }

    #[test]
    fn unknown_zone_suggests_a_name() {
        let err = Zone::named("Europe/Moskow").unwrap_err();
        assert!(err.contains("did you mean `Europe/Moscow`"), "{err}");
        assert_eq!("Asia/Tomsk".parse::<Zone>().unwrap().name(), "Asia/Tomsk");
    }

    #[test]
    fn dates_in_running_text() {
        assert_eq!(
            find_in_text("Опубликовано 02.04.2024 в 10:15"),
            vec![d(2024, 4, 2)]
        );
        assert_eq!(find_in_text("14 марта 2024 г."), vec![d(2024, 3, 14)]);
        assert_eq!(find_in_text("1 Сентября 2025"), vec![d(2025, 9, 1)]);
        assert!(find_in_text("31.02.2024, 12.2024, 1.2.24, тел. 8 800 2000 2000").is_empty());
        assert!(find_in_text("13 мартышек 2024").is_empty());
        assert!(find_in_text("01.01.1900 и 5 мая 3000").is_empty());
        assert_eq!(
            find_in_text("с 5.6.2023 по 10 июля 2023"),
            vec![d(2023, 6, 5), d(2023, 7, 10)]
        );
    }

    #[test]
    fn an_acts_date_is_not_the_pages_own() {
        let text = "Распоряжение от 05 ноября 2015 года № 644-р; приказ от 02.09.2020 №458. \
                    Опубликовано 14 марта 2024 г.";
        assert_eq!(find_in_text(text).len(), 3);
        assert_eq!(find_own_in_text(text), vec![d(2024, 3, 14)]);
        assert_eq!(find_own_in_text("от 1.2.2024 N 5"), vec![]);
        assert_eq!(find_own_in_text("Новость от 1.2.2024"), vec![d(2024, 2, 1)]);
    }
}
