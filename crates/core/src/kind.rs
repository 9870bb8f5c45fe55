//! Page kinds: the materials the recommendations name, as front matter declares them and as
//! the rules recognise them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What material a page is: the materials the recommendations name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// The section's landing page.
    Home,
    /// Benefits of e-services and how they differ from the traditional way.
    Benefits,
    /// The list of services available electronically.
    Services,
    /// How to register on the portal and confirm identity.
    Registration,
    /// Where to confirm identity: service centres.
    Centres,
    /// Frequently asked questions.
    Faq,
    /// News about e-services.
    News,
    /// The pre-trial appeal procedure.
    Appeal,
    /// A satisfaction survey and its results.
    Survey,
    /// Videos and social networks.
    Media,
    /// The reception staff's informing algorithm.
    Staff,
    /// Any other page.
    Page,
}

impl PageKind {
    /// Every kind, in the order the section usually presents them.
    pub const ALL: [PageKind; 12] = [
        PageKind::Home,
        PageKind::Benefits,
        PageKind::Services,
        PageKind::Registration,
        PageKind::Centres,
        PageKind::Faq,
        PageKind::News,
        PageKind::Appeal,
        PageKind::Survey,
        PageKind::Media,
        PageKind::Staff,
        PageKind::Page,
    ];

    /// The name used in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Home => "home",
            PageKind::Benefits => "benefits",
            PageKind::Services => "services",
            PageKind::Registration => "registration",
            PageKind::Centres => "centres",
            PageKind::Faq => "faq",
            PageKind::News => "news",
            PageKind::Appeal => "appeal",
            PageKind::Survey => "survey",
            PageKind::Media => "media",
            PageKind::Staff => "staff",
            PageKind::Page => "page",
        }
    }
}

impl std::str::FromStr for PageKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PageKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown page kind `{s}`"))
    }
}

impl fmt::Display for PageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
