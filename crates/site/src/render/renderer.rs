//! The order of the work: Markdown of every page, anchors, banners, templates, then the
//! files no page source makes (404, tag pages, static files, snippets, feeds), gathered into
//! one [`Output`]. [`Renderer::rerender`] renders edited pages again without the others.

use std::collections::HashSet;

use rayon::prelude::*;
use tera::{Tera, Value};

use super::context::{Shared, template_for};
use super::extras::{MEMO_DIR, NEWS_PER_PAGE, paginator, qr_svg};
use super::links::{check_anchors, markdown_for};
use super::markdown::{AnchorRef, Rendered};
use super::templates::build_tera;
use super::{RenderError, RenderFailure, RenderOptions, RenderStats, feeds, snippets};
use crate::banners::ProcessedBanners;
use crate::content::PageKind;
use crate::output::{self, OutFile, Output, PageInfo, UrlMode};
use crate::site::Site;
use uslugi_core::progress::{Progress, Quiet, Work};

/// What a render keeps so that one edited page can be rendered again without the others:
/// the templates, the values shared by every page, and each page's anchors and links.
pub struct Renderer {
    pub(super) tera: Tera,
    pub(super) shared: Shared,
    opts: RenderOptions,
    summaries: Vec<String>,
    anchors: Vec<HashSet<String>>,
    anchor_refs: Vec<Vec<AnchorRef>>,
}

impl Renderer {
    /// Renders every page, telling `progress` as it goes; returns the renderer for later
    /// partial renders, the output and what else was done.
    pub fn new(
        site: &Site,
        opts: RenderOptions,
        progress: &dyn Progress,
    ) -> Result<(Renderer, Output, RenderStats), RenderFailure> {
        let all: Vec<usize> = (0..site.pages.len()).collect();
        // Each page counts twice: its Markdown, then its template.
        progress.start(Work::Pages, 2 * all.len() as u64);
        let mut rendered = markdown_for(site, &all, progress).map_err(RenderFailure::Pages)?;
        let anchors: Vec<HashSet<String>> = rendered
            .iter_mut()
            .map(|r| std::mem::take(&mut r.anchors))
            .collect();
        let anchor_refs: Vec<Vec<AnchorRef>> = rendered
            .iter_mut()
            .map(|r| std::mem::take(&mut r.anchor_refs))
            .collect();
        check_anchors(site, &anchors, &anchor_refs).map_err(RenderFailure::Pages)?;
        let banners = crate::banners::process(
            &site.banners,
            &site.config.base_url,
            opts.cache.as_ref(),
            progress,
        )
        .map_err(RenderFailure::Banners)?;
        let stats = RenderStats {
            banners_decoded: banners.decoded,
        };
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
        let pages =
            renderer.render_pages(site, all.into_iter().zip(rendered).collect(), progress)?;
        let output = renderer.assemble(site, pages, banners)?;
        Ok((renderer, output, stats))
    }

    /// Gathers the rendered pages and every file no page source makes — the 404 page, tag
    /// pages, static files, processed banners, snippets and feeds — into one output, in
    /// this order, refusing two files at one path.
    fn assemble(
        &self,
        site: &Site,
        pages: Vec<Placed>,
        banners: ProcessedBanners,
    ) -> Result<Output, RenderFailure> {
        let mut out = output::Assembler::default();
        let mut add = |path: String, file: OutFile, origin: String| {
            out.add(path, file, origin)
                .map_err(|c| RenderFailure::from(RenderError::Clash(c)))
        };
        for (path, file, origin) in pages {
            add(path, file, origin)?;
        }
        let not_found = self.shared.render_404(&self.tera, site)?;
        add(
            "404.html".into(),
            OutFile::asset(output::finish_html(
                &not_found,
                &UrlMode::BasePath(site.config.base_url.path().to_string()),
                self.opts.minify,
            )),
            "the 404 page (404.html template)".into(),
        )?;
        for (key, html, tag) in self.render_tag_pages(site)? {
            let html =
                output::finish_html(&html, &UrlMode::Relative { depth: 2 }, self.opts.minify);
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
        let mut snippet_list = snippets::from_banners(&banners.banners);
        snippet_list.extend(snippets::popular_services(
            &site.services,
            catalog.as_deref(),
        ));
        let snippets = snippets::files(&snippet_list, &site.config.title);
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
        for (name, file) in feeds::feeds(site) {
            let origin = format!("the generated {name}");
            add(name, file, origin)?;
        }
        Ok(out.finish())
    }

    /// Renders the pages at `changed` of `site` again, after their bodies changed and nothing
    /// else did (same front matter, same URLs). Returns the new output files, or `None` when
    /// a change reaches other pages too — a page's summary, which lists show — and the
    /// whole site must be rendered.
    pub fn rerender(
        &mut self,
        site: &Site,
        changed: &[usize],
    ) -> Result<Option<Vec<(String, OutFile)>>, RenderFailure> {
        let mut rendered = markdown_for(site, changed, &Quiet).map_err(RenderFailure::Pages)?;
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
        check_anchors(site, &anchors, &refs).map_err(RenderFailure::Pages)?;
        let files = self
            .render_pages(
                site,
                changed.iter().copied().zip(rendered).collect(),
                &Quiet,
            )?
            .into_iter()
            .map(|(path, file, _)| (path, file))
            .collect();
        self.anchors = anchors;
        self.anchor_refs = refs;
        Ok(Some(files))
    }

    /// Puts the given pages through their templates, in parallel.
    fn render_pages(
        &self,
        site: &Site,
        pages: Vec<(usize, Rendered)>,
        progress: &dyn Progress,
    ) -> Result<Vec<Placed>, RenderFailure> {
        let results: Vec<Result<Vec<Placed>, RenderError>> = pages
            .into_par_iter()
            .map(|(i, r)| {
                progress.step(Work::Pages);
                self.render_one(site, i, r)
            })
            .collect();
        let (files, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
        if errors.is_empty() {
            Ok(files.into_iter().filter_map(Result::ok).flatten().collect())
        } else {
            Err(RenderFailure::Pages(
                errors.into_iter().filter_map(Result::err).collect(),
            ))
        }
    }

    /// Page `i` and the files that come with it: the further pages of a news list, its
    /// body-only fragment (with --fragments), a registration page's printable memo.
    fn render_one(&self, site: &Site, i: usize, r: Rendered) -> Result<Vec<Placed>, RenderError> {
        let page = &site.pages[i];
        let source = uslugi_core::util::paths::slash_path(&page.source);
        let mut files = Vec::new();
        let html = if page.kind == PageKind::News && page.is_section {
            let (first, more) = self.news_list_pages(site, i, &source)?;
            files.extend(more);
            let template = template_for(page);
            self.shared.render_page_with(
                &self.tera,
                site,
                i,
                r,
                template,
                vec![("paginator", first)],
            )?
        } else {
            self.shared.render_page(&self.tera, site, i, r)?
        };
        if self.opts.fragments {
            let name = if page.path.is_empty() {
                "index".to_string()
            } else {
                page.path.trim_end_matches('/').to_string()
            };
            let body = output::fragment(&String::from_utf8_lossy(&html), &site.config.base_url);
            files.push((
                format!("_fragments/{name}.html"),
                OutFile::asset(body.into_bytes()),
                format!("the fragment of {source}"),
            ));
        }
        let depth = page.path.matches('/').count();
        if page.kind == PageKind::Registration {
            files.push(self.memo(site, i, depth, &source)?);
        }
        let html = output::finish_html(&html, &UrlMode::Relative { depth }, self.opts.minify);
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
    }

    /// The paginator of a news list's first page, and its pages from the second on
    /// (`page/2/`, …).
    fn news_list_pages(
        &self,
        site: &Site,
        i: usize,
        source: &str,
    ) -> Result<(Value, Vec<Placed>), RenderError> {
        let page = &site.pages[i];
        let items = self.shared.section_pages(&page.path);
        let pages = items.len().div_ceil(NEWS_PER_PAGE).max(1);
        let mut files = Vec::new();
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
            let html = output::finish_html(&html, &UrlMode::Relative { depth }, self.opts.minify);
            files.push((
                format!("{}page/{k}/index.html", page.path),
                OutFile::asset(html),
                format!("page {k} of the list of {source}"),
            ));
        }
        Ok((paginator(&page.path, &items, 1, pages), files))
    }

    /// The printable memo of registration page `i`, with a QR code of the portal, one level
    /// under the page (`depth` is the page's own).
    fn memo(
        &self,
        site: &Site,
        i: usize,
        depth: usize,
        source: &str,
    ) -> Result<Placed, RenderError> {
        let page = &site.pages[i];
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
        Ok((
            format!("{}{MEMO_DIR}/index.html", page.path),
            OutFile::asset(memo),
            format!("the printable memo of {source}"),
        ))
    }
}

/// An output file with its path and what made it (for [`output::Clash`] messages).
type Placed = (String, OutFile, String);
