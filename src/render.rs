//! Rendering: Markdown and Tera templates into the in-memory [`Output`].
//!
//! First every page's Markdown is rendered in parallel and its internal links are resolved
//! (anchors are checked once all pages are done); then every page goes through its template
//! in parallel. Values shared by many pages — the site, the navigation, each section's list
//! of pages — are built once and shared, so a 10,000-page site renders in about a second.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};
use thiserror::Error;

use crate::content::{Page, PageKind};
use crate::diagnostics::{Diagnostic, did_you_mean};
use crate::markdown::{self, AnchorRef, BrokenLink, MarkdownOptions, Rendered, TocEntry};
use crate::output::{self, OutFile, Output, PageInfo, UrlMode};
use crate::site::Site;

/// How to render.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    /// Minify the HTML with minify-html.
    pub minify: bool,
    /// Also write each page's body-only HTML under `_fragments/`.
    pub fragments: bool,
    /// Keep processed banner images in `<root>/.uslugi-cache/`.
    pub cache: bool,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            minify: false,
            fragments: false,
            cache: true,
        }
    }
}

/// The directory of processed-image caches, under the site root.
pub const CACHE_DIR: &str = ".uslugi-cache";

/// A problem found while rendering.
#[derive(Debug, Error)]
pub enum RenderError {
    /// `@/file.md` names no page.
    #[error("{file}:{}: broken internal link `{}`", link.line, link.link)]
    BrokenLink {
        /// The page with the link.
        file: PathBuf,
        /// The page's text.
        text: String,
        /// The link.
        link: BrokenLink,
    },
    /// `@/file.md#anchor` names an anchor that the page does not have.
    #[error("{file}:{line}: `{link}` points to an anchor that does not exist")]
    BrokenAnchor {
        /// The page with the link.
        file: PathBuf,
        /// The page's text.
        text: String,
        /// The link as resolved.
        link: String,
        /// Line of the link.
        line: usize,
        /// Column of the link.
        column: usize,
        /// A close anchor on the target page.
        suggestion: Option<String>,
    },
    /// A template failed to parse or render; the message has Tera's report.
    #[error("{context}: {message}")]
    Template {
        /// What was being done.
        context: String,
        /// Tera's message, with template, line and column.
        message: String,
    },
    /// A page places an indicator chart that `data/indicators.yaml` does not have.
    #[error("{file}:{line}: no indicator `{id}` in data/indicators.yaml")]
    UnknownIndicator {
        /// The page.
        file: PathBuf,
        /// The page's text.
        text: String,
        /// The line of the id.
        line: usize,
        /// The id as written.
        id: String,
        /// The ids the file has.
        known: Vec<String>,
    },
    /// Two sources would write the same output file.
    #[error("two sources write {}: {} and {}", .0.path, .0.first, .0.second)]
    Clash(output::Clash),
    /// A page asks for a template that does not exist.
    #[error("{file}: template `{template}` not found")]
    TemplateNotFound {
        /// The page.
        file: PathBuf,
        /// The template's name.
        template: String,
        /// Known templates, for a suggestion.
        suggestion: Option<String>,
    },
}

impl RenderError {
    /// The error as a located diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            RenderError::BrokenLink { file, text, link } => {
                let d = Diagnostic::new(format!(
                    "broken internal link `{}`: no such page in content/",
                    link.link
                ))
                .in_file(file)
                .at(text, link.line, link.column);
                match &link.suggestion {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("`@/` links name a file under content/, e.g. `@/faq.md`"),
                }
            }
            RenderError::BrokenAnchor {
                file,
                text,
                link,
                line,
                column,
                suggestion,
            } => {
                let d = Diagnostic::new(format!(
                    "broken anchor in `{link}`: the page has no such heading"
                ))
                .in_file(file)
                .at(text, *line, *column);
                match suggestion {
                    Some(s) => d.with_help(format!("did you mean `#{s}`?")),
                    None => d,
                }
            }
            RenderError::Template { context, message } => {
                Diagnostic::new(format!("{context}\n{message}"))
            }
            RenderError::UnknownIndicator {
                file,
                text,
                line,
                id,
                known,
            } => {
                let d = Diagnostic::new(format!("no indicator `{id}` in data/indicators.yaml"))
                    .in_file(file)
                    .at(text, *line, 1);
                match crate::diagnostics::did_you_mean(id, known.iter().map(String::as_str)) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None if known.is_empty() => d.with_help(
                        "describe the series in data/indicators.yaml (id, title, unit, source, points)",
                    ),
                    None => d.with_help(format!("known indicators: {}", known.join(", "))),
                }
            }
            RenderError::Clash(c) => Diagnostic::new(format!(
                "two sources write the same file {}:\n  - {}\n  - {}",
                c.path, c.first, c.second
            ))
            .with_help("rename or move one of them (a page's slug, a tag, a static file); nothing was written"),
            RenderError::TemplateNotFound {
                file,
                template,
                suggestion,
            } => {
                let d = Diagnostic::new(format!("template `{template}` not found")).in_file(file);
                match suggestion {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("put it in templates/ or themes/<theme>/templates/"),
                }
            }
        }
    }
}

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
    extra: &'a crate::yaml::Mapping,
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

/// Renders the whole site into memory.
pub fn render_site(site: &Site, opts: RenderOptions) -> Result<Output, crate::error::Error> {
    Renderer::new(site, opts).map(|(_, out)| out)
}

/// What a render keeps so that one edited page can be rendered again without the others:
/// the templates, the values shared by every page, and each page's anchors and links.
pub struct Renderer {
    tera: Tera,
    shared: Shared,
    opts: RenderOptions,
    summaries: Vec<String>,
    anchors: Vec<HashSet<String>>,
    anchor_refs: Vec<Vec<AnchorRef>>,
}

impl Renderer {
    /// Renders every page; returns the renderer for later partial renders and the output.
    pub fn new(
        site: &Site,
        opts: RenderOptions,
    ) -> Result<(Renderer, Output), crate::error::Error> {
        let all: Vec<usize> = (0..site.pages.len()).collect();
        // Each page counts twice: its Markdown, then its template.
        crate::progress::PAGES.start(2 * all.len() as u64);
        let mut rendered = markdown_for(site, &all).map_err(crate::error::Error::Render)?;
        let anchors: Vec<HashSet<String>> = rendered
            .iter_mut()
            .map(|r| std::mem::take(&mut r.anchors))
            .collect();
        let anchor_refs: Vec<Vec<AnchorRef>> = rendered
            .iter_mut()
            .map(|r| std::mem::take(&mut r.anchor_refs))
            .collect();
        check_anchors(site, &anchors, &anchor_refs).map_err(crate::error::Error::Render)?;
        let cache = opts.cache.then(|| site.root.join(CACHE_DIR));
        let banners =
            crate::banners::process(&site.banners, &site.config.base_url, cache.as_deref())
                .map_err(crate::error::Error::Banners)?;
        let tera = build_tera(site, std::sync::Arc::new(banners.banners.clone()))?;
        let shared = Shared::new(site, &rendered);
        let summaries = rendered.iter().map(|r| r.summary.clone()).collect();
        let renderer = Renderer {
            tera,
            shared,
            opts,
            summaries,
            anchors,
            anchor_refs,
        };
        // Each page's Markdown HTML is moved into its render and freed right after it, so the
        // peak holds the finished output and not a second copy of every page's body.
        let pages = renderer.render_pages(site, all.into_iter().zip(rendered).collect())?;
        let mut out = output::Assembler::default();
        let mut add = |path: String, file: OutFile, origin: String| {
            out.add(path, file, origin)
                .map_err(|c| crate::error::Error::from(RenderError::Clash(c)))
        };
        for (path, file, origin) in pages {
            add(path, file, origin)?;
        }
        let not_found = renderer.shared.render_404(&renderer.tera, site)?;
        add(
            "404.html".into(),
            OutFile::asset(output::finish_html(
                &not_found,
                &UrlMode::BasePath(site.config.base_url.path().to_string()),
                opts.minify,
            )),
            "the 404 page (404.html template)".into(),
        )?;
        for (key, html, tag) in renderer.render_tag_pages(site)? {
            let html = output::finish_html(&html, &UrlMode::Relative { depth: 2 }, opts.minify);
            add(
                key,
                OutFile::asset(html),
                format!("the page of the tag «{tag}»"),
            )?;
        }
        for (name, bytes) in &site.theme.static_files {
            let origin = site.theme.static_origin(name);
            add(name.clone(), OutFile::asset(bytes.clone()), origin)?;
        }
        let catalog = site
            .first_of_kind(PageKind::Services)
            .map(|p| site.config.base_url.join(&p.path));
        let mut snippet_list = crate::banners::snippets(&banners.banners);
        snippet_list.extend(output::snippets::popular_services(
            &site.services,
            catalog.as_deref(),
        ));
        let snippets = output::snippets::files(&snippet_list, &site.config.title);
        for (name, bytes) in banners.files {
            add(
                name,
                OutFile::asset(bytes),
                "a processed banner from banners/".into(),
            )?;
        }
        for (name, bytes) in snippets {
            add(
                name,
                OutFile::asset(bytes),
                "a banner snippet (_snippets/)".into(),
            )?;
        }
        for (name, file) in output::feeds::feeds(site) {
            let origin = format!("the generated {name}");
            add(name, file, origin)?;
        }
        Ok((renderer, out.finish()))
    }

    /// Renders the pages at `changed` of `site` again, after their bodies changed and nothing
    /// else did (same front matter, same URLs). Returns the new output files, or `None` when
    /// a change reaches other pages too — a page's summary, which lists show — and the
    /// whole site must be rendered.
    pub fn rerender(
        &mut self,
        site: &Site,
        changed: &[usize],
    ) -> Result<Option<Vec<(String, OutFile)>>, crate::error::Error> {
        let mut rendered = markdown_for(site, changed).map_err(crate::error::Error::Render)?;
        if changed
            .iter()
            .zip(&rendered)
            .any(|(i, r)| self.summaries[*i] != r.summary)
        {
            return Ok(None);
        }
        let mut anchors = self.anchors.clone();
        let mut refs = self.anchor_refs.clone();
        for (i, r) in changed.iter().zip(rendered.iter_mut()) {
            anchors[*i] = std::mem::take(&mut r.anchors);
            refs[*i] = std::mem::take(&mut r.anchor_refs);
        }
        check_anchors(site, &anchors, &refs).map_err(crate::error::Error::Render)?;
        let files = self
            .render_pages(site, changed.iter().copied().zip(rendered).collect())?
            .into_iter()
            .map(|(path, file, _)| (path, file))
            .collect();
        self.anchors = anchors;
        self.anchor_refs = refs;
        Ok(Some(files))
    }

    /// One page per tag (`tags/<slug>/`) listing the pages that carry it, newest first, with
    /// the path, the HTML and the tag's name. Tags that differ only in case or punctuation
    /// («Школа», «школа») have one slug and so are one tag, named as first written.
    fn render_tag_pages(
        &self,
        site: &Site,
    ) -> Result<Vec<(String, Vec<u8>, String)>, crate::error::Error> {
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
            sort_newest_first(&mut idx, &site.pages);
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

    /// Puts the given pages through their templates, in parallel.
    fn render_pages(
        &self,
        site: &Site,
        pages: Vec<(usize, Rendered)>,
    ) -> Result<Vec<Placed>, crate::error::Error> {
        let results: Vec<Result<Vec<Placed>, RenderError>> = pages
            .into_par_iter()
            .map(|(i, r)| {
                crate::progress::PAGES.step();
                let page = &site.pages[i];
                let source = crate::paths::slash_path(&page.source);
                let mut extra_pages = Vec::new();
                let html = if page.kind == PageKind::News && page.is_section {
                    let items = self.shared.section_pages(&page.path);
                    let pages = items.len().div_ceil(NEWS_PER_PAGE).max(1);
                    for k in 2..=pages {
                        let html = self.shared.render_page_with(
                            &self.tera,
                            site,
                            i,
                            Rendered::default(),
                            template_for(page),
                            vec![("paginator", paginator(&page.path, &items, k, pages))],
                        )?;
                        let depth = page.path.matches('/').count() + 2;
                        let html = output::finish_html(
                            &html,
                            &UrlMode::Relative { depth },
                            self.opts.minify,
                        );
                        extra_pages.push((
                            format!("{}page/{k}/index.html", page.path),
                            OutFile::asset(html),
                            format!("page {k} of the list of {source}"),
                        ));
                    }
                    let first = vec![("paginator", paginator(&page.path, &items, 1, pages))];
                    self.shared.render_page_with(
                        &self.tera,
                        site,
                        i,
                        r,
                        template_for(page),
                        first,
                    )?
                } else {
                    self.shared.render_page(&self.tera, site, i, r)?
                };
                let mut files = extra_pages;
                if self.opts.fragments {
                    let name = if page.path.is_empty() {
                        "index".to_string()
                    } else {
                        page.path.trim_end_matches('/').to_string()
                    };
                    let body =
                        output::fragment(&String::from_utf8_lossy(&html), &site.config.base_url);
                    files.push((
                        format!("_fragments/{name}.html"),
                        OutFile::asset(body.into_bytes()),
                        format!("the fragment of {source}"),
                    ));
                }
                let depth = page.path.matches('/').count();
                if page.kind == PageKind::Registration {
                    let memo = self.shared.render_page_with(
                        &self.tera,
                        site,
                        i,
                        Rendered::default(),
                        "memo.html".into(),
                        vec![("qr_svg", Value::safe_string(&qr_svg(site.config.portal())))],
                    )?;
                    let memo = output::finish_html(
                        &memo,
                        &UrlMode::Relative { depth: depth + 1 },
                        self.opts.minify,
                    );
                    files.push((
                        format!("{}{MEMO_DIR}/index.html", page.path),
                        OutFile::asset(memo),
                        format!("the printable memo of {source}"),
                    ));
                }
                let html =
                    output::finish_html(&html, &UrlMode::Relative { depth }, self.opts.minify);
                files.push((
                    format!("{}index.html", page.path),
                    OutFile {
                        bytes: html,
                        page: Some(PageInfo {
                            kind: page.kind,
                            source: page.source.clone(),
                            path: page.path.clone(),
                            title: page.front.title.clone(),
                        }),
                    },
                    source,
                ));
                Ok(files)
            })
            .collect();
        let (files, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        if errors.is_empty() {
            Ok(files.into_iter().filter_map(Result::ok).flatten().collect())
        } else {
            Err(crate::error::Error::Render(
                errors.into_iter().filter_map(Result::err).collect(),
            ))
        }
    }
}

/// An output file with its path and what made it (for [`output::Clash`] messages).
type Placed = (String, OutFile, String);

/// Renders the Markdown of the pages at `indices`, resolving their `@/` links.
fn markdown_for(site: &Site, indices: &[usize]) -> Result<Vec<Rendered>, Vec<RenderError>> {
    let targets: HashMap<String, String> = site
        .pages
        .iter()
        .map(|p| (p.rel.clone(), p.path.clone()))
        .collect();
    let md_opts = MarkdownOptions {
        typography: site.config.typography(),
    };
    let results: Vec<Result<Rendered, Vec<BrokenLink>>> = indices
        .par_iter()
        .map(|i| {
            let p = &site.pages[*i];
            let r = markdown::render(p.body(), p.body_line(), &targets, md_opts);
            crate::progress::PAGES.step();
            r
        })
        .collect();
    let mut errors = Vec::new();
    let mut rendered = Vec::with_capacity(results.len());
    for (i, r) in indices.iter().zip(results) {
        match r {
            Ok(mut r) => {
                let page = &site.pages[*i];
                for (id, line) in std::mem::take(&mut r.indicators) {
                    match site.indicators.iter().find(|s| s.id == id) {
                        Some(series) => {
                            r.html = r.html.replacen(
                                &markdown::indicator_placeholder(&id),
                                &crate::chart::render(series),
                                1,
                            );
                        }
                        None => errors.push(RenderError::UnknownIndicator {
                            file: page.source.clone(),
                            text: page.text.clone(),
                            line,
                            id,
                            known: site.indicators.iter().map(|s| s.id.clone()).collect(),
                        }),
                    }
                }
                rendered.push(r);
            }
            Err(links) => {
                let page = &site.pages[*i];
                errors.extend(links.into_iter().map(|link| RenderError::BrokenLink {
                    file: page.source.clone(),
                    text: page.text.clone(),
                    link,
                }));
            }
        }
    }
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

/// Checks every `@/page.md#anchor` link against the anchors its target page defines.
fn check_anchors(
    site: &Site,
    anchors: &[HashSet<String>],
    refs: &[Vec<AnchorRef>],
) -> Result<(), Vec<RenderError>> {
    let by_rel: HashMap<&str, &HashSet<String>> = site
        .pages
        .iter()
        .zip(anchors)
        .map(|(p, a)| (p.rel.as_str(), a))
        .collect();
    let mut errors = Vec::new();
    for (page, page_refs) in site.pages.iter().zip(refs) {
        for a in page_refs {
            let Some(set) = by_rel.get(a.target_rel.as_str()) else {
                continue;
            };
            if !set.contains(&a.anchor) {
                let mut known: Vec<&str> = set.iter().map(String::as_str).collect();
                known.sort_unstable();
                errors.push(RenderError::BrokenAnchor {
                    file: page.source.clone(),
                    text: page.text.clone(),
                    link: format!("@/{}#{}", a.target_rel, a.anchor),
                    line: a.line,
                    column: a.column,
                    suggestion: did_you_mean(&a.anchor, known).map(str::to_string),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Loads every template into one Tera instance (names are shown with their files in errors)
/// and registers our functions: `banners(placement="home")` gives the HTML of the banners
/// shown in that slot today.
pub fn build_tera(
    site: &Site,
    banners: std::sync::Arc<Vec<crate::banners::ReadyBanner>>,
) -> Result<Tera, RenderError> {
    let mut tera = Tera::new();
    let today = crate::date::Date::today();
    tera.register_filter("slug", |s: &str, _: tera::Kwargs, _: &tera::State| {
        crate::content::slug::slugify(s)
    });
    tera.register_filter("tel", |s: &str, _: tera::Kwargs, _: &tera::State| {
        tel_target(s)
    });
    tera.register_function(
        "banners",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<Value> {
            let placement: &str = kwargs.get("placement")?.unwrap_or("home");
            Ok(Value::safe_string(&crate::banners::html_for(
                &banners, placement, today,
            )))
        },
    );
    let templates: Vec<(&str, &str)> = site
        .theme
        .templates
        .iter()
        .map(|(n, t)| (n.as_str(), t.source.as_str()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| RenderError::Template {
            context: "cannot load the templates".into(),
            message: with_origins(&e.to_string(), site),
        })?;
    Ok(tera)
}

/// Tera names templates by their name; tell the user which file that is.
fn with_origins(message: &str, site: &Site) -> String {
    let mut out = message.to_string();
    for (name, t) in &site.theme.templates {
        if message.contains(name.as_str()) {
            let origin = t.origin.as_ref().map_or_else(
                || "the built-in default theme".to_string(),
                |p| p.display().to_string(),
            );
            out.push_str(&format!("\n  note: `{name}` is {origin}"));
        }
    }
    out
}

/// Values shared by every page's context, built once.
struct Shared {
    site: Value,
    nav: Value,
    latest_news: Value,
    summaries: Vec<Value>,
    sections: HashMap<String, Value>,
    /// Each page's place in its section's list.
    positions: Vec<usize>,
    index_by_path: HashMap<String, usize>,
}

impl Shared {
    fn new(site: &Site, rendered: &[Rendered]) -> Shared {
        let base = &site.config.base_url;
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
                sort_newest_first(&mut idx, &site.pages);
            } else {
                idx.sort_by(|a, b| site.pages[*a].order_key().cmp(&site.pages[*b].order_key()));
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
        sort_newest_first(&mut news, &site.pages);
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
    fn section_pages(&self, path: &str) -> Vec<Value> {
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

    fn render_page(
        &self,
        tera: &Tera,
        site: &Site,
        i: usize,
        r: Rendered,
    ) -> Result<Vec<u8>, RenderError> {
        self.render_page_with(tera, site, i, r, template_for(&site.pages[i]), Vec::new())
    }

    /// Renders page `i` with `template`, with `more` added to the context.
    fn render_page_with(
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

    fn render_404(&self, tera: &Tera, site: &Site) -> Result<Vec<u8>, RenderError> {
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
    fn render_virtual(
        &self,
        tera: &Tera,
        site: &Site,
        template: &str,
        title: &str,
        path: &str,
        more: Vec<(&'static str, Value)>,
    ) -> Result<Vec<u8>, RenderError> {
        let empty = crate::yaml::Mapping::new();
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

/// Items shown on a tag page (the newest): a tag on every page of a large site would
/// otherwise make one page of thousands of entries.
pub const TAG_PAGE_LIMIT: usize = 100;

/// News items per page of a news list.
pub const NEWS_PER_PAGE: usize = 10;

/// `paginator` in templates: page `k` of `total` of a list at `path`.
fn paginator(path: &str, items: &[Value], k: usize, total: usize) -> Value {
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

/// A phone number as written («+7 (38241) 2-15-60») for a `tel:` link: without the spaces,
/// brackets and hyphens.
fn tel_target(phone: &str) -> String {
    phone.chars().filter(|c| !" ()-".contains(*c)).collect()
}

/// Where a registration page's printable memo goes, under the page.
pub const MEMO_DIR: &str = "pamyatka";

/// A QR code of `url` as inline SVG, with an accessible name.
fn qr_svg(url: &str) -> String {
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
                    crate::escape::html(url)
                ),
                1,
            )
        }
        Err(_) => String::new(),
    }
}

/// The page's rendered Markdown, as put in its template values.
fn page_map_content(m: &tera::Map) -> &str {
    m.get(&tera::value::Key::from("content"))
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// schema.org `FAQPage` JSON-LD for the questions and answers of a FAQ page, safe inside a
/// `<script>` element.
fn faq_json_ld(items: &[markdown::HeadedPart]) -> String {
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
    crate::escape::script_json(&doc.to_string())
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

/// Orders page indices by date, newest first; ties keep source order.
fn sort_newest_first(idx: &mut [usize], pages: &[Page]) {
    idx.sort_by(|a, b| {
        pages[*b]
            .front
            .date
            .cmp(&pages[*a].front.date)
            .then(a.cmp(b))
    });
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
