//! A printable Russian report page: the organization, the date, and a table of every
//! material with its outcome, what to add and where the requirement comes from.

use crate::report::{Outcome, Report, RuleResult};
use uslugi_core::util::escape::html as esc;

const STYLE: &str = "body{font-family:system-ui,sans-serif;color:#1b1f24;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5}\
h1{font-size:1.6rem;margin-bottom:.25rem}.meta{color:#4a5361}table{border-collapse:collapse;width:100%;margin-top:1.5rem}\
th,td{border:1px solid #c9d1de;padding:.45rem .6rem;text-align:left;vertical-align:top}th{background:#eef2f8}\
.pass{color:#0a6b2b}.partial{color:#8a5a00}.missing{color:#b3261e}.muted{color:#4a5361}.outcome{font-weight:700;white-space:nowrap}\
.summary{display:flex;gap:1rem;flex-wrap:wrap;padding:0;list-style:none}.summary li{border:1px solid #c9d1de;border-radius:8px;padding:.4rem .8rem}\
small{color:#4a5361}@media print{body{margin:0;max-width:none}a{color:#000}}";

/// The whole page.
pub(super) fn render(report: &Report) -> String {
    let t = &report.totals;
    let rows: String = report.results.iter().map(row).collect();
    let crawl = crawl_note(report);
    let verdict = if report.failed() {
        format!(
            "<p class=\"missing\"><strong>Не хватает ключевых материалов: {}.</strong></p>",
            t.failing
        )
    } else {
        "<p class=\"pass\"><strong>Все ключевые материалы на месте.</strong></p>".to_string()
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Проверка раздела «Электронные услуги»: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>Проверка раздела «Электронные услуги»</h1>\n<p class=\"meta\">{org}<a href=\"{url}\">{url}</a> · профиль {profile} · дата проверки {date} · страниц: {pages}</p>\n{crawl}{verdict}\n<ul class=\"summary\"><li>Есть: {pass}</li><li>Частично: {partial}</li><li>Нет: {missing}</li><li>Исключено: {ignored}</li><li>Не применяется: {na}</li></ul>\n<table>\n<thead><tr><th scope=\"col\">Материал</th><th scope=\"col\">Значимость</th><th scope=\"col\">Результат</th><th scope=\"col\">Подробности</th><th scope=\"col\">Источник</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n<p><small>{note}</small></p>\n<p><small>Отчёт подготовлен: {tool}.</small></p>\n</main>\n</body>\n</html>\n",
        title = esc(&report.site.title),
        org = if report.site.organization.is_empty() {
            String::new()
        } else {
            format!("{} · ", esc(&report.site.organization))
        },
        url = esc(&report.site.url),
        profile = report.site.profile.as_str(),
        date = report.date,
        pages = report.pages,
        pass = t.pass,
        partial = t.partial,
        missing = t.missing,
        ignored = t.ignored,
        na = t.not_applicable,
        tool = esc(&report.tool),
        note = esc(super::SEVERITY_NOTE),
    )
}

/// One material's table row.
fn row(r: &RuleResult) -> String {
    let class = match r.outcome {
        Outcome::Pass => "pass",
        Outcome::Partial => "partial",
        Outcome::Missing => "missing",
        _ => "muted",
    };
    let mut what = String::new();
    for e in &r.evidence {
        what.push_str(&format!("<a href=\"{0}\">{0}</a><br>", esc(e)));
    }
    for l in &r.lacking {
        what.push_str(&format!("Не хватает: {}<br>", esc(l)));
    }
    if matches!(r.outcome, Outcome::Missing | Outcome::Partial) {
        what.push_str(&esc(r.hint));
    }
    if let Some(reason) = &r.ignore_reason {
        what.push_str(&format!("Причина исключения: {}", esc(reason)));
    }
    format!(
        "<tr><td>{}<br><small>{}</small></td><td>{}</td><td class=\"outcome {class}\">{}</td><td>{what}</td><td><small>{}</small></td></tr>\n",
        esc(r.title_ru),
        esc(r.id),
        esc(r.severity.ru()),
        esc(r.outcome.ru()),
        esc(&r.source.cite_with_force())
    )
}

/// How the crawl went, for an audit: pages read or why the site could not be read, and the
/// problems met on the way.
fn crawl_note(report: &Report) -> String {
    match &report.crawl {
        Some(c) => {
            let mut s = match &c.failure {
                Some(f) => format!(
                    "<p class=\"missing\"><strong>Сайт не удалось прочитать: {}</strong></p>",
                    esc(f)
                ),
                None => format!("<p>Прочитано страниц: {}.</p>", c.pages),
            };
            if !c.problems.is_empty() {
                s.push_str("<ul>");
                for p in &c.problems {
                    s.push_str(&format!("<li>{}</li>", esc(p)));
                }
                s.push_str("</ul>");
            }
            s
        }
        None => String::new(),
    }
}
