//! The site as the preview serves it: the first build, and each batch of changes applied —
//! only the edited pages re-rendered when nothing else changed, the whole site otherwise.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::ServeOptions;
use uslugi_compliance::report::Report;
use uslugi_core::progress::Quiet;
use uslugi_site::content::{self, LoadOptions, RawFile};
use uslugi_site::error::Error;
use uslugi_site::output::Output;
use uslugi_site::pipeline::{self, BuildOptions, Rendered};
use uslugi_site::render::{CACHE_DIR, ImageCache, Renderer};
use uslugi_site::site::{LoadError, Site, SiteOptions};

/// The site as currently served.
pub(super) struct Live {
    /// Shared with the background check (`checker`), which reads them without the lock.
    pub(super) site: Option<Arc<Site>>,
    renderer: Option<Renderer>,
    pub(super) output: Arc<Output>,
    /// The last build's errors, as text, shown over every page until fixed.
    pub(super) error: Option<String>,
    /// Counts the builds served, so that a check of an older one is not kept.
    pub(super) generation: u64,
    /// The check of the site as served, with the build it judged (the latest once `checker`
    /// has caught up): the status link is made from it.
    pub(super) report: Option<(u64, Report)>,
}

/// A whole build in serve mode, through the same pipeline as `build`: never minified, with
/// the image cache under the site root, «today» asked of the clock again each time.
fn full_build(root: &Path, opts: &ServeOptions) -> Result<Rendered, Error> {
    let build = BuildOptions {
        site: SiteOptions {
            drafts: opts.drafts,
            ..SiteOptions::at((opts.clock)())
        },
        minify: Some(false),
        cache: Some(ImageCache {
            dir: root.join(CACHE_DIR),
            write: true,
        }),
        ..BuildOptions::at((opts.clock)())
    };
    pipeline::render(root, &build, &Quiet)
}

pub(super) fn render_errors(e: &Error) -> String {
    e.diagnostics()
        .iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

impl Live {
    /// The first build, and its error when it failed.
    pub(super) fn start(root: &Path, opts: &ServeOptions) -> (Live, Option<Error>) {
        match full_build(root, opts) {
            Ok(Rendered {
                site,
                renderer,
                output,
                ..
            }) => (
                Live {
                    site: Some(Arc::new(site)),
                    renderer: Some(renderer),
                    output: Arc::new(output),
                    error: None,
                    generation: 0,
                    report: None,
                },
                None,
            ),
            Err(e) => (
                Live {
                    site: None,
                    renderer: None,
                    output: Arc::default(),
                    error: Some(render_errors(&e)),
                    generation: 0,
                    report: None,
                },
                Some(e),
            ),
        }
    }

    /// The report of the build now served, if the background check has made it.
    pub(super) fn current_report(&self) -> Option<&Report> {
        self.report
            .as_ref()
            .filter(|(g, _)| *g == self.generation)
            .map(|(_, r)| r)
    }

    /// The site and output as now served, and which build they are: what the background
    /// check reads, without holding the lock.
    pub(super) fn snapshot(&self) -> Option<(Arc<Site>, Arc<Output>, u64)> {
        let site = self.site.clone()?;
        Some((site, self.output.clone(), self.generation))
    }

    /// Applies a batch of changed paths; returns a line for the terminal.
    pub(super) fn apply(
        &mut self,
        root: &Path,
        opts: &ServeOptions,
        changed: &[PathBuf],
    ) -> Result<String, Error> {
        let started = Instant::now();
        if let Some(n) = self.try_incremental(root, opts, changed)? {
            self.error = None;
            self.generation += 1;
            return Ok(format!(
                "re-rendered {n} page(s) in {} ms",
                started.elapsed().as_millis()
            ));
        }
        let rendered = full_build(root, opts)?;
        let decoded = rendered.stats.banners_decoded;
        let pages = rendered.output.pages().count();
        self.site = Some(Arc::new(rendered.site));
        self.renderer = Some(rendered.renderer);
        self.output = Arc::new(rendered.output);
        self.error = None;
        self.generation += 1;
        let banners = if decoded > 0 {
            format!(", {decoded} banner image(s) processed (the rest from the cache)")
        } else {
            String::new()
        };
        Ok(format!(
            "rebuilt {pages} pages{banners} in {} ms",
            started.elapsed().as_millis()
        ))
    }

    /// Re-renders only the edited pages when every change is an existing page's body.
    /// `Ok(None)`: a full rebuild is needed.
    fn try_incremental(
        &mut self,
        root: &Path,
        opts: &ServeOptions,
        changed: &[PathBuf],
    ) -> Result<Option<usize>, Error> {
        let (Some(site), Some(renderer)) = (self.site.as_mut(), self.renderer.as_mut()) else {
            return Ok(None);
        };
        if self.error.is_some() {
            return Ok(None);
        }
        let mut replaced = Vec::new();
        for rel in changed {
            let Some(i) = site.pages.iter().position(|p| p.source == *rel) else {
                return Ok(None);
            };
            let Ok(bytes) = std::fs::read(root.join(rel)) else {
                return Ok(None);
            };
            let raw = RawFile {
                source: rel.clone(),
                rel: site.pages[i].rel.clone(),
                bytes,
            };
            let mut pages = content::parse_pages(
                vec![raw],
                LoadOptions {
                    drafts: opts.drafts,
                    typography: site.config.typography(),
                },
            )
            .map_err(|e| Error::Load(LoadError::Content(e)))?;
            let Some(mut page) = pages.pop() else {
                return Ok(None);
            };
            let old = &site.pages[i];
            if page.front != old.front || page.path != old.path {
                return Ok(None);
            }
            page.kind = old.kind;
            page.parent = old.parent.clone();
            replaced.push((i, page));
        }
        // A check still reading the previous site keeps its own copy: copied only now that
        // the pages will be replaced.
        let site = Arc::make_mut(site);
        let previous: Vec<_> = replaced
            .iter()
            .map(|(i, p)| (*i, std::mem::replace(&mut site.pages[*i], p.clone())))
            .collect();
        let indices: Vec<usize> = replaced.iter().map(|(i, _)| *i).collect();
        match renderer.rerender(site, &indices) {
            Ok(Some(files)) => {
                let n = files.len();
                Arc::make_mut(&mut self.output).files.extend(files);
                Ok(Some(n))
            }
            Ok(None) => Ok(None),
            Err(e) => {
                for (i, p) in previous {
                    site.pages[i] = p;
                }
                Err(e.into())
            }
        }
    }
}
