//! Publishing the built section to the agency's own hosting over SFTP, FTPS or FTP.
//!
//! [`target`] reads the address (and refuses one with a password in it), [`login`] holds
//! how to log in and whom to trust, [`sftp`] and [`ftp`] speak the protocols behind one
//! [`remote::Remote`] trait, [`plan`] works out what to send and delete from the
//! [`manifest`] of the last deploy and a listing of the server, [`lock`] keeps two deploys
//! apart, and [`publish`] carries a deploy out in the order that never leaves a broken site.
//! Nothing here prints; the binary reads the clock and the environment and hands them in.

pub mod error;
pub mod ftp;
pub mod lock;
pub mod login;
pub mod manifest;
pub mod plan;
pub mod publish;
pub mod remote;
pub mod sftp;
pub mod target;

pub use error::{DeployError, Failure, RemoteError};
pub use login::{Login, Secret};
pub use publish::{Options, Report, publish};
pub use target::{Scheme, Target};

/// Connects and logs in to `target` with the protocol its address names.
pub fn connect(target: &Target, login: &Login) -> Result<Box<dyn remote::Remote>, DeployError> {
    Ok(match target.scheme {
        Scheme::Sftp => Box::new(sftp::Sftp::connect(target, login)?),
        Scheme::Ftps | Scheme::Ftp => Box::new(ftp::Ftp::connect(target, login)?),
    })
}
