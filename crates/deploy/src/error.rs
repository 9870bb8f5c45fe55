//! What can stop a deploy, each with what to do about it. No message ever holds a password:
//! targets are shown without one, and the server's own words are kept only where they
//! cannot echo what we sent.

use std::path::PathBuf;

use thiserror::Error;

/// A failed operation on the server, as the protocol reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server refused: no permission for the path.
    Permission,
    /// The disk or the quota is full.
    NoSpace,
    /// The path does not exist.
    NotFound,
    /// The connection dropped or timed out.
    Connection,
    /// Anything else.
    Other,
}

/// One operation that failed on the server.
#[derive(Debug, Clone, Error)]
#[error("{what} {path}: {detail}")]
pub struct RemoteError {
    /// What kind of failure.
    pub failure: Failure,
    /// What we were doing («uploading», «renaming»…).
    pub what: &'static str,
    /// The path on the server.
    pub path: String,
    /// The server's or the library's words.
    pub detail: String,
}

/// Anything that stops `uslugi deploy`.
#[derive(Debug, Error)]
pub enum DeployError {
    /// The target address cannot be used.
    #[error("cannot publish to {target}: {why}")]
    BadTarget {
        /// The address, password cut out.
        target: String,
        /// Why.
        why: String,
    },
    /// A password was written into the target address.
    #[error("the target address {target} holds a password; uslugi refuses to read one there")]
    SecretInTarget {
        /// The address with the password replaced by `***`.
        target: String,
    },
    /// Neither `--to` nor `[deploy] target`.
    #[error("nowhere to publish: site.toml has no [deploy] target and --to was not given")]
    NoTarget,
    /// There is no way to log in.
    #[error("no way to log in to {target}")]
    NoCredentials {
        /// The target.
        target: String,
        /// Which ways were tried.
        tried: String,
    },
    /// The host did not answer.
    #[error("cannot reach {endpoint}: {detail}")]
    Unreachable {
        /// `host:port`.
        endpoint: String,
        /// The system's words.
        detail: String,
    },
    /// The server's host key is not in known_hosts.
    #[error("the host key of {endpoint} is unknown ({fingerprint}); not connecting")]
    UnknownHostKey {
        /// `host:port`.
        endpoint: String,
        /// SHA-256 fingerprint of the key the server showed.
        fingerprint: String,
        /// The known_hosts file consulted.
        known_hosts: PathBuf,
    },
    /// The server's host key differs from the one in known_hosts.
    #[error(
        "the host key of {endpoint} has CHANGED since it was recorded ({known_hosts}, line {line}); not connecting"
    )]
    ChangedHostKey {
        /// `host:port`.
        endpoint: String,
        /// SHA-256 fingerprint of the key the server showed.
        fingerprint: String,
        /// The known_hosts file consulted.
        known_hosts: PathBuf,
        /// The line that holds the recorded key.
        line: usize,
    },
    /// known_hosts could not be read or written.
    #[error("cannot use {path}: {detail}")]
    KnownHosts {
        /// The file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// The server refused the login.
    #[error("{target} refused the login of `{user}` ({how})")]
    Login {
        /// The target.
        target: String,
        /// The user.
        user: String,
        /// What was offered: password, key file, agent.
        how: String,
    },
    /// The private key file cannot be used.
    #[error("cannot use the key {path}: {detail}")]
    Identity {
        /// The file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
    /// TLS or SSH negotiation failed.
    #[error("cannot open a secure connection to {endpoint}: {detail}")]
    Secure {
        /// `host:port`.
        endpoint: String,
        /// Why.
        detail: String,
    },
    /// An operation on the server failed.
    #[error("{target}: {error}")]
    Remote {
        /// The target.
        target: String,
        /// What failed.
        error: RemoteError,
    },
    /// Another deploy holds the target.
    #[error("another deploy to {target} is running: {owner}, since {since}")]
    Locked {
        /// The target.
        target: String,
        /// Who holds the lock.
        owner: String,
        /// When it was taken.
        since: String,
    },
    /// A lock older than an hour.
    #[error("{target} is locked by a deploy that started over an hour ago: {owner}, since {since}")]
    StaleLock {
        /// The target.
        target: String,
        /// Who holds the lock.
        owner: String,
        /// When it was taken.
        since: String,
        /// The lock file on the server.
        path: String,
    },
    /// The deploy would delete more files than allowed.
    #[error(
        "this deploy would delete {count} files from {target}, more than --max-deletes {max}; nothing was changed"
    )]
    TooManyDeletes {
        /// The target.
        target: String,
        /// How many files would go.
        count: usize,
        /// The limit.
        max: usize,
        /// A few of them.
        sample: Vec<String>,
    },
    /// The manifest on the server cannot be read.
    #[error("{target}: the manifest {path} is not one uslugi can read: {detail}")]
    BadManifest {
        /// The target.
        target: String,
        /// Its path on the server.
        path: String,
        /// Why.
        detail: String,
    },
    /// A local file could not be read.
    #[error("cannot read {path}: {detail}")]
    Local {
        /// The file.
        path: PathBuf,
        /// Why.
        detail: String,
    },
}

impl DeployError {
    /// What the user can do about it.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            DeployError::BadTarget { .. } => {
                "write the target as sftp://user@host[:port]/folder/ (or ftps://, ftp://)".into()
            }
            DeployError::SecretInTarget { .. } => "remove the password from the address and \
                put it in the environment variable USLUGI_DEPLOY_PASSWORD (in CI: a masked \
                variable), or log in with a key (--identity) or the SSH agent"
                .into(),
            DeployError::NoTarget => "add `[deploy]` with `target = \"sftp://user@host/folder/\"` \
                to site.toml, or give --to"
                .into(),
            DeployError::NoCredentials { tried, .. } => format!(
                "tried {tried}; set USLUGI_DEPLOY_PASSWORD, give --identity KEYFILE \
                 (or `[deploy] identity`), or load a key into ssh-agent"
            ),
            DeployError::Unreachable { .. } => "check the host name and port, and that this \
                machine may connect to it (a hosting panel often has to allow SFTP/FTP first)"
                .into(),
            DeployError::UnknownHostKey { known_hosts, .. } => format!(
                "compare the fingerprint with the one your hosting provider publishes; if it \
                 matches, run again with --accept-new-host-key to record it in {}",
                known_hosts.display()
            ),
            DeployError::ChangedHostKey { .. } => "the server may have been reinstalled, or \
                someone is between you and it; ask the hosting provider for the new key's \
                fingerprint before removing the old line from known_hosts"
                .into(),
            DeployError::KnownHosts { .. } => {
                "name a readable file with `[deploy] known_hosts` or --known-hosts".into()
            }
            DeployError::Login { .. } => "check the user name and USLUGI_DEPLOY_PASSWORD, or \
                that the key's public half is in the server's authorized_keys"
                .into(),
            DeployError::Identity { .. } => "give an OpenSSH private key without a passphrase, \
                or load the key into ssh-agent and leave --identity out"
                .into(),
            DeployError::Secure { .. } => "check that the port is the server's SFTP or FTP \
                port; for a certificate the system does not trust, give the CA with --ca-file"
                .into(),
            DeployError::Remote { error, .. } => match error.failure {
                Failure::Permission => "the user may not write there: check the folder in the \
                    target and its permissions in the hosting panel"
                    .into(),
                Failure::NoSpace => "the disk or the hosting quota is full: free space or raise \
                    the quota, then run deploy again; it picks up where it stopped"
                    .into(),
                Failure::Connection => "the connection was lost; run deploy again: files \
                    already sent are kept and the rest follows"
                    .into(),
                Failure::NotFound | Failure::Other => {
                    "run deploy again; if it fails the same way, ask the hosting provider".into()
                }
            },
            DeployError::Locked { .. } => "wait for that deploy to finish, then run again".into(),
            DeployError::StaleLock { path, .. } => format!(
                "if no deploy is running, run again with --break-lock (or delete {path} \
                 on the server)"
            ),
            DeployError::TooManyDeletes { sample, .. } => format!(
                "check with --dry-run; if that is what you want, raise --max-deletes. \
                 First of them: {}",
                sample.join(", ")
            ),
            DeployError::BadManifest { .. } => "remove the manifest on the server; the next \
                deploy then uploads everything and leaves other files alone"
                .into(),
            DeployError::Local { .. } => return None,
        })
    }
}
