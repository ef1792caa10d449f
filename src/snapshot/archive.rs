//! A bag on disk: as a folder, a zip or a tar file, written reproducibly (entries in
//! sorted order, one fixed modification time, fixed modes, no owner names) and read
//! back for verification.

use super::bag::{Digests, Files, Seen};
use sha2::{Digest, Sha256};
use std::io::{self, Read, Write};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Dir,
    Zip,
    Tar,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Dir => "",
            Format::Zip => ".zip",
            Format::Tar => ".tar",
        }
    }
}

/// Writes `files` as the bag `name` at `out`. `mtime` is seconds since the epoch.
pub fn write(files: &Files, out: &Path, name: &str, format: Format, mtime: i64) -> io::Result<()> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    match format {
        Format::Dir => {
            if out.exists() {
                return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{} exists: choose a new --out", out.display())));
            }
            let tmp = out.with_extension("tmp-bag");
            for (path, bytes) in files {
                let target = tmp.join(path);
                std::fs::create_dir_all(target.parent().expect("bag paths have a parent"))?;
                std::fs::write(target, bytes)?;
            }
            std::fs::rename(tmp, out)
        }
        Format::Zip => {
            let mut buf = io::Cursor::new(Vec::new());
            {
                let mut zip = zip::ZipWriter::new(&mut buf);
                let (y, mo, d, h, mi, s) = civil(mtime.max(315_532_800));
                let time = zip::DateTime::from_date_and_time(y as u16, mo, d, h, mi, s).map_err(|e| io::Error::other(e.to_string()))?;
                let opts = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .last_modified_time(time)
                    .unix_permissions(0o644);
                for (path, bytes) in files {
                    zip.start_file(format!("{name}/{path}"), opts).map_err(io::Error::other)?;
                    zip.write_all(bytes)?;
                }
                zip.finish().map_err(io::Error::other)?;
            }
            write_atomically(out, &buf.into_inner())
        }
        Format::Tar => {
            let mut tar = tar::Builder::new(Vec::new());
            tar.mode(tar::HeaderMode::Deterministic);
            for (path, bytes) in files {
                let mut header = tar::Header::new_ustar();
                header.set_size(bytes.len() as u64);
                header.set_mode(0o644);
                header.set_mtime(mtime.max(0) as u64);
                header.set_uid(0);
                header.set_gid(0);
                header.set_entry_type(tar::EntryType::Regular);
                tar.append_data(&mut header, format!("{name}/{path}"), bytes.as_slice())?;
            }
            let data = tar.into_inner()?;
            write_atomically(out, &data)
        }
    }
}

/// Writes an archive file; one already at `out` is never replaced by other bytes (an
/// archive made earlier, of other texts, would be lost): the same bytes again are fine.
fn write_atomically(out: &Path, bytes: &[u8]) -> io::Result<()> {
    if out.exists() {
        return match std::fs::read(out) {
            Ok(old) if old == bytes => Ok(()),
            _ => Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and holds another snapshot: choose a new --out (archives are never overwritten)", out.display()),
            )),
        };
    }
    let tmp = out.with_extension("tmp-bag");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(tmp, out)
}

/// Most bytes an archive may expand to while being checked: an archive made to expand
/// without end (a "zip bomb") stops here with an error instead of running for hours.
pub const MAX_EXPANDED: u64 = 256 << 30;

/// Reads a bag from a folder, a .zip or a .tar, streaming: for each file, relative to
/// the bag's top, its size and SHA-256, and the text of the tag files. Memory stays
/// small whatever the size of the bag.
/// An archive whose bytes do not read back (an entry whose checksum fails, an end cut
/// off): the bag is invalid, which is a finding of `verify`, not a failure of the system.
#[derive(Debug)]
pub struct Damaged(pub String);

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Damaged {}

/// `what` (an entry, or the archive) did not read back: `e` says how.
fn damaged(what: &str, e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, Damaged(format!("{what}: {e}")))
}

pub fn digests(path: &Path) -> io::Result<Digests> {
    let mut files = Digests::new();
    let mut total = 0u64;
    let in_archive = !path.is_dir();
    let mut see = |name: String, reader: &mut dyn Read, files: &mut Digests| -> io::Result<()> {
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut size = 0u64;
        // Tag files sit at the top of the bag, or one folder down in an archive.
        let keep = name.split('/').count() <= 2 && name.ends_with(".txt");
        let mut text = keep.then(Vec::new);
        loop {
            let n = reader.read(&mut buf).map_err(|e| if in_archive { damaged(&name, e) } else { e })?;
            if n == 0 {
                break;
            }
            size += n as u64;
            total += n as u64;
            if total > MAX_EXPANDED {
                return Err(io::Error::other(format!("the bag expands to more than {} GiB; refusing to read further", MAX_EXPANDED >> 30)));
            }
            hasher.update(&buf[..n]);
            if let Some(t) = text.as_mut() {
                if size > super::bag::MAX_TAG_FILE {
                    return Err(io::Error::other(format!(
                        "{name} is larger than a tag file can be ({} MiB)",
                        super::bag::MAX_TAG_FILE >> 20
                    )));
                }
                t.extend_from_slice(&buf[..n]);
            }
        }
        let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
        files.insert(name, Seen { size, sha256, text });
        Ok(())
    };
    if path.is_dir() {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(io::Error::other)?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(path).expect("inside").to_string_lossy().replace('\\', "/");
                see(rel, &mut std::fs::File::open(entry.path())?, &mut files)?;
            }
        }
    } else {
        let mut magic = [0u8; 2];
        let is_zip = std::fs::File::open(path)?.read(&mut magic)? == 2 && &magic == b"PK";
        let file = std::fs::File::open(path)?;
        if is_zip {
            let mut zip = zip::ZipArchive::new(io::BufReader::new(file)).map_err(|e| damaged("the zip archive", e))?;
            for i in 0..zip.len() {
                let mut f = zip.by_index(i).map_err(|e| damaged(&format!("entry {} of the zip archive", i + 1), e))?;
                if f.is_dir() {
                    continue;
                }
                let name = f.name().map_err(|e| damaged(&format!("the name of entry {} of the zip archive", i + 1), e))?.into_owned();
                see(name, &mut f, &mut files)?;
            }
        } else {
            let mut tar = tar::Archive::new(io::BufReader::new(file));
            let mut last = String::from("its start");
            for entry in tar.entries().map_err(|e| damaged("the tar archive", e))? {
                let mut e = entry.map_err(|e| damaged(&format!("the tar archive after {last}"), e))?;
                if e.header().entry_type() != tar::EntryType::Regular {
                    continue;
                }
                let name = e.path().map_err(|e| damaged(&format!("the tar archive after {last}"), e))?.to_string_lossy().into_owned();
                last.clone_from(&name);
                see(name, &mut e, &mut files)?;
            }
        }
    }
    // Archives hold one top folder: the bag, the folder with bagit.txt. What lies
    // outside it is kept as `../name`, for the check to name.
    let bags: Vec<String> =
        files.keys().filter_map(|k| k.strip_suffix("/bagit.txt")).filter(|t| !t.contains('/')).map(|t| format!("{t}/")).collect();
    let tops: std::collections::BTreeSet<&str> = files.keys().filter_map(|k| k.split_once('/').map(|(t, _)| t)).collect();
    if !path.is_dir() && bags.len() == 1 && !files.contains_key("bagit.txt") {
        let top = &bags[0];
        files =
            files.into_iter().map(|(k, v)| (k.strip_prefix(top.as_str()).map_or_else(|| format!("../{k}"), str::to_string), v)).collect();
    } else if !path.is_dir() && tops.len() == 1 && files.keys().all(|k| k.contains('/')) {
        let top = format!("{}/", tops.into_iter().next().unwrap_or_default());
        files = files.into_iter().map(|(k, v)| (k[top.len()..].to_string(), v)).collect();
    }
    // Only what sits at the top of the bag is a tag file.
    for (name, seen) in files.iter_mut() {
        if !super::bag::is_tag_file(name) {
            seen.text = None;
        }
    }
    Ok(files)
}

/// Year, month, day, hour, minute, second (UTC) of a Unix time.
pub fn civil(secs: i64) -> (i32, u8, u8, u8, u8, u8) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = if m <= 2 { y + 1 } else { y } as i32;
    (y, m, d, (rem / 3600) as u8, (rem % 3600 / 60) as u8, (rem % 60) as u8)
}

/// Unix time of a calendar date at midnight UTC.
pub fn days_to_epoch(year: i32, month: u8, day: u8) -> i64 {
    let (y, m) = if month <= 2 { (year as i64 - 1, month as i64 + 9) } else { (year as i64, month as i64 - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        let t = days_to_epoch(2023, 1, 31);
        assert_eq!(t, 1_675_123_200);
        assert_eq!(civil(t + 3661), (2023, 1, 31, 1, 1, 1));
        assert_eq!(civil(days_to_epoch(2024, 2, 29)), (2024, 2, 29, 0, 0, 0));
    }

    #[test]
    fn archives_round_trip_and_are_reproducible() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Files::new();
        files.insert("bagit.txt".into(), b"x".to_vec());
        files.insert("data/a/b.html".into(), b"hello".to_vec());
        for format in [Format::Zip, Format::Tar, Format::Dir] {
            let a = dir.path().join(format!("a{}", format.extension()));
            let b = dir.path().join(format!("sub/b{}", format.extension()));
            write(&files, &a, "bag", format, 1_675_123_200).unwrap();
            write(&files, &b, "bag", format, 1_675_123_200).unwrap();
            if format != Format::Dir {
                assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap(), "{format:?}");
            }
            let seen = digests(&a).unwrap();
            assert_eq!(seen.keys().collect::<Vec<_>>(), files.keys().collect::<Vec<_>>(), "{format:?}");
            for (path, bytes) in &files {
                let s = &seen[path];
                assert_eq!(
                    (s.size, s.sha256.as_str()),
                    (bytes.len() as u64, super::super::bag::sha256(bytes).as_str()),
                    "{format:?} {path}"
                );
                assert_eq!(s.text.is_some(), path == "bagit.txt", "only tag files keep their text");
            }
        }
    }
}
