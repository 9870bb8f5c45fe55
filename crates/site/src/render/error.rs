//! What can go wrong while rendering, located in the editor's files.

use std::path::PathBuf;

use thiserror::Error;

use crate::banners::BannerError;
use crate::output;
use crate::render::markdown::BrokenLink;
use uslugi_core::diagnostics::Diagnostic;

/// A problem found while rendering.
#[derive(Debug, Error)]
pub enum RenderError {
    /// `@/file.md` names no page.
    #[error("{file}:{}: broken internal link `{}`", link.line, link.link)]
    BrokenLink {
        /// The page with the link.
        file: PathBuf,
        /// The page's text.
        text: String,
        /// The link.
        link: BrokenLink,
    },
    /// `@/file.md#anchor` names an anchor that the page does not have.
    #[error("{file}:{line}: `{link}` points to an anchor that does not exist")]
    BrokenAnchor {
        /// The page with the link.
        file: PathBuf,
        /// The page's text.
        text: String,
        /// The link as resolved.
        link: String,
        /// Line of the link.
        line: usize,
        /// Column of the link.
        column: usize,
        /// A close anchor on the target page.
        suggestion: Option<String>,
    },
    /// A template failed to parse or render; the message has Tera's report.
    #[error("{context}: {message}")]
    Template {
        /// What was being done.
        context: String,
        /// Tera's message, with template, line and column.
        message: String,
    },
    /// A page places an indicator chart that `data/indicators.yaml` does not have.
    #[error("{file}:{line}: no indicator `{id}` in data/indicators.yaml")]
    UnknownIndicator {
        /// The page.
        file: PathBuf,
        /// The page's text.
        text: String,
        /// The line of the id.
        line: usize,
        /// The id as written.
        id: String,
        /// The ids the file has.
        known: Vec<String>,
    },
    /// Two sources would write the same output file.
    #[error("two sources write {}: {} and {}", .0.path, .0.first, .0.second)]
    Clash(output::Clash),
    /// A page asks for a template that does not exist.
    #[error("{file}: template `{template}` not found")]
    TemplateNotFound {
        /// The page.
        file: PathBuf,
        /// The template's name.
        template: String,
        /// Known templates, for a suggestion.
        suggestion: Option<String>,
    },
}

impl RenderError {
    /// The error as a located diagnostic.
    pub fn to_diagnostic(&self) -> Diagnostic {
        match self {
            RenderError::BrokenLink { file, text, link } => {
                let d = Diagnostic::new(format!(
                    "broken internal link `{}`: no such page in content/",
                    link.link
                ))
                .in_file(file)
                .at(text, link.line, link.column);
                match &link.suggestion {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("`@/` links name a file under content/, e.g. `@/faq.md`"),
                }
            }
            RenderError::BrokenAnchor {
                file,
                text,
                link,
                line,
                column,
                suggestion,
            } => {
                let d = Diagnostic::new(format!(
                    "broken anchor in `{link}`: the page has no such heading"
                ))
                .in_file(file)
                .at(text, *line, *column);
                match suggestion {
                    Some(s) => d.with_help(format!("did you mean `#{s}`?")),
                    None => d,
                }
            }
            RenderError::Template { context, message } => {
                Diagnostic::new(format!("{context}\n{message}"))
            }
            RenderError::UnknownIndicator {
                file,
                text,
                line,
                id,
                known,
            } => {
                let d = Diagnostic::new(format!("no indicator `{id}` in data/indicators.yaml"))
                    .in_file(file)
                    .at(text, *line, 1);
                match uslugi_core::diagnostics::did_you_mean(id, known.iter().map(String::as_str)) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None if known.is_empty() => d.with_help(
                        "describe the series in data/indicators.yaml (id, title, unit, source, points)",
                    ),
                    None => d.with_help(format!("known indicators: {}", known.join(", "))),
                }
            }
            RenderError::Clash(c) => Diagnostic::new(format!(
                "two sources write the same file {}:\n  - {}\n  - {}",
                c.path, c.first, c.second
            ))
            .with_help("rename or move one of them (a page's slug, a tag, a static file); nothing was written"),
            RenderError::TemplateNotFound {
                file,
                template,
                suggestion,
            } => {
                let d = Diagnostic::new(format!("template `{template}` not found")).in_file(file);
                match suggestion {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => d.with_help("put it in templates/ or themes/<theme>/templates/"),
                }
            }
        }
    }
}

/// Why a render stopped: every page problem found, or the banners that could not be
/// processed.
#[derive(Debug, Error)]
pub enum RenderFailure {
    /// Markdown links, anchors or templates failed.
    #[error("{} problem(s) while rendering", .0.len())]
    Pages(Vec<RenderError>),
    /// Banner images could not be processed.
    #[error("{} problem(s) with banners", .0.len())]
    Banners(Vec<BannerError>),
}

impl RenderFailure {
    /// Every problem as a diagnostic, in a stable order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            RenderFailure::Pages(errs) => errs.iter().map(RenderError::to_diagnostic).collect(),
            RenderFailure::Banners(errs) => errs.iter().map(BannerError::to_diagnostic).collect(),
        }
    }
}

impl From<RenderError> for RenderFailure {
    fn from(e: RenderError) -> Self {
        RenderFailure::Pages(vec![e])
    }
}
