//! Code blocks highlighted with syntect, as CSS classes (no inline styles, so pages
//! keep working under a strict Content-Security-Policy). The stylesheet for the classes
//! comes from [`stylesheet`].

use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "sy-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `<pre><code>` with highlighting classes; plain escaped text for unknown languages.
pub fn code_block(lang: &str, code: &str) -> String {
    let escaped_lang = crate::parse::escape_attr(lang);
    let set = syntaxes();
    let syntax = (!lang.is_empty()).then(|| set.find_syntax_by_token(lang)).flatten();
    let Some(syntax) = syntax else {
        let mut out = String::from("<pre class=\"code\"><code>");
        pulldown_cmark_escape_html(&mut out, code);
        out.push_str("</code></pre>\n");
        return out;
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, STYLE);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            let mut out = String::from("<pre class=\"code\"><code>");
            pulldown_cmark_escape_html(&mut out, code);
            out.push_str("</code></pre>\n");
            return out;
        }
    }
    format!("<pre class=\"code sy-code\" data-lang=\"{escaped_lang}\"><code>{}</code></pre>\n", generator.finalize())
}

fn pulldown_cmark_escape_html(out: &mut String, s: &str) {
    out.push_str(&crate::parse::escape_html(s));
}

/// CSS for the highlighting classes (light theme; the site CSS may override it).
pub fn stylesheet() -> String {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    css_for_theme_with_class_style(theme, STYLE).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn highlights_known_languages_with_classes() {
        let html = super::code_block("rust", "fn main() {}\n");
        assert!(html.contains("class=\"sy-"), "{html}");
        assert!(!html.contains("style="));
        let plain = super::code_block("nonsense", "<b>\n");
        assert!(plain.contains("&lt;b&gt;"));
    }
}
