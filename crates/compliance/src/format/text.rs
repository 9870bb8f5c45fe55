//! The text report: findings first, grouped, each with its hint and source.

use crate::report::{Outcome, Report, RuleResult};
use crate::rules::Severity;

/// Paints text with an ANSI code when colour is on.
struct Paint(bool);

impl Paint {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// The whole report: the heading, each group of findings, the totals.
pub(super) fn render(report: &Report, color: bool) -> String {
    let paint = Paint(color);
    let mut out = heading(report, &paint);
    if report.unread() {
        let t = &report.totals;
        out.push_str(&format!(
            "\nНе проверено материалов: {}. Сайт не удалось прочитать, поэтому ни один материал не оценён: это не значит, что их нет.\n",
            t.unread
        ));
        out.push_str(&format!("{}\n", super::SEVERITY_NOTE));
        return out;
    }
    let groups = [
        ("31;1", "Нет", Outcome::Missing),
        ("33;1", "Частично", Outcome::Partial),
        ("32", "Есть", Outcome::Pass),
        ("2", "Исключено", Outcome::Ignored),
        ("2", "Не применяется", Outcome::NotApplicable),
    ];
    for (code, name, outcome) in groups {
        let items: Vec<&RuleResult> = report
            .results
            .iter()
            .filter(|r| r.outcome == outcome)
            .collect();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n{}\n",
            paint.paint(code, &format!("{name} ({})", items.len()))
        ));
        for r in items {
            finding(r, &report.prefixes.shown, &paint, &mut out);
        }
    }
    let t = &report.totals;
    out.push_str(&format!(
        "\nИтого: есть {}, частично {}, нет {}, исключено {}, не применяется {}. {}\n",
        t.pass,
        t.partial,
        t.missing,
        t.ignored,
        t.not_applicable,
        if report.failed() {
            paint.paint(
                "31;1",
                &format!("Не хватает ключевых материалов: {}.", t.failing),
            )
        } else {
            paint.paint("32", "Все ключевые материалы на месте.")
        }
    ));
    out.push_str(&format!("{}\n", super::SEVERITY_NOTE));
    out
}

/// What was checked, for whom and when, and how the crawl went.
fn heading(report: &Report, paint: &Paint) -> String {
    let mut out = format!(
        "Проверка раздела «{}» ({}), профиль {}, на {}\n",
        report.site.title,
        report.site.url,
        report.site.profile.as_str(),
        report.date
    );
    if !report.site.organization.is_empty() {
        out.push_str(&format!("Организация: {}\n", report.site.organization));
    }
    if let Some(c) = &report.crawl {
        match &c.failure {
            Some(f) => {
                out.push_str(&paint.paint("31;1", &format!("Сайт не удалось прочитать: {f}\n")))
            }
            None => out.push_str(&format!("Прочитано страниц: {}\n", c.pages)),
        }
        for p in &c.problems {
            out.push_str(&format!("  ! {p}\n"));
        }
    }
    out
}

/// One rule's line, its evidence, and for a finding what to do and which document asks.
/// A located finding starts with `file:line:column:`, as compilers print, so that terminals
/// and editors open the file there.
fn finding(r: &RuleResult, prefix: &str, paint: &Paint, out: &mut String) {
    let mark = match r.outcome {
        Outcome::Pass => "✓",
        Outcome::Partial => "~",
        Outcome::Missing => "✗",
        _ => "-",
    };
    let sev = if r.severity == Severity::NotApplicable {
        String::new()
    } else {
        format!(" [{}]", r.severity.ru())
    };
    let at = r
        .location
        .as_ref()
        .map(|l| format!("{}: ", l.display(prefix)))
        .unwrap_or_default();
    out.push_str(&format!(
        "  {at}{mark} {} — {}{sev}\n",
        paint.paint("1", r.id),
        r.title_ru
    ));
    if let Some(l) = &r.location {
        if l.create {
            out.push_str(&format!("      создайте файл: {prefix}{}\n", l.file));
        }
        if let Some(key) = &l.key {
            out.push_str(&format!("      ключ site.toml: {key}\n"));
        }
    }
    for (i, url) in r.evidence.iter().enumerate() {
        match r.block.as_deref().filter(|_| i == 0) {
            Some(block) => out.push_str(&format!("      {url} — «{block}»\n")),
            None => out.push_str(&format!("      {url}\n")),
        }
    }
    for l in &r.lacking {
        out.push_str(&format!("      не хватает: {l}\n"));
    }
    if matches!(r.outcome, Outcome::Missing | Outcome::Partial) {
        out.push_str(&format!("      что сделать: {}\n", r.hint));
        out.push_str(&format!("      источник: {}\n", r.source.cite_with_force()));
    }
    if let Some(reason) = &r.ignore_reason {
        out.push_str(&format!("      причина: {reason}\n"));
    }
}
