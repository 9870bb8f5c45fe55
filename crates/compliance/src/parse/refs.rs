//! Where a page's links and frames lead, as a browser resolves them: against the page's
//! address, or against its `<base href>` when it has one; through a Joomla banner click to
//! the banner's destination.

use url::Url;

use super::collapse;
use crate::dom::{Dom, Element, NodeId};
use crate::links::{Target, resolve_href};
use uslugi_core::BaseUrl;

/// Resolves the addresses written on one page.
pub(super) struct Resolver<'a> {
    path: &'a str,
    base: &'a BaseUrl,
    /// The document's base URL from `<base href>`, when it sets one.
    document_base: Option<Url>,
}

impl<'a> Resolver<'a> {
    /// The resolver of the page at `path`, honouring its first `<base href>`.
    pub(super) fn new(dom: &Dom, path: &'a str, base: &'a BaseUrl) -> Resolver<'a> {
        let document_base = dom
            .elements(Dom::DOCUMENT, "base")
            .find_map(|b| dom.attr(b, "href"))
            .and_then(|href| Url::parse(&base.join(path)).ok()?.join(href.trim()).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https"));
        Resolver {
            path,
            base,
            document_base,
        }
    }

    /// Where `href` leads.
    pub(super) fn resolve(&self, href: &str) -> Option<Target> {
        match &self.document_base {
            Some(b) if !href.trim().is_empty() => {
                let absolute = b.join(href.trim()).ok()?;
                resolve_href(self.path, absolute.as_str(), self.base)
            }
            _ => resolve_href(self.path, href, self.base),
        }
    }
}

/// An image too small to be seen: a tracking pixel, not a banner.
fn is_pixel(img: Element<'_>) -> bool {
    let tiny = |a: &str| {
        img.attr(a)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
            .is_some_and(|v| v <= 2)
    };
    let style = img
        .attr("style")
        .unwrap_or("")
        .replace(' ', "")
        .to_ascii_lowercase();
    tiny("width")
        || tiny("height")
        || style.contains("width:1px")
        || style.contains("height:1px")
        || style.contains("display:none")
}

/// Whether an `href` is a Joomla banner click (`option=com_banners&task=click`), whose
/// destination is not in the link.
fn is_joomla_banner_click(href: &str) -> bool {
    let h = href.to_ascii_lowercase();
    (h.contains("option=com_banners") && h.contains("task=click"))
        || h.contains("/component/banners/click/")
}

/// The destination of a Joomla banner click, from what the page says about it: an address in
/// the link's `title` or `data-*` attributes, or the portal when its image is named for it.
fn joomla_destination(dom: &Dom, a: NodeId, at: &Resolver) -> Option<Target> {
    let el = dom.element(a)?;
    for attr in ["data-href", "data-url", "data-link", "title"] {
        if let Some(v) = el.attr(attr).map(str::trim)
            && (v.starts_with("http://") || v.starts_with("https://"))
        {
            return at.resolve(v);
        }
    }
    let named = dom.elements(a, "img").any(|img| {
        let said = format!(
            "{} {} {}",
            dom.attr(img, "src").unwrap_or(""),
            dom.attr(img, "alt").unwrap_or(""),
            el.attr("title").unwrap_or("")
        )
        .to_lowercase();
        said.contains("gosuslugi") || said.contains("госуслуг")
    });
    named.then(|| Target::External("https://www.gosuslugi.ru/".into()))
}

/// The site's own pages shown in frames: `<frame src>` and `<iframe src>` that stay on the
/// site (a video player or a map is another site's).
pub(super) fn frames(dom: &Dom, at: &Resolver) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in dom.descendants(Dom::DOCUMENT) {
        if !(dom.is(n, "frame") || dom.is(n, "iframe")) {
            continue;
        }
        if let Some(Target::Internal { path: p, .. }) =
            dom.attr(n, "src").and_then(|src| at.resolve(src))
            && p != at.path
            && !out.contains(&p)
        {
            out.push(p);
        }
    }
    out
}

/// The link of a `<a href>`, or `None` when it leads nowhere or shows nothing.
pub(super) fn link(dom: &Dom, a: NodeId, at: &Resolver) -> Option<(Target, String, bool)> {
    let href = dom.attr(a, "href")?;
    let target = if is_joomla_banner_click(href) {
        joomla_destination(dom, a, at).or_else(|| at.resolve(href))
    } else {
        at.resolve(href)
    }?;
    shown(dom, a, target)
}

/// The link of an element that is not `<a href>` but goes somewhere when clicked: a tile
/// whose `onclick` opens an address written in it (`window.open('…')`, `location.href='…'`).
pub(super) fn click_link(dom: &Dom, el: NodeId, at: &Resolver) -> Option<(Target, String, bool)> {
    if dom.is(el, "a") && dom.attr(el, "href").is_some() {
        return None;
    }
    let script = dom.attr(el, "onclick")?;
    let address = clicked_address(script)?;
    // A tile wrapping a real link is that link.
    if dom.elements(el, "a").any(|a| dom.attr(a, "href").is_some()) {
        return None;
    }
    shown(dom, el, at.resolve(address)?)
}

/// The address an `onclick` script sends the visitor to, when it is written out.
fn clicked_address(script: &str) -> Option<&str> {
    let s = script.trim();
    for opener in [
        "window.open(",
        "location.href=",
        "location.href =",
        "location=",
        "location.assign(",
    ] {
        let Some(i) = s.find(opener) else { continue };
        let rest = s[i + opener.len()..].trim_start();
        let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let inner = &rest[1..];
        let end = inner.find(quote)?;
        let address = inner[..end].trim();
        return (!address.is_empty()).then_some(address);
    }
    None
}

/// What a link to `target` shows in `a`: its text with the `aria-label` and the `alt` of its
/// images, and whether it shows an image; `None` when it shows nothing but a tracking pixel.
fn shown(dom: &Dom, a: NodeId, target: Target) -> Option<(Target, String, bool)> {
    let mut text = dom.texts(a).collect::<Vec<_>>().join(" ");
    // The link's own label and those of what it shows (an icon `<svg aria-label>`).
    for label in dom.descendants(a).filter_map(|n| dom.attr(n, "aria-label")) {
        text.push(' ');
        text.push_str(label);
    }
    let imgs: Vec<_> = dom
        .elements(a, "img")
        .filter(|&i| dom.element(i).is_some_and(|e| !is_pixel(e)))
        .collect();
    for &img in &imgs {
        text.push(' ');
        text.push_str(dom.attr(img, "alt").unwrap_or_default());
    }
    let background = dom
        .attr(a, "style")
        .is_some_and(|s| s.contains("background") && s.contains("url("));
    // A link with nothing to see — only a tracking pixel — is no link for a reader.
    if imgs.is_empty()
        && !background
        && collapse(&text).is_empty()
        && dom.elements(a, "img").next().is_some()
    {
        return None;
    }
    Some((target, collapse(&text), !imgs.is_empty() || background))
}
