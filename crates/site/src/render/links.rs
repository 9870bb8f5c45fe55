//! Every page's Markdown, rendered in parallel, with its `@/` links resolved, its indicator
//! charts placed, and every `@/page.md#anchor` checked against the anchors of its target.

use std::collections::{HashMap, HashSet};
use uslugi_core::progress::{Progress, Work};

use rayon::prelude::*;

use super::RenderError;
use super::markdown::{self, AnchorRef, BrokenLink, MarkdownOptions, Rendered};
use crate::site::Site;
use uslugi_core::diagnostics::did_you_mean;

/// Renders the Markdown of the pages at `indices`, resolving their `@/` links.
pub(super) fn markdown_for(
    site: &Site,
    indices: &[usize],
    progress: &dyn Progress,
) -> Result<Vec<Rendered>, Vec<RenderError>> {
    let targets: HashMap<String, String> = site
        .pages
        .iter()
        .map(|p| (p.rel.clone(), p.path.clone()))
        .collect();
    let md_opts = MarkdownOptions {
        typography: site.config.typography(),
    };
    let results: Vec<Result<Rendered, Vec<BrokenLink>>> = indices
        .par_iter()
        .map(|i| {
            let p = &site.pages[*i];
            let r = markdown::render(p.body(), p.body_line(), &targets, md_opts);
            progress.step(Work::Pages);
            r
        })
        .collect();
    let mut errors = Vec::new();
    let mut rendered = Vec::with_capacity(results.len());
    for (i, r) in indices.iter().zip(results) {
        match r {
            Ok(mut r) => {
                let page = &site.pages[*i];
                for (id, line) in std::mem::take(&mut r.indicators) {
                    match site.indicators.iter().find(|s| s.id == id) {
                        Some(series) => {
                            r.html = r.html.replacen(
                                &markdown::indicator_placeholder(&id),
                                &crate::render::chart::render(series),
                                1,
                            );
                        }
                        None => errors.push(RenderError::UnknownIndicator {
                            file: page.source.clone(),
                            text: page.text.clone(),
                            line,
                            id,
                            known: site.indicators.iter().map(|s| s.id.clone()).collect(),
                        }),
                    }
                }
                rendered.push(r);
            }
            Err(links) => {
                let page = &site.pages[*i];
                errors.extend(links.into_iter().map(|link| RenderError::BrokenLink {
                    file: page.source.clone(),
                    text: page.text.clone(),
                    link,
                }));
            }
        }
    }
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

/// Checks every `@/page.md#anchor` link against the anchors its target page defines.
pub(super) fn check_anchors(
    site: &Site,
    anchors: &[HashSet<String>],
    refs: &[Vec<AnchorRef>],
) -> Result<(), Vec<RenderError>> {
    let by_rel: HashMap<&str, &HashSet<String>> = site
        .pages
        .iter()
        .zip(anchors)
        .map(|(p, a)| (p.rel.as_str(), a))
        .collect();
    let mut errors = Vec::new();
    for (page, page_refs) in site.pages.iter().zip(refs) {
        for a in page_refs {
            let Some(set) = by_rel.get(a.target_rel.as_str()) else {
                continue;
            };
            if !set.contains(&a.anchor) {
                let mut known: Vec<&str> = set.iter().map(String::as_str).collect();
                known.sort_unstable();
                errors.push(RenderError::BrokenAnchor {
                    file: page.source.clone(),
                    text: page.text.clone(),
                    link: format!("@/{}#{}", a.target_rel, a.anchor),
                    line: a.line,
                    column: a.column,
                    suggestion: did_you_mean(&a.anchor, known).map(str::to_string),
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}
