//! The one config contract: settings read and written as `key=value` words.
//!
//! Every scene's config and the page settings implement [`Settings`]: set one setting
//! from its written form (the URL hash, `--set`, a control), list every setting as
//! words (for links), and check the whole. [`Settings::validate`] is the only way to a
//! [`Checked`] value, so code that takes a `Checked<T>` never checks again.
//!
//! For flat serde types, [`set_by_key`], [`pairs_of`] and [`keys_of`] do the work: a
//! value is read as the field's JSON type (number, bool or a word), so every way in
//! accepts the same words.

use std::fmt;
use std::ops::Deref;

use serde::Serialize;

/// A bad setting: which one, what it was, and what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    pub field: String,
    pub value: String,
    pub reason: String,
}

impl ConfigError {
    pub fn new(field: &str, value: impl fmt::Display, reason: impl Into<String>) -> Self {
        ConfigError {
            field: field.to_string(),
            value: value.to_string(),
            reason: reason.into(),
        }
    }

    /// The reason, short enough for a note: an unknown key does not list every known one.
    pub fn short_reason(&self) -> &str {
        // The list begins where `engine.setting.known` puts it after the reason.
        let template = crate::t!("engine.setting.known");
        let marker = template
            .split_once("{reason}")
            .and_then(|(_, rest)| rest.split_once("{keys}"))
            .map_or(" (known:", |(m, _)| m.trim_end());
        match self.reason.split_once(marker) {
            Some((head, _)) if !marker.is_empty() => head,
            _ => &self.reason,
        }
    }
}

/// "lr: must be in (0, 100] (got '-1')": the value as it was written (no decimal comma).
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = crate::t!(
            "engine.config-error",
            field = self.field,
            reason = self.reason
        );
        f.write_str(&as_written(text, &[("value", &self.value)]))
    }
}

/// A message's `{name}` placeholders left by [`crate::t!`] filled with words as they
/// are written (a setting's value, `lr=0.5`), without the language's decimal mark.
pub fn as_written(mut text: String, words: &[(&str, &str)]) -> String {
    for (name, word) in words {
        text = text.replacen(&format!("{{{name}}}"), word, 1);
    }
    text
}

/// "lr=-1 not applied: lr: must be in (0, 100] (got '-1')", in the current language.
pub fn not_applied(key: &str, value: &str, why: &dyn fmt::Display) -> String {
    as_written(
        crate::t!("engine.not-applied", why = why),
        &[("key", key), ("value", value)],
    )
}

impl std::error::Error for ConfigError {}

/// A value that passed [`Settings::validate`].
#[derive(Clone, Debug, PartialEq)]
pub struct Checked<T>(T);

impl<T> Deref for Checked<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Settings> Checked<T> {
    /// This value with one more setting, checked as a whole; on error `self` is kept.
    pub fn with(&self, key: &str, value: &str) -> Result<Checked<T>, ConfigError> {
        let mut next = self.0.clone();
        next.set(key, value)?;
        next.validate()
    }

    pub fn into_inner(self) -> T {
        self.0
    }
}

/// Settings that are read and written as words.
pub trait Settings: Clone + PartialEq + fmt::Debug {
    /// Sets one setting from its written form: `set("lr", "0.1")`, `set("clip", "norm:1")`.
    /// The error names the setting and the value; on error nothing changes.
    fn set(&mut self, key: &str, value: &str) -> Result<(), ConfigError>;

    /// Every setting in its written form, sorted by key (for links and listings).
    fn to_pairs(&self) -> Vec<(String, String)>;

    /// Checks every setting and their combinations; the error names the first bad one.
    fn check(&self) -> Result<(), ConfigError>;

    /// The only way to a [`Checked`] value.
    fn validate(&self) -> Result<Checked<Self>, ConfigError> {
        self.check()?;
        Ok(Checked(self.clone()))
    }

    /// The settings whose written form differs from `base`'s, in key order.
    fn changes_from(&self, base: &Self) -> Vec<(String, String)> {
        let old = base.to_pairs();
        self.to_pairs()
            .into_iter()
            .filter(|(k, v)| old.iter().find(|(ok, _)| ok == k).map(|(_, ov)| ov) != Some(v))
            .collect()
    }
}

/// Sets the field `key` of any flat serde settings type from its written form:
/// the value is read as the field's JSON type (number, bool, or a word).
/// A `-` in the key reads as `_` (`batch-norm` is `batch_norm`).
pub fn set_by_key<T: Serialize + serde::de::DeserializeOwned>(
    target: &mut T,
    key: &str,
    value: &str,
) -> Result<(), ConfigError> {
    let key = key.trim().replace('-', "_");
    let mut map = match serde_json::to_value(&*target) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => unreachable!("settings types serialize to an object"),
    };
    let Some(old) = map.get(&key) else {
        return Err(ConfigError::new(
            &key,
            value,
            crate::t!(
                "engine.setting.known",
                reason = crate::t!("engine.setting.unknown"),
                keys = keys_of(&*target).join(", ")
            ),
        ));
    };
    let v = value.trim();
    let new = match old {
        serde_json::Value::Number(_) => match number(v) {
            Some(n) => serde_json::Value::Number(n),
            None => {
                return Err(ConfigError::new(
                    &key,
                    value,
                    crate::t!("engine.setting.number"),
                ))
            }
        },
        serde_json::Value::Bool(_) => match v.to_ascii_lowercase().as_str() {
            "true" | "on" | "yes" | "1" => serde_json::Value::Bool(true),
            "false" | "off" | "no" | "0" => serde_json::Value::Bool(false),
            _ => {
                return Err(ConfigError::new(
                    &key,
                    value,
                    crate::t!("engine.setting.bool"),
                ))
            }
        },
        _ => serde_json::Value::String(v.to_string()),
    };
    map.insert(key.clone(), new);
    *target = serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| ConfigError::new(&key, value, serde_reason(&e)))?;
    Ok(())
}

/// A number written as JSON writes one (`-0.5`, `3e-7`; not `+5`, `.5`, `inf`), read
/// to the nearest float by Rust's own parser: exact, and the same natively and in the
/// browser (serde_json's exact parser, its `float_roundtrip` feature, would add some
/// 13 KiB gzipped to the page).
fn number(v: &str) -> Option<serde_json::Number> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let body = v.strip_prefix('-').unwrap_or(v);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let json = digits(int)
        && (int == "0" || !int.starts_with('0'))
        && frac.is_none_or(digits)
        && exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    if !json {
        return None;
    }
    if frac.is_none() && exponent.is_none() {
        if let Ok(i) = v.parse::<i64>() {
            return Some(i.into());
        }
        if let Ok(u) = v.parse::<u64>() {
            return Some(u.into());
        }
    }
    serde_json::Number::from_f64(v.parse::<f64>().ok()?)
}

/// The field names of a flat serde settings type, sorted.
pub fn keys_of<T: Serialize>(value: &T) -> Vec<String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Every field of a flat serde settings type in its written form.
pub fn pairs_of<T: Serialize>(value: &T) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(m)) = serde_json::to_value(value) else {
        return Vec::new();
    };
    m.into_iter()
        .map(|(k, v)| {
            let s = match v {
                serde_json::Value::String(s) => s,
                serde_json::Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                    .collect::<Vec<_>>()
                    .join(","),
                // A whole float reads as one in a URL: lr=10, not lr=10.0.
                serde_json::Value::Number(n) => match n.as_f64() {
                    Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e15 => {
                        format!("{}", f as i64)
                    }
                    _ => n.to_string(),
                },
                other => other.to_string(),
            };
            (k, s)
        })
        .collect()
}

/// serde's message without its "at line 1 column 9" tail.
pub fn serde_reason(e: &serde_json::Error) -> String {
    let m = e.to_string();
    serde_text(m.split(" at line").next().unwrap_or(&m))
}

/// serde's "unknown variant `x`, expected one of `a`, `b`" in the current language;
/// any other message of serde's as it is.
pub fn serde_text(m: &str) -> String {
    let parts = m
        .strip_prefix("unknown variant `")
        .and_then(|rest| rest.split_once("`, expected "));
    let Some((word, expected)) = parts else {
        return m.to_string();
    };
    let (key, known) = match expected.strip_prefix("one of ") {
        Some(list) => ("engine.serde.variant", list),
        None => ("engine.serde.variant-one", expected),
    };
    // Only a message the English template writes back exactly is translated.
    let english = crate::lang::with(crate::lang::Lang::En, || {
        as_written(
            crate::t!(key).to_string(),
            &[("word", word), ("known", known)],
        )
    });
    if english != m {
        return m.to_string();
    }
    as_written(
        crate::t!(key).to_string(),
        &[("word", word), ("known", known)],
    )
}

/// Implements [`Settings`] for a flat serde type whose inherent `check` holds its rules.
#[macro_export]
macro_rules! flat_settings {
    ($t:ty) => {
        impl $crate::engine::settings::Settings for $t {
            fn set(
                &mut self,
                key: &str,
                value: &str,
            ) -> Result<(), $crate::engine::settings::ConfigError> {
                $crate::engine::settings::set_by_key(self, key, value)
            }
            fn to_pairs(&self) -> Vec<(String, String)> {
                $crate::engine::settings::pairs_of(self)
            }
            fn check(&self) -> Result<(), $crate::engine::settings::ConfigError> {
                <$t>::rules(self)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn serde_s_unknown_variant_is_translated_and_english_kept() {
        use crate::engine::data::DataKind;
        use crate::lang::{with, Lang};
        let en = "bogus".parse::<DataKind>().unwrap_err();
        assert!(
            en.starts_with("unknown variant `bogus`, expected one of `"),
            "{en}"
        );
        let uk = with(Lang::Uk, || "bogus".parse::<DataKind>().unwrap_err());
        let list = en.split_once("one of ").unwrap().1;
        assert_eq!(
            uk,
            format!("невідоме значення «bogus», очікується одне з: {list}")
        );
        assert_eq!(serde_text("invalid type: null"), "invalid type: null");
    }

    #[derive(Serialize, Deserialize)]
    struct One {
        x: f64,
    }

    #[test]
    fn numbers_are_read_to_the_nearest_float_and_written_back_the_same() {
        for v in [
            "3.2545152039888543e-153",
            "0.1",
            "1e-320",
            "1e308",
            "2.2250738585072014e-308",
        ] {
            let mut one = One { x: 0.0 };
            set_by_key(&mut one, "x", v).unwrap();
            assert_eq!(one.x.to_bits(), v.parse::<f64>().unwrap().to_bits(), "{v}");
            let (_, written) = pairs_of(&one).remove(0);
            let mut back = One { x: 0.0 };
            set_by_key(&mut back, "x", &written).unwrap();
            assert_eq!(
                back.x.to_bits(),
                one.x.to_bits(),
                "{v} written as {written}"
            );
        }
    }

    #[test]
    fn numbers_are_written_as_json_writes_them() {
        for ok in [
            "0",
            "-0",
            "7",
            "-12",
            "0.5",
            "-0.25",
            "1e5",
            "1E-5",
            "2.5e+3",
            "18446744073709551615",
        ] {
            assert!(number(ok).is_some(), "{ok}");
        }
        for bad in [
            "", "-", "+5", ".5", "5.", "05", "1e", "1e+", "inf", "NaN", "0x10", "1_000", " 1",
            "1e400", "--1",
        ] {
            assert!(number(bad).is_none(), "{bad}");
        }
        assert_eq!(number("10"), Some(10.into()));
    }
}
