//! Watching the site's sources with `notify`, in batches: events are collected until
//! the files have been quiet for a moment, so an editor's save (often a write to a
//! temporary file and a rename) or a `git checkout` of many files gives one rebuild.
//! Editor swap and backup files are ignored. A batch lists every path the events
//! named, so a rebuild may look at only those; when the watcher may have lost events
//! (its queue overflowed, it reported an error) the batch says so, and the rebuild
//! looks at everything.

use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Quiet time that ends a batch.
const QUIET: Duration = Duration::from_millis(5);
/// Longest a batch waits while events keep coming.
const MAX_WAIT: Duration = Duration::from_millis(400);
/// Quiet time after a rebuild before the site-wide files (search index, feeds, open
/// data) are brought up to date: slow on large sites, so not between quick saves.
pub const IDLE: Duration = Duration::from_millis(150);

fn relevant(root: &Path, path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if crate::load::is_editor_artifact(&name) || name == "4913" {
        return false;
    }
    path == root.join("site.yaml") || path.starts_with(root.join("content")) || path.starts_with(root.join("themes"))
}

/// The changes of one batch.
pub struct Batch {
    /// The relevant paths events named, sorted.
    pub paths: Vec<PathBuf>,
    /// Events may have been lost: other files may have changed too.
    pub lossy: bool,
}

/// Calls `on_batch` with each batch of changes, and `on_idle` once no change has come
/// for [`IDLE`] after a batch, until the watcher fails.
pub fn watch(root: &Path, mut on_batch: impl FnMut(Batch), mut on_idle: impl FnMut()) {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        // Reading files (as every rebuild does) must not count as a change. `None`:
        // events may have been lost.
        match res {
            Ok(event) if event.need_rescan() => drop(tx.send(None)),
            Ok(event) => {
                if matches!(
                    event.kind,
                    notify::EventKind::Create(_) | notify::EventKind::Modify(_) | notify::EventKind::Remove(_) | notify::EventKind::Any
                ) {
                    let _ = tx.send(Some(event.paths));
                }
            }
            Err(_) => drop(tx.send(None)),
        }
    }) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: cannot watch files: {e}");
            return;
        }
    };
    // The root itself, not recursively: site.yaml, and content/ or themes/ appearing.
    let _ = watcher.watch(&root, RecursiveMode::NonRecursive);
    let mut watched_dirs = Vec::new();
    // Starts watching content/ and themes/ if they are there; whether one is new.
    let mut watch_dirs = |watcher: &mut notify::RecommendedWatcher| {
        let mut new = false;
        for dir in ["content", "themes"] {
            let p = root.join(dir);
            if p.is_dir() && !watched_dirs.contains(&p) && watcher.watch(&p, RecursiveMode::Recursive).is_ok() {
                watched_dirs.push(p);
                new = true;
            }
        }
        new
    };
    watch_dirs(&mut watcher);
    let mut pending_idle = false;
    loop {
        let first = if pending_idle {
            match rx.recv_timeout(IDLE) {
                Ok(paths) => paths,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    pending_idle = false;
                    on_idle();
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(paths) => paths,
                Err(_) => break,
            }
        };
        let mut lossy = first.is_none();
        let mut batch: Vec<PathBuf> = first.unwrap_or_default();
        let started = Instant::now();
        while let Ok(more) = rx.recv_timeout(QUIET) {
            match more {
                Some(paths) => batch.extend(paths),
                None => lossy = true,
            }
            if started.elapsed() > MAX_WAIT {
                break;
            }
        }
        // A folder that appeared (content/ or themes/ created) was not watched before.
        lossy |= watch_dirs(&mut watcher);
        let mut paths: Vec<PathBuf> = batch.into_iter().filter(|p| relevant(&root, p)).collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() || lossy {
            on_batch(Batch { paths, lossy });
            pending_idle = true;
        }
    }
}
