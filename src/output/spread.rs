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
    use std::os::fd::AsRawFd;
    /// `FS_TOPDIR_FL` from `linux/fs.h`.
    const TOPDIR: libc::c_int = 0x0002_0000;
    let Ok(file) = std::fs::File::open(dir) else {
        return false;
    };
    let fd = file.as_raw_fd();
    let mut flags: libc::c_int = 0;
    // SAFETY: `fd` is an open descriptor owned by `file`, and both ioctls read or write one
    // `int` (the kernel's size for these flags) through a pointer to a live local.
    unsafe {
        if libc::ioctl(fd, libc::FS_IOC_GETFLAGS, &mut flags) != 0 {
            return false;
        }
        if flags & TOPDIR != 0 {
            return true;
        }
        flags |= TOPDIR;
        libc::ioctl(fd, libc::FS_IOC_SETFLAGS, &flags) == 0
    }
}

/// Asks the file system to spread the subdirectories of `dir`; returns whether it agreed.
#[cfg(not(target_os = "linux"))]
pub fn spread_subdirectories(_dir: &Path) -> bool {
    false
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The flags of `dir`, when its file system has them.
    fn flags(dir: &Path) -> Option<libc::c_int> {
        use std::os::fd::AsRawFd;
        let file = std::fs::File::open(dir).ok()?;
        let mut flags: libc::c_int = 0;
        // SAFETY: as in `spread_subdirectories`.
        let rc = unsafe { libc::ioctl(file.as_raw_fd(), libc::FS_IOC_GETFLAGS, &mut flags) };
        (rc == 0).then_some(flags)
    }

    #[test]
    fn marks_a_directory_where_the_file_system_keeps_flags() {
        // The build directory is on the disk the output usually goes to.
        let dir = tempfile::tempdir_in(env!("CARGO_MANIFEST_DIR")).unwrap();
        let before = flags(dir.path());
        let agreed = spread_subdirectories(dir.path());
        match (before, flags(dir.path())) {
            (Some(_), Some(after)) if agreed => assert_ne!(after & 0x0002_0000, 0),
            // File systems without per-file flags, or without this one, say no.
            (_, after) => assert!(!agreed && after.is_none_or(|f| f & 0x0002_0000 == 0)),
        }
    }
}
