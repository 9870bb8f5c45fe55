//! The history file: SQLite, with a schema whose version is the database's `user_version`.
//!
//! Opening a file migrates it to this version of uslugi's schema, step by step, inside one
//! write transaction (so that two processes opening a new file at once migrate it once); a
//! file from a newer uslugi is refused. A run is written in one `BEGIN IMMEDIATE`
//! transaction, and writers wait for each other (busy timeout) rather than fail, so two audits
//! appending to one file at once both land whole. Triggers refuse every `UPDATE` and
//! `DELETE`: runs are only ever added.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use thiserror::Error;

use crate::identity::site_key;
use uslugi_audit::SiteAudit;
use uslugi_audit::ranking::score;
use uslugi_compliance::rules::catalog_version;

/// How long a writer waits for another to finish.
const BUSY: Duration = Duration::from_secs(60);

/// Each step takes the schema one version up; the schema's version is how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: runs, each site's state in a run, each rule's outcome; nothing is ever rewritten.
    "CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        today TEXT NOT NULL,
        tool TEXT NOT NULL,
        catalog TEXT NOT NULL,
        profile TEXT NOT NULL
    );
    CREATE TABLE site_runs (
        run INTEGER NOT NULL REFERENCES runs(id),
        site TEXT NOT NULL,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        pages INTEGER NOT NULL,
        failure TEXT,
        score REAL,
        PRIMARY KEY (run, site)
    );
    CREATE TABLE outcomes (
        run INTEGER NOT NULL,
        site TEXT NOT NULL,
        rule TEXT NOT NULL,
        outcome TEXT NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (run, site, rule),
        FOREIGN KEY (run, site) REFERENCES site_runs(run, site)
    );
    CREATE TRIGGER runs_kept BEFORE UPDATE ON runs BEGIN SELECT RAISE(ABORT, 'runs are only added'); END;
    CREATE TRIGGER runs_stay BEFORE DELETE ON runs BEGIN SELECT RAISE(ABORT, 'runs are only added'); END;
    CREATE TRIGGER site_runs_kept BEFORE UPDATE ON site_runs BEGIN SELECT RAISE(ABORT, 'runs are only added'); END;
    CREATE TRIGGER site_runs_stay BEFORE DELETE ON site_runs BEGIN SELECT RAISE(ABORT, 'runs are only added'); END;
    CREATE TRIGGER outcomes_kept BEFORE UPDATE ON outcomes BEGIN SELECT RAISE(ABORT, 'runs are only added'); END;
    CREATE TRIGGER outcomes_stay BEFORE DELETE ON outcomes BEGIN SELECT RAISE(ABORT, 'runs are only added'); END;",
];

/// The schema version this uslugi writes and reads.
pub const SCHEMA_VERSION: usize = MIGRATIONS.len();

/// What can go wrong with a history file.
#[derive(Debug, Error)]
pub enum HistoryError {
    /// The file is a history of a newer uslugi.
    #[error(
        "{path}: written by a newer uslugi (history schema {found}; this one reads up to {SCHEMA_VERSION}): update uslugi"
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: usize,
    },
    /// Not an SQLite file, or one that cannot be opened or written.
    #[error("{path}: {message}")]
    Database {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        message: String,
    },
    /// One run names one site twice (`http://` and `https://www.` of the same address).
    #[error("{first} and {second} are one site ({key}): keep one of them in the list")]
    SameSite {
        /// The site's key.
        key: String,
        /// Its first address.
        first: String,
        /// Its second address.
        second: String,
    },
    /// Fewer runs than asked for.
    #[error("{path}: {message}")]
    NoRuns {
        /// The file.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
}

/// One recorded run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunInfo {
    /// Its number in the file.
    pub id: i64,
    /// When it began (RFC 3339).
    pub started_at: String,
    /// The date it judged on (`--today`).
    pub today: String,
    /// The tool and its version.
    pub tool: String,
    /// The rule catalogue's version.
    pub catalog: String,
    /// The profile the sites were judged against.
    pub profile: String,
}

/// One site in one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteRecord {
    /// The site's identity across runs.
    pub key: String,
    /// Its name in the list.
    pub name: String,
    /// The address audited.
    pub address: String,
    /// Pages read.
    pub pages: usize,
    /// Why it could not be read, when it could not.
    pub failure: Option<String>,
    /// Its score (none when unread).
    pub score: Option<f64>,
    /// Each rule's outcome (`pass`, `partial`, …) and evidence.
    pub outcomes: BTreeMap<String, (String, Vec<String>)>,
}

/// What SQLite said about `path`, in words: a file that is not a database is not a history.
fn database_error(path: &Path, e: rusqlite::Error) -> HistoryError {
    let message = match &e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            "not a history file (not an SQLite database)".to_string()
        }
        _ => e.to_string(),
    };
    HistoryError::Database {
        path: path.to_path_buf(),
        message,
    }
}

/// An open history file.
pub struct History {
    conn: Connection,
    path: PathBuf,
}

impl History {
    /// Opens (creating if need be) and migrates the history at `path`.
    pub fn open(path: &Path) -> Result<History, HistoryError> {
        let db = |e| database_error(path, e);
        let mut conn = Connection::open(path).map_err(db)?;
        conn.busy_timeout(BUSY).map_err(db)?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db)?;
        let found: usize = tx
            .query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))
            .map_err(db)?
            .try_into()
            .unwrap_or(usize::MAX);
        if found > SCHEMA_VERSION {
            return Err(HistoryError::Newer {
                path: path.to_path_buf(),
                found,
            });
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(found) {
            tx.execute_batch(step).map_err(db)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .map_err(db)?;
        }
        tx.commit().map_err(db)?;
        Ok(History {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn db(&self, e: rusqlite::Error) -> HistoryError {
        database_error(&self.path, e)
    }

    /// Records one run of `audits`, begun at `started_at`, judged on `today`; returns its id.
    pub fn record(
        &mut self,
        started_at: &str,
        today: &str,
        profile: &str,
        audits: &[SiteAudit],
    ) -> Result<i64, HistoryError> {
        let sites: Vec<SiteRecord> = audits.iter().map(SiteRecord::from_audit).collect();
        self.record_sites(started_at, today, profile, &sites)
    }

    /// Records one run of sites already judged (`history import` of shards' reports).
    pub fn record_sites(
        &mut self,
        started_at: &str,
        today: &str,
        profile: &str,
        sites: &[SiteRecord],
    ) -> Result<i64, HistoryError> {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for s in sites {
            if let Some(first) = seen.insert(&s.key, &s.address) {
                return Err(HistoryError::SameSite {
                    key: s.key.clone(),
                    first: first.to_string(),
                    second: s.address.clone(),
                });
            }
        }
        let tool = format!("uslugi {}", env!("CARGO_PKG_VERSION"));
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| database_error(&self.path, e))?;
        let run = write_run(&tx, started_at, today, &tool, profile, sites);
        let run = run.and_then(|id| tx.commit().map(|_| id));
        run.map_err(|e| self.db(e))
    }

    /// Every run, oldest first.
    pub fn runs(&self) -> Result<Vec<RunInfo>, HistoryError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, started_at, today, tool, catalog, profile FROM runs ORDER BY id")
            .map_err(|e| self.db(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(RunInfo {
                    id: r.get(0)?,
                    started_at: r.get(1)?,
                    today: r.get(2)?,
                    tool: r.get(3)?,
                    catalog: r.get(4)?,
                    profile: r.get(5)?,
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>());
        rows.map_err(|e| self.db(e))
    }

    /// The sites of run `id`, by key.
    pub fn sites(&self, id: i64) -> Result<Vec<SiteRecord>, HistoryError> {
        self.load_sites(id).map_err(|e| self.db(e))
    }

    fn load_sites(&self, id: i64) -> rusqlite::Result<Vec<SiteRecord>> {
        let mut sites: BTreeMap<String, SiteRecord> = BTreeMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT site, name, address, pages, failure, score FROM site_runs WHERE run = ?1",
        )?;
        for row in stmt.query_map([id], |r| {
            Ok(SiteRecord {
                key: r.get(0)?,
                name: r.get(1)?,
                address: r.get(2)?,
                pages: r.get::<_, i64>(3)?.try_into().unwrap_or(0),
                failure: r.get(4)?,
                score: r.get(5)?,
                outcomes: BTreeMap::new(),
            })
        })? {
            let site = row?;
            sites.insert(site.key.clone(), site);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT site, rule, outcome, evidence FROM outcomes WHERE run = ?1")?;
        let rows = stmt.query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (site, rule, outcome, evidence) = row?;
            if let Some(s) = sites.get_mut(&site) {
                let evidence = serde_json::from_str(&evidence).unwrap_or_default();
                s.outcomes.insert(rule, (outcome, evidence));
            }
        }
        Ok(sites.into_values().collect())
    }

    /// Whether the file is intact (SQLite's own check).
    pub fn intact(&self) -> Result<bool, HistoryError> {
        let v: Option<String> = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.db(e))?;
        Ok(v.as_deref() == Some("ok"))
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl SiteRecord {
    /// What a run remembers of one audited site.
    pub fn from_audit(a: &SiteAudit) -> SiteRecord {
        let crawl = a.report.crawl.as_ref();
        SiteRecord {
            key: site_key(&a.target.location),
            name: a.target.name.clone(),
            address: a.target.location.clone(),
            pages: crawl.map_or(a.report.pages, |c| c.pages),
            failure: crawl.and_then(|c| c.failure.clone()),
            score: (!a.report.unread()).then(|| score(&a.report)),
            outcomes: a
                .report
                .results
                .iter()
                .map(|r| {
                    let outcome = r.outcome.as_str().to_string();
                    (r.id.to_string(), (outcome, r.evidence.clone()))
                })
                .collect(),
        }
    }
}

fn write_run(
    tx: &rusqlite::Transaction<'_>,
    started_at: &str,
    today: &str,
    tool: &str,
    profile: &str,
    sites: &[SiteRecord],
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO runs (started_at, today, tool, catalog, profile) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![started_at, today, tool, catalog_version(), profile],
    )?;
    let run = tx.last_insert_rowid();
    let mut site_stmt = tx.prepare(
        "INSERT INTO site_runs (run, site, name, address, pages, failure, score) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut outcome_stmt = tx.prepare(
        "INSERT INTO outcomes (run, site, rule, outcome, evidence) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for s in sites {
        site_stmt.execute(params![
            run,
            s.key,
            s.name,
            s.address,
            i64::try_from(s.pages).unwrap_or(i64::MAX),
            s.failure,
            s.score
        ])?;
        for (rule, (outcome, evidence)) in &s.outcomes {
            let evidence = serde_json::to_string(evidence).unwrap_or_else(|_| "[]".into());
            outcome_stmt.execute(params![run, s.key, rule, outcome, evidence])?;
        }
    }
    Ok(run)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use uslugi_audit::Target;
    use uslugi_compliance::report::{self, CheckSettings, CrawlInfo, Outcome, SiteInfo};
    use uslugi_compliance::rules::RuleContext;
    use uslugi_core::Profile;
    use uslugi_core::date::Date;

    /// An audited site at `location` whose rules have `outcomes` (the others missing), or
    /// that could not be read when `failure` is given.
    pub(crate) fn audit(
        location: &str,
        outcomes: &[(&str, Outcome)],
        failure: Option<&str>,
    ) -> SiteAudit {
        let settings = CheckSettings {
            profile: Profile::Agency,
            provides_services: true,
            strict: false,
            ignore: Vec::new(),
            context: RuleContext::new(Date::from_ymd(2026, 11, 23).unwrap(), 180, None),
        };
        let site = SiteInfo {
            title: String::new(),
            url: location.to_string(),
            organization: String::new(),
            profile: Profile::Agency,
        };
        let mut report = report::unread(site, &settings);
        for r in &mut report.results {
            if r.outcome == Outcome::Unread {
                r.outcome = outcomes
                    .iter()
                    .find(|(id, _)| *id == r.id)
                    .map_or(Outcome::Missing, |(_, o)| *o);
                if r.outcome == Outcome::Pass {
                    r.evidence = vec![format!("{location}/page")];
                }
            }
        }
        if let Some(why) = failure {
            for r in &mut report.results {
                r.outcome = Outcome::Unread;
            }
            report.crawl = Some(CrawlInfo {
                source: location.to_string(),
                pages: 0,
                problems: Vec::new(),
                failure: Some(why.to_string()),
            });
        }
        SiteAudit {
            target: Target::new(location),
            report,
        }
    }

    #[test]
    fn runs_are_recorded_read_back_and_never_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.db");
        let mut h = History::open(&path).unwrap();
        let sites = [
            audit("https://school5.ru", &[("faq", Outcome::Pass)], None),
            audit("https://school6.ru", &[], Some("анти-бот")),
        ];
        let id = h
            .record("2026-11-23T09:00:00Z", "2026-11-23", "agency", &sites)
            .unwrap();
        drop(h);
        let h = History::open(&path).unwrap();
        let runs = h.runs().unwrap();
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].id, id);
        assert_eq!(runs[0].today, "2026-11-23");
        assert_eq!(runs[0].catalog, catalog_version());
        let back = h.sites(id).unwrap();
        assert_eq!(back[0].key, "school5.ru");
        assert_eq!(back[0].outcomes["faq"].0, "pass");
        assert_eq!(back[0].outcomes["faq"].1, vec!["https://school5.ru/page"]);
        assert!(back[0].score.unwrap() > 0.0);
        assert_eq!(back[1].failure.as_deref(), Some("анти-бот"));
        assert_eq!(back[1].score, None);
        for sql in [
            "UPDATE runs SET today = '2020-01-01'",
            "DELETE FROM outcomes",
            "UPDATE site_runs SET score = 1",
        ] {
            let err = h.conn.execute(sql, []).unwrap_err().to_string();
            assert!(err.contains("runs are only added"), "{sql}: {err}");
        }
        assert!(h.intact().unwrap());
    }

    #[test]
    fn a_newer_file_and_a_foreign_file_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.db");
        drop(History::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1))
            .unwrap();
        drop(conn);
        let err = History::open(&path).err().unwrap().to_string();
        assert!(
            err.contains("newer uslugi") && err.contains("update uslugi"),
            "{err}"
        );
        let text = dir.path().join("notes.db");
        std::fs::write(&text, "это не база данных, а заметки".repeat(100)).unwrap();
        let err = History::open(&text).err().unwrap().to_string();
        assert!(err.contains("not a history file"), "{err}");
    }

    #[test]
    fn one_site_twice_in_a_run_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = History::open(&dir.path().join("h.db")).unwrap();
        let err = h
            .record(
                "t",
                "2026-11-23",
                "agency",
                &[
                    audit("http://school5.ru", &[], None),
                    audit("https://www.school5.ru/", &[], None),
                ],
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("are one site"), "{err}");
        assert!(h.runs().unwrap().is_empty());
    }

    #[test]
    fn two_writers_at_once_both_land_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.db");
        let sites: Vec<SiteAudit> = (0..200)
            .map(|i| {
                audit(
                    &format!("https://school{i}.ru"),
                    &[("faq", Outcome::Pass)],
                    None,
                )
            })
            .collect();
        std::thread::scope(|s| {
            for w in 0..4 {
                let (path, sites) = (&path, &sites);
                s.spawn(move || {
                    let mut h = History::open(path).unwrap();
                    for k in 0..3 {
                        h.record(&format!("w{w}-{k}"), "2026-11-23", "agency", sites)
                            .unwrap();
                    }
                });
            }
        });
        let h = History::open(&path).unwrap();
        let runs = h.runs().unwrap();
        assert_eq!(runs.len(), 12);
        for r in &runs {
            assert_eq!(h.sites(r.id).unwrap().len(), 200, "run {}", r.id);
        }
        assert!(h.intact().unwrap());
    }
}
