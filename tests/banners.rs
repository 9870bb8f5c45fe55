//! Banners end to end: every supported format through the pipeline, the cache on rebuild,
//! unsafe and broken images, the defaults without a manifest, snippets and fragments.

mod common;

use std::io::Cursor;
use std::path::Path;

use common::*;
use image::{ImageFormat, RgbaImage};

fn picture(w: u32, h: u32) -> RgbaImage {
    RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([(x * 7 % 256) as u8, (y * 5 % 256) as u8, 160, 255])
    })
}

fn encoded(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    match format {
        ImageFormat::Jpeg | ImageFormat::Gif => image::DynamicImage::ImageRgba8(picture(w, h))
            .to_rgb8()
            .write_to(&mut out, format)
            .unwrap(),
        _ => picture(w, h).write_to(&mut out, format).unwrap(),
    }
    out.into_inner()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG whose header claims 30000×30000 pixels, with a few bytes of compressed data.
fn header_bomb() -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&30000u32.to_be_bytes());
    ihdr.extend_from_slice(&30000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    let mut idat = b"IDAT".to_vec();
    idat.extend_from_slice(b"\x78\x9c\x03\x00\x00\x00\x00\x01");
    png.extend_from_slice(&((idat.len() - 4) as u32).to_be_bytes());
    png.extend_from_slice(&idat);
    png.extend_from_slice(&crc32(&idat).to_be_bytes());
    png.extend_from_slice(&[0, 0, 0, 0]);
    png.extend_from_slice(b"IEND");
    png.extend_from_slice(&crc32(b"IEND").to_be_bytes());
    png
}

const SAFE_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\" viewBox=\"0 0 200 200\"><rect width=\"200\" height=\"200\" fill=\"#0b47c1\"/></svg>";

fn entry(file: &str, format: &str, placement: &str) -> String {
    format!(
        "- file: {file}\n  format: {format}\n  link: https://www.gosuslugi.ru/\n  alt: Портал госуслуг, {file}\n  placement: {placement}\n"
    )
}

fn site_with_banners(files: &[(&str, Vec<u8>)], manifest: Option<&str>) -> tempfile::TempDir {
    let site = fixture("minimal");
    let dir = site.path().join("banners");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    if let Some(m) = manifest {
        std::fs::write(dir.join("banners.yaml"), m).unwrap();
    }
    site
}

fn decoded(stderr: &str) -> usize {
    stderr
        .split("banners: ")
        .nth(1)
        .and_then(|s| s.split(" shown, ").nth(1))
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no decode count in {stderr}"))
}

#[test]
fn every_format_becomes_picture_variants_and_a_rebuild_decodes_nothing() {
    let manifest = [
        entry("a.png", "240x400", "home"),
        entry("b.jpg", "728x90", "home"),
        entry("c.gif", "100x100", "section"),
        entry("d.webp", "468x60", "sidebar"),
        entry("e.svg", "200x200", "footer"),
    ]
    .concat();
    let site = site_with_banners(
        &[
            ("a.png", encoded(480, 800, ImageFormat::Png)),
            ("b.jpg", encoded(728, 90, ImageFormat::Jpeg)),
            ("c.gif", encoded(100, 100, ImageFormat::Gif)),
            ("d.webp", encoded(936, 120, ImageFormat::WebP)),
            ("e.svg", SAFE_SVG.as_bytes().to_vec()),
        ],
        Some(&manifest),
    );
    let out = uslugi(site.path(), &["build", "-v", "--no-minify"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        decoded(&stderr(&out)),
        4,
        "four raster images decoded once each"
    );
    let files: Vec<String> = snapshot(&site.path().join("public"))
        .into_keys()
        .filter(|k| k.starts_with("banners/"))
        .collect();
    let has = |suffix: &str| files.iter().any(|f| f.ends_with(suffix));
    for s in [
        "-240x400.webp",
        "-480x800.webp",
        "-240x400.png",
        "-480x800.png",
        "-728x90.webp",
        "-728x90.jpg",
        "-100x100.png",
        "-468x60.webp",
        "-936x120.png",
        ".svg",
    ] {
        assert!(has(s), "no {s} in {files:?}");
    }
    assert!(
        !has("-1456x180.webp") && !has("-200x200.webp"),
        "1× sources are never upscaled: {files:?}"
    );
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(
        home.contains("<picture><source type=\"image/webp\" srcset=\"banners/a-"),
        "{home}"
    );
    assert!(home.contains("480x800.webp 2x") && home.contains("width=\"240\" height=\"400\""));
    assert!(
        home.contains("loading=\"eager\" decoding=\"async\"") && home.contains("rel=\"noopener\"")
    );
    assert!(home.contains("alt=\"Портал госуслуг, a.png\""));
    let faq = std::fs::read_to_string(site.path().join("public/faq/index.html")).unwrap();
    assert!(
        faq.contains("banners-footer") && faq.contains(".svg\" width=\"200\" height=\"200\""),
        "footer slot on every page"
    );

    let again = uslugi(site.path(), &["build", "-v", "--no-minify"]);
    assert!(again.status.success());
    assert_eq!(
        decoded(&stderr(&again)),
        0,
        "a rebuild with unchanged banners decodes nothing"
    );
    assert!(site.path().join(".uslugi-cache/banners").is_dir());
}

/// Builds once without banners, then adds `files` and `manifest` and checks that the build
/// fails with exit 2, a message containing `expected`, and the first output intact.
fn assert_bad_banner(files: &[(&str, Vec<u8>)], manifest: &str, expected: &[&str]) {
    let site = fixture("minimal");
    build_ok(site.path(), &[]);
    let before = snapshot(&site.path().join("public"));
    let dir = site.path().join("banners");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    std::fs::write(dir.join("banners.yaml"), manifest).unwrap();
    let started = std::time::Instant::now();
    let out = uslugi(site.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    for e in expected {
        assert!(err.contains(e), "stderr lacks `{e}`:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        snapshot(&site.path().join("public")),
        before,
        "the previous output changed"
    );
}

#[test]
fn unsafe_broken_and_bomb_images_are_named_errors() {
    let ok = entry("ok.png", "100x100", "home");
    let svg_script = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\"><script>alert(1)</script></svg>";
    assert_bad_banner(
        &[
            ("ok.png", encoded(100, 100, ImageFormat::Png)),
            ("s.svg", svg_script.as_bytes().to_vec()),
        ],
        &format!("{ok}{}", entry("s.svg", "100x100", "home")),
        &["banners/banners.yaml:6", "s.svg", "<script> on line 1"],
    );
    let mut truncated = encoded(200, 200, ImageFormat::Png);
    truncated.truncate(truncated.len() / 2);
    assert_bad_banner(
        &[("t.png", truncated)],
        &entry("t.png", "100x100", "home"),
        &["banners/banners.yaml:1", "t.png", "cannot decode"],
    );
    assert_bad_banner(
        &[("bomb.png", header_bomb())],
        &entry("bomb.png", "100x100", "home"),
        &["bomb.png", "30000×30000", "10000"],
    );
    assert_bad_banner(
        &[("w.png", encoded(150, 100, ImageFormat::Png))],
        &entry("w.png", "100x100", "home"),
        &["banners/banners.yaml:1", "150×100", "exact multiple"],
    );
    assert_bad_banner(
        &[("l.png", encoded(100, 100, ImageFormat::Png))],
        "- file: l.png\n  format: 100x100\n  link: http://gosuslugi.ru/\n  alt: Портал\n",
        &["banners/banners.yaml:1", "not https to gosuslugi.ru"],
    );
}

#[test]
fn without_a_manifest_images_get_defaults_and_a_warning() {
    let site = site_with_banners(&[("portal.png", encoded(728, 90, ImageFormat::Png))], None);
    let out = uslugi(site.path(), &["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("warning: banners/banners.yaml not found"),
        "{}",
        stderr(&out)
    );
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    assert!(
        home.contains("href=https://www.gosuslugi.ru/")
            || home.contains("href=\"https://www.gosuslugi.ru/\"")
    );
    assert!(home.contains("portal-") && home.contains("<picture>"));
}

#[test]
fn snippets_are_self_contained_and_fragments_absolute() {
    let site = site_with_banners(
        &[("a.png", encoded(240, 400, ImageFormat::Png))],
        Some(&entry("a.png", "240x400", "home")),
    );
    build_ok(site.path(), &["--fragments"]);
    let public = site.path().join("public");
    let snippet = std::fs::read_to_string(public.join("_snippets/a.html")).unwrap();
    for link in links(&snippet) {
        assert!(
            link.starts_with("https://"),
            "relative URL `{link}` in a snippet"
        );
    }
    assert!(snippet.contains("https://minimal.example/banners/a-") && snippet.contains("style=\""));
    assert!(!snippet.contains("<script"));
    let index = std::fs::read_to_string(public.join("_snippets/index.html")).unwrap();
    assert!(index.contains("Скопировать код") && index.contains("&lt;a href="));
    for (name, bytes) in snapshot(&public.join("_fragments")) {
        let html = String::from_utf8(bytes).unwrap();
        assert!(
            !html.contains("<script") && !html.contains("<header"),
            "{name}"
        );
        for link in links(&html).iter().filter(|l| !l.starts_with('#')) {
            assert!(
                link.contains("://") || link.starts_with("mailto:") || link.starts_with("tel:"),
                "{name}: relative `{link}`"
            );
        }
    }
    let faq = std::fs::read_to_string(public.join("_fragments/faq.html")).unwrap();
    assert!(faq.contains("<h1>Вопросы</h1>") && faq.contains("Через портал."));
    assert!(
        public.join("_fragments/index.html").is_file()
            && public.join("_fragments/news/one.html").is_file()
    );
}

#[test]
fn the_example_home_page_has_a_portal_banner() {
    let site = example_site();
    build_ok(site.path(), &["--no-minify"]);
    let home = std::fs::read_to_string(site.path().join("public/index.html")).unwrap();
    let banner = home
        .split("class=\"banner banner-home\" href=\"")
        .nth(1)
        .expect("a home banner");
    assert!(
        banner.starts_with("https://www.gosuslugi.ru/"),
        "{}",
        &banner[..80]
    );
    assert!(banner.split("</a>").next().unwrap().contains("<img "));
    assert!(Path::new(&site.path().join("public/_snippets/index.html")).is_file());
}

/// `check` reads the images a build processed from its cache and changes nothing there.
#[test]
fn check_reads_the_image_cache_and_leaves_it_as_it_was() {
    let site = example_site();
    build_ok(site.path(), &[]);
    let built = snapshot(site.path());
    assert!(
        built
            .keys()
            .any(|k| k.starts_with(".uslugi-cache/banners/"))
    );
    let out = uslugi(site.path(), &["check", "--format", "json", "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(built, snapshot(site.path()));
}
