//! The site theme: Tera templates and static assets. The default theme lives in
//! `themes/default/` of this repository and is compiled into the binary, so a site
//! without a `themes/` folder still builds; a site's own `themes/<name>/` overrides it
//! file by file (`templates/declaration.html`, `static/style.css`, …).

use crate::diag::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = embedded!(
    "base.html",
    "macros.html",
    "home.html",
    "declaration.html",
    "parallel.html",
    "theme.html",
    "themes.html",
    "party.html",
    "parties.html",
    "list.html",
    "page.html",
    "404.html",
    "redirect.html",
    "search.html",
    "data.html",
);

const ASSETS: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../themes/default/static/style.css")),
    ("diptych.js", include_bytes!("../../themes/default/static/diptych.js")),
    ("search.js", include_bytes!("../../themes/default/static/search.js")),
    ("favicon.svg", include_bytes!("../../themes/default/static/favicon.svg")),
];

/// The built-in theme's files, as `templates/…` and `static/…` paths (for archives).
pub fn default_files() -> Vec<(String, &'static [u8])> {
    TEMPLATES
        .iter()
        .map(|(n, t)| (format!("templates/{n}"), t.as_bytes()))
        .chain(ASSETS.iter().map(|(n, b)| (format!("static/{n}"), *b)))
        .collect()
}

pub struct Theme {
    pub tera: tera::Tera,
    /// Static files by name (under `static/` in the output), sorted.
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The default theme with the site theme's files laid over it.
    pub fn load(site_theme: Option<&Path>, diags: &mut Diagnostics) -> Option<Theme> {
        let mut templates: BTreeMap<String, String> = TEMPLATES.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let mut assets: BTreeMap<String, Vec<u8>> = ASSETS.iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
        assets.insert("syntax.css".into(), crate::parse::highlight::stylesheet().into_bytes());
        if let Some(dir) = site_theme {
            for (sub, is_template) in [("templates", true), ("static", false)] {
                let base = dir.join(sub);
                if std::fs::symlink_metadata(&base).is_ok_and(|m| m.file_type().is_symlink()) {
                    diags.push(
                        Diagnostic::error(format!("{} is a symbolic link", base.display()))
                            .help("a theme's files must be inside the site: copy them instead of linking"),
                    );
                    continue;
                }
                if !base.is_dir() {
                    continue;
                }
                for entry in walkdir::WalkDir::new(&base).sort_by_file_name().follow_links(false).follow_root_links(false) {
                    let Ok(entry) = entry else { continue };
                    let name = entry.file_name().to_string_lossy();
                    if entry.path_is_symlink() {
                        diags.push(
                            Diagnostic::error(format!("{} is a symbolic link", entry.path().display()))
                                .help("a theme's files must be inside the site: copy them instead of linking"),
                        );
                        continue;
                    }
                    if !entry.file_type().is_file() || crate::load::is_editor_artifact(&name) {
                        continue;
                    }
                    let rel = entry.path().strip_prefix(&base).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
                    match std::fs::read(entry.path()) {
                        Ok(bytes) if is_template => match String::from_utf8(bytes) {
                            Ok(t) => {
                                templates.insert(rel, t);
                            }
                            Err(_) => diags.push(Diagnostic::error(format!("template {} is not valid UTF-8", entry.path().display()))),
                        },
                        Ok(bytes) => {
                            assets.insert(rel, bytes);
                        }
                        Err(e) => diags.push(Diagnostic::error(format!("cannot read {}: {e}", entry.path().display()))),
                    }
                }
            }
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which bloats every URL; `&<>"'` suffice.
        tera.set_escape_fn(crate::parse::escape_html);
        tera.register_function("plural", plural);
        if let Err(e) = tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
            diags.push(
                Diagnostic::error(format!("theme template error: {}", error_chain(&e)))
                    .help("fix the template named in the message (templates are Tera, see https://keats.github.io/tera/docs/)"),
            );
            return None;
        }
        Some(Theme { tera, assets })
    }
}

/// `plural(n=…, lang=…, one=…, other=…)` in templates: the argument named by the plural
/// category of the count `n` in `lang` (see [`super::i18n::plural_category`]: `one`,
/// and where given `zero`, `two`, `few`, `many`), else `other`:
/// `{{ n }} {{ plural(n=n, lang=ui_lang, one=s.block, other=s.blocks_count) }}`.
fn plural(args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let n = args.get("n").and_then(tera::Value::as_u64).ok_or_else(|| tera::Error::msg("plural: `n` must be a count"))?;
    let lang = args.get("lang").and_then(tera::Value::as_str).unwrap_or("en");
    let category = super::i18n::plural_category(lang, n);
    let key = if args.contains_key(category) { category } else { "other" };
    args.get(key).cloned().ok_or_else(|| tera::Error::msg(format!("plural: `{key}` is missing")))
}

/// Tera nests the useful part of its errors in `source()`.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(inner) = cur {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        cur = inner.source();
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_theme_compiles() {
        let mut d = crate::diag::Diagnostics::default();
        let t = super::Theme::load(None, &mut d).expect("default theme");
        assert!(d.is_empty());
        assert!(t.assets.contains_key("style.css") && t.assets.contains_key("syntax.css"));
        assert!(t.tera.get_template_names().any(|n| n == "declaration.html"));
    }

    #[test]
    fn plural_picks_the_form_by_the_language_rule() {
        let mut d = crate::diag::Diagnostics::default();
        let mut t = super::Theme::load(None, &mut d).expect("default theme");
        t.tera
            .add_raw_template("p", "{% for n in [0, 1, 2] %}{{ plural(n=n, lang=lang, one='one', other='other') }} {% endfor %}")
            .unwrap();
        let render = |lang: &str| {
            let mut c = tera::Context::new();
            c.insert("lang", lang);
            t.tera.render("p", &c).unwrap()
        };
        assert_eq!(render("fr"), "one one other ");
        assert_eq!(render("de"), "other one other ");
        assert_eq!(render("it"), "other one other ");
        assert_eq!(render("es"), "other one other ");
    }
}
