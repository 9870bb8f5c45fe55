//! Machine-readable companions of the HTML: `sitemap.xml`, `robots.txt` and the Atom
//! feed of news (`atom.xml`). All URLs in them are absolute, from `base_url`.

use crate::content::{Page, PageKind, order};
use crate::site::Site;

use crate::output::OutFile;
use uslugi_core::util::escape::html as xml_escape;

/// `sitemap.xml`, `robots.txt` and `atom.xml`, by output path.
pub fn feeds(site: &Site) -> Vec<(String, OutFile)> {
    let mut out = Vec::with_capacity(3);
    let base = &site.config.base_url;
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<_> = site.pages.iter().collect();
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    for p in &pages {
        sitemap.push_str(&format!(
            "  <url><loc>{}</loc>",
            xml_escape(&base.join(&p.path))
        ));
        if let Some(d) = p.front.date {
            sitemap.push_str(&format!("<lastmod>{}</lastmod>", d.iso_date()));
        }
        sitemap.push_str("</url>\n");
    }
    sitemap.push_str("</urlset>\n");
    out.push(("sitemap.xml".into(), OutFile::asset(sitemap.into_bytes())));

    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        base.join("sitemap.xml")
    );
    out.push(("robots.txt".into(), OutFile::asset(robots.into_bytes())));

    let zone = &site.config.timezone;
    let mut idx: Vec<usize> = (0..site.pages.len())
        .filter(|i| site.pages[*i].kind == PageKind::News && !site.pages[*i].is_section)
        .collect();
    order::newest_first(&mut idx, &site.pages, zone);
    let news: Vec<&Page> = idx.iter().map(|i| &site.pages[*i]).collect();
    // Undated items come last, so the first item's date is the newest.
    let updated = news
        .first()
        .and_then(|p| p.front.date)
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339(zone));
    let feed_url = base.join("atom.xml");
    let mut atom = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}\"/>\n  <updated>{}</updated>\n",
        xml_escape(&site.config.language),
        xml_escape(&site.config.title),
        xml_escape(&base.to_string()),
        xml_escape(&base.to_string()),
        xml_escape(&feed_url),
        updated
    );
    for p in news.iter().take(50) {
        let url = base.join(&p.path);
        let date = p
            .front
            .date
            .map_or_else(|| updated.clone(), |d| d.rfc3339(zone));
        atom.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <id>{}</id>\n    <link href=\"{}\"/>\n    <updated>{}</updated>\n",
            xml_escape(&p.front.title),
            xml_escape(&url),
            xml_escape(&url),
            date
        ));
        for t in &p.front.tags {
            atom.push_str(&format!("    <category term=\"{}\"/>\n", xml_escape(t)));
        }
        if let Some(d) = &p.front.description {
            atom.push_str(&format!("    <summary>{}</summary>\n", xml_escape(d)));
        }
        atom.push_str("  </entry>\n");
    }
    atom.push_str("</feed>\n");
    out.push(("atom.xml".into(), OutFile::asset(atom.into_bytes())));
    out
}
