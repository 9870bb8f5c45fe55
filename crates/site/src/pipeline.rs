//! The build pipeline as one call: load → render → (write), with timings.
//!
//! `build` writes the result; other commands (check, serve) stop at the in-memory
//! [`Output`] and use it as it is.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::Error;
use crate::output::Output;
use crate::render::{RenderOptions, render_site};
use crate::site::{Site, SiteOptions};
use crate::write::{WriteOptions, WriteStats, write_output};

/// Everything `uslugi build` can be told.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// What to load.
    pub site: SiteOptions,
    /// Override `[build] minify`.
    pub minify: Option<bool>,
    /// Output directory; a relative one is relative to the current directory, as any path on
    /// the command line. `None`: `[build] output`, which is relative to the site root.
    pub output: Option<PathBuf>,
    /// Replace a foreign non-empty output directory.
    pub force: bool,
    /// Also write body-only fragments of every page.
    pub fragments: bool,
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

/// The result of a build.
#[derive(Debug)]
pub struct Built {
    /// The loaded site.
    pub site: Site,
    /// The rendered output.
    pub output: Output,
    /// Where it was written.
    pub target: PathBuf,
    /// What was written.
    pub stats: WriteStats,
    /// Step timings.
    pub timings: Timings,
}

/// Loads and renders the site at `root` into memory.
pub fn render(root: &Path, opts: &BuildOptions) -> Result<(Site, Output, Timings), Error> {
    let t0 = Instant::now();
    let site = Site::load(root, &opts.site)?;
    let t1 = Instant::now();
    let minify = opts.minify.unwrap_or(site.config.build.minify);
    let output = render_site(
        &site,
        RenderOptions {
            minify,
            fragments: opts.fragments,
            cache: true,
        },
    )?;
    let timings = Timings {
        load: t1 - t0,
        render: t1.elapsed(),
        write: Duration::ZERO,
    };
    Ok((site, output, timings))
}

/// Loads, renders and writes the site at `root`.
pub fn build(root: &Path, opts: &BuildOptions) -> Result<Built, Error> {
    let (site, output, mut timings) = render(root, opts)?;
    let target = match &opts.output {
        Some(o) if o.is_absolute() => o.clone(),
        Some(o) => std::env::current_dir()
            .map(|d| d.join(o))
            .unwrap_or_else(|_| o.clone()),
        None => root.join(&site.config.build.output),
    };
    let t = Instant::now();
    let stats = write_output(&output, root, &target, WriteOptions { force: opts.force })?;
    timings.write = t.elapsed();
    Ok(Built {
        site,
        output,
        target,
        stats,
        timings,
    })
}
