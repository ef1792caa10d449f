//! Words for the search index: tokenising, folding and stemming, in one place.
//!
//! The browser never stems: the index maps every word form of the corpus (folded) to
//! the stem it is indexed under, so a typed word or prefix is *looked up*, and the
//! stemmer at index and query time is the same one by construction. The browser only
//! folds, with the same rule as [`fold`] (decompose, drop combining marks, lowercase,
//! a few letters spelt out), implemented in `search.js` and tested against this one.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lowercase, diacritics removed: `België` → `belgie`, `coopération` → `cooperation`.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ı' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The words of a text, lowercased (not folded: stemmers want their accents).
/// Splits on anything that is not a letter or digit; keeps `’`/`'` elisions apart
/// (`l’Europe` → `l`, `europe`).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

/// The Snowball stemmer for a language, if there is one.
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang.split('-').next().unwrap_or(lang) {
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "da" => Algorithm::Danish,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "sv" => Algorithm::Swedish,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "fi" => Algorithm::Finnish,
        "ro" => Algorithm::Romanian,
        "hu" => Algorithm::Hungarian,
        "ru" => Algorithm::Russian,
        "tr" => Algorithm::Turkish,
        "el" => Algorithm::Greek,
        "ar" => Algorithm::Arabic,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The indexed key of a word: its stem in the text's language, folded. The language is
/// part of the key's meaning but not of its spelling: Dutch and English stems that are
/// spelt the same share postings, which is what a reader searching both wants.
pub fn stem(stemmer: Option<&Stemmer>, word: &str) -> String {
    match stemmer {
        // Digits and very short words are not stemmed.
        Some(s) if word.chars().count() > 3 && !word.chars().any(|c| c.is_ascii_digit()) => fold(&s.stem(word)),
        _ => fold(word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_diacritics_in_all_three_languages() {
        assert_eq!(fold("België"), "belgie");
        assert_eq!(fold("coopération"), "cooperation");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Œuvre"), "oeuvre");
        assert_eq!(fold("NAVO"), "navo");
    }

    #[test]
    fn tokenising() {
        let w: Vec<String> = words("Het VK-EU-kader, l’Europe en 2021.").collect();
        assert_eq!(w, ["het", "vk", "eu", "kader", "l", "europe", "en", "2021"]);
    }

    #[test]
    fn dutch_stemming_joins_plural_and_singular() {
        let nl = stemmer("nl");
        assert_eq!(stem(nl.as_ref(), "verklaringen"), stem(nl.as_ref(), "verklaring"));
        assert_eq!(stem(nl.as_ref(), "samenwerkingen"), stem(nl.as_ref(), "samenwerking"));
    }

    #[test]
    fn english_and_french_stemming() {
        let en = stemmer("en");
        assert_eq!(stem(en.as_ref(), "declarations"), stem(en.as_ref(), "declaration"));
        assert_eq!(stem(en.as_ref(), "cooperating"), stem(en.as_ref(), "cooperate"));
        let fr = stemmer("fr");
        assert_eq!(stem(fr.as_ref(), "coopérations"), stem(fr.as_ref(), "coopération"));
        // Folded after stemming: an unaccented query form meets the same key.
        assert_eq!(stem(fr.as_ref(), "coopération"), fold(&stem(fr.as_ref(), "coopération")));
    }

    #[test]
    fn unknown_languages_are_folded_not_stemmed() {
        assert!(stemmer("lb").is_none());
        assert_eq!(stem(None, "Lëtzebuerg"), "letzebuerg");
    }
}
