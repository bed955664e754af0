//! Settings written as words: `leaky-relu:0.2`, `uniform:0:1`, `norm:1`.
//!
//! Enums that carry parameters are read and written in this one form in config
//! files, `--set` overrides and URL hashes. [`word_serde!`] gives such a type serde
//! support through its `FromStr` and `Display`.
//!
//! A closed set of such values is a [`Vocabulary`]: the type lists, in its own file,
//! every value a menu offers with its label, once; menus, sweeps and tests read that
//! list.

use std::fmt;
use std::str::FromStr;

/// The values of a type a menu offers, each with its label, listed once in the
/// type's own file. A value's word is its `Display`, and `FromStr` reads it back.
pub trait Vocabulary: Copy + PartialEq + fmt::Debug + fmt::Display + FromStr + 'static {
    /// Every value a menu offers, in the menu's order, with its label.
    const MENU: &'static [(Self, &'static str)];

    /// The listed values, in order.
    fn values() -> Vec<Self> {
        Self::MENU.iter().map(|&(v, _)| v).collect()
    }

    /// What a menu's option for `self` holds: its word, unless the type says otherwise.
    fn option(self) -> String {
        self.to_string()
    }

    /// The menu as (option, label) pairs, in order: a page's select.
    fn options() -> Vec<(String, String)> {
        Self::MENU
            .iter()
            .map(|&(v, label)| (v.option(), label.to_string()))
            .collect()
    }
}

/// `Display` for a type whose word is its serde name (a unit-variant enum).
pub fn write_serde_word<T: serde::Serialize>(v: &T, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => f.write_str(&s),
        _ => Err(fmt::Error),
    }
}

/// `FromStr` for a type whose word is its serde name, with serde's message.
pub fn parse_serde_word<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|e| crate::engine::settings::serde_text(&e.to_string()))
}

/// Words as a sentence lists them, for help and error texts: "a, b or c".
pub fn or_list(words: &[impl AsRef<str>]) -> String {
    let words: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            crate::t!("engine.or", rest = rest.join(", "), last = last)
        }
        _ => words.concat(),
    }
}

/// Checks a vocabulary: every listed value's word reads back as the value, and no
/// value, word, option or label is listed twice.
#[cfg(test)]
pub fn assert_vocabulary<T: Vocabulary>() {
    let menu = T::MENU;
    assert!(!menu.is_empty());
    for (i, &(v, label)) in menu.iter().enumerate() {
        let word = v.to_string();
        assert_eq!(word.parse::<T>().ok(), Some(v), "{word} reads back");
        for &(w, l) in &menu[..i] {
            assert!(w != v, "{v:?} listed twice");
            assert_ne!(w.to_string(), word, "word {word} listed twice");
            assert_ne!(w.option(), v.option(), "option {} listed twice", v.option());
            assert_ne!(l, label, "label {label} listed twice");
        }
    }
}

/// A word split into its name and numeric parameters: `"uniform:0:1"` → ("uniform", [0, 1]).
pub fn split_word(s: &str) -> Result<(String, Vec<f64>), String> {
    let mut parts = s.trim().split(':');
    let name = parts
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
        .replace('_', "-");
    let mut params = Vec::new();
    for p in parts {
        let v: f64 = p
            .trim()
            .parse()
            .map_err(|_| crate::t!("engine.word.not-number", part = p, word = s))?;
        params.push(v);
    }
    Ok((name, params))
}

/// Checks the parameter count of a parsed word.
pub fn expect_params(name: &str, params: &[f64], min: usize, max: usize) -> Result<(), String> {
    if params.len() < min || params.len() > max {
        let got = params.len();
        return Err(if min == max {
            crate::t!("engine.word.params", name = name, want = min, got = got)
        } else {
            crate::t!(
                "engine.word.params-range",
                name = name,
                min = min,
                max = max,
                got = got
            )
        });
    }
    Ok(())
}

/// Implements serde's Serialize/Deserialize for a type through Display/FromStr.
#[macro_export]
macro_rules! word_serde {
    ($t:ty) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn or_list_reads_as_a_sentence() {
        assert_eq!(or_list(&["a", "b", "c"]), "a, b or c");
        assert_eq!(or_list(&["a", "b"]), "a or b");
        assert_eq!(or_list(&["a"]), "a");
        assert_eq!(or_list(&[] as &[&str]), "");
    }

    #[test]
    fn splits_names_and_numbers() {
        assert_eq!(
            split_word("Uniform:0:1").unwrap(),
            ("uniform".into(), vec![0.0, 1.0])
        );
        assert_eq!(
            split_word("leaky_relu").unwrap(),
            ("leaky-relu".into(), vec![])
        );
        assert!(split_word("norm:x").unwrap_err().contains("'x'"));
        assert!(expect_params("norm", &[], 1, 1)
            .unwrap_err()
            .contains("takes 1"));
    }
}
