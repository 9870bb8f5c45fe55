//! Rendering: Markdown and Tera templates into the in-memory [`Output`].
//!
//! First every page's Markdown is rendered in parallel and its internal links are resolved
//! (anchors are checked once all pages are done); then every page goes through its template
//! in parallel. Values shared by many pages — the site, the navigation, each section's list
//! of pages — are built once and shared, so a 10,000-page site renders in about a second.
//!
//! - `renderer`: the order of the work, banner processing and re-rendering one page;
//! - `links`: Markdown of every page, `@/` links, anchors and indicator charts;
//! - `templates`: the Tera instance, its filters and functions;
//! - `context`: what a template sees (`page`, `section`, `site`, `nav`, …);
//! - `extras`: what some page kinds add (tag pages, news pagination, the memo's QR code, FAQ
//!   JSON-LD);
//! - `feeds`, `snippets`, `chart` and `markdown`: the generated files and fragments.

pub(crate) mod chart;
pub(crate) mod context;
pub(crate) mod error;
pub(crate) mod extras;
pub(crate) mod feeds;
pub(crate) mod links;
pub(crate) mod markdown;
pub(crate) mod renderer;
pub(crate) mod snippets;
pub(crate) mod templates;

use std::path::PathBuf;

use crate::output::Output;
use crate::site::Site;
use uslugi_core::progress::Progress;

pub use context::SIDEBAR_LIMIT;
pub use context::template_for;
pub use error::{RenderError, RenderFailure};
pub use extras::{MEMO_DIR, NEWS_PER_PAGE, TAG_PAGE_LIMIT};
pub use renderer::Renderer;
pub use templates::build_tera;

/// How to render.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Minify the HTML with minify-html.
    pub minify: bool,
    /// Also write each page's body-only HTML under `_fragments/`.
    pub fragments: bool,
    /// Where processed banner images are kept between builds: the caller's choice (`build`
    /// and `serve` use [`CACHE_DIR`] under the site root); `None` keeps nothing.
    pub cache: Option<ImageCache>,
}

/// A folder of processed banner images, and whether this run may add to it: `check` reads
/// what `build` left and writes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageCache {
    /// The folder.
    pub dir: PathBuf,
    /// Whether images processed now are kept there.
    pub write: bool,
}

/// The folder of processed-image caches that `build` and `serve` keep under the site root.
pub const CACHE_DIR: &str = ".uslugi-cache";

/// What rendering did besides the output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// Banner images decoded; the rest came from the cache.
    pub banners_decoded: usize,
}

/// Renders the whole site into memory.
pub fn render_site(
    site: &Site,
    opts: RenderOptions,
    progress: &dyn Progress,
) -> Result<Output, RenderFailure> {
    Renderer::new(site, opts, progress).map(|(_, out, _)| out)
}
