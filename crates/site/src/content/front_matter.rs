//! Front matter: the YAML block between `---` lines at the top of every page.
//!
//! Parsed through [`uslugi_core::yaml`], like every YAML file, so the YAML library can be swapped
//! in one place. Unknown keys are errors (with a "did you mean"), wrong types are errors
//! with the line and column in the page's own file.

use serde::{Deserialize, Serialize};

use uslugi_core::date::Date;

use super::PageKind;

/// The fields a page may declare.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Title of the page (required).
    pub title: String,
    /// What material the page is; decides its default template and what the compliance
    /// rules take it for.
    #[serde(default)]
    pub kind: Option<PageKind>,
    /// One or two sentences for lists and `<meta name="description">`.
    #[serde(default)]
    pub description: Option<String>,
    /// Order in navigation and lists: lower comes first.
    #[serde(default)]
    pub weight: Option<i64>,
    /// Publication date (news).
    #[serde(default)]
    pub date: Option<Date>,
    /// Tags, e.g. «электронные госуслуги».
    #[serde(default)]
    pub tags: Vec<String>,
    /// A draft is built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// The last part of the page's URL, instead of one made from the file name.
    #[serde(default)]
    pub slug: Option<String>,
    /// A template to use instead of the kind's default.
    #[serde(default)]
    pub template: Option<String>,
    /// Free values for templates (`page.extra.*`).
    #[serde(default)]
    pub extra: uslugi_core::yaml::Mapping,
}

/// Where the front matter sits in a file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML text.
    pub yaml: (usize, usize),
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Why the front matter could not be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// There is an opening `---` but no closing one.
    Unclosed,
}

/// Finds the front matter. We split it ourselves rather than let the Markdown parser do it:
/// only the very first line may open it and only a line of exactly `---` closes it, so a
/// `---` rule further down the body is never taken for metadata.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml: (yaml_start, pos),
                body_start: (end + 1).min(text.len()),
            });
        }
        pos = end + 1;
    }
    Err(SplitError::Unclosed)
}

pub use uslugi_core::yaml::YamlProblem;

/// Parses the YAML of a front matter block.
pub fn parse(yaml: &str) -> Result<FrontMatter, YamlProblem> {
    if yaml.trim().is_empty() {
        return Err(YamlProblem {
            message: "front matter is empty: `title` is required".into(),
            line: None,
            column: None,
        });
    }
    if yaml.len() > MAX_FRONT_MATTER {
        // The YAML parser holds every event of a document at once: a list pasted by mistake
        // would cost twenty times its size before its length could be refused.
        return Err(YamlProblem {
            message: format!(
                "front matter is {} KB; it may be at most {} KB (it holds a page's title and settings; the text goes below it)",
                yaml.len().div_ceil(1024),
                MAX_FRONT_MATTER / 1024
            ),
            line: None,
            column: None,
        });
    }
    let fm: FrontMatter = uslugi_core::yaml::from_str(yaml)?;
    if fm.tags.len() > MAX_TAGS {
        // Each tag makes a page: a list pasted by mistake must not make a hundred thousand.
        let line = yaml
            .lines()
            .position(|l| l.trim_start().starts_with("tags:"))
            .map(|i| i + 1);
        return Err(YamlProblem {
            message: format!(
                "{} tags on one page; a page may have at most {MAX_TAGS} (each tag gets a page of its own)",
                fm.tags.len()
            ),
            line,
            column: line.map(|_| 1),
        });
    }
    Ok(fm)
}

/// The largest front matter block, in bytes.
pub const MAX_FRONT_MATTER: usize = 64 * 1024;

/// The most tags one page may carry.
pub const MAX_TAGS: usize = 50;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn front_matter_over_64_kb_is_refused_before_parsing() {
        let items: String = (0..100_000).map(|_| "  - a\n").collect();
        let err = parse(&format!("title: A\ntags:\n{items}")).unwrap_err();
        assert!(err.message.contains("at most 64 KB"), "{}", err.message);
        let fine: String = (0..40).map(|i| format!("  - t{i}\n")).collect();
        assert_eq!(
            parse(&format!("title: A\ntags:\n{fine}"))
                .unwrap()
                .tags
                .len(),
            40
        );
    }

    #[test]
    fn splits_only_at_the_top() {
        let text = "---\ntitle: A\n---\nbody\n\n---\n\nmore\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.0..s.yaml.1], "title: A\n");
        assert_eq!(&text[s.body_start..], "body\n\n---\n\nmore\n");
        assert_eq!(split("# no front matter\n"), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: A\n"), Err(SplitError::Unclosed));
    }

    #[test]
    fn parses_fields() {
        let fm = parse("title: Вопросы\nkind: faq\nweight: 3\ndate: 2026-10-01\ntags: [\"электронные госуслуги\"]\nextra:\n  icon: q\n").unwrap();
        assert_eq!(fm.title, "Вопросы");
        assert_eq!(fm.kind, Some(PageKind::Faq));
        assert_eq!(fm.weight, Some(3));
        assert_eq!(fm.date.unwrap().day_of_month(), 1);
        assert_eq!(fm.tags, ["электронные госуслуги"]);
        assert_eq!(fm.extra.len(), 1);
    }

    #[test]
    fn a_runaway_tag_list_is_refused_at_its_line() {
        let tags: String = (0..1000).map(|i| format!("  - метка {i}\n")).collect();
        let e = parse(&format!("title: A\ntags:\n{tags}")).unwrap_err();
        assert!(e.message.contains("1000 tags"), "{}", e.message);
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn unknown_key_and_bad_type_are_located() {
        let e = parse("title: A\ntitel: B\n").unwrap_err();
        assert!(e.message.contains("unknown field `titel`"), "{}", e.message);
        assert_eq!(e.line, Some(2));
        let e = parse("title: A\nweight: много\n").unwrap_err();
        assert!(e.message.contains("invalid type"), "{}", e.message);
        assert_eq!(e.line, Some(2));
        let e = parse("title: A\nkind: faqs\n").unwrap_err();
        assert!(e.message.contains("faqs"), "{}", e.message);
        let e = parse("title: A\ndate: 2026-02-30\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(7)), "{}", e.message);
        let e = parse("kind: faq\n").unwrap_err();
        assert!(e.message.contains("missing field `title`"), "{}", e.message);
    }
}
