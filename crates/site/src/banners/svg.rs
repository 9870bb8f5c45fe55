//! The safety check of SVG banners. An SVG in `banners/` is served from the site's own
//! origin, so anything in it that can run script or fetch from elsewhere would run as the
//! site. The file is parsed with a real XML parser (entities expanded, as a browser would)
//! and every element must be on an allow-list of drawing elements; attributes must not be
//! event handlers, and every reference (`href`, `xlink:href`, `url(…)`, CSS) must point
//! inside the file or to an embedded raster image. Anything else refuses the file with the
//! element, its line and the reason, so the editor knows what to remove.

/// The SVG namespace.
const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Namespaces of editors' metadata that browsers ignore (Inkscape, Sodipodi, RDF, Dublin
/// Core, Creative Commons, Adobe Illustrator).
const METADATA_NS: [&str; 7] = [
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://ns.adobe.com/AdobeIllustrator/10.0/",
];

/// Drawing elements a banner may use. Not here, and so refused: `script`, `foreignObject`,
/// `a`, `set` and the `animate*` family (they can rewrite a link to `javascript:`), `iframe`,
/// `embed`, `object`, `audio`, `video`, `feImage` (it fetches), `cursor`, `view`.
const ELEMENTS: [&str; 45] = [
    "svg",
    "g",
    "defs",
    "title",
    "desc",
    "metadata",
    "symbol",
    "use",
    "switch",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "image",
    "style",
    "linearGradient",
    "radialGradient",
    "stop",
    "clipPath",
    "mask",
    "pattern",
    "marker",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "feTile",
];

/// Why an SVG was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The element at fault (`<script>`), or empty when the file is not XML at all.
    pub element: String,
    /// Its line in the file.
    pub line: u32,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.element.is_empty() {
            write!(f, "the SVG is refused: {}", self.reason)
        } else {
            write!(
                f,
                "the SVG is refused: {} on line {}: {}",
                self.element, self.line, self.reason
            )
        }
    }
}

/// Letters of a value with whitespace and control characters removed, in lower case: how a
/// browser reads a URL scheme (`java\nscript:` is `javascript:`).
fn squeezed(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A reference that stays inside the file or is an embedded raster image.
fn safe_reference(value: &str) -> bool {
    let v = squeezed(value);
    let v = v.trim_matches(['"', '\'']);
    v.starts_with('#')
        || ["png", "jpeg", "jpg", "gif", "webp"].iter().any(|f| {
            v.starts_with(&format!("data:image/{f};")) || v.starts_with(&format!("data:image/{f},"))
        })
}

/// Every `url(…)` in a CSS or attribute value is a safe reference, and nothing is imported.
fn css_problem(css: &str) -> Option<String> {
    let lower = squeezed(css);
    if lower.contains("@import") {
        return Some("CSS @import loads a file from elsewhere".into());
    }
    if lower.contains("javascript:") {
        return Some("a javascript: address".into());
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("url(") {
        let inner = &rest[i + 4..];
        let end = inner.find(')').unwrap_or(inner.len());
        if !safe_reference(&inner[..end]) {
            // At most 60 characters of it, cut at a character, not a byte.
            let shown: String = inner[..end].chars().take(60).collect();
            return Some(format!("url({shown}) points outside the file"));
        }
        rest = &inner[end..];
    }
    None
}

/// Checks one attribute; `Some(reason)` when it is refused.
fn attribute_problem(element: &str, name: &str, value: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("on") {
        return Some(format!("the event handler {name} runs script"));
    }
    if lower == "href" || lower == "src" {
        if !safe_reference(value) {
            let what = if element == "image" {
                "images must be embedded as PNG, JPEG, GIF or WebP data"
            } else {
                "references must point inside the file (#id)"
            };
            let shown: String = value.chars().take(60).collect();
            return Some(format!("{name}=\"{shown}\": {what}"));
        }
        return None;
    }
    if lower == "style" || value.to_ascii_lowercase().contains("url(") {
        return css_problem(value).map(|r| format!("{name}: {r}"));
    }
    if squeezed(value).contains("javascript:") {
        return Some(format!("{name}: a javascript: address"));
    }
    None
}

/// Checks an SVG file's text: `Ok` when it can only draw.
pub fn check(text: &str) -> Result<(), Refused> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 200_000,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| Refused {
        element: String::new(),
        line: 0,
        reason: format!("it is not well-formed XML ({e})"),
    })?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG_NS) {
        return Err(Refused {
            element: format!("<{}>", root.tag_name().name()),
            line: doc.text_pos_at(root.range().start).row,
            reason: format!("the root element must be <svg xmlns=\"{SVG_NS}\">"),
        });
    }
    for node in doc.descendants() {
        let line = || doc.text_pos_at(node.range().start).row;
        if node.is_pi() {
            return Err(Refused {
                element: "<?…?>".into(),
                line: line(),
                reason: "processing instructions (xml-stylesheet) can load files from elsewhere"
                    .into(),
            });
        }
        if !node.is_element() {
            if node
                .parent_element()
                .is_some_and(|p| p.tag_name().name() == "style")
                && let Some(reason) = node.text().and_then(css_problem)
            {
                return Err(Refused {
                    element: "<style>".into(),
                    line: line(),
                    reason,
                });
            }
            continue;
        }
        let tag = node.tag_name();
        let name = tag.name();
        let shown = format!("<{name}>");
        match tag.namespace() {
            Some(SVG_NS) if ELEMENTS.contains(&name) => {}
            Some(SVG_NS) => {
                return Err(Refused {
                    element: shown,
                    line: line(),
                    reason: "only drawing elements are allowed in a banner (no script, foreignObject, links or animation)".into(),
                });
            }
            Some(ns) if METADATA_NS.contains(&ns) => continue,
            _ => {
                return Err(Refused {
                    element: shown,
                    line: line(),
                    reason: "elements outside the SVG namespace can carry HTML and script".into(),
                });
            }
        }
        for attr in node.attributes() {
            if attr.namespace().is_some_and(|ns| METADATA_NS.contains(&ns)) {
                continue;
            }
            if let Some(reason) = attribute_problem(name, attr.name(), attr.value()) {
                return Err(Refused {
                    element: shown,
                    line: line(),
                    reason,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn svg(inner: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"10\" height=\"10\">{inner}</svg>"
        )
    }

    /// The element the check names, or a panic when it passes.
    fn refused(text: &str) -> Refused {
        match check(text) {
            Err(r) => r,
            Ok(()) => panic!("passed: {text}"),
        }
    }

    #[test]
    fn drawings_pass() {
        let ok = [
            svg("<rect width=\"10\" height=\"10\" fill=\"url(#g)\"/>"),
            svg(
                "<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient></defs><use href=\"#g\"/><use xlink:href=\"#g\"/>",
            ),
            svg("<title>Госуслуги</title><text x=\"1\" y=\"5\" style=\"font: 3px sans-serif; fill: url('#g')\">Госуслуги</text>"),
            svg("<image width=\"1\" height=\"1\" href=\"data:image/png;base64,iVBORw0KGgo=\"/>"),
            svg("<style>.a { fill: #0b47c1 } .b { fill: url(#g) }</style>"),
            format!(
                "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n{}",
                svg("<g/>")
            ),
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" inkscape:version=\"1.2\"><inkscape:path-effect/><path d=\"M0 0h1\"/></svg>".to_string(),
        ];
        for text in ok {
            assert_eq!(check(&text), Ok(()), "{text}");
        }
    }

    #[test]
    fn event_handlers_in_every_spelling_are_refused() {
        for text in [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
            "<svg/onload=\"alert(1)\" xmlns=\"http://www.w3.org/2000/svg\"/>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"\nonload=\"alert(1)\"/>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" ONLOAD=\"alert(1)\"/>",
            &svg("<rect onclick='x()'/>"),
        ] {
            // `<svg/onload=…>` is not XML at all: refused as such.
            let r = refused(text);
            assert!(
                r.reason.contains("event handler") || r.reason.contains("not well-formed"),
                "{text}: {r}"
            );
        }
        assert_eq!(
            refused("<svg xmlns=\"http://www.w3.org/2000/svg\"\nonload=\"alert(1)\"/>").element,
            "<svg>"
        );
    }

    #[test]
    fn scripts_and_foreign_content_are_refused() {
        let cases = [
            (svg("<script>alert(1)</script>"), "<script>"),
            (svg("<script><![CDATA[alert(1)]]></script>"), "<script>"),
            (svg("<SCRIPT>alert(1)</SCRIPT>"), "<SCRIPT>"),
            (
                svg("<foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"x\" onerror=\"alert(1)\"/></body></foreignObject>"),
                "<foreignObject>",
            ),
            (
                svg("<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">alert(1)</h:script>"),
                "<script>",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY x \"<script>alert(1)</script>\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&x;</svg>".to_string(),
                "<script>",
            ),
            (
                svg("<set attributeName=\"href\" to=\"javascript:alert(1)\"/>"),
                "<set>",
            ),
            (
                svg("<a href=\"#x\"><animate attributeName=\"href\" values=\"javascript:alert(1)\"/><text>x</text></a>"),
                "<a>",
            ),
            (svg("<animate attributeName=\"href\" values=\"javascript:alert(1)\"/>"), "<animate>"),
        ];
        for (text, element) in cases {
            assert_eq!(refused(&text).element, element, "{text}");
        }
    }

    #[test]
    fn references_outside_the_file_are_refused() {
        let cases = [
            svg("<use href=\"javascript:alert(1)\"/>"),
            svg("<use xlink:href=\"java&#10;script:alert(1)\"/>"),
            svg("<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>"),
            svg("<use href=\"data:text/html,<script>alert(1)</script>\"/>"),
            svg("<use href=\"https://evil.example/sprite.svg#a\"/>"),
            svg("<use xlink:href=\"other.svg#a\"/>"),
            svg("<image href=\"https://evil.example/x.png\"/>"),
            svg("<image xlink:href=\"//evil.example/x.png\"/>"),
            svg("<style>@import url(https://evil.example/x.css);</style>"),
            svg("<style>@IMPORT 'x.css';</style>"),
            svg("<style>rect { fill: url(javascript:alert(1)) }</style>"),
            svg("<style><![CDATA[rect { background: url(https://evil.example/t.png) }]]></style>"),
            svg("<rect style=\"fill: url(https://evil.example/p.svg#g)\"/>"),
            svg("<rect fill=\"url(https://evil.example/p.svg#g)\"/>"),
            format!(
                "<?xml-stylesheet href=\"https://evil.example/x.css\"?>{}",
                svg("")
            ),
            // Found by fuzzing: the message cut a long address inside a character.
            svg(&format!(
                "<path d=\"M0 0 url({}Å{})\"/>",
                "r".repeat(59),
                "Å".repeat(40)
            )),
        ];
        for text in cases {
            let r = refused(&text);
            assert!(r.line >= 1 || r.element.is_empty(), "{text}: {r}");
        }
        assert!(
            refused(&svg("<image href=\"https://evil.example/x.png\"/>"))
                .to_string()
                .contains("<image> on line 1")
        );
    }

    #[test]
    fn not_svg_is_refused() {
        assert!(check("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>").is_err());
        assert!(check("<svg><rect/></svg>").is_err(), "no SVG namespace");
        assert!(check("not xml").is_err());
    }
}
