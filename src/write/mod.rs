//! Write: pages → a temporary folder beside the output → swapped into place.
//!
//! The previous output is replaced only once the new one is completely on disk, so a
//! build that fails or is killed halfway leaves the published site as it was.
//! Never: delete the output folder before the new one is ready, or write outside it.

use crate::render::{Content, Output};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

/// Refuses an output folder that would replace or contain the site's sources: the
/// site folder itself or a folder above it, anything inside `content/` or `themes/`,
/// or an existing folder that looks like a site (has a site.yaml or content/).
pub fn check_output_location(root: &Path, out_dir: &Path) -> Result<(), String> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        // Canonicalise the longest existing ancestor, keep the rest as written.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name().map(|n| n.to_os_string()), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut out = existing.canonicalize().unwrap_or(existing);
        for part in rest.into_iter().rev() {
            out.push(part);
        }
        out
    };
    let (root, out) = (abs(root), abs(out_dir));
    if root.starts_with(&out) {
        return Err(format!("the output folder {} contains the site itself; choose another --output", out_dir.display()));
    }
    for source in ["content", "themes", "site.yaml"] {
        if out.starts_with(root.join(source)) {
            return Err(format!(
                "the output folder {} is inside the site's sources ({source}); choose another --output",
                out_dir.display()
            ));
        }
    }
    if out.join("site.yaml").exists() || out.join("content").is_dir() {
        return Err(format!("{} holds a site (site.yaml or content/), not a previous build; choose another --output", out_dir.display()));
    }
    Ok(())
}

/// Removes temporary folders that killed builds left beside `out_dir` (their
/// process is gone).
fn remove_stale_temporaries(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(".diptych-build-").or_else(|| name.strip_prefix(".diptych-old-")) else { continue };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive && cfg!(target_os = "linux") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Puts `new` in place of `out` in one step where the system can (Linux: an atomic
/// exchange of the two names), so no moment exists without a complete output folder.
#[cfg(target_os = "linux")]
fn exchange(new: &Path, out: &Path) -> io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(io::Error::other);
    let (a, b) = (c(new)?, c(out)?);
    // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 { Ok(true) } else { Ok(false) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_new: &Path, _out: &Path) -> io::Result<bool> {
    Ok(false)
}

/// A new output folder being written: files go into a temporary folder beside
/// `out_dir` as they are rendered (from any thread), and [`Staging::finish`] swaps it
/// into place. Dropped without `finish` (an error, a panic), it removes itself and
/// the previous output stays as it was.
pub struct Staging {
    tmp: Option<PathBuf>,
    out_dir: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Folders already created, so each is made once.
    dirs: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    pub fn begin(out_dir: &Path) -> io::Result<Staging> {
        let parent = match out_dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        remove_stale_temporaries(&parent);
        let pid = std::process::id();
        let tmp = tempfile::Builder::new().prefix(&format!(".diptych-build-{pid}-")).tempdir_in(&parent)?.keep();
        Ok(Staging {
            tmp: Some(tmp),
            out_dir: out_dir.to_path_buf(),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            dirs: Mutex::new(HashSet::new()),
        })
    }

    /// Writes one file of the new output.
    pub fn put(&self, o: &Output) -> io::Result<()> {
        let dir = self.tmp.as_ref().expect("staging folder");
        let target = dir.join(safe_relative(&o.path.0)?);
        if let Some(parent) = target.parent() {
            let known = self.dirs.lock().expect("dirs").contains(parent);
            if !known {
                std::fs::create_dir_all(parent)?;
                self.dirs.lock().expect("dirs").insert(parent.to_path_buf());
            }
        }
        let n = match &o.content {
            Content::Bytes(b) => {
                std::fs::write(&target, b)?;
                b.len() as u64
            }
            Content::Copy(src) => std::fs::copy(src, &target)?,
        };
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }

    /// Puts the new output in place of the old one.
    pub fn finish(mut self) -> io::Result<WriteStats> {
        let stats = WriteStats { files: self.files.load(Ordering::Relaxed), bytes: self.bytes.load(Ordering::Relaxed) };
        let tmp_path = self.tmp.take().expect("staging folder");
        let out_dir = self.out_dir.clone();
        let pid = std::process::id();
        let parent = tmp_path.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        if out_dir.is_dir() && exchange(&tmp_path, &out_dir)? {
            // The old site now sits at the temporary name.
            std::fs::remove_dir_all(&tmp_path)?;
            return Ok(stats);
        }
        if out_dir.exists() {
            let old = tempfile::Builder::new().prefix(&format!(".diptych-old-{pid}-")).tempdir_in(&parent)?.keep();
            std::fs::remove_dir(&old)?;
            std::fs::rename(&out_dir, &old)?;
            if let Err(e) = std::fs::rename(&tmp_path, &out_dir) {
                // Put the old site back: never leave no site at all.
                let _ = std::fs::rename(&old, &out_dir);
                let _ = std::fs::remove_dir_all(&tmp_path);
                return Err(e);
            }
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&tmp_path, &out_dir)?;
        }
        Ok(stats)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_dir_all(tmp);
        }
    }
}

/// Writes `outputs` as the new content of `out_dir`.
pub fn write(outputs: &[Output], out_dir: &Path) -> io::Result<WriteStats> {
    let staging = Staging::begin(out_dir)?;
    outputs.par_iter().try_for_each(|o| staging.put(o))?;
    staging.finish()
}

/// Output paths are relative and stay inside the output folder.
fn safe_relative(p: &str) -> io::Result<PathBuf> {
    let path = Path::new(p);
    let ok = !p.is_empty() && path.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if ok {
        Ok(path.to_path_buf())
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, format!("refusing to write outside the output folder: {p}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::urls::SitePath;

    fn out(path: &str, text: &str) -> Output {
        Output { path: SitePath(path.into()), content: Content::Bytes(text.as_bytes().to_vec()) }
    }

    #[test]
    fn swaps_in_a_complete_tree() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        write(&[out("a/index.html", "one"), out("b.txt", "x")], &target).unwrap();
        write(&[out("a/index.html", "two")], &target).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("a/index.html")).unwrap(), "two");
        assert!(!target.join("b.txt").exists(), "stale files are gone");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folders left behind");
    }

    #[test]
    fn a_failed_write_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        write(&[out("index.html", "old")], &target).unwrap();
        let err = write(&[out("../escape.html", "bad")], &target);
        assert!(err.is_err());
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "old");
    }
}
