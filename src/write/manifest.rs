//! What a written output folder holds, recorded so that the next build over it (see
//! [`super::Staging`]) knows a file is unchanged without reading it: per file its size,
//! modification time, inode and a 128-bit hash (xxh3) of its bytes. An entry counts
//! only while the file's size, time and inode are still the recorded ones; a file
//! changed or replaced since then is read and compared instead. So a lost, stale or
//! damaged manifest costs time, never a wrong output.
//!
//! The file is text, one line per file, sorted by path:
//! `diptych-manifest 1` then `{hash:032x} {size} {mtime_ns} {inode} {path}`.

use std::collections::HashMap;
use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};

const HEADER: &str = "diptych-manifest 1";

/// The hash of a file's bytes.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    size: u64,
    mtime_ns: i128,
    inode: u64,
    hash: u128,
}

impl Entry {
    /// The entry of a file with metadata `m` holding bytes of hash `hash`; `None` where
    /// the system has no inode numbers.
    #[cfg(unix)]
    pub fn of(m: &Metadata, hash: u128) -> Option<Entry> {
        use std::os::unix::fs::MetadataExt;
        Some(Entry { size: m.len(), mtime_ns: m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128, inode: m.ino(), hash })
    }

    #[cfg(not(unix))]
    pub fn of(_: &Metadata, _: u128) -> Option<Entry> {
        None
    }

    /// Whether the file with metadata `m` is still the one recorded and holds bytes of
    /// hash `hash`.
    pub fn holds(&self, m: &Metadata, hash: u128) -> bool {
        self.describes(m) && self.hash == hash
    }

    /// Whether the file with metadata `m` is still the one recorded.
    pub fn describes(&self, m: &Metadata) -> bool {
        Entry::of(m, self.hash).is_some_and(|now| now == *self)
    }
}

#[derive(Default, Debug)]
pub struct Manifest {
    entries: HashMap<PathBuf, Entry>,
}

impl Manifest {
    /// Reads a manifest; a missing or unreadable one is empty, a damaged line is skipped.
    pub fn load(path: &Path) -> Manifest {
        std::fs::read_to_string(path).map(|text| Manifest::parse(&text)).unwrap_or_default()
    }

    /// A manifest from its text; a damaged line is skipped.
    pub fn parse(text: &str) -> Manifest {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Manifest::default();
        }
        let entries = lines
            .filter_map(|line| {
                let mut f = line.splitn(5, ' ');
                let hash = u128::from_str_radix(f.next()?, 16).ok()?;
                let size = f.next()?.parse().ok()?;
                let mtime_ns = f.next()?.parse().ok()?;
                let inode = f.next()?.parse().ok()?;
                let path = PathBuf::from(f.next()?);
                Some((path, Entry { size, mtime_ns, inode, hash }))
            })
            .collect();
        Manifest { entries }
    }

    /// Writes the manifest (to a temporary name first, then renamed).
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let mut lines: Vec<String> = self
            .entries
            .iter()
            .filter_map(|(p, e)| {
                let p = p.to_str().filter(|p| !p.contains('\n'))?;
                Some(format!("{:032x} {} {} {} {p}\n", e.hash, e.size, e.mtime_ns, e.inode))
            })
            .collect();
        lines.sort_by(|a, b| a[a.len().min(33)..].cmp(&b[b.len().min(33)..]));
        let text = format!("{HEADER}\n{}", lines.concat());
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, text)?;
        std::fs::rename(&tmp, path)
    }

    pub fn get(&self, relative: &Path) -> Option<&Entry> {
        self.entries.get(relative)
    }

    pub fn insert(&mut self, relative: PathBuf, entry: Entry) {
        self.entries.insert(relative, entry);
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn an_entry_holds_while_the_file_is_untouched_and_survives_a_save_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a b.html");
        std::fs::write(&file, "hello").unwrap();
        let h = hash(b"hello");
        // A file streamed (`Staging::stream`) is hashed piece by piece: the same hash.
        let mut pieces = xxhash_rust::xxh3::Xxh3::new();
        [&b"he"[..], b"", b"llo"].iter().for_each(|p| pieces.update(p));
        assert_eq!(h, pieces.digest128(), "the same bytes in pieces hash the same");
        let mut m = Manifest::default();
        m.insert("x/a b.html".into(), Entry::of(&std::fs::metadata(&file).unwrap(), h).unwrap());
        let path = dir.path().join("manifest");
        m.save(&path).unwrap();
        let loaded = Manifest::load(&path);
        assert_eq!(loaded.len(), 1);
        let e = loaded.get(Path::new("x/a b.html")).unwrap();
        assert!(e.holds(&std::fs::metadata(&file).unwrap(), h));
        assert!(!e.holds(&std::fs::metadata(&file).unwrap(), hash(b"other")), "other bytes");
        // Replaced by another file with the same bytes: another inode, so not trusted.
        let other = dir.path().join("other");
        std::fs::write(&other, "hello").unwrap();
        std::fs::rename(&other, &file).unwrap();
        assert!(!e.describes(&std::fs::metadata(&file).unwrap()), "a replaced file is read, not trusted");
    }

    #[test]
    fn a_damaged_manifest_is_empty_or_skips_its_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest");
        std::fs::write(&path, "not a manifest\n").unwrap();
        assert!(Manifest::load(&path).is_empty());
        std::fs::write(&path, format!("{HEADER}\nzz 1 2 3 a\n{:032x} 5 6 7 b/c.html\n", 1u128)).unwrap();
        let m = Manifest::load(&path);
        assert_eq!(m.len(), 1);
        assert!(m.get(Path::new("b/c.html")).is_some());
        assert!(Manifest::load(&dir.path().join("missing")).is_empty());
    }
}
