//! The floating-point type a run trains in, written `f32` or `f64`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::words::{parse_serde_word, write_serde_word, Vocabulary};

/// The floating-point type a run trains in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    F32,
    F64,
}

impl fmt::Display for Precision {
    /// The word configs and URLs use: serde's name ("f32").
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_serde_word(self, f)
    }
}

impl FromStr for Precision {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_serde_word(s)
    }
}

impl Vocabulary for Precision {
    const MENU: &'static [(Self, &'static str)] = &[
        (Precision::F32, "float32 (as Keras)"),
        (Precision::F64, "float64"),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_reads_back_without_repeats() {
        crate::engine::words::assert_vocabulary::<Precision>();
        assert_eq!(Precision::F32.to_string(), "f32");
        assert_eq!(serde_json::to_string(&Precision::F64).unwrap(), "\"f64\"");
    }
}
