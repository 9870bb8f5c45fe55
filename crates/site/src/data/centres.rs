//! `data/centres.yaml`: the service centres where people register on the portal, confirm
//! their identity and restore access.
//!
//! Opening hours are written per weekday or range of weekdays (`mon-fri: 09:00-18:00`,
//! `sat: 10:00-14:00`, `sun: closed`) with an optional `break: 13:00-14:00`. They are parsed
//! and checked, and give the flags the portal filters centres by: open at weekends, opens
//! before 09:00, open after 19:00. Every problem names the file and the line of the centre.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::DataError;
use uslugi_core::diagnostics::did_you_mean;

/// The file's name.
pub const FILE: &str = "centres.yaml";

/// What a centre does, with the names used in the file.
pub const SERVICES: [(&str, &str); 3] = [
    ("registration", "Регистрация учётной записи"),
    ("identity", "Подтверждение личности"),
    ("recovery", "Восстановление доступа"),
];

const DAYS: [(&str, &str); 7] = [
    ("mon", "Понедельник"),
    ("tue", "Вторник"),
    ("wed", "Среда"),
    ("thu", "Четверг"),
    ("fri", "Пятница"),
    ("sat", "Суббота"),
    ("sun", "Воскресенье"),
];

/// A centre as written in the file; `uslugi centres import` writes the same shape, leaving
/// out what is empty and `active` unless it is `false`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Raw {
    pub(crate) name: String,
    pub(crate) address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) phone: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) services: Vec<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) hours: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) lon: Option<f64>,
    #[serde(default = "crate::yes", skip_serializing_if = "is_true")]
    pub(crate) active: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) notes: Option<String>,
}

/// Whether a flag is set: a centre is active unless its entry says otherwise.
fn is_true(flag: &bool) -> bool {
    *flag
}

/// One day's hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayHours {
    /// `mon` … `sun`.
    pub day: &'static str,
    /// «Понедельник» …
    pub name: &'static str,
    /// `09:00`, or `None` when closed.
    pub opens: Option<String>,
    /// `18:00`.
    pub closes: Option<String>,
}

/// A validated centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Centre {
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// District or municipality; centres are grouped by it.
    pub district: String,
    /// Phone.
    pub phone: Option<String>,
    /// Service codes (`registration`, `identity`, `recovery`).
    pub services: Vec<String>,
    /// Service names in Russian.
    pub service_names: Vec<&'static str>,
    /// Hours for each day of the week.
    pub days: Vec<DayHours>,
    /// The daily break, `13:00–14:00`.
    pub break_time: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Notes.
    pub notes: Option<String>,
    /// Open on Saturday or Sunday.
    pub weekends: bool,
    /// Opens before 09:00 on some day.
    pub early: bool,
    /// Open after 19:00 on some day.
    pub late: bool,
    /// A link that opens the place in OpenStreetMap.
    pub osm_url: String,
    /// A link that opens the place in Yandex Maps.
    pub yandex_url: String,
}

/// Minutes since midnight of `HH:MM`.
fn minutes(t: &str) -> Option<u32> {
    let (h, m) = t.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
}

/// `09:00-18:00` (hyphen or dash) into opening and closing minutes.
fn range(v: &str) -> Result<(u32, u32), String> {
    let (a, b) = v
        .split_once(['-', '–', '—'])
        .ok_or_else(|| format!("`{v}` is not a time range: write it as 09:00-18:00"))?;
    let (a, b) = (
        minutes(a).ok_or_else(|| format!("`{v}`: `{}` is not a time of day", a.trim()))?,
        minutes(b).ok_or_else(|| format!("`{v}`: `{}` is not a time of day", b.trim()))?,
    );
    if b <= a {
        return Err(format!("`{v}`: closes before it opens"));
    }
    Ok((a, b))
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Parses the `hours` map: day keys (`mon`, `mon-fri`) and `break`.
pub(crate) fn parse_hours(
    hours: &BTreeMap<String, String>,
) -> Result<(Vec<DayHours>, Option<String>), String> {
    let mut open: [Option<(u32, u32)>; 7] = [None; 7];
    let mut break_time = None;
    let day_index = |d: &str| DAYS.iter().position(|(k, _)| *k == d.trim());
    for (key, value) in hours {
        if key == "break" {
            let (a, b) = range(value)?;
            break_time = Some(format!("{}–{}", hhmm(a), hhmm(b)));
            continue;
        }
        let (from, to) = match key.split_once('-') {
            Some((a, b)) => (day_index(a), day_index(b)),
            None => (day_index(key), day_index(key)),
        };
        let (Some(from), Some(to)) = (from, to) else {
            let names: Vec<&str> = DAYS
                .iter()
                .map(|(k, _)| *k)
                .chain(["mon-fri", "break"])
                .collect();
            let hint = did_you_mean(key, names)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "`{key}` is not a day: use mon, tue, … sun, a range such as mon-fri, or break{hint}"
            ));
        };
        if to < from {
            return Err(format!("`{key}`: the range runs backwards"));
        }
        let closed = matches!(
            value.trim().to_lowercase().as_str(),
            "closed" | "выходной" | "-" | ""
        );
        let slot = if closed { None } else { Some(range(value)?) };
        for d in open.iter_mut().take(to + 1).skip(from) {
            *d = slot;
        }
    }
    let days = DAYS
        .iter()
        .zip(open)
        .map(|((day, name), o)| DayHours {
            day,
            name,
            opens: o.map(|(a, _)| hhmm(a)),
            closes: o.map(|(_, b)| hhmm(b)),
        })
        .collect();
    Ok((days, break_time))
}

/// Parses and validates the file's text.
pub fn parse(text: &str) -> Result<Vec<Centre>, Vec<DataError>> {
    let (raws, lines) = super::parse_list::<Raw>(text, FILE)?;
    validate(raws, &lines, FILE, text)
}

/// Checks centres read from `file` (whose text is `text`, for showing lines; empty for a
/// spreadsheet) and makes them ready to show; `lines` are the entries' lines or rows.
pub(crate) fn validate(
    raws: Vec<Raw>,
    lines: &[usize],
    file: &str,
    text: &str,
) -> Result<Vec<Centre>, Vec<DataError>> {
    let mut centres = Vec::with_capacity(raws.len());
    let mut errors = Vec::new();
    let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    for (i, r) in raws.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let mut problems = Vec::new();
        let key = (
            r.name.trim().to_lowercase(),
            r.address.trim().to_lowercase(),
        );
        if !seen.insert(key) {
            problems.push((
                format!("centre «{}» at «{}» is listed twice", r.name, r.address),
                None,
            ));
        }
        problems.extend(entry_problems(&r));
        let hours = parse_hours(&r.hours);
        if let Err(e) = &hours {
            problems.push((format!("centre «{}»: {e}", r.name), None));
        }
        let found = !problems.is_empty();
        errors.extend(
            problems
                .into_iter()
                .map(|(message, help)| DataError::new(file, text, line, 1, message, help)),
        );
        if found || !r.active {
            continue;
        }
        if let Ok((days, break_time)) = hours {
            centres.push(ready(r, days, break_time));
        }
    }
    if errors.is_empty() {
        Ok(centres)
    } else {
        Err(errors)
    }
}

/// What is wrong with one entry besides its hours: a missing name or address, an unknown
/// service, coordinates out of range or given by half. Each is a message and maybe a hint.
fn entry_problems(r: &Raw) -> Vec<(String, Option<String>)> {
    let mut problems = Vec::new();
    if r.name.trim().is_empty() || r.address.trim().is_empty() {
        problems.push(("a centre needs a name and an address".into(), None));
    }
    for s in &r.services {
        if !SERVICES.iter().any(|(k, _)| k == s) {
            let hint = did_you_mean(s, SERVICES.iter().map(|(k, _)| *k)).map_or_else(
                || "use registration, identity or recovery".to_string(),
                |d| format!("did you mean `{d}`?"),
            );
            problems.push((
                format!("centre «{}»: unknown service `{s}`", r.name),
                Some(hint),
            ));
        }
    }
    if r.lat.is_some_and(|v| !(-90.0..=90.0).contains(&v))
        || r.lon.is_some_and(|v| !(-180.0..=180.0).contains(&v))
    {
        problems.push((
            format!("centre «{}»: coordinates out of range", r.name),
            Some("latitude is −90…90, longitude −180…180".into()),
        ));
    }
    if r.lat.is_some() != r.lon.is_some() {
        problems.push((
            format!("centre «{}»: give both lat and lon, or neither", r.name),
            None,
        ));
    }
    problems
}

/// A valid, active centre ready for templates: its service names, whether it opens early,
/// late or at weekends, and map links.
fn ready(r: Raw, days: Vec<DayHours>, break_time: Option<String>) -> Centre {
    let weekends = days[5..].iter().any(|d| d.opens.is_some());
    let early = days.iter().any(|d| {
        d.opens
            .as_deref()
            .and_then(minutes)
            .is_some_and(|m| m < 9 * 60)
    });
    let late = days.iter().any(|d| {
        d.closes
            .as_deref()
            .and_then(minutes)
            .is_some_and(|m| m > 19 * 60)
    });
    let q = uslugi_core::util::url::query_escape(&r.address);
    let (osm_url, yandex_url) = match (r.lat, r.lon) {
        (Some(lat), Some(lon)) => (
            format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"),
            format!("https://yandex.ru/maps/?pt={lon},{lat}&z=17&l=map"),
        ),
        _ => (
            format!("https://www.openstreetmap.org/search?query={q}"),
            format!("https://yandex.ru/maps/?text={q}"),
        ),
    };
    Centre {
        service_names: r
            .services
            .iter()
            .filter_map(|s| SERVICES.iter().find(|(k, _)| k == s).map(|(_, n)| *n))
            .collect(),
        name: r.name,
        address: r.address,
        district: r.district.unwrap_or_else(|| "Другие".into()),
        phone: r.phone,
        services: r.services,
        days,
        break_time,
        lat: r.lat,
        lon: r.lon,
        notes: r.notes,
        weekends,
        early,
        late,
        osm_url,
        yandex_url,
    }
}

/// The spreadsheet form of the file.
pub const CSV_FILE: &str = "centres.csv";

/// Centres grouped by district, districts in order of first appearance.
pub fn by_district(centres: &[Centre]) -> Vec<(String, Vec<Centre>)> {
    super::group_in_order(centres, |c| &c.district)
}

/// schema.org `GovernmentOffice` JSON-LD for the centres, safe inside `<script>`.
pub fn json_ld(centres: &[Centre]) -> String {
    let offices: Vec<serde_json::Value> = centres
        .iter()
        .map(|c| {
            let hours: Vec<serde_json::Value> = c
                .days
                .iter()
                .filter_map(|d| {
                    Some(serde_json::json!({
                        "@type": "OpeningHoursSpecification",
                        "dayOfWeek": format!("https://schema.org/{}", schema_day(d.day)),
                        "opens": d.opens.clone()?,
                        "closes": d.closes.clone()?,
                    }))
                })
                .collect();
            let mut o = serde_json::json!({
                "@type": "GovernmentOffice",
                "name": c.name,
                "address": c.address,
                "openingHoursSpecification": hours,
            });
            if let Some(p) = &c.phone {
                o["telephone"] = serde_json::json!(p);
            }
            if let (Some(lat), Some(lon)) = (c.lat, c.lon) {
                o["geo"] = serde_json::json!({ "@type": "GeoCoordinates", "latitude": lat, "longitude": lon });
            }
            o
        })
        .collect();
    uslugi_core::util::escape::script_json(
        &serde_json::json!({ "@context": "https://schema.org", "@graph": offices }).to_string(),
    )
}

fn schema_day(d: &str) -> &'static str {
    match d {
        "mon" => "Monday",
        "tue" => "Tuesday",
        "wed" => "Wednesday",
        "thu" => "Thursday",
        "fri" => "Friday",
        "sat" => "Saturday",
        _ => "Sunday",
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const MFC: &str = "- name: МФЦ\n  address: ул. Мира, 15\n  district: Центральный\n  services: [registration, identity]\n  hours:\n    mon-fri: 08:00-20:00\n    sat: 10:00-15:00\n    break: 13:00-14:00\n  lat: 60.5\n  lon: 30.1\n";

    #[test]
    fn hours_and_flags() {
        let c = &parse(MFC).unwrap()[0];
        assert_eq!(c.days[0].opens.as_deref(), Some("08:00"));
        assert_eq!(c.days[4].closes.as_deref(), Some("20:00"));
        assert_eq!(c.days[6].opens, None);
        assert_eq!(c.break_time.as_deref(), Some("13:00–14:00"));
        assert!(c.weekends && c.early && c.late);
        assert!(c.osm_url.contains("mlat=60.5") && c.yandex_url.contains("pt=30.1,60.5"));
        let ld: serde_json::Value = serde_json::from_str(&json_ld(&parse(MFC).unwrap())).unwrap();
        assert_eq!(ld["@graph"][0]["@type"], "GovernmentOffice");
        assert_eq!(
            ld["@graph"][0]["openingHoursSpecification"]
                .as_array()
                .unwrap()
                .len(),
            6
        );
    }

    fn error(text: &str) -> DataError {
        let mut e = parse(text).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        e.remove(0)
    }

    #[test]
    fn mistakes_name_the_centre_line() {
        let second =
            |extra: &str| format!("{MFC}- name: Почта\n  address: ул. Садовая, 7\n{extra}");
        let e = error(&second("  hours:\n    mon-fri: 9:00-8:00\n"));
        assert_eq!(e.line, 11);
        assert!(
            e.message.contains("closes before it opens"),
            "{}",
            e.message
        );
        assert!(
            error(&second("  hours:\n    mon-fri: утром\n"))
                .message
                .contains("not a time range")
        );
        assert!(
            error(&second("  hours:\n    mon-fry: 09:00-18:00\n"))
                .message
                .contains("did you mean `mon-fri`?")
        );
        let e = error(&second("  services: [identiy]\n"));
        assert_eq!(e.help.as_deref(), Some("did you mean `identity`?"));
        assert!(
            error(&second("  lat: 95\n  lon: 30\n"))
                .message
                .contains("out of range")
        );
        assert!(
            error(&format!("{MFC}{}", MFC.replace("ул. Мира", "УЛ. МИРА")))
                .message
                .contains("listed twice")
        );
    }
}
