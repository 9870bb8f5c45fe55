//! `Site`: everything read from disk, validated once.
//!
//! Loading is the only step that touches the site's files; rendering, checking and serving
//! work from this value, so nothing later re-reads the disk.

use std::path::{Path, PathBuf};

use crate::banners::BannerError;
use crate::config::ConfigError;
use crate::config::{self, SiteConfig};
use crate::content::ContentError;
use crate::content::{self, LoadOptions, Page};
use crate::data::DataError;
use crate::theme::{Theme, ThemeError};
use uslugi_core::diagnostics::Diagnostic;
use uslugi_core::{Date, Now};

/// Why a site could not be loaded. Content, data and banner problems come in lists, because
/// an editor wants to see every broken file at once.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// `site.toml` is missing or wrong.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// One or more content files are wrong.
    #[error("{} problem(s) in content", .0.len())]
    Content(Vec<ContentError>),
    /// The theme could not be loaded.
    #[error(transparent)]
    Theme(#[from] ThemeError),
    /// A data file is wrong.
    #[error("{} problem(s) in data files", .0.len())]
    Data(Vec<DataError>),
    /// Banner manifest or images are wrong.
    #[error("{} problem(s) with banners", .0.len())]
    Banners(Vec<BannerError>),
}

impl LoadError {
    /// Every problem as a diagnostic, in a stable order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            LoadError::Config(e) => vec![e.to_diagnostic()],
            LoadError::Content(errs) => errs.iter().map(ContentError::to_diagnostic).collect(),
            LoadError::Theme(e) => vec![Diagnostic::new(e.to_string())],
            LoadError::Data(errs) => errs.iter().map(DataError::to_diagnostic).collect(),
            LoadError::Banners(errs) => errs.iter().map(BannerError::to_diagnostic).collect(),
        }
    }
}

/// A loaded site.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site root (where `site.toml` is).
    pub root: PathBuf,
    /// `site.toml`.
    pub config: SiteConfig,
    /// The text of `site.toml`, for pointing at lines in later diagnostics.
    pub config_text: String,
    /// Every page, sorted by source path.
    pub pages: Vec<Page>,
    /// Templates and static files.
    pub theme: Theme,
    /// Banner manifest and images.
    pub banners: crate::banners::BannerSet,
    /// The services catalog (`data/services.yaml`).
    pub services: Vec<crate::data::services::Service>,
    /// The service centres (`data/centres.yaml`).
    pub centres: Vec<crate::data::centres::Centre>,
    /// Indicator series (`data/indicators.yaml`) that pages can chart.
    pub indicators: Vec<crate::data::indicators::Series>,
    /// Today in the site's zone (`timezone` of site.toml), from the moment the command was
    /// given: what banner schedules and news freshness are judged by.
    pub today: Date,
}

/// Settings that change what is loaded.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    /// The moment the command runs (or the `--today` it judges at).
    pub now: Now,
    /// Include drafts.
    pub drafts: bool,
    /// Replace `base_url` from `site.toml`.
    pub base_url: Option<config::BaseUrl>,
}

impl SiteOptions {
    /// Load the site as it is at `now`, without drafts, at its own base URL.
    pub fn at(now: Now) -> SiteOptions {
        SiteOptions {
            now,
            drafts: false,
            base_url: None,
        }
    }
}

impl Site {
    /// Reads the site at `root`.
    pub fn load(root: &Path, opts: &SiteOptions) -> Result<Site, LoadError> {
        let (mut config, config_text) = config::load(root)?;
        if let Some(b) = &opts.base_url {
            config.base_url = b.clone();
        }
        let files = content::read_files(root).map_err(LoadError::Content)?;
        let pages = content::parse_pages(
            files,
            LoadOptions {
                drafts: opts.drafts,
                typography: config.typography(),
            },
        )
        .map_err(LoadError::Content)?;
        let theme = Theme::load(root, &config.theme)?;
        let banners = crate::banners::load(root).map_err(LoadError::Banners)?;
        let services =
            crate::data::services::load(root, config.organization.region_portal.as_deref())
                .map_err(LoadError::Data)?;
        let centres = crate::data::load_centres(root).map_err(LoadError::Data)?;
        let indicators = crate::data::indicators::load(root).map_err(LoadError::Data)?;
        let today = opts.now.today(&config.timezone);
        Ok(Site {
            root: root.to_path_buf(),
            config,
            config_text,
            pages,
            theme,
            banners,
            services,
            centres,
            indicators,
            today,
        })
    }

    /// The first page of a kind (the services catalog, the centres page), if any.
    pub fn first_of_kind(&self, kind: crate::content::PageKind) -> Option<&Page> {
        self.pages.iter().find(|p| p.kind == kind)
    }
}
