//! SFTP over SSH (russh, russh-sftp): the host key checked against known_hosts, login by key
//! file, SSH agent or password, and files replaced with OpenSSH's `posix-rename`, so that a
//! page is never missing or half-written while it is being replaced.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client::{self, Handle};
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKey};
use russh_sftp::client::RawSftpSession;
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::protocol::{FileAttributes, OpenFlags, Packet, StatusCode};

use crate::error::{DeployError, Failure, RemoteError};
use crate::login::Login;
use crate::remote::{Folder, Remote};
use crate::target::Target;

const POSIX_RENAME: &str = "posix-rename@openssh.com";
/// Bytes per write request, and requests in flight at once.
const CHUNK: usize = 32 * 1024;
const IN_FLIGHT: usize = 16;

/// A logged-in SFTP session.
pub struct Sftp {
    rt: tokio::runtime::Runtime,
    session: Arc<RawSftpSession>,
    handle: Handle<Checker>,
    posix_rename: bool,
}

/// Checks the server's key while the connection is made, and keeps what it found.
struct Checker {
    host: String,
    port: u16,
    login: Login,
    refused: Arc<Mutex<Option<DeployError>>>,
}

impl Checker {
    fn judge(&self, key: &PublicKey) -> Result<(), DeployError> {
        let endpoint = format!("{}:{}", self.host, self.port);
        let fingerprint = key.fingerprint(HashAlg::Sha256).to_string();
        let path = &self.login.known_hosts;
        match russh::keys::check_known_hosts_path(&self.host, self.port, key, path) {
            Ok(true) => Ok(()),
            Ok(false) if self.login.accept_new_host_key => {
                russh::keys::known_hosts::learn_known_hosts_path(&self.host, self.port, key, path)
                    .map_err(|e| DeployError::KnownHosts {
                        path: path.clone(),
                        detail: e.to_string(),
                    })
            }
            Ok(false) => Err(DeployError::UnknownHostKey {
                endpoint,
                fingerprint,
                known_hosts: path.clone(),
            }),
            Err(russh::keys::Error::KeyChanged { line }) => Err(DeployError::ChangedHostKey {
                endpoint,
                fingerprint,
                known_hosts: path.clone(),
                line,
            }),
            Err(e) => Err(DeployError::KnownHosts {
                path: path.clone(),
                detail: e.to_string(),
            }),
        }
    }
}

impl client::Handler for Checker {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let verdict = match key {
            russh::keys::PublicKeyOrCertificate::PublicKey { key, .. } => self.judge(key),
            russh::keys::PublicKeyOrCertificate::Certificate(_) => Err(DeployError::Secure {
                endpoint: format!("{}:{}", self.host, self.port),
                detail: "the server shows a host certificate; uslugi checks plain host keys \
                         against known_hosts"
                    .into(),
            }),
        };
        match verdict {
            Ok(()) => Ok(true),
            Err(e) => {
                *self.refused.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                Ok(false)
            }
        }
    }
}

impl Sftp {
    /// Connects, checks the host key, logs in and opens the SFTP subsystem.
    pub fn connect(target: &Target, login: &Login) -> Result<Sftp, DeployError> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| DeployError::Secure {
                endpoint: target.endpoint(),
                detail: e.to_string(),
            })?;
        let (handle, session, posix_rename) = rt.block_on(open(target, login))?;
        Ok(Sftp {
            rt,
            session: Arc::new(session),
            handle,
            posix_rename,
        })
    }
}

async fn open(
    target: &Target,
    login: &Login,
) -> Result<(Handle<Checker>, RawSftpSession, bool), DeployError> {
    let refused = Arc::new(Mutex::new(None));
    let checker = Checker {
        host: target.host.clone(),
        port: target.port,
        login: login.clone(),
        refused: refused.clone(),
    };
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(Duration::from_secs(60)),
        ..Default::default()
    });
    let connecting = client::connect(config, (target.host.as_str(), target.port), checker);
    let connected = tokio::time::timeout(Duration::from_secs(20), connecting).await;
    let mut handle = match connected {
        Ok(Ok(h)) => h,
        Ok(Err(e)) => {
            if let Some(why) = refused.lock().unwrap_or_else(|p| p.into_inner()).take() {
                return Err(why);
            }
            return Err(match e {
                russh::Error::IO(io) => DeployError::Unreachable {
                    endpoint: target.endpoint(),
                    detail: io.to_string(),
                },
                other => DeployError::Secure {
                    endpoint: target.endpoint(),
                    detail: other.to_string(),
                },
            });
        }
        Err(_) => {
            return Err(DeployError::Unreachable {
                endpoint: target.endpoint(),
                detail: "no answer in 20 seconds".into(),
            });
        }
    };
    authenticate(&mut handle, target, login).await?;
    let secure = |e: russh::Error| DeployError::Secure {
        endpoint: target.endpoint(),
        detail: e.to_string(),
    };
    let channel = handle.channel_open_session().await.map_err(secure)?;
    channel
        .request_subsystem(true, "sftp")
        .await
        .map_err(secure)?;
    let session = RawSftpSession::new(channel.into_stream());
    session.set_timeout(60);
    let version = session.init().await.map_err(|e| DeployError::Secure {
        endpoint: target.endpoint(),
        detail: format!("the server has no SFTP service: {e}"),
    })?;
    let posix_rename = version
        .extensions
        .get(POSIX_RENAME)
        .is_some_and(|v| v == "1");
    Ok((handle, session, posix_rename))
}

/// Tries the key file, then the password, then the agent's keys; fails with what was tried.
async fn authenticate(
    handle: &mut Handle<Checker>,
    target: &Target,
    login: &Login,
) -> Result<(), DeployError> {
    let user = target.user.as_str();
    let mut tried = Vec::new();
    let secure = |e: russh::Error| DeployError::Secure {
        endpoint: target.endpoint(),
        detail: e.to_string(),
    };
    if let Some(path) = &login.identity {
        let key = load_key(path)?;
        let hash = handle
            .best_supported_rsa_hash()
            .await
            .map_err(secure)?
            .flatten();
        let key = PrivateKeyWithHashAlg::new(Arc::new(key), hash);
        tried.push(format!("the key {}", path.display()));
        if handle
            .authenticate_publickey(user, key)
            .await
            .map_err(secure)?
            .success()
        {
            return Ok(());
        }
    }
    if let Some(password) = &login.password {
        tried.push("the password from USLUGI_DEPLOY_PASSWORD".into());
        let result = handle.authenticate_password(user, password.expose()).await;
        if result.map_err(secure)?.success() {
            return Ok(());
        }
    }
    if login.agent && login.identity.is_none() && agent_keys(handle, user, &mut tried).await {
        return Ok(());
    }
    if tried.is_empty() {
        return Err(DeployError::NoCredentials {
            target: target.to_string(),
            tried: "no key file, no password and no SSH agent with keys".into(),
        });
    }
    Err(DeployError::Login {
        target: target.to_string(),
        user: user.to_string(),
        how: tried.join(", "),
    })
}

async fn agent_keys(handle: &mut Handle<Checker>, user: &str, tried: &mut Vec<String>) -> bool {
    let Ok(mut agent) = russh::keys::agent::client::AgentClient::connect_env().await else {
        return false;
    };
    let Ok(identities) = agent.request_identities().await else {
        return false;
    };
    for identity in identities {
        let russh::keys::agent::AgentIdentity::PublicKey { key, .. } = identity else {
            continue;
        };
        tried.push(format!(
            "the agent's key {}",
            key.fingerprint(HashAlg::Sha256)
        ));
        let hash = handle
            .best_supported_rsa_hash()
            .await
            .ok()
            .flatten()
            .flatten();
        let result = handle
            .authenticate_publickey_with(user, key, hash, &mut agent)
            .await;
        if result.is_ok_and(|r| r.success()) {
            return true;
        }
    }
    false
}

fn load_key(path: &Path) -> Result<russh::keys::PrivateKey, DeployError> {
    russh::keys::load_secret_key(path, None).map_err(|e| DeployError::Identity {
        path: path.to_path_buf(),
        detail: match e {
            russh::keys::Error::KeyIsEncrypted => "the key is protected by a passphrase".into(),
            other => other.to_string(),
        },
    })
}

fn failure(e: &SftpError) -> Failure {
    match e {
        SftpError::Status(s) => match s.status_code {
            StatusCode::NoSuchFile => Failure::NotFound,
            StatusCode::PermissionDenied => Failure::Permission,
            StatusCode::NoConnection | StatusCode::ConnectionLost => Failure::Connection,
            _ => Failure::Other,
        },
        SftpError::IO(_) | SftpError::Timeout => Failure::Connection,
        _ => Failure::Other,
    }
}

fn remote_error(what: &'static str, path: &str, e: SftpError) -> RemoteError {
    RemoteError {
        failure: failure(&e),
        what,
        path: path.to_string(),
        detail: e.to_string(),
    }
}

fn ssh_string(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

async fn list_one(session: &RawSftpSession, dir: &str) -> Result<Folder, SftpError> {
    let handle = match session.opendir(dir).await {
        Ok(h) => h.handle,
        Err(SftpError::Status(s)) if s.status_code == StatusCode::NoSuchFile => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut files = BTreeMap::new();
    loop {
        match session.readdir(handle.as_str()).await {
            Ok(name) => {
                for f in name.files {
                    if !f.attrs.is_dir() && f.filename != "." && f.filename != ".." {
                        files.insert(f.filename, f.attrs.size.unwrap_or(0));
                    }
                }
            }
            Err(SftpError::Status(s)) if s.status_code == StatusCode::Eof => break,
            Err(e) => return Err(e),
        }
    }
    session.close(handle).await?;
    Ok(Some(files))
}

impl Sftp {
    /// Free bytes where `path` lives, when the server says (`statvfs@openssh.com`).
    fn free_space(&self, path: &str) -> Option<u64> {
        let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or(".");
        let stat = self.rt.block_on(self.session.statvfs(dir)).ok()?;
        Some(stat.blocks_avail.saturating_mul(stat.fragment_size))
    }

    async fn write_all(
        session: &Arc<RawSftpSession>,
        path: &str,
        bytes: &[u8],
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), SftpError> {
        let flags = OpenFlags::CREATE | OpenFlags::TRUNCATE | OpenFlags::WRITE;
        let handle = session
            .open(path, flags, FileAttributes::empty())
            .await?
            .handle;
        let chunks: Vec<(usize, &[u8])> = bytes
            .chunks(CHUNK)
            .enumerate()
            .map(|(i, c)| (i * CHUNK, c))
            .collect();
        for window in chunks.chunks(IN_FLIGHT) {
            let writes = window.iter().map(|(offset, chunk)| {
                session.write(handle.as_str(), *offset as u64, chunk.to_vec())
            });
            futures::future::try_join_all(writes).await?;
            sent(window.iter().map(|(_, c)| c.len() as u64).sum());
        }
        session.close(handle).await?;
        Ok(())
    }
}

impl Remote for Sftp {
    fn list(&mut self, dirs: &[String]) -> Result<Vec<Folder>, RemoteError> {
        let session = self.session.clone();
        self.rt.block_on(async move {
            let mut out = Vec::with_capacity(dirs.len());
            for batch in dirs.chunks(32) {
                let lists = batch.iter().map(|d| list_one(&session, d));
                for (dir, result) in batch.iter().zip(futures::future::join_all(lists).await) {
                    out.push(result.map_err(|e| remote_error("listing", dir, e))?);
                }
            }
            Ok(out)
        })
    }

    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, RemoteError> {
        let session = self.session.clone();
        self.rt.block_on(async move {
            let err = |e| remote_error("reading", path, e);
            let handle = match session
                .open(path, OpenFlags::READ, FileAttributes::empty())
                .await
            {
                Ok(h) => h.handle,
                Err(SftpError::Status(s)) if s.status_code == StatusCode::NoSuchFile => {
                    return Ok(None);
                }
                Err(e) => return Err(err(e)),
            };
            let mut bytes = Vec::new();
            loop {
                match session
                    .read(handle.as_str(), bytes.len() as u64, CHUNK as u32)
                    .await
                {
                    Ok(data) if data.data.is_empty() => break,
                    Ok(data) => bytes.extend_from_slice(&data.data),
                    Err(SftpError::Status(s)) if s.status_code == StatusCode::Eof => break,
                    Err(e) => return Err(err(e)),
                }
            }
            session.close(handle).await.map_err(err)?;
            Ok(Some(bytes))
        })
    }

    fn mkdir(&mut self, path: &str) -> Result<(), RemoteError> {
        let made = self
            .rt
            .block_on(self.session.mkdir(path, FileAttributes::empty()));
        match made {
            Ok(_) => Ok(()),
            Err(e) => match self.rt.block_on(self.session.stat(path)) {
                Ok(attrs) if attrs.attrs.is_dir() => Ok(()),
                _ => Err(remote_error("creating the folder", path, e)),
            },
        }
    }

    fn put(
        &mut self,
        path: &str,
        bytes: &[u8],
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), RemoteError> {
        let session = self.session.clone();
        match self
            .rt
            .block_on(Sftp::write_all(&session, path, bytes, sent))
        {
            Ok(()) => Ok(()),
            Err(e) => {
                let mut err = remote_error("uploading", path, e);
                // OpenSSH reports a full disk as a bare «Failure»: ask how much room is left.
                if err.failure == Failure::Other
                    && self
                        .free_space(path)
                        .is_some_and(|free| free < bytes.len() as u64 + 4096)
                {
                    err.failure = Failure::NoSpace;
                    err.detail = "no space left on the server".into();
                }
                Err(err)
            }
        }
    }

    fn create_new(&mut self, path: &str, bytes: &[u8]) -> Result<bool, RemoteError> {
        let flags = OpenFlags::CREATE | OpenFlags::EXCLUDE | OpenFlags::WRITE;
        let session = self.session.clone();
        let opened = self
            .rt
            .block_on(session.open(path, flags, FileAttributes::empty()));
        let handle = match opened {
            Ok(h) => h.handle,
            Err(e) => {
                return match self.rt.block_on(session.stat(path)) {
                    Ok(_) => Ok(false),
                    Err(_) => Err(remote_error("creating", path, e)),
                };
            }
        };
        let err = |e| remote_error("writing", path, e);
        self.rt
            .block_on(session.write(handle.as_str(), 0, bytes.to_vec()))
            .map_err(err)?;
        self.rt.block_on(session.close(handle)).map_err(err)?;
        Ok(true)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), RemoteError> {
        let err = |e| remote_error("renaming into place", to, e);
        if self.posix_rename {
            let mut data = Vec::with_capacity(8 + from.len() + to.len());
            ssh_string(&mut data, from);
            ssh_string(&mut data, to);
            return match self.rt.block_on(self.session.extended(POSIX_RENAME, data)) {
                Ok(Packet::Status(s)) if s.status_code == StatusCode::Ok => Ok(()),
                Ok(Packet::Status(s)) => Err(err(SftpError::Status(s))),
                Ok(_) => Err(err(SftpError::UnexpectedPacket)),
                Err(e) => Err(err(e)),
            };
        }
        // A server without posix-rename cannot replace in one step: the old file is removed
        // first, so the name is missing for the moment between the two calls.
        let _ = self.rt.block_on(self.session.remove(to));
        self.rt
            .block_on(self.session.rename(from, to))
            .map(|_| ())
            .map_err(err)
    }

    fn remove(&mut self, path: &str) -> Result<(), RemoteError> {
        match self.rt.block_on(self.session.remove(path)) {
            Ok(_) => Ok(()),
            Err(SftpError::Status(s)) if s.status_code == StatusCode::NoSuchFile => Ok(()),
            Err(e) => Err(remote_error("deleting", path, e)),
        }
    }

    fn rmdir(&mut self, path: &str) -> Result<(), RemoteError> {
        self.rt
            .block_on(self.session.rmdir(path))
            .map(|_| ())
            .map_err(|e| remote_error("removing the folder", path, e))
    }

    fn close(&mut self) {
        let _ = self.session.close_session();
        let _ = self.rt.block_on(self.handle.disconnect(
            russh::Disconnect::ByApplication,
            "",
            "en",
        ));
    }
}
