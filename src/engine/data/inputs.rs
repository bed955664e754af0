//! Input features, as in TensorFlow Playground: the columns a 2-D data set is fed
//! to the network as, computed from its raw coordinates (x1, x2).
//!
//! Each feature is defined once, in [`Input::MENU`] (its word and label) and
//! [`Input::value`] (its formula). An empty list means the raw columns untouched,
//! so a run that does not ask for features sees the very same numbers as before.

use std::fmt;
use std::str::FromStr;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::engine::words::{parse_serde_word, write_serde_word, Vocabulary};

/// One input column computed from a point (x1, x2). Written as its word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Input {
    #[serde(rename = "x1")]
    X1,
    #[serde(rename = "x2")]
    X2,
    #[serde(rename = "x1sq")]
    X1Squared,
    #[serde(rename = "x2sq")]
    X2Squared,
    #[serde(rename = "x1x2")]
    X1TimesX2,
    #[serde(rename = "sin-x1")]
    SinX1,
    #[serde(rename = "sin-x2")]
    SinX2,
}

impl Input {
    /// The feature's value at the point (x1, x2).
    pub fn value(self, x1: f64, x2: f64) -> f64 {
        match self {
            Input::X1 => x1,
            Input::X2 => x2,
            Input::X1Squared => x1 * x1,
            Input::X2Squared => x2 * x2,
            Input::X1TimesX2 => x1 * x2,
            // libm, as the generators use, so the page and the command line agree.
            Input::SinX1 => libm::sin(x1),
            Input::SinX2 => libm::sin(x2),
        }
    }

    /// The label the page shows for it.
    pub fn label(self) -> &'static str {
        Self::MENU
            .iter()
            .find(|(v, _)| *v == self)
            .map_or("", |(_, l)| l)
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_serde_word(self, f)
    }
}

impl FromStr for Input {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_serde_word(s).map_err(|_| {
            let words: Vec<String> = Self::values().iter().map(|v| v.to_string()).collect();
            // The list parser names the word; this says what would do.
            crate::t!(
                "engine.unknown.input",
                known = crate::engine::words::or_list(&words)
            )
        })
    }
}

impl Vocabulary for Input {
    const MENU: &'static [(Self, &'static str)] = &[
        (Input::X1, "x₁"),
        (Input::X2, "x₂"),
        (Input::X1Squared, "x₁²"),
        (Input::X2Squared, "x₂²"),
        (Input::X1TimesX2, "x₁x₂"),
        (Input::SinX1, "sin x₁"),
        (Input::SinX2, "sin x₂"),
    ];
}

/// The inputs a run feeds its network: `inputs`, or both raw columns when empty.
pub fn chosen(inputs: &[Input]) -> Vec<Input> {
    if inputs.is_empty() {
        vec![Input::X1, Input::X2]
    } else {
        inputs.to_vec()
    }
}

/// `rows` points of 2 columns, row-major, as the chosen columns (row-major too).
/// With no inputs chosen, the points are returned as they are.
pub fn expand_rows(inputs: &[Input], x: &[f64], rows: usize) -> Vec<f64> {
    if inputs.is_empty() {
        return x.to_vec();
    }
    let mut out = Vec::with_capacity(rows * inputs.len());
    for p in x.chunks_exact(2).take(rows) {
        out.extend(inputs.iter().map(|i| i.value(p[0], p[1])));
    }
    out
}

/// A 2-column matrix as the chosen columns; unchanged with no inputs chosen.
pub fn expand(inputs: &[Input], x: &Array2<f64>) -> Array2<f64> {
    if inputs.is_empty() {
        return x.clone();
    }
    Array2::from_shape_fn((x.nrows(), inputs.len()), |(r, j)| {
        inputs[j].value(x[[r, 0]], x[[r, 1]])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::words::assert_vocabulary;

    #[test]
    fn every_feature_has_its_value_at_known_points() {
        let at = |i: Input, x1: f64, x2: f64| i.value(x1, x2);
        assert_eq!(at(Input::X1, 0.5, -2.0), 0.5);
        assert_eq!(at(Input::X2, 0.5, -2.0), -2.0);
        assert_eq!(at(Input::X1Squared, -3.0, 2.0), 9.0);
        assert_eq!(at(Input::X2Squared, -3.0, 2.0), 4.0);
        assert_eq!(at(Input::X1TimesX2, -3.0, 2.0), -6.0);
        assert_eq!(at(Input::SinX1, std::f64::consts::FRAC_PI_2, 0.0), 1.0);
        assert_eq!(at(Input::SinX2, 1.0, 0.0), 0.0);
        assert!((at(Input::SinX2, 0.0, -std::f64::consts::FRAC_PI_6) + 0.5).abs() < 1e-15);
    }

    #[test]
    fn words_read_back_and_name_the_known_ones_when_wrong() {
        assert_vocabulary::<Input>();
        let words: Vec<String> = Input::values().iter().map(|i| i.to_string()).collect();
        assert_eq!(
            words,
            ["x1", "x2", "x1sq", "x2sq", "x1x2", "sin-x1", "sin-x2"]
        );
        let e = "x3".parse::<Input>().unwrap_err();
        assert!(
            e.starts_with("unknown input (known: x1, x2,") && e.contains("sin-x2"),
            "{e}"
        );
        assert_eq!(Input::X1Squared.label(), "x₁²");
    }

    #[test]
    fn expansion_orders_columns_as_listed_and_leaves_raw_points_alone() {
        let x = Array2::from_shape_vec((2, 2), vec![1.0, 2.0, -0.5, 3.0]).unwrap();
        let inputs = [Input::X2Squared, Input::X1, Input::X1TimesX2];
        let e = expand(&inputs, &x);
        assert_eq!(e.shape(), &[2, 3]);
        assert_eq!(e.as_slice().unwrap(), &[4.0, 1.0, 2.0, 9.0, -0.5, -1.5]);
        let flat = expand_rows(&inputs, x.as_slice().unwrap(), 2);
        assert_eq!(flat, e.as_slice().unwrap());
        assert_eq!(expand(&[], &x), x);
        assert_eq!(expand_rows(&[], &[1.0, 2.0], 1), vec![1.0, 2.0]);
        assert_eq!(chosen(&[]), vec![Input::X1, Input::X2]);
    }
}
