//! Snapshot: a frozen, verifiable archive of the site as a BagIt bag (RFC 8493).
//!
//! ```text
//! <bag>/bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt
//! <bag>/data/site/…      the rendered site, every link relative, a notice on each page
//! <bag>/data/source/…    site.yaml, content/, the theme it was built with
//! ```
//!
//! Reproducible: the date comes from `SOURCE_DATE_EPOCH`, else the content's last git
//! commit, else the newest declaration; files are sorted; archives have fixed times
//! and modes. So the same content gives the same bytes on any machine, at any time.

pub mod archive;
pub mod bag;

pub use archive::Format;

use crate::model::Date;
use crate::render::Content;
use bag::Files;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a snapshot run produced.
pub struct Made {
    pub path: PathBuf,
    pub date: Date,
    /// Where the date comes from: `SOURCE_DATE_EPOCH`, the last commit, or (neither
    /// given) the newest declaration, which does not change when a text is corrected.
    pub dated_by: DatedBy,
    pub payload_files: usize,
    pub payload_bytes: usize,
}

/// The content's last commit (hash, Unix time), if the site is in a git work tree
/// and its content is committed.
fn git_commit(root: &Path) -> Option<(String, i64)> {
    let out = Command::new("git").arg("-C").arg(root).args(["log", "-1", "--format=%H %ct", "--", "."]).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let (hash, time) = text.trim().split_once(' ')?;
    Some((hash.to_string(), time.parse().ok()?))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatedBy {
    SourceDateEpoch,
    LastCommit,
    NewestDeclaration,
}

/// The snapshot's time: SOURCE_DATE_EPOCH, else the last commit, else the newest declaration.
fn snapshot_time(root: &Path, newest: Option<Date>) -> Result<(i64, DatedBy), String> {
    if let Ok(v) = std::env::var("SOURCE_DATE_EPOCH") {
        let t = v.trim().parse::<i64>().map_err(|_| format!("SOURCE_DATE_EPOCH must be a number of seconds, not `{v}`"))?;
        return Ok((t, DatedBy::SourceDateEpoch));
    }
    if let Some((_, t)) = git_commit(root) {
        return Ok((t, DatedBy::LastCommit));
    }
    Ok((newest.map_or(0, |d| archive::days_to_epoch(d.year, d.month, d.day)), DatedBy::NewestDeclaration))
}

fn add_tree(files: &mut Files, dir: &Path, prefix: &str) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().follow_links(false) {
        let entry = entry.map_err(std::io::Error::other)?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || crate::load::is_editor_artifact(&name) {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
        files.insert(format!("{prefix}/{rel}"), std::fs::read(entry.path())?);
    }
    Ok(())
}

/// Why no snapshot was made.
#[derive(Debug)]
pub enum Failed {
    /// The site has content errors (rendered, with their lines).
    Content(String),
    /// The sources or the archive could not be read or written, or a setting is wrong.
    System(String),
}

impl From<String> for Failed {
    fn from(e: String) -> Failed {
        Failed::System(e)
    }
}

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failed::Content(e) | Failed::System(e) => f.write_str(e),
        }
    }
}

/// Builds the site with the snapshot notice and writes the bag. Content errors are
/// returned as the rendered diagnostics.
pub fn make(root: &Path, out: Option<&Path>, format: Format) -> Result<Made, Failed> {
    // The date is needed before rendering (it is on every page): read it from the
    // content first, with a plain compile that also reports content errors.
    let plain = crate::compile(root);
    if plain.diags.has_errors() || plain.site.is_none() {
        let text = crate::diag::render_terminal(&plain.map, &plain.diags.sorted(), false);
        return Err(Failed::Content(format!("{text}\nthe site has errors: no snapshot was made")));
    }
    let site = plain.site.as_ref().expect("checked");
    let (time, dated_by) = snapshot_time(root, site.declarations.iter().map(|d| d.date).max())?;
    let (y, m, d, ..) = archive::civil(time);
    let date = Date { year: y, month: m, day: d };
    let options = crate::render::Options { snapshot: Some(date) };
    let compiled = crate::compile_with(root, &options);
    let site = compiled.site.as_ref().ok_or_else(|| Failed::Content("the site could not be read".into()))?;
    if compiled.diags.has_errors() {
        return Err(Failed::Content(crate::diag::render_terminal(&compiled.map, &compiled.diags.sorted(), false)));
    }

    let mut files = Files::new();
    for o in &compiled.outputs {
        let bytes = match &o.content {
            Content::Bytes(b) => b.clone(),
            Content::Copy(p) => std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?,
        };
        files.insert(format!("data/site/{}", o.path.0), bytes);
    }
    let io = |e: std::io::Error| format!("cannot read the site's sources: {e}");
    files.insert("data/source/site.yaml".into(), std::fs::read(root.join("site.yaml")).map_err(io)?);
    add_tree(&mut files, &root.join("content"), "data/source/content").map_err(io)?;
    let theme_dir = root.join("themes").join(&site.config.theme);
    if theme_dir.is_dir() {
        add_tree(&mut files, &theme_dir, &format!("data/source/themes/{}", site.config.theme)).map_err(io)?;
    } else {
        for (path, bytes) in crate::render::theme::default_files() {
            files.insert(format!("data/source/themes/default/{path}"), bytes.to_vec());
        }
    }
    let payload_files = files.len();
    let payload_bytes = files.values().map(Vec::len).sum();

    let cfg = &site.config;
    let title = cfg.title.get(cfg.default_lang()).cloned().unwrap_or_default();
    let mut info = vec![
        ("Source-Organization", cfg.organization.clone().unwrap_or_else(|| title.clone())),
        ("External-Identifier", cfg.identifier.clone().unwrap_or_else(|| cfg.base_url.clone())),
        ("External-Description", format!("{title}: archival snapshot of {}", cfg.base_url)),
        ("Bagging-Date", date.to_string()),
        ("Bag-Software-Agent", format!("diptych {}", env!("CARGO_PKG_VERSION"))),
    ];
    if let Some((hash, _)) = git_commit(root) {
        info.push(("Source-Commit", hash));
    }
    let files = bag::seal(files, &info);

    let name = format!("snapshot-{date}");
    let path = match out {
        Some(p) => p.to_path_buf(),
        None => root.join("snapshots").join(format!("{name}{}", format.extension())),
    };
    let bag_name = path.file_name().map(|n| n.to_string_lossy().trim_end_matches(format.extension()).to_string()).unwrap_or(name);
    archive::write(&files, &path, &bag_name, format, time).map_err(|e| {
        let mut msg = format!("cannot write {}: {e}", path.display());
        // The name is the date, and the date is the content's (see `snapshot_time`): a
        // snapshot of corrected texts has the same one until told otherwise.
        if e.kind() == std::io::ErrorKind::AlreadyExists && out.is_none() {
            msg.push_str(&format!(
                "\nhelp: snapshots are named by their date, {date}, taken from {}; date this one by today with \
                 `SOURCE_DATE_EPOCH=$(date +%s) diptych snapshot …`, or name it with `--out`",
                match dated_by {
                    DatedBy::SourceDateEpoch => "SOURCE_DATE_EPOCH",
                    DatedBy::LastCommit => "the last git commit of the content",
                    DatedBy::NewestDeclaration => "the newest declaration",
                }
            ));
        }
        msg
    })?;
    Ok(Made { path, date, dated_by, payload_files, payload_bytes })
}

/// Checks a bag (folder, .zip or .tar): the problems found, each naming its file.
pub fn verify(path: &Path) -> Result<(usize, Vec<String>), String> {
    let files = match archive::digests(path) {
        Ok(files) => files,
        // The archive's bytes do not read back: the bag is not valid (named as found).
        Err(e) if e.get_ref().is_some_and(|inner| inner.is::<archive::Damaged>()) => {
            return Ok((0, vec![format!("damaged archive: {e}")]));
        }
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let payload = files.keys().filter(|k| k.starts_with("data/")).count();
    Ok((payload, bag::check_digests(&files)))
}
