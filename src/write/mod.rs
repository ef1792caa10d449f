//! Write: pages → a temporary folder beside the output → swapped into place.
//!
//! The previous output is replaced only once the new one is completely on disk, so a
//! build that fails or is killed halfway leaves the published site as it was.
//! Never: delete the output folder before the new one is ready, or write outside it.

use crate::render::{Content, Output};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
}

/// Writes `outputs` as the new content of `out_dir`.
pub fn write(outputs: &[Output], out_dir: &Path) -> io::Result<WriteStats> {
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let tmp = tempfile::Builder::new().prefix(".diptych-build-").tempdir_in(&parent)?;
    let stats = write_tree(outputs, tmp.path())?;
    let tmp_path = tmp.keep();
    if out_dir.exists() {
        let old = tempfile::Builder::new().prefix(".diptych-old-").tempdir_in(&parent)?.keep();
        std::fs::remove_dir(&old)?;
        std::fs::rename(out_dir, &old)?;
        if let Err(e) = std::fs::rename(&tmp_path, out_dir) {
            // Put the old site back: never leave no site at all.
            let _ = std::fs::rename(&old, out_dir);
            let _ = std::fs::remove_dir_all(&tmp_path);
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&tmp_path, out_dir)?;
    }
    Ok(stats)
}

/// Writes every output under `dir` (which must exist), in parallel.
pub fn write_tree(outputs: &[Output], dir: &Path) -> io::Result<WriteStats> {
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for o in outputs {
        let rel = safe_relative(&o.path.0)?;
        if let Some(p) = rel.parent() {
            dirs.insert(dir.join(p));
        }
    }
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    let bytes: io::Result<Vec<u64>> = outputs
        .par_iter()
        .map(|o| {
            let target = dir.join(safe_relative(&o.path.0)?);
            match &o.content {
                Content::Bytes(b) => {
                    std::fs::write(&target, b)?;
                    Ok(b.len() as u64)
                }
                Content::Copy(src) => std::fs::copy(src, &target),
            }
        })
        .collect();
    let bytes = bytes?;
    Ok(WriteStats { files: outputs.len(), bytes: bytes.iter().sum() })
}

/// Output paths are relative and stay inside the output folder.
fn safe_relative(p: &str) -> io::Result<PathBuf> {
    let path = Path::new(p);
    let ok = !p.is_empty()
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_)));
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
