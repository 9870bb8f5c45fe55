//! `uslugi audit`: the same rules on any existing site — a folder of saved HTML or a URL —
//! and a ranking of many sites.
//!
//! A site is crawled ([`crawl`]), each page's kind is inferred ([`classify`]), and the
//! resulting [`Snapshot`] goes to the very rule engine `uslugi check` uses, so every report
//! format applies unchanged. A site that cannot be read still gets a report, saying why.

pub mod classify;
pub mod crawl;
pub mod decode;
mod folder;
mod interstitial;
pub mod list;
mod problem;
pub mod ranking;
mod robots;

use std::collections::HashMap;
use std::path::Path;

use crawl::{Crawl, FolderSource, HttpSource, Limits};
pub use list::Target;
pub use problem::{Connection, Problem};
use uslugi_compliance::report::{self, CheckSettings, CrawlInfo, Report, SiteInfo};
use uslugi_compliance::rules::RuleContext;
use uslugi_compliance::snapshot::{Snapshot, Target as LinkTarget};
use uslugi_core::PageKind;
use uslugi_core::Profile;
use uslugi_core::date::Date;
use uslugi_core::progress::{Progress, Work};

/// What an audit judges against.
#[derive(Debug, Clone)]
pub struct AuditSettings {
    /// Crawl bounds.
    pub limits: Limits,
    /// The profile of the audited organizations.
    pub profile: Profile,
    /// Recommended rules count too.
    pub strict: bool,
    /// The date news freshness counts from.
    pub today: Date,
    /// News must be newer than this.
    pub news_max_age_days: u32,
}

/// One audited site.
#[derive(Debug, Clone)]
pub struct SiteAudit {
    /// What was audited.
    pub target: Target,
    /// The verdicts.
    pub report: Report,
}

/// Reads a site, telling `progress` of every page read.
pub fn crawl_target(target: &Target, limits: &Limits, progress: &dyn Progress) -> Crawl {
    let source: Result<Box<dyn crawl::Source>, Problem> = if target.is_url() {
        HttpSource::new(&target.location, limits).map(|s| Box::new(s) as Box<dyn crawl::Source>)
    } else {
        FolderSource::new(Path::new(&target.location))
            .map(|s| Box::new(s) as Box<dyn crawl::Source>)
    };
    match source {
        Ok(s) => crawl::crawl(s.as_ref(), limits, progress),
        Err(e) => Crawl {
            failure: Some(e),
            ..Crawl::default()
        },
    }
}

/// Gives every page that declares no kind the one its names, inbound link labels and URL
/// point to.
pub fn classify_pages(snapshot: &mut Snapshot) {
    // Borrowed, not copied: a page may carry a hundred thousand links.
    let mut labels: HashMap<&str, Vec<&str>> = HashMap::new();
    for page in &snapshot.pages {
        for link in &page.links {
            // A link to the page it is on (`href="#"`, `href=""` in a menu not built yet)
            // names some other page.
            if let LinkTarget::Internal { path, .. } = &link.target
                && *path != page.path
            {
                labels.entry(path).or_default().push(&link.text);
            }
        }
    }
    let kinds: Vec<Option<PageKind>> = snapshot
        .pages
        .iter()
        .map(|page| match page.kind {
            Some(kind) => Some(kind),
            None => classify::classify(page, labels.get(page.path.as_str()).map_or(&[], |l| l)),
        })
        .collect();
    for (page, kind) in snapshot.pages.iter_mut().zip(kinds) {
        page.kind = kind;
    }
}

/// Audits one site.
pub fn audit(target: &Target, settings: &AuditSettings, progress: &dyn Progress) -> SiteAudit {
    let crawl = crawl_target(target, &settings.limits, progress);
    let mut snapshot = Snapshot {
        base_url: target.location.clone(),
        pages: crawl.pages,
    };
    classify_pages(&mut snapshot);
    let title = snapshot
        .home()
        .map(|h| h.title.clone())
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| target.name.clone());
    let check = CheckSettings {
        profile: settings.profile,
        provides_services: true,
        strict: settings.strict,
        ignore: Vec::new(),
        context: RuleContext::new(settings.today, settings.news_max_age_days, None),
    };
    let info = SiteInfo {
        title,
        url: target.location.clone(),
        organization: target.name.clone(),
        profile: settings.profile,
    };
    // A site nobody could read is not judged: «not checked» is not «missing».
    let mut report = if crawl.failure.is_some() {
        report::unread(info, &check)
    } else {
        report::evaluate(&snapshot, info, &check)
    };
    report.crawl = Some(CrawlInfo {
        source: target.location.clone(),
        pages: snapshot.pages.len(),
        problems: crawl.problems.iter().map(Problem::to_string).collect(),
        failure: crawl.failure.as_ref().map(Problem::to_string),
    });
    SiteAudit {
        target: target.clone(),
        report,
    }
}

/// Audits many sites, `jobs` at a time, telling `progress` of every site done and every page
/// read; results keep the targets' order.
pub fn audit_all(
    targets: &[Target],
    settings: &AuditSettings,
    jobs: usize,
    progress: &dyn Progress,
) -> Vec<SiteAudit> {
    progress.start(Work::Sites, targets.len() as u64);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<Option<SiteAudit>>> =
        std::sync::Mutex::new(vec![None; targets.len()]);
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, targets.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(target) = targets.get(i) else { break };
                    let a = audit(target, settings, progress);
                    progress.step(Work::Sites);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(a);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}
