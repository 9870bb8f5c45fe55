//! The kinds of organization whose sites the recommendations address: the profile that
//! decides which rules apply and how much each weighs.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The kinds of organization whose sites the recommendations address.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// A school, kindergarten, or a district education office.
    Education,
    /// A municipality (local self-government body).
    Municipal,
    /// A state body or agency (the default).
    #[default]
    Agency,
    /// A multifunctional centre (МФЦ).
    Mfc,
}

impl Profile {
    /// Every profile, in catalog order.
    pub const ALL: [Profile; 4] = [
        Profile::Education,
        Profile::Municipal,
        Profile::Agency,
        Profile::Mfc,
    ];

    /// The name used in `site.toml` and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Education => "education",
            Profile::Municipal => "municipal",
            Profile::Agency => "agency",
            Profile::Mfc => "mfc",
        }
    }

    /// Who it is, in Russian, for the guide and reports.
    pub fn ru(self) -> &'static str {
        match self {
            Profile::Education => "школы, детские сады, управления образования (`education`)",
            Profile::Municipal => "органы местного самоуправления (`municipal`)",
            Profile::Agency => "органы власти и учреждения (`agency`)",
            Profile::Mfc => "МФЦ (`mfc`)",
        }
    }
}

impl FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown profile `{s}` (education, municipal, agency, mfc)"))
    }
}
