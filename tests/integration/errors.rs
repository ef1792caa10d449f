//! One negative test per error class: each asserts the file, line and column, the
//! message and the help a person gets.

use crate::support::{GOOD_EN, GOOD_NL, TempSite, bin};

fn one_error(site: &TempSite) -> String {
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "expected one error, got {errors:#?}");
    errors.into_iter().next().unwrap()
}

#[test]
fn unknown_theme_with_suggestion() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("#energy", "#enrgy"));
    let e = one_error(&site);
    assert_eq!(e, "content/declarations/2021-01-01-x.nl.md:9:15: error: unknown theme `#enrgy`\n  help: did you mean `#energy`?");
}

#[test]
fn unknown_party_in_block_and_front_matter() {
    let site = TempSite::new();
    let text = GOOD_NL.replace("@be}", "@bx}").replace("parties: [be]", "parties: [be, ukk]");
    site.write("content/declarations/2021-01-01-x.nl.md", &text);
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("content/declarations/2021-01-01-x.nl.md:5:15: error: unknown party `ukk`"), "{}", errors[0]);
    assert!(errors[0].ends_with("did you mean `uk`?"), "front matter takes the bare id: {}", errors[0]);
    assert!(errors[1].starts_with("content/declarations/2021-01-01-x.nl.md:9:23: error: unknown party `@bx`"), "{}", errors[1]);
}

#[test]
fn duplicated_block_id_names_both_places() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &format!("{GOOD_NL}\nNog een. {{§1 #trade}}\n"));
    let e = one_error(&site);
    assert!(e.starts_with("content/declarations/2021-01-01-x.nl.md:11:11: error: block id `§1` is used twice"), "{e}");
    assert!(e.contains("content/declarations/2021-01-01-x.nl.md:9:12: first used here"), "{e}");
}

#[test]
fn malformed_annotation() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("{§1 #energy @be}", "{§1 energy @be}"));
    let e = one_error(&site);
    assert!(e.starts_with("content/declarations/2021-01-01-x.nl.md:9:15: error: `energy` is not an annotation token"), "{e}");
    assert!(e.contains("help:") && e.contains("\\{"), "{e}");
}

#[test]
fn brace_in_the_middle_of_a_paragraph() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("1. Tekst.", "1. Tekst {met} accolades."));
    let e = one_error(&site);
    assert!(e.starts_with("content/declarations/2021-01-01-x.nl.md:9:10: error: `{` in the text is not a valid annotation"), "{e}");
}

#[test]
fn an_annotation_on_a_tables_last_row_is_not_lost_in_silence() {
    // A cell beyond the head's columns: the table drops it, annotation and all.
    let site = TempSite::new();
    let table = "\n| Sector | 2023 |\n| --- | ---: |\n| Energie | 180 | {§tabel #energy @be}\n";
    site.write("content/declarations/2021-01-01-x.nl.md", &format!("{GOOD_NL}{table}"));
    let e = one_error(&site);
    assert!(
        e.starts_with("content/declarations/2021-01-01-x.nl.md:13:19: error: annotation at the end of a table's last row is lost"),
        "{e}"
    );
    assert!(e.contains("write `{§tabel #energy @be}` on a line of its own, after a blank line"), "{e}");

    // On the line right after the table, it is one more row: told where it goes.
    let table = "\n| Sector | 2023 |\n| --- | ---: |\n| Energie | 180 |\n{§tabel #energy @be}\n";
    site.write("content/declarations/2021-01-01-x.nl.md", &format!("{GOOD_NL}{table}"));
    let e = one_error(&site);
    assert!(e.starts_with("content/declarations/2021-01-01-x.nl.md:14:1: error: `{` in the text is not a valid annotation"), "{e}");
    assert!(e.contains("a paragraph of its own right after the table"), "{e}");

    // After a blank line, it annotates the table.
    let table = "\n| Sector | 2023 |\n| --- | ---: |\n| Energie | 180 |\n\n{§tabel #energy @be}\n";
    site.write("content/declarations/2021-01-01-x.nl.md", &format!("{GOOD_NL}{table}"));
    assert_eq!(site.errors(), Vec::<String>::new());
}

#[test]
fn an_annotation_alone_in_a_paragraph_is_warned_of() {
    // Most likely a blank line too many between a paragraph and its annotation.
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("1. Tekst. {§1 #energy @be}", "Tekst.\n\n{§1 #energy @be}"));
    site.write("content/declarations/2021-01-01-x.en.md", &GOOD_EN.replace("1. Text. {§1 #energy @be}", "Text.\n\n{§1 #energy @be}"));
    let c = site.compile();
    let warnings = crate::support::messages(&c);
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[1]
            .starts_with("content/declarations/2021-01-01-x.nl.md:11:1: warning: an annotation alone in a paragraph makes an empty block"),
        "{warnings:#?}"
    );
    assert!(warnings[1].contains("end its last line with the annotation, with no blank line between them"), "{}", warnings[1]);
}

#[test]
fn translations_tagging_a_paragraph_differently_are_warned_of() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("{§1 #energy @be}", "{§1 #energy #trade @be}"));
    site.write("content/declarations/2021-01-01-x.en.md", &GOOD_EN.replace("{§1 #energy @be}", "{§1 #energy @be @uk}"));
    let c = site.compile();
    let warnings = crate::support::messages(&c);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with(
            "content/declarations/2021-01-01-x.en.md:5:26: warning: the translations of `§1` disagree on its themes and parties: `#trade` only in the `nl` text; `@uk` only in this one"
        ),
        "{warnings:#?}"
    );
    assert!(warnings[0].contains("give it the same ones in every translation"), "{}", warnings[0]);
}

#[test]
fn ids_by_position_shifted_by_a_missing_paragraph_are_warned_of() {
    // The English text lacks `§x`: the next paragraph is the third block in Dutch and the
    // second in English, so its id by position differs (`§p3`, `§p2`).
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &format!("{GOOD_NL}\nAlleen in het Nederlands. {{§x}}\n\nSlot.\n"));
    site.write("content/declarations/2021-01-01-x.en.md", &format!("{GOOD_EN}\nEnd.\n"));
    let warnings = crate::support::messages(&site.compile());
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("content/declarations/2021-01-01-x.en.md:7:1: warning: `§p2` is only in the `en` text, and `§p3` next to it only in the `nl` text"),
        "{warnings:#?}"
    );
    assert!(warnings[0].contains("give it an id in both texts (e.g. `{§p3}` at its end in each)"), "{}", warnings[0]);
}

#[test]
fn a_heading_without_an_id_beside_one_with_an_id_is_told_that_id() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("1. Tekst.", "## Overstromingen {§floods}\n\n1. Tekst."));
    // `## Floods` would match by its slug; a French heading does not.
    site.write("content/declarations/2021-01-01-x.en.md", &GOOD_EN.replace("1. Text.", "## Inondations\n\n1. Text."));
    let warnings = crate::support::messages(&site.compile());
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("give it that id: `{§floods}` at the end of this heading"), "{}", warnings[0]);
}

#[test]
fn an_annotation_not_closed_is_said_so() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("{§1 #energy @be}", "{§1 #energy @be"));
    site.write("content/declarations/2021-01-01-x.en.md", GOOD_EN);
    let e = one_error(&site);
    assert_eq!(
        e,
        "content/declarations/2021-01-01-x.nl.md:9:11: error: annotation is not closed\n  help: end it with `}`: `{§1 #energy @be}`"
    );
}

#[test]
fn yaml_slips_are_told_at_their_cause() {
    let site = TempSite::new();
    let path = "content/declarations/2021-01-01-x.nl.md";
    let cases = [
        // A key and its value without the `:`: found on the next line, told on this one.
        (
            "kind: letter",
            "kind letter",
            "4:1: error: invalid YAML: this line has no `:` between its key and its value\n  help: write `kind: letter`",
        ),
        // A value with `: ` and a quote at its end only.
        ("title: Goed", "title: Verklaring: België\"", "2:8: error: invalid YAML: this value ends with a quote it does not start with"),
        // An apostrophe inside a value quoted with `'`.
        ("title: Goed", "title: 'Déclaration d'exemple'", "2:8: error: invalid YAML: an apostrophe inside a value quoted with `'` ends it"),
    ];
    for (from, to, want) in cases {
        site.write(path, &GOOD_NL.replace(from, to));
        let e = one_error(&site);
        assert!(e.starts_with(&format!("{path}:{want}")), "{to}: {e}");
    }
    // A licence named per language: the form `license` takes, at its line.
    site.write(path, GOOD_NL);
    site.write("site.yaml", "title: { nl: T, en: T }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\nlicense: { name: { nl: A, en: B }, url: \"https://x.org/\" }\n");
    let e = one_error(&site);
    assert!(
        e.starts_with("site.yaml:4:1: error: invalid YAML: `license` has a form it does not take\n  help: `license` takes a URL"),
        "{e}"
    );
    site.write("site.yaml", "title: { nl: T, en: T }\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\n");
    // An apostrophe in a plain value, and `''` in a quoted one, are fine.
    for title in ["title: Déclaration d'exemple", "title: 'L''exemple'"] {
        site.write(path, &GOOD_NL.replace("title: Goed", title));
        assert_eq!(site.errors(), Vec::<String>::new(), "{title}");
    }
}

#[test]
fn a_missing_block_of_a_long_declaration_lists_the_ids_around_where_it_would_stand() {
    let site = TempSite::new();
    let body: String = (1..=30).map(|n| format!("{n}. Tekst {n}.\n\n")).collect();
    site.write("content/declarations/2021-01-01-x.nl.md", &format!("{GOOD_NL}\n{body}"));
    let body: String = (1..=30).map(|n| format!("{n}. Text {n}.\n\n")).collect();
    site.write("content/declarations/2021-01-01-x.en.md", &format!("{GOOD_EN}\n{body}"));
    site.write("content/declarations/2021-02-02-y.nl.md", &GOOD_NL.replace("1. Tekst.", "1. Zie [[2021-01-01-x§33]]."));
    let e = one_error(&site);
    assert!(e.contains("declaration `2021-01-01-x` has no block `§33`"), "{e}");
    assert!(e.ends_with("help: its blocks there are §12, §13, §14, §15, §16, §17, §18, §19, §20, §21, §22, §23, §24, §25, §26, §27, §28, §29, §30, §31 (11 more before them)"), "{e}");
}

#[test]
fn an_unknown_key_in_site_yaml_suggests_the_nearest() {
    let site = TempSite::new();
    site.write("site.yaml", "title: T\nbase_url: \"https://example.gov/\"\nlanguages: [nl, en]\nlicence: CC BY\n");
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("site.yaml:4:1: error: unknown key `licence`, expected one of `title`"), "{errors:?}");
    assert!(errors[0].ends_with("help: did you mean `license`?"), "{errors:?}");
}

#[test]
fn bad_yaml_in_front_matter_points_into_the_file() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("parties: [be]", "parties: [be"));
    let e = one_error(&site);
    // Found on the next line; told on its own, at the `[` not closed.
    assert!(e.starts_with("content/declarations/2021-01-01-x.nl.md:5:10: error: invalid YAML: `[` is not closed on this line"), "{e}");
}

#[test]
fn an_unknown_party_in_one_translation_is_one_error_at_the_party() {
    let site = TempSite::new();
    let sig = |party: &str| format!("signatories:\n  - {{ name: Jan Peeters, role: Minister, party: {party} }}\n---");
    let nl = GOOD_NL.replacen("---\n\n", &format!("{}\n\n", sig("be")), 1).replace("parties: [be]", "parties: [be, uk]");
    let en = GOOD_EN.replacen("---\n\n", &format!("parties: [be, ukk]\n{}\n\n", sig("bee")), 1);
    site.write("content/declarations/2021-01-01-x.nl.md", &nl);
    site.write("content/declarations/2021-01-01-x.en.md", &en);
    let errors = site.errors();
    // Not also "translations disagree on `parties`" or "on `signatories`": one typo each.
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("content/declarations/2021-01-01-x.en.md:3:15: error: unknown party `ukk`"), "{}", errors[0]);
    // The caret is on the party, not on the signatory's name.
    assert!(errors[1].starts_with("content/declarations/2021-01-01-x.en.md:5:49: error: unknown party `bee`"), "{}", errors[1]);
    assert!(errors[1].ends_with("did you mean `be`?"), "{}", errors[1]);
}

#[test]
fn tabs_in_yaml_get_a_hint() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("kind: letter", "kind:\tletter\n\tx: 1"));
    let e = one_error(&site);
    assert!(e.starts_with("content/declarations/2021-01-01-x.nl.md:"), "{e}");
    assert!(e.contains("tabs"), "{e}");
}

#[test]
fn translations_that_disagree_name_both_files() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    site.write("content/declarations/2021-01-01-x.en.md", &GOOD_EN.replace("title: Good\n", "title: Good\ndate: 2021-01-02\n"));
    let e = one_error(&site);
    assert!(
        e.starts_with("content/declarations/2021-01-01-x.en.md:3:7: error: translations disagree on `date`: 2021-01-02 here, 2021-01-01 in the other file"),
        "{e}"
    );
    assert!(e.contains("content/declarations/2021-01-01-x.nl.md:3:7: `date` is 2021-01-01 here"), "{e}");
}

#[test]
fn an_unknown_party_or_theme_written_as_its_name_suggests_its_id() {
    let site = TempSite::new();
    site.write("content/parties.yaml", "be: { name: { nl: België, en: Belgium } }\nand: { name: { nl: Andalusië, en: Andalucía } }\n");
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("{§1 #energy @be}", "{§1 #energie @andalucia}"));
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("unknown theme `#energie`") && errors[0].ends_with("help: did you mean `#energy`?"), "{errors:#?}");
    assert!(errors[1].contains("unknown party `@andalucia`") && errors[1].ends_with("help: did you mean `@and`?"), "{errors:#?}");
}

#[test]
fn broken_cross_references() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    site.write("content/declarations/2021-02-02-y.nl.md", &GOOD_NL.replace("1. Tekst.", "1. Zie [[2021-01-01-x§7]] en [[2021-01-01-z]]."));
    let errors = site.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/declarations/2021-02-02-y.nl.md:9:8: error: declaration `2021-01-01-x` has no block `§7`"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("content/declarations/2021-02-02-y.nl.md:9:30: error: cross-reference to unknown declaration `2021-01-01-z`"),
        "{}",
        errors[1]
    );
    assert!(errors[1].contains("did you mean `2021-01-01-x`?"));
}

#[test]
fn file_naming_errors() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.md", GOOD_NL);
    site.write("content/declarations/2021-01-01-y.de.md", GOOD_NL);
    site.write("content/declarations/Mijn Verklaring.nl.md", GOOD_NL);
    let errors = site.errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("has no language suffix") && e.contains("2021-01-01-x.nl.md")));
    assert!(errors.iter().any(|e| e.contains("unknown language suffix `.de`")));
    assert!(errors.iter().any(|e| e.contains("is not a valid slug") && e.contains("mijn-verklaring")));
}

#[test]
fn registry_errors() {
    let site = TempSite::new();
    site.write(
        "content/themes.yaml",
        "energy: { label: { nl: Energie, en: Energy }, parent: enrgy-policy }\nloop-a: { label: { nl: A, en: A }, parent: loop-b }\nloop-b: { label: { nl: B, en: B }, parent: loop-a }\nbare: { label: { nl: Kaal } }\n",
    );
    let errors = site.errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].starts_with("content/themes.yaml:1:55: error: theme `energy` has unknown parent `enrgy-policy`"), "{}", errors[0]);
    assert!(errors[1].starts_with("content/themes.yaml:2:44: error: theme `loop-a` is its own ancestor"), "{}", errors[1]);
    assert!(errors[2].starts_with("content/themes.yaml:4:1: error: `bare` has no label in language `en`"), "{}", errors[2]);
}

#[test]
fn a_registry_error_does_not_hide_the_annotation_errors_of_the_same_build() {
    // A label missing in themes.yaml leaves every id known: the unknown theme and party
    // of a declaration are reported in the same run, not after the label is fixed.
    let site = TempSite::new();
    site.write("content/themes.yaml", "energy: { label: { nl: Energie, en: Energy } }\ntrade: { label: { nl: Handel } }\n");
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("#energy", "#enrgy").replace("@be}", "@bx}"));
    let errors = site.errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("`trade` has no label in language `en`")), "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("unknown theme `#enrgy`") && e.contains("did you mean `#energy`?")), "{errors:#?}");
    assert!(errors.iter().any(|e| e.contains("unknown party `@bx`")), "{errors:#?}");

    // A label written but empty is told so, not to be added.
    let site = TempSite::new();
    site.write("content/themes.yaml", "energy: { label: { nl: Energie, en: } }\ntrade: { label: { nl: Handel, en: Trade } }\n");
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].ends_with("help: its `en:` is empty: write the label after it (`en: …`); every label exists in every site language"),
        "{errors:#?}"
    );
}

#[test]
fn an_unreadable_registry_is_one_error_not_one_per_annotation() {
    // themes.yaml that does not parse: its themes are unknown, and every `#theme` of the
    // site would be reported unknown with it. Only the cause is.
    let site = TempSite::new();
    site.write("content/themes.yaml", "energy: { label: { nl: Energie, en: Energy }\n");
    let e = one_error(&site);
    assert!(e.starts_with("content/themes.yaml:"), "{e}");
}

#[test]
fn an_original_language_that_is_a_slip_for_a_site_language_is_an_error() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("original: nl", "original: nld"));
    let e = one_error(&site);
    assert!(e.starts_with("content/declarations/2021-01-01-x.nl.md:6:11: error: `original: nld` is not a language of this site"), "{e}");
    assert!(e.contains("did you mean `nl`?"), "{e}");
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("original: nl", "original: Nederlands"));
    let e = one_error(&site);
    assert!(e.contains("error: `Nederlands` is not a language code"), "{e}");
    // The authentic text in a language the site does not publish: allowed, silently
    // (the bundled site has a French original on a Dutch and English site).
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("original: nl", "original: fr"));
    assert!(site.errors().is_empty(), "{:?}", site.errors());
}

#[test]
fn signatories_that_differ_only_in_party_say_which() {
    let site = TempSite::new();
    let sig = |party: &str| format!("signatories:\n  - {{ name: A. Minister, party: {party} }}\n---");
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replacen("---\n\n", &format!("{}\n\n", sig("be")), 1));
    site.write("content/declarations/2021-01-01-x.en.md", &GOOD_EN.replacen("---\n\n", &format!("{}\n\n", sig("uk")), 1));
    let e = one_error(&site);
    assert!(e.contains("[A. Minister (@uk)] here, [A. Minister (@be)] in the other file"), "{e}");
}

#[test]
fn two_written_ids_at_the_same_place_in_two_translations_are_warned_about() {
    let site = TempSite::new();
    site.write(
        "content/declarations/2021-01-01-x.nl.md",
        &GOOD_NL.replace("{§1 #energy @be}", "{§1 #energy @be}\n2. Twee. {§2.c}\n3. Drie. {§3}"),
    );
    site.write(
        "content/declarations/2021-01-01-x.en.md",
        &GOOD_EN.replace("{§1 #energy @be}", "{§1 #energy @be}\n2. Two. {§2.d}\n3. Three. {§3}"),
    );
    let c = site.compile();
    assert!(!c.diags.has_errors());
    let warnings = crate::support::messages(&c);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    // On the translation's block (the original is Dutch), with the id to use.
    assert!(
        warnings[0].starts_with(
            "content/declarations/2021-01-01-x.en.md:6:1: warning: `§2.d` is only in the `en` text, and `§2.c` next to it only in the `nl` text"
        ),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("give both the same id (`§2.c`)"), "{}", warnings[0]);
    // A block the translation lacks, and none in its place: the translation report's business.
    site.write("content/declarations/2021-01-01-x.en.md", &GOOD_EN.replace("{§1 #energy @be}", "{§1 #energy @be}\n3. Three. {§3}"));
    assert!(crate::support::messages(&site.compile()).is_empty());
}

#[test]
fn a_heading_whose_derived_id_differs_between_translations_is_warned_about() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("1. Tekst.", "## Energie en klimaat\n\n1. Tekst."));
    site.write("content/declarations/2021-01-01-x.en.md", &GOOD_EN.replace("1. Text.", "## Energy and climate\n\n1. Text."));
    let c = site.compile();
    assert!(!c.diags.has_errors());
    let warnings = crate::support::messages(&c);
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(
        warnings[1].starts_with(
            "content/declarations/2021-01-01-x.nl.md:9:1: warning: heading `§energie-en-klimaat` has no counterpart in the en text"
        ),
        "{}",
        warnings[1]
    );
    // The suggestion is an id the editor can paste: this heading's own.
    assert!(
        warnings[1].contains("e.g. `{§energie-en-klimaat}` at the end of this heading and of its counterpart in the en text"),
        "{}",
        warnings[1]
    );
    // With the same id in both, nothing to say.
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("1. Tekst.", "## Energie en klimaat {§I}\n\n1. Tekst."));
    site.write("content/declarations/2021-01-01-x.en.md", &GOOD_EN.replace("1. Text.", "## Energy and climate {§I}\n\n1. Text."));
    assert!(crate::support::messages(&site.compile()).is_empty());
}

#[test]
fn an_unquoted_comma_in_a_label_is_caught() {
    let site = TempSite::new();
    site.write(
        "content/themes.yaml",
        "energy: { label: { nl: Energie, en: Energy } }\ntrade: { label: { nl: Weg, spoor en logistiek, en: Road } }\n",
    );
    let e = one_error(&site);
    assert!(
        e.starts_with(
            "content/themes.yaml:2:1: error: the label of `trade` has an entry `spoor en logistiek`, which is not a site language"
        ),
        "{e}"
    );
    assert!(e.contains("in quotes"), "{e}");
}

#[test]
fn every_error_of_a_build_is_reported_and_output_is_untouched() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("#energy", "#enrgy"));
    site.write("content/declarations/2021-02-02-y.nl.md", &GOOD_NL.replace("@be}", "@nope}"));
    site.write("content/declarations/2021-03-03-z.nl.md", "no front matter\n");
    let out = site.root().join("output");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("index.html"), "previous site").unwrap();
    let run = bin().args(["build", "--root"]).arg(site.root()).env("NO_COLOR", "1").output().unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    for needle in [
        "2021-01-01-x.nl.md:9:15",
        "unknown theme `#enrgy`",
        "2021-02-02-y.nl.md:9:23",
        "2021-03-03-z.nl.md:1:1",
        "missing front matter",
        "3 errors; nothing was written",
    ] {
        assert!(stderr.contains(needle), "missing {needle:?} in:\n{stderr}");
    }
    assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "previous site");
}

#[test]
fn an_invalid_site_yaml_is_reported_at_its_line_not_a_crash() {
    // site.yaml errors stop the load before any content is read; they still point into it.
    let site = TempSite::new();
    site.write("site.yaml", "title: T\nbase_url: \"https://example.gov/\"\nlanguages: [nl, Engels]\n");
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("site.yaml:3:1: error: `Engels` is not a language code"), "{errors:?}");
    let out = crate::support::bin().args(["check", "--root"]).arg(site.root()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("site.yaml:3:1") && stderr.contains("languages: [nl, Engels]") && !stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
}

#[test]
fn relative_links_to_nothing_are_warned_about_at_the_link_and_the_site_is_still_built() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    site.write("content/declarations/2021-01-01-y.nl.md", &GOOD_NL.replace("Goed", "Ander"));
    site.write(
        "content/declarations/2021-01-01-x.en.md",
        &GOOD_EN.replace(
            "1. Text.",
            "1. See [y](../2021-01-01-y/index.html), [typo](../2021-01-01-z/index.html), [source](2021-01-01-y.en.md), \
             [themes](../../themes/index.html#main), ![map](map.png), [root](/en/index.html) and [mail](mailto:a@b.c).",
        ),
    );
    let c = site.compile();
    assert!(!c.diags.has_errors(), "{:#?}", crate::support::messages(&c));
    let warnings = crate::support::messages(&c);
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    let at = |col: usize, what: &str| {
        let w = warnings.iter().find(|w| w.contains(what)).unwrap_or_else(|| panic!("no `{what}` in {warnings:#?}"));
        assert!(w.starts_with(&format!("content/declarations/2021-01-01-x.en.md:5:{col}: warning: ")), "{w}");
        w.clone()
    };
    // A slug one letter off: the nearest name in that folder.
    let typo = at(41, "link to `../2021-01-01-z/index.html` leads to no file of the site (`en/declarations/2021-01-01-z`)");
    assert!(typo.contains("did you mean `../2021-01-01-x/index.html`?"), "{typo}");
    let source = at(77, "link to `2021-01-01-y.en.md` leads to no file of the site");
    assert!(source.contains("link a declaration with `[[slug]]`"), "{source}");
    at(147, "link to `map.png` leads to no file of the site");
    let root = at(164, "link to `/en/index.html` starts at the server root");
    assert!(root.contains("write it relative to the page, `../../index.html`"), "{root}");
    // The site is there all the same, and the links that lead somewhere from the
    // declaration's page do from its parallel view, a folder down, too.
    let parallel = crate::support::page(&c, "en/declarations/2021-01-01-x/parallel/index.html");
    assert!(parallel.contains("href=\"../../2021-01-01-y/index.html\""), "{parallel}");
    let broken: Vec<String> = diptych::linkcheck::check(&c.outputs).broken.into_iter().map(|b| format!("{}: {}", b.page, b.link)).collect();
    assert!(!broken.iter().any(|b| b.contains("2021-01-01-y/") || b.contains("themes/index.html")), "{broken:#?}");
    assert!(broken.contains(&"nl/declarations/2021-01-01-x/parallel/index.html: ../../2021-01-01-z/index.html".to_string()), "{broken:#?}");
    // A file published beside the declaration (a bundle) is a file of the site.
    let bundled = TempSite::new();
    for (from, to) in [
        ("content/declarations/2021-01-01-x.nl.md", "content/declarations/2021-01-01-x/index.nl.md"),
        ("content/declarations/2021-01-01-x.en.md", "content/declarations/2021-01-01-x/index.en.md"),
        ("content/declarations/2021-01-01-y.nl.md", "content/declarations/2021-01-01-y.nl.md"),
    ] {
        bundled.write(to, &std::fs::read_to_string(site.root().join(from)).unwrap());
    }
    bundled.write("content/declarations/2021-01-01-x/map.png", "png");
    let warnings = crate::support::messages(&bundled.compile());
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(!warnings.iter().any(|w| w.contains("map.png")), "{warnings:#?}");
}

#[test]
fn a_translation_that_does_not_parse_is_reported_alone_and_front_matter_ids_are_suggested_bare() {
    let site = TempSite::new();
    // The Dutch file holds the shared fields, and its YAML is broken (`#` starts a comment).
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("parties: [be]", "parties: [be]\nthemes: [#energy]"));
    site.write("content/declarations/2021-01-01-x.en.md", GOOD_EN);
    let errors = site.errors();
    assert_eq!(errors.len(), 1, "no `has no date in any translation` for the English file: {errors:#?}");
    assert!(
        errors[0].starts_with("content/declarations/2021-01-01-x.nl.md:6:10: error: invalid YAML: `#` starts a comment here"),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("without the `#` of annotations"), "{}", errors[0]);
    // A misspelt id in front matter: the fix is the bare id, as YAML wants it there.
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("parties: [be]", "parties: [be]\nthemes: [enrgy]"));
    let e = one_error(&site);
    assert!(e.contains("error: unknown theme `enrgy`") && e.contains("did you mean `energy`?"), "{e}");
    // In an annotation, with its sigil.
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("#energy", "#enrgy"));
    let e = one_error(&site);
    assert!(e.contains("error: unknown theme `#enrgy`") && e.contains("did you mean `#energy`?"), "{e}");
}

#[test]
fn an_annotation_that_ends_the_first_paragraph_of_a_longer_list_item_says_to_move_it() {
    let site = TempSite::new();
    site.write(
        "content/declarations/2021-01-01-x.nl.md",
        &GOOD_NL.replace("1. Tekst. {§1 #energy @be}", "1. Tekst. {§1 #energy @be}\n\n   Nog een alinea van hetzelfde punt."),
    );
    let e = one_error(&site);
    assert!(e.starts_with("content/declarations/2021-01-01-x.nl.md:9:11: error: `{` in the text is not a valid annotation"), "{e}");
    assert!(e.contains("move it after the item's last paragraph"), "{e}");
    assert!(!e.contains("escape it"), "{e}");
    // Moved there, it is the item's.
    site.write(
        "content/declarations/2021-01-01-x.nl.md",
        &GOOD_NL.replace("1. Tekst. {§1 #energy @be}", "1. Tekst.\n\n   Nog een alinea van hetzelfde punt. {§1 #energy @be}"),
    );
    assert!(site.errors().is_empty(), "{:#?}", site.errors());
}

#[test]
fn a_base_url_that_pages_cannot_be_appended_to_is_an_error() {
    for (base, says) in [
        ("https://www.example.gov/verklaringen/?x=1", "`base_url` has a query (`?x=1`)"),
        ("https://www.example.gov/v/#top", "`base_url` has a fragment (`#top`)"),
        ("https:///verklaringen/", "`base_url` has no host name"),
        ("/verklaringen/", "`base_url` must be an absolute http(s) URL"),
    ] {
        let site = TempSite::new();
        site.write("site.yaml", &format!("title: {{ nl: T, en: T }}\nbase_url: \"{base}\"\nlanguages: [nl, en]\n"));
        site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
        let e = one_error(&site);
        assert!(e.starts_with(&format!("site.yaml:2:1: error: {says}")), "{base}: {e}");
    }
}

#[test]
fn a_party_kind_that_is_not_one_of_the_three_is_warned_of() {
    let site = TempSite::new();
    site.write(
        "content/parties.yaml",
        "be: { name: { nl: België, en: Belgium } }\nwal: { name: { nl: Wallonië, en: Wallonia }, kind: regio, part_of: be }\n",
    );
    site.write("content/declarations/2021-01-01-x.nl.md", GOOD_NL);
    let messages = crate::support::messages(&site.compile());
    assert_eq!(messages.len(), 1, "{messages:#?}");
    assert!(
        messages[0].starts_with("content/parties.yaml:2:52: warning: party kind `regio` is not one of `state`, `region`, `organisation`"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("did you mean `region`?"), "{}", messages[0]);
}

#[test]
fn a_footnote_without_text_or_with_a_space_before_its_colon_is_an_error() {
    let site = TempSite::new();
    let text = GOOD_NL.replace(
        "1. Tekst. {§1 #energy @be}\n",
        "1. Tekst[^1] en meer[^2]. {§1 #energy @be}\n\n2. Verder[^3]. {§2 #energy @be}\n\n[^1]: Eerste noot.\n[^2] : Tweede noot.\n",
    );
    site.write("content/declarations/2021-01-01-x.nl.md", &text);
    let errors = site.errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    // The reference whose text has a space before its colon, said so.
    assert!(errors[0].starts_with("content/declarations/2021-01-01-x.nl.md:9:21: error: footnote `[^2]` has no text"), "{}", errors[0]);
    assert!(errors[0].contains("remove the space before the colon"), "{}", errors[0]);
    assert!(errors[1].starts_with("content/declarations/2021-01-01-x.nl.md:11:10: error: footnote `[^3]` has no text"), "{}", errors[1]);
    assert!(errors[1].ends_with("add its text at the end, on a line of its own: `[^3]: …`, or remove the reference"), "{}", errors[1]);
    assert!(
        errors[2].starts_with("content/declarations/2021-01-01-x.nl.md:14:1: error: `[^2]` is not read as a footnote"),
        "{}",
        errors[2]
    );
    // Written right, and escaped as text: no error.
    site.write(
        "content/declarations/2021-01-01-x.nl.md",
        &GOOD_NL
            .replace("1. Tekst.", "1. Tekst[^a] en \\[^b] als tekst.")
            .replace("{§1 #energy @be}\n", "{§1 #energy @be}\n\n[^a]: Noot.\n"),
    );
    assert!(site.errors().is_empty(), "{:#?}", site.errors());
}

#[test]
fn a_space_after_a_sign_or_inside_a_cross_reference_is_told_to_go() {
    let site = TempSite::new();
    site.write("content/declarations/2021-01-01-x.nl.md", &GOOD_NL.replace("{§1 #energy @be}", "{§ 1 # energy @be}"));
    site.write("content/declarations/2021-02-02-y.nl.md", &GOOD_NL.replace("1. Tekst.", "1. Zie [[2021-01-01-x §1]]."));
    let errors = site.errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].starts_with("content/declarations/2021-01-01-x.nl.md:9:12: error: `§ 1`: a space after `§`"), "{}", errors[0]);
    assert!(errors[0].ends_with("help: write `§1`, without the space"), "{}", errors[0]);
    assert!(
        errors[1].contains("error: `# energy`: a space after `#`") && errors[1].ends_with("write `#energy`, without the space"),
        "{}",
        errors[1]
    );
    assert!(errors[2].contains("not a valid cross-reference: write `2021-01-01-x§1`, without spaces"), "{}", errors[2]);
}
