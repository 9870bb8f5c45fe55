//! The banner image pipeline: decode (with limits), resize to 1× and 2× of the display size
//! (never upscaling), encode WebP and a PNG or JPEG fallback, name each result by its
//! content hash, and cache every result by the source's hash and the parameters, so a rebuild
//! with unchanged banners decodes nothing.
//!
//! A decompression bomb or a truncated file is an error naming the file — the size is read
//! from the header and checked before anything is decoded, and the decoder has an allocation
//! limit — never a crash or a hang. SVG is passed through after the check in [`super::svg`].

use std::io::Cursor;
use std::path::PathBuf;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};

use crate::render::ImageCache;

/// Largest accepted width or height of a source image, in pixels.
pub const MAX_SIDE: u32 = 10_000;
/// Largest allocation the decoder may make.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// Bumped when the pipeline's output changes, so old cache entries are not reused.
const VERSION: &str = "v1";

use uslugi_core::util::hash::fnv64;

/// The processed-image cache (`.uslugi-cache/banners/`).
pub struct Cache {
    dir: Option<PathBuf>,
    write: bool,
}

impl Cache {
    /// The banners' part of `cache`; `None` disables caching.
    pub fn new(cache: Option<&ImageCache>) -> Cache {
        Cache {
            dir: cache.map(|c| c.dir.join("banners")),
            write: cache.is_some_and(|c| c.write),
        }
    }

    fn get(&self, key: &str) -> Option<Vec<u8>> {
        std::fs::read(self.dir.as_ref()?.join(key)).ok()
    }

    fn put(&self, key: &str, bytes: &[u8]) {
        let Some(dir) = self.dir.as_ref().filter(|_| self.write) else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp = dir.join(format!(".{key}.{}", std::process::id()));
        if std::fs::write(&tmp, bytes).is_ok() {
            let _ = std::fs::rename(&tmp, dir.join(key));
        }
    }
}

/// One output image.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Output path, e.g. `banners/gosuslugi-1a2b3c4d-240x400.webp`.
    pub path: String,
    /// The encoded bytes.
    pub bytes: Vec<u8>,
    /// Pixel width.
    pub width: u32,
    /// Pixel height.
    pub height: u32,
}

/// What a banner image became.
#[derive(Debug, Clone)]
pub enum Processed {
    /// WebP and fallback variants, 1× first.
    Raster {
        /// WebP at 1× (and 2×).
        webp: Vec<Variant>,
        /// PNG or JPEG at 1× (and 2×).
        fallback: Vec<Variant>,
    },
    /// A checked SVG, passed through.
    Svg(Variant),
}

/// The format and pixel size from the image's header, without decoding it.
pub fn probe(bytes: &[u8]) -> Result<(ImageFormat, u32, u32), String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = reader
        .format()
        .ok_or("not a PNG, JPEG, GIF or WebP image")?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::WebP
    ) {
        return Err(format!(
            "{format:?} images are not supported: use PNG, JPEG, GIF, WebP or SVG"
        ));
    }
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| format!("cannot read the image header: {e}"))?;
    if w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "the image claims to be {w}×{h} pixels, more than the {MAX_SIDE} px allowed per side"
        ));
    }
    if w == 0 || h == 0 {
        return Err("the image has no pixels".into());
    }
    Ok((format, w, h))
}

fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| format!("cannot decode the image: {e}"))
}

fn encode(img: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(Vec::new());
    match format {
        ImageFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
            img.to_rgb8()
                .write_with_encoder(encoder)
                .map_err(|e| e.to_string())?;
        }
        ImageFormat::WebP => img
            .to_rgba8()
            .write_to(&mut out, ImageFormat::WebP)
            .map_err(|e| e.to_string())?,
        _ => img
            .write_to(&mut out, ImageFormat::Png)
            .map_err(|e| e.to_string())?,
    }
    Ok(out.into_inner())
}

/// Processes one banner image shown at `width`×`height`. The source must be that size or an
/// exact multiple of it (a 2× source makes the 2× variant). Also says whether the source had
/// to be decoded: `false` when every variant came from the cache (or the image is an SVG).
pub fn process(
    file: &str,
    bytes: &[u8],
    width: u32,
    height: u32,
    cache: &Cache,
) -> Result<(Processed, bool), String> {
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = crate::content::slug::slugify(stem.rsplit_once('.').map_or(stem, |(s, _)| s));
    if file.to_ascii_lowercase().ends_with(".svg") {
        let text =
            std::str::from_utf8(bytes).map_err(|_| "the SVG is not UTF-8 text".to_string())?;
        super::svg::check(text).map_err(|r| r.to_string())?;
        let svg = Processed::Svg(Variant {
            path: format!("banners/{stem}-{:08x}.svg", fnv64(bytes) as u32),
            bytes: bytes.to_vec(),
            width,
            height,
        });
        return Ok((svg, false));
    }
    let (format, w, h) = probe(bytes)?;
    if w % width != 0 || h % height != 0 || w / width != h / height {
        return Err(format!(
            "the image is {w}×{h} pixels: that is not {width}×{height} or an exact multiple of it"
        ));
    }
    let scales = (w / width).min(2);
    let fallback_format = if format == ImageFormat::Jpeg {
        ImageFormat::Jpeg
    } else {
        ImageFormat::Png
    };
    let source_hash = fnv64(bytes);
    let mut decoded: Option<DynamicImage> = None;
    let mut webp = Vec::new();
    let mut fallback = Vec::new();
    for scale in 1..=scales {
        let (tw, th) = (width * scale, height * scale);
        for (target, list) in [
            (ImageFormat::WebP, &mut webp),
            (fallback_format, &mut fallback),
        ] {
            let ext = target.extensions_str()[0];
            let key = format!("{source_hash:016x}-{tw}x{th}-{ext}-{VERSION}");
            let out = match cache.get(&key) {
                Some(b) => b,
                None => {
                    if decoded.is_none() {
                        decoded = Some(decode(bytes)?);
                    }
                    let img = decoded.as_ref().expect("decoded above");
                    let resized = if (img.width(), img.height()) == (tw, th) {
                        img.clone()
                    } else {
                        img.resize_exact(tw, th, image::imageops::FilterType::Lanczos3)
                    };
                    let b = encode(&resized, target)?;
                    cache.put(&key, &b);
                    b
                }
            };
            list.push(Variant {
                path: format!("banners/{stem}-{:08x}-{tw}x{th}.{ext}", fnv64(&out) as u32),
                bytes: out,
                width: tw,
                height: th,
            });
        }
    }
    Ok((Processed::Raster { webp, fallback }, decoded.is_some()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, y| {
            image::Rgba([(x % 255) as u8, (y % 255) as u8, 90, 255])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn makes_both_scales_from_a_2x_source_and_caches_them() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(&ImageCache {
            dir: dir.path().to_path_buf(),
            write: true,
        }));
        let src = png(200, 200);
        let (Processed::Raster { webp, fallback }, decoded) =
            process("b.png", &src, 100, 100, &cache).unwrap()
        else {
            panic!()
        };
        assert!(decoded, "nothing was cached yet");
        assert_eq!(webp.iter().map(|v| v.width).collect::<Vec<_>>(), [100, 200]);
        assert!(
            fallback[0].path.ends_with("-100x100.png")
                && fallback[1].path.ends_with("-200x200.png")
        );
        assert!(webp[0].bytes.starts_with(b"RIFF"));
        // Four results (WebP and PNG at 1× and 2×), each cached under its key.
        let cached = std::fs::read_dir(dir.path().join("banners"))
            .unwrap()
            .count();
        assert_eq!(cached, 4);
        let (again, decoded) = process("b.png", &src, 100, 100, &cache).unwrap();
        assert!(
            !decoded,
            "the second run takes every variant from the cache"
        );
        let Processed::Raster { webp: w2, .. } = again else {
            panic!()
        };
        assert_eq!(w2[1].bytes, webp[1].bytes);
        assert_eq!(w2[1].path, webp[1].path, "names are content hashes");
        // Without its cache the same image is decoded again.
        let (_, decoded) = process("b.png", &src, 100, 100, &Cache::new(None)).unwrap();
        assert!(decoded);
        // A read-only cache (`check`'s) serves what is there and keeps nothing new.
        let read_only = Cache::new(Some(&ImageCache {
            dir: dir.path().to_path_buf(),
            write: false,
        }));
        let (_, decoded) = process("b.png", &src, 100, 100, &read_only).unwrap();
        assert!(!decoded, "read from the cache a build left");
        let (_, decoded) = process("c.png", &png(300, 300), 150, 150, &read_only).unwrap();
        assert!(decoded);
        let kept = std::fs::read_dir(dir.path().join("banners"))
            .unwrap()
            .count();
        assert_eq!(kept, 4, "nothing is added by a read-only run");
    }

    #[test]
    fn never_upscales_and_checks_the_format() {
        let cache = Cache::new(None);
        let (Processed::Raster { webp, .. }, _) =
            process("b.png", &png(100, 100), 100, 100, &cache).unwrap()
        else {
            panic!()
        };
        assert_eq!(webp.len(), 1, "a 1× source makes no 2× variant");
        let e = process("b.png", &png(150, 100), 100, 100, &cache).unwrap_err();
        assert!(e.contains("150×100"), "{e}");
    }
}
