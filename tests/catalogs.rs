//! The message catalogs: every language has every key the English page and command
//! line use, with the same placeholders, and every plural form its language needs.

use std::collections::BTreeMap;

use gradient_lab::lang::{self, catalog::placeholders, Catalog, Form, Lang};
use gradient_lab::scenes;

fn catalog(lang: Lang) -> &'static Catalog {
    lang::catalog(lang).unwrap_or_else(|| panic!("{lang:?}'s catalog reads"))
}

/// A counted key's base and form: `clip.acted.few` → ("clip.acted", Few).
fn counted(key: &str) -> Option<(&str, Form)> {
    let (base, form) = key.rsplit_once('.')?;
    Some((base, Form::from_word(form)?))
}

/// Every English text by key: the English catalog's and the scenes' tables'.
fn english() -> BTreeMap<String, String> {
    let mut all: BTreeMap<String, String> = catalog(Lang::En)
        .entries()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    for (key, text) in scenes::texts() {
        assert!(
            all.insert(key.clone(), text.to_string()).is_none(),
            "{key} is both in a table and in the English catalog"
        );
    }
    all
}

/// The keys a language must write: English's, with each counted message in the
/// language's own forms.
fn expected_keys(lang: Lang, english: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut keys = BTreeMap::new();
    for (key, text) in english {
        match counted(key) {
            Some((base, _)) => {
                for form in lang.forms() {
                    keys.insert(format!("{base}.{}", form.word()), text.clone());
                }
            }
            None => {
                keys.insert(key.clone(), text.clone());
            }
        }
    }
    keys
}

#[test]
fn every_catalog_reads() {
    for lang in Lang::ALL {
        let text = lang.built_in().expect("built in natively");
        if let Err(e) = Catalog::parse(text) {
            panic!("{lang:?}: {e}");
        }
    }
}

#[test]
fn every_language_has_every_key_and_no_other() {
    let english = english();
    for lang in [Lang::Uk, Lang::Ru] {
        let want = expected_keys(lang, &english);
        let have: BTreeMap<&str, &str> = catalog(lang).entries().collect();
        let missing: Vec<&String> = want
            .keys()
            .filter(|k| !have.contains_key(k.as_str()))
            .collect();
        let extra: Vec<&&str> = have.keys().filter(|k| !want.contains_key(**k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang:?}: {} keys missing, e.g. {:?}; {} keys no other catalog has, e.g. {:?}",
            missing.len(),
            &missing[..missing.len().min(8)],
            extra.len(),
            &extra[..extra.len().min(8)]
        );
    }
}

#[test]
fn english_counted_messages_have_both_forms() {
    let english = english();
    for key in english.keys() {
        if let Some((base, _)) = counted(key) {
            for form in Lang::En.forms() {
                let k = format!("{base}.{}", form.word());
                assert!(english.contains_key(&k), "{k} is missing beside {key}");
            }
        }
    }
}

#[test]
fn every_translation_fills_the_same_placeholders() {
    let english = english();
    for lang in [Lang::Uk, Lang::Ru] {
        for (key, text) in catalog(lang).entries() {
            let base = counted(key).map_or(key, |(b, _)| b);
            // The English of a counted key: its `other` form names every placeholder.
            let en = english
                .get(key)
                .or_else(|| english.get(&format!("{base}.other")))
                .unwrap_or_else(|| panic!("{lang:?}: {key} has no English"));
            let mut want = placeholders(en);
            let mut got = placeholders(text);
            want.sort_unstable();
            got.sort_unstable();
            // A `one` form may write the number as a word ("одна"), leaving {n} out.
            if counted(key).is_some() {
                want.retain(|p| *p != "n");
                got.retain(|p| *p != "n");
            }
            assert_eq!(got, want, "{lang:?}: {key}: {text:?} against {en:?}");
        }
    }
}

#[test]
fn no_translation_is_left_empty_or_in_english() {
    let english = english();
    for lang in [Lang::Uk, Lang::Ru] {
        for (key, text) in catalog(lang).entries() {
            assert!(!text.trim().is_empty(), "{lang:?}: {key} is empty");
            // Placeholders ({epochs}) are names, not words a person reads.
            let mut words = String::new();
            let mut depth = 0;
            for c in text.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    c if depth == 0 => words.push(c),
                    _ => {}
                }
            }
            let has_latin_words = words
                .split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() > 3 && w.chars().all(|c| c.is_ascii_lowercase()));
            // Method names the lectures write in Latin letters may stand alone.
            let a_term = ["tanh", "dropout"].contains(&words.trim());
            if english.get(key).is_some_and(|en| en == text) && has_latin_words && !a_term {
                panic!("{lang:?}: {key} is still English: {text:?}");
            }
        }
    }
}
