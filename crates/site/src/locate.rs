//! Where to act on each finding of `uslugi check`: the file of this site, and its line.
//!
//! News that is missing or stale points at a new item to create, dated today. Otherwise, in
//! order of preference, a partial or missing material points at
//! - the starter text `uslugi init` left (`[Заполните: …]`) in a page that carries it;
//! - the line of the page that carries it in part (its block, or what the accessibility rule
//!   found wrong there);
//! - the `site.toml` key for organisation data (the consultation contacts);
//! - the page that should carry it, by kind, at the start of its text;
//! - the file to create when there is no such page.
//!
//! Everything comes from what was loaded: no file is read again.

use uslugi_compliance::location::Location;
use uslugi_compliance::report::{Outcome, Report, RuleResult};
use uslugi_compliance::rules::{MANY_H1, NO_ALT, SKIPPED_LEVEL, UNCLEAR_LINKS};
use uslugi_core::PageKind;

use crate::content::Page;
use crate::site::Site;

/// What `uslugi init` leaves for the editor to replace.
const STARTER: &str = "[Заполните";

/// The `[organization]` keys a visitor can use to ask about e-services.
const CONTACT_KEYS: [&str; 4] = ["phone", "email", "reception_hours", "address"];

/// Fills in each finding's location.
pub fn locate(report: &mut Report, site: &Site) {
    report.locate(|r| {
        matches!(r.outcome, Outcome::Missing | Outcome::Partial).then(|| where_to_act(r, site))
    });
}

fn where_to_act(r: &RuleResult, site: &Site) -> Location {
    if r.id == "news" {
        // Missing or stale alike, what is wanted is a fresh item: a new file in the news
        // folder, named as `init` names its own. Its fingerprint is the folder's, not the day's.
        let mut l =
            Location::to_create(&format!("content/news/{}-novost.md", site.today.iso_date()));
        l.about = "content/news/".to_string();
        return l;
    }
    let evidence: Vec<&Page> = r
        .evidence
        .iter()
        .filter_map(|url| page_at(site, url))
        .collect();
    if let Some(l) = evidence.iter().find_map(|p| starter(p)) {
        return l;
    }
    if let Some(p) = evidence.first() {
        return in_page(p, r);
    }
    if r.id == "contacts" {
        return config_key(site);
    }
    if r.id == "banner-home" {
        return match &site.banners.manifest_text {
            Some(_) => Location::file_start("banners/banners.yaml"),
            None => Location::to_create("banners/banners.yaml"),
        };
    }
    if r.id == "news-tag" {
        return match site
            .pages
            .iter()
            .find(|p| p.is_section && p.kind == PageKind::News)
        {
            Some(p) => body_start(p),
            None => Location::to_create("content/news/_index.md"),
        };
    }
    let kind = home_kind(r.id);
    let candidates = || site.pages.iter().filter(|p| p.kind == kind);
    if let Some(l) = candidates().find_map(starter) {
        return l;
    }
    match candidates().next() {
        Some(p) => body_start(p),
        None if kind == PageKind::Home => Location::to_create("content/_index.md"),
        None => Location::to_create(&format!("content/{}.md", kind.as_str())),
    }
}

/// The kind of page that carries a material (the pages `uslugi init` writes).
fn home_kind(rule: &str) -> PageKind {
    match rule {
        "benefits" => PageKind::Benefits,
        "services-list" => PageKind::Services,
        "registration" => PageKind::Registration,
        "identity-centres" => PageKind::Centres,
        "faq" | "mobile-app" => PageKind::Faq,
        "appeal" => PageKind::Appeal,
        "survey" => PageKind::Survey,
        "social-video" => PageKind::Media,
        _ => PageKind::Home,
    }
}

/// The page of this site at `url`.
fn page_at<'a>(site: &'a Site, url: &str) -> Option<&'a Page> {
    let base = &site.config.base_url;
    let path = url.strip_prefix(base.origin())?.strip_prefix(base.path())?;
    site.pages
        .iter()
        .find(|p| p.path.trim_start_matches('/') == path)
}

fn file_of(p: &Page) -> String {
    uslugi_core::util::paths::slash_path(&p.source)
}

/// The first starter text in the page's body.
fn starter(p: &Page) -> Option<Location> {
    let at = p.body().find(STARTER)?;
    Some(Location::at_offset(&file_of(p), &p.text, p.body_start + at))
}

fn body_start(p: &Page) -> Location {
    let mut l = Location::at_offset(&file_of(p), &p.text, p.body_start);
    l.about = p.kind.as_str().to_string();
    l
}

/// Where in a page the finding is: the text it names, when the Markdown holds it.
fn in_page(p: &Page, r: &RuleResult) -> Location {
    let body = p.body();
    let needles = needles(r);
    needles
        .iter()
        .filter(|n| !n.is_empty())
        .find_map(|n| {
            body.find(n.as_str())
                .map(|at| at + usize::from(n.starts_with('\n')))
        })
        .map(|at| Location::at_offset(&file_of(p), &p.text, p.body_start + at))
        .unwrap_or_else(|| body_start(p))
}

/// What to look for in the page's Markdown: the block the detector found, and for an
/// accessibility finding what it found wrong (an image, a vague link text, a heading).
fn needles(r: &RuleResult) -> Vec<String> {
    let mut out = Vec::new();
    for lacking in &r.lacking {
        let what = lacking
            .split_once(": ")
            .map_or(lacking.as_str(), |(_, w)| w);
        if let Some(images) = what.strip_prefix(NO_ALT) {
            out.extend(
                images
                    .split(", ")
                    .map(|src| src.rsplit('/').next().unwrap_or(src).to_string()),
            );
        }
        if let Some(links) = what.strip_prefix(UNCLEAR_LINKS) {
            out.extend(
                links
                    .split(", ")
                    .map(|l| format!("[{}", l.trim_matches(|c| c == '«' || c == '»'))),
            );
        }
        if let Some((_, level)) = what.rsplit_once(SKIPPED_LEVEL) {
            let n: usize = level.trim_end_matches('>').parse().unwrap_or(0);
            out.push(format!("\n{} ", "#".repeat(n)));
        }
        if what.starts_with(MANY_H1) {
            out.push("\n# ".to_string());
        }
    }
    if let Some(block) = &r.block {
        out.push(block.trim_end_matches('…').trim().to_string());
    }
    out
}

/// The `site.toml` line of the first consultation contact key (written or left commented
/// out by `init`), or the `[organization]` table.
fn config_key(site: &Site) -> Location {
    let text = &site.config_text;
    let mut table = "";
    let mut header = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if t.starts_with('[') {
            table = t;
            if t == "[organization]" {
                header = Some(offset);
            }
        } else if table == "[organization]" {
            let key = t.trim_start_matches('#').trim_start();
            if let Some(k) = CONTACT_KEYS.iter().find(|k| {
                key.strip_prefix(**k)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            }) {
                let indent = line.len() - line.trim_start().len();
                let mut l = Location::at_offset("site.toml", text, offset + indent);
                l.key = Some(format!("organization.{k}"));
                l.about = format!("organization.{k}");
                return l;
            }
        }
        offset += line.len();
    }
    let mut l = match header {
        Some(at) => Location::at_offset("site.toml", text, at),
        None => Location::file_start("site.toml"),
    };
    l.key = Some("organization".to_string());
    l.about = "organization".to_string();
    l
}
