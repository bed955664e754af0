//! Settings written as words: `leaky-relu:0.2`, `uniform:0:1`, `norm:1`.
//!
//! Enums that carry parameters are read and written in this one form in config
//! files, `--set` overrides and URL hashes. [`word_serde!`] gives such a type serde
//! support through its `FromStr` and `Display`.

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
            .map_err(|_| format!("'{p}' in '{s}' is not a number"))?;
        params.push(v);
    }
    Ok((name, params))
}

/// Checks the parameter count of a parsed word.
pub fn expect_params(name: &str, params: &[f64], min: usize, max: usize) -> Result<(), String> {
    if params.len() < min || params.len() > max {
        let want = if min == max {
            format!("{min}")
        } else {
            format!("{min} to {max}")
        };
        return Err(format!(
            "'{name}' takes {want} parameter(s), got {}",
            params.len()
        ));
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
