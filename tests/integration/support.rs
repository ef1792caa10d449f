//! Helpers: fixture paths, throwaway sites written from strings, page lookup.

use diptych::Compiled;
use diptych::render::Content;
use std::path::{Path, PathBuf};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The HTML of the output file at `path` (e.g. `nl/index.html`).
pub fn page(compiled: &Compiled, path: &str) -> String {
    let out = compiled
        .outputs
        .iter()
        .find(|o| o.path.0 == path)
        .unwrap_or_else(|| panic!("no output {path}; have {} files", compiled.outputs.len()));
    match &out.content {
        Content::Bytes(b) => String::from_utf8(b.clone()).unwrap(),
        Content::Copy(p) => std::fs::read_to_string(p).unwrap(),
    }
}

/// The diagnostics of a run in their plain form (`file:line:col: error: …`).
pub fn messages(compiled: &Compiled) -> Vec<String> {
    compiled.diags.sorted().into_iter().map(|d| diptych::diag::render_plain(&compiled.map, d)).collect()
}

/// A site in a temporary folder: a small valid base, plus the files a test writes.
pub struct TempSite {
    pub dir: tempfile::TempDir,
}

pub const GOOD_NL: &str =
    "---\ntitle: Goed\ndate: 2021-01-01\nkind: letter\nparties: [be]\noriginal: nl\n---\n\n1. Tekst. {§1 #energy @be}\n";
pub const GOOD_EN: &str = "---\ntitle: Good\n---\n\n1. Text. {§1 #energy @be}\n";

impl TempSite {
    pub fn new() -> TempSite {
        let site = TempSite::blank();
        site.write("site.yaml", "title: { nl: T, en: T }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\n");
        site.write("content/themes.yaml", "energy: { label: { nl: Energie, en: Energy } }\ntrade: { label: { nl: Handel, en: Trade } }\n");
        site.write("content/parties.yaml", "be: { name: { nl: België, en: Belgium } }\nuk: { name: { nl: VK, en: UK } }\n");
        site
    }

    /// A site in `langs` (the first is the default) with the theme `energy` and the party
    /// `be`, named in every language (by English placeholders: for tests of other things).
    pub fn in_languages(langs: &[&str]) -> TempSite {
        let site = TempSite::blank();
        site.languages(langs, "");
        site
    }

    /// An empty folder, to write a site into.
    pub fn blank() -> TempSite {
        TempSite { dir: tempfile::tempdir().unwrap() }
    }

    /// Writes site.yaml for `langs` (with `more` lines of YAML after), and themes.yaml
    /// and parties.yaml naming `energy` and `be` in each of them.
    pub fn languages(&self, langs: &[&str], more: &str) -> &Self {
        let each = |name: &str| langs.iter().map(|l| format!("{l}: {name}")).collect::<Vec<_>>().join(", ");
        self.write(
            "site.yaml",
            &format!("title: {{ {} }}\nbase_url: \"https://example.gov/\"\nlanguages: [{}]\n{more}", each("T"), langs.join(", ")),
        );
        self.write("content/themes.yaml", &format!("energy: {{ label: {{ {} }} }}\n", each("Energy")));
        self.write("content/parties.yaml", &format!("be: {{ name: {{ {} }} }}\n", each("Belgium")))
    }

    pub fn write(&self, path: &str, text: &str) -> &Self {
        let p = self.dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn compile(&self) -> Compiled {
        diptych::compile(self.root())
    }

    pub fn errors(&self) -> Vec<String> {
        messages(&self.compile())
    }
}

/// The `diptych` binary built by cargo for these tests.
pub fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_diptych"))
}

/// A site with `n` declarations, one per day from 2001-01-01, each with two blocks:
/// §1 about energy and Belgium, §2 (every third declaration) about trade and the UK.
pub fn many(n: usize) -> TempSite {
    let site = TempSite::new();
    for i in 0..n {
        let date = format!("{}-{:02}-{:02}", 2001 + i / 300, 1 + (i / 28) % 10, 1 + i % 28);
        let extra = if i % 3 == 0 { "\n2. Handel nummer {i}. {§2 #trade @uk}\n" } else { "" };
        site.write(
            &format!("content/declarations/d{i:03}.nl.md"),
            &format!(
                "---\ntitle: Verklaring {i}\ndate: {date}\nkind: letter\nparties: [be]\noriginal: nl\n---\n\n1. Energie nummer {i}. {{§1 #energy @be}}\n{}",
                extra.replace("{i}", &i.to_string())
            ),
        );
    }
    site
}
