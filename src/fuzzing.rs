//! Entry points for fuzzing: each takes arbitrary bytes and runs one parser the way the
//! product runs it, so that `fuzz/` (cargo-fuzz) and the regression tests in
//! `tests/fuzz_regressions.rs` exercise exactly the same code. None of them may panic, hang
//! or allocate without bound on any input; where a parser promises something about its
//! output, they check it.

use std::path::{Path, PathBuf};

use crate::banners::BannerSet;
use crate::config::{self, BaseUrl};
use crate::content::{LoadOptions, RawFile};
use crate::render::{RenderOptions, render_site};
use crate::site::Site;
use crate::theme::Theme;

/// One page — front matter, Markdown, typography and the page template — rendered in
/// memory with the built-in theme.
pub fn page(data: &[u8]) {
    let Ok(config) = config::parse(
        "title = \"Проверка\"\nbase_url = \"https://fuzz.example/uslugi/\"\n",
        Path::new("site.toml"),
    ) else {
        return;
    };
    let files = vec![RawFile {
        source: PathBuf::from("content/page.md"),
        rel: "page.md".into(),
        bytes: data.to_vec(),
    }];
    let Ok(pages) = crate::content::parse_pages(
        files,
        LoadOptions {
            drafts: true,
            typography: true,
        },
    ) else {
        return;
    };
    let site = Site {
        root: PathBuf::from("/nonexistent"),
        config,
        config_text: String::new(),
        pages,
        theme: Theme::embedded(),
        banners: BannerSet::default(),
        services: Vec::new(),
        centres: Vec::new(),
        indicators: crate::data::indicators::parse(
            "- id: dolya\n  title: Доля\n  unit: \"%\"\n  source: План\n  points:\n    - { period: 2016-Q1, target: 42.5, actual: 40 }\n",
        )
        .unwrap_or_default(),
    };
    let _ = render_site(
        &site,
        RenderOptions {
            minify: false,
            fragments: false,
            cache: false,
        },
    );
}

/// `site.toml`.
pub fn site_toml(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = config::parse(text, Path::new("site.toml"));
    }
}

/// The data files: the first byte picks `services.yaml`, `centres.yaml` or
/// `banners.yaml`.
pub fn data_files(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match which % 3 {
        0 => {
            let _ = crate::data::services::parse(text, Some("https://70.gosuslugi.ru/"));
        }
        1 => {
            let _ = crate::data::centres::parse(text);
        }
        _ => {
            let _ = crate::banners::manifest::parse(text, |f| f.ends_with(".png"));
        }
    }
}

/// The centres importer on CSV or XLSX bytes (XLSX when they start as a ZIP file does).
pub fn centres_import(data: &[u8]) {
    let name = if data.starts_with(b"PK") {
        "centres.xlsx"
    } else {
        "centres.csv"
    };
    if let Ok(rows) = crate::data::import::read_table(Path::new(name), data) {
        let _ = crate::data::import::import(&rows, true);
    }
}

/// A crawled page in any charset: decoding, the snapshot and the classifier.
pub fn audit_page(data: &[u8]) {
    let (html, _) = crate::audit::decode::decode_html(data, None);
    let base: BaseUrl = "https://site.example/".parse().expect("static base");
    let page = crate::compliance::snapshot::parse_page(&html, "a/b/", &base);
    let inbound = [page.title.as_str()];
    let _ = crate::audit::classify::classify(&page, &inbound);
    let mut snap = crate::compliance::snapshot::Snapshot {
        base_url: base.to_string(),
        pages: vec![page],
    };
    crate::audit::classify_pages(&mut snap);
}

/// Link resolution: the bytes are `page path \n href` against a fixed base.
pub fn urls(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (page, href) = text.split_once('\n').unwrap_or(("", text));
    let base: BaseUrl = "https://school.example/gosuslugi/"
        .parse()
        .expect("static base");
    if let Some(crate::compliance::links::Target::Internal { path, .. }) =
        crate::compliance::links::resolve_href(page, href, &base)
    {
        // An internal path never climbs out of the site (its query may say anything).
        let path_part = path.split('?').next().unwrap_or("");
        assert!(
            !path_part.split('/').any(|s| s == ".."),
            "{page:?} + {href:?} → {path:?}"
        );
    }
    let _ = crate::util::url::host_of(href);
}

/// The SVG banner allow-list.
pub fn svg(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = crate::banners::svg::check(text);
    }
}

/// The date parsers: a front matter date and dates in running text.
pub fn dates(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(d) = text.parse::<crate::date::Date>() {
            // A parsed date prints and counts days without panicking.
            let _ = (d.human_ru(), d.rfc3339(), d.days_since_epoch());
        }
        for d in crate::date::find_in_text(text) {
            let _ = d.days_since_epoch();
        }
    }
}
