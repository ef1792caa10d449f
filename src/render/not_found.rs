//! What the 404 page shows besides the default language's view model (built in
//! `pages`): the message in every other site language, each marked with its `lang`.
//! The page keeps its links from the server root (see `pages`), because a server sends
//! it for a missing path at any depth.

use super::Renderer;
use serde_json::{Value, json};
use std::collections::BTreeSet;

impl Renderer<'_> {
    pub(super) fn not_found_messages(&self, ctx: &mut Value) {
        let cfg = &self.site.config;
        let default = &self.strings[cfg.default_lang()];
        // A language whose interface falls back to a language already shown adds nothing.
        let mut shown = BTreeSet::from([default.ui_lang.as_str()]);
        let messages: Vec<Value> = cfg
            .languages
            .iter()
            .map(|l| &self.strings[l])
            .filter(|s| shown.insert(s.ui_lang.as_str()))
            .map(|s| json!({"lang": s.ui_lang, "title": s.get("not_found"), "text": s.get("not_found_text")}))
            .collect();
        ctx["messages"] = Value::from(messages);
    }
}
