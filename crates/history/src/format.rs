//! What changed, for people and for programs: a Russian text report, JSON (the [`Changes`]
//! value as it is), and an HTML page made with the same Tera setup as the other reports.

use serde::Serialize;

use crate::changes::{Changes, Direction, Moved, SiteChange};
use uslugi_audit::ranking::signed;
use uslugi_compliance::format::page;
use uslugi_compliance::report::Outcome;

/// A format of `uslugi history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryFormat {
    /// Russian text.
    Text,
    /// The changes as JSON.
    Json,
    /// A Russian page.
    Html,
}

/// Writes `changes` in `format`.
pub fn render(changes: &Changes, format: HistoryFormat) -> String {
    match format {
        HistoryFormat::Text => text(changes),
        HistoryFormat::Json => {
            serde_json::to_string_pretty(changes).expect("changes serialize") + "\n"
        }
        HistoryFormat::Html => html(changes),
    }
}

/// An outcome in Russian, from the name the history stores.
fn ru(outcome: &str) -> &str {
    match Outcome::from_name(outcome) {
        Some(o) => o.ru(),
        None => outcome,
    }
}

fn score(s: Option<f64>) -> String {
    s.map_or_else(|| "—".to_string(), |v| format!("{v:.2}"))
}

fn delta(d: Option<f64>) -> String {
    d.map(signed).unwrap_or_default()
}

fn moved_line(sign: char, m: &Moved) -> String {
    format!(
        "      {sign} {}: {} → {} — {}\n",
        m.rule,
        ru(&m.before),
        ru(&m.after),
        m.title
    )
}

fn groups(changes: &Changes) -> [(&'static str, Vec<&SiteChange>); 3] {
    let going = |d: Direction| {
        changes
            .sites
            .iter()
            .filter(|c| c.direction() == d)
            .collect()
    };
    [
        ("Стало хуже", going(Direction::Worse)),
        ("Стало лучше", going(Direction::Better)),
        ("Без изменений", going(Direction::Same)),
    ]
}

fn text(changes: &Changes) -> String {
    let (from, to) = (&changes.from, &changes.to);
    let mut out = format!(
        "Что изменилось с проверки {} (на {}) по проверку {} (на {})\n",
        from.id, from.today, to.id, to.today
    );
    let (b, a) = changes.averages();
    out.push_str(&format!(
        "Средний балл сайтов: {} → {} {}\n",
        score(b),
        score(a),
        delta(b.zip(a).map(|(b, a)| a - b))
    ));
    if changes.catalog_changed {
        out.push_str("Правила проверки между этими проверками изменились: часть различий может быть от них.\n");
    }
    for (name, items) in groups(changes) {
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{name} ({})\n", items.len()));
        for c in items {
            out.push_str(&format!(
                "  {} ({}): {} → {} {}\n",
                c.name,
                c.address,
                score(c.before),
                score(c.after),
                delta(c.delta)
            ));
            for m in &c.lost {
                out.push_str(&moved_line('−', m));
            }
            for m in &c.gained {
                out.push_str(&moved_line('+', m));
            }
        }
    }
    if !changes.newly_unread.is_empty() {
        out.push_str(&format!(
            "\nНе удалось прочитать в этот раз, хотя раньше читались ({})\n",
            changes.newly_unread.len()
        ));
        for c in &changes.newly_unread {
            out.push_str(&format!(
                "  {} ({}): {} (раньше балл {})\n",
                c.name,
                c.address,
                c.newly_unread.as_deref().unwrap_or_default(),
                score(c.before)
            ));
        }
    }
    for (name, list) in [
        ("Новые в списке", &changes.new_sites),
        ("Выбыли из списка", &changes.gone),
    ] {
        if list.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{name} ({})\n", list.len()));
        for s in list {
            let state = s
                .score
                .map_or_else(|| "не проверен".to_string(), |v| format!("балл {v:.2}"));
            out.push_str(&format!("  {} ({}): {state}\n", s.name, s.address));
        }
    }
    out
}

/// What the page template shows.
#[derive(Serialize)]
struct View<'a> {
    changes: &'a Changes,
    average_before: String,
    average_after: String,
    average_delta: String,
    groups: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct Group<'a> {
    name: &'static str,
    rows: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Row<'a> {
    site: &'a SiteChange,
    before: String,
    after: String,
    delta: String,
    lost: Vec<String>,
    gained: Vec<String>,
}

fn html(changes: &Changes) -> String {
    let tera = page::templates(&[("changes.html", include_str!("templates/changes.html"))]);
    let describe = |m: &Moved| format!("{} ({} → {})", m.title, ru(&m.before), ru(&m.after));
    let (b, a) = changes.averages();
    let view = View {
        changes,
        average_before: score(b),
        average_after: score(a),
        average_delta: delta(b.zip(a).map(|(b, a)| a - b)),
        groups: groups(changes)
            .into_iter()
            .map(|(name, items)| Group {
                name,
                rows: items
                    .into_iter()
                    .map(|c| Row {
                        site: c,
                        before: score(c.before),
                        after: score(c.after),
                        delta: delta(c.delta),
                        lost: c.lost.iter().map(describe).collect(),
                        gained: c.gained.iter().map(describe).collect(),
                    })
                    .collect(),
            })
            .collect(),
    };
    page::render(&tera, "changes.html", &view)
}
