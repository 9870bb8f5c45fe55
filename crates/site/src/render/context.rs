//! What a template sees: `page`, `section`, `siblings`, `breadcrumbs`, `site`, `nav` and
//! `latest_news`. Values shared by every page are built once, in `Shared`.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tera::{Context, Tera, Value};

use super::RenderError;
use super::extras::faq_json_ld;
use super::markdown::{self, Rendered, TocEntry};
use super::templates::with_origins;
use crate::content::{Page, PageKind, order};
use crate::site::Site;
use uslugi_core::diagnostics::did_you_mean;

/// What a list shows about a page.
#[derive(Serialize)]
struct Summary<'a> {
    title: &'a str,
    url: String,
    permalink: String,
    path: &'a str,
    kind: PageKind,
    is_section: bool,
    date: Option<String>,
    date_human: Option<String>,
    description: Option<&'a str>,
    summary: &'a str,
    tags: &'a [String],
    weight: Option<i64>,
    extra: &'a uslugi_core::yaml::Mapping,
}

/// The rest of what a page's own template sees.
#[derive(Serialize)]
struct Details<'a> {
    toc: &'a [TocEntry],
    source: String,
    template: &'a str,
}

/// The template a page is rendered with.
pub fn template_for(page: &Page) -> String {
    if let Some(t) = &page.front.template {
        return t.clone();
    }
    match (page.kind, page.is_section) {
        (PageKind::Home, _) => "home.html".into(),
        (PageKind::News, true) => "news_list.html".into(),
        (PageKind::Page, true) => "section.html".into(),
        (PageKind::Page, false) => "page.html".into(),
        (kind, _) => format!("{kind}.html"),
    }
}

/// Values shared by every page's context, built once.
pub(super) struct Shared {
    site: Value,
    nav: Value,
    latest_news: Value,
    pub(super) summaries: Vec<Value>,
    sections: HashMap<String, Value>,
    /// Each page's place in its section's list.
    positions: Vec<usize>,
    index_by_path: HashMap<String, usize>,
}

impl Shared {
    pub(super) fn new(site: &Site, rendered: &[Rendered]) -> Shared {
        let base = &site.config.base_url;
        let zone = &site.config.timezone;
        let summaries: Vec<Value> = site
            .pages
            .iter()
            .zip(rendered)
            .map(|(p, r)| {
                Value::from_serializable(&Summary {
                    title: &p.front.title,
                    url: format!("/{}", p.path),
                    permalink: base.join(&p.path),
                    path: &p.path,
                    kind: p.kind,
                    is_section: p.is_section,
                    date: p.front.date.map(|d| d.iso_date()),
                    date_human: p.front.date.map(|d| d.human_ru()),
                    description: p.front.description.as_deref(),
                    summary: p.front.description.as_deref().unwrap_or(&r.summary),
                    tags: &p.front.tags,
                    weight: p.front.weight,
                    extra: &p.front.extra,
                })
            })
            .collect();
        let index_by_path: HashMap<String, usize> = site
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.path.clone(), i))
            .collect();

        let mut children: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, p) in site.pages.iter().enumerate() {
            if let Some(parent) = &p.parent {
                children.entry(parent.as_str()).or_default().push(i);
            }
        }
        let mut sections = HashMap::new();
        let mut positions = vec![0; site.pages.len()];
        for (parent, mut idx) in children {
            let own = index_by_path.get(parent).map(|i| &site.pages[*i]);
            let is_news = own.is_some_and(|p| p.kind == PageKind::News);
            if is_news {
                order::newest_first(&mut idx, &site.pages, zone);
            } else {
                order::in_section(&mut idx, &site.pages, zone);
            }
            for (pos, i) in idx.iter().enumerate() {
                positions[*i] = pos;
            }
            let list: Vec<Value> = idx.iter().map(|i| summaries[*i].clone()).collect();
            let title = own.map_or("", |p| p.front.title.as_str());
            sections.insert(parent.to_string(), section_value(title, parent, list));
        }
        let nav = Value::from(sections.get("").map_or(&[][..], section_list).to_vec());

        let mut news: Vec<usize> = (0..site.pages.len())
            .filter(|i| site.pages[*i].kind == PageKind::News && !site.pages[*i].is_section)
            .collect();
        order::newest_first(&mut news, &site.pages, zone);
        let latest_news = Value::from(
            news.iter()
                .take(5)
                .map(|i| summaries[*i].clone())
                .collect::<Vec<_>>(),
        );

        Shared {
            site: site_value(site),
            nav,
            latest_news,
            summaries,
            sections,
            positions,
            index_by_path,
        }
    }

    /// The pages of the section at `path`, as listed in templates.
    pub(super) fn section_pages(&self, path: &str) -> Vec<Value> {
        self.sections
            .get(path)
            .map_or(&[][..], section_list)
            .to_vec()
    }

    fn base_context(&self) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site.clone());
        ctx.insert_value("nav", self.nav.clone());
        ctx.insert_value("latest_news", self.latest_news.clone());
        ctx
    }

    pub(super) fn render_page(
        &self,
        tera: &Tera,
        site: &Site,
        i: usize,
        r: Rendered,
    ) -> Result<Vec<u8>, RenderError> {
        self.render_page_with(tera, site, i, r, template_for(&site.pages[i]), Vec::new())
    }

    /// Renders page `i` with `template`, with `more` added to the context.
    pub(super) fn render_page_with(
        &self,
        tera: &Tera,
        site: &Site,
        i: usize,
        r: Rendered,
        template: String,
        more: Vec<(&'static str, Value)>,
    ) -> Result<Vec<u8>, RenderError> {
        let page = &site.pages[i];
        if !tera.contains_template(&template) {
            let names: Vec<&str> = site.theme.templates.keys().map(String::as_str).collect();
            return Err(RenderError::TemplateNotFound {
                file: page.source.clone(),
                suggestion: did_you_mean(&template, names).map(str::to_string),
                template,
            });
        }
        let mut ctx = self.base_context();
        let mut page_map = self.summaries[i].as_map().cloned().unwrap_or_default();
        page_map.insert("content".into(), Value::safe_string(&r.html));
        drop(r.html);
        let details = Value::from_serializable(&Details {
            toc: &r.toc,
            source: page.source.to_string_lossy().replace('\\', "/"),
            template: &template,
        });
        if let Some(m) = details.as_map() {
            page_map.extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        if page.kind == PageKind::Faq {
            let (intro, items) = markdown::split_h2(page_map_content(&page_map));
            page_map.insert("faq_intro".into(), Value::safe_string(&intro));
            page_map.insert(
                "faq_jsonld".into(),
                Value::safe_string(&faq_json_ld(&items)),
            );
            page_map.insert("faq".into(), Value::from_serializable(&items));
        }
        ctx.insert_value("page", Value::from(page_map));
        let section_path = if page.is_section {
            Some(page.path.as_str())
        } else {
            page.parent.as_deref()
        };
        let section = section_path
            .and_then(|s| self.sections.get(s).cloned())
            .unwrap_or_else(empty_section);
        let around = (!page.is_section).then(|| self.positions[i]);
        ctx.insert_value("siblings", siblings(&section, around));
        ctx.insert_value("section", section);
        ctx.insert_value("breadcrumbs", self.breadcrumbs(site, page));
        for (k, v) in more {
            ctx.insert_value(k, v);
        }
        let mut html = Vec::with_capacity(RENDER_CAPACITY);
        tera.render_to(&template, &ctx, &mut html)
            .map_err(|e| RenderError::Template {
                context: format!(
                    "cannot render {} with template `{template}`",
                    page.source.display()
                ),
                message: with_origins(&e.to_string(), site),
            })?;
        Ok(html)
    }

    /// Ancestors of a page, from the home page down to its parent section.
    fn breadcrumbs(&self, site: &Site, page: &Page) -> Value {
        let mut chain = Vec::new();
        let mut cur = page.parent.clone();
        while let Some(path) = cur {
            match self.index_by_path.get(&path) {
                Some(i) => {
                    chain.push(self.summaries[*i].clone());
                    cur = site.pages[*i].parent.clone();
                }
                None => {
                    cur = if path.is_empty() {
                        None
                    } else {
                        let t = &path[..path.len() - 1];
                        Some(
                            t.rsplit_once('/')
                                .map_or(String::new(), |(p, _)| format!("{p}/")),
                        )
                    };
                }
            }
        }
        chain.reverse();
        Value::from(chain)
    }

    pub(super) fn render_404(&self, tera: &Tera, site: &Site) -> Result<Vec<u8>, RenderError> {
        self.render_virtual(
            tera,
            site,
            "404.html",
            "Страница не найдена",
            "404.html",
            Vec::new(),
        )
    }

    /// Renders a page that has no source file (the 404 page, tag pages) with `template`.
    pub(super) fn render_virtual(
        &self,
        tera: &Tera,
        site: &Site,
        template: &str,
        title: &str,
        path: &str,
        more: Vec<(&'static str, Value)>,
    ) -> Result<Vec<u8>, RenderError> {
        let empty = uslugi_core::yaml::Mapping::new();
        let summary = Summary {
            title,
            url: format!("/{path}"),
            permalink: site.config.base_url.join(path),
            path,
            kind: PageKind::Page,
            is_section: false,
            date: None,
            date_human: None,
            description: None,
            summary: "",
            tags: &[],
            weight: None,
            extra: &empty,
        };
        let mut page = Value::from_serializable(&summary)
            .as_map()
            .cloned()
            .unwrap_or_default();
        page.insert("content".into(), Value::safe_string(""));
        page.insert("toc".into(), Value::from(Vec::<Value>::new()));
        let mut ctx = self.base_context();
        ctx.insert_value("page", Value::from(page));
        ctx.insert_value("section", empty_section());
        ctx.insert_value("siblings", Value::from(Vec::<Value>::new()));
        ctx.insert_value("breadcrumbs", Value::from(Vec::<Value>::new()));
        for (k, v) in more {
            ctx.insert_value(k, v);
        }
        let mut html = Vec::with_capacity(RENDER_CAPACITY);
        tera.render_to(template, &ctx, &mut html)
            .map_err(|e| RenderError::Template {
                context: format!("cannot render /{path} with template `{template}`"),
                message: with_origins(&e.to_string(), site),
            })?;
        Ok(html)
    }
}

/// Pages of its section a page's sidebar lists at most (`siblings` in templates); the
/// section's own page lists them all.
pub const SIDEBAR_LIMIT: usize = 15;

/// Room for a rendered page before its buffer has to grow (most pages fit).
const RENDER_CAPACITY: usize = 64 * 1024;

/// The page's rendered Markdown, as put in its template values.
fn page_map_content(m: &tera::Map) -> &str {
    m.get(&tera::value::Key::from("content"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// `section` in templates: its title, URL, path and pages.
fn section_value(title: &str, path: &str, pages: Vec<Value>) -> Value {
    let mut m = tera::Map::new();
    m.insert("title".into(), Value::from(title));
    m.insert("url".into(), Value::from(format!("/{path}")));
    m.insert("path".into(), Value::from(path));
    m.insert("pages".into(), Value::from(pages));
    Value::from(m)
}

/// The `pages` of a value made by [`section_value`].
fn section_list(section: &Value) -> &[Value] {
    section
        .as_map()
        .and_then(|m| m.get(&tera::value::Key::from("pages")))
        .and_then(Value::as_array)
        .unwrap_or(&[])
}

/// Pages a sidebar lists: with a long section, the [`SIDEBAR_LIMIT`] around the page's own
/// place in it (`around`), or its first ones when the page is the section itself.
fn siblings(section: &Value, around: Option<usize>) -> Value {
    let pages = section_list(section);
    let start = around
        .unwrap_or(0)
        .saturating_sub(SIDEBAR_LIMIT / 2)
        .min(pages.len().saturating_sub(SIDEBAR_LIMIT));
    let end = (start + SIDEBAR_LIMIT).min(pages.len());
    Value::from(pages[start..end].to_vec())
}

/// The `section` of a page that belongs to none: every field present, no pages.
fn empty_section() -> Value {
    section_value("", "", Vec::new())
}

/// `site` in templates: the configuration minus build internals, plus derived values.
fn site_value(site: &Site) -> Value {
    #[derive(Serialize)]
    struct SiteValue<'a> {
        title: &'a str,
        description: Option<&'a str>,
        base_url: String,
        language: &'a str,
        profile: &'a str,
        organization: &'a crate::config::Organization,
        portal: String,
        feed_url: &'static str,
        extra: &'a toml::Table,
        services: &'a [crate::data::services::Service],
        popular_services: Vec<&'a crate::data::services::Service>,
        service_groups: Vec<ServiceGroup>,
        services_url: Option<String>,
        centres_url: Option<String>,
        centre_groups: Vec<CentreGroup>,
        centres_json_ld: String,
    }
    #[derive(Serialize)]
    struct CentreGroup {
        district: String,
        centres: Vec<crate::data::centres::Centre>,
    }
    #[derive(Serialize)]
    struct ServiceGroup {
        category: String,
        services: Vec<crate::data::services::Service>,
    }
    let c = &site.config;
    Value::from_serializable(&SiteValue {
        title: &c.title,
        description: c.description.as_deref(),
        base_url: c.base_url.to_string(),
        language: &c.language,
        profile: c.profile.as_str(),
        organization: &c.organization,
        portal: c.portal().to_string(),
        feed_url: "/atom.xml",
        extra: &c.extra,
        services: &site.services,
        popular_services: site.services.iter().filter(|s| s.popular).collect(),
        service_groups: crate::data::services::by_category(&site.services)
            .into_iter()
            .map(|(category, services)| ServiceGroup { category, services })
            .collect(),
        services_url: site
            .first_of_kind(PageKind::Services)
            .map(|p| format!("/{}", p.path)),
        centres_url: site
            .first_of_kind(PageKind::Centres)
            .map(|p| format!("/{}", p.path)),
        centre_groups: crate::data::centres::by_district(&site.centres)
            .into_iter()
            .map(|(district, centres)| CentreGroup { district, centres })
            .collect(),
        centres_json_ld: if site.centres.is_empty() {
            String::new()
        } else {
            crate::data::centres::json_ld(&site.centres)
        },
    })
}
