//! A hint to the file system about where to put the output's directories.
//!
//! ext4 gives a new directory an inode near its parent's, and when thousands of inodes
//! there were freed a moment ago — the previous output, just deleted — it checks and
//! skips every one of them for each new inode, so writing 20,000 files and directories can
//! take seconds instead of a fraction of one. Marking the output directory "top of a
//! directory hierarchy" (`chattr +T`) lets ext4 spread its subdirectories over the whole
//! disk, away from the freshly freed inodes. Elsewhere (other file systems, other systems)
//! this does nothing.

use std::path::Path;

/// Asks the file system to spread the subdirectories of `dir`; returns whether it agreed.
#[cfg(target_os = "linux")]
pub fn spread_subdirectories(dir: &Path) -> bool {
    use rustix::fs::{IFlags, ioctl_getflags, ioctl_setflags};
    let Ok(file) = std::fs::File::open(dir) else {
        return false;
    };
    match ioctl_getflags(&file) {
        Ok(flags) if flags.contains(IFlags::TOPDIR) => true,
        Ok(flags) => ioctl_setflags(&file, flags | IFlags::TOPDIR).is_ok(),
        Err(_) => false,
    }
}

/// Asks the file system to spread the subdirectories of `dir`; returns whether it agreed.
#[cfg(not(target_os = "linux"))]
pub fn spread_subdirectories(_dir: &Path) -> bool {
    false
}

#[cfg(all(test, target_os = "linux"))]
pub(crate) mod tests {
    use super::*;

    use rustix::fs::IFlags;

    /// The flags of `dir`, when its file system has them.
    fn flags(dir: &Path) -> Option<IFlags> {
        rustix::fs::ioctl_getflags(std::fs::File::open(dir).ok()?).ok()
    }

    #[test]
    fn marks_a_directory_where_the_file_system_keeps_flags() {
        // The folder the tests run in is on the disk the output usually goes to.
        let dir = tempfile::tempdir_in(".")
            .or_else(|_| tempfile::tempdir())
            .unwrap();
        let before = flags(dir.path());
        let agreed = spread_subdirectories(dir.path());
        match (before, flags(dir.path())) {
            (Some(_), Some(after)) if agreed => assert!(after.contains(IFlags::TOPDIR)),
            // File systems without per-file flags, or without this one, say no.
            (_, after) => assert!(!agreed && after.is_none_or(|f| !f.contains(IFlags::TOPDIR))),
        }
    }
}
