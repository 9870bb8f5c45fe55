//! Banners: the portal's banner-links, from `banners/` to optimized images in every slot
//! of the theme and in snippets ready to paste into any CMS.
//!
//! [`load`] reads the manifest ([`manifest`]) and the image files once; [`process`] runs the
//! image pipeline (`pipeline`) in parallel with its cache and yields the output images, the
//! HTML for each banner (`<picture>` with WebP and a fallback, explicit size, lazy loading)
//! and the self-contained snippets under `_snippets/`.

pub mod manifest;
pub(crate) mod pipeline;
pub mod svg;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use thiserror::Error;

use crate::config::BaseUrl;
use crate::render::ImageCache;
pub use manifest::{Placement, Spec};
use pipeline::{Cache, Processed};
use uslugi_core::date::Date;
use uslugi_core::diagnostics::Diagnostic;
use uslugi_core::progress::{Progress, Work};
use uslugi_core::util::escape::html as esc;

/// The banners directory and its manifest.
pub const DIR: &str = "banners";
/// The manifest's file name.
pub const MANIFEST: &str = "banners.yaml";

const IMAGE_EXTENSIONS: [&str; 6] = ["png", "jpg", "jpeg", "gif", "webp", "svg"];

/// Banners as read from disk.
#[derive(Debug, Clone, Default)]
pub struct BannerSet {
    /// Validated banners.
    pub specs: Vec<Spec>,
    /// Image files by name relative to `banners/`.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The manifest's text, for pointing at lines.
    pub manifest_text: Option<String>,
    /// Said once when images are used without a manifest.
    pub warning: Option<String>,
}

/// A problem with a banner.
#[derive(Debug, Error)]
#[error("{file}:{line}: {message}")]
pub struct BannerError {
    /// The file the problem is in (the manifest, or the image when there is none).
    pub file: PathBuf,
    /// 1-based line in the manifest; 0 when not about a line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: Option<String>,
    /// The manifest's text.
    pub text: Option<String>,
}

impl BannerError {
    /// The error as a located diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic::new(self.message.clone()).in_file(&self.file);
        if let (Some(text), true) = (&self.text, self.line > 0) {
            d = d.at(text, self.line, self.column);
        }
        match &self.help {
            Some(h) => d.with_help(h.clone()),
            None => d,
        }
    }
}

fn manifest_error(
    text: &str,
    line: usize,
    column: usize,
    message: String,
    help: Option<String>,
) -> BannerError {
    BannerError {
        file: Path::new(DIR).join(MANIFEST),
        line,
        column,
        message,
        help,
        text: Some(text.to_string()),
    }
}

/// An error about a file itself, not about a line of the manifest.
fn file_error(file: PathBuf, message: String) -> BannerError {
    BannerError {
        file,
        line: 0,
        column: 0,
        message,
        help: None,
        text: None,
    }
}

/// Reads `banners/`: the manifest and every image file. Without a manifest, each raster
/// image becomes a banner with default settings (and a warning says so).
pub fn load(root: &Path) -> Result<BannerSet, Vec<BannerError>> {
    let dir = root.join(DIR);
    let mut set = BannerSet::default();
    if !dir.is_dir() {
        return Ok(set);
    }
    let io_err = |path: &Path, e: String| {
        file_error(path.strip_prefix(root).unwrap_or(path).to_path_buf(), e)
    };
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|e| vec![io_err(&dir, e.to_string())])?;
        let ext = entry
            .path()
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if !entry.file_type().is_file() || !IMAGE_EXTENSIONS.contains(&ext.as_str()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        let bytes =
            std::fs::read(entry.path()).map_err(|e| vec![io_err(entry.path(), e.to_string())])?;
        set.files
            .insert(uslugi_core::util::paths::slash_path(rel), bytes);
    }
    let manifest = [MANIFEST, "banners.yml"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file());
    match manifest {
        Some(path) => {
            let text =
                std::fs::read_to_string(&path).map_err(|e| vec![io_err(&path, e.to_string())])?;
            let text =
                crate::content::encoding::normalize_newlines(text.trim_start_matches('\u{feff}'));
            set.specs =
                manifest::parse(&text, |f| set.files.contains_key(f)).map_err(|problems| {
                    problems
                        .into_iter()
                        .map(|p| manifest_error(&text, p.line, p.column, p.message(), p.help()))
                        .collect::<Vec<_>>()
                })?;
            set.manifest_text = Some(text);
        }
        None => {
            let mut errors = Vec::new();
            for (name, bytes) in &set.files {
                if name.ends_with(".svg") {
                    continue;
                }
                match pipeline::probe(bytes) {
                    Ok((_, w, h)) => set.specs.push(manifest::default_spec(name, w, h)),
                    Err(e) => errors.push(io_err(&dir.join(name), e)),
                }
            }
            if !errors.is_empty() {
                return Err(errors);
            }
            if !set.specs.is_empty() {
                set.warning = Some(format!(
                    "banners/{MANIFEST} not found: {} image(s) shown on the home page with default settings (link to gosuslugi.ru); add a manifest to set links, alt texts and places",
                    set.specs.len()
                ));
            }
        }
    }
    Ok(set)
}

/// One processed banner, ready for templates and snippets.
#[derive(Debug, Clone)]
pub struct ReadyBanner {
    /// Where it is shown.
    pub placement: Placement,
    /// Shown from.
    pub start: Option<Date>,
    /// Shown until.
    pub end: Option<Date>,
    /// Its `<a><picture>…</picture></a>` with site-absolute URLs.
    pub html: String,
    /// A self-contained snippet with absolute URLs and inline styles.
    pub snippet: String,
    /// A name for the snippet file.
    pub name: String,
    /// What the banner says (its alt text).
    pub alt: String,
}

impl ReadyBanner {
    /// Whether the banner belongs in `placement` on `today`.
    pub fn shown(&self, placement: &str, today: Date) -> bool {
        (self.placement.as_str() == placement || self.placement == Placement::All)
            && self.start.is_none_or(|s| s.day() <= today.day())
            && self.end.is_none_or(|e| e.day() >= today.day())
    }
}

/// Processed banners: output images and the banners' HTML.
#[derive(Debug, Clone, Default)]
pub struct ProcessedBanners {
    /// Output files (`banners/…`).
    pub files: Vec<(String, Vec<u8>)>,
    /// One entry per banner, in manifest order.
    pub banners: Vec<ReadyBanner>,
    /// Images that had to be decoded: the rest came from the cache (or are SVG).
    pub decoded: usize,
}

fn srcset(variants: &[pipeline::Variant]) -> String {
    variants
        .iter()
        .enumerate()
        .map(|(i, v)| format!("/{} {}x", v.path, i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs every banner through the image pipeline, in parallel, with `cache` (none: no
/// cache), telling `progress` as each image is done.
pub fn process(
    set: &BannerSet,
    base: &BaseUrl,
    cache: Option<&ImageCache>,
    progress: &dyn Progress,
) -> Result<ProcessedBanners, Vec<BannerError>> {
    let cache = Cache::new(cache);
    progress.start(Work::Banners, set.specs.len() as u64);
    let results: Vec<Result<OneBanner, BannerError>> = set
        .specs
        .par_iter()
        .map(|spec| {
            let one = ready(set, spec, base, &cache);
            progress.step(Work::Banners);
            one
        })
        .collect();
    let mut out = ProcessedBanners::default();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok((files, banner, decoded)) => {
                out.files.extend(files);
                out.banners.push(banner);
                out.decoded += usize::from(decoded);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A banner's output files, what templates and snippets show of it, and whether its image
/// had to be decoded.
type OneBanner = (Vec<(String, Vec<u8>)>, ReadyBanner, bool);

/// One banner through the image pipeline, made ready to show.
fn ready(
    set: &BannerSet,
    spec: &Spec,
    base: &BaseUrl,
    cache: &Cache,
) -> Result<OneBanner, BannerError> {
    let e = &spec.entry;
    let bytes = set.files.get(&e.file).ok_or_else(|| {
        file_error(
            Path::new(DIR).join(&e.file),
            format!("banners/{} does not exist", e.file),
        )
    })?;
    let processed =
        pipeline::process(&e.file, bytes, spec.width, spec.height, cache).map_err(|message| {
            match &set.manifest_text {
                Some(text) => manifest_error(
                    text,
                    spec.line,
                    1,
                    format!("banners/{}: {message}", e.file),
                    None,
                ),
                None => file_error(Path::new(DIR).join(&e.file), message),
            }
        });
    let (processed, decoded) = processed?;
    let title = e
        .title
        .as_deref()
        .map(|t| format!(" title=\"{}\"", esc(t)))
        .unwrap_or_default();
    let (picture, main, files) = picture(spec, processed);
    let html = format!(
        "<a class=\"banner banner-{}\" href=\"{}\" target=\"_blank\" rel=\"noopener\"{title}>{picture}</a>",
        e.placement.as_str(),
        esc(&e.link)
    );
    let snippet = format!(
        "<a href=\"{}\" target=\"_blank\" rel=\"noopener\" style=\"display:inline-block;line-height:0\"{title}><img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" style=\"max-width:100%;height:auto;border:0\"></a>",
        esc(&e.link),
        esc(&base.join(&main)),
        spec.width,
        spec.height,
        esc(&e.alt)
    );
    let stem = e.file.rsplit('/').next().unwrap_or(&e.file);
    let name = crate::content::slug::slugify(stem.rsplit_once('.').map_or(stem, |(s, _)| s));
    Ok((
        files,
        ReadyBanner {
            placement: e.placement,
            start: e.start,
            end: e.end,
            html,
            snippet,
            name,
            alt: e.alt.clone(),
        },
        decoded,
    ))
}

/// The banner's image markup (`<img>` for SVG, `<picture>` with WebP and a fallback for
/// raster images), the path of its main image, and its files.
fn picture(spec: &Spec, processed: Processed) -> (String, String, Vec<(String, Vec<u8>)>) {
    let e = &spec.entry;
    let loading = if e.placement == Placement::Home {
        "eager"
    } else {
        "lazy"
    };
    match processed {
        Processed::Svg(v) => (
            format!(
                "<img src=\"/{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"{loading}\" decoding=\"async\">",
                v.path,
                v.width,
                v.height,
                esc(&e.alt)
            ),
            v.path.clone(),
            vec![(v.path, v.bytes)],
        ),
        Processed::Raster { webp, fallback } => {
            let picture = format!(
                "<picture><source type=\"image/webp\" srcset=\"{}\"><img src=\"/{}\" srcset=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"{loading}\" decoding=\"async\"></picture>",
                srcset(&webp),
                fallback[0].path,
                srcset(&fallback),
                spec.width,
                spec.height,
                esc(&e.alt)
            );
            let main = fallback[0].path.clone();
            let files = webp
                .into_iter()
                .chain(fallback)
                .map(|v| (v.path, v.bytes))
                .collect();
            (picture, main, files)
        }
    }
}

/// The HTML of every banner shown in `placement` today, in manifest order.
pub fn html_for(banners: &[ReadyBanner], placement: &str, today: Date) -> String {
    banners
        .iter()
        .filter(|b| b.shown(placement, today))
        .map(|b| b.html.as_str())
        .collect::<Vec<_>>()
        .join("")
}
