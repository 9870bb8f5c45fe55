//! `_snippets/`: self-contained HTML fragments for sites on a CMS — each with absolute URLs,
//! inline styles and no scripts — and an index page that shows each one next to its code
//! with a copy button.

use crate::banners::ReadyBanner;
use uslugi_core::util::escape::html as esc;

/// The banners' snippets: each banner's own self-contained fragment.
pub fn from_banners(banners: &[ReadyBanner]) -> Vec<Snippet> {
    banners
        .iter()
        .map(|b| Snippet {
            name: b.name.clone(),
            title: b.alt.clone(),
            html: b.snippet.clone(),
        })
        .collect()
}

/// One snippet.
#[derive(Debug, Clone)]
pub struct Snippet {
    /// File name without extension.
    pub name: String,
    /// What it is, for the index page.
    pub title: String,
    /// The fragment.
    pub html: String,
}

/// The snippet files and their index page; nothing when there are no snippets.
pub fn files(snippets: &[Snippet], site_title: &str) -> Vec<(String, Vec<u8>)> {
    if snippets.is_empty() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let mut names = std::collections::HashSet::new();
    let mut items = String::new();
    for (i, s) in snippets.iter().enumerate() {
        let mut name = s.name.clone();
        if !names.insert(name.clone()) {
            name = format!("{name}-{}", i + 1);
        }
        files.push((
            format!("_snippets/{name}.html"),
            format!("{}\n", s.html).into_bytes(),
        ));
        items.push_str(&format!(
            "<section class=\"snippet\"><h2>{title}</h2><div class=\"preview\">{html}</div><label for=\"code-{i}\">Код для вставки в HTML-блок сайта</label><textarea id=\"code-{i}\" readonly rows=\"4\">{code}</textarea><button type=\"button\" data-copy=\"code-{i}\">Скопировать код</button> <a href=\"{name}.html\">Файл фрагмента</a></section>\n",
            title = esc(&s.title),
            html = s.html,
            code = esc(&s.html),
        ));
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Фрагменты для вставки на сайт — {title}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;line-height:1.5}}.snippet{{border:1px solid #c9d1de;border-radius:10px;padding:1rem;margin:1rem 0}}.preview{{margin:.5rem 0 1rem;max-width:100%;overflow:hidden}}textarea{{display:block;width:100%;font:14px/1.4 ui-monospace,monospace;margin:.3rem 0 .5rem}}button{{font:inherit;padding:.4rem 1rem;cursor:pointer}}</style>\n</head>\n<body>\n<main>\n<h1>Фрагменты для вставки на сайт</h1>\n<p>Каждый фрагмент — готовый HTML без скриптов, с полными адресами. Скопируйте код в HTML-блок сайта на 1С-Битрикс, Joomla или WordPress.</p>\n{items}</main>\n<script>document.querySelectorAll('[data-copy]').forEach(function(b){{b.addEventListener('click',function(){{var t=document.getElementById(b.getAttribute('data-copy'));t.select();(navigator.clipboard?navigator.clipboard.writeText(t.value):Promise.reject()).catch(function(){{document.execCommand('copy')}});b.textContent='Скопировано';}});}});</script>\n</body>\n</html>\n",
        title = esc(site_title)
    );
    files.push(("_snippets/index.html".into(), page.into_bytes()));
    files
}

/// The popular-services block: a list of links to the services' pages on the portal and a
/// link to the full catalog.
pub fn popular_services(
    services: &[crate::data::services::Service],
    catalog_url: Option<&str>,
) -> Option<Snippet> {
    let popular: Vec<_> = services.iter().filter(|s| s.popular).collect();
    if popular.is_empty() {
        return None;
    }
    let mut html = String::from(
        "<div style=\"border:1px solid #c9d1de;border-radius:8px;padding:12px 16px;max-width:100%\"><p style=\"margin:0 0 8px;font-weight:700\">Популярные услуги в электронной форме</p><ul style=\"margin:0;padding-left:20px\">",
    );
    for s in popular {
        html.push_str(&format!(
            "<li style=\"margin:4px 0\"><a href=\"{}\" target=\"_blank\" rel=\"noopener\">{}</a></li>",
            esc(&s.url),
            esc(&s.title)
        ));
    }
    html.push_str("</ul>");
    if let Some(url) = catalog_url {
        html.push_str(&format!(
            "<p style=\"margin:8px 0 0\"><a href=\"{}\">Все услуги в электронной форме</a></p>",
            esc(url)
        ));
    }
    html.push_str("</div>");
    Some(Snippet {
        name: "popular-services".into(),
        title: "Популярные услуги".into(),
        html,
    })
}
