//! The preview's status link: a small box in the corner of every preview page that says how
//! far along the section is («Не хватает ключевых материалов: 2 →») and leads to the to-do list
//! at `/_uslugi/check`. It is made from the report of the last good build, so it follows every
//! rebuild; it is added while serving and never reaches the built output.

use uslugi_compliance::report::Report;
use uslugi_core::util::escape::html as xml_escape;

/// Where the to-do list is served.
pub(super) const CHECK_PATH: &str = "/_uslugi/check";

/// What the link says about `report`.
pub(super) fn text(report: &Report) -> String {
    let t = &report.totals;
    if report.failed() {
        format!("Не хватает ключевых материалов: {} →", t.failing)
    } else if t.missing + t.partial > 0 {
        format!(
            "Ключевые материалы на месте; доработать: {} →",
            t.missing + t.partial
        )
    } else {
        "Все материалы на месте →".to_string()
    }
}

/// The status link as HTML, for the end of a page's body: the link fixed in the corner, and
/// room after the page's own end so that its last lines can scroll out from under it.
pub(super) fn html(report: &Report) -> String {
    let background = if report.failed() {
        "#b3261e"
    } else {
        "#1b1f24"
    };
    format!(
        "<div id=\"uslugi-status\"><div aria-hidden=\"true\" style=\"height:72px\"></div>\
<aside aria-label=\"Проверка раздела\" style=\"position:fixed;right:12px;bottom:12px;z-index:2147483646;max-width:calc(100vw - 24px);margin:0\">\
<a href=\"{CHECK_PATH}\" style=\"display:block;background:{background};color:#fff;font:600 14px/1.4 system-ui,sans-serif;padding:8px 12px;border-radius:8px;text-decoration:none;box-shadow:0 2px 8px rgba(0,0,0,.3)\">{}</a></aside></div>",
        xml_escape(&text(report))
    )
}
