//! `uslugi centres import`: service centres from an Excel export — CSV (UTF-8 with or
//! without BOM, or Windows-1251; `;` or `,` between fields) or XLSX — into a normalized
//! `data/centres.yaml`.
//!
//! Column headers are recognised by their Russian (or English) names in any order and case
//! («Название», «Адрес», «Район», «Телефон», «Услуги», «Часы работы», «Широта», «Долгота»…);
//! hours written the way people write them («пн–пт 9:00–18:00, сб 10:00–14:00, перерыв
//! 13:00–14:00») and services in words («регистрация, подтверждение личности») are
//! understood. Every row that cannot be read is reported with its number and why, and nothing
//! is imported from a file with broken rows unless they are to be skipped.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use super::{DataError, centres};

/// A row that could not be read (rows are numbered as in the spreadsheet; the header is 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The row's number.
    pub row: usize,
    /// Why.
    pub message: String,
}

/// What an import produced.
#[derive(Debug)]
pub struct Imported {
    /// The active centres, checked as `data/centres.yaml` is checked.
    pub centres: Vec<centres::Centre>,
    /// Rows left out (only with `skip_bad_rows`).
    pub skipped: Vec<RowError>,
    /// Every imported centre, inactive ones too, as the YAML lists them.
    entries: Vec<centres::Raw>,
}

impl Imported {
    /// How many centres the list holds, inactive ones too.
    pub fn listed(&self) -> usize {
        self.entries.len()
    }

    /// The centres as `data/centres.yaml` text.
    pub fn yaml(&self) -> Result<String, ImportError> {
        let body = uslugi_core::yaml::to_string(&self.entries).map_err(ImportError::Unreadable)?;
        Ok(format!(
            "# Service centres, imported by `uslugi centres import`. See README «Service centres».\n{body}"
        ))
    }
}

/// The most centres one list may hold (a whole region has a few hundred).
pub const MAX_CENTRES: usize = 20_000;

/// Why an import failed as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The file could not be read as a table.
    Unreadable(String),
    /// Required columns are missing.
    Columns(String),
    /// Some rows are broken (and skipping was not asked for).
    Rows(Vec<RowError>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Address,
    District,
    Phone,
    Services,
    Hours,
    Lat,
    Lon,
    Notes,
    Active,
}

/// Header names, matched at the start of the normalized header.
const HEADERS: &[(Field, &[&str])] = &[
    (Field::Name, &["название", "наименование", "центр", "name"]),
    (Field::Address, &["адрес", "address"]),
    (
        Field::District,
        &[
            "район",
            "муниципальн",
            "городской округ",
            "округ",
            "district",
        ],
    ),
    (Field::Phone, &["телефон", "тел", "phone"]),
    (Field::Services, &["услуги", "функции", "services"]),
    (
        Field::Hours,
        &[
            "часы работы",
            "режим работы",
            "график",
            "время работы",
            "часы",
            "hours",
        ],
    ),
    (Field::Lat, &["широта", "latitude", "lat"]),
    (Field::Lon, &["долгота", "longitude", "lon"]),
    (Field::Notes, &["примечани", "комментари", "notes"]),
    (
        Field::Active,
        &["активен", "работает", "действует", "active"],
    ),
];

fn norm(s: &str) -> String {
    s.trim()
        .trim_matches(['*', ':', '"'])
        .trim()
        .to_lowercase()
        .replace('ё', "е")
}

/// Reads a CSV or XLSX file into rows of cells (the header included).
pub fn read_table(path: &Path, bytes: &[u8]) -> Result<Vec<Vec<String>>, ImportError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
        use calamine::Reader;
        let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
            .map_err(|e| ImportError::Unreadable(format!("cannot open the spreadsheet: {e}")))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| ImportError::Unreadable("the spreadsheet has no sheets".into()))?
            .map_err(|e| ImportError::Unreadable(e.to_string()))?;
        return Ok(range
            .rows()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => match crate::content::encoding::detect_cyrillic_codepage(bytes) {
            Some(crate::content::encoding::Undecodable::Koi8R) => {
                encoding_rs::KOI8_R.decode(bytes).0.into_owned()
            }
            _ => encoding_rs::WINDOWS_1251.decode(bytes).0.into_owned(),
        },
    };
    let first = text.lines().next().unwrap_or("");
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| first.matches(*d as char).count())
        .unwrap_or(b';');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, r) in reader.records().enumerate() {
        let r = r.map_err(|e| ImportError::Unreadable(format!("row {}: {e}", i + 1)))?;
        rows.push(r.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// «пн–пт 9:00–18:00, сб 10:00–14:00, перерыв 13:00–14:00» as the file's `hours` map.
pub fn hours_from_text(text: &str) -> Result<BTreeMap<String, String>, String> {
    const DAY_STEMS: [(&str, &str); 14] = [
        ("пон", "mon"),
        ("пн", "mon"),
        ("вто", "tue"),
        ("вт", "tue"),
        ("сре", "wed"),
        ("ср", "wed"),
        ("чет", "thu"),
        ("чт", "thu"),
        ("пят", "fri"),
        ("пт", "fri"),
        ("суб", "sat"),
        ("сб", "sat"),
        ("вос", "sun"),
        ("вс", "sun"),
    ];
    let day = |w: &str| {
        DAY_STEMS
            .iter()
            .find(|(s, _)| w.trim().starts_with(s))
            .map(|(_, d)| *d)
    };
    let mut map = BTreeMap::new();
    for part in text
        .split([',', ';', '\n'])
        .map(norm)
        .filter(|p| !p.is_empty())
    {
        let part = part.replace(['–', '—'], "-").replace('.', ":");
        let split = part
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(part.len());
        let (head, time) = (part[..split].trim(), part[split..].trim());
        let time = time
            .split('-')
            .map(|t| {
                let t = t.trim();
                if t.len() == 4 && t.as_bytes()[1] == b':' {
                    format!("0{t}")
                } else {
                    t.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("-");
        if head.starts_with("перерыв") || head.starts_with("обед") {
            map.insert("break".to_string(), time);
            continue;
        }
        let (head, closed) = match head
            .strip_suffix("выходной")
            .or_else(|| head.strip_suffix("выходные"))
        {
            Some(h) => (h.trim().trim_end_matches(['-', ':']).trim(), true),
            None => (head.trim_end_matches(':').trim(), false),
        };
        let key = match head {
            "ежедневно" | "без выходных" => "mon-sun".to_string(),
            "будни" | "по будням" => "mon-fri".to_string(),
            _ => match head.split_once('-') {
                Some((a, b)) => match (day(a), day(b)) {
                    (Some(a), Some(b)) => format!("{a}-{b}"),
                    _ => return Err(format!("«{head}» is not a day or a range of days")),
                },
                None => day(head)
                    .ok_or_else(|| format!("«{head}» is not a day or a range of days"))?
                    .to_string(),
            },
        };
        if !closed && time.is_empty() {
            return Err(format!("no hours for «{head}»"));
        }
        map.insert(key, if closed { "closed".to_string() } else { time });
    }
    centres::parse_hours(&map).map(|_| map)
}

/// «регистрация, подтверждение личности, восстановление доступа» as service codes.
pub fn services_from_text(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for word in text
        .split([',', ';', '/', '\n'])
        .map(norm)
        .filter(|w| !w.is_empty())
    {
        let code = if word.contains("регистрац") || word == "registration" {
            "registration"
        } else if word.contains("подтвержд") || word == "identity" {
            "identity"
        } else if word.contains("восстановл") || word == "recovery" {
            "recovery"
        } else {
            return Err(format!(
                "unknown service «{word}» (регистрация, подтверждение личности, восстановление доступа)"
            ));
        };
        if !out.iter().any(|c| c == code) {
            out.push(code.to_string());
        }
    }
    Ok(out)
}

fn row_entry(cells: &[String], cols: &BTreeMap<usize, Field>) -> Result<centres::Raw, String> {
    let get = |f: Field| {
        cols.iter()
            .find(|(_, g)| **g == f)
            .and_then(|(i, _)| cells.get(*i))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let coord = |f: Field| -> Result<Option<f64>, String> {
        get(f)
            .map(|v| {
                v.replace(',', ".")
                    .parse::<f64>()
                    .map_err(|_| format!("«{v}» is not a coordinate"))
            })
            .transpose()
    };
    let name = get(Field::Name).ok_or("no name")?;
    let address = get(Field::Address).ok_or("no address")?;
    let hours = match get(Field::Hours) {
        Some(h) => hours_from_text(&h)?,
        None => BTreeMap::new(),
    };
    let services = match get(Field::Services) {
        Some(s) => services_from_text(&s)?,
        None => Vec::new(),
    };
    let inactive = get(Field::Active)
        .is_some_and(|a| matches!(norm(&a).as_str(), "нет" | "no" | "0" | "-" | "false"));
    Ok(centres::Raw {
        name,
        address,
        district: get(Field::District),
        phone: get(Field::Phone),
        services,
        hours,
        lat: coord(Field::Lat)?,
        lon: coord(Field::Lon)?,
        active: !inactive,
        notes: get(Field::Notes),
    })
}

/// Converts a table (header first) into `centres.yaml`.
pub fn import(rows: &[Vec<String>], skip_bad_rows: bool) -> Result<Imported, ImportError> {
    let Some(header) = rows.first() else {
        return Err(ImportError::Unreadable("the file is empty".into()));
    };
    if rows.len() > MAX_CENTRES + 1 {
        // A page lists every centre: a runaway export must not make one of gigabytes.
        return Err(ImportError::Unreadable(format!(
            "{} rows; a list may have at most {MAX_CENTRES} centres — is this the right file?",
            rows.len() - 1
        )));
    }
    let mut cols = BTreeMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = norm(h);
        if let Some((f, _)) = HEADERS.iter().find(|(f, names)| {
            !cols.values().any(|g| g == f) && names.iter().any(|n| h.starts_with(n))
        }) {
            cols.insert(i, *f);
        }
    }
    for (f, name) in [(Field::Name, "Название"), (Field::Address, "Адрес")] {
        if !cols.values().any(|g| *g == f) {
            return Err(ImportError::Columns(format!(
                "no «{name}» column; the header row is: {}",
                header
                    .iter()
                    .map(|h| format!("«{}»", h.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
    }
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for (i, cells) in rows.iter().enumerate().skip(1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match row_entry(cells, &cols) {
            Ok(e) => entries.push((i + 1, e)),
            Err(message) => bad.push(RowError {
                row: i + 1,
                message,
            }),
        }
    }
    if !bad.is_empty() && !skip_bad_rows {
        return Err(ImportError::Rows(bad));
    }
    // The rows must make a valid centres list (this also finds duplicates), checked without
    // a detour through YAML text.
    let (entries, lines): (Vec<centres::Raw>, Vec<usize>) =
        entries.into_iter().map(|(row, e)| (e, row)).unzip();
    let checked =
        centres::validate(entries.clone(), &lines, centres::CSV_FILE, "").map_err(|errors| {
            ImportError::Rows(
                errors
                    .into_iter()
                    .map(|e| RowError {
                        row: e.line,
                        message: e.message,
                    })
                    .collect(),
            )
        })?;
    Ok(Imported {
        centres: checked,
        skipped: bad,
        entries,
    })
}

/// Reads `data/centres.csv` as the site's centres, as `uslugi centres import` reads it; each
/// row that cannot be read is a problem of the site.
pub fn load_csv(path: &Path) -> Result<Vec<centres::Centre>, Vec<DataError>> {
    let help = "`uslugi centres import data/centres.csv` shows every row that cannot be read";
    let err =
        |line, message| DataError::new(centres::CSV_FILE, "", line, 1, message, Some(help.into()));
    let bytes = std::fs::read(path).map_err(|e| vec![err(1, e.to_string())])?;
    let imported = read_table(path, &bytes)
        .and_then(|rows| import(&rows, false))
        .map_err(|e| match e {
            ImportError::Unreadable(m) | ImportError::Columns(m) => vec![err(1, m)],
            ImportError::Rows(rows) => rows
                .into_iter()
                .map(|r| err(r.row.max(1), r.message))
                .collect(),
        })?;
    Ok(imported.centres)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn a_runaway_export_is_refused_before_it_is_built() {
        let mut rows = vec![vec!["Название".to_string(), "Адрес".to_string()]];
        rows.extend(
            (0..=MAX_CENTRES).map(|i| vec![format!("Центр {i}"), format!("ул. Мира, {i}")]),
        );
        let Err(ImportError::Unreadable(m)) = import(&rows, false) else {
            panic!("accepted {} rows", rows.len())
        };
        assert!(m.contains("at most 20000 centres"), "{m}");
        rows.truncate(MAX_CENTRES + 1);
        assert_eq!(import(&rows, false).unwrap().centres.len(), MAX_CENTRES);
    }

    #[test]
    fn russian_hours_and_services() {
        let h =
            hours_from_text("пн–пт 9:00–18:00, сб 10.00-14.00; вс выходной, перерыв 13:00-14:00")
                .unwrap();
        assert_eq!(h["mon-fri"], "09:00-18:00");
        assert_eq!(h["sat"], "10:00-14:00");
        assert_eq!(h["sun"], "closed");
        assert_eq!(h["break"], "13:00-14:00");
        assert_eq!(
            hours_from_text("Ежедневно 8:00-20:00").unwrap()["mon-sun"],
            "08:00-20:00"
        );
        assert!(
            hours_from_text("пн-пт 18:00-9:00")
                .unwrap_err()
                .contains("closes before")
        );
        assert!(hours_from_text("утром").is_err());
        assert_eq!(
            services_from_text("Регистрация; подтверждение личности").unwrap(),
            ["registration", "identity"]
        );
        assert!(services_from_text("выдача паспортов").is_err());
    }
}
