//! The indicator chart: one series of `data/indicators.yaml` as an accessible inline SVG
//! with the same figures in a table beside it.
//!
//! The SVG has `role="img"`, a `<title>` and a `<desc>` that says in words what it shows; it
//! is drawn in `currentColor`, so it follows the page's colours and every low-vision colour
//! scheme, and needs no JavaScript. The target is a dashed line across each period, the
//! actual a bar; a period below its target is marked by a hatched bar and a «▼» — never by
//! colour alone — and named in the description and the table. The table sits in an open
//! `<details>`: a reader may fold it away, and screen readers always have it.

use crate::data::indicators::{Point, Series, period_key};
use uslugi_core::util::escape::html as esc;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 300.0;
const LEFT: f64 = 52.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 52.0;

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];

/// A period as people write it: `III кв. 2015`, `03.2016`, `2016`; and its two chart lines.
fn label(period: &str) -> (String, String, String) {
    match period_key(period) {
        Some((1, y, q)) => (
            format!("{} кв. {y}", ROMAN[(q - 1) as usize]),
            format!("{} кв.", ROMAN[(q - 1) as usize]),
            y.to_string(),
        ),
        Some((2, y, m)) => (format!("{m:02}.{y}"), format!("{m:02}"), y.to_string()),
        _ => (period.to_string(), period.to_string(), String::new()),
    }
}

/// A number as Russian text writes it: `38,75`.
fn num(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

fn unit(series: &Series) -> String {
    if series.unit.trim() == "%" {
        " %".into()
    } else {
        format!(" {}", series.unit.trim())
    }
}

/// Whether a point's actual is below its target.
fn below(p: &crate::data::indicators::Point) -> bool {
    p.actual.is_some_and(|a| a < p.target)
}

/// The chart and its table, as HTML for a page.
pub fn render(series: &Series) -> String {
    let id = esc(&series.id);
    let scale = Scale::new(series);
    let mut svg = format!(
        "<svg class=\"indicator-chart\" role=\"img\" aria-labelledby=\"ind-{id}-title ind-{id}-desc\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"ind-{id}-title\">{}</title>\n<desc id=\"ind-{id}-desc\">{}</desc>\n<defs><pattern id=\"ind-{id}-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"none\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"currentColor\" stroke-width=\"2.5\"/></pattern></defs>\n",
        esc(&series.title),
        esc(&description(series))
    );
    grid(&scale, &mut svg);
    let mut last_year = String::new();
    for (i, p) in series.points.iter().enumerate() {
        period_marks(&scale, &id, i, p, &mut svg);
        period_label(&scale, i, p, &mut last_year, &mut svg);
    }
    svg.push_str("</svg>");

    let legend = "<p class=\"indicator-legend\"><span aria-hidden=\"true\">– – –</span> план · <span aria-hidden=\"true\">█</span> факт · <span aria-hidden=\"true\">▨ ▼</span> факт ниже плана</p>";
    let rows = table_rows(series);
    let unit_head = esc(series.unit.trim());
    let sample = if series.sample {
        "<p class=\"indicator-sample\"><strong>Фактические значения — пример, а не отчётные данные.</strong></p>\n"
    } else {
        ""
    };
    format!(
        "<figure class=\"indicator\" id=\"indicator-{id}\">\n<figcaption class=\"indicator-title\">{title}</figcaption>\n{sample}{svg}\n{legend}\n<details class=\"indicator-data\" open>\n<summary>Таблица значений</summary>\n<table>\n<caption>{title}, {unit_head}</caption>\n<thead><tr><th scope=\"col\">Период</th><th scope=\"col\">План, {unit_head}</th><th scope=\"col\">Факт, {unit_head}</th><th scope=\"col\">Итог</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</details>\n<p class=\"indicator-source\">Источник плановых значений: {source}</p>\n</figure>\n",
        title = esc(&series.title),
        source = esc(&series.source),
    )
}

/// Where values and periods go in the drawing.
struct Scale {
    /// The value at the top of the plot.
    top_value: f64,
    percent: bool,
    plot_h: f64,
    /// The width each period takes.
    band: f64,
}

impl Scale {
    fn new(series: &Series) -> Scale {
        let percent = series.unit.trim() == "%";
        let max = series
            .points
            .iter()
            .flat_map(|p| [Some(p.target), p.actual])
            .flatten()
            .fold(0.0_f64, f64::max);
        let plot_w = WIDTH - LEFT - RIGHT;
        Scale {
            top_value: if percent { 100.0 } else { (max * 1.1).max(1.0) },
            percent,
            plot_h: HEIGHT - TOP - BOTTOM,
            band: plot_w / series.points.len().max(1) as f64,
        }
    }

    /// The height of a value.
    fn y_of(&self, v: f64) -> f64 {
        TOP + self.plot_h * (1.0 - (v / self.top_value).clamp(0.0, 1.0))
    }

    /// Where period `i`'s band starts.
    fn band_start(&self, i: usize) -> f64 {
        LEFT + self.band * i as f64
    }

    /// The middle of period `i`'s band.
    fn band_middle(&self, i: usize) -> f64 {
        self.band_start(i) + self.band / 2.0
    }
}

/// What the chart shows, in words: the periods, how the target grows, the periods below it.
fn description(series: &Series) -> String {
    let u = unit(series);
    let lagging: Vec<String> = series
        .points
        .iter()
        .filter(|p| below(p))
        .map(|p| label(&p.period).0)
        .collect();
    let first = series.points.first();
    let last = series.points.last();
    let mut desc = format!(
        "{}: план и факт по периодам с {} по {}.",
        series.title,
        first.map(|p| label(&p.period).0).unwrap_or_default(),
        last.map(|p| label(&p.period).0).unwrap_or_default()
    );
    if let (Some(f), Some(l)) = (first, last) {
        desc.push_str(&format!(
            " План растёт с {}{u} до {}{u}.",
            num(f.target),
            num(l.target)
        ));
    }
    if lagging.is_empty() {
        desc.push_str(" Ни в одном периоде с известным фактом он не ниже плана.");
    } else {
        desc.push_str(&format!(" Ниже плана: {}.", lagging.join(", ")));
    }
    if series.sample {
        desc.push_str(" Фактические значения — пример.");
    }
    desc.push_str(" Все значения — в таблице под графиком.");
    desc
}

/// The value axis and its grid lines.
fn grid(scale: &Scale, svg: &mut String) {
    // Every 25 % (or a quarter of the range).
    for k in 0..=4 {
        let v = scale.top_value * f64::from(k) / 4.0;
        let y = scale.y_of(v);
        svg.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"currentColor\" stroke-opacity=\"{}\" stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"currentColor\">{}</text>\n",
            WIDTH - RIGHT,
            if k == 0 { "0.8" } else { "0.2" },
            LEFT - 6.0,
            y + 4.0,
            esc(&format!("{}{}", num(v), if scale.percent { " %" } else { "" }))
        ));
    }
}

/// Period `i`: the actual as a bar (hatched and marked «▼» when below the target) and the
/// target as a dashed line.
fn period_marks(scale: &Scale, id: &str, i: usize, p: &Point, svg: &mut String) {
    let band = scale.band;
    let x0 = scale.band_start(i);
    let cx = scale.band_middle(i);
    let bar_w = (band * 0.55).max(2.0);
    if let Some(a) = p.actual {
        let y = scale.y_of(a);
        let fill = if below(p) {
            format!("url(#ind-{id}-hatch)")
        } else {
            "currentColor".into()
        };
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{bar_w:.1}\" height=\"{:.1}\" fill=\"{fill}\" fill-opacity=\"0.85\" stroke=\"currentColor\" stroke-width=\"1\"/>\n",
            cx - bar_w / 2.0,
            (TOP + scale.plot_h - y).max(0.0)
        ));
        if below(p) {
            svg.push_str(&format!(
                "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" fill=\"currentColor\">▼</text>\n",
                (scale.y_of(p.target) - 4.0).max(12.0)
            ));
        }
    }
    let ty = scale.y_of(p.target);
    svg.push_str(&format!(
        "<line x1=\"{:.1}\" y1=\"{ty:.1}\" x2=\"{:.1}\" y2=\"{ty:.1}\" stroke=\"currentColor\" stroke-width=\"2.5\" stroke-dasharray=\"5 3\"/>\n",
        x0 + band * 0.08,
        x0 + band * 0.92
    ));
}

/// Period `i`'s label under the plot, and its year when the year changes (`last_year` is
/// the year shown last).
fn period_label(scale: &Scale, i: usize, p: &Point, last_year: &mut String, svg: &mut String) {
    let cx = scale.band_middle(i);
    let (_, line1, year) = label(&p.period);
    svg.push_str(&format!(
        "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"currentColor\">{}</text>\n",
        TOP + scale.plot_h + 16.0,
        esc(&line1)
    ));
    if year != *last_year && !year.is_empty() {
        svg.push_str(&format!(
            "<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\" text-anchor=\"middle\" fill=\"currentColor\">{}</text>\n",
            TOP + scale.plot_h + 32.0,
            esc(&year)
        ));
        *last_year = year;
    }
}

/// The table's rows: period, target, actual and whether the target was met.
fn table_rows(series: &Series) -> String {
    let mut rows = String::new();
    for p in &series.points {
        let state = match p.actual {
            None => "нет данных",
            Some(_) if below(p) => "ниже плана ▼",
            Some(_) => "план выполнен",
        };
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{state}</td></tr>\n",
            esc(&label(&p.period).0),
            num(p.target),
            p.actual.map_or_else(|| "—".to_string(), num),
        ));
    }
    rows
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::data::indicators::parse;

    #[test]
    fn below_target_is_marked_without_colour() {
        let s = &parse("- id: a\n  title: Доля\n  unit: \"%\"\n  source: Распоряжение № 1\n  sample: true\n  points:\n    - { period: 2015-Q3, target: 38.75, actual: 36.2 }\n    - { period: 2015-Q4, target: 40, actual: 41 }\n    - { period: 2016-Q1, target: 42.5 }\n").unwrap()[0];
        let html = render(s);
        assert!(
            html.contains("role=\"img\"")
                && html.contains("<title id=\"ind-a-title\">Доля</title>")
        );
        assert!(html.contains("Ниже плана: III кв. 2015."), "{html}");
        assert_eq!(
            html.matches("url(#ind-a-hatch)").count(),
            1,
            "one hatched bar"
        );
        assert_eq!(html.matches(">▼</text>").count(), 1);
        assert!(html.contains("<td>ниже плана ▼</td>") && html.contains("<td>нет данных</td>"));
        assert!(html.contains("пример"));
        assert!(html.contains("<td>38,75</td>"));
        assert!(
            !html.contains("#c") && !html.contains("rgb("),
            "no colour of its own"
        );
    }
}
