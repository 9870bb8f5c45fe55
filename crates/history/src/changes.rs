//! What changed between two runs: for each site in both, its score before and after and the
//! materials whose outcome rose or fell; the sites that got worse come first. Sites new to
//! the list, sites gone from it, and sites that were read before and could not be read now
//! are listed apart.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::store::{RunInfo, SiteRecord};
use uslugi_audit::ranking::UNCHANGED;
use uslugi_compliance::report::Outcome;
use uslugi_compliance::rules::RULES;

/// A material whose outcome changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Moved {
    /// The rule.
    pub rule: String,
    /// Its Russian title.
    pub title: String,
    /// The outcome before (`pass`, `partial`, `missing`, …).
    pub before: String,
    /// The outcome now.
    pub after: String,
}

/// One site in both runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteChange {
    /// Its identity.
    pub key: String,
    /// Its name now.
    pub name: String,
    /// Its address now.
    pub address: String,
    /// Score before (none when it could not be read).
    pub before: Option<f64>,
    /// Score now.
    pub after: Option<f64>,
    /// `after − before`, when both were read.
    pub delta: Option<f64>,
    /// Materials that are better now.
    pub gained: Vec<Moved>,
    /// Materials that are worse now.
    pub lost: Vec<Moved>,
    /// Why it could not be read now, when it was read before.
    pub newly_unread: Option<String>,
}

/// Which way a site went between two runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Its score fell (or, when a score is missing, it lost materials).
    Worse,
    /// Its score rose (or it gained materials without falling).
    Better,
    /// Neither.
    Same,
}

impl SiteChange {
    /// Which way the site went: by its score when both runs read it, by its materials
    /// otherwise; a change too small to show is none.
    pub fn direction(&self) -> Direction {
        let worse = self.delta.is_some_and(|d| d < -UNCHANGED)
            || (self.delta.is_none() && !self.lost.is_empty());
        let better = self.delta.is_some_and(|d| d > UNCHANGED) || !self.gained.is_empty();
        match (worse, better) {
            (true, _) => Direction::Worse,
            (false, true) => Direction::Better,
            _ => Direction::Same,
        }
    }
}

/// A site in one run only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OneSide {
    /// Its identity.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Its score in that run.
    pub score: Option<f64>,
}

/// Everything that changed from one run to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    /// The earlier run.
    pub from: RunInfo,
    /// The later run.
    pub to: RunInfo,
    /// Whether the two were judged by different rule catalogues.
    pub catalog_changed: bool,
    /// Sites in both runs: those that got worse first (by how much), then unchanged, then
    /// better; within each, by name.
    pub sites: Vec<SiteChange>,
    /// Sites read before that could not be read now.
    pub newly_unread: Vec<SiteChange>,
    /// Sites only in the later run.
    pub new_sites: Vec<OneSide>,
    /// Sites only in the earlier run.
    pub gone: Vec<OneSide>,
}

/// How good an outcome is, to tell better from worse.
fn rank(outcome: &str) -> Option<u8> {
    match Outcome::from_name(outcome)? {
        Outcome::Pass => Some(2),
        Outcome::Partial => Some(1),
        Outcome::Missing => Some(0),
        _ => None,
    }
}

fn title(rule: &str) -> String {
    RULES
        .iter()
        .find(|r| r.id == rule)
        .map_or(rule, |r| r.title_ru)
        .to_string()
}

fn compare_site(before: &SiteRecord, after: &SiteRecord) -> SiteChange {
    let mut gained = Vec::new();
    let mut lost = Vec::new();
    // Rules in catalogue order, then any the catalogue no longer has.
    let mut rules: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    for r in after.outcomes.keys().chain(before.outcomes.keys()) {
        if !rules.contains(&r.as_str()) {
            rules.push(r);
        }
    }
    for rule in rules {
        let (Some((b, _)), Some((a, _))) = (before.outcomes.get(rule), after.outcomes.get(rule))
        else {
            continue;
        };
        let (Some(rb), Some(ra)) = (rank(b), rank(a)) else {
            continue;
        };
        let moved = Moved {
            rule: rule.to_string(),
            title: title(rule),
            before: b.clone(),
            after: a.clone(),
        };
        if ra > rb {
            gained.push(moved);
        } else if ra < rb {
            lost.push(moved);
        }
    }
    let newly_unread = match (&before.failure, &after.failure) {
        (None, Some(why)) => Some(why.clone()),
        _ => None,
    };
    SiteChange {
        key: after.key.clone(),
        name: after.name.clone(),
        address: after.address.clone(),
        before: before.score,
        after: after.score,
        delta: before.score.zip(after.score).map(|(b, a)| a - b),
        gained,
        lost,
        newly_unread,
    }
}

fn one_side(s: &SiteRecord) -> OneSide {
    OneSide {
        key: s.key.clone(),
        name: s.name.clone(),
        address: s.address.clone(),
        score: s.score,
    }
}

/// The changes from run `from` (with its sites) to run `to`.
pub fn compare(from: (RunInfo, &[SiteRecord]), to: (RunInfo, &[SiteRecord])) -> Changes {
    let before: BTreeMap<&str, &SiteRecord> = from.1.iter().map(|s| (s.key.as_str(), s)).collect();
    let after: BTreeMap<&str, &SiteRecord> = to.1.iter().map(|s| (s.key.as_str(), s)).collect();
    let mut sites = Vec::new();
    let mut newly_unread = Vec::new();
    for (key, a) in &after {
        if let Some(b) = before.get(key) {
            let change = compare_site(b, a);
            if change.newly_unread.is_some() {
                newly_unread.push(change);
            } else {
                sites.push(change);
            }
        }
    }
    // Worse first, by how much (losses of materials count when scores cannot be compared).
    sites.sort_by(|x, y| {
        let worse = |c: &SiteChange| {
            c.delta.unwrap_or(0.0) - 0.001 * c.lost.len() as f64 + 0.001 * c.gained.len() as f64
        };
        worse(x)
            .total_cmp(&worse(y))
            .then_with(|| x.name.cmp(&y.name))
    });
    let new_sites = after
        .iter()
        .filter(|(k, _)| !before.contains_key(*k))
        .map(|(_, s)| one_side(s))
        .collect();
    let gone = before
        .iter()
        .filter(|(k, _)| !after.contains_key(*k))
        .map(|(_, s)| one_side(s))
        .collect();
    Changes {
        catalog_changed: from.0.catalog != to.0.catalog,
        from: from.0,
        to: to.0,
        sites,
        newly_unread,
        new_sites,
        gone,
    }
}

impl Changes {
    /// Each site's change of score, by its key, for the sites read both times.
    pub fn deltas(&self) -> std::collections::HashMap<&str, f64> {
        self.sites
            .iter()
            .filter_map(|s| Some((s.key.as_str(), s.delta?)))
            .collect()
    }

    /// The region's average score in the earlier and the later run, over the sites read.
    pub fn averages(&self) -> (Option<f64>, Option<f64>) {
        let avg = |scores: Vec<f64>| {
            (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
        };
        let all = || self.sites.iter().chain(&self.newly_unread);
        let before: Vec<f64> = all()
            .filter_map(|s| s.before)
            .chain(self.gone.iter().filter_map(|s| s.score))
            .collect();
        let after: Vec<f64> = all()
            .filter_map(|s| s.after)
            .chain(self.new_sites.iter().filter_map(|s| s.score))
            .collect();
        (avg(before), avg(after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::History;
    use crate::store::tests::audit;
    use uslugi_compliance::report::Outcome::{Partial, Pass};

    #[test]
    fn worse_first_gains_losses_new_gone_and_unread() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = History::open(&dir.path().join("h.db")).unwrap();
        let first = [
            audit("https://a.ru", &[("faq", Pass), ("contacts", Pass)], None),
            audit("https://b.ru", &[("faq", Partial)], None),
            audit("https://c.ru", &[("faq", Pass)], None),
            audit("https://gone.ru", &[], None),
        ];
        let second = [
            // The same site under https://www.
            audit("http://www.a.ru/", &[("faq", Pass)], None),
            audit("https://b.ru", &[("faq", Pass), ("appeal", Pass)], None),
            audit("https://c.ru", &[], Some("проверка браузера")),
            audit("https://new.ru", &[], None),
        ];
        let r1 = h.record("t1", "2026-09-01", "agency", &first).unwrap();
        let r2 = h.record("t2", "2026-12-01", "agency", &second).unwrap();
        let runs = h.runs().unwrap();
        let c = compare(
            (runs[0].clone(), &h.sites(r1).unwrap()),
            (runs[1].clone(), &h.sites(r2).unwrap()),
        );
        assert!(!c.catalog_changed);
        assert_eq!(c.sites[0].key, "a.ru", "worse first");
        assert!(c.sites[0].delta.unwrap() < 0.0);
        assert_eq!(c.sites[0].lost[0].rule, "contacts");
        assert_eq!(c.sites[0].address, "http://www.a.ru/");
        let b = c.sites.iter().find(|s| s.key == "b.ru").unwrap();
        let gained: Vec<&str> = b.gained.iter().map(|m| m.rule.as_str()).collect();
        assert_eq!(gained, ["faq", "appeal"]);
        assert_eq!(c.newly_unread.len(), 1);
        assert_eq!(
            c.newly_unread[0].newly_unread.as_deref(),
            Some("проверка браузера")
        );
        assert_eq!(c.new_sites[0].key, "new.ru");
        assert_eq!(c.gone[0].key, "gone.ru");
        let (before, after) = c.averages();
        assert!(before.is_some() && after.is_some());
        let text = crate::format::render(&c, crate::format::HistoryFormat::Text);
        let worse = text.find("Стало хуже").unwrap();
        let better = text.find("Стало лучше").unwrap();
        assert!(worse < better, "{text}");
        assert!(text.contains("− contacts: есть → нет"), "{text}");
        assert!(text.contains("Новые в списке (1)") && text.contains("Выбыли из списка (1)"));
        let html = crate::format::render(&c, crate::format::HistoryFormat::Html);
        assert!(html.contains("<html lang=\"ru\">") && html.contains("Стало хуже (1)"));
    }
}
