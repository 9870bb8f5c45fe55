//! `banners/banners.yaml`: which banner images to show, where, and linking where.
//!
//! Every entry is validated before any image is processed, and every error names the line
//! of the manifest it is about: a link that is not https to gosuslugi.ru (or a subdomain such
//! as a regional portal) unless the entry opts out with a reason, a missing or file-name alt
//! text, an unknown format, a file that is not there, dates out of order.

use serde::Deserialize;

use uslugi_core::date::Date;
use uslugi_core::diagnostics::did_you_mean;

/// Where a banner is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// The home page.
    #[default]
    Home,
    /// Section pages.
    Section,
    /// The sidebar of pages.
    Sidebar,
    /// The footer of every page.
    Footer,
    /// Everywhere there is a slot.
    All,
}

impl Placement {
    /// The name used in the manifest and in `banners(placement=…)`.
    pub fn as_str(self) -> &'static str {
        match self {
            Placement::Home => "home",
            Placement::Section => "section",
            Placement::Sidebar => "sidebar",
            Placement::Footer => "footer",
            Placement::All => "all",
        }
    }
}

/// Standard banner sizes (width × height in CSS pixels).
pub const STANDARD_FORMATS: &[(&str, u32, u32)] = &[
    ("240x400", 240, 400),
    ("468x60", 468, 60),
    ("728x90", 728, 90),
    ("100x100", 100, 100),
    ("200x200", 200, 200),
    ("300x250", 300, 250),
    ("160x600", 160, 600),
    ("300x600", 300, 600),
    ("970x90", 970, 90),
];

/// One manifest entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The image file, relative to `banners/`.
    pub file: String,
    /// A standard size such as `240x400`, or `custom`.
    pub format: String,
    /// Width for `custom`.
    #[serde(default)]
    pub width: Option<u32>,
    /// Height for `custom`.
    #[serde(default)]
    pub height: Option<u32>,
    /// Where the banner leads.
    pub link: String,
    /// Text alternative: what the banner says or where it leads.
    #[serde(default)]
    pub alt: String,
    /// Optional tooltip.
    #[serde(default)]
    pub title: Option<String>,
    /// Where it is shown.
    #[serde(default)]
    pub placement: Placement,
    /// Shown from this date.
    #[serde(default)]
    pub start: Option<Date>,
    /// Shown until this date.
    #[serde(default)]
    pub end: Option<Date>,
    /// `false` allows a link outside gosuslugi.ru, with a `reason`.
    #[serde(default = "crate::yes")]
    pub link_check: bool,
    /// Why the link is not to the portal.
    #[serde(default)]
    pub reason: Option<String>,
}

/// A validated banner, before its image is processed.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The entry.
    pub entry: Entry,
    /// Display size.
    pub width: u32,
    /// Display size.
    pub height: u32,
    /// 1-based line of the entry in the manifest (0 when there is no manifest).
    pub line: usize,
}

/// A problem with the manifest, located at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// What can be wrong with a manifest entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Not YAML, or a key or value of the wrong kind: the parser's words.
    Yaml(String),
    /// The file is outside `banners/`.
    OutsideFolder(String),
    /// The file is not there.
    NoFile(String),
    /// The link is not https to the portal, and the entry does not opt out.
    NotPortal(String),
    /// `link_check: false` without a reason.
    NoReason,
    /// No alt text for this file.
    NoAlt(String),
    /// The alt text is a file name.
    AltIsFileName(String),
    /// `start` is after `end`.
    DatesOutOfOrder(Date, Date),
    /// `format: custom` without a width and a height.
    CustomWithoutSize,
    /// A format that is not one of [`STANDARD_FORMATS`].
    UnknownFormat(String),
}

impl Problem {
    /// What is wrong, for the editor.
    pub fn message(&self) -> String {
        match &self.kind {
            ProblemKind::Yaml(m) => m.clone(),
            ProblemKind::OutsideFolder(f) => format!("`{f}`: the file must be inside banners/"),
            ProblemKind::NoFile(f) => format!("banners/{f} does not exist"),
            ProblemKind::NotPortal(l) => {
                format!("link `{l}` is not https to gosuslugi.ru or its subdomain")
            }
            ProblemKind::NoReason => "link_check: false needs a reason".into(),
            ProblemKind::NoAlt(f) => format!("banner `{f}` has no alt text"),
            ProblemKind::AltIsFileName(a) => format!("alt text `{a}` is a file name"),
            ProblemKind::DatesOutOfOrder(s, e) => format!("start {s} is after end {e}"),
            ProblemKind::CustomWithoutSize => "format: custom needs width and height".into(),
            ProblemKind::UnknownFormat(f) => format!("unknown banner format `{f}`"),
        }
    }

    /// What to do about it, when there is something to say.
    pub fn help(&self) -> Option<String> {
        match &self.kind {
            ProblemKind::Yaml(m) => uslugi_core::diagnostics::unknown_field_help(m),
            ProblemKind::NotPortal(_) => Some("link to the portal (https://www.gosuslugi.ru/ or a regional portal such as https://70.gosuslugi.ru/), or set link_check: false with a reason".into()),
            ProblemKind::NoReason => {
                Some("say why the banner links outside the portal: reason: \"…\"".into())
            }
            ProblemKind::NoAlt(_) => Some(
                "write what the banner says or where it leads: alt: \"Портал госуслуг\"".into(),
            ),
            ProblemKind::AltIsFileName(_) => {
                Some("write what the banner says or where it leads".into())
            }
            ProblemKind::UnknownFormat(f) => {
                let names = STANDARD_FORMATS.iter().map(|(n, _, _)| *n);
                Some(
                    did_you_mean(f, names)
                        .map(|s| format!("did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            format!(
                                "use one of {}, or custom with width and height",
                                STANDARD_FORMATS
                                    .iter()
                                    .map(|(n, _, _)| *n)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }),
                )
            }
            _ => None,
        }
    }
}

fn problem(line: usize, kind: ProblemKind) -> Problem {
    Problem {
        line,
        column: 1,
        kind,
    }
}

/// Whether `link` is https to gosuslugi.ru or one of its subdomains, read as a browser
/// reads it (`https://gosuslugi.ru:443@evil.example/` goes to evil.example).
pub fn is_portal_link(link: &str) -> bool {
    link.trim_start().starts_with("https://")
        && uslugi_core::util::url::host_of(link)
            .is_some_and(|host| uslugi_core::util::url::host_is_on(&host, "gosuslugi.ru"))
}

/// Whether an alt text is really a file name (`banner_240x400.png`, or the file's own name).
fn looks_like_file_name(alt: &str, file: &str) -> bool {
    let a = alt.trim().to_ascii_lowercase();
    let stem = file.rsplit('/').next().unwrap_or(file).to_ascii_lowercase();
    let no_ext = stem.rsplit_once('.').map_or(stem.as_str(), |(s, _)| s);
    a == stem
        || a == no_ext
        || [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"]
            .iter()
            .any(|e| a.ends_with(e))
            && !a.contains(' ')
}

/// Parses and validates the manifest's text; `exists` tells whether a banner file exists.
pub fn parse(text: &str, exists: impl Fn(&str) -> bool) -> Result<Vec<Spec>, Vec<Problem>> {
    let entries: Vec<Entry> = match uslugi_core::yaml::from_str::<Option<Vec<Entry>>>(text) {
        Ok(e) => e.unwrap_or_default(),
        Err(p) => {
            return Err(vec![Problem {
                line: p.line.unwrap_or(1),
                column: p.column.unwrap_or(1),
                kind: ProblemKind::Yaml(p.message),
            }]);
        }
    };
    let lines = uslugi_core::yaml::list_entry_lines(text);
    let mut specs = Vec::new();
    let mut problems = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(1);
        let before = problems.len();
        entry_problems(&entry, line, &exists, &mut problems);
        let size = entry_size(&entry, line, &mut problems);
        if let (Some((width, height)), true) = (size, problems.len() == before) {
            specs.push(Spec {
                entry,
                width,
                height,
                line,
            });
        }
    }
    if problems.is_empty() {
        Ok(specs)
    } else {
        Err(problems)
    }
}

/// Problems with an entry's file, link, alt text and dates.
fn entry_problems(
    entry: &Entry,
    line: usize,
    exists: &impl Fn(&str) -> bool,
    problems: &mut Vec<Problem>,
) {
    if entry.file.contains("..") || entry.file.starts_with('/') || entry.file.contains('\\') {
        problems.push(problem(
            line,
            ProblemKind::OutsideFolder(entry.file.clone()),
        ));
    } else if !exists(&entry.file) {
        problems.push(problem(line, ProblemKind::NoFile(entry.file.clone())));
    }
    if entry.link_check {
        if !is_portal_link(&entry.link) {
            problems.push(problem(line, ProblemKind::NotPortal(entry.link.clone())));
        }
    } else if entry.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        problems.push(problem(line, ProblemKind::NoReason));
    }
    if entry.alt.trim().is_empty() {
        problems.push(problem(line, ProblemKind::NoAlt(entry.file.clone())));
    } else if looks_like_file_name(&entry.alt, &entry.file) {
        problems.push(problem(line, ProblemKind::AltIsFileName(entry.alt.clone())));
    }
    if let (Some(s), Some(e)) = (entry.start, entry.end)
        && s.day() > e.day()
    {
        problems.push(problem(line, ProblemKind::DatesOutOfOrder(s, e)));
    }
}

/// The entry's size in pixels: its standard format's, or its own for `custom`; `None`, with
/// a problem noted, when it has neither.
fn entry_size(entry: &Entry, line: usize, problems: &mut Vec<Problem>) -> Option<(u32, u32)> {
    if entry.format == "custom" {
        match (entry.width, entry.height) {
            (Some(w), Some(h)) if w > 0 && h > 0 => Some((w, h)),
            _ => {
                problems.push(problem(line, ProblemKind::CustomWithoutSize));
                None
            }
        }
    } else {
        match STANDARD_FORMATS.iter().find(|(n, _, _)| *n == entry.format) {
            Some((_, w, h)) => Some((*w, *h)),
            None => {
                problems.push(problem(
                    line,
                    ProblemKind::UnknownFormat(entry.format.clone()),
                ));
                None
            }
        }
    }
}

/// The banner a lone image gets when there is no manifest.
pub fn default_spec(file: &str, width: u32, height: u32) -> Spec {
    let format = STANDARD_FORMATS
        .iter()
        .find(|(_, w, h)| {
            width.is_multiple_of(*w) && height.is_multiple_of(*h) && width / w == height / h
        })
        .map_or_else(|| "custom".to_string(), |(n, _, _)| n.to_string());
    let (w, h) = STANDARD_FORMATS
        .iter()
        .find(|(n, _, _)| *n == format)
        .map_or((width, height), |(_, w, h)| (*w, *h));
    Spec {
        entry: Entry {
            file: file.to_string(),
            format,
            width: Some(w),
            height: Some(h),
            link: "https://www.gosuslugi.ru/".into(),
            alt: "Портал государственных услуг Российской Федерации".into(),
            title: None,
            placement: Placement::Home,
            start: None,
            end: None,
            link_check: true,
            reason: None,
        },
        width: w,
        height: h,
        line: 0,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const GOOD: &str = "- file: a.png\n  format: 240x400\n  link: https://www.gosuslugi.ru/\n  alt: Госуслуги\n- file: b.png\n  format: custom\n  width: 300\n  height: 100\n  link: https://70.gosuslugi.ru/\n  alt: Региональный портал\n  placement: sidebar\n";

    #[test]
    fn good_manifest() {
        let specs = parse(GOOD, |_| true).unwrap();
        assert_eq!(specs.len(), 2);
        assert_eq!(
            (specs[0].width, specs[0].height, specs[0].line),
            (240, 400, 1)
        );
        assert_eq!(
            (specs[1].width, specs[1].height, specs[1].line),
            (300, 100, 5)
        );
        assert_eq!(specs[1].entry.placement, Placement::Sidebar);
    }

    fn one_problem(text: &str) -> Problem {
        let mut p = parse(text, |f| f != "missing.png").unwrap_err();
        assert_eq!(p.len(), 1, "{p:?}");
        p.remove(0)
    }

    #[test]
    fn each_mistake_names_its_line_and_kind() {
        use ProblemKind::*;
        let base =
            "- file: ok.png\n  format: 100x100\n  link: https://www.gosuslugi.ru/\n  alt: Портал\n";
        let p = one_problem(&format!(
            "{base}- file: x.png\n  format: 100x100\n  link: http://gosuslugi.ru/\n  alt: Портал\n"
        ));
        assert_eq!(
            (p.line, p.kind),
            (5, NotPortal("http://gosuslugi.ru/".into()))
        );
        let entry = |rest: &str| format!("- file: x.png\n  format: 100x100\n{rest}");
        let portal = "  link: https://www.gosuslugi.ru/\n";
        for (text, kind) in [
            (entry("  link: https://notgosuslugi.ru/\n  alt: Портал\n"), NotPortal("https://notgosuslugi.ru/".into())),
            (entry("  link: https://gosuslugi.ru:443@evil.example/\n  alt: Портал\n"), NotPortal("https://gosuslugi.ru:443@evil.example/".into())),
            (entry("  link: https://vk.com/x\n  link_check: false\n  alt: Портал\n"), NoReason),
            (entry(portal), NoAlt("x.png".into())),
            (entry(&format!("{portal}  alt: banner_100x100.png\n")), AltIsFileName("banner_100x100.png".into())),
            ("- file: x.png\n  format: custom\n  link: https://www.gosuslugi.ru/\n  alt: Портал\n".to_string(), CustomWithoutSize),
            ("- file: missing.png\n  format: 100x100\n  link: https://www.gosuslugi.ru/\n  alt: Портал\n".to_string(), NoFile("missing.png".into())),
            ("- file: ../x.png\n  format: 100x100\n  link: https://www.gosuslugi.ru/\n  alt: Портал\n".to_string(), OutsideFolder("../x.png".into())),
        ] {
            assert_eq!(one_problem(&text).kind, kind, "{text}");
        }
        parse(&entry("  link: https://vk.com/x\n  link_check: false\n  reason: наша группа\n  alt: Портал\n"), |_| true).unwrap();
        let p = one_problem(&entry(&format!(
            "{portal}  alt: Портал\n  start: 2026-12-01\n  end: 2026-01-01\n"
        )));
        assert!(matches!(p.kind, DatesOutOfOrder(..)), "{p:?}");
        assert!(p.message().contains("after end"), "{}", p.message());
        let p = one_problem(
            "- file: x.png\n  format: 240x40\n  link: https://www.gosuslugi.ru/\n  alt: Портал\n",
        );
        assert_eq!(p.kind, UnknownFormat("240x40".into()));
        assert_eq!(p.help().as_deref(), Some("did you mean `240x400`?"));
        let p = one_problem(&entry(&format!(
            "{portal}  alt: Портал\n  start: 2026-13-01\n"
        )));
        assert_eq!(p.line, 5, "{p:?}");
        assert!(matches!(p.kind, Yaml(_)), "{p:?}");
        let p = one_problem("- file: x.png\n  fromat: 100x100\n");
        assert_eq!(p.help().as_deref(), Some("did you mean `format`?"));
    }

    #[test]
    fn defaults_guess_the_format() {
        assert_eq!(default_spec("a.png", 480, 800).entry.format, "240x400");
        assert_eq!(default_spec("a.png", 480, 800).width, 240);
        let c = default_spec("a.png", 333, 111);
        assert_eq!(
            (c.entry.format.as_str(), c.width, c.height),
            ("custom", 333, 111)
        );
    }
}
