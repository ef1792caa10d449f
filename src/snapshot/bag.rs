//! BagIt (RFC 8493) in memory: a bag is a sorted map from path to bytes. Building one
//! adds the tag files; checking one recomputes every checksum and the Payload-Oxum.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub type Files = BTreeMap<String, Vec<u8>>;

pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Adds `bagit.txt`, `bag-info.txt`, `manifest-sha256.txt` and `tagmanifest-sha256.txt`
/// to a map holding only payload (`data/…`).
pub fn seal(mut files: Files, info: &[(&str, String)]) -> Files {
    let payload_bytes: usize = files.values().map(Vec::len).sum();
    let manifest: String = files.iter().map(|(p, b)| format!("{}  {}\n", sha256(b), encode_path(p))).collect();
    let mut bag_info = String::new();
    for (k, v) in info {
        bag_info.push_str(&format!("{k}: {v}\n"));
    }
    bag_info.push_str(&format!("Payload-Oxum: {payload_bytes}.{}\n", files.len()));
    files.insert("bagit.txt".into(), b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_vec());
    files.insert("bag-info.txt".into(), bag_info.into_bytes());
    files.insert("manifest-sha256.txt".into(), manifest.into_bytes());
    let tags: String =
        ["bag-info.txt", "bagit.txt", "manifest-sha256.txt"].iter().map(|t| format!("{}  {t}\n", sha256(&files[*t]))).collect();
    files.insert("tagmanifest-sha256.txt".into(), tags.into_bytes());
    files
}

/// RFC 8493 §2.1.3: CR, LF and `%` in file names are percent-encoded in manifests.
fn encode_path(p: &str) -> String {
    p.replace('%', "%25").replace('\n', "%0A").replace('\r', "%0D")
}

fn decode_path(p: &str) -> String {
    p.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")
}

/// What checking a bag needs of each file: its size and checksum, and the text of
/// the tag files (manifests, bag-info). Payload is never held whole, so a large
/// snapshot, or an archive built to expand without end, is checked in little memory.
#[derive(Clone, Debug)]
pub struct Seen {
    pub size: u64,
    pub sha256: String,
    /// The bytes of a tag file; `None` for payload.
    pub text: Option<Vec<u8>>,
}

pub type Digests = BTreeMap<String, Seen>;

/// Tag files are small; a bigger one is refused rather than read.
pub const MAX_TAG_FILE: u64 = 64 << 20;

/// Whether a path (relative to the bag's top) is a tag file, whose text is kept.
pub fn is_tag_file(path: &str) -> bool {
    !path.contains('/') && path.ends_with(".txt")
}

/// Every problem found in a bag held in memory, each naming the file concerned.
pub fn check(files: &Files) -> Vec<String> {
    let digests: Digests = files
        .iter()
        .map(|(p, b)| (p.clone(), Seen { size: b.len() as u64, sha256: sha256(b), text: is_tag_file(p).then(|| b.clone()) }))
        .collect();
    check_digests(&digests)
}

/// Every problem found in a bag, from its files' sizes, checksums and tag files.
pub fn check_digests(files: &Digests) -> Vec<String> {
    let mut problems = Vec::new();
    for required in ["bagit.txt", "manifest-sha256.txt"] {
        if !files.contains_key(required) {
            problems.push(format!("missing tag file: {required}"));
        }
    }
    let manifest = |name: &str, problems: &mut Vec<String>| -> BTreeMap<String, String> {
        let mut entries = BTreeMap::new();
        let Some(bytes) = files.get(name).and_then(|s| s.text.as_ref()) else { return entries };
        for (n, line) in String::from_utf8_lossy(bytes).lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match line.split_once(char::is_whitespace) {
                Some((hash, path)) => {
                    entries.insert(decode_path(path.trim_start()), hash.to_ascii_lowercase());
                }
                None => problems.push(format!("{name}:{}: not a `checksum  path` line", n + 1)),
            }
        }
        entries
    };
    let payload = manifest("manifest-sha256.txt", &mut problems);
    for (path, hash) in &payload {
        match files.get(path) {
            None => problems.push(format!("missing: {path}")),
            Some(seen) if seen.sha256 != *hash => problems.push(format!("altered: {path} (checksum differs from manifest-sha256.txt)")),
            _ => {}
        }
    }
    let data = files.keys().filter(|p| p.starts_with("data/"));
    if files.contains_key("manifest-sha256.txt") {
        for path in data {
            if !payload.contains_key(path) {
                problems.push(format!("extra: {path} (not in manifest-sha256.txt)"));
            }
        }
    } else {
        let n = data.count();
        problems.push(format!(
            "{n} payload {} under data/ cannot be checked without manifest-sha256.txt",
            if n == 1 { "file" } else { "files" }
        ));
    }
    for outside in files.keys().filter_map(|p| p.strip_prefix("../")) {
        problems.push(format!("outside the bag: {outside} (an archive holds the bag's folder and nothing else)"));
    }
    for (path, hash) in manifest("tagmanifest-sha256.txt", &mut problems) {
        match files.get(&path) {
            None => problems.push(format!("missing tag file: {path}")),
            Some(seen) if seen.sha256 != hash => {
                problems.push(format!("altered tag file: {path} (checksum differs from tagmanifest-sha256.txt)"))
            }
            _ => {}
        }
    }
    if let Some(info) = files.get("bag-info.txt").and_then(|s| s.text.as_ref()) {
        let info = String::from_utf8_lossy(info);
        if let Some(oxum) = info.lines().find_map(|l| l.strip_prefix("Payload-Oxum:")) {
            let (bytes, count) =
                files.iter().filter(|(p, _)| p.starts_with("data/")).fold((0u64, 0usize), |(b, c), (_, v)| (b + v.size, c + 1));
            let actual = format!("{bytes}.{count}");
            if oxum.trim() != actual {
                problems.push(format!("bag-info.txt: Payload-Oxum is {} but the payload is {actual} (bytes.files)", oxum.trim()));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bag() -> Files {
        let mut f = Files::new();
        f.insert("data/site/index.html".into(), b"<p>hi</p>".to_vec());
        f.insert("data/source/site.yaml".into(), b"title: x\n".to_vec());
        seal(f, &[("Source-Organization", "Test".into())])
    }

    #[test]
    fn a_sealed_bag_checks_clean() {
        let b = bag();
        assert!(check(&b).is_empty(), "{:?}", check(&b));
        let info = String::from_utf8(b["bag-info.txt"].clone()).unwrap();
        assert!(info.contains("Payload-Oxum: 18.2"), "{info}");
    }

    #[test]
    fn altered_missing_and_extra_files_are_named() {
        let mut b = bag();
        b.insert("data/site/index.html".into(), b"<p>ho</p>".to_vec());
        b.remove("data/source/site.yaml");
        b.insert("data/site/new.html".into(), b"x".to_vec());
        let p = check(&b);
        assert!(p.iter().any(|m| m == "altered: data/site/index.html (checksum differs from manifest-sha256.txt)"), "{p:?}");
        assert!(p.iter().any(|m| m == "missing: data/source/site.yaml"));
        assert!(p.iter().any(|m| m == "extra: data/site/new.html (not in manifest-sha256.txt)"));
        assert!(p.iter().any(|m| m.contains("Payload-Oxum")));
    }
}
