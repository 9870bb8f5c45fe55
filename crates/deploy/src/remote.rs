//! The few operations a deploy needs from a server, whatever the protocol. Paths are the
//! server's own: the target folder joined with a path inside the site.

use std::collections::BTreeMap;

use crate::error::RemoteError;

/// A folder's files and their sizes; `None` when the folder does not exist.
pub type Folder = Option<BTreeMap<String, u64>>;

/// A connected, logged-in server.
pub trait Remote {
    /// Lists `dirs`, in the same order: each folder's files (not sub-folders) with sizes.
    fn list(&mut self, dirs: &[String]) -> Result<Vec<Folder>, RemoteError>;
    /// The content of a file; `None` when there is none.
    fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>, RemoteError>;
    /// Creates a folder whose parent exists; a folder already there is fine.
    fn mkdir(&mut self, path: &str) -> Result<(), RemoteError>;
    /// Writes `bytes` to `path`, creating or truncating it; `sent` is told the bytes as
    /// they go.
    fn put(
        &mut self,
        path: &str,
        bytes: &[u8],
        sent: &mut dyn FnMut(u64),
    ) -> Result<(), RemoteError>;
    /// Creates `path` with `bytes` only if nothing is there; `false` when something is.
    fn create_new(&mut self, path: &str, bytes: &[u8]) -> Result<bool, RemoteError>;
    /// Renames `from` to `to`, replacing `to` in one step.
    fn rename(&mut self, from: &str, to: &str) -> Result<(), RemoteError>;
    /// Deletes a file.
    fn remove(&mut self, path: &str) -> Result<(), RemoteError>;
    /// Deletes an empty folder.
    fn rmdir(&mut self, path: &str) -> Result<(), RemoteError>;
    /// Says goodbye.
    fn close(&mut self);
}
