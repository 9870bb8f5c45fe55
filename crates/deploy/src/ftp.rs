//! FTP and FTPS (suppaftp, rustls on ring): explicit TLS on the control and data
//! connections for `ftps://`, UTF-8 names after `OPTS UTF8 ON`, folder listings by `MLSD`
//! (or `LIST` where the server has no `MLSD`), and uploads renamed into place with
//! `RNFR`/`RNTO`, which Unix FTP servers carry out as one `rename`.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::ToSocketAddrs;
use std::sync::Arc;
use std::time::Duration;

use suppaftp::types::FileType;
use suppaftp::{FtpError, RustlsConnector, RustlsFtpStream, Status};

use crate::error::{DeployError, Failure, RemoteError};
use crate::login::Login;
use crate::remote::{Folder, Remote};
use crate::target::{Scheme, Target};

const CHUNK: usize = 64 * 1024;

/// A logged-in FTP or FTPS session.
pub struct Ftp {
    stream: RustlsFtpStream,
    mlsd: bool,
}

fn tls_config(target: &Target, login: &Login) -> Result<rustls::ClientConfig, DeployError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = &login.ca_file {
        let bad = |detail: String| DeployError::Local {
            path: path.clone(),
            detail,
        };
        let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
        let mut added = 0;
        for cert in rustls_pemfile::certs(&mut pem.as_slice()) {
            let cert = cert.map_err(|e| bad(e.to_string()))?;
            roots.add(cert).map_err(|e| bad(e.to_string()))?;
            added += 1;
        }
        if added == 0 {
            return Err(bad("no PEM certificate in it".into()));
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| DeployError::Secure {
            endpoint: target.endpoint(),
            detail: e.to_string(),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

impl Ftp {
    /// Connects, secures the connection for `ftps://`, logs in with the password and
    /// switches to UTF-8 names and binary transfers.
    pub fn connect(target: &Target, login: &Login) -> Result<Ftp, DeployError> {
        let unreachable = |detail: String| DeployError::Unreachable {
            endpoint: target.endpoint(),
            detail,
        };
        let Some(password) = &login.password else {
            return Err(DeployError::NoCredentials {
                target: target.to_string(),
                tried: "FTP logs in with a password only, and USLUGI_DEPLOY_PASSWORD is not set"
                    .into(),
            });
        };
        let addr = (target.host.as_str(), target.port)
            .to_socket_addrs()
            .map_err(|e| unreachable(e.to_string()))?
            .next()
            .ok_or_else(|| unreachable("the name has no address".into()))?;
        let mut stream = RustlsFtpStream::connect_timeout(addr, Duration::from_secs(20))
            .map_err(|e| unreachable(e.to_string()))?;
        if target.scheme == Scheme::Ftps {
            let connector = RustlsConnector::from(Arc::new(tls_config(target, login)?));
            stream =
                stream
                    .into_secure(connector, &target.host)
                    .map_err(|e| DeployError::Secure {
                        endpoint: target.endpoint(),
                        detail: describe(&e),
                    })?;
        }
        if let Err(e) = stream.login(target.user.as_str(), password.expose()) {
            return Err(match e {
                FtpError::UnexpectedResponse(r)
                    if matches!(r.status, Status::NotLoggedIn | Status::InvalidCredentials) =>
                {
                    DeployError::Login {
                        target: target.to_string(),
                        user: target.user.clone(),
                        how: "the password from USLUGI_DEPLOY_PASSWORD".into(),
                    }
                }
                other => DeployError::Secure {
                    endpoint: target.endpoint(),
                    detail: describe(&other),
                },
            });
        }
        let features = stream.feat().unwrap_or_default();
        let has = |name: &str| features.keys().any(|k| k.eq_ignore_ascii_case(name));
        if has("UTF8") {
            let _ = stream.opts("UTF8", Some("ON"));
        }
        let mlsd = has("MLST");
        stream
            .transfer_type(FileType::Binary)
            .map_err(|e| DeployError::Secure {
                endpoint: target.endpoint(),
                detail: describe(&e),
            })?;
        Ok(Ftp { stream, mlsd })
    }

    fn exists(&mut self, path: &str) -> bool {
        self.stream.size(path).is_ok()
    }

    fn list_one(&mut self, dir: &str) -> Result<Folder, FtpError> {
        let lines = if self.mlsd {
            self.stream.mlsd(Some(dir))
        } else {
            self.stream.list(Some(dir))
        };
        let lines = match lines {
            Ok(l) => l,
            // Servers answer a missing folder with 550, 450 or (pyftpdlib) 501.
            Err(FtpError::UnexpectedResponse(r))
                if matches!(
                    r.status,
                    Status::FileUnavailable
                        | Status::RequestFileActionIgnored
                        | Status::BadArguments
                ) =>
            {
                return Ok(None);
            }
            Err(e) => return Err(e),
        };
        let mut files = BTreeMap::new();
        for line in lines {
            let parsed = if self.mlsd {
                parse_mlsd(&line)
            } else {
                line.parse::<suppaftp::list::File>()
                    .ok()
                    .filter(|f| f.is_file())
                    .map(|f| (f.name().to_string(), f.size() as u64))
            };
            if let Some((name, size)) = parsed {
                files.insert(name, size);
            }
        }
        Ok(Some(files))
    }
}

/// One `MLSD` line: `type=file;size=12;modify=…; name` → the name and size of a file.
fn parse_mlsd(line: &str) -> Option<(String, u64)> {
    let (facts, name) = line.split_once(' ')?;
    let mut file = false;
    let mut size = 0;
    for fact in facts.split(';') {
        let (key, value) = fact.split_once('=').unwrap_or((fact, ""));
        match key.to_ascii_lowercase().as_str() {
            "type" => file = value.eq_ignore_ascii_case("file"),
            "size" => size = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    file.then(|| (name.to_string(), size))
}

/// The server's reply or the library's words, without anything we sent.
fn describe(e: &FtpError) -> String {
    match e {
        FtpError::UnexpectedResponse(r) => {
            let body = String::from_utf8_lossy(&r.body).trim().to_string();
            let code = r.status.code().to_string();
            if body.starts_with(&code) {
                body
            } else {
                format!("{code} {body}")
            }
        }
        other => other.to_string(),
    }
}

fn remote_error(what: &'static str, path: &str, e: FtpError) -> RemoteError {
    // A 550 answers a write to a folder the user may not change (the folder itself was
    // listed or made just before); on a read it means the file is not there.
    let writing = !matches!(what, "listing" | "reading");
    let failure = match &e {
        FtpError::ConnectionError(_) => Failure::Connection,
        FtpError::UnexpectedResponse(r) => match r.status {
            Status::ExceededStorage | Status::RequestedActionNotTaken => Failure::NoSpace,
            Status::BadFilename => Failure::Permission,
            Status::FileUnavailable if writing => Failure::Permission,
            Status::FileUnavailable => Failure::NotFound,
            Status::NotAvailable | Status::TransferAborted => Failure::Connection,
            _ => Failure::Other,
        },
        _ => Failure::Other,
    };
    RemoteError {
        failure,
        what,
        path: path.to_string(),
        detail: describe(&e),
    }
}

impl Remote for Ftp {
    fn list(&mut self, dirs: &[String]) -> Result<Vec<Folder>, RemoteError> {
        dirs.iter()
            .map(|d| self.list_one(d).map_err(|e| remote_error("listing", d, e)))
            .collect()
    }

    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, RemoteError> {
        match self.stream.retr_as_buffer(path) {
            Ok(cursor) => Ok(Some(cursor.into_inner())),
            Err(FtpError::UnexpectedResponse(r)) if r.status == Status::FileUnavailable => Ok(None),
            Err(e) => Err(remote_error("reading", path, e)),
        }
    }

    fn mkdir(&mut self, path: &str) -> Result<(), RemoteError> {
        match self.stream.mkdir(path) {
            Ok(()) => Ok(()),
            Err(e) => match self.list_one(path) {
                Ok(Some(_)) => Ok(()),
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
        let err = |e| remote_error("uploading", path, e);
        let mut upload = self.stream.put_with_stream(path).map_err(err)?;
        for chunk in bytes.chunks(CHUNK) {
            upload
                .write_all(chunk)
                .map_err(|e| err(FtpError::ConnectionError(e)))?;
            sent(chunk.len() as u64);
        }
        upload.finish().map_err(err)
    }

    fn create_new(&mut self, path: &str, bytes: &[u8]) -> Result<bool, RemoteError> {
        // FTP has no «create only if absent»: look, then write. Two deploys starting in the
        // same instant could both pass; the lock's owner is read back to catch that.
        if self.exists(path) {
            return Ok(false);
        }
        self.put(path, bytes, &mut |_| {})?;
        Ok(true)
    }

    fn rename(&mut self, from: &str, to: &str) -> Result<(), RemoteError> {
        self.stream
            .rename(from, to)
            .map_err(|e| remote_error("renaming into place", to, e))
    }

    fn remove(&mut self, path: &str) -> Result<(), RemoteError> {
        match self.stream.rm(path) {
            Ok(()) => Ok(()),
            Err(_) if !self.exists(path) => Ok(()),
            Err(e) => Err(remote_error("deleting", path, e)),
        }
    }

    fn rmdir(&mut self, path: &str) -> Result<(), RemoteError> {
        self.stream
            .rmdir(path)
            .map_err(|e| remote_error("removing the folder", path, e))
    }

    fn close(&mut self) {
        let _ = self.stream.quit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_the_server_refused() {
        let reply = |code: u32, body: &str| {
            FtpError::UnexpectedResponse(suppaftp::types::Response::new(
                Status::from(code),
                body.as_bytes().to_vec(),
            ))
        };
        let kind = |what, code, body| remote_error(what, "www/a", reply(code, body)).failure;
        assert_eq!(
            kind("uploading", 552, "552 Quota exceeded"),
            Failure::NoSpace
        );
        assert_eq!(
            kind("uploading", 452, "452 No space left"),
            Failure::NoSpace
        );
        assert_eq!(
            kind("uploading", 550, "550 Not enough privileges."),
            Failure::Permission
        );
        assert_eq!(kind("reading", 550, "550 No such file."), Failure::NotFound);
        let e = remote_error("uploading", "www/a", reply(552, "552 Quota exceeded"));
        assert_eq!(e.detail, "552 Quota exceeded");
    }

    #[test]
    fn reads_mlsd_lines() {
        assert_eq!(
            parse_mlsd("type=file;size=1830;modify=20261207101500; памятка.pdf"),
            Some(("памятка.pdf".into(), 1830))
        );
        assert_eq!(parse_mlsd("type=dir;modify=20261207101500; faq"), None);
        assert_eq!(
            parse_mlsd("Type=File;Size=3; a b.txt"),
            Some(("a b.txt".into(), 3))
        );
    }
}
