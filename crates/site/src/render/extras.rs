//! What some page kinds add to the plain page: one page per tag, the pages of a long news
//! list, the printable memo's QR code, and the FAQ page's JSON-LD.

use std::collections::BTreeMap;

use tera::Value;

use super::markdown;
use super::{RenderFailure, Renderer};
use crate::content::order;
use crate::site::Site;

/// Items shown on a tag page (the newest): a tag on every page of a large site would
/// otherwise make one page of thousands of entries.
pub const TAG_PAGE_LIMIT: usize = 100;

/// News items per page of a news list.
pub const NEWS_PER_PAGE: usize = 10;

/// Where a registration page's printable memo goes, under the page.
pub const MEMO_DIR: &str = "pamyatka";

impl Renderer {
    /// One page per tag (`tags/<slug>/`) listing the pages that carry it, newest first, with
    /// the path, the HTML and the tag's name. Tags that differ only in case or punctuation
    /// («Школа», «школа») have one slug and so are one tag, named as first written.
    pub(super) fn render_tag_pages(
        &self,
        site: &Site,
    ) -> Result<Vec<(String, Vec<u8>, String)>, RenderFailure> {
        let mut tags: BTreeMap<String, (String, Vec<usize>)> = BTreeMap::new();
        for (i, p) in site.pages.iter().enumerate().filter(|(_, p)| !p.is_section) {
            for t in &p.front.tags {
                let slug = crate::content::slug::slugify(t);
                let entry = tags.entry(slug).or_insert_with(|| (t.clone(), Vec::new()));
                if entry.1.last() != Some(&i) {
                    entry.1.push(i);
                }
            }
        }
        let mut out = Vec::new();
        for (slug, (tag, mut idx)) in tags {
            if slug.is_empty() {
                continue;
            }
            order::newest_first(&mut idx, &site.pages, &site.config.timezone);
            let total = idx.len();
            let items: Vec<Value> = idx
                .iter()
                .take(TAG_PAGE_LIMIT)
                .map(|i| self.shared.summaries[*i].clone())
                .collect();
            let mut t = tera::Map::new();
            t.insert("name".into(), Value::from(tag.as_str()));
            t.insert("slug".into(), Value::from(slug.as_str()));
            t.insert("total".into(), Value::from(total));
            let path = format!("tags/{slug}/");
            let title = format!("Метка «{tag}»");
            let more = vec![("tag", Value::from(t)), ("items", Value::from(items))];
            let html = self
                .shared
                .render_virtual(&self.tera, site, "tag.html", &title, &path, more)?;
            out.push((format!("{path}index.html"), html, tag));
        }
        Ok(out)
    }
}

/// `paginator` in templates: page `k` of `total` of a list at `path`.
pub(super) fn paginator(path: &str, items: &[Value], k: usize, total: usize) -> Value {
    let url = |n: usize| {
        if n == 1 {
            format!("/{path}")
        } else {
            format!("/{path}page/{n}/")
        }
    };
    let slice: Vec<Value> = items
        .iter()
        .skip((k - 1) * NEWS_PER_PAGE)
        .take(NEWS_PER_PAGE)
        .cloned()
        .collect();
    let mut m = tera::Map::new();
    m.insert("items".into(), Value::from(slice));
    m.insert("current".into(), Value::from(k));
    m.insert("total".into(), Value::from(total));
    m.insert(
        "prev_url".into(),
        if k > 1 {
            Value::from(url(k - 1))
        } else {
            Value::none()
        },
    );
    m.insert(
        "next_url".into(),
        if k < total {
            Value::from(url(k + 1))
        } else {
            Value::none()
        },
    );
    Value::from(m)
}

/// A QR code of `url` as inline SVG, with an accessible name.
pub(super) fn qr_svg(url: &str) -> String {
    match qrcode::QrCode::new(url.as_bytes()) {
        Ok(code) => {
            let svg = code
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(160, 160)
                .dark_color(qrcode::render::svg::Color("#000000"))
                .light_color(qrcode::render::svg::Color("#ffffff"))
                .build();
            let svg = svg
                .split_once("?>")
                .map_or(svg.as_str(), |(_, rest)| rest)
                .trim();
            svg.replacen(
                "<svg ",
                &format!(
                    "<svg role=\"img\" aria-label=\"QR-код: {}\" ",
                    uslugi_core::util::escape::html(url)
                ),
                1,
            )
        }
        Err(_) => String::new(),
    }
}

/// schema.org `FAQPage` JSON-LD for the questions and answers of a FAQ page, safe inside a
/// `<script>` element.
pub(super) fn faq_json_ld(items: &[markdown::HeadedPart]) -> String {
    let entities: Vec<serde_json::Value> = items
        .iter()
        .map(|q| {
            serde_json::json!({
                "@type": "Question",
                "name": markdown::plain_text(&q.title),
                "acceptedAnswer": { "@type": "Answer", "text": markdown::plain_text(&q.body) }
            })
        })
        .collect();
    let doc = serde_json::json!({ "@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities });
    uslugi_core::util::escape::script_json(&doc.to_string())
}
