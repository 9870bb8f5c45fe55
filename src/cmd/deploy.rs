//! `uslugi deploy`: build as `uslugi build` does, then publish the output to the agency's
//! hosting over SFTP, FTPS or FTP — only what changed, in an order that never leaves a broken
//! site — and say what was sent.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;

use super::{Cli, Error};
use uslugi_deploy::plan::{Action, Plan};
use uslugi_deploy::{Login, Options, Report, Scheme, Secret, Target};
use uslugi_site::MARKER;
use uslugi_site::config::{self, DeployConfig};
use uslugi_site::pipeline::{self, BuildOptions};
use uslugi_site::render::{CACHE_DIR, ImageCache};
use uslugi_site::site::SiteOptions;

/// The environment variable that holds the password.
const PASSWORD_VAR: &str = "USLUGI_DEPLOY_PASSWORD";

/// `uslugi deploy`.
#[derive(Debug, Args)]
pub struct DeployArgs {
    /// The site's root directory (where site.toml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Where to publish: sftp://user@host[:port]/folder/, ftps://… or ftp://…
    /// [default: `[deploy] target` of site.toml]. Never put a password in it: set
    /// USLUGI_DEPLOY_PASSWORD instead.
    #[arg(long, value_name = "URL")]
    pub to: Option<String>,
    /// List what would be uploaded, replaced and deleted, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Publish the output folder as it is, without building first.
    #[arg(long)]
    pub no_build: bool,
    /// The output folder to build into and publish [default: `[build] output`: `public`].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// An OpenSSH private key for SFTP [default: `[deploy] identity`; without one, the SSH
    /// agent's keys are tried].
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// The known_hosts file that holds the server's key [default: `[deploy] known_hosts`,
    /// then ~/.ssh/known_hosts].
    #[arg(long, value_name = "FILE")]
    pub known_hosts: Option<PathBuf>,
    /// Trust a server not yet in known_hosts and record its key there. A changed key is
    /// refused all the same.
    #[arg(long)]
    pub accept_new_host_key: bool,
    /// Certificates (PEM) to trust for FTPS besides the usual roots, for hosting with a
    /// certificate of its own [default: `[deploy] ca_file`].
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Stop before changing anything when a deploy would delete more files than this
    /// [default: `[deploy] max_deletes`, then 100].
    #[arg(long, value_name = "N")]
    pub max_deletes: Option<usize>,
    /// Replace a lock left on the server over an hour ago by a deploy that is not running.
    #[arg(long)]
    pub break_lock: bool,
}

/// `uslugi deploy`.
pub fn run(cli: &Cli, args: &DeployArgs) -> Result<i32, Error> {
    let root = super::site_root(&args.root)?;
    let now = super::now(None)?;
    // Where and how to publish is settled before anything is built: a wrong address or a
    // password in site.toml stops at once.
    let (site_config, _) = config::load(&root).map_err(uslugi_site::site::LoadError::from)?;
    let config = site_config.deploy;
    let target = target(args, &config)?;
    let login = login(&root, args, &config)?;
    let (files, output) = if args.no_build {
        let output = super::output_dir(args.output.as_deref())?
            .unwrap_or_else(|| root.join(&site_config.build.output));
        (read_output(&output)?, output)
    } else {
        let built = build(cli, &root, args, now)?;
        let files = built
            .rendered
            .output
            .files
            .into_iter()
            .map(|(p, f)| (p, f.bytes))
            .collect();
        (files, built.target)
    };
    if target.scheme == Scheme::Ftp && !cli.quiet {
        eprintln!(
            "warning: ftp:// sends the password and every file in clear text; use ftps:// or \
             sftp:// if the hosting offers it"
        );
    }
    let opts = Options {
        dry_run: args.dry_run,
        max_deletes: args.max_deletes.or(config.max_deletes).unwrap_or(100),
        break_lock: args.break_lock,
        me: owner(),
        now_unix: now.instant().as_second(),
        now: now.instant().to_string(),
        generator: format!("uslugi {}", env!("CARGO_PKG_VERSION")),
        alive: &alive,
    };
    let list: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    if !cli.quiet {
        eprintln!(
            "Publishing {} ({} files) to {target}{}",
            output.display(),
            list.len(),
            if args.dry_run { " — dry run" } else { "" }
        );
    }
    let started = Instant::now();
    let report = super::progress::with_progress(cli, "публикация…", |progress| {
        let mut remote = uslugi_deploy::connect(&target, &login)?;
        let report = uslugi_deploy::publish(remote.as_mut(), &target, &list, &opts, progress);
        remote.close();
        report
    })?;
    print_report(
        cli,
        &target,
        &report,
        args.dry_run,
        started.elapsed().as_secs_f64(),
    );
    Ok(0)
}

fn build(
    cli: &Cli,
    root: &Path,
    args: &DeployArgs,
    now: uslugi_core::Now,
) -> Result<pipeline::Built, Error> {
    let opts = BuildOptions {
        site: SiteOptions::at(now),
        output: super::output_dir(args.output.as_deref())?,
        cache: Some(ImageCache {
            dir: root.join(CACHE_DIR),
            write: true,
        }),
        ..BuildOptions::at(now)
    };
    let built = super::progress::with_progress(cli, "сборка сайта…", |progress| {
        pipeline::build(root, &opts, progress)
    })?;
    if !cli.quiet {
        eprintln!(
            "Built {} pages ({} files) → {}",
            built.rendered.output.pages().count(),
            built.stats.files,
            built.target.display()
        );
    }
    Ok(built)
}

/// The files of an output folder that `uslugi build` wrote, by `/`-separated path.
fn read_output(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, Error> {
    if !dir.join(MARKER).is_file() {
        return Err(Error::Usage(format!(
            "{} holds no site built by uslugi: run `uslugi build` first, or leave out --no-build",
            dir.display()
        )));
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Error::Usage(format!("cannot read {}: {e}", dir.display())))?;
        if !entry.file_type().is_file() || entry.file_name() == MARKER {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let bytes = std::fs::read(entry.path())
            .map_err(|e| Error::Usage(format!("cannot read {}: {e}", entry.path().display())))?;
        files.push((rel.join("/"), bytes));
    }
    Ok(files)
}

fn target(args: &DeployArgs, config: &DeployConfig) -> Result<Target, Error> {
    let text = args
        .to
        .as_deref()
        .or(config.target.as_deref())
        .ok_or(uslugi_deploy::DeployError::NoTarget)?;
    Ok(Target::parse(text)?)
}

fn login(root: &Path, args: &DeployArgs, config: &DeployConfig) -> Result<Login, Error> {
    // Paths in site.toml are relative to the site; paths on the command line to where the
    // command runs.
    let from_site = |p: &Option<PathBuf>| p.as_ref().map(|p| root.join(p));
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let known_hosts = args
        .known_hosts
        .clone()
        .or_else(|| from_site(&config.known_hosts))
        .or_else(|| home.map(|h| h.join(".ssh/known_hosts")))
        .ok_or_else(|| {
            Error::Usage("no home folder to find ~/.ssh/known_hosts: give --known-hosts".into())
        })?;
    Ok(Login {
        password: std::env::var(PASSWORD_VAR)
            .ok()
            .filter(|p| !p.is_empty())
            .map(Secret::new),
        identity: args
            .identity
            .clone()
            .or_else(|| from_site(&config.identity)),
        agent: std::env::var_os("SSH_AUTH_SOCK").is_some(),
        known_hosts,
        accept_new_host_key: args.accept_new_host_key,
        ca_file: args.ca_file.clone().or_else(|| from_site(&config.ca_file)),
    })
}

/// Who deploys: the login name, this machine's name and the process.
fn owner() -> uslugi_deploy::lock::Owner {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.is_empty()))
        .or_else(login_name)
        .unwrap_or_else(|| "unknown".into());
    let host = ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .find_map(|f| std::fs::read_to_string(f).ok())
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "unknown".into());
    uslugi_deploy::lock::Owner {
        user,
        host,
        pid: std::process::id(),
    }
}

/// The login name of this process's user, from /etc/passwd (Linux), for when the
/// environment does not say (a CI runner, a service).
fn login_name() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let uid = status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let fields: Vec<&str> = l.split(':').collect();
        (fields.get(2) == Some(&uid.as_str())).then(|| fields[0].to_string())
    })
}

/// Whether a process of this machine runs. Where that cannot be told, it is taken to run:
/// a lock is never taken over on a guess.
fn alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

fn print_report(cli: &Cli, target: &Target, report: &Report, dry_run: bool, secs: f64) {
    let plan = &report.plan;
    for note in &report.notes {
        eprintln!("note: {note}");
    }
    for edit in &plan.hand_edits {
        let now = edit
            .now
            .map(|n| format!("{n} bytes"))
            .unwrap_or_else(|| "gone".into());
        eprintln!(
            "warning: {} was changed on the server since uslugi published it ({} bytes, now {now})",
            edit.path, edit.published
        );
    }
    for path in &plan.kept {
        eprintln!("warning: kept {path}: no longer part of the site, but changed on the server");
    }
    if dry_run {
        print_plan(plan);
    }
    if cli.quiet {
        return;
    }
    let count = |a: Action| plan.uploads.iter().filter(|u| u.action == a).count();
    let (verb, bytes, sent) = if dry_run {
        let to_send: u64 = plan.uploads.iter().map(|u| u.size).sum();
        ("Would publish", to_send, "to send")
    } else {
        ("Published", report.bytes, "sent")
    };
    eprintln!(
        "{verb} to {target}: {} uploaded, {} replaced, {} overwritten, {} deleted, {} unchanged \
         ({:.1} MB {sent}) in {secs:.1} s{}",
        count(Action::New),
        count(Action::Replace),
        count(Action::Overwrite),
        plan.deletes.len(),
        plan.unchanged,
        bytes as f64 / 1_048_576.0,
        if report.first && !dry_run {
            " — first deploy: files that were already there and are not part of the site were left alone"
        } else {
            ""
        }
    );
}

/// The plan, one file per line on stdout: overwrites of files uslugi did not publish first.
fn print_plan(plan: &Plan) {
    let lines = [
        (Action::Overwrite, "overwrite (not published by uslugi)"),
        (Action::New, "upload"),
        (Action::Replace, "replace"),
    ];
    for (action, label) in lines {
        for u in plan.uploads.iter().filter(|u| u.action == action) {
            println!("{label}\t{}\t{} bytes", u.path, u.size);
        }
    }
    for path in &plan.deletes {
        println!("delete\t{path}");
    }
}
