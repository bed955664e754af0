//! How two kinds of setting are written: a list as `5,5` or `[5, 5]`, and a
//! setting left to the config as `auto`. Used by [`super::Config`]'s serde.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A list written as a JSON list `[5, 5]` or a word `"5,5"` (empty: no items).
pub(super) fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr + serde::de::DeserializeOwned,
    T::Err: fmt::Display,
{
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|v| serde_json::from_value(v).map_err(D::Error::custom))
            .collect(),
        serde_json::Value::String(s) => s
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(|t| {
                t.parse::<T>()
                    .map_err(|e| D::Error::custom(format!("'{t}': {e}")))
            })
            .collect(),
        other => Err(D::Error::custom(crate::t!("engine.list", got = other))),
    }
}

/// The word of a setting left to the config ([`Config::loss`], [`Config::output`]).
pub const AUTO: &str = "auto";

/// `Option<T>` written as T's word, or [`AUTO`] for None.
pub(super) mod auto {
    use std::fmt::Display;
    use std::str::FromStr;

    use serde::{Deserialize, Deserializer, Serializer};

    use super::AUTO;

    pub fn serialize<T: Display, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(x) => s.collect_str(x),
            None => s.serialize_str(AUTO),
        }
    }

    pub fn deserialize<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr<Err = String>,
        D: Deserializer<'de>,
    {
        let s = String::deserialize(d)?;
        if s.trim().eq_ignore_ascii_case(AUTO) {
            Ok(None)
        } else {
            s.parse().map(Some).map_err(serde::de::Error::custom)
        }
    }
}
