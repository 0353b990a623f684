//! Writing output files so that no run leaves a half-written or stray file:
//! every output goes to a temporary file beside its target and is renamed
//! into place; the temporary files of a run are removed when it is
//! interrupted (Ctrl-C, SIGTERM, SIGHUP), and those of a run that could not
//! clean up (SIGKILL, power loss) are removed by the next run writing into
//! the same folder. Output folders of batch runs are locked, and no output
//! may be one of the inputs.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::lang::Lang;

/// The prefix of every temporary file: `.lernfall-<pid>-XXXXXX.tmp`.
const PREFIX: &str = ".lernfall-";
const SUFFIX: &str = ".tmp";

/// The temporary files this process has open, removed on a signal, and
/// whether a signal came (then no new one is created). A file is created
/// and registered under the lock, so the handler sees every file that exists.
static TEMPS: Mutex<(bool, Vec<PathBuf>)> = Mutex::new((false, Vec::new()));

/// Removes this process's temporary files and exits with 130 on Ctrl-C,
/// SIGTERM or SIGHUP. Installed once, at the start of the command line.
pub fn install_signal_cleanup() {
    let _ = ctrlc::set_handler(|| {
        remove_own_temps();
        std::process::exit(130);
    });
}

fn remove_own_temps() {
    let mut g = match TEMPS.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    };
    g.0 = true;
    for p in std::mem::take(&mut g.1) {
        let _ = fs::remove_file(p);
    }
    // The lock stays held until the process exits: no file is created after.
    std::mem::forget(g);
}

/// A temporary file beside its target, registered for removal on a signal.
pub struct Temp {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Temp {
    /// A new temporary file in the folder of `target`; `private`: mode 0600.
    pub fn beside(target: &Path, private: bool) -> io::Result<Temp> {
        let dir = parent_of(target);
        let mut g = TEMPS.lock().unwrap_or_else(|p| p.into_inner());
        if g.0 {
            return Err(io::Error::new(io::ErrorKind::Interrupted, "interrupted"));
        }
        let file = tempfile::Builder::new()
            .prefix(&format!("{PREFIX}{}-", std::process::id()))
            .suffix(SUFFIX)
            .tempfile_in(dir)?;
        let path = file.path().to_path_buf();
        g.1.push(path.clone());
        drop(g);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::PermissionsExt;
            file.as_file().set_permissions(fs::Permissions::from_mode(0o600))?;
        }
        #[cfg(not(unix))]
        let _ = private;
        Ok(Temp { file: Some(file), path })
    }

    pub fn file(&self) -> &fs::File {
        self.file.as_ref().expect("open until persisted").as_file()
    }

    /// Syncs and renames the file to `target`; `force`: replace an existing one.
    pub fn persist(mut self, target: &Path, force: bool) -> io::Result<()> {
        let file = self.file.take().expect("persisted once");
        file.as_file().sync_all()?;
        let result = if force { file.persist(target) } else { file.persist_noclobber(target) };
        // Persisted, or removed by the error's drop: no longer ours to clean.
        self.unregister();
        result.map(|_| ()).map_err(|e| e.error)
    }

    fn unregister(&self) {
        if let Ok(mut g) = TEMPS.lock() {
            g.1.retain(|p| p != &self.path);
        }
    }
}

impl Write for Temp {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.as_mut().expect("open until persisted").write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.as_mut().expect("open until persisted").flush()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        // The NamedTempFile removes itself; forget it here.
        self.unregister();
    }
}

/// Why an output could not be written, for a message: "exists already"
/// with the hint to `--force`, else the kind of error.
pub fn write_error(e: &io::Error, lang: Lang) -> String {
    if e.kind() == io::ErrorKind::AlreadyExists {
        lang.pick("existiert schon (--force ersetzt)", "exists already (--force replaces it)")
            .to_owned()
    } else {
        e.kind().to_string()
    }
}

/// Writes `bytes` to `path` atomically (temporary file, sync, rename);
/// `force` replaces an existing file, `private` makes it mode 0600.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool, private: bool) -> io::Result<()> {
    let mut tmp = Temp::beside(path, private)?;
    tmp.write_all(bytes)?;
    tmp.persist(path, force)
}

/// The folder a file is written to.
pub fn parent_of(target: &Path) -> &Path {
    target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Removes the temporary files that interrupted lernfall runs left in `dir`
/// (their process no longer runs, or, where that cannot be told, they are
/// more than a day old) and says how many.
pub fn remove_stale_temps(dir: &Path, lang: Lang) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let mut removed = 0usize;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name.strip_prefix(PREFIX).and_then(|r| r.strip_suffix(SUFFIX)) else {
            continue;
        };
        if is_stale(rest, &entry) && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    if removed > 0 {
        crate::note!(
            "lernfall: {}: {removed} {}",
            dir.display(),
            lang.pick(
                "verwaiste temporäre Datei(en) eines abgebrochenen Laufs entfernt",
                "stale temporary file(s) of an interrupted run removed"
            )
        );
    }
}

/// `rest` is `<pid>-XXXXXX` (or `XXXXXX` from versions before the pid).
fn is_stale(rest: &str, entry: &fs::DirEntry) -> bool {
    let pid = rest.split_once('-').and_then(|(p, _)| p.parse::<u32>().ok());
    if let Some(pid) = pid {
        if pid == std::process::id() {
            return false;
        }
        let proc = Path::new("/proc");
        if proc.is_dir() {
            return !proc.join(pid.to_string()).exists();
        }
    }
    let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
    age.is_some_and(|a| a.as_secs() > 24 * 3600)
}

/// An exclusive lock on an output folder for the run's lifetime: a second
/// run into the same folder stops instead of mixing its files and manifest
/// with ours. Where folders cannot be locked (not Unix), no lock is taken.
pub struct DirLock {
    _file: Option<fs::File>,
}

pub fn lock_dir(dir: &Path) -> Result<DirLock, io::Error> {
    #[cfg(unix)]
    {
        let file = fs::File::open(dir)?;
        match file.try_lock() {
            Ok(()) => Ok(DirLock { _file: Some(file) }),
            Err(fs::TryLockError::WouldBlock) => Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "another lernfall run writes into this folder",
            )),
            Err(fs::TryLockError::Error(e)) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(DirLock { _file: None })
    }
}

/// The first output that is one of the inputs (the same file, through any
/// path), if any. Outputs that do not exist yet are no input.
pub fn output_is_input<'a>(outputs: &[&'a Path], inputs: &[PathBuf]) -> Option<&'a Path> {
    let canon = |p: &Path| fs::canonicalize(p).ok();
    let inputs: Vec<PathBuf> = inputs.iter().filter_map(|p| canon(p)).collect();
    outputs.iter().copied().find(|o| {
        canon(o).is_some_and(|c| inputs.iter().any(|i| c == *i || c.starts_with(i) && i.is_file()))
    })
}

/// Whether files can be created in `dir` (tried with a temporary file).
pub fn writable(dir: &Path) -> io::Result<()> {
    Temp::beside(&dir.join("probe"), false).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temps_of_dead_processes_go_and_ours_stay() {
        let dir = tempfile::tempdir().unwrap();
        // A pid far above any real one on Linux (pid_max ≤ 4194304).
        let dead = dir.path().join(".lernfall-99999999-abc.tmp");
        fs::write(&dead, "x").unwrap();
        let ours = Temp::beside(&dir.path().join("t"), false).unwrap();
        let other = dir.path().join("notes.tmp");
        fs::write(&other, "x").unwrap();
        remove_stale_temps(dir.path(), Lang::En);
        if Path::new("/proc").is_dir() {
            assert!(!dead.exists());
        }
        assert!(ours.path.exists());
        assert!(other.exists());
    }

    #[test]
    fn a_temp_is_registered_until_persisted_or_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.txt");
        let count = |p: &Path| TEMPS.lock().unwrap().1.iter().filter(|q| q.as_path() == p).count();
        let mut t = Temp::beside(&target, true).unwrap();
        let path = t.path.clone();
        assert_eq!(count(&path), 1);
        t.write_all(b"hello").unwrap();
        t.persist(&target, false).unwrap();
        assert_eq!(count(&path), 0);
        assert_eq!(fs::read_to_string(&target).unwrap(), "hello");
        let t = Temp::beside(&target, false).unwrap();
        let path = t.path.clone();
        drop(t);
        assert_eq!(count(&path), 0);
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_locked_folder_cannot_be_locked_twice() {
        let dir = tempfile::tempdir().unwrap();
        let first = lock_dir(dir.path()).unwrap();
        assert!(lock_dir(dir.path()).is_err());
        drop(first);
        assert!(lock_dir(dir.path()).is_ok());
    }
}
