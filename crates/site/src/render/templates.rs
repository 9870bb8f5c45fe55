//! The Tera instance every page goes through: the site's templates (named with their files in
//! errors), the `slug` and `tel` filters and the `banners(placement=…)` function.

use tera::{Tera, Value};

use super::RenderError;
use crate::site::Site;

/// Loads every template into one Tera instance (names are shown with their files in errors)
/// and registers our functions: `banners(placement="home")` gives the HTML of the banners
/// shown in that slot today.
pub fn build_tera(
    site: &Site,
    banners: std::sync::Arc<Vec<crate::banners::ReadyBanner>>,
) -> Result<Tera, RenderError> {
    let mut tera = Tera::new();
    let today = site.today;
    tera.register_filter("slug", |s: &str, _: tera::Kwargs, _: &tera::State| {
        crate::content::slug::slugify(s)
    });
    tera.register_filter("tel", |s: &str, _: tera::Kwargs, _: &tera::State| {
        tel_target(s)
    });
    tera.register_function(
        "banners",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<Value> {
            let placement: &str = kwargs.get("placement")?.unwrap_or("home");
            Ok(Value::safe_string(&crate::banners::html_for(
                &banners, placement, today,
            )))
        },
    );
    let templates: Vec<(&str, &str)> = site
        .theme
        .templates
        .iter()
        .map(|(n, t)| (n.as_str(), t.source.as_str()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| RenderError::Template {
            context: "cannot load the templates".into(),
            message: with_origins(&e.to_string(), site),
        })?;
    Ok(tera)
}

/// Tera names templates by their name; tell the user which file that is.
pub(super) fn with_origins(message: &str, site: &Site) -> String {
    let mut out = message.to_string();
    for (name, t) in &site.theme.templates {
        if message.contains(name.as_str()) {
            let origin = t.origin.as_ref().map_or_else(
                || "the built-in default theme".to_string(),
                |p| p.display().to_string(),
            );
            out.push_str(&format!("\n  note: `{name}` is {origin}"));
        }
    }
    out
}

/// A phone number as written («+7 (38241) 2-15-60») for a `tel:` link: without the spaces,
/// brackets and hyphens.
fn tel_target(phone: &str) -> String {
    phone.chars().filter(|c| !" ()-".contains(*c)).collect()
}
