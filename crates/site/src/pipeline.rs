//! The build pipeline as one call: load → render → (write), with timings.
//!
//! `build` writes the result; `check` and `serve` stop at the in-memory [`Output`] and use it
//! as it is — `serve` keeps the [`Renderer`] too, to render edited pages again alone.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::output::Output;
use crate::render::{ImageCache, RenderOptions, RenderStats, Renderer};
use crate::site::{Site, SiteOptions};
use crate::write::{WriteOptions, WriteStats, write_output};
use uslugi_core::Now;
use uslugi_core::progress::Progress;

/// Everything `uslugi build` can be told.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// What to load.
    pub site: SiteOptions,
    /// Override `[build] minify`.
    pub minify: Option<bool>,
    /// Output directory, used as given. `None`: `[build] output`, which is relative to the
    /// site root.
    pub output: Option<PathBuf>,
    /// Replace a foreign non-empty output directory.
    pub force: bool,
    /// Also write body-only fragments of every page.
    pub fragments: bool,
    /// Where processed banner images are kept between builds; `None` keeps nothing.
    pub cache: Option<ImageCache>,
}

impl BuildOptions {
    /// A build as `site.toml` asks for it, at `now`, keeping no image cache.
    pub fn at(now: Now) -> BuildOptions {
        BuildOptions {
            site: SiteOptions::at(now),
            minify: None,
            output: None,
            force: false,
            fragments: false,
            cache: None,
        }
    }
}

/// How long each step took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// Reading and validating the site.
    pub load: Duration,
    /// Markdown and templates.
    pub render: Duration,
    /// Writing to disk.
    pub write: Duration,
}

/// A site rendered into memory.
pub struct Rendered {
    /// The loaded site.
    pub site: Site,
    /// The renderer, for rendering edited pages again.
    pub renderer: Renderer,
    /// The rendered output.
    pub output: Output,
    /// What rendering did besides the output.
    pub stats: RenderStats,
    /// Step timings (no write).
    pub timings: Timings,
}

/// The result of a build.
pub struct Built {
    /// The site as rendered.
    pub rendered: Rendered,
    /// Where it was written.
    pub target: PathBuf,
    /// What was written.
    pub stats: WriteStats,
}

/// Loads and renders the site at `root` into memory, telling `progress` as it goes.
pub fn render(
    root: &Path,
    opts: &BuildOptions,
    progress: &dyn Progress,
) -> Result<Rendered, Error> {
    let t0 = Instant::now();
    let site = Site::load(root, &opts.site)?;
    let t1 = Instant::now();
    let render_opts = RenderOptions {
        minify: opts.minify.unwrap_or(site.config.build.minify),
        fragments: opts.fragments,
        cache: opts.cache.clone(),
    };
    let (renderer, output, stats) = Renderer::new(&site, render_opts, progress)?;
    let timings = Timings {
        load: t1 - t0,
        render: t1.elapsed(),
        write: Duration::ZERO,
    };
    Ok(Rendered {
        site,
        renderer,
        output,
        stats,
        timings,
    })
}

/// Loads, renders and writes the site at `root`.
pub fn build(root: &Path, opts: &BuildOptions, progress: &dyn Progress) -> Result<Built, Error> {
    let mut rendered = render(root, opts, progress)?;
    let target = match &opts.output {
        Some(o) => o.clone(),
        None => root.join(&rendered.site.config.build.output),
    };
    let t = Instant::now();
    let stats = write_output(
        &rendered.output,
        root,
        &target,
        WriteOptions { force: opts.force },
    )?;
    rendered.timings.write = t.elapsed();
    Ok(Built {
        rendered,
        target,
        stats,
    })
}
