//! `data/services.yaml`: the services an organization offers electronically.
//!
//! Each service has a title, its page on the portal, a category, whether it is popular (the
//! home page shows popular services as tiles, the recommendations ask for both the tiles and
//! the full catalog), a one-line description and who it is for. A portal address must be https
//! on gosuslugi.ru or a subdomain, or on the regional portal named in `site.toml`, unless the
//! entry says `external: true`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::DataError;
use uslugi_core::util::url::{host_is_on, host_of};

/// The catalog's file name.
pub const FILE: &str = "services.yaml";

/// One service.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Its name.
    pub title: String,
    /// Its page on the portal.
    pub url: String,
    /// The group it is listed under.
    pub category: String,
    /// Shown on the home page.
    #[serde(default)]
    pub popular: bool,
    /// One line about it.
    #[serde(default)]
    pub description: Option<String>,
    /// Who it is for.
    #[serde(default)]
    pub audience: Option<String>,
    /// The address is deliberately not on the portal.
    #[serde(default)]
    pub external: bool,
}

/// Whether `url` is https on gosuslugi.ru, a subdomain, or the regional portal's host.
fn on_portal(url: &str, region_portal: Option<&str>) -> bool {
    if !url.starts_with("https://") {
        return false;
    }
    let Some(host) = host_of(url) else {
        return false;
    };
    host_is_on(&host, "gosuslugi.ru")
        || region_portal
            .and_then(host_of)
            .is_some_and(|h| host_is_on(&host, &h))
}

/// Parses and validates the catalog's text.
pub fn parse(text: &str, region_portal: Option<&str>) -> Result<Vec<Service>, Vec<DataError>> {
    let err = |line, column, message, help| DataError::new(FILE, text, line, column, message, help);
    let (services, lines) = super::parse_list::<Service>(text, FILE)?;
    let mut errors = Vec::new();
    for (i, s) in services.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        if s.title.trim().is_empty() {
            errors.push(err(line, 1, "a service has an empty title".into(), None));
        }
        if s.category.trim().is_empty() {
            errors.push(err(
                line,
                1,
                format!("service «{}» has no category", s.title),
                None,
            ));
        }
        if s.external {
            if !(s.url.starts_with("https://") || s.url.starts_with("http://")) {
                errors.push(err(
                    line,
                    1,
                    format!("service «{}»: `{}` is not a web address", s.title, s.url),
                    None,
                ));
            }
        } else if !on_portal(&s.url, region_portal) {
            errors.push(err(
                line,
                1,
                format!("service «{}»: `{}` is not an https address on gosuslugi.ru or the regional portal", s.title, s.url),
                Some("link the service's page on the portal, or mark the entry `external: true`".into()),
            ));
        }
    }
    if errors.is_empty() {
        Ok(services)
    } else {
        Err(errors)
    }
}

/// Reads `<root>/data/services.yaml`; no file means no catalog.
pub fn load(root: &Path, region_portal: Option<&str>) -> Result<Vec<Service>, Vec<DataError>> {
    match super::read(root, FILE)? {
        Some(text) => parse(&text, region_portal),
        None => Ok(Vec::new()),
    }
}

/// Services grouped by category, categories in order of first appearance.
pub fn by_category(services: &[Service]) -> Vec<(String, Vec<Service>)> {
    super::group_in_order(services, |s| &s.category)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const ONE: &str = "- title: Запись в детский сад\n  url: https://www.gosuslugi.ru/600426/1\n  category: Дошкольное образование\n  popular: true\n";

    #[test]
    fn parses_and_groups() {
        let text = format!(
            "{ONE}- title: Лагерь\n  url: https://70.gosuslugi.ru/x\n  category: Отдых\n- title: Сад 2\n  url: https://uslugi.region.example/y\n  category: Дошкольное образование\n"
        );
        let list = parse(&text, Some("https://uslugi.region.example/")).unwrap();
        assert_eq!(list.len(), 3);
        let groups = by_category(&list);
        assert_eq!(groups[0].0, "Дошкольное образование");
        assert_eq!(groups[0].1.len(), 2);
    }

    #[test]
    fn mistakes_name_their_line() {
        let bad = format!(
            "{ONE}- title: Справка\n  url: http://www.gosuslugi.ru/1\n  category: Справки\n"
        );
        let e = parse(&bad, None).unwrap_err();
        assert_eq!(e[0].line, 5);
        assert!(
            e[0].message.contains("not an https address"),
            "{}",
            e[0].message
        );
        let other =
            format!("{ONE}- title: Справка\n  url: https://example.org/1\n  category: Справки\n");
        assert!(parse(&other, None).is_err());
        parse(&format!("{other}  external: true\n"), None).unwrap();
        let e = parse(&format!("{ONE}  categry: x\n"), None).unwrap_err();
        assert_eq!(e[0].help.as_deref(), Some("did you mean `category`?"));
        assert_eq!(e[0].line, 5);
    }
}
