//! `uslugi build`: load, render and write the site, then one summary line.

use std::path::PathBuf;

use clap::Args;

use super::Cli;
use super::Error;
use uslugi_site::config::BaseUrl;
use uslugi_site::pipeline::{self, BuildOptions};
use uslugi_site::render::{CACHE_DIR, ImageCache};
use uslugi_site::site::SiteOptions;

/// `uslugi build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's root directory (where site.toml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Output directory, relative to the current directory like any path given here
    /// [default: `[build] output` of site.toml, relative to the site root: `public`].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Publish under this address instead of site.toml's base_url.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Also build pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Minify the HTML with minify-html (overrides `[build] minify`).
    #[arg(long, conflicts_with = "no_minify")]
    pub minify: bool,
    /// Write the HTML as rendered, without minifying (overrides `[build] minify`).
    #[arg(long)]
    pub no_minify: bool,
    /// Replace an output directory that is not empty and was not written by uslugi.
    #[arg(long)]
    pub force: bool,
    /// Also write each page's body-only HTML (absolute URLs, no scripts) under _fragments/,
    /// for sites that carry the section inside their own CMS templates.
    #[arg(long)]
    pub fragments: bool,
}

/// `uslugi build`: builds, then says what was written and, with --verbose, how long each
/// step took.
pub fn run(cli: &Cli, args: &BuildArgs) -> Result<i32, Error> {
    let root = super::site_root(&args.root)?;
    let base_url = args
        .base_url
        .as_deref()
        .map(str::parse::<BaseUrl>)
        .transpose()
        .map_err(Error::Usage)?;
    let opts = BuildOptions {
        site: SiteOptions {
            now: super::now(None)?,
            drafts: args.drafts,
            base_url,
        },
        minify: match (args.minify, args.no_minify) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        output: super::output_dir(args.output.as_deref())?,
        force: args.force,
        fragments: args.fragments,
        cache: Some(ImageCache {
            dir: root.join(CACHE_DIR),
            write: true,
        }),
    };
    let built = super::progress::with_progress(cli, "сборка сайта…", |progress| {
        pipeline::build(&root, &opts, progress)
    })
    .map_err(Error::Site)?;
    let r = &built.rendered;
    let decodes = r.stats.banners_decoded;
    if let (Some(w), false) = (&r.site.banners.warning, cli.quiet) {
        eprintln!("warning: {w}");
    }
    if !cli.quiet {
        let pages = r.output.pages().count();
        let total = r.timings.load + r.timings.render + r.timings.write;
        let banners = match r.site.banners.specs.len() {
            0 => String::new(),
            n => format!(", {n} banner image(s), {decodes} processed anew"),
        };
        eprintln!(
            "Built {pages} pages ({} files, {:.1} MB{banners}) in {:.2} s → {}",
            built.stats.files,
            built.stats.bytes as f64 / 1_048_576.0,
            total.as_secs_f64(),
            built.target.display()
        );
        if cli.verbose {
            eprintln!(
                "  load {:.0} ms · render {:.0} ms · write {:.0} ms · base URL {}",
                r.timings.load.as_secs_f64() * 1000.0,
                r.timings.render.as_secs_f64() * 1000.0,
                r.timings.write.as_secs_f64() * 1000.0,
                r.site.config.base_url
            );
            eprintln!(
                "  banners: {} shown, {decodes} image(s) decoded (the rest from {})",
                r.site.banners.specs.len(),
                CACHE_DIR
            );
        }
    }
    Ok(0)
}
