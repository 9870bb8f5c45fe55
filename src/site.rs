//! `Site`: everything read from disk, validated once.
//!
//! Loading is the only step that touches the site's files; rendering, checking and serving
//! work from this value, so nothing later re-reads the disk.

use std::path::{Path, PathBuf};

use crate::config::{self, SiteConfig};
use crate::content::{self, LoadOptions, Page};
use crate::error::Error;
use crate::theme::Theme;

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
}

/// Settings that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Include drafts.
    pub drafts: bool,
    /// Replace `base_url` from `site.toml`.
    pub base_url: Option<config::BaseUrl>,
}

impl Site {
    /// Reads the site at `root`.
    pub fn load(root: &Path, opts: &SiteOptions) -> Result<Site, Error> {
        let (mut config, config_text) = config::load(root)?;
        if let Some(b) = &opts.base_url {
            config.base_url = b.clone();
        }
        let files = content::read_files(root).map_err(Error::Content)?;
        let pages = content::parse_pages(
            files,
            LoadOptions {
                drafts: opts.drafts,
                typography: config.typography(),
            },
        )
        .map_err(Error::Content)?;
        let theme = Theme::load(root, &config.theme)?;
        let banners = crate::banners::load(root).map_err(Error::Banners)?;
        let services =
            crate::data::services::load(root, config.organization.region_portal.as_deref())
                .map_err(Error::Data)?;
        let centres = crate::data::centres::load(root).map_err(Error::Data)?;
        let indicators = crate::data::indicators::load(root).map_err(Error::Data)?;
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
        })
    }

    /// The first page of a kind (the services catalog, the centres page), if any.
    pub fn first_of_kind(&self, kind: crate::content::PageKind) -> Option<&Page> {
        self.pages.iter().find(|p| p.kind == kind)
    }
}
