//! Write: pages → a temporary folder beside the output → swapped into place.
//!
//! The previous output is replaced only once the new one is completely on disk, so a
//! build that fails or is killed halfway leaves the published site as it was.
//! Never: delete the output folder before the new one is ready, or write outside it.

mod manifest;

use crate::render::{Content, Output};
use manifest::{Entry, Manifest};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub files: usize,
    pub bytes: u64,
    /// Files that already held their bytes (written over a previous output).
    pub unchanged: usize,
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
/// process is gone); a half-written one becomes the spare if there is none.
fn remove_stale_temporaries(parent: &Path, spare: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(".diptych-build-").or_else(|| name.strip_prefix(".diptych-old-")) else { continue };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive && cfg!(target_os = "linux") && (spare.exists() || std::fs::rename(e.path(), spare).is_err()) {
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

/// The folder beside `out_dir` where the output a build replaced is kept for the next
/// build to write over: `.diptych-spare-{name}`.
fn spare_of(out_dir: &Path) -> PathBuf {
    let name = out_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    parent_of(out_dir).join(format!(".diptych-spare-{name}"))
}

/// Inside the spare (which is never published): the manifest of the spare's own files,
/// and that of the output's. When the output becomes the spare, the latter becomes the
/// former; nothing but the spare is kept beside the output.
const SPARE_MANIFEST: &str = ".diptych-manifest";
const OUTPUT_MANIFEST: &str = ".diptych-manifest-output";

fn parent_of(out_dir: &Path) -> PathBuf {
    match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A new output folder being written: files go into a temporary folder beside
/// `out_dir` as they are rendered (from any thread), and [`Staging::finish`] swaps it
/// into place. Dropped without `finish` (an error, a panic), the previous output stays
/// as it was (the half-written folder is kept as the spare, with no manifest of its own).
///
/// The output a build replaces is not deleted but kept beside it as the *spare*
/// ([`spare_of`]), and the next build writes over it instead of into an empty folder:
/// a file whose bytes are unchanged is not written again, a changed one is overwritten
/// in place, and what the build did not write is removed before the swap. Creating and
/// deleting tens of thousands of files is most of what a rebuild of a large site costs
/// the file system (on ext4, files created soon after many were deleted are slow to
/// allocate); this way a rebuild that changes little writes little. A file with other
/// hard links (a backup made with `cp -al`, say) or a symbolic link is replaced, never
/// written through.
pub struct Staging {
    tmp: Option<PathBuf>,
    out_dir: PathBuf,
    /// The staging folder is a previous output being written over.
    reused: bool,
    /// The output this build replaces is kept as the spare (else deleted).
    keep_spare: bool,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Files whose bytes were already there (a reused folder only).
    unchanged: AtomicUsize,
    /// Folders already created, so each is made once.
    dirs: Mutex<HashSet<PathBuf>>,
    /// What this build wrote (a reused folder only): the rest is removed at the end.
    written: Mutex<HashSet<PathBuf>>,
    /// The manifest of the reused folder: which of its files are known unchanged since
    /// they were written, and with what bytes (see [`manifest`]).
    known: Manifest,
    /// The manifest of the new output.
    record: Mutex<Manifest>,
    /// The manifest of the output this build replaces, as read from the spare.
    replaced: Option<String>,
    /// What the reused folder held when the build began, being listed meanwhile.
    listing: Option<Listing>,
}

impl Staging {
    pub fn begin(out_dir: &Path) -> io::Result<Staging> {
        Staging::begin_with(out_dir, true)
    }

    /// [`Staging::begin`]; without `spare`, the replaced output is deleted, as is a
    /// spare left by earlier builds (for a disk with no room for two outputs).
    pub fn begin_with(out_dir: &Path, spare: bool) -> io::Result<Staging> {
        if !spare {
            let _ = std::fs::remove_dir_all(spare_of(out_dir));
        }
        let parent = parent_of(out_dir);
        std::fs::create_dir_all(&parent)?;
        remove_stale_temporaries(&parent, &spare_of(out_dir));
        let pid = std::process::id();
        let tmp = tempfile::Builder::new().prefix(&format!(".diptych-build-{pid}-")).tempdir_in(&parent)?.keep();
        // Claim the spare: renaming it onto the new empty folder is atomic, so two
        // builds never share it; where the system refuses, the folder stays empty.
        let reused = spare && std::fs::rename(spare_of(out_dir), &tmp).is_ok();
        let (known, replaced) = if reused {
            let known = Manifest::load(&tmp.join(SPARE_MANIFEST));
            let replaced = std::fs::read_to_string(tmp.join(OUTPUT_MANIFEST)).ok();
            for name in [SPARE_MANIFEST, OUTPUT_MANIFEST] {
                let _ = std::fs::remove_file(tmp.join(name));
            }
            (known, replaced)
        } else {
            (Manifest::default(), None)
        };
        let listing = reused.then(|| list_in_background(tmp.clone()));
        Ok(Staging {
            listing,
            tmp: Some(tmp),
            out_dir: out_dir.to_path_buf(),
            reused,
            keep_spare: spare,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            unchanged: AtomicUsize::new(0),
            dirs: Mutex::new(HashSet::new()),
            written: Mutex::new(HashSet::new()),
            known,
            record: Mutex::new(Manifest::default()),
            replaced,
        })
    }

    /// Writes one file of the new output.
    pub fn put(&self, o: &Output) -> io::Result<()> {
        let (relative, target) = self.place(&o.path.0)?;
        let n = match &o.content {
            Content::Bytes(bytes) => {
                let hash = manifest::hash(bytes);
                let (changed, meta) = if self.reused {
                    write_over(&target, bytes, hash, self.known.get(&relative))?
                } else {
                    (true, create(&target, bytes)?)
                };
                if !changed {
                    self.unchanged.fetch_add(1, Ordering::Relaxed);
                }
                if let Some(entry) = Entry::of(&meta, hash) {
                    self.record.lock().expect("record").insert(relative.clone(), entry);
                }
                bytes.len() as u64
            }
            Content::Copy(src) => {
                if self.reused {
                    remove_any(&target)?;
                }
                std::fs::copy(src, &target)?
            }
        };
        self.count(relative, n);
        Ok(())
    }

    /// Writes one file of the new output as `write` makes it, piece by piece (see
    /// [`crate::OutputSink::stream`]). Over a reused folder, the old file is compared as
    /// the pieces come and written over from the first difference only: an unchanged
    /// file is read, not written.
    pub fn stream(&self, path: &str, write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) -> io::Result<()> {
        let (relative, target) = self.place(path)?;
        let old = match std::fs::symlink_metadata(&target) {
            Ok(m) if self.reused && m.is_file() && links(&m) == 1 => {
                Some(std::fs::OpenOptions::new().read(true).write(true).open(&target)?)
            }
            Ok(_) if self.reused => {
                remove_any(&target)?;
                None
            }
            _ => None,
        };
        let mut out = match old {
            Some(file) => Streamed::over(file),
            None => Streamed::new(std::fs::File::create(&target)?),
        };
        write(&mut out)?;
        let (changed, meta, hash, n) = out.finish()?;
        if !changed {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(entry) = Entry::of(&meta, hash) {
            self.record.lock().expect("record").insert(relative.clone(), entry);
        }
        self.count(relative, n);
        Ok(())
    }

    /// Where the file at output path `path` goes, its folder made: (relative, absolute).
    fn place(&self, path: &str) -> io::Result<(PathBuf, PathBuf)> {
        let dir = self.tmp.as_ref().expect("staging folder");
        let relative = safe_relative(path)?;
        let target = dir.join(&relative);
        if let Some(parent) = target.parent() {
            let known = self.dirs.lock().expect("dirs").contains(parent);
            if !known {
                if std::fs::create_dir_all(parent).is_err() && self.reused {
                    // A file of the old output where this one needs a folder.
                    clear_way(dir, parent)?;
                    std::fs::create_dir_all(parent)?;
                }
                self.dirs.lock().expect("dirs").insert(parent.to_path_buf());
            }
        }
        Ok((relative, target))
    }

    /// Counts a file of `n` bytes written at `relative`.
    fn count(&self, relative: PathBuf, n: u64) {
        if self.reused {
            self.written.lock().expect("written").insert(relative);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(n, Ordering::Relaxed);
    }

    /// Puts the new output in place of the old one, which becomes the spare.
    pub fn finish(mut self) -> io::Result<WriteStats> {
        let stats = WriteStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
        };
        let tmp_path = self.tmp.clone().expect("staging folder");
        if let Some(listing) = self.listing.take() {
            let listed = listing.join().map_err(|_| io::Error::other("listing the previous output failed"))??;
            prune(&tmp_path, &listed, &self.written.lock().expect("written"), &self.dirs.lock().expect("dirs"))?;
        }
        self.tmp = None;
        let out_dir = self.out_dir.clone();
        let pid = std::process::id();
        let record = std::mem::take(&mut *self.record.lock().expect("record"));
        let replaced = self.replaced.take();
        if out_dir.is_dir() && exchange(&tmp_path, &out_dir)? {
            // The old site now sits at the temporary name.
            self.keep_as_spare(&tmp_path, replaced.as_deref(), &record);
            return Ok(stats);
        }
        if out_dir.exists() {
            let old = tempfile::Builder::new().prefix(&format!(".diptych-old-{pid}-")).tempdir_in(parent_of(&out_dir))?.keep();
            std::fs::remove_dir(&old)?;
            std::fs::rename(&out_dir, &old)?;
            if let Err(e) = std::fs::rename(&tmp_path, &out_dir) {
                // Put the old site back: never leave no site at all.
                let _ = std::fs::rename(&old, &out_dir);
                let _ = std::fs::remove_dir_all(&tmp_path);
                return Err(e);
            }
            self.keep_as_spare(&old, replaced.as_deref(), &record);
        } else {
            std::fs::rename(&tmp_path, &out_dir)?;
            // No output was replaced: the spare starts empty, with the output's manifest.
            let empty = parent_of(&out_dir).join(format!(".diptych-old-{pid}-empty"));
            if std::fs::create_dir(&empty).is_ok() {
                self.keep_as_spare(&empty, None, &record);
            }
        }
        Ok(stats)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            // Half written, it is as good a spare as any: the next build compares
            // every file anyway.
            // The output stays: so does its manifest.
            let output = self.replaced.take().map(|text| Manifest::parse(&text)).unwrap_or_default();
            self.keep_as_spare(&tmp, None, &output);
        }
    }
}

impl Staging {
    /// Keeps `old` as the spare of the output, or removes it if there already is a spare
    /// (or none is wanted). Its manifests: `own`, what it holds (the text read from the
    /// spare it was, when it is the output just replaced; none for a half-written
    /// folder), and `output`, what the output holds.
    fn keep_as_spare(&self, old: &Path, own: Option<&str>, output: &Manifest) {
        if !self.keep_spare {
            let _ = std::fs::remove_dir_all(old);
            return;
        }
        if let Some(text) = own {
            let _ = std::fs::write(old.join(SPARE_MANIFEST), text);
        }
        if !output.is_empty() {
            let _ = output.save(&old.join(OUTPUT_MANIFEST));
        }
        if old.is_dir() && std::fs::rename(old, spare_of(&self.out_dir)).is_err() {
            let _ = std::fs::remove_dir_all(old);
        }
    }
}

/// Creates the file `target` holding `bytes`; returns its metadata.
fn create(target: &Path, bytes: &[u8]) -> io::Result<std::fs::Metadata> {
    let mut f = std::fs::File::create(target)?;
    f.write_all(bytes)?;
    f.metadata()
}

/// A file written piece by piece (see [`Staging::stream`]), hashed as it goes. Over an
/// old file, pieces are first compared with its bytes; from the first that differs on,
/// they are written in its place.
struct Streamed {
    file: io::BufWriter<std::fs::File>,
    /// Still comparing with the old file (read through `file`'s inner file).
    comparing: bool,
    /// Bytes so far.
    len: u64,
    hash: xxhash_rust::xxh3::Xxh3,
    /// Bytes of the old file read ahead (a large read for many small pieces), not yet
    /// compared: `ahead[at..]`.
    ahead: Vec<u8>,
    at: usize,
}

impl Streamed {
    fn new(file: std::fs::File) -> Streamed {
        Streamed {
            file: io::BufWriter::with_capacity(1 << 16, file),
            comparing: false,
            len: 0,
            hash: Default::default(),
            ahead: Vec::new(),
            at: 0,
        }
    }

    fn over(old: std::fs::File) -> Streamed {
        Streamed { comparing: true, ..Streamed::new(old) }
    }

    /// Whether the old file's next bytes are `data` (consumed either way).
    fn old_continues_with(&mut self, mut data: &[u8]) -> io::Result<bool> {
        use std::io::Read;
        while !data.is_empty() {
            if self.at == self.ahead.len() {
                self.ahead.resize(1 << 16, 0);
                let n = self.file.get_mut().read(&mut self.ahead)?;
                self.ahead.truncate(n);
                self.at = 0;
                if n == 0 {
                    return Ok(false);
                }
            }
            let n = data.len().min(self.ahead.len() - self.at);
            if self.ahead[self.at..self.at + n] != data[..n] {
                return Ok(false);
            }
            self.at += n;
            data = &data[n..];
        }
        Ok(true)
    }

    /// Whether anything was written, the file's metadata, the hash of its bytes and
    /// their number.
    fn finish(mut self) -> io::Result<(bool, std::fs::Metadata, u128, u64)> {
        use std::io::Read;
        // An old file with the same bytes, and no more, is left as it was.
        let same = self.comparing && self.at == self.ahead.len() && self.file.get_mut().read(&mut [0u8])? == 0;
        self.file.flush()?;
        let file = self.file.get_mut();
        if !same {
            file.set_len(self.len)?;
        }
        Ok((!same, file.metadata()?, self.hash.digest128(), self.len))
    }
}

impl io::Write for Streamed {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        use std::io::Seek;
        if self.comparing && !self.old_continues_with(data)? {
            // Written over from here on.
            self.comparing = false;
            self.file.get_mut().seek(io::SeekFrom::Start(self.len))?;
        }
        if !self.comparing {
            self.file.write_all(data)?;
        }
        self.len += data.len() as u64;
        self.hash.update(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Whether the file at `target` holds exactly `bytes`.
fn holds(target: &Path, bytes: &[u8]) -> io::Result<bool> {
    Ok(std::fs::read(target)? == bytes)
}

/// Writes `bytes` (of hash `hash`) over the file at `target`, which
/// may hold anything from an older build (`known`: what its manifest says it held).
/// Returns whether anything was written (not when the file already holds exactly these
/// bytes) and the file's metadata.
fn write_over(target: &Path, bytes: &[u8], hash: u128, known: Option<&Entry>) -> io::Result<(bool, std::fs::Metadata)> {
    let len = bytes.len() as u64;
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.is_file() && links(&m) == 1 => {
            if m.len() == len {
                let same = match known {
                    Some(e) if e.describes(&m) => e.holds(&m, hash),
                    _ => holds(target, bytes)?,
                };
                if same {
                    return Ok((false, m));
                }
            }
            // In place, keeping the file's blocks: no truncation to zero first.
            let mut f = std::fs::OpenOptions::new().write(true).open(target)?;
            f.write_all(bytes)?;
            f.set_len(len)?;
            Ok((true, f.metadata()?))
        }
        Ok(_) => {
            remove_any(target)?;
            Ok((true, create(target, bytes)?))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok((true, create(target, bytes)?)),
        Err(e) => Err(e),
    }
}

#[cfg(unix)]
fn links(m: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(m)
}

#[cfg(not(unix))]
fn links(_: &std::fs::Metadata) -> u64 {
    1
}

/// Removes whatever is at `path` (a file, a link, a folder), if anything.
fn remove_any(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Removes anything that is not a folder on the way from `root` down to `dir`.
fn clear_way(root: &Path, dir: &Path) -> io::Result<()> {
    let mut at = root.to_path_buf();
    for part in dir.strip_prefix(root).map_err(io::Error::other)?.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if !m.is_dir() => std::fs::remove_file(&at)?,
            _ => {}
        }
    }
    Ok(())
}

/// What a reused staging folder held when the build began: its files and folders
/// (relative paths, each folder after its contents, and whether it is a folder).
type Listing = std::thread::JoinHandle<io::Result<Vec<(PathBuf, bool)>>>;

/// Lists `root` on a thread of its own while the site is rendered. Reading the 30,000
/// folders of a 5,000-declaration output took 1.3–2.7 s at the end of every rebuild,
/// mostly waiting for the disk (their entries are not in the cache after a build).
/// The staging folder is this build's alone (claimed by a rename), so what it holds at
/// the end is what was listed plus what this build wrote.
fn list_in_background(root: PathBuf) -> Listing {
    std::thread::spawn(move || {
        let mut listed = Vec::new();
        for entry in walkdir::WalkDir::new(&root).min_depth(1).contents_first(true) {
            match entry {
                Ok(e) => listed.push((e.path().strip_prefix(&root).map_err(io::Error::other)?.to_path_buf(), e.file_type().is_dir())),
                Err(e) if e.io_error().is_some_and(replaced_meanwhile) => {}
                Err(e) => return Err(io::Error::other(e)),
            }
        }
        Ok(listed)
    })
}

/// Whether an entry of the listing failed because this build, meanwhile, removed it or
/// put a file where its folder was.
fn replaced_meanwhile(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory)
}

/// Removes from a reused staging folder every file it held (`listed`) that this build
/// did not write, and the folders left empty. `kept` holds the folders this build wrote
/// into (they stay).
fn prune(root: &Path, listed: &[(PathBuf, bool)], written: &HashSet<PathBuf>, kept: &HashSet<PathBuf>) -> io::Result<()> {
    for (relative, is_dir) in listed {
        let path = root.join(relative);
        if *is_dir {
            if !kept.contains(&path) {
                // Fails while the folder still holds something: then it stays.
                let _ = std::fs::remove_dir(&path);
            }
        } else if !written.contains(relative) {
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                // Or now a folder this build wrote into.
                Err(e) if replaced_meanwhile(&e) || path.is_dir() => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
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

    #[test]
    fn pruning_after_a_listing_the_build_has_since_changed() {
        // Listed as the build began: a folder `a` with a file, files `b` and `c`, and `stale/x`.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in ["a/inside.html", "b", "c", "stale/x"] {
            std::fs::create_dir_all(root.join(p).parent().unwrap()).unwrap();
            std::fs::write(root.join(p), "old").unwrap();
        }
        let listed = list_in_background(root.to_path_buf()).join().unwrap().unwrap();
        assert_eq!(listed.len(), 6, "{listed:?}");
        // Meanwhile the build put a file where `a` was, a folder with a page where `b` was,
        // and wrote `c` again.
        std::fs::remove_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a"), "new").unwrap();
        std::fs::remove_file(root.join("b")).unwrap();
        std::fs::create_dir(root.join("b")).unwrap();
        std::fs::write(root.join("b/index.html"), "new").unwrap();
        std::fs::write(root.join("c"), "new").unwrap();
        let written: HashSet<PathBuf> = ["a", "b/index.html", "c"].map(PathBuf::from).into();
        let kept: HashSet<PathBuf> = [root.join("b"), root.to_path_buf()].into();
        prune(root, &listed, &written, &kept).unwrap();
        assert_eq!(tree(root), [("a", "new"), ("b/index.html", "new"), ("c", "new")].map(|(p, t)| (p.to_string(), t.to_string())));
    }

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
        assert_eq!(names(dir.path()), ["output", ".diptych-spare-output"].map(String::from), "no temporary folders left behind");
    }

    /// Every file under `root`, relative, with its text.
    fn tree(root: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| !e.file_type().is_dir())
            .map(|e| (e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(e.path()).unwrap()))
            .collect();
        files.sort();
        files
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort_by_key(|n| n.trim_start_matches('.').to_string());
        names.reverse();
        names
    }

    #[test]
    fn a_build_over_the_spare_gives_the_same_tree_as_a_build_into_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let builds: [&[(&str, &str)]; 4] = [
            &[("index.html", "one"), ("a/b/c.html", "c"), ("gone/x.html", "x"), ("f", "a file")],
            &[("index.html", "two"), ("a/b/c.html", "c")],
            // Over the first build's output: `gone/` and `f` must go, `f` becomes a folder.
            &[("index.html", "three, longer than before"), ("a/b/c.html", "c"), ("f/inside.html", "in")],
            // And `a/b` a file where it was a folder.
            &[("index.html", "four"), ("a/b", "now a file")],
        ];
        for (i, files) in builds.iter().enumerate() {
            let outputs: Vec<Output> = files.iter().map(|(p, t)| out(p, t)).collect();
            let stats = write(&outputs, &target).unwrap();
            let expected: Vec<(String, String)> = {
                let mut v: Vec<_> = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
                v.sort();
                v
            };
            assert_eq!(tree(&target), expected, "build {}", i + 1);
            if i == 2 {
                assert_eq!(stats.unchanged, 1, "a/b/c.html was already there");
            }
        }
        assert!(!dir.path().join("output/gone").exists(), "emptied folders are removed");
        assert_eq!(names(dir.path()), ["output", ".diptych-spare-output"].map(String::from));
    }

    #[test]
    fn a_file_over_the_spare_is_known_unchanged_or_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        write(&[out("data.json", "[1,2]"), out("empty", "")], &target).unwrap();
        assert_eq!(tree(&target), [("data.json".into(), "[1,2]".into()), ("empty".into(), String::new())]);
        // Over the spare (empty): written. Then the same bytes twice: unchanged.
        for i in 0..3 {
            let stats = write(&[out("data.json", "[1,2]")], &target).unwrap();
            assert_eq!(std::fs::read_to_string(target.join("data.json")).unwrap(), "[1,2]");
            assert_eq!(stats.unchanged, usize::from(i > 0), "build {}", i + 1);
        }
        // Other bytes of the same length are written in place, and a shorter file cut.
        write(&[out("data.json", "[3,4]")], &target).unwrap();
        write(&[out("data.json", "[3,4]")], &target).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("data.json")).unwrap(), "[3,4]");
        write(&[out("data.json", "[]")], &target).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("data.json")).unwrap(), "[]");
    }

    /// A build of files each streamed in the pieces given.
    fn streamed(target: &Path, files: &[(&str, &[&str])]) -> WriteStats {
        let staging = Staging::begin(target).unwrap();
        for (path, pieces) in files {
            staging.stream(path, &mut |w| pieces.iter().try_for_each(|p| w.write_all(p.as_bytes()))).unwrap();
        }
        staging.finish().unwrap()
    }

    #[test]
    fn a_streamed_file_is_its_pieces_and_is_written_over_the_spare_from_its_first_difference_only() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        let spare = dir.path().join(".diptych-spare-output");
        let text = |p: &Path| std::fs::read_to_string(p.join("data.json")).unwrap();
        let stats = streamed(&target, &[("data.json", &["[1", ",2", "]"]), ("empty", &[])]);
        assert_eq!(tree(&target), [("data.json".into(), "[1,2]".into()), ("empty".into(), String::new())]);
        assert_eq!((stats.files, stats.bytes, stats.unchanged), (2, 5, 0));
        streamed(&target, &[("data.json", &["[1,2]"])]);
        // Over the first build's output: the same bytes in other pieces are read, not
        // written (the file keeps its time).
        let time = std::fs::metadata(spare.join("data.json")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let stats = streamed(&target, &[("data.json", &["[", "1,2]"])]);
        assert_eq!((text(&target), stats.unchanged), ("[1,2]".into(), 1));
        assert_eq!(std::fs::metadata(target.join("data.json")).unwrap().modified().unwrap(), time);
        // Different bytes, as long, longer, shorter, and differing in a middle piece only.
        for (i, (pieces, whole)) in [
            (&["[3", ",4]"][..], "[3,4]"),
            (&["[3,4", ",5]"][..], "[3,4,5]"),
            (&["[", "]"][..], "[]"),
            (&["[3", ",9", ",5]"][..], "[3,9,5]"),
            (&["[3", ",4", ",5]", "\n"][..], "[3,4,5]\n"),
        ]
        .into_iter()
        .enumerate()
        {
            let stats = streamed(&target, &[("data.json", pieces)]);
            assert_eq!((text(&target), stats.unchanged, stats.bytes), (whole.to_string(), 0, whole.len() as u64), "build {i}");
        }
        // Where the spare has a folder, or a hard-linked file, the file is made anew.
        streamed(&target, &[("data.json/x", &["x"])]);
        streamed(&target, &[("data.json/x", &["x"])]);
        streamed(&target, &[("data.json", &["[7]"])]);
        assert_eq!(text(&target), "[7]");
        std::fs::hard_link(spare.join("data.json/x"), dir.path().join("elsewhere")).unwrap();
        streamed(&target, &[("data.json/x", &["y"])]);
        assert_eq!(std::fs::read_to_string(dir.path().join("elsewhere")).unwrap(), "x", "not written through");
        assert_eq!(std::fs::read_to_string(target.join("data.json/x")).unwrap(), "y");
    }

    #[test]
    fn a_file_of_the_spare_changed_since_it_was_written_is_compared_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        write(&[out("index.html", "aaaa"), out("same.html", "same")], &target).unwrap();
        write(&[out("index.html", "bbbb"), out("same.html", "same")], &target).unwrap();
        // Someone edits the spare (the first output) after its manifest was written.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(dir.path().join(".diptych-spare-output/index.html"), "zzzz").unwrap();
        let stats = write(&[out("index.html", "aaaa"), out("same.html", "same")], &target).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "aaaa");
        assert_eq!(stats.unchanged, 1, "same.html is known unchanged from the manifest");
        assert!(!target.join(".diptych-manifest").exists(), "the spare's manifest is not published");
    }

    #[cfg(unix)]
    #[test]
    fn a_hard_linked_file_of_the_spare_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        write(&[out("index.html", "first")], &target).unwrap();
        // A backup of the published site made with hard links (`cp -al`).
        let backup = dir.path().join("backup.html");
        std::fs::hard_link(target.join("index.html"), &backup).unwrap();
        write(&[out("index.html", "second")], &target).unwrap();
        // The first output is now the spare: this build writes over it.
        write(&[out("index.html", "third!")], &target).unwrap();
        assert_eq!(std::fs::read_to_string(target.join("index.html")).unwrap(), "third!");
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), "first", "the backup is untouched");
    }

    #[test]
    fn a_failed_build_over_the_spare_leaves_the_output_and_the_next_build_is_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        write(&[out("index.html", "one"), out("old.html", "old")], &target).unwrap();
        write(&[out("index.html", "two")], &target).unwrap();
        let err = write(&[out("index.html", "half"), out("../escape.html", "bad")], &target);
        assert!(err.is_err());
        assert_eq!(tree(&target), [("index.html".to_string(), "two".to_string())]);
        write(&[out("new.html", "new")], &target).unwrap();
        assert_eq!(tree(&target), [("new.html".to_string(), "new".to_string())], "nothing of the failed build or the spare is left");
        assert_eq!(names(dir.path()), ["output", ".diptych-spare-output"].map(String::from));
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
