//! `site.toml`: the site's typed configuration.
//!
//! Only `title` and `base_url` are required; everything else has a default. Unknown keys
//! are errors with a "did you mean" hint, so a typo never silently turns a setting off.
//! `base_url` may carry a sub-path (`https://school5.ru/gosuslugi/`); [`BaseUrl`] keeps the
//! origin and the path apart so every absolute URL in the output is made the same way.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use uslugi_compliance::report::IgnoredRule;
use uslugi_core::diagnostics::{Diagnostic, line_col, unknown_field_help};
pub use uslugi_core::{BaseUrl, Profile, Zone};

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.toml";

/// Everything `site.toml` says.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The section's title, shown in the header and in `<title>`.
    pub title: String,
    /// Where the site is published; may carry a sub-path.
    pub base_url: BaseUrl,
    /// One sentence about the site, for `<meta name="description">`.
    #[serde(default)]
    pub description: Option<String>,
    /// Language of the content (`ru` by default).
    #[serde(default = "default_language")]
    pub language: String,
    /// Theme name: `themes/<name>/` of the site, or the built-in `default`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The site's time zone (an IANA name, `Europe/Moscow` by default): the zone of «today»
    /// for news freshness and banner schedules, and of dates written without an offset.
    #[serde(default)]
    pub timezone: Zone,
    /// Which kind of organization the site belongs to; the compliance rules depend on it.
    #[serde(default)]
    pub profile: Profile,
    /// The organization the site belongs to.
    #[serde(default)]
    pub organization: Organization,
    /// Build settings.
    #[serde(default)]
    pub build: BuildConfig,
    /// Compliance check settings.
    #[serde(default)]
    pub check: CheckConfig,
    /// Where and how `uslugi deploy` publishes.
    #[serde(default)]
    pub deploy: DeployConfig,
    /// Free values for templates (`config.extra.*`).
    #[serde(default)]
    pub extra: toml::Table,
}

fn default_language() -> String {
    "ru".into()
}
fn default_theme() -> String {
    "default".into()
}

/// `[organization]`: who publishes the site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Full name of the organization.
    #[serde(default)]
    pub name: String,
    /// What it is, in words («управление образования», «школа»…).
    #[serde(default)]
    pub kind: Option<String>,
    /// Whether it provides state or municipal services itself.
    #[serde(default = "crate::yes")]
    pub provides_services: bool,
    /// The regional portal, e.g. `https://70.gosuslugi.ru/`.
    #[serde(default)]
    pub region_portal: Option<String>,
    /// Phone for consultations.
    #[serde(default)]
    pub phone: Option<String>,
    /// E-mail for consultations.
    #[serde(default)]
    pub email: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// Reception hours, as text.
    #[serde(default)]
    pub reception_hours: Option<String>,
}

impl Default for Organization {
    fn default() -> Self {
        Organization {
            name: String::new(),
            kind: None,
            provides_services: true,
            region_portal: None,
            phone: None,
            email: None,
            address: None,
            reception_hours: None,
        }
    }
}

/// `[build]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    /// Output directory, relative to the site root.
    #[serde(default = "default_output")]
    pub output: PathBuf,
    /// Minify the HTML with minify-html (`false` by default: pages are written as rendered).
    #[serde(default, deserialize_with = "minify_flag")]
    pub minify: bool,
    /// Russian typography in Markdown text; on by default when the language is `ru`.
    #[serde(default)]
    pub typography: Option<bool>,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            output: default_output(),
            minify: false,
            typography: None,
        }
    }
}

/// `[build] minify`: `true` or `false`. `"full"` and `"whitespace"`, the names of two
/// strengths that earlier versions knew, are read as `true`: there is one minifier now.
fn minify_flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Flag(bool),
        Name(String),
    }
    match Raw::deserialize(d) {
        Ok(Raw::Flag(b)) => Ok(b),
        Ok(Raw::Name(n)) if n == "full" || n == "whitespace" => Ok(true),
        _ => Err(serde::de::Error::custom("`minify` is true or false")),
    }
}

fn default_output() -> PathBuf {
    PathBuf::from("public")
}

/// `[check]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// News about e-services must be newer than this many days.
    #[serde(default = "default_news_days")]
    pub news_max_age_days: u32,
    /// Rules this site deliberately does not follow, each with a reason.
    #[serde(default)]
    pub ignore: Vec<IgnoredRule>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            news_max_age_days: default_news_days(),
            ignore: Vec::new(),
        }
    }
}

fn default_news_days() -> u32 {
    180
}

/// `[deploy]`: where `uslugi deploy` publishes. Never a password: that comes from the
/// environment (`USLUGI_DEPLOY_PASSWORD`), and one written here is refused.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DeployConfig {
    /// `sftp://user@host[:port]/folder/`, `ftps://…` or `ftp://…`.
    #[serde(default)]
    pub target: Option<String>,
    /// An OpenSSH private key file for SFTP, relative to the site root.
    #[serde(default)]
    pub identity: Option<PathBuf>,
    /// The known_hosts file with the server's key (`~/.ssh/known_hosts` by default).
    #[serde(default)]
    pub known_hosts: Option<PathBuf>,
    /// A PEM file of certificates to trust for FTPS besides the usual roots.
    #[serde(default)]
    pub ca_file: Option<PathBuf>,
    /// Stop before deleting more files than this (100 by default).
    #[serde(default)]
    pub max_deletes: Option<usize>,
}

/// Keys under `[deploy]` that would hold a secret.
const SECRET_KEYS: [&str; 4] = ["password", "pass", "passwd", "secret"];

/// Refuses a password in `[deploy]`, as a key or inside the target address, before the
/// file is read any further: no error about it may show the line that holds it.
fn refuse_secrets(text: &str, path: &Path) -> Result<(), ConfigError> {
    let Ok(table) = text.parse::<toml::Table>() else {
        return Ok(());
    };
    let Some(toml::Value::Table(deploy)) = table.get("deploy") else {
        return Ok(());
    };
    let key = deploy
        .keys()
        .find(|k| SECRET_KEYS.contains(&k.to_lowercase().as_str()));
    let in_target = deploy
        .get("target")
        .and_then(toml::Value::as_str)
        .and_then(|t| url::Url::parse(t).ok())
        .is_some_and(|u| u.password().is_some());
    if key.is_some() || in_target {
        return Err(ConfigError::Secret {
            path: path.to_path_buf(),
            what: match key {
                Some(k) => format!("[deploy] {k}"),
                None => "[deploy] target (a password inside the address)".into(),
            },
        });
    }
    Ok(())
}

impl SiteConfig {
    /// The portal the site sends people to: the regional portal when there is one.
    pub fn portal(&self) -> &str {
        self.organization
            .region_portal
            .as_deref()
            .unwrap_or("https://www.gosuslugi.ru/")
    }

    /// Whether the typography pass runs.
    pub fn typography(&self) -> bool {
        self.build
            .typography
            .unwrap_or_else(|| self.language.starts_with("ru"))
    }
}

/// What can go wrong reading `site.toml`.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file is absent.
    #[error(
        "{path} not found: is this a uslugi site? (--root names the directory that holds site.toml)"
    )]
    Missing {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid UTF-8.
    #[error("{path} is not UTF-8 text")]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// A password written into the file.
    #[error("{path}: {what} holds a password; uslugi never reads one from site.toml")]
    Secret {
        /// The file.
        path: PathBuf,
        /// Which key.
        what: String,
    },
    /// Bad TOML, a wrong type, an unknown or missing key.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
        /// The whole file, for showing the offending line.
        source_text: String,
        /// Byte offset of the problem, when known.
        offset: Option<usize>,
    },
}

impl ConfigError {
    /// The error as a located diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            ConfigError::Invalid {
                path,
                message,
                source_text,
                offset,
            } => {
                let mut d = Diagnostic::new(message.clone()).in_file(path);
                if let Some(off) = offset {
                    let (line, col) = line_col(source_text, *off);
                    d = d.at(source_text, line, col);
                }
                if let Some(help) = unknown_field_help(message) {
                    d = d.with_help(help);
                }
                d
            }
            ConfigError::NotUtf8 { path } => Diagnostic::new(self.to_string())
                .in_file(path)
                .with_help("save site.toml as UTF-8"),
            ConfigError::Secret { path, .. } => {
                Diagnostic::new(self.to_string()).in_file(path).with_help(
                    "delete it from site.toml (and from the repository's history, and change \
                     it); set USLUGI_DEPLOY_PASSWORD in the environment instead, in CI as a \
                     masked variable, or log in with a key",
                )
            }
            other => Diagnostic::new(other.to_string()),
        }
    }
}

/// Parses `site.toml` text; `path` is used in errors only.
pub fn parse(text: &str, path: &Path) -> Result<SiteConfig, ConfigError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    refuse_secrets(text, path)?;
    toml::from_str::<SiteConfig>(text).map_err(|e| ConfigError::Invalid {
        path: path.to_path_buf(),
        message: e.message().trim().to_string(),
        source_text: text.to_string(),
        offset: e.span().map(|s| s.start),
    })
}

/// Reads and parses `<root>/site.toml`; returns the configuration and the file's text.
pub fn load(root: &Path) -> Result<(SiteConfig, String), ConfigError> {
    let path = root.join(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|source| {
        if source.kind() == std::io::ErrorKind::NotFound {
            ConfigError::Missing { path: path.clone() }
        } else {
            ConfigError::Read {
                path: path.clone(),
                source,
            }
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|_| ConfigError::NotUtf8 {
        path: PathBuf::from(CONFIG_FILE),
    })?;
    let config = parse(&text, Path::new(CONFIG_FILE))?;
    Ok((config, text))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<SiteConfig, ConfigError> {
        parse(s, Path::new("site.toml"))
    }

    #[test]
    fn minify_takes_a_flag() {
        let with = |v: &str| {
            parse_str(&format!(
                "title = \"T\"\nbase_url = \"https://e.ru\"\n[build]\nminify = {v}\n"
            ))
        };
        assert!(with("true").unwrap().build.minify);
        assert!(!with("false").unwrap().build.minify);
        assert!(with("\"full\"").unwrap().build.minify);
        let err = with("\"max\"").unwrap_err().to_string();
        assert!(err.contains("true or false"), "{err}");
    }

    #[test]
    fn minimal_config_has_defaults() {
        let c = parse_str("title = \"T\"\nbase_url = \"https://example.ru\"\n").unwrap();
        assert_eq!(c.language, "ru");
        assert_eq!(c.theme, "default");
        assert_eq!(c.profile, Profile::Agency);
        assert!(!c.build.minify);
        assert!(c.typography());
        assert_eq!(c.check.news_max_age_days, 180);
        assert_eq!(c.base_url.path(), "/");
        assert_eq!(c.base_url.join("faq/"), "https://example.ru/faq/");
    }

    #[test]
    fn base_url_keeps_sub_path() {
        let b: BaseUrl = "https://school5.ru/gosuslugi".parse().unwrap();
        assert_eq!(b.origin(), "https://school5.ru");
        assert_eq!(b.path(), "/gosuslugi/");
        assert_eq!(b.join(""), "https://school5.ru/gosuslugi/");
        assert_eq!(b.join("/faq/"), "https://school5.ru/gosuslugi/faq/");
        assert!("ftp://x.ru/".parse::<BaseUrl>().is_err());
        assert!("https:///x".parse::<BaseUrl>().is_err());
    }

    #[test]
    fn unknown_key_names_it_and_suggests() {
        let err = parse_str("title = \"T\"\nbase_url = \"https://e.ru/\"\nlanguge = \"ru\"\n")
            .unwrap_err();
        let d = err.to_diagnostic();
        assert!(d.message.contains("languge"), "{}", d.message);
        assert_eq!(d.line, Some(3));
        assert_eq!(d.help.as_deref(), Some("did you mean `language`?"));
    }

    #[test]
    fn unknown_key_in_table_suggests() {
        let err = parse_str(
            "title = \"T\"\nbase_url = \"https://e.ru/\"\n[organization]\nphnoe = \"1\"\n",
        )
        .unwrap_err();
        let d = err.to_diagnostic();
        assert_eq!(d.help.as_deref(), Some("did you mean `phone`?"));
        assert_eq!(d.line, Some(4));
    }

    #[test]
    fn missing_key_is_named() {
        let err = parse_str("title = \"T\"\n").unwrap_err();
        assert!(err.to_string().contains("base_url"), "{err}");
    }

    #[test]
    fn deploy_reads_a_target_and_refuses_passwords() {
        let base = "title = \"T\"\nbase_url = \"https://school5.example/gosuslugi/\"\n";
        let ok = format!(
            "{base}[deploy]\ntarget = \"sftp://school5@h.example/www/\"\nmax_deletes = 20\n"
        );
        let c = parse_str(&ok).unwrap();
        assert_eq!(
            c.deploy.target.as_deref(),
            Some("sftp://school5@h.example/www/")
        );
        assert_eq!(c.deploy.max_deletes, Some(20));
        for bad in [
            "[deploy]\ntarget = \"sftp://u@h/www/\"\npassword = \"Hunter2\"\n",
            "[deploy]\ntarget = \"sftp://u:Hunter2@h/www/\"\n",
        ] {
            let err = parse_str(&format!("{base}{bad}")).unwrap_err();
            assert!(matches!(err, ConfigError::Secret { .. }), "{err}");
            let shown = format!("{err} {:?}", err.to_diagnostic());
            assert!(!shown.contains("Hunter2"), "{shown}");
            assert!(shown.contains("USLUGI_DEPLOY_PASSWORD"), "{shown}");
        }
    }
}
