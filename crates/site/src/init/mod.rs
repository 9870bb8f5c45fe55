//! `uslugi init`: a new site for a profile, written from starter content embedded in the
//! binary, so it works from an installed binary with nothing else around.
//!
//! The starter has every material the recommendations ask for — texts to adapt, a services
//! catalog for the profile, sample banners, a first news item dated today — and leaves the
//! organization's contacts for the editor to fill in, so the first `uslugi check` already
//! says what is left to do.

use std::path::{Path, PathBuf};

use crate::config::Profile;
use uslugi_core::util::paths::FileError;
use uslugi_core::{Now, Zone};

/// Why `init` wrote nothing, or stopped.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The options or the directory do not allow a new site; the message says why.
    #[error("{0}")]
    Refused(String),
    /// A file could not be written.
    #[error(transparent)]
    Write(#[from] FileError),
}

/// Starter pages, by path in the new site.
const CONTENT: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# What uslugi writes: the built site, the banner cache, the build lock.\n/public\n.uslugi-cache\n.*.uslugi-lock\n",
    ),
    ("content/_index.md", include_str!("starter/_index.md")),
    ("content/benefits.md", include_str!("starter/benefits.md")),
    (
        "content/registration.md",
        include_str!("starter/registration.md"),
    ),
    ("content/services.md", include_str!("starter/services.md")),
    ("content/centres.md", include_str!("starter/centres.md")),
    ("content/faq.md", include_str!("starter/faq.md")),
    ("content/appeal.md", include_str!("starter/appeal.md")),
    ("content/survey.md", include_str!("starter/survey.md")),
    ("content/media.md", include_str!("starter/media.md")),
    (
        "content/news/_index.md",
        include_str!("starter/news/_index.md"),
    ),
];

/// The first news item; `{{date}}` becomes today.
const FIRST_NEWS: &str = include_str!("starter/news/first.md");

/// The sample banners and their manifest.
const BANNERS: &[(&str, &[u8])] = &[
    (
        "banners/banners.yaml",
        include_bytes!("../../../../banners/banners.yaml"),
    ),
    (
        "banners/gosuslugi-728x90.png",
        include_bytes!("../../../../banners/gosuslugi-728x90.png"),
    ),
    (
        "banners/gosuslugi-468x60.png",
        include_bytes!("../../../../banners/gosuslugi-468x60.png"),
    ),
    (
        "banners/gosuslugi-240x400.png",
        include_bytes!("../../../../banners/gosuslugi-240x400.png"),
    ),
    (
        "banners/gosuslugi-100x100.png",
        include_bytes!("../../../../banners/gosuslugi-100x100.png"),
    ),
];

/// The services catalog for a profile.
fn services(profile: Profile) -> &'static str {
    match profile {
        Profile::Education => include_str!("starter/services-education.yaml"),
        Profile::Municipal => include_str!("starter/services-municipal.yaml"),
        Profile::Agency => include_str!("starter/services-agency.yaml"),
        Profile::Mfc => include_str!("starter/services-mfc.yaml"),
    }
}

/// What `uslugi init` is told.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// Where to write the site.
    pub dir: PathBuf,
    /// The kind of organization.
    pub profile: Profile,
    /// The organization's name.
    pub org: String,
    /// The regional portal, if there is one.
    pub region_portal: Option<String>,
    /// Write into a non-empty directory (replacing only files of the same names).
    pub force: bool,
    /// The site's time zone: written to site.toml, and the zone of the first news item's date.
    pub timezone: Zone,
    /// The moment `init` runs: the first news item is dated today in `timezone`.
    pub now: Now,
}

fn site_toml(opts: &InitOptions) -> String {
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let portal = match &opts.region_portal {
        Some(p) => format!("region_portal = {}\n", quote(p)),
        None => {
            "# region_portal = \"https://70.gosuslugi.ru/\"   # региональный портал, если он есть\n"
                .to_string()
        }
    };
    format!(
        "# Раздел «Электронные услуги» — настройки. Все ключи описаны в README uslugi.\n\
title = \"Электронные услуги\"\n\
# Адрес, по которому будет опубликован раздел; может быть подкаталогом сайта.\n\
base_url = \"https://example.ru/gosuslugi/\"\n\
language = \"ru\"\n\
# Часовой пояс организации: от него зависят «сегодня» в проверке свежести новостей\n\
# и в расписании баннеров.\n\
timezone = {timezone}\n\
profile = \"{profile}\"\n\
\n\
[organization]\n\
name = {org}\n\
provides_services = true\n\
{portal}\
# Контакты для консультаций: заполните хотя бы одно — `uslugi check` напомнит.\n\
# phone = \"+7 (000) 000-00-00\"\n\
# email = \"uslugi@example.ru\"\n\
# address = \"город, улица, дом, кабинет\"\n\
# reception_hours = \"пн–пт 9:00–18:00, перерыв 13:00–14:00\"\n",
        profile = opts.profile.as_str(),
        timezone = quote(opts.timezone.name()),
        org = quote(&opts.org),
    )
}

/// Writes a new site; returns the files written, relative to the directory.
pub fn init(opts: &InitOptions) -> Result<Vec<PathBuf>, InitError> {
    if opts.org.trim().is_empty() {
        return Err(InitError::Refused(
            "--org must name the organization".into(),
        ));
    }
    if let Some(p) = &opts.region_portal
        && !p.starts_with("https://")
    {
        return Err(InitError::Refused(format!(
            "--region-portal must be an https:// address: {p}"
        )));
    }
    let dir = &opts.dir;
    if dir.is_file() {
        return Err(InitError::Refused(format!(
            "{} is a file, not a directory",
            dir.display()
        )));
    }
    let not_empty = dir.is_dir()
        && std::fs::read_dir(dir)
            .map_err(|e| io(dir, e))?
            .next()
            .is_some();
    if not_empty && !opts.force {
        return Err(InitError::Refused(format!(
            "{} is not empty; choose a new directory, or pass --force to write the starter files into it (files with the same names are replaced, others are left alone)",
            dir.display()
        )));
    }
    let today = opts.now.today(&opts.timezone).iso_date();
    let mut files: Vec<(String, Vec<u8>)> =
        vec![("site.toml".into(), site_toml(opts).into_bytes())];
    files.extend(
        CONTENT
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec())),
    );
    files.push((
        format!("content/news/{today}-razdel-otkryt.md"),
        FIRST_NEWS.replace("{{date}}", &today).into_bytes(),
    ));
    files.push((
        "data/services.yaml".into(),
        services(opts.profile).as_bytes().to_vec(),
    ));
    files.extend(BANNERS.iter().map(|(p, b)| (p.to_string(), b.to_vec())));
    let mut written = Vec::new();
    for (rel, bytes) in files {
        // A project's own .gitignore is the editor's: never replaced, even with --force.
        if rel == ".gitignore" && dir.join(&rel).exists() {
            continue;
        }
        uslugi_core::util::paths::write_file(&dir.join(&rel), bytes)?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

fn io(path: &Path, source: std::io::Error) -> InitError {
    InitError::Write(FileError {
        path: path.to_path_buf(),
        source,
    })
}
