//! HTML pages of reports, through Tera with autoescaping: a template says where values go,
//! and every value is escaped on the way in by the same function as the rest of uslugi
//! ([`uslugi_core::util::escape::html`]). Templates are embedded in the binary.

use serde::Serialize;
use tera::{Context, Tera};

/// A Tera instance holding `templates` (name, source), autoescaping every `.html` one with
/// uslugi's own escaping. The templates are ours and fixed, so a broken one is a bug and
/// panics in the tests that render it.
pub fn templates(templates: &[(&str, &str)]) -> Tera {
    let mut tera = Tera::new();
    tera.set_escape_fn(|input, out| {
        out.write_all(uslugi_core::util::escape::html(input).as_bytes())
    });
    tera.add_raw_templates(templates.iter().copied())
        .unwrap_or_else(|e| panic!("a built-in report template is broken: {e}"));
    tera
}

/// Renders template `name` with the fields of `values` as its variables.
pub fn render(tera: &Tera, name: &str, values: &impl Serialize) -> String {
    Context::from_serialize(values)
        .and_then(|ctx| tera.render(name, &ctx))
        .unwrap_or_else(|e| panic!("the built-in template {name} cannot render: {e:?}"))
}
