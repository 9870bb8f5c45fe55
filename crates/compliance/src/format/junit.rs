//! JUnit XML: one test case per rule, so CI systems show each missing material by name.
//! A finding that fails the check is a `<failure>`; a finding on a recommended rule (without
//! `--strict`), an ignored or a not-applicable rule is `<skipped>` with the reason. A located
//! finding's test case names its `file` (from the repository root) and `line`.

use crate::report::{Outcome, Report};
use uslugi_core::util::escape::html as xml_escape;

pub(super) fn render(report: &Report) -> String {
    let failures = report.results.iter().filter(|r| r.counts).count();
    let skipped = report
        .results
        .iter()
        .filter(|r| !r.counts && r.outcome != Outcome::Pass)
        .count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"uslugi check\" tests=\"{n}\" failures=\"{failures}\" skipped=\"{skipped}\">\n  <testsuite name=\"{}\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" timestamp=\"{}T00:00:00\">\n",
        xml_escape(&format!("uslugi check: {}", report.site.url)),
        report.date,
        n = report.results.len(),
    );
    for r in &report.results {
        let file = r
            .location
            .as_ref()
            .map(|l| {
                format!(
                    " file=\"{}\" line=\"{}\"",
                    xml_escape(&format!("{}{}", report.prefixes.repository, l.file)),
                    l.line
                )
            })
            .unwrap_or_default();
        out.push_str(&format!(
            "    <testcase classname=\"uslugi.{}\" name=\"{}\"{file}>\n",
            r.severity.as_str(),
            xml_escape(&format!("{} — {}", r.id, r.title_ru))
        ));
        let details = || {
            let mut d = String::new();
            for l in &r.lacking {
                d.push_str(&format!("Не хватает: {l}\n"));
            }
            d.push_str(&format!(
                "Что сделать: {}\nИсточник: {}\n",
                r.hint,
                r.source.cite_with_force()
            ));
            for e in &r.evidence {
                d.push_str(&format!("Страница: {e}\n"));
            }
            d
        };
        let message = format!("{}: {}", r.outcome.ru(), r.title_ru);
        if r.counts {
            out.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                xml_escape(&message),
                r.severity.as_str(),
                xml_escape(&details())
            ));
        } else if r.outcome == Outcome::Ignored {
            let reason = r.ignore_reason.clone().unwrap_or_default();
            out.push_str(&format!(
                "      <skipped message=\"{}\"/>\n",
                xml_escape(&format!("исключено: {reason}"))
            ));
        } else if r.outcome != Outcome::Pass {
            out.push_str(&format!(
                "      <skipped message=\"{}\"/>\n",
                xml_escape(&format!("{} ({})", message, r.severity.ru()))
            ));
        } else if !r.evidence.is_empty() {
            out.push_str(&format!(
                "      <system-out>{}</system-out>\n",
                xml_escape(&r.evidence.join("\n"))
            ));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
