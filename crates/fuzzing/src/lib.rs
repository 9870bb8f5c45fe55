//! Entry points for fuzzing: each takes arbitrary bytes and runs one parser the way the
//! product runs it, so that `fuzz/` (cargo-fuzz) and the regression tests in
//! `tests/fuzz_regressions.rs` exercise exactly the same code. None of them may panic, hang
//! or allocate without bound on any input; where a parser promises something about its
//! output, they check it.

use std::path::{Path, PathBuf};

use uslugi_site::banners::BannerSet;
use uslugi_site::config::{self, BaseUrl};
use uslugi_site::content::{LoadOptions, RawFile};
use uslugi_site::render::{RenderOptions, render_site};
use uslugi_site::site::Site;
use uslugi_site::theme::Theme;

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
    let Ok(pages) = uslugi_site::content::parse_pages(
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
        indicators: uslugi_site::data::indicators::parse(
            "- id: dolya\n  title: Доля\n  unit: \"%\"\n  source: План\n  points:\n    - { period: 2016-Q1, target: 42.5, actual: 40 }\n",
        )
        .unwrap_or_default(),
        today: uslugi_core::Date::from_ymd(2026, 10, 1).expect("a real day"),
    };
    let _ = render_site(
        &site,
        RenderOptions {
            minify: false,
            fragments: false,
            cache: None,
        },
        &uslugi_core::progress::Quiet,
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
            let _ = uslugi_site::data::services::parse(text, Some("https://70.gosuslugi.ru/"));
        }
        1 => {
            let _ = uslugi_site::data::centres::parse(text);
        }
        _ => {
            let _ = uslugi_site::banners::manifest::parse(text, |f| f.ends_with(".png"));
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
    if let Ok(rows) = uslugi_site::data::import::read_table(Path::new(name), data) {
        let _ = uslugi_site::data::import::import(&rows, true);
    }
}

/// A crawled page in any charset: decoding, the snapshot and the classifier.
pub fn audit_page(data: &[u8]) {
    let (html, _) = uslugi_audit::decode::decode_html(data, None);
    let base: BaseUrl = "https://site.example/".parse().expect("static base");
    let page = uslugi_compliance::snapshot::parse_page(&html, "a/b/", &base);
    let inbound = [page.title.as_str()];
    let _ = uslugi_audit::classify::classify(&page, &inbound);
    let mut snap = uslugi_compliance::snapshot::Snapshot {
        base_url: base.to_string(),
        pages: vec![page],
    };
    uslugi_audit::classify_pages(&mut snap);
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
    if let Some(uslugi_compliance::links::Target::Internal { path, .. }) =
        uslugi_compliance::links::resolve_href(page, href, &base)
    {
        // An internal path never climbs out of the site (its query may say anything).
        let path_part = path.split('?').next().unwrap_or("");
        assert!(
            !path_part.split('/').any(|s| s == ".."),
            "{page:?} + {href:?} → {path:?}"
        );
    }
    let _ = uslugi_core::util::url::host_of(href);
}

/// The SVG banner allow-list.
pub fn svg(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = uslugi_site::banners::svg::check(text);
    }
}

/// The date parsers: a front matter date and dates in running text.
pub fn dates(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let zone = uslugi_core::Zone::moscow();
        let epoch = uslugi_core::Date::from_ymd(1970, 1, 1).expect("a real day");
        if let Ok(d) = text.parse::<uslugi_core::date::Date>() {
            // A parsed date prints, places itself in time and counts days without panicking,
            // and prints back to what parses as the same date.
            let _ = (d.human_ru(), d.rfc3339(&zone), d.instant(&zone));
            let _ = (epoch.days_until(&d), d.days_before(400_000));
            assert_eq!(
                d.to_string().parse::<uslugi_core::Date>(),
                Ok(d),
                "{text:?}"
            );
        }
        for d in uslugi_core::date::find_in_text(text) {
            let _ = (epoch.days_until(&d), d.rfc3339(&zone));
        }
    }
}
