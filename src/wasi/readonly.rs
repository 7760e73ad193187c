//! Read-only preopened directories.
//!
//! wasi-common's preopens carry no permissions: every preopen can be written. A read-only
//! preopen is therefore the real directory wrapped in [`ReadOnlyDir`], which passes reads
//! through and refuses every change with `EROFS`: opening for writing, creating, truncating,
//! making directories, symlinks and hard links, unlinking, removing, renaming and setting
//! times. Everything opened through it is wrapped again (subdirectories in [`ReadOnlyDir`],
//! files in [`ReadOnlyFile`]), so the refusal holds all the way down the tree, also for
//! operations on open descriptors such as `fd_filestat_set_times` or `fd_filestat_set_size`.
//!
//! Escaping the tree is not this module's job: cap-std (under wasi-common) resolves every
//! path beneath the preopened directory and refuses `..` or symlinks that leave it. Renames
//! and hard links *into* a read-only directory from a writable one fail as well, because
//! wasi-common's directory implementation accepts only its own type as the destination.

use std::any::Any;
use std::path::PathBuf;
use wasmi_wasi::wasi_common::dir::{OpenResult, ReaddirCursor, ReaddirEntity};
use wasmi_wasi::wasi_common::file::{Advice, FdFlags, FileType, Filestat, OFlags};
use wasmi_wasi::wasi_common::snapshots::preview_1::types::Errno;
use wasmi_wasi::wasi_common::{Error, SystemTimeSpec, WasiDir, WasiFile};

/// The error of every refused change: "read-only file system", as POSIX reports writes to a
/// read-only mount, with the operation as context for the embedder's logs.
fn refused(what: &str) -> Error {
    Error::from(Errno::Rofs).context(format!("{what} in a read-only preopened directory"))
}

/// A directory of a read-only preopen (the preopen itself or a directory opened through it).
pub(crate) struct ReadOnlyDir(Box<dyn WasiDir>);

impl ReadOnlyDir {
    /// Wraps `dir` so that nothing can be changed through it.
    pub(crate) fn new(dir: Box<dyn WasiDir>) -> Self {
        Self(dir)
    }
}

#[async_trait::async_trait]
impl WasiDir for ReadOnlyDir {
    fn as_any(&self) -> &dyn Any {
        // Ourselves, not the inner directory: wasi-common's rename and hard link downcast the
        // destination to their own type, so a read-only destination is refused.
        self
    }

    async fn open_file(
        &self,
        symlink_follow: bool,
        path: &str,
        oflags: OFlags,
        read: bool,
        write: bool,
        fdflags: FdFlags,
    ) -> Result<OpenResult, Error> {
        if write {
            return Err(refused("opening a file for writing"));
        }
        if oflags.intersects(OFlags::CREATE | OFlags::EXCLUSIVE | OFlags::TRUNCATE) {
            return Err(refused("creating or truncating a file"));
        }
        let opened = self
            .0
            .open_file(symlink_follow, path, oflags, read, false, fdflags)
            .await?;
        Ok(match opened {
            OpenResult::File(f) => OpenResult::File(Box::new(ReadOnlyFile(f))),
            OpenResult::Dir(d) => OpenResult::Dir(Box::new(ReadOnlyDir(d))),
        })
    }

    async fn create_dir(&self, _path: &str) -> Result<(), Error> {
        Err(refused("creating a directory"))
    }

    async fn readdir(
        &self,
        cursor: ReaddirCursor,
    ) -> Result<Box<dyn Iterator<Item = Result<ReaddirEntity, Error>> + Send>, Error> {
        self.0.readdir(cursor).await
    }

    async fn symlink(&self, _old_path: &str, _new_path: &str) -> Result<(), Error> {
        Err(refused("creating a symbolic link"))
    }

    async fn remove_dir(&self, _path: &str) -> Result<(), Error> {
        Err(refused("removing a directory"))
    }

    async fn unlink_file(&self, _path: &str) -> Result<(), Error> {
        Err(refused("unlinking a file"))
    }

    async fn read_link(&self, path: &str) -> Result<PathBuf, Error> {
        self.0.read_link(path).await
    }

    async fn get_filestat(&self) -> Result<Filestat, Error> {
        self.0.get_filestat().await
    }

    async fn get_path_filestat(
        &self,
        path: &str,
        follow_symlinks: bool,
    ) -> Result<Filestat, Error> {
        self.0.get_path_filestat(path, follow_symlinks).await
    }

    async fn rename(
        &self,
        _path: &str,
        _dest_dir: &dyn WasiDir,
        _dest_path: &str,
    ) -> Result<(), Error> {
        Err(refused("renaming"))
    }

    async fn hard_link(
        &self,
        _path: &str,
        _target_dir: &dyn WasiDir,
        _target_path: &str,
    ) -> Result<(), Error> {
        // Even into a writable directory: the new name would make a read-only file writable.
        Err(refused("hard-linking a file"))
    }

    async fn set_times(
        &self,
        _path: &str,
        _atime: Option<SystemTimeSpec>,
        _mtime: Option<SystemTimeSpec>,
        _follow_symlinks: bool,
    ) -> Result<(), Error> {
        Err(refused("setting times"))
    }
}

/// A file opened through a read-only directory: reads pass, changes are refused (the OS
/// would allow changing times or, on some systems, the size of a file open for reading).
pub(crate) struct ReadOnlyFile(Box<dyn WasiFile>);

#[async_trait::async_trait]
impl WasiFile for ReadOnlyFile {
    fn as_any(&self) -> &dyn Any {
        self
    }

    async fn get_filetype(&self) -> Result<FileType, Error> {
        self.0.get_filetype().await
    }

    #[cfg(unix)]
    fn pollable(&self) -> Option<std::os::fd::BorrowedFd<'_>> {
        self.0.pollable()
    }

    fn isatty(&self) -> bool {
        self.0.isatty()
    }

    async fn get_fdflags(&self) -> Result<FdFlags, Error> {
        self.0.get_fdflags().await
    }

    async fn set_fdflags(&mut self, flags: FdFlags) -> Result<(), Error> {
        self.0.set_fdflags(flags).await
    }

    async fn get_filestat(&self) -> Result<Filestat, Error> {
        self.0.get_filestat().await
    }

    async fn set_filestat_size(&self, _size: u64) -> Result<(), Error> {
        Err(refused("changing the size of a file"))
    }

    async fn advise(&self, offset: u64, len: u64, advice: Advice) -> Result<(), Error> {
        self.0.advise(offset, len, advice).await
    }

    async fn set_times(
        &self,
        _atime: Option<SystemTimeSpec>,
        _mtime: Option<SystemTimeSpec>,
    ) -> Result<(), Error> {
        Err(refused("setting times"))
    }

    async fn read_vectored<'a>(&self, bufs: &mut [std::io::IoSliceMut<'a>]) -> Result<u64, Error> {
        self.0.read_vectored(bufs).await
    }

    async fn read_vectored_at<'a>(
        &self,
        bufs: &mut [std::io::IoSliceMut<'a>],
        offset: u64,
    ) -> Result<u64, Error> {
        self.0.read_vectored_at(bufs, offset).await
    }

    async fn write_vectored<'a>(&self, _bufs: &[std::io::IoSlice<'a>]) -> Result<u64, Error> {
        Err(refused("writing"))
    }

    async fn write_vectored_at<'a>(
        &self,
        _bufs: &[std::io::IoSlice<'a>],
        _offset: u64,
    ) -> Result<u64, Error> {
        Err(refused("writing"))
    }

    async fn seek(&self, pos: std::io::SeekFrom) -> Result<u64, Error> {
        self.0.seek(pos).await
    }

    async fn peek(&self, buf: &mut [u8]) -> Result<u64, Error> {
        self.0.peek(buf).await
    }

    fn num_ready_bytes(&self) -> Result<u64, Error> {
        self.0.num_ready_bytes()
    }

    async fn readable(&self) -> Result<(), Error> {
        self.0.readable().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};
    use wasmi_wasi::wasi_common::sync::dir::Dir as SyncDir;

    /// Runs a future of the sync implementation, which is ready at its first poll.
    fn ready<T>(f: impl Future<Output = T>) -> T {
        let mut f = std::pin::pin!(f);
        match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("sync WASI future was not ready"),
        }
    }

    /// A fresh host directory holding `file.txt` ("hello") and `sub/inner.txt` ("inner").
    struct Fixture {
        path: PathBuf,
    }

    impl Fixture {
        fn new(tag: &str) -> Self {
            let path = std::env::temp_dir().join(format!(
                "wacapi-readonly-{tag}-{}-{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(path.join("sub")).unwrap();
            std::fs::write(path.join("file.txt"), "hello").unwrap();
            std::fs::write(path.join("sub/inner.txt"), "inner").unwrap();
            Self { path }
        }

        /// The fixture as a read-only WASI directory.
        fn read_only(&self) -> ReadOnlyDir {
            let dir = wasmi_wasi::sync::Dir::open_ambient_dir(
                &self.path,
                wasmi_wasi::sync::ambient_authority(),
            )
            .unwrap();
            ReadOnlyDir::new(Box::new(SyncDir::from_cap_std(dir)))
        }

        /// The fixture as a writable WASI directory.
        fn writable(&self) -> SyncDir {
            let dir = wasmi_wasi::sync::Dir::open_ambient_dir(
                &self.path,
                wasmi_wasi::sync::ambient_authority(),
            )
            .unwrap();
            SyncDir::from_cap_std(dir)
        }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }

    fn is_rofs(r: Result<impl Sized, Error>) -> bool {
        match r {
            Ok(_) => false,
            Err(e) => matches!(e.downcast(), Ok(Errno::Rofs)),
        }
    }

    fn open(
        dir: &dyn WasiDir,
        path: &str,
        oflags: OFlags,
        write: bool,
    ) -> Result<OpenResult, Error> {
        ready(dir.open_file(false, path, oflags, true, write, FdFlags::empty()))
    }

    fn open_dir(dir: &dyn WasiDir, path: &str) -> Box<dyn WasiDir> {
        match open(dir, path, OFlags::DIRECTORY, false) {
            Ok(OpenResult::Dir(d)) => d,
            _ => panic!("{path} did not open as a directory"),
        }
    }

    fn open_read(dir: &dyn WasiDir, path: &str) -> Box<dyn WasiFile> {
        match open(dir, path, OFlags::empty(), false) {
            Ok(OpenResult::File(f)) => f,
            _ => panic!("{path} did not open as a file"),
        }
    }

    fn read_all(f: &dyn WasiFile) -> String {
        let mut buf = [0u8; 64];
        let n = ready(f.read_vectored(&mut [std::io::IoSliceMut::new(&mut buf)])).unwrap();
        String::from_utf8_lossy(&buf[..n as usize]).into_owned()
    }

    /// Every change is refused, in the directory and in one opened through it.
    fn check_refusals(dir: &dyn WasiDir, file: &str) {
        assert!(is_rofs(open(dir, file, OFlags::empty(), true)));
        assert!(is_rofs(open(dir, "new.txt", OFlags::CREATE, false)));
        assert!(is_rofs(open(dir, file, OFlags::TRUNCATE, false)));
        assert!(is_rofs(ready(dir.create_dir("newdir"))));
        assert!(is_rofs(ready(dir.unlink_file(file))));
        assert!(is_rofs(ready(dir.remove_dir("sub"))));
        assert!(is_rofs(ready(dir.symlink(file, "link"))));
        assert!(is_rofs(ready(dir.rename(file, dir, "moved.txt"))));
        assert!(is_rofs(ready(dir.hard_link(file, dir, "hard.txt"))));
        assert!(is_rofs(ready(dir.set_times(file, None, None, false))));
        assert!(is_rofs(ready(dir.set_times(".", None, None, false))));
    }

    #[test]
    fn refuses_changes_and_allows_reads() {
        let fx = Fixture::new("top");
        let ro = fx.read_only();
        check_refusals(&ro, "file.txt");
        let f = open_read(&ro, "file.txt");
        assert!(f.as_any().is::<ReadOnlyFile>());
        assert_eq!(read_all(&*f), "hello");
        assert!(ready(ro.get_path_filestat("file.txt", false)).is_ok());
        let names: Vec<String> = ready(ro.readdir(ReaddirCursor::from(0)))
            .unwrap()
            .map(|e| e.unwrap().name)
            .collect();
        assert!(names.iter().any(|n| n == "sub"), "{names:?}");
        // Nothing changed on the host.
        assert_eq!(
            std::fs::read_to_string(fx.path.join("file.txt")).unwrap(),
            "hello"
        );
        assert!(!fx.path.join("new.txt").exists());
        assert!(!fx.path.join("newdir").exists());
    }

    #[test]
    fn subdirectories_stay_read_only() {
        let fx = Fixture::new("sub");
        let ro = fx.read_only();
        let sub = open_dir(&ro, "sub");
        assert!(sub.as_any().is::<ReadOnlyDir>());
        check_refusals(&*sub, "inner.txt");
        assert_eq!(read_all(&*open_read(&*sub, "inner.txt")), "inner");
        assert!(fx.path.join("sub/inner.txt").exists());
    }

    #[test]
    fn open_files_refuse_changes() {
        let fx = Fixture::new("file");
        let ro = fx.read_only();
        let f = open_read(&ro, "file.txt");
        assert!(is_rofs(ready(
            f.write_vectored(&[std::io::IoSlice::new(b"x")])
        )));
        assert!(is_rofs(ready(
            f.write_vectored_at(&[std::io::IoSlice::new(b"x")], 0)
        )));
        assert!(is_rofs(ready(f.set_filestat_size(0))));
        assert!(is_rofs(ready(f.set_times(None, None))));
        assert_eq!(ready(f.get_filestat()).unwrap().size, 5);
    }

    #[test]
    fn writable_directories_cannot_move_things_into_read_only_ones() {
        let fx = Fixture::new("cross");
        let ro = fx.read_only();
        let rw = fx.writable();
        // wasi-common's own directory refuses a destination that is not its own type.
        assert!(ready(rw.rename("file.txt", &ro, "sub/moved.txt")).is_err());
        assert!(ready(rw.hard_link("file.txt", &ro, "sub/linked.txt")).is_err());
        assert!(fx.path.join("file.txt").exists());
        assert!(!fx.path.join("sub/moved.txt").exists());
        assert!(!fx.path.join("sub/linked.txt").exists());
        // The writable view itself works (the wrapper is what makes the difference).
        assert!(ready(rw.create_dir("made")).is_ok());
        assert!(fx.path.join("made").is_dir());
    }
}
