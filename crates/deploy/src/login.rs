//! How to log in and whom to trust: the password (from the environment only), the key file
//! or the SSH agent, the known_hosts file, and for FTPS an extra certificate authority.

use std::fmt;
use std::path::PathBuf;

/// A password. Shown as `***` by `Debug`, never by `Display`: it has none.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a password.
    pub fn new(text: String) -> Secret {
        Secret(text)
    }

    /// The password, for sending to the server.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Everything a connection needs besides the target.
#[derive(Debug, Clone, Default)]
pub struct Login {
    /// The password (`USLUGI_DEPLOY_PASSWORD`).
    pub password: Option<Secret>,
    /// An OpenSSH private key file, for SFTP.
    pub identity: Option<PathBuf>,
    /// Try the SSH agent (`SSH_AUTH_SOCK`) when there is no key file.
    pub agent: bool,
    /// The known_hosts file that holds the servers' keys.
    pub known_hosts: PathBuf,
    /// Record an unknown host's key instead of refusing it.
    pub accept_new_host_key: bool,
    /// A PEM file of certificates to trust for FTPS besides the built-in roots.
    pub ca_file: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_shows() {
        let login = Login {
            password: Some(Secret::new("hunter2".into())),
            ..Login::default()
        };
        assert!(!format!("{login:?}").contains("hunter2"));
    }
}
