//! The workbook that goes up the chain: the ranking of a run, what changed since the one
//! before (when there is one), and what the score means with the documents it rests on.
//! Scores are numbers, dates are dates, each material's column is coloured by its outcome,
//! and the tables have a frozen header and a filter, so that an official can sort and filter
//! them in Excel or LibreOffice.

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::changes::Changes;
use crate::store::SiteRecord;
use uslugi_compliance::report::Outcome;
use uslugi_compliance::rules::RULES;

/// The cell formats, made once for the whole workbook.
struct Styles {
    header: Format,
    score: Format,
    change: Format,
    date: Format,
    wrap: Format,
    /// Each outcome's fill and text colours.
    outcomes: Vec<(Outcome, Format)>,
}

impl Styles {
    fn new() -> Styles {
        let colours = |o: Outcome| match o {
            Outcome::Pass => (0xC6EFCE, 0x006100),
            Outcome::Partial => (0xFFEB9C, 0x9C5700),
            Outcome::Missing => (0xFFC7CE, 0x9C0006),
            Outcome::Unread => (0xE7E6E6, 0x3A3A3A),
            Outcome::Ignored | Outcome::NotApplicable => (0xF2F2F2, 0x3A3A3A),
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xDDE4EE))
                .set_border_bottom(FormatBorder::Thin),
            score: Format::new().set_num_format("0.00"),
            change: Format::new().set_num_format("+0.00;−0.00;0.00"),
            date: Format::new().set_num_format("dd.mm.yyyy"),
            wrap: Format::new().set_text_wrap(),
            outcomes: Outcome::ALL
                .into_iter()
                .map(|o| {
                    let (fill, ink) = colours(o);
                    let f = Format::new()
                        .set_background_color(Color::RGB(fill))
                        .set_font_color(Color::RGB(ink));
                    (o, f)
                })
                .collect(),
        }
    }

    /// The Russian word of an outcome's cell, from the name the history stores, and its
    /// format.
    fn outcome(&self, name: &str) -> (&'static str, &Format) {
        let o = Outcome::from_name(name).unwrap_or(Outcome::NotApplicable);
        let f = self
            .outcomes
            .iter()
            .find(|(x, _)| *x == o)
            .map(|(_, f)| f)
            .unwrap_or(&self.wrap);
        (o.ru(), f)
    }
}

fn date(iso: &str) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::parse_from_str(iso)
}

/// What a workbook holds: one run's sites, the date they were judged on, and, when there is
/// an earlier run to compare with, what changed since.
pub struct Ranking<'a> {
    /// The date of the check (YYYY-MM-DD).
    pub today: &'a str,
    /// The sites as judged.
    pub sites: &'a [SiteRecord],
    /// The changes since the run before, if any.
    pub changes: Option<&'a Changes>,
}

/// The workbook: the ranking, the changes when there are any, and the notes.
pub fn workbook(r: &Ranking<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    ranking(book.add_worksheet(), r, &styles)?;
    if let Some(changes) = r.changes {
        changes_sheet(book.add_worksheet(), changes, &styles)?;
    }
    notes(book.add_worksheet(), r)?;
    book.save_to_buffer()
}

/// The first row of a sheet: one title per column, in the header style.
fn header(ws: &mut Worksheet, titles: &[&str], head: &Format) -> Result<(), XlsxError> {
    for (c, t) in titles.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *t, head)?;
    }
    Ok(())
}

fn ranking(ws: &mut Worksheet, r: &Ranking<'_>, st: &Styles) -> Result<(), XlsxError> {
    let sites = r.sites;
    ws.set_name("Рейтинг")?;
    let (head, score_fmt, delta_fmt, date_fmt) = (&st.header, &st.score, &st.change, &st.date);
    let deltas = r.changes.map(Changes::deltas).unwrap_or_default();
    let titles = [
        "Место",
        "Сайт",
        "Адрес",
        "Балл",
        "Изменение с прошлой проверки",
        "Дата проверки",
    ];
    header(ws, &titles, head)?;
    let first_rule = titles.len() as u16;
    for (i, rule) in RULES.iter().enumerate() {
        ws.write_string_with_format(0, first_rule + i as u16, rule.title_ru, head)?;
        ws.set_column_width(first_rule + i as u16, 16)?;
    }
    ws.set_row_height(0, 96)?;
    for (c, w) in [(0, 7), (1, 28), (2, 30), (3, 8), (4, 14), (5, 12)] {
        ws.set_column_width(c, w)?;
    }
    let mut ordered: Vec<&SiteRecord> = sites.iter().collect();
    ordered.sort_by(|a, b| {
        b.score
            .unwrap_or(-1.0)
            .total_cmp(&a.score.unwrap_or(-1.0))
            .then_with(|| a.name.cmp(&b.name))
    });
    let when = date(r.today)?;
    for (i, s) in ordered.iter().enumerate() {
        let row = i as u32 + 1;
        if s.score.is_some() {
            ws.write_number(row, 0, (i + 1) as f64)?;
        }
        ws.write_string(row, 1, &s.name)?;
        ws.write_string(row, 2, &s.address)?;
        match s.score {
            Some(v) => ws.write_number_with_format(row, 3, v, score_fmt)?,
            None => ws.write_string(row, 3, "не проверен")?,
        };
        if let Some(d) = deltas.get(s.key.as_str()) {
            ws.write_number_with_format(row, 4, *d, delta_fmt)?;
        }
        ws.write_datetime_with_format(row, 5, &when, date_fmt)?;
        for (k, r) in RULES.iter().enumerate() {
            let outcome = s
                .outcomes
                .get(r.id)
                .map_or("not_applicable", |(o, _)| o.as_str());
            let (word, f) = st.outcome(outcome);
            ws.write_string_with_format(row, first_rule + k as u16, word, f)?;
        }
    }
    let last_col = first_rule + RULES.len() as u16 - 1;
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(0, 0, ordered.len() as u32, last_col)?;
    Ok(())
}

fn changes_sheet(ws: &mut Worksheet, changes: &Changes, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name("Изменения")?;
    let (head, score_fmt, delta_fmt, wrap) = (&st.header, &st.score, &st.change, &st.wrap);
    let titles = [
        "Сайт",
        "Адрес",
        "Балл до",
        "Балл после",
        "Изменение",
        "Стало хуже",
        "Стало лучше",
        "Примечание",
    ];
    header(ws, &titles, head)?;
    for (c, w) in [
        (0, 28),
        (1, 30),
        (2, 9),
        (3, 10),
        (4, 11),
        (5, 45),
        (6, 45),
        (7, 40),
    ] {
        ws.set_column_width(c, w)?;
    }
    let mut row = 1u32;
    let list = |moved: &[crate::changes::Moved]| {
        moved
            .iter()
            .map(|m| m.title.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    for c in changes.sites.iter().chain(&changes.newly_unread) {
        ws.write_string(row, 0, &c.name)?;
        ws.write_string(row, 1, &c.address)?;
        if let Some(b) = c.before {
            ws.write_number_with_format(row, 2, b, score_fmt)?;
        }
        if let Some(a) = c.after {
            ws.write_number_with_format(row, 3, a, score_fmt)?;
        }
        if let Some(d) = c.delta {
            ws.write_number_with_format(row, 4, d, delta_fmt)?;
        }
        ws.write_string_with_format(row, 5, list(&c.lost), wrap)?;
        ws.write_string_with_format(row, 6, list(&c.gained), wrap)?;
        if let Some(why) = &c.newly_unread {
            ws.write_string_with_format(row, 7, format!("не удалось прочитать: {why}"), wrap)?;
        }
        row += 1;
    }
    for (note, list, after) in [
        ("новый в списке", &changes.new_sites, true),
        ("выбыл из списка", &changes.gone, false),
    ] {
        for s in list {
            ws.write_string(row, 0, &s.name)?;
            ws.write_string(row, 1, &s.address)?;
            if let Some(v) = s.score {
                ws.write_number_with_format(row, if after { 3 } else { 2 }, v, score_fmt)?;
            }
            ws.write_string(row, 7, note)?;
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 1)?;
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), 7)?;
    Ok(())
}

fn notes(ws: &mut Worksheet, r: &Ranking<'_>) -> Result<(), XlsxError> {
    ws.set_name("Пояснения")?;
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let date_fmt = Format::new()
        .set_num_format("dd.mm.yyyy")
        .set_align(FormatAlign::Left);
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 100)?;
    let explained = [
        ("Что такое балл", "Доля материалов раздела «Электронные услуги», которые uslugi нашла на сайте, от 0 до 1: ключевой материал весит 2, рекомендуемый 1; найденный полностью засчитывается целиком, частично — наполовину. Это оценка полноты раздела по правилам uslugi, а не официальный рейтинг.".to_string()),
        ("Формула", "балл = Σ вес × зачёт / Σ вес; вес: ключевой 2, рекомендуемый 1; зачёт: есть 1, частично 0,5, нет 0".to_string()),
        ("Не проверен", "Сайт не удалось прочитать (защита от ботов, ошибка сервера): материалы не оценены, и это не значит, что их нет.".to_string()),
        (
            "Инструмент",
            format!(
                "uslugi {}; правила: {}",
                env!("CARGO_PKG_VERSION"),
                uslugi_compliance::rules::catalog_version()
            ),
        ),
    ];
    let mut row = 0u32;
    for (label, text) in &explained {
        ws.write_string_with_format(row, 0, *label, &bold)?;
        ws.write_string_with_format(row, 1, text, &wrap)?;
        row += 1;
    }
    let mut dates = vec![("Эта проверка", r.today)];
    if let Some(c) = r.changes {
        dates.insert(0, ("Прошлая проверка", c.from.today.as_str()));
    }
    for (label, day) in dates {
        ws.write_string_with_format(row, 0, label, &bold)?;
        ws.write_datetime_with_format(row, 1, &date(day)?, &date_fmt)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Источники", &bold)?;
    row += 1;
    let mut seen = Vec::new();
    for rule in RULES {
        let d = rule.source.document;
        if seen.contains(&d.id) {
            continue;
        }
        seen.push(d.id);
        ws.write_string_with_format(row, 0, d.force.ru(), &wrap)?;
        ws.write_string_with_format(row, 1, d.citation, &wrap)?;
        row += 1;
    }
    Ok(())
}
